"""Single issues: get, create, edit, delete, transitions, assignee and changelog.

Every change is recorded in the issue's history (``app.sandbox.history``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.history import changes, snapshot
from app.sandbox.http import (
    JiraError,
    JsonResponse,
    NoSuchResource,
    ctx,
    current_user,
    query_int,
    read_json,
    require_user,
    store_of,
)
from app.sandbox.model import Flavour, Issue, User
from app.sandbox.render import select_fields
from app.sandbox.render.adf import adf_to_wiki
from app.sandbox.sprint_field import sprint_ids_after
from app.sandbox.store import Store

__all__ = ["routes", "visible_issue"]

SUMMARY_MAX = 255
TEXT_MAX = 32767


def visible_issue(request: Request, ref: str) -> Issue:
    """The issue named in the path if the caller may see it; Jira's 404/403 otherwise."""
    store = store_of(request)
    issue = store.issue(ref)
    user = current_user(request)
    cloud = store.flavour is Flavour.CLOUD
    if issue is None or (cloud and not store.can_browse(user, store.projects[issue.project_id])):
        if cloud:
            raise JiraError(404, "Issue does not exist or you do not have permission to see it.")
        raise JiraError(404, "Issue Does Not Exist")
    if not store.can_browse(user, store.projects[issue.project_id]):
        if user is None:
            raise JiraError(
                401, "You are not authenticated. Authentication required to perform this operation."
            )
        raise JiraError(403, "You do not have the permission to see the specified issue.")
    return issue


def _user_ref(store: Store, value: Any) -> tuple[bool, User | None]:
    """Parse ``{"accountId": ...}`` / ``{"name": ...}`` / null; (valid, user)."""
    if value is None:
        return True, None
    if isinstance(value, dict):
        ref = value.get("accountId") or value.get("name") or value.get("key") or value.get("id")
    else:
        ref = value
    if ref is None:
        return True, None
    user = store.find_user(str(ref)) or store.users.get(str(ref))
    return user is not None, user


def _named(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("id") or value.get("name") or value.get("key") or "")
    return str(value)


