"""The issue detail panel: the selected issue's fields, links, description, comments and history.

Fields, links and the history are plain text (labels that never interpret markup). The
description and the comments are shown as Jira rendered them, in ``RichTextView``s that fetch
nothing and open links only on click; without a rendering (an ``IssueRow`` alone, or Jira 4.3)
they show the raw wiki markup as plain text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.issue import IssueRow
from app.domain.issue_actions import Transition
from app.domain.issue_detail import IssueDetail
from app.domain.issue_export import field_text
from app.domain.issue_history import IssueHistory
from app.domain.issue_links import IssueRelations
from app.qtmodels.display import display_text
from app.ui.kit.rich_text import RichTextEntry, RichTextView
from app.ui.kit.text import action_text, plain_label

__all__ = ["IssueDetailView", "history_text"]

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
    ("subtasks", "Sub-tasks"),
    ("issuelinks", "Links"),
    ("created", "Created"),
    ("updated", "Updated"),
)
_VALUE_CHARS = 100  # a changed description shows its first line, this long at most


def _comments(field: Any) -> list[dict[str, Any]]:
    comments = field.get("comments", []) if isinstance(field, dict) else []
    return [c for c in comments if isinstance(c, dict)] if isinstance(comments, list) else []


def _comment_head(comment: dict[str, Any]) -> str:
    author = field_text(comment.get("author")) or "Someone"
    return f"{author} — {display_text(comment.get('created'))}"


def _comments_plain(field: Any) -> str:
    return "\n\n".join(f"{_comment_head(c)}\n{field_text(c.get('body'))}" for c in _comments(field))


def _comment_entries(field: Any, rendered: Mapping[str, str]) -> list[RichTextEntry]:
    """Each comment under its author and time; Jira's HTML where it rendered one."""
    return [
        RichTextEntry(
            _comment_head(comment),
            rendered.get(str(comment.get("id", ""))),
            field_text(comment.get("body")),
        )
        for comment in _comments(field)
    ]


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    if not flat:
        return "—"
    return flat if len(flat) <= _VALUE_CHARS else flat[: _VALUE_CHARS - 1] + "…"


def history_text(history: IssueHistory) -> str:
    """The changelog as plain text, newest first: who and when, then each field's change."""
    lines: list[str] = []
    if not history.complete:
        lines += [f"The latest {len(history.entries)} of {history.total} changes.", ""]
    for entry in history.entries:
        when = entry.when.astimezone().strftime("%Y-%m-%d %H:%M") if entry.when else "?"
        lines.append(f"{when}  {entry.author or 'Jira'}")
        lines += [
            f"    {c.label}: {_one_line(c.before)} → {_one_line(c.after)}" for c in entry.changes
        ]
        lines.append("")
    return "\n".join(lines).rstrip()


def _links_text(relations: IssueRelations) -> str:
    return "\n".join(
        f"{relation} {issue.text}"
        for relation, issues in relations.by_relation()
        for issue in issues
    )


