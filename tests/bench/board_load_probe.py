"""The Jade side of the board benchmark: a Shell on one site, its Boards pane loading a big board.

``tests/bench/test_board_load.py`` runs this module in a process of its own::

    python -m tests.bench.board_load_probe URL LOGIN SECRET FLAVOUR BOARD ISSUES

It prints one JSON line with three loads of board BOARD (ISSUES issues in sprints of 200):
opening it (its active sprint), all its issues on the board, and its backlog tab (every sprint
stacked). For each: seconds to the first cards shown, seconds until every card is in and the
pane is idle, the cards, and the UI's longest stall (the largest gap between ticks of a 5 ms
QTimer on the GUI thread) with the number of gaps over 50 ms.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.domain.site import AuthKind, SiteKind
from app.qtmodels.board_filter import Swimlanes
from app.store.keychain import SecretStore
from app.store.profiles import Profile, ProfileStore
from app.ui.boards.controller import BoardsController
from app.ui.boards.pane import ALL_ISSUES, BoardTab
from app.ui.shell.shell import Shell
from tests.bench.issue_pane_probe import STALL_MS, StallProbe, rss_mb, wait_for


def _running(shell: Shell) -> bool:
    return any(runner.tasks for runner in shell.all_runners())


async def _load(
    shell: Shell,
    count: Callable[[], int],
    start: Callable[[], object],
    expected: int,
) -> dict[str, Any]:
    """Run ``start`` and time it until ``count`` reaches ``expected`` and the pane is idle."""
    probe = StallProbe(count)
    shown_before = count()
    started = time.perf_counter()
    probe.start()
    start()
    if shown_before:
        # the cards of the last load go first (a request takes 50 ms: the empty board shows)
        await wait_for(lambda: count() == 0, "the last load's cards to go")
    await wait_for(lambda: count() > 0, "the first cards")
    first = time.perf_counter() - started
    await wait_for(lambda: count() >= expected and not _running(shell), "every card")
    full = time.perf_counter() - started
    await asyncio.sleep(0.2)  # the repaint after the last batch counts too
    probe.stop()
    return {
        "cards": count(),
        "first_cards_s": first,
        "full_s": full,
        "longest_gap_ms": max(probe.gaps),
        "gaps_over_50ms": sum(1 for gap in probe.gaps if gap > STALL_MS),
        "worst_gap_at_cards": probe.worst_at_rows,
        "rss_mb": rss_mb(),
    }


async def measure(shell: Shell, profile: Profile, name: str, issues: int) -> dict[str, Any]:
    """Connect, open board ``name`` (its active sprint), then all its issues, then its backlog."""
    boards = shell.pane("boards")
    assert isinstance(boards, BoardsController)
    pane = boards.pane
    shell.select_site(profile.id)
    await wait_for(lambda: bool(pane.boards) and not _running(shell), "the site and its boards")
    shell.window.show_pane("boards")
    await asyncio.sleep(0.3)
    board = next(b for b in pane.boards if b.name == name)
    out: dict[str, Any] = {
        "rss_shell_mb": rss_mb(),
        "sandbox_imported": "app.sandbox" in sys.modules,
    }

    def on_board() -> int:
        return len(pane.cards.cards())

    out["sprint"] = await _load(shell, on_board, lambda: pane.select_board(board.id), 200)
    all_issues = pane.sprint_combo.findData(ALL_ISSUES)
    out["all"] = await _load(
        shell, on_board, lambda: pane.sprint_combo.setCurrentIndex(all_issues), issues
    )
    out["columns"] = len(pane.cards.columns)
    # the same 2,000 cards regrouped into a lane per assignee: every list is built again
    probe = StallProbe(on_board)
    started = time.perf_counter()
    probe.start()
    boards.set_swimlanes(Swimlanes.ASSIGNEE)
    regrouped = time.perf_counter() - started
    await asyncio.sleep(0.3)
    probe.stop()
    out["lanes"] = {
        "lanes": pane.cards.rowCount(),
        "lists": len(pane.board_view.all_lists()),
        "regroup_s": regrouped,
        "longest_gap_ms": max(probe.gaps),
    }
    boards.set_swimlanes(Swimlanes.NONE)
    await asyncio.sleep(0.3)
    out["backlog"] = await _load(
        shell,
        lambda: len(pane.backlog.cards()),
        lambda: pane.tabs.setCurrentIndex(BoardTab.BACKLOG),
        issues,
    )
    out["sections"] = pane.backlog.rowCount()
    return out


def main(argv: list[str]) -> None:
    """Build the Shell on the site in ``argv``, measure, print the figures as one JSON line."""
    url, login, secret, flavour, board, issues = argv
    cloud = flavour == "cloud"
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    folder = tempfile.mkdtemp(prefix="jade-bench-")
    settings = QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
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
    shell = Shell(settings, profiles, secrets)
    shell.window.resize(1280, 800)
    shell.window.show()

    async def run() -> dict[str, Any]:
        try:
            return await measure(shell, profile, board, int(issues))
        finally:
            await shell.aclose()

    with loop:
        figures = loop.run_until_complete(run())
    print(json.dumps(figures), flush=True)
    # skip PySide's teardown after a qasync run (it can abort); the figures are out
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
