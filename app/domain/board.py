"""Agile boards as Jade shows them: boards, their columns, sprints, epics and the cards on them.

The same records come from Jira Software's agile REST 1.0 and from the older GreenHopper
experimental API 1.0 (Jira Agile 6.x); ``Board.api`` says which one a board came from, and
``BoardConfig`` says what that API can serve (GreenHopper has no board configuration, no rank
and no WIP limits: Jade builds the columns from the project's statuses and says why the other
controls are off).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from app.domain.site import UserRef

__all__ = [
    "MOVE_MAX",
    "AgileApi",
    "Board",
    "BoardColumn",
    "BoardConfig",
    "BoardType",
    "Card",
    "Epic",
    "RankOutcome",
    "Sprint",
    "SprintChanges",
    "SprintState",
]


MOVE_MAX = 50  # Jira moves at most 50 issues per call (sprint, backlog, rank)


class AgileApi(enum.StrEnum):
    """Which agile API serves a board."""

    AGILE = "agile"  # /rest/agile/1.0 (Jira Software 7+, Cloud, Data Center)
    GREENHOPPER = "greenhopper"  # /rest/greenhopper/experimental-api/1.0 (Jira Agile 6.x)


class BoardType(enum.StrEnum):
    """Scrum boards run sprints; kanban boards flow."""

    SCRUM = "scrum"
    KANBAN = "kanban"


class SprintState(enum.StrEnum):
    """Where a sprint is in its life."""

    FUTURE = "future"
    ACTIVE = "active"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Board:
    """An agile board."""

    id: int
    name: str
    type: BoardType
    api: AgileApi
    project_key: str | None = None  # the board's location, when it is a project


@dataclass(frozen=True, slots=True)
class BoardColumn:
    """One column of a board: the statuses it holds and its WIP limits (None: no limit)."""

    name: str
    status_ids: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None

    def over_limit(self, count: int) -> bool:
        """Whether ``count`` cards break the column's maximum."""
        return self.max is not None and count > self.max

    def under_limit(self, count: int) -> bool:
        """Whether ``count`` cards are fewer than the column's minimum."""
        return self.min is not None and count < self.min


@dataclass(frozen=True, slots=True)
class BoardConfig:
    """How a board lays out its issues, and what its API lets Jade change.

    ``unsupported`` maps a capability Jade cannot offer on this board ("rank", "wip",
    "configuration", "backlog"…) to the sentence that says why, for disabled controls.
    """

    board_id: int
    columns: tuple[BoardColumn, ...]
    estimation_field: str | None = None  # field id, e.g. "customfield_10016" (story points)
    estimation_name: str = ""  # as Jira names it, e.g. "Story Points"
    rank_field: str | None = None  # field id of the rank, when the board ranks
    filter_jql: str = ""  # the board's filter, when the API tells it
    kanban_backlog: bool = False  # a kanban board that keeps a backlog column apart
    unsupported: dict[str, str] = field(default_factory=dict)

    def column_of(self, status_id: str) -> BoardColumn | None:
        """The column that holds ``status_id`` (None: the status is not on the board)."""
        return next((c for c in self.columns if status_id in c.status_ids), None)


@dataclass(frozen=True, slots=True)
class Sprint:
    """A sprint of a board."""

    id: int
    name: str
    state: SprintState
    board_id: int | None = None  # the board it was created on (originBoardId)
    start: datetime | None = None
    end: datetime | None = None
    complete: datetime | None = None
    goal: str = ""


@dataclass(frozen=True, slots=True)
class SprintChanges:
    """Create or edit a sprint: None fields stay as they are."""

    name: str | None = None
    goal: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    state: SprintState | None = None  # ACTIVE starts a future sprint, CLOSED completes one


@dataclass(frozen=True, slots=True)
class Epic:
    """An epic as a board lists it; ``colour`` is Jira's colour key (e.g. ``color_4``)."""

    id: int
    key: str
    name: str
    summary: str = ""
    done: bool = False
    colour: str | None = None


@dataclass(frozen=True, slots=True)
class Card:
    """An issue on a board or in a backlog, with what its card shows."""

    id: str
    key: str
    summary: str
    status_id: str
    status_name: str = ""
    issue_type: str = ""
    priority: str = ""
    assignee: UserRef | None = None
    estimate: float | None = None  # the board's estimation field (story points, hours…)
    epic_key: str | None = None
    sprint_id: int | None = None  # the open or future sprint it is in; None: the backlog
    labels: tuple[str, ...] = ()
    done: bool = False  # its status is in the "done" category


@dataclass(frozen=True, slots=True)
class RankOutcome:
    """What ranking one issue did (Jira answers 207 with one entry per issue)."""

    key: str
    ok: bool
    message: str = ""
