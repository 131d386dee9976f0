"""The GreenHopper wire: the API's records, columns from statuses, cards from search issues."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import msgspec
import pytest

from app.api.greenhopper_wire import (
    AgileFields,
    BoardWire,
    EpicWire,
    PageWire,
    SprintWire,
    agile_fields,
    columns_from_statuses,
    gh_time,
    open_sprint_id,
    to_board,
    to_card,
    to_epic,
    to_sprint,
)
from app.domain.board import AgileApi, BoardType, SprintState


def _status(sid: str, key: str, name: str) -> dict[str, object]:
    return {"id": sid, "name": f"S{sid}", "statusCategory": {"id": 2, "key": key, "name": name}}


def test_the_briefs_examples_decode() -> None:
    page = msgspec.json.decode(
        b'{"maxResults":2,"startAt":1,"total":5,"isLast":false,"values":[{"id":37,"self":"x",'
        b'"state":"closed","name":"sprint 1","startDate":"2015-04-11T15:22:00.000+10:00",'
        b'"endDate":"2015-04-20T01:22:00.000+10:00","completeDate":"2015-04-20T11:04:00.000+10:00"'
        b'},{"id":72,"self":"y","state":"future","name":"sprint 2"}]}',
        type=PageWire[SprintWire],
    )
    assert (page.start_at, page.max_results, page.total, page.is_last) == (1, 2, 5, False)
    closed, future = (to_sprint(s, 84) for s in page.values)
    ten = timezone(timedelta(hours=10))
    assert closed.start == datetime(2015, 4, 11, 15, 22, tzinfo=ten)
    assert closed.complete == datetime(2015, 4, 20, 11, 4, tzinfo=ten)
    assert (closed.state, closed.board_id) == (SprintState.CLOSED, 84)
    assert (future.state, future.start, future.end, future.complete) == (
        SprintState.FUTURE,
        None,
        None,
        None,
    )
    board = msgspec.json.decode(
        b'{"id":92,"self":"z","name":"kanban board","type":"kanban"}', type=BoardWire
    )
    assert to_board(board, "ABC") == to_board(board, "ABC")
    made = to_board(board, None)
    assert (made.id, made.type, made.api, made.project_key) == (
        92,
        BoardType.KANBAN,
        AgileApi.GREENHOPPER,
        None,
    )
    epic = msgspec.json.decode(
        b'{"id":37,"self":"e","name":"epic 1","summary":"epic 1 summary","color":{"key":"color_4"},"done":true}',
        type=EpicWire,
    )
    assert to_epic(epic, "ABC-7") == to_epic(epic, "ABC-7")
    assert (to_epic(epic, "ABC-7").colour, to_epic(epic, "ABC-7").done) == ("color_4", True)
    assert to_epic(EpicWire(1), "").colour is None


def test_times_with_and_without_offsets() -> None:
    assert gh_time("2026-11-02T09:00:00.000Z") == datetime(2026, 11, 2, 9, tzinfo=UTC)
    assert gh_time("2026-11-02T10:00:00.000+01:00") == datetime(2026, 11, 2, 9, tzinfo=UTC)
    assert gh_time(None) is None and gh_time("") is None


def test_columns_follow_the_status_categories() -> None:
    answers = [
        {
            "name": "Task",
            "statuses": [
                _status("3", "indeterminate", "In Progress"),
                _status("1", "new", "To Do"),
            ],
        },
        {
            "name": "Bug",
            "statuses": [
                _status("6", "done", "Done"),
                _status("1", "new", "To Do"),
                _status("4", "indeterminate", "In Progress"),
                {"id": "9", "name": "Legacy"},  # a status without a category (Jira 6.x allows it)
            ],
        },
    ]
    columns = columns_from_statuses(answers)
    assert [(c.name, c.status_ids) for c in columns] == [
        ("No Category", ("9",)),
        ("To Do", ("1",)),
        ("In Progress", ("3", "4")),
        ("Done", ("6",)),
    ]
    assert all(c.min is None and c.max is None for c in columns)
    assert columns_from_statuses([]) == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ([], None),
        (
            [
                "com.atlassian.greenhopper.service.sprint.Sprint@1f[id=3,rapidViewId=1,state=CLOSED,"
                "name=Sprint 3, with a comma,startDate=2026-01-01,endDate=<null>,sequence=3]",
                "com.atlassian.greenhopper.service.sprint.Sprint@2a[id=42,rapidViewId=1,state=ACTIVE,"
                "name=Now,goal=,sequence=42]",
            ],
            42,
        ),
        (
            [
                "com.atlassian.greenhopper.service.sprint.Sprint@7[id=7,rapidViewId=1,state=FUTURE,name=x]"
            ],
            7,
        ),
        (["com.atlassian.greenhopper.service.sprint.Sprint@7[id=7,state=CLOSED,name=x]"], None),
        ([{"id": 5, "state": "closed"}, {"id": 6, "state": "future"}], 6),
        (["garbage", 12], None),
    ],
)
def test_the_open_sprint_of_a_sprint_field(value: object, expected: int | None) -> None:
    assert open_sprint_id(value) == expected


def test_agile_fields_by_type_and_name() -> None:
    fields = [
        {"id": "summary", "name": "Summary", "custom": False, "schema": {"type": "string"}},
        {
            "id": "customfield_10104",
            "name": "Sprint",
            "custom": True,
            "schema": {"type": "array", "custom": "com.pyxis.greenhopper.jira:gh-sprint"},
        },
        {
            "id": "customfield_10100",
            "name": "Epic Link",
            "custom": True,
            "schema": {"type": "any", "custom": "com.pyxis.greenhopper.jira:gh-epic-link"},
        },
        {
            "id": "customfield_10106",
            "name": "Story Points",
            "custom": True,
            "schema": {"type": "number"},
        },
    ]
    found = agile_fields(fields)
    assert found == AgileFields("customfield_10104", "customfield_10100", "customfield_10106")
    assert found.ids == ("customfield_10104", "customfield_10100", "customfield_10106")
    assert agile_fields([]) == AgileFields() and AgileFields().ids == ()


def test_a_card_from_a_search_issue() -> None:
    agile = AgileFields("customfield_1", "customfield_2", "customfield_3")
    issue = {
        "id": "10042",
        "key": "ABC-42",
        "fields": {
            "summary": "Make it so",
            "status": {"id": "10003", "name": "Done", "statusCategory": {"key": "done"}},
            "issuetype": {"name": "Story"},
            "priority": {"name": "High"},
            "assignee": {"name": "kknuth", "displayName": "Donald Knuth", "active": True},
            "labels": ["ui", "beta"],
            "customfield_1": [
                "com.atlassian.greenhopper.service.sprint.Sprint@2a[id=5,state=FUTURE,name=N]"
            ],
            "customfield_2": "ABC-7",
            "customfield_3": 5,
        },
    }
    card = to_card(issue, agile)
    assert (card.id, card.key, card.summary, card.status_id, card.status_name) == (
        "10042",
        "ABC-42",
        "Make it so",
        "10003",
        "Done",
    )
    assert (card.issue_type, card.priority, card.labels, card.done) == (
        "Story",
        "High",
        ("ui", "beta"),
        True,
    )
    assert card.assignee is not None and (card.assignee.id, card.assignee.display_name) == (
        "kknuth",
        "Donald Knuth",
    )
    assert (card.estimate, card.epic_key, card.sprint_id) == (5.0, "ABC-7", 5)
    bare = to_card(
        {"id": "1", "key": "A-1", "fields": {"summary": "x", "assignee": None}}, AgileFields()
    )
    assert (bare.assignee, bare.estimate, bare.epic_key, bare.sprint_id, bare.done) == (
        None,
        None,
        None,
        None,
        False,
    )
