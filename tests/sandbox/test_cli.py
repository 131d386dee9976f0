"""``python -m app.sandbox`` prints its URL and logins first, then serves until interrupted."""

from __future__ import annotations

import signal
import subprocess
import sys

import httpx

from tests.conftest import ROOT


def test_cli_prints_three_lines_then_serves() -> None:
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.sandbox",
            "--flavour",
            "datacenter",
            "--port",
            "0",
            "--issues",
            "50",
            "--projects",
            "3",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        _check(proc)


def _check(proc: subprocess.Popen[str]) -> None:
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().strip() for _ in range(3)]
        assert lines[0].startswith("url=http://127.0.0.1:")
        assert lines[1] == "admin=admin:admin-password"
        assert lines[2] == "user=pat:user-password"
        url = lines[0].removeprefix("url=")
        r = httpx.get(
            f"{url}/rest/api/2/search",
            params={"maxResults": 1},
            auth=("admin", "admin-password"),
            timeout=10,
        )
        assert r.status_code == 200
        assert r.json()["total"] == 50
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
