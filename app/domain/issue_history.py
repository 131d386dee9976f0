"""An issue's history as people read it: who changed which field, from what to what, and when.

Jira's changelog names fields by id for system fields (``status``, ``assignee``, ``labels``) and
by name for custom ones (``Sprint``, ``Story Points``); ``field_label`` gives the name its web
UI shows. Values are the ``fromString``/``toString`` texts (the ids in ``from``/``to`` where no
text came). Data Center sends its changelog oldest first and Cloud newest first, and Cloud sends
only the latest 100 entries with ``expand=changelog``: ``IssueHistory`` holds them newest first
whatever the order, and ``total`` says how many Jira holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = ["FieldChange", "HistoryEntry", "IssueHistory", "field_label", "jira_timestamp"]

_LABELS = {
    "assignee": "Assignee",
    "components": "Component",
    "description": "Description",
    "duedate": "Due Date",
    "environment": "Environment",
    "fixVersions": "Fix Version",
    "IssueParentAssociation": "Parent",
    "issuetype": "Issue Type",
    "labels": "Labels",
    "priority": "Priority",
    "reporter": "Reporter",
    "resolution": "Resolution",
    "status": "Status",
    "summary": "Summary",
    "timeestimate": "Remaining Estimate",
    "timeoriginalestimate": "Original Estimate",
    "timespent": "Time Spent",
    "WorklogId": "Worklog",
}
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2}|Z)")


def field_label(field: str) -> str:
    """The name Jira's web UI shows for a changelog ``field``."""
    return _LABELS.get(field, field)


def jira_timestamp(text: str) -> datetime | None:
    """A Jira timestamp (``2010-07-26T13:29:53.820+0200``) as an aware datetime; None if not one."""
    if not _TIMESTAMP.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:  # the right shape with impossible values (month 13): not a timestamp
        return None


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's change: ``before`` and ``after`` as Jira words them ("" for none)."""

    field: str
    before: str
    after: str

    @property
    def label(self) -> str:
        """The field's name as Jira's web UI shows it."""
        return field_label(self.field)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """The changes one person made at one moment."""

    author: str  # display name; "" when Jira names no one (automation, anonymous)
    when: datetime | None  # None when Jira's timestamp could not be read
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class IssueHistory:
    """An issue's changelog, newest first; ``total`` counts what Jira holds, shown or not."""

    entries: tuple[HistoryEntry, ...] = ()
    total: int = 0

    @classmethod
    def of(cls, entries: Iterable[HistoryEntry], total: int | None = None) -> IssueHistory:
        """The entries newest first, in any order given (undated ones last)."""
        listed = list(entries)
        ordered = sorted(
            listed, key=lambda e: e.when.timestamp() if e.when else float("-inf"), reverse=True
        )
        return cls(tuple(ordered), max(total or 0, len(listed)))

    @property
    def complete(self) -> bool:
        """Whether every entry Jira holds is here (Cloud sends only the latest 100)."""
        return len(self.entries) >= self.total
