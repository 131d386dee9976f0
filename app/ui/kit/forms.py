"""Form building blocks: an error line per field, and a dialog that stays open until saved.

A ``FormDialog`` emits ``submitted`` with what the form describes and stays open; the
controller does the work and calls ``show_errors`` (the dialog keeps every value typed, errors
appear next to their fields) or ``accept``. ``submit_through`` is the one rule for such
dialogs: while a save runs, Cancel becomes Stop (Esc and the close button too), and the dialog
never vanishes under its own request; after a Stop, Jade reads back what Jira holds and says
whether the change was made.

Questions are asked without nested event loops: ``ask`` from a coroutine, ``ask_then`` from a
plain slot; both show server text literally.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiError, ValidationError
from app.ui.kit.tasks import Level, TaskRunner, error_text
from app.ui.kit.text import Tone, ToneLabel
from app.ui.kit.window_fit import grow_with_content

__all__ = [
    "CANCELLED",
    "FieldError",
    "FormDialog",
    "FormError",
    "Verdict",
    "alive",
    "answered",
    "ask",
    "ask_then",
    "required",
    "submit_through",
]

_log = logging.getLogger(__name__)

CANCELLED = "Cancelled before Jira answered; reload (F5) to see whether the change was made."
STOP_TIP = (
    "Stop waiting for Jira. Jira may already have made the change: Jade then reads it back "
    "and shows what Jira holds."
)
W = TypeVar("W", bound=QWidget)


def alive(widget: QWidget | None) -> bool:
    """Whether ``widget``'s C++ object still exists (a late answer checks before it shows)."""
    return widget is not None and shiboken6.isValid(widget)


class FieldError(ToneLabel):
    """A red, plain-text error line under one form field; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.set_tone(Tone.ERROR)
        self.setVisible(False)

    def show_text(self, text: str) -> None:
        """Show ``text`` (an empty text hides the line)."""
        self.setText(text)
        self.setVisible(bool(text))


class FormDialog(QDialog):
    """A dialog with a form whose submit goes through the controller."""

    submitted = Signal(object)
    stop_requested = Signal()  # Stop (or Esc, or the close button) while a save runs

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, FieldError] = {}
        self.holders: dict[QWidget, QWidget] = {}  # field widget -> its row (field + error line)
        self.general = FieldError(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.saving = False
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        # the dialog grows when error lines appear instead of squeezing them over the next field
        grow_with_content(self)

    def add_field(self, label: str, widget: W, *keys: str) -> W:
        """Add a row with an error line for the error keys that belong to it."""
        holder = QWidget(self)
        self.holders[widget] = holder
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = FieldError(holder)
        box.addWidget(error)
        for key in keys:
            self.errors[key] = error
        self.form.addRow(label, holder)
        return widget

    def show_errors(self, errors: dict[str, str], general: str = "") -> None:
        """Show errors next to their fields (unknown keys in the general line); re-enable."""
        self.set_busy(False)
        shown: dict[FieldError, list[str]] = {}
        rest = [general] if general else []
        for key, text in errors.items():
            if key in self.errors:
                shown.setdefault(self.errors[key], []).append(text)
            else:
                rest.append(text)
        for error in set(self.errors.values()):
            error.show_text(" ".join(shown.get(error, [])))
        self.general.show_text(" ".join(rest))
        self.adjustSize()

    def show_status(self, text: str) -> None:
        """A note in the general line that is not an error (e.g. "Reading back…")."""
        self.general.show_text(text)
        self.adjustSize()

    def set_busy(self, busy: bool) -> None:
        """While a save runs: OK is disabled and Cancel becomes Stop."""
        self.saving = busy
        self.ok_button.setEnabled(not busy)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Stop" if busy else "Cancel")
        self.cancel_button.setToolTip(STOP_TIP if busy else "")

    def set_stopping(self) -> None:
        """Stop was pressed: nothing more to press until Jira's state is known."""
        self.cancel_button.setEnabled(False)
        self.show_status("Stopped. Reading back what Jira holds…")

    def reject(self) -> None:
        """Cancel closes the dialog, except while a save runs: then it asks to stop the save."""
        if self.saving:
            if self.cancel_button.isEnabled():
                self.set_stopping()
                self.stop_requested.emit()
            return
        super().reject()

    def read_form(self) -> object:
        """What the form describes (subclasses); raise ``FormError`` for problems found here."""
        return None

    def _submit(self) -> None:
        if self.saving:
            return
        try:
            value = self.read_form()
        except FormError as error:
            self.show_errors(error.errors)
            return
        self.show_errors({})
        self.set_busy(True)
        self.submitted.emit(value)


