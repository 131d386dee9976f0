"""The connection test: serverInfo, then the signed-in user and their permissions at once.

``serverInfo`` runs first because the flavour it reveals decides how the rest is asked (4.x has
no ``/myself``); ``myself`` and ``mypermissions`` then run together. A caller skips what it does
not need with a ``ProbeSet`` (``jade search`` needs no permissions). ``mypermissions`` is
optional: a site without it still connects, with the permissions reported as unknown and the
resource named in ``ConnectionReport.missing``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import httpx

from app.api.config import SiteConfig
from app.api.platform import JiraClient
from app.domain.site import ConnectionReport, UserRef

__all__ = [
    "CONNECTION_PERMISSIONS",
    "EVERY_PROBE",
    "ProbeSet",
    "probe_client",
    "probe_connection",
]

log = logging.getLogger(__name__)

# what "Test connection" reports; keys every Cloud and DC 8+ site knows (an unknown key is a 400)
CONNECTION_PERMISSIONS = (
    "ADMINISTER",
    "SYSTEM_ADMIN",
    "ADMINISTER_PROJECTS",
    "BROWSE_PROJECTS",
    "CREATE_ISSUES",
    "EDIT_ISSUES",
    "USER_PICKER",
    "BULK_CHANGE",
)


@dataclass(frozen=True, slots=True)
class ProbeSet:
    """Which probes run after ``serverInfo`` (which always runs: the flavour decides the rest)."""

    user: bool = True  # GET myself (4.x: the session resource, then the user)
    permissions: bool = True  # GET mypermissions for ``permission_keys``
    permission_keys: tuple[str, ...] = CONNECTION_PERMISSIONS


EVERY_PROBE = ProbeSet()


async def probe_client(client: JiraClient, probes: ProbeSet = EVERY_PROBE) -> ConnectionReport:
    """Run ``probes`` on ``client``: serverInfo first, then the user and permissions together."""
    server = await client.server_info()
    user: UserRef | None = None
    permissions: dict[str, bool] | None = None
    if probes.user and probes.permissions:
        user, permissions = await _together(
            client.myself(), client.my_permissions(probes.permission_keys)
        )
    elif probes.user:
        user = await client.myself()
    elif probes.permissions:
        permissions = await client.my_permissions(probes.permission_keys)
    missing = tuple(sorted(client.missing)) if probes.permissions else ()
    return ConnectionReport(server=server, user=user, permissions=permissions, missing=missing)


async def probe_connection(
    config: SiteConfig,
    *,
    probes: ProbeSet = EVERY_PROBE,
    transport: httpx.AsyncBaseTransport | None = None,
) -> ConnectionReport:
    """Reach the site, sign in, and report what ``probes`` asks: server, user, permissions."""
    async with JiraClient(config, transport=transport) as client:
        return await probe_client(client, probes)


async def _together(first: Awaitable[Any], second: Awaitable[Any]) -> tuple[Any, Any]:
    """Both results; on a failure the other is cancelled, and the earlier-listed error wins.

    ``asyncio.gather`` would leave the other request running after a failure; a ``TaskGroup``
    would wrap the error in an ``ExceptionGroup`` that callers (and exit codes) do not expect.
    """
    tasks = [asyncio.ensure_future(first), asyncio.ensure_future(second)]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        # also when the caller is cancelled: no probe outlives the connection test
        pending = [task for task in tasks if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
    errors = [e for t in tasks if not t.cancelled() and (e := t.exception()) is not None]
    for extra in errors[1:]:
        # both failed in the same turn of the loop: one error is raised, the other is logged
        log.warning("connection probe also failed: %s", extra)
    if errors:
        raise errors[0]
    return tasks[0].result(), tasks[1].result()
