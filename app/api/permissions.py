"""Permission schemes on one site: schemes and grants, their projects, and "who can" with why.

``PermissionAdmin`` implements ``app.api.permission_ops.PermissionOps`` over a ``JiraClient``.
Cloud names users by accountId, Data Center by username; both are ``PermUser.id``. Grants are
added and deleted one by one, never by the scheme's ``PUT`` with a ``permissions`` list (that
replaces every grant). Group members, role actors, schemes, project leads and user names are
read once per ``PermissionAdmin`` (one per run or per question: ``forget()`` starts over, and
stops reads still running when a question is abandoned), and concurrent callers share one
request; the transport bounds how many run at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

import msgspec

from app.api import permission_wire as ww
from app.api import project_wire as pw
from app.api.concurrently import all_or_nothing
from app.api.core import ApiRequest
from app.api.errors import ApiError, NotFoundError, PermissionDeniedError
from app.api.permission_ops import PermissionOps, SchemeInUseError, UnsupportedError
from app.api.platform import JiraClient
from app.api.projects import ProjectAdmin
from app.api.wire import UserWire
from app.domain.permission import (
    Grant,
    GrantCell,
    GrantOutcome,
    HolderType,
    Permission,
    PermissionScheme,
    PermUser,
    ProjectAccess,
    RoleMembers,
)
from app.domain.permission_access import WhoCan, who_can
from app.domain.permission_diff import StagedChanges
from app.domain.site import Flavour

__all__ = ["SCHEME_EXPAND", "PermissionAdmin"]

T = TypeVar("T")
log = logging.getLogger(__name__)

_API = "rest/api/2"
SCHEME_EXPAND = "permissions,user,group,projectRole,field,all"
_CLOUD_SEARCH_WINDOW = 1000  # user/permission/search looks at the first 1000 users only
_SEARCH_PAGE = 100
_LEADS_ONE_BY_ONE = 20  # more projects led: read the leads from the project list instead


def _seg(value: str) -> str:
    return quote(str(value), safe="")


class _LeadWire(msgspec.Struct):
    key: str
    lead: UserWire | None = None


class _Memo:
    """Answers read once and shared: concurrent askers await the same task."""

    def __init__(self) -> None:
        self._tasks: dict[tuple[str, ...], asyncio.Future[Any]] = {}

    async def get(self, key: tuple[str, ...], make: Callable[[], Awaitable[T]]) -> T:
        task = self._tasks.get(key)
        if task is None or (task.done() and (task.cancelled() or task.exception() is not None)):

            async def run() -> T:
                return await make()

            task = asyncio.get_running_loop().create_task(run())
            self._tasks[key] = task
        # shield: one caller's cancellation must not cancel the others' shared request
        result: T = await asyncio.shield(task)
        return result

    def put(self, key: tuple[str, ...], value: Any) -> None:
        """Remember an answer read some other way (a list that holds it)."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        future.set_result(value)
        self._tasks[key] = future

    def clear(self) -> None:
        for task in self._tasks.values():
            if not task.done():
                task.cancel()
        self._tasks.clear()


