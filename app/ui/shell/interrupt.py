"""Ctrl+C in the terminal that runs Jade quits Jade, as it would any terminal program.

Python runs a signal handler only when the interpreter gets control, and inside Qt's event loop
it may not for a long time, so SIGINT would go unnoticed. ``quit_on_interrupt`` gives Python a
way in: ``signal.set_wakeup_fd`` writes a byte to a socket pair on every signal, and a
``QSocketNotifier`` on the other end wakes a slot, which lets Python run the handler.

The first SIGINT asks the application to quit (``app.quit()``: windows close as if the user
closed them, then the event loop ends); the caller then exits with code 130 (128 + SIGINT, the
shell's convention and the one ``jade`` commands use for "interrupted") when ``interrupted`` is
set. A second SIGINT while that shutdown still runs ends the process at once with code 130: the
demo sandbox child still ends with it, because its input pipe closes.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from types import FrameType
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

__all__ = ["INTERRUPTED_EXIT_CODE", "InterruptWatch", "quit_on_interrupt"]

_log = logging.getLogger(__name__)

INTERRUPTED_EXIT_CODE = 128 + signal.SIGINT


class InterruptWatch(QObject):
    """Turns SIGINT into ``app.quit()`` while Qt's event loop runs; ``close()`` undoes it."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.interrupted = False
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        # set_wakeup_fd raises ValueError outside the main thread: let it, a handler cannot work
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous_handler: Any = signal.signal(signal.SIGINT, self._on_interrupt)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def close(self) -> None:
        """Give SIGINT back to the handler and wake-up descriptor that were there before."""
        if self._reader.fileno() < 0:
            return
        self._notifier.setEnabled(False)
        signal.signal(signal.SIGINT, self._previous_handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
        self.deleteLater()

    def _drain(self) -> None:
        # the bytes only woke us: by the time this runs, Python has called _on_interrupt
        while True:
            try:
                if not self._reader.recv(512):
                    return
            except BlockingIOError:
                return

    def _on_interrupt(self, signum: int, frame: FrameType | None) -> None:
        if self.interrupted:
            _log.warning("interrupted again while quitting; exiting at once")
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
            logging.shutdown()
            os._exit(INTERRUPTED_EXIT_CODE)
        self.interrupted = True
        _log.info("interrupted (SIGINT); quitting")
        # later, from the event loop: the handler may run in the middle of any Python code
        QTimer.singleShot(0, self.app.quit)


def quit_on_interrupt(app: QApplication) -> InterruptWatch:
    """Make SIGINT (Ctrl+C in the terminal) quit ``app`` cleanly; call from the main thread."""
    return InterruptWatch(app)
