"""The backlog: sprints stacked above it with their facts; issues moved between sprints and the
backlog by drag, by command (many at once, 50 per request) and ranked within a section."""

from __future__ import annotations

from app.qtmodels.board_roles import PROBLEM_ROLE
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox
from app.sandbox.boards import backlog_of, board_issues, in_rank_order, open_sprint
from app.sandbox.model import Sprint as SiteSprint
from app.sandbox.model import User
from app.ui.boards.controller import BoardsController
from app.ui.boards.dialogs import MoveTargetDialog
from app.ui.boards.pane import BoardTab
from app.ui.kit.forms import alive
from tests.ui.boards.board_fixture import board_site, open_board, show_tab, site_board
from tests.ui.harness import Harness, make_site

BOARD = "QUA board"


def admin_of(site: Sandbox) -> User:
    return next(u for u in site.store.users.values() if u.is_admin)


def futures(site: Sandbox) -> list[SiteSprint]:
    board = site_board(site, BOARD)
    return sorted(
        (s for s in site.store.sprints.values() if s.board_id == board.id and s.state == "future"),
        key=lambda s: s.id,
    )


def movable(site: Sandbox, keys: list[str]) -> list[str]:
    subtask = {t.id for t in site.store.issue_types.values() if t.subtask}
    return [k for k in keys if site.store.issues_by_key[k].issuetype_id not in subtask]


def choose_target(h: Harness, boards: BoardsController, sprint_id: int) -> None:
    h.wait(lambda: isinstance(boards.moves.dialog, MoveTargetDialog))
    dialog = boards.moves.dialog
    assert isinstance(dialog, MoveTargetDialog)
    dialog.target.setCurrentIndex(dialog.target.findData(sprint_id))
    dialog.ok_button.click()
    h.wait(lambda: not alive(dialog))
    h.idle()


def test_the_backlog_stacks_the_open_sprints_above_it(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, BOARD)
    show_tab(harness, boards, BoardTab.BACKLOG)
    model, view = boards.pane.backlog, boards.pane.backlog_view
    board = site_board(site, BOARD)
    sprints = [
        s
        for s in site.store.sprints.values()
        if s.board_id == board.id and s.state in ("active", "future")
    ]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        *(s.name for s in sorted(sprints, key=lambda s: (s.state != "active", s.id))),
        "Backlog",
    ]
    backlog = [i.key for i in backlog_of(site.store, board, admin_of(site))]
    row = model.section_row(None)
    assert row is not None and model.section_keys(row) == backlog
    active = next(s for s in sprints if s.state == "active")
    header = view.header_for(active.id)
    assert header is not None
    issues = [i for i in site.store.issues.values() if open_sprint(site.store, i) is active]
    points = sum(i.story_points or 0 for i in issues)
    facts = header.facts.text()
    assert f"{len(issues)} issues" in facts and f": {points:g}" in facts and "active" in facts
    assert "→" in facts  # its dates
    assert sorted(header.buttons) == ["complete", "edit"]
    future_header = view.header_for(futures(site)[0].id)
    assert future_header is not None and sorted(future_header.buttons) == [
        "delete",
        "edit",
        "start",
    ]


def test_issues_move_by_command_and_by_drag(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, BOARD)
    show_tab(harness, boards, BoardTab.BACKLOG)
    model, view = boards.pane.backlog, boards.pane.backlog_view
    target = futures(site)[-1]
    backlog_row = model.section_row(None)
    assert backlog_row is not None
    picked = movable(site, model.section_keys(backlog_row))[:3]
    view.select_keys(picked)
    assert view.selected_keys() == picked
    assert boards.commands.move_to_sprint.isEnabled()
    assert not boards.commands.move_to_backlog.isEnabled()  # they are in no sprint
    boards.commands.move_to_sprint.trigger()
    choose_target(harness, boards, target.id)
    assert all(open_sprint(site.store, site.store.issues_by_key[k]) is target for k in picked)
    target_row = model.section_row(target.id)
    assert target_row is not None
    assert set(picked) <= set(model.section_keys(target_row))
    assert boards.pane.message.text() == f"Moved {', '.join(picked)} to {target.name}."
    # a drag from the sprint back to the top of the backlog: moved and ranked there
    first = model.shown_keys(backlog_row)[0]
    mime = model.mimeData([model.index_of(picked[0])])
    assert view.lists[backlog_row].drop_cards(mime, 0)
    harness.idle()
    moved = site.store.issues_by_key[picked[0]]
    assert open_sprint(site.store, moved) is None
    assert model.shown_keys(backlog_row)[:2] == [picked[0], first]
    board = site_board(site, BOARD)
    order = [i.key for i in in_rank_order(backlog_of(site.store, board, admin_of(site)))]
    assert order[:2] == [picked[0], first]
    # Move to backlog: the selected issues of a sprint
    view.select_keys([picked[1]])
    assert boards.commands.move_to_backlog.isEnabled()
    boards.commands.move_to_backlog.trigger()
    harness.idle()
    assert open_sprint(site.store, site.store.issues_by_key[picked[1]]) is None
    assert picked[1] in model.section_keys(backlog_row)


