"""GreenHopper sprints written through the experimental API, and the Sprint field of an issue.

Each test gets a fresh GreenHopper site: these change its data.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.sandbox import Flavour, Sandbox
from app.sandbox.model import Board, Sprint
from tests.sandbox.conftest import ClientFactory, make_sandbox

GH = "/rest/greenhopper/experimental-api/1.0"
START = "2026-11-02T09:00:00.000+10:00"
END = "2026-11-16T09:00:00.000+10:00"


@pytest.fixture
def site() -> Sandbox:
    """A new GreenHopper site for each test."""
    return make_sandbox(Flavour.GREENHOPPER)


def _board(site: Sandbox) -> Board:
    return next(iter(site.store.boards.values()))


def _sprint(site: Sandbox, board: Board, state: str) -> Sprint:
    return next(
        s for s in site.store.sprints.values() if s.board_id == board.id and s.state == state
    )


async def _refused(response: httpx.Response, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


# ----- create --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_create_a_future_and_an_active_sprint(
    site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(site)
    board = _board(site)
    future = await client.post(
        f"{GH}/board/{board.id}/sprint", json={"name": "  Sprint X ", "state": "future"}
    )
    assert future.status_code == 201
    body = future.json()
    assert body == {
        "id": body["id"],
        "self": f"http://sandbox.test{GH}/sprint/{body['id']}",
        "state": "future",
        "name": "Sprint X",  # trimmed
    }
    assert site.store.sprints[body["id"]].board_id == board.id
    active = await client.post(
        f"{GH}/board/{board.id}/sprint",
        json={"name": "Now", "state": "active", "startDate": START, "endDate": END},
    )
    assert active.status_code == 201
    # the admin works in Europe/Berlin: Jira writes the dates in the caller's zone
    assert active.json()["startDate"] == "2026-11-02T00:00:00.000+01:00"
    closed = await client.post(
        f"{GH}/board/{board.id}/sprint",
        json={
            "name": "Past",
            "state": "closed",
            "startDate": "2026-01-01T00:00:00.000Z",
            "endDate": "2026-01-14T00:00:00.000Z",
            "completeDate": "2026-01-15T00:00:00.000Z",
        },
    )
    assert closed.status_code == 201 and closed.json()["completeDate"].startswith(
        "2026-01-15T01:00"
    )


@pytest.mark.asyncio
async def test_create_refusals(site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(site)
    path = f"{GH}/board/{_board(site).id}/sprint"
    before = len(site.store.sprints)
    no_dates = await _refused(await client.post(path, json={"name": "Go", "state": "active"}))
    assert no_dates == {
        "errorMessages": [],
        "errors": {
            "startDate": "The start date is required for an active sprint.",
            "endDate": "The end date is required for an active sprint.",
        },
    }
    closed = await _refused(
        await client.post(
            path, json={"name": "Old", "state": "closed", "startDate": START, "endDate": END}
        )
    )
    assert closed["errors"] == {
        "completeDate": "The completion date is required for a closed sprint."
    }
    nameless = await _refused(await client.post(path, json={"name": "  ", "state": "future"}))
    assert nameless["errors"] == {"name": "The sprint name is required."}
    stateless = await _refused(await client.post(path, json={"name": "A"}))
    assert stateless["errors"] == {
        "state": "The sprint state is required: future, active or closed."
    }
    backwards = await _refused(
        await client.post(
            path, json={"name": "A", "state": "active", "startDate": END, "endDate": START}
        )
    )
    assert backwards["errors"] == {"endDate": "The end date must be after the start date."}
    # agile 1.0's goal is no field of the 6.x sprint bean: Jackson refuses it before the resource
    goal = await _refused(
        await client.post(path, json={"name": "A", "state": "future", "goal": "Ship"})
    )
    assert list(goal) == ["errorMessages"]
    assert goal["errorMessages"][0].startswith('Unrecognized field "goal" (Class ')
    bad_date = await _refused(
        await client.post(path, json={"name": "A", "state": "future", "startDate": "soon"})
    )
    assert bad_date["errorMessages"] == ['Invalid format: "soon"']
    not_json = await _refused(
        await client.post(path, content=b"[]", headers={"Content-Type": "application/json"})
    )
    assert not_json["errorMessages"][0].startswith("Can not deserialize instance of")
    assert len(site.store.sprints) == before  # nothing refused was kept


@pytest.mark.asyncio
async def test_only_project_administrators_manage_sprints(
    site: Sandbox, client_for: ClientFactory
) -> None:
    store = site.store
    plain = client_for(site, "user")
    user = store.users["JIRAUSER10001"]
    board = next(
        b
        for b in store.boards.values()
        if store.can_browse(user, store.projects[b.project_id])
        and not store.is_project_admin(user, store.projects[b.project_id])
    )
    denied = await plain.post(
        f"{GH}/board/{board.id}/sprint", json={"name": "A", "state": "future"}
    )
    body = await _refused(denied, 403)
    assert body["errorMessages"] == [
        "You need the Administer Projects permission to manage the sprints of this board."
    ]
    future = _sprint(site, board, "future")
    assert (await plain.get(f"{GH}/sprint/{future.id}")).status_code == 200
    assert (await plain.delete(f"{GH}/sprint/{future.id}")).status_code == 403
    assert (await plain.post(f"{GH}/sprint/{future.id}", json={"name": "B"})).status_code == 403
    assert future.id in store.sprints and future.name != "B"


@pytest.mark.asyncio
async def test_kanban_boards_have_no_sprints(site: Sandbox, client_for: ClientFactory) -> None:
    store = site.store
    board = Board(store.next_id("board", 1), "Flow", "kanban", _board(site).project_id)
    store.boards[board.id] = board
    client = client_for(site)
    for response in (
        await client.get(f"{GH}/board/{board.id}/sprint"),
        await client.post(f"{GH}/board/{board.id}/sprint", json={"name": "A", "state": "future"}),
    ):
        assert (await _refused(response))["errorMessages"] == [
            "The board does not support sprints."
        ]
    kanban = (await client.get(f"{GH}/board", params={"type": "kanban"})).json()["values"]
    assert board.id in [b["id"] for b in kanban]
    assert all(b["type"] == "kanban" for b in kanban)


# ----- update --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_full_update_sets_what_it_leaves_out_to_null(
    site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(site)
    board = _board(site)
    future = _sprint(site, board, "future")
    dated = await client.post(f"{GH}/sprint/{future.id}", json={"startDate": START, "endDate": END})
    assert dated.status_code == 200 and "startDate" in dated.json()
    replaced = await client.put(
        f"{GH}/sprint/{future.id}", json={"name": "Renamed", "state": "future"}
    )
    assert replaced.status_code == 200
    assert replaced.json() == {
        "id": future.id,
        "self": f"http://sandbox.test{GH}/sprint/{future.id}",
        "state": "future",
        "name": "Renamed",
    }
    assert future.start_date is None and future.end_date is None
    # an active sprint keeps its dates: a full update without them is refused
    active = _sprint(site, board, "active")
    refused = await _refused(
        await client.put(f"{GH}/sprint/{active.id}", json={"name": "A", "state": "active"})
    )
    assert set(refused["errors"]) == {"startDate", "endDate"}
    assert active.start_date is not None


@pytest.mark.asyncio
async def test_partial_update_changes_only_what_it_holds(
    site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(site)
    active = _sprint(site, _board(site), "active")
    start, end = active.start_date, active.end_date
    renamed = await client.post(f"{GH}/sprint/{active.id}", json={"name": " Focus "})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Focus"
    assert (active.name, active.start_date, active.end_date) == ("Focus", start, end)
    moved = await client.post(f"{GH}/sprint/{active.id}", json={"endDate": END})
    assert moved.status_code == 200 and moved.json()["endDate"] == "2026-11-16T00:00:00.000+01:00"
    cleared = await _refused(
        await client.post(f"{GH}/sprint/{active.id}", json={"startDate": None})
    )
    assert cleared["errors"] == {"startDate": "The start date is required for an active sprint."}


@pytest.mark.asyncio
async def test_sprint_state_cannot_be_updated(site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(site)
    board = _board(site)
    future, active = _sprint(site, board, "future"), _sprint(site, board, "active")
    start = await client.post(
        f"{GH}/sprint/{future.id}", json={"state": "active", "startDate": START, "endDate": END}
    )
    complete = await client.put(
        f"{GH}/sprint/{active.id}",
        json={
            "name": active.name,
            "state": "closed",
            "startDate": START,
            "endDate": END,
            "completeDate": END,
        },
    )
    for response in (start, complete):
        assert await _refused(response) == {
            "errorMessages": ["Sprint state cannot be updated."],
            "errors": {},
        }
    assert (future.state, active.state) == ("future", "active")
    assert future.start_date is None
    missing = await client.put(f"{GH}/sprint/99999", json={"name": "A", "state": "future"})
    assert missing.status_code == 404


# ----- delete --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_only_a_future_sprint_can_be_deleted(
    site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(site)
    store = site.store
    board = _board(site)
    for state in ("active", "closed"):
        sprint = _sprint(site, board, state)
        refused = await _refused(await client.delete(f"{GH}/sprint/{sprint.id}"))
        assert refused == {"errorMessages": ["Only future sprint can be deleted."], "errors": {}}
        assert sprint.id in store.sprints
    future = _sprint(site, board, "future")
    issue = next(
        i for i in store.issues.values() if i.project_id == board.project_id and not i.sprint_ids
    )
    issue.sprint_ids = [future.id]
    deleted = await client.delete(f"{GH}/sprint/{future.id}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert future.id not in store.sprints
    assert issue.sprint_ids == []  # back in the backlog, and the history says so
    assert store.history_of(issue)[-1].items[0].field == "Sprint"
    assert (await client.get(f"{GH}/sprint/{future.id}")).status_code == 404


# ----- moving issues through the Sprint field -----------------------------------------------------


@pytest.mark.asyncio
async def test_the_sprint_field_moves_an_issue(site: Sandbox, client_for: ClientFactory) -> None:
    store = site.store
    client = client_for(site)
    field = store.field_ids.sprint
    board = _board(site)
    future, active, closed = (_sprint(site, board, s) for s in ("future", "active", "closed"))
    issue = next(
        i
        for i in store.issues.values()
        if i.project_id == board.project_id and not store.issue_types[i.issuetype_id].subtask
    )
    issue.sprint_ids = [closed.id]

    async def edit(value: Any) -> httpx.Response:
        return await client.put(f"/rest/api/2/issue/{issue.key}", json={"fields": {field: value}})

    assert (await edit(future.id)).status_code == 204
    assert issue.sprint_ids == [closed.id, future.id]  # the closed sprint it went through stays
    assert (await edit(str(active.id))).status_code == 204
    assert issue.sprint_ids == [closed.id, active.id]
    assert (await edit(None)).status_code == 204
    assert issue.sprint_ids == [closed.id]
    for value, text in (
        ("Sprint 1", "Number value expected as the Sprint id."),
        (99999, "Sprint with id 99999 does not exist."),
        (
            closed.id,
            f"Sprint '{closed.name}' is closed: issues can only be added to an active or future sprint.",
        ),
    ):
        refused = await _refused(await edit(value))
        assert refused["errors"] == {field: text}
    assert issue.sprint_ids == [closed.id]
    subtask = next(i for i in store.issues.values() if store.issue_types[i.issuetype_id].subtask)
    refused = await _refused(
        await client.put(f"/rest/api/2/issue/{subtask.key}", json={"fields": {field: future.id}})
    )
    assert refused["errors"] == {
        field: f"Issue '{subtask.key}' is a sub-task: it is in its parent's sprint."
    }
