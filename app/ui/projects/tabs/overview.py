"""The Overview tab: a project's name, lead, category, default assignee, URL and description.

The form sends only what the user changed, and checks what it can before anything is sent.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.project import UNSET, AssigneeType, Category, ProjectChanges, ProjectDetail
from app.domain.site import UserRef
from app.ui.kit.forms import FieldError
from app.ui.kit.pickers import UserPicker, UserSearch
from app.ui.kit.text import plain_label
from app.ui.projects.tabs.lists import allow

__all__ = ["OverviewTab"]

_TYPE_LABELS = {
    "software": "Software",
    "business": "Business",
    "service_desk": "Service management",
}
_SAVE_HINT = "Save the overview (Ctrl+S)"


class OverviewTab(QWidget):
    """The project's own fields, with an error line under each and Save/Revert."""

    save_requested = Signal(object)  # ProjectChanges

    def __init__(self, users: UserSearch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: ProjectDetail | None = None
        self.categories: list[Category] = []
        self.editable = False
        self.name = QLineEdit(self)
        self.key = QLineEdit(self)
        self.key.setReadOnly(True)
        self.type_label = plain_label("", self)
        self.lead = UserPicker(users, self)
        self.category = QComboBox(self)
        self.assignee = QComboBox(self)
        self.assignee.addItem("Project lead", AssigneeType.PROJECT_LEAD)
        self.assignee.addItem("Unassigned", AssigneeType.UNASSIGNED)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://… (optional)")
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.field_errors: dict[str, FieldError] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, QWidget, tuple[str, ...]]] = [
            ("Name", self.name, ("projectName", "name")),
            ("Key", self.key, ("projectKey", "key")),
            ("Type", self.type_label, ("projectTypeKey",)),
            ("Lead", self.lead, ("projectLead", "lead", "leadAccountId")),
            ("Category", self.category, ("categoryId",)),
            ("Default assignee", self.assignee, ("assigneeType",)),
            ("URL", self.url, ("url",)),
            ("Description", self.description, ("description",)),
        ]
        for label, widget, keys in rows:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            error = FieldError(self)
            box.addWidget(error)
            for key in keys:
                self.field_errors[key] = error
            form.addRow(label, box)
        self.overview_error = FieldError(self)
        self.revert_button = QPushButton("Revert", self)
        self.revert_button.clicked.connect(self.fill)
        self.save_button = QPushButton("Save", self)
        self.save_button.setToolTip(_SAVE_HINT)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.overview_error, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)

    def show_project(self, detail: ProjectDetail, categories: list[Category], refill: bool) -> None:
        """Take ``detail`` as what Jira holds; ``refill`` replaces what the user typed."""
        self.detail = detail
        self.categories = categories
        if refill:
            self.fill()

    def set_editable(self, allowed: bool, reason: str) -> None:
        """Enable the form, or disable it with ``reason`` as tooltip."""
        self.editable = allowed
        allow(
            [
                self.name,
                self.lead,
                self.category,
                self.assignee,
                self.url,
                self.description,
                self.save_button,
                self.revert_button,
            ],
            allowed,
            reason,
        )
        if allowed:
            self.save_button.setToolTip(_SAVE_HINT)

    def fill(self) -> None:
        """Show what Jira holds, dropping the user's edits."""
        if self.detail is None:
            return
        project = self.detail.project
        self.name.setText(project.name)
        self.key.setText(project.key)
        self.type_label.setText(_TYPE_LABELS.get(project.project_type, project.project_type))
        self.lead.set_value(project.lead)
        self.category.clear()
        self.category.addItem("(none)", None)
        for category in self.categories:
            self.category.addItem(category.name, category.id)
        if project.category_id is not None and self.category.findData(project.category_id) < 0:
            # a category created after the list was loaded: show it rather than "(none)"
            self.category.addItem(project.category or project.category_id, project.category_id)
        self.category.setCurrentIndex(max(0, self.category.findData(project.category_id)))
        self.assignee.setCurrentIndex(max(0, self.assignee.findData(self.detail.assignee_type)))
        self.url.setText(project.url)
        self.description.setPlainText(project.description)
        self.show_save_errors({})

    def show_save_errors(self, errors: dict[str, str], general: str = "") -> None:
        """Errors of a failed save next to their fields; the typed values stay."""
        shown: dict[FieldError, list[str]] = {}
        rest = [general] if general else []
        for key, text in errors.items():
            if key in self.field_errors:
                shown.setdefault(self.field_errors[key], []).append(text)
            else:
                rest.append(text)
        for error in set(self.field_errors.values()):
            error.show_text(" ".join(shown.get(error, [])))
        self.overview_error.show_text(" ".join(rest))
        self.save_button.setEnabled(self.editable)

    def form_changes(self) -> ProjectChanges:
        """The edits compared with what was loaded (unchanged fields are left out)."""
        if self.detail is None:
            return ProjectChanges()
        project = self.detail.project
        name = self.name.text().strip()
        lead: UserRef | None = self.lead.value
        category = self.category.currentData()
        # Qt hands enum data back as plain str
        assignee = AssigneeType(self.assignee.currentData())
        description = self.description.toPlainText()
        # QPlainTextEdit turns Jira's CRLF into LF: compare without line-ending noise
        same_text = description == project.description.replace("\r\n", "\n")
        return ProjectChanges(
            name=name if name != project.name else None,
            description=None if same_text else description,
            lead=lead.id if lead is not None and lead != project.lead else None,
            url=self.url.text().strip() if self.url.text().strip() != project.url else None,
            assignee_type=assignee if assignee != self.detail.assignee_type else None,
            category_id=category if category != project.category_id else UNSET,
        )

    def save(self) -> None:
        """Check the form and ask for the changes to be saved (nothing when nothing changed)."""
        if self.detail is None or not self.editable:
            return
        errors: dict[str, str] = {}
        if not self.name.text().strip():
            errors["name"] = "A project needs a name."
        if not self.lead.text().strip():
            errors["lead"] = "A project needs a lead."
        elif self.lead.value is None:
            errors["lead"] = "Choose the lead from the list."
        if errors:
            self.show_save_errors(errors)
            return
        changes = self.form_changes()
        if changes == ProjectChanges():
            self.show_save_errors({}, "Nothing changed.")
            return
        self.save_button.setEnabled(False)
        self.overview_error.show_text("")
        self.save_requested.emit(changes)
