"""Sandbox fixtures: small deterministic sites of both flavours and clients bound to them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date

import httpx
import pytest
import pytest_asyncio

from app.sandbox import Flavour, Sandbox, SandboxConfig

ANCHOR = date(2026, 11, 2)
ClientFactory = Callable[..., httpx.AsyncClient]


def make_sandbox(flavour: Flavour, **overrides: object) -> Sandbox:
    """A small site with a fixed anchor day, so its data never changes between runs."""
    config = SandboxConfig(flavour=flavour, seed=7, projects=8, issues=400, anchor=ANCHOR)
    for name, value in overrides.items():
        setattr(config, name, value)
    return Sandbox(config)


@pytest.fixture(scope="session")
def cloud_site() -> Sandbox:
    """A read-mostly Cloud site shared by the session (tests must not change it)."""
    return make_sandbox(Flavour.CLOUD)


@pytest.fixture(scope="session")
def dc_site() -> Sandbox:
    """A read-mostly Data Center site shared by the session (tests must not change it)."""
    return make_sandbox(Flavour.DATACENTER)


@pytest.fixture(params=[Flavour.CLOUD, Flavour.DATACENTER], ids=["cloud", "dc"])
def fresh_site(request: pytest.FixtureRequest) -> Sandbox:
    """A new site per test, of each flavour, for tests that change data or knobs."""
    flavour: Flavour = request.param
    return make_sandbox(flavour)


@pytest_asyncio.fixture
async def client_for() -> AsyncIterator[ClientFactory]:
    """``client_for(site, who="admin"|"user"|None)``: an httpx client over ASGITransport."""
    clients: list[httpx.AsyncClient] = []

    def factory(site: Sandbox, who: str | None = "admin", **kwargs: object) -> httpx.AsyncClient:
        account = {"admin": site.admin, "user": site.user}.get(who or "")
        if account is not None:
            kwargs.setdefault("auth", (account.login, account.secret))
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=site.app),
            base_url="http://sandbox.test",
            **kwargs,  # type: ignore[arg-type]
        )
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client.aclose()
