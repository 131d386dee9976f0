"""A date field that may stay empty: typed as ``YYYY-MM-DD`` or picked from a calendar.

Jira's version and milestone dates are optional days, so the editor is a line edit rather than
a ``QDateEdit`` (which always holds some date): empty text means "no date". The text is ISO,
the format Jira shows and accepts; the tooltip names the day in the user's locale.

Keys: Up/Down step a day, Page Up/Page Down a month, Alt+Down or F4 opens the calendar
(Enter picks the day there, Escape leaves the field as it was).
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.kit.resources import icon

__all__ = ["CalendarPopup", "DateEdit", "parse_iso_day"]


def parse_iso_day(text: str) -> date | None:
    """An ISO day (``2026-03-31``), None for blank text; ValueError with a readable text otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"“{text}” is not a date; use YYYY-MM-DD, e.g. 2026-03-31, or pick one (Alt+Down)."
        ) from None


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    # 31 January plus a month is the last day of February, as in QDate.addMonths
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class CalendarPopup(QFrame):
    """A calendar under a date field, with a "No date" button; emits ``picked`` once."""

    picked = Signal(object)  # date | None

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        # a single click picks, as in a combo box; Enter picks the keyboard's day
        self.calendar.clicked.connect(self._pick_day)
        self.calendar.activated.connect(self._pick_day)
        self.no_date = QPushButton("No date", self)
        self.no_date.setToolTip("Leave the date empty")
        self.no_date.setAutoDefault(False)
        self.no_date.clicked.connect(lambda: self._pick(None))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.no_date)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.calendar)
        layout.addLayout(row)

    def open_at(self, anchor: QWidget, day: date | None) -> None:
        """Show below ``anchor`` (above it when the screen ends), with ``day`` or today selected."""
        shown = _qdate(day) if day else QDate.currentDate()
        self.calendar.setSelectedDate(shown)
        self.adjustSize()
        position = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = anchor.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        if position.y() + self.height() > room.bottom():
            position.setY(anchor.mapToGlobal(QPoint(0, 0)).y() - self.height())
        position.setX(max(room.left(), min(position.x(), room.right() - self.width())))
        self.move(position)
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape closes without a choice."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def _pick_day(self, day: QDate) -> None:
        self._pick(day.toPython())

    def _pick(self, day: object) -> None:
        self.close()
        self.picked.emit(day)


class DateEdit(QLineEdit):
    """An optional day: ISO text, a calendar button (Alt+Down), and a clear button."""

    value_changed = Signal(object)  # date | None, each time the text names another day (or none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("YYYY-MM-DD or empty")
        self.setClearButtonEnabled(True)
        self.calendar_action = QAction(icon("calendar"), "Choose from a calendar", self)
        self.calendar_action.setToolTip("Choose from a calendar (Alt+Down)")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        for button in self.calendar_action.associatedObjects():
            # the action's button, not this field (the form's label names the field)
            if isinstance(button, QToolButton):
                button.setAccessibleName("Choose from a calendar")
        self.popup: CalendarPopup | None = None
        self._last: date | None = None
        self.textChanged.connect(self._text_changed)
        self.editingFinished.connect(self._tidy)

    def value(self) -> date | None:
        """The day shown, None when empty; ValueError (readable) when the text is not a date."""
        return parse_iso_day(self.text())

    def set_value(self, day: date | None) -> None:
        """Show ``day`` (None empties the field)."""
        self.setText(day.isoformat() if day else "")

    def open_calendar(self) -> None:
        """Open the calendar under the field, at the day shown (today when there is none)."""
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        self.popup.open_at(self, self._readable_value())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Calendar and stepping keys; everything else edits the text."""
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (
            key == Qt.Key.Key_Down and modifiers & Qt.KeyboardModifier.AltModifier
        ):
            self.open_calendar()
            return
        steps = {
            Qt.Key.Key_Up: (1, 0),
            Qt.Key.Key_Down: (-1, 0),
            Qt.Key.Key_PageUp: (0, 1),
            Qt.Key.Key_PageDown: (0, -1),
        }
        if key in steps and not self.isReadOnly():
            days, months = steps[Qt.Key(key)]
            self._step(days, months)
            return
        super().keyPressEvent(event)

    def _readable_value(self) -> date | None:
        try:
            return self.value()
        except ValueError:
            return None

    def _step(self, days: int, months: int) -> None:
        try:
            day = self.value()
        except ValueError:
            # stepping from text that is no date would throw away what the user typed
            return
        self.set_value(
            date.today() if day is None else _add_months(day, months) + timedelta(days=days)
        )
        self.selectAll()

    def _picked(self, day: object) -> None:
        self.set_value(day if isinstance(day, date) else None)
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    def _tidy(self) -> None:
        # "20261231" and other ISO spellings are fine to type; show the one Jira uses
        day = self._readable_value()
        if day is not None and self.text() != day.isoformat():
            self.set_value(day)

    def _text_changed(self, _text: str) -> None:
        day = self._readable_value()
        valid = day is not None or not self.text().strip()
        self.setToolTip(
            QLocale().toString(_qdate(day), QLocale.FormatType.LongFormat) if day else ""
        )
        if valid and day != self._last:
            self._last = day
            self.value_changed.emit(day)
