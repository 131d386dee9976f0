"""Benchmark: loading 10,000 issues at 50 ms server latency, over real loopback, per flavour.

The sandbox runs in a subprocess (in a thread of this process it would compete with the client
for the GIL). Measured in one run: Jade's loader (``IssueSearch.load``) against the naive
sequential baseline (``tests.bench.baselines.sequential_search``), against the latency bound (requests /
concurrency * latency), the time to the first 50 rows, the longest event-loop stall seen by a
10 ms timer probe, the longest msgspec decode of one page, the sandbox's own time per request
(latency taken off), and on Data Center the ``jira`` package (pycontribs). The targets from the
issue are printed next to the figures, not asserted. Run with ``make bench``.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import math
import time
from collections.abc import AsyncGenerator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import msgspec
import pytest

from app.api import JiraClient, SiteConfig, auth_for
from app.api.issue_wire import BulkFetchWire, DcIssuePage, IdPageWire, RowDecoder
from app.api.search import IssueSearch
from app.domain.issue import IssueRow
from app.domain.site import AuthKind
from tests.bench.baselines import TokenIssuePage, sequential_search
from tests.bench.sandbox_process import SandboxProcess, sandbox_process

LATENCY = 0.05
ISSUES = 10000
# every issue of the site: exactly 10,000, inside DC's 10,000-result search window ("id <= N"
# would not do: like Jira, the sandbox compares key numbers within one project there)
JQL = "project IS NOT EMPTY ORDER BY key"
EXPECTED = 10000
FIELDS = ["key", "summary", "status", "assignee", "priority"]
CONCURRENCY = 6  # SiteConfig's default
PROBE_INTERVAL = 0.01


@contextlib.contextmanager
def sandbox(flavour: str) -> Iterator[SandboxProcess]:
    """The sandbox subprocess of this benchmark, until the block ends."""
    with sandbox_process(flavour, issues=ISSUES, latency_ms=LATENCY * 1000) as site:
        yield site


@dataclass
class Run:
    """One timed load."""

    seconds: float
    first_50: float
    rows: list[IssueRow]
    stall: float  # the longest lateness of the 10 ms timer during the load
    gc_pause: float  # the longest garbage collection during the load


async def timed(batches: AsyncGenerator[list[IssueRow], None]) -> Run:
    """Consume a load, with a 10 ms timer probe measuring how late the event loop runs it."""
    stall = 0.0
    stop = asyncio.Event()

    async def probe() -> None:
        nonlocal stall
        while not stop.is_set():
            before = time.perf_counter()
            await asyncio.sleep(PROBE_INTERVAL)
            stall = max(stall, time.perf_counter() - before - PROBE_INTERVAL)

    gc_pause = 0.0
    gc_start = 0.0

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        nonlocal gc_pause, gc_start
        if phase == "start":
            gc_start = time.perf_counter()
        else:
            gc_pause = max(gc_pause, time.perf_counter() - gc_start)

    gc.callbacks.append(on_gc)
    prober = asyncio.create_task(probe())
    rows: list[IssueRow] = []
    first_50 = math.nan
    start = time.perf_counter()
    async with contextlib.aclosing(batches) as it:
        async for batch in it:
            rows.extend(batch)
            if len(rows) >= 50 and math.isnan(first_50):
                first_50 = time.perf_counter() - start
    seconds = time.perf_counter() - start
    stop.set()
    await prober
    gc.callbacks.remove(on_gc)
    return Run(seconds, first_50, rows, stall, gc_pause)


def config(site: SandboxProcess) -> SiteConfig:
    kind = AuthKind.CLOUD_TOKEN if site.cloud else AuthKind.PASSWORD
    return SiteConfig(
        site.url, auth_for(kind, site.login, site.secret), concurrency=CONCURRENCY, trust_env=False
    )


async def server_time(site: SandboxProcess) -> dict[str, Any]:
    """The sandbox's own time per request kind (median of 5, latency taken off), and decodes."""
    out: dict[str, Any] = {}
    auth = (site.login, site.secret)
    async with httpx.AsyncClient(base_url=site.url, auth=auth, timeout=60) as http:

        async def sample(name: str, path: str, body: dict[str, Any], wire: type[Any]) -> None:
            times = []
            decodes = []
            for _ in range(5):
                t = time.perf_counter()
                response = await http.post(path, json=body)
                times.append(time.perf_counter() - t - LATENCY)
                response.raise_for_status()
                t = time.perf_counter()
                page = msgspec.json.decode(response.content, type=wire)
                if wire is not IdPageWire:
                    RowDecoder().rows(page.issues)
                decodes.append(time.perf_counter() - t)
            out[name] = (sorted(times)[2], max(decodes), len(response.content))

        if site.cloud:
            await sample(
                "search/jql 5000 ids",
                "/rest/api/2/search/jql",
                {"jql": JQL, "fields": ["id"], "maxResults": 5000},
                IdPageWire,
            )
            ids = [
                i.id
                for i in msgspec.json.decode(
                    (
                        await http.post(
                            "/rest/api/2/search/jql",
                            json={"jql": JQL, "fields": ["id"], "maxResults": 100},
                        )
                    ).content,
                    type=IdPageWire,
                ).issues
            ]
            await sample(
                "bulkfetch 100",
                "/rest/api/2/issue/bulkfetch",
                {"issueIdsOrKeys": ids, "fields": FIELDS},
                BulkFetchWire,
            )
            await sample(
                "search/jql 100 with fields",
                "/rest/api/2/search/jql",
                {"jql": JQL, "fields": FIELDS, "maxResults": 100},
                TokenIssuePage,
            )
        else:
            await sample(
                "search 1000",
                "/rest/api/2/search",
                {"jql": JQL, "fields": FIELDS, "startAt": 0, "maxResults": 1000},
                DcIssuePage,
            )
            await sample(
                "search 50",
                "/rest/api/2/search",
                {"jql": JQL, "fields": FIELDS, "startAt": 0, "maxResults": 50},
                DcIssuePage,
            )
    return out


