"""Jira 4.3's REST 2.0.alpha1: issues, search and projects, as the panes and commands use them.

``LegacyIssues``, ``LegacySearch`` and ``LegacyProjects`` answer the same calls as
``IssueReader``/``IssueWriter``, ``IssueSearch`` and ``ProjectAdmin``'s reading half
(``app.api.dialect`` names those calls), over alpha1's resources; the shapes are mapped by
``legacy_wire``. What alpha1 has no resource for (editing and assigning issues, bulk fetch,
project administration, categories, user search) raises ``NotOnThisJiraError`` before anything
is sent.

alpha1's search answers keys only, so a search pages the keys (``startAt``/``maxResults``) and
reads each issue (``GET issue/{key}``) within the site's concurrency, yielding pages in result
order. Transitions are POSTed as ``{"transition", "fields", "comment"}`` with field values by name.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from app.api import legacy_wire as lw
from app.api.concurrently import all_or_nothing
from app.api.core import ApiRequest, OffsetPage
from app.api.errors import NotFoundError, NotOnThisJiraError
from app.api.pagination import offset_pages
from app.api.platform import JiraClient
from app.api.project_wire import jira_datetime
from app.api.wire import DcSearchPage
from app.domain.issue import IssueRow, SkippedIssue
from app.domain.issue_actions import IssueEdit, Transition
from app.domain.issue_detail import IssueDetail
from app.domain.project import Category, Project, ProjectDetail, ProjectStats
from app.domain.search_windows import ChangedIssue
from app.domain.site import UserRef

__all__ = ["ALPHA", "LegacyIssues", "LegacyProjects", "LegacySearch", "not_on_legacy"]

ALPHA = "rest/api/2.0.alpha1"
PAGE = 50  # alpha1's default page; jira.search.views.default.max may cut larger ones
LONG_JQL = 2000  # longer queries go in a POST body (URLs past ~8 KB are refused on the way)


def _seg(value: str) -> str:
    return quote(str(value), safe="")


def _issue_path(key: str, suffix: str = "") -> str:
    return f"{ALPHA}/issue/{_seg(key)}{suffix}"


def not_on_legacy(client: JiraClient, feature: str, reason: str = "") -> NotOnThisJiraError:
    """The error for ``feature`` on this 4.x site, naming its version (``4.3``)."""
    server = client.known_server
    return NotOnThisJiraError(feature, server.short_version if server else "4.x", reason)


class LegacyIssues:
    """Single issues over alpha1: read, transition, comment, watch and vote."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client
        self._http = client.http

    async def _raw(self, key: str, expand: str | None = None) -> dict[str, Any]:
        params = {"expand": expand} if expand else None
        return await self._http.get_json(_issue_path(key), dict[str, Any], params)

    async def get(self, key: str) -> IssueRow:
        """The issue ``key`` with every field alpha1 sends (comments included)."""
        return lw.issue_row(await self._raw(key), key)

    async def detail(self, key: str) -> IssueDetail:
        """The issue in full; 4.3 renders nothing and keeps no changelog here."""
        found, votes = await asyncio.gather(self._raw(key, "html"), self._votes_or_none(key))
        row = lw.issue_row(found, key)
        if votes is not None and "votes" not in row.values:
            # alpha1's issue may leave the votes out: the votes resource tells them
            row = IssueRow(row.id, row.key, {**row.values, "votes": votes})
        description_html, comment_html = lw.rendered(found, row.fields)
        return IssueDetail(
            row,
            site_url=self._http.config.base_url,
            description_html=description_html,
            comment_html=comment_html,
            relations=lw.issue_relations(row.fields),
        )

    async def _votes_or_none(self, key: str) -> dict[str, Any] | None:
        try:
            return await self._http.get_json(_issue_path(key, "/votes"), dict[str, Any])
        except NotFoundError:
            return None  # voting is off on this site, or the issue is gone (the issue says)

    async def transitions(self, key: str) -> list[Transition]:
        """The transitions open to the user now, with their screens' fields."""
        found = await self._http.get_json(_issue_path(key, "/transitions"), dict[str, Any])
        return lw.to_transitions(found)

    async def transition(
        self,
        key: str,
        transition_id: str,
        fields: Mapping[str, str] | None = None,
        comment: str | None = None,
    ) -> None:
        """Take the transition; screen values go by name (``{"resolution": "Fixed"}``)."""
        ident: int | str = int(transition_id) if transition_id.isdigit() else transition_id
        body: dict[str, Any] = {"transition": ident, "fields": dict(fields or {})}
        if comment is not None and comment.strip():
            body["comment"] = comment
        await self._http.send(self._post(_issue_path(key, "/transitions"), body))

    async def add_comment(self, key: str, body: str) -> str:
        """Comment on ``key``; 4.3's only way is a transition, so this answers "not available"."""
        raise not_on_legacy(
            self.client,
            "Adding a comment on its own",
            "Add the comment with a transition instead.",
        )

    async def assign(self, key: str, user: UserRef | None) -> None:
        """alpha1 cannot assign an issue (only a transition's screen can)."""
        raise not_on_legacy(self.client, "Assigning issues")

    async def edit(self, key: str, edit: IssueEdit) -> None:
        """alpha1 cannot edit an issue."""
        raise not_on_legacy(self.client, "Editing issues")

    # ----- watchers and votes --------------------------------------------------------------------

    async def watchers(self, key: str) -> tuple[bool, list[UserRef]]:
        """Whether the signed-in user watches ``key``, and who does."""
        found = await self._http.get_json(_issue_path(key, "/watchers"), dict[str, Any])
        users = [lw.to_user(w) for w in found.get("watchers", ()) if isinstance(w, dict)]
        return bool(found.get("isWatching")), users

    async def watch(self, key: str, username: str) -> None:
        """Add ``username`` to the watchers (the body is the bare JSON string)."""
        await self._http.send(self._post(_issue_path(key, "/watchers"), username))

    async def unwatch(self, key: str, username: str) -> None:
        """Remove ``username`` from the watchers."""
        path = _issue_path(key, f"/watchers/{_seg(username)}")
        await self._http.send(ApiRequest("DELETE", path))

    async def votes(self, key: str) -> tuple[int, bool]:
        """How many votes ``key`` has, and whether the signed-in user cast one."""
        found = await self._http.get_json(_issue_path(key, "/votes"), dict[str, Any])
        return int(found.get("votes") or 0), bool(found.get("hasVoted"))

    async def vote(self, key: str) -> None:
        """Vote for ``key`` (404 when Jira does not allow it: e.g. the reporter's own issue)."""
        await self._http.send(ApiRequest("POST", _issue_path(key, "/votes"), idempotent=False))

    async def unvote(self, key: str) -> None:
        """Take the vote back."""
        await self._http.send(ApiRequest("DELETE", _issue_path(key, "/votes")))

    async def link(self, link_type: str, from_key: str, to_key: str, comment: str = "") -> None:
        """Link ``from_key`` to ``to_key`` with ``link_type`` (by name), commenting on the first."""
        body: dict[str, Any] = {
            "linkType": link_type,
            "fromIssueKey": from_key,
            "toIssueKey": to_key,
        }
        if comment.strip():
            body["comment"] = {"body": comment}
        await self._http.send(self._post(f"{ALPHA}/issueLink", body))

    @staticmethod
    def _post(path: str, body: Any) -> ApiRequest:
        # a change that must never go twice: a lost answer may hide a change that was made
        return ApiRequest("POST", path, json=body, idempotent=False)


