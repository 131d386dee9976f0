"""Versions of a project: list (plain and paged), create, change, move, release and delete."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import (
    JiraError,
    JsonResponse,
    ctx,
    current_user,
    query_int,
    read_json,
    require_user,
    store_of,
)
from app.sandbox.model import Flavour, Project, User, Version
from app.sandbox.routes.projects import object_body, visible_project
from app.sandbox.store import Store

__all__ = ["routes"]


def _parse_date(body: dict[str, Any], name: str, errors: dict[str, str]) -> date | None:
    raw = body.get(name)
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        errors[name] = (
            f"Invalid date format. Please enter the date in the format 'yyyy-MM-dd'. Got '{raw}'."
        )
        return None


def _version(request: Request) -> Version:
    store = store_of(request)
    raw = request.path_params["id"]
    version = store.versions.get(int(raw)) if raw.isdigit() else None
    if version is None or not store.can_browse(
        current_user(request), store.projects[version.project_id]
    ):
        raise JiraError(404, f"Could not find version for id '{raw}'")
    return version


def _version_admin(request: Request, project: Project) -> User:
    user = require_user(request)
    if not store_of(request).is_project_admin(user, project):
        raise JiraError(
            403, "You must have global or project administrator rights in order to modify versions."
        )
    return user


async def project_versions(request: Request) -> Response:
    """GET project/{idOrKey}/versions: all versions in sequence order."""
    project = visible_project(request, request.path_params["key"])
    c = ctx(request)
    return JsonResponse([c.version(v) for v in c.store.project_versions(project)])


async def project_versions_paged(request: Request) -> Response:
    """GET project/{idOrKey}/version: versions, paged, filtered and ordered."""
    project = visible_project(request, request.path_params["key"])
    c = ctx(request)
    start = max(0, query_int(request, "startAt", 0))
    limit = min(100, max(1, query_int(request, "maxResults", 50)))
    query = request.query_params.get("query", "").lower()
    status = set(filter(None, request.query_params.get("status", "").split(",")))
    versions = [
        v
        for v in c.store.project_versions(project)
        if (not query or query in v.name.lower() or query in v.description.lower())
        and (
            not status
            or ("released" in status and v.released and not v.archived)
            or ("unreleased" in status and not v.released and not v.archived)
            or ("archived" in status and v.archived)
        )
    ]
    order = request.query_params.get("orderBy", "sequence")
    reverse = order.startswith("-")
    field = order.lstrip("+-")
    keys: dict[str, Any] = {
        "sequence": lambda v: v.sequence,
        "name": lambda v: v.name.lower(),
        "startDate": lambda v: v.start_date or date.max,
        "releaseDate": lambda v: v.release_date or date.max,
        "description": lambda v: v.description.lower(),
    }
    versions.sort(key=keys.get(field, keys["sequence"]), reverse=reverse)
    page = versions[start : start + limit]
    is_last = start + limit >= len(versions)
    body: dict[str, Any] = {
        "self": c.url(f"project/{project.key}/version?startAt={start}&maxResults={limit}")
    }
    if not is_last:
        body["nextPage"] = c.url(
            f"project/{project.key}/version?startAt={start + limit}&maxResults={limit}"
        )
    body.update(
        maxResults=limit,
        startAt=start,
        total=len(versions),
        isLast=is_last,
        values=[c.version(v) for v in page],
    )
    return JsonResponse(body)


async def version_create(request: Request) -> Response:
    """POST version."""
    store = store_of(request)
    body = object_body(await read_json(request))
    ref = str(body.get("projectId") or body.get("project") or "")
    project = store.project(ref) if ref else None
    if project is None or not store.can_browse(current_user(request), project):
        raise JiraError(
            404,
            f"Project with key '{ref}' either does not exist or you do not have permission to create versions in it.",
        )
    _version_admin(request, project)
    errors: dict[str, str] = {}
    name = str(body.get("name") or "").strip()
    if not name:
        errors["name"] = "You must specify a valid version name"
    elif len(name) > 255:
        errors["name"] = "The version name must not exceed 255 characters."
    elif any(v.name.lower() == name.lower() for v in store.project_versions(project)):
        errors["name"] = "A version with this name already exists in this project."
    start = _parse_date(body, "startDate", errors)
    release = _parse_date(body, "releaseDate", errors)
    if start and release and start > release:
        errors["startDate"] = "The start date must be before the release date."
    if errors:
        raise JiraError(400, errors=errors)
    sequence = max((v.sequence for v in store.project_versions(project)), default=0) + 1
    version = Version(
        store.next_id("version"),
        project.id,
        name,
        str(body.get("description") or ""),
        bool(body.get("archived", False)),
        bool(body.get("released", False)),
        start,
        release,
        sequence,
    )
    store.versions[version.id] = version
    return JsonResponse(ctx(request).version(version), status_code=201)


async def version_get(request: Request) -> Response:
    """GET version/{id}."""
    return JsonResponse(ctx(request).version(_version(request)))


async def version_update(request: Request) -> Response:
    """PUT version/{id}: rename, dates, release, archive."""
    store = store_of(request)
    version = _version(request)
    project = store.projects[version.project_id]
    _version_admin(request, project)
    body = object_body(await read_json(request))
    errors: dict[str, str] = {}
    if "name" in body:
        name = str(body["name"] or "").strip()
        if not name:
            errors["name"] = "You must specify a valid version name"
        elif any(
            v.name.lower() == name.lower() and v is not version
            for v in store.project_versions(project)
        ):
            errors["name"] = "A version with this name already exists in this project."
    start = _parse_date(body, "startDate", errors) if "startDate" in body else version.start_date
    release = (
        _parse_date(body, "releaseDate", errors) if "releaseDate" in body else version.release_date
    )
    if start and release and start > release and not errors:
        errors["startDate"] = "The start date must be before the release date."
    if errors:
        raise JiraError(400, errors=errors)
    if "name" in body:
        version.name = str(body["name"]).strip()
    if "description" in body:
        version.description = str(body["description"] or "")
    version.start_date, version.release_date = start, release
    if "released" in body:
        version.released = bool(body["released"])
    if "archived" in body:
        version.archived = bool(body["archived"])
    if body.get("moveUnfixedIssuesTo"):
        target = store.versions.get(int(str(body["moveUnfixedIssuesTo"]).rsplit("/", 1)[-1]))
        if target is not None:
            for issue in store.issues.values():
                if version.id in issue.fix_version_ids and issue.resolution_id is None:
                    issue.fix_version_ids = [
                        target.id if v == version.id else v for v in issue.fix_version_ids
                    ]
    return JsonResponse(ctx(request).version(version))


def _swap_target(store: Store, version: Version, raw: str | None, what: str) -> Version | None:
    if not raw:
        return None
    target = store.versions.get(int(raw)) if str(raw).isdigit() else None
    if target is None or target.project_id != version.project_id:
        raise JiraError(404, f"Could not find version for id '{raw}'")
    if target is version:
        raise JiraError(400, f"You cannot move the issues to the version being deleted. ({what})")
    return target


def _delete_version(
    store: Store, version: Version, fix_to: Version | None, affects_to: Version | None
) -> None:
    for issue in store.issues.values():
        if version.id in issue.fix_version_ids:
            issue.fix_version_ids.remove(version.id)
            if fix_to is not None and fix_to.id not in issue.fix_version_ids:
                issue.fix_version_ids.append(fix_to.id)
        if version.id in issue.affects_version_ids:
            issue.affects_version_ids.remove(version.id)
            if affects_to is not None and affects_to.id not in issue.affects_version_ids:
                issue.affects_version_ids.append(affects_to.id)
    del store.versions[version.id]


async def version_delete(request: Request) -> Response:
    """DELETE version/{id}?moveFixIssuesTo=&moveAffectedIssuesTo= (Cloud; DC has removeAndSwap)."""
    store = store_of(request)
    if store.flavour is not Flavour.CLOUD:
        raise JiraError(405, "Method Not Allowed")
    version = _version(request)
    _version_admin(request, store.projects[version.project_id])
    fix_to = _swap_target(store, version, request.query_params.get("moveFixIssuesTo"), "fix")
    affects_to = _swap_target(
        store, version, request.query_params.get("moveAffectedIssuesTo"), "affects"
    )
    _delete_version(store, version, fix_to, affects_to)
    return Response(status_code=204)


async def version_remove_and_swap(request: Request) -> Response:
    """POST version/{id}/removeAndSwap (Cloud)."""
    store = store_of(request)
    version = _version(request)
    _version_admin(request, store.projects[version.project_id])
    body = object_body(await read_json(request)) if (await request.body()).strip() else {}
    fix_to = _swap_target(store, version, body.get("moveFixIssuesTo"), "fix")
    affects_to = _swap_target(store, version, body.get("moveAffectedIssuesTo"), "affects")
    _delete_version(store, version, fix_to, affects_to)
    return Response(status_code=204)


async def version_move(request: Request) -> Response:
    """POST version/{id}/move: ``{"position": First|Last|Earlier|Later}`` or ``{"after": url}``."""
    store = store_of(request)
    version = _version(request)
    project = store.projects[version.project_id]
    _version_admin(request, project)
    body = object_body(await read_json(request))
    ordered = store.project_versions(project)
    ordered.remove(version)
    index = [v.id for v in store.project_versions(project)].index(version.id)
    if body.get("after"):
        after_id = str(body["after"]).rstrip("/").rsplit("/", 1)[-1]
        after = store.versions.get(int(after_id)) if after_id.isdigit() else None
        if after is None or after.project_id != project.id or after is version:
            raise JiraError(404, f"Could not find version for id '{after_id}'")
        ordered.insert(ordered.index(after) + 1, version)
    else:
        position = str(body.get("position", ""))
        targets = {
            "First": 0,
            "Last": len(ordered),
            "Earlier": max(0, index - 1),
            "Later": min(len(ordered), index + 1),
        }
        if position not in targets:
            raise JiraError(
                400,
                errors={
                    "position": "Invalid position. Valid values are First, Last, Earlier and Later."
                },
            )
        ordered.insert(targets[position], version)
    for n, item in enumerate(ordered, start=1):
        item.sequence = n
    return JsonResponse(ctx(request).version(version))


async def version_related_counts(request: Request) -> Response:
    """GET version/{id}/relatedIssueCounts."""
    store = store_of(request)
    version = _version(request)
    fixed = sum(1 for i in store.issues.values() if version.id in i.fix_version_ids)
    affected = sum(1 for i in store.issues.values() if version.id in i.affects_version_ids)
    return JsonResponse(
        {
            "self": ctx(request).url(f"version/{version.id}"),
            "issuesFixedCount": fixed,
            "issuesAffectedCount": affected,
            "issueCountWithCustomFieldsShowingVersion": 0,
        }
    )


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    return [
        Route("/project/{key}/versions", project_versions, methods=["GET"]),
        Route("/project/{key}/version", project_versions_paged, methods=["GET"]),
        Route("/version", version_create, methods=["POST"]),
        Route("/version/{id}", version_get, methods=["GET"]),
        Route("/version/{id}", version_update, methods=["PUT"]),
        Route("/version/{id}", version_delete, methods=["DELETE"]),
        Route("/version/{id}/move", version_move, methods=["POST"]),
        Route("/version/{id}/removeAndSwap", version_remove_and_swap, methods=["POST"]),
        Route("/version/{id}/relatedIssueCounts", version_related_counts, methods=["GET"]),
    ]
