"""The issue detail panel: the selected issue's fields, description and comments, as plain text.

Descriptions and comments are shown as their wiki markup in a read-only plain-text box:
readable, and never interpreted as HTML or allowed to load anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.issue import IssueRow
from app.domain.issue_actions import Transition
from app.domain.issue_export import field_text
from app.qtmodels.display import display_text
from app.ui.kit.text import action_text, plain_label

__all__ = ["IssueDetailView"]

_FIELDS = (
    ("status", "Status"),
    ("issuetype", "Type"),
    ("priority", "Priority"),
    ("assignee", "Assignee"),
    ("reporter", "Reporter"),
    ("labels", "Labels"),
    ("components", "Components"),
    ("fixVersions", "Fix versions"),
    ("parent", "Parent"),
    ("created", "Created"),
    ("updated", "Updated"),
)


def _comments_text(comment_field: Any) -> str:
    comments = comment_field.get("comments", []) if isinstance(comment_field, dict) else []
    blocks = []
    for comment in comments if isinstance(comments, list) else []:
        if not isinstance(comment, dict):
            continue
        author = field_text(comment.get("author")) or "Someone"
        when = display_text(comment.get("created"))
        blocks.append(f"{author} — {when}\n{field_text(comment.get('body'))}")
    return "\n\n".join(blocks)


class IssueDetailView(QWidget):
    """Fields on top, the description and the comments below; actions in a row under the title."""

    transition_requested = Signal(object)  # Transition
    assign_requested = Signal()
    edit_requested = Signal()
    comment_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issueDetail")
        self.issue: IssueRow | None = None
        self.pages = QStackedWidget(self)
        self.empty = plain_label("Select an issue to see it here.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        body = QWidget(self)
        self.title = plain_label("", body)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.transition_button = QToolButton(body)
        self.transition_button.setText("Transition")
        self.transition_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.transition_menu = QMenu(self.transition_button)
        self.transition_button.setMenu(self.transition_menu)
        self.assign_button = QPushButton("Assign…", body)
        self.edit_button = QPushButton("Edit…", body)
        self.comment_button = QPushButton("Comment…", body)
        self.assign_button.clicked.connect(self.assign_requested.emit)
        self.edit_button.clicked.connect(self.edit_requested.emit)
        self.comment_button.clicked.connect(self.comment_requested.emit)
        actions = QHBoxLayout()
        for button in (
            self.transition_button,
            self.assign_button,
            self.edit_button,
            self.comment_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for field, label in _FIELDS:
            value = plain_label("", body)
            value.setWordWrap(True)
            self.values[field] = value
            form.addRow(label, value)
        self.description = QPlainTextEdit(body)
        self.description.setReadOnly(True)
        self.description.setPlaceholderText("No description")
        self.comments = QPlainTextEdit(body)
        self.comments.setReadOnly(True)
        self.comments.setPlaceholderText("No comments")
        column = QVBoxLayout(body)
        column.addWidget(self.title)
        column.addLayout(actions)
        column.addLayout(form)
        column.addWidget(plain_label("Description", body))
        column.addWidget(self.description, 2)
        column.addWidget(plain_label("Comments", body))
        column.addWidget(self.comments, 1)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def clear(self) -> None:
        """Show the empty state."""
        self.issue = None
        self.empty.setText("Select an issue to see it here.")
        self.pages.setCurrentWidget(self.empty)

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of an issue (loading, or why it could not be shown)."""
        self.issue = None
        self.empty.setText(text)
        self.pages.setCurrentWidget(self.empty)

    def show_issue(self, issue: IssueRow) -> None:
        """Show a fully loaded issue."""
        self.issue = issue
        fields = issue.fields
        self.title.setText(f"{issue.key} — {field_text(fields.get('summary'))}")
        for field, label in self.values.items():
            label.setText(display_text(fields.get(field)) or "—")
        self.description.setPlainText(field_text(fields.get("description")))
        self.comments.setPlainText(_comments_text(fields.get("comment")))
        self.pages.setCurrentIndex(1)

    def set_transitions(self, transitions: Sequence[Transition]) -> None:
        """The transitions open from the issue's status (the Transition menu)."""
        self.transition_menu.clear()
        for transition in transitions:
            action = self.transition_menu.addAction(
                action_text(f"{transition.name} → {transition.to_status}")
            )
            action.triggered.connect(
                lambda _=False, t=transition: self.transition_requested.emit(t)
            )
        self.transition_button.setEnabled(bool(transitions))
        self.transition_button.setToolTip(
            "" if transitions else "No transition is open from this status."
        )
