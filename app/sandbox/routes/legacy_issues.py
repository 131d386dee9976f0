"""Jira 4.3's issue resources: the issue, its transitions, votes and watchers, and issue links.

Transitions are listed by name with the fields of their screen (the brief's map); a POST names
the transition by its id, as the brief's examples do, or by the name the list shows. Fields are
given as plain strings (a resolution's or priority's name, a user's name). The comment, a
string or ``{"body", "group"|"role"}``, lands with the transition. Every change is recorded in
the issue's history, as on the other flavours.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.history import changes, link_items, snapshot
from app.sandbox.http import JiraError, JsonResponse, current_user, read_json, store_of
from app.sandbox.legacy_issue import issue_json
from app.sandbox.legacy_render import USER_TYPE
from app.sandbox.legacy_site import LegacySite, Visibility
from app.sandbox.model import Issue, Project, Transition, User
from app.sandbox.routes.legacy_common import (
    expand_of,
    legacy_of,
    renderer,
    visible_issue,
)

__all__ = ["routes"]

RESOLUTION_TYPE = "com.atlassian.jira.issue.resolution.Resolution"
PRIORITY_TYPE = "com.atlassian.jira.issue.priority.Priority"
NOT_ON_SCREEN = "Field '{}' cannot be set. It is not on the appropriate screen, or unknown."
NO_PERMISSION = "The user {} does not have permission to complete this operation."
_DONE = 3


def _user(request: Request, message: str = "") -> User:
    user = current_user(request)
    if user is None:
        raise JiraError(
            401,
            message
            or "You are not authenticated. Authentication required to perform this operation.",
        )
    return user


def screen(transition: Transition) -> list[tuple[str, bool, str]]:
    """The fields a transition's screen shows: (id, required, type)."""
    if "resolution" in transition.required_fields:
        # the resolve and close screens of Jira's default workflow
        return [("resolution", True, RESOLUTION_TYPE), ("assignee", False, USER_TYPE)]
    return []


async def issue_get(request: Request) -> Response:
    """GET issue/{issueKey}?expand=html."""
    issue = visible_issue(request, request.path_params["key"])
    return JsonResponse(issue_json(renderer(request), issue, expand_of(request)))


async def transitions_get(request: Request) -> Response:
    """GET issue/{issueKey}/transitions: ``{name: [{id, required, type}, ...]}``."""
    issue = visible_issue(request, request.path_params["key"])
    out: dict[str, list[dict[str, Any]]] = {}
    for transition in store_of(request).transitions_for(issue):
        out[transition.name] = [
            {"id": fid, "required": required, "type": ftype}
            for fid, required, ftype in screen(transition)
        ]
    return JsonResponse(out)


def _transition(available: list[Transition], raw: Any) -> Transition:
    if raw is None or isinstance(raw, bool) or raw == "":
        raise JiraError(400, "The request body must have a 'transition'.")
    text = str(raw).strip()
    for transition in available:
        if text == str(transition.id) or text.lower() == transition.name.lower():
            return transition
    raise JiraError(400, f"Transition '{text}' is not valid for this issue.")


def comment_visibility(
    legacy: LegacySite, user: User, project: Project, group: Any, role: Any
) -> tuple[Visibility | None, str | None]:
    """The visibility a comment asks for, or the reason Jira refuses it."""
    if group:
        name = str(group)
        if name not in legacy.store.groups:
            return None, f"Group: {name} does not exist."
        if name not in user.groups:
            return None, f"You are currently not a member of the group: {name}."
        return Visibility("GROUP", name), None
    if role:
        name = str(role)
        if not any(r.name.lower() == name.lower() for r in legacy.store.roles.values()):
            return None, f"Project role: {name} does not exist."
        if not legacy.in_role(user, project, name):
            return None, f"You are currently not a member of the project role: {name}."
        return Visibility("ROLE", name), None
    return None, None


