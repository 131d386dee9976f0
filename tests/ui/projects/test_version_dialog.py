"""The version dialog: optional dates typed or picked, checked before anything is sent."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QTableView, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.project import Version, VersionChanges
from app.ui.projects.dialogs import VersionDialog
from tests.ui.conftest import activate
from tests.ui.kit.screenshots import save_light_and_dark

SHIPPED = Version("10", "2.0", "Second", date(2026, 3, 2), date(2026, 6, 30))


def _dialog(qtbot: QtBot, version: Version | None) -> tuple[VersionDialog, list[object]]:
    dialog = VersionDialog(version)
    qtbot.addWidget(dialog)
    sent: list[object] = []
    dialog.submitted.connect(sent.append)
    activate(qtbot, dialog)
    return dialog, sent


def test_existing_dates_are_shown_and_can_be_removed(qtbot: QtBot) -> None:
    dialog, sent = _dialog(qtbot, SHIPPED)
    assert dialog.start.value() == date(2026, 3, 2)
    assert dialog.release.text() == "2026-06-30"
    dialog.start.setFocus()
    qtbot.keyClick(dialog.start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.start, Qt.Key.Key_Delete)  # no start date any more
    qtbot.keyClick(dialog.release, Qt.Key.Key_PageUp)  # a month later
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert sent == [VersionChanges("2.0", "Second", None, date(2026, 7, 30))]


def test_start_after_release_is_refused_next_to_the_start_date(qtbot: QtBot) -> None:
    dialog, sent = _dialog(qtbot, None)
    qtbot.keyClicks(dialog.name, "3.0")
    qtbot.keyClicks(dialog.start, "2026-09-01")
    qtbot.keyClicks(dialog.release, "2026-08-31")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert sent == []  # caught before anything is sent
    error = dialog.errors["startDate"]
    assert error.isVisible()
    assert error.text() == "The start date must be on or before the release date."
    assert dialog.holders[dialog.start].isAncestorOf(error)  # under the start date itself
    assert not dialog.errors["releaseDate"].isVisible()
    assert dialog.start.text() == "2026-09-01"  # what was typed stays
    save_light_and_dark(dialog, "version-dialog-start-after-release")

    dialog.start.clear()
    qtbot.keyClicks(dialog.start, "2026-08-31")  # the same day is fine
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert sent == [VersionChanges("3.0", "", date(2026, 8, 31), date(2026, 8, 31))]
    assert not error.isVisible()


# the offscreen platform can neither raise the calendar popup nor grab the keyboard for it
def test_release_date_picked_from_the_calendar(qtbot: QtBot) -> None:
    dialog, sent = _dialog(qtbot, None)
    qtbot.keyClicks(dialog.name, "3.1")
    dialog.release.set_value(date(2026, 11, 2))
    (button,) = (
        o for o in dialog.release.calendar_action.associatedObjects() if isinstance(o, QToolButton)
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.release.popup is not None and dialog.release.popup.isVisible(),
        timeout=3000,
    )
    popup = dialog.release.popup
    assert popup is not None
    view = popup.calendar.findChild(QTableView)
    assert view is not None
    qtbot.waitUntil(view.hasFocus, timeout=3000)
    qtbot.keyClick(view, Qt.Key.Key_Down)  # a week later
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=3000)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert sent == [VersionChanges("3.1", "", None, date(2026, 11, 9))]


def _in_dialog(dialog: VersionDialog, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())


def test_error_lines_push_the_next_field_down(qtbot: QtBot) -> None:
    dialog, sent = _dialog(qtbot, None)
    height = dialog.height()
    qtbot.keyClicks(dialog.start, "2026-02-3x")
    qtbot.keyClicks(dialog.release, "2026-02-30")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert sent == []
    below = [
        ("name", dialog.description),
        ("startDate", dialog.release),
        ("releaseDate", dialog.buttons),
    ]

    def laid_out() -> bool:
        # each error line whole (these wrap onto two lines) and clear of the field below it
        return all(
            dialog.errors[key].height()
            >= dialog.errors[key].heightForWidth(dialog.errors[key].width())
            and not _in_dialog(dialog, dialog.errors[key]).intersects(_in_dialog(dialog, widget))
            for key, widget in below
        )

    qtbot.waitUntil(laid_out, timeout=3000)
    for key, widget in below:
        error = dialog.errors[key]
        assert error.isVisible()
        assert _in_dialog(dialog, error).bottom() < _in_dialog(dialog, widget).top()
    assert dialog.errors["startDate"].heightForWidth(dialog.errors["startDate"].width()) > (
        dialog.errors["startDate"].fontMetrics().lineSpacing()
    )  # really two lines, or the test proves nothing
    assert dialog.height() > height  # the dialog grew; nothing was squeezed
    save_light_and_dark(dialog, "version-dialog-date-errors")
