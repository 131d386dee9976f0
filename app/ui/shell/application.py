"""Starting the GUI: QApplication, the qasync loop, the window and its controller, demo mode."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from app.sandbox import Flavour as SandboxFlavour
from app.store.keychain import SecretStore
from app.store.logfile import setup_logging
from app.store.profiles import ProfileStore
from app.ui.kit.resources import icon
from app.ui.shell.controller import MainController, ProfileSource
from app.ui.shell.demo import DemoLauncher, DemoStartError, MemoryProfiles, open_demo
from app.ui.shell.interrupt import INTERRUPTED_EXIT_CODE, quit_on_interrupt
from app.ui.shell.main_window import MainWindow
from app.ui.shell.notifications import Level

__all__ = ["run_gui"]

_log = logging.getLogger(__name__)


def run_gui(
    argv: list[str],
    *,
    demo: SandboxFlavour | None = None,
    demo_issues: int = 5000,
    screenshot: Path | None = None,
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

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closing = asyncio.Event()
    app.aboutToQuit.connect(closing.set)

    launcher: DemoLauncher | None = None
    profiles: ProfileSource
    problem: str | None = None
    if demo is not None:
        # the child generates and serves the site while the window shows
        launcher = DemoLauncher(demo, demo_issues).start()
        demo_profiles = profiles = MemoryProfiles()
        secrets = SecretStore()
        secrets.use_session_only()
        # the demo remembers its window apart from the user's real settings
        settings = QSettings("Jade", "Jade Demo")
    else:
        store = ProfileStore()
        result = store.load()
        profiles, problem = store, result.problem
        secrets = SecretStore()
        settings = QSettings()

    window = MainWindow(settings)
    controller = MainController(window, profiles, secrets, settings)
    window.show()
    interrupt = quit_on_interrupt(app)
    if launcher is None:
        controller.start(problem)
    else:
        demo_launcher = launcher

        async def connect_demo() -> None:
            try:
                await open_demo(demo_launcher, demo_profiles, secrets)
            except DemoStartError as exc:
                _log.error("the demo site did not start", exc_info=exc)
                window.show_identity("Not connected", "")
                window.notify(
                    Level.ERROR, "The demo site did not start", exc.summary, exc.stderr_tail
                )
                return
            controller.start()

        window.show_identity("Starting the demo site…", "")
        controller.spawn("Starting the demo site", connect_demo())
    if screenshot is not None:
        _screenshot_when_loaded(window, screenshot)
    try:
        with loop:
            loop.run_until_complete(closing.wait())
            loop.run_until_complete(controller.aclose())
    finally:
        interrupt.close()
        secrets.close()
        if launcher is not None:
            launcher.stop()
    return INTERRUPTED_EXIT_CODE if interrupt.interrupted else 0


def _screenshot_when_loaded(window: MainWindow, path: Path, timeout_ms: int = 30000) -> None:
    """Save a picture of the window once projects are shown (or at the timeout), then quit."""
    waited = 0

    def check() -> None:
        nonlocal waited
        waited += 200
        loaded = window.projects.model.rowCount() > 0 and not window.tracker.jobs
        if loaded or waited >= timeout_ms:
            path.parent.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(path))
            print(f"screenshot={path}", file=sys.stderr)
            window.close()
            return
        QTimer.singleShot(200, check)

    QTimer.singleShot(200, check)
