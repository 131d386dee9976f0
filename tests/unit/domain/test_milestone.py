"""Milestone records: what an edit sends, what the services would refuse, bucket order."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.milestone import (
    BucketChanges,
    BucketKind,
    Milestone,
    MilestoneBucket,
    MilestoneChanges,
    NewBucket,
    NewMilestone,
    bucket_order,
    cannot_delete_reason,
    date_range_problem,
    reordered,
)


def _bucket(id_: int, title: str, position: int, **kw: object) -> MilestoneBucket:
    return MilestoneBucket(id=id_, title=title, project_id=7, position=position, **kw)  # type: ignore[arg-type]


def test_end_before_start_is_a_problem_and_equal_days_are_not() -> None:
    assert date_range_problem(date(2026, 3, 2), date(2026, 3, 1)) == (
        "The end (2026-03-01) is before the start (2026-03-02)."
    )
    assert date_range_problem(date(2026, 3, 1), date(2026, 3, 1)) is None
    assert date_range_problem(None, date(2026, 3, 1)) is None


def test_new_milestone_needs_a_title_and_a_sane_range() -> None:
    assert NewMilestone(" ").problem() == "A milestone needs a title."
    bad = NewMilestone("Freeze", start=date(2026, 5, 2), end=date(2026, 5, 1))
    assert bad.problem() is not None
    assert NewMilestone("Freeze", start=date(2026, 5, 1)).problem() is None


def test_changes_check_against_the_milestones_other_date() -> None:
    current = Milestone("4", "Beta", start=date(2026, 6, 1), end=date(2026, 6, 30))
    assert MilestoneChanges(end=date(2026, 5, 1)).problem(current) is not None
    assert MilestoneChanges(end=date(2026, 7, 1)).problem(current) is None
    assert MilestoneChanges().empty
    assert not MilestoneChanges(description="").empty


def test_changes_applied_keep_what_is_not_sent() -> None:
    current = Milestone("4", "Beta", "text", date(2026, 6, 1), date(2026, 6, 30), "JADE")
    after = MilestoneChanges(title="Beta 2", end=date(2026, 7, 3)).applied_to(current)
    assert after == Milestone("4", "Beta 2", "text", date(2026, 6, 1), date(2026, 7, 3), "JADE")
    assert current.is_range
    assert not Milestone("5", "Day", start=date(2026, 1, 1), end=date(2026, 1, 1)).is_range


def test_the_system_bucket_cannot_be_deleted_and_says_why() -> None:
    system = _bucket(1, "Uncategorised", 0, type=BucketKind.UNCATEGORISED)
    assert system.is_system
    reason = cannot_delete_reason(system)
    assert reason is not None and "Uncategorised" in reason
    assert cannot_delete_reason(_bucket(2, "Phase 1", 1)) is None


def test_titles_are_unique_within_the_project_ignoring_case() -> None:
    existing = [_bucket(1, "Phase 1", 1), _bucket(2, "Phase 2", 2)]
    assert NewBucket("phase 1 ", "success").problem(existing) is not None
    assert NewBucket("Phase 3", "").problem(existing) == "A milestone needs a colour."
    assert NewBucket("Phase 3", "success").problem(existing) is None
    # renaming a bucket to its own title is not a clash
    assert BucketChanges("Phase 1", "danger").problem(1, existing) is None
    assert BucketChanges("Phase 2", "danger").problem(1, existing) is not None


def test_order_and_reorder_number_positions_from_one() -> None:
    buckets = [_bucket(10, "B", 2), _bucket(12, "A", 1), _bucket(15, "C", 2)]
    assert [b.id for b in bucket_order(buckets)] == [12, 10, 15]
    after = reordered(buckets, [15, 12])
    assert [(b.id, b.position) for b in after] == [(15, 1), (12, 2), (10, 3)]
    with pytest.raises(ValueError, match="no milestone with id 99"):
        reordered(buckets, [99])
