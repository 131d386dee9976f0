"""Site identity and sessions: serverInfo, myself, cookie sessions, permissions, test knobs."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import (
    FAULTS,
    JiraError,
    JsonResponse,
    Knobs,
    ctx,
    current_user,
    read_json,
    require_user,
    store_of,
)
from app.sandbox.model import Flavour, User
from app.sandbox.render import jira_datetime
from app.sandbox.store import Store

__all__ = ["PERMISSIONS", "routes"]

CLOUD_VERSION = ("1001.0.0-SNAPSHOT", [1001, 0, 0], 100285)
DC_VERSION = ("10.3.12", [10, 3, 12], 10030012)
# the GreenHopper flavour: Jira 6.4 Server, the last platform Jira Agile 6.7 ran on
GREENHOPPER_VERSION = ("6.4.14", [6, 4, 14], 64029)

# (key, id, name, type, description); "PROJECT" permissions are granted per project
PERMISSIONS: list[tuple[str, str, str, str, str]] = [
    (
        "ADMINISTER",
        "0",
        "Administer Jira",
        "GLOBAL",
        "Create and administer projects, issue types, fields, workflows, and schemes for all projects.",
    ),
    (
        "SYSTEM_ADMIN",
        "44",
        "Jira System Administrators",
        "GLOBAL",
        "Ability to perform most administration functions (excluding Import & Export, SMTP Configuration, etc.).",
    ),
    (
        "USER_PICKER",
        "27",
        "Browse users and groups",
        "GLOBAL",
        "View and select users or groups from the user picker, and share issues.",
    ),
    (
        "CREATE_SHARED_OBJECTS",
        "22",
        "Share dashboards and filters",
        "GLOBAL",
        "Share dashboards and filters with other users.",
    ),
    ("BULK_CHANGE", "33", "Make bulk changes", "GLOBAL", "Modify collections of issues at once."),
    (
        "ADMINISTER_PROJECTS",
        "23",
        "Administer Projects",
        "PROJECT",
        "Ability to administer a project in Jira.",
    ),
    (
        "BROWSE_PROJECTS",
        "10",
        "Browse Projects",
        "PROJECT",
        "Ability to browse projects and the issues within them.",
    ),
    ("CREATE_ISSUES", "11", "Create Issues", "PROJECT", "Ability to create issues."),
    ("EDIT_ISSUES", "12", "Edit Issues", "PROJECT", "Ability to edit issues."),
    ("TRANSITION_ISSUES", "46", "Transition Issues", "PROJECT", "Ability to transition issues."),
    (
        "ASSIGN_ISSUES",
        "13",
        "Assign Issues",
        "PROJECT",
        "Ability to assign issues to other people.",
    ),
    (
        "ASSIGNABLE_USER",
        "17",
        "Assignable User",
        "PROJECT",
        "Users with this permission may be assigned to issues.",
    ),
    ("RESOLVE_ISSUES", "14", "Resolve Issues", "PROJECT", "Ability to resolve and reopen issues."),
    ("CLOSE_ISSUES", "18", "Close Issues", "PROJECT", "Ability to close issues."),
    ("DELETE_ISSUES", "16", "Delete Issues", "PROJECT", "Ability to delete issues."),
    ("ADD_COMMENTS", "15", "Add Comments", "PROJECT", "Ability to comment on issues."),
    ("MANAGE_SPRINTS_PERMISSION", "-1", "Manage sprints", "PROJECT", "Ability to manage sprints."),
    *(
        (key, pid, name, "PROJECT", desc)
        for key, pid, name, desc in (
            ("VIEW_DEV_TOOLS", "29", "View Development Tools", "View development information."),
            ("VIEW_READONLY_WORKFLOW", "45", "View Read-Only Workflow", "View workflows."),
            ("LINK_ISSUES", "21", "Link Issues", "Ability to link issues together."),
            ("MODIFY_REPORTER", "30", "Modify Reporter", "Ability to modify the reporter."),
            ("MOVE_ISSUES", "25", "Move Issues", "Ability to move issues between projects."),
            ("SCHEDULE_ISSUES", "28", "Schedule Issues", "Ability to set due dates."),
            ("SET_ISSUE_SECURITY", "26", "Set Issue Security", "Ability to set security levels."),
            ("MANAGE_WATCHERS", "32", "Manage Watchers", "Ability to manage watchers."),
            ("VIEW_VOTERS_AND_WATCHERS", "31", "View Voters and Watchers", "View voters."),
            ("EDIT_ALL_COMMENTS", "34", "Edit All Comments", "Ability to edit all comments."),
            ("EDIT_OWN_COMMENTS", "35", "Edit Own Comments", "Ability to edit own comments."),
            ("DELETE_ALL_COMMENTS", "36", "Delete All Comments", "Delete all comments."),
            ("DELETE_OWN_COMMENTS", "37", "Delete Own Comments", "Delete own comments."),
            ("CREATE_ATTACHMENTS", "19", "Create Attachments", "Ability to attach files."),
            ("DELETE_ALL_ATTACHMENTS", "38", "Delete All Attachments", "Delete all attachments."),
            ("DELETE_OWN_ATTACHMENTS", "39", "Delete Own Attachments", "Delete own attachments."),
            ("WORK_ON_ISSUES", "20", "Work On Issues", "Ability to log work done."),
            ("EDIT_OWN_WORKLOGS", "40", "Edit Own Worklogs", "Ability to edit own worklogs."),
            ("EDIT_ALL_WORKLOGS", "41", "Edit All Worklogs", "Ability to edit all worklogs."),
            ("DELETE_OWN_WORKLOGS", "42", "Delete Own Worklogs", "Delete own worklogs."),
            ("DELETE_ALL_WORKLOGS", "43", "Delete All Worklogs", "Delete all worklogs."),
        )
    ),
]
_USER_PROJECT_PERMISSIONS = {
    "BROWSE_PROJECTS",
    "CREATE_ISSUES",
    "EDIT_ISSUES",
    "TRANSITION_ISSUES",
    "ASSIGN_ISSUES",
    "ASSIGNABLE_USER",
    "RESOLVE_ISSUES",
    "CLOSE_ISSUES",
    "ADD_COMMENTS",
}


def has_permission(
    store: Store, user: User | None, key: str, project_key: str | None = None
) -> bool:
    """Whether ``user`` holds permission ``key`` (globally, or in ``project_key`` when given)."""
    if user is None:
        return False
    if user.is_admin:
        return True
    if key in ("USER_PICKER", "CREATE_SHARED_OBJECTS"):
        return True
    if key not in _USER_PROJECT_PERMISSIONS and key not in (
        "ADMINISTER_PROJECTS",
        "MANAGE_SPRINTS_PERMISSION",
        "DELETE_ISSUES",
    ):
        return False
    projects = [store.project(project_key)] if project_key else list(store.projects.values())
    for project in projects:
        if project is None or not store.can_browse(user, project):
            continue
        if key in _USER_PROJECT_PERMISSIONS or store.is_project_admin(user, project):
            return True
    return False


async def server_info(request: Request) -> Response:
    """GET serverInfo."""
    c = ctx(request)
    store = c.store
    if request.app.state.flavour is Flavour.GREENHOPPER:
        return JsonResponse(_server_6_4(c.base, store))
    cloud = store.flavour is Flavour.CLOUD
    version, numbers, build = CLOUD_VERSION if cloud else DC_VERSION
    body: dict[str, Any] = {
        "baseUrl": c.base,
        "version": version,
        "versionNumbers": numbers,
        "deploymentType": "Cloud" if cloud else "Server",
        "buildNumber": build,
        "buildDate": "2026-10-01T00:00:00.000+0000",
        "serverTime": jira_datetime(store.now()),
        "scmInfo": "8f1b2e6c0d6c4a3d8a5f7f6b2f1e0c9d8b7a6f5e",
        "serverTitle": store.server_title,
    }
    if cloud:
        body["defaultLocale"] = {"locale": "en_US"}
        body["serverTimeZone"] = "Etc/UTC"
    else:
        body["healthChecks"] = []
        body["serverTimeZone"] = "Etc/UTC"
    return JsonResponse(body)


def _server_6_4(base: str, store: Store) -> dict[str, Any]:
    # Jira 6.4 says neither its time zone nor its health checks
    version, numbers, build = GREENHOPPER_VERSION
    return {
        "baseUrl": base,
        "version": version,
        "versionNumbers": numbers,
        "deploymentType": "Server",
        "buildNumber": build,
        "buildDate": "2016-04-05T00:00:00.000+0000",
        "serverTime": jira_datetime(store.now()),
        "scmInfo": "a0f8b0b7b5f3c2c4f8d9ef1a0b1c2d3e4f5a6b7c",
        "serverTitle": store.server_title,
    }


async def myself(request: Request) -> Response:
    """GET myself."""
    user = require_user(request)
    return JsonResponse(ctx(request).user(user, full=True))


async def session_create(request: Request) -> Response:
    """POST /rest/auth/1/session: cookie login."""
    store = store_of(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise JiraError(400, "Invalid login request body")
    login, password = str(body.get("username", "")), str(body.get("password", ""))
    user = (
        store.user_by_email(login) if store.flavour is Flavour.CLOUD else store.user_by_name(login)
    )
    if user is None or not user.active or not secrets.compare_digest(user.secret, password):
        raise JiraError(
            401, "Login failed", headers={"X-Seraph-LoginReason": "AUTHENTICATED_FAILED"}
        )
    token = secrets.token_hex(16).upper()
    store.sessions[token] = user.key
    resp = JsonResponse(
        {
            "session": {"name": "JSESSIONID", "value": token},
            "loginInfo": {
                "failedLoginCount": 0,
                "loginCount": 1,
                "lastFailedLoginTime": jira_datetime(store.now()),
                "previousLoginTime": jira_datetime(store.now()),
            },
        }
    )
    resp.set_cookie("JSESSIONID", token, path="/", httponly=True)
    return resp


async def session_current(request: Request) -> Response:
    """GET /rest/auth/1/session: who the session belongs to."""
    user = current_user(request)
    if user is None:
        raise JiraError(
            401, "You are not authenticated. Authentication required to perform this operation."
        )
    c = ctx(request)
    return JsonResponse(
        {
            "self": c.user_self(user),
            "name": user.name,
            "loginInfo": {
                "failedLoginCount": 0,
                "loginCount": 1,
                "previousLoginTime": jira_datetime(c.store.now()),
            },
        }
    )


async def session_delete(request: Request) -> Response:
    """DELETE /rest/auth/1/session: logout."""
    store = store_of(request)
    token = request.cookies.get("JSESSIONID")
    if current_user(request) is None or token is None:
        raise JiraError(
            401, "You are not authenticated. Authentication required to perform this operation."
        )
    store.sessions.pop(token, None)
    return Response(status_code=204)


def _permission_entry(key: str, pid: str, name: str, ptype: str, desc: str) -> dict[str, Any]:
    return {"key": key, "name": name, "type": ptype, "description": desc}


async def permissions(request: Request) -> Response:
    """GET permissions: every permission the site knows."""
    require_user(request)
    return JsonResponse({"permissions": {p[0]: _permission_entry(*p) for p in PERMISSIONS}})


async def my_permissions(request: Request) -> Response:
    """GET mypermissions: the caller's permissions, globally or in a project."""
    store = store_of(request)
    user = current_user(request)
    wanted = request.query_params.get("permissions")
    if not wanted and store.flavour is Flavour.CLOUD:
        raise JiraError(400, "The 'permissions' query parameter is required.")
    keys = [k.strip() for k in wanted.split(",")] if wanted else [p[0] for p in PERMISSIONS]
    known = {p[0]: p for p in PERMISSIONS}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise JiraError(400, f"Unrecognized permission key(s): {', '.join(unknown)}.")
    project_key = request.query_params.get("projectKey") or request.query_params.get("projectId")
    if project_key:
        project = store.project(project_key)
        if project is None or not store.can_browse(user, project):
            raise JiraError(404, f"No project could be found with key '{project_key}'.")
        project_key = project.key
    out: dict[str, Any] = {}
    for k in keys:
        key, pid, name, ptype, desc = known[k]
        entry: dict[str, Any] = {
            "id": pid,
            "key": key,
            "name": name,
            "type": ptype,
            "description": desc,
        }
        entry["havePermission"] = has_permission(store, user, key, project_key)
        out[key] = entry
    return JsonResponse({"permissions": out})


