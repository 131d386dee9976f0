"""Create a project (its key checked with Jira while it is typed) and delete one (typed key)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiError
from app.domain.project import Category, NewProject
from app.ui.kit.forms import FormDialog, FormError, required
from app.ui.kit.pickers import UserPicker, UserSearch
from app.ui.kit.tasks import spawn_for
from app.ui.kit.text import plain_label
from app.ui.kit.window_fit import grow_with_content

__all__ = ["PROJECT_TYPES", "DeleteProjectDialog", "KeyCheck", "NewProjectDialog"]

_log = logging.getLogger(__name__)

KeyCheck = Callable[[str], Awaitable[str | None]]
PROJECT_TYPES = (("software", "Software"), ("business", "Business"))


def _category_combo(
    categories: Sequence[Category], current: str | None, parent: QWidget
) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem("(none)", None)
    for category in categories:
        combo.addItem(category.name, category.id)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class NewProjectDialog(FormDialog):
    """Create a project: key (checked with Jira as it is typed), name, type, lead, category."""

    def __init__(
        self,
        categories: Sequence[Category],
        users: UserSearch,
        check_key: KeyCheck | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("New project", "Create", parent)
        self._check_key = check_key
        self._key_task: asyncio.Task[None] | None = None
        self.key = self.add_field("Key", QLineEdit(self), "key", "projectKey")
        self.key.setPlaceholderText("e.g. OPS (capital letters and digits)")
        self.key.setMaxLength(10)
        self.name = self.add_field("Name", QLineEdit(self), "name", "projectName")
        self.type = self.add_field("Type", QComboBox(self), "projectTypeKey")
        for value, label in PROJECT_TYPES:
            self.type.addItem(label, value)
        self.lead = self.add_field("Lead", UserPicker(users, self), "lead", "projectLead")
        self.category = self.add_field(
            "Category", _category_combo(categories, None, self), "categoryId"
        )
        self.description = self.add_field("Description", QPlainTextEdit(self), "description")
        self.description.setMaximumHeight(90)
        self.key_note = plain_label("", self)
        self.key_note.setWordWrap(True)
        key_row = self.holders[self.key].layout()
        if key_row is not None:
            key_row.addWidget(self.key_note)  # under the key it is about
        else:
            self.form.addRow("", self.key_note)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._validate_key)
        self.key.textEdited.connect(self._key_edited)
        self.finished.connect(self._stop_checking)

    def _stop_checking(self) -> None:
        self._timer.stop()
        if self._key_task is not None:
            self._key_task.cancel()

    def _key_edited(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            position = self.key.cursorPosition()
            self.key.setText(upper)
            self.key.setCursorPosition(position)
        self.key_note.setText("")
        if self._check_key is not None and upper:
            self._timer.start()

    def _validate_key(self) -> None:
        check_key = self._check_key
        if check_key is None:
            return
        key = self.key.text().strip()

        async def check() -> None:
            try:
                problem = await check_key(key)
            except ApiError as error:
                # only a hint while typing: Jira checks the key again when the project is created
                _log.warning("Checking the project key %r failed", key, exc_info=True)
                if self.key.text().strip() == key:
                    self.key_note.setText(f"Could not check {key} with Jira: {error}")
                return
            if self.key.text().strip() == key:
                self.errors["key"].show_text(problem or "")
                self.key_note.setText("" if problem else f"{key} is available.")

        if self._key_task is not None:
            self._key_task.cancel()
        self._key_task = spawn_for(self, f"Checking the key {key}", check())

    def read_form(self) -> NewProject:
        """The project to create."""
        errors: dict[str, str] = {}
        key = required(self.key, "key", "A key", errors)
        name = required(self.name, "name", "A name", errors)
        lead = self.lead.value
        if lead is None:
            errors["lead"] = "Choose the project lead from the list."
        if errors or lead is None:
            raise FormError(errors)
        return NewProject(
            key=key,
            name=name,
            project_type=str(self.type.currentData()),
            lead=lead.id,
            description=self.description.toPlainText(),
            category_id=self.category.currentData(),
        )


class DeleteProjectDialog(QDialog):
    """Typed confirmation: the user types the project key to delete it and all its issues."""

    def __init__(
        self, key: str, name: str, issue_count: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Delete project {key}")
        self.setModal(True)
        self.key = key
        issues = (
            "all of its issues" if issue_count is None else f"all {issue_count:,} of its issues"
        )
        text = plain_label(
            f"This deletes the project {key} ({name}) with {issues}, its components and versions. "
            f"Jira cannot undo it here.\n\nType {key} to confirm.",
            self,
        )
        text.setWordWrap(True)
        self.confirm = QLineEdit(self)
        self.confirm.setPlaceholderText(key)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.delete_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.delete_button.setText(f"Delete {key}")
        self.delete_button.setEnabled(False)
        self.confirm.textChanged.connect(lambda t: self.delete_button.setEnabled(t.strip() == key))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)
        grow_with_content(self)