def _comment_of(
    legacy: LegacySite, user: User, project: Project, raw: Any
) -> tuple[str, Visibility | None] | None:
    """The transition's comment as (body, visibility); 400 when Jira would refuse it."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        return raw, None
    if not isinstance(raw, dict) or not str(raw.get("body") or "").strip():
        raise JiraError(400, errors={"comment": "The comment must have a body."})
    visibility, problem = comment_visibility(
        legacy, user, project, raw.get("group"), raw.get("role")
    )
    if problem:
        raise JiraError(400, errors={"comment": problem})
    return str(raw["body"]), visibility


def _field_values(
    legacy: LegacySite, issue: Issue, transition: Transition, fields: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The screen's fields resolved to store values, and Jira's errors per field."""
    store = legacy.store
    on_screen = {fid: required for fid, required, _ in screen(transition)}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for fid, required in on_screen.items():
        if required and not fields.get(fid):
            errors[fid] = f"{fid.capitalize()} is required."
    for name, raw in fields.items():
        if name not in on_screen:
            errors[name] = NOT_ON_SCREEN.format(name)
        elif name == "resolution" and raw:
            found = store.resolution_by_name(str(raw))
            if found is None:
                errors[name] = f"Resolution name '{raw}' is not valid"
            else:
                values[name] = found.id
        elif name == "assignee":
            if raw in (None, ""):
                values[name] = None
                continue
            user = store.user_by_name(str(raw))
            if user is None:
                errors[name] = f"User '{raw}' does not exist."
            elif not store.can_browse(user, store.projects[issue.project_id]):
                errors[name] = f"User '{user.display_name}' cannot be assigned issues."
            else:
                values[name] = user.key
    return values, errors