class FormError(Exception):
    """Problems found in the form before anything is sent: field key → text."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def required(edit: QLineEdit, key: str, what: str, errors: dict[str, str]) -> str:
    """The stripped text of ``edit``, recording an error when it is empty."""
    text = edit.text().strip()
    if not text:
        errors[key] = f"{what} is required."
    return text


def _question(parent: QWidget | None, title: str, text: str, yes: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the text quotes names that come from the server
    box.setText(text)
    box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


async def answered(dialog: QDialog) -> int:
    """Show a modal dialog without a nested event loop; its result once it closes."""
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not done.done():
            done.set_result(result)

    dialog.finished.connect(finished)
    dialog.open()
    return await done


async def ask(parent: QWidget | None, title: str, text: str, yes: str = "Yes") -> bool:
    """The same question from a coroutine, without a nested event loop."""
    box = _question(parent, title, text, yes)
    try:
        await answered(box)
        return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole
    finally:
        box.deleteLater()


def ask_then(
    parent: QWidget | None,
    title: str,
    text: str,
    yes: str,
    then: Callable[[], object],
) -> QMessageBox:
    """Ask a yes/cancel question from a plain slot; ``then`` runs if the user says yes."""
    box = _question(parent, title, text, yes)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def finished(_result: int) -> None:
        if box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole:
            then()

    box.finished.connect(finished)
    box.open()
    return box


class Stoppable:
    """A save the user may stop: Stop cancels the request; its owner stopping cancels all.

    After the user's Stop the request may still have reached Jira, so the caller reads back
    what Jira holds; when the owner stops (site switch, window closed) nothing more is done.
    """

    def __init__(self, change: Awaitable[Any]) -> None:
        self.save: asyncio.Future[Any] = asyncio.ensure_future(change)
        self.stopped = False

    def stop(self) -> None:
        """The user's Stop."""
        self.stopped = True
        self.save.cancel()

    async def wait(self) -> bool:
        """True when the save ended (its errors raise), False when the user stopped it."""
        try:
            await self.save
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if self.stopped and self.save.cancelled() and not (current and current.cancelling()):
                return False
            raise
        return True


@dataclass(frozen=True, slots=True)
class Verdict:
    """What reading back found after a stopped save."""

    applied: bool | None  # True: Jira holds the change; False: it does not; None: cannot tell
    text: str = ""


def submit_through(
    dialog: FormDialog,
    change: Callable[[Any], Awaitable[object]],
    accepted: Callable[[], object],
    tasks: TaskRunner,
    *,
    label: str = "Saving",
    verify: Callable[[Any], Awaitable[Verdict]] | None = None,
) -> None:
    """Open ``dialog``; each submit goes through ``change`` as a task of ``tasks``.

    Jira's refusals stay in the dialog, next to their fields; the dialog closes only once Jira
    accepted, and then ``accepted`` runs (refreshes, which never make an accepted change look
    failed). Stop cancels the request; since Jira may have applied it already, ``verify``
    reads back what Jira holds: if the change is there the dialog closes as saved, otherwise
    it stays open with everything typed and says what it found. ``accepted`` also runs after a
    Stop, so the pane shows what Jira holds either way.
    """

    async def attempt(value: Any) -> None:
        save = Stoppable(change(value))
        stop = dialog.stop_requested.connect(save.stop)
        job = tasks.job()
        if job is not None:

            def user_stop() -> None:  # Cancel in the window's activity bar: the dialog's Stop
                if alive(dialog):
                    dialog.reject()
                else:
                    save.stop()

            job.stop_hook = user_stop
        try:
            if not await save.wait():
                await _after_stop(value)
                return
        except ValidationError as error:
            if alive(dialog):
                dialog.show_errors(error.errors, "" if error.errors else str(error))
            return
        except ApiError as error:
            if alive(dialog):
                dialog.show_errors({}, str(error))
            return
        finally:
            if alive(dialog):
                dialog.stop_requested.disconnect(stop)
        if alive(dialog):
            dialog.set_busy(False)
            dialog.accept()
        accepted()

    async def _after_stop(value: Any) -> None:
        try:
            verdict = await verify(value) if verify is not None else Verdict(None, CANCELLED)
        except ApiError as error:
            message, _details = error_text(error)
            verdict = Verdict(None, f"Stopped. Jade could not read back what Jira holds: {message}")
        accepted()
        if verdict.applied:
            tasks.notify(
                Level.INFO,
                "Saved",
                verdict.text or "Jira had already made the change when you pressed Stop.",
            )
            if alive(dialog):
                dialog.set_busy(False)
                dialog.accept()
            return
        if alive(dialog):
            dialog.show_errors(
                {},
                verdict.text
                or (
                    "Stopped. Jira did not make the change; nothing was saved."
                    if verdict.applied is False
                    else CANCELLED
                ),
            )

    dialog.submitted.connect(lambda value: tasks.spawn(label, attempt(value)))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setModal(True)
    dialog.open()
