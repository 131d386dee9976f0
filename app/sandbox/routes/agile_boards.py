"""Agile 1.0 boards: the list, one board, its configuration, its issues, backlog, sprints, epics.

Issue lists answer in the search shape (``{expand, startAt, maxResults, total, issues}``), in
rank order unless the ``jql`` parameter has an ORDER BY; board, sprint and epic lists in the
values shape. A kanban board has no sprints (``The board does not support sprints``) and, unless
its kanban backlog is on, no backlog.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.boards import board_issues, epics_of, in_rank_order, is_done, is_epic
from app.sandbox.http import JiraError, JsonResponse, current_user, require_user, store_of
from app.sandbox.http import ctx as make_ctx
from app.sandbox.render.agile import board_config_json, board_json, epic_json
from app.sandbox.routes.agile_common import (
    NO_SPRINTS,
    backlog_answer,
    board_of,
    issues_answer,
    values_page,
)

__all__ = ["routes"]

_STATES = ("future", "active", "closed")


async def boards(request: Request) -> Response:
    """GET board?projectKeyOrId=&type=&name=: boards over projects the caller may browse."""
    user = require_user(request)
    c = make_ctx(request)
    store = c.store
    wanted = request.query_params.get("projectKeyOrId")
    kinds = {k for v in request.query_params.getlist("type") for k in v.split(",") if k}
    name = request.query_params.get("name", "").casefold()
    project = store.project(wanted) if wanted else None
    if wanted and (project is None or not store.can_browse(user, project)):
        raise JiraError(400, f"No project could be found with key '{wanted}'.")
    found = [
        b
        for b in sorted(store.boards.values(), key=lambda b: b.id)
        if store.can_browse(user, store.projects[b.project_id])
        and (project is None or b.project_id == project.id)
        and (not kinds or b.type in kinds)
        and name in b.name.casefold()
    ]
    return JsonResponse(values_page(request, [board_json(c, b) for b in found]))


async def board_get(request: Request) -> Response:
    """GET board/{id}."""
    require_user(request)
    return JsonResponse(board_json(make_ctx(request), board_of(request)))


async def board_configuration(request: Request) -> Response:
    """GET board/{id}/configuration: filter, columns (statuses, WIP limits), estimation, rank."""
    require_user(request)
    return JsonResponse(board_config_json(make_ctx(request), board_of(request)))


async def board_issue_list(request: Request) -> Response:
    """GET board/{id}/issue: every issue the board shows, in rank order, paged."""
    require_user(request)
    board = board_of(request)
    return issues_answer(request, board_issues(store_of(request), board, current_user(request)))


async def board_backlog(request: Request) -> Response:
    """GET board/{id}/backlog: not done, in no active or future sprint (kanban: its backlog)."""
    require_user(request)
    return backlog_answer(request, board_of(request))


async def board_sprints(request: Request) -> Response:
    """GET board/{id}/sprint?state=active,future: the board's sprints, oldest first."""
    require_user(request)
    c = make_ctx(request)
    board = board_of(request)
    if board.type != "scrum":
        raise JiraError(400, NO_SPRINTS)
    states = {s for s in request.query_params.get("state", "").split(",") if s}
    unknown = sorted(states - set(_STATES))
    if unknown:
        raise JiraError(400, f"Illegal value {unknown} for param state.")
    sprints = [
        s
        for s in sorted(c.store.sprints.values(), key=lambda s: s.id)
        if s.board_id == board.id and (not states or s.state in states)
    ]
    return JsonResponse(values_page(request, [c.sprint(s) for s in sprints]))


async def board_epics(request: Request) -> Response:
    """GET board/{id}/epic?done=: the epics of the board's project."""
    require_user(request)
    c = make_ctx(request)
    board = board_of(request)
    done = request.query_params.get("done", "").lower()
    epics = [
        e
        for e in epics_of(c.store, board, current_user(request))
        if done not in ("true", "false") or is_done(c.store, e) == (done == "true")
    ]
    return JsonResponse(values_page(request, [epic_json(c, e) for e in epics]))


async def epic_issue_list(request: Request) -> Response:
    """GET epic/{epicIdOrKey}/issue: the epic's issues, in rank order."""
    user = require_user(request)
    store = store_of(request)
    ref = request.path_params["key"]
    epic = store.issue(ref)
    if epic is None or not store.can_browse(user, store.projects[epic.project_id]):
        raise JiraError(404, f"Issue {ref} does not exist or you do not have permission to see it.")
    if not is_epic(store, epic):
        raise JiraError(400, f"Issue {epic.key} is not an epic.")
    return issues_answer(request, in_rank_order(store.children(epic)))


def routes() -> list[Route]:
    """Board routes under /rest/agile/1.0."""
    return [
        Route("/board", boards, methods=["GET"]),
        Route("/board/{id}", board_get, methods=["GET"]),
        Route("/board/{id}/configuration", board_configuration, methods=["GET"]),
        Route("/board/{id}/issue", board_issue_list, methods=["GET"]),
        Route("/board/{id}/backlog", board_backlog, methods=["GET"]),
        Route("/board/{id}/sprint", board_sprints, methods=["GET"]),
        Route("/board/{id}/epic", board_epics, methods=["GET"]),
        Route("/epic/{key}/issue", epic_issue_list, methods=["GET"]),
    ]
