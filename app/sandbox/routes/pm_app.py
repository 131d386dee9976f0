"""The Project Milestones for Jira app's REST endpoint (``/apps/project-milestones/...``).

One URL per instance serves every call, told apart by the method: GET lists a project's
milestones, POST creates one, PUT edits one (the body's ``id``; only the attributes in the body
change), DELETE deletes one (``id`` parameter). The project is the ``projectKey`` parameter, or,
on the template endpoint, a path segment. Sign-in: HTTP Basic with the account's e-mail and the
app API token. Bodies are JSON; dates ``YYYY-MM-DD``. Errors are ``{"error": true, "message":
...}`` with the statuses the app's documentation lists (400, 401, 403, 404, 405, 500).
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import JsonResponse, store_of
from app.sandbox.milestones import AppMilestone
from app.sandbox.model import Project, User
from app.sandbox.routes.milestone_common import ServiceError, basic_login, json_body, prelude
from app.sandbox.store import Store

__all__ = ["ENDPOINT", "TEMPLATE_ENDPOINT", "routes"]

# the endpoint URL "copied from the app's settings", below the sandbox's address
ENDPOINT = "/apps/project-milestones/instance/jade-sandbox/milestones"
TEMPLATE_ENDPOINT = (
    "/apps/project-milestones/instance/jade-sandbox/projects/{projectKey}/milestones"
)
_PARAM = "projectKey"
_METHODS = ("GET", "POST", "PUT", "DELETE")


def _error(status: int, message: str) -> ServiceError:
    return ServiceError(status, {"error": True, "message": message})


def _sign_in(request: Request, store: Store) -> User:
    login = basic_login(request)
    if login is not None:
        email, token = login
        expected = store.milestones.app_tokens.get(email.lower())
        user = store.user_by_email(email)
        if (
            expected
            and user is not None
            and user.active
            and secrets.compare_digest(expected, token)
        ):
            return user
    raise _error(401, "Authentication failed: the e-mail address or API token is not valid.")


def _project(request: Request, store: Store, user: User, verb: str) -> Project:
    key = request.path_params.get(_PARAM) or request.query_params.get(_PARAM, "")
    project = store.projects_by_key.get(key.strip().upper()) if key.strip() else None
    if project is None:
        raise _error(404, f"No project found for key '{key}'.")
    if not store.can_browse(user, project):
        raise _error(403, f"You do not have permission to {verb} milestones in project {key}.")
    return project


def _day(body: dict[str, Any], name: str) -> date | None:
    raw = body.get(name)
    if raw is None or raw == "":
        return None
    text = str(raw)
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise _error(400, f"Invalid {name} date '{text}': use the format YYYY-MM-DD.") from None


def _check_range(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise _error(400, "The end date must not be before the start date.")


async def _object(request: Request) -> dict[str, Any]:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise _error(400, "The request body must be a JSON object.")
    return body


def _text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _error(400, f"The attribute '{name}' must be a string.")
    return value


def _milestone(request: Request, store: Store, project: Project, raw: object) -> AppMilestone:
    text = str(raw).strip() if raw is not None else ""
    found = store.milestones.app.get(int(text)) if text.isdigit() else None
    if found is None or found.project_key != project.key:
        raise _error(404, f"No milestone found with id '{text}'.")
    return found


async def endpoint(request: Request) -> Response:
    """Every call of the app's endpoint, told apart by the method."""
    await prelude(request)
    if request.method not in _METHODS:
        raise _error(405, f"Method {request.method} is not allowed on this endpoint.")
    store = store_of(request)
    user = _sign_in(request, store)
    if request.method == "GET":
        project = _project(request, store, user, "view")
        found = store.milestones.app_milestones(project.key)
        return JsonResponse([m.as_json() for m in found])
    if request.method == "POST":
        return await _create(request, store, _project(request, store, user, "create"))
    if request.method == "PUT":
        return await _edit(request, store, _project(request, store, user, "edit"))
    return _delete(request, store, _project(request, store, user, "delete"))


async def _create(request: Request, store: Store, project: Project) -> Response:
    body = await _object(request)
    title = (_text(body, "title") or "").strip()
    if not title:
        raise _error(400, "The attribute 'title' is required.")
    start, end = _day(body, "start"), _day(body, "end")
    _check_range(start, end)
    description = _text(body, "description") or ""
    made = store.milestones.add_app(AppMilestone(0, project.key, title, description, start, end))
    return JsonResponse(made.as_json(), status_code=201)


async def _edit(request: Request, store: Store, project: Project) -> Response:
    body = await _object(request)
    if body.get("id") in (None, ""):
        raise _error(400, "The attribute 'id' is required.")
    milestone = _milestone(request, store, project, body.get("id"))
    title = _text(body, "title")
    if title is not None and not title.strip():
        raise _error(400, "The attribute 'title' must not be empty.")
    description = _text(body, "description")
    start = _day(body, "start") if "start" in body else milestone.start
    end = _day(body, "end") if "end" in body else milestone.end
    _check_range(start, end)
    # every refusal comes before the first change
    if title is not None:
        milestone.title = title.strip()
    if description is not None:
        milestone.description = description
    milestone.start, milestone.end = start, end
    return JsonResponse(milestone.as_json(), status_code=201)


def _delete(request: Request, store: Store, project: Project) -> Response:
    raw = request.query_params.get("id", "")
    if not raw.strip():
        raise _error(400, "No milestone id given: pass the id of the milestone to delete.")
    milestone = _milestone(request, store, project, raw)
    del store.milestones.app[milestone.id]
    return JsonResponse(milestone.id)


def routes() -> list[Route]:
    """The app's endpoints, plain and template, mounted at the site's root."""
    every = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
    return [
        Route(ENDPOINT, endpoint, methods=every),
        Route(TEMPLATE_ENDPOINT, endpoint, methods=every),
    ]
