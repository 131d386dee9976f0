"""The demo sandbox runs in a child process: started at once, awaited on the qasync loop, and
ended with Jade however Jade ends (stop(), or the parent killed outright)."""

from __future__ import annotations

import asyncio
import ctypes
import os
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import qasync
from pytestqt.qtbot import QtBot

from app.domain.secret import Secret
from app.domain.site import AuthKind, SiteKind
from app.store.keychain import SecretStore
from app.store.profiles import validate_profile
from app.ui.shell.demo import (
    DemoLauncher,
    DemoStartError,
    MemoryProfiles,
    demo_profile_id,
    open_demo,
    sandbox_command,
)
from tests.conftest import ROOT

WAIT_MS = 30000  # a loaded 2-core machine may take a while to start Python and generate a site


def _await(qtbot: QtBot, future: asyncio.Future[Any]) -> None:
    qtbot.waitUntil(future.done, timeout=WAIT_MS)


@pytest.fixture
def launchers() -> Iterator[list[DemoLauncher]]:
    """Launchers a test started; each is stopped afterwards, so no child outlives its test."""
    started: list[DemoLauncher] = []
    yield started
    for launcher in started:
        launcher.stop()


def test_demo_profile_id_is_stable_per_flavour_and_a_valid_profile_id() -> None:
    cloud, datacenter = demo_profile_id("cloud"), demo_profile_id("datacenter")
    assert cloud == demo_profile_id("cloud") and cloud != datacenter
    assert demo_profile_id("greenhopper") not in (cloud, datacenter)
    assert len(cloud) == 32 and int(cloud, 16) >= 0
    with pytest.raises(ValueError, match="cloud, datacenter, greenhopper"):
        demo_profile_id("server")


