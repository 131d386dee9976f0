"""Users and groups: user lookup, user search, assignable users, group members, group picker."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import JiraError, JsonResponse, ctx, query_int, require_user
from app.sandbox.model import Flavour, User

__all__ = ["routes"]


def _matches(user: User, query: str) -> bool:
    q = query.lower()
    return (
        user.name.lower().startswith(q)
        or user.email.lower().startswith(q)
        or any(part.lower().startswith(q) for part in user.display_name.split())
        or user.display_name.lower().startswith(q)
    )


async def user_get(request: Request) -> Response:
    """GET user?accountId= (Cloud) or ?username=|key= (DC)."""
    require_user(request)
    c = ctx(request)
    store = c.store
    params = request.query_params
    if store.flavour is Flavour.CLOUD:
        ref = params.get("accountId")
        if not ref:
            raise JiraError(400, "The 'accountId' query parameter needs to be provided.")
        user = store.user_by_account_id(ref)
        if user is None:
            raise JiraError(
                404, "Specified user does not exist or you do not have required permissions"
            )
    else:
        ref = params.get("username") or params.get("key")
        if not ref:
            raise JiraError(
                400, "Either the 'username' or the 'key' query parameters need to be provided"
            )
        user = store.user_by_name(ref) if params.get("username") else store.users.get(ref)
        if user is None:
            raise JiraError(404, f"The user named '{ref}' does not exist")
    return JsonResponse(c.user(user, full=True))


async def user_search(request: Request) -> Response:
    """GET user/search?query= (Cloud) or ?username= (DC): matching users."""
    require_user(request)
    c = ctx(request)
    store = c.store
    params = request.query_params
    if store.flavour is Flavour.CLOUD:
        query = params.get("query") or ""
        if not query and not params.get("accountId") and not params.get("property"):
            raise JiraError(
                400, "One of 'query' or 'accountId' or 'property' query parameter(s) required."
            )
        if params.get("accountId"):
            users = [u for u in store.users.values() if u.account_id == params["accountId"]]
        else:
            users = [u for u in store.users.values() if _matches(u, query)]
    else:
        username = params.get("username")
        if username is None:
            raise JiraError(400, "The username query parameter was not provided")
        users = [u for u in store.users.values() if username in (".", "*") or _matches(u, username)]
        if params.get("includeInactive", "false").lower() != "true":
            users = [u for u in users if u.active]
    users.sort(key=lambda u: u.display_name.lower())
    start = max(0, query_int(request, "startAt", 0))
    limit = min(1000, max(1, query_int(request, "maxResults", 50)))
    return JsonResponse([c.user(u) for u in users[start : start + limit]])


async def assignable_search(request: Request) -> Response:
    """GET user/assignable/search?project=&query=|username=: users who may be assigned there."""
    require_user(request)
    c = ctx(request)
    store = c.store
    params = request.query_params
    ref = params.get("project") or params.get("issueKey", "").split("-")[0]
    project = store.project(ref) if ref else None
    if project is None:
        raise JiraError(404, f"No project could be found with key '{ref}'.")
    query = params.get("query") or params.get("username") or ""
    users = [
        u
        for u in store.users.values()
        if u.active and store.can_browse(u, project) and (not query or _matches(u, query))
    ]
    users.sort(key=lambda u: u.display_name.lower())
    start = max(0, query_int(request, "startAt", 0))
    limit = min(1000, max(1, query_int(request, "maxResults", 50)))
    return JsonResponse([c.user(u) for u in users[start : start + limit]])


async def group_members(request: Request) -> Response:
    """GET group/member?groupname=: members of a group, paged."""
    require_user(request)
    c = ctx(request)
    store = c.store
    name = request.query_params.get("groupname") or ""
    gid = request.query_params.get("groupId")
    group = store.groups.get(name) or next(
        (g for g in store.groups.values() if g.group_id == gid), None
    )
    if group is None:
        raise JiraError(404, f"Group with name '{name or gid}' does not exist.")
    members = store.group_members(group.name)
    if request.query_params.get("includeInactiveUsers", "false").lower() != "true":
        members = [u for u in members if u.active]
    start = max(0, query_int(request, "startAt", 0))
    limit = min(50, max(1, query_int(request, "maxResults", 50)))
    page = members[start : start + limit]
    is_last = start + limit >= len(members)
    base = f"group/member?groupname={quote(group.name)}&includeInactiveUsers=false"
    body: dict[str, Any] = {"self": c.url(f"{base}&startAt={start}&maxResults={limit}")}
    if not is_last:
        body["nextPage"] = c.url(f"{base}&startAt={start + limit}&maxResults={limit}")
    body.update(
        maxResults=limit,
        startAt=start,
        total=len(members),
        isLast=is_last,
        values=[c.user(u) for u in page],
    )
    return JsonResponse(body)


def _highlight(name: str, query: str, fold: bool) -> str:
    # the picker's "html": the name escaped, its first match of the query in bold
    at = (name.lower().find(query.lower()) if fold else name.find(query)) if query else -1
    if at < 0:
        return html.escape(name)
    end = at + len(query)
    return f"{html.escape(name[:at])}<b>{html.escape(name[at:end])}</b>{html.escape(name[end:])}"


async def groups_picker(request: Request) -> Response:
    """GET groups/picker?query=&exclude=&maxResults=: groups whose name contains the query."""
    require_user(request)
    c = ctx(request)
    store = c.store
    params = request.query_params
    query = params.get("query") or ""
    # Cloud matches case-sensitively unless asked not to; Data Center always ignores case
    fold = store.flavour is Flavour.DATACENTER or (
        params.get("caseInsensitive", "false").lower() == "true"
    )
    excluded = set(params.getlist("exclude"))
    limit = min(100, max(1, query_int(request, "maxResults", 20)))
    found = sorted(
        (
            g
            for g in store.groups.values()
            if g.name not in excluded
            and (query.lower() in g.name.lower() if fold else query in g.name)
        ),
        key=lambda g: g.name.lower(),
    )
    shown = found[:limit]
    groups: list[dict[str, Any]] = []
    for group in shown:
        item: dict[str, Any] = {"name": group.name, "html": _highlight(group.name, query, fold)}
        if store.flavour is Flavour.CLOUD:
            item["groupId"] = group.group_id
        else:
            item["labels"] = []
        groups.append(item)
    return JsonResponse(
        {
            "header": f"Showing {len(shown)} of {len(found)} matching groups",
            "total": len(found),
            "groups": groups,
        }
    )


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    return [
        Route("/user", user_get, methods=["GET"]),
        Route("/user/search", user_search, methods=["GET"]),
        Route("/user/assignable/search", assignable_search, methods=["GET"]),
        Route("/group/member", group_members, methods=["GET"]),
        Route("/groups/picker", groups_picker, methods=["GET"]),
    ]
