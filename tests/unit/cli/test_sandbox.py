"""``jade sandbox ...``: the hidden command a frozen Jade starts its demo sandbox with."""

from __future__ import annotations

import signal
import subprocess
import sys

import httpx
import pytest

from app.__main__ import main
from app.cli.sandbox import sandbox_command
from tests.conftest import ROOT


def test_the_command_line_runs_python_m_app_unless_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    assert sandbox_command(["--port", "0"]) == [
        sys.executable,
        "-m",
        "app",
        "sandbox",
        "--port",
        "0",
    ]
    # PyInstaller sets sys.frozen; sys.executable is then Jade itself
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert sandbox_command(["--port", "0"]) == [sys.executable, "sandbox", "--port", "0"]


def test_jade_sandbox_prints_its_url_and_serves() -> None:
    with subprocess.Popen(
        sandbox_command(["--port", "0", "--issues", "50", "--flavour", "datacenter"]),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline().strip()
            assert first.startswith("url=http://127.0.0.1:"), proc.stderr
            answer = httpx.get(
                f"{first.removeprefix('url=')}/rest/api/2/search",
                params={"maxResults": 1},
                auth=("admin", "admin-password"),
                timeout=10,
            )
            assert answer.status_code == 200
            assert answer.json()["total"] == 50
        finally:
            proc.send_signal(signal.SIGINT)
            # Ctrl+C is how the sandbox is meant to stop: a clean exit, not "interrupted"
            assert proc.wait(timeout=10) == 0


def test_usage_errors_of_the_sandbox_exit_64(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--port", "0", "--bogus"]) == 64
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_help_is_the_sandboxs_own(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["sandbox", "--help"])
    assert exited.value.code == 0
    assert "--latency-ms" in capsys.readouterr().out
