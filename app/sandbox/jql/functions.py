"""The JQL functions the sandbox knows, their argument rules and what they return."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from app.sandbox.jql.dates import DurationError, boundary
from app.sandbox.jql.parser import FunctionOperand
from app.sandbox.model import Project, User
from app.sandbox.store import Store

__all__ = ["FUNCTIONS", "FunctionDef", "FunctionValue", "ValueType", "call_function"]


class ValueType(enum.Enum):
    """What kind of value a function yields; fields accept only their own kind."""

    USER = "com.atlassian.jira.user.ApplicationUser"
    DATE = "java.util.Date"
    SPRINT = "com.atlassian.greenhopper.service.sprint.Sprint"
    ISSUETYPE = "com.atlassian.jira.issue.issuetype.IssueType"
    VERSION = "com.atlassian.jira.project.version.Version"


@dataclass(frozen=True, slots=True)
class FunctionDef:
    """A function's name as Jira spells it, its arity, and whether it yields a list."""

    name: str
    produces: ValueType
    min_args: int = 0
    max_args: int | None = 0  # None: any number
    is_list: bool = False


@dataclass(frozen=True, slots=True)
class FunctionValue:
    """The result of a call: user keys, record ids or one instant, by ``produces``."""

    produces: ValueType
    keys: frozenset[str] = field(default_factory=frozenset)
    ids: frozenset[int] = field(default_factory=frozenset)
    instant: datetime | None = None


_DEFS = [
    FunctionDef("currentUser", ValueType.USER),
    FunctionDef("membersOf", ValueType.USER, 1, 1, is_list=True),
    FunctionDef("openSprints", ValueType.SPRINT, is_list=True),
    FunctionDef("closedSprints", ValueType.SPRINT, is_list=True),
    FunctionDef("futureSprints", ValueType.SPRINT, is_list=True),
    FunctionDef("now", ValueType.DATE),
    *(
        FunctionDef(f"{edge}Of{period}", ValueType.DATE, 0, 1)
        for edge in ("start", "end")
        for period in ("Day", "Week", "Month", "Year")
    ),
    FunctionDef("standardIssueTypes", ValueType.ISSUETYPE, is_list=True),
    FunctionDef("subTaskIssueTypes", ValueType.ISSUETYPE, is_list=True),
    FunctionDef("releasedVersions", ValueType.VERSION, 0, None, is_list=True),
    FunctionDef("unreleasedVersions", ValueType.VERSION, 0, None, is_list=True),
]
# Jira matches function names without regard to case.
FUNCTIONS: dict[str, FunctionDef] = {d.name.lower(): d for d in _DEFS}
_SPRINT_STATES = {"opensprints": "active", "closedsprints": "closed", "futuresprints": "future"}
_PERIOD_UNITS = {"day": "d", "week": "w", "month": "M", "year": "y"}


def _arity_error(fdef: FunctionDef, received: int) -> str | None:
    low, high = fdef.min_args, fdef.max_args
    if received >= low and (high is None or received <= high):
        return None
    if high == low:
        return f"Function '{fdef.name}' expected '{low}' arguments but received '{received}'."
    if high is None:
        return (
            f"Function '{fdef.name}' expected at least '{low}' arguments but received '{received}'."
        )
    return (
        f"Function '{fdef.name}' expected between '{low}' and '{high}' arguments but received "
        f"'{received}'."
    )


def _week_starts_sunday(user: User | None) -> bool:
    # Jira takes the first day of the week from the searcher's locale.
    return user is None or user.locale in ("en_US", "en_CA", "ja_JP", "pt_BR")


def _group_exists(store: Store, name: str) -> str | None:
    low = name.lower()
    for group in store.groups:
        if group.lower() == low:
            return group
    for user in store.users.values():
        for group in user.groups:
            if group.lower() == low:
                return group
    return None


def _find_project(projects: dict[int, Project], value: str) -> Project | None:
    low = value.lower()
    for project in projects.values():
        if low in (project.key.lower(), project.name.lower(), str(project.id)):
            return project
    return None


def call_function(
    store: Store,
    user: User | None,
    now: datetime,
    visible: dict[int, Project],
    operand: FunctionOperand,
) -> FunctionValue | list[str]:
    """Run a function call; returns its value or the validation messages Jira gives."""
    fdef = FUNCTIONS.get(operand.name.lower())
    if fdef is None:
        return [f"Unable to find JQL function '{operand.display}'."]
    arity = _arity_error(fdef, len(operand.args))
    if arity is not None:
        return [arity]
    key = fdef.name.lower()
    if key == "currentuser":
        if user is None:
            return ["Function 'currentUser' cannot be called anonymously."]
        return FunctionValue(ValueType.USER, keys=frozenset({user.key}))
    if key == "membersof":
        group = _group_exists(store, operand.args[0])
        if group is None:
            return [
                f"Function 'membersOf' can not generate a list of usernames for group "
                f"'{operand.args[0]}'; the group does not exist."
            ]
        members = frozenset(u.key for u in store.users.values() if group in u.groups)
        return FunctionValue(ValueType.USER, keys=members)
    if key in _SPRINT_STATES:
        state = _SPRINT_STATES[key]
        ids = frozenset(s.id for s in store.sprints.values() if s.state == state)
        return FunctionValue(ValueType.SPRINT, ids=ids)
    if key == "now":
        return FunctionValue(ValueType.DATE, instant=now)
    if key.startswith(("startof", "endof")):
        end = key.startswith("endof")
        unit = _PERIOD_UNITS[key.removeprefix("endof" if end else "startof")]
        increment = operand.args[0] if operand.args else None
        try:
            instant = boundary(unit, end, increment, now, _week_starts_sunday(user))
        except DurationError:
            return [
                f"Duration for function '{fdef.name}' should have the format (+/-)n(yMwdm), "
                "e.g -1M for 1 month earlier."
            ]
        return FunctionValue(ValueType.DATE, instant=instant)
    if key in ("standardissuetypes", "subtaskissuetypes"):
        subtask = key == "subtaskissuetypes"
        ids = frozenset(t.id for t in store.issue_types.values() if t.subtask == subtask)
        return FunctionValue(ValueType.ISSUETYPE, ids=ids)
    # releasedVersions / unreleasedVersions
    projects = visible
    if operand.args:
        chosen: dict[int, Project] = {}
        for arg in operand.args:
            project = _find_project(visible, arg)
            if project is None:
                return [
                    f"Could not resolve the project '{arg}' provided to function '{fdef.name}'."
                ]
            chosen[project.id] = project
        projects = chosen
    released = key == "releasedversions"
    ids = frozenset(
        v.id
        for v in store.versions.values()
        if v.project_id in projects and v.released == released and not v.archived
    )
    return FunctionValue(ValueType.VERSION, ids=ids)
