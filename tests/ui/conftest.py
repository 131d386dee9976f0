"""UI test fixtures: a qasync loop the Qt event loop drives, and isolated settings.

The loop is marked running without blocking (``already_running=True``), so qtbot's nested Qt
event loops (``waitUntil``, ``waitSignal``) run asyncio callbacks and socket I/O. Tests stay
synchronous and wait with qtbot; they never block inside a coroutine.

A test that leaves a task running fails: every task must end with its work, or be stopped by
its owner (closing the window stops them all).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.harness import Harness


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """An asyncio loop on Qt's event loop, torn down with every task cancelled."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    # file and keychain work goes to threads (asyncio.to_thread): a pool this fixture shuts down
    workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ui-test")
    loop.set_default_executor(workers)
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    try:
        yield loop
    finally:
        # tasks their owner cancelled (the window closed) get a moment to finish unwinding
        for _ in range(50):
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            if not any(t.cancelling() for t in pending):
                break
            qapp.processEvents()
        leftover = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in leftover:
            task.cancel()
        for _ in range(20):
            qapp.processEvents()
            if all(t.done() for t in leftover):
                break
        # the loop was only marked running; unmark it rather than close it (qasync refuses
        # to close a loop it believes is running)
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)
        workers.shutdown(wait=True)
        if leftover:
            names = ", ".join(repr(t.get_coro()) for t in leftover)
            pytest.fail(f"the test left {len(leftover)} task(s) running: {names}", pytrace=False)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Window settings in a temporary INI file (never the user's real settings)."""
    return QSettings(str(tmp_path / "jade.ini"), QSettings.Format.IniFormat)


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Show ``window`` and make it the active window (Xvfb has no window manager to do it)."""
    window.show()
    qtbot.waitExposed(window)
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


@pytest.fixture
def harness(qtbot: QtBot, qloop: qasync.QEventLoop, settings: QSettings) -> Iterator[Harness]:
    """A shown Jade window on in-process sandboxes; closed (and its tasks ended) afterwards."""
    h = Harness(qtbot, settings)
    h.window.resize(1280, 780)
    h.window.show()
    yield h
    h.close()