SkippedCallback = Callable[[list[SkippedIssue]], None]
ChangedCallback = Callable[[list[ChangedIssue]], None]
TotalCallback = Callable[[int, bool], None]


class LegacySearch:
    """Counts and loads the issues matching a JQL query over alpha1's ``search``."""

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
        self.skipped: list[SkippedIssue] = []
        self.total: int | None = None
        self.changed: list[ChangedIssue] = []  # alpha1 pages keys only: nothing to check
        self.windows = 0

    async def _page(self, jql: str, start: int, size: int) -> DcSearchPage:
        path = f"{ALPHA}/search"
        if len(jql) > LONG_JQL:
            # too long for a URL: alpha1 takes the same search as a POST body
            body = {"jql": jql, "startAt": start, "maxResults": size}
            request = ApiRequest("POST", path, json=body, idempotent=True)
            return await self.client.http.request_json(request, DcSearchPage)
        params: dict[str, str | int] = {"jql": jql, "startAt": start, "maxResults": size}
        return await self.client.http.get_json(path, DcSearchPage, params)

    async def count(self, jql: str) -> tuple[int, bool]:
        """How many issues match (exact)."""
        return (await self._page(jql, 0, 0)).total, True

    async def load(
        self,
        jql: str,
        fields: Sequence[str] = (),
        *,
        page_size: int | None = None,
        batch_size: int = 100,
    ) -> AsyncGenerator[list[IssueRow], None]:
        """Pages of matching issues in result order, every field alpha1 sends (``fields`` aside).

        A key the search listed that cannot be read any more (deleted since) is skipped and
        reported through ``skipped``/``on_skipped``.
        """
        self.skipped, self.total, self.changed, self.windows = [], None, [], 1
        size = page_size or PAGE
        issues = LegacyIssues(self.client)
        limit = asyncio.Semaphore(self.client.http.config.concurrency)

        async def fetch(start: int) -> OffsetPage[dict[str, Any]]:
            page = await self._page(jql, start, size)
            if self.total is None:
                self.total = page.total
                if self.on_total is not None:
                    self.on_total(page.total, True)
            return OffsetPage(page.start_at, page.max_results, page.issues, page.total)

        async def read(key: str) -> IssueRow | SkippedIssue:
            async with limit:
                try:
                    return await issues.get(key)
                except NotFoundError as error:  # deleted or hidden since the search listed it
                    return SkippedIssue(key, str(error))

        window = self.client.http.config.concurrency
        async with contextlib.aclosing(offset_pages(fetch, window=window)) as pages:
            async for page in pages:
                keys = [str(i.get("key", "")) for i in page if i.get("key")]
                found = await all_or_nothing(read(k) for k in keys)
                rows = [r for r in found if isinstance(r, IssueRow)]
                missing = [r for r in found if isinstance(r, SkippedIssue)]
                if missing:
                    self.skipped.extend(missing)
                    if self.on_skipped is not None:
                        self.on_skipped(missing)
                yield rows


