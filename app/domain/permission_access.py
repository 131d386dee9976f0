""" "Who can" and its reverse: resolve a scheme's grants to users, with every path, for a project.

Paths are written as the command line prints them: ``group:jira-developers``, ``role:Developers``,
``role:Developers/group:qa``, ``user``, ``lead``. Holders that depend on the issue (reporter,
assignee, user and group custom fields), application access and "anyone" are conditions, never
users.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.permission import (
    Grant,
    Holder,
    HolderType,
    PermUser,
    ProjectAccess,
    category_of,
)

__all__ = [
    "UserAccess",
    "UserPermission",
    "WhoCan",
    "condition_token",
    "user_permissions",
    "who_can",
]


@dataclass(frozen=True, slots=True)
class UserAccess:
    """A user who holds the permission and every path by which they hold it."""

    user: PermUser
    via: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WhoCan:
    """The answer for one permission in one project: users (with paths) and conditions."""

    project_key: str
    permission: str
    users: tuple[UserAccess, ...]
    conditions: tuple[str, ...]
    empty_groups: tuple[str, ...] = ()  # granted groups (directly or in a role) with no member
    unknown: tuple[str, ...] = ()  # paths that named something the site did not know


def condition_token(holder: Holder) -> str:
    """A condition as the command line prints it: ``reporter``, ``userCustomField:10010``."""
    if holder.type == HolderType.GROUP and not holder.parameter:
        return HolderType.ANYONE.value
    return holder.token


@dataclass
class _Paths:
    users: dict[str, PermUser]
    via: dict[str, list[str]]
    conditions: list[str]
    empty_groups: list[str]
    unknown: list[str]

    def add(self, user: PermUser, path: str) -> None:
        known = self.users.get(user.id)
        if known is None or (not known.display_name and user.display_name):
            self.users[user.id] = user
        paths = self.via.setdefault(user.id, [])
        if path not in paths:
            paths.append(path)

    def note(self, bucket: list[str], text: str) -> None:
        if text not in bucket:
            bucket.append(text)


def _group(access: ProjectAccess, name: str, prefix: str, paths: _Paths) -> None:
    members = access.groups.get(name)
    if members is None:
        paths.note(paths.unknown, f"{prefix}group:{name}")
        return
    if not members:
        paths.note(paths.empty_groups, name)
    for member in members:
        if member.active:
            paths.add(member, f"{prefix}group:{name}")


def _resolve(access: ProjectAccess, grants: Iterable[Grant], paths: _Paths) -> None:
    for grant in grants:
        holder = grant.holder
        if holder.is_condition:
            paths.note(paths.conditions, condition_token(holder))
        elif holder.type == HolderType.GROUP and holder.parameter:
            _group(access, holder.parameter, "", paths)
        elif holder.type == HolderType.PROJECT_ROLE and holder.parameter:
            role = access.roles.get(holder.parameter)
            if role is None:
                paths.note(paths.unknown, f"role:{holder.display or holder.parameter}")
                continue
            for user in role.users:
                paths.add(user, f"role:{role.name}")
            for name in role.groups:
                _group(access, name, f"role:{role.name}/", paths)
        elif holder.type == HolderType.USER and holder.parameter:
            user = access.users.get(holder.parameter) or PermUser(holder.parameter, holder.display)
            paths.add(user, "user")
        elif holder.type == HolderType.PROJECT_LEAD:
            if access.lead is not None:
                paths.add(access.lead, "lead")
        else:
            paths.note(paths.unknown, holder.token)


def who_can(access: ProjectAccess, permission: str, grants: Iterable[Grant]) -> WhoCan:
    """The users holding ``permission`` in the project under ``grants`` (the scheme's), and why."""
    paths = _Paths({}, {}, [], [], [])
    _resolve(access, (g for g in grants if g.permission == permission), paths)
    users = sorted(
        (UserAccess(paths.users[uid], tuple(via)) for uid, via in paths.via.items()),
        key=lambda u: ((u.user.display_name or u.user.id).casefold(), u.user.id),
    )
    return WhoCan(
        project_key=access.project_key,
        permission=permission,
        users=tuple(users),
        conditions=tuple(paths.conditions),
        empty_groups=tuple(paths.empty_groups),
        unknown=tuple(paths.unknown),
    )


@dataclass(frozen=True, slots=True)
class UserPermission:
    """A permission a user holds in a project (``via``), or may hold on some issues only."""

    permission: str
    via: tuple[str, ...]  # the paths that give it outright ("anyone" included)
    conditions: tuple[str, ...] = ()  # issue-dependent holders that would also give it

    @property
    def held(self) -> bool:
        """Whether the user holds it whatever the issue."""
        return bool(self.via)


def user_permissions(
    access: ProjectAccess, user_id: str, grants: Iterable[Grant]
) -> tuple[UserPermission, ...]:
    """Every permission of ``grants`` the user holds in the project, or could by the issue, and why.

    "anyone" (and application access, which every signed-in user has) counts as held.
    """
    by_permission: dict[str, list[Grant]] = {}
    for grant in grants:
        by_permission.setdefault(grant.permission, []).append(grant)
    answers = []
    for permission in sorted(by_permission, key=lambda k: (category_of(k).order, k)):
        paths = _Paths({}, {}, [], [], [])
        _resolve(access, by_permission[permission], paths)
        via = list(paths.via.get(user_id, ()))
        conditions = []
        for token in paths.conditions:
            if token == HolderType.ANYONE or token.startswith(HolderType.APPLICATION_ROLE):
                via.append(token)
            else:
                conditions.append(token)
        if via or conditions:
            answers.append(UserPermission(permission, tuple(via), tuple(conditions)))
    return tuple(answers)
