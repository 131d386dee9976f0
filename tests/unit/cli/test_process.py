"""``jade COMMAND`` as a real process: Ctrl+C exits 130 without a traceback, no command ever
loads Qt, and a command loads only what it runs on.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.sandbox import Flavour, Sandbox, SandboxConfig, SandboxServer
from tests.conftest import ROOT

QT_MODULES = ("PySide6", "shiboken6", "qasync")
# never needed by a search of a URL: the keychain (only --profile), the other commands, the
# sandbox and its server, httpx's own command line
NOT_FOR_SEARCH = (
    "keyring",
    "secretstorage",
    "jeepney",
    "app.store.keychain",
    "app.cli.check",
    "app.cli.sandbox",
    "app.sandbox",
    "starlette",
    "uvicorn",
    "rich",
    "pygments",
    "app.ui",
)
REQUIRED = {
    "check": [],
    "search": ["--jql", "project is not EMPTY order by key", "--fields", "summary"],
}


def _site(flavour: Flavour = Flavour.DATACENTER) -> Sandbox:
    return Sandbox(
        SandboxConfig(flavour=flavour, seed=3, projects=2, issues=30, anchor=date(2026, 11, 2))
    )


def _hold(site: Sandbox, path_part: str) -> threading.Event:
    """Hold every request whose path contains ``path_part`` forever; the event says one came."""
    arrived = threading.Event()
    inner = site.app

    async def holding(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and path_part in scope["path"]:
            arrived.set()
            await asyncio.Event().wait()  # until the server cancels it at shutdown
        await inner(scope, receive, send)

    site.app = holding
    return arrived


def _env(site: Sandbox) -> dict[str, str]:
    return {**os.environ, "JADE_TOKEN": site.admin.secret}


@pytest.mark.parametrize(
    ("command", "flavour", "held", "extra", "output"),
    [
        ("check", Flavour.DATACENTER, "/myself", [], None),
        # the first request: the output file was created (as .part) before connecting
        ("search", Flavour.DATACENTER, "/serverInfo", [], "issues.csv"),
        # checking --fields against the site's field list
        ("search", Flavour.DATACENTER, "/field", ["--fields", "Story Points"], "issues.csv"),
        # the search itself, writing to standard output
        ("search", Flavour.DATACENTER, "/search", [], None),
        # Cloud's second step, the issues of the id page, as JSON lines
        ("search", Flavour.CLOUD, "/bulkfetch", ["--format", "json"], "issues.json"),
    ],
    ids=["check", "search-serverinfo", "search-fields", "search-stdout", "search-cloud-json"],
)
def test_ctrl_c_exits_130_without_a_traceback(
    command: str,
    flavour: Flavour,
    held: str,
    extra: list[str],
    output: str | None,
    tmp_path: Path,
) -> None:
    site = _site(flavour)
    arrived = _hold(site, held)
    to_file = ["--output", str(tmp_path / output)] if output else []
    with SandboxServer(site) as server:
        argv = [sys.executable, "-m", "app", command, server.url, "--user", site.admin.login]
        with subprocess.Popen(
            [*argv, *REQUIRED[command], *extra, *to_file],
            cwd=ROOT,
            env=_env(site),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as proc:
            try:
                assert arrived.wait(timeout=60), "the command never reached the site"
                if output:
                    # the export had begun: its file exists, still under the .part name
                    assert os.listdir(tmp_path) == [f"{output}.part"]
                proc.send_signal(signal.SIGINT)
                out, err = proc.communicate(timeout=30)
            finally:
                if proc.poll() is None:
                    proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert err == f"jade {command}: interrupted\n"
    assert out == ""
    assert os.listdir(tmp_path) == []  # --output is written whole or not at all


def _imported(command: str) -> list[str]:
    """The modules ``jade COMMAND`` imports against a sandbox, from ``-X importtime``."""
    site = _site()
    with SandboxServer(site) as server:
        done = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-m",
                "app",
                command,
                server.url,
                "--user",
                site.admin.login,
                *REQUIRED[command],
            ],
            cwd=ROOT,
            env=_env(site),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    imported = [
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    ]
    assert f"app.cli.{command}" in imported  # the import log is the one we think it is
    return imported


def _under(names: list[str], packages: tuple[str, ...]) -> list[str]:
    return [n for n in names if any(n == p or n.startswith(f"{p}.") for p in packages)]


@pytest.mark.parametrize("command", ["check", "search"])
def test_commands_never_import_qt(command: str) -> None:
    assert _under(_imported(command), QT_MODULES) == []


def test_search_of_a_url_imports_only_what_it_runs_on() -> None:
    assert _under(_imported("search"), NOT_FOR_SEARCH) == []
