"""Saved filters: the caller's own and favourite filters, one filter by id, and creating one.

``filter/my`` is in the Cloud documents (v2 and v3) but not in the DC 10.3 document; real DC
sites answer it all the same (it is how the issue navigator lists "My filters"), so the sandbox
serves it on both flavours alike.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import (
    JiraError,
    JsonResponse,
    ctx,
    current_user,
    read_json,
    require_user,
)
from app.sandbox.jql import JqlError, search
from app.sandbox.model import Filter, Flavour

__all__ = ["FILTER_NOT_AVAILABLE", "routes"]

FILTER_NOT_AVAILABLE = (
    "The selected filter is not available to you, perhaps it has been deleted or had its "
    "permissions changed."
)
NAME_REQUIRED = "You must specify a name to save this filter as."
NAME_TAKEN = "Filter with same name already exists."
NAME_MAX = 255


async def my_filters(request: Request) -> Response:
    """GET filter/my[?includeFavourites=true]: the caller's own filters (and, if asked, starred)."""
    user = require_user(request)
    c = ctx(request)
    found = c.store.owned_filters(user)
    if request.query_params.get("includeFavourites", "false").lower() == "true":
        seen = {f.id for f in found}
        found += [f for f in c.store.favourite_filters(user) if f.id not in seen]
    return JsonResponse([c.filter(f, user) for f in found])


async def favourite_filters(request: Request) -> Response:
    """GET filter/favourite: the filters the caller starred and may still see."""
    user = require_user(request)
    c = ctx(request)
    return JsonResponse([c.filter(f, user) for f in c.store.favourite_filters(user)])


async def filter_get(request: Request) -> Response:
    """GET filter/{id}: a filter its owner or someone it is shared with may see.

    A missing or hidden filter is a 400, not a 404: the Cloud document ("Returned if the filter
    is not found or the user does not have permission to view it") and Jira's own tests
    (jira-rest-java-client ``testGetNotExistent``, TestFilterResource ``testAnonymous``: DC
    answers an anonymous caller the same 400).
    """
    c = ctx(request)
    user = current_user(request)
    if user is None and c.store.flavour is Flavour.CLOUD:
        require_user(request)
    raw = str(request.path_params["id"])
    flt = c.store.filters.get(int(raw)) if raw.isdigit() else None
    if flt is None or not c.store.can_see_filter(user, flt):
        raise JiraError(400, FILTER_NOT_AVAILABLE)
    return JsonResponse(c.filter(flt, user))


async def filter_create(request: Request) -> Response:
    """POST filter: create a filter owned by the caller (name unique per owner, JQL valid)."""
    user = require_user(request)
    c = ctx(request)
    store = c.store
    body: Any = await read_json(request)
    if not isinstance(body, dict):
        raise JiraError(400, "Can not deserialize instance of object out of a non-object token")
    name = str(body.get("name") or "").strip()
    if not name:
        raise JiraError(400, errors={"filterName": NAME_REQUIRED})
    if len(name) > NAME_MAX:
        raise JiraError(
            400, errors={"filterName": f"The filter name must not exceed {NAME_MAX} characters."}
        )
    if any(
        f.owner_key == user.key and f.name.lower() == name.lower() for f in store.filters.values()
    ):
        raise JiraError(400, errors={"filterName": NAME_TAKEN})
    jql = str(body.get("jql") or "")
    try:
        search(store, jql, user=user, validate="strict")
    except JqlError as exc:
        raise JiraError(400, *exc.messages) from None
    flt = Filter(
        id=store.next_id("filter"),
        name=name,
        jql=jql,
        owner_key=user.key,
        description=str(body.get("description") or ""),
        favourite_of={user.key} if body.get("favourite") is True else set(),
    )
    store.filters[flt.id] = flt
    return JsonResponse(c.filter(flt, user))


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    return [
        Route("/filter", filter_create, methods=["POST"]),
        Route("/filter/my", my_filters, methods=["GET"]),
        Route("/filter/favourite", favourite_filters, methods=["GET"]),
        Route("/filter/{id}", filter_get, methods=["GET"]),
    ]
