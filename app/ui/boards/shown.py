"""The board the pane shows, with what has been loaded for it.

Every task of the pane remembers the ``ShownBoard`` it was started for and shows its answer
only while that very object is still the one shown: a late answer never lands on another board
or another site.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from app.api.boards import BoardSource
from app.api.concurrently import all_or_nothing
from app.domain.board import Board, BoardColumn, BoardConfig, Card, Epic, Sprint, SprintState
from app.session import SiteSession
from app.ui.boards.pane import ALL_ISSUES, BoardsPane
from app.ui.kit.tasks import TaskRunner

__all__ = ["LOADING", "BoardHost", "ShownBoard", "closing", "together"]

LOADING = "The board is still loading."


@contextlib.asynccontextmanager
async def closing(batches: AsyncIterator[list[Card]]) -> AsyncIterator[AsyncIterator[list[Card]]]:
    """Iterate ``batches`` and close them however the loop ends (a cancelled load stops the
    pages it has in flight)."""
    try:
        yield batches
    finally:
        close = getattr(batches, "aclose", None)
        if close is not None:
            await close()


async def together(*steps: Awaitable[object]) -> list[object]:
    """Run ``steps`` concurrently; if one fails, the others are cancelled and awaited, and its
    own error goes on (not an ExceptionGroup: the user sees Jira's words)."""
    return await all_or_nothing(steps)


@dataclass(eq=False)
class ShownBoard:
    """One board of one site, as far as it is loaded."""

    session: SiteSession
    source: BoardSource
    board: Board
    config: BoardConfig | None = None
    sprints: list[Sprint] = field(default_factory=list)
    epics: list[Epic] = field(default_factory=list)
    sprint_id: int = ALL_ISSUES  # what the board tab shows: a sprint, or all the board's issues
    backlog_loaded: bool = False
    board_stale: bool = False  # issues moved between sprints: the board tab loads again
    status_names: dict[str, str] = field(default_factory=dict)  # status id -> name, as seen
    status_asked: set[str] = field(default_factory=set)  # ids looked up by a search already

    def unnamed_statuses(self) -> list[str]:
        """The ids of the board's statuses no card has named yet (and not looked up)."""
        columns = self.config.columns if self.config is not None else ()
        known = self.status_names.keys() | self.status_asked
        return list(dict.fromkeys(s for c in columns for s in c.status_ids if s not in known))

    def unsupported(self, capability: str) -> str:
        """Why the board cannot do ``capability`` ("" when it can)."""
        if self.config is None:
            return LOADING
        return self.config.unsupported.get(capability, "")

    @property
    def columns(self) -> tuple[BoardColumn, ...]:
        """The columns the board tab shows (a kanban backlog's column is kept apart)."""
        if self.config is None:
            return ()
        return self.config.columns[1:] if self.config.kanban_backlog else self.config.columns

    def sprint(self, sprint_id: int | None) -> Sprint | None:
        """The board's sprint ``sprint_id``."""
        return next((s for s in self.sprints if s.id == sprint_id), None)

    @property
    def open_sprints(self) -> list[Sprint]:
        """The active sprints, then the future ones, in Jira's order."""
        active = [s for s in self.sprints if s.state is SprintState.ACTIVE]
        return active + [s for s in self.sprints if s.state is SprintState.FUTURE]

    def learn_statuses(self, cards: Iterable[Card]) -> bool:
        """Remember the status names ``cards`` show; whether any was new."""
        fresh = False
        for card in cards:
            if card.status_name and card.status_id not in self.status_names:
                self.status_names[card.status_id] = card.status_name
                fresh = True
        return fresh


class BoardHost(Protocol):
    """What the pane's helpers (moves, sprint changes) need of the pane's controller."""

    shown: ShownBoard | None
    pane: BoardsPane
    tasks: TaskRunner

    def is_current(self, shown: ShownBoard) -> bool:
        """Whether ``shown`` is still the board shown."""

    def update_actions(self) -> None:
        """Enable what can be done now."""

    def card_changed(self, card: Card) -> None:
        """Show ``card`` as Jira has it now, on the board and in the backlog."""

    def reload_sprints(self, shown: ShownBoard) -> None:
        """Read the board's sprints again, then its cards and backlog."""

    def sprints_moved(self, shown: ShownBoard) -> None:
        """Issues changed sprint: the board tab (when it shows a sprint) loads again."""
