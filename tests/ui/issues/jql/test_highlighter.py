"""JQL colours as the editor shows them: per token kind, across lines, after edits, on long lines,
readable in light and dark palettes, and cheap to keep up while typing into a long query."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextBlock, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.domain.jql_tokens import TokenKind
from app.ui.issues.jql.editor import JqlEditor
from app.ui.issues.jql.highlighter import LONG_BLOCK, WINDOW_MARGIN, jql_formats
from tests.ui.issues.jql.jql_fixture import keystroke_ms, long_query, make_editor, median


def _ranges(block: QTextBlock) -> list[tuple[int, int, QTextCharFormat]]:
    """The highlighter's (start, length, format) ranges in ``block`` (formats copied: the
    ranges Qt hands out are temporaries)."""
    return [(r.start, r.length, QTextCharFormat(r.format)) for r in block.layout().formats()]


def _formats_by_text(block: QTextBlock) -> dict[str, QTextCharFormat]:
    """The format ranges of ``block``, keyed by the text they cover."""
    text = block.text()
    return {text[start : start + length]: fmt for start, length, fmt in _ranges(block)}


def _colour(editor: JqlEditor, kind: TokenKind) -> QColor:
    return jql_formats(editor.palette())[kind].foreground().color()


def test_highlighting_colours_each_token_kind(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    editor.setPlainText(
        'project = ABC AND status IN ("To Do", Done) AND created < startOfDay(-1) '
        "AND votes > 5 ORDER BY created DESC"
    )
    got = _formats_by_text(editor.document().firstBlock())
    assert got["project"].foreground().color() == _colour(editor, TokenKind.FIELD)
    assert got["="].foreground().color() == _colour(editor, TokenKind.OPERATOR)
    assert got["AND"].foreground().color() == _colour(editor, TokenKind.KEYWORD)
    assert got["AND"].fontWeight() == 700
    assert got["IN"].foreground().color() == _colour(editor, TokenKind.KEYWORD)
    assert got['"To Do"'].foreground().color() == _colour(editor, TokenKind.STRING)
    assert got["startOfDay"].foreground().color() == _colour(editor, TokenKind.FUNCTION)
    assert got["5"].foreground().color() == _colour(editor, TokenKind.NUMBER)
    assert "ABC" not in got and "Done" not in got  # bare values keep the text colour

    editor.setPlainText('summary ~ "unterminated')
    error = _formats_by_text(editor.document().firstBlock())['"unterminated']
    assert error.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert error.foreground().color() == _colour(editor, TokenKind.ERROR)


def test_highlighting_follows_the_query_across_lines(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    editor.setPlainText("status =\nDone")
    assert _ranges(editor.document().lastBlock()) == []  # "Done" is a value
    editor.setPlainText("status\n= 'Done'")
    ranges = _ranges(editor.document().lastBlock())
    kinds = {(start, length): fmt.foreground().color() for start, length, fmt in ranges}
    assert kinds[(0, 1)] == _colour(editor, TokenKind.OPERATOR)
    assert kinds[(2, 6)] == _colour(editor, TokenKind.STRING)


def test_an_edit_recolours_other_lines_whose_tokens_it_changes(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    editor.setPlainText('a = foo\nAND b = "x"\nAND c = 1')
    first, second, third = (editor.document().findBlockByNumber(n) for n in range(3))
    assert "foo" not in _formats_by_text(first)
    # "(" typed at the start of the next line makes "foo" on the line above a function
    cursor = QTextCursor(second)
    cursor.insertText("(")
    assert _formats_by_text(first)["foo"].foreground().color() == _colour(
        editor, TokenKind.FUNCTION
    )
    # an opening quote swallows the lines below; closing it gives them back their colours
    cursor = QTextCursor(third)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    assert _formats_by_text(third)["1"].foreground().color() == _colour(editor, TokenKind.NUMBER)
    cursor = QTextCursor(first)
    cursor.insertText('"')
    assert "1" not in _formats_by_text(third)
    cursor.deletePreviousChar()
    assert _formats_by_text(third)["1"].foreground().color() == _colour(editor, TokenKind.NUMBER)


def test_a_long_line_is_coloured_around_what_is_on_screen(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    query = long_query(58_000, multiline=False)
    editor.set_query(query)  # the cursor (and the view) at its end
    block = editor.document().firstBlock()
    assert block.length() - 1 > LONG_BLOCK

    def coloured() -> list[int]:
        return [start for start, _, _ in _ranges(block)]

    qtbot.waitUntil(lambda: max(coloured()) > len(query) - 100)
    # not the whole 58 KB: nothing in the middle, far from the view and the edit
    assert not [s for s in coloured() if 3 * WINDOW_MARGIN < s < len(query) - 3 * WINDOW_MARGIN]
    editor.moveCursor(QTextCursor.MoveOperation.Start)  # the view jumps to the start
    qtbot.waitUntil(lambda: min(coloured()) < 20)
    assert _formats_by_text(block)["project"].foreground().color() == _colour(
        editor, TokenKind.FIELD
    )


def test_typing_at_the_end_of_a_58_kb_query_costs_little_more_than_in_a_plain_box(
    qtbot: QtBot,
) -> None:
    """A keystroke's cost in the JQL editor against a bare QPlainTextEdit holding the same
    58 KB one-line query, measured side by side: Qt's own layout of the long line is the
    floor; colouring and completion must add little to it (before: about 20 times it)."""
    query = long_query(58_000, multiline=False)
    editor = make_editor(qtbot)
    editor.setPlainText(query)
    plain = QPlainTextEdit()
    qtbot.addWidget(plain)
    plain.setFont(editor.font())
    plain.resize(editor.size())
    plain.setPlainText(query)
    plain.show()
    qtbot.waitExposed(plain)
    jql_times: list[float] = []
    plain_times: list[float] = []
    for _ in range(3):  # interleaved, so a busy moment of the machine hits both
        jql_times += keystroke_ms(editor)
        plain_times += keystroke_ms(plain)
    ratio = median(jql_times) / median(plain_times)
    assert ratio < 4, f"{median(jql_times):.1f} ms vs {median(plain_times):.1f} ms plain"


def test_colours_are_readable_on_light_and_dark_bases() -> None:
    for base in (QColor("white"), QColor("#1e1e1e")):
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Base, base)
        for kind, fmt in jql_formats(palette).items():
            fg = fmt.foreground().color()
            assert abs(fg.lightness() - base.lightness()) > 90, (kind, base.name(), fg.name())
