"""Client ↔ sandbox fixtures: sites of both flavours, reached in-process and over real loopback.

``link`` (read-only, shared per session) and ``fresh_link`` (a new site per test, for knobs and
writes) are parametrised over flavour and the way of reaching the site: ``asgi`` goes through
``httpx.ASGITransport``, ``loopback`` through uvicorn on 127.0.0.1 with the production client
(HTTP/2-capable pool, real sockets).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pytest

from app.api import JiraClient, RetryPolicy, SiteConfig, auth_for
from app.domain.site import AuthKind
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox, SandboxConfig, SandboxServer

ANCHOR = date(2026, 11, 2)
FLAVOURS = [SandboxFlavour.CLOUD, SandboxFlavour.DATACENTER]
MODES = ["asgi", "loopback"]
PARAMS = [(f, m) for f in FLAVOURS for m in MODES]
IDS = [f"{'cloud' if f is SandboxFlavour.CLOUD else 'dc'}-{m}" for f, m in PARAMS]


WAIT_S = 10.0  # how long a test waits for a state it expects before failing


def make_site(flavour: SandboxFlavour, **overrides: Any) -> Sandbox:
    """A small deterministic site: 12 projects, 600 issues."""
    config = SandboxConfig(flavour=flavour, seed=7, projects=12, issues=600, anchor=ANCHOR)
    for name, value in overrides.items():
        setattr(config, name, value)
    return Sandbox(config)


class CountingTransport(httpx.AsyncBaseTransport):
    """Wraps a transport and counts requests: started, in flight now, most in flight at once."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.started = 0
        self.finished = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.log: list[tuple[str, str]] = []
        self._changed: asyncio.Event | None = None

    async def until(self, condition: Callable[[CountingTransport], bool]) -> None:
        """Wait until ``condition(self)`` holds, looking each time a request starts or ends.

        Tests wait on the state they need: a fixed sleep before looking is overrun on a loaded
        machine. Gives up (TimeoutError) after WAIT_S.
        """
        async with asyncio.timeout(WAIT_S):
            while not condition(self):
                if self._changed is None:
                    self._changed = asyncio.Event()
                await self._changed.wait()

    def _moved(self) -> None:
        changed, self._changed = self._changed, None
        if changed is not None:
            changed.set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Count, forward, and read the whole body while still counted as in flight."""
        self.started += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.log.append((request.method, request.url.path))
        self._moved()
        try:
            response = await self.inner.handle_async_request(request)
            try:
                body = await response.aread()
            finally:
                await response.aclose()
            return httpx.Response(
                response.status_code, headers=response.headers, content=body, request=request
            )
        finally:
            self.in_flight -= 1
            self.finished += 1
            self._moved()

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self.inner.aclose()

    def count(self, method: str, path_suffix: str) -> int:
        """How many requests went to a path ending in ``path_suffix``."""
        return sum(1 for m, p in self.log if m == method and p.endswith(path_suffix))


@dataclass
class FakeSleep:
    """An injectable sleep that records the delays and only yields to the loop."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


@dataclass
class Link:
    """One way of reaching one sandbox site."""

    site: Sandbox
    mode: str
    base_url: str

    @property
    def cloud(self) -> bool:
        """Whether the site is Jira Cloud."""
        return self.site.flavour is SandboxFlavour.CLOUD

    def config(
        self,
        who: str | None = "admin",
        kind: AuthKind | None = None,
        secret: str | None = None,
        **options: Any,
    ) -> SiteConfig:
        """A config signing in as ``who`` (``admin``/``user``/None) with ``kind``."""
        options.setdefault("trust_env", False)  # a developer's HTTP_PROXY must not catch loopback
        if who is None:
            return SiteConfig(self.base_url, None, **options)
        account = self.site.admin if who == "admin" else self.site.user
        kind = kind or (AuthKind.CLOUD_TOKEN if self.cloud else AuthKind.PASSWORD)
        if secret is None:
            secret = account.pat if kind is AuthKind.PAT else account.secret
        return SiteConfig(self.base_url, auth_for(kind, account.login, secret), **options)

    def transport(self, counting: bool = False) -> httpx.AsyncBaseTransport | None:
        """What to inject: ASGI in-process; for loopback nothing (or a counting real one)."""
        if self.mode == "asgi":
            inner: httpx.AsyncBaseTransport = httpx.ASGITransport(app=self.site.app)
        elif counting:
            inner = httpx.AsyncHTTPTransport(http2=True)
        else:
            return None
        return CountingTransport(inner) if counting else inner

    def client(
        self,
        who: str | None = "admin",
        kind: AuthKind | None = None,
        secret: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: FakeSleep | None = None,
        retry: RetryPolicy | None = None,
        **options: Any,
    ) -> JiraClient:
        """A ``JiraClient`` for this site (close it: filterwarnings=error catches leaks)."""
        return JiraClient(
            self.config(who, kind, secret, **options),
            transport=transport or self.transport(),
            sleep=sleep,
            retry=retry,
        )


def _link(site: Sandbox, mode: str) -> Iterator[Link]:
    if mode == "asgi":
        yield Link(site, mode, "http://jira.sandbox.test")
        return
    with SandboxServer(site) as server:
        yield Link(site, mode, server.url)


@pytest.fixture(scope="session")
def shared_sites() -> dict[SandboxFlavour, Sandbox]:
    """One read-only site per flavour for the session (tests must not change them)."""
    return {flavour: make_site(flavour) for flavour in FLAVOURS}


@pytest.fixture(scope="session", params=PARAMS, ids=IDS)
def link(
    request: pytest.FixtureRequest, shared_sites: dict[SandboxFlavour, Sandbox]
) -> Iterator[Link]:
    """A shared read-only site, per flavour, in-process and over loopback."""
    flavour, mode = request.param
    yield from _link(shared_sites[flavour], mode)


@pytest.fixture(params=PARAMS, ids=IDS)
def fresh_link(request: pytest.FixtureRequest) -> Iterator[Link]:
    """A new site for this test alone (knobs, sessions, writes), in-process and over loopback."""
    flavour, mode = request.param
    yield from _link(make_site(flavour), mode)


@pytest.fixture(scope="session", params=MODES)
def cloud_link(
    request: pytest.FixtureRequest, shared_sites: dict[SandboxFlavour, Sandbox]
) -> Iterator[Link]:
    """The shared Cloud site, in-process and over loopback."""
    yield from _link(shared_sites[SandboxFlavour.CLOUD], request.param)


@pytest.fixture(params=MODES)
def fresh_dc_link(request: pytest.FixtureRequest) -> Iterator[Link]:
    """A new Data Center site for this test alone, in-process and over loopback."""
    yield from _link(make_site(SandboxFlavour.DATACENTER), request.param)
