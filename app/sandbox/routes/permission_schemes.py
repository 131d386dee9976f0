"""Permission schemes and their grants, a project's scheme, and who holds a permission.

Writes need Administer Jira. Jira's texts for a duplicate grant, an unknown permission key, a
non-admin's write and deleting a scheme in use are not on record (JIRA-BEHAVIOUR.md §8): the
sandbox answers them as ErrorCollections in Jira's usual wording, with the statuses the
documents give (400 for a bad grant, 403 for a non-admin). ``permissions/check`` is Cloud only.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import (
    JiraError,
    JsonResponse,
    NoSuchResource,
    ctx,
    query_int,
    read_json,
    require_user,
    store_of,
)
from app.sandbox.model import Flavour, PermissionScheme, SchemeGrant, User
from app.sandbox.permissions import grant_json, holder_from_wire, holds, projects_using, scheme_json
from app.sandbox.routes.projects import object_body, visible_project
from app.sandbox.routes.server import PERMISSIONS
from app.sandbox.store import Store

__all__ = ["routes"]

_KEYS = {p[0]: p[3] for p in PERMISSIONS}  # key -> GLOBAL / PROJECT
_ADMIN_ONLY = "Only Jira administrators can perform this operation."


def _expand(request: Request) -> set[str]:
    raw = request.query_params.get("expand") or ""
    return {part.strip() for part in raw.split(",") if part.strip()}


def _admin(request: Request) -> User:
    user = require_user(request)
    if not user.is_admin:
        raise JiraError(403, _ADMIN_ONLY)
    return user


def _scheme(request: Request) -> PermissionScheme:
    raw = request.path_params["scheme"]
    scheme = store_of(request).permission_schemes.get(int(raw)) if raw.isdigit() else None
    if scheme is None:
        raise JiraError(404, f"Permission scheme {raw} does not exist")
    return scheme


def _new_grant(store: Store, scheme: PermissionScheme, body: Any) -> SchemeGrant:
    body = object_body(body)
    key = body.get("permission")
    if not isinstance(key, str) or not key:
        raise JiraError(400, errors={"permission": "The permission of a grant is required."})
    if _KEYS.get(key) != "PROJECT":
        raise JiraError(400, errors={"permission": f"Permission with key '{key}' does not exist."})
    holder = holder_from_wire(store, body.get("holder"))
    if isinstance(holder, str):
        raise JiraError(400, errors={"holder": holder})
    kind, param = holder
    if any(
        g.permission == key and g.holder_type == kind and g.parameter == param
        for g in scheme.grants
    ):
        raise JiraError(400, f"The permission scheme already grants '{key}' to this holder.")
    return SchemeGrant(store.next_id("permissiongrant", 20000), key, kind, param)


async def scheme_list(request: Request) -> Response:
    """GET permissionscheme[?expand=]: every scheme (with grants when expanded)."""
    require_user(request)
    c, expand = ctx(request), _expand(request)
    schemes = sorted(c.store.permission_schemes.values(), key=lambda s: s.name.casefold())
    return JsonResponse({"permissionSchemes": [scheme_json(c, s, expand) for s in schemes]})


async def scheme_get(request: Request) -> Response:
    """GET permissionscheme/{id}[?expand=]."""
    require_user(request)
    return JsonResponse(scheme_json(ctx(request), _scheme(request), _expand(request)))


async def scheme_create(request: Request) -> Response:
    """POST permissionscheme: a new scheme, with the grants the body lists."""
    _admin(request)
    store = store_of(request)
    body = object_body(await read_json(request))
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise JiraError(400, errors={"name": "The name of the permission scheme is required."})
    if any(s.name.casefold() == name.strip().casefold() for s in store.permission_schemes.values()):
        raise JiraError(400, errors={"name": f"A permission scheme named '{name}' already exists."})
    scheme = PermissionScheme(
        store.next_id("permissionscheme", 10100), name.strip(), str(body.get("description") or "")
    )
    for raw in body.get("permissions") or []:
        scheme.grants.append(_new_grant(store, scheme, raw))
    store.permission_schemes[scheme.id] = scheme
    return JsonResponse(scheme_json(ctx(request), scheme, {"all"}), status_code=201)


async def scheme_update(request: Request) -> Response:
    """PUT permissionscheme/{id}: name and description; a ``permissions`` list replaces all."""
    _admin(request)
    store, scheme = store_of(request), _scheme(request)
    body = object_body(await read_json(request))
    name = body.get("name")
    if name is not None:
        if not isinstance(name, str) or not name.strip():
            raise JiraError(400, errors={"name": "The name of the permission scheme is required."})
        taken = any(
            s.id != scheme.id and s.name.casefold() == name.strip().casefold()
            for s in store.permission_schemes.values()
        )
        if taken:
            raise JiraError(
                400, errors={"name": f"A permission scheme named '{name}' already exists."}
            )
        scheme.name = name.strip()
    if "description" in body:
        scheme.description = str(body.get("description") or "")
    if body.get("permissions") is not None:
        # Jira's documented trap: a list replaces every grant (an empty one removes them all)
        replacement = PermissionScheme(scheme.id, scheme.name)
        for raw in body["permissions"]:
            replacement.grants.append(_new_grant(store, replacement, raw))
        scheme.grants = replacement.grants
    return JsonResponse(scheme_json(ctx(request), scheme, _expand(request) or {"all"}))


async def scheme_delete(request: Request) -> Response:
    """DELETE permissionscheme/{id}: refused for the default scheme and while projects use it."""
    _admin(request)
    store, scheme = store_of(request), _scheme(request)
    if scheme.id == 0:
        raise JiraError(400, "The default permission scheme cannot be deleted.")
    used = projects_using(store, scheme.id)
    if used:
        keys = ", ".join(p.key for p in used)
        raise JiraError(
            400,
            f"The permission scheme '{scheme.name}' cannot be deleted because it is used by "
            f"these projects: {keys}.",
        )
    del store.permission_schemes[scheme.id]
    return Response(status_code=204)


async def grant_list(request: Request) -> Response:
    """GET permissionscheme/{id}/permission."""
    require_user(request)
    c, scheme, expand = ctx(request), _scheme(request), _expand(request)
    return JsonResponse(
        {
            "expand": "user,group,projectRole,field,all",
            "permissions": [grant_json(c, scheme, g, expand) for g in scheme.grants],
        }
    )


def _grant(request: Request, scheme: PermissionScheme) -> SchemeGrant:
    raw = request.path_params["grant"]
    grant = next((g for g in scheme.grants if str(g.id) == raw), None)
    if grant is None:
        raise JiraError(404, f"Permission grant with id {raw} does not exist in the scheme.")
    return grant


async def grant_get(request: Request) -> Response:
    """GET permissionscheme/{id}/permission/{grantId}."""
    require_user(request)
    scheme = _scheme(request)
    return JsonResponse(grant_json(ctx(request), scheme, _grant(request, scheme), _expand(request)))


async def grant_add(request: Request) -> Response:
    """POST permissionscheme/{id}/permission: one more grant (201)."""
    _admin(request)
    store, scheme = store_of(request), _scheme(request)
    grant = _new_grant(store, scheme, await read_json(request))
    scheme.grants.append(grant)
    return JsonResponse(grant_json(ctx(request), scheme, grant, {"all"}), status_code=201)


async def grant_delete(request: Request) -> Response:
    """DELETE permissionscheme/{id}/permission/{grantId}."""
    _admin(request)
    scheme = _scheme(request)
    raw = request.path_params["grant"]
    grant = next((g for g in scheme.grants if str(g.id) == raw), None)
    if grant is None:
        # the documents give no 404 for this operation: Jira answers a bad grant id with 400
        raise JiraError(400, f"Permission grant with id {raw} does not exist in the scheme.")
    scheme.grants.remove(grant)
    return Response(status_code=204)


async def project_scheme_assign(request: Request) -> Response:
    """PUT project/{keyOrId}/permissionscheme ``{"id": N}``: the project now uses scheme N."""
    require_user(request)
    project = visible_project(request, request.path_params["key"])
    _admin(request)
    store = store_of(request)
    body = object_body(await read_json(request))
    raw = body.get("id")
    scheme = store.permission_schemes.get(int(str(raw))) if str(raw).isdigit() else None
    if scheme is None:
        raise JiraError(404, f"Permission scheme {raw} does not exist")
    project.permission_scheme_id = scheme.id
    return JsonResponse(scheme_json(ctx(request), scheme, _expand(request)))


def _keys(raw: str | None) -> list[str]:
    keys = [k.strip() for k in (raw or "").split(",") if k.strip()]
    if not keys:
        raise JiraError(400, "The 'permissions' query parameter is required.")
    unknown = [k for k in keys if k not in _KEYS]
    if unknown:
        raise JiraError(400, f"Unrecognized permission key(s): {', '.join(unknown)}.")
    return keys


async def user_permission_search(request: Request) -> Response:
    """GET user/permission/search: users who hold every permission listed in a project or issue.

    Cloud takes the window ``startAt..startAt+maxResults`` of users (to the 1000th) and then
    filters it, so pages hold fewer than ``maxResults``; Data Center filters, then pages.
    """
    caller = require_user(request)
    c = ctx(request)
    store, params = c.store, request.query_params
    keys = _keys(params.get("permissions"))
    issue = store.issue(params["issueKey"]) if params.get("issueKey") else None
    if params.get("issueKey") and issue is None:
        raise JiraError(404, f"Issue Does Not Exist: {params['issueKey']}")
    project = store.projects.get(issue.project_id) if issue else None
    if project is None and params.get("projectKey"):
        project = visible_project(request, params["projectKey"])
    if project is None:
        raise JiraError(400, "Either the 'projectKey' or the 'issueKey' must be provided.")
    if not store.can_browse(caller, project):
        raise JiraError(404, f"No project could be found with key '{project.key}'.")
    start = max(0, query_int(request, "startAt", 0))
    users = sorted(store.users.values(), key=lambda u: (u.display_name.casefold(), u.name))
    if store.flavour is Flavour.CLOUD:
        query, account = params.get("query"), params.get("accountId")
        if bool(query) == bool(account):
            raise JiraError(400, "Provide either 'query' or 'accountId', but not both.")
        limit = max(1, query_int(request, "maxResults", 50))
        window = [u for u in users if u.active][start : min(start + limit, 1000)]
        picked = [u for u in window if (account and u.account_id == account) or _match(u, query)]
        found = [u for u in picked if all(holds(store, u, project, k, issue) for k in keys)]
        return JsonResponse([c.user(u) for u in found])
    name = params.get("username") or ""
    limit = min(100, max(1, query_int(request, "maxResults", 50)))
    found = [
        u
        for u in users
        if name
        and u.active
        and (name in (".", "*") or _match(u, name))
        and all(holds(store, u, project, k, issue) for k in keys)
    ]
    return JsonResponse([c.user(u) for u in found[start : start + limit]])


def _match(user: User, query: str | None) -> bool:
    if not query:
        return False
    q = query.casefold()
    return (
        user.name.casefold().startswith(q)
        or user.email.casefold().startswith(q)
        or any(part.casefold().startswith(q) for part in user.display_name.split())
    )


async def permissions_check(request: Request) -> Response:
    """POST permissions/check (Cloud): which of the asked permissions a user holds, and where."""
    store = store_of(request)
    if store.flavour is not Flavour.CLOUD:
        raise NoSuchResource(request)  # not in Data Center's API
    caller = require_user(request)
    body = object_body(await read_json(request))
    account = body.get("accountId")
    user: User | None = caller
    if account and account != caller.account_id:
        if not caller.is_admin:
            raise JiraError(403, _ADMIN_ONLY)
        user = store.user_by_account_id(str(account))
    asked_global = [str(k) for k in body.get("globalPermissions") or []]
    asked_project = body.get("projectPermissions") or []
    unknown = {k for k in asked_global if k not in _KEYS}
    for entry in asked_project:
        unknown |= {str(k) for k in (entry or {}).get("permissions") or [] if str(k) not in _KEYS}
    if unknown:
        raise JiraError(400, errors=dict.fromkeys(sorted(unknown), "Unrecognized permission"))
    granted_global = [
        k for k in asked_global if user is not None and user.is_admin and _KEYS[k] == "GLOBAL"
    ]
    out: list[dict[str, Any]] = []
    for entry in asked_project:
        projects = [store.project(str(p)) for p in (entry.get("projects") or [])[:1000]]
        issues = [store.issue(str(i)) for i in (entry.get("issues") or [])[:1000]]
        for key in entry.get("permissions") or []:
            on_projects = [
                p.id
                for p in projects
                if p is not None and user is not None and holds(store, user, p, key)
            ]
            on_issues = [
                i.id
                for i in issues
                if i is not None
                and user is not None
                and holds(store, user, store.projects[i.project_id], key, i)
            ]
            out.append({"permission": key, "projects": on_projects, "issues": on_issues})
    return JsonResponse({"globalPermissions": granted_global, "projectPermissions": out})


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    scheme = "/permissionscheme/{scheme}"
    return [
        Route("/permissionscheme", scheme_list, methods=["GET"]),
        Route("/permissionscheme", scheme_create, methods=["POST"]),
        Route(scheme, scheme_get, methods=["GET"]),
        Route(scheme, scheme_update, methods=["PUT"]),
        Route(scheme, scheme_delete, methods=["DELETE"]),
        Route(scheme + "/permission", grant_list, methods=["GET"]),
        Route(scheme + "/permission", grant_add, methods=["POST"]),
        Route(scheme + "/permission/{grant}", grant_get, methods=["GET"]),
        Route(scheme + "/permission/{grant}", grant_delete, methods=["DELETE"]),
        Route("/project/{key}/permissionscheme", project_scheme_assign, methods=["PUT"]),
        Route("/user/permission/search", user_permission_search, methods=["GET"]),
        Route("/permissions/check", permissions_check, methods=["POST"]),
    ]
