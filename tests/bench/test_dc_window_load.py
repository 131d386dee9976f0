"""Benchmark: all 100,000 issues of a Data Center search, past Jira's 10,000-result window.

The sandbox runs in a subprocess: 100,000 issues in 12 projects, 50 ms latency, Jira's window
of 10,000. For each order (key; created DESC; updated DESC, key; none, which is key DESC):

- ``jade search`` runs as a user runs it (a subprocess writing JSON lines). Asserted: 100,000
  issues, each once, in the order asked, checked from the values it wrote (key as the last
  tie-break), and the first 10,000 as the sandbox's own sequential pages list them;
- Jade's loader in this process (``IssueSearch.load``): time, first 50 rows, requests sent,
  windows, the event loop's longest stall; its keys equal ``jade search``'s;
- the Issues pane (a Shell in a third process, ``dc_window_pane_probe``): time, first 50 rows,
  the longest UI stall, and the count label, which must read "N of 100,000" all along; its
  keys equal ``jade search``'s.

Baselines on the same site in the same run: sequential paging (pages of 50) and the ``jira``
package (``search_issues(maxResults=False)``). Both stop at Jira's window; their rate is
printed next to Jade's. Figures are printed, not asserted. Run with ``make bench`` or
``.venv/bin/python -m pytest tests/bench/test_dc_window_load.py -s -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from app.api import JiraClient, SiteConfig, auth_for
from app.api.core import ApiRequest
from app.api.search import IssueSearch
from app.domain.issue import IssueRow
from app.domain.search_order import parse_order
from app.domain.site import AuthKind
from tests.bench.baselines import sequential_search
from tests.bench.dc_window_pane_probe import keys_digest
from tests.bench.sandbox_process import SandboxProcess, sandbox_process
from tests.bench.test_issue_load import Run, timed
from tests.conftest import ROOT

ISSUES = 100_000
LATENCY = 0.05
CONCURRENCY = 6  # SiteConfig's default
FIELDS = ["summary", "status", "assignee", "priority"]
WINDOW = 10_000  # Jira DC's result window, which the sandbox keeps


def _key(key: str) -> tuple[str, int]:
    project, _, number = key.rpartition("-")
    return project, int(number)


def _millis(value: str) -> int:
    return round(datetime.fromisoformat(value).timestamp() * 1000)


def _by_key(item: dict[str, Any]) -> Any:
    return _key(item["key"])


def _by_key_desc(item: dict[str, Any]) -> Any:
    project, number = _key(item["key"])
    return (*(-ord(c) for c in project), 0), -number


def _by_created_desc(item: dict[str, Any]) -> Any:
    return -_millis(item["fields"]["created"]), _key(item["key"])


def _by_updated_desc(item: dict[str, Any]) -> Any:
    return -_millis(item["fields"]["updated"]), _key(item["key"])


# name: (JQL, the order as an independent sort key, whether the server's order has no ties)
ORDERS: dict[str, tuple[str, Callable[[dict[str, Any]], Any], bool]] = {
    "ORDER BY key": ("project IS NOT EMPTY ORDER BY key", _by_key, True),
    "ORDER BY created DESC": (
        "project IS NOT EMPTY ORDER BY created DESC",
        _by_created_desc,
        False,
    ),
    "ORDER BY updated DESC, key": (
        "project IS NOT EMPTY ORDER BY updated DESC, key",
        _by_updated_desc,
        True,
    ),
    "no ORDER BY (key DESC)": ("project IS NOT EMPTY", _by_key_desc, True),
}


@contextlib.contextmanager
def counted_requests() -> Iterator[list[str]]:
    """The requests Jade's transport logs while the block runs."""
    seen: list[str] = []

    class Counter(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    logger = logging.getLogger("app.api.transport")
    handler, level = Counter(logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield seen
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def config(site: SandboxProcess) -> SiteConfig:
    return SiteConfig(
        site.url,
        auth_for(AuthKind.PASSWORD, site.login, site.secret),
        concurrency=CONCURRENCY,
        trust_env=False,
    )


def jade_search(
    site: SandboxProcess, jql: str, order: Callable[[dict[str, Any]], Any]
) -> tuple[float, list[str]]:
    """``jade search`` in a subprocess: seconds and the keys it wrote, checked complete and in
    ``order`` from the values it wrote (the decoded lines are dropped: 100,000 dicts would
    slow every later garbage collection of this process)."""
    command = [sys.executable, "-m", "app", "search", site.url, "--user", site.login]
    command += ["--jql", jql, "--fields", "key,created,updated", "--format", "json"]
    started = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "JADE_TOKEN": site.secret},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-4000:]
    issues = [json.loads(line) for line in done.stdout.splitlines()]
    keys = [i["key"] for i in issues]
    assert len(keys) == len(set(keys)) == ISSUES, jql
    assert issues == sorted(issues, key=order), jql
    return seconds, keys


