"""Jira Software's agile 1.0 JSON as msgspec Structs, and the domain records made from them.

Shapes as recorded (``samples/boards__go-jira``, ``board_configuration__go-jira``,
``board_sprints_*``, ``sprint_*``, ``sprint_issues__go-jira``, ``board_issues_*``) and as the
agile contracts describe them. Only what Jade reads is declared; unknown keys are ignored. An
issue's field values are decoded one by one (``msgspec.Raw``), so that one odd value (an
``epic`` written as a bare key, as one recording has it) costs that value, not the page.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import msgspec

from app.api.errors import ProtocolError
from app.api.wire import UserWire, to_user
from app.domain.board import (
    AgileApi,
    Board,
    BoardColumn,
    BoardConfig,
    BoardType,
    Card,
    Epic,
    RankOutcome,
    Sprint,
    SprintState,
)
from app.domain.issue_history import jira_timestamp

__all__ = [
    "BoardConfigWire",
    "BoardWire",
    "EpicWire",
    "IssueWire",
    "IssuesPageWire",
    "RankResultWire",
    "SprintWire",
    "ValuesPage",
    "is_subtask",
    "to_board",
    "to_board_config",
    "to_card",
    "to_epic",
    "to_rank_outcomes",
    "to_sprint",
]

T = TypeVar("T")

# the columns Jira gives a kanban board's backlog when the kanban backlog is on: the agile API
# does not say whether it is on, the first column's name does
KANBAN_BACKLOG_COLUMN = "backlog"


class ValuesPage(msgspec.Struct, Generic[T], rename="camel"):
    """A page of a ``{startAt, maxResults, total?, isLast, values}`` list."""

    values: list[T] = []
    start_at: int = 0
    max_results: int = 0
    total: int | None = None
    is_last: bool | None = None


class BoardLocationWire(msgspec.Struct, rename="camel"):
    """Where a board lives (``GET board``): a project, or a user's own board."""

    project_key: str | None = None


class BoardWire(msgspec.Struct):
    """A board of ``GET board`` (the location is missing on some, as recorded)."""

    id: int
    name: str = ""
    type: str = ""
    location: BoardLocationWire | None = None


class _RelationWire(msgspec.Struct):
    id: str = ""


class _ColumnWire(msgspec.Struct):
    name: str = ""
    statuses: list[_RelationWire] = []
    min: int | None = None
    max: int | None = None


class _ColumnConfigWire(msgspec.Struct, rename="camel"):
    columns: list[_ColumnWire] = []
    constraint_type: str = ""


class _EstimationFieldWire(msgspec.Struct, rename="camel"):
    field_id: str = ""
    display_name: str = ""


class _EstimationWire(msgspec.Struct):
    type: str = ""
    field: _EstimationFieldWire | None = None


class _RankingWire(msgspec.Struct, rename="camel"):
    rank_custom_field_id: int | None = None


class BoardConfigWire(msgspec.Struct, rename="camel"):
    """``GET board/{id}/configuration``: estimation only on scrum, sub-query only on kanban."""

    id: int
    type: str = ""
    filter: _RelationWire | None = None
    column_config: _ColumnConfigWire | None = None
    estimation: _EstimationWire | None = None
    ranking: _RankingWire | None = None


class SprintWire(msgspec.Struct, rename="camel"):
    """A sprint; a future one has no dates, only a closed one a ``completeDate``."""

    id: int
    name: str = ""
    state: str = ""
    start_date: str | None = None
    end_date: str | None = None
    complete_date: str | None = None
    origin_board_id: int | None = None
    goal: str | None = None


class _ColourWire(msgspec.Struct):
    key: str | None = None


class EpicWire(msgspec.Struct):
    """An epic of ``GET board/{id}/epic`` (also the agile ``epic`` field of an issue)."""

    id: int = 0
    key: str = ""
    name: str = ""
    summary: str = ""
    color: _ColourWire | None = None
    done: bool = False


