"""The Jira 4.3 dialect against the legacy sandbox (REST 2.0.alpha1), every endpoint Jade uses.

Reads share one site (in-process and over loopback); every test that changes something gets a
site of its own. Errors are the brief's: 404 for a missing issue, 400 for bad JQL, 401 for a
wrong password at login and 403 when Jira wants a CAPTCHA first.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from app.api.board_sources import board_source_for
from app.api.dialect import IssueSocial, dialect_for
from app.api.errors import AuthenticationError, NotFoundError, NotOnThisJiraError, ValidationError
from app.api.jql_reference import JqlReference
from app.api.legacy import LegacyIssues, LegacyProjects, LegacySearch
from app.api.legacy_meta import LegacyMeta
from app.api.platform import JiraClient
from app.api.probes import probe_client
from app.api.search import IssueSearch
from app.domain.site import AuthKind, Flavour
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox
from app.sandbox.model import Issue as SiteIssue
from tests.integration.conftest import MODES, CountingTransport, Link, _link, make_site

pytestmark = pytest.mark.asyncio


@pytest.fixture(scope="module")
def legacy_site() -> Sandbox:
    """One read-only 4.3 site for the module's reads."""
    return make_site(SandboxFlavour.LEGACY)


@pytest.fixture(scope="module", params=MODES)
def old(request: pytest.FixtureRequest, legacy_site: Sandbox) -> Iterator[Link]:
    """The shared 4.3 site, in-process and over loopback."""
    yield from _link(legacy_site, request.param)


@pytest.fixture
def fresh() -> Iterator[Link]:
    """A 4.3 site for this test alone (writes, sessions), in-process."""
    yield Link(make_site(SandboxFlavour.LEGACY), "asgi", "http://jira.sandbox.test")


@contextlib.asynccontextmanager
async def signed_in(link: Link, kind: AuthKind = AuthKind.PASSWORD) -> AsyncIterator[JiraClient]:
    """A client of the administrator, serverInfo read (so the dialect is known)."""
    async with link.client(kind=kind) as client:
        await client.server_info()
        yield client


def first(site: Sandbox, wanted: object = None) -> SiteIssue:
    issues = sorted(site.store.issues.values(), key=lambda i: i.id)
    return issues[0] if wanted is None else next(i for i in issues if i.status_id == wanted)


# ----- the site and signing in ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", [AuthKind.PASSWORD, AuthKind.SESSION])
async def test_connects_as_jira_4_3_with_basic_or_a_session(old: Link, kind: AuthKind) -> None:
    async with old.client(kind=kind) as client:
        report = await probe_client(client)
    assert report.server.flavour is Flavour.LEGACY
    assert report.server.version.startswith("4.3.") and report.server.short_version == "4.3"
    assert report.server.alpha_api_only  # /rest/api/2 answered 404
    assert report.user is not None and report.user.id == old.site.admin.login
    assert report.permissions is None and report.missing == ("mypermissions",)


async def test_a_wrong_password_is_401_then_captcha_is_403(fresh: Link) -> None:
    for _ in range(3):
        async with fresh.client(kind=AuthKind.SESSION, secret="wrong") as client:
            with pytest.raises(AuthenticationError) as refused:
                await client.server_info()
        assert refused.value.status == 401
    denied = None
    for _ in range(10):  # the sandbox wants a CAPTCHA after some failures in a row
        async with fresh.client(kind=AuthKind.SESSION) as client:
            try:
                await client.server_info()
            except AuthenticationError as error:
                denied = error
                break
        async with fresh.client(kind=AuthKind.SESSION, secret="wrong") as client:
            with pytest.raises(AuthenticationError):
                await client.server_info()
    assert denied is not None and denied.status == 403  # even with the right password


async def test_an_expired_session_is_renewed_once_then_reported(fresh: Link) -> None:
    counting = CountingTransport(httpx.ASGITransport(app=fresh.site.app))
    control = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=fresh.site.app), base_url=fresh.base_url
    )
    async with fresh.client(kind=AuthKind.SESSION, transport=counting) as client, control:
        projects = LegacyProjects(client)
        before = [p.key for p in await projects.list_projects()]
        assert counting.count("POST", "/rest/auth/1/session") == 1
        answer = await control.post("/_sandbox/knobs", json={"expire_sessions": True})
        assert answer.status_code == 200
        assert [p.key for p in await projects.list_projects()] == before  # renewed, resent
        assert counting.count("POST", "/rest/auth/1/session") == 2
        # the session lapses again, and Jira now refuses every login: renewed once, reported
        await control.post("/_sandbox/knobs", json={"expire_sessions": True})
        await control.post("/_sandbox/legacy", json={"captcha_after": 0})
        with pytest.raises(AuthenticationError) as refused:
            await projects.list_projects()
        assert refused.value.status == 403
        assert counting.count("POST", "/rest/auth/1/session") == 3


async def test_logout_and_websudo(fresh: Link) -> None:
    async with signed_in(fresh, AuthKind.SESSION) as client:
        meta = LegacyMeta(client)
        await meta.drop_websudo()
        await meta.logout()
        # the next request signs in again by itself
        assert await LegacyProjects(client).list_projects()


