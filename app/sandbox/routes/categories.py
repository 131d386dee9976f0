"""Project categories: list, read, create, rename and delete (projects keep no category)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import (
    JiraError,
    JsonResponse,
    ctx,
    read_json,
    require_admin,
    require_user,
    store_of,
)
from app.sandbox.model import ProjectCategory
from app.sandbox.routes.projects import object_body
from app.sandbox.store import Store

__all__ = ["routes"]


def _category(request: Request) -> ProjectCategory:
    store = store_of(request)
    raw = request.path_params["id"]
    cat = store.categories.get(int(raw)) if raw.isdigit() else None
    if cat is None:
        raise JiraError(404, f"No project category with id '{raw}' exists.")
    return cat


async def category_list(request: Request) -> Response:
    """GET projectCategory."""
    require_user(request)
    c = ctx(request)
    return JsonResponse([c.category(cat) for cat in c.store.categories.values()])


async def category_get(request: Request) -> Response:
    """GET projectCategory/{id}."""
    require_user(request)
    return JsonResponse(ctx(request).category(_category(request)))


def _validate_category(
    store: Store, body: dict[str, Any], existing: ProjectCategory | None
) -> None:
    errors: dict[str, str] = {}
    name = body.get("name")
    if name is not None or existing is None:
        name = str(name or "").strip()
        if not name:
            errors["name"] = "The project category name must not be empty."
        elif len(name) > 255:
            errors["name"] = "The project category name must not exceed 255 characters."
        elif any(
            c.name.lower() == name.lower() and c is not existing for c in store.categories.values()
        ):
            # both contracts answer a duplicate category name with 409 Conflict
            raise JiraError(409, f"The project category '{name}' already exists.")
    if errors:
        raise JiraError(400, errors=errors)


async def category_create(request: Request) -> Response:
    """POST projectCategory."""
    store = store_of(request)
    require_admin(
        request, "You must have global administrator rights in order to modify project categories."
    )
    body = object_body(await read_json(request))
    _validate_category(store, body, None)
    cat = ProjectCategory(
        store.next_id("category"), str(body["name"]).strip(), str(body.get("description") or "")
    )
    store.categories[cat.id] = cat
    return JsonResponse(ctx(request).category(cat), status_code=201)


async def category_update(request: Request) -> Response:
    """PUT projectCategory/{id}."""
    store = store_of(request)
    require_admin(
        request, "You must have global administrator rights in order to modify project categories."
    )
    cat = _category(request)
    body = object_body(await read_json(request))
    _validate_category(store, body, cat)
    if "name" in body:
        cat.name = str(body["name"]).strip()
    if "description" in body:
        cat.description = str(body["description"] or "")
    return JsonResponse(ctx(request).category(cat))


async def category_delete(request: Request) -> Response:
    """DELETE projectCategory/{id}: projects in it lose their category."""
    store = store_of(request)
    require_admin(
        request, "You must have global administrator rights in order to modify project categories."
    )
    cat = _category(request)
    for project in store.projects.values():
        if project.category_id == cat.id:
            project.category_id = None
    del store.categories[cat.id]
    return Response(status_code=204)


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    return [
        Route("/projectCategory", category_list, methods=["GET"]),
        Route("/projectCategory", category_create, methods=["POST"]),
        Route("/projectCategory/{id}", category_get, methods=["GET"]),
        Route("/projectCategory/{id}", category_update, methods=["PUT"]),
        Route("/projectCategory/{id}", category_delete, methods=["DELETE"]),
    ]