def _apply_fields(
    store: Store,
    issue: Issue,
    fields: dict[str, Any],
    update: dict[str, Any],
    user: User,
    *,
    creating: bool = False,
) -> dict[str, str]:
    """Validate and apply an edit; returns Jira's field errors (nothing changes when any)."""
    errors: dict[str, str] = {}
    changes: list[tuple[str, Any]] = []
    ids = store.field_ids
    settable = {
        "summary",
        "description",
        "priority",
        "labels",
        "assignee",
        "components",
        "fixVersions",
        "versions",
        "duedate",
        "reporter",
        ids.story_points,
        "parent",
        ids.epic_link,
        ids.sprint,
    }
    if creating:
        settable |= {"project", "issuetype"}
    for name, value in fields.items():
        if name not in settable:
            errors[name] = (
                f"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown."
            )
            continue
        if name == "summary":
            text = str(value or "").strip()
            if not text:
                errors[name] = "You must specify a summary of the issue."
            elif len(text) > SUMMARY_MAX:
                errors[name] = "Summary must be less than 255 characters."
            else:
                changes.append((name, text))
        elif name == "description":
            text = (
                adf_to_wiki(value)
                if isinstance(value, dict)
                else ""
                if value is None
                else str(value)
            )
            if len(text) > TEXT_MAX:
                errors[name] = (
                    "The entered text is too long. It exceeds the allowed limit of 32,767 characters."
                )
            else:
                changes.append((name, text))
        elif name == "priority":
            prio = store.priority_by_name(_named(value))
            if prio is None:
                errors[name] = f"Priority name '{_named(value)}' is not valid"
            else:
                changes.append((name, prio.id))
        elif name == "labels":
            labels = [str(x) for x in (value or [])]
            bad = [x for x in labels if " " in x or not x]
            if bad:
                errors[name] = "The label '" + bad[0] + "' contains spaces which is invalid."
            else:
                changes.append((name, labels))
        elif name in ("assignee", "reporter"):
            ok, who = _user_ref(store, value)
            if not ok:
                errors[name] = f"User '{_named(value)}' does not exist."
            elif name == "reporter" and who is None:
                errors[name] = "Reporter is required."
            else:
                changes.append((name, who.key if who else None))
        elif name in ("components", "fixVersions", "versions"):
            resolved = _resolve_many(store, issue.project_id, name, value or [], errors)
            changes.append((name, resolved))
        elif name == "duedate":
            try:
                changes.append((name, date.fromisoformat(str(value)) if value else None))
            except ValueError:
                errors[name] = "Error parsing date string: " + str(value)
        elif name == ids.story_points:
            if value is not None and not isinstance(value, int | float):
                errors[name] = "Operation value must be a number"
            else:
                changes.append((name, float(value) if value is not None else None))
        elif name == ids.sprint:
            moved = sprint_ids_after(store, issue, value)
            if isinstance(moved, str):
                errors[name] = moved
            else:
                changes.append(("sprint", moved))
        elif name in ("parent", ids.epic_link):
            key = _named(value) if value else ""
            parent = store.issue(key) if key else None
            if key and parent is None:
                errors[name] = f"Issue '{key}' could not be found."
            else:
                changes.append(("parent", parent.id if parent else None))
    for op in update.get("labels", []) if isinstance(update.get("labels"), list) else []:
        current = [v for n, v in changes if n == "labels"]
        labels = list(current[-1]) if current else list(issue.labels)
        if "add" in op and str(op["add"]) not in labels:
            labels.append(str(op["add"]))
        if "remove" in op and str(op["remove"]) in labels:
            labels.remove(str(op["remove"]))
        if "set" in op:
            labels = [str(x) for x in op["set"]]
        changes.append(("labels", labels))
    for name in update:
        if name not in ("labels", "comment") and name not in settable:
            errors[name] = (
                f"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown."
            )
    if errors:
        return errors
    for name, value in changes:
        match name:
            case "summary":
                issue.summary = value
            case "description":
                issue.description = value
            case "priority":
                issue.priority_id = value
            case "labels":
                issue.labels = value
            case "assignee":
                issue.assignee_key = value
            case "reporter":
                issue.reporter_key = value
            case "components":
                issue.component_ids = value
            case "fixVersions":
                issue.fix_version_ids = value
            case "versions":
                issue.affects_version_ids = value
            case "duedate":
                issue.due_date = value
            case "parent":
                store.set_parent(issue, value)
            case "sprint":
                issue.sprint_ids = value
            case _:
                issue.story_points = value
    now = store.now()
    for op in update.get("comment", []) if isinstance(update.get("comment"), list) else []:
        body = (op.get("add") or {}).get("body")
        if body:
            store.add_comment(issue, user, str(body), now)
    issue.updated = now
    return {}


def _resolve_many(
    store: Store, project_id: int, name: str, values: list[Any], errors: dict[str, str]
) -> list[int]:
    out: list[int] = []
    for value in values:
        ref = _named(value)
        if name == "components":
            found = next(
                (
                    c.id
                    for c in store.components.values()
                    if c.project_id == project_id
                    and (str(c.id) == ref or c.name.lower() == ref.lower())
                ),
                None,
            )
            if found is None:
                errors[name] = f"Component name '{ref}' is not valid"
                continue
        else:
            found = next(
                (
                    v.id
                    for v in store.versions.values()
                    if v.project_id == project_id
                    and (str(v.id) == ref or v.name.lower() == ref.lower())
                ),
                None,
            )
            if found is None:
                errors[name] = f"Version name '{ref}' is not valid"
                continue
        out.append(found)
    return out


