"""Jira's JQL error under the query: cut to a few lines, the rest behind "Details…", plain text
everywhere (tooltip included), and gone once the query it was about is replaced."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.issues.jql.editor import JqlEditor
from app.ui.issues.jql.error_panel import COLLAPSED_LINES, collapse
from app.ui.kit.text import plain_tooltip
from tests.ui.issues.jql.jql_fixture import ARTIFACTS, dark_palette, make_editor

QUERY = "key in (" + ", ".join(f"ABC-{n}" for n in range(1, 80)) + ") ORDER BY key"
# what Jira answers for a pasted list of keys it does not know: one line per key
HUGE = "\n".join(
    f"An issue with key 'ABC-{n}' does not exist for field 'key'." for n in range(1, 5933)
)


def _host(qtbot: QtBot, palette: QPalette | None = None) -> tuple[QWidget, JqlEditor]:
    """The editor above a stretching area, as the Issues pane lays it out."""
    host = QWidget()
    qtbot.addWidget(host)
    if palette is not None:
        host.setPalette(palette)
    host.setAutoFillBackground(True)
    layout = QVBoxLayout(host)
    editor = JqlEditor()
    layout.addWidget(editor)
    layout.addWidget(QWidget(host), 1)  # the results table
    host.resize(640, 420)
    host.show()
    qtbot.waitExposed(host)
    return host, editor


def _query_lines_visible(editor: JqlEditor) -> int:
    return editor.viewport().height() // editor.fontMetrics().lineSpacing()


def test_collapse_cuts_to_whole_lines_with_an_ellipsis(qapp: QApplication) -> None:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    short, cut = collapse("Field 'x' does not exist.", font, 600, 3)
    assert (short, cut) == ("Field 'x' does not exist.", False)
    text, cut = collapse(HUGE, font, 600, 3)
    assert cut and text.count("\n") == 2 and text.endswith("\u2026")
    assert text.startswith("An issue with key 'ABC-1' does not exist")
    wrapped, cut = collapse("word " * 200, QFont(font), 300, 3)  # one long line, wrapped
    assert cut and wrapped.count("\n") == 2 and wrapped.endswith("\u2026")


@pytest.mark.parametrize("name", ["light", "dark"])
def test_a_huge_error_leaves_the_query_in_sight(qtbot: QtBot, name: str) -> None:
    host, editor = _host(qtbot, dark_palette() if name == "dark" else None)
    editor.set_query(QUERY)
    lines_before = _query_lines_visible(editor)
    editor.show_error(HUGE)
    panel = editor.error_panel
    qtbot.waitUntil(lambda: _query_lines_visible(editor) >= lines_before)
    assert lines_before >= 3
    assert editor.error_text == HUGE
    assert panel.summary.text().count("\n") == COLLAPSED_LINES - 1
    assert panel.summary.textFormat() == Qt.TextFormat.PlainText
    assert panel.details_button.isVisible() and not panel.details.isVisible()
    assert panel.height() < 6 * editor.fontMetrics().lineSpacing()
    assert editor.viewport().rect().contains(editor.cursorRect().center())  # still typing
    ARTIFACTS.mkdir(exist_ok=True)
    host.grab().save(str(ARTIFACTS / f"jql-editor-long-error-{name}.png"))

    qtbot.mouseClick(panel.details_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.details.isVisible)
    qtbot.waitUntil(lambda: _query_lines_visible(editor) >= lines_before)
    assert panel.details.isReadOnly() and panel.details.toPlainText() == HUGE
    assert panel.details.verticalScrollBar().maximum() > 0  # it scrolls, it does not grow
    assert panel.details_button.text() == "Hide details"
    host.grab().save(str(ARTIFACTS / f"jql-editor-long-error-{name}-details.png"))
    qtbot.mouseClick(panel.details_button, Qt.MouseButton.LeftButton)
    assert not panel.details.isVisible()


def test_error_text_and_tooltip_are_plain_text(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    editor.set_query("project = x")
    message = "The value '<b>x</b>' does not exist for the field 'project'."
    editor.show_error(message)
    summary = editor.error_panel.summary
    # the tags show as typed, never as bold (the summary is wrapped to the editor's width)
    assert summary.text().replace("\n", " ") == message
    assert summary.textFormat() == Qt.TextFormat.PlainText
    assert summary.toolTip() == plain_tooltip(message)
    assert "&lt;b&gt;x&lt;/b&gt;" in summary.toolTip()
    editor.show_error(HUGE)  # a tooltip has the first lines only; Details… has them all
    tip = summary.toolTip()
    assert tip.startswith(plain_tooltip(HUGE.split("\n", 1)[0])[:-5])
    assert len(tip) < 3000 and "Details" in tip


def test_a_replaced_query_drops_the_old_error(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    error = "Error in the JQL Query: Expecting operator but got 'foo'. (line 1, character 8)"
    editor.set_query("status foo Done")
    editor.show_error(error)
    assert editor.error_span == (7, 10)
    editor.set_query("project = ABC")  # from history, a saved query, a sort
    assert editor.error_text == "" and editor.error_span is None
    assert editor.viewportMargins().bottom() == 0

    editor.set_query("status foo Done")
    editor.show_error(error)
    editor.selectAll()
    qtbot.keyClicks(editor, "p")  # the user types over the whole query
    assert editor.toPlainText() == "p"
    assert editor.error_text == "" and editor.error_span is None

    editor.show_error(error)
    qtbot.keyClicks(editor, "r")  # an edit to fix it keeps the message, not the stale mark
    assert editor.error_text == error and editor.error_span is None
    for _ in range(2):
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.toPlainText() == "" and editor.error_text == ""


def test_details_open_where_the_user_clicks(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    editor.resize(520, 200)
    editor.show_error(HUGE)
    button = editor.error_panel.details_button
    assert button.isVisible()
    assert editor.childAt(button.mapTo(editor, QPoint(2, 2))) is button  # on top, clickable


def test_the_error_stays_between_the_scroll_bars(qtbot: QtBot) -> None:
    _host_widget, editor = _host(qtbot)
    editor.set_query("project = ABC")
    editor.show_error("Field 'x' does not exist.")
    panel = editor.error_panel
    bar = editor.verticalScrollBar()
    assert not bar.isVisible() and panel.width() == editor.viewport().width()
    editor.set_query(QUERY)  # long enough to scroll: the bar comes, the error makes room
    editor.show_error("Field 'x' does not exist.")
    qtbot.waitUntil(bar.isVisible)
    qtbot.waitUntil(lambda: panel.width() == editor.viewport().width())
    assert panel.geometry().right() < bar.parentWidget().geometry().left()
    assert panel.geometry().top() == editor.viewport().geometry().bottom() + 1
