"""Naive implementations that benchmarks and tests measure Jade against; nothing in app uses them.

``sequential_search`` is the obvious way to load a search: one request at a time, each waiting
for the one before (Cloud ``/search/jql`` pages of 100 with fields, DC ``/search`` pages of 50,
Jira's default page).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Sequence
from typing import Any

import msgspec

from app.api import JiraClient
from app.api.core import ApiRequest, TokenPage
from app.api.issue_wire import DcIssuePage, IssueWire, RowDecoder
from app.api.pagination import token_pages
from app.domain.issue import IssueRow
from app.domain.site import Flavour

__all__ = ["TokenIssuePage", "sequential_search"]

CLOUD_PAGE = 100  # /search/jql's most with fields requested
DC_PAGE = 50  # /search's default maxResults


class TokenIssuePage(msgspec.Struct, rename="camel"):
    """A page of Cloud ``/search/jql`` with fields requested."""

    issues: list[IssueWire] = []
    next_page_token: str | None = None
    is_last: bool | None = None


def _search(path: str, body: dict[str, Any]) -> ApiRequest:
    return ApiRequest("POST", path, json=body, idempotent=True)


async def sequential_search(
    client: JiraClient, jql: str, fields: Sequence[str]
) -> AsyncGenerator[list[IssueRow], None]:
    """The naive load of a search, one page at a time, in result order."""
    flavour = await client.flavour()
    http = client.http
    field_list = list(fields)
    decoder = RowDecoder()
    if flavour is Flavour.CLOUD:

        async def fetch_token(token: str | None) -> TokenPage[IssueWire]:
            body: dict[str, Any] = {"jql": jql, "fields": field_list, "maxResults": CLOUD_PAGE}
            if token:
                body["nextPageToken"] = token
            page = await http.request_json(_search("rest/api/2/search/jql", body), TokenIssuePage)
            return TokenPage(page.issues, page.next_page_token, page.is_last)

        async with contextlib.aclosing(token_pages(fetch_token)) as pages:
            async for issues in pages:
                yield decoder.rows(issues)
        return
    start = 0
    while True:
        body = {"jql": jql, "fields": field_list, "startAt": start, "maxResults": DC_PAGE}
        page = await http.request_json(_search("rest/api/2/search", body), DcIssuePage)
        if page.issues:
            yield decoder.rows(page.issues)
        start = page.start_at + len(page.issues)
        if not page.issues or start >= page.total:
            return
