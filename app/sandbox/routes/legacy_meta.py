"""Jira 4.3's read-only resources: serverInfo, projects, components, versions, statuses,
priorities, resolutions, issue types, link types, users, attachments, work logs and comments.

Each answers 404 when the record does not exist or the caller may not see it, as the brief
says; only ``user`` refuses an anonymous caller (401).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import JiraError, JsonResponse, current_user, store_of
from app.sandbox.routes.legacy_common import (
    expand_of,
    legacy_of,
    path_int,
    renderer,
    visible_project,
)

__all__ = ["routes"]


async def server_info(request: Request) -> Response:
    """GET serverInfo."""
    return JsonResponse(renderer(request).server_info())


async def project_list(request: Request) -> Response:
    """GET project: the projects the caller may browse."""
    r = renderer(request)
    return JsonResponse([r.project_ref(p) for p in r.store.visible_projects(r.viewer)])


async def project_get(request: Request) -> Response:
    """GET project/{key}."""
    key = request.path_params["key"]
    store = store_of(request)
    project = store.projects_by_key.get(key.upper())
    if project is None or not store.can_browse(current_user(request), project):
        raise JiraError(404, f"No project could be found with key '{key}'.")
    return JsonResponse(renderer(request).project(project))


async def component_get(request: Request) -> Response:
    """GET component/{id}."""
    missing = f"The component with id {request.path_params['id']} does not exist."
    comp = store_of(request).components.get(path_int(request, "id", missing))
    if comp is None or visible_project(request, comp.project_id) is None:
        raise JiraError(404, missing)
    return JsonResponse(renderer(request).component(comp))


async def version_get(request: Request) -> Response:
    """GET version/{id}."""
    missing = f"Could not find version for id '{request.path_params['id']}'"
    version = store_of(request).versions.get(path_int(request, "id", missing))
    if version is None or visible_project(request, version.project_id) is None:
        raise JiraError(404, missing)
    return JsonResponse(renderer(request).version(version))


def _missing(kind: str, request: Request) -> str:
    return f"The {kind} with id '{request.path_params['id']}' does not exist"


async def status_get(request: Request) -> Response:
    """GET status/{id}."""
    found = store_of(request).statuses.get(path_int(request, "id", _missing("status", request)))
    if found is None:
        raise JiraError(404, _missing("status", request))
    return JsonResponse(renderer(request).status(found))


async def priority_get(request: Request) -> Response:
    """GET priority/{id}."""
    missing = _missing("priority", request)
    found = store_of(request).priorities.get(path_int(request, "id", missing))
    if found is None:
        raise JiraError(404, missing)
    return JsonResponse(renderer(request).priority(found))


async def resolution_get(request: Request) -> Response:
    """GET resolution/{id}."""
    missing = _missing("resolution", request)
    found = store_of(request).resolutions.get(path_int(request, "id", missing))
    if found is None:
        raise JiraError(404, missing)
    return JsonResponse(renderer(request).resolution(found))


async def issue_type_get(request: Request) -> Response:
    """GET issueType/{id}."""
    missing = _missing("issue type", request)
    found = store_of(request).issue_types.get(path_int(request, "id", missing))
    if found is None:
        raise JiraError(404, missing)
    return JsonResponse(renderer(request).issue_type(found))


async def link_types(request: Request) -> Response:
    """GET issueLinkType: every link type, in id order."""
    r = renderer(request)
    items = sorted(r.store.link_types.values(), key=lambda t: t.id)
    return JsonResponse({"issueLinkTypes": [r.link_type(t) for t in items]})


async def link_type_get(request: Request) -> Response:
    """GET issueLinkType/{issueLinkTypeId}."""
    raw = request.path_params["id"]
    missing = f"No issue link type with id '{raw}' found."
    found = store_of(request).link_types.get(path_int(request, "id", missing))
    if found is None:
        raise JiraError(404, missing)
    return JsonResponse(renderer(request).link_type(found))


async def user_get(request: Request) -> Response:
    """GET user?username=: 401 for an anonymous caller, 404 for an unknown name."""
    if current_user(request) is None:
        raise JiraError(
            401, "You are not authenticated. Authentication required to perform this operation."
        )
    name = request.query_params.get("username") or ""
    user = store_of(request).user_by_name(name) if name else None
    if user is None:
        raise JiraError(404, f"The user named '{name}' does not exist")
    return JsonResponse(renderer(request).user(user, expand_of(request)))


async def attachment_get(request: Request) -> Response:
    """GET attachment/{id}: the metadata (the content is at its ``content`` URL)."""
    missing = f"The attachment with id '{request.path_params['id']}' does not exist"
    found = legacy_of(request).attachment(path_int(request, "id", missing))
    store = store_of(request)
    if found is None or not store.can_browse(
        current_user(request), store.projects[found[0].project_id]
    ):
        raise JiraError(404, missing)
    return JsonResponse(renderer(request).attachment(found[1]))


async def worklog_get(request: Request) -> Response:
    """GET worklog/{id}."""
    missing = f"Cannot find worklog with id: '{request.path_params['id']}'."
    legacy = legacy_of(request)
    found = legacy.worklog(path_int(request, "id", missing))
    user = current_user(request)
    if found is None:
        raise JiraError(404, missing)
    issue, worklog = found
    project = legacy.store.projects[issue.project_id]
    if not legacy.store.can_browse(user, project) or not legacy.may_see(
        user, project, worklog.visibility
    ):
        raise JiraError(404, missing)
    return JsonResponse(renderer(request).worklog(worklog))


async def comment_get(request: Request) -> Response:
    """GET comment/{id}?render=: the body rendered as HTML unless ``render=false``."""
    raw = request.path_params["id"]
    missing = f"Can not find a comment for the id: {raw}."
    wanted = path_int(request, "id", missing)
    r = renderer(request)
    for issue in r.store.visible_issues(r.viewer):
        for comment in r.visible_comments(issue) if issue.comments else ():
            if comment.id == wanted:
                render = request.query_params.get("render", "true").lower() != "false"
                return JsonResponse(r.comment(comment, render=render))
    raise JiraError(404, missing)


def routes() -> list[Route]:
    """Routes under /rest/api/2.0.alpha1."""
    return [
        Route("/serverInfo", server_info, methods=["GET"]),
        Route("/project", project_list, methods=["GET"]),
        Route("/project/{key}", project_get, methods=["GET"]),
        Route("/component/{id}", component_get, methods=["GET"]),
        Route("/version/{id}", version_get, methods=["GET"]),
        Route("/status/{id}", status_get, methods=["GET"]),
        Route("/priority/{id}", priority_get, methods=["GET"]),
        Route("/resolution/{id}", resolution_get, methods=["GET"]),
        Route("/issueType/{id}", issue_type_get, methods=["GET"]),
        Route("/issueLinkType", link_types, methods=["GET"]),
        Route("/issueLinkType/{id}", link_type_get, methods=["GET"]),
        Route("/user", user_get, methods=["GET"]),
        Route("/attachment/{id}", attachment_get, methods=["GET"]),
        Route("/worklog/{id}", worklog_get, methods=["GET"]),
        Route("/comment/{id}", comment_get, methods=["GET"]),
    ]
