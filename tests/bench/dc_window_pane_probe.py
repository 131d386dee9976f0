"""The Jade side of the DC window benchmark's pane figures: a Shell on one site, several searches.

``tests/bench/test_dc_window_load.py`` runs this module in a process of its own::

    python -m tests.bench.dc_window_pane_probe URL LOGIN SECRET ROWS JQL [JQL ...]

It prints one JSON line: per search the rows in the table, the load time and the time to the
first 50 rows, the UI's longest stall (gap between ticks of a 5 ms QTimer), a SHA-1 of the keys
in table order (to hold against ``jade search``'s output), the count label at the end, and every
count label seen while the search ran that did not read ``N of M`` (or "Searching…").
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from app.domain.site import AuthKind, SiteKind
from app.store.keychain import SecretStore
from app.store.profiles import Profile, ProfileStore
from app.ui.issues.controller import IssuesController
from app.ui.shell.shell import Shell
from tests.bench.issue_pane_probe import STALL_MS, TICK_MS, StallProbe, rss_mb, wait_for

__all__ = ["keys_digest", "main"]


def keys_digest(keys: list[str]) -> str:
    """The SHA-1 of the keys in order, one per line."""
    return hashlib.sha1("\n".join(keys).encode()).hexdigest()  # noqa: S324


async def measure(shell: Shell, profile: Profile, rows: int, queries: list[str]) -> dict[str, Any]:
    """Connect, then run each query once; the figures of each load."""
    issues = shell.pane("issues")
    assert isinstance(issues, IssuesController)
    pane = issues.pane
    model = pane.model

    def running() -> bool:
        return any(runner.tasks for runner in shell.all_runners())

    shell.select_site(profile.id)
    await wait_for(lambda: pane.fields and not running(), "the site to connect")
    shell.window.show_pane("issues")
    await asyncio.sleep(0.5)
    n_of_m = re.compile(rf"^[0-9,]+ of {rows:,} issues$")
    out: dict[str, Any] = {"rss_shell_mb": rss_mb(), "searches": []}
    for jql in queries:
        odd: list[str] = []

        def sample(odd: list[str] = odd) -> None:
            # while the search runs, the count reads "N of M" and nothing else; it reads as
            # finished only once every row is in (the task ends a moment after it says so)
            text = pane.count.text()
            done = model.rowCount() == rows and text.startswith(f"{rows:,} issues in ")
            if running() and not (n_of_m.match(text) or done) and text not in ("Searching…", *odd):
                odd.append(f"{text} [{model.rowCount():,} rows]")

        labels = QTimer()
        labels.setInterval(TICK_MS)
        labels.timeout.connect(sample)
        probe = StallProbe(model.rowCount)
        started = time.perf_counter()
        probe.start()
        labels.start()
        issues.run(jql)
        await wait_for(lambda: model.rowCount() >= 50, "the first rows")
        first = time.perf_counter() - started
        await wait_for(lambda: not running(), "the search to end")
        seconds = time.perf_counter() - started
        probe.stop()
        labels.stop()
        keys = [row.key for row in model.rows]
        out["searches"].append(
            {
                "jql": jql,
                "rows": model.rowCount(),
                "unique": len(set(keys)),
                "digest": keys_digest(keys),
                "first_rows_s": first,
                "load_s": seconds,
                "rss_mb": rss_mb(),
                "longest_gap_ms": max(probe.gaps),
                "gaps_over_50ms": sum(1 for gap in probe.gaps if gap > STALL_MS),
                "label": pane.count.text(),
                "odd_labels": odd,
            }
        )
        await asyncio.sleep(0.5)
    return out


def main(argv: list[str]) -> None:
    """Build the Shell on the site in ``argv``, measure, print the figures as one JSON line."""
    url, login, secret, rows, *queries = argv
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    folder = tempfile.mkdtemp(prefix="jade-bench-")
    settings = QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
    profiles = ProfileStore(Path(folder))
    profile = profiles.add(
        Profile("bench", url, SiteKind.JIRA_DATACENTER, AuthKind.PASSWORD, login)
    )
    secrets = SecretStore(session_only=True)
    secrets.set_blocking(profile.id, secret)
    shell = Shell(settings, profiles, secrets)
    shell.window.resize(1280, 800)
    shell.window.show()

    async def run() -> dict[str, Any]:
        try:
            return await measure(shell, profile, int(rows), queries)
        finally:
            await shell.aclose()

    with loop:
        figures = loop.run_until_complete(run())
    print(json.dumps(figures), flush=True)
    # skip PySide's teardown after a qasync run (it can abort); the figures are out
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
