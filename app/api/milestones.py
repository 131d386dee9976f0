"""The two milestone services: the Project Milestones for Jira app and the Milestones API.

Both sit on the same ``SiteTransport`` as Jira (retries, errors, cancellation); they differ in
where they live, how they sign in and what they send:

- Project Milestones app: one endpoint URL per Jira instance (copied from the app's settings),
  account e-mail + the app's API token as HTTP Basic, the project key as a query parameter
  (``projectKey`` unless the profile names another; an endpoint URL holding ``{projectKey}`` is
  a template instead), JSON bodies, dates as ``YYYY-MM-DD``. One URL for every call: GET lists,
  POST creates, PUT edits (the body's ``id`` says which; only the attributes sent change),
  DELETE deletes (``id`` as a parameter).
- Milestones API: ``https://<domain>/api/milestones``, ``Authorization: Bearer <API key>``,
  form-encoded bodies, paged lists (``page``/``limit``, followed to the end), reorder by
  ``PUT /api/milestones/positions`` with ``milestones[]``.

A failure is the transport's typed error for its status, with the service's documented meaning
of that status first and the server's own message after it (:mod:`app.api.milestone_errors`).

Both check credentials before they look at the project: a 401 means the sign-in failed, while a
400/404/422 about a missing project means the sign-in worked. ``ping()`` without a project
relies on that, so Test connection works before the user has picked a project.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import quote

import httpx

from app.api import milestone_wire as mw
from app.api.auth import ApiKey, AppToken
from app.api.config import SiteConfig
from app.api.core import ApiRequest, ApiResponse, RetryPolicy, decode
from app.api.errors import NotFoundError, ProtocolError, ValidationError
from app.api.milestone_errors import API, APP, Call, worded
from app.api.milestone_services import MilestoneBucketsService, ProjectMilestonesService
from app.api.transport import SiteTransport, Sleep
from app.domain.milestone import (
    BucketChanges,
    Milestone,
    MilestoneBucket,
    MilestoneChanges,
    NewBucket,
    NewMilestone,
    TaskFate,
    bucket_order,
)

__all__ = ["MilestonesApiClient", "ProjectMilestonesClient"]

# the app's documentation names the parameter "project key" without spelling it
PROJECT_KEY_PARAM = "projectKey"
PROJECT_KEY_SLOT = "{projectKey}"  # in an endpoint URL: a template the key is put into
PING_KEY = "JADE-PING"

# the Milestones API's page size when listing (its documentation gives no maximum)
PAGE_LIMIT = 100
# a server that ignores ``page`` would otherwise be asked for ever
MAX_PAGES = 1000


class _MilestoneService:
    def __init__(
        self,
        config: SiteConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.http = SiteTransport(config, transport=transport, retry=retry, sleep=sleep)

    async def aclose(self) -> None:
        """Cancel what is in flight and close the connections."""
        await self.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _ping(self, path: str, params: dict[str, Any], scoped: bool) -> int | None:
        try:
            response = await self.http.send(ApiRequest("GET", path, params=params))
        except (NotFoundError, ValidationError):
            if scoped:
                raise
            return None  # signed in; the service only missed the project we did not name
        found: object = decode(response, object)
        if isinstance(found, dict):
            found = found.get("data", found.get("values", []))
        return len(found) if isinstance(found, list) else None


class ProjectMilestonesClient(_MilestoneService):
    """The Project Milestones for Jira app's REST endpoint (``base_url`` is that endpoint URL)."""

    def __init__(
        self,
        config: SiteConfig,
        *,
        project_param: str = PROJECT_KEY_PARAM,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        if not isinstance(config.auth, AppToken):
            raise ValueError("the Project Milestones app signs in with an e-mail and app token")
        super().__init__(config, transport=transport, retry=retry, sleep=sleep)
        self.project_param = project_param or PROJECT_KEY_PARAM

    def _target(self, project_key: str | None) -> tuple[str, dict[str, Any]]:
        """The endpoint and parameters that name ``project_key``."""
        # absolute URL: the endpoint is used exactly as copied, without a trailing slash
        endpoint = self.http.config.base_url
        if PROJECT_KEY_SLOT in endpoint:
            return endpoint.replace(PROJECT_KEY_SLOT, quote(project_key or "", safe="")), {}
        return endpoint, ({self.project_param: project_key} if project_key else {})

    async def ping(self, project_key: str | None = None) -> int | None:
        """Sign in; with a project, how many milestones it has."""
        if project_key is None and PROJECT_KEY_SLOT in self.http.config.base_url:
            # a template needs some key to reach the endpoint: one no project has (keys have no
            # hyphen), so the app checks the sign-in and then answers that no project has it
            url, params = self._target(PING_KEY)
        else:
            url, params = self._target(project_key)
        return await self._ping(url, params, scoped=bool(project_key))

    async def _call(
        self,
        call: Call,
        method: str,
        project_key: str,
        *,
        json: Any = None,
        extra: dict[str, Any] | None = None,
    ) -> ApiResponse:
        url, params = self._target(project_key)
        request = ApiRequest(method, url, params=params | (extra or {}), json=json)
        with worded(APP[call], "The app"):
            return await self.http.send(request)

    async def milestones(self, project_key: str) -> list[Milestone]:
        """Every milestone of a project."""
        response = await self._call(Call.LIST, "GET", project_key)
        return mw.read_milestones(response, project_key)

    async def create_milestone(self, project_key: str, new: NewMilestone) -> Milestone:
        """Create a milestone; the app answers with it, new id included."""
        body = mw.milestone_body(new)
        response = await self._call(Call.CREATE, "POST", project_key, json=body)
        return mw.read_milestone(response, project_key)

    async def edit_milestone(
        self, project_key: str, milestone_id: str, changes: MilestoneChanges
    ) -> Milestone:
        """Change the attributes ``changes`` holds; the others stay."""
        body = mw.changes_body(milestone_id, changes)
        response = await self._call(Call.EDIT, "PUT", project_key, json=body)
        return mw.read_milestone(response, project_key)

    async def delete_milestone(self, project_key: str, milestone_id: str) -> str:
        """Delete a milestone; the id the app says it deleted."""
        extra = {"id": milestone_id}
        response = await self._call(Call.DELETE, "DELETE", project_key, extra=extra)
        return mw.read_deleted_id(response, milestone_id)


class MilestonesApiClient(_MilestoneService):
    """The Milestones API (``base_url`` is ``https://<domain>``, with or without ``/api``)."""

    def __init__(
        self,
        config: SiteConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
        page_size: int = PAGE_LIMIT,
    ) -> None:
        if not isinstance(config.auth, ApiKey):
            raise ValueError("the Milestones API signs in with an API key")
        super().__init__(config, transport=transport, retry=retry, sleep=sleep)
        root = config.base_url.rstrip("/")
        self._milestones = "milestones" if root.endswith("/api") else "api/milestones"
        self.page_size = max(1, page_size)

    async def ping(self, project_id: int | None = None) -> int | None:
        """Sign in; with a project, how many milestones it has."""
        params: dict[str, Any] = {"limit": 1} if project_id is None else {"project_id": project_id}
        return await self._ping(self._milestones, params, scoped=project_id is not None)

    def _path(self, tail: str = "") -> str:
        return f"{self._milestones}/{tail}" if tail else self._milestones

    async def _send(
        self,
        call: Call,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        form: Sequence[tuple[str, str]] | None = None,
    ) -> ApiResponse:
        request = ApiRequest(method, path, params=params, form=form)
        with worded(API[call], "The service"):
            return await self.http.send(request)

    async def buckets(self, project_id: int) -> list[MilestoneBucket]:
        """Every milestone of a project (all pages), in position order."""
        found: dict[int, MilestoneBucket] = {}
        number = 1
        while True:
            params = {"project_id": project_id, "page": number, "limit": self.page_size}
            response = await self._send(Call.LIST, "GET", self._path(), params=params)
            page = mw.read_bucket_page(response)
            fresh = [b for b in page.buckets if b.id not in found]
            found.update((b.id, b) for b in page.buckets)
            # a page with nothing new means the server ignores paging: it has said it all
            if not fresh or not mw.more_pages(page, number, self.page_size, len(found)):
                break
            number += 1
            if number > MAX_PAGES:
                raise ProtocolError(
                    f"The Milestones API kept sending pages of milestones ({MAX_PAGES} pages).",
                    status=response.status,
                    method=response.method,
                    url=response.url,
                )
        return bucket_order(found.values())

    async def bucket(self, bucket_id: int) -> MilestoneBucket:
        """One milestone."""
        response = await self._send(Call.GET, "GET", self._path(str(bucket_id)))
        return mw.read_bucket(response)

    async def create_bucket(self, project_id: int, new: NewBucket) -> MilestoneBucket:
        """Create a milestone (categorised) in a project."""
        form = mw.bucket_form(project_id, new)
        response = await self._send(Call.CREATE, "POST", self._path(), form=form)
        return mw.read_bucket(response)

    async def edit_bucket(self, bucket_id: int, changes: BucketChanges) -> MilestoneBucket:
        """Rename and recolour (both are sent: the API requires them)."""
        form = mw.bucket_form(None, changes)
        response = await self._send(Call.EDIT, "PATCH", self._path(str(bucket_id)), form=form)
        return mw.read_bucket(response)

    async def delete_bucket(
        self, bucket_id: int, tasks: TaskFate = TaskFate.MOVE_TO_DEFAULT
    ) -> None:
        """Delete a milestone; its tasks go to the default milestone, or are deleted."""
        form = mw.delete_form(tasks)
        await self._send(Call.DELETE, "DELETE", self._path(str(bucket_id)), form=form or None)

    async def reorder_buckets(self, ids: Sequence[int]) -> None:
        """Give the milestones positions 1..N in the order of ``ids``."""
        if not ids:
            raise ValueError("a new order names at least one milestone")
        form = mw.reorder_form(ids)
        await self._send(Call.REORDER, "PUT", self._path("positions"), form=form)


if TYPE_CHECKING:
    # mypy holds the clients to the interfaces the timeline uses
    def _implements_app(client: ProjectMilestonesClient) -> ProjectMilestonesService:
        return client

    def _implements_buckets(client: MilestonesApiClient) -> MilestoneBucketsService:
        return client
