"""Loading a whole Data Center search, in the order it asks for, past the 10,000-result window.

Jira pages through at most its result window W (10,000) of one query (JIRA-BEHAVIOUR §10).
``DcLoad`` loads any search:

1. The first page of the query, in its total order (``search_order``: the ORDER BY with ``key``
   added as the last tie-break, so offset pages never overlap while nothing changes), tells the
   total N. If N fits in W, the query is its own single window.
2. Otherwise Jade must be able to compare the rows as Jira sorts them (key, created, updated,
   resolved, due); if not, ``UnorderableSearchError`` names the field and offers key order. The
   site's W is confirmed (DC 11.3+ tells it; Jira's refusal names it), and ``WindowPlanner``
   cuts the query into windows of whole projects or key ranges within a project, each small
   enough to page through (``search_plan``).
3. The windows are paged concurrently, at most the site's concurrency in flight, ``maxResults``
   never reaching past W. Their rows are merged in the total order: in key order the windows
   follow each other and are chained; otherwise a k-way merge (a heap) hands out a row once
   every window still loading has one waiting. The next page fetched is the one the merge
   will need first: the earliest window's (key order), else the one whose start is estimated
   earliest from the sort values its window has shown so far; rows and pages held back wait
   within a budget, beyond which only a window the merge waits for may fetch.
4. While a search loads, issues can change, and offset pages then repeat or skip issues. A row
   whose issue was loaded already is dropped (``Change.REPEATED``), a row that sorts before the
   last one handed out is marked ``Change.MOVED``, every page's total is held against the
   window's planned count, and a load of several windows counts the query once more at the
   end. When anything drifted, the ids of the whole query are loaded again
   (fresh windows, key order) and compared with what was loaded: issues never loaded
   (``Change.MISSED``) and loaded issues the query lost (``Change.GONE``). Every change is
   reported (``changed``, ``on_changed``); nothing is dropped silently.

Leaving the generator early (``aclosing``) or cancelling it cancels every request in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import math
from collections import deque
from collections.abc import AsyncGenerator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.api import issue_wire
from app.api.dc_search import (
    DEFAULT_RESULT_WINDOW,
    ResultWindowExceeded,
    dc_search,
    learn_result_window,
    search_traits,
)
from app.api.errors import ApiError, ValidationError
from app.api.issue_wire import DcIssuePage
from app.api.platform import JiraClient
from app.api.search_plan import WindowPlanner
from app.domain.issue import IssueRow
from app.domain.search_order import RELEVANCE, SearchOrder, SortKey, parse_order
from app.domain.search_windows import (
    Change,
    ChangedIssue,
    SearchWindow,
    page_slices,
    reconcile,
    window_capacity,
)

__all__ = ["DcLoad", "TotalCallback", "UnorderableSearchError"]

log = logging.getLogger(__name__)

_LOOKAHEAD = 4  # pages fetched or held per connection, ahead of what the merge hands out
TotalCallback = Callable[[int, bool], None]
ChangedCallback = Callable[[list[ChangedIssue]], None]


class UnorderableSearchError(ApiError):
    """A search larger than the result window, in an order Jade cannot merge windows by.

    ``field`` is the sort field (or ``relevance``); ``key_order_jql`` the same query in key
    order, which Jade can always load whole.
    """

    def __init__(self, field: str, total: int, window: int, key_order_jql: str) -> None:
        how = (
            "without ORDER BY, Jira sorts a text search by relevance, which Jade cannot reproduce"
            if field == RELEVANCE
            else f"it cannot sort by '{field}' as Jira does"
        )
        super().__init__(
            f"This search matches {total:,} issues, more than the {window:,} Jira lets one "
            f"search page through. Jade loads larger searches in parts and merges them, but "
            f"{how}. Order the search by key (ORDER BY key) to load every issue."
        )
        self.field = field
        self.total = total
        self.window = window
        self.key_order_jql = key_order_jql


@dataclass(eq=False)
class _Stream:
    """One window being paged: its pages in flight and the rows waiting for the merge."""

    index: int
    window: SearchWindow
    jql: str
    slices: list[tuple[int, int]]
    started: int = 0  # slices whose page was requested
    merged: int = 0  # slices whose page was taken in, in order
    tasks: dict[int, asyncio.Task[DcIssuePage]] = field(default_factory=dict)
    rows: deque[Any] = field(default_factory=deque)
    total: int | None = None
    failed: bool = False
    received: int = 0
    first: float | None = None  # scalar sort value of its first row, and of its last so far
    last: float = 0.0

    @property
    def finished(self) -> bool:
        """No more rows will come."""
        return self.failed or self.merged >= len(self.slices)

    @property
    def running(self) -> int:
        """Pages requested and not answered yet."""
        return sum(1 for t in self.tasks.values() if not t.done())


class DcLoad:
    """One load of a DC search: ``batches()`` yields its rows in order, however many."""

    def __init__(
        self,
        client: JiraClient,
        jql: str,
        fields: Sequence[str],
        *,
        page_size: int,
        decoder: issue_wire.RowDecoder,
        on_total: TotalCallback | None = None,
        on_changed: ChangedCallback | None = None,
        recheck: bool = True,
    ) -> None:
        self.client = client
        self.order: SearchOrder = parse_order(jql)
        self.fields = list(fields)
        self.page = page_size
        self.decoder = decoder
        self.on_total = on_total
        self.on_changed = on_changed
        self.recheck = recheck
        self.limit = DEFAULT_RESULT_WINDOW  # the site's result window
        self.total: int | None = None  # how many issues the query holds, as last seen
        self.windows: list[SearchWindow] = []
        self.changed: list[ChangedIssue] = []
        self.loaded: dict[str, str] = {}  # id -> key of every row taken in
        self.drifted = False
        self._streams: list[_Stream] = []
        self._chained = True
        self._extra: tuple[str, ...] = ()  # fields asked only to compare rows
        self._sort_key: Callable[[IssueRow], SortKey] = self.order.sort_key()
        self._heap: list[tuple[SortKey, int]] = []
        self._head = 0
        self._last_key: SortKey | None = None
        self._handed: list[str] = []  # ids of the rows handed out, in order
        self._skip: set[str] = set()  # ids handed out before the windows were planned
        self._dropped: list[asyncio.Task[DcIssuePage]] = []  # pages of windows given up
        self._wake = asyncio.Event()

    # ----- requests -------------------------------------------------------------------------------

    async def _fetch(self, jql: str, start: int, size: int, fields: list[str]) -> DcIssuePage:
        body = {"jql": jql, "startAt": start, "maxResults": size, "fields": fields}
        return await dc_search(self.client, body, DcIssuePage)

    async def _first_page(self) -> DcIssuePage:
        traits = search_traits(self.client)
        self.limit = traits.result_window or DEFAULT_RESULT_WINDOW
        jql = self.order.jql()
        try:
            return await self._fetch(jql, 0, min(self.page, self.limit), self.fields)
        except ResultWindowExceeded as refused:
            # a site whose window is smaller than a page: Jira's refusal names the window
            self.limit = refused.limit
            return await self._fetch(jql, 0, min(self.page, self.limit), self.fields)

    # ----- the load -------------------------------------------------------------------------------

    async def batches(self) -> AsyncGenerator[list[IssueRow], None]:
        """The query's rows in its order, a batch whenever some can be handed out."""
        first = await self._first_page()
        # the server caps maxResults (jira.search.views.default.max): step by what it echoed
        if 0 < first.max_results < self.page:
            self.page = first.max_results
        # the count reads "N of M" from now on, also while windows are being planned
        self._announce(first.total)
        if first.total > self.limit:
            self.limit = await learn_result_window(self.client)
        if first.total <= self.limit:
            self.windows = [SearchWindow((), expected=first.total)]
            stream = self._stream(0, self.windows[0], self.order.jql())
            stream.started = stream.merged = 1
            self._streams = [stream]
            self._accept(stream, first)
        while True:
            try:
                if not self._streams:
                    await self._plan(self.total or first.total)
                async with contextlib.aclosing(self._merged()) as merged:
                    async for batch in merged:
                        yield batch
                break
            except ResultWindowExceeded as refused:
                if refused.limit >= self.limit:
                    raise
                # the site's window is smaller than Jade assumed. What was handed out is the
                # start of the result in its order: windows hand out the rest, skipping it
                log.info("the site's result window is %d, not %d", refused.limit, self.limit)
                self.limit = refused.limit
                self.loaded = {i: self.loaded[i] for i in self._handed}
                self._skip = set(self.loaded)
                self._streams = []
        if not self.recheck:
            return
        if len(self.windows) > 1 and not self.drifted:
            # a window loaded early can have lost or gained issues since: count them all again
            now = (await self._fetch(self.order.condition(), 0, 0, ["id"])).total
            self.drifted = now != len(self.loaded)
        if self.drifted or len(self.loaded) != self.total:
            await self._check_what_changed()

    async def _plan(self, total: int) -> None:
        self._heap, self._head, self._last_key = [], 0, None
        unmergeable = self.order.unmergeable
        if unmergeable is not None:
            raise UnorderableSearchError(
                unmergeable, total, self.limit, self.order.with_key_order()
            )
        planner = WindowPlanner(self.client, self.order, window_capacity(self.limit))
        windows = await planner.plan(total)
        key = self.order.key_first
        residual = any(w.outside for w in windows)
        # by key, windows follow each other in key order (a residual window's place is unknown)
        self._chained = key is not None and not residual
        if key is not None and key.descending:
            windows.reverse()
        if not self._chained:
            self._extra = tuple(f for f in self.order.needed_fields() if f not in self.fields)
        self.windows = windows
        self._streams = [
            self._stream(n, w, self.order.jql(w.restriction())) for n, w in enumerate(windows)
        ]
        self._set_total()
        log.info(
            "search of %d issues (window %d) in %d windows after %d planning requests",
            total,
            self.limit,
            len(windows),
            planner.requests,
        )

    def _stream(self, index: int, window: SearchWindow, jql: str) -> _Stream:
        return _Stream(index, window, jql, page_slices(window.expected, self.page, self.limit))

    def _set_total(self) -> None:
        self._announce(
            sum(s.window.expected if s.total is None else s.total for s in self._streams)
        )

    def _announce(self, total: int) -> None:
        if total != self.total:
            self.total = total
            if self.on_total is not None:
                self.on_total(total, True)

    def _note(self, changes: list[ChangedIssue]) -> None:
        if changes:
            self.changed.extend(changes)
            if self.on_changed is not None:
                self.on_changed(changes)

    # ----- paging ---------------------------------------------------------------------------------

    def _priority(self, s: _Stream) -> tuple[float, float]:
        if self._chained:
            return float(s.index), float(s.started)
        if s.started == 0:
            return -math.inf, float(s.index)
        if s.first is None:
            return math.inf, float(s.index)  # wait for its first page to tell where it lies
        # where the next page probably starts, interpolated from the rows seen so far
        step = (s.last - s.first) / max(1, s.received - 1)
        return s.first + step * s.slices[s.started][0], float(s.index)

    def _start_pages(self) -> None:
        limit = self.client.http.config.concurrency
        # rows a merge may hold back: a few pages per connection, and two for every window
        # still loading (the merge hands out nothing while one of them has no row waiting)
        loading = sum(1 for s in self._streams if not s.finished)
        budget = (limit * _LOOKAHEAD + 2 * loading) * self.page
        streams = self._streams
        while (running := sum(s.running for s in streams)) < limit:
            open_ = [s for s in streams if not s.failed and s.started < len(s.slices)]
            held = sum(len(s.rows) + len(s.tasks) * self.page for s in streams)
            if held >= budget:
                # the merge waits for these: they may always fetch
                open_ = [s for s in open_ if not s.rows and not s.tasks]
            if not open_:
                return
            chosen = min(open_, key=self._priority)
            if running and self._priority(chosen)[0] == math.inf:
                return
            start, size = chosen.slices[chosen.started]
            task = asyncio.get_running_loop().create_task(
                self._fetch(chosen.jql, start, size, [*self.fields, *self._extra])
            )
            task.add_done_callback(lambda _t: self._wake.set())
            chosen.tasks[chosen.started] = task
            chosen.started += 1

    def _take_pages(self) -> None:
        for s in self._streams:
            for task in list(s.tasks.values()):
                if task.done() and not task.cancelled() and (error := task.exception()):
                    self._page_failed(s, error)
                    break
            while not s.failed and s.merged in s.tasks and s.tasks[s.merged].done():
                page = s.tasks.pop(s.merged).result()
                s.merged += 1
                self._accept(s, page)

    def _page_failed(self, s: _Stream, error: BaseException) -> None:
        message = str(error)
        if isinstance(error, ValidationError) and any(
            f"'{anchor}'" in message for anchor in s.window.anchors
        ):
            # an issue that bounds the window was deleted or moved: the window cannot be
            # searched any more; what it held is found again and reported by the check
            log.warning("window %s lost its bound: %s", s.window.restriction(), message)
            s.failed = True
            self.drifted = True
            for task in s.tasks.values():
                task.cancel()
            # out of the window's count of pages in flight; awaited when the load ends
            self._dropped.extend(s.tasks.values())
            s.tasks.clear()
            return
        raise error

    def _accept(self, s: _Stream, page: DcIssuePage) -> None:
        if page.total != s.total:
            if page.total != s.window.expected:
                self.drifted = True
            s.total = page.total
            end = s.slices[-1][0] + s.slices[-1][1] if s.slices else 0
            if page.total > end:
                # more issues than planned: page on as far as the result window lets
                s.slices.extend(page_slices(page.total, self.page, self.limit, end))
            self._set_total()
        rows = self.decoder.rows(page.issues)
        s.received += len(rows)
        was_empty = not s.rows
        repeated: list[ChangedIssue] = []
        loaded = self.loaded
        skip = self._skip
        for row in rows:
            if row.id in loaded:
                if row.id in skip:
                    skip.discard(row.id)  # handed out before the windows: no change
                else:
                    repeated.append(ChangedIssue(row.id, row.key, Change.REPEATED))
                continue
            loaded[row.id] = row.key
            if self._chained:
                s.rows.append(row)
                continue
            key = self._sort_key(row)
            for name in self._extra:
                # asked only to compare: the row is Jade's own until handed out
                row.values.pop(name, None)
            scalar = self.order.scalar(key)
            if s.first is None:
                s.first = scalar
            s.last = scalar
            s.rows.append((key, row))
        if repeated:
            self.drifted = True
            self._note(repeated)
        if not self._chained and was_empty and s.rows:
            heapq.heappush(self._heap, (s.rows[0][0], s.index))

    # ----- merging --------------------------------------------------------------------------------

    def _emit(self) -> list[IssueRow]:
        out: list[IssueRow] = []
        streams = self._streams
        if self._chained:
            while self._head < len(streams):
                s = streams[self._head]
                out.extend(s.rows)
                s.rows.clear()
                if not s.finished:
                    break
                self._head += 1
            return out
        if any(not s.rows and not s.finished for s in streams):
            return out
        heap = self._heap
        moved: list[ChangedIssue] = []
        while heap:
            key, index = heap[0]
            s = streams[index]
            row = s.rows.popleft()[1]
            if s.rows:
                heapq.heapreplace(heap, (s.rows[0][0], index))
            else:
                heapq.heappop(heap)
            if self._last_key is not None and key < self._last_key:
                moved.append(ChangedIssue(row.id, row.key, Change.MOVED))
            else:
                self._last_key = key
            out.append(row)
            if not s.rows and not s.finished:
                break
        if moved:
            self.drifted = True
            self._note(moved)
        return out

    async def _merged(self) -> AsyncGenerator[list[IssueRow], None]:
        streams = self._streams
        try:
            while True:
                self._start_pages()
                self._take_pages()
                self._start_pages()  # the next pages start before the caller takes this batch
                batch = self._emit()
                if batch:
                    self._handed.extend(row.id for row in batch)
                    yield batch
                    continue
                if all(s.finished and not s.rows for s in streams):
                    return
                self._wake.clear()
                await self._wake.wait()
        finally:
            tasks = [*self._dropped, *(t for s in streams for t in s.tasks.values())]
            self._dropped = []
            for task in tasks:
                task.cancel()
                task.add_done_callback(_forget)
            if tasks:
                await asyncio.wait(tasks)

    # ----- what changed ---------------------------------------------------------------------------

    async def _check_what_changed(self) -> None:
        """Load the query's ids again and report what the load missed or holds no longer."""
        check = DcLoad(
            self.client,
            self.order.with_key_order(),
            ["id"],
            page_size=self.page,
            decoder=issue_wire.RowDecoder(),
            recheck=False,
        )
        current: dict[str, str] = {}
        async with contextlib.aclosing(check.batches()) as batches:
            async for batch in batches:
                current.update((row.id, row.key) for row in batch)
        self._note(reconcile(self.loaded, current))
        if check.drifted:
            log.warning("the search changed again while Jade checked it")


def _forget(task: asyncio.Task[Any]) -> None:
    # a page nobody will read: fetch its outcome so asyncio does not log it as never retrieved
    if not task.cancelled():
        task.exception()
