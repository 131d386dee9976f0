"""Boards, sprints, backlogs, ranks and epics behind one interface, whatever agile API a site has.

``BoardSource`` is what the Boards pane and ``jade boards``/``sprints``/``board`` use. Two
dialects implement it: Jira Software's agile REST 1.0 (``agile_boards.py``) and the GreenHopper
experimental API 1.0 of Jira Agile 6.x (``greenhopper.py``), chosen by ``board_source_for``
from what the site answers. What a dialect cannot do raises ``AgileNotSupportedError`` with the
sentence the UI shows (and ``BoardConfig.unsupported`` says so before anything is tried).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from app.api.errors import ApiError
from app.domain.board import (
    MOVE_MAX,
    AgileApi,
    Board,
    BoardConfig,
    BoardType,
    Card,
    Epic,
    RankOutcome,
    Sprint,
    SprintChanges,
    SprintState,
)

__all__ = ["MOVE_MAX", "AgileNotSupportedError", "BoardSource"]

log = logging.getLogger(__name__)


class AgileNotSupportedError(ApiError):
    """The site's agile API cannot do this (e.g. rank on GreenHopper); the text says why."""


class BoardSource(Protocol):
    """Every agile operation Jade uses, for one site."""

    api: AgileApi

    async def boards(
        self,
        *,
        project: str | None = None,
        name: str | None = None,
        kind: BoardType | None = None,
    ) -> list[Board]:
        """The boards the user may see, filtered by project key, name part and type (kind)."""

    async def configuration(self, board: Board) -> BoardConfig:
        """The board's columns (with their statuses and WIP limits), estimation and rank."""

    async def sprints(self, board: Board, states: Sequence[SprintState] = ()) -> list[Sprint]:
        """The board's sprints (all states when ``states`` is empty), oldest first."""

    def cards(
        self, board: Board, config: BoardConfig, *, sprint: Sprint | None = None
    ) -> AsyncIterator[list[Card]]:
        """The board's issues in board (rank) order, in batches; only ``sprint``'s if given."""

    def backlog(self, board: Board, config: BoardConfig) -> AsyncIterator[list[Card]]:
        """The board's backlog in rank order, in batches (scrum; kanban boards that keep one)."""

    async def epics(self, board: Board) -> list[Epic]:
        """The epics of the board's projects."""

    async def create_sprint(self, board: Board, changes: SprintChanges) -> Sprint:
        """Create a future sprint on ``board`` (name required; goal and dates optional)."""

    async def update_sprint(self, sprint: Sprint, changes: SprintChanges) -> Sprint:
        """Edit a sprint; ``changes.state`` ACTIVE starts it (dates required), CLOSED completes it."""

    async def complete_sprint(self, sprint: Sprint, move_open_to: Sprint | None) -> Sprint:
        """Complete an active sprint; its open issues go to ``move_open_to`` or the backlog."""

    async def delete_sprint(self, sprint: Sprint) -> None:
        """Delete a future sprint (Jira refuses an active or closed one, with its reason)."""

    async def move_to_sprint(self, sprint: Sprint, keys: Sequence[str]) -> None:
        """Move issues into an active or future sprint, at most 50 per call."""

    async def move_to_backlog(self, keys: Sequence[str]) -> None:
        """Move issues out of their sprint into the backlog, at most 50 per call."""

    async def rank(
        self, keys: Sequence[str], *, before: str | None = None, after: str | None = None
    ) -> list[RankOutcome]:
        """Rank issues before or after another; one outcome per issue (Jira's 207)."""
