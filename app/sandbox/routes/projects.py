"""Projects and what hangs off them: categories, components, versions, statuses and roles."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import (
    JiraError,
    JsonResponse,
    NoSuchResource,
    UnmappableBody,
    ctx,
    current_user,
    query_int,
    read_json,
    require_admin,
    require_user,
    store_of,
)
from app.sandbox.model import Actor, Component, Flavour, Project, ProjectCategory, User, Version
from app.sandbox.store import Store

__all__ = ["routes"]

PROJECT_KEY = re.compile(r"^[A-Z][A-Z0-9_]+$")
MAX_KEY_LENGTH = 10
# Jira refuses the Windows device names as keys (attachments are stored in a folder per key)
RESERVED_KEYS = frozenset(
    {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{n}" for n in range(1, 10)),
        *(f"LPT{n}" for n in range(1, 10)),
    }
)
NO_CATEGORY = -1  # categoryId -1 in an update removes the project's category
PROJECT_TYPES = ("software", "business", "service_desk")
ASSIGNEE_TYPES = ("PROJECT_LEAD", "UNASSIGNED")
COMPONENT_ASSIGNEE_TYPES = ("PROJECT_DEFAULT", "COMPONENT_LEAD", "PROJECT_LEAD", "UNASSIGNED")


# ----- lookups ------------------------------------------------------------------------------------


def visible_project(request: Request, id_or_key: str) -> Project:
    """The project named in the path if the caller may browse it; Jira's 404 otherwise."""
    store = store_of(request)
    project = store.project(id_or_key)
    if project is None or not store.can_browse(current_user(request), project):
        raise JiraError(404, f"No project could be found with key '{id_or_key}'.")
    return project


def _project_admin(request: Request, project: Project, message: str) -> User:
    user = require_user(request)
    if not store_of(request).is_project_admin(user, project):
        raise JiraError(403, message)
    return user


def _lead_from_body(store: Store, body: dict[str, Any]) -> User | None:
    if store.flavour is Flavour.CLOUD:
        ref = body.get("leadAccountId") or body.get("lead")
        return store.user_by_account_id(str(ref)) if ref else None
    ref = body.get("lead") or body.get("leadUserName")
    return store.user_by_name(str(ref)) if ref else None


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


def _object_body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise JiraError(400, "Can not deserialize instance of object out of a non-object token")
    return body


# ----- projects -----------------------------------------------------------------------------------


async def project_list(request: Request) -> Response:
    """GET project: every project the caller may browse (not paged)."""
    c = ctx(request)
    expand = set(request.query_params.get("expand", "").split(","))
    projects = c.store.visible_projects(current_user(request))
    out = []
    for project in projects:
        item = c.project_summary(project)
        if "description" in expand:
            item["description"] = project.description
        if "lead" in expand:
            item["lead"] = c.user_by_key(project.lead_key)
        if "url" in expand:
            item["url"] = project.url
        out.append(item)
    return JsonResponse(out)


def _project_sort_key(store: Store, field: str) -> Any:
    if field == "name":
        return lambda p: p.name.lower()
    if field == "category":
        return lambda p: store.categories[p.category_id].name.lower() if p.category_id else "~"
    if field in ("owner", "lead"):
        return lambda p: store.users[p.lead_key].display_name.lower()
    if field == "issueCount":
        counts: dict[int, int] = {}
        for issue in store.issues.values():
            counts[issue.project_id] = counts.get(issue.project_id, 0) + 1
        return lambda p: counts.get(p.id, 0)
    if field == "lastIssueUpdatedTime":
        latest: dict[int, float] = {}
        for issue in store.issues.values():
            stamp = issue.updated.timestamp()
            if stamp > latest.get(issue.project_id, 0.0):
                latest[issue.project_id] = stamp
        return lambda p: latest.get(p.id, 0.0)
    return lambda p: p.key


