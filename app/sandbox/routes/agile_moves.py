"""Agile 1.0 moves: issues into a sprint, back to the backlog, and ranked before or after another.

At most 50 issues per call [JS-AGILE]. A sprint takes issues while it is active or future; a
sub-task goes with its parent and is refused on its own. A rank that fails for some issues
answers 207 with one entry per issue ``{issueId, issueKey, status, errors}`` [JS-RANK].
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.boards import rank_block
from app.sandbox.http import JiraError, JsonResponse, read_json, require_user, store_of
from app.sandbox.model import Issue, Sprint, User
from app.sandbox.routes.agile_common import (
    MOVE_MAX,
    NO_PLANNING,
    issue_keys,
    may_plan,
    require_planner,
    resolve_issues,
    set_open_sprint,
    sprint_of,
)
from app.sandbox.store import Store

__all__ = ["routes"]

TOO_MANY = f"Cannot move more than {MOVE_MAX} issues at once."
TOO_MANY_RANKED = f"Cannot rank more than {MOVE_MAX} issues at once."
CLOSED_SPRINT = "Issues can only be moved to an open or future sprint."
ONE_ANCHOR = "Give either rankBeforeIssue or rankAfterIssue."
SELF_ANCHOR = "An issue cannot be ranked relative to itself."


def _movable(store: Store, user: User, body: Any) -> list[Issue]:
    """The issues a move names: at most 50, visible, no sub-tasks, in projects ``user`` plans."""
    keys = issue_keys(body)
    if len(keys) > MOVE_MAX:
        raise JiraError(400, TOO_MANY)
    issues = resolve_issues(store, user, keys)
    for issue in issues:
        if store.issue_types[issue.issuetype_id].subtask:
            raise JiraError(400, f"Issue '{issue.key}' is a sub-task; move its parent instead.")
        require_planner(store, user, store.projects[issue.project_id])
    return list({i.id: i for i in issues}.values())


def _anchor(store: Store, user: User, body: Any) -> tuple[Issue, bool] | None:
    """The issue to rank before (True) or after (False), from the body; None if not asked."""
    before = body.get("rankBeforeIssue") if isinstance(body, dict) else None
    after = body.get("rankAfterIssue") if isinstance(body, dict) else None
    if before is not None and after is not None:
        raise JiraError(400, ONE_ANCHOR)
    if before is None and after is None:
        return None
    field = body.get("rankCustomFieldId")
    if field is not None and f"customfield_{field}" != store.field_ids.rank:
        raise JiraError(400, f"The field customfield_{field} is not a rank field.")
    anchor = resolve_issues(store, user, [str(before if before is not None else after)])[0]
    return anchor, before is not None


async def move_to_sprint(request: Request) -> Response:
    """POST sprint/{id}/issue: move up to 50 issues into an active or future sprint."""
    user = require_user(request)
    store = store_of(request)
    sprint: Sprint = sprint_of(request)
    body = await read_json(request)
    issues = _movable(store, user, body)
    if sprint.state == "closed":
        raise JiraError(400, CLOSED_SPRINT)
    anchor = _anchor(store, user, body)
    now = store.now()
    for issue in issues:
        set_open_sprint(store, issue, sprint, user.key, now)
    if anchor is not None:
        rank_block(store, [i for i in issues if i.id != anchor[0].id], anchor[0], before=anchor[1])
    return Response(status_code=204)


async def move_to_backlog(request: Request) -> Response:
    """POST backlog/issue: take up to 50 issues out of their active or future sprint."""
    user = require_user(request)
    store = store_of(request)
    issues = _movable(store, user, await read_json(request))
    now = store.now()
    for issue in issues:
        set_open_sprint(store, issue, None, user.key, now)
    return Response(status_code=204)


async def rank(request: Request) -> Response:
    """PUT issue/rank: rank up to 50 issues, as a block, before or after another issue."""
    user = require_user(request)
    store = store_of(request)
    body = await read_json(request)
    keys = issue_keys(body)
    if len(keys) > MOVE_MAX:
        raise JiraError(400, TOO_MANY_RANKED)
    found = _anchor(store, user, body)
    if found is None:
        raise JiraError(400, ONE_ANCHOR)
    anchor, before = found
    issues = list({i.id: i for i in resolve_issues(store, user, keys)}.values())
    entries: list[dict[str, Any]] = []
    ranked: list[Issue] = []
    for issue in issues:
        project = store.projects[issue.project_id]
        errors: list[str] = []
        if issue.id == anchor.id:
            errors, status = [SELF_ANCHOR], 400
        elif not may_plan(store, user, project):
            errors, status = [NO_PLANNING.format(project.key)], 403
        else:
            ranked.append(issue)
            status = 200
        entry: dict[str, Any] = {"issueId": issue.id, "issueKey": issue.key, "status": status}
        if errors:
            entry["errors"] = errors
        entries.append(entry)
    if ranked:
        rank_block(store, ranked, anchor, before=before)
    if len(ranked) == len(issues):
        return Response(status_code=204)
    return JsonResponse({"entries": entries}, status_code=207)


def routes() -> list[Route]:
    """Move and rank routes under /rest/agile/1.0."""
    return [
        Route("/sprint/{id}/issue", move_to_sprint, methods=["POST"]),
        Route("/backlog/issue", move_to_backlog, methods=["POST"]),
        Route("/issue/rank", rank, methods=["PUT"]),
    ]
