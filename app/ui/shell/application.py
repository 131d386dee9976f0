"""Starting the GUI: QApplication, the qasync loop, the window and its controller, demo mode."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from app.session import ProfileSource
from app.store.keychain import SecretStore
from app.store.logfile import setup_logging
from app.store.profiles import ProfileStore
from app.ui.kit.resources import icon
from app.ui.shell.demo import DemoSite, start_demo
from app.ui.shell.shell import Shell

__all__ = ["run_gui"]

_log = logging.getLogger(__name__)


def run_gui(
    argv: list[str],
    *,
    demo: str | None = None,
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

    site: DemoSite | None = None
    profiles: ProfileSource
    problem: str | None = None
    if demo is not None:
        site, profiles, secrets = start_demo(demo, demo_issues)
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
    shell.start(problem)
    if screenshot is not None:
        _screenshot_when_loaded(shell, screenshot)
    try:
        with loop:
            loop.run_until_complete(closing.wait())
            loop.run_until_complete(shell.aclose())
    finally:
        secrets.close()
        if site is not None:
            site.stop()
    return 0


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
