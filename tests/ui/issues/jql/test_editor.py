"""The JQL editor driven as a user would: colours, completion, suggestions, errors, history."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextBlock, QTextCharFormat
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.domain.jql_history import QueryHistory
from app.domain.jql_tokens import TokenKind
from app.ui.issues.jql.editor import JqlEditor, jql_formats
from tests.conftest import ROOT
from tests.ui.conftest import activate

ARTIFACTS = ROOT / "tests" / "artifacts"

_OPS = [
    "=",
    "!=",
    "in",
    "not in",
    "is",
    "is not",
    "was",
    "was in",
    "was not",
    "was not in",
    "changed",
]
REFERENCE: dict[str, object] = {
    "visibleFieldNames": [
        {"value": "status", "displayName": "status", "orderable": "true", "searchable": "true",
         "auto": "true", "operators": _OPS, "types": ["com.atlassian.jira.issue.status.Status"]},
        {"value": "statusCategory", "displayName": "statusCategory", "orderable": "false",
         "searchable": "true", "operators": ["=", "!=", "in", "not in"], "types": ["x.Category"]},
        {"value": "project", "displayName": "project", "orderable": "true", "searchable": "true",
         "operators": ["=", "!=", "in", "not in", "is", "is not"], "types": ["x.Project"]},
        {"value": "summary", "displayName": "summary", "orderable": "true", "searchable": "true",
         "operators": ["~", "!~", "is", "is not"], "types": ["java.lang.String"]},
        {"value": "created", "displayName": "created", "orderable": "true", "searchable": "true",
         "operators": ["=", "!=", ">", ">=", "<", "<=", "is", "is not"], "types": ["java.util.Date"]},
        {"value": '"Epic Link"', "displayName": "Epic Link - cf[10010]", "orderable": "true",
         "searchable": "true", "operators": ["=", "!=", "in"], "types": ["x.Epic"],
         "cfid": "cf[10010]"},
    ],
    "visibleFunctionNames": [
        {"value": "currentUser()", "displayName": "currentUser()", "types": ["x.User"]},
        {"value": "startOfDay()", "displayName": "startOfDay()", "types": ["java.util.Date"]},
    ],
    "jqlReservedWords": ["abort", "and", "or"],
}  # fmt: skip
STATUSES = [("To Do", "To Do"), ("In Progress", "<b>In</b> Progress"), ("Done", "Done")]


class FakeSuggest:
    """Answers like the suggestions endpoint; ``hold`` keeps calls pending until cancelled."""

    def __init__(self, hold: bool = False) -> None:
        self.hold = hold
        self.calls: list[tuple[str, str]] = []
        self.cancelled = 0

    async def __call__(self, field: str, prefix: str) -> Sequence[tuple[str, str]]:
        self.calls.append((field, prefix))
        try:
            if self.hold:
                await asyncio.Event().wait()
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        return [s for s in STATUSES if prefix.lower() in s[0].lower()]


def _editor(qtbot: QtBot, suggest: FakeSuggest | None = None) -> JqlEditor:
    editor = JqlEditor(suggest)
    editor.set_reference_data(REFERENCE)
    qtbot.addWidget(editor)
    editor.resize(520, 90)
    activate(qtbot, editor)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    return editor


def _rows(editor: JqlEditor) -> list[str]:
    model = editor.completer.completionModel()
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def _pick(qtbot: QtBot, editor: JqlEditor, label: str) -> None:
    """Move to ``label`` in the open list and press Enter, as a user would."""
    popup = editor.completer.popup()
    assert popup is not None and popup.isVisible()
    row = _rows(editor).index(label)
    popup.setCurrentIndex(editor.completer.completionModel().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def _ranges(block: QTextBlock) -> list[tuple[int, int, QTextCharFormat]]:
    """The highlighter's (start, length, format) ranges in ``block`` (formats copied: the
    ranges Qt hands out are temporaries)."""
    return [(r.start, r.length, QTextCharFormat(r.format)) for r in block.layout().formats()]


def _formats_by_text(editor: JqlEditor) -> dict[str, QTextCharFormat]:
    """The format ranges of the first block, keyed by the text they cover."""
    block = editor.document().firstBlock()
    text = block.text()
    return {text[start : start + length]: fmt for start, length, fmt in _ranges(block)}


def test_highlighting_colours_each_token_kind(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.setPlainText(
        'project = ABC AND status IN ("To Do", Done) AND created < startOfDay(-1) '
        "AND votes > 5 ORDER BY created DESC"
    )
    expected = jql_formats(editor.palette())
    got = _formats_by_text(editor)

    def colour(kind: TokenKind) -> QColor:
        return expected[kind].foreground().color()

    assert got["project"].foreground().color() == colour(TokenKind.FIELD)
    assert got["="].foreground().color() == colour(TokenKind.OPERATOR)
    assert got["AND"].foreground().color() == colour(TokenKind.KEYWORD)
    assert got["AND"].fontWeight() == 700
    assert got["IN"].foreground().color() == colour(TokenKind.KEYWORD)
    assert got['"To Do"'].foreground().color() == colour(TokenKind.STRING)
    assert got["startOfDay"].foreground().color() == colour(TokenKind.FUNCTION)
    assert got["5"].foreground().color() == colour(TokenKind.NUMBER)
    assert "ABC" not in got and "Done" not in got  # bare values keep the text colour

    editor.setPlainText('summary ~ "unterminated')
    error = _formats_by_text(editor)['"unterminated']
    assert error.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert error.foreground().color() == colour(TokenKind.ERROR)


def test_highlighting_follows_the_query_across_lines(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.setPlainText("status =\nDone")
    assert _ranges(editor.document().lastBlock()) == []  # "Done" is a value
    editor.setPlainText("status\n= 'Done'")
    ranges = _ranges(editor.document().lastBlock())
    kinds = {(start, length): fmt.foreground().color() for start, length, fmt in ranges}
    fmt = jql_formats(editor.palette())
    assert kinds[(0, 1)] == fmt[TokenKind.OPERATOR].foreground().color()
    assert kinds[(2, 6)] == fmt[TokenKind.STRING].foreground().color()


def test_colours_are_readable_on_light_and_dark_bases() -> None:
    for base in (QColor("white"), QColor("#1e1e1e")):
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Base, base)
        for kind, fmt in jql_formats(palette).items():
            fg = fmt.foreground().color()
            assert abs(fg.lightness() - base.lightness()) > 90, (kind, base.name(), fg.name())


def test_completion_offers_fields_by_prefix(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    qtbot.keyClicks(editor, "sta")
    popup = editor.completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert _rows(editor) == ["status", "statusCategory"]
    _pick(qtbot, editor, "status")
    assert editor.toPlainText() == "status "
    # the next part of the clause is offered at once: the field's operators
    qtbot.waitUntil(lambda: popup.isVisible() and "not in" in _rows(editor))
    assert "~" not in _rows(editor)


def test_ctrl_space_offers_keywords_after_a_clause(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.set_query("project = ABC ")
    qtbot.keyClick(editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    popup = editor.completer.popup()
    assert popup is not None and popup.isVisible()
    assert _rows(editor) == ["AND", "OR", "ORDER BY"]
    qtbot.keyClick(popup, Qt.Key.Key_Escape)  # the open list has the keyboard
    assert not popup.isVisible()
    assert editor.toPlainText() == "project = ABC "


def test_value_suggestions_after_operator_and_quoting(
    qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    suggest = FakeSuggest()
    editor = _editor(qtbot, suggest)
    qtbot.keyClicks(editor, "status = ")
    popup = editor.completer.popup()
    assert popup is not None
    qtbot.waitUntil(lambda: "In Progress" in _rows(editor), timeout=2000)
    assert suggest.calls == [("status", "")]  # debounced: one lookup for the whole typing
    assert _rows(editor)[:3] == ["To Do", "In Progress", "Done"]  # Jira's <b> is stripped
    assert popup.isVisible()
    popup.grab().save(str(ARTIFACTS / "jql-editor-suggestions.png"))
    _pick(qtbot, editor, "In Progress")
    assert editor.toPlainText() == 'status = "In Progress"'


def test_typing_on_cancels_the_pending_lookup(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    suggest = FakeSuggest(hold=True)
    editor = _editor(qtbot, suggest)
    qtbot.keyClicks(editor, "status = T")
    qtbot.waitUntil(lambda: len(suggest.calls) == 1, timeout=2000)
    qtbot.keyClicks(editor, "o")
    qtbot.waitUntil(lambda: suggest.cancelled == 1, timeout=2000)
    qtbot.waitUntil(lambda: len(suggest.calls) == 2, timeout=2000)
    assert suggest.calls == [("status", "T"), ("status", "To")]
    editor.hide()  # hiding cancels the lookup still in flight
    qtbot.waitUntil(lambda: suggest.cancelled == 2, timeout=2000)


def test_enter_runs_and_shift_enter_breaks_the_line(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
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
    editor = _editor(qtbot)
    editor.set_query("project = ABC AND status foo Done")
    message = (
        "Error in the JQL Query: Expecting operator but got 'foo'. The valid operators are "
        "'=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. "
        "(line 1, character 26)"
    )
    editor.show_error(message)
    assert editor.error_text == message
    assert editor.error_span == (25, 28)  # the whole token 'foo'
    editor.grab().save(str(ARTIFACTS / "jql-editor-error.png"))
    qtbot.keyClicks(editor, " ")  # editing makes the mark stale: it goes
    assert editor.error_span is None
    editor.show_error("Field 'x' does not exist.", None)  # no position: message only
    assert editor.error_span is None and editor.error_text
    editor.clear_error()
    assert editor.error_text == ""


def test_history_walks_with_up_and_down(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
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


def _dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8a8a8a",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    return palette


HOSTILE = (
    '(project = "ABC" OR "Epic Link" = ABC-1) AND status NOT IN ("In \\"Progress\\"", Done, '
    "'Won\\'t do') AND assignee IS NOT EMPTY AND due < startOfMonth(-1M) AND labels = C++ "
    "AND summary ~ 'never closed\n"
    "ORDER BY created DESC, cf[10010] ASC"
)


def test_render_light_and_dark(qtbot: QtBot, qapp: QApplication) -> None:
    """Look at it: a hostile query in both palettes, with a server error, saved as PNGs."""
    ARTIFACTS.mkdir(exist_ok=True)
    for name, palette in (("light", QPalette(qapp.palette())), ("dark", _dark_palette())):
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
        host.grab().save(str(ARTIFACTS / f"jql-editor-{name}.png"))
