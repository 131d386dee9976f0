"""Jira's JSON as msgspec Structs (decoded straight from bytes), and their domain records.

Only what Jade reads is declared; unknown keys are ignored, so a newer Jira that adds fields does
not break decoding. Issues of these pages stay raw dicts (the 4.x search, the CLI's paging);
``issue_wire`` decodes the issue loader's pages into rows.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from app.domain.project import Project
from app.domain.site import ServerInfo, UserRef

__all__ = [
    "CloudSearchPage",
    "DcSearchPage",
    "MyPermissionsWire",
    "PermissionWire",
    "ProjectCategoryWire",
    "ProjectWire",
    "ServerInfoWire",
    "SessionInfoWire",
    "SessionLoginWire",
    "SessionWire",
    "UserWire",
    "ValuesPageWire",
    "to_project",
    "to_server_info",
    "to_user",
]


class ServerInfoWire(msgspec.Struct, rename="camel"):
    """``GET serverInfo``; 4.x servers send neither ``versionNumbers`` nor ``deploymentType``."""

    base_url: str = ""
    version: str = ""
    version_numbers: list[int] = []
    deployment_type: str = ""
    build_number: int = 0
    server_title: str = ""


class UserWire(msgspec.Struct, rename="camel"):
    """A user (``myself``, ``user``, an embedded lead); Cloud has ``accountId``, DC ``name``/``key``."""

    account_id: str | None = None
    name: str | None = None
    key: str | None = None
    email_address: str = ""
    display_name: str = ""
    active: bool = True


class PermissionWire(msgspec.Struct, rename="camel"):
    """One entry of ``mypermissions``."""

    key: str = ""
    have_permission: bool = False


class MyPermissionsWire(msgspec.Struct):
    """``GET mypermissions``."""

    permissions: dict[str, PermissionWire] = {}


class ProjectCategoryWire(msgspec.Struct):
    """A project's category."""

    name: str = ""
    id: str | None = None


class ProjectWire(msgspec.Struct, rename="camel"):
    """A project as ``/project`` and ``/project/search`` list it (with ``expand=lead,description``)."""

    key: str
    name: str
    id: str = ""  # 4.x lists projects without ids
    project_type_key: str = ""
    project_category: ProjectCategoryWire | None = None
    lead: UserWire | None = None
    description: str | None = ""
    url: str | None = ""


class ValuesPageWire(msgspec.Struct, rename="camel"):
    """A page of any ``startAt``/``isLast``/``values`` list, its values left raw."""

    values: list[dict[str, Any]] = []
    start_at: int = 0
    max_results: int = 0
    total: int | None = None
    is_last: bool | None = None


class DcSearchPage(msgspec.Struct, rename="camel"):
    """A page of DC ``/search`` (``startAt`` + ``total``); issues stay raw dicts."""

    issues: list[dict[str, Any]] = []
    start_at: int = 0
    max_results: int = 0
    total: int = 0


class CloudSearchPage(msgspec.Struct, rename="camel"):
    """A page of Cloud ``/search/jql`` (``nextPageToken``, no total); issues stay raw dicts."""

    issues: list[dict[str, Any]] = []
    next_page_token: str | None = None
    is_last: bool | None = None


class SessionWire(msgspec.Struct):
    """The ``session`` part of a cookie login's answer."""

    name: str = "JSESSIONID"
    value: str = ""


class SessionLoginWire(msgspec.Struct):
    """``POST /rest/auth/1/session``."""

    session: SessionWire


class SessionInfoWire(msgspec.Struct):
    """``GET /rest/auth/1/session``: whose session (or credentials) this is."""

    name: str


def _version_numbers(wire: ServerInfoWire) -> tuple[int, ...]:
    if wire.version_numbers:
        return tuple(wire.version_numbers)
    # 4.x: "4.2-SNAPSHOT", "4.3.4#620-r152668"
    match = re.match(r"\d+(?:\.\d+)*", wire.version)
    return tuple(int(part) for part in match.group(0).split(".")) if match else ()


def to_server_info(wire: ServerInfoWire, *, alpha_api_only: bool = False) -> ServerInfo:
    """The domain record for a ``serverInfo`` answer (``alpha_api_only``: only 2.0.alpha1 had it)."""
    return ServerInfo(
        base_url=wire.base_url,
        version=wire.version,
        version_numbers=_version_numbers(wire),
        deployment_type=wire.deployment_type,
        build_number=wire.build_number,
        server_title=wire.server_title,
        alpha_api_only=alpha_api_only,
    )


def to_user(wire: UserWire) -> UserRef:
    """A ``UserRef``: the Cloud accountId or the DC username as ``id``."""
    return UserRef(
        id=wire.account_id or wire.name or wire.key or "",
        display_name=wire.display_name or wire.name or "",
        email=wire.email_address,
        active=wire.active,
    )


def to_project(wire: ProjectWire) -> Project:
    """A ``Project`` from a project list entry."""
    return Project(
        id=wire.id or wire.key,
        key=wire.key,
        name=wire.name,
        project_type=wire.project_type_key,
        category=wire.project_category.name if wire.project_category else None,
        lead=to_user(wire.lead) if wire.lead else None,
        description=wire.description or "",
        url=wire.url or "",
        category_id=wire.project_category.id if wire.project_category else None,
    )
