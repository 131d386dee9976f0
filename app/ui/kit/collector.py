"""Python's cyclic garbage collector, run in the GUI thread only.

A Qt object must be deleted in the thread it lives in. The Python half of a widget or controller
often sits in a reference cycle (a lambda connected to a signal refers back to its owner), and only
the cyclic collector frees it: in whichever thread happens to allocate past the collector's
threshold. Jade runs keychain and file work in worker threads, so that can be one of them. A
``QObject`` with a running timer, freed there, leaves the timer registered with the GUI thread's
event dispatcher, which then fires it at freed memory: a segfault, at a random later moment. So the
automatic collector is turned off while Jade's window runs, and a timer in the GUI thread collects
instead, the generations that are due, as Python itself would.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

__all__ = ["GuiThreadCollector"]

COLLECT_INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """While started, garbage is collected by this timer in the GUI thread, never elsewhere."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(COLLECT_INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        """Turn the automatic collector off and collect from the GUI thread's timer instead."""
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Stop the timer and give the automatic collector back as it was."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def collect_due(self) -> int:
        """Collect the oldest generation whose threshold is passed (and the younger ones)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = -1
        for generation in range(3):
            if counts[generation] <= thresholds[generation]:
                break
            due = generation
        return gc.collect(due) if due >= 0 else 0
