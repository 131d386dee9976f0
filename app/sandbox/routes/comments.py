"""Comments of an issue: list (paged), add, read, edit and delete (the author or an admin)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import (
    JiraError,
    JsonResponse,
    ctx,
    query_int,
    read_json,
    require_user,
    store_of,
)
from app.sandbox.model import Issue
from app.sandbox.render.adf import adf_to_wiki
from app.sandbox.routes.issues import TEXT_MAX, visible_issue
from app.sandbox.store import Store

__all__ = ["routes"]


async def comments_get(request: Request) -> Response:
    """GET issue/{idOrKey}/comment?startAt=&maxResults=&expand=renderedBody."""
    issue = visible_issue(request, request.path_params["key"])
    start = max(0, query_int(request, "startAt", 0))
    limit = max(1, query_int(request, "maxResults", 5000))
    rendered = _rendered_body(request)
    return JsonResponse(ctx(request).comments_page(issue, start, limit, rendered_body=rendered))


def _rendered_body(request: Request) -> bool:
    """Whether ``expand=renderedBody`` asks for each comment's HTML as well."""
    return "renderedBody" in request.query_params.get("expand", "").split(",")


def _comment_body(store: Store, body: Any) -> str:
    if not isinstance(body, dict):
        raise JiraError(400, "Can not deserialize instance of object out of a non-object token")
    text = body.get("body")
    if isinstance(text, dict):  # v3 sends ADF: the store keeps wiki markup
        text = adf_to_wiki(text)
    text = str(text or "")
    if not text.strip():
        raise JiraError(400, errors={"comment": "Comment body can not be empty!"})
    if len(text) > TEXT_MAX:
        raise JiraError(
            400,
            errors={
                "comment": "The entered text is too long. It exceeds the allowed limit of 32,767 characters."
            },
        )
    return text


async def comment_add(request: Request) -> Response:
    """POST issue/{idOrKey}/comment."""
    store = store_of(request)
    issue = visible_issue(request, request.path_params["key"])
    user = require_user(request)
    text = _comment_body(store, await read_json(request))
    comment = store.add_comment(issue, user, text, store.now())
    return JsonResponse(ctx(request).comment(issue, comment), status_code=201)


def _comment(request: Request, issue: Issue) -> Any:
    raw = request.path_params["cid"]
    comment = next((c for c in issue.comments if str(c.id) == raw), None)
    if comment is None:
        raise JiraError(404, f"Can not find a comment for the id: {raw}.")
    return comment


async def comment_get(request: Request) -> Response:
    """GET issue/{idOrKey}/comment/{id}."""
    issue = visible_issue(request, request.path_params["key"])
    comment = _comment(request, issue)
    return JsonResponse(ctx(request).comment(issue, comment, rendered_body=_rendered_body(request)))


async def comment_update(request: Request) -> Response:
    """PUT issue/{idOrKey}/comment/{id}: only the author or an admin may edit."""
    store = store_of(request)
    issue = visible_issue(request, request.path_params["key"])
    user = require_user(request)
    comment = _comment(request, issue)
    if comment.author_key != user.key and not user.is_admin:
        raise JiraError(403, "You do not have the permission to edit this comment.")
    comment.body = _comment_body(store, await read_json(request))
    comment.updated = store.now()
    comment.update_author_key = user.key
    return JsonResponse(ctx(request).comment(issue, comment))


async def comment_delete(request: Request) -> Response:
    """DELETE issue/{idOrKey}/comment/{id}."""
    issue = visible_issue(request, request.path_params["key"])
    user = require_user(request)
    comment = _comment(request, issue)
    if comment.author_key != user.key and not user.is_admin:
        raise JiraError(403, "You do not have the permission to delete this comment.")
    issue.comments.remove(comment)
    return Response(status_code=204)


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    return [
        Route("/issue/{key}/comment", comments_get, methods=["GET"]),
        Route("/issue/{key}/comment", comment_add, methods=["POST"]),
        Route("/issue/{key}/comment/{cid}", comment_get, methods=["GET"]),
        Route("/issue/{key}/comment/{cid}", comment_update, methods=["PUT"]),
        Route("/issue/{key}/comment/{cid}", comment_delete, methods=["DELETE"]),
    ]
