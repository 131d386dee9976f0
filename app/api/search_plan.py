"""Planning the windows of a Data Center search that is larger than the site's result window.

Windows hold at most ``capacity`` issues each (``window_capacity``: the result window less
room for issues created meanwhile), and together hold the query's result exactly once:

1. The projects the user may browse (``GET /project``), sorted by key as Jira sorts keys, are
   halved until each part's count fits (counts are ``/search`` pages of ``maxResults=0``; the
   two halves of a part are counted at the same time). A part that fits is a window of whole
   projects; neighbouring windows that fit together are joined.
2. A single project larger than a window is cut by key ranges, which compare key numbers within
   the project (JIRA-BEHAVIOUR §10): the issue at position ``capacity - 1`` of ``project = P
   [AND key > a] ORDER BY key`` (a page of one issue) ends one range and starts the next, until
   what is left fits. Dates would not do: a JQL date stops at the minute, and any number of
   issues can be created in one minute.
3. If the windows hold fewer issues than the query (issues of projects the list did not show),
   the rest is one more window, ``project not in (…)``, if it fits.

Every request is one page of the query (``dc_search``), so the planner needs nothing a search
does not need; it costs a few counts per level of halving plus one page per key range.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from app.api.dc_search import dc_search, project_refs
from app.api.errors import ProtocolError
from app.api.issue_wire import DcIssuePage
from app.api.platform import JiraClient
from app.domain.search_order import SearchOrder
from app.domain.search_windows import SearchWindow, coalesce, halves

__all__ = ["WindowPlanner"]

_RETRIES = 3  # a key-range page that comes back empty (issues deleted meanwhile) is asked again


class WindowPlanner:
    """Cuts one query into windows of at most ``capacity`` issues."""

    def __init__(self, client: JiraClient, order: SearchOrder, capacity: int) -> None:
        self.client = client
        self.order = order
        self.capacity = capacity
        self.requests = 0  # counts and key-range pages sent, for the curious

    async def _page(self, jql: str, start: int, size: int) -> DcIssuePage:
        self.requests += 1
        body = {"jql": jql, "startAt": start, "maxResults": size, "fields": ["id"]}
        return await dc_search(self.client, body, DcIssuePage)

    async def _count(self, restriction: str) -> int:
        return (await self._page(self.order.condition(restriction), 0, 0)).total

    async def plan(self, total: int) -> list[SearchWindow]:
        """Windows that hold the query's ``total`` issues between them, in key order."""
        projects = sorted(await project_refs(self.client), key=lambda p: p.key)
        ids = tuple(p.id for p in projects)
        keys = {p.id: p.key for p in projects}
        windows = coalesce(await self._split(ids, total, keys, root=True), self.capacity)
        held = sum(w.expected for w in windows)
        if held < total and ids:
            rest = SearchWindow(ids, outside=True)
            count = await self._count(rest.restriction())
            if count > self.capacity:
                raise ProtocolError(
                    f"{count:,} issues of this search are in projects the project list does "
                    "not show, more than one search can page through. Add a project "
                    "condition to the query."
                )
            if count:
                windows.append(SearchWindow(ids, expected=count, outside=True))
        return windows

    async def _split(
        self, projects: Sequence[str], count: int, keys: dict[str, str], *, root: bool = False
    ) -> list[SearchWindow]:
        if count == 0 or not projects:
            return []
        if count <= self.capacity and not root:
            return [SearchWindow(tuple(projects), expected=count)]
        if len(projects) == 1:
            return await self._key_ranges(projects[0], keys[projects[0]], count)
        left, right = halves(projects)
        counts = await asyncio.gather(
            self._count(SearchWindow(tuple(left)).restriction()),
            self._count(SearchWindow(tuple(right)).restriction()),
        )
        parts = await asyncio.gather(
            self._split(left, counts[0], keys), self._split(right, counts[1], keys)
        )
        return parts[0] + parts[1]

    async def _key_ranges(self, project: str, key: str, count: int) -> list[SearchWindow]:
        """One project's issues in key ranges of ``capacity`` issues, the last one smaller."""
        if count <= self.capacity:
            return [SearchWindow((project,), expected=count)]
        ranges: list[SearchWindow] = []
        after: str | None = None
        retries = 0
        while True:
            window = SearchWindow((project,), after=after)
            jql = f"{self.order.condition(window.restriction())} ORDER BY key ASC"
            page = await self._page(jql, self.capacity - 1, 1)
            if page.total <= self.capacity:
                ranges.append(SearchWindow((project,), after=after, expected=page.total))
                return ranges
            if not page.issues:
                # the project shrank between the count and this page: ask again
                retries += 1
                if retries > _RETRIES:
                    raise ProtocolError(
                        f"The search of project {key} kept changing while Jade cut it into "
                        "windows. Try again."
                    )
                continue
            through = page.issues[0].key
            ranges.append(
                SearchWindow((project,), after=after, through=through, expected=self.capacity)
            )
            after = through
