"""The async shell with mock transports: headers, failures mapped, truncation, limits, closing."""

from __future__ import annotations

import asyncio
import socket
import ssl

import httpx
import pytest

from app.api import SiteConfig, auth_for
from app.api.core import ApiRequest
from app.api.errors import (
    ClientClosedError,
    ConnectionDroppedError,
    NetworkError,
    NetworkTimeoutError,
    SchemeMismatchError,
    ServerError,
    TlsError,
    TruncatedResponseError,
)
from app.api.transport import SiteTransport, network_error
from app.domain.site import AuthKind

pytestmark = pytest.mark.asyncio

URL = "https://jira.example.test/rest/api/2/myself"


def config(**options: object) -> SiteConfig:
    auth = auth_for(AuthKind.PASSWORD, "admin", "pa55word")
    return SiteConfig("https://jira.example.test/jira", auth, **options)  # type: ignore[arg-type]


async def no_sleep(_: float) -> None:
    await asyncio.sleep(0)


async def test_requests_carry_auth_json_and_a_context_path() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    async with SiteTransport(config(), transport=httpx.MockTransport(answer)) as http:
        await http.send(ApiRequest("POST", "rest/api/2/search", json={"jql": "x"}))
        await http.send(ApiRequest("GET", "https://elsewhere.test/endpoint", authenticated=False))
    post, absolute = seen
    assert str(post.url) == "https://jira.example.test/jira/rest/api/2/search"
    assert post.headers["authorization"].startswith("Basic ")
    assert post.headers["content-type"] == "application/json"
    assert post.content == b'{"jql":"x"}'
    assert post.headers["accept"] == "application/json"
    assert str(absolute.url) == "https://elsewhere.test/endpoint"
    assert "authorization" not in absolute.headers


@pytest.mark.parametrize(
    ("exc", "kind", "text"),
    [
        (httpx.ConnectTimeout("timed out"), NetworkTimeoutError, "Timed out connecting to jira.example.test"),
        (httpx.ReadTimeout("timed out"), NetworkTimeoutError, "did not answer in time"),
        (httpx.ConnectError("[Errno -2] Name or service not known"), NetworkError, "Could not find the host jira.example.test"),
        (httpx.ConnectError("[Errno 111] Connection refused"), NetworkError, "refused the connection"),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"), TlsError, "is not trusted"),
        (httpx.ConnectError("[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)"), SchemeMismatchError, "WRONG_VERSION_NUMBER. The port seems to speak plain HTTP: try the address with http:// instead of https://."),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), ConnectionDroppedError, "closed the connection"),
        (ConnectionResetError("reset"), ConnectionDroppedError, "closed the connection"),
        (httpx.ProxyError("502"), NetworkError, "The proxy could not connect"),
    ],
)  # fmt: skip
async def test_network_failures_are_mapped(exc: Exception, kind: type, text: str) -> None:
    error = network_error(exc, "GET", URL)
    assert type(error) is kind
    assert text in str(error)
    assert error.status is None and error.url == URL


async def test_fetch_is_one_anonymous_try_whatever_the_status() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "down.test":
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        return httpx.Response(503, headers={"Retry-After": "1"}, text="busy")

    async with SiteTransport(config(), transport=httpx.MockTransport(answer)) as http:
        response = await http.fetch("https://other.test/rest/api/2/serverInfo")
        assert response.status == 503 and response.body == b"busy"  # not an error, not retried
        with pytest.raises(ConnectionDroppedError):
            await http.fetch("http://down.test/rest/api/2/serverInfo")
    assert [str(r.url) for r in seen] == [
        "https://other.test/rest/api/2/serverInfo",
        "http://down.test/rest/api/2/serverInfo",  # once: a drop is not retried either
    ]
    assert all("authorization" not in r.headers for r in seen)


async def test_causes_in_the_chain_are_found() -> None:
    try:
        try:
            raise ssl.SSLCertVerificationError(1, "bad")
        except ssl.SSLError as inner:
            raise httpx.ConnectError("connect failed") from inner
    except httpx.ConnectError as outer:
        assert isinstance(network_error(outer, "GET", URL), TlsError)
    try:
        try:
            raise socket.gaierror(-2, "unknown")
        except OSError as inner:
            raise httpx.ConnectError("connect failed") from inner
    except httpx.ConnectError as outer:
        assert "Could not find the host" in str(network_error(outer, "GET", URL))


async def test_a_short_body_is_truncated() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "100"}, content=b'{"name": "ha')

    async with SiteTransport(config(), transport=httpx.MockTransport(answer)) as http:
        with pytest.raises(TruncatedResponseError, match="12 of 100 bytes"):
            await http.send(ApiRequest("GET", "rest/api/2/myself"))


async def test_concurrency_limit_is_per_site() -> None:
    running = most = 0

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        return httpx.Response(200, json={})

    async with SiteTransport(config(concurrency=3), transport=httpx.MockTransport(answer)) as http:
        await asyncio.gather(*(http.send(ApiRequest("GET", f"x/{i}")) for i in range(20)))
    assert most == 3


async def test_aclose_turns_pending_requests_into_client_closed() -> None:
    started = asyncio.Event()

    async def answer(request: httpx.Request) -> httpx.Response:
        started.set()
        await asyncio.sleep(10)
        return httpx.Response(200)  # pragma: no cover - never reached

    http = SiteTransport(config(), transport=httpx.MockTransport(answer))
    task = asyncio.create_task(http.send(ApiRequest("GET", "slow")))
    await started.wait()
    await http.aclose()
    with pytest.raises(ClientClosedError) as caught:
        await task
    assert caught.value.details == "GET https://jira.example.test/jira/slow"
    assert http.in_flight == 0
    with pytest.raises(ClientClosedError):
        await http.send(ApiRequest("GET", "after"))


async def test_retries_stop_at_the_attempt_cap() -> None:
    calls = 0

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(
            502, text="<h1>Bad Gateway</h1>", headers={"Content-Type": "text/html"}
        )

    async with SiteTransport(
        config(), transport=httpx.MockTransport(answer), sleep=no_sleep
    ) as http:
        with pytest.raises(ServerError) as caught:
            await http.send(ApiRequest("GET", "x"))
    assert str(caught.value) == "Bad Gateway"
    assert calls == 4