async def project_search(request: Request) -> Response:
    """GET project/search (Cloud): paged, filtered and ordered projects."""
    c = ctx(request)
    store = c.store
    if store.flavour is not Flavour.CLOUD:
        raise NoSuchResource(request)
    start = max(0, query_int(request, "startAt", 0))
    limit = min(100, max(1, query_int(request, "maxResults", 50)))
    query = request.query_params.get("query", "").lower()
    type_key = request.query_params.get("typeKey")
    category = request.query_params.get("categoryId")
    wanted_ids = set(request.query_params.getlist("id"))
    wanted_keys = {k.upper() for k in request.query_params.getlist("keys")}
    order = request.query_params.get("orderBy", "key")
    reverse = order.startswith("-")
    order = order.lstrip("+-")
    expand = set(request.query_params.get("expand", "").split(","))
    projects = [
        p
        for p in store.visible_projects(current_user(request))
        if (not query or query in p.key.lower() or query in p.name.lower())
        and (not type_key or p.project_type_key in type_key.split(","))
        and (not category or str(p.category_id) == category)
        and (not wanted_ids or str(p.id) in wanted_ids)
        and (not wanted_keys or p.key in wanted_keys)
    ]
    projects.sort(key=_project_sort_key(store, order), reverse=reverse)
    page = projects[start : start + limit]
    insights = store.project_insights(page) if "insight" in expand else {}
    values = []
    for project in page:
        item = c.project_summary(project)
        if "description" in expand:
            item["description"] = project.description
        if "lead" in expand:
            item["lead"] = c.user_by_key(project.lead_key)
        if "url" in expand:
            item["url"] = project.url
        if "insight" in expand:
            item["insight"] = c.insight(*insights[project.id])
        values.append(item)
    params = {k: v for k, v in request.query_params.items() if k not in ("startAt", "maxResults")}
    is_last = start + limit >= len(projects)
    body: dict[str, Any] = {
        "self": c.url(
            "project/search?" + urlencode({**params, "startAt": start, "maxResults": limit})
        ),
    }
    if not is_last:
        body["nextPage"] = c.url(
            "project/search?" + urlencode({**params, "startAt": start + limit, "maxResults": limit})
        )
    body.update(maxResults=limit, startAt=start, total=len(projects), isLast=is_last, values=values)
    return JsonResponse(body)


async def project_get(request: Request) -> Response:
    """GET project/{idOrKey}."""
    project = visible_project(request, request.path_params["key"])
    expand = set(request.query_params.get("expand", "").split(","))
    return JsonResponse(ctx(request).project(project, expand))


def project_key_error(store: Store, key: str, existing: Project | None) -> str | None:
    """Jira's complaint about a project key, in Jira's order of checks; None when it is fine."""
    if not key:
        return "You must specify a unique project key, at least 2 characters long."
    if not PROJECT_KEY.match(key):
        return (
            "Project keys must start with an uppercase letter, followed by one or more uppercase "
            "alphanumeric characters."
        )
    if key in RESERVED_KEYS:
        return "This keyword is invalid as it is a reserved word on this operating system."
    if len(key) > MAX_KEY_LENGTH:
        return f"The project key must not exceed {MAX_KEY_LENGTH} characters in length."
    other = store.projects_by_key.get(key)
    if other is not None and other is not existing:
        return f"Project '{other.name}' uses this project key."
    return None


def _validate_project_fields(
    store: Store, body: dict[str, Any], errors: dict[str, str], existing: Project | None
) -> None:
    name = body.get("name")
    if name is not None or existing is None:
        name = str(name or "").strip()
        if not name:
            errors["projectName"] = "You must specify a valid project name."
        elif len(name) > 80:
            errors["projectName"] = "The project name must not exceed 80 characters in length."
        elif any(
            p.name.lower() == name.lower() and p is not existing for p in store.projects.values()
        ):
            errors["projectName"] = "A project with that name already exists."
    key = body.get("key")
    if key is not None or existing is None:
        key_error = project_key_error(store, str(key or ""), existing)
        if key_error:
            errors["projectKey"] = key_error
    if "assigneeType" in body and body["assigneeType"] not in ASSIGNEE_TYPES:
        errors["assigneeType"] = "Invalid default assignee type."
    removes_category = existing is not None and str(body.get("categoryId")) == str(NO_CATEGORY)
    if "categoryId" in body and body["categoryId"] is not None and not removes_category:
        try:
            cid = int(body["categoryId"])
        except (TypeError, ValueError):
            cid = -1
        if cid not in store.categories:
            errors["categoryId"] = f"No project category with id '{body['categoryId']}' exists."


