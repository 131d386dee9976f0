"""``python -m app.sandbox`` prints its URL and logins first, then serves until interrupted;
with ``--exit-with-stdin`` it also stops, quietly, when its standard input ends."""

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
    assert proc.stderr is not None
    assert proc.stderr.read() == ""  # no traceback, no shutdown chatter


def _sandbox(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.sandbox", "--port", "0", "--projects", "3", *arguments],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_end_of_input_stops_the_serving_sandbox_quietly() -> None:
    with _sandbox("--issues", "20", "--exit-with-stdin") as proc:
        assert proc.stdin is not None and proc.stdout is not None
        url = proc.stdout.readline().strip().removeprefix("url=")
        assert httpx.get(f"{url}/rest/api/2/serverInfo", timeout=10).status_code == 200
        proc.stdin.close()
        assert proc.wait(timeout=10) == 0
        assert proc.stderr is not None and proc.stderr.read() == ""


def test_end_of_input_interrupts_the_generation() -> None:
    # input ends before the sandbox starts: it must not spend seconds generating 200,000 issues
    # for nobody, nor print a URL nobody will use
    with _sandbox("--issues", "200000", "--exit-with-stdin") as proc:
        assert proc.stdin is not None
        proc.stdin.close()
        assert proc.wait(timeout=10) == 0
        assert proc.stdout is not None and proc.stdout.read() == ""
        assert proc.stderr is not None and proc.stderr.read() == ""


def test_without_the_option_the_end_of_input_changes_nothing() -> None:
    with _sandbox("--flavour", "datacenter", "--issues", "50") as proc:
        assert proc.stdin is not None
        proc.stdin.close()
        _check(proc)


def test_ctrl_c_works_even_when_inherited_as_ignored() -> None:
    # a shell's background job starts with SIGINT ignored; the sandbox still stops on it
    with subprocess.Popen(
        [sys.executable, "-m", "app.sandbox", "--flavour", "datacenter", "--issues", "50"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # noqa: PLW1509
    ) as proc:
        _check(proc)
