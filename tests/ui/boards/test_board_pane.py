"""The Boards pane on a sandbox: the board list and its filters, the configuration, the board of
the active sprint, swimlanes and the quick filter, what is remembered, and late answers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.board import SprintState
from app.qtmodels.board_filter import Swimlanes
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox, SandboxConfig
from app.sandbox.boards import open_sprint
from app.ui.boards.pane import ALL_ISSUES, BoardTab
from app.ui.kit.tasks import Level
from tests.ui.boards.board_fixture import (
    board_site,
    boards_pane,
    cell_keys,
    open_board,
    site_board,
    sprint_issues,
)
from tests.ui.conftest import activate
from tests.ui.harness import Harness


def test_the_board_list_filters_by_name_type_and_project(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, "QUA board")
    pane = boards.pane
    names = {b.name for b in site.store.boards.values()}
    assert {b.name for b in pane.shown_boards()} == names
    assert pane.boards_note.text() == f"{len(names)} boards"
    pane.board_filter.setText("kanban")
    assert {b.name for b in pane.shown_boards()} == {"KES kanban", "QUA kanban"}
    pane.board_filter.clear()
    pane.kind_filter.setCurrentIndex(pane.kind_filter.findText("Scrum"))
    assert all(b.type.value == "scrum" for b in pane.shown_boards())
    assert len(pane.shown_boards()) == 4
    pane.project_filter.setCurrentIndex(pane.project_filter.findText("QUA"))
    assert [b.name for b in pane.shown_boards()] == ["QUA board"]
    assert pane.boards_note.text() == "1 of 6 boards"
    # filtering never switches the board shown
    assert boards.shown is not None and boards.shown.board.name == "QUA board"


def test_the_configuration_shows_columns_statuses_limits_and_fields(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, "QUA kanban")
    view = boards.pane.config_view
    boards.pane.tabs.setCurrentIndex(BoardTab.CONFIGURATION)
    harness.idle()
    columns = site_board(site, "QUA kanban").columns
    table = view.columns
    assert [table.index(r, 0).data() for r in range(table.rowCount())] == [c.name for c in columns]
    statuses = {s.id: s.name for s in site.store.statuses.values()}
    # every status is named, also those no card shows (looked up by a search)
    harness.wait(
        lambda: table.index(0, 1).data() == ", ".join(statuses[s] for s in columns[0].status_ids)
    )
    assert table.index(1, 1).data() == ", ".join(statuses[s] for s in columns[1].status_ids)
    assert (table.index(1, 2).data(), table.index(1, 3).data()) == ("2", "5")
    assert view.kind.text() == "Kanban"
    assert "customfield_" in view.rank.text()
    assert view.estimation.text() == "Issue count (no field)"  # kanban boards count issues
    assert view.filter.text() == "project = QUA ORDER BY Rank ASC"
    assert "Sprints: Kanban boards have no sprints." in view.limits.text()
    assert view.kind.textFormat() == Qt.TextFormat.PlainText


def test_a_scrum_board_shows_its_active_sprint_in_its_columns(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, "QUA board")
    model = boards.pane.cards
    board = site_board(site, "QUA board")
    active = next(
        s for s in site.store.sprints.values() if s.board_id == board.id and s.state == "active"
    )
    assert boards.pane.chosen_sprint() == active.id
    expected = sprint_issues(site, active)
    for n, column in enumerate(board.columns):
        wanted = [i.key for i in expected if i.status_id in column.status_ids]
        assert cell_keys(model, 0, n) == wanted, column.name
    assert [h.count for h in boards.pane.board_view.headers] == model.column_counts()
    assert sum(model.column_counts()) == len(expected)
    # a card shows its key, summary, type, priority, assignee and estimate
    first = model.card(expected[0].key)
    assert first is not None and first.summary == expected[0].summary
    story = next((i for i in expected if i.story_points is not None), None)
    if story is not None:
        card = model.card(story.key)
        assert card is not None and card.estimate == story.story_points
    # all of the board's issues
    boards.pane.sprint_combo.setCurrentIndex(boards.pane.sprint_combo.findData(ALL_ISSUES))
    harness.idle()
    assert boards.shown is not None and boards.shown.sprint_id == ALL_ISSUES
    assert sum(model.column_counts()) > len(expected)


def test_swimlanes_and_the_quick_filter(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, "QUA board")
    pane, model = boards.pane, boards.pane.cards
    cards = model.cards()
    people = {c.assignee.display_name for c in cards if c.assignee}
    boards.commands.swimlanes[Swimlanes.ASSIGNEE].trigger()
    assert pane.swimlanes_combo.currentData() == Swimlanes.ASSIGNEE.value
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert set(titles) - {"Unassigned"} == people
    # the lanes are built a few per event-loop turn
    harness.wait(lambda: len(pane.board_view.lanes) == len(titles))
    assert all(lane.header.isVisibleTo(pane) for lane in pane.board_view.lanes)
    # the swimlanes are remembered for the board
    assert harness.store.value(f"sites/{boards.settings.site}/boardSwimlanes") is not None
    pane.swimlanes_combo.setCurrentIndex(pane.swimlanes_combo.findData(Swimlanes.EPIC.value))
    assert model.swimlanes is Swimlanes.EPIC
    # quick filter: text, then an assignee from the list built from the cards
    target = next(c for c in cards if not any(c.key in o.key for o in cards if o is not c))
    pane.swimlanes_combo.setCurrentIndex(pane.swimlanes_combo.findData(Swimlanes.NONE.value))
    pane.quick_filter.setText(target.key)
    assert model.shown_count() == 1
    pane.clear_filter.click()
    assert model.shown_count() == len(cards)
    someone = next(c.assignee for c in cards if c.assignee)
    pane.assignee_combo.setCurrentIndex(pane.assignee_combo.findData(someone.id))
    assert model.shown_count() == sum(
        1 for c in cards if c.assignee and c.assignee.id == someone.id
    )
    assert sum(model.column_counts()) == len(cards)  # the WIP counts are the whole board's
    boards.commands.clear_filter.trigger()
    labelled = next((c for c in cards if c.labels), None)
    if labelled is not None:
        pane.label_combo.setCurrentIndex(pane.label_combo.findData(labelled.labels[0]))
        assert model.shown_count() == sum(1 for c in cards if labelled.labels[0] in c.labels)


def test_ctrl_f_focuses_the_quick_filter_and_the_commands_are_in_the_palette(
    harness: Harness,
) -> None:
    harness.connect(board_site())
    boards = open_board(harness, "QUA board")
    activate(harness.qtbot, harness.window)
    harness.window.find_action.trigger()
    assert QApplication.focusWidget() is boards.pane.quick_filter
    names = {entry.action.text() for entry in harness.window.palette_entries()}
    for wanted in (
        "&New sprint…",
        "&Start sprint…",
        "&Complete sprint…",
        "&Move to sprint…",
        "Move to &backlog",
        "Filter by &epic…",
        "Swimlanes: By epic",
    ):
        assert wanted in names
    assert boards.unsaved_changes() is None


def test_the_last_board_is_remembered_per_site(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, "DEL board")
    board_id = boards.shown.board.id if boards.shown else 0
    assert harness.store.value(f"sites/{boards.settings.site}/lastBoard") == str(board_id)
    boards.show_session(None)
    assert boards.shown is None and not boards.pane.boards
    boards.show_session(harness.shell.sites.shown)
    harness.wait(lambda: boards.shown is not None and boards.shown.board.name == "DEL board")
    harness.idle()


def test_a_late_answer_never_lands_on_another_board(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    gate = harness.gates["https://jira.test"]
    boards = open_board(harness, "QUA board")
    qua = boards.shown
    # the next board's cards are held; the user moves on to a third board meanwhile
    gate.hold(lambda r: r.url.path.endswith("/issue") and "/board/" in r.url.path)
    kes = next(b for b in boards.pane.boards if b.name == "KES board")
    boards.pane.select_board(kes.id)
    harness.wait(lambda: gate.held)
    dele = next(b for b in boards.pane.boards if b.name == "DEL board")
    boards.pane.select_board(dele.id)
    gate.release()
    harness.wait(lambda: boards.shown is not None and boards.shown.board.id == dele.id)
    harness.idle()
    keys = {c.key for c in boards.pane.cards.cards()}
    assert keys and all(k.startswith("DEL-") for k in keys)
    assert qua is not boards.shown
    active = {
        i.key
        for i in site.store.issues.values()
        if (s := open_sprint(site.store, i)) is not None
        and s.board_id == dele.id
        and s.state == SprintState.ACTIVE.value
    }
    assert keys == active  # DEL's active sprint, and nothing of KES's held answer


def test_a_data_center_site_lists_its_boards_too(harness: Harness) -> None:
    site = board_site(SandboxFlavour.DATACENTER)
    harness.connect(site)
    boards = boards_pane(harness)
    harness.window.show_pane("boards")
    harness.wait(lambda: bool(boards.pane.boards))
    assert boards.pane.boards_note.text() == f"{len(site.store.boards)} boards"


def test_switching_site_while_a_board_loads_lands_nothing_of_the_old_site(
    harness: Harness,
) -> None:
    site = board_site()
    other = Sandbox(
        SandboxConfig(flavour=SandboxFlavour.DATACENTER, seed=9, projects=4, issues=400)
    )
    assert {p.key for p in other.store.projects.values()} != {
        p.key for p in site.store.projects.values()
    }
    harness.connect(site)
    second = harness.add_profile(other, url="https://other.test")
    gate = harness.gates["https://jira.test"]
    boards = open_board(harness, "QUA board")
    gate.hold(lambda r: "/board/" in r.url.path)
    boards.pane.select_board(next(b.id for b in boards.pane.boards if b.name == "DEL board"))
    harness.wait(lambda: gate.held)
    harness.shell.select_site(second.id)
    harness.wait(lambda: boards.session is harness.shell.sites.sessions.get(second.id))
    gate.release()
    harness.idle()
    # the new site's boards and last board, nothing of the first site's held answers
    assert boards.shown is not None and boards.shown.session is boards.session
    keys = {c.key for c in boards.pane.cards.cards()}
    assert keys and keys <= set(other.store.issues_by_key)
    assert {b.id for b in boards.pane.boards} == set(other.store.boards)
    assert not harness.notices(Level.ERROR)


def test_epics_show_their_progress_and_filter_the_board(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, "QUA board")
    pane = boards.pane
    pane.sprint_combo.setCurrentIndex(pane.sprint_combo.findData(ALL_ISSUES))
    harness.idle()
    cards = pane.cards.cards()
    epics = pane.epics
    assert epics.rowCount() > 0
    row = next(r for r in range(epics.rowCount()) if epics.progress(epics.epic_at(r).key)[1] > 0)
    epic = epics.epic_at(row)
    mine = [c for c in cards if c.epic_key == epic.key]
    assert epics.progress(epic.key) == (sum(c.done for c in mine), len(mine))
    pane.tabs.setCurrentIndex(BoardTab.EPICS)
    view = pane.epics_view
    view.list.setCurrentIndex(epics.index(row, 0))
    assert view.show_button.isEnabled()
    view.show_button.click()
    assert pane.tabs.currentIndex() == BoardTab.BOARD
    assert pane.epic_combo.currentData() == epic.key
    assert {c.key for c in cards if pane.cards.index_of(c.key).isValid()} == {c.key for c in mine}
    # Filter by epic… opens the epic filter's list
    boards.commands.epic.trigger()
    assert pane.epic_combo.view().isVisible()
    pane.epic_combo.hidePopup()


def test_f5_loads_the_board_again_and_keeps_the_quick_filter(harness: Harness) -> None:
    site = board_site()
    harness.connect(site)
    boards = open_board(harness, "QUA board")
    pane = boards.pane
    card = pane.cards.cards()[0]
    pane.quick_filter.setText(card.key)
    site.store.issues_by_key[card.key].summary = "Changed <i>in Jira</i> meanwhile"
    harness.window.reload_action.trigger()
    harness.wait(lambda: boards.shown is not None and boards.shown.config is not None)
    harness.idle()
    reloaded = pane.cards.card(card.key)
    assert reloaded is not None and reloaded.summary == "Changed <i>in Jira</i> meanwhile"
    assert pane.quick_filter.text() == card.key
    assert pane.cards.index_of(card.key).isValid()
    assert pane.cards.shown_count() == sum(card.key in c.key for c in pane.cards.cards())
