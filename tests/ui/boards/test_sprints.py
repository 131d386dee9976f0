"""Sprints from the Boards pane: complete (open issues where chosen), create, start (dates
required, Jira's refusal kept in the dialog), edit and delete (asked first)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox
from app.sandbox.boards import is_done, open_sprint
from app.sandbox.model import Issue as SiteIssue
from app.sandbox.model import Sprint as SiteSprint
from app.ui.boards.controller import BoardsController
from app.ui.boards.dialogs import CompleteSprintDialog, SprintDialog
from app.ui.boards.pane import ALL_ISSUES, BoardTab
from app.ui.kit.forms import FormDialog, alive
from tests.ui.boards.board_fixture import board_site, open_board, show_tab, site_board
from tests.ui.harness import Harness

BOARD = "QUA board"


def sprints_of(site: Sandbox, state: str) -> list[SiteSprint]:
    board = site_board(site, BOARD)
    return sorted(
        (s for s in site.store.sprints.values() if s.board_id == board.id and s.state == state),
        key=lambda s: s.id,
    )


def dialog_of(h: Harness, boards: BoardsController, kind: type[FormDialog]) -> FormDialog:
    h.wait(lambda: isinstance(boards.sprint_changes.dialog, kind))
    dialog = boards.sprint_changes.dialog
    assert isinstance(dialog, kind)
    h.wait(dialog.isVisible)
    return dialog


def submit(h: Harness, dialog: FormDialog) -> None:
    dialog.ok_button.click()
    h.wait(lambda: not alive(dialog))
    h.idle()


def finish_one(site: Sandbox, issues: list[SiteIssue]) -> None:
    """Make sure the sprint has done work as well as open work: the first open issue is done."""
    if any(is_done(site.store, i) for i in issues):
        return
    done = next(
        s
        for s in site.store.statuses.values()
        if site.store.status_categories[s.category_id].key == "done"
    )
    issues[0].status_id = done.id


@pytest.mark.parametrize("flavour", [SandboxFlavour.CLOUD, SandboxFlavour.DATACENTER])
def test_completing_a_sprint_sends_its_open_issues_to_the_future_sprint_chosen(
    harness: Harness, flavour: SandboxFlavour
) -> None:
    site = board_site(flavour)
    (active,) = sprints_of(site, "active")
    future = sprints_of(site, "future")[-1]
    issues = [i for i in site.store.issues.values() if open_sprint(site.store, i) is active]
    finish_one(site, issues)
    harness.connect(site)
    boards = open_board(harness, BOARD)
    done = [i for i in issues if is_done(site.store, i)]
    still_open = [i for i in issues if not is_done(site.store, i)]
    assert done and still_open
    boards.commands.complete_sprint.trigger()
    dialog = dialog_of(harness, boards, CompleteSprintDialog)
    assert isinstance(dialog, CompleteSprintDialog)
    texts = [w.text() for w in dialog.findChildren(type(boards.pane.boards_note))]
    issues_done = f"{len(done)} issue{'' if len(done) == 1 else 's'} done"
    assert f"{issues_done}, {len(still_open)} open." in texts
    dialog.target.setCurrentIndex(dialog.target.findData(future.id))
    submit(harness, dialog)
    assert active.state == "closed"
    # every open issue is in the future sprint now; done ones stay in the closed sprint
    # (a done sub-task goes with its open parent, as in Jira)
    assert all(open_sprint(site.store, i) is future for i in still_open)
    subtask = {t.id for t in site.store.issue_types.values() if t.subtask}
    assert all(open_sprint(site.store, i) is None for i in done if i.issuetype_id not in subtask)
    # the pane reads the sprints again: no active sprint, the board shows all its issues
    harness.wait(lambda: boards.shown is not None and boards.shown.sprint(active.id) is not None)
    shown = boards.shown
    assert shown is not None
    assert shown.sprint(active.id).state.value == "closed"  # type: ignore[union-attr]
    assert boards.pane.chosen_sprint() == ALL_ISSUES
    assert not boards.commands.complete_sprint.isEnabled()
    show_tab(harness, boards, BoardTab.BACKLOG)
    row = boards.pane.backlog.section_row(future.id)
    assert row is not None
    assert {i.key for i in still_open} <= set(boards.pane.backlog.section_keys(row))


def test_completing_a_sprint_can_send_its_open_issues_to_the_backlog(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, BOARD)
    show_tab(harness, boards, BoardTab.BACKLOG)
    (active,) = sprints_of(site, "active")
    still_open = [
        i
        for i in site.store.issues.values()
        if open_sprint(site.store, i) is active and not is_done(site.store, i)
    ]
    header = boards.pane.backlog_view.header_for(active.id)
    assert header is not None and header.buttons["complete"].isEnabled()
    header.buttons["complete"].click()
    dialog = dialog_of(harness, boards, CompleteSprintDialog)
    assert isinstance(dialog, CompleteSprintDialog)
    assert dialog.target.currentText() == "The backlog"
    submit(harness, dialog)
    assert active.state == "closed"
    assert all(open_sprint(site.store, i) is None for i in still_open)
    harness.wait(lambda: boards.pane.backlog.section_row(active.id) is None)
    harness.idle()
    backlog = boards.pane.backlog.section_row(None)
    assert backlog is not None
    keys = set(boards.pane.backlog.section_keys(backlog))
    assert {
        i.key for i in still_open if site.store.issue_types[i.issuetype_id].name != "Epic"
    } <= keys


def test_create_start_edit_and_delete_a_sprint(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, BOARD)
    show_tab(harness, boards, BoardTab.BACKLOG)
    # create: name offered, goal and dates optional
    boards.commands.new_sprint.trigger()
    dialog = dialog_of(harness, boards, SprintDialog)
    assert isinstance(dialog, SprintDialog)
    assert dialog.name.text() == "QUA Sprint 8"
    dialog.goal.setText("Ship <b>search</b> & more")
    start = date.today() + timedelta(days=30)
    dialog.start.set_value(start)
    dialog.end.set_value(start - timedelta(days=1))
    dialog.ok_button.click()  # the end before the start: said in the form, nothing sent
    assert alive(dialog) and dialog.errors["endDate"].text() == "The end is before the start."
    dialog.end.set_value(start + timedelta(days=14))
    submit(harness, dialog)
    created = next(s for s in site.store.sprints.values() if s.name == "QUA Sprint 8")
    assert created.state == "future" and created.goal == "Ship <b>search</b> & more"
    assert created.start_date is not None and created.start_date.date() == start
    harness.wait(lambda: boards.pane.backlog.section_row(created.id) is not None)
    harness.idle()
    header = boards.pane.backlog_view.header_for(created.id)
    assert header is not None
    assert header.goal.text() == "Goal: Ship <b>search</b> & more"  # plain text, shown as typed
    # start it while another sprint is active: Jira's refusal stays in the dialog
    header.buttons["start"].click()
    dialog = dialog_of(harness, boards, SprintDialog)
    assert isinstance(dialog, SprintDialog)
    assert dialog.start.value() == date.today()
    dialog.end.set_value(None)
    dialog.ok_button.click()
    assert dialog.errors["endDate"].text() == "Starting a sprint needs this date."
    dialog.end.set_value(date.today() + timedelta(days=14))
    dialog.ok_button.click()
    harness.wait(lambda: dialog.general.text() != "")
    assert dialog.general.text() == (
        "This board already has an active sprint. Complete it before starting another."
    )
    assert created.state == "future"
    dialog.reject()
    # edit: the name changes, nothing else is sent
    header.buttons["edit"].click()
    dialog = dialog_of(harness, boards, SprintDialog)
    assert isinstance(dialog, SprintDialog)
    dialog.name.setText("QUA Search sprint")
    submit(harness, dialog)
    assert created.name == "QUA Search sprint" and created.goal == "Ship <b>search</b> & more"
    harness.wait(
        lambda: (
            (h := boards.pane.backlog_view.header_for(created.id)) is not None
            and h.title.text() == "QUA Search sprint"
        )
    )
    # delete: asked first, then gone
    header = boards.pane.backlog_view.header_for(created.id)
    assert header is not None
    header.buttons["delete"].click()
    text = harness.answer(yes=True)
    assert text.startswith("Delete the sprint “QUA Search sprint”? It is removed from the board")
    harness.idle()
    assert created.id not in site.store.sprints
    harness.wait(lambda: boards.pane.backlog.section_row(created.id) is None)


def test_a_future_sprint_starts_once_the_active_one_is_complete(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, BOARD)
    (active,) = sprints_of(site, "active")
    nxt = sprints_of(site, "future")[0]
    active.state = "closed"  # completed elsewhere meanwhile
    boards.reload()
    harness.idle()
    show_tab(harness, boards, BoardTab.BACKLOG)
    header = boards.pane.backlog_view.header_for(nxt.id)
    assert header is not None
    # the active sprint's commands are off with their reason
    assert not boards.commands.complete_sprint.isEnabled()
    assert boards.commands.complete_sprint.toolTip() in (
        "Only an active sprint can be completed.",
        "Choose a sprint first (in the sprint selector or the backlog).",
    )
    header.buttons["start"].click()
    dialog = dialog_of(harness, boards, SprintDialog)
    submit(harness, dialog)
    assert nxt.state == "active" and nxt.start_date is not None and nxt.end_date is not None
    harness.wait(lambda: boards.pane.chosen_sprint() == nxt.id)
