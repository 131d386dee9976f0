"""The backlog model: sprints stacked above the backlog, moves and ranks undone on refusal."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from app.domain.board import Sprint, SprintState
from app.qtmodels.board_backlog import BacklogModel, sprint_dates
from app.qtmodels.board_drag import DragOrigin, dragged_cards
from app.qtmodels.board_filter import CardFilter
from app.qtmodels.board_roles import CARD_ROLE, COUNT_ROLE, ESTIMATE_ROLE, SECTION_ROLE
from tests.unit.qtmodels.board_cards_fixture import ADA, EPICS, card

ACTIVE = Sprint(
    1,
    "Sprint 1",
    SprintState.ACTIVE,
    7,
    datetime(2026, 11, 2, 9, tzinfo=UTC),
    datetime(2026, 11, 16, 9, tzinfo=UTC),
    goal="Ship it",
)
NEXT = Sprint(2, "Sprint 2", SprintState.FUTURE, 7)


def loaded(model: BacklogModel) -> BacklogModel:
    model.set_sections(7, [ACTIVE, NEXT])
    model.append_cards(1, [card(1, estimate=3, who=ADA), card(2, "5", estimate=2, done=True)])
    model.append_cards(None, [card(3), card(4, labels=("ux",)), card(5, estimate=0.5)])
    return model


def shown(model: BacklogModel) -> list[list[str]]:
    return [model.shown_keys(row) for row in range(model.rowCount())]


def test_sections_hold_their_issues_with_counts_and_estimates(qtmodeltester: ModelTester) -> None:
    model = BacklogModel()
    qtmodeltester.check(model)
    loaded(model)
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(3)] == ["Sprint 1", "Sprint 2", "Backlog"]
    assert shown(model) == [["P-1", "P-2"], [], ["P-3", "P-4", "P-5"]]
    header = model.index(0, 0)
    assert header.data(SECTION_ROLE) is ACTIVE and header.data(COUNT_ROLE) == 2
    assert header.data(ESTIMATE_ROLE) == 5.0 and model.open_count(0) == 1
    assert model.index(2, 0).data(SECTION_ROLE) is None
    assert "Ship it" in header.data(Qt.ItemDataRole.ToolTipRole)
    assert sprint_dates(ACTIVE).count("2026-11-") == 2 and sprint_dates(NEXT) == ""
    assert model.index(0, 0, header).data(CARD_ROLE).key == "P-1"
    assert model.sprint_of("P-4") == (True, None) and model.sprint_of("P-1") == (True, ACTIVE)


def test_moves_between_sections_and_back(qtmodeltester: ModelTester) -> None:
    model = loaded(BacklogModel())
    qtmodeltester.check(model)
    snapshot = model.move_cards(["P-3", "P-5"], 2)
    assert shown(model) == [["P-1", "P-2"], ["P-3", "P-5"], ["P-4"]]
    assert model.index(1, 0).data(COUNT_ROLE) == 2
    model.move_cards(["P-1"], 2, before="P-5")
    assert shown(model)[1] == ["P-3", "P-1", "P-5"]
    model.restore(snapshot)  # the first move is undone; the later one stays
    assert shown(model) == [["P-2"], ["P-1"], ["P-3", "P-4", "P-5"]]
    model.move_cards(["P-2"], None)
    assert shown(model) == [[], ["P-1"], ["P-3", "P-4", "P-5", "P-2"]]


def test_rank_within_a_section_and_the_filter(qtmodeltester: ModelTester) -> None:
    model = loaded(BacklogModel())
    qtmodeltester.check(model)
    snapshot = model.rank(["P-5"], before="P-3")
    assert shown(model)[2] == ["P-5", "P-3", "P-4"]
    model.rank(["P-5", "P-3"], after="P-4")
    assert shown(model)[2] == ["P-4", "P-5", "P-3"]
    model.restore(snapshot)  # P-5 goes back to the end; P-3's later rank stays
    assert shown(model)[2] == ["P-4", "P-3", "P-5"]
    model.set_filter(CardFilter(label="ux"))
    assert shown(model) == [[], [], ["P-4"]]
    assert model.index(2, 0).data(COUNT_ROLE) == 3  # counts are the section's, not the filter's
    assert not model.index_of("P-3").isValid() and model.index_of("P-4").isValid()
    model.set_epics(EPICS)
    model.set_filter(CardFilter())
    assert shown(model)[2] == ["P-4", "P-3", "P-5"]


def test_a_drag_from_the_backlog_says_so() -> None:
    model = loaded(BacklogModel())
    dragged = dragged_cards(model.mimeData([model.index_of("P-3"), model.index_of("P-4")]))
    assert dragged is not None and dragged.origin is DragOrigin.BACKLOG
    assert dragged.keys == ("P-3", "P-4") and dragged.board_id == 7
