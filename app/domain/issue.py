"""Issues as search results list them: id, key and the raw values of the requested fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["IssueRow", "SkippedIssue"]


def _name(value: Any, *keys: str) -> str | None:
    # Jira sends null for an unset user or status; a field not requested is simply absent
    if not isinstance(value, dict):
        return None
    for key in keys:
        found = value.get(key)
        if isinstance(found, str) and found:
            return found
    return None


@dataclass(frozen=True, slots=True)
class IssueRow:
    """One issue of a search result; ``fields`` holds Jira's values as sent (not copied)."""

    id: str
    key: str = ""
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def summary(self) -> str | None:
        """The summary, when it was requested."""
        value = self.fields.get("summary")
        return value if isinstance(value, str) else None

    @property
    def status_name(self) -> str | None:
        """The status's name, when it was requested."""
        return _name(self.fields.get("status"), "name")

    @property
    def assignee_name(self) -> str | None:
        """The assignee's display name (or username), None when unassigned or not requested."""
        return _name(self.fields.get("assignee"), "displayName", "name")


@dataclass(frozen=True, slots=True)
class SkippedIssue:
    """An issue the search listed but the fetch of its fields did not return (deleted, hidden)."""

    id: str
    message: str
