"""Agile 1.0 sprints: create, read, update (full and partial), start, complete, delete, issues.

Jira's rules [JS-AGILE][JS-SERVER-SPRINT], JIRA-BEHAVIOUR §7: states go future → active →
closed; starting needs a future sprint with start and end dates, and (without parallel sprints)
no other active sprint on the board; completing needs an active sprint, sets ``completeDate``
and sends the sprint's incomplete issues to the backlog (Data Center: to the future sprint in
``incompleteIssuesDestinationId`` if given; it also refuses while a done issue has sub-tasks
that are not done). A closed sprint cannot change on Data Center; on Cloud only its name and
goal do (other changes are ignored). Only a future sprint may be deleted; its issues go back
to the backlog.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.boards import in_rank_order, is_done
from app.sandbox.http import JiraError, JsonResponse, read_json, require_user, store_of
from app.sandbox.http import ctx as make_ctx
from app.sandbox.model import Flavour, Issue, Sprint, User
from app.sandbox.routes.agile_common import (
    BOARD_MISSING,
    NO_SPRINTS,
    in_sprint,
    issues_answer,
    require_planner,
    set_open_sprint,
    sprint_of,
)
from app.sandbox.store import Store

__all__ = ["routes"]

NEEDS_DATES = "The sprint cannot be started without a start date and an end date."
ONE_ACTIVE = "This board already has an active sprint. Complete it before starting another."
ONLY_ACTIVE_COMPLETES = "Only an active sprint can be completed."
STATE_CHANGE = "A sprint can only go from future to active, and from active to closed."
CLOSED_FROZEN = "A closed sprint cannot be updated."
END_BEFORE_START = "The end date of a sprint must be after its start date."
NAME_REQUIRED = "The sprint name is required."
_STATES = ("future", "active", "closed")


def _date(body: dict[str, Any], name: str) -> datetime | None:
    """A date of the body (ISO 8601, with or without the colon in the offset); UTC inside."""
    raw = body.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = datetime.fromisoformat(str(raw))
    except ValueError:
        raise JiraError(400, errors={name: f"'{raw}' is not a valid date."}) from None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def _text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    return None if value is None else str(value)


async def _body(request: Request) -> dict[str, Any]:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise JiraError(400, "Can not deserialize instance of object out of a non-object token")
    return body


def _planner(request: Request, store: Store, sprint_board: int) -> User:
    user = require_user(request)
    board = store.boards.get(sprint_board)
    if board is None or not store.can_browse(user, store.projects[board.project_id]):
        raise JiraError(404, BOARD_MISSING)
    if board.type != "scrum":
        raise JiraError(400, NO_SPRINTS)
    require_planner(store, user, store.projects[board.project_id])
    return user


async def sprint_create(request: Request) -> Response:
    """POST sprint: a future sprint on ``originBoardId`` (name required; goal, dates optional)."""
    store = store_of(request)
    body = await _body(request)
    board_id = body.get("originBoardId")
    if not isinstance(board_id, int):
        require_user(request)
        raise JiraError(400, errors={"originBoardId": "The sprint's board must be given."})
    _planner(request, store, board_id)
    name = (_text(body, "name") or "").strip()  # Jira trims the name
    if not name:
        raise JiraError(400, errors={"name": NAME_REQUIRED})
    start, end = _date(body, "startDate"), _date(body, "endDate")
    if start and end and end < start:
        raise JiraError(400, END_BEFORE_START)
    sprint = Sprint(
        id=store.next_id("sprint", 1),
        board_id=board_id,
        name=name,
        state="future",
        goal=_text(body, "goal") or "",
        start_date=start,
        end_date=end,
    )
    store.sprints[sprint.id] = sprint
    return JsonResponse(make_ctx(request).sprint(sprint), status_code=201)


async def sprint_get(request: Request) -> Response:
    """GET sprint/{id}."""
    require_user(request)
    return JsonResponse(make_ctx(request).sprint(sprint_of(request)))


async def sprint_full_update(request: Request) -> Response:
    """PUT sprint/{id}: the sprint becomes the body (absent fields are cleared)."""
    return await _update(request, full=True)


async def sprint_partial_update(request: Request) -> Response:
    """POST sprint/{id}: only the fields in the body change."""
    return await _update(request, full=False)


async def _update(request: Request, *, full: bool) -> Response:
    store = store_of(request)
    sprint = sprint_of(request)
    user = _planner(request, store, sprint.board_id)
    body = await _body(request)
    if sprint.state == "closed":
        if store.flavour is Flavour.DATACENTER:
            raise JiraError(400, CLOSED_FROZEN)
        # Cloud: "only the name and goal can be updated; changes to other fields are ignored"
        _rename(sprint, body, full)
        return JsonResponse(make_ctx(request).sprint(sprint))

    # a full update clears what the body leaves out
    start = _date(body, "startDate") if full or "startDate" in body else sprint.start_date
    end = _date(body, "endDate") if full or "endDate" in body else sprint.end_date
    state = str(body.get("state") or sprint.state).lower()
    if state not in _STATES:
        raise JiraError(400, STATE_CHANGE)
    if state != sprint.state:
        _check_change(store, sprint, state, start, end)
    elif state == "active" and (start is None or end is None):
        raise JiraError(400, NEEDS_DATES)
    if start and end and end < start:
        raise JiraError(400, END_BEFORE_START)
    completing = state == "closed" and sprint.state == "active"
    # every refusal comes before the first change: a refused update changes nothing
    destination = _completion_target(store, sprint, body) if completing else None
    _rename(sprint, body, full)
    sprint.start_date, sprint.end_date = start, end
    if completing:
        _close(store, sprint, destination, user)
    sprint.state = state
    return JsonResponse(make_ctx(request).sprint(sprint))


def _rename(sprint: Sprint, body: dict[str, Any], full: bool) -> None:
    if "name" in body or full:
        name = (_text(body, "name") or "").strip()
        if not name:
            raise JiraError(400, errors={"name": NAME_REQUIRED})
        sprint.name = name
    if "goal" in body or full:
        sprint.goal = _text(body, "goal") or ""


def _check_change(
    store: Store, sprint: Sprint, state: str, start: datetime | None, end: datetime | None
) -> None:
    if state == "active":
        if sprint.state != "future":
            raise JiraError(400, STATE_CHANGE)
        if start is None or end is None:
            raise JiraError(400, NEEDS_DATES)
        if any(
            s.board_id == sprint.board_id and s.state == "active" for s in store.sprints.values()
        ):
            raise JiraError(400, ONE_ACTIVE)
    elif state == "closed":
        if sprint.state != "active":
            raise JiraError(400, ONLY_ACTIVE_COMPLETES)
    else:
        raise JiraError(400, STATE_CHANGE)


def _in_sprint(store: Store, sprint: Sprint) -> list[Issue]:
    # every issue of the sprint, also those the caller cannot see
    return in_rank_order(i for i in store.issues.values() if sprint.id in i.sprint_ids)


def _completion_target(store: Store, sprint: Sprint, body: dict[str, Any]) -> Sprint | None:
    """Where the open issues go when ``sprint`` completes (None: the backlog), or the refusal."""
    if store.flavour is Flavour.CLOUD:
        return None  # Cloud's document has no incompleteIssuesDestinationId: the backlog
    blocked = [
        i.key
        for i in _in_sprint(store, sprint)
        if is_done(store, i)
        and any(
            not is_done(store, c)
            for c in store.children(i)
            if store.issue_types[c.issuetype_id].subtask
        )
    ]
    if blocked:
        raise JiraError(
            400,
            "The sprint cannot be completed: these issues are done but have sub-tasks that "
            f"are not: {', '.join(blocked)}.",
        )
    target = body.get("incompleteIssuesDestinationId")
    if target is None:
        return None
    destination = store.sprints.get(target) if isinstance(target, int) else None
    if destination is None or destination.state != "future":
        raise JiraError(
            400, "Incomplete issues can only be moved to a future sprint or the backlog."
        )
    return destination


def _close(store: Store, sprint: Sprint, destination: Sprint | None, user: User) -> None:
    """Close ``sprint`` (still active on entry); its open issues go to ``destination``."""
    issues = _in_sprint(store, sprint)
    now = store.now()
    sprint.state = "closed"
    sprint.complete_date = now
    for issue in issues:
        if not is_done(store, issue):
            set_open_sprint(store, issue, destination, user.key, now)


async def sprint_delete(request: Request) -> Response:
    """DELETE sprint/{id}: a future sprint only; its issues go back to the backlog."""
    store = store_of(request)
    sprint = sprint_of(request)
    user = _planner(request, store, sprint.board_id)
    if sprint.state == "active":
        raise JiraError(400, "An active sprint cannot be deleted.")
    if sprint.state == "closed":
        raise JiraError(400, "A closed sprint cannot be deleted.")
    now = store.now()
    for issue in [i for i in store.issues.values() if sprint.id in i.sprint_ids]:
        set_open_sprint(store, issue, None, user.key, now)  # also those the caller cannot see
    del store.sprints[sprint.id]
    return Response(status_code=204)


async def sprint_issue_list(request: Request) -> Response:
    """GET sprint/{id}/issue: the sprint's issues, in rank order, paged."""
    user = require_user(request)
    return issues_answer(request, in_sprint(store_of(request), sprint_of(request), user))


def routes() -> list[Route]:
    """Sprint routes under /rest/agile/1.0."""
    return [
        Route("/sprint", sprint_create, methods=["POST"]),
        Route("/sprint/{id}", sprint_get, methods=["GET"]),
        Route("/sprint/{id}", sprint_full_update, methods=["PUT"]),
        Route("/sprint/{id}", sprint_partial_update, methods=["POST"]),
        Route("/sprint/{id}", sprint_delete, methods=["DELETE"]),
        Route("/sprint/{id}/issue", sprint_issue_list, methods=["GET"]),
    ]
