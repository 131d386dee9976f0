"""Timeline maths, without Qt: dates ↔ x at a zoom, ticks, row packing, the overdue rule.

The timeline shows every dated thing of a few projects on one horizontal axis of days:
milestones of the Project Milestones app, Jira versions and sprints as bars (or diamonds for a
single day), and the Milestones API's buckets as an ordered lane without dates. A
``TimelineItem`` is the one shape all four sources take; ``Scale`` maps days to x and back at
the zoom chosen; ``ticks`` names the axis; ``pack_rows`` stacks overlapping items within a
lane so no two overlap.

Days are whole: an item from ``start`` to ``end`` covers both days, so its bar runs from
``x(start)`` to ``x(end + 1 day)``.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.milestone import date_range_problem

__all__ = [
    "ItemState",
    "Scale",
    "Source",
    "Tick",
    "TimelineItem",
    "Zoom",
    "date_problem",
    "fit_range",
    "is_overdue",
    "pack_rows",
    "pack_spans",
    "ticks",
]

ONE_DAY = timedelta(days=1)


class Zoom(enum.StrEnum):
    """How much time a screen shows: a day, week, month or quarter per axis step."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"

    @property
    def day_width(self) -> float:
        """Pixels per day at this zoom."""
        return _DAY_WIDTH[self]

    def closer(self) -> Zoom:
        """The next zoom in (fewer days on screen); DAY stays DAY."""
        order = list(Zoom)
        return order[max(order.index(self) - 1, 0)]

    def farther(self) -> Zoom:
        """The next zoom out (more days on screen); QUARTER stays QUARTER."""
        order = list(Zoom)
        return order[min(order.index(self) + 1, len(order) - 1)]


_DAY_WIDTH = {Zoom.DAY: 36.0, Zoom.WEEK: 10.0, Zoom.MONTH: 3.0, Zoom.QUARTER: 1.0}


class Source(enum.StrEnum):
    """Where a timeline item comes from."""

    PM_APP = "pm-app"  # Project Milestones for Jira (dated milestones)
    VERSION = "version"  # Jira versions (start to release)
    SPRINT = "sprint"  # Jira agile sprints (start to end)
    BUCKETS = "milestones-api"  # Milestones API buckets (ordered, no dates)

    @property
    def label(self) -> str:
        """How the timeline names the source."""
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    Source.PM_APP: "Milestones (app)",
    Source.VERSION: "Versions",
    Source.SPRINT: "Sprints",
    Source.BUCKETS: "Milestones API",
}


class ItemState(enum.StrEnum):
    """Where an item is in its life, as far as its source says."""

    OPEN = "open"  # planned or under way: may become overdue
    ACTIVE = "active"  # a sprint that runs now
    DONE = "done"  # released version, closed sprint: never overdue
    UNTRACKED = "untracked"  # the source keeps no state (the app's milestones): never overdue


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One thing on the timeline, whatever its source.

    ``start``/``end`` are both set for a range, one of them for a single date (a diamond),
    neither for an undated item (buckets, versions without dates). ``ref`` is the id in its
    source; ``key`` is unique over the timeline.
    """

    source: Source
    project: str  # the Jira project key (the Milestones API: its project id)
    ref: str
    title: str
    start: date | None = None
    end: date | None = None
    state: ItemState = ItemState.OPEN
    detail: str = ""  # description, goal: shown on hover
    color: str = ""  # the Milestones API's colour key
    position: int = 0  # the Milestones API's order
    count: int | None = None  # the Milestones API's task count
    editable: bool = True  # whether its dates may be changed from the timeline

    @property
    def key(self) -> str:
        """Unique over the timeline: source, project and id."""
        return f"{self.source.value}:{self.project}:{self.ref}"

    @property
    def dated(self) -> bool:
        """Whether it has a place on the axis."""
        return self.start is not None or self.end is not None

    @property
    def is_range(self) -> bool:
        """Whether it spans days (a bar) rather than one day (a diamond)."""
        return self.start is not None and self.end is not None and self.start != self.end

    @property
    def first(self) -> date | None:
        """The first day it covers."""
        return self.start if self.start is not None else self.end

    @property
    def last(self) -> date | None:
        """The last day it covers."""
        return self.end if self.end is not None else self.start

    def with_dates(self, start: date | None, end: date | None) -> TimelineItem:
        """The same item on other days."""
        return dataclasses.replace(self, start=start, end=end)

    def shifted(self, days: int) -> TimelineItem:
        """The item moved by ``days`` (both ends)."""
        delta = timedelta(days=days)
        return self.with_dates(
            self.start + delta if self.start is not None else None,
            self.end + delta if self.end is not None else None,
        )


def date_problem(start: date | None, end: date | None) -> str | None:
    """Why ``start`` and ``end`` cannot go together (end before start), or None; the same
    rule and words as the milestone forms'."""
    return date_range_problem(start, end)


