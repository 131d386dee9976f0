"""Page iterators over a fake fetcher: order under concurrency, the window, early exits."""

from __future__ import annotations

import asyncio
import contextlib
import random

import pytest

from app.api.core import OffsetPage, TokenPage
from app.api.errors import NotFoundError, ProtocolError
from app.api.pagination import offset_pages, token_pages

pytestmark = pytest.mark.asyncio


class Pages:
    """An offset-paged list of ``total`` numbers whose pages arrive after random delays."""

    def __init__(self, total: int, size: int, *, with_total: bool = True) -> None:
        self.total, self.size, self.with_total = total, size, with_total
        self.running = 0
        self.most = 0
        self.starts: list[int] = []
        self.cancelled = 0
        self.rng = random.Random(4)

    async def fetch(self, start: int) -> OffsetPage[int]:
        self.starts.append(start)
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            await asyncio.sleep(self.rng.uniform(0, 0.01))
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.running -= 1
        items = list(range(start, min(start + self.size, self.total)))
        last = start + self.size >= self.total
        return OffsetPage(start, self.size, items, self.total if self.with_total else None, last)


async def test_concurrent_pages_come_out_in_order_within_the_window() -> None:
    pages = Pages(total=1000, size=37)
    out = [page async for page in offset_pages(pages.fetch, window=4)]
    assert [n for page in out for n in page] == list(range(1000))
    assert pages.most == 4
    assert sorted(pages.starts) == list(range(0, 1000, 37))


async def test_without_a_total_pages_go_one_by_one() -> None:
    pages = Pages(total=100, size=30, with_total=False)
    out = [page async for page in offset_pages(pages.fetch, window=4)]
    assert [n for page in out for n in page] == list(range(100))
    assert pages.most == 1 and pages.starts == [0, 30, 60, 90]


class HeldPages:
    """An offset-paged list whose pages are answered only once the test releases them.

    Nothing depends on the clock: on a loaded machine, pages that sleep a random few ms may all
    have arrived before the consumer leaves, and then there is nothing left to cancel.
    """

    def __init__(self, total: int, size: int) -> None:
        self.total, self.size = total, size
        self.released: dict[int, asyncio.Event] = {}
        self.starts: list[int] = []
        self.running = 0
        self.cancelled: list[int] = []

    def release(self, start: int) -> None:
        self.released.setdefault(start, asyncio.Event()).set()

    async def fetch(self, start: int) -> OffsetPage[int]:
        self.starts.append(start)
        self.running += 1
        try:
            await self.released.setdefault(start, asyncio.Event()).wait()
        except asyncio.CancelledError:
            self.cancelled.append(start)
            raise
        finally:
            self.running -= 1
        items = list(range(start, min(start + self.size, self.total)))
        return OffsetPage(start, self.size, items, self.total, start + self.size >= self.total)


async def test_leaving_early_cancels_the_prefetched_pages() -> None:
    pages = HeldPages(total=1000, size=10)
    for start in (0, 10, 20):
        pages.release(start)
    iterator = offset_pages(pages.fetch, window=5)
    async with contextlib.aclosing(iterator):
        async for page in iterator:
            if page[0] == 20:
                break
    # every page still being fetched when the loop was left was cancelled, and none runs on
    assert pages.running == 0
    assert pages.starts[:3] == [0, 10, 20]
    assert pages.cancelled and pages.cancelled == pages.starts[3:]
    assert set(pages.cancelled) <= {30, 40, 50, 60, 70}


async def test_a_failing_page_stops_the_rest() -> None:
    pages = Pages(total=500, size=10)
    real = pages.fetch

    async def fetch(start: int) -> OffsetPage[int]:
        if start == 50:
            raise NotFoundError("gone", status=404)
        return await real(start)

    seen: list[int] = []
    with pytest.raises(NotFoundError):
        async for page in offset_pages(fetch, window=3):
            seen.extend(page)
    assert seen == list(range(50))
    assert pages.running == 0


async def test_token_pages() -> None:
    tokens = {None: ("a", [1, 2]), "a": ("b", [3]), "b": (None, [4, 5])}

    async def fetch(token: str | None) -> TokenPage[int]:
        following, items = tokens[token]
        return TokenPage(items, following)

    assert [page async for page in token_pages(fetch)] == [[1, 2], [3], [4, 5]]

    async def looping(token: str | None) -> TokenPage[int]:
        return TokenPage([1], "same")

    with pytest.raises(ProtocolError):
        async for _ in token_pages(looping):
            pass
