"""Components of a project: list, create, change, delete (moving their issues) and counts."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import (
    JiraError,
    JsonResponse,
    UnmappableBody,
    ctx,
    current_user,
    read_json,
    require_user,
    store_of,
)
from app.sandbox.model import Component, Flavour
from app.sandbox.routes.projects import object_body, visible_project
from app.sandbox.store import Store

__all__ = ["routes"]

COMPONENT_ASSIGNEE_TYPES = ("PROJECT_DEFAULT", "COMPONENT_LEAD", "PROJECT_LEAD", "UNASSIGNED")


def _component(request: Request) -> Component:
    store = store_of(request)
    raw = request.path_params["id"]
    comp = store.components.get(int(raw)) if raw.isdigit() else None
    if comp is None or not store.can_browse(current_user(request), store.projects[comp.project_id]):
        raise JiraError(404, f"The component with id {raw} does not exist.")
    return comp


async def project_components(request: Request) -> Response:
    """GET project/{idOrKey}/components."""
    project = visible_project(request, request.path_params["key"])
    c = ctx(request)
    return JsonResponse([c.component(comp) for comp in c.store.project_components(project)])


def _component_lead(
    store: Store, body: dict[str, Any], errors: dict[str, str]
) -> tuple[bool, str | None]:
    for name in ("leadAccountId", "leadUserName", "lead"):
        if name in body:
            ref = body[name]
            if ref in (None, ""):
                return True, None
            user = store.find_user(str(ref)) or store.user_by_name(str(ref))
            if user is None:
                errors[name] = f"The user {ref} does not exist."
                return True, None
            return True, user.key
    return False, None


# The properties of Jira's ComponentBean; DC's Jackson refuses any other with a 400.
COMPONENT_PROPERTIES = frozenset(
    {
        "self",
        "id",
        "name",
        "description",
        "lead",
        "leadUserName",
        "leadAccountId",
        "assigneeType",
        "assignee",
        "realAssigneeType",
        "realAssignee",
        "isAssigneeTypeValid",
        "project",
        "projectId",
        "archived",
        "deleted",
    }
)


async def _component_body(request: Request) -> dict[str, Any]:
    body = object_body(await read_json(request))
    unknown = sorted(set(body) - COMPONENT_PROPERTIES)
    if unknown and store_of(request).flavour is Flavour.DATACENTER:
        raise UnmappableBody(
            400,
            f'Unrecognized field "{unknown[0]}" (Class com.atlassian.jira.rest.v2.issue.component.'
            "ComponentBean), not marked as ignorable",
        )
    return body


async def component_create(request: Request) -> Response:
    """POST component."""
    store = store_of(request)
    body = await _component_body(request)
    user = require_user(request)
    ref = str(body.get("project") or body.get("projectId") or "")
    project = store.project(ref) if ref else None
    if project is None or not store.can_browse(user, project):
        raise JiraError(404, f"No project could be found with key '{ref}'.")
    if not store.is_project_admin(user, project):
        raise JiraError(
            403, f"The user {user.name} does not have permission to complete this operation."
        )
    errors: dict[str, str] = {}
    name = str(body.get("name") or "").strip()
    if not name:
        errors["name"] = "The component name specified is invalid - cannot be an empty string."
    elif any(c.name.lower() == name.lower() for c in store.project_components(project)):
        errors["name"] = f"A component with the name {name} already exists in this project."
    _, lead_key = _component_lead(store, body, errors)
    atype = str(body.get("assigneeType") or "PROJECT_DEFAULT")
    if atype not in COMPONENT_ASSIGNEE_TYPES:
        errors["assigneeType"] = "Invalid assignee type."
    if errors:
        raise JiraError(400, errors=errors)
    comp = Component(
        store.next_id("component"),
        project.id,
        name,
        str(body.get("description") or ""),
        lead_key,
        atype,
    )
    store.components[comp.id] = comp
    return JsonResponse(ctx(request).component(comp), status_code=201)


async def component_get(request: Request) -> Response:
    """GET component/{id}."""
    return JsonResponse(ctx(request).component(_component(request)))


async def component_update(request: Request) -> Response:
    """PUT component/{id}."""
    store = store_of(request)
    body = await _component_body(request)
    comp = _component(request)
    project = store.projects[comp.project_id]
    user = require_user(request)
    if not store.is_project_admin(user, project):
        raise JiraError(
            403, f"The user {user.name} does not have permission to complete this operation."
        )
    errors: dict[str, str] = {}
    if "name" in body:
        name = str(body["name"] or "").strip()
        if not name:
            errors["name"] = "The component name specified is invalid - cannot be an empty string."
        elif any(
            c.name.lower() == name.lower() and c is not comp
            for c in store.project_components(project)
        ):
            errors["name"] = f"A component with the name {name} already exists in this project."
    given, lead_key = _component_lead(store, body, errors)
    if "assigneeType" in body and body["assigneeType"] not in COMPONENT_ASSIGNEE_TYPES:
        errors["assigneeType"] = "Invalid assignee type."
    if errors:
        raise JiraError(400, errors=errors)
    if "name" in body:
        comp.name = str(body["name"]).strip()
    if "description" in body:
        comp.description = str(body["description"] or "")
    if given:
        comp.lead_key = lead_key
    if "assigneeType" in body:
        comp.assignee_type = str(body["assigneeType"])
    return JsonResponse(ctx(request).component(comp))


async def component_delete(request: Request) -> Response:
    """DELETE component/{id}?moveIssuesTo=: remove or move the component from its issues."""
    store = store_of(request)
    comp = _component(request)
    user = require_user(request)
    if not store.is_project_admin(user, store.projects[comp.project_id]):
        raise JiraError(
            403, f"The user {user.name} does not have permission to complete this operation."
        )
    target_raw = request.query_params.get("moveIssuesTo")
    if target_raw and store.flavour is Flavour.DATACENTER:
        # DC takes the replacement's self URL (JRJC sends it so); its last segment is the id
        target_raw = target_raw.rstrip("/").rsplit("/", 1)[-1]
    target: Component | None = None
    if target_raw:
        target = store.components.get(int(target_raw)) if target_raw.isdigit() else None
        if target is None or target.project_id != comp.project_id or target is comp:
            raise JiraError(404, f"The component with id {target_raw} does not exist.")
    for issue in store.issues.values():
        if comp.id in issue.component_ids:
            issue.component_ids.remove(comp.id)
            if target is not None and target.id not in issue.component_ids:
                issue.component_ids.append(target.id)
    del store.components[comp.id]
    return Response(status_code=204)


async def component_related_counts(request: Request) -> Response:
    """GET component/{id}/relatedIssueCounts: how many issues carry the component."""
    store = store_of(request)
    comp = _component(request)
    count = sum(1 for issue in store.issues.values() if comp.id in issue.component_ids)
    return JsonResponse({"issueCount": count, "self": ctx(request).url(f"component/{comp.id}")})


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    return [
        Route("/project/{key}/components", project_components, methods=["GET"]),
        Route("/component", component_create, methods=["POST"]),
        Route("/component/{id}", component_get, methods=["GET"]),
        Route("/component/{id}", component_update, methods=["PUT"]),
        Route("/component/{id}", component_delete, methods=["DELETE"]),
        Route("/component/{id}/relatedIssueCounts", component_related_counts, methods=["GET"]),
    ]