def test_sandbox_command_runs_the_module_or_the_frozen_executable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert sandbox_command(["--port", "0"]) == [sys.executable, "-m", "app.sandbox", "--port", "0"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert sandbox_command(["--port", "0"]) == [sys.executable, "sandbox", "--port", "0"]


@pytest.mark.parametrize(
    ("flavour", "kind", "auth", "login", "secret"),
    [
        (
            "cloud",
            SiteKind.JIRA_CLOUD,
            AuthKind.CLOUD_TOKEN,
            "admin@jade-sandbox.test",
            "sandbox-admin-token",
        ),
        ("datacenter", SiteKind.JIRA_DATACENTER, AuthKind.PASSWORD, "admin", "admin-password"),
        ("greenhopper", SiteKind.JIRA_DATACENTER, AuthKind.PASSWORD, "admin", "admin-password"),
    ],
)
def test_the_child_serves_the_demo_site_until_stopped(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    launchers: list[DemoLauncher],
    flavour: str,
    kind: SiteKind,
    auth: AuthKind,
    login: str,
    secret: str,
) -> None:
    launcher = DemoLauncher(flavour, issues=40).start()
    launchers.append(launcher)
    ready = asyncio.ensure_future(launcher.ready())
    _await(qtbot, ready)
    site = ready.result()

    assert site.pid == launcher.pid and site.pid != os.getpid()
    profile = site.profile
    assert (profile.kind, profile.auth, profile.user) == (kind, auth, login)
    assert profile.id == demo_profile_id(flavour)
    assert validate_profile(profile) == profile
    assert site.secret.reveal() == secret
    answer = httpx.get(
        f"{profile.base_url}/rest/api/2/myself", auth=(login, site.secret.reveal()), timeout=10
    )
    assert answer.status_code == 200

    assert launcher.stop() == 0
    assert launcher.returncode == 0
    with pytest.raises(httpx.ConnectError):
        httpx.get(profile.base_url, timeout=5)


def test_the_legacy_demo_is_a_jira_4_3_site(
    qtbot: QtBot, qloop: qasync.QEventLoop, launchers: list[DemoLauncher]
) -> None:
    launcher = DemoLauncher("legacy", issues=40).start()
    launchers.append(launcher)
    ready = asyncio.ensure_future(launcher.ready())
    _await(qtbot, ready)
    profile = ready.result().profile
    assert (profile.kind, profile.auth, profile.user) == (
        SiteKind.JIRA_LEGACY,
        AuthKind.PASSWORD,
        "admin",
    )
    assert validate_profile(profile) == profile
    legacy = f"{profile.base_url}/rest/api/2.0.alpha1"
    assert httpx.get(f"{legacy}/serverInfo", timeout=10).json()["version"].startswith("4.3.")
    found = httpx.get(f"{legacy}/search", auth=("admin", "admin-password"), timeout=10)
    assert found.json()["total"] == 40
    assert httpx.get(f"{profile.base_url}/rest/api/2/serverInfo", timeout=10).status_code == 404
    assert launcher.stop() == 0


def test_open_demo_keeps_the_profile_and_its_secret_for_the_session(
    qtbot: QtBot, qloop: qasync.QEventLoop, launchers: list[DemoLauncher]
) -> None:
    launcher = DemoLauncher("datacenter", issues=10).start()
    launchers.append(launcher)
    profiles = MemoryProfiles()
    secrets = SecretStore(session_only=True)
    opened = asyncio.ensure_future(open_demo(launcher, profiles, secrets))
    _await(qtbot, opened)
    stored = opened.result()
    jira, app, api = profiles.profiles
    assert jira == stored
    assert stored.id == demo_profile_id("datacenter")
    assert secrets.get_blocking(stored.id) == Secret("admin-password")
    # the milestone services the sandbox serves beside Jira, signed in as the administrator
    assert (app.kind, app.auth, app.user) == (
        SiteKind.PROJECT_MILESTONES,
        AuthKind.APP_TOKEN,
        "admin@jade-sandbox.test",
    )
    assert app.base_url.startswith(stored.base_url) and app.base_url.endswith("/milestones")
    assert app.id == demo_profile_id("datacenter", "pm-app")
    assert secrets.get_blocking(app.id) == Secret("sandbox-app-admin-token")
    assert (api.kind, api.auth, api.user) == (SiteKind.MILESTONES_API, AuthKind.API_KEY, "")
    assert api.base_url == f"{stored.base_url}/milestones-api"
    assert secrets.get_blocking(api.id) == Secret("sandbox-api-admin-key")
    secrets.close()


def test_a_child_that_exits_early_is_reported_with_its_stderr(
    qtbot: QtBot, qloop: qasync.QEventLoop, launchers: list[DemoLauncher]
) -> None:
    script = "import sys; sys.stderr.write('port 80 is taken\\n'); sys.exit(3)"
    launcher = DemoLauncher("cloud", command=[sys.executable, "-c", script]).start()
    launchers.append(launcher)
    ready = asyncio.ensure_future(launcher.ready())
    _await(qtbot, ready)
    error = ready.exception()
    assert isinstance(error, DemoStartError)
    assert error.summary == "The demo sandbox exited with code 3 before it was ready."
    assert error.stderr_tail == "port 80 is taken"
    assert "port 80 is taken" in str(error)


def test_a_child_that_prints_no_address_times_out_with_its_stderr(
    qtbot: QtBot, qloop: qasync.QEventLoop, launchers: list[DemoLauncher]
) -> None:
    # the stand-in says something, then waits for its input to end, printing no address
    script = "import sys; print('starting', file=sys.stderr, flush=True); sys.stdin.read()"
    launcher = DemoLauncher("cloud", timeout=0.5, command=[sys.executable, "-c", script]).start()
    launchers.append(launcher)
    ready = asyncio.ensure_future(launcher.ready())
    _await(qtbot, ready)
    error = ready.exception()
    assert isinstance(error, DemoStartError)
    assert error.summary == "The demo sandbox printed no address within 0.5 s."
    assert launcher.returncode is None  # still running: stop() is the caller's to call
    assert launcher.stop() == 0


def test_a_child_that_cannot_be_started_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(DemoStartError, match="could not be started"):
        DemoLauncher("cloud", command=[str(tmp_path / "no-such-python")]).start()


def test_stop_before_the_site_is_ready_ends_the_child_during_generation(
    qtbot: QtBot, qloop: qasync.QEventLoop, launchers: list[DemoLauncher]
) -> None:
    launcher = DemoLauncher("cloud", issues=200_000).start()
    launchers.append(launcher)
    ready = asyncio.ensure_future(launcher.ready())
    assert launcher.stop() == 0
    _await(qtbot, ready)
    error = ready.exception()
    assert isinstance(error, DemoStartError) and "before it was ready" in error.summary


# the parent of this test: starts the demo, says the child's pid, then waits to be killed
PARENT = """
import asyncio, sys
from app.ui.shell.demo import DemoLauncher

launcher = DemoLauncher(sys.argv[1], issues=20).start()
site = asyncio.run(launcher.ready())
print(site.pid, flush=True)
sys.stdin.read()
"""

PR_SET_CHILD_SUBREAPER = 36


@pytest.mark.skipif(sys.platform != "linux", reason="uses prctl and pidfd to watch the orphan")
def test_killing_the_parent_ends_the_child() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    # as a subreaper this process inherits the orphaned child, so it can reap it and read its
    # exit status: 0 means the sandbox stopped on its own, not by a signal
    assert libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    child = 0
    try:
        with subprocess.Popen(
            [sys.executable, "-c", PARENT, "datacenter"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        ) as parent:
            assert parent.stdout is not None
            child = int(parent.stdout.readline())
            parent.send_signal(signal.SIGKILL)
            assert parent.wait(timeout=10) == -signal.SIGKILL
        watch = os.pidfd_open(child)
        try:
            readable, _, _ = select.select([watch], [], [], WAIT_MS / 1000)
        finally:
            os.close(watch)
        assert readable, "the sandbox outlived its killed parent"
        _, status = os.waitpid(child, 0)
        child = 0
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        if child:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)
