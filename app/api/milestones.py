"""The two milestone services: the Project Milestones for Jira app and the Milestones API.

Only signing in and "Test connection" for now. Both sit on the same ``SiteTransport`` as Jira
(retries, errors, cancellation); they differ in where they live and how they sign in:

- Project Milestones app: one endpoint URL per Jira instance (copied from the app's settings),
  account e-mail + the app's API token as HTTP Basic, the project passed as a query parameter.
- Milestones API: ``https://<domain>/api/milestones``, ``Authorization: Bearer <API key>``.

Both check credentials before they look at the project: a 401 means the sign-in failed, while a
400/404/422 about a missing project means the sign-in worked. ``ping()`` without a project
relies on that, so Test connection works before the user has picked a project.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

import httpx

from app.api.auth import ApiKey, AppToken
from app.api.config import SiteConfig
from app.api.core import ApiRequest, RetryPolicy, decode
from app.api.errors import NotFoundError, ValidationError
from app.api.transport import SiteTransport, Sleep

__all__ = ["MilestonesApiClient", "ProjectMilestonesClient"]

# the app's documentation names the parameter "project key" without spelling it
PROJECT_KEY_PARAM = "projectKey"


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
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        if not isinstance(config.auth, AppToken):
            raise ValueError("the Project Milestones app signs in with an e-mail and app token")
        super().__init__(config, transport=transport, retry=retry, sleep=sleep)

    async def ping(self, project_key: str | None = None) -> int | None:
        """Sign in; with a project, how many milestones it has."""
        # absolute URL: the endpoint is used exactly as copied, without a trailing slash
        params = {PROJECT_KEY_PARAM: project_key} if project_key else {}
        return await self._ping(self.http.config.base_url, params, scoped=bool(project_key))


class MilestonesApiClient(_MilestoneService):
    """The Milestones API (``base_url`` is ``https://<domain>``, with or without ``/api``)."""

    def __init__(
        self,
        config: SiteConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        if not isinstance(config.auth, ApiKey):
            raise ValueError("the Milestones API signs in with an API key")
        super().__init__(config, transport=transport, retry=retry, sleep=sleep)
        root = config.base_url.rstrip("/")
        self._milestones = "milestones" if root.endswith("/api") else "api/milestones"

    async def ping(self, project_id: int | None = None) -> int | None:
        """Sign in; with a project, how many milestones it has."""
        params: dict[str, Any] = {"limit": 1} if project_id is None else {"project_id": project_id}
        return await self._ping(self._milestones, params, scoped=project_id is not None)
