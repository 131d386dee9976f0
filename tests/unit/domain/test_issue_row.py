"""IssueRow: its convenience properties, shared values, and what it costs the collector."""

from __future__ import annotations

import gc
from typing import Any

from app.domain.issue import IssueRow, SharedValue


def test_issue_row_reads_its_fields_none_safely() -> None:
    row = IssueRow(
        "1",
        "A-1",
        {"summary": "Hi", "status": {"name": "Done"}, "assignee": {"displayName": "Ann"}},
    )
    assert (row.summary, row.status_name, row.assignee_name) == ("Hi", "Done", "Ann")
    empty = IssueRow("2", "A-2", {"assignee": None, "status": None})
    assert (empty.summary, empty.status_name, empty.assignee_name) == (None, None, None)
    dc_user: dict[str, Any] = {"assignee": {"name": "ann", "displayName": ""}}
    assert IssueRow("3", "A-3", dc_user).assignee_name == "ann"


def test_shared_values_read_as_plain_values() -> None:
    status = {"name": "Done", "statusCategory": {"key": "done"}}
    row = IssueRow("1", "A-1", {"summary": "Hi", "status": SharedValue(status)})
    assert row.field("status") is status
    assert row.fields == {"summary": "Hi", "status": status}
    assert row.status_name == "Done"
    assert row.field("assignee") is None  # not requested


def test_rows_are_never_tracked_by_the_cyclic_collector() -> None:
    shared = SharedValue({"name": "Done"})
    rows = [IssueRow(str(n), f"A-{n}", {"summary": f"s{n}", "status": shared}) for n in range(3)]
    gc.collect()
    # neither the row nor its dict of strings and handles: a full collection never walks them
    assert not any(gc.is_tracked(row) or gc.is_tracked(row.values) for row in rows)
