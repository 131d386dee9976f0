"""IssueRow's convenience properties."""

from __future__ import annotations

from typing import Any

from app.domain.issue import IssueRow


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
