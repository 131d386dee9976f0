"""Pickers that search the site as the user types (users, groups), debounced and cancellable."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QToolTip, QWidget

from app.api.errors import ApiError
from app.domain.site import UserRef
from app.ui.kit.resources import icon
from app.ui.kit.tasks import spawn_for
from app.ui.kit.text import plain_tooltip

__all__ = ["GroupPicker", "GroupSearch", "SearchPicker", "UserPicker", "UserSearch"]

T = TypeVar("T")
UserSearch = Callable[[str], Awaitable[Sequence[UserRef]]]
GroupSearch = Callable[[str], Awaitable[Sequence[str]]]
DEBOUNCE_MS = 250
_log = logging.getLogger(__name__)


class SearchPicker(QLineEdit, Generic[T]):
    """A line edit whose completions come from an async search; ``value`` is the chosen record."""

    chosen = Signal(object)  # the record, or None when the text no longer matches one

    def __init__(
        self,
        search: Callable[[str], Awaitable[Sequence[T]]],
        label: Callable[[T], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._label = label
        self._found: dict[str, T] = {}
        self._value: T | None = None
        self._task: asyncio.Task[None] | None = None
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._picked)
        self.setCompleter(completer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._run_search)
        self.textEdited.connect(self._edited)
        self.setClearButtonEnabled(True)
        self.problem = ""  # why the last lookup failed ("" when it worked)
        self._problem_action = QAction(icon("warning"), "Lookup failed", self)
        self.addAction(self._problem_action, QLineEdit.ActionPosition.TrailingPosition)
        # hidden only once added: Qt shows the button of an action hidden before it was added
        self._problem_action.setVisible(False)

    def hideEvent(self, event: QHideEvent) -> None:
        """A hidden picker (its dialog closed) stops searching."""
        self._timer.stop()
        if self._task is not None:
            self._task.cancel()
        super().hideEvent(event)

    @property
    def value(self) -> T | None:
        """The record the text names, if the user picked one (or it was set)."""
        return self._value

    def set_value(self, value: T | None) -> None:
        """Show ``value`` (None clears the field)."""
        self._value = value
        self.setText(self._label(value) if value is not None else "")
        self.setCursorPosition(0)  # a long name shows from its start, not its end
        if value is not None:
            self._found[self._label(value)] = value

    def _edited(self, text: str) -> None:
        self._value = self._found.get(text)
        self.chosen.emit(self._value)
        if self._task is not None:
            self._task.cancel()  # the user typed on: the answer to the old text is not wanted
        if len(text.strip()) >= 1:
            self._timer.start()

    def _run_search(self) -> None:
        text = self.text().strip()
        self._task = spawn_for(self, f"Looking up “{text}”", self._fill(text))

    async def _fill(self, text: str) -> None:
        try:
            found = await self._search(text)
        except ApiError as error:
            # an expired token must not look like "nobody matches": say why the list is empty
            _log.info("lookup of %r failed: %s", text, error)
            self._show_problem(f"Jira could not search: {error}")
            return
        self._show_problem("")
        self._found.update({self._label(item): item for item in found})
        self._model.setStringList([self._label(item) for item in found])
        if self.hasFocus() and found:
            self.completer().complete()

    def _show_problem(self, text: str) -> None:
        self.problem = text
        self._problem_action.setVisible(bool(text))
        self._problem_action.setToolTip(plain_tooltip(text) or "")
        if text and self.isVisible():
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), text, self)

    def _picked(self, text: str) -> None:
        self._value = self._found.get(text)
        self.chosen.emit(self._value)


def _user_label(user: UserRef) -> str:
    return (
        f"{user.display_name} <{user.email}>" if user.email else f"{user.display_name} ({user.id})"
    )


class UserPicker(SearchPicker[UserRef]):
    """Pick a user by name or e-mail."""

    def __init__(
        self, search: Callable[[str], Awaitable[Sequence[UserRef]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(search, _user_label, parent)
        self.setPlaceholderText("Type a name or e-mail")


class GroupPicker(SearchPicker[str]):
    """Pick a group by name."""

    def __init__(
        self, search: Callable[[str], Awaitable[Sequence[str]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(search, str, parent)
        self.setPlaceholderText("Type a group name")
