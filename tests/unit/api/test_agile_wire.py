"""Agile 1.0 wire models against recorded Jira answers (``shared/samples``), and their records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import msgspec
import pytest

from app.api import agile_wire as w
from app.api.errors import ProtocolError
from app.domain.board import AgileApi, BoardType, RankOutcome, SprintState


def _sample(shared_dir: Path, name: str) -> bytes:
    return (shared_dir / "samples" / name).read_bytes()


def test_boards_keep_their_project_when_jira_tells_it(shared_dir: Path) -> None:
    page = msgspec.json.decode(
        _sample(shared_dir, "boards__go-jira.json"), type=w.ValuesPage[w.BoardWire]
    )
    boards = [w.to_board(b) for b in page.values]
    assert page.total == 6 and page.is_last
    assert [(b.id, b.type) for b in boards[:2]] == [(4, BoardType.SCRUM), (5, BoardType.KANBAN)]
    assert [b.project_key for b in boards] == [None] * 5 + ["AP"]
    assert {b.api for b in boards} == {AgileApi.AGILE}


def test_a_kanban_configuration_with_its_backlog_column_and_limits(shared_dir: Path) -> None:
    wire = msgspec.json.decode(
        _sample(shared_dir, "board_configuration__go-jira.json"), type=w.BoardConfigWire
    )
    config = w.to_board_config(wire, "project = IT")
    assert config.board_id == 35 and config.filter_jql == "project = IT"
    names = [c.name for c in config.columns]
    assert names == ["Backlog", "Selected for development", "In Progress", "Blocked", "QA", "Done"]
    backlog, selected, progress = config.columns[:3]
    assert (backlog.min, backlog.max, selected.min, selected.max) == (5, 30, None, 20)
    assert progress.min is None and progress.max is None
    assert config.columns[4].status_ids == ("10838", "10004", "10801", "10839", "10837")
    assert config.column_of("10004") is config.columns[4]
    assert config.column_of("1") is None
    assert config.kanban_backlog  # the first column is named Backlog
    assert config.rank_field == "customfield_10002"
    assert config.estimation_field is None  # kanban boards do not estimate
    assert set(config.unsupported) == {"sprints"}
    assert selected.over_limit(21) and not selected.over_limit(20)
    assert backlog.under_limit(4) and not backlog.under_limit(5)


def test_a_scrum_configuration_from_the_contract_example() -> None:
    body = (
        b'{"id":10000,"type":"scrum","columnConfig":{"columns":[{"name":"To Do","statuses":'
        b'[{"id":"1"},{"id":"4"}]},{"max":4,"min":2,"name":"In progress","statuses":[{"id":"3"}]}'
        b'],"constraintType":"issueCount"},"estimation":{"field":{"displayName":"Story Points",'
        b'"fieldId":"customfield_10002"},"type":"field"},"filter":{"id":"1001"},'
        b'"ranking":{"rankCustomFieldId":10020}}'
    )
    config = w.to_board_config(msgspec.json.decode(body, type=w.BoardConfigWire))
    assert config.estimation_field == "customfield_10002"
    assert config.estimation_name == "Story Points"
    assert config.rank_field == "customfield_10020"
    assert not config.kanban_backlog and config.unsupported == {}


def test_a_kanban_board_without_a_backlog_column_says_so() -> None:
    body = b'{"id":3,"type":"kanban","columnConfig":{"columns":[{"name":"To Do"}]}}'
    config = w.to_board_config(msgspec.json.decode(body, type=w.BoardConfigWire))
    assert not config.kanban_backlog
    assert set(config.unsupported) == {"sprints", "backlog", "rank"}


def test_sprints_in_every_state_with_their_offsets(shared_dir: Path) -> None:
    page = msgspec.json.decode(
        _sample(shared_dir, "board_sprints__go-jira.json"), type=w.ValuesPage[w.SprintWire]
    )
    sprints = [w.to_sprint(s) for s in page.values]
    assert [s.state for s in sprints] == [SprintState.CLOSED] * 3 + [
        SprintState.ACTIVE,
        SprintState.FUTURE,
        SprintState.FUTURE,
    ]
    closed, active, future = sprints[0], sprints[3], sprints[5]
    pacific = timezone(timedelta(hours=-7))
    assert closed.complete == datetime(2016, 4, 28, 5, 8, 48, 543000, tzinfo=pacific)
    assert active.start is not None and active.complete is None
    assert future.start is None and future.goal == "My Goal" and future.board_id == 734
    cloud = msgspec.json.decode(
        _sample(shared_dir, "board_sprints_cloud_values__incubator-devlake.json"),
        type=list[w.SprintWire],
    )
    first = w.to_sprint(cloud[0])
    assert first.end == datetime(2020, 6, 26, 0, 38, tzinfo=UTC)
    assert first.name == "EE Sprint 7" and first.goal == ""


def test_a_sprint_in_a_state_jira_does_not_have_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="unknown state"):
        w.to_sprint(w.SprintWire(id=1, state="paused"))


def test_cards_from_sprint_issues_read_the_epic_object(shared_dir: Path) -> None:
    page = msgspec.json.decode(
        _sample(shared_dir, "sprint_issues__go-jira.json"), type=w.IssuesPageWire
    )
    assert page.total == 10
    card = w.to_card(page.issues[0], "customfield_10005")
    assert card.key == "AR-86" and card.status_name == "Ready" and card.status_id == "10000"
    assert card.issue_type == "Task" and card.priority == "Major"
    assert card.assignee is not None and card.assignee.display_name == "mister Morris"
    assert card.epic_key == "AR-37" and card.sprint_id is None
    assert card.estimate is None and card.labels == () and not card.done


def test_cards_take_an_epic_given_as_a_bare_key_and_the_open_sprint(shared_dir: Path) -> None:
    page = msgspec.json.decode(
        _sample(shared_dir, "epic_issues_cloud__atlassian-python-api.json"), type=w.IssuesPageWire
    )
    card = w.to_card(page.issues[0], None)
    assert card.key == "BAR-111" and card.epic_key == "BAR-22"
    assert card.sprint_id == 1209 and card.done and card.labels == ("test",)


def test_cards_of_board_issues_read_the_status_category(shared_dir: Path) -> None:
    issues = msgspec.json.decode(
        _sample(shared_dir, "board_issues_cloud_values__incubator-devlake.json"),
        type=list[w.IssueWire],
    )
    cards = [w.to_card(i, None) for i in issues]
    # both statuses are named 已完成 ("done"); only the category says which is
    assert [c.done for c in cards] == [False, True]
    assert all(c.epic_key is None and c.sprint_id is None for c in cards)


def test_the_parent_is_the_epic_when_it_is_one() -> None:
    body = (
        b'{"id":"1","key":"T-2","fields":{"estimate":3,"parent":{"key":"T-1","fields":'
        b'{"issuetype":{"name":"Epic","hierarchyLevel":1}}},"epic":null}}'
    )
    card = w.to_card(msgspec.json.decode(body, type=w.IssueWire), "estimate")
    assert card.epic_key == "T-1" and card.estimate == 3.0
    story = b'{"id":"2","key":"T-3","fields":{"parent":{"key":"T-2","fields":{"issuetype":{"name":"Story"}}}}}'
    assert w.to_card(msgspec.json.decode(story, type=w.IssueWire), None).epic_key is None


def test_a_field_of_another_shape_is_a_protocol_error_naming_the_issue() -> None:
    body = b'{"id":"1","key":"T-9","fields":{"status":"Open"}}'
    with pytest.raises(ProtocolError, match="T-9"):
        w.to_card(msgspec.json.decode(body, type=w.IssueWire), None)


def test_rank_outcomes_follow_the_keys_asked() -> None:
    # the contract's example of a 207
    body = (
        b'{"entries":[{"issueId":10000,"issueKey":"PR-1","status":200},{"issueId":10001,'
        b'"issueKey":"PR-2","status":200},{"errors":["JIRA Agile cannot execute the rank '
        b'operation at this time. Please try again later."],"issueId":10002,'
        b'"issueKey":"PR-3","status":503}]}'
    )
    found = msgspec.json.decode(body, type=w.RankResultWire)
    outcomes = w.to_rank_outcomes(["pr-1", "10001", "PR-3", "PR-4"], found)
    assert outcomes[:3] == [
        RankOutcome("pr-1", True),
        RankOutcome("10001", True),
        RankOutcome(
            "PR-3",
            False,
            "JIRA Agile cannot execute the rank operation at this time. Please try again later.",
        ),
    ]
    assert not outcomes[3].ok and "did not say" in outcomes[3].message
    assert w.to_rank_outcomes(["A-1"], None) == [RankOutcome("A-1", True)]
