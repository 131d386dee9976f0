"""A site address where no Jira is, against the sandbox: the error names where Jira answers."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from app.api import JiraClient, SiteConfig, auth_for
from app.api.errors import NoJiraApiError, SchemeMismatchError
from app.api.site_address import shown_address
from app.domain.site import AuthKind
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import SandboxServer
from app.sandbox.http import ASGIApp, Receive, Scope, Send
from tests.integration.conftest import FakeSleep, Link, make_site

pytestmark = pytest.mark.asyncio


class UnderContextPath:
    """An ASGI app served under ``prefix`` (Jira deployed at ``/jira``); elsewhere Tomcat's 404."""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Strip the prefix and pass on, or answer the web server's own 404 page."""
        path: str = scope.get("path", "")
        if scope["type"] == "http" and path.startswith(self.prefix + "/"):
            await self.app({**scope, "path": path[len(self.prefix) :]}, receive, send)
            return
        body = b"<html><head><title>HTTP Status 404 - Not Found</title></head></html>"
        headers = [(b"content-type", b"text/html"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 404, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def at(link: Link, base_url: str) -> JiraClient:
    """A client for ``link``'s site, signed in as the admin, at another address."""
    config = dataclasses.replace(link.config("admin"), base_url=base_url)
    return JiraClient(config, transport=link.transport())


async def test_a_path_where_no_jira_is(link: Link) -> None:
    async with at(link, f"{link.base_url}/jira") as client:
        with pytest.raises(NoJiraApiError) as caught:
            await client.server_info()
    error = caught.value
    assert error.suggested_url == link.base_url
    assert str(error) == (
        f"No Jira REST API at this address ({link.base_url}/jira). "
        f"Jira answers at {shown_address(link.base_url)} — use that address."
    )
    assert error.status == 404 and error.reply.startswith("null for uri: ")
    assert error.suggested_url is not None
    async with at(link, error.suggested_url) as client:
        assert (await client.myself()).display_name == "Ada Admin"  # the suggestion works


async def test_jira_under_a_context_path_is_found_from_the_root() -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    transport = httpx.ASGITransport(app=UnderContextPath(site.app, "/jira"))
    auth = auth_for(AuthKind.PASSWORD, site.admin.login, site.admin.secret)
    async with JiraClient(SiteConfig("http://jira.test", auth), transport=transport) as client:
        with pytest.raises(NoJiraApiError) as caught:
            await client.server_info()
    assert caught.value.suggested_url == "http://jira.test/jira"
    assert "Jira answers at http://jira.test/jira — use that address." in str(caught.value)
    good = SiteConfig("http://jira.test/jira", auth)
    transport = httpx.ASGITransport(app=UnderContextPath(site.app, "/jira"))
    async with JiraClient(good, transport=transport) as client:
        assert (await client.myself()).display_name == "Ada Admin"


async def test_https_to_the_sandboxs_plain_http_port() -> None:
    site = make_site(SandboxFlavour.CLOUD)
    auth = auth_for(AuthKind.CLOUD_TOKEN, site.admin.login, site.admin.secret)
    with SandboxServer(site) as server:
        secure = server.url.replace("http://", "https://")
        config = SiteConfig(secure, auth, trust_env=False)
        async with JiraClient(config, sleep=FakeSleep()) as client:
            with pytest.raises(SchemeMismatchError) as caught:
                await client.server_info()
    error = caught.value
    where = server.url.removeprefix("http://")
    assert str(error) == (
        f"{where} speaks plain HTTP, not HTTPS (WRONG_VERSION_NUMBER). "
        f"Jira answers at {server.url}/ — use that address."
    )
    assert error.suggested_url == server.url
