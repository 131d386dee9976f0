"""``jade check``: one JSON object on success, the error text and a precise exit code otherwise."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date

import httpx
import pytest

from app.api.probes import CONNECTION_PERMISSIONS
from app.cli.check import run_check
from app.cli.site_args import SiteArguments
from app.sandbox import Flavour, Sandbox, SandboxConfig, SandboxServer
from tests.conftest import ROOT


def _site(flavour: Flavour) -> Sandbox:
    return Sandbox(
        SandboxConfig(flavour=flavour, seed=3, projects=4, issues=30, anchor=date(2026, 11, 2))
    )


async def _run(request: SiteArguments, site: Sandbox) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(request, out=out, err=err, transport=httpx.ASGITransport(app=site.app))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.asyncio
@pytest.mark.parametrize("flavour", [Flavour.CLOUD, Flavour.DATACENTER])
async def test_success_prints_one_json_object(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    code, out, err = await _run(SiteArguments("https://jira.test", user=site.admin.login), site)
    assert code == 0, err
    body = json.loads(out)
    assert body["flavour"] == ("cloud" if flavour is Flavour.CLOUD else "datacenter")
    assert body["deploymentType"] == ("Cloud" if flavour is Flavour.CLOUD else "Server")
    assert body["displayName"] == "Ada Admin"
    assert body["permissions"] == list(CONNECTION_PERMISSIONS)  # the admin holds every key
    assert body["missing"] == []
    assert set(body) == {
        "flavour",
        "version",
        "deploymentType",
        "user",
        "displayName",
        "permissions",
        "missing",
    }
    assert err == ""


@pytest.mark.asyncio
async def test_permissions_are_the_keys_held(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.user.secret)
    code, out, err = await _run(SiteArguments("https://jira.test", user=site.user.login), site)
    assert code == 0, err
    held = json.loads(out)["permissions"]
    assert "BROWSE_PROJECTS" in held and "ADMINISTER" not in held
    assert held == [key for key in CONNECTION_PERMISSIONS if key in held]  # in the order asked


@pytest.mark.asyncio
@pytest.mark.parametrize("flavour", [Flavour.CLOUD, Flavour.DATACENTER])
async def test_a_site_without_mypermissions_passes_with_permissions_unknown(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(flavour)
    site.knobs.absent.add("mypermissions")
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    code, out, err = await _run(SiteArguments("https://jira.test", user=site.admin.login), site)
    assert code == 0, err
    body = json.loads(out)
    assert body["permissions"] is None and body["missing"] == ["mypermissions"]
    assert body["displayName"] == "Ada Admin"
    assert err.splitlines() == [
        "jade check: Jira did not say which permissions you hold (the site has no mypermissions "
        "resource): Jira decides when you act."
    ]


@pytest.mark.asyncio
async def test_personal_access_token_without_user(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.pat)
    code, out, _ = await _run(SiteArguments("https://jira.test"), site)
    assert code == 0 and json.loads(out)["user"] == "admin"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("fault", "expected", "words"),
    [("html-login", 5, "login page"), ("drop", 4, ""), ("truncate", 5, "")],
)
async def test_failures_map_to_exit_codes(
    fault: str, expected: int, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    site.knobs.queue_faults(fault, 10)
    code, out, err = await _run(SiteArguments("https://jira.test", user="admin"), site)
    assert code == expected, err
    assert out == "" and err.startswith("jade check: ")
    assert words in err


@pytest.mark.asyncio
async def test_wrong_secret_is_an_authentication_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", "wrong-password")
    code, _, err = await _run(SiteArguments("https://jira.test", user="admin"), site)
    assert code == 2
    assert "wrong-password" not in err


@pytest.mark.asyncio
async def test_a_refused_personal_access_token_says_token_not_basic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", "not-a-token")
    code, out, err = await _run(SiteArguments("https://jira.test"), site)
    assert code == 2 and out == ""
    first, *details = err.splitlines()
    assert first.startswith("jade check: Jira refused the personal access token")
    assert "Basic" not in first
    # Jira's own words are kept, below, with the status
    assert "HTTP 401 Unauthorized" in details
    assert (
        "The server said: Basic Authentication Failure - Reason : AUTHENTICATED_FAILED" in details
    )
    assert "not-a-token" not in err


@pytest.mark.asyncio
async def test_forbidden_is_exit_code_three(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    inner = httpx.ASGITransport(app=site.app)

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/myself"):
            body = b'{"errorMessages":["Basic Authentication Failure - Reason : AUTHENTICATION_DENIED"]}'
            return httpx.Response(403, content=body, headers={"content-type": "application/json"})
        return await inner.handle_async_request(request)

    out, err = io.StringIO(), io.StringIO()
    code = await run_check(
        SiteArguments("https://jira.test", user="admin"),
        out=out,
        err=err,
        transport=httpx.MockTransport(handler),
    )
    assert code == 3
    assert "AUTHENTICATION_DENIED" in err.getvalue()


@pytest.mark.asyncio
async def test_missing_token_and_url(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(Flavour.CLOUD)
    monkeypatch.delenv("JADE_TOKEN", raising=False)
    code, _, err = await _run(SiteArguments("https://jira.test", user="x@y.test"), site)
    assert code == 1 and "JADE_TOKEN" in err
    monkeypatch.setenv("JADE_TOKEN", "x")
    code, _, err = await _run(SiteArguments(None), site)
    assert code == 1 and "URL" in err


@pytest.mark.asyncio
async def test_an_address_without_jira_is_a_protocol_failure_naming_jiras_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    code, out, err = await _run(SiteArguments("https://jira.test/jira", user="admin"), site)
    assert code == 5 and out == ""
    lines = err.splitlines()
    assert lines[0] == (
        "jade check: No Jira REST API at this address (https://jira.test/jira). "
        "Jira answers at https://jira.test/ — use that address."
    )
    assert "HTTP 404 Not Found" in lines
    assert "The server said: null for uri: https://jira.test/jira/rest/api/2/serverInfo" in lines


@pytest.mark.asyncio
async def test_https_to_a_plain_http_port_is_a_network_failure_naming_http(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site(Flavour.CLOUD)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    out, err = io.StringIO(), io.StringIO()
    with SandboxServer(site) as server:
        secure = server.url.replace("http://", "https://")
        code = await run_check(SiteArguments(secure, user=site.admin.login), out=out, err=err)
    assert code == 4 and out.getvalue() == ""
    assert err.getvalue().splitlines()[0] == (
        f"jade check: {server.url.removeprefix('http://')} speaks plain HTTP, not HTTPS "
        f"(WRONG_VERSION_NUMBER). Jira answers at {server.url}/ — use that address."
    )


def test_command_line_over_real_loopback() -> None:
    site = _site(Flavour.CLOUD)
    with SandboxServer(site) as server:
        env = {**os.environ, "JADE_TOKEN": site.admin.secret}
        done = subprocess.run(
            [sys.executable, "-m", "app", "check", server.url, "--user", site.admin.login],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["flavour"] == "cloud"
    assert site.admin.secret not in done.stdout + done.stderr
