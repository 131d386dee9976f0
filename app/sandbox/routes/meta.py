"""Site-wide reference data: fields, statuses, status categories, priorities, resolutions, types."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import JiraError, JsonResponse, ctx, require_admin

__all__ = ["routes"]


async def fields(request: Request) -> Response:
    """GET field."""
    c = ctx(request)
    return JsonResponse([c.field(f) for f in c.store.fields])


async def statuses(request: Request) -> Response:
    """GET status."""
    c = ctx(request)
    return JsonResponse([c.status(s) for s in c.store.statuses.values()])


async def status_one(request: Request) -> Response:
    """GET status/{idOrName}."""
    c = ctx(request)
    status = c.store.status_by_name(request.path_params["id"])
    if status is None:
        raise JiraError(404, f"The status with id '{request.path_params['id']}' does not exist")
    return JsonResponse(c.status(status))


async def status_categories(request: Request) -> Response:
    """GET statuscategory."""
    c = ctx(request)
    return JsonResponse([c.status_category(s) for s in c.store.status_categories.values()])


async def status_category_one(request: Request) -> Response:
    """GET statuscategory/{idOrKey}."""
    c = ctx(request)
    cat = c.store.category_by_name(request.path_params["id"])
    if cat is None:
        raise JiraError(
            404, f"The status category with id '{request.path_params['id']}' does not exist"
        )
    return JsonResponse(c.status_category(cat))


def _one(kind: str, lookup: Callable[[Any, str], Any], render: Callable[[Any, Any], Any]) -> Any:
    async def handler(request: Request) -> Response:
        c = ctx(request)
        item = lookup(c.store, request.path_params["id"])
        if item is None:
            raise JiraError(404, f"The {kind} with id '{request.path_params['id']}' does not exist")
        return JsonResponse(render(c, item))

    handler.__doc__ = f"GET {kind}/{{id}}."
    return handler


async def priorities(request: Request) -> Response:
    """GET priority."""
    c = ctx(request)
    return JsonResponse(
        [c.priority(p) for p in sorted(c.store.priorities.values(), key=lambda p: p.rank)]
    )


async def resolutions(request: Request) -> Response:
    """GET resolution."""
    c = ctx(request)
    return JsonResponse([c.resolution(r) for r in c.store.resolutions.values()])


async def issue_types(request: Request) -> Response:
    """GET issuetype."""
    c = ctx(request)
    return JsonResponse([c.issue_type(t) for t in c.store.issue_types.values()])


async def roles(request: Request) -> Response:
    """GET role: the site's project roles with their default actors; Jira administrators only."""
    require_admin(request, "You do not have administrative permissions to view project roles.")
    c = ctx(request)
    return JsonResponse([c.site_role(r) for r in c.store.roles.values()])


def _by_id(items_attr: str) -> Callable[[Any, str], Any]:
    def lookup(store: Any, value: str) -> Any:
        return getattr(store, items_attr).get(int(value)) if value.isdigit() else None

    return lookup


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    return [
        Route("/field", fields, methods=["GET"]),
        Route("/status", statuses, methods=["GET"]),
        Route("/status/{id}", status_one, methods=["GET"]),
        Route("/statuscategory", status_categories, methods=["GET"]),
        Route("/statuscategory/{id}", status_category_one, methods=["GET"]),
        Route("/priority", priorities, methods=["GET"]),
        Route(
            "/priority/{id}",
            _one("priority", _by_id("priorities"), lambda c, p: c.priority(p)),
            methods=["GET"],
        ),
        Route("/resolution", resolutions, methods=["GET"]),
        Route(
            "/resolution/{id}",
            _one("resolution", _by_id("resolutions"), lambda c, r: c.resolution(r)),
            methods=["GET"],
        ),
        Route("/issuetype", issue_types, methods=["GET"]),
        Route(
            "/issuetype/{id}",
            _one("issue type", _by_id("issue_types"), lambda c, t: c.issue_type(t)),
            methods=["GET"],
        ),
        Route("/role", roles, methods=["GET"]),
    ]
