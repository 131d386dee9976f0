"""The GreenHopper experimental API's JSON, and what Jade builds from the platform API instead.

The experimental API 1.0 of Jira Agile 6.x answers boards, sprints, epics and versions (msgspec
Structs here, only what Jade reads). It has no board configuration and no board issues, so the
rest comes from the platform API of the same Jira 6.4 server:

- a board's columns from its projects' statuses (``columns_from_statuses``): one column per
  status category, in the order To Do, In Progress, Done. That is the layout Jira Agile 6.x
  gives a board it creates for a project, and a board's real columns cannot be read; a column
  per status would split the board into as many columns as the workflows have statuses.
- cards from ``/search`` (``to_card``), with the agile custom fields found by their types in
  ``/field`` (``AgileFields``). Jira 6.x writes the Sprint field as the text of a Java object
  (``com.atlassian.greenhopper.service.sprint.Sprint@1f[id=5,rapidViewId=1,state=ACTIVE,…]``);
  later Jira writes objects. Both are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import msgspec

from app.domain.board import (
    AgileApi,
    Board,
    BoardColumn,
    BoardType,
    Card,
    Epic,
    Sprint,
    SprintState,
)
from app.domain.site import UserRef

__all__ = [
    "AgileFields",
    "BoardWire",
    "EpicWire",
    "PageWire",
    "SprintWire",
    "VersionWire",
    "agile_fields",
    "columns_from_statuses",
    "gh_time",
    "open_sprint_id",
    "to_board",
    "to_card",
    "to_epic",
    "to_sprint",
]

T = TypeVar("T")

SPRINT_TYPE = "com.pyxis.greenhopper.jira:gh-sprint"
EPIC_LINK_TYPE = "com.pyxis.greenhopper.jira:gh-epic-link"
STORY_POINTS = "Story Points"
# status categories in board order; "undefined" is Jira 6.x's "No Category", before To Do
CATEGORY_ORDER = ("undefined", "new", "indeterminate", "done")
_OPEN_STATES = ("active", "future")
_SPRINT_ID = re.compile(r"[\[,]id=(\d+)")
_SPRINT_STATE = re.compile(r",state=([A-Za-z_]+)")


class BoardWire(msgspec.Struct):
    """A board: ``{id, self, name, type}``."""

    id: int
    name: str = ""
    type: str = "scrum"


class SprintWire(msgspec.Struct, rename="camel"):
    """A sprint; a future sprint has no dates."""

    id: int
    name: str = ""
    state: str = "future"
    start_date: str | None = None
    end_date: str | None = None
    complete_date: str | None = None


class ColourWire(msgspec.Struct):
    """An epic's colour: ``{"key": "color_4"}``."""

    key: str = ""


class EpicWire(msgspec.Struct):
    """An epic: its id is the epic issue's id (the API does not say its key)."""

    id: int
    name: str = ""
    summary: str = ""
    color: ColourWire | None = None
    done: bool = False


class VersionWire(msgspec.Struct, rename="camel"):
    """A version of one of the board's projects."""

    id: int
    project_id: int
    name: str = ""
    released: bool = False
    archived: bool = False


class PageWire(msgspec.Struct, Generic[T], rename="camel"):
    """A page of any of the API's lists."""

    values: list[T] = []
    start_at: int = 0
    max_results: int = 0
    total: int | None = None
    is_last: bool | None = None


def gh_time(text: str | None) -> datetime | None:
    """A timestamp as the API writes it: ``2015-04-11T15:22:00.000+10:00`` (or ``…Z``)."""
    return datetime.fromisoformat(text) if text else None


def to_board(wire: BoardWire, project_key: str | None) -> Board:
    """A ``Board``; the API does not say its project, so the caller found it out."""
    return Board(wire.id, wire.name, BoardType(wire.type), AgileApi.GREENHOPPER, project_key)


def to_sprint(wire: SprintWire, board_id: int | None) -> Sprint:
    """A ``Sprint`` of ``board_id`` (the API does not say a sprint's board)."""
    return Sprint(
        id=wire.id,
        name=wire.name,
        state=SprintState(wire.state),
        board_id=board_id,
        start=gh_time(wire.start_date),
        end=gh_time(wire.end_date),
        complete=gh_time(wire.complete_date),
    )


