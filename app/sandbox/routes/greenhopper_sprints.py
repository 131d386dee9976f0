"""GreenHopper experimental API 1.0 sprints: create on a board, read, replace, patch, delete.

The brief's rules:
- creating needs ``name`` (trimmed) and ``state``: a ``future`` sprint needs no dates, an
  ``active`` one a start and an end, a ``closed`` one a start, an end and a completion date;
- ``PUT`` is a full update (a field left out becomes null), ``POST`` a partial one;
- "Sprint state cannot be updated": neither may change it (Jira Agile 6.x starts and completes
  sprints only on the board);
- only a future sprint can be deleted (400 otherwise), and its issues go to the backlog.

The sprint bean knows ``id, self, state, name, startDate, endDate, completeDate``; any other key
(``goal``, ``originBoardId``: agile 1.0's) is refused by Jackson before the resource runs, in
its own words. Managing sprints takes Administer Projects on the board's project, as it did in
Jira Agile 6.x (the Manage Sprints permission came with Jira Software 7); that 403's text and
the field errors' texts are the sandbox's own (unconfirmed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.history import changes, snapshot
from app.sandbox.http import (
    JiraError,
    JsonResponse,
    UnmappableBody,
    current_user,
    read_json,
    require_user,
    store_of,
)
from app.sandbox.model import Board, Sprint, User
from app.sandbox.routes.greenhopper import (
    NO_SPRINTS,
    SPRINT_STATES,
    board_of,
    renderer,
    sprint_visible,
)
from app.sandbox.store import Store

__all__ = ["routes"]

BEAN = "com.atlassian.greenhopper.api.rest.bean.SprintBean"
FIELDS = ("id", "self", "state", "name", "startDate", "endDate", "completeDate")
NAME_MAX = 255
NO_SPRINT = "Sprint does not exist or you do not have permission to see it."
NO_STATE_CHANGE = "Sprint state cannot be updated."
ONLY_FUTURE = "Only future sprint can be deleted."
NOT_MANAGER = "You need the Administer Projects permission to manage the sprints of this board."


@dataclass(slots=True)
class _Values:
    """A sprint's writable values as a request leaves them."""

    state: str | None
    name: str | None
    start: datetime | None
    end: datetime | None
    complete: datetime | None

    @classmethod
    def of(cls, sprint: Sprint) -> _Values:
        return cls(
            sprint.state, sprint.name, sprint.start_date, sprint.end_date, sprint.complete_date
        )


async def _bean(request: Request) -> dict[str, str | None]:
    """The body as the sprint bean reads it; Jackson's 400 for what it cannot map."""
    raw = (await request.body()).decode("utf-8", errors="replace")
    body = await read_json(request)
    if not isinstance(body, dict):
        token = "START_ARRAY" if isinstance(body, list) else "VALUE_STRING"
        raise UnmappableBody(400, f"Can not deserialize instance of {BEAN} out of {token} token")
    out: dict[str, str | None] = {}
    for key, value in body.items():
        if key not in FIELDS:
            column = raw.find(f'"{key}"') + 1
            raise UnmappableBody(
                400,
                f'Unrecognized field "{key}" (Class {BEAN}), not marked as ignorable\n'
                " at [Source: org.apache.catalina.connector.CoyoteInputStream@6d9a8f1e; "
                f"line: 1, column: {column}]",
            )
        if isinstance(value, dict | list):
            token = "START_OBJECT" if isinstance(value, dict) else "START_ARRAY"
            raise UnmappableBody(
                400, f"Can not deserialize instance of java.lang.String out of {token} token"
            )
        # Jackson reads any scalar into a String property
        out[key] = None if value is None else str(value).lower() if value is True else str(value)
    return out


def _date(value: str | None, request: Request) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise UnmappableBody(400, f'Invalid format: "{value}"') from None
    if parsed.tzinfo is None:  # Joda reads a time without an offset in the caller's zone
        parsed = parsed.replace(tzinfo=renderer(request).zone)
    return parsed.astimezone(UTC)


def _apply(request: Request, into: _Values, bean: dict[str, str | None]) -> _Values:
    """``into`` with the bean's keys set (a key absent leaves its value)."""
    if "state" in bean:
        into.state = bean["state"]
    if "name" in bean:
        into.name = bean["name"].strip() if bean["name"] is not None else None
    if "startDate" in bean:
        into.start = _date(bean["startDate"], request)
    if "endDate" in bean:
        into.end = _date(bean["endDate"], request)
    if "completeDate" in bean:
        into.complete = _date(bean["completeDate"], request)
    return into


