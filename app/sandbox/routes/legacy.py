"""Jira 4.3 (``--flavour legacy``): the mounts of a site that speaks only REST 2.0.alpha1.

``/rest/api/2.0.alpha1`` (``legacy_meta``, ``legacy_issues``, ``legacy_attachments``,
``legacy_search``) and ``/rest/auth/1`` (``legacy_auth``); every other REST path,
``/rest/api/2`` and ``/rest/agile`` among them, answers Jersey's 404. Rendering: ``app.sandbox.legacy_render`` and
``app.sandbox.legacy_issue``; the records the shared store lacks: ``app.sandbox.legacy_site``.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount, Route

from app.sandbox.legacy_render import API
from app.sandbox.routes import (
    legacy_attachments,
    legacy_auth,
    legacy_issues,
    legacy_meta,
    legacy_search,
)

__all__ = ["mounts"]


def mounts(control: list[Route]) -> list[BaseRoute]:
    """The mounts of a Jira 4.3 site; ``control`` are the sandbox's own knob routes."""
    api = [
        *legacy_meta.routes(),
        *legacy_issues.routes(),
        *legacy_attachments.routes(),
        *legacy_search.routes(),
    ]
    return [
        Mount(f"/rest/api/{API}", routes=api),
        Mount("/rest/auth/1", routes=legacy_auth.auth_routes()),
        Mount("/_sandbox", routes=[*control, *legacy_auth.control_routes()]),
    ]
