"""Data Center ``/search`` requests, and what Jade learns about a site's search as it goes.

A search is sent by POST, which keeps long JQL out of the URL. Some proxies and servers refuse
POST there (405 Method Not Allowed): the search is then sent by GET with the query in the URL,
as long as the URL stays under ``GET_URL_LIMIT`` (else ``QueryTooLongError``), and the client
remembers to use GET for the rest of its life.

The result window (``jira.search.platform.max.result.window``, 10,000 by default) is read from
DC 11.3's ``searchLimits/maxResultWindow`` when a search needs it, or from the numbers in
Jira's "Search limit exceeded … limit of N" refusal; it is remembered the same way.

What is remembered lives in ``SearchTraits``, one per ``JiraClient`` (``search_traits``), for
as long as the client lives: the session's client, so every search of a site shares it.
"""

from __future__ import annotations

import logging
import re
import urllib.parse
import weakref
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec

from app.api.core import ApiRequest
from app.api.errors import ApiError, HttpStatusError, ServerError
from app.api.platform import JiraClient

__all__ = [
    "DEFAULT_RESULT_WINDOW",
    "GET_URL_LIMIT",
    "ProjectRefWire",
    "QueryTooLongError",
    "ResultWindowExceeded",
    "SearchTraits",
    "dc_search",
    "learn_result_window",
    "project_refs",
    "result_window_limit",
    "search_traits",
]

T = TypeVar("T")
log = logging.getLogger(__name__)

DEFAULT_RESULT_WINDOW = 10_000  # Jira DC's jira.search.platform.max.result.window
# the longest URL Jade sends: servers and proxies commonly refuse request lines over 8 KB
GET_URL_LIMIT = 8000
SEARCH_PATH = "rest/api/2/search"
SEARCH_LIMITS_SINCE = (11, 3)  # the version that added searchLimits/maxResultWindow
_LIMIT_TEXT = re.compile(r"search platform limit of ([0-9][0-9,.]*)", re.IGNORECASE)


@dataclass
class SearchTraits:
    """What one site's search has shown Jade: kept with the site's client."""

    post_refused: bool = False  # /search answered POST with 405: search by GET
    result_window: int | None = None  # learned from the site; None: not known yet
    limits_asked: bool = False  # searchLimits/maxResultWindow was asked already


_TRAITS: weakref.WeakKeyDictionary[JiraClient, SearchTraits] = weakref.WeakKeyDictionary()


def search_traits(client: JiraClient) -> SearchTraits:
    """The search traits of ``client``'s site (created on first use, gone with the client)."""
    traits = _TRAITS.get(client)
    if traits is None:
        traits = _TRAITS[client] = SearchTraits()
    return traits


class QueryTooLongError(ApiError):
    """The site takes searches by GET only, and this one does not fit in a URL."""


class ResultWindowExceeded(ServerError):
    """Jira refused a page past its result window; ``limit`` is the window it named."""

    def __init__(self, error: ServerError, limit: int) -> None:
        super().__init__(error.message, status=error.status, method=error.method, url=error.url)
        self.limit = limit


class ProjectRefWire(msgspec.Struct):
    """A project of ``GET /project``: only what a search plan needs."""

    id: str
    key: str


def result_window_limit(error: ServerError) -> int | None:
    """The window Jira names in a "Search limit exceeded" refusal, or None for other errors."""
    match = _LIMIT_TEXT.search(error.message)
    if match is None:
        return None
    digits = re.sub(r"[^0-9]", "", match[1])
    return int(digits) if digits else None


def _get_params(body: dict[str, Any]) -> dict[str, str | int]:
    params: dict[str, str | int] = {}
    for name, value in body.items():
        params[name] = ",".join(value) if isinstance(value, list) else value
    return params


async def dc_search(client: JiraClient, body: dict[str, Any], type_: type[T]) -> T:
    """One ``/search`` request (POST, or GET where POST is refused), decoded as ``type_``."""
    traits = search_traits(client)
    http = client.http
    try:
        if not traits.post_refused:
            try:
                # a search changes nothing: safe to resend like a GET
                request = ApiRequest("POST", SEARCH_PATH, json=body, idempotent=True)
                return await http.request_json(request, type_)
            except HttpStatusError as error:
                if error.status != 405:
                    raise
                log.info("%s refuses POST searches (405): searching by GET from now on", error.url)
                traits.post_refused = True
        params = _get_params(body)
        url = str(http.config.base_url).rstrip("/") + "/" + SEARCH_PATH
        length = len(url) + 1 + len(urllib.parse.urlencode(params))
        if length > GET_URL_LIMIT:
            raise QueryTooLongError(
                "This site refuses searches sent by POST (HTTP 405), and this query is too long "
                f"to send in the address instead ({length:,} characters; at most "
                f"{GET_URL_LIMIT:,}). Shorten the query, or ask the administrator to allow POST "
                "to /rest/api/2/search.",
                status=405,
                method="GET",
                url=url,
            )
        return await http.request_json(ApiRequest("GET", SEARCH_PATH, params=params), type_)
    except ServerError as error:
        limit = result_window_limit(error)
        if limit is None:
            raise
        traits.result_window = limit
        raise ResultWindowExceeded(error, limit) from error


async def project_refs(client: JiraClient) -> list[ProjectRefWire]:
    """Every project the user may browse (DC's ``GET /project`` is one unpaged list)."""
    return await client.http.get_json("rest/api/2/project", list[ProjectRefWire])


async def learn_result_window(client: JiraClient) -> int:
    """The site's result window: learned, asked of DC 11.3+ once, else Jira's default."""
    traits = search_traits(client)
    if traits.result_window is None and not traits.limits_asked:
        traits.limits_asked = True
        numbers = (await client.server_info()).version_numbers
        if numbers and numbers < SEARCH_LIMITS_SINCE:
            return DEFAULT_RESULT_WINDOW  # the resource came with 11.3: no need to ask
        try:
            found = await client.http.get_json("rest/api/2/searchLimits/maxResultWindow", int)
        except HttpStatusError as error:
            # before DC 11.3 there is no such resource (404): Jira's default then holds
            log.info("searchLimits/maxResultWindow: %s; assuming %d", error, DEFAULT_RESULT_WINDOW)
        else:
            if found > 0:
                traits.result_window = found
    return traits.result_window or DEFAULT_RESULT_WINDOW
