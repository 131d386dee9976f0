"""Agile 1.0 endpoints of the sandbox: paging, fields, sprint life and moves, as Jira's rules say.

What a client sees of the same rules (refusals, rank order, completing a sprint) is tested
through ``AgileBoards`` in ``tests/integration/test_agile_boards.py``; here are the answers
themselves and the rules that differ between Cloud and Data Center.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.sandbox import Flavour, Sandbox
from app.sandbox.boards import in_rank_order, is_done, open_sprint
from app.sandbox.model import Board, Issue, Sprint
from tests.sandbox.conftest import ClientFactory, make_sandbox

pytestmark = pytest.mark.asyncio
AGILE = "/rest/agile/1.0"


def _scrum(site: Sandbox) -> Board:
    return next(b for b in site.store.boards.values() if b.type == "scrum")


def _sprint(site: Sandbox, board: Board, state: str) -> Sprint:
    return next(
        s for s in site.store.sprints.values() if s.board_id == board.id and s.state == state
    )


def _in(site: Sandbox, sprint: Sprint) -> list[Issue]:
    return [i for i in site.store.issues.values() if sprint.id in i.sprint_ids]


async def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


async def test_lists_page_as_each_flavour_does(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(fresh_site)
    first = await _ok(await client.get(f"{AGILE}/board", params={"maxResults": 2}))
    assert len(first["values"]) == 2 and first["isLast"] is False
    # Cloud sends no total on these lists; Data Center added one [JSWSERVER-21082]
    assert ("total" in first) is (fresh_site.flavour is Flavour.DATACENTER)
    everything = await _ok(await client.get(f"{AGILE}/board", params={"maxResults": 500}))
    assert everything["maxResults"] == 50  # at most 50, whatever is asked
    board = _scrum(fresh_site)
    page = await _ok(
        await client.get(f"{AGILE}/board/{board.id}/issue", params={"startAt": 3, "maxResults": 4})
    )
    assert page["startAt"] == 3 and page["maxResults"] == 4 and len(page["issues"]) == 4
    assert page["total"] > 7


async def test_issue_lists_carry_the_agile_fields_and_only_the_fields_asked(
    client_for: ClientFactory, cloud_site: Sandbox
) -> None:
    client = client_for(cloud_site)
    board = _scrum(cloud_site)
    everything = await _ok(
        await client.get(f"{AGILE}/board/{board.id}/issue", params={"maxResults": 1})
    )
    fields = everything["issues"][0]["fields"]
    assert {"sprint", "closedSprints", "flagged", "epic", "comment", "summary"} <= set(fields)
    some = await _ok(
        await client.get(
            f"{AGILE}/board/{board.id}/issue", params={"maxResults": 1, "fields": "summary,sprint"}
        )
    )
    assert set(some["issues"][0]["fields"]) == {"summary", "sprint"}


async def test_an_order_by_in_the_jql_wins_over_rank(
    client_for: ClientFactory, dc_site: Sandbox
) -> None:
    client = client_for(dc_site)
    board = _scrum(dc_site)
    path = f"{AGILE}/board/{board.id}/issue"
    ranked = await _ok(await client.get(path, params={"fields": "summary", "maxResults": 200}))
    by_key = await _ok(
        await client.get(
            path, params={"fields": "summary", "maxResults": 200, "jql": "ORDER BY key DESC"}
        )
    )
    keys = [i["key"] for i in ranked["issues"]]
    expected = [i.key for i in in_rank_order(dc_site.store.issues_by_key[k] for k in keys)]
    assert keys == expected
    assert [i["key"] for i in by_key["issues"]] == sorted(
        keys, key=lambda k: int(k.rsplit("-", 1)[1]), reverse=True
    )


async def test_a_full_update_clears_what_the_body_leaves_out(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(fresh_site)
    future = _sprint(fresh_site, _scrum(fresh_site), "future")
    future.goal = "Keep me?"
    body = {"name": "Renamed", "state": "future", "startDate": "2026-12-01T09:00:00.000+0100"}
    answer = await _ok(await client.put(f"{AGILE}/sprint/{future.id}", json=body))
    assert answer["name"] == "Renamed" and answer["goal"] == ""
    assert answer["startDate"] == "2026-12-01T08:00:00.000Z" and "endDate" not in answer
    answer = await _ok(await client.post(f"{AGILE}/sprint/{future.id}", json={"goal": "Back"}))
    assert answer["goal"] == "Back" and answer["startDate"] == "2026-12-01T08:00:00.000Z"


async def test_a_closed_sprint_changes_name_and_goal_on_cloud_and_nothing_on_dc(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(fresh_site)
    closed = _sprint(fresh_site, _scrum(fresh_site), "closed")
    end = closed.end_date
    body = {"name": "Looking back", "endDate": "2030-01-01T00:00:00.000Z"}
    response = await client.post(f"{AGILE}/sprint/{closed.id}", json=body)
    if fresh_site.flavour is Flavour.CLOUD:
        answer = await _ok(response)
        assert answer["name"] == "Looking back" and closed.end_date == end  # the date ignored
    else:
        assert response.status_code == 400
        assert response.json()["errorMessages"] == ["A closed sprint cannot be updated."]


async def test_dc_refuses_to_complete_while_a_done_issue_has_open_sub_tasks(
    client_for: ClientFactory,
) -> None:
    site = make_sandbox(Flavour.DATACENTER)
    store = site.store
    active, parent = next(
        (s, i)
        for s in store.sprints.values()
        if s.state == "active"
        for i in _in(site, s)
        if not store.issue_types[i.issuetype_id].subtask and store.children(i)
    )
    child = store.children(parent)[0]
    parent.status_id = 10003  # Done
    child.status_id = 10000  # To Do
    client = client_for(site)
    name = active.name
    body = {"state": "closed", "name": "Done at last"}
    response = await client.post(f"{AGILE}/sprint/{active.id}", json=body)
    assert response.status_code == 400
    assert parent.key in response.json()["errorMessages"][0]
    assert (active.state, active.name) == ("active", name)  # a refused update changes nothing
    child.status_id = 10003
    for other in _in(site, active):  # the same rule for every other done parent
        for sub in store.children(other):
            if is_done(store, other) and store.issue_types[sub.issuetype_id].subtask:
                sub.status_id = 10003
    await _ok(await client.post(f"{AGILE}/sprint/{active.id}", json={"state": "closed"}))


async def test_completing_sends_open_issues_to_dc_destination_or_the_backlog(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    store = fresh_site.store
    board = _scrum(fresh_site)
    active, future = _sprint(fresh_site, board, "active"), _sprint(fresh_site, board, "future")
    for issue in _in(fresh_site, active):  # no done parent with open sub-tasks in the way
        if is_done(store, issue):
            for sub in store.children(issue):
                sub.status_id = issue.status_id
    open_issues = [i for i in _in(fresh_site, active) if not is_done(store, i)]
    done = [i for i in _in(fresh_site, active) if is_done(store, i)]
    assert open_issues
    body = {"state": "closed", "incompleteIssuesDestinationId": future.id}
    answer = await _ok(await client_for(fresh_site).post(f"{AGILE}/sprint/{active.id}", json=body))
    assert answer["state"] == "closed" and "completeDate" in answer
    # Data Center takes the destination; Cloud's document has no such field: the backlog
    expected = future if fresh_site.flavour is Flavour.DATACENTER else None
    assert all(open_sprint(store, i) is expected for i in open_issues)
    assert all(active.id in i.sprint_ids for i in open_issues)  # the closed sprint stays
    assert all(open_sprint(store, i) is None and active.id in i.sprint_ids for i in done)


async def test_deleting_a_future_sprint_sends_its_issues_to_the_backlog(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    future = next(
        s for s in fresh_site.store.sprints.values() if s.state == "future" and _in(fresh_site, s)
    )
    issues = _in(fresh_site, future)
    response = await client_for(fresh_site).delete(f"{AGILE}/sprint/{future.id}")
    assert response.status_code == 204
    assert future.id not in fresh_site.store.sprints
    assert all(future.id not in i.sprint_ids for i in issues)


async def test_sub_tasks_go_with_their_parent_and_never_alone(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    store = fresh_site.store
    board = _scrum(fresh_site)
    future = _sprint(fresh_site, board, "future")
    parent = next(
        i
        for i in store.issues.values()
        if i.project_id == board.project_id
        and any(store.issue_types[c.issuetype_id].subtask for c in store.children(i))
    )
    child = next(c for c in store.children(parent) if store.issue_types[c.issuetype_id].subtask)
    client = client_for(fresh_site)
    path = f"{AGILE}/sprint/{future.id}/issue"
    await _ok(await client.post(path, json={"issues": [parent.key]}), 204)
    assert open_sprint(store, child) is future
    response = await client.post(path, json={"issues": [child.key]})
    assert response.status_code == 400
    assert response.json()["errorMessages"] == [
        f"Issue '{child.key}' is a sub-task; move its parent instead."
    ]
    await _ok(await client.post(f"{AGILE}/backlog/issue", json={"issues": [parent.key]}), 204)
    assert open_sprint(store, parent) is None and open_sprint(store, child) is None


async def test_someone_who_only_browses_may_not_plan(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    store = fresh_site.store
    plain = store.user_by_name("pat")
    assert plain is not None
    board = next(
        b
        for b in store.boards.values()
        if b.type == "scrum" and store.can_browse(plain, store.projects[b.project_id])
    )
    project = store.projects[board.project_id]
    client = client_for(fresh_site, "user")
    response = await client.post(
        f"{AGILE}/sprint", json={"name": "Mine", "originBoardId": board.id}
    )
    assert response.status_code == 403
    assert response.json()["errorMessages"] == [
        f"You do not have permission to manage sprints or rank issues in project '{project.key}'."
    ]
    first, second = in_rank_order(i for i in store.issues.values() if i.project_id == project.id)[
        :2
    ]
    response = await client.put(
        f"{AGILE}/issue/rank", json={"issues": [second.key], "rankBeforeIssue": first.key}
    )
    assert response.status_code == 207
    assert response.json()["entries"][0]["status"] == 403
