"""Jira's paged lists as async iterators of pages, over a page-fetching coroutine.

Offset paging with a known total (DC ``/search``, ``/project/search``, paged versions, group
members) fetches the following pages concurrently, at most ``window`` at a time, and still yields
them in order; without a total it walks ``isLast`` one page at a time. Token paging (Cloud
``/search/jql``) can only go one page at a time. Leaving the loop early (``break``, cancellation,
an error) cancels the pages still being fetched.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import TypeVar

from app.api import core
from app.api.core import OffsetPage, TokenPage

__all__ = ["offset_pages", "token_pages"]

T = TypeVar("T")


def _forget(task: asyncio.Task[object]) -> None:
    # a prefetched page nobody will read: fetch its outcome so asyncio doesn't log it as lost
    if not task.cancelled():
        task.exception()


async def offset_pages(
    fetch: Callable[[int], Awaitable[OffsetPage[T]]], *, window: int, start: int = 0
) -> AsyncGenerator[list[T], None]:
    """Pages of an offset-paged list, in order; concurrent once the total is known."""
    first = await fetch(start)
    starts = core.remaining_offsets(first)
    if starts is None:
        yield first.items
        page = first
        while (following := core.next_offset(page)) is not None:
            page = await fetch(following)
            yield page.items
        return
    queue = iter(starts)
    pending: deque[asyncio.Task[OffsetPage[T]]] = deque()
    loop = asyncio.get_running_loop()

    def refill() -> None:
        while len(pending) < window and (begin := next(queue, None)) is not None:
            pending.append(loop.create_task(_page(fetch, begin)))

    try:
        # the following pages start before the caller sees the first one
        refill()
        yield first.items
        while pending:
            page = await pending[0]
            pending.popleft()
            refill()
            yield page.items
    finally:
        for task in pending:
            task.cancel()
            task.add_done_callback(_forget)
        if pending:
            await asyncio.wait(pending)


async def _page(fetch: Callable[[int], Awaitable[OffsetPage[T]]], begin: int) -> OffsetPage[T]:
    return await fetch(begin)


async def token_pages(
    fetch: Callable[[str | None], Awaitable[TokenPage[T]]],
) -> AsyncGenerator[list[T], None]:
    """Pages of a token-paged list, in order, one request at a time."""
    seen: set[str] = set()
    token: str | None = None
    while True:
        page = await fetch(token)
        yield page.items
        token = core.next_token(page, seen)
        if token is None:
            return
