"""The fast issue loader against the sandbox: order, fields, counts, errors, cancellation."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import math
from collections.abc import AsyncGenerator, Iterator

import httpx
import pytest

from app.api.errors import ValidationError
from app.api.search import IssueSearch
from app.domain.issue import IssueRow, SkippedIssue
from app.sandbox import Flavour as SandboxFlavour
from tests.bench.baselines import sequential_search
from tests.integration.conftest import CountingTransport, Link, make_site

pytestmark = pytest.mark.asyncio

JQL = "project is not EMPTY ORDER BY key"
TOTAL = 600  # make_site's issues


def counted(link: Link) -> CountingTransport:
    transport = link.transport(counting=True)
    assert isinstance(transport, CountingTransport)
    return transport


async def collect(batches: AsyncGenerator[list[IssueRow], None]) -> list[list[IssueRow]]:
    async with contextlib.aclosing(batches) as it:
        return [batch async for batch in it]


def flat(batches: list[list[IssueRow]]) -> list[IssueRow]:
    return [row for batch in batches for row in batch]


async def reference_keys(link: Link, jql: str) -> list[str]:
    """The keys in order from one plain sequential search (DC: one 1000-issue page)."""
    async with link.client() as client:
        pages = client.search_pages(jql, ["summary"], page_size=1000)
        async with contextlib.aclosing(pages) as it:
            return [issue["key"] async for page in it for issue in page]


@pytest.mark.parametrize("order", ["ORDER BY key", "ORDER BY created DESC"])
async def test_load_keeps_the_result_order(link: Link, order: str) -> None:
    jql = f"project is not EMPTY {order}"
    expected = await reference_keys(link, jql)
    assert len(expected) == TOTAL
    transport = counted(link)
    async with link.client(transport=transport) as client:
        search = IssueSearch(client)
        # small pages and batches: 6 DC pages; Cloud 6 id pages of 4 bulkfetch batches each
        batches = await collect(search.load(jql, ["summary"], page_size=100, batch_size=30))
    assert [row.key for row in flat(batches)] == expected
    if link.cloud:
        assert transport.count("POST", "/search/jql") == 6
        assert transport.count("POST", "/issue/bulkfetch") == 6 * math.ceil(100 / 30)
        # a yield is whole bulkfetch batches (30, 30, 30, 10 per id page), several if ready at once
        edges = {page + cut for page in range(0, TOTAL, 100) for cut in (0, 30, 60, 90)}
        assert set(itertools.accumulate(len(b) for b in batches)) <= edges | {TOTAL}
    else:
        assert transport.count("POST", "/search") == 6
        # a yield is whole pages, several when they are ready at once
        assert set(itertools.accumulate(len(b) for b in batches)) <= set(range(100, TOTAL + 1, 100))
    assert search.skipped == []


async def test_load_with_default_sizes_and_the_baseline_agree(link: Link) -> None:
    async with link.client() as client:
        search = IssueSearch(client)
        fast = flat(await collect(search.load(JQL, ["summary", "status"])))
        slow = flat(await collect(sequential_search(client, JQL, ["summary", "status"])))
    assert [r.key for r in fast] == [r.key for r in slow]
    assert fast == slow
    assert len(fast) == TOTAL


async def test_only_the_requested_fields_come_back(link: Link) -> None:
    async with link.client() as client:
        rows = flat(
            await collect(
                IssueSearch(client).load(JQL, ["summary", "status", "assignee"], batch_size=50)
            )
        )
    assert len(rows) == TOTAL
    assert all(set(r.fields) == {"summary", "status", "assignee"} for r in rows)
    assert all(r.id.isdigit() and r.key for r in rows)
    assert all(r.summary and r.status_name for r in rows)
    assert any(r.assignee_name for r in rows)
    assert any(r.assignee_name is None for r in rows)  # unassigned issues


async def test_rows_share_nested_values_and_cost_the_collector_nothing(link: Link) -> None:
    async with link.client() as client:
        rows = flat(await collect(IssueSearch(client).load(JQL, ["summary", "status"])))
    statuses = {row.status_name: row.field("status") for row in rows}
    # one object per distinct status in the whole load, not one per row
    assert all(row.field("status") is statuses[row.status_name] for row in rows)
    assert len({id(row.field("status")) for row in rows}) == len(statuses) < 10
    gc.collect()
    assert not any(gc.is_tracked(row) or gc.is_tracked(row.values) for row in rows)


async def test_count_is_exact_on_dc_and_approximate_on_cloud(link: Link) -> None:
    async with link.client() as client:
        search = IssueSearch(client)
        count, exact = await search.count("project is not EMPTY")
        one_project, _ = await search.count("project = ONY")
        rows = flat(await collect(search.load("project = ONY ORDER BY key", ["summary"])))
    assert count == TOTAL  # the sandbox's estimate is exact
    assert exact is not link.cloud
    assert one_project == len(rows) > 0


@pytest.mark.parametrize("use", ["load", "count"])
async def test_a_jql_error_is_a_validation_error_with_jiras_text(link: Link, use: str) -> None:
    async with link.client() as client:
        search = IssueSearch(client)
        with pytest.raises(ValidationError) as caught:
            if use == "load":
                await collect(search.load("project = NOSUCH ORDER BY key", ["summary"]))
            else:
                await search.count("project = NOSUCH")
    assert "The value 'NOSUCH' does not exist for the field 'project'." in str(caught.value)
    assert caught.value.status == 400


async def test_cancelling_a_load_stops_every_request(fresh_link: Link) -> None:
    fresh_link.site.knobs.latency_ms = 100
    transport = counted(fresh_link)
    seen: list[list[IssueRow]] = []
    first = asyncio.Event()
    async with fresh_link.client(transport=transport) as client:
        await client.server_info()
        search = IssueSearch(client)

        async def consume() -> None:
            async for batch in search.load(JQL, ["summary"], page_size=50, batch_size=10):
                seen.append(batch)
                first.set()

        task = asyncio.create_task(consume())
        await first.wait()
        await transport.until(lambda t: t.in_flight > 1)  # the following pages are on the wire
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert transport.in_flight == 0
        assert client.http.in_flight == 0
        started = transport.started
        await asyncio.sleep(0.3)
        assert transport.started == started  # and nothing started afterwards
    assert 1 <= len(flat(seen)) < TOTAL


async def test_leaving_a_load_early_stops_every_request(fresh_link: Link) -> None:
    fresh_link.site.knobs.latency_ms = 100
    transport = counted(fresh_link)
    async with fresh_link.client(transport=transport) as client:
        batches = IssueSearch(client).load(JQL, ["summary"], page_size=50, batch_size=10)
        async with contextlib.aclosing(batches) as it:
            async for _ in it:
                await transport.until(lambda t: t.in_flight > 1)
                break
        assert transport.in_flight == 0
        started = transport.started
        await asyncio.sleep(0.25)
        assert transport.started == started


class DeletingTransport(CountingTransport):
    """Deletes issues from the sandbox once the first id page has been answered."""

    def __init__(self, inner: httpx.AsyncBaseTransport, link: Link, victims: list[str]) -> None:
        super().__init__(inner)
        self.link = link
        self.victims = victims

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Forward; after the first /search/jql answer, delete the victims from the store."""
        response = await super().handle_async_request(request)
        if request.url.path.endswith("/search/jql") and self.victims:
            store = self.link.site.store
            for ref in self.victims:
                issue = store.issue(ref)
                assert issue is not None
                store.remove_issue(issue)
            self.victims = []
        return response


