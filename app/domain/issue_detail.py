"""One issue in full, for the detail panel: its fields, Jira's rendering, its history and links.

``description_html`` and ``comment_html`` are Jira's own rendering of the rich text
(``expand=renderedFields``): untrusted HTML, for a safe text browser only. They are None /
absent where the server rendered nothing (Jira 4.3, a field it does not render): show the raw
value as plain text then.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.domain.issue import IssueRow
from app.domain.issue_history import IssueHistory
from app.domain.issue_links import IssueRelations

__all__ = ["IssueDetail"]


@dataclass(frozen=True, slots=True)
class IssueDetail:
    """An issue's row (every navigable field and the comments) with what the detail adds."""

    row: IssueRow
    site_url: str  # relative links in the rendering resolve against it
    description_html: str | None = None
    comment_html: Mapping[str, str] = field(default_factory=dict)  # comment id -> HTML
    history: IssueHistory = field(default_factory=IssueHistory)
    relations: IssueRelations = field(default_factory=IssueRelations)

    @property
    def key(self) -> str:
        """The issue key."""
        return self.row.key

    @property
    def fields(self) -> dict[str, Any]:
        """Jira's field values, as sent."""
        return self.row.fields
