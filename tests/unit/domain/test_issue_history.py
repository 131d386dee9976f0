"""Changelog and link records: timestamps, newest-first order, field labels, link texts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from app.domain.issue_history import (
    FieldChange,
    HistoryEntry,
    IssueHistory,
    field_label,
    jira_timestamp,
)
from app.domain.issue_links import IssueLink, IssueRelations, LinkedIssue


def test_jira_timestamps_with_and_without_a_colon_in_the_offset() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert jira_timestamp("2010-07-26T13:29:53.820+0200") == datetime(
        2010, 7, 26, 13, 29, 53, 820000, plus_two
    )
    assert jira_timestamp("2023-07-27T06:13:47Z") == datetime(2023, 7, 27, 6, 13, 47, tzinfo=UTC)
    assert jira_timestamp("26/Jul/10 1:29 PM") is None
    assert jira_timestamp("2010-13-45T13:29:53.820+0200") is None


def test_history_is_newest_first_whatever_order_jira_sent() -> None:
    def entry(day: int | None) -> HistoryEntry:
        when = datetime(2024, 1, day, tzinfo=UTC) if day else None
        return HistoryEntry("Ada", when, (FieldChange("status", "To Do", "Done"),))

    oldest_first = [entry(1), entry(None), entry(3), entry(2)]
    history = IssueHistory.of(oldest_first, total=120)
    assert [e.when.day if e.when else None for e in history.entries] == [3, 2, 1, None]
    assert history.total == 120 and not history.complete
    assert IssueHistory.of(oldest_first).complete


def test_field_labels_read_as_in_jira() -> None:
    assert field_label("status") == "Status"
    assert field_label("IssueParentAssociation") == "Parent"
    assert field_label("Story Points") == "Story Points"
    assert FieldChange("duedate", "", "2024-05-01").label == "Due Date"


def test_links_group_by_relation_in_jiras_order() -> None:
    one, two, three = LinkedIssue("A-1", "One", "To Do"), LinkedIssue("A-2"), LinkedIssue("A-3")
    relations = IssueRelations(
        links=(IssueLink("blocks", one), IssueLink("relates to", two), IssueLink("blocks", three))
    )
    assert relations.by_relation() == (("blocks", (one, three)), ("relates to", (two,)))
    assert one.text == "A-1 One (To Do)" and two.text == "A-2"
    assert IssueRelations().is_empty and not relations.is_empty
