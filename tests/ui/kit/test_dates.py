"""The optional date field, driven with the keyboard and the mouse."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QTableView,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.ui.kit.dates import CalendarPopup, DateEdit, parse_iso_day
from tests.ui.conftest import activate
from tests.ui.kit.screenshots import save_light_and_dark


def _field(qtbot: QtBot) -> tuple[QWidget, DateEdit, QLineEdit]:
    host = QWidget()
    qtbot.addWidget(host)
    edit = DateEdit(host)
    other = QLineEdit(host)  # somewhere for the focus to go
    form = QFormLayout(host)
    form.addRow("Release date", edit)
    form.addRow("Other", other)
    host.resize(360, 80)
    activate(qtbot, host)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=3000)
    return host, edit, other


def _button(action: QAction) -> QToolButton:
    buttons = [o for o in action.associatedObjects() if isinstance(o, QToolButton)]
    assert len(buttons) == 1
    return buttons[0]


def _open_popup(qtbot: QtBot, edit: DateEdit) -> CalendarPopup:
    qtbot.waitUntil(lambda: edit.popup is not None and edit.popup.isVisible(), timeout=3000)
    assert edit.popup is not None
    return edit.popup


def _calendar_view(popup: CalendarPopup) -> QTableView:
    view = popup.calendar.findChild(QTableView)
    assert view is not None
    return view


def test_parse_iso_day() -> None:
    assert parse_iso_day("  ") is None
    assert parse_iso_day(" 2026-03-31 ") == date(2026, 3, 31)
    with pytest.raises(ValueError, match="“2026-02-30” is not a date"):
        parse_iso_day("2026-02-30")


def test_typed_dates_and_no_date(qtbot: QtBot) -> None:
    _host, edit, other = _field(qtbot)
    seen: list[object] = []
    edit.value_changed.connect(seen.append)
    assert edit.value() is None  # empty is "no date", not an error
    qtbot.keyClicks(edit, "2026-12-31")
    assert edit.value() == date(2026, 12, 31)
    assert seen == [date(2026, 12, 31)]  # no signal for the half-typed text
    assert "2026" in edit.toolTip()  # the day spelled out in the user's locale

    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.value() is None
    assert seen[-1] is None

    qtbot.keyClicks(edit, "2026-02-30")
    with pytest.raises(ValueError, match="not a date"):
        edit.value()
    qtbot.keyClick(edit, Qt.Key.Key_Up)  # stepping would throw away what was typed
    assert edit.text() == "2026-02-30"

    edit.clear()
    qtbot.keyClicks(edit, "20270105")  # another ISO spelling: tidied when the field is left
    other.setFocus()
    qtbot.waitUntil(other.hasFocus, timeout=3000)
    assert edit.text() == "2027-01-05"


def test_arrow_and_page_keys_step_days_and_months(qtbot: QtBot) -> None:
    _host, edit, _other = _field(qtbot)
    edit.set_value(date(2026, 1, 31))
    qtbot.keyClick(edit, Qt.Key.Key_PageUp)
    assert edit.value() == date(2026, 2, 28)  # the month's last day, not 3 March
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.value() == date(2026, 3, 1)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.value() == date(2026, 2, 27)
    qtbot.keyClick(edit, Qt.Key.Key_PageDown)
    qtbot.keyClick(edit, Qt.Key.Key_PageDown)
    assert edit.value() == date(2025, 12, 27)
    edit.set_value(None)
    qtbot.keyClick(edit, Qt.Key.Key_Up)  # from no date, the first step lands on today
    assert edit.value() == date.today()


def test_calendar_with_the_keyboard(qtbot: QtBot) -> None:
    _host, edit, _other = _field(qtbot)
    edit.set_value(date(2026, 12, 30))
    qtbot.keyClick(edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = _open_popup(qtbot, edit)
    assert popup.calendar.selectedDate().toPython() == date(2026, 12, 30)
    view = _calendar_view(popup)
    qtbot.waitUntil(view.hasFocus, timeout=3000)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=3000)
    assert edit.value() == date(2027, 1, 1)
    qtbot.waitUntil(edit.hasFocus, timeout=3000)  # back where the user was typing

    qtbot.keyClick(edit, Qt.Key.Key_F4)
    popup = _open_popup(qtbot, edit)
    qtbot.keyClick(_calendar_view(popup), Qt.Key.Key_Right)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)  # leaves the field as it was
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=3000)
    assert edit.value() == date(2027, 1, 1)


def test_calendar_with_the_mouse(qtbot: QtBot) -> None:
    host, edit, _other = _field(qtbot)
    edit.set_value(date(2026, 6, 3))
    button = _button(edit.calendar_action)
    assert button.isVisible() and not button.icon().isNull()
    assert button.accessibleName() == "Choose from a calendar"
    assert edit.accessibleName() == ""  # the form's label names the field itself
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    popup = _open_popup(qtbot, edit)
    save_light_and_dark(host, "date-edit-field")
    save_light_and_dark(popup, "date-edit-calendar")
    view = _calendar_view(popup)
    model = view.model()
    # 15 appears once in a month's grid: the days shown of the months around it are < 15 or > 21
    cell = next(
        model.index(row, column)
        for row in range(model.rowCount())
        for column in range(model.columnCount())
        if str(model.index(row, column).data()) == "15"
    )
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(cell).center())
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=3000)
    assert edit.value() == date(2026, 6, 15)

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    popup = _open_popup(qtbot, edit)
    qtbot.mouseClick(popup.no_date, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=3000)
    assert edit.value() is None and edit.text() == ""


def test_clear_button_means_no_date(qtbot: QtBot) -> None:
    _host, edit, _other = _field(qtbot)
    edit.set_value(date(2026, 6, 3))
    seen: list[object] = []
    edit.value_changed.connect(seen.append)
    clear = edit.findChild(QAction, "_q_qlineeditclearaction")
    assert clear is not None
    button = _button(clear)
    qtbot.waitUntil(button.isVisible, timeout=3000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert edit.value() is None
    assert seen == [None]
