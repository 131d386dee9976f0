"""How an issue relates to others: its parent, its sub-tasks, and its links.

A link reads from the issue shown: Jira's ``issuelinks`` entry carries the other issue as
``outwardIssue`` when the shown issue is the link's outward side ("ABC-1 *blocks* ABC-2") and as
``inwardIssue`` otherwise ("ABC-2 *is blocked by* ABC-1"); ``relation`` is that verb, taken from
the link type (``outward`` or ``inward``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IssueLink", "IssueRelations", "LinkedIssue"]


@dataclass(frozen=True, slots=True)
class LinkedIssue:
    """Another issue as a link names it."""

    key: str
    summary: str = ""
    status: str = ""

    @property
    def text(self) -> str:
        """``ABC-2 Fix the login form (To Do)``, leaving out what Jira did not send."""
        status = f" ({self.status})" if self.status else ""
        return f"{self.key} {self.summary}".strip() + status


@dataclass(frozen=True, slots=True)
class IssueLink:
    """One link, read from the issue shown: ``relation`` ("blocks") ``issue``."""

    relation: str
    issue: LinkedIssue
    link_type: str = ""


@dataclass(frozen=True, slots=True)
class IssueRelations:
    """The issue's parent, sub-tasks and links, as Jira listed them."""

    parent: LinkedIssue | None = None
    subtasks: tuple[LinkedIssue, ...] = ()
    links: tuple[IssueLink, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether the issue has no parent, sub-task or link."""
        return self.parent is None and not self.subtasks and not self.links

    def by_relation(self) -> tuple[tuple[str, tuple[LinkedIssue, ...]], ...]:
        """The links grouped by relation, in the order Jira listed them first."""
        groups: dict[str, list[LinkedIssue]] = {}
        for link in self.links:
            groups.setdefault(link.relation, []).append(link.issue)
        return tuple((relation, tuple(issues)) for relation, issues in groups.items())
