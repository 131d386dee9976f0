"""Dialogs for changing one issue: transition (with the screen's required fields), assign, edit,
comment. Each stays open until Jira accepted the change (``FormDialog``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.domain.issue_actions import IssueEdit, Transition
from app.domain.site import UserRef
from app.ui.kit.forms import FormDialog, FormError, required
from app.ui.kit.pickers import UserPicker, UserSearch
from app.ui.kit.text import plain_label

__all__ = [
    "AssignDialog",
    "CommentDialog",
    "EditIssueDialog",
    "TransitionDialog",
    "TransitionRequest",
]


@dataclass(frozen=True, slots=True)
class TransitionRequest:
    """A transition with the values of its screen's fields."""

    transition: Transition
    fields: dict[str, str]
    comment: str | None


class TransitionDialog(FormDialog):
    """Asks for the fields a transition's screen requires (e.g. the resolution).

    The OK button says "Transition" (a transition named "Won't Do" beside Cancel would read
    like a refusal); the title names the transition and where it leads. A required field
    starts empty unless Jira gives it a default: nothing is chosen for the user silently.
    """

    def __init__(self, key: str, transition: Transition, parent: QWidget | None = None) -> None:
        target = f" → {transition.to_status}" if transition.to_status else ""
        super().__init__(f"{transition.name}{target} — {key}", "Transition", parent)
        self.transition = transition
        self.ok_button.setToolTip(f"Take the transition {transition.name}{target}")
        self.choices: dict[str, QComboBox] = {}
        for field in transition.fields:
            combo = QComboBox(self)
            if not field.allowed:
                # Jira named no choices (4.3 says only the field's type): the value is typed,
                # by name, as Jira's screen would take it
                combo.setEditable(True)
                line = combo.lineEdit()
                if line is not None:
                    line.setPlaceholderText(
                        f"Type the {field.name.lower()}" + ("" if field.required else " (optional)")
                    )
                self.choices[field.id] = self.add_field(field.name, combo, field.id)
                continue
            if not field.required:
                combo.addItem("(leave as it is)", None)
            for value_id, name in field.allowed:
                combo.addItem(name, value_id)
            if field.required:
                found = combo.findData(field.default) if field.default is not None else -1
                combo.setPlaceholderText(f"Choose the {field.name.lower()}")
                combo.setCurrentIndex(found)
            self.choices[field.id] = self.add_field(field.name, combo, field.id)
        self.comment = self.add_field("Comment", QPlainTextEdit(self), "comment")
        self.comment.setPlaceholderText("Optional")
        self.comment.setMaximumHeight(90)

    def read_form(self) -> TransitionRequest:
        """The transition and the values chosen; a required field left empty is an error."""
        missing = {
            field.id: f"Choose the {field.name.lower()}: {self.transition.name} requires it."
            for field in self.transition.required_fields
            if field.id in self.choices and not self._value(self.choices[field.id])
        }
        if missing:
            raise FormError(missing)
        fields = {
            field_id: value
            for field_id, combo in self.choices.items()
            if (value := self._value(combo))
        }
        comment = self.comment.toPlainText().strip() or None
        return TransitionRequest(self.transition, fields, comment)

    @staticmethod
    def _value(combo: QComboBox) -> str:
        """The chosen value's id, or the text typed where Jira named no choices ("" for none)."""
        if combo.isEditable():
            return combo.currentText().strip()
        data = combo.currentData() if combo.currentIndex() >= 0 else None
        return "" if data is None else str(data)


class AssignDialog(FormDialog):
    """Assign the issue to someone, or to nobody."""

    def __init__(
        self, key: str, current: UserRef | None, users: UserSearch, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Assign {key}", "Assign", parent)
        self.user = self.add_field(
            "Assignee", UserPicker(users, self), "assignee", "accountId", "name"
        )
        self.user.set_value(current)
        self.form.addRow("", plain_label("Leave the field empty to unassign.", self))

    def read_form(self) -> UserRef | None:
        """The new assignee (None unassigns)."""
        if self.user.text().strip() and self.user.value is None:
            raise FormError({"assignee": "Choose the assignee from the list, or empty the field."})
        return self.user.value if self.user.text().strip() else None


class EditIssueDialog(FormDialog):
    """Edit summary, priority and labels."""

    def __init__(
        self,
        key: str,
        summary: str,
        priority: str,
        priorities: Sequence[str],
        labels: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Edit {key}", "Save", parent)
        self._summary, self._priority, self._labels = summary, priority, tuple(labels)
        self.summary = self.add_field("Summary", QLineEdit(summary, self), "summary")
        self.priority = self.add_field("Priority", QComboBox(self), "priority")
        for name in priorities:
            self.priority.addItem(name)
        self.priority.setCurrentText(priority)
        self.labels = self.add_field("Labels", QLineEdit(" ".join(labels), self), "labels")
        self.labels.setPlaceholderText("space-separated")

    def read_form(self) -> IssueEdit:
        """Only what changed."""
        errors: dict[str, str] = {}
        summary = required(self.summary, "summary", "A summary", errors)
        if errors:
            raise FormError(errors)
        labels = tuple(dict.fromkeys(self.labels.text().split()))
        return IssueEdit(
            summary=summary if summary != self._summary else None,
            priority=self.priority.currentText()
            if self.priority.currentText() != self._priority
            else None,
            labels_add=tuple(label for label in labels if label not in self._labels),
            labels_remove=tuple(label for label in self._labels if label not in labels),
        )


class CommentDialog(FormDialog):
    """Add a comment (wiki markup, sent as typed)."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(f"Comment on {key}", "Add comment", parent)
        self.body = self.add_field("Comment", QPlainTextEdit(self), "comment", "body")

    def read_form(self) -> str:
        """The comment text."""
        body = self.body.toPlainText()
        if not body.strip():
            raise FormError({"comment": "Type the comment first."})
        return body
