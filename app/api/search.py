"""Fast loading of large issue searches, in result order, a batch at a time.

Data Center: ``/search`` pages of up to 1000 issues (the usual ``jira.search.views.default.max``),
the first alone (it tells the total), the rest concurrently within the site's concurrency and
yielded in order. Past Jira's 10,000-result window the search is loaded in windows merged in
the query's order (``search_windows.DcLoad``, which explains how); ``total`` holds the count as
soon as it is known (``on_total``), and issues that changed while loading are listed in
``changed`` (``on_changed``). A site that refuses POST searches (405) is searched by GET
(``dc_search``).

Cloud: ``/search/jql`` pages can only be walked one at a time (``nextPageToken``) and carry at
most 100 issues once fields are requested, but 5000 when only ids are. So the ids are paged in
pages of 5000, and as each id page lands its ids go out in ``/issue/bulkfetch`` batches of 100
with the requested fields, concurrently, while the next id page is on its way. Bulkfetch answers
in ascending id; each batch is put back in the search's order before it is yielded.

Rows are built by one ``issue_wire.RowDecoder`` per load, so every row of a load that holds the
same status, user or list of labels holds one shared object (see ``app.domain.issue``).

Issues the search listed but bulkfetch did not return (deleted or hidden in between: its
``issueErrors``) are skipped; they are listed in ``IssueSearch.skipped`` for the last load and
passed to the ``on_skipped`` callback as each batch is yielded.

Leaving the loop early (``contextlib.aclosing``, ``break``) or cancelling the consumer cancels
every request still running; none starts afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncGenerator, Callable, Sequence
from typing import Any

from app.api import issue_wire, wire
from app.api.core import ApiRequest, TokenPage
from app.api.dc_search import dc_search
from app.api.legacy import LegacySearch
from app.api.pagination import token_pages
from app.api.platform import JiraClient
from app.api.project_wire import ApproximateCountWire
from app.api.search_windows import DcLoad, TotalCallback
from app.domain.issue import IssueRow, SkippedIssue
from app.domain.search_windows import ChangedIssue
from app.domain.site import Flavour

__all__ = [
    "BULK_FETCH_MAX",
    "CLOUD_ID_PAGE",
    "DC_PAGE",
    "IssueSearch",
]

DC_PAGE = 1000  # DC truncates maxResults to jira.search.views.default.max (1000 by default)
CLOUD_ID_PAGE = 5000  # /search/jql's maximum when only ids are requested
BULK_FETCH_MAX = 100  # /issue/bulkfetch takes 1-100 ids
_LOOKAHEAD = 4  # batches fetched ahead of the one the caller waits for, per connection
_MISSING = "The search listed the issue, but fetching it did not return it."

SkippedCallback = Callable[[list[SkippedIssue]], None]
ChangedCallback = Callable[[list[ChangedIssue]], None]


def _search_request(path: str, body: dict[str, Any]) -> ApiRequest:
    # POST keeps long JQL out of the URL; a search changes nothing, so it is safe to resend
    return ApiRequest("POST", path, json=body, idempotent=True)


def _forget(task: asyncio.Task[Any]) -> None:
    # a batch nobody will read: fetch its outcome so asyncio does not log it as never retrieved
    if not task.cancelled():
        task.exception()


class IssueSearch:
    """Counts and loads the issues matching a JQL query on one site."""

    def __init__(
        self,
        client: JiraClient,
        *,
        on_skipped: SkippedCallback | None = None,
        on_total: TotalCallback | None = None,
        on_changed: ChangedCallback | None = None,
    ) -> None:
        self.client = client
        self.on_skipped = on_skipped
        self.on_total = on_total
        self.on_changed = on_changed
        # the issues the last load() skipped (Cloud bulkfetch's issueErrors), in search order
        self.skipped: list[SkippedIssue] = []
        # DC: how many issues the last load() expects (exact), once its first page told
        self.total: int | None = None
        # DC: issues that changed while the last load() ran, as the load or its check saw them
        self.changed: list[ChangedIssue] = []
        # DC: how many windows the last load() was cut into (1: it fit in Jira's window)
        self.windows = 0

    # ----- count ----------------------------------------------------------------------------------

    async def count(self, jql: str) -> tuple[int, bool]:
        """How many issues match, and whether that is exact (DC) or Cloud's estimate."""
        flavour = await self.client.flavour()
        http = self.client.http
        if flavour is Flavour.CLOUD:
            found = await http.request_json(
                _search_request("rest/api/3/search/approximate-count", {"jql": jql}),
                ApproximateCountWire,
            )
            return found.count, False
        if flavour is Flavour.LEGACY:
            return await LegacySearch(self.client).count(jql)
        body = {"jql": jql, "maxResults": 0, "fields": ["id"]}
        page = await dc_search(self.client, body, wire.DcSearchPage)
        return page.total, True

    # ----- fast load ------------------------------------------------------------------------------

    async def load(
        self,
        jql: str,
        fields: Sequence[str],
        *,
        page_size: int | None = None,
        batch_size: int = BULK_FETCH_MAX,
    ) -> AsyncGenerator[list[IssueRow], None]:
        """Batches of matching issues in result order, each as soon as it can be yielded.

        ``page_size``: DC issues per ``/search`` page (default 1000), Cloud ids per id page
        (default 5000). ``batch_size``: Cloud ids per bulkfetch (1-100); bulkfetch batches
        that are ready at the same time are yielded as one.
        """
        if not 1 <= batch_size <= BULK_FETCH_MAX:
            raise ValueError(f"batch_size must be between 1 and {BULK_FETCH_MAX}")
        self.skipped = []
        self.total = None
        self.changed = []
        self.windows = 0
        flavour = await self.client.flavour()
        decoder = issue_wire.RowDecoder()
        if flavour is Flavour.CLOUD:
            batches = self._cloud(
                jql, list(fields), page_size or CLOUD_ID_PAGE, batch_size, decoder
            )
        elif flavour is Flavour.LEGACY:
            # alpha1 lists keys only: legacy.py reads each issue (SiteDialect picks it directly)
            batches = self._legacy(jql, list(fields), page_size)
        else:
            batches = self._dc(jql, list(fields), page_size or DC_PAGE, decoder)
        # aclosing: leaving this generator early must cancel the inner one's requests at once
        async with contextlib.aclosing(batches) as inner:
            async for batch in inner:
                yield batch

    async def _dc(
        self, jql: str, fields: list[str], page_size: int, decoder: issue_wire.RowDecoder
    ) -> AsyncGenerator[list[IssueRow], None]:
        def total(count: int, exact: bool) -> None:
            self.total = count
            if self.on_total is not None:
                self.on_total(count, exact)

        def changed(issues: list[ChangedIssue]) -> None:
            self.changed.extend(issues)
            if self.on_changed is not None:
                self.on_changed(issues)

        load = DcLoad(
            self.client,
            jql,
            fields,
            page_size=page_size,
            decoder=decoder,
            on_total=total,
            on_changed=changed,
        )
        async with contextlib.aclosing(load.batches()) as batches:
            async for batch in batches:
                self.windows = len(load.windows)
                yield batch
        self.windows = len(load.windows)

    async def _legacy(
        self, jql: str, fields: list[str], page_size: int | None
    ) -> AsyncGenerator[list[IssueRow], None]:
        def skipped(issues: list[SkippedIssue]) -> None:
            self.skipped.extend(issues)
            if self.on_skipped is not None:
                self.on_skipped(issues)

        def total(count: int, exact: bool) -> None:
            self.total = count
            if self.on_total is not None:
                self.on_total(count, exact)

        legacy = LegacySearch(self.client, on_skipped=skipped, on_total=total)
        async with contextlib.aclosing(legacy.load(jql, fields, page_size=page_size)) as inner:
            async for batch in inner:
                self.windows = legacy.windows
                yield batch

    async def _cloud(
        self,
        jql: str,
        fields: list[str],
        id_page: int,
        batch_size: int,
        decoder: issue_wire.RowDecoder,
    ) -> AsyncGenerator[list[IssueRow], None]:
        http = self.client.http
        loop = asyncio.get_running_loop()
        waiting: deque[list[str]] = deque()  # id batches not started yet, in search order
        running: deque[asyncio.Task[list[IssueRow]]] = deque()  # started, in search order
        progress = asyncio.Event()  # an id page arrived, a batch ended, or the id pager ended

        async def fetch_ids(token: str | None) -> TokenPage[str]:
            body: dict[str, Any] = {"jql": jql, "fields": ["id"], "maxResults": id_page}
            if token:
                body["nextPageToken"] = token
            page = await http.request_json(
                _search_request("rest/api/2/search/jql", body), issue_wire.IdPageWire
            )
            return TokenPage([i.id for i in page.issues], page.next_page_token, page.is_last)

        async def collect_ids() -> None:
            async with contextlib.aclosing(token_pages(fetch_ids)) as pages:
                async for ids in pages:
                    waiting.extend(ids[i : i + batch_size] for i in range(0, len(ids), batch_size))
                    progress.set()

        def ended(_: asyncio.Task[Any]) -> None:
            progress.set()

        pager = loop.create_task(collect_ids())
        pager.add_done_callback(ended)

        def refill() -> None:
            # while ids are still being paged, leave the pager one of the site's connections:
            # otherwise its next page would queue behind every bulkfetch already started
            window = http.config.concurrency
            if not pager.done():
                window = max(1, window - 1)
            # a finished batch waiting behind a slower one holds no connection: count only
            # those still running, and bound the finished-but-unread ones to keep memory flat
            busy = sum(1 for t in running if not t.done())
            while waiting and busy < window and len(running) < window * _LOOKAHEAD:
                busy += 1
                task = loop.create_task(self._bulk_fetch(waiting.popleft(), fields, decoder))
                task.add_done_callback(ended)
                running.append(task)

        try:
            while True:
                if pager.done() and not pager.cancelled() and pager.exception() is not None:
                    pager.result()  # the search itself failed (bad JQL, ...): raise that at once
                refill()
                if running and running[0].done():
                    rows = running.popleft().result()
                    # batches that ended while the caller was busy go out together: a caller
                    # that repaints per batch then repaints as often as it can, not per 100 rows
                    while running and running[0].done():
                        rows.extend(running.popleft().result())
                    refill()  # the next batch starts before the caller handles this one
                    yield rows
                    continue
                if not running and not waiting and pager.done():
                    pager.result()
                    return
                progress.clear()
                await progress.wait()
        finally:
            tasks = [pager, *running]
            for task in tasks:
                task.cancel()
                task.add_done_callback(_forget)
            await asyncio.wait(tasks)

    async def _bulk_fetch(
        self, ids: list[str], fields: list[str], decoder: issue_wire.RowDecoder
    ) -> list[IssueRow]:
        """One bulkfetch batch, in the order of ``ids``, recording the ids it did not return."""
        found = await self.client.http.request_json(
            _search_request(
                "rest/api/2/issue/bulkfetch", {"issueIdsOrKeys": ids, "fields": fields}
            ),
            issue_wire.BulkFetchWire,
        )
        by_id = {issue.id: issue for issue in found.issues}
        rows = decoder.rows(issue for i in ids if (issue := by_id.get(i)) is not None)
        if len(rows) < len(ids):
            reasons = {e.id: e.error_message for e in found.issue_errors}
            missing = [SkippedIssue(i, reasons.get(i) or _MISSING) for i in ids if i not in by_id]
            self.skipped.extend(missing)
            if self.on_skipped is not None:
                self.on_skipped(missing)
        return rows
