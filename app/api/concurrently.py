"""Running a client's requests side by side, all or nothing."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Iterable, Iterator
from typing import TypeVar

__all__ = ["all_or_nothing", "first_error"]

T = TypeVar("T")


@contextlib.contextmanager
def first_error() -> Iterator[None]:
    """Around a TaskGroup: raise its first failure as itself, not as an ExceptionGroup."""
    try:
        yield
    except BaseExceptionGroup as failed:
        # callers catch the client's typed errors (and show Jira's words), not groups of them
        raise failed.exceptions[0] from None


async def all_or_nothing(aws: Iterable[Awaitable[T]]) -> list[T]:
    """Run concurrently, results in order; the first failure cancels the rest (awaited) and is
    raised as itself."""

    async def run(aw: Awaitable[T]) -> T:
        return await aw

    with first_error():
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(run(aw)) for aw in aws]
    return [task.result() for task in tasks]
