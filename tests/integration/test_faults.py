"""The sandbox's fault and rate-limit knobs, and how the client retries, waits and reports them."""

from __future__ import annotations

import time

import pytest

from app.api import RetryPolicy
from app.api.core import ApiRequest
from app.api.errors import (
    ConnectionDroppedError,
    LoginPageError,
    RateLimitedError,
    ServerError,
    TruncatedResponseError,
)
from tests.integration.conftest import CountingTransport, FakeSleep, Link

pytestmark = pytest.mark.asyncio


def counted(link: Link) -> CountingTransport:
    transport = link.transport(counting=True)
    assert isinstance(transport, CountingTransport)
    return transport


def new_version(link: Link) -> ApiRequest:
    """A POST that changes data: never safe to send twice."""
    project = next(iter(link.site.store.projects.values()))
    return ApiRequest(
        "POST", "rest/api/2/version", json={"name": "Retry check", "project": project.key}
    )


async def test_500_is_a_server_error_in_jiras_words_and_not_retried(fresh_link: Link) -> None:
    transport, sleep = counted(fresh_link), FakeSleep()
    async with fresh_link.client(transport=transport, sleep=sleep) as client:
        await client.server_info()
        fresh_link.site.knobs.queue_faults("500")
        with pytest.raises(ServerError) as caught:
            await client.myself()
    assert str(caught.value) == "Internal server error"
    assert caught.value.status == 500
    assert "HTTP 500 Internal Server Error" in caught.value.details
    assert "GET " in caught.value.details and "/rest/api/2/myself" in caught.value.details
    assert transport.started == 1 + 1  # serverInfo, then the failing myself
    assert sleep.delays == []


async def test_503_is_retried_after_retry_after_then_succeeds(fresh_link: Link) -> None:
    transport, sleep = counted(fresh_link), FakeSleep()
    async with fresh_link.client(transport=transport, sleep=sleep) as client:
        await client.server_info()
        fresh_link.site.knobs.queue_faults("503", 2)
        me = await client.myself()
    assert me.display_name == "Ada Admin"
    assert transport.count("GET", "/myself") == 3
    assert len(sleep.delays) == 2 and all(1.0 <= d <= 1.1 for d in sleep.delays)  # Retry-After: 1


async def test_503_until_attempts_run_out(fresh_link: Link) -> None:
    fresh_link.site.knobs.queue_faults("503", 10)
    transport, sleep = counted(fresh_link), FakeSleep()
    async with fresh_link.client(transport=transport, sleep=sleep) as client:
        with pytest.raises(ServerError) as caught:
            await client.server_info()
    assert str(caught.value) == "503 Service Unavailable"  # the gateway page's <h1>
    assert transport.started == RetryPolicy().max_attempts == 4
    assert len(sleep.delays) == 3


async def test_post_is_not_retried_on_503_or_a_dropped_connection(fresh_link: Link) -> None:
    transport, sleep = counted(fresh_link), FakeSleep()
    async with fresh_link.client(transport=transport, sleep=sleep) as client:
        fresh_link.site.knobs.queue_faults("503")
        with pytest.raises(ServerError):
            await client.http.send(new_version(fresh_link))
        fresh_link.site.knobs.queue_faults("drop")
        with pytest.raises(ConnectionDroppedError):
            await client.http.send(new_version(fresh_link))
    assert transport.count("POST", "/rest/api/2/version") == 2
    assert sleep.delays == []


async def test_dropped_connection_is_retried_for_a_get(fresh_link: Link) -> None:
    transport, sleep = counted(fresh_link), FakeSleep()
    async with fresh_link.client(transport=transport, sleep=sleep) as client:
        fresh_link.site.knobs.queue_faults("drop")
        assert (await client.myself()).display_name == "Ada Admin"
        fresh_link.site.knobs.queue_faults("drop", 4)
        with pytest.raises(ConnectionDroppedError) as caught:
            await client.myself()
    assert "closed the connection without answering" in str(caught.value)
    assert len(sleep.delays) == 1 + 3
    # exponential backoff with jitter: 0.25 to 0.5 s, then 0.5 to 1 s, then 1 to 2 s
    assert 0.25 <= sleep.delays[1] <= 0.5 < sleep.delays[2] <= 1.0 < sleep.delays[3] <= 2.0


async def test_truncated_body_is_a_protocol_error(fresh_link: Link) -> None:
    async with fresh_link.client(sleep=FakeSleep()) as client:
        await client.server_info()
        fresh_link.site.knobs.queue_faults("truncate")
        with pytest.raises(TruncatedResponseError) as caught:
            await client.myself()
    assert "cut off" in str(caught.value)
    assert caught.value.status == 200


async def test_html_login_page_is_reported_as_sso(fresh_link: Link) -> None:
    async with fresh_link.client() as client:
        fresh_link.site.knobs.queue_faults("html-login")
        with pytest.raises(LoginPageError) as caught:
            await client.server_info()
    assert "the server answered with a login page: is SSO in front of the API?" in str(caught.value)


async def test_429_retry_after_is_waited_for_then_the_request_succeeds(fresh_link: Link) -> None:
    """Real waiting: the sandbox's window is real time (Retry-After: 1)."""
    fresh_link.site.knobs.rate_limit = 2
    fresh_link.site.knobs.rate_window_s = 0.5
    transport = counted(fresh_link)
    async with fresh_link.client(transport=transport) as client:
        await client.server_info()
        await client.myself()
        started = time.perf_counter()
        # a POST too: Jira answers 429 before doing anything, so resending is safe
        created = await client.http.send(new_version(fresh_link))
        waited = time.perf_counter() - started
    assert created.status == 201
    assert transport.count("POST", "/rest/api/2/version") == 2
    assert 1.0 <= waited < 2.5


async def test_429_with_a_long_retry_after_surfaces_the_limits(fresh_link: Link) -> None:
    fresh_link.site.knobs.rate_limit = 1
    fresh_link.site.knobs.rate_window_s = 600
    sleep = FakeSleep()
    async with fresh_link.client(sleep=sleep) as client:
        await client.server_info()
        with pytest.raises(RateLimitedError) as caught:
            await client.myself()
    error = caught.value
    assert sleep.delays == []  # 600 s is beyond the 60 s the client is willing to wait
    assert error.retry_after is not None and 590 <= error.retry_after <= 600
    assert (error.limit, error.remaining) == (1, 0)
    if fresh_link.cloud:
        assert str(error) == "The request has been rate-limited. Please try again later."
        assert error.reason == "jira-burst-based"
        assert error.reset is not None
    else:
        assert str(error) == "Rate limit exceeded."  # Tomcat's HTML page, <h1> text
    assert "Retry-After" in error.details
