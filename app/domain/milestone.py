"""Milestones of the two milestone services, and the edits Jade sends them (no I/O).

- :class:`Milestone` is a milestone of the Project Milestones for Jira app: a dated range (or a
  single day, or undated) with a title and a description, in one Jira project.
- :class:`MilestoneBucket` is a milestone of the Milestones API: an ordered, coloured bucket of
  tasks in a project, without dates. Every project has one system bucket (``uncategorised``),
  the catch-all for tasks without a milestone, which cannot be deleted.

The edit records say exactly what is sent: a field left ``None`` is not sent and so does not
change (the app changes only the attributes its body holds).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = [
    "BucketChanges",
    "BucketKind",
    "Milestone",
    "MilestoneBucket",
    "MilestoneChanges",
    "NewBucket",
    "NewMilestone",
    "TaskFate",
    "bucket_order",
    "cannot_delete_reason",
    "date_range_problem",
    "reordered",
]


def date_range_problem(start: date | None, end: date | None) -> str | None:
    """Why a start and end cannot go together (end before start), or None when they can."""
    if start is not None and end is not None and end < start:
        return f"The end ({end.isoformat()}) is before the start ({start.isoformat()})."
    return None


# ----- Project Milestones for Jira (the app) ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Milestone:
    """A milestone of the Project Milestones app: ``start``..``end`` (either may be missing)."""

    id: str
    title: str
    description: str = ""
    start: date | None = None
    end: date | None = None
    project_key: str = ""

    @property
    def is_range(self) -> bool:
        """Whether it spans days (a bar) rather than one day or none (a diamond)."""
        return self.start is not None and self.end is not None and self.start != self.end


@dataclass(frozen=True, slots=True)
class NewMilestone:
    """A milestone to create; the app takes dates as ``YYYY-MM-DD``."""

    title: str
    description: str = ""
    start: date | None = None
    end: date | None = None

    def problem(self) -> str | None:
        """What the app would refuse, checked before sending (None: nothing)."""
        if not self.title.strip():
            return "A milestone needs a title."
        return date_range_problem(self.start, self.end)


@dataclass(frozen=True, slots=True)
class MilestoneChanges:
    """An edit of an app milestone: only the fields that are not None are sent, and change."""

    title: str | None = None
    description: str | None = None
    start: date | None = None
    end: date | None = None

    @property
    def empty(self) -> bool:
        """Whether the edit changes nothing."""
        return all(v is None for v in (self.title, self.description, self.start, self.end))

    def problem(self, current: Milestone | None = None) -> str | None:
        """What the app would refuse, against the milestone's other date when it is known."""
        if self.title is not None and not self.title.strip():
            return "A milestone needs a title."
        start = self.start if self.start is not None else (current.start if current else None)
        end = self.end if self.end is not None else (current.end if current else None)
        return date_range_problem(start, end)

    def applied_to(self, milestone: Milestone) -> Milestone:
        """The milestone as it is once the edit is made (what a readback should show)."""
        return Milestone(
            id=milestone.id,
            title=milestone.title if self.title is None else self.title,
            description=milestone.description if self.description is None else self.description,
            start=milestone.start if self.start is None else self.start,
            end=milestone.end if self.end is None else self.end,
            project_key=milestone.project_key,
        )


# ----- Milestones API (buckets) -------------------------------------------------------------------


class BucketKind(enum.StrEnum):
    """A bucket is one the user made, or the project's system catch-all."""

    CATEGORISED = "categorised"
    UNCATEGORISED = "uncategorised"  # the system default: it cannot be deleted


class TaskFate(enum.StrEnum):
    """What deleting a bucket does with its tasks."""

    MOVE_TO_DEFAULT = "move"  # reassigned to the project's uncategorised milestone (the default)
    DELETE = "delete"  # deleted, with their attachments, comments and timers


@dataclass(frozen=True, slots=True)
class MilestoneBucket:
    """A milestone of the Milestones API: an ordered, coloured bucket of tasks (no dates)."""

    id: int
    title: str
    project_id: int
    color: str = "default"  # a colour key: default, success, warning, danger, ...
    position: int = 0
    type: BucketKind = BucketKind.CATEGORISED
    tasks_count: int = 0

    @property
    def is_system(self) -> bool:
        """Whether it is the project's uncategorised default (it cannot be deleted)."""
        return self.type is BucketKind.UNCATEGORISED


def cannot_delete_reason(bucket: MilestoneBucket) -> str | None:
    """Why the service will refuse to delete ``bucket`` (asked before trying), or None."""
    if bucket.is_system:
        return (
            f"“{bucket.title}” is the project's uncategorised default milestone, which holds "
            "the tasks without a milestone; the Milestones API does not delete it."
        )
    return None


@dataclass(frozen=True, slots=True)
class NewBucket:
    """A bucket to create: the title must be unique within the project; a colour is required."""

    title: str
    color: str = "default"

    def problem(self, existing: Iterable[MilestoneBucket] = ()) -> str | None:
        """What the service would refuse, checked before sending (None: nothing)."""
        return _title_problem(self.title, self.color, existing, None)


@dataclass(frozen=True, slots=True)
class BucketChanges:
    """Rename and recolour: the Milestones API needs both, even if one is unchanged."""

    title: str
    color: str

    def problem(self, bucket_id: int, existing: Iterable[MilestoneBucket] = ()) -> str | None:
        """What the service would refuse, checked before sending (None: nothing)."""
        return _title_problem(self.title, self.color, existing, bucket_id)


def _title_problem(
    title: str, color: str, existing: Iterable[MilestoneBucket], own_id: int | None
) -> str | None:
    if not title.strip():
        return "A milestone needs a title."
    if not color.strip():
        return "A milestone needs a colour."
    wanted = title.strip().casefold()
    for other in existing:
        if other.id != own_id and other.title.strip().casefold() == wanted:
            return f"The project already has a milestone titled “{other.title}”."
    return None


def bucket_order(buckets: Iterable[MilestoneBucket]) -> list[MilestoneBucket]:
    """Buckets in the service's order: by position, then id (positions may repeat)."""
    return sorted(buckets, key=lambda b: (b.position, b.id))


def reordered(buckets: Sequence[MilestoneBucket], ids: Sequence[int]) -> list[MilestoneBucket]:
    """``buckets`` with positions 1..N in the order of ``ids`` (what a reorder gives)."""
    by_id = {b.id: b for b in buckets}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise ValueError(f"no milestone with id {missing[0]} in this project")
    rest = [b for b in bucket_order(buckets) if b.id not in set(ids)]
    ordered = [by_id[i] for i in ids] + rest
    return [
        MilestoneBucket(
            id=b.id,
            title=b.title,
            project_id=b.project_id,
            color=b.color,
            position=n,
            type=b.type,
            tasks_count=b.tasks_count,
        )
        for n, b in enumerate(ordered, start=1)
    ]