class LegacyProjects:
    """Projects over alpha1: the list, one project with its components and versions; read-only."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client
        self._http = client.http

    async def project_pages(self, *, page_size: int = 50) -> AsyncGenerator[list[Project], None]:
        """Every project the user may browse, in one answer."""
        found = await self._http.get_json(f"{ALPHA}/project", list[dict[str, Any]])
        yield [lw.to_project(p) for p in found]

    async def list_projects(self, *, page_size: int = 50) -> list[Project]:
        """Every project the user may browse."""
        out: list[Project] = []
        async with contextlib.aclosing(self.project_pages(page_size=page_size)) as pages:
            async for page in pages:
                out.extend(page)
        return out

    async def get_project(self, key: str) -> ProjectDetail:
        """One project with its lead, components and versions (4.3 has no roles or schemes here)."""
        found = await self._http.get_json(f"{ALPHA}/project/{_seg(key)}", dict[str, Any])
        return lw.to_project_detail(found)

    async def categories(self) -> list[Category]:
        """4.3 lists no project categories over REST: none."""
        return []

    async def project_stats(self, key: str) -> ProjectStats:
        """The issue count and, from the newest issue, the last update."""
        escaped = key.replace("\\", "\\\\").replace('"', '\\"')
        params: dict[str, str | int] = {
            "jql": f'project = "{escaped}" ORDER BY updated DESC',
            "startAt": 0,
            "maxResults": 1,
        }
        page = await self._http.get_json(f"{ALPHA}/search", DcSearchPage, params)
        last = None
        if page.issues and page.issues[0].get("key"):
            newest = await LegacyIssues(self.client).get(str(page.issues[0]["key"]))
            updated = newest.field("updated")
            last = jira_datetime(updated if isinstance(updated, str) else None)
        return ProjectStats(page.total, last)

    async def search_users(self, query: str, limit: int = 20) -> list[UserRef]:
        """alpha1 finds a user by exact username only: that user, or nobody."""
        if not query.strip():
            return []
        try:
            found = await self._http.get_json(
                f"{ALPHA}/user", dict[str, Any], {"username": query.strip()}
            )
        except NotFoundError:
            return []
        return [lw.to_user(found)][:limit]
