"""Ctrl+C (SIGINT) quits a running Qt application cleanly, with exit code 130 and no traceback."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from typing import IO

import pytest
from PySide6.QtWidgets import QApplication

from app.ui.shell.interrupt import INTERRUPTED_EXIT_CODE, quit_on_interrupt
from tests.conftest import ROOT

WAIT_S = 30.0

# a tiny Jade: a window whose close is reported, run on Qt's own loop or on qasync's as Jade does
APP = """
import asyncio, sys
import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from app.ui.shell.interrupt import INTERRUPTED_EXIT_CODE, quit_on_interrupt

class Window(QWidget):
    def closeEvent(self, event):
        print("closed", flush=True)
        super().closeEvent(event)

app = QApplication([])
window = Window()
window.show()
watch = quit_on_interrupt(app)
QTimer.singleShot(0, lambda: print("ready", flush=True))
if sys.argv[1] == "qasync":
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closing = asyncio.Event()
    app.aboutToQuit.connect(closing.set)
    with loop:
        loop.run_until_complete(closing.wait())
else:
    app.exec()
watch.close()
print("quit", flush=True)
sys.exit(INTERRUPTED_EXIT_CODE if watch.interrupted else 0)
"""


def _read_line(stream: IO[str], timeout: float) -> str:
    # select first: a hung child must fail the test, not hang it
    readable, _, _ = select.select([stream], [], [], timeout)
    assert readable, "the application printed nothing"
    return stream.readline().strip()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT cannot be sent to a child on Windows")
@pytest.mark.parametrize("loop", ["qt", "qasync"])
def test_sigint_closes_the_window_and_quits_with_130(loop: str) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", APP, loop],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as app:
        assert app.stdout is not None and app.stderr is not None
        assert _read_line(app.stdout, WAIT_S) == "ready"
        app.send_signal(signal.SIGINT)
        assert app.wait(timeout=WAIT_S) == INTERRUPTED_EXIT_CODE == 130
        assert app.stdout.read().split() == ["closed", "quit"]
        assert "Traceback" not in app.stderr.read()


def test_close_gives_sigint_back(qapp: QApplication) -> None:
    before = signal.getsignal(signal.SIGINT)
    watch = quit_on_interrupt(qapp)
    try:
        assert signal.getsignal(signal.SIGINT) == watch._on_interrupt
    finally:
        watch.close()
    assert signal.getsignal(signal.SIGINT) is before
    watch.close()  # a second close changes nothing
    assert signal.getsignal(signal.SIGINT) is before
