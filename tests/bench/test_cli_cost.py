"""Benchmark: the fixed cost of ``jade search`` for one issue at 50 ms server latency (target
under 0.45 s), per flavour.

The sandbox runs in a subprocess (``sandbox_process``) with 50 ms before every answer, so each
request the command makes in sequence costs at least 50 ms. Measured in the same run, as fresh
processes, median of ``RUNS``: the bare interpreter (``python -c pass``), the interpreter that
only imports httpx (``python -c "import httpx"``), and ``python -m app search URL --user ...
--jql "key = ..." --fields summary``; the ratios between them are printed; and the same search
with a custom field given by name (its field list is fetched beside serverInfo). Bytecode is cached
(in a private ``PYTHONPYCACHEPREFIX``) as in any installed Jade; ``jade search`` is also timed
compiling its modules on every start (``PYTHONDONTWRITEBYTECODE``, set on some machines). Then
one run under ``-X importtime`` says what the imports cost, by top-level package, and whether
modules a search does not need (the keychain, Qt, the sandbox, HTTP/2) were imported.
Run with ``make bench`` or ``pytest tests/bench/test_cli_cost.py -s -p no:cacheprovider``.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

import pytest

from tests.bench.sandbox_process import SandboxProcess, sandbox_process
from tests.conftest import ROOT

RUNS = 7
LATENCY_MS = 50.0
TARGET_S = 0.45
# a one-issue search needs none of these; keyring and secretstorage only with --profile
UNWANTED = (
    "keyring",
    "secretstorage",
    "jeepney",
    "PySide6",
    "qasync",
    "app.sandbox",
    "starlette",
    "uvicorn",
    "app.ui",
    "app.cli.check",
    "h2",
)


def _env(site: SandboxProcess, cache: str) -> dict[str, str]:
    env = {**os.environ, "JADE_TOKEN": site.secret, "PYTHONPYCACHEPREFIX": cache}
    for name in ("PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def _timed(
    arguments: list[str], env: dict[str, str]
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall seconds of one fresh process, and what it printed."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-3000:]
    return seconds, done


def _median(arguments: list[str], env: dict[str, str]) -> float:
    return statistics.median(_timed(arguments, env)[0] for _ in range(RUNS))


def _imports(stderr: str) -> tuple[float, dict[str, float], set[str]]:
    """Total import time (s), self time per top-level package (s), and every module imported."""
    total = 0.0
    by_package: dict[str, float] = defaultdict(float)
    modules: set[str] = set()
    for line in stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if not found:
            continue
        own, cumulative, indent, name = found.groups()
        modules.add(name)
        by_package[name.split(".")[0]] += int(own) / 1e6
        if not indent:
            total += int(cumulative) / 1e6
    return total, by_package, modules


@pytest.mark.parametrize("flavour", ["datacenter", "cloud"])
def test_one_issue_search_cost(flavour: str) -> None:
    with (
        sandbox_process(flavour, issues=50, projects=2, latency_ms=LATENCY_MS) as site,
        tempfile.TemporaryDirectory(prefix="jade-pycache-") as cache,
    ):
        env = _env(site, cache)
        search = ["-m", "app", "search", site.url, "--user", site.login, "--fields", "summary"]
        # the first key of the site; also warms the file cache for the measured runs
        _, listed = _timed([*search, "--jql", "project is not EMPTY ORDER BY key"], env)
        key = listed.stdout.splitlines()[1].split(",")[0]
        one = [*search, "--jql", f"key = {key}"]
        _, done = _timed(one, env)
        assert done.stdout.splitlines()[1].startswith(f"{key},"), done.stdout
        bare = _median(["-c", "pass"], env)
        httpx_only = _median(["-c", "import httpx"], env)
        jade = _median(one, env)
        # a custom field by name: the field list is fetched beside serverInfo
        points = "Story point estimate" if site.cloud else "Story Points"
        named = _median([*one, "--fields", f"summary,{points}"], env)
        compiling = _median(one, {**env, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": ""})
        _, traced = _timed(["-X", "importtime", *one], env)
    total, by_package, modules = _imports(traced.stderr)
    print(
        f"\n`jade search` for one issue, {flavour}, {LATENCY_MS:.0f} ms latency, median of {RUNS}"
    )
    rows = [
        ("python -c pass (s)", bare, ""),
        ('python -c "import httpx" (s)', httpx_only, ""),
        ("jade search, one issue (s)", jade, f"   target < {TARGET_S} s"),
        ("  jade / python -c pass (x)", jade / bare, ""),
        ("  jade / import httpx (x)", jade / httpx_only, ""),
        ("  jade over import httpx (s)", jade - httpx_only, ""),
        ("jade search --fields with a field name (s)", named, ""),
        ("jade search, compiling its modules each start (s)", compiling, ""),
    ]
    for label, value, note in rows:
        print(
            f"  {label:<52} {value:7.2f}{note}"
            if "(x)" in label
            else f"  {label:<52} {value:7.3f}{note}"
        )
    print(f"  {'imports under -X importtime, all (s)':<52} {total:7.3f}")
    for package, seconds in sorted(by_package.items(), key=lambda item: -item[1])[:10]:
        print(f"    {package:<50} {seconds:7.3f}")
    unwanted = [u for u in UNWANTED if any(m == u or m.startswith(f"{u}.") for m in modules)]
    print(f"  imported although a search does not need them: {', '.join(unwanted) or 'none'}")
