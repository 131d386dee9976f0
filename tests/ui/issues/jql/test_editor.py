"""The JQL editor driven as a user would: running, line breaks, errors, history, palettes."""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.domain.jql_history import QueryHistory
from app.ui.issues.jql.editor import JqlEditor
from tests.ui.issues.jql.jql_fixture import ARTIFACTS, dark_palette, make_editor


def test_enter_runs_and_shift_enter_breaks_the_line(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    qtbot.keyClicks(editor, "project = ABC")
    with qtbot.assertNotEmitted(editor.run_requested):
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(editor, "ORDER BY key")
    assert editor.toPlainText() == "project = ABC\nORDER BY key"
    popup = editor.completer.popup()
    assert popup is not None
    with qtbot.waitSignal(editor.run_requested) as run:
        # a list that opened by itself (nothing picked) never swallows the Enter
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert run.args == ["project = ABC\nORDER BY key"]
    assert not popup.isVisible()
    assert editor.history.entries == ["project = ABC\nORDER BY key"]


def test_server_error_is_shown_and_marked(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    editor.set_query("project = ABC AND status foo Done")
    message = (
        "Error in the JQL Query: Expecting operator but got 'foo'. The valid operators are "
        "'=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. "
        "(line 1, character 26)"
    )
    editor.show_error(message)
    assert editor.error_text == message
    assert editor.error_span == (25, 28)  # the whole token 'foo'
    ARTIFACTS.mkdir(exist_ok=True)
    editor.grab().save(str(ARTIFACTS / "jql-editor-error.png"))
    qtbot.keyClicks(editor, " ")  # editing makes the mark stale: it goes
    assert editor.error_span is None
    editor.show_error("Field 'x' does not exist.", None)  # no position: message only
    assert editor.error_span is None and editor.error_text
    editor.clear_error()
    assert editor.error_text == ""


def test_history_walks_with_up_and_down(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    editor.set_history(QueryHistory(["key = A-1"]))
    for query in ("project = A", "project = B"):
        editor.set_query(query)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.history.entries == ["project = B", "project = A", "key = A-1"]
    editor.set_query("")
    qtbot.keyClicks(editor, "draft")
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    assert editor.toPlainText() == "project = B"
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    assert editor.toPlainText() == "project = A"
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    assert editor.toPlainText() == "project = B"
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    assert editor.toPlainText() == "draft"
    # in a multi-line query Up first moves between lines; Alt+Up walks from anywhere
    editor.set_query("a = 1\nb = 2")
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    assert editor.toPlainText() == "a = 1\nb = 2"
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    qtbot.keyClick(editor, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert editor.toPlainText() == "project = B"


def _hidden(widget: QWidget) -> bool:
    return not widget.isVisible()


HOSTILE = (
    '(project = "ABC" OR "Epic Link" = ABC-1) AND status NOT IN ("In \\"Progress\\"", Done, '
    "'Won\\'t do') AND assignee IS NOT EMPTY AND due < startOfMonth(-1M) AND labels = C++ "
    "AND summary ~ 'never closed\n"
    "ORDER BY created DESC, cf[10010] ASC"
)


def test_render_light_and_dark(qtbot: QtBot, qapp: QApplication) -> None:
    """Look at it: a hostile query in both palettes, with a server error, saved as PNGs."""
    ARTIFACTS.mkdir(exist_ok=True)
    for name, palette in (("light", QPalette(qapp.palette())), ("dark", dark_palette())):
        host = QWidget()
        qtbot.addWidget(host)
        host.setPalette(palette)
        host.setAutoFillBackground(True)
        layout = QVBoxLayout(host)
        editor = JqlEditor()
        layout.addWidget(editor)
        editor.set_query(HOSTILE)
        character = HOSTILE.index("C++") + 1  # Jira counts from 1
        editor.show_error(
            "Error in the JQL Query: The character '+' is a reserved JQL character. You must "
            "enclose it in a string or use the escape '\\u002b' instead. "
            f"(line 1, character {character})"
        )
        host.resize(640, 200)
        host.show()
        qtbot.waitExposed(host)
        assert editor.error_span == (character - 1, character + 2)
        # the lines wrap at the final width: no horizontal scroll bar once laid out
        bar = editor.horizontalScrollBar()
        qtbot.waitUntil(functools.partial(_hidden, bar))
        host.grab().save(str(ARTIFACTS / f"jql-editor-{name}.png"))
