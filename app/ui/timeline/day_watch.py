"""Which day it is where Jade runs, told again when it changes (past midnight) while Jade runs.

The Timeline's today line and its overdue marks depend on the date; ``DayWatch`` arms one
single-shot timer for just after the next local midnight and says ``day_changed`` when the
clock's date is not the one it last saw. The wait is capped at an hour, so a machine that slept
through midnight, or a clock set by hand, is caught up within the hour; a timer that fires a
little early (before midnight) just arms again. The clock is injected: tests move it instead
of waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

__all__ = ["DayWatch"]

AFTER_MIDNIGHT = timedelta(seconds=1)  # fire just after midnight, never just before
LONGEST_WAIT = timedelta(hours=1)


class DayWatch(QObject):
    """A timer to the next midnight that says when the date has changed."""

    day_changed = Signal(object)  # the new date

    def __init__(self, parent: QObject, clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(parent)
        self.clock = clock  # local wall time, naive
        self.day: date = clock().date()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may be minutes early
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Arm the timer for the next midnight (or an hour, whichever comes first)."""
        now = self.clock()
        midnight = datetime.combine(now.date() + timedelta(days=1), time.min)
        wait = min(midnight - now + AFTER_MIDNIGHT, LONGEST_WAIT)
        self.timer.start(max(int(wait.total_seconds() * 1000), 0))

    def stop(self) -> None:
        """No more checks (the pane is going)."""
        self.timer.stop()

    def check(self) -> None:
        """Say ``day_changed`` if the date moved on since last seen, and arm again."""
        today = self.clock().date()
        if today != self.day:
            self.day = today
            self.day_changed.emit(today)
        self.start()
