"""Benchmark: 5,000 projects at 50 ms server latency, from "site connected" to rows shown.

Measured in one run, over real loopback, with the sandbox in a process of its own and Jade in
another (``tests/bench/projects_load_probe.py``): the client's concurrent paging against
sequential paging (the baseline) and against the latency bound (pages / concurrency *
latency), and in a Shell the Projects pane's time to its first rows and to all rows (Cloud
pages; Data Center answers in one request). Run with ``make bench``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.bench.sandbox_process import sandbox_process
from tests.conftest import ROOT

PROJECTS = 5000
LATENCY_S = 0.05


def _probe(flavour: str) -> dict[str, float]:
    with sandbox_process(
        flavour, issues=PROJECTS, projects=PROJECTS, latency_ms=LATENCY_S * 1000
    ) as site:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.bench.projects_load_probe",
                site.url,
                site.login,
                site.secret,
                flavour,
                str(LATENCY_S),
            ],
            cwd=ROOT,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-4000:]
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_five_thousand_projects_cloud() -> None:
    r = _probe("cloud")
    print(
        f"\nCloud, 5,000 projects, 50 ms latency, concurrency 6: all loaded in {r['concurrent_s']:.2f} s "
        f"(sequential paging {r['sequential_s']:.2f} s: x{r['sequential_s'] / r['concurrent_s']:.1f} faster; "
        f"latency bound {r['latency_bound_s']:.2f} s: x{r['concurrent_s'] / r['latency_bound_s']:.2f} of it). "
        f"Pane: first rows {r['ui_first_rows_s'] * 1000:.0f} ms after connected, all rows "
        f"{r['ui_all_rows_s']:.2f} s"
    )
    assert r["projects"] == PROJECTS


def test_five_thousand_projects_datacenter() -> None:
    r = _probe("datacenter")
    print(
        f"\nData Center, 5,000 projects in one answer, 50 ms latency: loaded in {r['concurrent_s']:.2f} s. "
        f"Pane: first rows {r['ui_first_rows_s'] * 1000:.0f} ms after connected, all rows "
        f"{r['ui_all_rows_s']:.2f} s"
    )
    assert r["projects"] == PROJECTS
