"""The board model: lanes → columns → cards, under the model tester through every change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from app.domain.site import UserRef
from app.qtmodels.board_cards import BoardCardsModel
from app.qtmodels.board_drag import DragOrigin, dragged_cards
from app.qtmodels.board_filter import NO_EPIC, UNASSIGNED, CardFilter, Swimlanes
from app.qtmodels.board_roles import CARD_ROLE, COUNT_ROLE, EPIC_ROLE, PROBLEM_ROLE
from tests.unit.qtmodels.board_cards_fixture import ADA, COLUMNS, EPICS, GRACE, card

BARBARA = UserRef("barbara", "Barbara Liskov")


def cell(model: BoardCardsModel, lane: int, column: int) -> list[str]:
    return model.cell_keys(model.cell_index(lane, column))


def lanes(model: BoardCardsModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def loaded(model: BoardCardsModel) -> BoardCardsModel:
    model.set_columns(7, COLUMNS)
    model.append_cards(
        [
            card(1, who=ADA, epic="P-100", labels=("ux",)),
            card(2, "3", who=GRACE),
            card(3, "4", epic="P-200", estimate=3),
            card(4, "9"),  # a status no column holds: off the board
        ]
    )
    model.append_cards([card(5, "5", who=ADA, done=True), card(6, who=GRACE, epic="P-100")])
    return model


def test_cards_fill_their_columns_in_board_order(qtmodeltester: ModelTester) -> None:
    model = BoardCardsModel()
    qtmodeltester.check(model)
    loaded(model)
    qtmodeltester.check(model)
    assert lanes(model) == ["All issues"]
    assert [cell(model, 0, c) for c in range(3)] == [["P-1", "P-6"], ["P-2", "P-3"], ["P-5"]]
    assert model.column_counts() == [2, 2, 1]
    assert model.off_board == 1 and model.card("P-4") is not None
    column = model.cell_index(0, 1)
    assert column.data() == "In Progress" and column.data(COUNT_ROLE) == 2
    first = model.index(0, 0, model.cell_index(0, 0))
    assert first.data(CARD_ROLE).key == "P-1" and first.data() == "P-1 Summary 1"
    assert first.data(EPIC_ROLE) is None  # the epics are not known yet
    model.set_epics(EPICS)
    assert first.data(EPIC_ROLE).name == "Payments"
    assert "Epic: Payments" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert first.flags() & Qt.ItemFlag.ItemIsDragEnabled
    assert column.flags() & Qt.ItemFlag.ItemIsDropEnabled


def test_swimlanes_by_assignee_and_by_epic(qtmodeltester: ModelTester) -> None:
    model = loaded(BoardCardsModel())
    model.set_epics(EPICS)
    model.set_swimlanes(Swimlanes.ASSIGNEE)
    qtmodeltester.check(model)
    assert lanes(model) == ["Ada Lovelace", "Grace Hopper", "Unassigned"]
    assert cell(model, 0, 0) == ["P-1"] and cell(model, 0, 2) == ["P-5"]
    assert model.index(2, 0).data(COUNT_ROLE) == 1
    model.set_swimlanes(Swimlanes.EPIC)
    qtmodeltester.check(model)
    assert lanes(model) == ["Payments (P-100)", "Search (P-200)", "Issues without an epic"]
    assert cell(model, 0, 0) == ["P-1", "P-6"]
    # a card of a new lane arriving later inserts its lane in order, and cells below keep
    # their indexes (the views' roots)
    model.set_swimlanes(Swimlanes.ASSIGNEE)
    root = QPersistentModelIndex(model.cell_index(2, 0))  # Unassigned, To Do
    model.append_cards([card(7, who=None), card(8, "3", who=BARBARA)])
    qtmodeltester.check(model)
    assert lanes(model) == ["Ada Lovelace", "Barbara Liskov", "Grace Hopper", "Unassigned"]
    assert root.isValid() and model.cell_keys(QModelIndex(root)) == ["P-7"]


def test_the_quick_filter_hides_cards_but_not_from_the_wip_counts(
    qtmodeltester: ModelTester,
) -> None:
    model = loaded(BoardCardsModel())
    model.set_filter(CardFilter(text="summary 6"))
    qtmodeltester.check(model)
    assert [cell(model, 0, c) for c in range(3)] == [["P-6"], [], []]
    assert model.column_counts() == [2, 2, 1] and model.shown_count() == 1
    model.set_filter(CardFilter(assignee=UNASSIGNED))
    assert [cell(model, 0, c) for c in range(3)] == [[], ["P-3"], []]
    model.set_filter(CardFilter(label="ux"))
    assert cell(model, 0, 0) == ["P-1"]
    model.set_filter(CardFilter(epic=NO_EPIC))
    assert [cell(model, 0, c) for c in range(3)] == [[], ["P-2"], ["P-5"]]
    model.set_filter(CardFilter(epic="P-100", assignee="grace"))
    assert cell(model, 0, 0) == ["P-6"]
    model.set_filter(CardFilter())
    assert model.shown_count() == 5


def test_a_card_moved_to_a_column_waits_there_and_can_go_back(qtmodeltester: ModelTester) -> None:
    model = loaded(BoardCardsModel())
    qtmodeltester.check(model)
    assert model.move_to_column("P-1", 2) == 0
    assert cell(model, 0, 0) == ["P-6"] and cell(model, 0, 2) == ["P-1", "P-5"]
    assert model.column_counts() == [1, 2, 2]
    model.set_pending("P-1", True)
    moved = model.index_of("P-1")
    assert not moved.flags() & Qt.ItemFlag.ItemIsDragEnabled
    model.move_to_column("P-1", 0)  # Jira refused: back where it was, in board order
    model.set_pending("P-1", False)
    model.set_problem("P-1", "Jira says no.")
    assert cell(model, 0, 0) == ["P-1", "P-6"]
    assert model.index_of("P-1").data(PROBLEM_ROLE) == "Jira says no."
    assert "Not moved: Jira says no." in model.index_of("P-1").data(Qt.ItemDataRole.ToolTipRole)
    # Jira's answer: the card's status is what decides its column
    model.update_card(card(1, "5", who=ADA, epic="P-100", done=True))
    assert cell(model, 0, 2) == ["P-1", "P-5"]
    model.update_card(card(6, "9"))  # moved to a status off the board
    assert cell(model, 0, 0) == [] and model.off_board == 2


def test_rank_before_and_after_and_restore(qtmodeltester: ModelTester) -> None:
    model = loaded(BoardCardsModel())
    model.append_cards([card(7), card(8)])
    qtmodeltester.check(model)
    assert cell(model, 0, 0) == ["P-1", "P-6", "P-7", "P-8"]
    before = model.rank(["P-8"], before="P-6")
    assert cell(model, 0, 0) == ["P-1", "P-8", "P-6", "P-7"]
    model.rank(["P-1", "P-6"], after="P-7")
    assert cell(model, 0, 0) == ["P-8", "P-7", "P-1", "P-6"]
    model.restore_order(before, ["P-8", "P-1", "P-6"])
    assert cell(model, 0, 0) == ["P-1", "P-6", "P-7", "P-8"]
    with pytest.raises(ValueError, match="exactly one"):
        model.rank(["P-1"])


def test_a_drag_carries_the_board_and_the_keys() -> None:
    model = loaded(BoardCardsModel())
    mime = model.mimeData([model.index_of("P-2"), model.index_of("P-3")])
    dragged = dragged_cards(mime)
    assert dragged is not None
    assert (dragged.board_id, dragged.keys, dragged.origin) == (7, ("P-2", "P-3"), DragOrigin.BOARD)
    assert mime.text() == "P-2\nP-3"
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, model.cell_index(0, 0))
    other = BoardCardsModel()
    other.set_columns(8, COLUMNS)
    assert not other.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
