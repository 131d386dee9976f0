"""A client hanging up mid-request is normal for a server: the sandbox logs it at debug, no more."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncGenerator, Iterator
from contextlib import contextmanager

import httpx
import pytest

from app.sandbox import Flavour, SandboxServer
from tests.sandbox.conftest import make_sandbox

pytestmark = pytest.mark.asyncio

WAIT_S = 10.0


class LogWatch(logging.Handler):
    """Every record it sees, and an event set by the first error or hang-up record."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.settled = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        if record.levelno >= logging.ERROR or "hung up" in record.getMessage():
            self.settled.set()

    def at_least(self, level: int) -> list[str]:
        """The messages at ``level`` or above."""
        return [r.getMessage() for r in self.records if r.levelno >= level]


@contextmanager
def watching(*names: str) -> Iterator[LogWatch]:
    """A LogWatch on these loggers for the ``with`` block."""
    # attach after uvicorn configured its logging (SandboxServer's constructor does): that
    # replaces the handlers of its loggers, which do not propagate to the root (or caplog)
    watch = LogWatch()
    loggers = [logging.getLogger(name) for name in names]
    for log in loggers:
        log.addHandler(watch)
    try:
        yield watch
    finally:
        for log in loggers:
            log.removeHandler(watch)


async def test_a_client_cancelling_while_its_body_is_read_leaves_no_traceback(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG, logger="app.sandbox")
    site = make_sandbox(Flavour.CLOUD, issues=20)
    first_chunk_sent = asyncio.Event()
    never = asyncio.Event()

    async def body() -> AsyncGenerator[bytes, None]:
        yield b'{"jql": "project'
        # httpx asks for the next chunk only once the first one is on the wire
        first_chunk_sent.set()
        await never.wait()
        yield b' is not empty"}'

    stream = body()
    server = SandboxServer(site)
    with server, watching("app.sandbox", "uvicorn") as watch:
        async with httpx.AsyncClient(
            base_url=server.url, auth=(site.admin.login, site.admin.secret)
        ) as client:
            # the count the issue pane asks for, cancelled as the pane does when the query changes
            count = asyncio.create_task(
                client.post(
                    "/rest/api/3/search/approximate-count",
                    content=stream,
                    headers={"Content-Type": "application/json"},
                )
            )
            await first_chunk_sent.wait()
            count.cancel()
            with pytest.raises(asyncio.CancelledError):
                await count
            assert await asyncio.to_thread(watch.settled.wait, WAIT_S), "the sandbox never noticed"
            # the connection is gone; the server keeps serving everyone else
            answer = await client.get("/rest/api/2/serverInfo")
            assert answer.status_code == 200
    await stream.aclose()

    assert watch.at_least(logging.ERROR) == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert any("hung up" in r.getMessage() for r in watch.records)
    assert all(r.levelno <= logging.DEBUG for r in watch.records if "hung up" in r.getMessage())
    printed = capfd.readouterr()
    assert "Traceback" not in printed.err and "ClientDisconnect" not in printed.err
    assert printed.out == ""
