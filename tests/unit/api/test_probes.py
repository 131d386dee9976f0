"""The connection test: serverInfo first, the rest at once, skippable, and mypermissions optional."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
import msgspec
import pytest

from app.api import EVERY_PROBE, JiraClient, ProbeSet, SiteConfig, auth_for, probe_client
from app.api.errors import AuthenticationError, NotFoundError
from app.api.probes import CONNECTION_PERMISSIONS, probe_connection
from app.domain.site import AuthKind

pytestmark = pytest.mark.asyncio

CONFIG = SiteConfig("https://jira.example.test", auth_for(AuthKind.PASSWORD, "fred", "pw"))
ME = {"name": "fred", "displayName": "Fred F"}
JERSEY_404 = {"message": "null for uri: https://jira.example.test/x", "status-code": 404}
Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]


def permissions(*held: str) -> dict[str, object]:
    return {
        "permissions": {k: {"key": k, "havePermission": k in held} for k in CONNECTION_PERMISSIONS}
    }


class ScriptedSite(httpx.AsyncBaseTransport):
    """Answers by path ending; ``hold`` makes a path wait for a gate the test opens."""

    def __init__(self, server_info: bytes, answers: dict[str, httpx.Response]) -> None:
        self.server_info = server_info
        self.answers = answers
        self.started: list[str] = []
        self.finished: list[str] = []
        self.cancelled: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}
        self.arrived: dict[str, asyncio.Event] = {}

    def hold(self, suffix: str) -> asyncio.Event:
        """Keep requests to ``suffix`` waiting until the returned event is set."""
        self.gates[suffix] = asyncio.Event()
        self.arrived[suffix] = asyncio.Event()
        return self.gates[suffix]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """The scripted answer, after the gate for its path opened."""
        name = request.url.path.rpartition("/")[2]
        self.started.append(name)
        try:
            if name in self.gates:
                self.arrived[name].set()
                await self.gates[name].wait()
        except asyncio.CancelledError:
            self.cancelled.append(name)
            raise
        self.finished.append(name)
        if name == "serverInfo":
            return httpx.Response(200, content=self.server_info)
        return self.answers.get(name) or httpx.Response(404, json=JERSEY_404)


@pytest.fixture
def dc_info() -> bytes:
    # no DC 8+ serverInfo is recorded in samples/: the fields Jade reads, as DC 10 sends them
    return msgspec.json.encode(
        {
            "baseUrl": "https://jira.example.test",
            "version": "10.3.12",
            "versionNumbers": [10, 3, 12],
            "deploymentType": "Server",
            "buildNumber": 10030012,
            "serverTitle": "Jira",
        }
    )


async def test_server_info_first_then_user_and_permissions_at_once(dc_info: bytes) -> None:
    site = ScriptedSite(
        dc_info,
        {
            "myself": httpx.Response(200, json=ME),
            "mypermissions": httpx.Response(200, json=permissions("BROWSE_PROJECTS")),
        },
    )
    # each probe waits until the other has arrived: run one after the other, this never ends
    myself, mine = site.hold("myself"), site.hold("mypermissions")

    async def open_when_both_arrived() -> None:
        await site.arrived["myself"].wait()
        await site.arrived["mypermissions"].wait()
        myself.set()
        mine.set()

    async with JiraClient(CONFIG, transport=site) as client:
        opener = asyncio.ensure_future(open_when_both_arrived())
        report = await asyncio.wait_for(probe_client(client), timeout=10)
        await opener
    assert site.started[0] == "serverInfo" and site.finished[0] == "serverInfo"
    assert sorted(site.started[1:]) == ["mypermissions", "myself"]
    assert report.user is not None and report.user.display_name == "Fred F"
    assert report.held == ("BROWSE_PROJECTS",) and report.missing == ()
    assert report.holds("ADMINISTER") is False and report.holds("NOT_ASKED") is None


async def test_callers_skip_what_they_do_not_need(dc_info: bytes) -> None:
    answers = {
        "myself": httpx.Response(200, json=ME),
        "mypermissions": httpx.Response(200, json=permissions("ADMINISTER")),
    }
    site = ScriptedSite(dc_info, answers)
    report = await probe_connection(CONFIG, transport=site, probes=ProbeSet(permissions=False))
    assert site.started == ["serverInfo", "myself"]
    assert report.user is not None and report.permissions is None and report.missing == ()

    site = ScriptedSite(dc_info, answers)
    only = ProbeSet(user=False, permission_keys=("ADMINISTER",))
    report = await probe_connection(CONFIG, transport=site, probes=only)
    assert site.started == ["serverInfo", "mypermissions"]
    assert report.user is None and report.permissions == {"ADMINISTER": True}

    site = ScriptedSite(dc_info, answers)
    report = await probe_connection(CONFIG, transport=site, probes=ProbeSet(False, False))
    assert site.started == ["serverInfo"] and report.user is None and report.permissions is None


async def test_a_site_without_mypermissions_connects_with_permissions_unknown(
    dc_info: bytes,
) -> None:
    site = ScriptedSite(dc_info, {"myself": httpx.Response(200, json=ME)})
    async with JiraClient(CONFIG, transport=site) as client:
        report = await probe_client(client, EVERY_PROBE)
        assert report.permissions is None and report.held is None
        assert report.missing == ("mypermissions",)
        assert report.holds("ADMINISTER") is None
        # known to be absent now: a project's permissions are not asked again
        assert await client.my_permissions(["ADMINISTER_PROJECTS"], project_key="ABC") is None
    assert site.started.count("mypermissions") == 1


async def test_a_missing_project_is_still_an_error(dc_info: bytes) -> None:
    missing = {"errorMessages": ["No project could be found with key 'NOPE'."], "errors": {}}
    site = ScriptedSite(dc_info, {"mypermissions": httpx.Response(404, json=missing)})
    async with JiraClient(CONFIG, transport=site) as client:
        with pytest.raises(NotFoundError, match="No project could be found"):
            await client.my_permissions(["ADMINISTER_PROJECTS"], project_key="NOPE")
        assert client.missing == frozenset()


async def test_a_failed_probe_cancels_the_other_and_raises_its_own_error(dc_info: bytes) -> None:
    refused = httpx.Response(
        401, text="Basic Authentication Failure - Reason : AUTHENTICATED_FAILED"
    )
    site = ScriptedSite(dc_info, {"myself": refused})
    site.hold("mypermissions")  # never opened: only the failure of myself can end the test
    async with JiraClient(CONFIG, transport=site) as client:
        with pytest.raises(AuthenticationError) as caught:
            await asyncio.wait_for(probe_client(client), timeout=10)
        assert client.http.in_flight == 0
    assert type(caught.value) is AuthenticationError  # not an ExceptionGroup
    assert site.cancelled == ["mypermissions"]


async def test_cancelling_the_test_cancels_both_probes(dc_info: bytes) -> None:
    site = ScriptedSite(dc_info, {})
    site.hold("myself")
    site.hold("mypermissions")
    async with JiraClient(CONFIG, transport=site) as client:
        running = asyncio.ensure_future(probe_client(client))
        await site.arrived["myself"].wait()
        await site.arrived["mypermissions"].wait()
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
        assert client.http.in_flight == 0
    assert sorted(site.cancelled) == ["mypermissions", "myself"]