def is_overdue(item: TimelineItem, today: date) -> bool:
    """Whether ``item`` ended before ``today`` and is not done (or released, or closed)."""
    last = item.last
    return last is not None and last < today and item.state in (ItemState.OPEN, ItemState.ACTIVE)


@dataclass(frozen=True, slots=True)
class Scale:
    """Days ↔ x at a zoom: ``origin`` is at x = 0."""

    origin: date
    zoom: Zoom

    @property
    def day_width(self) -> float:
        """Pixels per day."""
        return self.zoom.day_width

    def x(self, day: date) -> float:
        """Where ``day`` begins."""
        return (day - self.origin).days * self.day_width

    def day_at(self, x: float) -> date:
        """The day that ``x`` falls in."""
        return self.origin + timedelta(days=int(x // self.day_width))

    def nearest_day(self, x: float) -> date:
        """The day whose beginning is nearest ``x`` (where a dragged edge snaps to)."""
        return self.origin + timedelta(days=round(x / self.day_width))

    def span(self, item: TimelineItem) -> tuple[float, float] | None:
        """``item``'s left and right x (a single day is one day wide), or None if undated."""
        first, last = item.first, item.last
        if first is None or last is None:
            return None
        return self.x(first), self.x(last + ONE_DAY)


@dataclass(frozen=True, slots=True)
class Tick:
    """A mark on the axis: where, which day, its label, and whether it is a major one."""

    x: float
    day: date
    label: str
    major: bool


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _steps(zoom: Zoom, first: date) -> Iterator[date]:
    """Tick days from the step that holds ``first`` onwards."""
    if zoom is Zoom.DAY:
        day = first
        while True:
            yield day
            day += ONE_DAY
    elif zoom is Zoom.WEEK:
        day = first - timedelta(days=first.weekday())
        while True:
            yield day
            day += timedelta(days=7)
    else:
        day = _month_start(first)
        while True:
            yield day
            day = _next_month(day)


def _label(zoom: Zoom, day: date) -> tuple[str, bool]:
    if zoom is Zoom.DAY:
        if day.weekday() == 0 or day.day == 1:
            return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}", True
        return str(day.day), False
    if zoom is Zoom.WEEK:
        major = day.day <= 7  # the first Monday of a month
        text = f"{day.day} {_MONTHS[day.month - 1]}"
        return (f"{text} {day.year}" if major and day.month == 1 else text), major
    if zoom is Zoom.MONTH:
        if day.month == 1:
            return f"{_MONTHS[0]} {day.year}", True
        return _MONTHS[day.month - 1], False
    quarter = (day.month - 1) // 3 + 1
    if (day.month - 1) % 3:
        return "", False  # a month inside a quarter: an unlabelled minor mark
    return f"Q{quarter} {day.year}", day.month == 1


def ticks(scale: Scale, first: date, last: date) -> list[Tick]:
    """The axis marks from ``first`` to ``last`` (inclusive) at ``scale``'s zoom."""
    found: list[Tick] = []
    for day in _steps(scale.zoom, first):
        if day > last:
            break
        label, major = _label(scale.zoom, day)
        found.append(Tick(scale.x(day), day, label, major))
    return found


def pack_rows(items: Iterable[TimelineItem], gap_days: int = 0) -> dict[str, int]:
    """A row for each dated item so that no two in one row overlap (nor come within
    ``gap_days``); rows are filled from 0, earliest start first. Undated items get no row."""
    return pack_spans(
        (
            (i.key, first.toordinal(), last.toordinal() + 1)
            for i in items
            if (first := i.first) is not None and (last := i.last) is not None
        ),
        gap=gap_days,
    )


def pack_spans(spans: Iterable[tuple[str, float, float]], gap: float = 0.0) -> dict[str, int]:
    """A row for each ``(key, left, right)`` so that no two in one row overlap (nor come
    closer than ``gap``); rows are filled from 0, leftmost first (the view packs in pixels, so
    a title written beside a short bar keeps its room)."""
    ordered = sorted((min(a, b), max(a, b), key) for key, a, b in spans)
    row_ends: list[float] = []
    rows: dict[str, int] = {}
    for left, right, key in ordered:
        for row, taken in enumerate(row_ends):
            if left - taken >= gap:
                row_ends[row] = right
                rows[key] = row
                break
        else:
            rows[key] = len(row_ends)
            row_ends.append(right)
    return rows


def fit_range(
    items: Sequence[TimelineItem], today: date, margin_days: int = 7
) -> tuple[date, date]:
    """The days that hold every dated item and today, with ``margin_days`` either side."""
    days = [today]
    for item in items:
        days.extend(d for d in (item.start, item.end) if d is not None)
    margin = timedelta(days=margin_days)
    return min(days) - margin, max(days) + margin
