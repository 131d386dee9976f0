"""Jira 4.3's search: ``GET search?jql&startAt&maxResults`` and ``POST search`` with a body.

An answer lists each matching issue by ``self`` and ``key`` only (the caller reads each issue
it wants). ``maxResults`` defaults to 50 and is cut to ``jira.search.views.default.max``
(1000); every query runs through the sandbox's JQL engine, and a query it refuses answers 400
with Jira's ``{"errorMessages": [...], "errors": {}}``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import JiraError, JsonResponse, current_user, read_json, store_of
from app.sandbox.jql import JqlError, search
from app.sandbox.routes.legacy_common import renderer

__all__ = ["DEFAULT_MAX", "VIEWS_MAX", "routes"]

DEFAULT_MAX = 50
VIEWS_MAX = 1000  # jira.search.views.default.max


def _number(params: dict[str, Any], name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise JiraError(400, f"The '{name}' parameter must be a number, but was '{raw}'.") from None


async def search_issues(request: Request) -> Response:
    """GET|POST search."""
    params: dict[str, Any]
    if request.method == "POST":
        body = await read_json(request)
        if not isinstance(body, dict):
            raise JiraError(400, "Can not deserialize instance of SearchRequestBean")
        params = body
    else:
        params = dict(request.query_params)
    start = max(0, _number(params, "startAt", 0))
    limit = _number(params, "maxResults", DEFAULT_MAX)
    limit = VIEWS_MAX if limit < 0 else min(limit, VIEWS_MAX)
    jql = str(params.get("jql") or "")
    try:
        outcome = search(store_of(request), jql, user=current_user(request))
    except JqlError as exc:
        raise JiraError(400, *exc.messages) from None
    r = renderer(request)
    page = outcome.issues[start : start + limit]
    return JsonResponse(
        {
            "startAt": start,
            "maxResults": limit,
            "total": len(outcome.issues),
            "issues": [{"self": r.url(f"issue/{i.key}"), "key": i.key} for i in page],
        }
    )


def routes() -> list[Route]:
    """Routes under /rest/api/2.0.alpha1."""
    return [Route("/search", search_issues, methods=["GET", "POST"])]
