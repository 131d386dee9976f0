"""Jira Software's agile REST 1.0, as far as Jade uses it so far: boards, their sprints, and
moving issues into a sprint. (Board configuration, backlog, ranking and GreenHopper come with
the sprint boards work.)"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.history import changes, snapshot
from app.sandbox.http import (
    JiraError,
    JsonResponse,
    current_user,
    query_int,
    read_json,
    require_user,
    store_of,
)
from app.sandbox.http import ctx as make_ctx
from app.sandbox.model import Board, Flavour
from app.sandbox.render import Ctx

__all__ = ["routes"]

MOVE_MAX = 50  # POST sprint/{id}/issue takes at most 50 issues per call


def _board(c: Ctx, board: Board) -> dict[str, Any]:
    project = c.store.projects[board.project_id]
    return {
        "id": board.id,
        "self": f"{c.base}/rest/agile/1.0/board/{board.id}",
        "name": board.name,
        "type": board.type,
        "location": {
            "projectId": project.id,
            "displayName": f"{project.name} ({project.key})",
            "projectName": project.name,
            "projectKey": project.key,
            "projectTypeKey": project.project_type_key,
            "avatarURI": f"{c.base}/secure/projectavatar?size=xsmall&pid={project.id}",
            "name": f"{project.name} ({project.key})",
        },
    }


def _page(request: Request, values: list[Any]) -> dict[str, Any]:
    start = max(0, query_int(request, "startAt", 0))
    limit = min(50, max(1, query_int(request, "maxResults", 50)))
    page = values[start : start + limit]
    out: dict[str, Any] = {
        "maxResults": limit,
        "startAt": start,
        "isLast": start + limit >= len(values),
        "values": page,
    }
    if store_of(request).flavour is Flavour.DATACENTER:
        out["total"] = len(values)  # DC added a total; Cloud has none
    return out


async def boards(request: Request) -> Response:
    """GET board?projectKeyOrId=&type=: boards over projects the caller may browse."""
    require_user(request)
    c = make_ctx(request)
    store = c.store
    user = current_user(request)
    wanted = request.query_params.get("projectKeyOrId")
    kind = request.query_params.get("type")
    project = store.project(wanted) if wanted else None
    if wanted and (project is None or not store.can_browse(user, project)):
        raise JiraError(400, f"No project could be found with key '{wanted}'.")
    found = [
        b
        for b in sorted(store.boards.values(), key=lambda b: b.id)
        if store.can_browse(user, store.projects[b.project_id])
        and (project is None or b.project_id == project.id)
        and (not kind or b.type == kind)
    ]
    return JsonResponse(_page(request, [_board(c, b) for b in found]))


async def board_sprints(request: Request) -> Response:
    """GET board/{id}/sprint?state=active,future: the board's sprints."""
    require_user(request)
    c = make_ctx(request)
    store = c.store
    raw = request.path_params["id"]
    board = store.boards.get(int(raw)) if raw.isdigit() else None
    if board is None or not store.can_browse(
        current_user(request), store.projects[board.project_id]
    ):
        raise JiraError(404, "Board does not exist or you do not have permission to see it.")
    states = {s for s in request.query_params.get("state", "").split(",") if s}
    sprints = [
        s
        for s in sorted(store.sprints.values(), key=lambda s: s.id)
        if s.board_id == board.id and (not states or s.state in states)
    ]
    return JsonResponse(_page(request, [c.sprint(s) for s in sprints]))


async def move_to_sprint(request: Request) -> Response:
    """POST sprint/{id}/issue: move up to 50 issues into an open or future sprint."""
    user = require_user(request)
    store = store_of(request)
    raw = request.path_params["id"]
    sprint = store.sprints.get(int(raw)) if raw.isdigit() else None
    if sprint is None:
        raise JiraError(404, "Sprint does not exist or you do not have permission to see it.")
    body = await read_json(request)
    keys = body.get("issues") if isinstance(body, dict) else None
    if not isinstance(keys, list) or not keys:
        raise JiraError(400, errors={"issues": "The issues to move must be given."})
    if len(keys) > MOVE_MAX:
        raise JiraError(400, f"Cannot move more than {MOVE_MAX} issues at once.")
    if sprint.state == "closed":
        raise JiraError(400, "Issues can only be moved to an open or future sprint.")
    issues = []
    for key in keys:
        issue = store.issue(str(key))
        if issue is None or not store.can_browse(user, store.projects[issue.project_id]):
            raise JiraError(
                400, f"Issue '{key}' does not exist or you do not have permission to see it."
            )
        if store.issue_types[issue.issuetype_id].subtask:
            raise JiraError(400, f"Issue '{key}' is a sub-task; move its parent instead.")
        issues.append(issue)
    now = store.now()
    for issue in issues:
        before = snapshot(store, issue)
        # an issue is in at most one open or future sprint: moving replaces that one
        kept = [s for s in issue.sprint_ids if store.sprints[s].state == "closed"]
        issue.sprint_ids = [*kept, sprint.id]
        issue.updated = now
        store.record_change(issue, user.key, changes(store, before, issue), now)
    return Response(status_code=204)


def routes() -> list[Route]:
    """Routes under /rest/agile/1.0."""
    return [
        Route("/board", boards, methods=["GET"]),
        Route("/board/{id}/sprint", board_sprints, methods=["GET"]),
        Route("/sprint/{id}/issue", move_to_sprint, methods=["POST"]),
    ]