def _body_parts(body: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    if not isinstance(body, dict):
        raise JiraError(400, "Can not deserialize instance of object out of a non-object token")
    fields = body.get("fields") or {}
    update = body.get("update") or {}
    if not isinstance(fields, dict) or not isinstance(update, dict):
        raise JiraError(400, "Can not deserialize instance of object out of a non-object token")
    return fields, update


async def issue_get(request: Request) -> Response:
    """GET issue/{idOrKey}?fields=&expand=."""
    issue = visible_issue(request, request.path_params["key"])
    c = ctx(request)
    field_ids = select_fields(c.store, request.query_params.get("fields"), "*all")
    expand = set(request.query_params.get("expand", "").split(","))
    return JsonResponse(c.issue(issue, field_ids, expand))


async def issue_create(request: Request) -> Response:
    """POST issue."""
    store = store_of(request)
    if current_user(request) is None and store.flavour is Flavour.CLOUD:
        # Cloud documents this 401 with an ErrorCollection body, not the edge's status entity
        raise JiraError(
            401, "You are not authenticated. Authentication required to perform this operation."
        )
    user = require_user(request)
    fields, update = _body_parts(await read_json(request))
    errors: dict[str, str] = {}
    project_ref = _named(fields.get("project") or "")
    project = store.project(project_ref) if project_ref else None
    if project is None or not store.can_browse(user, project):
        errors["project"] = "Specify a valid project ID or key"
    itype = store.issue_type_by_name(_named(fields.get("issuetype") or ""))
    if itype is None:
        errors["issuetype"] = "Specify an issue type"
    if not str(fields.get("summary") or "").strip():
        errors["summary"] = "You must specify a summary of the issue."
    if errors or project is None or itype is None:
        raise JiraError(400, errors=errors)
    now = store.now()
    issue = Issue(
        id=store.next_id("issue"),
        key=f"{project.key}-{project.next_issue_number}",
        project_id=project.id,
        summary="",
        description="",
        issuetype_id=itype.id,
        status_id=10000,
        priority_id=3,
        reporter_key=user.key,
        creator_key=user.key,
        created=now,
        updated=now,
        status_category_changed=now,
        rank=max((i.rank for i in store.issues.values()), default=0) + 1,
    )
    rest = {k: v for k, v in fields.items() if k not in ("project", "issuetype")}
    errors = _apply_fields(store, issue, rest, update, user, creating=True)
    if errors:
        raise JiraError(400, errors=errors)
    project.next_issue_number += 1
    store.add_issue(issue)
    c = ctx(request)
    return JsonResponse(
        {"id": str(issue.id), "key": issue.key, "self": c.url(f"issue/{issue.id}")}, status_code=201
    )


async def issue_edit(request: Request) -> Response:
    """PUT issue/{idOrKey}: ``fields`` to set and ``update`` operations."""
    store = store_of(request)
    issue = visible_issue(request, request.path_params["key"])
    user = require_user(request)
    body = await read_json(request)
    if isinstance(body, dict) and "fields" not in body and "update" not in body:
        raise JiraError(400, "one of 'fields' or 'update' required")
    fields, update = _body_parts(body)
    before = snapshot(store, issue)
    errors = _apply_fields(store, issue, fields, update, user)
    if errors:
        raise JiraError(400, errors=errors)
    store.record_change(issue, user.key, changes(store, before, issue), issue.updated)
    return Response(status_code=204)


async def issue_delete(request: Request) -> Response:
    """DELETE issue/{idOrKey}."""
    store = store_of(request)
    issue = visible_issue(request, request.path_params["key"])
    user = require_user(request)
    if not store.is_project_admin(user, store.projects[issue.project_id]):
        raise JiraError(403, "You do not have permission to delete issues in this project.")
    store.remove_issue(issue)
    return Response(status_code=204)


async def transitions_get(request: Request) -> Response:
    """GET issue/{idOrKey}/transitions?expand=transitions.fields."""
    issue = visible_issue(request, request.path_params["key"])
    c = ctx(request)
    with_fields = "transitions.fields" in request.query_params.get("expand", "")
    wanted = request.query_params.get("transitionId")
    items = [t for t in c.store.transitions_for(issue) if not wanted or str(t.id) == wanted]
    return JsonResponse(
        {
            "expand": "transitions",
            "transitions": [c.transition(issue, t, with_fields=with_fields) for t in items],
        }
    )


async def transitions_do(request: Request) -> Response:
    """POST issue/{idOrKey}/transitions: move the issue along the workflow."""
    store = store_of(request)
    issue = visible_issue(request, request.path_params["key"])
    user = require_user(request)
    body = await read_json(request)
    fields, update = _body_parts(body)
    raw = (
        (body.get("transition") or {}).get("id")
        if isinstance(body.get("transition"), dict)
        else None
    )
    if raw is None:
        raise JiraError(400, "Missing 'transition' identifier")
    try:
        tid = int(str(raw))
    except ValueError:
        raise JiraError(400, "'transition' identifier must be an integer") from None
    transition = next((t for t in store.transitions_for(issue) if t.id == tid), None)
    if transition is None:
        raise JiraError(400, f"Transition id '{tid}' is not valid for this issue.")
    resolution = None
    if "resolution" in transition.required_fields:
        if "resolution" not in fields:
            raise JiraError(400, errors={"resolution": "Resolution is required."})
        resolution = store.resolution_by_name(_named(fields["resolution"]))
        if resolution is None:
            raise JiraError(
                400,
                errors={
                    "resolution": f"Resolution name '{_named(fields['resolution'])}' is not valid"
                },
            )
    elif "resolution" in fields:
        raise JiraError(
            400,
            errors={
                "resolution": "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown."
            },
        )
    rest = {k: v for k, v in fields.items() if k != "resolution"}
    before = snapshot(store, issue)
    errors = _apply_fields(store, issue, rest, update, user)
    if errors:
        raise JiraError(400, errors=errors)
    now = store.now()
    old_cat = store.statuses[issue.status_id].category_id
    issue.status_id = transition.to_status_id
    new_cat = store.statuses[issue.status_id].category_id
    if old_cat != new_cat:
        issue.status_category_changed = now
    if new_cat == 3:
        issue.resolution_id = resolution.id if resolution else issue.resolution_id
        issue.resolution_date = now
    else:
        issue.resolution_id = None
        issue.resolution_date = None
    issue.updated = now
    store.record_change(issue, user.key, changes(store, before, issue), now)
    return Response(status_code=204)


async def assignee_set(request: Request) -> Response:
    """PUT issue/{idOrKey}/assignee: ``{"accountId": ...}`` / ``{"name": ...}``; null unassigns."""
    store = store_of(request)
    issue = visible_issue(request, request.path_params["key"])
    me = require_user(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise JiraError(400, "Can not deserialize instance of object out of a non-object token")
    before = snapshot(store, issue)
    ref = body.get("accountId", body.get("name"))
    if ref == "-1":
        issue.assignee_key = store.projects[issue.project_id].lead_key
    elif ref is None:
        issue.assignee_key = None
    else:
        user = store.find_user(str(ref))
        if user is None:
            raise JiraError(
                404,
                f"The user named '{ref}' does not exist"
                if store.flavour is Flavour.DATACENTER
                else "Specified user does not exist or you do not have required permissions",
            )
        if not store.can_browse(user, store.projects[issue.project_id]):
            raise JiraError(
                400, errors={"assignee": f"User '{user.display_name}' cannot be assigned issues."}
            )
        issue.assignee_key = user.key
    issue.updated = store.now()
    store.record_change(issue, me.key, changes(store, before, issue), issue.updated)
    return Response(status_code=204)


async def changelog_get(request: Request) -> Response:
    """GET issue/{idOrKey}/changelog?startAt=&maxResults= (Cloud; Data Center has no such URI)."""
    if store_of(request).flavour is not Flavour.CLOUD:
        raise NoSuchResource(request)
    issue = visible_issue(request, request.path_params["key"])
    start = max(0, query_int(request, "startAt", 0))
    limit = min(100, max(1, query_int(request, "maxResults", 100)))
    return JsonResponse(ctx(request).changelog_page(issue, start, limit))


def routes() -> list[Route]:
    """Routes under /rest/api/{2,3}."""
    return [
        Route("/issue", issue_create, methods=["POST"]),
        Route("/issue/{key}", issue_get, methods=["GET"]),
        Route("/issue/{key}", issue_edit, methods=["PUT"]),
        Route("/issue/{key}", issue_delete, methods=["DELETE"]),
        Route("/issue/{key}/transitions", transitions_get, methods=["GET"]),
        Route("/issue/{key}/transitions", transitions_do, methods=["POST"]),
        Route("/issue/{key}/assignee", assignee_set, methods=["PUT"]),
        Route("/issue/{key}/changelog", changelog_get, methods=["GET"]),
    ]
