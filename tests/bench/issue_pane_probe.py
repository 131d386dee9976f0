"""The Jade side of the Issues pane benchmark: a Shell on one site, the same search run twice.

``tests/bench/test_issue_pane_load.py`` runs this module in a process of its own, so that its RSS
is Jade's alone::

    python -m tests.bench.issue_pane_probe URL LOGIN SECRET FLAVOUR ROWS JQL

It prints one JSON line: the RSS of the empty Shell (shown, site connected, nothing searched),
and per search the RSS once all ROWS rows are in the table, the load time, the UI's stalls (gaps
between ticks of a 5 ms QTimer on the GUI thread), the garbage collections seen and the number
of objects the collector tracks (what a full collection walks).
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.domain.site import AuthKind, SiteKind
from app.store.keychain import SecretStore
from app.store.profiles import Profile, ProfileStore
from app.ui.issues.controller import IssuesController
from app.ui.shell.shell import Shell

TICK_MS = 5
STALL_MS = 50
TIMEOUT_S = 600.0


def rss_mb() -> float:
    """This process's resident set size now (not its peak), in MB."""
    with open("/proc/self/statm") as statm:
        resident = int(statm.read().split()[1])
    return resident * os.sysconf("SC_PAGE_SIZE") / 1e6


class StallProbe:
    """A QTimer ticking every few ms on the GUI thread; the gaps between ticks are the stalls."""

    def __init__(self, rows: Callable[[], int]) -> None:
        self.rows = rows
        self.gaps: list[float] = []
        self.worst_at_rows = 0
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        """Start ticking."""
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        """Stop ticking."""
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        if not self.gaps or gap > max(self.gaps):
            self.worst_at_rows = self.rows()
        self.gaps.append(gap)
        self._last = now


class CollectionLog:
    """The cyclic garbage collections while it is installed: count and longest, per generation."""

    def __init__(self) -> None:
        self.count = [0, 0, 0]
        self.longest_ms = [0.0, 0.0, 0.0]
        self._started = 0.0

    def __enter__(self) -> CollectionLog:
        gc.callbacks.append(self._seen)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._seen)

    def _seen(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        generation = info["generation"]
        self.count[generation] += 1
        spent = (time.perf_counter() - self._started) * 1000
        self.longest_ms[generation] = max(self.longest_ms[generation], spent)


async def wait_for(condition: Callable[[], object], what: str) -> None:
    """Poll ``condition`` on the loop until it holds."""
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def measure(shell: Shell, profile: Profile, rows: int, jql: str) -> dict[str, Any]:
    """Connect, then run ``jql`` twice; the figures of both loads."""
    issues = shell.pane("issues")
    assert isinstance(issues, IssuesController)
    model = issues.pane.model

    def running() -> bool:
        return any(runner.tasks for runner in shell.all_runners())

    shell.select_site(profile.id)
    await wait_for(lambda: issues.pane.fields and not running(), "the site to connect")
    shell.window.show_pane("issues")
    await asyncio.sleep(0.5)  # let the pane lay itself out before the baseline
    out: dict[str, Any] = {
        "rss_shell_mb": rss_mb(),
        "tracked_shell": len(gc.get_objects()),
        "sandbox_imported": "app.sandbox" in sys.modules,
        "searches": [],
    }
    for _ in range(2):
        probe = StallProbe(model.rowCount)
        with CollectionLog() as collections:
            started = time.perf_counter()
            probe.start()
            issues.run(jql)
            await wait_for(lambda: model.rowCount() >= 50, "the first rows")
            first = time.perf_counter() - started
            await wait_for(lambda: model.rowCount() >= rows and not running(), "all rows")
            seconds = time.perf_counter() - started
            probe.stop()
        out["searches"].append(
            {
                "rows": model.rowCount(),
                "first_rows_s": first,
                "load_s": seconds,
                "rss_mb": rss_mb(),
                "longest_gap_ms": max(probe.gaps),
                "gaps_over_50ms": sum(1 for gap in probe.gaps if gap > STALL_MS),
                "worst_gap_at_rows": probe.worst_at_rows,
                "collections": collections.count,
                "longest_collection_ms": collections.longest_ms,
                "tracked": len(gc.get_objects()),
            }
        )
        await asyncio.sleep(0.5)
    return out


def main(argv: list[str]) -> None:
    """Build the Shell on the site in ``argv``, measure, print the figures as one JSON line."""
    url, login, secret, flavour, rows, jql = argv
    cloud = flavour == "cloud"
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    folder = tempfile.mkdtemp(prefix="jade-bench-")
    settings = QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
    # the file store, as the app uses it (the demo's memory store would import the sandbox)
    profiles = ProfileStore(Path(folder))
    profile = profiles.add(
        Profile(
            "bench",
            url,
            SiteKind.JIRA_CLOUD if cloud else SiteKind.JIRA_DATACENTER,
            AuthKind.CLOUD_TOKEN if cloud else AuthKind.PASSWORD,
            login,
        )
    )
    secrets = SecretStore(session_only=True)
    secrets.set_blocking(profile.id, secret)
    rss_start = rss_mb()
    shell = Shell(settings, profiles, secrets)
    shell.window.resize(1280, 800)
    shell.window.show()

    async def run() -> dict[str, Any]:
        try:
            return await measure(shell, profile, int(rows), jql)
        finally:
            await shell.aclose()

    with loop:
        figures = loop.run_until_complete(run())
    figures["rss_imports_mb"] = rss_start
    print(json.dumps(figures), flush=True)
    # skip PySide's teardown after a qasync run (it can abort); the figures are out
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