def _check(values: _Values) -> tuple[str, str]:
    """The sprint's state and name if its values keep the brief's rules; 400 with each field's
    error otherwise."""
    errors: dict[str, str] = {}
    if not values.name:
        errors["name"] = "The sprint name is required."
    elif len(values.name) > NAME_MAX:
        errors["name"] = f"The sprint name must be shorter than {NAME_MAX} characters."
    state = values.state
    if state is None:
        errors["state"] = "The sprint state is required: future, active or closed."
    elif state not in SPRINT_STATES:
        errors["state"] = (
            f"The sprint state '{state}' is not valid. Valid states are: future, active, closed."
        )
    elif state != "future":
        article = "an" if state == "active" else "a"
        if values.start is None:
            errors["startDate"] = f"The start date is required for {article} {state} sprint."
        if values.end is None:
            errors["endDate"] = f"The end date is required for {article} {state} sprint."
    if state == "closed" and values.complete is None:
        errors["completeDate"] = "The completion date is required for a closed sprint."
    if state in ("future", "active") and values.complete is not None:
        errors["completeDate"] = "Only a closed sprint has a completion date."
    if values.start and values.end and values.end < values.start:
        errors["endDate"] = "The end date must be after the start date."
    if errors or state is None or not values.name:
        raise JiraError(400, errors=errors)
    return state, values.name


def _may_manage(store: Store, user: User, board: Board) -> None:
    if not store.is_project_admin(user, store.projects[board.project_id]):
        raise JiraError(403, NOT_MANAGER)


def _sprint_of(request: Request) -> Sprint:
    store = store_of(request)
    user = require_user(request)
    raw = request.path_params["id"]
    sprint = store.sprints.get(int(raw)) if raw.isdigit() else None
    if sprint is None or not sprint_visible(store, user, sprint):
        raise JiraError(404, NO_SPRINT)
    return sprint


def _managed_sprint(request: Request) -> Sprint:
    """The sprint in the path, if the caller sees it and may manage its board's sprints."""
    sprint = _sprint_of(request)
    store = store_of(request)
    board = store.boards.get(sprint.board_id)
    user = require_user(request)
    if board is None or not store.is_project_admin(user, store.projects[board.project_id]):
        raise JiraError(403, NOT_MANAGER)
    return sprint


def _store_values(sprint: Sprint, values: _Values) -> None:
    sprint.name = values.name or sprint.name
    sprint.start_date = values.start
    sprint.end_date = values.end
    sprint.complete_date = values.complete


async def sprint_create(request: Request) -> Response:
    """POST board/{id}/sprint: a new sprint of any state, with the dates that state needs."""
    board = board_of(request, request.path_params["id"])
    store = store_of(request)
    _may_manage(store, require_user(request), board)
    if board.type != "scrum":
        raise JiraError(400, NO_SPRINTS)
    values = _apply(request, _Values(None, None, None, None, None), await _bean(request))
    state, name = _check(values)
    sprint = Sprint(store.next_id("sprint", 1), board.id, name, state)
    _store_values(sprint, values)
    store.sprints[sprint.id] = sprint
    return JsonResponse(renderer(request).sprint(sprint), status_code=201)


async def sprint_get(request: Request) -> Response:
    """GET sprint/{id}."""
    return JsonResponse(renderer(request).sprint(_sprint_of(request)))


async def _update(request: Request, *, full: bool) -> Response:
    sprint = _managed_sprint(request)
    bean = await _bean(request)
    start = _Values(None, None, None, None, None) if full else _Values.of(sprint)
    values = _apply(request, start, bean)
    if values.state != sprint.state:
        raise JiraError(400, NO_STATE_CHANGE)
    _check(values)
    _store_values(sprint, values)
    return JsonResponse(renderer(request).sprint(sprint))


async def sprint_replace(request: Request) -> Response:
    """PUT sprint/{id}: a full update; what the body leaves out becomes null."""
    return await _update(request, full=True)


async def sprint_patch(request: Request) -> Response:
    """POST sprint/{id}: a partial update of what the body holds."""
    return await _update(request, full=False)


async def sprint_delete(request: Request) -> Response:
    """DELETE sprint/{id}: a future sprint only; its issues go back to the backlog."""
    sprint = _managed_sprint(request)
    if sprint.state != "future":
        raise JiraError(400, ONLY_FUTURE)
    store = store_of(request)
    user = current_user(request)
    now = store.now()
    for issue in [i for i in store.issues.values() if sprint.id in i.sprint_ids]:
        before = snapshot(store, issue)
        issue.sprint_ids = [s for s in issue.sprint_ids if s != sprint.id]
        issue.updated = now
        store.record_change(issue, user.key if user else None, changes(store, before, issue), now)
    del store.sprints[sprint.id]
    return Response(status_code=204)


def routes() -> list[Route]:
    """The sprint routes under /rest/greenhopper/experimental-api/1.0."""
    return [
        Route("/board/{id}/sprint", sprint_create, methods=["POST"]),
        Route("/sprint/{id}", sprint_get, methods=["GET"]),
        Route("/sprint/{id}", sprint_replace, methods=["PUT"]),
        Route("/sprint/{id}", sprint_patch, methods=["POST"]),
        Route("/sprint/{id}", sprint_delete, methods=["DELETE"]),
    ]