# ----- projects --------------------------------------------------------------------------------------


async def test_projects_with_components_and_versions(old: Link) -> None:
    async with signed_in(old) as client:
        projects = LegacyProjects(client)
        listed = await projects.list_projects()
        store = old.site.store
        assert sorted(p.key for p in listed) == sorted(p.key for p in store.projects.values())
        with_versions = next(
            p
            for p in store.projects.values()
            if store.project_versions(p) and store.project_components(p)
        )
        detail = await projects.get_project(with_versions.key)
        assert detail.project.name == with_versions.name
        assert [c.name for c in detail.components] == [
            c.name for c in store.project_components(with_versions)
        ]
        assert [v.name for v in detail.versions] == [
            v.name for v in store.project_versions(with_versions)
        ]
        meta = LegacyMeta(client)
        component = detail.components[0]
        assert (await meta.component(component.id)).name == component.name
        version = detail.versions[0]
        assert await meta.version(version.id) == version
        stats = await projects.project_stats(with_versions.key)
        assert stats.issue_count == sum(
            1 for i in store.issues.values() if i.project_id == with_versions.id
        )
        with pytest.raises(NotFoundError):
            await projects.get_project("NOPE")


async def test_project_editing_and_boards_are_not_available(old: Link) -> None:
    async with signed_in(old) as client:
        dialect = dialect_for(client)
        assert dialect.project_admin() is None
        missing = dialect.unavailable("Project editing")
        assert missing is not None and str(missing) == "Project editing: not available on Jira 4.3."
        with pytest.raises(NotOnThisJiraError, match=r"Boards: not available on Jira 4\.3"):
            await board_source_for(client)


# ----- search ----------------------------------------------------------------------------------------


async def test_search_counts_and_loads_every_issue_in_order(old: Link) -> None:
    async with signed_in(old) as client:
        key = sorted(old.site.store.projects.values(), key=lambda p: p.key)[0].key
        jql = f"project = {key} ORDER BY key ASC"
        totals: list[int] = []
        search = LegacySearch(client, on_total=lambda n, exact: totals.append(n))
        count, exact = await search.count(jql)
        rows = [row async for batch in search.load(jql, ["summary"], page_size=7) for row in batch]
    expected = sorted(
        (
            i
            for i in old.site.store.issues.values()
            if old.site.store.projects[i.project_id].key == key
        ),
        key=lambda i: i.id,
    )
    assert exact and count == len(expected) == len(rows) and totals == [count]
    assert [r.key for r in rows] == [i.key for i in expected]
    assert rows[0].fields["summary"] == expected[0].summary
    assert isinstance(rows[0].fields["status"], dict) and rows[0].fields["status"]["name"]


async def test_long_jql_is_posted(fresh: Link) -> None:
    async with signed_in(fresh) as client:
        issue = first(fresh.site)
        padding = " OR ".join(f'summary ~ "zz{n}"' for n in range(120))
        jql = f"key = {issue.key} OR {padding}"
        rows = [r async for batch in LegacySearch(client).load(jql, []) for r in batch]
    assert [r.key for r in rows] == [issue.key]


async def test_bad_jql_is_400_in_jiras_words(old: Link) -> None:
    async with signed_in(old) as client:
        with pytest.raises(ValidationError) as refused:
            await LegacySearch(client).count("project = = x")
    assert refused.value.status == 400 and "Error in the JQL Query" in str(refused.value)


# ----- issues ----------------------------------------------------------------------------------------


async def test_an_issue_in_full_and_a_missing_one(old: Link) -> None:
    issue = max(old.site.store.issues.values(), key=lambda i: len(i.comments))
    async with signed_in(old) as client:
        detail = await LegacyIssues(client).detail(issue.key)
        with pytest.raises(NotFoundError) as missing:
            await LegacyIssues(client).get("NOPE-1")
    fields = detail.fields
    assert detail.key == issue.key and fields["summary"] == issue.summary
    assert len(fields["comment"]["comments"]) == len(issue.comments)
    assert fields["comment"]["comments"][0]["body"] == issue.comments[0].body
    assert "votes" in fields and "watches" in fields
    assert missing.value.status == 404


async def test_a_transition_with_a_field_and_a_comment_lands(fresh: Link) -> None:
    store = fresh.site.store
    async with signed_in(fresh) as client:
        issues = LegacyIssues(client)
        issue = next(
            i
            for i in sorted(store.issues.values(), key=lambda i: i.id)
            if any("resolution" in t.required_fields for t in store.transitions_for(i))
        )
        offered = await issues.transitions(issue.key)
        closing = next(
            t for t in offered if any(f.id == "resolution" and f.required for f in t.fields)
        )
        resolution = sorted(store.resolutions.values(), key=lambda r: r.id)[0].name
        with pytest.raises(ValidationError) as refused:
            await issues.transition(issue.key, closing.id)  # the resolution is required
        assert "resolution" in refused.value.errors
        await issues.transition(
            issue.key, closing.id, {"resolution": resolution}, "Closed from Jade"
        )
        now = await issues.get(issue.key)
    assert now.fields["resolution"]["name"] == resolution
    assert now.fields["comment"]["comments"][-1]["body"] == "Closed from Jade"


