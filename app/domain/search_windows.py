"""Windows of a large search, and what changed while a search was being loaded.

Data Center pages through at most its result window (10,000 issues) of one query. A larger
result is cut into windows that each hold fewer: a set of whole projects (``project in (…)``),
or, inside a project too large for one window, a range of keys (``key > "P-120" AND key <=
"P-9620"``; a key range is always within one project, JIRA-BEHAVIOUR §10). Dates cannot cut a
window: JQL dates go down to the minute, and any number of issues can share a minute.

Paging is exact only while nothing changes. An issue edited, moved or deleted while its pages
are taken can come twice, never, or out of place (offset pages shift under it); ``ChangedIssue``
names each such issue for the user, and ``reconcile`` finds them by comparing what was loaded
with what the query holds afterwards.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Change",
    "ChangedIssue",
    "SearchWindow",
    "coalesce",
    "describe_changes",
    "halves",
    "page_slices",
    "reconcile",
    "window_capacity",
]


def _quoted(key: str) -> str:
    # project keys are letters, digits and "_", but a key could still read as a reserved word
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True, slots=True)
class SearchWindow:
    """Part of a search's result small enough to page through: projects, or a key range.

    No projects: the whole query (it fits in one window). ``after`` (exclusive) and ``through`` (inclusive) are keys of issues of the one project in
    ``projects``; ``expected`` is how many issues the window held when it was planned.
    """

    projects: tuple[str, ...]
    after: str | None = None
    through: str | None = None
    expected: int = 0
    outside: bool = False  # the issues in none of ``projects`` (projects no list showed)

    def restriction(self) -> str:
        """The JQL that narrows the query to this window ("" for the whole query)."""
        if not self.projects:
            return ""
        if self.outside:
            return f"project not in ({', '.join(self.projects)})"
        if len(self.projects) == 1:
            parts = [f"project = {self.projects[0]}"]
        else:
            parts = [f"project in ({', '.join(self.projects)})"]
        if self.after is not None:
            parts.append(f"key > {_quoted(self.after)}")
        if self.through is not None:
            parts.append(f"key <= {_quoted(self.through)}")
        return " AND ".join(parts)

    @property
    def anchors(self) -> tuple[str, ...]:
        """The keys that bound it (a window fails when one of them is deleted)."""
        return tuple(k for k in (self.after, self.through) if k is not None)


def window_capacity(result_window: int) -> int:
    """How many issues a planned window may hold: the result window, less room to grow."""
    # issues created between planning and paging must still fit under the window
    return max(1, result_window - max(1, result_window // 20))


def halves(items: Sequence[str]) -> tuple[Sequence[str], Sequence[str]]:
    """A list cut in two halves (the first gets the odd one)."""
    middle = (len(items) + 1) // 2
    return items[:middle], items[middle:]


def coalesce(windows: Sequence[SearchWindow], capacity: int) -> list[SearchWindow]:
    """Neighbouring windows of whole projects joined while they fit together."""
    out: list[SearchWindow] = []
    for window in windows:
        last = out[-1] if out else None
        if (
            last is not None
            and not last.anchors
            and not window.anchors
            and not last.outside
            and not window.outside
            and last.expected + window.expected <= capacity
        ):
            out[-1] = SearchWindow(
                last.projects + window.projects, expected=last.expected + window.expected
            )
        else:
            out.append(window)
    return out


def page_slices(size: int, page: int, limit: int, start: int = 0) -> list[tuple[int, int]]:
    """``(startAt, maxResults)`` of the pages of ``size`` issues from ``start``, none reaching
    past ``limit`` (Jira refuses a page that does)."""
    return [(at, min(page, limit - at)) for at in range(start, min(size, limit), page)]


class Change(enum.StrEnum):
    """How an issue's change showed while the search was loaded."""

    MISSED = "missed"  # it matches the query, but no page held it
    REPEATED = "repeated"  # two pages held it: it is listed once, where it came first
    MOVED = "moved"  # it is listed out of its place in the order
    GONE = "gone"  # it was loaded but matches no longer (deleted or changed)


_TEXTS = {
    Change.MISSED: "matches the query but is not listed: it changed while the search loaded",
    Change.REPEATED: "changed while the search loaded and came twice; it is listed once",
    Change.MOVED: "changed while the search loaded and is listed out of order",
    Change.GONE: "is listed but no longer matches the query (deleted or changed)",
}


@dataclass(frozen=True, slots=True)
class ChangedIssue:
    """An issue whose change during the load the result does not show faithfully."""

    id: str
    key: str
    change: Change

    @property
    def message(self) -> str:
        """What happened to it, in a sentence."""
        return f"{self.key or self.id} {_TEXTS[self.change]}."


def reconcile(loaded: Mapping[str, str], current: Mapping[str, str]) -> list[ChangedIssue]:
    """Issues missed by a load (``id → key`` loaded) and loaded issues the query lost since."""
    missed = [ChangedIssue(i, k, Change.MISSED) for i, k in current.items() if i not in loaded]
    gone = [ChangedIssue(i, k, Change.GONE) for i, k in loaded.items() if i not in current]
    return missed + gone


def describe_changes(changes: Iterable[ChangedIssue], shown: int = 5) -> str:
    """A short account of the changes: how many of each, and the first few keys."""
    items = list(changes)
    counts = {change: sum(1 for c in items if c.change is change) for change in Change}
    parts = []
    for change, label in (
        (Change.MISSED, "not listed"),
        (Change.REPEATED, "listed once though loaded twice"),
        (Change.MOVED, "listed out of order"),
        (Change.GONE, "listed but no longer matching"),
    ):
        if counts[change]:
            keys = [c.key or c.id for c in items if c.change is change]
            more = f" and {len(keys) - shown:,} more" if len(keys) > shown else ""
            parts.append(f"{counts[change]:,} {label} ({', '.join(keys[:shown])}{more})")
    noun = "issue" if len(items) == 1 else "issues"
    return f"{len(items):,} {noun} changed while the search loaded: " + "; ".join(parts) + "."
