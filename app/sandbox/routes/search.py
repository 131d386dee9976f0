"""Issue search per flavour, Cloud's bulk fetch and approximate count, and JQL autocompletion.

Cloud: ``/search/jql`` pages with an opaque ``nextPageToken`` (no total), ``/search`` answers 410.
Data Center: ``/search`` pages with ``startAt``/``maxResults``/``total``; ``/search/jql`` is 404.
A DC page that reaches past the site's result window (``SandboxConfig.search_window``, 10,000 as
in Jira) is refused with Jira's "Search limit exceeded" 500 when the query matches more than
the window. Every page runs the query again, so pages taken while issues change can repeat or
skip issues, as Jira's do (JIRA-BEHAVIOUR §10).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import (
    JiraError,
    JsonResponse,
    MethodNotAllowed,
    NoSuchResource,
    ctx,
    current_user,
    read_json,
    store_of,
)
from app.sandbox.jql import JqlError, autocomplete_data, is_bounded, search, suggestions
from app.sandbox.model import Flavour
from app.sandbox.render import Ctx, select_fields

__all__ = ["routes"]

CLOUD_MAX_PAGE = 5000  # with only ids/keys requested
CLOUD_MAX_PAGE_WITH_FIELDS = 100
DC_MAX_PAGE = 1000
SEARCH_WINDOW = 10000  # Jira DC's jira.search.platform.max.result.window
REMOVED = (
    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
    "A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"
)


async def _params(request: Request) -> dict[str, Any]:
    """GET query parameters or the POST body, normalised to one dict."""
    if request.method == "POST":
        body = await read_json(request)
        if not isinstance(body, dict):
            raise JiraError(400, "Can not deserialize instance of object out of a non-object token")
        return body
    params: dict[str, Any] = dict(request.query_params)
    for multi in ("fields", "expand", "properties"):
        values = request.query_params.getlist(multi)
        if values:
            params[multi] = ",".join(values)
    return params


def _expand(params: dict[str, Any]) -> set[str]:
    raw = params.get("expand") or ""
    items = raw if isinstance(raw, list) else str(raw).split(",")
    return {str(x).strip() for x in items if str(x).strip()}


def _run(request: Request, jql: str, validate: str = "strict") -> tuple[list[Any], list[str]]:
    try:
        outcome = search(store_of(request), jql, user=current_user(request), validate=validate)
    except JqlError as exc:
        if any(m.startswith(SYNTAX_PREFIXES) for m in exc.messages):
            raise JiraError(400, *exc.messages) from None
        raise JqlRejected(exc.messages, exc.warnings) from None
    return outcome.issues, outcome.warnings


# "Error in the JQL Query: " (DC and most recordings) or "Error in JQL Query: " (recent Cloud)
SYNTAX_PREFIXES = ("Error in the JQL Query: ", "Error in JQL Query: ")


class JqlRejected(JiraError):
    """A query that parses but does not validate: ``errorMessages`` and ``warningMessages``.

    Jira's search writes no ``errors`` here (recorded: samples/error_400_unknown_project_cloud__
    JupiterOne-integrations.json, tenable/integration-jira-cloud#25, jira-assistant#144); syntax
    errors keep the usual ``{"errorMessages": [...], "errors": {}}``.
    """

    def __init__(self, messages: list[str], warnings: list[str]) -> None:
        super().__init__(400, *messages)
        self.warnings = list(warnings)

    def response(self) -> Response:
        """The search's 400 body for an invalid query."""
        return JsonResponse(
            {"errorMessages": self.messages, "warningMessages": self.warnings}, status_code=400
        )


def _names_schema(c: Ctx, field_ids: list[str], expand: set[str], out: dict[str, Any]) -> None:
    if "names" in expand:
        out["names"] = {f.id: f.name for f in c.store.fields if f.id in field_ids}
    if "schema" in expand:
        out["schema"] = {
            f.id: dict(f.schema) for f in c.store.fields if f.id in field_ids and f.schema
        }


# ----- Cloud ----------------------------------------------------------------------------------


