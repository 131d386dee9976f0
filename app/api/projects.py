"""Project administration: projects, categories, components, versions, roles and the pickers.

``ProjectAdmin`` wraps a ``JiraClient`` and speaks each flavour's dialect: Cloud names users by
``accountId`` and pages ``/project/search`` and ``/project/{key}/version``; Data Center names
users by username and answers plain arrays. Every method takes and returns the records of
``app.domain.project``; failures are the client layer's typed errors, with Jira's own words
(``ValidationError.errors`` holds Jira's field errors, keyed as Jira keys them: ``projectKey``,
``projectName``, ``name``, ``startDate``...). 4.x servers have none of these resources.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Sequence
from datetime import date
from typing import Any, TypeVar
from urllib.parse import quote

from app.api import project_wire as pw
from app.api.concurrently import all_or_nothing, first_error
from app.api.core import ApiRequest, OffsetPage
from app.api.errors import NotFoundError, PermissionDeniedError
from app.api.pagination import offset_pages
from app.api.platform import JiraClient
from app.api.wire import DcSearchPage, UserWire, to_user
from app.domain.project import (
    UNSET,
    Category,
    Component,
    ComponentChanges,
    NewProject,
    Project,
    ProjectChanges,
    ProjectDetail,
    ProjectRole,
    ProjectStats,
    RoleActor,
    Version,
    VersionChanges,
    VersionIssueCounts,
    VersionPosition,
)
from app.domain.site import Flavour, UserRef

__all__ = ["ProjectAdmin"]

T = TypeVar("T")

_API = "rest/api/2"
_NO_CATEGORY = -1  # Jira's "remove the category" in a project update
_LIST_EXPAND = "lead,description,url"


def _seg(value: str) -> str:
    """A path segment: keys and ids come from users and servers, so never trust them raw."""
    return quote(str(value), safe="")


def _id(value: str) -> int | str:
    # Jira's ids are numbers in JSON bodies; anything else goes as it is, for Jira to refuse
    return int(value) if value.isdigit() else value


def _jql_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _no_project(key: str) -> NotFoundError:
    # what Jira itself answers for GET /project/{key}; raised where a Cloud search comes back empty
    return NotFoundError(f"No project could be found with key '{key}'.", status=404)


class ProjectAdmin:
    """Project administration on one Jira site (Cloud or Data Center)."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client  # the site's client, for what is not administration (permissions)
        self._http = client.http

    async def _cloud(self) -> bool:
        return (await self.client.flavour()) is Flavour.CLOUD

    async def _get(self, path: str, type_: type[T], params: dict[str, Any] | None = None) -> T:
        return await self._http.get_json(f"{_API}/{path}", type_, params)

    async def _send(
        self,
        method: str,
        path: str,
        type_: type[T],
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
    ) -> T:
        request = ApiRequest(method, f"{_API}/{path}", params=params, json=json)
        return await self._http.request_json(request, type_)

    async def _send_empty(
        self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None
    ) -> None:
        # 204 No Content: nothing to decode
        await self._http.send(ApiRequest(method, f"{_API}/{path}", params=params, json=json))

    def _self_url(self, kind: str, ident: str) -> str:
        # some DC parameters take a resource's self URL rather than its id
        return f"{self._http.config.base_url.rstrip('/')}/{_API}/{kind}/{_seg(ident)}"

    async def _cloud_entry(self, key: str, expand: str) -> pw.ProjectEntryWire:
        page = await self._get(
            "project/search", pw.ProjectPageWire, {"keys": key, "expand": expand}
        )
        if not page.values:
            raise _no_project(key)
        return page.values[0]

    # ----- projects -------------------------------------------------------------------------------

    async def list_projects(self, *, page_size: int = 50) -> list[Project]:
        """Every project the user may browse; on Cloud with issue count and last update."""
        out: list[Project] = []
        async with contextlib.aclosing(self.project_pages(page_size=page_size)) as pages:
            async for page in pages:
                out.extend(page)
        return out

    async def project_pages(self, *, page_size: int = 50) -> AsyncGenerator[list[Project], None]:
        """The projects page by page, in order, as they arrive (Cloud pages concurrently).

        Data Center lists every project in one answer, so it yields once.
        """
        if not await self._cloud():
            found = await self._get("project", list[pw.ProjectEntryWire], {"expand": _LIST_EXPAND})
            yield [pw.to_project_entry(p) for p in found]
            return

        async def fetch(start: int) -> OffsetPage[pw.ProjectEntryWire]:
            page = await self._get(
                "project/search",
                pw.ProjectPageWire,
                {
                    "expand": f"{_LIST_EXPAND},insight",
                    "startAt": start,
                    "maxResults": page_size,
                },
            )
            return OffsetPage(
                page.start_at, page.max_results, page.values, page.total, page.is_last
            )

        window = self._http.config.concurrency
        async with contextlib.aclosing(offset_pages(fetch, window=window)) as pages:
            async for values in pages:
                yield [pw.to_project_entry(p) for p in values]

    async def project_stats(self, key: str) -> ProjectStats:
        """Issue count and last issue update of one project (the list's on-demand columns).

        A missing project is a ``NotFoundError`` on Cloud; on DC, Jira's JQL refuses it with a
        ``ValidationError`` ("The value 'X' does not exist for the field 'project'.").
        """
        if await self._cloud():
            entry = await self._cloud_entry(key, "insight")
            insight = entry.insight
            if insight is not None and insight.total_issue_count is not None:
                return ProjectStats(
                    insight.total_issue_count, pw.jira_datetime(insight.last_issue_update_time)
                )
            # no insight in the answer: count by JQL (Cloud's /search has no total any more)
            count = await self._http.request_json(
                ApiRequest(
                    "POST",
                    f"{_API}/search/approximate-count",
                    json={"jql": f"project = {_jql_string(key)}"},
                    idempotent=True,  # a count changes nothing
                ),
                pw.ApproximateCountWire,
            )
            return ProjectStats(count.count, None)
        page = await self._get(
            "search",
            DcSearchPage,
            {
                "jql": f"project = {_jql_string(key)} ORDER BY updated DESC",
                "maxResults": 1,
                "fields": "updated",
            },
        )
        last = None
        if page.issues:
            updated = (page.issues[0].get("fields") or {}).get("updated")
            last = pw.jira_datetime(updated if isinstance(updated, str) else None)
        return ProjectStats(page.total, last)

    async def get_project(self, key: str) -> ProjectDetail:
        """One project with components, versions, roles (with actors) and permission scheme."""
        cloud = await self._cloud()
        expand = "description,lead,url" + (",insight" if cloud else "")
        found = await self._get(f"project/{_seg(key)}", pw.ProjectDetailWire, {"expand": expand})
        # the roles' members and the scheme are separate resources: fetch them side by side
        with first_error():
            async with asyncio.TaskGroup() as group:
                roles = group.create_task(self._roles(found.key, found.roles))
                scheme = group.create_task(self._permission_scheme(found.key))
        return pw.to_project_detail(found, roles.result(), scheme.result())

    async def _permission_scheme(self, key: str) -> pw.PermissionSchemeWire | None:
        try:
            return await self._get(f"project/{_seg(key)}/permissionscheme", pw.PermissionSchemeWire)
        except PermissionDeniedError:
            return None  # only administrators may see it: a project admin still gets the rest

    async def update_project(self, key: str, changes: ProjectChanges) -> ProjectDetail:
        """Change a project's overview; returns the project as it is now."""
        body: dict[str, Any] = {}
        if changes.name is not None:
            body["name"] = changes.name
        if changes.description is not None:
            body["description"] = changes.description
        if changes.url is not None:
            body["url"] = changes.url
        if changes.assignee_type is not None:
            body["assigneeType"] = changes.assignee_type.value
        if changes.lead is not None:
            body["leadAccountId" if await self._cloud() else "lead"] = changes.lead
        if changes.category_id is not UNSET:
            body["categoryId"] = (
                _NO_CATEGORY if changes.category_id is None else _id(changes.category_id)
            )
        if body:
            await self._send("PUT", f"project/{_seg(key)}", dict[str, Any], json=body)
        return await self.get_project(key)

    async def create_project(self, new: NewProject) -> Project:
        """Create a project (never resent: a resend could meet the project it just made)."""
        cloud = await self._cloud()
        body: dict[str, Any] = {
            "key": new.key,
            "name": new.name,
            "projectTypeKey": new.project_type,
            "leadAccountId" if cloud else "lead": new.lead,
            "assigneeType": new.assignee_type.value,
        }
        if new.description:
            body["description"] = new.description
        if new.url:
            body["url"] = new.url
        if new.category_id is not None:
            body["categoryId"] = _id(new.category_id)
        if new.template:
            body["projectTemplateKey"] = new.template
        created = await self._send("POST", "project", pw.CreatedWire, json=body)
        found = await self._get(
            f"project/{_seg(created.key)}", pw.ProjectEntryWire, {"expand": _LIST_EXPAND}
        )
        return pw.to_project_entry(found)

    async def validate_project_key(self, key: str) -> str | None:
        """Jira's objection to a new project key (taken, invalid, too long), or None if valid."""
        found = await self._get("projectvalidate/key", pw.ErrorCollectionWire, {"key": key})
        if found.errors:
            return found.errors.get("projectKey") or next(iter(found.errors.values()))
        return found.error_messages[0] if found.error_messages else None

    async def delete_project(self, key: str) -> None:
        """Delete a project with its issues (Cloud keeps it in the trash for 60 days)."""
        await self._send_empty("DELETE", f"project/{_seg(key)}")

    # ----- categories -----------------------------------------------------------------------------

    async def categories(self) -> list[Category]:
        """Every project category."""
        found = await self._get("projectCategory", list[pw.CategoryWire])
        return [pw.to_category(c) for c in found]

    async def create_category(self, name: str, description: str = "") -> Category:
        """Create a project category."""
        body = {"name": name, "description": description}
        return pw.to_category(
            await self._send("POST", "projectCategory", pw.CategoryWire, json=body)
        )

    async def update_category(
        self, category_id: str, name: str | None = None, description: str | None = None
    ) -> Category:
        """Rename or re-describe a project category; None leaves a value as it is."""
        body: dict[str, Any] = {}
        if name is not None:
            body["name"] = name
        if description is not None:
            body["description"] = description
        found = await self._send(
            "PUT", f"projectCategory/{_seg(category_id)}", pw.CategoryWire, json=body
        )
        return pw.to_category(found)

    async def delete_category(self, category_id: str) -> None:
        """Delete a project category (its projects keep going, without a category)."""
        await self._send_empty("DELETE", f"projectCategory/{_seg(category_id)}")

    # ----- components -----------------------------------------------------------------------------

    async def components(self, key: str) -> list[Component]:
        """A project's components."""
        found = await self._get(f"project/{_seg(key)}/components", list[pw.ComponentWire])
        return [pw.to_component(c) for c in found]

    async def _component_body(self, changes: ComponentChanges, *, creating: bool) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if changes.name is not None:
            body["name"] = changes.name
        if changes.description is not None:
            body["description"] = changes.description
        if changes.assignee_type is not None:
            body["assigneeType"] = changes.assignee_type.value
        lead = changes.lead
        if lead is not UNSET and (lead is not None or not creating):
            # an empty lead removes it (Cloud leadAccountId, DC leadUserName)
            body["leadAccountId" if await self._cloud() else "leadUserName"] = lead or ""
        return body

    async def create_component(self, key: str, changes: ComponentChanges) -> Component:
        """Add a component to a project."""
        body = {"project": key, **await self._component_body(changes, creating=True)}
        return pw.to_component(await self._send("POST", "component", pw.ComponentWire, json=body))

    async def update_component(self, component_id: str, changes: ComponentChanges) -> Component:
        """Change a component."""
        body = await self._component_body(changes, creating=False)
        found = await self._send(
            "PUT", f"component/{_seg(component_id)}", pw.ComponentWire, json=body
        )
        return pw.to_component(found)

    async def delete_component(self, component_id: str, move_issues_to: str | None = None) -> None:
        """Delete a component; its issues move to ``move_issues_to`` or just lose it."""
        params: dict[str, Any] = {}
        if move_issues_to:
            # Cloud takes the replacement's id, DC its self URL
            params["moveIssuesTo"] = (
                move_issues_to
                if await self._cloud()
                else self._self_url("component", move_issues_to)
            )
        await self._send_empty("DELETE", f"component/{_seg(component_id)}", params=params)

    async def component_issue_count(self, component_id: str) -> int:
        """How many issues carry the component (what deleting it touches)."""
        found = await self._get(
            f"component/{_seg(component_id)}/relatedIssueCounts", pw.ComponentCountWire
        )
        return found.issue_count

    # ----- versions -------------------------------------------------------------------------------

    async def versions(self, key: str, *, page_size: int = 50) -> list[Version]:
        """A project's versions in the project's order."""
        if not await self._cloud():
            found = await self._get(f"project/{_seg(key)}/versions", list[pw.VersionWire])
            return [pw.to_version(v) for v in found]

        async def fetch(start: int) -> OffsetPage[pw.VersionWire]:
            page = await self._get(
                f"project/{_seg(key)}/version",
                pw.VersionPageWire,
                {"orderBy": "sequence", "startAt": start, "maxResults": page_size},
            )
            return OffsetPage(
                page.start_at, page.max_results, page.values, page.total, page.is_last
            )

        out: list[Version] = []
        window = self._http.config.concurrency
        async with contextlib.aclosing(offset_pages(fetch, window=window)) as pages:
            async for values in pages:
                out.extend(pw.to_version(v) for v in values)
        return out

    @staticmethod
    def _version_body(changes: VersionChanges) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if changes.name is not None:
            body["name"] = changes.name
        if changes.description is not None:
            body["description"] = changes.description
        if changes.start_date is not UNSET:
            body["startDate"] = _day(changes.start_date)  # null clears it
        if changes.release_date is not UNSET:
            body["releaseDate"] = _day(changes.release_date)
        if changes.released is not None:
            body["released"] = changes.released
        if changes.archived is not None:
            body["archived"] = changes.archived
        return body

    async def create_version(self, key: str, changes: VersionChanges) -> Version:
        """Add a version to a project (``key`` may also be the project's id)."""
        body = self._version_body(changes)
        if key.isdigit():
            body["projectId"] = int(key)
        elif await self._cloud():
            # Cloud requires projectId ("project" is deprecated there)
            body["projectId"] = int((await self._cloud_entry(key, "")).id)
        else:
            body["project"] = key
        return pw.to_version(await self._send("POST", "version", pw.VersionWire, json=body))

    async def update_version(self, version_id: str, changes: VersionChanges) -> Version:
        """Change a version; releasing and archiving are changes too."""
        found = await self._send(
            "PUT", f"version/{_seg(version_id)}", pw.VersionWire, json=self._version_body(changes)
        )
        return pw.to_version(found)

    async def move_version(
        self,
        version_id: str,
        position: VersionPosition | None = None,
        after: str | None = None,
    ) -> Version:
        """Move a version to a ``position`` in the project's order, or ``after`` another one."""
        if (position is None) == (after is None):
            raise ValueError("move_version needs either a position or a version to follow")
        body = (
            {"position": position.value}
            if position is not None
            else {"after": self._self_url("version", str(after))}
        )
        found = await self._send(
            "POST", f"version/{_seg(version_id)}/move", pw.VersionWire, json=body
        )
        return pw.to_version(found)

    async def delete_version(
        self,
        version_id: str,
        move_fix_to: str | None = None,
        move_affected_to: str | None = None,
    ) -> None:
        """Delete a version, moving its fix and affects issues to other versions if given."""
        body: dict[str, Any] = {}
        if move_fix_to:
            body["moveFixIssuesTo"] = _id(move_fix_to)
        if move_affected_to:
            body["moveAffectedIssuesTo"] = _id(move_affected_to)
        # removeAndSwap on both flavours: DC 10.3 has no DELETE /version/{id}
        await self._send_empty("POST", f"version/{_seg(version_id)}/removeAndSwap", json=body)

    async def version_issue_counts(self, version_id: str) -> VersionIssueCounts:
        """How many issues fix or are affected by a version (what deleting it touches)."""
        found = await self._get(
            f"version/{_seg(version_id)}/relatedIssueCounts", pw.VersionCountsWire
        )
        return pw.to_version_counts(found)

    # ----- roles ----------------------------------------------------------------------------------

    async def roles(self, key: str) -> list[ProjectRole]:
        """A project's roles with their actors, ordered by name."""
        urls = await self._get(f"project/{_seg(key)}/role", dict[str, str])
        return list(await self._roles(key, urls))

    async def _roles(self, key: str, urls: dict[str, str]) -> tuple[ProjectRole, ...]:
        # one request per role, side by side; the id is the last segment of the role's URL
        ids = [url.rstrip("/").rsplit("/", 1)[-1] for url in urls.values()]
        found = await all_or_nothing(self._role(key, role_id) for role_id in ids)
        return tuple(sorted((r for r in found if r is not None), key=lambda r: r.name.lower()))

    async def _role(self, key: str, role_id: str) -> ProjectRole | None:
        try:
            found = await self._get(f"project/{_seg(key)}/role/{_seg(role_id)}", pw.RoleWire)
        except PermissionDeniedError:
            return None  # Jira may hide role members from non-administrators: show the rest
        return pw.to_role(found)

    async def add_role_actors(
        self,
        key: str,
        role_id: str,
        users: Sequence[str] = (),
        groups: Sequence[str] = (),
    ) -> ProjectRole:
        """Add users (accountIds or usernames) and groups (names) to a role in a project."""
        path = f"project/{_seg(key)}/role/{_seg(role_id)}"
        body: dict[str, list[str]] = {}
        if users:
            body["user"] = list(users)
        if groups:
            body["group"] = list(groups)
        if not body:
            return pw.to_role(await self._get(path, pw.RoleWire))
        return pw.to_role(await self._send("POST", path, pw.RoleWire, json=body))

    async def remove_role_actor(self, key: str, role_id: str, actor: RoleActor) -> None:
        """Remove one user or group from a role in a project."""
        param = "group" if actor.kind == "group" else "user"
        await self._send_empty(
            "DELETE", f"project/{_seg(key)}/role/{_seg(role_id)}", params={param: actor.id}
        )

    # ----- pickers --------------------------------------------------------------------------------

    async def search_users(self, query: str, limit: int = 20) -> list[UserRef]:
        """Users whose name or e-mail starts with ``query`` (for lead and role pickers)."""
        if not query.strip():
            return []  # Cloud refuses an empty query; an empty picker shows nobody
        name = "query" if await self._cloud() else "username"
        found = await self._get("user/search", list[UserWire], {name: query, "maxResults": limit})
        return [to_user(u) for u in found]

    async def search_groups(self, query: str, limit: int = 20) -> list[str]:
        """Names of groups containing ``query`` (any case)."""
        params: dict[str, Any] = {"query": query, "maxResults": limit}
        if await self._cloud():
            params["caseInsensitive"] = "true"  # Cloud matches case-sensitively by default
        found = await self._get("groups/picker", pw.GroupPickerWire, params)
        return [g.name for g in found.groups]
