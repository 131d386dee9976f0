"""What the agile 1.0 resources share: boards and sprints as the caller may see them, paging,
the ``fields`` and ``jql`` parameters of issue lists, who may plan, and moving issues between
sprints.

Refusal texts: the behaviour notes give none for sprint rules (JIRA-BEHAVIOUR §6 lists them as
unconfirmed); the ones here are the sandbox's, worded as Jira words its other refusals.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from app.sandbox.boards import backlog_of, in_rank_order
from app.sandbox.history import changes, snapshot
from app.sandbox.http import JiraError, JsonResponse, current_user, query_int, store_of
from app.sandbox.http import ctx as make_ctx
from app.sandbox.jql import JqlError, search
from app.sandbox.jql.engine import reserved_words
from app.sandbox.jql.parser import parse
from app.sandbox.model import Board, Flavour, Issue, Project, Sprint, User
from app.sandbox.render.agile import AGILE_FIELDS, issues_page
from app.sandbox.render.field_selection import select_fields
from app.sandbox.store import Store

__all__ = [
    "BOARD_MISSING",
    "ISSUE_MISSING",
    "MOVE_MAX",
    "NO_PLANNING",
    "NO_SPRINTS",
    "SPRINT_MISSING",
    "backlog_answer",
    "board_of",
    "in_sprint",
    "issue_keys",
    "issues_answer",
    "may_plan",
    "require_planner",
    "resolve_issues",
    "set_open_sprint",
    "sprint_of",
    "values_page",
]

MOVE_MAX = 50  # issues per move or rank call [JS-AGILE]
VALUES_MAX = 50  # Cloud lists boards, sprints and epics 50 at most, whatever is asked
ISSUES_MAX = {Flavour.CLOUD: 100, Flavour.DATACENTER: 1000}  # jira.search.views.default.max
BOARD_MISSING = "Board does not exist or you do not have permission to see it."
SPRINT_MISSING = "Sprint does not exist or you do not have permission to see it."
ISSUE_MISSING = "Issue '{}' does not exist or you do not have permission to see it."
NO_SPRINTS = "The board does not support sprints"
NO_PLANNING = "You do not have permission to manage sprints or rank issues in project '{}'."
_PLANNING_ROLES = ("Developers", "Administrators")


def _int_path(request: Request, name: str) -> int | None:
    raw = request.path_params[name]
    return int(raw) if raw.isdigit() else None


def board_of(request: Request, name: str = "id") -> Board:
    """The board in the path, if the caller may see it (its project); 404 as Jira words it."""
    store = store_of(request)
    ident = _int_path(request, name)
    board = store.boards.get(ident) if ident is not None else None
    if board is None or not store.can_browse(
        current_user(request), store.projects[board.project_id]
    ):
        raise JiraError(404, BOARD_MISSING)
    return board


def sprint_of(request: Request, name: str = "id") -> Sprint:
    """The sprint in the path, if the caller may see its board; 404 otherwise."""
    store = store_of(request)
    ident = _int_path(request, name)
    sprint = store.sprints.get(ident) if ident is not None else None
    board = store.boards.get(sprint.board_id) if sprint is not None else None
    if (
        sprint is None
        or board is None
        or not store.can_browse(current_user(request), store.projects[board.project_id])
    ):
        raise JiraError(404, SPRINT_MISSING)
    return sprint


def values_page(request: Request, values: list[Any]) -> dict[str, Any]:
    """A ``{maxResults, startAt, isLast, values}`` page; Data Center adds ``total``."""
    start = max(0, query_int(request, "startAt", 0))
    limit = min(VALUES_MAX, max(1, query_int(request, "maxResults", VALUES_MAX)))
    out: dict[str, Any] = {
        "maxResults": limit,
        "startAt": start,
        "isLast": start + limit >= len(values),
        "values": values[start : start + limit],
    }
    if store_of(request).flavour is Flavour.DATACENTER:
        out["total"] = len(values)  # DC added a total; Cloud has none [JSWSERVER-21082]
    return out


def _fields(request: Request, store: Store) -> tuple[list[str], list[str]]:
    """The fields asked for, and which agile fields among them; all of both by default.

    The documents say "all navigable and Agile fields" by default; the recordings of board
    issues (Cloud and DC, asked without ``fields``) also hold comment, worklog, attachment and
    timetracking, which only ``*all`` adds: recordings win.
    """
    raw = request.query_params.getlist("fields")
    if not raw:
        return select_fields(store, None, "*all"), list(AGILE_FIELDS)
    tokens = [t.strip() for item in raw for t in item.split(",") if t.strip()]
    # the agile names go before the platform's lookup, which would read "sprint" as the
    # Sprint custom field
    agile = [t for t in tokens if t in AGILE_FIELDS]
    rest = [t for t in tokens if t not in AGILE_FIELDS]
    if any(t in ("*all", "*navigable") for t in rest):
        agile = list(AGILE_FIELDS)
    return select_fields(store, rest, "*navigable"), agile


def _filtered(request: Request, issues: list[Issue]) -> list[Issue]:
    """``issues`` narrowed by the ``jql`` parameter, in its ORDER BY if it has one."""
    jql = request.query_params.get("jql", "").strip()
    if not jql:
        return issues
    store = store_of(request)
    validate = "strict" if request.query_params.get("validateQuery", "true") != "false" else "warn"
    try:
        found = search(store, jql, user=current_user(request), validate=validate).issues
        ordered = bool(parse(jql, reserved_words(store)).order_by)
    except JqlError as error:
        raise JiraError(400, *error.messages) from None
    if ordered:
        wanted = {i.id for i in issues}
        return [i for i in found if i.id in wanted]
    matched = {i.id for i in found}
    return [i for i in issues if i.id in matched]


def issues_answer(request: Request, issues: list[Issue]) -> Response:
    """A search-shaped page of ``issues`` (already in rank order) after ``jql`` and paging."""
    store = store_of(request)
    chosen = _filtered(request, issues)
    start = max(0, query_int(request, "startAt", 0))
    limit = min(ISSUES_MAX[store.flavour], max(0, query_int(request, "maxResults", 50)))
    field_ids, agile = _fields(request, store)
    expand = {e.strip() for e in request.query_params.get("expand", "").split(",") if e.strip()}
    page = issues_page(make_ctx(request), chosen, start, limit, field_ids, agile, expand)
    return JsonResponse(page)


def may_plan(store: Store, user: User, project: Project) -> bool:
    """Whether ``user`` may manage sprints and rank in ``project`` (its developers and admins)."""
    if store.is_project_admin(user, project):
        return True
    roles = {r.id for r in store.roles.values() if r.name in _PLANNING_ROLES}
    return any(
        (a.kind == "user" and a.value == user.key) or (a.kind == "group" and a.value in user.groups)
        for role, actors in project.role_actors.items()
        if role in roles
        for a in actors
    )


def require_planner(store: Store, user: User, project: Project) -> None:
    """403 unless ``user`` may plan in ``project``."""
    if not may_plan(store, user, project):
        raise JiraError(403, NO_PLANNING.format(project.key))


def issue_keys(body: Any, name: str = "issues") -> list[str]:
    """The non-empty list of issue ids or keys under ``name``; 400 otherwise."""
    keys = body.get(name) if isinstance(body, dict) else None
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str | int) for k in keys):
        raise JiraError(400, errors={name: "The issues to move must be given."})
    return [str(k) for k in keys]


def resolve_issues(store: Store, user: User, keys: Sequence[str]) -> list[Issue]:
    """The issues ``keys`` name (ids or keys), each visible to ``user``; 400 for any other."""
    found = []
    for key in keys:
        issue = store.issue(key)
        if issue is None or not store.can_browse(user, store.projects[issue.project_id]):
            raise JiraError(400, ISSUE_MISSING.format(key))
        found.append(issue)
    return found


def set_open_sprint(
    store: Store, issue: Issue, sprint: Sprint | None, author: str, now: datetime
) -> None:
    """Put the issue (and its sub-tasks) in ``sprint``, or in the backlog when None.

    An issue is in at most one active or future sprint: this replaces that one; the closed
    sprints it was in stay in its history.
    """
    moving = [
        issue,
        *(c for c in store.children(issue) if store.issue_types[c.issuetype_id].subtask),
    ]
    for each in moving:
        before = snapshot(store, each)
        kept = [
            s for s in each.sprint_ids if s in store.sprints and store.sprints[s].state == "closed"
        ]
        each.sprint_ids = [*kept, sprint.id] if sprint is not None else kept
        found = changes(store, before, each)
        if found:
            each.updated = now
            store.record_change(each, author, found, now)


def backlog_answer(request: Request, board: Board) -> Response:
    """The board's backlog as a search-shaped page (kanban boards without one refuse)."""
    if board.type == "kanban" and not board.kanban_backlog:
        # [terjira#19]; the status is unconfirmed
        raise JiraError(400, "The backlog is not available on Kanban boards")
    store = store_of(request)
    return issues_answer(request, backlog_of(store, board, current_user(request)))


def in_sprint(store: Store, sprint: Sprint, user: User | None) -> list[Issue]:
    """The issues in ``sprint`` that ``user`` may see, in rank order."""
    allowed = {p.id for p in store.projects.values() if store.can_browse(user, p)}
    return in_rank_order(
        i for i in store.issues.values() if sprint.id in i.sprint_ids and i.project_id in allowed
    )