class PermissionAdmin:
    """Permission schemes, grants, assignment and "who can" on one Jira site."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client
        self._http = client.http
        self._memo = _Memo()
        self.requests = 0  # how many requests this object sent (the benchmark reports it)

    def forget(self) -> None:
        """Drop everything read so far (the next question reads the site again)."""
        self._memo.clear()

    async def flavour(self) -> Flavour:
        """Cloud or Data Center."""
        return await self.client.flavour()

    async def _cloud(self) -> bool:
        return (await self.flavour()) is Flavour.CLOUD

    # ----- plumbing --------------------------------------------------------------------------

    async def _get(self, path: str, type_: type[T], params: dict[str, Any] | None = None) -> T:
        self.requests += 1
        return await self._http.get_json(f"{_API}/{path}", type_, params)

    async def _send(self, method: str, path: str, type_: type[T], json: Any = None) -> T:
        self.requests += 1
        return await self._http.request_json(ApiRequest(method, f"{_API}/{path}", json=json), type_)

    async def _send_empty(self, method: str, path: str) -> None:
        self.requests += 1
        await self._http.send(ApiRequest(method, f"{_API}/{path}"))

    # ----- permissions and labels ------------------------------------------------------------

    async def permissions(self) -> tuple[Permission, ...]:
        """Every permission of the site, project permissions first."""
        found = await self._memo.get(
            ("permissions",), lambda: self._get("permissions", ww.PermissionsWire)
        )
        return ww.to_permissions(found)

    async def _role_names(self) -> dict[str, str]:
        async def read() -> dict[str, str]:
            try:
                roles = await self._get("role", list[ww.SiteRoleWire])
            except (PermissionDeniedError, NotFoundError) as error:
                log.info("project role names unknown (%s): grants show role ids", error)
                return {}
            return {str(r.id): r.name for r in roles}

        return await self._memo.get(("roles",), read)

    async def find_user(self, user_id: str) -> PermUser:
        """A user by accountId (Cloud) or username (DC); Jira's 404 when there is none."""
        params = {"accountId": user_id} if await self._cloud() else {"username": user_id}
        return ww.to_user(await self._get("user", UserWire, params))

    async def user(self, user_id: str) -> PermUser:
        """A user by accountId (Cloud) or username (DC); just the id when Jira will not say."""

        async def read() -> PermUser:
            try:
                return await self.find_user(user_id)
            except (NotFoundError, PermissionDeniedError):
                return PermUser(user_id)

        return await self._memo.get(("user", user_id), read)

    async def _labels(
        self, wires: Sequence[ww.SchemeWire]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Role and user names for holders that the answer did not expand (Cloud's never are)."""
        bare_users = {
            g.holder.parameter
            for s in wires
            for g in s.permissions
            if g.holder.type == HolderType.USER and g.holder.parameter and g.holder.user is None
        }
        bare_roles = any(
            g.holder.type == HolderType.PROJECT_ROLE and g.holder.project_role is None
            for s in wires
            for g in s.permissions
        )
        roles = await self._role_names() if bare_roles else {}
        users = await all_or_nothing(self.user(u) for u in sorted(bare_users))
        return roles, {u.id: u.display_name for u in users if u.display_name}

    # ----- schemes -----------------------------------------------------------------------------

    async def schemes(self) -> tuple[PermissionScheme, ...]:
        """Every scheme with its grants, by name."""
        found = await self._get("permissionscheme", ww.SchemesWire, {"expand": SCHEME_EXPAND})
        roles, users = await self._labels(found.permission_schemes)
        schemes = (ww.to_scheme(s, roles, users) for s in found.permission_schemes)
        return tuple(sorted(schemes, key=lambda s: s.name.casefold()))

    async def scheme(self, scheme_id: str) -> PermissionScheme:
        """One scheme with its grants (read once per ``PermissionAdmin``; ``forget`` re-reads)."""

        async def read() -> PermissionScheme:
            wire = await self._get(
                f"permissionscheme/{_seg(scheme_id)}", ww.SchemeWire, {"expand": SCHEME_EXPAND}
            )
            roles, users = await self._labels([wire])
            return ww.to_scheme(wire, roles, users)

        return await self._memo.get(("scheme", scheme_id), read)

    async def create_scheme(
        self, name: str, description: str = "", grants: Iterable[GrantCell] = ()
    ) -> PermissionScheme:
        """A new scheme, with ``grants`` in the create request."""
        body: dict[str, Any] = {"name": name, "description": description}
        cells = list(grants)
        if cells:
            body["permissions"] = [ww.grant_body(c) for c in cells]
        wire = await self._send("POST", "permissionscheme", ww.SchemeWire, body)
        roles, users = await self._labels([wire])
        return ww.to_scheme(wire, roles, users)

    async def copy_scheme(
        self, source_id: str, name: str, description: str | None = None
    ) -> tuple[PermissionScheme, tuple[GrantOutcome, ...]]:
        """A new scheme with every grant of ``source_id``, added one by one (each with its outcome)."""
        source = await self.scheme(source_id)
        created = await self.create_scheme(
            name, source.description if description is None else description
        )
        adds = tuple(dict.fromkeys(g.cell for g in source.grants))
        outcomes = await self.apply_changes(created.id, StagedChanges(adds=adds, deletes=()))
        self._memo.clear()
        return await self.scheme(created.id), outcomes

    async def update_scheme(
        self, scheme_id: str, *, name: str | None = None, description: str | None = None
    ) -> PermissionScheme:
        """Rename or re-describe; the PUT never carries ``permissions`` (that would replace all)."""
        current = await self.scheme(scheme_id)
        body = {
            "name": current.name if name is None else name,
            "description": current.description if description is None else description,
        }
        await self._send("PUT", f"permissionscheme/{_seg(scheme_id)}", dict[str, Any], body)
        self._memo.clear()
        return await self.scheme(scheme_id)

    async def delete_scheme(self, scheme_id: str) -> None:
        """Delete a scheme no project uses; ``SchemeInUseError`` names the projects otherwise."""
        scheme = await self.scheme(scheme_id)
        usage = await self.scheme_usage()
        if usage.get(scheme_id):
            raise SchemeInUseError(scheme.name, usage[scheme_id])
        await self._send_empty("DELETE", f"permissionscheme/{_seg(scheme_id)}")
        self._memo.clear()

    # ----- grants ------------------------------------------------------------------------------

    async def add_grant(self, scheme_id: str, cell: GrantCell) -> Grant:
        """Add one grant; Jira's refusal is raised."""
        wire = await self._send(
            "POST",
            f"permissionscheme/{_seg(scheme_id)}/permission",
            ww.GrantWire,
            ww.grant_body(cell),
        )
        grant = ww.to_grant(wire)
        # the answer may not label the holder (Cloud): keep the label the caller had
        return Grant(grant.id, grant.permission, cell.holder)

    async def delete_grant(self, scheme_id: str, grant_id: str) -> None:
        """Delete one grant."""
        await self._send_empty(
            "DELETE", f"permissionscheme/{_seg(scheme_id)}/permission/{_seg(grant_id)}"
        )

    async def apply_changes(
        self, scheme_id: str, changes: StagedChanges
    ) -> tuple[GrantOutcome, ...]:
        """Every staged delete and add, one request each; each outcome, deletes first in order."""

        async def delete(grant: Grant) -> GrantOutcome:
            try:
                await self.delete_grant(scheme_id, grant.id)
            except ApiError as error:
                return GrantOutcome("delete", grant.cell, grant, str(error))
            return GrantOutcome("delete", grant.cell, grant)

        async def add(cell: GrantCell) -> GrantOutcome:
            try:
                grant = await self.add_grant(scheme_id, cell)
            except ApiError as error:
                return GrantOutcome("add", cell, None, str(error))
            return GrantOutcome("add", cell, grant)

        outcomes = await all_or_nothing(
            [*(delete(g) for g in changes.deletes), *(add(c) for c in changes.adds)]
        )
        self._memo.clear()  # the scheme changed (at least in part)
        return tuple(outcomes)

    # ----- projects ----------------------------------------------------------------------------

    async def project_scheme(self, project_key: str) -> PermissionScheme:
        """The scheme a project uses (without grants)."""

        async def read() -> PermissionScheme:
            wire = await self._get(
                f"project/{_seg(project_key)}/permissionscheme", pw.PermissionSchemeWire
            )
            return PermissionScheme(str(wire.id), wire.name, wire.description or "")

        return await self._memo.get(("project-scheme", project_key), read)

    async def assign_scheme(self, project_key: str, scheme_id: str) -> PermissionScheme:
        """Make a project use a scheme; the scheme Jira now reports for it."""
        body = {"id": int(scheme_id) if scheme_id.isdigit() else scheme_id}
        wire = await self._send(
            "PUT", f"project/{_seg(project_key)}/permissionscheme", pw.PermissionSchemeWire, body
        )
        self._memo.clear()
        return PermissionScheme(str(wire.id), wire.name, wire.description or "")

    async def project_keys(self) -> tuple[str, ...]:
        """Every project's key the signed-in user can see."""
        projects = await ProjectAdmin(self.client).list_projects()
        return tuple(sorted(p.key for p in projects))

    async def scheme_usage(
        self, project_keys: Iterable[str] | None = None
    ) -> Mapping[str, tuple[str, ...]]:
        """Scheme id → the keys of the projects that use it (every project, or those given)."""
        keys = tuple(project_keys) if project_keys is not None else await self.project_keys()
        schemes = await all_or_nothing(self.project_scheme(k) for k in keys)
        usage: dict[str, list[str]] = {}
        for key, scheme in zip(keys, schemes, strict=True):
            usage.setdefault(scheme.id, []).append(key)
        return {sid: tuple(sorted(found)) for sid, found in usage.items()}

    # ----- groups, roles and leads -------------------------------------------------------------

    async def group_members(self, group: str) -> tuple[PermUser, ...]:
        """Every active member of a group (every page of ``group/member``)."""

        async def read() -> tuple[PermUser, ...]:
            members: list[PermUser] = []
            params = {"groupname": group, "includeInactiveUsers": "false"}
            async for page in self.client.values_pages(f"{_API}/group/member", params):
                self.requests += 1
                members.extend(ww.to_user(msgspec.convert(u, UserWire)) for u in page)
            return tuple(members)

        return await self._memo.get(("group", group), read)

    async def _role(self, project_key: str, role_id: str) -> RoleMembers | None:
        async def read() -> RoleMembers | None:
            try:
                wire = await self._get(
                    f"project/{_seg(project_key)}/role/{_seg(role_id)}", pw.RoleWire
                )
            except NotFoundError:
                return None  # a grant to a role the site no longer has
            role = pw.to_role(wire)
            users = tuple(PermUser(a.id, a.display_name) for a in role.actors if a.kind == "user")
            groups = tuple(a.id for a in role.actors if a.kind == "group")
            return RoleMembers(role.id, role.name, users, groups)

        return await self._memo.get(("role", project_key, role_id), read)

    async def project_roles(self, project_key: str) -> tuple[RoleMembers, ...]:
        """Each project role with its user and group actors in the project."""
        urls = await self._get(f"project/{_seg(project_key)}/role", dict[str, str])
        ids = [url.rstrip("/").rsplit("/", 1)[-1] for url in urls.values()]
        found = await all_or_nothing(self._role(project_key, i) for i in ids)
        return tuple(sorted((r for r in found if r is not None), key=lambda r: r.name.casefold()))

    async def _lead(self, project_key: str) -> PermUser | None:
        async def read() -> PermUser | None:
            wire = await self._get(f"project/{_seg(project_key)}", _LeadWire, {"expand": "lead"})
            return ww.to_user(wire.lead) if wire.lead else None

        return await self._memo.get(("lead", project_key), read)

    async def project_access(self, project_key: str, grants: Iterable[Grant]) -> ProjectAccess:
        """The lead, the granted roles' actors, every granted group's members and named users."""
        grants = tuple(grants)
        holders = {g.holder for g in grants}
        role_ids = sorted(
            {h.parameter for h in holders if h.type == HolderType.PROJECT_ROLE and h.parameter}
        )
        user_ids = sorted(
            {h.parameter for h in holders if h.type == HolderType.USER and h.parameter}
        )
        wants_lead = any(h.type == HolderType.PROJECT_LEAD for h in holders)
        found_roles = await all_or_nothing(self._role(project_key, r) for r in role_ids)
        roles = {r.id: r for r in found_roles if r is not None}
        lead_task = self._lead(project_key) if wants_lead else None
        access = ProjectAccess(project_key, roles=roles)
        names = sorted(access.groups_needed(grants))
        members, users, lead = await asyncio.gather(
            all_or_nothing(self._group_or_none(n) for n in names),
            all_or_nothing(self.user(u) for u in user_ids),
            lead_task if lead_task is not None else _none(),
        )
        return ProjectAccess(
            project_key,
            lead=lead,
            roles=roles,
            groups={n: m for n, m in zip(names, members, strict=True) if m is not None},
            users={u.id: u for u in users},
        )

    async def _group_or_none(self, group: str) -> tuple[PermUser, ...] | None:
        try:
            return await self.group_members(group)
        except NotFoundError:
            return None  # a grant to a group the site no longer has: "who can" names it

    # ----- who can -----------------------------------------------------------------------------

    async def who_can(self, project_key: str, permission: str) -> WhoCan:
        """The users who hold ``permission`` in the project, with every path, and conditions."""
        ref = await self.project_scheme(project_key)
        scheme = await self.scheme(ref.id)
        grants = scheme.grants_of(permission)
        access = await self.project_access(project_key, grants)
        return who_can(access, permission, grants)

    async def who_can_everywhere(
        self, permission: str, project_keys: Iterable[str] | None = None
    ) -> tuple[WhoCan, ...]:
        """``who_can`` for many projects (every project by default), side by side."""
        keys = tuple(project_keys) if project_keys is not None else await self.project_keys()
        refs = await all_or_nothing(self.project_scheme(k) for k in keys)
        schemes = await all_or_nothing(self.scheme(i) for i in dict.fromkeys(r.id for r in refs))
        by_lead = {
            s.id
            for s in schemes
            if any(g.holder.type == HolderType.PROJECT_LEAD for g in s.grants_of(permission))
        }
        led = [k for k, r in zip(keys, refs, strict=True) if r.id in by_lead]
        if len(led) > _LEADS_ONE_BY_ONE:
            await self._read_leads(set(led))  # a few pages instead of one request per project
        return tuple(await all_or_nothing(self.who_can(k, permission) for k in keys))

    async def _read_leads(self, keys: set[str]) -> None:
        """Every project's lead from the project list (Cloud pages it, DC answers at once)."""
        if await self._cloud():
            entries: list[dict[str, Any]] = []
            pages = self.client.values_pages(f"{_API}/project/search", {"expand": "lead"})
            async for page in pages:
                self.requests += 1
                entries.extend(page)
        else:
            entries = await self._get("project", list[dict[str, Any]], {"expand": "lead"})
        for entry in entries:
            key, lead = entry.get("key"), entry.get("lead")
            if key in keys:
                user = ww.to_user(msgspec.convert(lead, UserWire)) if lead else None
                self._memo.put(("lead", str(key)), user)

    async def users_with_permission(
        self, project_key: str, permission: str, query: str = ""
    ) -> tuple[PermUser, ...]:
        """Jira's own answer (``user/permission/search``) for users matching ``query``.

        Cloud filters each window of users after taking it, and only the first 1000 users, so
        the windows are read side by side up to that cap; Data Center pages the filtered list.
        """
        base = {"permissions": permission, "projectKey": project_key}
        if await self._cloud():
            if not query:
                raise UnsupportedError("Jira Cloud needs a name to search for (query).")
            starts = range(0, _CLOUD_SEARCH_WINDOW, _SEARCH_PAGE)
            pages = await all_or_nothing(
                self._get(
                    "user/permission/search",
                    list[UserWire],
                    {**base, "query": query, "startAt": s, "maxResults": _SEARCH_PAGE},
                )
                for s in starts
            )
            found = [ww.to_user(u) for page in pages for u in page]
            return tuple(dict.fromkeys(found))
        users: list[PermUser] = []
        start = 0
        while True:
            page = await self._get(
                "user/permission/search",
                list[UserWire],
                {**base, "username": query or ".", "startAt": start, "maxResults": _SEARCH_PAGE},
            )
            users.extend(ww.to_user(u) for u in page)
            if len(page) < _SEARCH_PAGE:
                return tuple(users)
            start += len(page)

    async def check_permissions(
        self, account_id: str, permissions: Sequence[str], project_ids: Sequence[str]
    ) -> Mapping[str, tuple[str, ...]]:
        """Cloud's ``permissions/check``: permission → the project ids where the user holds it."""
        if not await self._cloud():
            raise UnsupportedError("Jira Data Center has no permissions/check.")
        found: dict[str, list[str]] = {p: [] for p in permissions}
        for start in range(0, len(project_ids), 1000):  # Jira looks at 1000 projects per call
            chunk = [int(p) if p.isdigit() else p for p in project_ids[start : start + 1000]]
            body = {
                "accountId": account_id,
                "projectPermissions": [{"permissions": list(permissions), "projects": chunk}],
            }
            answer = await self._send("POST", "permissions/check", ww.BulkPermissionsWire, body)
            for entry in answer.project_permissions:
                found.setdefault(entry.permission, []).extend(str(p) for p in entry.projects)
        return {k: tuple(v) for k, v in found.items()}

    async def my_permissions(
        self, keys: Sequence[str], project_key: str | None = None
    ) -> dict[str, bool] | None:
        """Which of ``keys`` the signed-in user holds (None when Jira does not say)."""
        return await self.client.my_permissions(keys, project_key=project_key)


async def _none() -> None:
    return None


if TYPE_CHECKING:  # mypy holds PermissionAdmin to the operations the pane is written against

    def _fits(admin: PermissionAdmin) -> PermissionOps:
        return admin
