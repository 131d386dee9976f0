"""Dialogs of the projects pane: create/delete project, components, versions, role members,
categories. Each stays open until the controller says the change was saved."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.project import (
    AssigneeType,
    Category,
    Component,
    ComponentChanges,
    NewProject,
    Version,
    VersionChanges,
)
from app.qtmodels.project_parts import ASSIGNEE_LABELS
from app.ui.kit.forms import FieldError, FormDialog, FormError, parse_day, required
from app.ui.kit.pickers import GroupPicker, GroupSearch, UserPicker, UserSearch
from app.ui.kit.text import plain_label, plain_tooltip

__all__ = [
    "ActorsToAdd",
    "AddActorsDialog",
    "CategoriesDialog",
    "ComponentDialog",
    "DeleteComponentDialog",
    "DeleteProjectDialog",
    "DeleteVersionDialog",
    "NewProjectDialog",
    "VersionDialog",
]

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
            except Exception:
                return
            if self.key.text().strip() == key:
                self.errors["key"].show_text(problem or "")
                self.key_note.setText("" if problem else f"{key} is available.")

        if self._key_task is not None:
            self._key_task.cancel()
        self._key_task = asyncio.ensure_future(check())

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


class ComponentDialog(FormDialog):
    """Create or edit a component."""

    def __init__(
        self, component: Component | None, users: UserSearch, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Edit component" if component else "New component",
            "Save" if component else "Create",
            parent,
        )
        self.component = component
        self.name = self.add_field("Name", QLineEdit(self), "name")
        self.description = self.add_field("Description", QLineEdit(self), "description")
        self.lead = self.add_field(
            "Lead", UserPicker(users, self), "lead", "leadAccountId", "leadUserName"
        )
        self.assignee = self.add_field("Default assignee", QComboBox(self), "assigneeType")
        for kind in (
            AssigneeType.PROJECT_DEFAULT,
            AssigneeType.COMPONENT_LEAD,
            AssigneeType.PROJECT_LEAD,
            AssigneeType.UNASSIGNED,
        ):
            self.assignee.addItem(ASSIGNEE_LABELS[kind], kind)
        if component is not None:
            self.name.setText(component.name)
            self.description.setText(component.description)
            self.lead.set_value(component.lead)
            self.assignee.setCurrentIndex(max(0, self.assignee.findData(component.assignee_type)))

    def read_form(self) -> ComponentChanges:
        """The component as the form describes it."""
        errors: dict[str, str] = {}
        name = required(self.name, "name", "A name", errors)
        lead_text = self.lead.text().strip()
        if lead_text and self.lead.value is None:
            errors["lead"] = "Choose the lead from the list, or leave the field empty."
        if errors:
            raise FormError(errors)
        lead = self.lead.value.id if self.lead.value else None
        return ComponentChanges(
            name=name,
            description=self.description.text().strip(),
            lead=lead,
            assignee_type=AssigneeType(self.assignee.currentData()),
        )


class DeleteComponentDialog(QDialog):
    """Delete a component: remove it from its issues, or move them to another component."""

    def __init__(
        self,
        component: Component,
        others: Sequence[Component],
        issue_count: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Delete component {component.name}")
        self.setModal(True)
        used = "" if issue_count is None else f" {issue_count:,} issues use it."
        text = plain_label(f"Delete the component “{component.name}”?{used}", self)
        text.setWordWrap(True)
        self.remove = QRadioButton("Remove it from those issues", self)
        self.move_issues = QRadioButton("Move those issues to", self)
        self.target = QComboBox(self)
        for other in others:
            self.target.addItem(other.name, other.id)
        group = QButtonGroup(self)
        group.addButton(self.remove)
        group.addButton(self.move_issues)
        self.remove.setChecked(True)
        self.move_issues.setEnabled(bool(others))
        self.target.setEnabled(False)
        self.move_issues.toggled.connect(self.target.setEnabled)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Delete")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.move_issues)
        row.addWidget(self.target, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.remove)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def move_to(self) -> str | None:
        """The component that takes over the issues, or None to just remove it."""
        return str(self.target.currentData()) if self.move_issues.isChecked() else None


class VersionDialog(FormDialog):
    """Create or edit a version: name, description, start and release dates."""

    def __init__(self, version: Version | None, parent: QWidget | None = None) -> None:
        super().__init__(
            "Edit version" if version else "New version", "Save" if version else "Create", parent
        )
        self.version = version
        self.name = self.add_field("Name", QLineEdit(self), "name")
        self.description = self.add_field("Description", QLineEdit(self), "description")
        self.start = self.add_field("Start date", QLineEdit(self), "startDate", "userStartDate")
        self.release = self.add_field(
            "Release date", QLineEdit(self), "releaseDate", "userReleaseDate"
        )
        for edit in (self.start, self.release):
            edit.setPlaceholderText("YYYY-MM-DD (optional)")
        if version is not None:
            self.name.setText(version.name)
            self.description.setText(version.description)
            self.start.setText(version.start_date.isoformat() if version.start_date else "")
            self.release.setText(version.release_date.isoformat() if version.release_date else "")

    def read_form(self) -> VersionChanges:
        """The version as the form describes it; bad dates are reported before anything is sent."""
        errors: dict[str, str] = {}
        name = required(self.name, "name", "A name", errors)
        dates = {}
        for key, edit in (("startDate", self.start), ("releaseDate", self.release)):
            try:
                dates[key] = parse_day(edit.text())
            except ValueError as error:
                errors[key] = str(error)
        start, release = dates.get("startDate"), dates.get("releaseDate")
        if start and release and start > release:
            errors["startDate"] = "The start date must be on or before the release date."
        if errors:
            raise FormError(errors)
        return VersionChanges(
            name=name,
            description=self.description.text().strip(),
            start_date=start,
            release_date=release,
        )


class DeleteVersionDialog(QDialog):
    """Delete a version; its fix-version and affects-version issues can move to another version."""

    def __init__(
        self,
        version: Version,
        others: Sequence[Version],
        counts: tuple[int, int] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Delete version {version.name}")
        self.setModal(True)
        fixed, affected = counts if counts else (None, None)
        text = plain_label(
            f"Delete the version “{version.name}”?"
            + (
                ""
                if counts is None
                else f" It is the fix version of {fixed:,} issues and an "
                f"affected version of {affected:,}."
            ),
            self,
        )
        text.setWordWrap(True)
        self.fix_target = self._targets(others)
        self.affects_target = self._targets(others)
        form = QVBoxLayout()
        form.addWidget(plain_label("Issues that name it as fix version:", self))
        form.addWidget(self.fix_target)
        form.addWidget(plain_label("Issues that name it as affected version:", self))
        form.addWidget(self.affects_target)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Delete")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _targets(self, others: Sequence[Version]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem("Remove the version from them", None)
        for other in others:
            combo.addItem(f"Move them to {other.name}", other.id)
        return combo

    def targets(self) -> tuple[str | None, str | None]:
        """(fix-version target, affects-version target); None removes."""
        return self.fix_target.currentData(), self.affects_target.currentData()


@dataclass(frozen=True, slots=True)
class ActorsToAdd:
    """Users and groups to add to a role."""

    users: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


class AddActorsDialog(FormDialog):
    """Add a user or a group to a project role."""

    def __init__(
        self, role_name: str, users: UserSearch, groups: GroupSearch, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Add to {role_name}", "Add", parent)
        self.kind = self.add_field("Add a", QComboBox(self))
        self.kind.addItem("User", "user")
        self.kind.addItem("Group", "group")
        self.user = self.add_field("User", UserPicker(users, self), "user")
        self.group = self.add_field("Group", GroupPicker(groups, self), "group")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        is_user = self.kind.currentData() == "user"
        for widget, shown in ((self.user, is_user), (self.group, not is_user)):
            row = self.holders[widget]
            row.setVisible(shown)
            label = self.form.labelForField(row)
            if label is not None:
                label.setVisible(shown)

    def read_form(self) -> ActorsToAdd:
        """The user or group to add."""
        if self.kind.currentData() == "user":
            if self.user.value is None:
                raise FormError({"user": "Choose a user from the list."})
            return ActorsToAdd(users=(self.user.value.id,))
        group = self.group.value or self.group.text().strip()
        if not group:
            raise FormError({"group": "Choose a group."})
        return ActorsToAdd(groups=(group,))


class CategoriesDialog(QDialog):
    """List, create, rename and delete project categories."""

    create_requested = Signal(str, str)  # name, description
    rename_requested = Signal(object, str)  # Category, new name
    delete_requested = Signal(object)  # Category

    def __init__(self, categories: Sequence[Category], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Project categories")
        self.setModal(True)
        self.resize(420, 360)
        self.list = QListWidget(self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Category name")
        self.error = FieldError(self)
        self.add_button = QPushButton("Add", self)
        self.rename_button = QPushButton("Rename", self)
        self.delete_button = QPushButton("Delete…", self)
        self.add_button.clicked.connect(self._add)
        self.rename_button.clicked.connect(self._rename)
        self.delete_button.clicked.connect(self._delete)
        self.list.currentRowChanged.connect(self._selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.set_categories(categories)

    def set_categories(self, categories: Sequence[Category]) -> None:
        """Show the site's categories (after every change)."""
        self._categories = list(categories)
        self.list.clear()
        for category in self._categories:
            item = QListWidgetItem(category.name, self.list)
            item.setToolTip(plain_tooltip(category.description) or "")
        self._selected(self.list.currentRow())

    def show_error(self, text: str) -> None:
        """Show what went wrong; the typed name stays."""
        self.error.show_text(text)

    def _current(self) -> Category | None:
        row = self.list.currentRow()
        return self._categories[row] if 0 <= row < len(self._categories) else None

    def _selected(self, _row: int) -> None:
        has = self._current() is not None
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _add(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.show_error("Type a name for the new category.")
            return
        self.show_error("")
        self.create_requested.emit(name, "")

    def _rename(self) -> None:
        category, name = self._current(), self.name.text().strip()
        if category is None:
            return
        if not name:
            self.show_error("Type the new name first.")
            return
        self.show_error("")
        self.rename_requested.emit(category, name)

    def _delete(self) -> None:
        category = self._current()
        if category is not None:
            self.delete_requested.emit(category)
