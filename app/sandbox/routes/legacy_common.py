"""What every Jira 4.3 route needs: the site's 4.3 records, a renderer for the caller, and the
issue in the path (404 when the caller may not see it, as the brief says of every resource)."""

from __future__ import annotations

from starlette.requests import Request

from app.sandbox.http import JiraError, current_user, store_of
from app.sandbox.legacy_render import LegacyJson
from app.sandbox.legacy_site import LegacySite
from app.sandbox.model import Issue, Project

__all__ = ["expand_of", "legacy_of", "path_int", "renderer", "visible_issue", "visible_project"]

ISSUE_MISSING = "Issue Does Not Exist"


def legacy_of(request: Request) -> LegacySite:
    """The site's Jira 4.3 records."""
    legacy: LegacySite = request.app.state.legacy
    return legacy


def renderer(request: Request) -> LegacyJson:
    """A renderer for the caller at the address the request came to."""
    base = f"{request.url.scheme}://{request.url.netloc}"
    return LegacyJson(legacy_of(request), base, current_user(request))


def expand_of(request: Request) -> set[str]:
    """The ``expand`` query parameter as a set of names."""
    raw = ",".join(request.query_params.getlist("expand"))
    return {part.strip() for part in raw.split(",") if part.strip()}


def path_int(request: Request, name: str, missing: str) -> int:
    """A numeric path parameter; a 404 with ``missing`` when it is not a number."""
    raw = request.path_params[name]
    try:
        return int(raw)
    except ValueError:
        raise JiraError(404, missing) from None


def visible_issue(request: Request, key: str) -> Issue:
    """The issue ``key`` if the caller may browse it; 404 ``Issue Does Not Exist`` otherwise."""
    store = store_of(request)
    issue = store.issue(key)
    if issue is None or not store.can_browse(
        current_user(request), store.projects[issue.project_id]
    ):
        raise JiraError(404, ISSUE_MISSING)
    return issue


def visible_project(request: Request, project_id: int) -> Project | None:
    """The project with this id if the caller may browse it."""
    store = store_of(request)
    project = store.projects.get(project_id)
    if project is None or not store.can_browse(current_user(request), project):
        return None
    return project
