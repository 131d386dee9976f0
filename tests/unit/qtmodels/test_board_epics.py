"""Epic progress, the board list and a board's columns: under the model tester, with their text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from app.domain.board import AgileApi, Board, BoardType
from app.qtmodels.board_epics import PROGRESS_ROLE, EpicProgressModel, epic_progress
from app.qtmodels.board_list import BoardColumnsModel, board_list_model
from tests.unit.qtmodels.board_cards_fixture import COLUMNS, EPICS, card


def test_epic_progress_counts_done_issues_once_each(qtmodeltester: ModelTester) -> None:
    cards = [
        card(1, epic="P-100", done=True),
        card(2, epic="P-100"),
        card(1, epic="P-100", done=True),  # the same issue seen on the board and in the backlog
        card(3, epic="P-200"),
        card(4),
    ]
    model = EpicProgressModel()
    qtmodeltester.check(model)
    model.set_epics(EPICS)
    model.set_progress(epic_progress(cards))
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(2)] == ["Payments", "Search"]
    assert model.index(0, 0).data(PROGRESS_ROLE) == (1, 2)
    assert model.index(1, 0).data(PROGRESS_ROLE) == (0, 1)
    assert "1 of 2 of its issues" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_board_list_and_columns(qtmodeltester: ModelTester) -> None:
    boards = board_list_model()
    qtmodeltester.check(boards)
    boards.set_records(
        [
            Board(1, "P board", BoardType.SCRUM, AgileApi.AGILE, "P"),
            Board(2, "Q", BoardType.KANBAN, AgileApi.AGILE),
        ]
    )
    assert [boards.index(0, c).data() for c in range(3)] == ["P board", "Scrum", "P"]
    assert [boards.index(1, c).data() for c in range(3)] == ["Q", "Kanban", ""]
    columns = BoardColumnsModel()
    qtmodeltester.check(columns)
    columns.set_columns(COLUMNS, {"1": "To Do"})
    assert [columns.index(1, c).data() for c in range(4)] == [
        "In Progress",
        "status 3, status 4",
        "",
        "2",
    ]
    columns.learn_names({"3": "In Progress", "4": "Blocked"})
    assert columns.index(1, 1).data() == "In Progress, Blocked"
    assert columns.index(0, 1).data() == "To Do"