# ----- the sandbox's own control endpoint (not part of Jira) --------------------------------------


async def knobs_get(request: Request) -> Response:
    """GET /_sandbox/knobs."""
    knobs: Knobs = request.app.state.knobs
    return JsonResponse(knobs.as_dict())


async def knobs_set(request: Request) -> Response:
    """POST /_sandbox/knobs: change latency, rate limit, queue faults, absent resources, sessions."""
    knobs: Knobs = request.app.state.knobs
    body = await read_json(request)
    if not isinstance(body, dict):
        raise JiraError(400, "expected a JSON object")
    if "latency_ms" in body:
        knobs.latency_ms = float(body["latency_ms"])
    if "rate_limit" in body:
        knobs.rate_limit = int(body["rate_limit"])
    if "rate_window_s" in body:
        knobs.rate_window_s = float(body["rate_window_s"])
    for fault in body.get("faults", []):
        if fault not in FAULTS:
            raise JiraError(400, f"unknown fault {fault!r}; choose from {', '.join(FAULTS)}")
        knobs.queue_faults(fault)
    if "absent" in body:
        knobs.absent = {str(name) for name in body["absent"]}
    if body.get("expire_sessions"):
        store_of(request).sessions.clear()
    return JsonResponse(knobs.as_dict())


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    return [
        Route("/serverInfo", server_info, methods=["GET"]),
        Route("/myself", myself, methods=["GET"]),
        Route("/permissions", permissions, methods=["GET"]),
        Route("/mypermissions", my_permissions, methods=["GET"]),
    ]


def auth_routes() -> list[Route]:
    """Routes under /rest/auth/1."""
    return [
        Route("/session", session_create, methods=["POST"]),
        Route("/session", session_current, methods=["GET"]),
        Route("/session", session_delete, methods=["DELETE"]),
    ]


def control_routes() -> list[Route]:
    """Routes under /_sandbox."""
    return [
        Route("/knobs", knobs_get, methods=["GET"]),
        Route("/knobs", knobs_set, methods=["POST"]),
    ]