async def transitions_do(request: Request) -> Response:
    """POST issue/{issueKey}/transitions: ``{transition, fields, comment}``; 204."""
    legacy = legacy_of(request)
    store = legacy.store
    issue = visible_issue(request, request.path_params["key"])
    user = _user(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise JiraError(400, "The request body must be a JSON object.")
    transition = _transition(store.transitions_for(issue), body.get("transition"))
    fields = body.get("fields") or {}
    if not isinstance(fields, dict):
        raise JiraError(400, "The 'fields' of the request must be a JSON object.")
    project = store.projects[issue.project_id]
    values, errors = _field_values(legacy, issue, transition, fields)
    if errors:
        raise JiraError(400, errors=errors)
    comment = _comment_of(legacy, user, project, body.get("comment"))
    before = snapshot(store, issue)
    now = store.now()
    old_category = store.statuses[issue.status_id].category_id
    issue.status_id = transition.to_status_id
    category = store.statuses[issue.status_id].category_id
    if category != old_category:
        issue.status_category_changed = now
    if category == _DONE:
        issue.resolution_id = values.get("resolution", issue.resolution_id)
        issue.resolution_date = now
    else:
        issue.resolution_id = None
        issue.resolution_date = None
    if "assignee" in values:
        issue.assignee_key = values["assignee"]
    issue.updated = now
    store.record_change(issue, user.key, changes(store, before, issue), now)
    if comment is not None:
        added = store.add_comment(issue, user, comment[0], now)
        if comment[1] is not None:
            legacy.comment_visibility[added.id] = comment[1]
    return Response(status_code=204)


# ----- votes -------------------------------------------------------------------------------


async def votes_get(request: Request) -> Response:
    """GET issue/{issueKey}/votes."""
    issue = visible_issue(request, request.path_params["key"])
    return JsonResponse(renderer(request).votes(issue))


def _vote_check(legacy: LegacySite, issue: Issue, user: User) -> None:
    if issue.reporter_key == user.key:
        raise JiraError(404, "You cannot vote for an issue you have reported.")
    if legacy.store.statuses[issue.status_id].category_id == _DONE:
        raise JiraError(404, "You cannot vote or change your vote on resolved issues.")


async def vote_add(request: Request) -> Response:
    """POST issue/{issueKey}/votes: vote (204); 404 when Jira does not allow it."""
    legacy = legacy_of(request)
    issue = visible_issue(request, request.path_params["key"])
    user = _user(request)
    _vote_check(legacy, issue, user)
    voters = legacy.extras(issue).voters
    if user.key not in voters:
        voters.append(user.key)
    return Response(status_code=204)


async def vote_remove(request: Request) -> Response:
    """DELETE issue/{issueKey}/votes: unvote (204); 404 when the caller has not voted."""
    legacy = legacy_of(request)
    issue = visible_issue(request, request.path_params["key"])
    user = _user(request)
    _vote_check(legacy, issue, user)
    voters = legacy.extras(issue).voters
    if user.key not in voters:
        raise JiraError(404, "You have not voted for this issue.")
    voters.remove(user.key)
    return Response(status_code=204)


# ----- watchers ----------------------------------------------------------------------------


async def watchers_get(request: Request) -> Response:
    """GET issue/{issueKey}/watchers."""
    issue = visible_issue(request, request.path_params["key"])
    return JsonResponse(renderer(request).watchers(issue))


def _may_manage(legacy: LegacySite, user: User, issue: Issue, other: User) -> None:
    # watching oneself needs nothing more; others need "Manage Watcher List" (project admins)
    if other.key != user.key and not legacy.store.is_project_admin(
        user, legacy.store.projects[issue.project_id]
    ):
        raise JiraError(401, NO_PERMISSION.format(user.name))


async def watcher_add(request: Request) -> Response:
    """POST issue/{issueKey}/watchers with a user name as a JSON string (204)."""
    legacy = legacy_of(request)
    issue = visible_issue(request, request.path_params["key"])
    user = _user(request)
    body = await read_json(request)
    if not isinstance(body, str) or not body.strip():
        raise JiraError(400, 'The body must be a user name as a JSON string, e.g. "fred".')
    other = legacy.store.user_by_name(body.strip())
    if other is None:
        raise JiraError(404, f"The user named '{body.strip()}' does not exist")
    _may_manage(legacy, user, issue, other)
    watchers = legacy.extras(issue).watchers
    if other.key not in watchers:
        watchers.append(other.key)
    return Response(status_code=204)


async def watcher_remove(request: Request) -> Response:
    """DELETE issue/{issueKey}/watchers/{userName} (204)."""
    legacy = legacy_of(request)
    issue = visible_issue(request, request.path_params["key"])
    user = _user(request)
    name = request.path_params["name"]
    other = legacy.store.user_by_name(name)
    if other is None:
        raise JiraError(404, f"The user named '{name}' does not exist")
    _may_manage(legacy, user, issue, other)
    watchers = legacy.extras(issue).watchers
    if other.key in watchers:
        watchers.remove(other.key)
    return Response(status_code=204)


# ----- issue links -------------------------------------------------------------------------


async def issue_link_create(request: Request) -> Response:
    """POST issueLink: ``{linkType, fromIssueKey, toIssueKey, comment}``; 200 without a body."""
    legacy = legacy_of(request)
    store = legacy.store
    user = _user(request, "You do not have the permission to link issues.")
    body = await read_json(request)
    if not isinstance(body, dict):
        raise JiraError(400, "The request body must be a JSON object.")
    ltype = store.link_type_by_name(str(body.get("linkType") or ""))
    if ltype is None:
        raise JiraError(404, f"No issue link type with name '{body.get('linkType')}' found.")
    source = visible_issue(request, str(body.get("fromIssueKey") or ""))
    target = visible_issue(request, str(body.get("toIssueKey") or ""))
    raw = body.get("comment")
    comment: tuple[str, Visibility | None] | None = None
    if isinstance(raw, dict) and str(raw.get("body") or "").strip():
        asked = raw.get("visibility")
        vis: dict[str, Any] = asked if isinstance(asked, dict) else {}
        kind = str(vis.get("type", "")).upper()
        visibility, problem = comment_visibility(
            legacy,
            user,
            store.projects[source.project_id],
            vis.get("value") if kind == "GROUP" else None,
            vis.get("value") if kind == "ROLE" else None,
        )
        if problem:
            raise JiraError(400, errors={"comment": problem})
        comment = (str(raw["body"]), visibility)
    elif raw not in (None, "", {}):
        raise JiraError(400, errors={"comment": "The comment must have a body."})
    now = store.now()
    link = store.add_link(ltype, source, target)
    for issue, item in link_items(store, link):
        store.record_change(issue, user.key, [item], now)
        issue.updated = now
    if comment is not None:
        added = store.add_comment(source, user, comment[0], now)
        if comment[1] is not None:
            legacy.comment_visibility[added.id] = comment[1]
    return Response(status_code=200)


def routes() -> list[Route]:
    """Routes under /rest/api/2.0.alpha1."""
    return [
        Route("/issue/{key}", issue_get, methods=["GET"]),
        Route("/issue/{key}/transitions", transitions_get, methods=["GET"]),
        Route("/issue/{key}/transitions", transitions_do, methods=["POST"]),
        Route("/issue/{key}/votes", votes_get, methods=["GET"]),
        Route("/issue/{key}/votes", vote_add, methods=["POST"]),
        Route("/issue/{key}/votes", vote_remove, methods=["DELETE"]),
        Route("/issue/{key}/watchers", watchers_get, methods=["GET"]),
        Route("/issue/{key}/watchers", watcher_add, methods=["POST"]),
        Route("/issue/{key}/watchers/{name}", watcher_remove, methods=["DELETE"]),
        Route("/issueLink", issue_link_create, methods=["POST"]),
    ]
