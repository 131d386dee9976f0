"""Helpers for the Boards pane tests: a site with boards worth looking at, and the pane on it."""

from __future__ import annotations

from app.domain.board import Board
from app.qtmodels.board_cards import BoardCardsModel
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox
from app.sandbox.boards import board_issues, in_rank_order
from app.sandbox.model import Board as SiteBoard
from app.sandbox.model import Issue, Sprint
from app.ui.boards.controller import BoardsController
from app.ui.boards.pane import BoardTab
from tests.ui.harness import Harness, make_site

__all__ = [
    "board_site",
    "boards_pane",
    "cell_keys",
    "open_board",
    "show_tab",
    "site_board",
    "sprint_issues",
]


def board_site(flavour: SandboxFlavour = SandboxFlavour.CLOUD) -> Sandbox:
    """Four projects, three of them software (scrum boards), two kanban boards; enough issues
    that every active sprint has cards in several columns."""
    return make_site(flavour, projects=4, issues=400)


def boards_pane(h: Harness) -> BoardsController:
    """The Boards pane of the harness's window."""
    pane = h.shell.pane("boards")
    assert isinstance(pane, BoardsController)
    return pane


def site_board(site: Sandbox, name: str) -> SiteBoard:
    """The sandbox's board ``name``."""
    return next(b for b in site.store.boards.values() if b.name == name)


def open_board(h: Harness, name: str) -> BoardsController:
    """Show the Boards pane, choose board ``name`` and wait until its cards are in."""
    boards = boards_pane(h)
    h.window.show_pane("boards")
    h.wait(lambda: any(b.name == name for b in boards.pane.boards))
    board = next(b for b in boards.pane.boards if b.name == name)
    assert isinstance(board, Board)
    if boards.shown is None or boards.shown.board.id != board.id:
        assert boards.pane.select_board(board.id)
    h.wait(lambda: boards.shown is not None and boards.shown.board.id == board.id)
    h.wait(lambda: boards.shown is not None and boards.shown.config is not None)
    h.idle()
    return boards


def show_tab(h: Harness, boards: BoardsController, tab: int) -> None:
    """Show a tab of the board and wait for what it loads."""
    boards.pane.tabs.setCurrentIndex(tab)
    h.idle()
    if tab == BoardTab.BACKLOG:
        h.wait(lambda: boards.pane.backlog.rowCount() > 0)


def cell_keys(model: BoardCardsModel, lane: int, column: int) -> list[str]:
    """The keys a cell shows."""
    return model.cell_keys(model.cell_index(lane, column))


def sprint_issues(site: Sandbox, sprint: Sprint) -> list[Issue]:
    """The issues of ``sprint`` that its board shows, in rank order."""
    board = site.store.boards[sprint.board_id]
    admin = next(u for u in site.store.users.values() if u.is_admin)
    return [
        i
        for i in in_rank_order(board_issues(site.store, board, admin))
        if i.sprint_ids and i.sprint_ids[-1] == sprint.id
    ]
