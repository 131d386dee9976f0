"""What the JQL editor tests share: the site's reference data, a suggestions endpoint, an editor
shown and focused, long queries, and a keystroke timer (for the typing test and benchmark)."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.ui.issues.jql.editor import JqlEditor
from tests.conftest import ROOT
from tests.ui.conftest import activate

ARTIFACTS = ROOT / "tests" / "artifacts"

_OPS = ["=", "!=", "in", "not in", "is", "is not", "was", "was in", "was not", "was not in",
        "changed"]  # fmt: skip
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
    """Answers like the suggestions endpoint; ``hold`` keeps calls pending until cancelled;
    ``failure`` is raised instead of answering."""

    def __init__(self, hold: bool = False, failure: Exception | None = None) -> None:
        self.hold = hold
        self.failure = failure
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
        if self.failure is not None:
            raise self.failure
        return [s for s in STATUSES if prefix.lower() in s[0].lower()]


def make_editor(qtbot: QtBot, suggest: FakeSuggest | None = None) -> JqlEditor:
    """An editor with the reference data, shown, active and focused."""
    editor = JqlEditor(suggest)
    editor.set_reference_data(REFERENCE)
    qtbot.addWidget(editor)
    editor.resize(520, 90)
    activate(qtbot, editor)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    return editor


def rows(editor: JqlEditor) -> list[str]:
    """The rows of the completion list, as shown."""
    model = editor.completer.completionModel()
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def pick(qtbot: QtBot, editor: JqlEditor, label: str) -> None:
    """Move to ``label`` in the open list and press Enter, as a user would."""
    popup = editor.completer.popup()
    assert popup is not None and popup.isVisible()
    row = rows(editor).index(label)
    popup.setCurrentIndex(editor.completer.completionModel().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def dark_palette() -> QPalette:
    """A dark palette like the desktop's dark themes."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.PlaceholderText: "#8a8a8a",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    return palette


_CLAUSES = (
    "project = ABC",
    'status IN ("To Do", Done, "In Progress")',
    "assignee = currentUser()",
    "created >= startOfDay(-7d)",
    'summary ~ "disk full"',
    "key in (ABC-{0}, ABC-{1}, ABC-{2})",
    "priority != Low",
    "labels is not EMPTY",
)


def long_query(size: int, multiline: bool) -> str:
    """A query of about ``size`` characters, on one line or one clause per line, that ends in a
    clause a user could go on typing."""
    parts: list[str] = []
    total = 0
    while total < size:
        n = len(parts)
        clause = _CLAUSES[n % len(_CLAUSES)].format(n, n + 1, n + 2)
        parts.append(clause)
        total += len(clause) + 5
    return ("\nAND " if multiline else " AND ").join(parts)


TYPED = " AND labels = backend"


def keystroke_ms(editor: QPlainTextEdit, rounds: int = 1, at: int | None = None) -> list[float]:
    """Type ``TYPED`` at offset ``at`` (default: the end) of the editor's text and erase it
    again, ``rounds`` times; the milliseconds each keystroke took to handle and paint."""
    cursor = editor.textCursor()
    if at is None:
        cursor.movePosition(QTextCursor.MoveOperation.End)
    else:
        cursor.setPosition(at)
    editor.setTextCursor(cursor)
    times: list[float] = []
    keys = [*TYPED, *[Qt.Key.Key_Backspace] * len(TYPED)]
    for _ in range(rounds):
        for key in keys:
            start = time.perf_counter()
            if isinstance(key, str):  # one overload per kind of key
                QTest.keyClick(editor, key)
            else:
                QTest.keyClick(editor, key)
            editor.viewport().repaint()  # what the user waits for: the character on screen
            times.append((time.perf_counter() - start) * 1000)
    return times


def median(values: list[float]) -> float:
    """The median (the typing figures' summary: one slow frame is the machine, not the code)."""
    return statistics.median(values)
