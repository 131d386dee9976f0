"""Project roles: which users and groups act in each role of a project."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import JiraError, JsonResponse, ctx, read_json, store_of
from app.sandbox.model import Actor, Project
from app.sandbox.routes.projects import object_body, project_admin, visible_project
from app.sandbox.store import Store

__all__ = ["routes"]


async def project_roles(request: Request) -> Response:
    """GET project/{idOrKey}/role: role names to role URLs."""
    project = visible_project(request, request.path_params["key"])
    c = ctx(request)
    return JsonResponse(
        {r.name: c.url(f"project/{project.id}/role/{r.id}") for r in c.store.roles.values()}
    )


def _role(request: Request) -> tuple[Project, int]:
    project = visible_project(request, request.path_params["key"])
    raw = request.path_params["role"]
    store = store_of(request)
    if not raw.isdigit() or int(raw) not in store.roles:
        raise JiraError(404, "Can not retrieve a role actor for a null project role.")
    return project, int(raw)


async def project_role_get(request: Request) -> Response:
    """GET project/{idOrKey}/role/{id}."""
    project, role_id = _role(request)
    c = ctx(request)
    return JsonResponse(c.role(project, c.store.roles[role_id]))


def _actors_from(store: Store, body: dict[str, Any]) -> list[Actor]:
    actors: list[Actor] = []
    for ref in body.get("user", []) or []:
        user = store.find_user(str(ref)) or store.user_by_name(str(ref))
        if user is None:
            raise JiraError(400, f"The user '{ref}' does not exist.")
        actors.append(Actor("user", user.key))
    for ref in [*(body.get("group", []) or []), *(body.get("groupId", []) or [])]:
        group = store.groups.get(str(ref)) or next(
            (g for g in store.groups.values() if g.group_id == ref), None
        )
        if group is None:
            raise JiraError(400, f"The group '{ref}' does not exist.")
        actors.append(Actor("group", group.name))
    return actors


async def project_role_add(request: Request) -> Response:
    """POST project/{idOrKey}/role/{id}: add users and groups as actors."""
    project, role_id = _role(request)
    store = store_of(request)
    project_admin(request, project, "You cannot edit the configuration of this project.")
    actors = _actors_from(store, object_body(await read_json(request)))
    current = project.role_actors.setdefault(role_id, [])
    for actor in actors:
        if actor in current:
            kind = "User" if actor.kind == "user" else "Group"
            raise JiraError(400, f"{kind} '{actor.value}' is already a member of the project role.")
        current.append(actor)
    return JsonResponse(ctx(request).role(project, store.roles[role_id]))


async def project_role_set(request: Request) -> Response:
    """PUT project/{idOrKey}/role/{id}: replace the actors (``categorisedActors``)."""
    project, role_id = _role(request)
    store = store_of(request)
    project_admin(request, project, "You cannot edit the configuration of this project.")
    body = object_body(await read_json(request))
    cats = body.get("categorisedActors") or {}
    actors = _actors_from(
        store,
        {
            "user": [
                *cats.get("atlassian-user-role-actor", []),
                *cats.get("atlassian-user-role-actor-id", []),
            ],
            "group": cats.get("atlassian-group-role-actor", []),
            "groupId": cats.get("atlassian-group-role-actor-id", []),
        },
    )
    project.role_actors[role_id] = actors
    return JsonResponse(ctx(request).role(project, store.roles[role_id]))


async def project_role_remove(request: Request) -> Response:
    """DELETE project/{idOrKey}/role/{id}?user=|accountId=|group=|groupId=."""
    project, role_id = _role(request)
    store = store_of(request)
    project_admin(request, project, "You cannot edit the configuration of this project.")
    params = request.query_params
    target: Actor | None = None
    ref = params.get("accountId") or params.get("user")
    if ref:
        user = store.find_user(ref) or store.user_by_name(ref)
        target = Actor("user", user.key) if user else None
    elif params.get("group") or params.get("groupId"):
        gref = params.get("group") or params.get("groupId") or ""
        group = store.groups.get(gref) or next(
            (g for g in store.groups.values() if g.group_id == gref), None
        )
        target = Actor("group", group.name) if group else None
    current = project.role_actors.get(role_id, [])
    if target is None or target not in current:
        raise JiraError(
            404,
            f"The actor '{ref or params.get('group') or params.get('groupId')}' is not a member of the project role.",
        )
    current.remove(target)
    return Response(status_code=204)


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    return [
        Route("/project/{key}/role", project_roles, methods=["GET"]),
        Route("/project/{key}/role/{role}", project_role_get, methods=["GET"]),
        Route("/project/{key}/role/{role}", project_role_add, methods=["POST"]),
        Route("/project/{key}/role/{role}", project_role_set, methods=["PUT"]),
        Route("/project/{key}/role/{role}", project_role_remove, methods=["DELETE"]),
    ]