class IssueDetailView(QWidget):
    """Fields and links on top, the description below, then the comments and the history."""

    transition_requested = Signal(object)  # Transition
    assign_requested = Signal()
    edit_requested = Signal()
    comment_requested = Signal()
    watch_requested = Signal(bool)  # True: watch, False: stop watching
    vote_requested = Signal(bool)  # True: vote, False: take the vote back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issueDetail")
        self.issue: IssueRow | None = None
        self.detail: IssueDetail | None = None
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
        # shown only where Jade speaks the site's watchers and votes (set_social)
        self._watching = False
        self._voted = False
        self._social = False
        self.watch_button = QPushButton("Watch", body)
        self.vote_button = QPushButton("Vote", body)
        self.watch_button.clicked.connect(lambda: self.watch_requested.emit(not self._watching))
        self.vote_button.clicked.connect(lambda: self.vote_requested.emit(not self._voted))
        self.watch_button.setVisible(False)
        self.vote_button.setVisible(False)
        actions = QHBoxLayout()
        for button in (
            self.transition_button,
            self.assign_button,
            self.edit_button,
            self.comment_button,
            self.watch_button,
            self.vote_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for field, label in _FIELDS:
            value = plain_label("", body)
            value.setWordWrap(True)
            self.values[field] = value
            self.form.addRow(label, value)
        self.description = RichTextView(body)
        self.description.setObjectName("issueDescription")
        self.description.setPlaceholderText("No description")
        self.comments = RichTextView(body)
        self.comments.setObjectName("issueComments")
        self.comments.setPlaceholderText("No comments")
        self.history = QPlainTextEdit(body)
        self.history.setObjectName("issueHistory")
        self.history.setReadOnly(True)
        self.history.setPlaceholderText("No changes")
        self.history.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.activity = QTabWidget(body)
        self.activity.setDocumentMode(True)
        self.activity.addTab(self.comments, "Comments")
        self.activity.addTab(self.history, "History")
        self.column = column = QVBoxLayout(body)
        column.addWidget(self.title)
        column.addLayout(actions)
        column.addLayout(self.form)
        column.addWidget(plain_label("Description", body))
        column.addWidget(self.description, 3)
        column.addWidget(self.activity, 2)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def clear(self) -> None:
        """Show the empty state."""
        self.issue = None
        self.detail = None
        self.empty.setText("Select an issue to see it here.")
        self.pages.setCurrentWidget(self.empty)

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of an issue (loading, or why it could not be shown)."""
        self.issue = None
        self.detail = None
        self.empty.setText(text)
        self.pages.setCurrentWidget(self.empty)

    def show_issue(self, issue: IssueDetail | IssueRow) -> None:
        """Show a fully loaded issue: in full (``IssueDetail``), or its fields as plain text."""
        detail = issue if isinstance(issue, IssueDetail) else IssueDetail(issue, site_url="")
        self.detail = detail
        self.issue = detail.row
        fields = detail.fields
        self.title.setText(f"{detail.key} — {field_text(fields.get('summary'))}")
        for field, label in self.values.items():
            label.setText(display_text(fields.get(field)) or "—")
        relations = detail.relations
        if isinstance(issue, IssueDetail):  # a bare row keeps the fields' own texts
            if relations.parent is not None:
                self.values["parent"].setText(relations.parent.text)
            self.values["subtasks"].setText("\n".join(s.text for s in relations.subtasks) or "—")
            self.values["issuelinks"].setText(_links_text(relations) or "—")
        for field in ("subtasks", "issuelinks"):
            self.form.setRowVisible(self.values[field], self.values[field].text() != "—")
        if detail.description_html is not None:
            self.description.set_html(detail.description_html, detail.site_url)
        else:
            self.description.set_plain(field_text(fields.get("description")))
        # no description: the comments and the history get the room
        empty = not self.description.toPlainText().strip()
        self.column.setStretchFactor(self.description, 1 if empty else 3)
        self.column.setStretchFactor(self.activity, 4 if empty else 2)
        comments = fields.get("comment")
        count = len(_comments(comments))
        if count and detail.comment_html:
            self.comments.set_entries(
                _comment_entries(comments, detail.comment_html), detail.site_url
            )
        else:
            self.comments.set_plain(_comments_plain(comments))
        self._show_social(fields)
        self.history.setPlainText(history_text(detail.history))
        self.activity.setTabText(0, f"Comments ({count})" if count else "Comments")
        total = detail.history.total
        self.activity.setTabText(1, f"History ({total})" if total else "History")
        self.pages.setCurrentIndex(1)

    def set_transitions(self, transitions: Sequence[Transition]) -> None:
        """The transitions open from the issue's status (the Transition menu)."""
        self.transition_menu.clear()
        for transition in transitions:
            # Jira 4.3 does not say where a transition leads: then the name alone
            target = f" → {transition.to_status}" if transition.to_status else ""
            action = self.transition_menu.addAction(action_text(f"{transition.name}{target}"))
            action.triggered.connect(
                lambda _=False, t=transition: self.transition_requested.emit(t)
            )
        self.transition_button.setEnabled(bool(transitions))
        self.transition_button.setToolTip(
            "" if transitions else "No transition is open from this status."
        )

    def set_unavailable(self, reasons: Mapping[str, str]) -> None:
        """Disable the buttons of what the site cannot do ("assign", "edit", "comment"), saying why."""
        for name, button in (
            ("assign", self.assign_button),
            ("edit", self.edit_button),
            ("comment", self.comment_button),
        ):
            reason = reasons.get(name, "")
            button.setEnabled(not reason)
            button.setToolTip(reason)

    def set_social(self, offered: bool) -> None:
        """Offer Watch and Vote (where Jade speaks the site's watchers and votes)."""
        self._social = offered
        self.watch_button.setVisible(offered)
        self.vote_button.setVisible(offered)

    def _show_social(self, fields: Mapping[str, Any]) -> None:
        watches = fields.get("watches")
        votes = fields.get("votes")
        watches = watches if isinstance(watches, dict) else {}
        votes = votes if isinstance(votes, dict) else {}
        self._watching = bool(watches.get("isWatching"))
        self._voted = bool(votes.get("hasVoted"))
        watchers = int(watches.get("watchCount") or 0)
        voters = int(votes.get("votes") or 0)
        self.watch_button.setText(f"{'Stop watching' if self._watching else 'Watch'} ({watchers})")
        self.watch_button.setToolTip(
            "You watch this issue." if self._watching else "Get Jira's notifications about it."
        )
        self.vote_button.setText(f"{'Remove vote' if self._voted else 'Vote'} ({voters})")
        self.vote_button.setToolTip("You voted for it." if self._voted else "Vote for this issue.")