def _token(offset: int, jql: str) -> str:
    raw = msgspec.json.encode({"o": offset, "q": hashlib.sha1(jql.encode()).hexdigest()[:12]})  # noqa: S324
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _untoken(token: str, jql: str) -> int:
    try:
        data = msgspec.json.decode(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        offset = int(data["o"])
        same = data["q"] == hashlib.sha1(jql.encode()).hexdigest()[:12]  # noqa: S324
    except (binascii.Error, msgspec.DecodeError, KeyError, TypeError, ValueError):
        raise JiraError(400, "The provided next page token is invalid or expired.") from None
    if not same or offset < 0:
        raise JiraError(400, "The provided next page token is invalid or expired.")
    return offset


async def search_jql(request: Request) -> Response:
    """GET|POST search/jql (Cloud): token-paged search without a total."""
    c = ctx(request)
    if c.store.flavour is not Flavour.CLOUD:
        raise NoSuchResource(request)
    params = await _params(request)
    jql = str(params.get("jql") or "")
    try:
        bounded = is_bounded(jql)
    except JqlError as exc:
        raise JiraError(400, *exc.messages) from None
    if not bounded:
        raise JiraError(
            400,
            "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.",
        )
    field_ids = select_fields(c.store, params.get("fields"), "") if params.get("fields") else []
    cap = CLOUD_MAX_PAGE_WITH_FIELDS if field_ids else CLOUD_MAX_PAGE
    try:
        limit = int(params.get("maxResults", 50))
    except (TypeError, ValueError):
        raise JiraError(400, "The 'maxResults' parameter must be a number.") from None
    limit = min(max(limit, 0), cap) if limit > 0 else 50
    token = params.get("nextPageToken")
    start = _untoken(str(token), jql) if token else 0
    # SearchAndReconcileResults has no warningMessages (additionalProperties: false): the JQL
    # warnings (e.g. an unknown user) are not reported by Cloud's enhanced search
    issues, _ = _run(request, jql)
    page = issues[start : start + limit]
    expand = _expand(params)
    out: dict[str, Any] = {"issues": [_cloud_issue(c, i, field_ids, expand) for i in page]}
    _names_schema(c, field_ids, expand, out)
    if start + limit < len(issues):
        out["nextPageToken"] = _token(start + limit, jql)
    out["isLast"] = start + limit >= len(issues)
    return JsonResponse(out)


def _cloud_issue(c: Ctx, issue: Any, field_ids: list[str], expand: set[str]) -> dict[str, Any]:
    if not field_ids and not expand:
        return {"id": str(issue.id)}
    return c.issue(issue, field_ids, expand)


async def approximate_count(request: Request) -> Response:
    """POST search/approximate-count (Cloud)."""
    c = ctx(request)
    if c.store.flavour is not Flavour.CLOUD:
        raise NoSuchResource(request)
    body = await read_json(request)
    jql = str((body or {}).get("jql") or "") if isinstance(body, dict) else ""
    try:
        bounded = is_bounded(jql)
    except JqlError as exc:
        raise JiraError(400, *exc.messages) from None
    if not bounded:
        raise JiraError(
            400,
            "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.",
        )
    issues, _ = _run(request, jql)
    return JsonResponse({"count": len(issues)})


async def bulk_fetch(request: Request) -> Response:
    """POST issue/bulkfetch (Cloud): up to 100 issues by id or key, ascending id."""
    c = ctx(request)
    store = c.store
    if store.flavour is not Flavour.CLOUD:
        raise NoSuchResource(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise JiraError(400, "Can not deserialize instance of object out of a non-object token")
    refs = body.get("issueIdsOrKeys")
    if not isinstance(refs, list) or not refs:
        raise JiraError(400, "issueIdsOrKeys must contain at least 1 issue id or key.")
    if len(refs) > 100:
        raise JiraError(400, "issueIdsOrKeys must contain at most 100 issue ids or keys.")
    field_ids = select_fields(store, body.get("fields"), "*navigable")
    expand = _expand(body)
    user = current_user(request)
    found: dict[int, Any] = {}
    errors: list[dict[str, str]] = []
    for ref in refs:
        issue = store.issue(str(ref))
        if issue is None or not store.can_browse(user, store.projects[issue.project_id]):
            errors.append(
                {
                    "id": str(ref),
                    "errorMessage": "Issue does not exist or you do not have permission to see it.",
                }
            )
            continue
        found[issue.id] = issue
    issues = [c.issue(found[i], field_ids, expand) for i in sorted(found)]
    # BulkIssueResults has only these two keys (additionalProperties: false)
    return JsonResponse({"issues": issues, "issueErrors": errors})


async def search_removed(request: Request) -> Response:
    """GET|POST search on Cloud: removed (CHANGE-2046)."""
    raise JiraError(410, REMOVED)


# ----- Data Center ----------------------------------------------------------------------------


async def search_dc(request: Request) -> Response:
    """GET|POST search (DC): offset-paged search with a total."""
    c = ctx(request)
    if c.store.flavour is Flavour.CLOUD:
        return await search_removed(request)
    params = await _params(request)
    jql = str(params.get("jql") or "")
    try:
        start = max(0, int(params.get("startAt", 0)))
        limit = int(params.get("maxResults", 50))
    except (TypeError, ValueError):
        raise JiraError(400, "startAt and maxResults must be numbers.") from None
    limit = DC_MAX_PAGE if limit < 0 else min(limit, DC_MAX_PAGE)
    validate = str(params.get("validateQuery", "strict")).lower()
    validate = {"true": "strict", "false": "warn"}.get(validate, validate)
    issues, warnings = _run(request, jql, validate)
    window: int = request.app.state.search_window
    if start + limit > window and len(issues) > window:
        raise JiraError(
            500,
            f"Search limit exceeded. We couldn't complete your search because it requests {start + limit:,} "
            f"results which exceeded the search platform limit of {window:,}. Reduce the startAt "
            "or maxResults, or refine your JQL query.",
        )
    field_ids = select_fields(c.store, params.get("fields"), "*navigable")
    expand = _expand(params)
    page = issues[start : start + limit]
    out: dict[str, Any] = {
        "expand": "names,schema",
        "startAt": start,
        "maxResults": limit,
        "total": len(issues),
        "issues": [c.issue(i, field_ids, expand) for i in page],
    }
    _names_schema(c, field_ids, expand, out)
    if warnings:
        out["warningMessages"] = warnings
    return JsonResponse(out)


async def search_jql_dc(request: Request) -> Response:
    """search/jql does not exist on DC."""
    if store_of(request).flavour is Flavour.CLOUD:
        return await search_jql(request)
    raise NoSuchResource(request)


# ----- JQL autocompletion ---------------------------------------------------------------------


async def autocomplete(request: Request) -> Response:
    """GET|POST jql/autocompletedata (DC has GET only)."""
    if request.method == "POST" and store_of(request).flavour is Flavour.DATACENTER:
        raise MethodNotAllowed("GET", "HEAD")
    return JsonResponse(autocomplete_data(store_of(request), current_user(request)))


async def autocomplete_suggestions(request: Request) -> Response:
    """GET jql/autocompletedata/suggestions?fieldName=&fieldValue=."""
    name = request.query_params.get("fieldName") or ""
    value = request.query_params.get("fieldValue") or ""
    results = suggestions(store_of(request), current_user(request), name, value)
    return JsonResponse({"results": results})


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    return [
        Route("/search", search_dc, methods=["GET", "POST"]),
        Route("/search/jql", search_jql_dc, methods=["GET", "POST"]),
        Route("/search/approximate-count", approximate_count, methods=["POST"]),
        Route("/issue/bulkfetch", bulk_fetch, methods=["POST"]),
        Route("/jql/autocompletedata", autocomplete, methods=["GET", "POST"]),
        Route("/jql/autocompletedata/suggestions", autocomplete_suggestions, methods=["GET"]),
    ]
