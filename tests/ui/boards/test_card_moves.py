"""Moving cards on the board: a drop on another column takes the transition to one of its
statuses (asking when several apply), a refusal puts the card back with Jira's words, a drop
within a column ranks it, and the keyboard does the same as the mouse.

Drops go through ``CardList.drop_cards`` with the ``QMimeData`` the model gives a real drag.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from app.qtmodels.board_roles import PENDING_ROLE, PROBLEM_ROLE
from app.sandbox.boards import board_issues, in_rank_order
from app.sandbox.datagen.reference import BLOCKED, DONE, IN_PROGRESS, IN_REVIEW, TO_DO
from app.sandbox.model import Issue
from app.ui.boards.controller import BoardsController
from app.ui.boards.dialogs import ColumnTransitionDialog
from app.ui.boards.moves import rank_anchor
from app.ui.kit.forms import alive
from app.ui.kit.text import Tone
from tests.ui.boards.board_fixture import board_site, cell_keys, open_board, site_board
from tests.ui.conftest import activate
from tests.ui.harness import Harness

BOARD = "QUA board"  # four columns: To Do | In Progress (+ Blocked) | In Review | Done


def issue(h: Harness, key: str) -> Issue:
    return next(iter(h.sites.values())).store.issues_by_key[key]


def column_of_status(boards: BoardsController, status: int) -> int:
    return next(n for n, c in enumerate(boards.pane.cards.columns) if str(status) in c.status_ids)


def card_in(h: Harness, boards: BoardsController, status: int) -> str:
    """A card of the board (lane 0) in ``status``."""
    column = column_of_status(boards, status)
    return next(
        k for k in cell_keys(boards.pane.cards, 0, column) if issue(h, k).status_id == status
    )


def drop(boards: BoardsController, key: str, column: int, row: int = 0) -> bool:
    """Drop card ``key`` on ``column`` at ``row``, with the payload a drag of it carries."""
    model = boards.pane.cards
    mime = model.mimeData([model.index_of(key)])
    return boards.pane.board_view.list_at(0, column).drop_cards(mime, row)


def open_dialog(h: Harness, boards: BoardsController) -> ColumnTransitionDialog:
    h.wait(lambda: isinstance(boards.moves.dialog, ColumnTransitionDialog))
    dialog = boards.moves.dialog
    assert isinstance(dialog, ColumnTransitionDialog)
    h.wait(dialog.isVisible)
    return dialog


def test_a_card_dropped_on_another_column_takes_the_transition_and_stays(
    harness: Harness,
) -> None:
    harness.connect(board_site())
    boards = open_board(harness, BOARD)
    key = card_in(harness, boards, IN_PROGRESS)
    review = column_of_status(boards, IN_REVIEW)
    assert drop(boards, key, review)
    # shown there at once, waiting for Jira
    assert boards.pane.cards.column_of(key) == review
    harness.idle()
    assert issue(harness, key).status_id == IN_REVIEW
    assert key in cell_keys(boards.pane.cards, 0, review)
    index = boards.pane.cards.index_of(key)
    assert index.data(PROBLEM_ROLE) == "" and not index.data(PENDING_ROLE)
    assert boards.pane.message.text() == f"{key} moved to In Review (Request Review)."
    assert boards.pane.board_view.current_key() == key
    counts = boards.pane.cards.column_counts()
    assert [h.count for h in boards.pane.board_view.headers] == counts


def test_several_transitions_into_a_column_ask_which_one(harness: Harness) -> None:
    harness.connect(board_site())
    boards = open_board(harness, BOARD)
    key = card_in(harness, boards, TO_DO)
    todo, progress = column_of_status(boards, TO_DO), column_of_status(boards, IN_PROGRESS)
    assert drop(boards, key, progress)
    dialog = open_dialog(harness, boards)
    # Start Progress and Block both lead into In Progress (it holds both statuses)
    assert [dialog.choice.itemText(i) for i in range(dialog.choice.count())] == [
        "Start Progress → In Progress",
        "Block → Blocked",
    ]
    dialog.reject()  # cancelled: the card goes back
    harness.wait(lambda: boards.pane.cards.column_of(key) == todo)
    assert issue(harness, key).status_id == TO_DO
    assert boards.pane.message.text() == f"{key} stays in To Do: not moved."
    assert drop(boards, key, progress)
    dialog = open_dialog(harness, boards)
    dialog.choice.setCurrentIndex(1)
    dialog.ok_button.click()
    harness.wait(lambda: not alive(dialog))
    harness.idle()
    assert issue(harness, key).status_id == BLOCKED
    assert boards.pane.cards.column_of(key) == progress
    assert not boards.pane.cards.is_pending(key)


def test_the_keyboard_moves_a_card_and_the_screen_asks_for_its_fields(harness: Harness) -> None:
    harness.connect(board_site())
    boards = open_board(harness, BOARD)
    activate(harness.qtbot, harness.window)
    key = card_in(harness, boards, IN_REVIEW)
    review, done = column_of_status(boards, IN_REVIEW), column_of_status(boards, DONE)
    assert boards.pane.board_view.select_card(key)
    card_list = boards.pane.board_view.list_at(0, review)
    assert card_list.hasFocus()
    harness.qtbot.keyClick(card_list, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(harness, boards)
    # Done's screen requires the resolution: one transition, but the dialog asks for it
    assert dialog.choice.count() == 1 and not dialog.choice.isEnabled()
    resolution = dialog.fields[dialog.chosen().id]["resolution"]
    assert isinstance(resolution, QComboBox) and resolution.currentIndex() < 0
    dialog.ok_button.click()  # nothing chosen: the form says so, nothing is sent
    assert (
        dialog.isVisible()
        and "requires it" in dialog.errors[f"{dialog.chosen().id}:resolution"].text()
    )
    resolution.setCurrentIndex(resolution.findText("Done"))
    dialog.ok_button.click()
    harness.wait(lambda: not alive(dialog))
    harness.idle()
    assert issue(harness, key).status_id == DONE
    assert boards.pane.cards.column_of(key) == done
    # and back, by keyboard again: Reopen leads to To Do, not to In Review
    assert boards.pane.board_view.current_key() == key
    activate(harness.qtbot, harness.window)  # no window manager gives it back after the dialog
    harness.qtbot.keyClick(
        boards.pane.board_view.list_at(0, done),
        Qt.Key.Key_Left,
        Qt.KeyboardModifier.ControlModifier,
    )
    harness.idle()
    assert boards.pane.cards.column_of(key) == done
    assert issue(harness, key).status_id == DONE
    text = boards.pane.message.text()
    assert text.startswith(
        f"{key} stayed in Done: no transition of {key} leads to a status of In Review"
    )
    assert boards.pane.message.tone is Tone.ERROR


def test_a_transition_jira_refuses_puts_the_card_back_and_shows_why(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    gate = harness.gates["https://jira.test"]
    boards = open_board(harness, BOARD)
    key = card_in(harness, boards, IN_PROGRESS)
    progress, review = column_of_status(boards, IN_PROGRESS), column_of_status(boards, IN_REVIEW)
    gate.hold(lambda r: r.method == "POST" and r.url.path.endswith("/transitions"))
    assert drop(boards, key, review)
    harness.wait(lambda: gate.held)
    assert boards.pane.cards.column_of(key) == review and boards.pane.cards.is_pending(key)
    # meanwhile someone blocks the issue in Jira: Request Review is no longer open to it
    site.store.issues_by_key[key].status_id = BLOCKED
    gate.release()
    harness.idle()
    assert boards.pane.cards.column_of(key) == progress
    why = "Transition id '21' is not valid for this issue."
    index = boards.pane.cards.index_of(key)
    assert index.data(PROBLEM_ROLE) == why
    # the tooltip shows it literally (escaped for Qt's tooltip, never read as markup)
    assert html.escape(f"Not moved: {why}") in index.data(Qt.ItemDataRole.ToolTipRole)
    # and the card shows the issue as Jira has it now
    card = boards.pane.cards.card(key)
    assert card is not None and card.status_name == "Blocked"
    message = boards.pane.message
    assert message.isVisible() and message.textFormat() == Qt.TextFormat.PlainText
    assert message.text() == f"{key} stayed in In Progress: {why}"
    assert message.tone is Tone.ERROR
    assert not boards.pane.cards.is_pending(key)


def test_a_drop_within_a_column_ranks_the_card_there(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, BOARD)
    model = boards.pane.cards
    todo = max(range(len(model.columns)), key=lambda c: len(cell_keys(model, 0, c)))
    before = cell_keys(model, 0, todo)
    assert len(before) >= 3
    last = before[-1]
    assert drop(boards, last, todo, 0)
    assert cell_keys(model, 0, todo) == [last, *before[:-1]]
    harness.idle()
    admin = next(u for u in site.store.users.values() if u.is_admin)
    board = site_board(site, BOARD)
    order = [i.key for i in in_rank_order(board_issues(site.store, board, admin))]
    assert [k for k in order if k in set(before)] == [last, *before[:-1]]
    assert boards.pane.message.text() == f"Ranked {last}."
    # dropping it back where it is asks Jira nothing
    assert drop(boards, last, todo, 0)
    assert boards.pane.message.text() == f"Ranked {last}."
    # Ctrl+Down ranks it after the next card; Ctrl+Up before the previous one
    activate(harness.qtbot, harness.window)
    assert boards.pane.board_view.select_card(last)
    card_list = boards.pane.board_view.list_at(0, todo)
    harness.qtbot.keyClick(card_list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    harness.idle()
    assert cell_keys(model, 0, todo)[:2] == [before[0], last]
    harness.qtbot.keyClick(card_list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    harness.idle()
    assert cell_keys(model, 0, todo)[:2] == [last, before[0]]
    order = [i.key for i in in_rank_order(board_issues(site.store, board, admin))]
    assert [k for k in order if k in set(before)][:2] == [last, before[0]]


def test_ranks_jira_refuses_go_back_each_card_saying_why(harness: Harness) -> None:
    site = board_site()
    harness.connect(site, who="user")  # Pat may see the project but not rank in it
    boards = open_board(harness, BOARD)
    model = boards.pane.cards
    todo = column_of_status(boards, TO_DO)
    before = cell_keys(model, 0, todo)
    assert drop(boards, before[-1], todo, 0)
    harness.idle()
    assert cell_keys(model, 0, todo) == before
    why = "You do not have permission to manage sprints or rank issues in project 'QUA'."
    assert model.index_of(before[-1]).data(PROBLEM_ROLE) == why
    assert boards.pane.message.text() == f"1 of 1 not ranked: {before[-1]}: {why}"


def test_rank_anchor() -> None:
    keys = ["A", "B", "C", "D"]
    assert rank_anchor(keys, ["D"], 0) == ("A", None)
    assert rank_anchor(keys, ["A"], 4) == (None, "D")
    assert rank_anchor(keys, ["B"], 3) == ("D", None)  # between C and D
    assert rank_anchor(keys, ["B"], 1) == (None, None)  # where it is
    assert rank_anchor(keys, ["B"], 2) == (None, None)  # right below itself: still there
    assert rank_anchor(keys, ["B", "C"], 0) == ("A", None)
    assert rank_anchor(["A"], ["A"], 0) == (None, None)