class IssueWire(msgspec.Struct):
    """An issue of an agile issue list; its field values decoded as they are used."""

    id: str
    key: str = ""
    fields: dict[str, msgspec.Raw] = {}


class IssuesPageWire(msgspec.Struct, rename="camel"):
    """A search-shaped page: ``board/{id}/issue``, ``backlog``, ``sprint/{id}/issue``."""

    issues: list[IssueWire] = []
    start_at: int = 0
    max_results: int = 0
    total: int = 0


class _RankEntryWire(msgspec.Struct, rename="camel"):
    issue_key: str = ""
    issue_id: int | None = None
    status: int = 200
    errors: list[str] = []


class RankResultWire(msgspec.Struct):
    """The 207 of ``PUT issue/rank``: one entry per issue."""

    entries: list[_RankEntryWire] = []


# ----- the fields of a card --------------------------------------------------------------------


class _StatusCategoryWire(msgspec.Struct):
    key: str = ""


class _StatusWire(msgspec.Struct, rename="camel"):
    id: str = ""
    name: str = ""
    status_category: _StatusCategoryWire | None = None


class _NamedWire(msgspec.Struct, rename="camel"):
    name: str = ""
    subtask: bool = False
    hierarchy_level: int | None = None


class _ParentFieldsWire(msgspec.Struct):
    issuetype: _NamedWire | None = None


class _ParentWire(msgspec.Struct):
    key: str = ""
    fields: _ParentFieldsWire | None = None


class _SprintRefWire(msgspec.Struct):
    id: int


# ----- to the domain ---------------------------------------------------------------------------


def _board_type(value: str) -> BoardType:
    # Cloud's team-managed boards say "simple": they flow like kanban unless sprints are on,
    # which this API does not tell
    return BoardType.SCRUM if value == "scrum" else BoardType.KANBAN


def to_board(wire: BoardWire) -> Board:
    """A ``Board`` of the agile API."""
    key = wire.location.project_key if wire.location else None
    return Board(wire.id, wire.name, _board_type(wire.type), AgileApi.AGILE, key)


def to_board_config(wire: BoardConfigWire, filter_jql: str = "") -> BoardConfig:
    """The board's columns, estimation and rank; ``unsupported`` says what the board lacks."""
    columns = tuple(
        BoardColumn(c.name, tuple(s.id for s in c.statuses), c.min, c.max)
        for c in (wire.column_config.columns if wire.column_config else [])
    )
    estimation = wire.estimation
    field = estimation.field if estimation and estimation.type == "field" else None
    rank = wire.ranking.rank_custom_field_id if wire.ranking else None
    kanban = _board_type(wire.type) is BoardType.KANBAN
    backlog = kanban and bool(columns) and columns[0].name.casefold() == KANBAN_BACKLOG_COLUMN
    unsupported: dict[str, str] = {}
    if kanban:
        unsupported["sprints"] = "Kanban boards have no sprints."
        if not backlog:
            unsupported["backlog"] = (
                "This kanban board keeps no backlog (the kanban backlog is off in its settings)."
            )
    if rank is None:
        unsupported["rank"] = "Jira does not rank this board's issues."
    return BoardConfig(
        board_id=wire.id,
        columns=columns,
        estimation_field=field.field_id if field and field.field_id else None,
        estimation_name=field.display_name if field else "",
        rank_field=f"customfield_{rank}" if rank is not None else None,
        filter_jql=filter_jql,
        kanban_backlog=backlog,
        unsupported=unsupported,
    )


def to_sprint(wire: SprintWire) -> Sprint:
    """A ``Sprint``; a state Jira does not have is a ``ProtocolError``."""
    try:
        state = SprintState(wire.state.lower())
    except ValueError:
        raise ProtocolError(f"Jira sent a sprint in an unknown state: {wire.state!r}.") from None
    return Sprint(
        id=wire.id,
        name=wire.name,
        state=state,
        board_id=wire.origin_board_id,
        start=jira_timestamp(wire.start_date) if wire.start_date else None,
        end=jira_timestamp(wire.end_date) if wire.end_date else None,
        complete=jira_timestamp(wire.complete_date) if wire.complete_date else None,
        goal=wire.goal or "",
    )