def test_a_drop_within_a_section_ranks_and_ctrl_arrows_rank_the_selection(
    harness: Harness,
) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, BOARD)
    show_tab(harness, boards, BoardTab.BACKLOG)
    model, view = boards.pane.backlog, boards.pane.backlog_view
    row = model.section_row(None)
    assert row is not None
    keys = model.shown_keys(row)
    mime = model.mimeData([model.index_of(keys[0]), model.index_of(keys[1])])
    assert view.lists[row].drop_cards(mime, 4)  # two issues, dropped below the fourth
    harness.idle()
    assert model.shown_keys(row)[:4] == [keys[2], keys[3], keys[0], keys[1]]
    board = site_board(site, BOARD)
    order = [i.key for i in in_rank_order(board_issues(site.store, board, admin_of(site)))]
    assert [k for k in order if k in set(keys[:4])] == [keys[2], keys[3], keys[0], keys[1]]
    view.select_keys([keys[0], keys[1]])
    boards.commands.up.trigger()
    harness.idle()
    assert model.shown_keys(row)[:4] == [keys[2], keys[0], keys[1], keys[3]]
    assert view.selected_keys() == [keys[0], keys[1]]


def test_moving_more_than_fifty_issues_goes_in_calls_of_fifty(harness: Harness) -> None:
    site = make_site(SandboxFlavour.CLOUD, projects=4, issues=1400)
    harness.connect(site)
    gate = harness.gates["https://jira.test"]
    boards = open_board(harness, BOARD)
    show_tab(harness, boards, BoardTab.BACKLOG)
    model, view = boards.pane.backlog, boards.pane.backlog_view
    row = model.section_row(None)
    assert row is not None
    keys = model.section_keys(row)
    view.lists[row].selectAll()
    assert view.selected_keys() == keys
    wanted = movable(site, keys)
    assert len(wanted) > 50
    target = futures(site)[0]
    before = len(gate.seen)
    boards.commands.move_to_sprint.trigger()
    choose_target(harness, boards, target.id)
    posts = [s for s in gate.seen[before:] if s == f"POST /rest/agile/1.0/sprint/{target.id}/issue"]
    assert len(posts) == -(-len(wanted) // 50)
    assert all(open_sprint(site.store, site.store.issues_by_key[k]) is target for k in wanted)


def test_a_move_jira_refuses_puts_the_issues_back_saying_why(harness: Harness) -> None:
    site = board_site()
    harness.connect(site, who="user")  # Pat may not plan sprints in QUA
    boards = open_board(harness, BOARD)
    show_tab(harness, boards, BoardTab.BACKLOG)
    model, view = boards.pane.backlog, boards.pane.backlog_view
    row = model.section_row(None)
    assert row is not None
    keys = movable(site, model.section_keys(row))[:2]
    target = futures(site)[0]
    view.select_keys(keys)
    boards.commands.move_to_sprint.trigger()
    choose_target(harness, boards, target.id)
    assert set(keys) <= set(model.section_keys(row))
    why = "You do not have permission to manage sprints or rank issues in project 'QUA'."
    assert boards.pane.message.text() == f"2 of 2 not moved to {target.name}: {why}"
    assert model.index_of(keys[0]).data(PROBLEM_ROLE) == why
