"""The GUI-thread garbage collector: the automatic one is off while it runs, and it collects."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.ui.kit.collector import COLLECT_INTERVAL_MS, GuiThreadCollector


class _Cycle(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.me = self  # only the cyclic collector frees it


def test_a_cycle_is_freed_by_the_gui_thread_not_by_a_worker(qtbot: QtBot) -> None:
    was_enabled = gc.isenabled()
    gc.enable()
    collector = GuiThreadCollector()
    collector.start()
    try:
        assert not gc.isenabled()
        garbage = weakref.ref(_Cycle())
        # a worker thread that allocates past the threshold does not collect any more
        kept: list[list[object]] = []
        worker = threading.Thread(target=lambda: kept.extend([] for _ in range(5_000)))
        worker.start()
        worker.join()
        assert gc.get_count()[0] > gc.get_threshold()[0]
        assert garbage() is not None
        qtbot.waitUntil(lambda: garbage() is None, timeout=20 * COLLECT_INTERVAL_MS)
    finally:
        collector.stop()
        assert gc.isenabled()
        if not was_enabled:
            gc.disable()