def to_epic(wire: EpicWire, key: str) -> Epic:
    """An ``Epic``; ``key`` was found by searching for the epic's id."""
    colour = wire.color.key if wire.color is not None and wire.color.key else None
    return Epic(wire.id, key, wire.name, wire.summary, wire.done, colour)


# ----- the platform API's part ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgileFields:
    """The ids of the agile custom fields on this site (None: it has no such field)."""

    sprint: str | None = None
    epic_link: str | None = None
    story_points: str | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        """The fields a card needs besides the system ones."""
        return tuple(f for f in (self.sprint, self.epic_link, self.story_points) if f)


def agile_fields(fields: Iterable[dict[str, Any]]) -> AgileFields:
    """Find the Sprint and Epic Link fields by their types, and Story Points by its name."""
    sprint = epic_link = points = None
    for field in fields:
        schema = field.get("schema") or {}
        custom = schema.get("custom") if isinstance(schema, dict) else None
        field_id = str(field.get("id", ""))
        if custom == SPRINT_TYPE and sprint is None:
            sprint = field_id
        elif custom == EPIC_LINK_TYPE and epic_link is None:
            epic_link = field_id
        elif field.get("custom") and field.get("name") == STORY_POINTS and points is None:
            points = field_id
    return AgileFields(sprint, epic_link, points)


def columns_from_statuses(per_issue_type: Iterable[dict[str, Any]]) -> tuple[BoardColumn, ...]:
    """One column per status category, from ``project/{key}/statuses`` answers (merged)."""
    names: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for issue_type in per_issue_type:
        for status in issue_type.get("statuses") or []:
            category = status.get("statusCategory") or {}
            key = str(category.get("key") or "undefined")
            names.setdefault(key, str(category.get("name") or "No Category"))
            held = members.setdefault(key, [])
            status_id = str(status.get("id", ""))
            if status_id and status_id not in held:
                held.append(status_id)
    order = {key: n for n, key in enumerate(CATEGORY_ORDER)}
    ranked = sorted(members, key=lambda k: order.get(k, len(CATEGORY_ORDER)))
    return tuple(BoardColumn(names[k], tuple(members[k])) for k in ranked)


def open_sprint_id(value: Any) -> int | None:
    """The active or future sprint in a Sprint field's value (None: the issue is in none)."""
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, dict):
            sprint_id, state = entry.get("id"), str(entry.get("state", ""))
        elif isinstance(entry, str):
            found_id, found_state = _SPRINT_ID.search(entry), _SPRINT_STATE.search(entry)
            sprint_id = found_id.group(1) if found_id else None
            state = found_state.group(1) if found_state else ""
        else:
            continue
        if sprint_id is not None and state.lower() in _OPEN_STATES:
            return int(sprint_id)
    return None


def _named(value: Any, key: str = "name") -> str:
    return str(value.get(key) or "") if isinstance(value, dict) else ""


def _user(value: Any) -> UserRef | None:
    if not isinstance(value, dict):
        return None
    ident = str(value.get("name") or value.get("accountId") or value.get("key") or "")
    return UserRef(
        ident, str(value.get("displayName") or ident), active=bool(value.get("active", True))
    )


def to_card(issue: dict[str, Any], agile: AgileFields) -> Card:
    """A ``Card`` from one issue of a ``/search`` page."""
    fields: dict[str, Any] = issue.get("fields") or {}
    status = fields.get("status") or {}
    category = status.get("statusCategory") if isinstance(status, dict) else None
    points = fields.get(agile.story_points) if agile.story_points else None
    epic = fields.get(agile.epic_link) if agile.epic_link else None
    return Card(
        id=str(issue.get("id", "")),
        key=str(issue.get("key", "")),
        summary=str(fields.get("summary") or ""),
        status_id=_named(status, "id"),
        status_name=_named(status),
        issue_type=_named(fields.get("issuetype")),
        priority=_named(fields.get("priority")),
        assignee=_user(fields.get("assignee")),
        estimate=float(points) if isinstance(points, int | float) else None,
        # Jira 6.x writes the Epic Link as the epic's key; later Jira may write an object
        epic_key=(str(epic) if isinstance(epic, str) else _named(epic, "key")) or None,
        sprint_id=open_sprint_id(fields.get(agile.sprint)) if agile.sprint else None,
        labels=tuple(str(label) for label in fields.get("labels") or ()),
        done=_named(category, "key") == "done",
    )
