"""Jira 4.3's ``/rest/auth/1``: session login (200, 401 on bad credentials, 403 when a CAPTCHA
is due), the current user, logout, websudo; Basic auth; sessions that expire; the command line."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.sandbox import Flavour, Sandbox
from app.sandbox.__main__ import parse_args
from app.sandbox.render import jira_datetime
from tests.conftest import ROOT
from tests.sandbox.conftest import ClientFactory, make_sandbox
from tests.sandbox.legacy_brief import assert_like, brief_examples

API = "/rest/api/2.0.alpha1"
SESSION = "/rest/auth/1/session"
NOT_AUTHENTICATED = {
    "errorMessages": [
        "You are not authenticated. Authentication required to perform this operation."
    ],
    "errors": {},
}
Examples = dict[tuple[str, str, str], list[Any]]


@pytest.fixture(scope="module")
def examples(shared_dir: Path) -> Examples:
    """The brief's examples."""
    return brief_examples(shared_dir)


@pytest.fixture
def site() -> Sandbox:
    """A new Jira 4.3 site per test: logins change it."""
    return make_sandbox(Flavour.LEGACY, issues=60, projects=3)


def _login(who: str, password: str) -> dict[str, str]:
    return {"username": who, "password": password}


@pytest.mark.asyncio
async def test_session_login_as_the_brief_shows_it(
    site: Sandbox, client_for: ClientFactory, examples: Examples
) -> None:
    request = examples[("/auth/1/session", "POST", "request")][0]
    assert list(request) == ["username", "password"]
    client = client_for(site, None)
    answer = await client.post(SESSION, json=_login(site.admin.login, site.admin.secret))
    assert answer.status_code == 200
    body = answer.json()
    assert_like(body, examples[("/auth/1/session", "POST", "200")][0])
    assert body["session"]["name"] == "JSESSIONID"
    assert client.cookies["JSESSIONID"] == body["session"]["value"]
    # the cookie alone signs every later request in
    me = await client.get(SESSION)
    assert me.status_code == 200 and me.headers["X-AUSERNAME"] == "admin"
    assert_like(me.json(), examples[("/auth/1/session", "GET", "200")][0])
    assert me.json()["name"] == "admin"
    assert (await client.get(f"{API}/project")).json()  # the admin's projects
    # a second login counts, and shows the first as the previous one
    again = client_for(site, None)
    second = (await again.post(SESSION, json=_login("admin", site.admin.secret))).json()
    first = body["loginInfo"]
    assert second["loginInfo"]["loginCount"] == first["loginCount"] + 1
    # the previous login is the first one, no longer the one before it
    record = site.legacy.login_record(site.store.user_by_name("admin"))
    assert second["loginInfo"]["previousLoginTime"] == jira_datetime(record.previous_login)
    assert second["loginInfo"]["previousLoginTime"] > first["previousLoginTime"]


