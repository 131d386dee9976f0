"""A window grows when a wrapped line inside it needs more height."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout
from pytestqt.qtbot import QtBot

from app.ui.kit.window_fit import grow_with_content, needed_height
from tests.ui.conftest import activate

LONG = "A message long enough to wrap onto several lines in a narrow window. " * 3


def test_window_grows_for_wrapped_text_and_when_narrowed(qtbot: QtBot) -> None:
    window = QDialog()
    qtbot.addWidget(window)
    above, below = QLineEdit(window), QLineEdit(window)
    note = QLabel(window)
    note.setWordWrap(True)
    note.setVisible(False)
    layout = QVBoxLayout(window)
    layout.addWidget(above)
    layout.addWidget(note)
    layout.addWidget(below)
    window.setMinimumWidth(300)
    grow_with_content(window)
    activate(qtbot, window)
    before = window.height()

    note.setText(LONG)
    note.setVisible(True)
    qtbot.waitUntil(lambda: note.height() >= note.heightForWidth(note.width()), timeout=3000)
    assert note.geometry().bottom() < below.geometry().top()
    assert window.height() > before
    assert window.minimumHeight() == needed_height(window)

    tall = window.height()
    window.setMinimumWidth(200)
    window.resize(200, window.height())  # narrower: more lines
    qtbot.waitUntil(lambda: window.height() > tall, timeout=3000)
    assert note.height() >= note.heightForWidth(note.width())
