"""Cancelling a load, and closing a client under load: nothing keeps running afterwards."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest

from app.api.errors import ClientClosedError
from app.api.projects import ProjectAdmin
from tests.integration.conftest import CountingTransport, Link

pytestmark = pytest.mark.asyncio

JQL = "project is not EMPTY ORDER BY key"


def counted(link: Link) -> CountingTransport:
    transport = link.transport(counting=True)
    assert isinstance(transport, CountingTransport)
    return transport


async def test_cancelling_a_search_mid_load_stops_every_request(fresh_link: Link) -> None:
    fresh_link.site.knobs.latency_ms = 100
    transport = counted(fresh_link)
    pages: list[list[dict[str, Any]]] = []
    first_page = asyncio.Event()
    async with fresh_link.client(transport=transport) as client:
        await client.server_info()

        async def load() -> None:
            async for page in client.search_pages(JQL, page_size=50):
                pages.append(page)
                first_page.set()

        task = asyncio.create_task(load())
        await first_page.wait()  # later pages are in flight now
        await asyncio.sleep(0.03)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # the cancel reached every request before the task ended
        assert transport.in_flight == 0
        assert client.http.in_flight == 0
        started = transport.started
        await asyncio.sleep(0.3)
        assert transport.started == started  # and no page started afterwards
    assert 1 <= len(pages) < 12
    if not fresh_link.cloud:
        # Data Center pages were being fetched several at a time when the cancel came
        assert transport.max_in_flight > 1


async def test_leaving_a_search_early_stops_the_prefetched_pages(fresh_dc_link: Link) -> None:
    fresh_dc_link.site.knobs.latency_ms = 100
    transport = counted(fresh_dc_link)
    async with fresh_dc_link.client(transport=transport) as client:
        pages = client.search_pages(JQL, page_size=50)
        async with contextlib.aclosing(pages):
            async for _ in pages:
                await transport.until(lambda t: t.in_flight > 1)  # the next pages are on the wire
                break
        assert transport.in_flight == 0
        started = transport.started
        await asyncio.sleep(0.2)
        assert transport.started == started


async def test_cancelling_one_request(fresh_link: Link) -> None:
    fresh_link.site.knobs.latency_ms = 200
    transport = counted(fresh_link)
    async with fresh_link.client(transport=transport) as client:
        task = asyncio.create_task(client.server_info())
        await transport.until(lambda t: t.in_flight == 1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert transport.in_flight == 0
        # the client stays usable after a cancelled request
        fresh_link.site.knobs.latency_ms = 0
        assert (await client.server_info()).version


async def test_aclose_cancels_everything_in_flight(fresh_link: Link) -> None:
    fresh_link.site.knobs.latency_ms = 200
    transport = counted(fresh_link)
    client = fresh_link.client(transport=transport)

    async def search() -> int:
        return sum([len(page) async for page in client.search_pages(JQL, page_size=50)])

    tasks = [
        asyncio.create_task(client.myself()),
        asyncio.create_task(ProjectAdmin(client).list_projects()),
        asyncio.create_task(search()),
    ]
    await transport.until(lambda t: t.in_flight >= 1)
    await client.aclose()
    assert transport.in_flight == 0
    results = await asyncio.gather(*tasks, return_exceptions=True)
    # callers get an ApiError they can show, not a bare CancelledError
    assert all(isinstance(r, ClientClosedError) for r in results), results
    started = transport.started
    await asyncio.sleep(0.25)
    assert transport.started == started
    with pytest.raises(ClientClosedError):
        await client.myself()
