"""Timeline maths: days ↔ x at every zoom, ticks, row packing, the overdue rule, fitting."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.board import Sprint, SprintState
from app.domain.milestone import BucketKind, Milestone, MilestoneBucket
from app.domain.project import Version
from app.domain.timeline import (
    ItemState,
    Scale,
    Source,
    TimelineItem,
    Zoom,
    date_problem,
    fit_range,
    is_overdue,
    pack_rows,
    pack_spans,
    ticks,
)
from app.domain.timeline_sources import (
    CSV_HEADER,
    csv_rows,
    from_buckets,
    from_milestone,
    from_sprint,
    from_version,
)

ORIGIN = date(2026, 1, 1)
TODAY = date(2026, 11, 2)


def item(
    ref: str,
    start: date | None,
    end: date | None,
    state: ItemState = ItemState.OPEN,
    title: str = "",
) -> TimelineItem:
    return TimelineItem(Source.PM_APP, "ABC", ref, title or f"Item {ref}", start, end, state)


@pytest.mark.parametrize(
    ("zoom", "width"), [(Zoom.DAY, 36.0), (Zoom.WEEK, 10.0), (Zoom.MONTH, 3.0), (Zoom.QUARTER, 1.0)]
)
def test_day_to_x_and_back_at_each_zoom(zoom: Zoom, width: float) -> None:
    scale = Scale(ORIGIN, zoom)
    assert scale.x(ORIGIN) == 0
    assert scale.x(date(2026, 1, 11)) == 10 * width
    assert scale.x(date(2025, 12, 31)) == -width
    assert scale.day_at(10 * width) == date(2026, 1, 11)
    assert scale.day_at(10 * width + width * 0.9) == date(2026, 1, 11)
    assert scale.day_at(-0.5 * width) == date(2025, 12, 31)
    assert scale.nearest_day(10.6 * width) == date(2026, 1, 12)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.sampled_from(Zoom))
def test_every_day_round_trips(day: date, zoom: Zoom) -> None:
    scale = Scale(ORIGIN, zoom)
    assert scale.day_at(scale.x(day)) == day
    assert scale.nearest_day(scale.x(day)) == day


def test_a_range_covers_both_days_and_a_single_day_is_one_day_wide() -> None:
    scale = Scale(ORIGIN, Zoom.WEEK)
    assert scale.span(item("1", date(2026, 1, 2), date(2026, 1, 4))) == (10.0, 40.0)
    assert scale.span(item("2", None, date(2026, 1, 2))) == (10.0, 20.0)
    assert scale.span(item("3", None, None)) is None


def test_zoom_steps_stop_at_the_ends() -> None:
    assert Zoom.DAY.closer() is Zoom.DAY
    assert Zoom.WEEK.closer() is Zoom.DAY
    assert Zoom.MONTH.farther() is Zoom.QUARTER
    assert Zoom.QUARTER.farther() is Zoom.QUARTER


def test_ticks_per_zoom() -> None:
    day = ticks(Scale(ORIGIN, Zoom.DAY), date(2026, 11, 1), date(2026, 11, 3))
    assert [t.label for t in day] == ["Sun 1 Nov", "Mon 2 Nov", "3"]
    assert [t.major for t in day] == [True, True, False]
    week = ticks(Scale(ORIGIN, Zoom.WEEK), date(2026, 11, 4), date(2026, 11, 20))
    assert [t.day for t in week] == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert [t.label for t in week] == ["2 Nov", "9 Nov", "16 Nov"]
    assert week[0].major and not week[1].major
    month = ticks(Scale(ORIGIN, Zoom.MONTH), date(2026, 11, 15), date(2027, 2, 1))
    assert [t.label for t in month] == ["Nov", "Dec", "Jan 2027", "Feb"]
    assert [t.x for t in month][:1] == [Scale(ORIGIN, Zoom.MONTH).x(date(2026, 11, 1))]
    quarter = ticks(Scale(ORIGIN, Zoom.QUARTER), date(2026, 1, 1), date(2026, 12, 31))
    assert [t.label for t in quarter if t.label] == ["Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"]
    assert len(quarter) == 12  # the months between are unlabelled marks


def test_rows_pack_without_overlap() -> None:
    items = [
        item("a", date(2026, 1, 1), date(2026, 1, 10)),
        item("b", date(2026, 1, 5), date(2026, 1, 7)),
        item("c", date(2026, 1, 11), date(2026, 1, 12)),  # fits after a
        item("d", date(2026, 1, 8), None),  # after b in row 1
        item("e", None, None),  # undated: no row
    ]
    rows = pack_rows(items)
    assert rows == {"pm-app:ABC:a": 0, "pm-app:ABC:b": 1, "pm-app:ABC:d": 1, "pm-app:ABC:c": 0}
    # a gap of 1 day keeps c off a's row (it starts the day after a ends)
    assert pack_rows(items, gap_days=1)["pm-app:ABC:c"] != 0


@given(
    st.lists(
        st.tuples(st.integers(0, 400), st.integers(0, 40)), min_size=0, max_size=60, unique=True
    )
)
def test_packed_rows_never_overlap(spans: list[tuple[int, int]]) -> None:
    items = [
        item(str(n), ORIGIN + timedelta(days=s), ORIGIN + timedelta(days=s + length))
        for n, (s, length) in enumerate(spans)
    ]
    rows = pack_rows(items)
    assert set(rows) == {i.key for i in items}
    by_row: dict[int, list[TimelineItem]] = {}
    for it in items:
        by_row.setdefault(rows[it.key], []).append(it)
    for row in by_row.values():
        row.sort(key=lambda i: i.first or ORIGIN)
        for a, b in itertools.pairwise(row):
            assert a.last is not None and b.first is not None
            assert a.last < b.first
    assert max(rows.values(), default=-1) < max(len(items), 1)


def test_overdue_rule() -> None:
    past = date(2026, 10, 1)
    assert is_overdue(item("1", None, past, state=ItemState.OPEN), TODAY)
    assert is_overdue(item("2", past, past, state=ItemState.ACTIVE), TODAY)
    assert not is_overdue(item("3", None, past, state=ItemState.DONE), TODAY)
    assert not is_overdue(item("4", None, past, state=ItemState.UNTRACKED), TODAY)
    assert not is_overdue(item("5", None, TODAY, state=ItemState.OPEN), TODAY)  # due today
    assert not is_overdue(item("6", None, None), TODAY)
    assert is_overdue(item("7", past, None), TODAY)  # a single date in the past


def test_date_checks() -> None:
    assert date_problem(date(2026, 1, 2), date(2026, 1, 1)) == (
        "The end (2026-01-01) is before the start (2026-01-02)."
    )
    assert date_problem(date(2026, 1, 1), date(2026, 1, 1)) is None
    assert date_problem(None, date(2026, 1, 1)) is None


def test_fit_range_holds_items_and_today() -> None:
    items = [item("1", date(2026, 3, 1), date(2026, 4, 1)), item("2", None, None)]
    assert fit_range(items, TODAY, margin_days=2) == (date(2026, 2, 27), date(2026, 11, 4))
    assert fit_range([], TODAY, margin_days=0) == (TODAY, TODAY)


def test_shift_and_redate() -> None:
    it = item("1", date(2026, 3, 1), date(2026, 3, 5))
    assert it.shifted(3).start == date(2026, 3, 4) and it.shifted(3).end == date(2026, 3, 8)
    assert item("2", None, date(2026, 3, 1)).shifted(-1).end == date(2026, 2, 28)
    assert it.with_dates(None, date(2026, 1, 1)).is_range is False
    assert it.is_range and it.dated and not item("3", None, None).dated


def test_versions_and_sprints_as_items() -> None:
    version = Version("10", "1.0", "first", date(2026, 1, 1), date(2026, 2, 1), released=True)
    v = from_version(version, "ABC")
    assert (v.source, v.key, v.start, v.end) == (
        Source.VERSION,
        "version:ABC:10",
        date(2026, 1, 1),
        date(2026, 2, 1),
    )
    assert v.state is ItemState.DONE and "released" in v.detail
    assert from_version(Version("11", "2.0"), "ABC").state is ItemState.OPEN
    sprint = Sprint(
        5,
        "Sprint 5",
        SprintState.CLOSED,
        start=datetime(2026, 1, 5, 12, tzinfo=UTC),
        end=datetime(2026, 1, 19, 12, tzinfo=UTC),
    )
    s = from_sprint(sprint, "ABC")
    assert s.state is ItemState.DONE and not s.editable
    assert s.start == date(2026, 1, 5) and s.end == date(2026, 1, 19)
    assert from_sprint(Sprint(6, "S6", SprintState.ACTIVE), "ABC").state is ItemState.ACTIVE


def test_csv_rows_are_formula_safe() -> None:
    rows = csv_rows(
        [item("1", None, date(2026, 1, 1), state=ItemState.OPEN, title="=cmd()")], TODAY
    )
    assert rows[0] == list(CSV_HEADER)
    assert rows[1][:8] == ["pm-app", "ABC", "1", "'=cmd()", "", "2026-01-01", "open", "yes"]


def test_app_milestones_and_buckets_as_items() -> None:
    m = from_milestone(Milestone("m1", "Freeze", "no features", date(2026, 8, 1)), "ABC")
    assert (m.key, m.first, m.last, m.is_range) == (
        "pm-app:ABC:m1",
        date(2026, 8, 1),
        date(2026, 8, 1),
        False,
    )
    assert not is_overdue(m, TODAY)  # the app keeps no state: past is not overdue
    buckets = from_buckets(
        [
            MilestoneBucket(2, "Phase 2", 159, "warning", position=2, tasks_count=3),
            MilestoneBucket(1, "None", 159, position=2, type=BucketKind.UNCATEGORISED),
            MilestoneBucket(3, "Phase 1", 159, "success", position=1, tasks_count=4),
        ]
    )
    assert [b.ref for b in buckets] == ["3", "1", "2"]  # by position, then id
    assert [b.count for b in buckets] == [4, 0, 3]
    assert buckets[0].color == "success" and not buckets[0].dated
    assert "cannot be deleted" in buckets[1].detail
    assert csv_rows(buckets, TODAY)[1][8:] == ["1", "4", "success"]


def test_spans_pack_in_pixels_with_a_gap() -> None:
    spans = [("a", 0.0, 100.0), ("b", 104.0, 150.0), ("c", 50.0, 60.0), ("d", 110.0, 120.0)]
    assert pack_spans(spans) == {"a": 0, "c": 1, "b": 0, "d": 1}
    assert pack_spans(spans, gap=6.0) == {"a": 0, "c": 1, "b": 1, "d": 0}
    assert pack_spans([]) == {}