async def project_create(request: Request) -> Response:
    """POST project."""
    store = store_of(request)
    require_admin(request)
    body = _object_body(await read_json(request))
    errors: dict[str, str] = {}
    _validate_project_fields(store, body, errors, None)
    ptype = body.get("projectTypeKey")
    if ptype not in PROJECT_TYPES:
        errors["projectTypeKey"] = "You must specify a valid project type."
    lead = _lead_from_body(store, body)
    if lead is None:
        errors["projectLead"] = "You must specify a valid project lead."
    if errors or lead is None:
        raise JiraError(400, errors=errors)
    project = Project(
        id=store.next_id("project"),
        key=str(body["key"]),
        name=str(body["name"]).strip(),
        description=str(body.get("description") or ""),
        lead_key=lead.key,
        project_type_key=str(ptype),
        category_id=int(body["categoryId"]) if body.get("categoryId") is not None else None,
        url=str(body.get("url") or ""),
        assignee_type=str(body.get("assigneeType") or "UNASSIGNED"),
        role_actors={
            10002: [Actor("user", lead.key)],
            10001: [],
            10000: [Actor("group", "jira-users")],
        },
        created=store.now(),
    )
    store.add_project(project)
    c = ctx(request)
    return JsonResponse(
        {"self": c.url(f"project/{project.id}"), "id": project.id, "key": project.key},
        status_code=201,
    )


async def project_update(request: Request) -> Response:
    """PUT project/{idOrKey}."""
    store = store_of(request)
    project = visible_project(request, request.path_params["key"])
    user = _project_admin(
        request, project, "You must have global administrator rights in order to modify projects."
    )
    body = _object_body(await read_json(request))
    if "key" in body and body["key"] != project.key and not user.is_admin:
        raise JiraError(
            403, "You must have global administrator rights in order to modify projects."
        )
    errors: dict[str, str] = {}
    _validate_project_fields(store, body, errors, project)
    lead = None
    if any(k in body for k in ("lead", "leadAccountId", "leadUserName")):
        lead = _lead_from_body(store, body)
        if lead is None:
            errors["projectLead"] = "The user you have specified as project lead does not exist."
    if "projectTypeKey" in body and body["projectTypeKey"] not in PROJECT_TYPES:
        errors["projectTypeKey"] = "You must specify a valid project type."
    if errors:
        raise JiraError(400, errors=errors)
    if "name" in body:
        project.name = str(body["name"]).strip()
    if "key" in body and body["key"] != project.key:
        store.projects_by_key.pop(project.key, None)
        project.key = str(body["key"])
        store.projects_by_key[project.key] = project
    if "description" in body:
        project.description = str(body["description"] or "")
    if "url" in body:
        project.url = str(body["url"] or "")
    if "assigneeType" in body:
        project.assignee_type = str(body["assigneeType"])
    if "categoryId" in body:
        cid = body["categoryId"]
        project.category_id = None if cid is None or int(cid) == NO_CATEGORY else int(cid)
    if "projectTypeKey" in body:
        project.project_type_key = str(body["projectTypeKey"])
    if lead is not None:
        project.lead_key = lead.key
    return JsonResponse(ctx(request).project(project))


async def project_validate_key(request: Request) -> Response:
    """GET projectvalidate/key?key=: an ErrorCollection, empty when the key is free and valid."""
    store = store_of(request)
    if store.flavour is Flavour.DATACENTER:  # Cloud documents no permission for it
        require_user(request)
    error = project_key_error(store, request.query_params.get("key", ""), None)
    return JsonResponse({"errorMessages": [], "errors": {"projectKey": error} if error else {}})


async def project_permission_scheme(request: Request) -> Response:
    """GET project/{keyOrId}/permissionscheme: the scheme the project uses (no grants)."""
    require_user(request)
    project = visible_project(request, request.path_params["key"])
    _project_admin(request, project, "You cannot edit the configuration of this project.")
    store = store_of(request)
    scheme = store.permission_schemes[project.permission_scheme_id]
    return JsonResponse(ctx(request).permission_scheme(scheme))


