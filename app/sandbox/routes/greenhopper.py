"""Jira Agile 6.7's GreenHopper experimental API 1.0: boards, their epics and versions.

Served under ``/rest/greenhopper/experimental-api/1.0`` by the GreenHopper flavour only, as the
brief (``jira-agile-6.7.6-greenhopper-api.txt``) lists it: ``board`` (paged, with ``type`` and
``name`` filters), ``board/{id}``, ``board/{id}/sprint`` (listed here; created, read, updated
and deleted in ``greenhopper_sprints``), ``board/{id}/epic``, ``board/{id}/version`` and
``epic/{id}``. Shapes are in ``render.greenhopper``. The API has no board configuration, no
board issues, no rank and no move: clients read those through the platform API.

Where the brief gives a status but not Jira's words (an unknown board, a bad filter value), the
texts follow agile 1.0's or are the sandbox's own; they are unconfirmed.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import (
    JiraError,
    JsonResponse,
    current_user,
    query_int,
    require_user,
    store_of,
)
from app.sandbox.model import Board, Issue, Sprint, User
from app.sandbox.render.greenhopper import GreenHopperJson, epic_done
from app.sandbox.store import Store

__all__ = ["NO_BOARD", "board_of", "renderer", "routes", "sprint_visible"]

PAGE_MAX = 50  # every list's default; a larger maxResults is cut to it, and the page says so
BOARD_TYPES = ("scrum", "kanban")
SPRINT_STATES = ("future", "active", "closed")
NO_BOARD = "Board does not exist or you do not have permission to see it."
NO_EPIC = "Epic does not exist or you do not have permission to see it."
NO_SPRINTS = "The board does not support sprints."


def renderer(request: Request) -> GreenHopperJson:
    """The JSON renderer for this request's caller (dates in their time zone)."""
    user = current_user(request)
    zone = ZoneInfo(user.time_zone if user is not None else "UTC")
    return GreenHopperJson(store_of(request), f"{request.url.scheme}://{request.url.netloc}", zone)


def _page(request: Request, values: list[object]) -> dict[str, object]:
    start = max(0, query_int(request, "startAt", 0))
    limit = query_int(request, "maxResults", PAGE_MAX)
    limit = PAGE_MAX if limit <= 0 else min(limit, PAGE_MAX)
    return GreenHopperJson.page(values, start, limit)


def board_of(request: Request, raw: str) -> Board:
    """The board named in the path if the caller may see it (its project); 404 otherwise."""
    store = store_of(request)
    user = require_user(request)
    board = store.boards.get(int(raw)) if raw.isdigit() else None
    if board is None or not store.can_browse(user, store.projects[board.project_id]):
        raise JiraError(404, NO_BOARD)
    return board


def sprint_visible(store: Store, user: User | None, sprint: Sprint) -> bool:
    """The brief's rule: the caller sees the sprint's board, or one of its issues."""
    board = store.boards.get(sprint.board_id)
    if board is not None and store.can_browse(user, store.projects[board.project_id]):
        return True
    return any(sprint.id in issue.sprint_ids for issue in store.visible_issues(user))


def _flag(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() not in ("true", "false"):
        raise JiraError(400, f"The '{name}' parameter must be true or false, but was '{raw}'.")
    return raw.lower() == "true"


def _is_epic(store: Store, issue: Issue) -> bool:
    return store.issue_types[issue.issuetype_id].hierarchy_level == 1


async def boards(request: Request) -> Response:
    """GET board?startAt&maxResults&type&name: the boards the caller may see, by id."""
    user = require_user(request)
    store = store_of(request)
    kind = request.query_params.get("type")
    if kind and kind not in BOARD_TYPES:
        raise JiraError(
            400, f"The board type '{kind}' is not valid. Valid types are: scrum, kanban."
        )
    part = (request.query_params.get("name") or "").lower()
    render = renderer(request)
    found: list[object] = [
        render.board(b)
        for b in sorted(store.boards.values(), key=lambda b: b.id)
        if store.can_browse(user, store.projects[b.project_id])
        and (not kind or b.type == kind)
        and part in b.name.lower()
    ]
    return JsonResponse(_page(request, found))


async def board_get(request: Request) -> Response:
    """GET board/{id}."""
    return JsonResponse(renderer(request).board(board_of(request, request.path_params["id"])))


async def board_sprints(request: Request) -> Response:
    """GET board/{id}/sprint?state=active&state=closed: the board's sprints, oldest first."""
    board = board_of(request, request.path_params["id"])
    if board.type != "scrum":
        raise JiraError(400, NO_SPRINTS)
    # several states repeat the parameter, as the brief shows; "active,closed" is no state
    states = request.query_params.getlist("state")
    for state in states:
        if state not in SPRINT_STATES:
            raise JiraError(
                400,
                f"The sprint state '{state}' is not valid. "
                "Valid states are: future, active, closed.",
            )
    store = store_of(request)
    render = renderer(request)
    found: list[object] = [
        render.sprint(s)
        for s in sorted(store.sprints.values(), key=lambda s: s.id)
        if s.board_id == board.id and (not states or s.state in states)
    ]
    return JsonResponse(_page(request, found))


async def board_epics(request: Request) -> Response:
    """GET board/{id}/epic?done=true|false: the epics of the board's project, in rank order."""
    board = board_of(request, request.path_params["id"])
    store = store_of(request)
    done = _flag(request, "done")
    epics = sorted(
        (
            i
            for i in store.issues.values()
            if i.project_id == board.project_id and _is_epic(store, i)
        ),
        key=lambda i: (i.rank, i.id),
    )
    render = renderer(request)
    found: list[object] = [
        render.epic(e) for e in epics if done is None or epic_done(store, e) == done
    ]
    return JsonResponse(_page(request, found))


async def board_versions(request: Request) -> Response:
    """GET board/{id}/version?released=true|false: the board's project's versions, in order."""
    board = board_of(request, request.path_params["id"])
    store = store_of(request)
    released = _flag(request, "released")
    render = renderer(request)
    found: list[object] = [
        render.version(v)
        for v in store.project_versions(store.projects[board.project_id])
        if released is None or v.released == released
    ]
    return JsonResponse(_page(request, found))


async def epic_get(request: Request) -> Response:
    """GET epic/{id}: an epic the caller may see."""
    user = require_user(request)
    store = store_of(request)
    raw = request.path_params["id"]
    issue = store.issues.get(int(raw)) if raw.isdigit() else None
    if (
        issue is None
        or not _is_epic(store, issue)
        or not store.can_browse(user, store.projects[issue.project_id])
    ):
        raise JiraError(404, NO_EPIC)
    return JsonResponse(renderer(request).epic(issue))


def routes() -> list[Route]:
    """The board, epic and version routes under /rest/greenhopper/experimental-api/1.0."""
    return [
        Route("/board", boards, methods=["GET"]),
        Route("/board/{id}", board_get, methods=["GET"]),
        Route("/board/{id}/sprint", board_sprints, methods=["GET"]),
        Route("/board/{id}/epic", board_epics, methods=["GET"]),
        Route("/board/{id}/version", board_versions, methods=["GET"]),
        Route("/epic/{id}", epic_get, methods=["GET"]),
    ]