async def jade_load(site: SandboxProcess, jql: str) -> tuple[Run, int, int]:
    """Jade's loader in this process: the timed run, the requests sent, the windows."""
    with counted_requests() as requests:
        async with JiraClient(config(site)) as client:
            await client.server_info()
            search = IssueSearch(client)
            run = await timed(search.load(jql, FIELDS))
            assert search.changed == []
            return run, len(requests), search.windows


async def sequential(site: SandboxProcess, jql: str) -> tuple[float, list[IssueRow], str]:
    """Pages of 50 one after another, until the end or Jira's refusal."""
    rows: list[IssueRow] = []
    started = time.perf_counter()
    outcome = "complete"
    async with JiraClient(config(site)) as client:
        try:
            async with contextlib.aclosing(sequential_search(client, jql, FIELDS)) as pages:
                async for batch in pages:
                    rows.extend(batch)
        except Exception as error:  # the baseline's failure is the figure
            outcome = f"stopped: {str(error)[:90]}"
    return time.perf_counter() - started, rows, outcome


def jira_package(site: SandboxProcess, jql: str) -> tuple[float, int, str]:
    """The ``jira`` package's ``search_issues(maxResults=False)``: seconds, issues, outcome."""
    try:
        from jira import JIRA
    except ImportError:
        return 0.0, 0, "the jira package is not installed (make bench installs .[test,bench])"
    started = time.perf_counter()
    jira = JIRA(server=site.url, basic_auth=(site.login, site.secret))
    try:
        issues = jira.search_issues(jql, maxResults=False, fields=",".join(FIELDS))
    except Exception as error:  # the package's failure is the figure
        return time.perf_counter() - started, 0, f"failed: {str(error).splitlines()[0][:90]}"
    finally:
        jira.close()
    return time.perf_counter() - started, len(issues), "complete"


async def sandbox_time(site: SandboxProcess, jql: str) -> tuple[float, float]:
    """The sandbox's own time for a 1000-issue page of a window of the largest project, in the
    order of ``jql``, and for a count (median of 5, latency taken off)."""
    order = parse_order(jql)
    async with JiraClient(config(site)) as client:
        projects = await client.http.get_json("rest/api/2/project", list[dict[str, Any]])
        counts = [(await IssueSearch(client).count(f"project = {p['id']}"))[0] for p in projects]
        largest = f"project = {projects[counts.index(max(counts))]['id']}"

        async def median(body: dict[str, Any]) -> float:
            times = []
            for _ in range(5):
                started = time.perf_counter()
                await client.http.request_json(
                    ApiRequest("POST", "rest/api/2/search", json=body), dict[str, Any]
                )
                times.append(time.perf_counter() - started - LATENCY)
            return sorted(times)[2] * 1000

        page = await median(
            {"jql": order.jql(largest), "startAt": 0, "maxResults": 1000, "fields": FIELDS}
        )
        count = await median({"jql": order.condition(largest), "maxResults": 0})
    return page, count


