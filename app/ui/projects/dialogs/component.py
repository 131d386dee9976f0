"""Create, edit and delete a project's components."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.project import AssigneeType, Component, ComponentChanges
from app.qtmodels.project_parts import ASSIGNEE_LABELS
from app.ui.kit.forms import FormDialog, FormError, required
from app.ui.kit.pickers import UserPicker, UserSearch
from app.ui.kit.text import plain_label
from app.ui.kit.window_fit import grow_with_content

__all__ = ["ComponentDialog", "DeleteComponentDialog"]


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
        grow_with_content(self)

    def move_to(self) -> str | None:
        """The component that takes over the issues, or None to just remove it."""
        return str(self.target.currentData()) if self.move_issues.isChecked() else None
