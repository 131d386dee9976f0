"""Benchmark: milliseconds per keystroke typing into long JQL queries.

A keystroke is the key handled (edit, colours, completion) and the editor repainted, timed while
typing `` AND labels = backend`` and erasing it again, at the end of the query and in its
middle. Queries of 1 KB, 10 KB and 58 KB, on one line and one clause per line; a bare
QPlainTextEdit holding the same text is the floor (Qt's own layout of a long line). Run with
``make bench`` (prints a table; medians, and the 90th percentile at the end).
"""

from __future__ import annotations

import statistics

import pytest
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.ui.issues.jql.editor import JqlEditor
from tests.ui.issues.jql.jql_fixture import REFERENCE, keystroke_ms, long_query

SIZES = (1_000, 10_000, 58_000)


def _typing(qtbot: QtBot, editor: QPlainTextEdit, query: str, at: int | None) -> list[float]:
    editor.resize(900, 90)
    editor.setPlainText(query)
    editor.show()
    qtbot.waitExposed(editor)
    keystroke_ms(editor, at=at)  # warm-up: first layouts, font caches
    return keystroke_ms(editor, rounds=3, at=at)


@pytest.mark.parametrize("multiline", [False, True], ids=["one-line", "multi-line"])
def test_typing_into_long_queries(qtbot: QtBot, multiline: bool) -> None:
    print()
    print(f"{'query':>16} {'end ms':>8} {'end p90':>8} {'plain':>7} {'middle ms':>10} {'plain':>7}")
    for size in SIZES:
        query = long_query(size, multiline)
        figures: list[float] = []
        for at in (None, len(query) // 2):
            editor = JqlEditor()
            editor.set_reference_data(REFERENCE)
            plain = QPlainTextEdit()
            plain.setFont(editor.font())
            for widget in (editor, plain):
                qtbot.addWidget(widget)
            jql = _typing(qtbot, editor, query, at)
            floor = _typing(qtbot, plain, query, at)
            figures.append(statistics.median(jql))
            if at is None:
                figures.append(statistics.quantiles(jql, n=10)[-1])
            figures.append(statistics.median(floor))
            editor.hide()
            plain.hide()
        end, p90, end_floor, middle, middle_floor = figures
        label = f"{len(query) / 1000:.0f} KB {'multi' if multiline else 'one line'}"
        print(
            f"{label:>16} {end:>8.2f} {p90:>8.2f} {end_floor:>7.2f}"
            f" {middle:>10.2f} {middle_floor:>7.2f}"
        )