def pane(site: SandboxProcess, queries: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.bench.dc_window_pane_probe",
            site.url,
            site.login,
            site.secret,
            str(ISSUES),
            *queries,
        ],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(name: str, value: float, note: str = "") -> None:
    print(f"  {name:<60} {value:10.3f}   {note}")


def test_dc_window_load() -> None:
    with sandbox_process("datacenter", issues=ISSUES, latency_ms=LATENCY * 1000) as site:
        cli = {name: jade_search(site, jql, order) for name, (jql, order, _) in ORDERS.items()}
        server = {
            name: asyncio.run(sandbox_time(site, jql)) for name, (jql, _, _) in ORDERS.items()
        }
        loads = {name: asyncio.run(jade_load(site, jql)) for name, (jql, _, _) in ORDERS.items()}
        first_jql = ORDERS["ORDER BY key"][0]
        slow = {name: asyncio.run(sequential(site, jql)) for name, (jql, _, _) in ORDERS.items()}
        package = jira_package(site, first_jql)
        panes = pane(site, [jql for jql, _, _ in ORDERS.values()])
    print(
        f"\n[datacenter] {ISSUES:,} issues in 12 projects, window {WINDOW:,}, "
        f"{LATENCY * 1000:.0f} ms latency, concurrency {CONCURRENCY}"
    )
    for n, (name, (jql, _, total)) in enumerate(ORDERS.items()):
        seconds, keys = cli[name]
        run, requests, windows = loads[name]
        page_ms, count_ms = server[name]
        assert [r.key for r in run.rows] == keys, name
        slow_seconds, slow_rows, outcome = slow[name]
        if total:
            # the server's own order, as far as plain paging gets
            assert keys[: len(slow_rows)] == [r.key for r in slow_rows], name
        searched = panes["searches"][n]
        assert searched["rows"] == searched["unique"] == ISSUES, name
        assert searched["digest"] == keys_digest(keys), name
        assert searched["odd_labels"] == [], searched["odd_labels"]
        assert searched["label"].startswith(f"{ISSUES:,} issues in "), searched["label"]
        bound = requests / CONCURRENCY * LATENCY
        # the sandbox answers on one thread: its time per request adds up, concurrency or not
        pages = ISSUES // 1000 + windows
        serial = LATENCY + (pages * page_ms + (requests - pages) * count_ms) / 1000
        print(f" {name}: {jql}")
        report("jade search, whole command (s)", seconds, f"{ISSUES:,} issues, in order")
        report("Jade loader (s)", run.seconds, f"{windows} windows, {requests} requests")
        report("  latency bound: requests / concurrency * latency (s)", bound)
        report("  sandbox-serialised bound: latency + its time for them (s)", serial)
        report(
            "    sandbox per 1000-issue page of the largest project / count (ms)",
            page_ms,
            f"{count_ms:.1f}",
        )
        report("  first 50 rows (s)", run.first_50)
        report("  longest event-loop stall, 10 ms probe (ms)", run.stall * 1000)
        report("Issues pane, whole load (s)", searched["load_s"])
        report("  first 50 rows in the table (s)", searched["first_rows_s"])
        report(
            "  longest UI stall, 5 ms QTimer gap (ms)",
            searched["longest_gap_ms"],
            f"{searched['gaps_over_50ms']} gaps over 50 ms",
        )
        report(
            f"sequential pages of 50 (s), {len(slow_rows):,} rows",
            slow_seconds,
            outcome,
        )
        report(
            "  issues per second: Jade loader / sequential",
            (ISSUES / run.seconds) / max(1e-9, len(slow_rows) / slow_seconds),
        )
    seconds, count, outcome = package
    print(" jira package, search_issues(maxResults=False), ORDER BY key:")
    report(f"  seconds, {count:,} issues", seconds, outcome)
