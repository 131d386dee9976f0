"""Notification area, command palette and the main window shell, driven as a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.ui.shell.main_window import MainWindow
from app.ui.shell.notifications import Level, NotificationArea
from tests.ui.conftest import activate


def test_notifications_are_plain_text_with_details(qtbot: QtBot) -> None:
    area = NotificationArea()
    qtbot.addWidget(area)
    area.show()
    card = area.notify(
        Level.ERROR, "Save failed", "<b>bold</b> <img src=x onerror=alert(1)>", "HTTP 400"
    )
    assert area.isVisible()
    for label in card.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert card.message.text() == "<b>bold</b> <img src=x onerror=alert(1)>"
    qtbot.waitUntil(card.isVisible)
    assert not card.details.isVisible()
    qtbot.mouseClick(card.details_button, Qt.MouseButton.LeftButton)
    assert card.details.isVisible() and card.details.toPlainText() == "HTTP 400"
    qtbot.mouseClick(card.close_button, Qt.MouseButton.LeftButton)
    assert area.cards == [] and not area.isVisible()


def test_information_fades_and_errors_stay(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.ui.shell.notifications.INFO_TIMEOUT_MS", 50)
    area = NotificationArea()
    qtbot.addWidget(area)
    area.notify(Level.INFO, "Connected", "fine")
    error = area.notify(Level.ERROR, "Broken", "bad")
    qtbot.waitUntil(lambda: len(area.cards) == 1, timeout=2000)
    assert area.cards == [error]


def test_at_most_four_cards(qtbot: QtBot) -> None:
    area = NotificationArea()
    qtbot.addWidget(area)
    for n in range(6):
        area.notify(Level.WARNING, f"w{n}", "text")
    assert [c.title.text() for c in area.cards] == ["w2", "w3", "w4", "w5"]


def test_window_shortcuts_and_panes(qtbot: QtBot, settings: QSettings) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.rail.setFocus()
    with qtbot.waitSignal(window.pane_changed) as changed:
        qtbot.keyClick(window.rail, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == ["boards"]
    assert window.stack.currentWidget() is window.panes["boards"]
    qtbot.keyClick(window.rail, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_pane() == "projects"
    qtbot.keyClick(window.rail, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.projects.filter.hasFocus()
    hits: list[bool] = []
    window.reload_requested.connect(lambda: hits.append(True))
    qtbot.keyClick(window.projects.filter, Qt.Key.Key_F5)
    assert hits == [True]


def test_command_palette_runs_an_action(qtbot: QtBot, settings: QSettings) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    activate(qtbot, window)
    palette = window.open_command_palette()
    qtbot.keyClicks(palette.search, "permissions")
    assert palette.proxy.rowCount() == 1
    with qtbot.waitSignal(window.pane_changed) as changed:
        qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert changed.args == ["permissions"]


def test_geometry_is_remembered(qtbot: QtBot, settings: QSettings) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1000, 700)  # above the minimum, which the projects detail's tab titles set
    window.show()
    if window.frameGeometry().width() > window.screen().availableGeometry().width():
        # the offscreen platform's screen is 800 px: restoreGeometry fits the window to it
        pytest.skip("the screen is narrower than the window")
    window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.size().width() == 1000
