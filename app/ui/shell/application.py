"""Starting the GUI: QApplication, the qasync loop, the window and its controller, demo mode."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from pathlib import Path

import qasync
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from app.session import ProfileSource
from app.store.keychain import SecretStore
from app.store.logfile import setup_logging
from app.store.profiles import ProfileStore
from app.ui.kit.collector import GuiThreadCollector
from app.ui.kit.resources import icon
from app.ui.kit.tasks import Level
from app.ui.shell.demo import DemoLauncher, DemoStartError, MemoryProfiles, open_demo
from app.ui.shell.interrupt import INTERRUPTED_EXIT_CODE, quit_on_interrupt
from app.ui.shell.shell import Shell

__all__ = ["run_gui"]

_log = logging.getLogger(__name__)


def run_gui(
    argv: list[str],
    *,
    demo: str | None = None,
    demo_issues: int = 5000,
    screenshot: Path | None = None,
    exit_when_shown: bool = False,
) -> int:
    """Run Jade until its window closes; ``demo`` serves the sandbox and connects to it."""
    log_file = setup_logging()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Jade")
    app.setOrganizationName("Jade")
    app.setApplicationDisplayName("Jade")
    app.setWindowIcon(icon("jade"))
    _log.info("Jade starting; log file %s", log_file)

    # garbage is collected in this thread only: Qt objects must not die in a worker thread
    collector = GuiThreadCollector(app)
    collector.start()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closing = asyncio.Event()
    app.aboutToQuit.connect(closing.set)

    launcher: DemoLauncher | None = None
    profiles: ProfileSource
    problem: str | None = None
    if demo is not None:
        # the child process generates and serves the site while the window shows
        launcher = DemoLauncher(demo, demo_issues).start()
        profiles = MemoryProfiles()
        secrets = SecretStore()
        secrets.use_session_only()  # nothing of the demo reaches the keychain
        # the demo remembers its window apart from the user's real settings
        settings = QSettings("Jade", "Jade Demo")
    else:
        store = ProfileStore()
        result = store.load()
        profiles, problem = store, result.problem
        secrets = SecretStore()
        settings = QSettings()

    shell = Shell(settings, profiles, secrets, log_file=log_file)
    shell.window.show()
    interrupt = quit_on_interrupt(app)
    if exit_when_shown:
        _exit_when_shown(shell, app)
    if launcher is None:
        shell.start(problem)
    elif isinstance(profiles, MemoryProfiles):
        _start_demo(shell, launcher, profiles, secrets)
    if screenshot is not None:
        _screenshot_when_loaded(shell, screenshot)
    try:
        with loop:
            loop.run_until_complete(closing.wait())
            loop.run_until_complete(shell.aclose())
    finally:
        interrupt.close()
        secrets.close()
        if launcher is not None:
            launcher.stop()
        collector.stop()
    return INTERRUPTED_EXIT_CODE if interrupt.interrupted else 0


def _start_demo(
    shell: Shell, launcher: DemoLauncher, profiles: MemoryProfiles, secrets: SecretStore
) -> None:
    """Connect to the demo site once its child process serves it."""

    async def connect() -> None:
        try:
            await open_demo(launcher, profiles, secrets)
        except DemoStartError as error:
            _log.error("the demo site did not start", exc_info=error)
            shell.window.show_identity("Not connected", "")
            shell.notify(
                Level.ERROR, "The demo site did not start", error.summary, error.stderr_tail
            )
            return
        except asyncio.CancelledError:
            # cancelled while the site was still being generated: the child goes too
            await asyncio.to_thread(launcher.stop)
            shell.window.show_identity("Demo cancelled", "")
            raise
        shell.start()

    shell.window.show_identity("Starting the demo site…", "")
    shell.tasks.spawn("Starting the demo site", connect())


class _FirstExpose(QObject):
    """Prints ``shown=<time.monotonic()>`` once the window is first exposed and painted, quits."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Report the first expose once the paint it triggers is done."""
        if event.type() == QEvent.Type.Expose:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"shown={time.monotonic():.6f}", file=sys.stderr, flush=True)
        QApplication.quit()


def _exit_when_shown(shell: Shell, app: QApplication) -> None:
    """The start-up benchmark's probe (``--exit-when-shown``, hidden)."""
    handle = shell.window.windowHandle()
    if handle is None:
        raise RuntimeError("the window has no native window after show()")
    handle.installEventFilter(_FirstExpose(app))


def _screenshot_when_loaded(shell: Shell, path: Path, timeout_ms: int = 30000) -> None:
    """Save a picture of the window once a site is shown and idle (or at the timeout), quit."""
    waited = 0
    window = shell.window

    def check() -> None:
        nonlocal waited
        waited += 200
        loaded = shell.sites.shown is not None and not window.tracker.jobs
        if loaded or waited >= timeout_ms:
            path.parent.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(path))
            print(f"screenshot={path}", file=sys.stderr)
            window.close()
            return
        QTimer.singleShot(200, check)

    QTimer.singleShot(200, check)
