"""Projects: list, search, read, create, change and delete, and the lookups their parts share."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import (
    JiraError,
    JsonResponse,
    NoSuchResource,
    ctx,
    current_user,
    query_int,
    read_json,
    require_admin,
    require_user,
    store_of,
)
from app.sandbox.model import Actor, Flavour, Project, User
from app.sandbox.store import Store

__all__ = ["object_body", "project_admin", "routes", "visible_project"]

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


# ----- lookups ------------------------------------------------------------------------------------


def visible_project(request: Request, id_or_key: str) -> Project:
    """The project named in the path if the caller may browse it; Jira's 404 otherwise."""
    store = store_of(request)
    project = store.project(id_or_key)
    if project is None or not store.can_browse(current_user(request), project):
        raise JiraError(404, f"No project could be found with key '{id_or_key}'.")
    return project


def project_admin(request: Request, project: Project, message: str) -> User:
    """The caller if they administer ``project``; Jira's 403 with ``message`` otherwise."""
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


def object_body(body: Any) -> dict[str, Any]:
    """A decoded request body that must be a JSON object; Jackson's 400 otherwise."""
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
    body = object_body(await read_json(request))
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
    user = project_admin(
        request, project, "You must have global administrator rights in order to modify projects."
    )
    body = object_body(await read_json(request))
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
    project_admin(request, project, "You cannot edit the configuration of this project.")
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
        Route("/project/{key}/permissionscheme", project_permission_scheme, methods=["GET"]),
        Route("/projectvalidate/key", project_validate_key, methods=["GET"]),
    ]