@pytest.mark.asyncio
async def test_bad_credentials_are_401(site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(site, None)
    before = site.legacy.login_record(site.store.user_by_name("pat")).failed_count
    for body in (_login("pat", "wrong"), _login("nobody", "x"), {"username": "pat"}):
        answer = await client.post(SESSION, json=body)
        assert answer.status_code == 401
        assert answer.json() == {"errorMessages": ["Login failed"], "errors": {}}
        assert answer.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
        assert "JSESSIONID" not in client.cookies
    # two wrong passwords for pat; the unknown user counts nowhere
    ok = (await client.post(SESSION, json=_login("pat", site.user.secret))).json()
    assert ok["loginInfo"]["failedLoginCount"] == before + 2


@pytest.mark.asyncio
async def test_a_captcha_denies_logins_with_403(site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(site, None)
    for _ in range(3):
        assert (await client.post(SESSION, json=_login("pat", "wrong"))).status_code == 401
    # now even the right password is denied: Jira wants its CAPTCHA answered on the web page
    denied = await client.post(SESSION, json=_login("pat", site.user.secret))
    assert denied.status_code == 403
    assert denied.json() == {"errorMessages": ["Login denied"], "errors": {}}
    assert denied.headers["X-Seraph-LoginReason"] == "AUTHENTICATION_DENIED"
    assert denied.headers["X-Authentication-Denied-Reason"] == (
        "CAPTCHA_CHALLENGE; login-url=http://sandbox.test/login.jsp"
    )
    # others still log in
    assert (await client.post(SESSION, json=_login("admin", site.admin.secret))).status_code == 200
    # the knob stands for the user answering the CAPTCHA on the web page
    knobs = await client.post("/_sandbox/legacy", json={"clear_captcha": True})
    assert knobs.json()["captcha_after"] == 3
    assert (await client.post(SESSION, json=_login("pat", site.user.secret))).status_code == 200


@pytest.mark.asyncio
async def test_logout_and_anonymous_callers(site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(site, None)
    anonymous = await client.get(SESSION)
    assert anonymous.status_code == 401 and anonymous.json() == NOT_AUTHENTICATED
    assert (await client.delete(SESSION)).status_code == 401
    await client.post(SESSION, json=_login("admin", site.admin.secret))
    key = sorted(site.store.issues_by_key)[0]
    assert (await client.get(f"{API}/issue/{key}")).status_code == 200
    out = await client.delete(SESSION)
    assert out.status_code == 204
    assert site.store.sessions == {}
    # the old cookie is nobody's now
    stale = client_for(site, None, cookies={"JSESSIONID": "0" * 32})
    answer = await stale.get(f"{API}/issue/{key}")
    assert answer.status_code == 404 and answer.headers["X-AUSERNAME"] == "anonymous"
    assert (await stale.get(SESSION)).status_code == 401


@pytest.mark.asyncio
async def test_an_expired_session_is_anonymous_until_renewed(
    site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(site, None)
    await client.post(SESSION, json=_login("pat", site.user.secret))
    assert (await client.get(SESSION)).status_code == 200
    expired = await client.post("/_sandbox/knobs", json={"expire_sessions": True})
    assert expired.status_code == 200
    answer = await client.get(SESSION)
    assert answer.status_code == 401 and answer.headers["X-AUSERNAME"] == "anonymous"
    assert (await client.get(f"{API}/project")).json() == []  # what anonymous may browse
    # renewal: log in again
    assert (await client.post(SESSION, json=_login("pat", site.user.secret))).status_code == 200
    assert (await client.get(SESSION)).json()["name"] == "pat"


@pytest.mark.asyncio
async def test_basic_auth_and_websudo(site: Sandbox, client_for: ClientFactory) -> None:
    basic = await client_for(site, "user").get(SESSION)
    assert basic.status_code == 200 and basic.json()["name"] == "pat"
    wrong = await client_for(site, None, auth=("pat", "wrong")).get(f"{API}/project")
    assert wrong.status_code == 401
    assert wrong.text == "Basic Authentication Failure - Reason : AUTHENTICATED_FAILED"
    # Jira 4.3 predates personal access tokens
    token = client_for(site, None, headers={"Authorization": f"Bearer {site.admin.pat}"})
    assert (await token.get(SESSION)).status_code == 401
    assert (await client_for(site).delete("/rest/auth/1/websudo")).status_code == 204


def test_command_line_serves_the_flavour() -> None:
    assert parse_args(["--flavour", "legacy"]).flavour == "legacy"
    command = [sys.executable, "-m", "app.sandbox", "--flavour", "legacy", "--issues", "40"]
    with subprocess.Popen(
        [*command, "--projects", "3"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            lines = [proc.stdout.readline().strip() for _ in range(8)]
            assert lines[1:3] == ["admin=admin:admin-password", "user=pat:user-password"]
            # the milestone services' four lines, then no personal access tokens line
            assert [line.partition("=")[0] for line in lines[3:7]] == [
                "pm-app",
                "pm-app-admin",
                "milestones-api",
                "milestones-api-admin",
            ]
            assert lines[7].startswith("# legacy site")
            url = lines[0].removeprefix("url=")
            info = httpx.get(f"{url}{API}/serverInfo", timeout=10).json()
            assert info["version"].startswith("4.3.")
            found = httpx.get(f"{url}{API}/search", auth=("admin", "admin-password"), timeout=10)
            assert found.json()["total"] == 40
        finally:
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=10) == 0
        assert proc.stderr is not None
        assert proc.stderr.read() == ""
