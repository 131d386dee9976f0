"""Each source's records as timeline items, and the items as CSV rows (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from app.domain.board import Sprint, SprintState
from app.domain.issue_export import spreadsheet_safe
from app.domain.milestone import Milestone, MilestoneBucket, bucket_order
from app.domain.project import Version
from app.domain.timeline import ItemState, Source, TimelineItem, is_overdue

__all__ = [
    "CSV_HEADER",
    "csv_rows",
    "from_buckets",
    "from_milestone",
    "from_sprint",
    "from_version",
    "local_day",
]

CSV_HEADER = (
    "source",
    "project",
    "id",
    "title",
    "start",
    "end",
    "state",
    "overdue",
    "position",
    "tasks",
    "color",
)


def local_day(moment: datetime | None) -> date | None:
    """The day ``moment`` falls on where Jade runs (sprints carry instants, the axis days)."""
    if moment is None:
        return None
    return moment.astimezone().date() if moment.tzinfo is not None else moment.date()


def from_version(version: Version, project: str) -> TimelineItem:
    """A version: start to release; released and archived versions are done."""
    done = version.released or version.archived
    notes = []
    if version.released:
        notes.append("released")
    if version.archived:
        notes.append("archived")
    detail = version.description
    if notes:
        detail = f"{detail}\n({', '.join(notes)})".strip()
    return TimelineItem(
        source=Source.VERSION,
        project=project,
        ref=version.id,
        title=version.name,
        start=version.start_date,
        end=version.release_date,
        state=ItemState.DONE if done else ItemState.OPEN,
        detail=detail,
    )


_SPRINT_STATES = {
    SprintState.FUTURE: ItemState.OPEN,
    SprintState.ACTIVE: ItemState.ACTIVE,
    SprintState.CLOSED: ItemState.DONE,
}


def from_sprint(sprint: Sprint, project: str) -> TimelineItem:
    """A sprint: start to end; a closed sprint is done and keeps its dates."""
    return TimelineItem(
        source=Source.SPRINT,
        project=project,
        ref=str(sprint.id),
        title=sprint.name,
        start=local_day(sprint.start),
        end=local_day(sprint.end),
        state=_SPRINT_STATES[sprint.state],
        detail=sprint.goal,
        editable=sprint.state is not SprintState.CLOSED,
    )


def from_milestone(milestone: Milestone, project: str) -> TimelineItem:
    """An app milestone: start to end, or one day; the app keeps no state (never overdue)."""
    return TimelineItem(
        source=Source.PM_APP,
        project=project,
        ref=milestone.id,
        title=milestone.title,
        start=milestone.start,
        end=milestone.end,
        state=ItemState.UNTRACKED,
        detail=milestone.description,
    )


def from_buckets(buckets: Iterable[MilestoneBucket]) -> list[TimelineItem]:
    """The Milestones API's buckets in the service's order (positions 0..N-1 on the lane)."""
    return [
        TimelineItem(
            source=Source.BUCKETS,
            project=str(bucket.project_id),
            ref=str(bucket.id),
            title=bucket.title,
            state=ItemState.UNTRACKED,
            detail="the uncategorised default (it cannot be deleted)" if bucket.is_system else "",
            color=bucket.color,
            position=bucket.position,
            count=bucket.tasks_count,
            editable=False,
        )
        for bucket in bucket_order(buckets)
    ]


def csv_rows(items: Iterable[TimelineItem], today: date) -> list[list[str]]:
    """The items as CSV rows under ``CSV_HEADER`` (dates as YYYY-MM-DD, empty when none;
    titles formula-safe)."""
    return [list(CSV_HEADER)] + [
        [
            item.source.value,
            item.project,
            item.ref,
            spreadsheet_safe(item.title),
            item.start.isoformat() if item.start else "",
            item.end.isoformat() if item.end else "",
            item.state.value,
            "yes" if is_overdue(item, today) else "no",
            str(item.position) if item.source is Source.BUCKETS else "",
            str(item.count) if item.count is not None else "",
            item.color,
        ]
        for item in items
    ]