async def client_figures(site: SandboxProcess) -> dict[str, Any]:
    async with JiraClient(config(site)) as client:
        await client.server_info()
        search = IssueSearch(client)
        count, exact = await search.count(JQL)
        fast = await timed(search.load(JQL, FIELDS))
        slow = await timed(sequential_search(client, JQL, FIELDS))
    assert count == EXPECTED
    assert len(fast.rows) == EXPECTED
    assert [r.key for r in fast.rows] == [r.key for r in slow.rows]
    return {"count": count, "exact": exact, "fast": fast, "slow": slow}


def jira_package(site: SandboxProcess) -> tuple[float, int] | str:
    """The ``jira`` package's ``search_issues(maxResults=False)``: seconds and rows, or why not."""
    try:
        from jira import JIRA
    except ImportError:
        return "the jira package is not installed (make bench installs .[test,bench])"
    t = time.perf_counter()
    jira = JIRA(server=site.url, basic_auth=(site.login, site.secret))
    try:
        issues = jira.search_issues(JQL, maxResults=False, fields=",".join(FIELDS))
    finally:
        jira.close()
    return time.perf_counter() - t, len(issues)


def report(name: str, value: float, target: str = "") -> None:
    print(f"  {name:<58} {value:9.3f}   {target}")


@pytest.mark.parametrize("flavour", ["datacenter", "cloud"])
def test_issue_load(flavour: str) -> None:
    with sandbox(flavour) as site:
        figures = asyncio.run(client_figures(site))
        server = asyncio.run(server_time(site))
        other = jira_package(site) if not site.cloud else None
    fast: Run = figures["fast"]
    slow: Run = figures["slow"]
    if site.cloud:
        id_pages, batches = math.ceil(EXPECTED / 5000), math.ceil(EXPECTED / 100)
        requests = id_pages + batches
        sandbox_cpu = (
            id_pages * server["search/jql 5000 ids"][0] + batches * server["bulkfetch 100"][0]
        )
        first_rows = 2 * LATENCY + 0.1  # an id page, then a bulkfetch
    else:
        requests = math.ceil(EXPECTED / 1000)
        sandbox_cpu = requests * server["search 1000"][0]
        first_rows = 1 * LATENCY + 0.1  # the first page
    bound = requests / CONCURRENCY * LATENCY
    print(
        f"\n[{flavour}] {EXPECTED} issues, fields {','.join(FIELDS)}, {LATENCY * 1000:.0f} ms "
        f"latency, concurrency {CONCURRENCY}, count {figures['count']} "
        f"({'exact' if figures['exact'] else 'approximate'})"
    )
    report("Jade load (s)", fast.seconds)
    report("sequential baseline (s)", slow.seconds)
    report(
        "  speed-up over sequential (x)",
        slow.seconds / fast.seconds,
        "target >= 5x on Cloud" if site.cloud else "",
    )
    report(f"latency bound: {requests} requests / {CONCURRENCY} * latency (s)", bound)
    report("  Jade load / latency bound (x)", fast.seconds / bound, "target <= 1.5x")
    # the sandbox answers on one event loop: its CPU time per request adds up, concurrency or not
    report("sandbox CPU for the load's requests, summed (s)", sandbox_cpu)
    report("  sandbox-serialised bound: latency + that (s)", LATENCY + sandbox_cpu)
    report("  Jade load / sandbox-serialised bound (x)", fast.seconds / (LATENCY + sandbox_cpu))
    report("first 50 rows (s)", fast.first_50, f"target <= {first_rows:.3f} s")
    report("longest event-loop stall, 10 ms probe (ms)", fast.stall * 1000, "target < 50 ms")
    report("  longest garbage collection during the load (ms)", fast.gc_pause * 1000)
    report("longest stall during the baseline (ms)", slow.stall * 1000)
    for kind, (seconds, decode, size) in server.items():
        report(f"sandbox time per '{kind}', latency off (ms)", seconds * 1000)
        report(f"  decode of that page ({size // 1024} KiB) into rows (ms)", decode * 1000)
    if other is not None:
        if isinstance(other, str):
            print(f"  jira package: {other}")
        else:
            seconds, rows = other
            report(f"jira package search_issues, {rows} issues (s)", seconds)
            report("  jira package / Jade load (x)", seconds / fast.seconds, "target >= 2x")