async def project_delete(request: Request) -> Response:
    """DELETE project/{idOrKey}: the project and all its issues."""
    project = visible_project(request, request.path_params["key"])
    require_admin(request)
    store_of(request).remove_project(project)
    return Response(status_code=204)


async def project_statuses(request: Request) -> Response:
    """GET project/{idOrKey}/statuses: statuses per issue type."""
    visible_project(request, request.path_params["key"])
    c = ctx(request)
    return JsonResponse(
        [
            {
                "self": c.url(f"issuetype/{t.id}"),
                "id": str(t.id),
                "name": t.name,
                "subtask": t.subtask,
                "statuses": [c.status(s) for s in c.store.statuses.values()],
            }
            for t in c.store.issue_types.values()
        ]
    )


# ----- categories ---------------------------------------------------------------------------------


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
    body = _object_body(await read_json(request))
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
    body = _object_body(await read_json(request))
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


# ----- components ---------------------------------------------------------------------------------


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
    body = _object_body(await read_json(request))
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


# ----- versions -----------------------------------------------------------------------------------


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
    body = _object_body(await read_json(request))
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
    body = _object_body(await read_json(request))
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
    body = _object_body(await read_json(request)) if (await request.body()).strip() else {}
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
    body = _object_body(await read_json(request))
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


# ----- roles --------------------------------------------------------------------------------------


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
    _project_admin(request, project, "You cannot edit the configuration of this project.")
    actors = _actors_from(store, _object_body(await read_json(request)))
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
    _project_admin(request, project, "You cannot edit the configuration of this project.")
    body = _object_body(await read_json(request))
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
    _project_admin(request, project, "You cannot edit the configuration of this project.")
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
        Route("/project", project_list, methods=["GET"]),
        Route("/project", project_create, methods=["POST"]),
        Route("/project/search", project_search, methods=["GET"]),
        Route("/project/{key}", project_get, methods=["GET"]),
        Route("/project/{key}", project_update, methods=["PUT"]),
        Route("/project/{key}", project_delete, methods=["DELETE"]),
        Route("/project/{key}/statuses", project_statuses, methods=["GET"]),
        Route("/project/{key}/components", project_components, methods=["GET"]),
        Route("/project/{key}/versions", project_versions, methods=["GET"]),
        Route("/project/{key}/version", project_versions_paged, methods=["GET"]),
        Route("/project/{key}/role", project_roles, methods=["GET"]),
        Route("/project/{key}/role/{role}", project_role_get, methods=["GET"]),
        Route("/project/{key}/role/{role}", project_role_add, methods=["POST"]),
        Route("/project/{key}/role/{role}", project_role_set, methods=["PUT"]),
        Route("/project/{key}/role/{role}", project_role_remove, methods=["DELETE"]),
        Route("/project/{key}/permissionscheme", project_permission_scheme, methods=["GET"]),
        Route("/projectvalidate/key", project_validate_key, methods=["GET"]),
        Route("/projectCategory", category_list, methods=["GET"]),
        Route("/projectCategory", category_create, methods=["POST"]),
        Route("/projectCategory/{id}", category_get, methods=["GET"]),
        Route("/projectCategory/{id}", category_update, methods=["PUT"]),
        Route("/projectCategory/{id}", category_delete, methods=["DELETE"]),
        Route("/component", component_create, methods=["POST"]),
        Route("/component/{id}", component_get, methods=["GET"]),
        Route("/component/{id}", component_update, methods=["PUT"]),
        Route("/component/{id}", component_delete, methods=["DELETE"]),
        Route("/component/{id}/relatedIssueCounts", component_related_counts, methods=["GET"]),
        Route("/version", version_create, methods=["POST"]),
        Route("/version/{id}", version_get, methods=["GET"]),
        Route("/version/{id}", version_update, methods=["PUT"]),
        Route("/version/{id}", version_delete, methods=["DELETE"]),
        Route("/version/{id}/move", version_move, methods=["POST"]),
        Route("/version/{id}/removeAndSwap", version_remove_and_swap, methods=["POST"]),
        Route("/version/{id}/relatedIssueCounts", version_related_counts, methods=["GET"]),
    ]