async def test_watch_and_vote(fresh: Link) -> None:
    store = fresh.site.store
    async with signed_in(fresh, AuthKind.SESSION) as client:
        actions = dialect_for(client).issues()
        assert isinstance(actions, IssueSocial) and isinstance(actions, LegacyIssues)
        me = fresh.site.admin.login
        issue = next(
            i
            for i in sorted(store.issues.values(), key=lambda i: i.id)
            if i.reporter_key != fresh.site.store.user_by_name(me).key and i.resolution_id is None
        )
        watching, _ = await actions.watchers(issue.key)
        if watching:
            await actions.unwatch(issue.key, me)
        await actions.watch(issue.key, me)
        assert (await actions.watchers(issue.key))[0]
        await actions.unwatch(issue.key, me)
        assert not (await actions.watchers(issue.key))[0]
        votes, voted = await actions.votes(issue.key)
        if voted:
            await actions.unvote(issue.key)
            votes -= 1
        await actions.vote(issue.key)
        assert await actions.votes(issue.key) == (votes + 1, True)
        await actions.unvote(issue.key)
        assert await actions.votes(issue.key) == (votes, False)


async def test_what_4_3_cannot_do_says_so(old: Link) -> None:
    async with signed_in(old) as client:
        issues = LegacyIssues(client)
        key = first(old.site).key
        with pytest.raises(NotOnThisJiraError, match=r"not available on Jira 4\.3"):
            await issues.add_comment(key, "x")
        with pytest.raises(NotOnThisJiraError, match="Assigning issues"):
            await issues.assign(key, None)


async def test_links_and_reference_resources(fresh: Link) -> None:
    store = fresh.site.store
    async with signed_in(fresh) as client:
        meta = LegacyMeta(client)
        kinds = await meta.link_types()
        assert kinds and (await meta.link_type(kinds[0].id)) == kinds[0]
        a, b = sorted(store.issues.values(), key=lambda i: i.id)[:2]
        await LegacyIssues(client).link(kinds[0].name, a.key, b.key, "Linked from Jade")
        relations = (await LegacyIssues(client).detail(a.key)).relations
        assert any(link.issue.key == b.key for link in relations.links)
        status = sorted(store.statuses.values(), key=lambda s: s.id)[0]
        assert (await meta.status(str(status.id))).name == status.name
        priority = sorted(store.priorities.values(), key=lambda p: p.id)[0]
        assert (await meta.priority(str(priority.id))).name == priority.name
        resolution = sorted(store.resolutions.values(), key=lambda r: r.id)[0]
        assert (await meta.resolution(str(resolution.id))).name == resolution.name
        itype = sorted(store.issue_types.values(), key=lambda t: t.id)[0]
        assert (await meta.issue_type(str(itype.id))).name == itype.name
        user = await meta.user(fresh.site.user.login)
        assert user.id == fresh.site.user.login
        commented = next(i for i in store.issues.values() if i.comments)
        comment = await meta.comment(str(commented.comments[0].id))
        assert comment.body == commented.comments[0].body
        legacy = fresh.site.legacy
        issues = sorted(store.issues.values(), key=lambda i: i.id)
        logged = next(i for i in issues if legacy.extras(i).worklogs)
        worklog = legacy.extras(logged).worklogs[0]
        found = await meta.worklog(str(worklog.id))
        assert (found.id, found.minutes, found.comment) == (
            str(worklog.id),
            worklog.minutes,
            worklog.comment,
        )
        attached = next(i for i in issues if legacy.extras(i).attachments)
        attachment = legacy.extras(attached).attachments[0]
        meta_data = await meta.attachment(str(attachment.id))
        assert (meta_data.filename, meta_data.size, meta_data.mime_type) == (
            attachment.filename,
            attachment.size,
            attachment.mime_type,
        )
        assert meta_data.content.startswith(fresh.base_url)
        with pytest.raises(NotFoundError):
            await meta.status("999999")
        with pytest.raises(NotFoundError):
            await meta.worklog("999999")


async def test_the_platform_loader_reads_4_3_through_the_dialect(old: Link) -> None:
    async with signed_in(old) as client:
        key = sorted(p.key for p in old.site.store.projects.values())[0]
        totals: list[int] = []
        search = IssueSearch(client, on_total=lambda n, exact: totals.append(n))
        rows = [r async for batch in search.load(f"project = {key}", ["summary"]) for r in batch]
        count, exact = await search.count(f"project = {key}")
    assert exact and len(rows) == count == totals[0] == search.total
    assert all(isinstance(r.fields.get("summary"), str) for r in rows)  # each issue was read


async def test_jql_reference_data_is_not_available(old: Link) -> None:
    async with signed_in(old) as client:
        reference = JqlReference(client)
        for call in (reference.fields, reference.autocomplete_data, reference.priorities):
            with pytest.raises(
                NotOnThisJiraError, match=r"JQL completion: not available on Jira 4\.3"
            ):
                await call()
