"""Kanban boards (WIP limits highlighted when exceeded, light and dark; the kanban backlog kept
apart) and GreenHopper boards (controls its API cannot serve are off, with its reasons)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from functools import partial

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from app.api.greenhopper import UNSUPPORTED
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox.boards import board_issues
from app.sandbox.datagen.reference import IN_PROGRESS, TO_DO
from app.ui.boards.board_view import wip_colours
from app.ui.boards.dialogs import SprintDialog
from app.ui.boards.pane import BoardTab
from app.ui.shell.appearance import apply_appearance
from tests.ui.boards.board_fixture import board_site, open_board, show_tab, site_board
from tests.ui.harness import Harness


def has_base(widget: QWidget, colour: QColor) -> bool:
    """Whether ``widget`` paints its background in ``colour``."""
    return widget.palette().color(QPalette.ColorRole.Base) == colour


@pytest.fixture
def appearance() -> Iterator[None]:
    """Tests that switch to dark colours leave the system's behind them."""
    yield
    apply_appearance("system")


def test_a_column_over_its_limit_is_highlighted_in_light_and_dark(
    harness: Harness, appearance: None
) -> None:
    site = board_site()
    admin = next(u for u in site.store.users.values() if u.is_admin)
    board = site_board(site, "QUA kanban")
    limits = next(c for c in board.columns if c.name == "In Progress")
    shown = board_issues(site.store, board, admin)
    waiting = [i for i in shown if i.status_id == TO_DO]
    for issue in waiting[: max(0, 7 - sum(i.status_id in limits.status_ids for i in shown))]:
        issue.status_id = IN_PROGRESS  # at least seven in progress: over its maximum of five
    expected = sum(i.status_id in limits.status_ids for i in shown)
    harness.connect(site)
    boards = open_board(harness, "QUA kanban")
    view = boards.pane.board_view
    column = next(n for n, c in enumerate(boards.pane.cards.columns) if c.name == "In Progress")
    header = view.headers[column]
    assert header.count == expected and expected > 5 and header.state == "over"
    assert header.count_label.text() == str(expected)
    assert header.limits.text() == "min 2 · max 5"
    assert "Over its limit: at most 5." in header.toolTip()
    others = [h for n, h in enumerate(view.headers) if n != column]
    assert all(h.state != "over" or h.column.over_limit(h.count) for h in others)
    for choice in ("light", "dark"):
        apply_appearance(choice)
        harness.wait(
            lambda: (
                header.palette().color(QPalette.ColorRole.Window)
                == wip_colours(view.palette(), over=True)[0]
            )
        )
        background, text = wip_colours(view.palette(), over=True)
        assert header.palette().color(QPalette.ColorRole.WindowText) == text
        # the text reads on its background: a clear difference in lightness
        assert abs(background.lightness() - text.lightness()) > 100
        # the column's cells are tinted too
        harness.wait(partial(has_base, view.list_at(0, column).viewport(), background))
        fine = next(n for n, h in enumerate(view.headers) if h.state == "ok")
        assert view.headers[fine].palette().color(QPalette.ColorRole.Window) != background


def test_a_kanban_backlog_is_kept_apart_and_kanban_boards_have_no_sprints(
    harness: Harness,
) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, "KES kanban")
    board = site_board(site, "KES kanban")
    assert [c.name for c in boards.pane.cards.columns] == [c.name for c in board.columns[1:]]
    admin = next(u for u in site.store.users.values() if u.is_admin)
    waiting = [i.key for i in board_issues(site.store, board, admin) if i.status_id == TO_DO]
    assert not set(waiting) & {c.key for c in boards.pane.cards.cards()}
    show_tab(harness, boards, BoardTab.BACKLOG)
    model = boards.pane.backlog
    assert model.rowCount() == 1 and model.index(0, 0).data() == "Backlog"
    assert model.section_keys(0) == waiting
    assert not boards.pane.backlog_view.create_button.isVisible()
    reason = "Kanban boards have no sprints."
    for action in (boards.commands.new_sprint, boards.commands.move_to_sprint):
        assert not action.isEnabled() and action.toolTip() == reason
    assert not boards.pane.sprint_combo.isEnabled()
    assert reason in boards.pane.sprint_combo.toolTip()
    # a kanban board without the kanban backlog says why its tab is empty
    boards = open_board(harness, "QUA kanban")
    boards.pane.tabs.setCurrentIndex(BoardTab.BACKLOG)
    harness.idle()
    assert boards.pane.backlog_view.note.text() == (
        "This kanban board keeps no backlog (the kanban backlog is off in its settings)."
    )


def test_a_greenhopper_board_turns_off_what_its_api_cannot_do_and_says_why(
    harness: Harness,
) -> None:
    site = board_site(SandboxFlavour.GREENHOPPER)
    harness.connect(site)
    gate = harness.gates["https://jira.test"]
    boards = open_board(harness, "QUA board")
    commands = boards.commands
    assert boards.shown is not None and boards.shown.board.api.value == "greenhopper"
    # the board shows its active sprint, in columns built from the statuses
    assert boards.pane.cards.cards()
    # rank: off, with the API's reason, on the menu and on a drop within a column
    assert not commands.up.isEnabled() and commands.up.toolTip() == UNSUPPORTED["rank"]
    model = boards.pane.cards
    column = max(
        range(len(model.columns)), key=lambda c: len(model.cell_keys(model.cell_index(0, c)))
    )
    keys = model.cell_keys(model.cell_index(0, column))
    assert len(keys) >= 2
    before = len(gate.seen)
    mime = model.mimeData([model.index_of(keys[-1])])
    assert boards.pane.board_view.list_at(0, column).drop_cards(mime, 0)
    assert model.cell_keys(model.cell_index(0, column)) == keys
    assert boards.pane.message.text() == f"Not ranked: {UNSUPPORTED['rank']}"
    assert len(gate.seen) == before  # nothing was asked of Jira
    # starting and completing sprints, their goals, WIP limits: off with the API's reasons
    assert not commands.complete_sprint.isEnabled()
    assert commands.complete_sprint.toolTip() == UNSUPPORTED["complete_sprint"]
    wip = boards.pane.board_view.headers[0].toolTip()
    assert html.escape(UNSUPPORTED["wip"]) in wip
    show_tab(harness, boards, BoardTab.BACKLOG)
    view = boards.pane.backlog_view
    future = next(s for s in boards.pane.backlog.sprints() if s.state.value == "future")
    header = view.header_for(future.id)
    assert header is not None
    start = header.buttons["start"]
    assert not start.isEnabled() and html.escape(UNSUPPORTED["start_sprint"]) in start.toolTip()
    assert header.buttons["edit"].isEnabled() and header.buttons["delete"].isEnabled()
    active = next(s for s in boards.pane.backlog.sprints() if s.state.value == "active")
    complete = view.header_for(active.id)
    assert complete is not None and not complete.buttons["complete"].isEnabled()
    boards.commands.new_sprint.trigger()
    harness.wait(lambda: isinstance(boards.sprint_changes.dialog, SprintDialog))
    dialog = boards.sprint_changes.dialog
    assert isinstance(dialog, SprintDialog)
    goal = dialog.goal
    assert not goal.isEnabled() and html.escape(UNSUPPORTED["sprint_goal"]) in goal.toolTip()
    dialog.reject()
    # and the configuration tab lists them all
    limits = boards.pane.config_view.limits.text()
    for reason in UNSUPPORTED.values():
        assert reason in limits
    assert boards.pane.config_view.api.text() == "Jira Agile 6.x GreenHopper experimental API 1.0"
