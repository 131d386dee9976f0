"""Jira platform endpoints: server info and flavour, the signed-in user, permissions, search.

The flavour (Cloud, Data Center/Server, 4.x) is detected once from ``serverInfo`` and picks the
endpoints: Cloud searches ``/search/jql`` with ``nextPageToken``; Data Center searches
``/search`` with ``startAt`` (pages fetched concurrently); 4.x servers speak REST
``2.0.alpha1``. Projects are listed by ``app.api.projects.ProjectAdmin``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Sequence
from types import TracebackType
from typing import Any

import httpx

from app.api import wire
from app.api.config import SiteConfig
from app.api.core import ApiRequest, OffsetPage, RetryPolicy, TokenPage, redact_url
from app.api.errors import ApiError, NoSuchResourceError, NotFoundError, ProtocolError
from app.api.pagination import offset_pages, token_pages
from app.api.site_address import explain_first_contact
from app.api.transport import SiteTransport, Sleep
from app.domain.site import Flavour, ServerInfo, UserRef

__all__ = ["MY_PERMISSIONS", "JiraClient"]

MY_PERMISSIONS = "mypermissions"  # the optional resource, as ``missing`` names it

log = logging.getLogger(__name__)

_API = {
    Flavour.CLOUD: "rest/api/2",
    Flavour.DATACENTER: "rest/api/2",
    Flavour.LEGACY: "rest/api/2.0.alpha1",
}


class JiraClient:
    """A Jira site's platform REST API; one per site, closed with ``aclose()`` or ``async with``."""

    def __init__(
        self,
        config: SiteConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.http = SiteTransport(config, transport=transport, retry=retry, sleep=sleep)
        self._server: ServerInfo | None = None
        self._detecting = asyncio.Lock()  # the first callers share one detection
        self._missing: set[str] = set()  # optional resources this site turned out not to have

    async def __aenter__(self) -> JiraClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Cancel what is in flight and close the site's connections."""
        await self.http.aclose()

    # ----- identity -------------------------------------------------------------------------------

    async def server_info(self) -> ServerInfo:
        """``serverInfo`` (fetched once); 4.x servers answer only under ``2.0.alpha1``.

        When no Jira answers at the site's address, the error says where Jira does answer, if
        it found one (``NoJiraApiError``, ``SchemeMismatchError``: see ``site_address``).
        """
        async with self._detecting:
            if self._server is None:
                try:
                    found, alpha_only = await self._server_info()
                except ApiError as error:
                    base = self.http.config.base_url
                    better = await explain_first_contact(error, base, self.http.fetch)
                    if better is error:
                        raise
                    raise better from error
                self._server = wire.to_server_info(found, alpha_api_only=alpha_only)
            return self._server

    @property
    def known_server(self) -> ServerInfo | None:
        """``serverInfo`` if it was fetched already (the flavour, without a request)."""
        return self._server

    async def _server_info(self) -> tuple[wire.ServerInfoWire, bool]:
        """The answer, and whether only ``2.0.alpha1`` gave it (no ``/rest/api/2``)."""
        alpha_only = False
        try:
            found = await self.http.get_json("rest/api/2/serverInfo", wire.ServerInfoWire)
        except NotFoundError as modern:
            try:
                found = await self.http.get_json(
                    "rest/api/2.0.alpha1/serverInfo", wire.ServerInfoWire
                )
                alpha_only = True
            except NoSuchResourceError as legacy:
                # not 4.x either: the first answer is the one that tells about this address
                raise modern from legacy
        if not found.version:
            # any JSON decodes as serverInfo (every field is optional); Jira always says its version
            url = redact_url(f"{self.http.config.base_url.rstrip('/')}/rest/api/2/serverInfo")
            raise ProtocolError(
                "The answer to serverInfo is JSON, but not Jira's.", method="GET", url=url
            )
        return found, alpha_only

    async def flavour(self) -> Flavour:
        """Cloud, Data Center/Server or legacy 4.x, from ``serverInfo``."""
        return (await self.server_info()).flavour

    async def myself(self) -> UserRef:
        """The signed-in user."""
        flavour = await self.flavour()
        if flavour is Flavour.LEGACY:
            # 4.x has no /myself: the session resource names the caller for any sign-in method
            me = await self.http.get_json("rest/auth/1/session", wire.SessionInfoWire)
            found = await self.http.get_json(
                f"{_API[flavour]}/user", wire.UserWire, {"username": me.name}
            )
        else:
            found = await self.http.get_json(f"{_API[flavour]}/myself", wire.UserWire)
        return wire.to_user(found)

    @property
    def missing(self) -> frozenset[str]:
        """Optional resources the site turned out not to have (e.g. ``mypermissions``)."""
        return frozenset(self._missing)

    async def my_permissions(
        self, keys: Sequence[str], *, project_key: str | None = None
    ) -> dict[str, bool] | None:
        """Which of ``keys`` the signed-in user holds (globally, or in ``project_key``).

        None when Jira does not say: 4.x and some servers (or gateways in front of them) have no
        ``mypermissions`` resource; the caller lets Jira decide when the user acts.
        """
        flavour = await self.flavour()
        if flavour is Flavour.LEGACY:
            self._missing.add(MY_PERMISSIONS)  # 4.x has no mypermissions resource
        if MY_PERMISSIONS in self._missing:
            return None
        # Cloud requires permissions=; DC accepts it and answers only those keys
        params: dict[str, Any] = {"permissions": ",".join(keys)}
        if project_key:
            params["projectKey"] = project_key
        try:
            found = await self.http.get_json(
                f"{_API[flavour]}/{MY_PERMISSIONS}", wire.MyPermissionsWire, params
            )
        except NotFoundError as error:
            # with a project, Jira's own 404 means "no such project"; without one, or when no
            # Jira resource answered at all, the resource itself is absent
            if project_key and not isinstance(error, NoSuchResourceError):
                raise
            where = redact_url(self.http.config.base_url)
            log.info(
                "%s has no %s resource (%s): permissions unknown", where, MY_PERMISSIONS, error
            )
            self._missing.add(MY_PERMISSIONS)
            return None
        return {
            key: (entry.have_permission if (entry := found.permissions.get(key)) else False)
            for key in keys
        }

    # ----- lists ---------------------------------------------------------------------------------

    def values_pages(
        self, path: str, params: dict[str, Any] | None = None, *, page_size: int = 50
    ) -> AsyncGenerator[list[dict[str, Any]], None]:
        """Pages of any ``startAt``/``isLast``/``values`` list (versions, group members, ...)."""
        base = dict(params or {})

        async def fetch(start: int) -> OffsetPage[dict[str, Any]]:
            page = await self.http.get_json(
                path, wire.ValuesPageWire, {**base, "startAt": start, "maxResults": page_size}
            )
            return OffsetPage(
                page.start_at, page.max_results, page.values, page.total, page.is_last
            )

        return offset_pages(fetch, window=self.http.config.concurrency)

    # ----- search ---------------------------------------------------------------------------------

    async def search_pages(
        self, jql: str, fields: Sequence[str] = ("summary",), *, page_size: int = 100
    ) -> AsyncGenerator[list[dict[str, Any]], None]:
        """Issues matching ``jql``, a page at a time, as raw dicts (``id``, ``key``, ``fields``).

        Close it when leaving early (``contextlib.aclosing``), so prefetched pages stop at once.
        """
        flavour = await self.flavour()
        field_list = list(fields)
        if flavour is Flavour.CLOUD:

            async def fetch_token(token: str | None) -> TokenPage[dict[str, Any]]:
                body: dict[str, Any] = {"jql": jql, "fields": field_list, "maxResults": page_size}
                if token:
                    body["nextPageToken"] = token
                page = await self.http.request_json(
                    # a search changes nothing: safe to resend like a GET
                    ApiRequest("POST", "rest/api/2/search/jql", json=body, idempotent=True),
                    wire.CloudSearchPage,
                )
                return TokenPage(page.issues, page.next_page_token, page.is_last)

            # aclosing: leaving this generator early must close the inner one at once
            async with contextlib.aclosing(token_pages(fetch_token)) as pages:
                async for items in pages:
                    yield items
            return

        async def fetch_offset(start: int) -> OffsetPage[dict[str, Any]]:
            path = f"{_API[flavour]}/search"
            if flavour is Flavour.LEGACY:
                # 2.0.alpha1 searches by GET only, and always answers its own set of fields
                params: dict[str, str | int] = {
                    "jql": jql,
                    "startAt": start,
                    "maxResults": page_size,
                }
                request = ApiRequest("GET", path, params=params)
            else:
                body = {"jql": jql, "fields": field_list, "startAt": start, "maxResults": page_size}
                # POST keeps long JQL out of the URL; a search changes nothing, so resend freely
                request = ApiRequest("POST", path, json=body, idempotent=True)
            page = await self.http.request_json(request, wire.DcSearchPage)
            return OffsetPage(page.start_at, page.max_results, page.issues, page.total)

        window = self.http.config.concurrency
        # aclosing: leaving early cancels the pages being prefetched now, not at garbage collection
        async with contextlib.aclosing(offset_pages(fetch_offset, window=window)) as offsets:
            async for items in offsets:
                yield items
