"""The results model grows while pages arrive and passes Qt's model tester throughout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from app.domain.issue import IssueRow
from app.qtmodels.issue_results import ISSUE_ROLE, IssueResultsModel, ResultColumn

COLUMNS = [
    ResultColumn("key", "Key"),
    ResultColumn("summary", "Summary"),
    ResultColumn("status", "Status"),
]


def _rows(start: int, count: int) -> list[IssueRow]:
    return [
        IssueRow(
            str(10000 + n),
            f"P-{n}",
            {"summary": f"line one {n}\nline two", "status": {"name": "Done"}},
        )
        for n in range(start, start + count)
    ]


def _text(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("name", ""))
    return "" if value is None else str(value)


def test_model_tester_while_pages_are_appended(qtmodeltester: ModelTester) -> None:
    model = IssueResultsModel(COLUMNS, _text)
    qtmodeltester.check(model)
    for page in range(5):
        model.append_rows(_rows(page * 50, 50))
        qtmodeltester.check(model)
    assert model.rowCount() == 250
    model.set_columns(COLUMNS[:2])
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_cells_are_plain_single_lines() -> None:
    model = IssueResultsModel(COLUMNS, _text)
    model.append_rows(_rows(0, 2))
    assert [model.index(1, c).data() for c in range(3)] == ["P-1", "line one 1 line two", "Done"]
    assert model.index(0, 0).data(ISSUE_ROLE).key == "P-0"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Summary"
    hostile = IssueRow("1", "X-1", {"summary": "<img src=x onerror=alert(1)><b>bold</b>"})
    model.append_rows([hostile])
    assert model.index(2, 1).data() == "<img src=x onerror=alert(1)><b>bold</b>"
    assert model.index(2, 1).data(Qt.ItemDataRole.ToolTipRole).startswith("<qt>&lt;img")


def test_display_text_shows_jira_times_in_local_time() -> None:
    from datetime import datetime

    from app.qtmodels.display import display_text

    shown = display_text("2026-11-24T21:10:48.000+0000")
    expected = (
        datetime.fromisoformat("2026-11-24T21:10:48+00:00").astimezone().strftime("%Y-%m-%d %H:%M")
    )
    assert shown == expected
    assert display_text("not a time") == "not a time"
    assert display_text(None) == ""