def to_epic(wire: EpicWire) -> Epic:
    """An ``Epic`` of a board's epic list."""
    return Epic(
        id=wire.id,
        key=wire.key,
        name=wire.name or wire.summary,
        summary=wire.summary,
        done=wire.done,
        colour=wire.color.key if wire.color else None,
    )


def _value(fields: dict[str, msgspec.Raw], name: str, type_: Any) -> Any:
    raw = fields.get(name)
    if raw is None:
        return None
    return msgspec.json.decode(raw, type=type_ | None)


def _estimate(fields: dict[str, msgspec.Raw], field: str | None) -> float | None:
    if not field:
        return None
    value = _value(fields, field, Any)
    # a number field; anything else (an unusual estimation field) shows no estimate
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _epic_key(fields: dict[str, msgspec.Raw]) -> str | None:
    epic = _value(fields, "epic", EpicWire | str)
    if isinstance(epic, str):
        return epic or None  # recorded so by one client's fixture: the epic's key alone
    if epic is not None and epic.key:
        return str(epic.key)
    # team-managed projects (and Cloud since the parent field): the parent is the epic
    parent = _value(fields, "parent", _ParentWire)
    kind = parent.fields.issuetype if parent and parent.fields else None
    if parent and kind and (kind.hierarchy_level == 1 or kind.name == "Epic"):
        return str(parent.key)
    return None


def to_card(wire: IssueWire, estimation_field: str | None) -> Card:
    """A ``Card`` from an agile issue (its status, type, people, estimate, epic and sprint)."""
    fields = wire.fields
    try:
        status: _StatusWire = _value(fields, "status", _StatusWire) or _StatusWire()
        kind: _NamedWire | None = _value(fields, "issuetype", _NamedWire)
        priority: _NamedWire | None = _value(fields, "priority", _NamedWire)
        assignee: UserWire | None = _value(fields, "assignee", UserWire)
        sprint: _SprintRefWire | None = _value(fields, "sprint", _SprintRefWire)
        return Card(
            id=wire.id,
            key=wire.key,
            summary=_value(fields, "summary", str) or "",
            status_id=status.id,
            status_name=status.name,
            issue_type=kind.name if kind else "",
            priority=priority.name if priority else "",
            assignee=to_user(assignee) if assignee else None,
            estimate=_estimate(fields, estimation_field),
            epic_key=_epic_key(fields),
            sprint_id=sprint.id if sprint else None,
            labels=tuple(_value(fields, "labels", list[str]) or ()),
            done=bool(status.status_category and status.status_category.key == "done"),
        )
    except msgspec.ValidationError as error:
        raise ProtocolError(
            f"Issue {wire.key} has a field of an unexpected shape: {error}"
        ) from None


def is_subtask(wire: IssueWire) -> bool:
    """Whether the issue is a sub-task (its ``issuetype`` says so)."""
    kind: _NamedWire | None = _value(wire.fields, "issuetype", _NamedWire)
    return bool(kind and kind.subtask)


def to_rank_outcomes(keys: list[str], wire: RankResultWire | None) -> list[RankOutcome]:
    """One outcome per key asked, in their order; None (a 204) means every one was ranked."""
    if wire is None:
        return [RankOutcome(key, True) for key in keys]
    by_key = {e.issue_key.upper(): e for e in wire.entries}
    by_id = {str(e.issue_id): e for e in wire.entries if e.issue_id is not None}
    out = []
    for key in keys:
        entry = by_key.get(key.upper()) or by_id.get(key)
        if entry is None:  # Jira lists every issue of a 207: this one it did not answer for
            out.append(RankOutcome(key, False, "Jira did not say whether it ranked this issue."))
        else:
            ok = 200 <= entry.status < 300
            out.append(RankOutcome(key, ok, "; ".join(entry.errors)))
    return out
