"""Permission schemes, grants, holders and permission answers as Jira writes them, and their records.

Cloud writes a holder as ``{type, parameter, value?, expand?}`` (``value`` is a group's id) and
never embeds the object; Data Center embeds ``user``/``group``/``projectRole``/``field`` when
asked to expand them. A user holder's ``parameter`` is the accountId on Cloud and the username
on Data Center. Unknown keys are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from app.api.wire import UserWire
from app.domain.permission import (
    Grant,
    GrantCell,
    Holder,
    HolderType,
    Permission,
    PermissionScheme,
    PermUser,
    category_of,
)

__all__ = [
    "BulkPermissionsWire",
    "GrantWire",
    "GrantsWire",
    "HolderWire",
    "PermissionsWire",
    "SchemeWire",
    "SchemesWire",
    "SiteRoleWire",
    "grant_body",
    "to_grant",
    "to_permissions",
    "to_scheme",
    "to_user",
]


class _NamedWire(msgspec.Struct, rename="camel"):
    """An embedded group, role or field: what its label needs."""

    id: int | str | None = None
    name: str = ""
    display_name: str = ""


class HolderWire(msgspec.Struct, rename="camel"):
    """A grant's holder."""

    type: str
    parameter: str | None = None
    value: str | None = None
    user: UserWire | None = None
    group: _NamedWire | None = None
    project_role: _NamedWire | None = None
    field: _NamedWire | None = None


class GrantWire(msgspec.Struct):
    """One grant: ``{id, self, holder, permission}``."""

    id: int
    permission: str
    holder: HolderWire


class SchemeWire(msgspec.Struct):
    """A scheme, with its grants when they were asked for."""

    id: int
    name: str
    description: str | None = ""
    permissions: list[GrantWire] = msgspec.field(default_factory=list)


class SchemesWire(msgspec.Struct, rename="camel"):
    """``GET permissionscheme``."""

    permission_schemes: list[SchemeWire] = msgspec.field(default_factory=list)


class GrantsWire(msgspec.Struct):
    """``GET permissionscheme/{id}/permission``."""

    permissions: list[GrantWire] = msgspec.field(default_factory=list)


class _PermissionEntryWire(msgspec.Struct):
    key: str = ""
    name: str = ""
    type: str = "PROJECT"
    description: str = ""


class PermissionsWire(msgspec.Struct):
    """``GET permissions``: key → permission."""

    permissions: dict[str, _PermissionEntryWire] = msgspec.field(default_factory=dict)


class SiteRoleWire(msgspec.Struct):
    """One entry of ``GET role``: a project role's id and name."""

    id: int
    name: str


class _ProjectGrantWire(msgspec.Struct):
    permission: str
    projects: list[int] = msgspec.field(default_factory=list)
    issues: list[int] = msgspec.field(default_factory=list)


class BulkPermissionsWire(msgspec.Struct, rename="camel"):
    """Cloud's ``permissions/check`` answer: only what is granted, and where."""

    global_permissions: list[str] = msgspec.field(default_factory=list)
    project_permissions: list[_ProjectGrantWire] = msgspec.field(default_factory=list)


def to_user(wire: UserWire) -> PermUser:
    """A user as the permission answers name them (accountId on Cloud, username on DC)."""
    return PermUser(
        wire.account_id or wire.name or wire.key or "", wire.display_name, active=wire.active
    )


def _holder(
    wire: HolderWire, role_names: Mapping[str, str], user_names: Mapping[str, str]
) -> Holder:
    param = wire.parameter if wire.parameter not in (None, "") else None
    if wire.type == HolderType.GROUP and param is None and wire.value:
        param = wire.value  # a group named only by its id
    display = ""
    if wire.type == HolderType.PROJECT_ROLE and param is not None:
        embedded = wire.project_role.name if wire.project_role else ""
        display = embedded or role_names.get(param, "")
    elif wire.type == HolderType.USER and param is not None:
        display = (wire.user.display_name if wire.user else "") or user_names.get(param, "")
    elif wire.field is not None:
        display = wire.field.name
    elif wire.group is not None:
        display = wire.group.name
    return Holder(wire.type, param, display)


def to_grant(
    wire: GrantWire,
    role_names: Mapping[str, str] | None = None,
    user_names: Mapping[str, str] | None = None,
) -> Grant:
    """A ``Grant``; role and user names label holders Cloud does not expand."""
    return Grant(
        str(wire.id), wire.permission, _holder(wire.holder, role_names or {}, user_names or {})
    )


def to_scheme(
    wire: SchemeWire,
    role_names: Mapping[str, str] | None = None,
    user_names: Mapping[str, str] | None = None,
) -> PermissionScheme:
    """A ``PermissionScheme`` (with the grants the answer holds)."""
    return PermissionScheme(
        id=str(wire.id),
        name=wire.name,
        description=wire.description or "",
        grants=tuple(to_grant(g, role_names, user_names) for g in wire.permissions),
    )


def to_permissions(wire: PermissionsWire) -> tuple[Permission, ...]:
    """Every permission, project permissions first, in the web UI's groups, then by name."""
    found = [
        Permission(key or entry.key, entry.name or key, entry.type or "PROJECT", entry.description)
        for key, entry in wire.permissions.items()
    ]
    return tuple(
        sorted(found, key=lambda p: (not p.is_project, category_of(p.key).order, p.name.casefold()))
    )


def grant_body(cell: GrantCell) -> dict[str, object]:
    """The body of ``POST permissionscheme/{id}/permission`` (and of a create's grants)."""
    holder: dict[str, object] = {"type": cell.holder.type}
    if cell.holder.parameter is not None:
        holder["parameter"] = cell.holder.parameter
    return {"holder": holder, "permission": cell.permission}
