"""Authentication per flavour, cookie sessions, and the test knobs (faults, rate limit, latency)."""

from __future__ import annotations

import time

import httpx
import pytest

from app.sandbox import Flavour, Sandbox, SandboxServer
from tests.sandbox.conftest import ClientFactory, make_sandbox

pytestmark = pytest.mark.asyncio


async def test_right_credentials_identify_the_user(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(fresh_site, "admin")
    r = await client.get("/rest/api/2/myself")
    assert r.status_code == 200
    assert r.headers["x-ausername"] == "admin"
    assert r.headers["x-seraph-loginreason"] == "OK"
    if fresh_site.flavour is Flavour.CLOUD:
        assert r.json()["accountId"] == r.headers["x-aaccountid"]
        assert r.json()["emailAddress"] == fresh_site.admin.login
    else:
        assert r.json()["name"] == fresh_site.admin.login


async def test_wrong_secret_is_refused(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site, None, auth=(fresh_site.admin.login, "not-the-secret"))
    r = await client.get("/rest/api/2/myself")
    assert r.status_code == 401
    assert r.headers["x-seraph-loginreason"] == "AUTHENTICATED_FAILED"
    if fresh_site.flavour is Flavour.CLOUD:
        assert r.json() == {
            "message": "Client must be authenticated to access this resource.",
            "status-code": 401,
        }
        # Cloud runs a request with a bad token as anonymous where anonymous access is allowed
        r = await client.get("/rest/api/2/serverInfo")
        assert r.status_code == 200
        assert r.headers["x-seraph-loginreason"] == "AUTHENTICATED_FAILED"
    else:
        assert "AUTHENTICATED_FAILED" in r.text


async def test_no_credentials(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site, None)
    assert (await client.get("/rest/api/2/serverInfo")).status_code == 200
    r = await client.get("/rest/api/2/myself")
    assert r.status_code == 401
    assert r.headers["x-ausername"] == "anonymous"
    r = await client.get("/rest/api/2/project")
    assert r.status_code == 200 and r.json() == []


async def test_personal_access_token_on_dc_only(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    headers = {"Authorization": f"Bearer {fresh_site.admin.pat}"}
    r = await client_for(fresh_site, None).get("/rest/api/2/myself", headers=headers)
    if fresh_site.flavour is Flavour.DATACENTER:
        assert r.status_code == 200 and r.json()["name"] == "admin"
        # a PAT is not a Basic password
        r = await client_for(fresh_site, None, auth=("admin", fresh_site.admin.pat)).get(
            "/rest/api/2/myself"
        )
        assert r.status_code == 401
    else:
        assert r.status_code == 401


async def test_cookie_session_lifecycle(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site, None)
    bad = await client.post(
        "/rest/auth/1/session", json={"username": fresh_site.admin.login, "password": "x"}
    )
    assert bad.status_code == 401
    r = await client.post(
        "/rest/auth/1/session",
        json={"username": fresh_site.admin.login, "password": fresh_site.admin.secret},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["session"]["name"] == "JSESSIONID"
    assert set(body["loginInfo"]) >= {"failedLoginCount", "loginCount"}
    assert client.cookies.get("JSESSIONID") == body["session"]["value"]
    me = await client.get("/rest/auth/1/session")
    assert me.status_code == 200 and me.json()["name"] == "admin"
    assert (await client.get("/rest/api/2/myself")).status_code == 200
    # an expired session answers 401 until the client logs in again
    fresh_site.store.sessions.clear()
    assert (await client.get("/rest/api/2/myself")).status_code == 401
    await client.post(
        "/rest/auth/1/session",
        json={"username": fresh_site.admin.login, "password": fresh_site.admin.secret},
    )
    assert (await client.delete("/rest/auth/1/session")).status_code == 204
    assert (await client.get("/rest/api/2/myself")).status_code == 401


@pytest.mark.parametrize("fault", ["500", "503", "html-login"])
async def test_status_faults(fresh_site: Sandbox, client_for: ClientFactory, fault: str) -> None:
    client = client_for(fresh_site)
    fresh_site.knobs.queue_faults(fault, 2)
    for _ in range(2):
        r = await client.get("/rest/api/2/myself")
        if fault == "500":
            assert r.status_code == 500 and r.json()["errorMessages"]
        elif fault == "503":
            assert r.status_code == 503 and r.headers["retry-after"] == "1"
        else:
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
            assert "<form" in r.text
    assert (await client.get("/rest/api/2/myself")).status_code == 200


async def test_truncate_fault_in_process(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    fresh_site.knobs.queue_faults("truncate")
    r = await client_for(fresh_site).get("/rest/api/2/field")
    assert 0 < len(r.content) < int(r.headers["content-length"])


async def test_drop_fault_in_process(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    fresh_site.knobs.queue_faults("drop")
    with pytest.raises(ConnectionResetError):
        await client_for(fresh_site).get("/rest/api/2/myself")


async def test_rate_limit(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    fresh_site.knobs.rate_limit = 3
    fresh_site.knobs.rate_window_s = 30
    client = client_for(fresh_site)
    for remaining in (2, 1, 0):
        r = await client.get("/rest/api/2/serverInfo")
        assert r.status_code == 200
        assert r.headers["x-ratelimit-remaining"] == str(remaining)
    r = await client.get("/rest/api/2/serverInfo")
    assert r.status_code == 429
    assert 1 <= int(r.headers["retry-after"]) <= 30
    assert r.headers["x-ratelimit-limit"] == "3"
    if fresh_site.flavour is Flavour.CLOUD:
        assert r.json()["errorMessages"] == [
            "The request has been rate-limited. Please try again later."
        ]
        assert r.headers["ratelimit-reason"]
        assert r.headers["x-ratelimit-reset"].endswith("Z")
    else:
        assert "Rate limit exceeded." in r.text
    # the limit is per user: the plain user still gets through
    assert (await client_for(fresh_site, "user").get("/rest/api/2/serverInfo")).status_code == 200


async def test_latency_knob(client_for: ClientFactory) -> None:
    site = make_sandbox(Flavour.CLOUD, issues=10, latency_ms=60)
    client = client_for(site)
    start = time.perf_counter()
    await client.get("/rest/api/2/serverInfo")
    assert time.perf_counter() - start >= 0.06


async def test_control_endpoint_sets_knobs(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site, None)
    r = await client.post("/_sandbox/knobs", json={"latency_ms": 5, "faults": ["500"]})
    assert r.status_code == 200 and r.json()["faults"] == ["500"]
    assert (await client.get("/rest/api/2/serverInfo")).status_code == 500
    assert fresh_site.knobs.latency_ms == 5
    r = await client.post("/_sandbox/knobs", json={"faults": ["explode"]})
    assert r.status_code == 400


async def test_an_absent_resource_answers_jerseys_404_after_sign_in(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(fresh_site)
    r = await client.post("/_sandbox/knobs", json={"absent": ["mypermissions"]})
    assert r.status_code == 200 and r.json()["absent"] == ["mypermissions"]
    r = await client.get("/rest/api/2/mypermissions", params={"permissions": "BROWSE_PROJECTS"})
    assert r.status_code == 404
    assert r.json() == {"message": f"null for uri: {r.request.url}", "status-code": 404}
    assert r.headers["x-ausername"] == "admin"  # signed in: the resource just is not there
    assert (await client.get("/rest/api/2/myself")).status_code == 200
    refused = client_for(fresh_site, None, auth=(fresh_site.admin.login, "not-the-secret"))
    r = await refused.get("/rest/api/2/mypermissions", params={"permissions": "ADMINISTER"})
    if fresh_site.flavour is Flavour.DATACENTER:
        assert r.status_code == 401  # credentials are checked before any resource is looked up
    r = await client.post("/_sandbox/knobs", json={"absent": []})
    assert fresh_site.knobs.absent == set()


async def test_real_loopback_server_and_network_faults() -> None:
    site = make_sandbox(Flavour.DATACENTER, issues=20)
    with SandboxServer(site) as server:
        assert server.url.startswith("http://127.0.0.1:")
        async with httpx.AsyncClient(
            base_url=server.url, auth=(site.admin.login, site.admin.secret)
        ) as client:
            r = await client.get("/rest/api/2/serverInfo")
            assert r.status_code == 200 and r.json()["deploymentType"] == "Server"
            site.knobs.queue_faults("drop")
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get("/rest/api/2/myself")
            site.knobs.queue_faults("truncate")
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get("/rest/api/2/field")
            assert (await client.get("/rest/api/2/myself")).status_code == 200
