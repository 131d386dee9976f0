"""A transport that holds requests until the test lets them through: tests wait on events,
never on the clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

__all__ = ["GatedTransport"]


class GatedTransport(httpx.AsyncBaseTransport):
    """Passes requests to ``inner``; while a hold matches, they wait for ``release``.

    A hold either stops the request before the server sees it, or (``after_server``) lets the
    server act and holds only its answer, as when Jira applied a change but the answer is slow.
    ``held`` lists the requests waiting; ``seen`` every request that reached the gate (method
    and path), ``answered`` those the inner transport answered.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self._hold: Callable[[httpx.Request], bool] | None = None
        self._after_server = False
        self._open: asyncio.Event | None = None
        self.held: list[httpx.Request] = []
        self.seen: list[str] = []
        self.answered: list[str] = []

    def hold(self, matches: Callable[[httpx.Request], bool], *, after_server: bool = False) -> None:
        """From now on, requests for which ``matches`` is true wait at the gate."""
        self._hold = matches
        self._after_server = after_server
        self._open = None

    def release(self) -> None:
        """Let every held request (and every later one) through."""
        self._hold = None
        if self._open is not None:
            self._open.set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer ``request``, after waiting at the gate if it is held."""
        label = f"{request.method} {request.url.path}"
        self.seen.append(label)
        held = self._hold is not None and self._hold(request)
        if held and not self._after_server:
            await self._wait(request)
        response = await self.inner.handle_async_request(request)
        self.answered.append(label)
        if held and self._after_server:
            await response.aread()
            await self._wait(request)
        return response

    async def _wait(self, request: httpx.Request) -> None:
        if self._open is None:
            self._open = asyncio.Event()
        opened = self._open
        self.held.append(request)
        try:
            await opened.wait()
        finally:
            self.held.remove(request)

    async def aclose(self) -> None:
        """Close the inner transport."""
        await self.inner.aclose()
