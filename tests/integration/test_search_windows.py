"""Data Center searches larger than the result window, against the sandbox with a small window.

Every load is compared with the sandbox's own full, ordered result. The window is 200 here
(10,000 in Jira), so the traps of a real site (several projects, issues created in one minute,
changes between windows, proxies that refuse POST) come up in a 600-issue site.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.api import JiraClient, SiteConfig
from app.api.dc_search import (
    DEFAULT_RESULT_WINDOW,
    QueryTooLongError,
    learn_result_window,
    search_traits,
)
from app.api.search import IssueSearch
from app.api.search_windows import UnorderableSearchError
from app.domain.issue import IssueRow
from app.domain.search_order import parse_order
from app.domain.search_windows import Change, ChangedIssue
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox
from app.sandbox.jql import search as sandbox_search
from app.sandbox.model import Issue
from tests.integration.conftest import CountingTransport, Link, make_site

pytestmark = pytest.mark.asyncio

WINDOW = 200


@dataclass
class Sent:
    """One request as the site saw it, and its answer's status."""

    method: str
    path: str
    jql: str
    start: int
    size: int
    status: int = 0


@dataclass
class RecordingTransport(httpx.AsyncBaseTransport):
    """Records every search; ``before`` runs first (to change the site), ``refuse`` answers
    405 to POST searches, as some proxies do."""

    inner: httpx.AsyncBaseTransport
    before: Callable[[Sent], None] | None = None
    refuse_post: bool = False
    sent: list[Sent] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Record, maybe refuse, else forward."""
        if request.method == "POST" and request.content:
            body = json.loads(request.content)
        else:
            body = dict(request.url.params)
        sent = Sent(
            request.method,
            request.url.path,
            str(body.get("jql", "")),
            int(body.get("startAt", 0) or 0),
            int(body.get("maxResults", 50) or 0),
        )
        self.sent.append(sent)
        if self.before is not None and request.url.path.endswith("/search"):
            self.before(sent)
        if self.refuse_post and request.method == "POST" and request.url.path.endswith("/search"):
            sent.status = 405
            return httpx.Response(405, headers={"Allow": "GET"}, request=request)
        response = await self.inner.handle_async_request(request)
        sent.status = response.status_code
        return response

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self.inner.aclose()

    def searches(self) -> list[Sent]:
        """The /search requests, in the order they were sent."""
        return [s for s in self.sent if s.path.endswith("/search")]


def window_site(**overrides: Any) -> Sandbox:
    overrides.setdefault("search_window", WINDOW)
    return make_site(SandboxFlavour.DATACENTER, **overrides)


def client(
    site: Sandbox, transport: httpx.AsyncBaseTransport | None = None, **options: Any
) -> JiraClient:
    account = site.admin
    from app.api import auth_for
    from app.domain.site import AuthKind

    config = SiteConfig(
        "http://jira.sandbox.test",
        auth_for(AuthKind.PASSWORD, account.login, account.secret),
        trust_env=False,
        **options,
    )
    return JiraClient(config, transport=transport or httpx.ASGITransport(app=site.app))


def truth(site: Sandbox, jql: str) -> list[str]:
    """The keys the sandbox holds for ``jql``, in its order (one search, no window)."""
    admin = site.store.user_by_name(site.admin.login)
    return [i.key for i in sandbox_search(site.store, jql, user=admin).issues]


async def load(
    search: IssueSearch, jql: str, fields: list[str] | None = None, **options: Any
) -> list[IssueRow]:
    batches: AsyncGenerator[list[IssueRow], None] = search.load(
        jql, fields or ["summary"], **options
    )
    async with contextlib.aclosing(batches) as it:
        return [row async for batch in it for row in batch]


def assert_inside_the_window(transport: RecordingTransport, window: int = WINDOW) -> None:
    """Only the pages in flight when Jira first refused one (which tells Jade the window)
    reached past the window; every later page stays inside."""
    searches = transport.searches()
    beyond = [n for n, s in enumerate(searches) if s.start + s.size > window]
    # refused, or cancelled unanswered when the first refusal ended the pages in flight
    assert all(searches[n].status in (500, 0) for n in beyond)
    assert len(beyond) <= 6  # the site's concurrency
    assert all(s.status == 200 for s in searches[beyond[-1] + 1 if beyond else 0 :])


# ----- whole and in order ---------------------------------------------------------------------


ORDERS = [
    "ORDER BY key",
    "ORDER BY key DESC",
    "ORDER BY created DESC",
    "ORDER BY updated DESC, key",
    "ORDER BY resolved, key DESC",
    "",  # Jira's default: key descending
]


@pytest.mark.parametrize("order", ORDERS, ids=[o or "default" for o in ORDERS])
async def test_a_search_past_the_window_comes_whole_in_its_order(
    fresh_dc_link: Link, order: str
) -> None:
    site = fresh_dc_link.site
    site.search_window = WINDOW
    jql = f"project is not EMPTY {order}".strip()
    counting = fresh_dc_link.transport(counting=True)
    assert isinstance(counting, CountingTransport)
    recording = RecordingTransport(counting)
    async with fresh_dc_link.client(transport=recording) as jira:
        search = IssueSearch(jira)
        # pages of 20 in a window of 200: ten pages a window, as 1000 in Jira's 10,000
        rows = await load(search, jql, page_size=20)
    keys = [r.key for r in rows]
    # ties (equal created times) are put in key order, which Jira leaves undefined
    assert keys == truth(site, parse_order(jql).jql())
    assert [site.store.issues_by_key[k].created for k in keys] == [
        site.store.issues_by_key[k].created for k in truth(site, jql)
    ]
    assert len(set(keys)) == len(keys) == len(site.store.issues) == search.total
    assert search.windows > 1 and search.changed == []
    assert_inside_the_window(recording)
    assert counting.max_in_flight <= jira.http.config.concurrency
    # the fields asked only to compare rows are not handed out
    assert all(set(r.values) == {"summary"} for r in rows)


async def test_a_search_that_fits_is_one_window_of_plain_pages() -> None:
    site = window_site()
    recording = RecordingTransport(httpx.ASGITransport(app=site.app))
    async with client(site, recording) as jira:
        search = IssueSearch(jira)
        first = min(site.store.projects.values(), key=lambda p: p.key)
        jql = f"project = {first.key} ORDER BY created DESC"
        rows = await load(search, jql, page_size=20)
    assert [r.key for r in rows] == truth(site, parse_order(jql).jql())
    assert search.windows == 1
    # the window's order ends with key, so that offset pages cannot overlap on ties
    assert {s.jql for s in recording.searches()} == {f"{jql}, key ASC"}
    assert len(recording.searches()) == -(-len(rows) // 20)


async def test_more_issues_than_a_window_created_in_one_minute() -> None:
    # dates cannot split these: a JQL date stops at the minute. Key ranges must.
    site = window_site(projects=2, issues=900)
    minute = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
    biggest = max(
        site.store.projects.values(),
        key=lambda p: sum(i.project_id == p.id for i in site.store.issues.values()),
    )
    crowded = [i for i in site.store.issues.values() if i.project_id == biggest.id]
    assert len(crowded) > 2 * WINDOW
    for n, issue in enumerate(crowded):
        # a third share the very same millisecond
        issue.created = minute + timedelta(milliseconds=0 if n % 3 == 0 else n)
    recording = RecordingTransport(httpx.ASGITransport(app=site.app))
    async with client(site, recording) as jira:
        search = IssueSearch(jira)
        for jql in (
            "project is not EMPTY ORDER BY created DESC",
            "project is not EMPTY ORDER BY key",
            "ORDER BY created, key DESC",
        ):
            rows = await load(search, jql)
            assert [r.key for r in rows] == truth(site, parse_order(jql).jql()), jql
            assert search.changed == []
    assert any('key > "' in s.jql and 'key <= "' in s.jql for s in recording.searches())
    assert_inside_the_window(recording)


async def test_n_of_m_is_known_before_the_first_rows() -> None:
    site = window_site()
    seen: list[tuple[int, int | None]] = []
    async with client(site) as jira:
        totals: list[int] = []
        search = IssueSearch(jira, on_total=lambda total, exact: totals.append(total))
        loaded = 0
        async with contextlib.aclosing(
            search.load("ORDER BY updated DESC", ["summary"])
        ) as batches:
            async for batch in batches:
                loaded += len(batch)
                seen.append((loaded, search.total))
    assert totals and totals[-1] == len(site.store.issues)
    assert all(total is not None and done <= total for done, total in seen)
    assert seen[-1] == (len(site.store.issues), len(site.store.issues))


# ----- orders Jade cannot merge -----------------------------------------------------------------


async def test_an_order_jade_cannot_merge_is_refused_and_key_order_offered() -> None:
    site = window_site()
    async with client(site) as jira:
        search = IssueSearch(jira)
        with pytest.raises(UnorderableSearchError) as caught:
            await load(search, "project is not EMPTY ORDER BY priority DESC")
        error = caught.value
        assert error.field == "priority"
        assert "cannot sort by 'priority'" in str(error) and "ORDER BY key" in str(error)
        assert error.key_order_jql == "project is not EMPTY ORDER BY key ASC"
        assert len(await load(search, error.key_order_jql)) == len(site.store.issues)
        # inside the window the same order is Jira's to apply
        first = min(site.store.projects.values(), key=lambda p: p.key)
        small = f"project = {first.key} ORDER BY priority DESC"
        assert [r.key for r in await load(search, small)] == truth(site, f"{small}, key")


async def test_a_text_search_without_order_is_ranked_by_relevance_and_refused() -> None:
    site = window_site(search_window=50)
    words: dict[str, int] = {}
    for issue in site.store.issues.values():
        for word in set(issue.summary.lower().split()):
            words[word] = words.get(word, 0) + 1
    word = max((w for w in words if w.isalpha()), key=words.__getitem__)
    assert words[word] > 50
    async with client(site) as jira:
        with pytest.raises(UnorderableSearchError) as caught:
            await load(IssueSearch(jira), f'summary ~ "{word}"')
    assert caught.value.field == "relevance"
    assert "relevance" in str(caught.value)


# ----- changes while loading ------------------------------------------------------------------


def window_hook(
    site: Sandbox, nth: int, change: Callable[[Sandbox], None]
) -> Callable[[Sent], None]:
    """Run ``change`` once, just before the ``nth`` page of a window is asked for."""
    pages: list[Sent] = []

    def before(sent: Sent) -> None:
        if sent.size <= 1 or "project" not in sent.jql:
            return  # the whole query's first page, counts and the planner's key-range pages
        pages.append(sent)
        if len(pages) == nth:
            change(site)

    return before


def issue_of_window(site: Sandbox, keys: list[str], position: int) -> Issue:
    return site.store.issues_by_key[keys[position]]


async def test_an_issue_deleted_after_its_window_loaded_is_reported() -> None:
    site = window_site()
    keys = truth(site, "ORDER BY key")
    victim = keys[3]  # in the first window

    def delete(s: Sandbox) -> None:
        s.store.remove_issue(s.store.issues_by_key[victim])

    recording = RecordingTransport(
        httpx.ASGITransport(app=site.app), before=window_hook(site, 3, delete)
    )
    async with client(site, recording, concurrency=1) as jira:
        reported: list[ChangedIssue] = []
        search = IssueSearch(jira, on_changed=reported.extend)
        rows = await load(search, "ORDER BY key")
    assert victim in [r.key for r in rows]
    assert [(c.key, c.change) for c in search.changed] == [(victim, Change.GONE)]
    assert reported == search.changed


async def test_an_issue_deleted_before_its_window_loaded_is_no_change() -> None:
    site = window_site()
    keys = truth(site, "ORDER BY key")
    victim = keys[-3]  # in the last window

    def delete(s: Sandbox) -> None:
        s.store.remove_issue(s.store.issues_by_key[victim])

    recording = RecordingTransport(
        httpx.ASGITransport(app=site.app), before=window_hook(site, 2, delete)
    )
    async with client(site, recording, concurrency=1) as jira:
        search = IssueSearch(jira)
        rows = await load(search, "ORDER BY key")
    assert [r.key for r in rows] == truth(site, "ORDER BY key")
    assert search.changed == []  # the list is what the site holds now: nothing to report


async def test_an_issue_edited_between_pages_is_reported_not_lost() -> None:
    site = window_site()
    jql = "ORDER BY updated DESC, key"
    first = min(site.store.projects.values(), key=lambda p: p.key)
    in_first = truth(site, f"project = {first.key} {jql}")
    edited = in_first[-2]  # near the end of its window: it jumps to the top when edited

    def touch(s: Sandbox) -> None:
        s.store.issues_by_key[edited].updated = datetime.now(UTC)

    recording = RecordingTransport(
        httpx.ASGITransport(app=site.app), before=window_hook(site, 2, touch)
    )
    async with client(site, recording, concurrency=1) as jira:
        search = IssueSearch(jira)
        rows = await load(search, jql, page_size=10)
    keys = [r.key for r in rows]
    assert len(keys) == len(set(keys))
    # the pages after the edit shifted by one: one issue came twice, the edited one never
    assert edited not in keys
    assert [c.change for c in search.changed] == [Change.REPEATED, Change.MISSED]
    assert search.changed[1].key == edited
    # every issue of the site is listed, or named as missed
    missed = {c.key for c in search.changed if c.change is Change.MISSED}
    assert set(keys) | missed == set(truth(site, jql))


async def test_an_issue_moved_between_windows_is_reported_under_its_new_key() -> None:
    site = window_site()
    projects = sorted(site.store.projects.values(), key=lambda p: p.key)
    target, source = projects[0], projects[-1]
    mover = max(
        (i for i in site.store.issues.values() if i.project_id == source.id), key=lambda i: i.id
    )
    new_key = f"{target.key}-{target.next_issue_number}"

    def move(s: Sandbox) -> None:
        # moved from the last window into the first one, which is loaded already
        s.store.issues_by_key.pop(mover.key)
        mover.key, mover.project_id = new_key, target.id
        target.next_issue_number += 1
        s.store.issues_by_key[new_key] = mover

    recording = RecordingTransport(
        httpx.ASGITransport(app=site.app), before=window_hook(site, 2, move)
    )
    async with client(site, recording, concurrency=1) as jira:
        search = IssueSearch(jira)
        rows = await load(search, "ORDER BY key")
    assert new_key not in [r.key for r in rows]
    assert [(c.id, c.key, c.change) for c in search.changed] == [
        (str(mover.id), new_key, Change.MISSED)
    ]


async def test_a_deleted_window_bound_is_reported_not_fatal() -> None:
    site = window_site(projects=2, issues=900)
    jql = "ORDER BY key"
    recording = RecordingTransport(httpx.ASGITransport(app=site.app))
    async with client(site, recording, concurrency=1) as jira:
        search = IssueSearch(jira)
        await load(search, jql)  # learns the window and plans once
        bounds = [s.jql for s in recording.searches() if 'key <= "' in s.jql and s.size > 1]
        assert bounds
        bound = bounds[0].split('key <= "')[1].split('"')[0]

        def delete(s: Sandbox) -> None:
            s.store.remove_issue(s.store.issues_by_key[bound])

        recording.before = window_hook(site, 1, delete)
        rows = await load(search, jql)
    keys = [r.key for r in rows]
    missed = {c.key for c in search.changed if c.change is Change.MISSED}
    assert missed and not missed & set(keys)
    assert set(keys) | missed == set(truth(site, jql))
    assert len(keys) == len(set(keys))


async def test_leaving_a_windowed_load_early_stops_every_request() -> None:
    site = window_site()
    counting = CountingTransport(httpx.ASGITransport(app=site.app))
    async with client(site, counting) as jira:
        batches = IssueSearch(jira).load("ORDER BY created DESC", ["summary"])
        async with contextlib.aclosing(batches) as it:
            async for _ in it:
                break
        assert counting.in_flight == 0
        assert jira.http.in_flight == 0


# ----- the site's search ----------------------------------------------------------------------


async def test_a_site_that_refuses_post_is_searched_by_get_from_then_on() -> None:
    site = window_site()
    recording = RecordingTransport(httpx.ASGITransport(app=site.app), refuse_post=True)
    async with client(site, recording) as jira:
        search = IssueSearch(jira)
        rows = await load(search, "ORDER BY created DESC")
        assert [r.key for r in rows] == truth(site, "ORDER BY created DESC, key")
        assert search_traits(jira).post_refused
        assert [s.method for s in recording.searches()].count("POST") == 1
        before = len(recording.sent)
        assert await search.count("project is not EMPTY") == (len(site.store.issues), True)
        assert [s.method for s in recording.sent[before:]] == ["GET"]
        long = "summary ~ x OR " * 600 + "summary ~ y"
        with pytest.raises(QueryTooLongError) as caught:
            await load(search, long)
        assert "refuses searches sent by POST (HTTP 405)" in str(caught.value)
    # another client of the site finds out for itself
    async with client(site, recording) as other:
        assert not search_traits(other).post_refused


async def test_the_window_is_learned_from_jiras_refusal_and_remembered() -> None:
    site = window_site()
    recording = RecordingTransport(httpx.ASGITransport(app=site.app))
    async with client(site, recording) as jira:
        search = IssueSearch(jira)
        await load(search, "ORDER BY key")
        refused = [s for s in recording.searches() if s.status == 500]
        assert len(refused) == 1 and refused[0].size == 1000
        assert search_traits(jira).result_window == WINDOW
        before = len(recording.sent)
        await load(search, "ORDER BY key DESC")
        assert all(s.status == 200 for s in recording.sent[before:])


async def test_a_window_smaller_than_believed_is_replanned_without_loss() -> None:
    site = window_site()
    recording = RecordingTransport(httpx.ASGITransport(app=site.app))
    async with client(site, recording) as jira:
        # Jade believes 400 (as it believes 10,000 of a site whose admin lowered the window)
        search_traits(jira).result_window = 400
        search = IssueSearch(jira)
        jql = "ORDER BY updated DESC"
        rows = await load(search, jql, page_size=20)
        assert search_traits(jira).result_window == WINDOW
    assert [r.key for r in rows] == truth(site, parse_order(jql).jql())
    assert search.changed == []
    assert any(s.status == 500 for s in recording.searches())


async def test_the_window_is_asked_of_sites_that_tell_it() -> None:
    asked: list[str] = []
    versions = {"ten.test": [10, 3, 12], "old.test": [11, 3, 0], "new.test": [11, 4, 0]}

    def answer(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if request.url.path.endswith("/serverInfo"):
            numbers = versions[host]
            version = ".".join(map(str, numbers))
            return httpx.Response(
                200,
                json={"version": version, "versionNumbers": numbers, "deploymentType": "Server"},
            )
        asked.append(host)
        if host == "new.test":
            return httpx.Response(200, json=50_000)
        return httpx.Response(404, json={"errorMessages": ["null for uri"]})

    expected = {"ten.test": DEFAULT_RESULT_WINDOW, "old.test": DEFAULT_RESULT_WINDOW}
    for host in versions:
        config = SiteConfig(f"http://{host}", None, trust_env=False)
        async with JiraClient(config, transport=httpx.MockTransport(answer)) as jira:
            assert await learn_result_window(jira) == expected.get(host, 50_000)
            assert await learn_result_window(jira) == expected.get(host, 50_000)
    # before 11.3 there is nothing to ask; each other site is asked once
    assert asked == ["old.test", "new.test"]
