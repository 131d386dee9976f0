"""Form building blocks: an error line per field, and a dialog that stays open until saved.

A ``FormDialog`` emits ``submitted`` with what the form describes and stays open; the
controller does the work and calls ``show_errors`` (the dialog keeps every value typed, errors
appear next to their fields) or ``accept``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiError, ValidationError

__all__ = [
    "CANCELLED",
    "ERROR_STYLE",
    "FieldError",
    "FormDialog",
    "FormError",
    "answered",
    "ask",
    "confirm",
    "parse_day",
    "required",
    "submit_through",
]

ERROR_STYLE = "color: #d32f2f;"
CANCELLED = "Cancelled before Jira answered; reload (F5) to see whether the change was made."
W = TypeVar("W", bound=QWidget)


def parse_day(text: str) -> date | None:
    """A ``YYYY-MM-DD`` date, None for an empty field; ValueError with a readable text otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a date; use YYYY-MM-DD, e.g. 2026-03-31.") from None


class FieldError(QLabel):
    """A red, plain-text error line under one form field; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.setVisible(False)

    def show_text(self, text: str) -> None:
        """Show ``text`` (an empty text hides the line)."""
        self.setText(text)
        self.setVisible(bool(text))


class FormDialog(QDialog):
    """A dialog with a form whose submit goes through the controller."""

    submitted = Signal(object)

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
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)

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

    def set_busy(self, busy: bool) -> None:
        """Disable the buttons while the controller works."""
        self.ok_button.setEnabled(not busy)

    def read_form(self) -> object:
        """What the form describes (subclasses); raise ``FormError`` for problems found here."""
        return None

    def _submit(self) -> None:
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


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "Yes") -> bool:
    """Ask a yes/cancel question from a plain (non-async) slot; the text is shown literally."""
    box = _question(parent, title, text, yes)
    box.exec()
    return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole


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


def submit_through(
    dialog: FormDialog,
    change: Callable[[Any], Awaitable[object]],
    accepted: Callable[[], object],
    run: Callable[[Coroutine[Any, Any, None]], object],
) -> None:
    """Open ``dialog``; each submit goes through ``change`` (started with ``run``).

    Jira's refusals stay in the dialog, next to their fields; the dialog closes only once Jira
    accepted, and then ``accepted`` is called (for refreshes, which must not make an accepted
    change look failed).
    """

    async def attempt(value: Any) -> None:
        try:
            await change(value)
        except ValidationError as error:
            dialog.show_errors(error.errors, "" if error.errors else str(error))
            return
        except ApiError as error:
            dialog.show_errors({}, str(error))
            return
        except asyncio.CancelledError:
            dialog.show_errors({}, CANCELLED)
            raise
        dialog.accept()
        accepted()

    dialog.submitted.connect(lambda value: run(attempt(value)))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setModal(True)
    dialog.open()
