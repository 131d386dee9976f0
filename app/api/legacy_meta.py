"""Jira 4.3's REST 2.0.alpha1 reference resources and its session: one record at a time.

Statuses, priorities, resolutions and issue types are read by id (alpha1 has no lists of
them); issue link types as a list or one; a comment, work log or attachment's metadata by id;
a user by exact username; a component or version by id. ``logout`` ends a cookie session
(``DELETE /rest/auth/1/session``); ``drop_websudo`` ends the administrator's secure session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from app.api import legacy_wire as lw
from app.api.core import ApiRequest
from app.api.legacy import ALPHA
from app.api.platform import JiraClient
from app.domain.project import Component, Version
from app.domain.site import UserRef

__all__ = [
    "LegacyAttachment",
    "LegacyComment",
    "LegacyLinkType",
    "LegacyMeta",
    "LegacyReference",
    "LegacyWorklog",
]


@dataclass(frozen=True, slots=True)
class LegacyReference:
    """A status, priority, resolution or issue type."""

    id: str
    name: str
    description: str = ""
    icon_url: str = ""


@dataclass(frozen=True, slots=True)
class LegacyLinkType:
    """An issue link type with its two relations' words."""

    id: str
    name: str
    inward: str
    outward: str


@dataclass(frozen=True, slots=True)
class LegacyComment:
    """One comment (``visibility`` like ``group jira-developers``; "" when public)."""

    id: str
    author: UserRef | None
    body: str
    created: str
    updated: str
    visibility: str = ""


@dataclass(frozen=True, slots=True)
class LegacyWorklog:
    """One work log."""

    id: str
    author: UserRef | None
    comment: str
    started: str
    minutes: int


@dataclass(frozen=True, slots=True)
class LegacyAttachment:
    """An attachment's metadata; ``content`` is the file's URL."""

    id: str
    filename: str
    author: UserRef | None
    created: str
    size: int
    mime_type: str
    content: str


def _seg(value: str) -> str:
    return quote(str(value), safe="")


def _user(value: object) -> UserRef | None:
    return lw.to_user(value) if isinstance(value, dict) else None


def _visibility(value: object) -> str:
    if not isinstance(value, dict):
        return ""
    return f"{str(value.get('type', '')).lower()} {value.get('value', '')}".strip()


class LegacyMeta:
    """alpha1's reference resources and the session of one site."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client
        self._http = client.http

    async def _get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self._http.get_json(f"{ALPHA}/{path}", dict[str, Any], params)

    async def _reference(self, kind: str, ident: str) -> LegacyReference:
        found = await self._get(f"{kind}/{_seg(ident)}")
        return LegacyReference(
            str(found.get("id") or lw.self_id(found.get("self")) or ident),
            str(found.get("name", "")),
            str(found.get("description") or ""),
            str(found.get("iconUrl") or ""),
        )

    async def status(self, ident: str) -> LegacyReference:
        """A status by id."""
        return await self._reference("status", ident)

    async def priority(self, ident: str) -> LegacyReference:
        """A priority by id."""
        return await self._reference("priority", ident)

    async def resolution(self, ident: str) -> LegacyReference:
        """A resolution by id."""
        return await self._reference("resolution", ident)

    async def issue_type(self, ident: str) -> LegacyReference:
        """An issue type by id."""
        return await self._reference("issueType", ident)

    async def link_types(self) -> list[LegacyLinkType]:
        """Every issue link type (404 when issue linking is off)."""
        found = await self._get("issueLinkType")
        return [_link_type(t) for t in found.get("issueLinkTypes", ()) if isinstance(t, dict)]

    async def link_type(self, ident: str) -> LegacyLinkType:
        """One issue link type."""
        return _link_type(await self._get(f"issueLinkType/{_seg(ident)}"))

    async def user(self, username: str) -> UserRef:
        """A user by exact username."""
        return lw.to_user(await self._get("user", {"username": username}))

    async def component(self, ident: str) -> Component:
        """A component by id."""
        return lw.to_component(await self._get(f"component/{_seg(ident)}"))

    async def version(self, ident: str) -> Version:
        """A version by id."""
        return lw.to_version(await self._get(f"version/{_seg(ident)}"))

    async def comment(self, ident: str, *, render: bool = False) -> LegacyComment:
        """A comment by id: as typed (``render=False``) or as Jira renders it."""
        found = await self._get(f"comment/{_seg(ident)}", {"render": str(render).lower()})
        return LegacyComment(
            str(found.get("id") or lw.self_id(found.get("self"))),
            _user(found.get("author")),
            str(found.get("body") or ""),
            lw.jira_time(found.get("created")) or "",
            lw.jira_time(found.get("updated")) or "",
            _visibility(found.get("visibility")),
        )

    async def worklog(self, ident: str) -> LegacyWorklog:
        """A work log by id."""
        found = await self._get(f"worklog/{_seg(ident)}")
        return LegacyWorklog(
            str(found.get("id") or lw.self_id(found.get("self"))),
            _user(found.get("author")),
            str(found.get("comment") or ""),
            lw.jira_time(found.get("started")) or "",
            int(found.get("minutesSpent") or 0),
        )

    async def attachment(self, ident: str) -> LegacyAttachment:
        """An attachment's metadata by id."""
        found = await self._get(f"attachment/{_seg(ident)}")
        return LegacyAttachment(
            str(found.get("id") or lw.self_id(found.get("self"))),
            str(found.get("filename", "")),
            _user(found.get("author")),
            lw.jira_time(found.get("created")) or "",
            int(found.get("size") or 0),
            str(found.get("mimeType") or ""),
            str(found.get("content") or ""),
        )

    async def logout(self) -> None:
        """End this client's cookie session (the next request signs in again)."""
        await self._http.send(ApiRequest("DELETE", "rest/auth/1/session"))

    async def drop_websudo(self) -> None:
        """End the administrator's secure session (websudo)."""
        await self._http.send(ApiRequest("DELETE", "rest/auth/1/websudo"))


def _link_type(found: dict[str, Any]) -> LegacyLinkType:
    return LegacyLinkType(
        str(found.get("id", "")),
        str(found.get("name", "")),
        str(found.get("inward", "")),
        str(found.get("outward", "")),
    )
