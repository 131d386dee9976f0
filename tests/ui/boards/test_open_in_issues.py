"""A card of the board or the backlog opened in the Issues pane: by double-click, by Enter, by
the "Open in Issues" command; the command says why it cannot run when it cannot."""

from __future__ import annotations

import qasync
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from app.store.keychain import SecretStore
from app.ui.boards.card_opener import NO_CARD, NO_ISSUES_PANE
from app.ui.boards.cards import CardList
from app.ui.boards.controller import BoardsController
from app.ui.boards.pane import BoardTab
from app.ui.kit.navigation import ISSUES_PANE
from app.ui.shell.demo import MemoryProfiles
from app.ui.shell.shell import Shell
from tests.ui.boards.board_fixture import board_site, open_board, show_tab
from tests.ui.conftest import activate
from tests.ui.harness import Harness

BOARD = "QUA board"


def a_card(boards: BoardsController) -> tuple[CardList, str]:
    """A list of the board with a card in it, and that card's key."""
    card_list = next(cl for cl in boards.pane.board_view.all_lists() if cl.keys())
    return card_list, card_list.keys()[0]


def issue_shown(h: Harness, key: str) -> None:
    """Wait until the Issues pane shows ``key``'s search and its detail; check what it shows."""
    issues = h.issues
    h.wait(lambda: h.window.current_pane() == ISSUES_PANE)
    h.wait(lambda: issues.pane.detail.issue is not None and issues.pane.detail.issue.key == key)
    h.idle()
    assert issues.pane.editor.query() == f"key = {key}"
    assert [row.key for row in issues.pane.model.rows] == [key]
    assert [r.row() for r in issues.pane.table.selectionModel().selectedRows()] == [0]
    detail = issues.pane.detail.issue
    assert detail is not None and key in issues.pane.detail.title.text()


def test_a_double_click_on_a_card_shows_its_issue_in_the_issues_pane(harness: Harness) -> None:
    harness.connect(board_site())
    boards = open_board(harness, BOARD)
    card_list, key = a_card(boards)
    index = card_list.model().index(0, 0, card_list.rootIndex())
    centre = card_list.visualRect(index).center()
    # a real double-click: a click, then the double-click event (QTest's alone sends no press,
    # and an item view takes a double-click only on the item the press was on)
    harness.qtbot.mouseClick(card_list.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    harness.qtbot.mouseDClick(card_list.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    issue_shown(harness, key)


def test_enter_on_a_card_opens_it(harness: Harness) -> None:
    harness.connect(board_site())
    boards = open_board(harness, BOARD)
    activate(harness.qtbot, harness.window)
    card_list, key = a_card(boards)
    assert boards.pane.board_view.select_card(key)
    assert card_list.hasFocus()
    harness.qtbot.keyClick(card_list, Qt.Key.Key_Return)
    issue_shown(harness, key)


def test_the_command_opens_the_issue_selected_in_the_backlog(harness: Harness) -> None:
    harness.connect(board_site())
    boards = open_board(harness, BOARD)
    show_tab(harness, boards, BoardTab.BACKLOG)
    harness.wait(lambda: any(cl.keys() for cl in boards.pane.backlog_view.lists))
    harness.idle()
    card_list = next(cl for cl in reversed(boards.pane.backlog_view.lists) if cl.keys())
    key = card_list.keys()[-1]
    boards.pane.backlog_view.select_keys([key])
    command = boards.commands.open_in_issues
    assert command.isEnabled()
    assert command in [e.action for e in harness.window.palette_entries()]
    assert command.shortcut().toString() == "Ctrl+Shift+I"
    command.trigger()
    issue_shown(harness, key)


def test_without_a_current_card_the_command_says_why(harness: Harness) -> None:
    harness.connect(board_site())
    boards = open_board(harness, BOARD)
    command = boards.commands.open_in_issues
    assert boards.pane.board_view.current_key() is None
    assert not command.isEnabled() and command.toolTip() == NO_CARD
    _, key = a_card(boards)
    assert boards.pane.board_view.select_card(key)
    assert command.isEnabled()
    show_tab(harness, boards, BoardTab.EPICS)  # no card is current on the epics tab
    assert not command.isEnabled() and command.toolTip() == NO_CARD
    assert not boards.opener.open_current()
    assert harness.window.current_pane() == "boards"


def test_a_window_without_an_issues_pane_says_so(
    qtbot: QtBot, qloop: qasync.QEventLoop, settings: QSettings
) -> None:
    secrets = SecretStore(session_only=True)
    shell = Shell(settings, MemoryProfiles(), secrets, panes=(BoardsController,))
    qtbot.addWidget(shell.window)
    try:
        boards = shell.pane("boards")
        assert isinstance(boards, BoardsController)
        command = boards.commands.open_in_issues
        assert not command.isEnabled() and command.toolTip() == NO_ISSUES_PANE
    finally:
        shell.window.may_close = True
        shell.window.close()
        secrets.close()