@pytest.fixture
def fresh_cloud() -> Iterator[Link]:
    """A new in-process Cloud site (its issues get deleted)."""
    yield Link(make_site(SandboxFlavour.CLOUD), "asgi", "http://jira.sandbox.test")


async def test_issues_deleted_between_search_and_fetch_are_skipped(fresh_cloud: Link) -> None:
    expected = await reference_keys(fresh_cloud, JQL)
    store = fresh_cloud.site.store
    # one id page (a deletion before a later page would shift that page's offset, as on Jira),
    # victims in the first, second and a later bulkfetch batch
    victim_keys = [expected[3], expected[99], expected[450]]
    victim_ids = [str(store.issues_by_key[k].id) for k in victim_keys]
    inner = fresh_cloud.transport()
    assert inner is not None
    transport = DeletingTransport(inner, fresh_cloud, list(victim_keys))
    reported: list[SkippedIssue] = []
    async with fresh_cloud.client(transport=transport) as client:
        search = IssueSearch(client, on_skipped=reported.extend)
        rows = flat(await collect(search.load(JQL, ["summary"], page_size=1000, batch_size=50)))
    assert [r.key for r in rows] == [k for k in expected if k not in victim_keys]
    assert [s.id for s in search.skipped] == victim_ids
    assert reported == search.skipped
    assert all("does not exist" in s.message for s in search.skipped)


async def test_batch_size_is_checked(link: Link) -> None:
    async with link.client() as client:
        with pytest.raises(ValueError, match="batch_size"):
            await collect(IssueSearch(client).load(JQL, ["summary"], batch_size=101))
