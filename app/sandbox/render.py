"""Records to Jira's JSON, per flavour and API version.

Every function returns plain dicts and lists ready for ``msgspec.json.encode``. ``Ctx`` carries
what changes a rendering: the site's base URL, the API version in the path (2 or 3: version 3
writes rich text as Atlassian Document Format), and the store for cross references.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode

from app.sandbox.model import (
    Actor,
    Comment,
    Component,
    FieldDef,
    Filter,
    FilterShare,
    Flavour,
    Issue,
    IssueType,
    PermissionScheme,
    Priority,
    Project,
    ProjectCategory,
    ProjectRole,
    Resolution,
    Sprint,
    Status,
    StatusCategory,
    Transition,
    User,
    Version,
)
from app.sandbox.store import Store

__all__ = ["Ctx", "adf", "jira_date", "jira_datetime"]

Json = dict[str, Any]
AVATAR_SIZES = (("48x48", ""), ("24x24", "small"), ("16x16", "xsmall"), ("32x32", "medium"))


def jira_datetime(value: datetime | None) -> str | None:
    """Jira's timestamp format: ``2024-05-01T09:30:00.000+0000`` (offset without a colon)."""
    if value is None:
        return None
    return (
        value.strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{value.microsecond // 1000:03d}"
        + value.strftime("%z")
    )


def jira_date(value: date | None) -> str | None:
    """Jira's date format: ``2024-05-01``."""
    return value.isoformat() if value is not None else None


def adf(text: str) -> Json | None:
    """Wiki text as a minimal Atlassian Document Format document (one paragraph per block)."""
    if not text:
        return None
    blocks = [b for b in text.split("\n\n") if b.strip()]
    content = []
    for block in blocks:
        parts: list[Json] = []
        for n, line in enumerate(block.split("\n")):
            if n:
                parts.append({"type": "hardBreak"})
            if line:
                parts.append({"type": "text", "text": line})
        content.append({"type": "paragraph", "content": parts})
    return {"type": "doc", "version": 1, "content": content}


@dataclass(slots=True)
class Ctx:
    """What a rendering depends on."""

    store: Store
    base: str  # scheme://host:port, no trailing slash
    api: str = "2"  # "2", "3" or "latest"

    @property
    def cloud(self) -> bool:
        """Whether the site is a Cloud site."""
        return self.store.flavour is Flavour.CLOUD

    @property
    def v3(self) -> bool:
        """Whether rich text is rendered as ADF (Cloud REST v3)."""
        return self.api == "3"

    def url(self, path: str) -> str:
        """An absolute REST URL for ``path`` under this API version."""
        return f"{self.base}/rest/api/{self.api}/{path}"

    def text(self, wiki: str) -> Any:
        """A rich-text field as this API version writes it."""
        return adf(wiki) if self.v3 else (wiki or None)

    # ----- users -----------------------------------------------------------------------------
    def avatars(self, kind: str, owner: str) -> dict[str, str]:
        """The four avatar URLs Jira gives every user and project."""
        return {
            size: f"{self.base}/secure/{kind}avatar?{'size=' + name + '&' if name else ''}ownerId={quote(owner)}"
            for size, name in AVATAR_SIZES
        }

    def user_self(self, user: User) -> str:
        """The ``self`` URL of a user."""
        if self.cloud:
            return self.url(f"user?accountId={quote(user.account_id)}")
        return self.url(f"user?username={quote(user.name)}")

    def user(self, user: User | None, *, full: bool = False) -> Json | None:
        """A user as embedded in other records (or, with ``full``, as ``/user`` and ``/myself`` answer)."""
        if user is None:
            return None
        out: Json = {"self": self.user_self(user)}
        if self.cloud:
            out["accountId"] = user.account_id
            out["accountType"] = "atlassian"
        else:
            out["key"] = user.key
            out["name"] = user.name
        out["emailAddress"] = user.email
        out["avatarUrls"] = self.avatars("user", user.name)
        out["displayName"] = user.display_name
        out["active"] = user.active
        out["timeZone"] = user.time_zone
        if full:
            out["locale"] = user.locale
            groups = [
                {"name": g, "self": self.url(f"group?groupname={quote(g)}")} for g in user.groups
            ]
            out["groups"] = {"size": len(groups), "items": groups}
            out["applicationRoles"] = {"size": 1, "items": []}
            out["expand"] = "groups,applicationRoles"
        return out

    def user_by_key(self, key: str | None) -> Json | None:
        """A user looked up by key, rendered for embedding."""
        return self.user(self.store.users.get(key)) if key else None

    # ----- reference data ---------------------------------------------------------------------
    def status_category(self, cat: StatusCategory) -> Json:
        """A status category."""
        return {
            "self": self.url(f"statuscategory/{cat.id}"),
            "id": cat.id,
            "key": cat.key,
            "colorName": cat.color_name,
            "name": cat.name,
        }

    def status(self, status: Status) -> Json:
        """A status with its category."""
        out: Json = {
            "self": self.url(f"status/{status.id}"),
            "description": status.description,
            "iconUrl": f"{self.base}/images/icons/statuses/generic.png",
            "name": status.name,
            "id": str(status.id),
            "statusCategory": self.status_category(
                self.store.status_categories[status.category_id]
            ),
        }
        if self.cloud:
            out["untranslatedName"] = status.name
        return out

    def priority(self, prio: Priority) -> Json:
        """A priority."""
        return {
            "self": self.url(f"priority/{prio.id}"),
            "statusColor": prio.status_color,
            "description": prio.description,
            "iconUrl": f"{self.base}/images/icons/priorities/{prio.name.lower()}.svg",
            "name": prio.name,
            "id": str(prio.id),
        }

    def priority_ref(self, prio: Priority) -> Json:
        """A priority as embedded in an issue."""
        return {
            "self": self.url(f"priority/{prio.id}"),
            "iconUrl": f"{self.base}/images/icons/priorities/{prio.name.lower()}.svg",
            "name": prio.name,
            "id": str(prio.id),
        }

    def resolution(self, res: Resolution) -> Json:
        """A resolution."""
        return {
            "self": self.url(f"resolution/{res.id}"),
            "id": str(res.id),
            "description": res.description,
            "name": res.name,
        }

    def issue_type(self, itype: IssueType) -> Json:
        """An issue type."""
        out: Json = {
            "self": self.url(f"issuetype/{itype.id}"),
            "id": str(itype.id),
            "description": itype.description,
            "iconUrl": f"{self.base}/images/icons/issuetypes/{itype.name.lower()}.svg",
            "name": itype.name,
            "subtask": itype.subtask,
            "avatarId": 10300 + itype.id % 100,
        }
        if self.cloud:
            out["untranslatedName"] = itype.name
            out["hierarchyLevel"] = itype.hierarchy_level
        return out

    def field(self, fdef: FieldDef) -> Json:
        """A field definition as ``/field`` lists it."""
        out: Json = {"id": fdef.id}
        if self.cloud:
            out["key"] = fdef.id
        out["name"] = fdef.name
        if self.cloud and fdef.custom:
            out["untranslatedName"] = fdef.name
        out.update(
            custom=fdef.custom,
            orderable=fdef.orderable,
            navigable=fdef.navigable,
            searchable=fdef.searchable,
            clauseNames=list(fdef.clause_names),
        )
        if fdef.schema is not None:
            out["schema"] = dict(fdef.schema)
        return out

    # ----- projects ----------------------------------------------------------------------------
    def category(self, cat: ProjectCategory) -> Json:
        """A project category."""
        return {
            "self": self.url(f"projectCategory/{cat.id}"),
            "id": str(cat.id),
            "name": cat.name,
            "description": cat.description,
        }

    def project_ref(self, project: Project) -> Json:
        """A project as embedded in an issue."""
        out: Json = {
            "self": self.url(f"project/{project.id}"),
            "id": str(project.id),
            "key": project.key,
            "name": project.name,
            "projectTypeKey": project.project_type_key,
        }
        if self.cloud:
            out["simplified"] = False
        out["avatarUrls"] = self.avatars("project", str(project.id))
        if project.category_id is not None:
            out["projectCategory"] = self.category(self.store.categories[project.category_id])
        return out

    def project_summary(self, project: Project) -> Json:
        """A project as the ``/project`` list and ``/project/search`` give it."""
        out: Json = {
            "expand": "description,lead,issueTypes,url,projectKeys,permissions,insight",
            "self": self.url(f"project/{project.id}"),
            "id": str(project.id),
            "key": project.key,
            "name": project.name,
            "avatarUrls": self.avatars("project", str(project.id)),
        }
        if project.category_id is not None:
            out["projectCategory"] = self.category(self.store.categories[project.category_id])
        out["projectTypeKey"] = project.project_type_key
        if self.cloud:
            out["simplified"] = False
            out["style"] = "classic"
            out["isPrivate"] = False
            out["properties"] = {}
        else:
            out["archived"] = False
        return out

    def project(self, project: Project, expand: set[str] | None = None) -> Json:
        """A project as ``GET /project/{key}`` answers."""
        out = self.project_summary(project)
        out["description"] = project.description
        out["lead"] = self.user_by_key(project.lead_key)
        out["components"] = [self.component(c) for c in self.store.project_components(project)]
        out["issueTypes"] = [self.issue_type(t) for t in self.store.issue_types.values()]
        out["url"] = project.url
        out["assigneeType"] = project.assignee_type
        out["versions"] = [self.version(v) for v in self.store.project_versions(project)]
        out["roles"] = {
            role.name: self.url(f"project/{project.id}/role/{role.id}")
            for role in self.store.roles.values()
        }
        if expand and "insight" in expand and self.cloud:
            out["insight"] = self.insight(*self.store.project_insights([project])[project.id])
        return out

    @staticmethod
    def insight(count: int, last_update: datetime | None) -> Json:
        """A Cloud project's ``insight``: issue count and last issue update (absent without issues)."""
        out: Json = {"totalIssueCount": count}
        if last_update is not None:
            out["lastIssueUpdateTime"] = jira_datetime(last_update)
        return out

    def permission_scheme(self, scheme: PermissionScheme) -> Json:
        """A permission scheme without its grants (``GET project/{key}/permissionscheme``)."""
        return {
            "expand": "permissions,user,group,projectRole,field,all",
            "id": scheme.id,
            "self": self.url(f"permissionscheme/{scheme.id}"),
            "name": scheme.name,
            "description": scheme.description,
        }

    def component(self, comp: Component) -> Json:
        """A component."""
        project = self.store.projects[comp.project_id]
        lead = self.user_by_key(comp.lead_key)
        assignee = (
            lead if comp.assignee_type == "COMPONENT_LEAD" else self.user_by_key(project.lead_key)
        )
        out: Json = {
            "self": self.url(f"component/{comp.id}"),
            "id": str(comp.id),
            "name": comp.name,
            "description": comp.description,
        }
        if lead is not None:
            out["lead"] = lead
        out["assigneeType"] = comp.assignee_type
        if assignee is not None:
            out["assignee"] = assignee
            out["realAssignee"] = assignee
        out["realAssigneeType"] = (
            "COMPONENT_LEAD" if comp.assignee_type == "COMPONENT_LEAD" else "PROJECT_LEAD"
        )
        out["isAssigneeTypeValid"] = True
        out["project"] = project.key
        out["projectId"] = project.id
        if not self.cloud:  # Cloud's ProjectComponent has no "archived" (DC's ComponentBean has)
            out["archived"] = False
        return out

    def version(self, version: Version) -> Json:
        """A version."""
        out: Json = {
            "self": self.url(f"version/{version.id}"),
            "id": str(version.id),
            "description": version.description,
            "name": version.name,
            "archived": version.archived,
            "released": version.released,
        }
        if version.start_date is not None:
            out["startDate"] = jira_date(version.start_date)
            out["userStartDate"] = version.start_date.strftime("%d/%b/%y")
        if version.release_date is not None:
            out["releaseDate"] = jira_date(version.release_date)
            out["userReleaseDate"] = version.release_date.strftime("%d/%b/%y")
        if version.release_date is not None and not version.released:
            out["overdue"] = version.release_date < self.store.now().date()
        out["projectId"] = version.project_id
        return out

    def role_actors(self, actors: list[Actor]) -> list[Json]:
        """Role actors (users and groups) as a project role lists them."""
        out: list[Json] = []
        for n, actor in enumerate(actors):
            if actor.kind == "user":
                user = self.store.users.get(actor.value)
                if user is None:
                    continue
                entry: Json = {
                    "id": 10000 + n,
                    "displayName": user.display_name,
                    "type": "atlassian-user-role-actor",
                    "name": user.name,
                    "avatarUrl": self.avatars("user", user.name)["16x16"],
                }
                if self.cloud:
                    entry["actorUser"] = {"accountId": user.account_id}
                out.append(entry)
            else:
                entry = {
                    "id": 10000 + n,
                    "displayName": actor.value,
                    "type": "atlassian-group-role-actor",
                    "name": actor.value,
                    "avatarUrl": "",
                }
                if self.cloud:
                    entry["actorGroup"] = {
                        "name": actor.value,
                        "displayName": actor.value,
                        "groupId": self.store.groups[actor.value].group_id
                        if actor.value in self.store.groups
                        else "",
                    }
                out.append(entry)
        return out

    def role(self, project: Project, role: ProjectRole) -> Json:
        """A project role with the project's actors."""
        return {
            "self": self.url(f"project/{project.id}/role/{role.id}"),
            "name": role.name,
            "id": role.id,
            "description": role.description,
            "actors": self.role_actors(project.role_actors.get(role.id, [])),
        }

    def site_role(self, role: ProjectRole) -> Json:
        """A project role as ``/role`` lists it, with its default actors.

        The sandbox keeps no default actors; it takes the group actors every project has in
        the role (what a new project gets), e.g. jira-administrators for Administrators.
        """
        groups: list[Actor] | None = None
        for project in self.store.projects.values():
            mine = [a for a in project.role_actors.get(role.id, []) if a.kind == "group"]
            groups = mine if groups is None else [a for a in groups if a in mine]
        out: Json = {
            "self": self.url(f"role/{role.id}"),
            "name": role.name,
            "id": role.id,
            "description": role.description,
        }
        if groups:  # Jira leaves "actors" out of a role without default actors
            out["actors"] = self.role_actors(groups)
        return out

    # ----- filters ---------------------------------------------------------------------------
    def filter_share(self, share: FilterShare) -> Json:
        """A share permission of a filter (recorded: filter_server__jira-rest-java-client)."""
        out: Json = {"id": share.id, "type": share.type}
        if share.type == "group":
            group = self.store.groups.get(share.group)
            out["group"] = {
                "name": share.group,
                "self": self.url(f"group?groupname={quote(share.group)}"),
            }
            if self.cloud and group is not None:
                out["group"]["groupId"] = group.group_id
        elif share.project_id is not None and share.project_id in self.store.projects:
            project = self.store.projects[share.project_id]
            out["project"] = {
                "self": self.url(f"project/{project.key}"),
                "id": str(project.id),
                "key": project.key,
                "assigneeType": project.assignee_type,
                "name": project.name,
                "roles": {},
                "avatarUrls": self.avatars("project", str(project.id)),
                "projectTypeKey": project.project_type_key,
            }
            if self.cloud:
                out["project"]["simplified"] = False
            role = self.store.roles.get(share.role_id) if share.role_id is not None else None
            if role is not None:
                out["role"] = {
                    "self": self.url(f"project/{project.key}/role/{role.id}"),
                    "name": role.name,
                    "id": role.id,
                    "description": role.description,
                }
        return out

    def filter(self, flt: Filter, viewer: User | None) -> Json:
        """A filter as ``/filter/{id}``, ``/filter/my`` and ``/filter/favourite`` answer."""
        empty_page = {"size": 0, "items": [], "max-results": 0, "start-index": 0, "end-index": 0}
        out: Json = {
            "self": self.url(f"filter/{flt.id}"),
            "id": str(flt.id),
            "name": flt.name,
            "description": flt.description,
            "owner": self.user_by_key(flt.owner_key),
            "jql": flt.jql,
            "viewUrl": f"{self.base}/issues/?filter={flt.id}",
            "searchUrl": self.url("search?" + urlencode({"jql": flt.jql})),
            "favourite": viewer is not None and viewer.key in flt.favourite_of,
        }
        if self.cloud:
            out["favouritedCount"] = len(flt.favourite_of)
        out["sharePermissions"] = [self.filter_share(s) for s in flt.shares]
        if self.cloud:
            out["editPermissions"] = []
        else:
            out["editable"] = viewer is not None and viewer.key == flt.owner_key
        out["sharedUsers"] = dict(empty_page)
        out["subscriptions"] = dict(empty_page)
        return out

    # ----- issues ----------------------------------------------------------------------------
    def sprint(self, sprint: Sprint) -> Json:
        """A sprint (agile shape, also used inside the sprint custom field on Cloud)."""
        out: Json = {
            "id": sprint.id,
            "self": f"{self.base}/rest/agile/1.0/sprint/{sprint.id}",
            "state": sprint.state,
            "name": sprint.name,
        }
        if sprint.start_date:
            out["startDate"] = sprint.start_date.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        if sprint.end_date:
            out["endDate"] = sprint.end_date.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        if sprint.complete_date:
            out["completeDate"] = sprint.complete_date.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        out["originBoardId"] = sprint.board_id
        out["goal"] = sprint.goal
        out["boardId"] = sprint.board_id
        return out

    def comment(self, issue: Issue, comment: Comment) -> Json:
        """A comment."""
        out: Json = {
            "self": self.url(f"issue/{issue.id}/comment/{comment.id}"),
            "id": str(comment.id),
            "author": self.user_by_key(comment.author_key),
            "body": adf(comment.body) if self.v3 else comment.body,
            "updateAuthor": self.user_by_key(comment.update_author_key or comment.author_key),
            "created": jira_datetime(comment.created),
            "updated": jira_datetime(comment.updated),
        }
        if self.cloud:
            out["jsdPublic"] = True
        return out

    def comments_page(self, issue: Issue, start: int = 0, limit: int = 5000) -> Json:
        """The comment field / ``/comment`` page."""
        chosen = issue.comments[start : start + limit]
        return {
            "comments": [self.comment(issue, c) for c in chosen],
            "self": self.url(f"issue/{issue.id}/comment"),
            "maxResults": limit if limit < 5000 else len(issue.comments),
            "total": len(issue.comments),
            "startAt": start,
        }

    def transition(
        self, issue: Issue, transition: Transition, *, with_fields: bool = False
    ) -> Json:
        """A transition available on ``issue``."""
        out: Json = {
            "id": str(transition.id),
            "name": transition.name,
            "to": self.status(self.store.statuses[transition.to_status_id]),
        }
        if self.cloud:
            out.update(
                hasScreen=bool(transition.required_fields),
                isGlobal=not transition.from_status_ids,
                isInitial=False,
                isAvailable=True,
                isConditional=False,
                isLooped=False,
            )
        if with_fields:
            fields: Json = {}
            for fid in transition.required_fields:
                if fid == "resolution":
                    fields[fid] = {
                        "required": True,
                        "schema": {"type": "resolution", "system": "resolution"},
                        "name": "Resolution",
                        "key": "resolution",
                        "hasDefaultValue": False,
                        "operations": ["set"],
                        "allowedValues": [
                            self.resolution(r) for r in self.store.resolutions.values()
                        ],
                    }
            out["fields"] = fields
        return out

    def parent_ref(self, parent: Issue) -> Json:
        """The ``parent`` field of a child issue."""
        return {
            "id": str(parent.id),
            "key": parent.key,
            "self": self.url(f"issue/{parent.id}"),
            "fields": {
                "summary": parent.summary,
                "status": self.status(self.store.statuses[parent.status_id]),
                "priority": self.priority_ref(self.store.priorities[parent.priority_id]),
                "issuetype": self.issue_type(self.store.issue_types[parent.issuetype_id]),
            },
        }

    def issue_field(self, issue: Issue, fid: str) -> Any:
        """The value of one field of ``issue`` as Jira renders it (KeyError for unknown ids)."""
        store = self.store
        ids = store.field_ids
        match fid:
            case "summary":
                return issue.summary
            case "description":
                return self.text(issue.description)
            case "issuetype":
                return self.issue_type(store.issue_types[issue.issuetype_id])
            case "status":
                return self.status(store.statuses[issue.status_id])
            case "priority":
                return self.priority_ref(store.priorities[issue.priority_id])
            case "resolution":
                return (
                    self.resolution(store.resolutions[issue.resolution_id])
                    if issue.resolution_id
                    else None
                )
            case "assignee":
                return self.user_by_key(issue.assignee_key)
            case "reporter":
                return self.user_by_key(issue.reporter_key)
            case "creator":
                return self.user_by_key(issue.creator_key)
            case "project":
                return self.project_ref(store.projects[issue.project_id])
            case "labels":
                return list(issue.labels)
            case "components":
                return [
                    self._component_ref(store.components[c])
                    for c in issue.component_ids
                    if c in store.components
                ]
            case "fixVersions":
                return [
                    self.version(store.versions[v])
                    for v in issue.fix_version_ids
                    if v in store.versions
                ]
            case "versions":
                return [
                    self.version(store.versions[v])
                    for v in issue.affects_version_ids
                    if v in store.versions
                ]
            case "created":
                return jira_datetime(issue.created)
            case "updated":
                return jira_datetime(issue.updated)
            case "resolutiondate":
                return jira_datetime(issue.resolution_date)
            case "statuscategorychangedate":
                return jira_datetime(issue.status_category_changed)
            case "duedate":
                return jira_date(issue.due_date)
            case "lastViewed":
                return None
            case "comment":
                return self.comments_page(issue)
            case "subtasks":
                return []
            case "issuelinks":
                return []
            case "watches":
                return {
                    "self": self.url(f"issue/{issue.key}/watchers"),
                    "watchCount": 1,
                    "isWatching": False,
                }
            case "votes":
                return {"self": self.url(f"issue/{issue.key}/votes"), "votes": 0, "hasVoted": False}
            case "workratio":
                return -1
            case (
                "timespent"
                | "timeestimate"
                | "timeoriginalestimate"
                | "aggregatetimespent"
                | "aggregatetimeestimate"
                | "aggregatetimeoriginalestimate"
                | "environment"
                | "security"
            ):
                return None
            case "progress" | "aggregateprogress":
                return {"progress": 0, "total": 0}
            case "timetracking":  # no estimates or logged work in the sandbox: Jira sends {}
                return {}
            case "attachment":
                return []
            case "worklog":
                return {"startAt": 0, "maxResults": 20, "total": 0, "worklogs": []}
            case "issuerestriction" if self.cloud:
                return {"issuerestrictions": {}, "shouldDisplay": False}
            case "parent":
                parent = store.issues.get(issue.parent_id) if issue.parent_id else None
                return self.parent_ref(parent) if parent else None
        if fid == ids.story_points:
            return issue.story_points
        if fid == ids.sprint:
            sprints = [store.sprints[s] for s in issue.sprint_ids if s in store.sprints]
            if not sprints:
                return None
            return (
                [self.sprint(s) for s in sprints]
                if self.cloud
                else [self._sprint_string(s) for s in sprints]
            )
        if fid == ids.epic_link:
            parent = store.issues.get(issue.parent_id) if issue.parent_id else None
            if parent is None or parent.issuetype_id != 10000:
                return None
            return parent.key
        if fid == ids.rank:
            return f"0|i{issue.rank:05d}:"
        raise KeyError(fid)

    def _component_ref(self, comp: Component) -> Json:
        return {
            "self": self.url(f"component/{comp.id}"),
            "id": str(comp.id),
            "name": comp.name,
            "description": comp.description,
        }

    @staticmethod
    def _sprint_string(sprint: Sprint) -> str:
        # DC's sprint field still renders the legacy toString form clients have to parse.
        return (
            f"com.atlassian.greenhopper.service.sprint.Sprint@{sprint.id:x}[id={sprint.id},"
            f"rapidViewId={sprint.board_id},state={sprint.state.upper()},name={sprint.name},"
            f"goal={sprint.goal},startDate={sprint.start_date or '<null>'},"
            f"endDate={sprint.end_date or '<null>'},completeDate={sprint.complete_date or '<null>'},"
            f"sequence={sprint.id}]"
        )

    def issue(self, issue: Issue, field_ids: list[str], expand: set[str] | None = None) -> Json:
        """An issue with the chosen fields (ids already resolved from the ``fields`` parameter)."""
        fields: Json = {}
        for fid in field_ids:
            try:
                fields[fid] = self.issue_field(issue, fid)
            except KeyError:
                continue
        out: Json = {
            "expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
            "id": str(issue.id),
            "self": self.url(f"issue/{issue.id}"),
            "key": issue.key,
            "fields": fields,
        }
        if expand:
            if "renderedFields" in expand:
                out["renderedFields"] = {
                    fid: self._rendered_field(issue, fid, fields[fid])
                    for fid in field_ids
                    if fid in fields
                }
            if "names" in expand:
                out["names"] = {f.id: f.name for f in self.store.fields if f.id in fields}
            if "schema" in expand:
                out["schema"] = {
                    f.id: dict(f.schema)
                    for f in self.store.fields
                    if f.id in fields and f.schema is not None
                }
            if "transitions" in expand:
                out["transitions"] = [
                    self.transition(issue, t) for t in self.store.transitions_for(issue)
                ]
            if "operations" in expand:
                out["operations"] = self.operations(issue)
            if "changelog" in expand:
                out["changelog"] = {"startAt": 0, "maxResults": 0, "total": 0, "histories": []}
        return out

    def _rendered_field(self, issue: Issue, fid: str, value: Any) -> Any:
        """A field as ``renderedFields`` shows it: HTML for text, dates as the UI writes them."""
        if fid in ("description", "environment"):
            return _render_html(issue.description) if fid == "description" else None
        if fid == "comment":
            page = self.comments_page(issue)
            for comment, rendered in zip(issue.comments, page["comments"], strict=True):
                rendered["body"] = _render_html(comment.body)
                rendered["created"] = _ui_datetime(comment.created)
                rendered["updated"] = _ui_datetime(comment.updated)
            return page
        if fid in ("created", "updated", "resolutiondate", "statuscategorychangedate"):
            return _ui_datetime(getattr(issue, _DATE_ATTRS[fid]))
        if fid == "duedate":
            return issue.due_date.strftime("%d/%b/%y") if issue.due_date else None
        if fid in ("timetracking", "attachment", "worklog"):
            return value
        return None

    def operations(self, issue: Issue) -> Json:
        """``expand=operations``: the web UI's operations bar for the issue, as DC nests it."""
        secure = f"{self.base}/secure"

        def link(lid: str, label: str, title: str, action: str, style: str = "") -> Json:
            return {
                "id": lid,
                "styleClass": style or f"issueaction-{lid}",
                "label": label,
                "title": title,
                "href": f"{secure}/{action}?id={issue.id}",
            }

        edit = link("edit-issue", "Edit", "Edit this issue", "EditIssue!default.jspa")
        edit["iconClass"] = "butt-edit"
        more = [
            [
                link(
                    "log-work",
                    "Log Work",
                    "Log work against this issue",
                    "CreateWorklog!default.jspa",
                )
            ],
            [
                link(
                    "attach-file",
                    "Attach Files",
                    "Attach one or more files to this issue",
                    "AttachFile!default.jspa",
                )
            ],
            [
                link(
                    "link-issue",
                    "Link",
                    "Link this issue to another issue or item",
                    "LinkJiraIssue!default.jspa",
                ),
                link(
                    "edit-labels", "Labels", "Edit this issue's labels", "EditLabels!default.jspa"
                ),
            ],
            [link("delete-issue", "Delete", "Delete this issue", "DeleteIssue!default.jspa")],
        ]
        transitions = [
            {
                "id": f"action_id_{t.id}",
                "styleClass": "issueaction-workflow-transition",
                "label": t.name,
                "href": f"{secure}/WorkflowUIDispatcher.jspa?id={issue.id}&action={t.id}",
            }
            for t in self.store.transitions_for(issue)
        ]
        header = {"id": "opsbar-operations_more", "label": "More Actions"}
        workflow = {"id": "opsbar-transitions_more", "label": "Workflow"}
        opsbar = [
            {"links": [edit], "groups": []},
            {
                "links": [
                    link(
                        "assign-issue",
                        "Assign",
                        "Assign this issue to someone",
                        "AssignIssue!default.jspa",
                    ),
                    link(
                        "comment-issue",
                        "Comment",
                        "Comment on this issue",
                        "AddComment!default.jspa",
                        "conjoined issueaction-comment-issue",
                    ),
                ],
                "groups": [
                    {
                        "header": header,
                        "links": [],
                        "groups": [{"links": links, "groups": []} for links in more],
                    },
                ],
            },
            {"links": transitions, "groups": [{"header": workflow, "links": [], "groups": []}]},
        ]
        views = {
            "header": {
                "iconClass": "icon-view",
                "label": "Views",
                "title": "View this issue in another format",
            },
            "links": [
                {
                    "label": label,
                    "href": f"{self.base}/si/jira.issueviews:{view}/{issue.key}/{issue.key}.{ext}",
                }
                for label, view, ext in (
                    ("XML", "issue-xml", "xml"),
                    ("Word", "issue-word", "doc"),
                    ("Printable", "issue-html", "html"),
                )
            ],
            "groups": [],
        }
        return {
            "linkGroups": [
                {"id": "view.issue.opsbar", "links": [], "groups": opsbar},
                {"id": "jira.issue.tools", "links": [], "groups": [views]},
            ]
        }


_DATE_ATTRS = {
    "created": "created",
    "updated": "updated",
    "resolutiondate": "resolution_date",
    "statuscategorychangedate": "status_category_changed",
}


def _ui_datetime(value: datetime | None) -> str | None:
    # renderedFields writes dates as the web UI does ("dd/MMM/yy h:mm a"): "30/Aug/10 9:49 AM"
    if value is None:
        return None
    return f"{value:%d/%b/%y} {value.hour % 12 or 12}:{value:%M %p}"


def _render_html(wiki: str) -> str | None:
    # renderedFields is HTML in real Jira; the sandbox escapes the text and keeps paragraphs.
    if not wiki:
        return None
    return "".join(f"<p>{html.escape(p)}</p>" for p in wiki.split("\n\n"))


# Fields that real issues carry beyond the ones ``/field`` lists in the sandbox.
EXTRA_NAVIGABLE = (
    "lastViewed",
    "watches",
    "votes",
    "workratio",
    "issuelinks",
    "timespent",
    "timeestimate",
    "timeoriginalestimate",
    "aggregatetimespent",
    "aggregatetimeestimate",
    "aggregatetimeoriginalestimate",
    "progress",
    "aggregateprogress",
    "environment",
    "security",
)


# Fields that only ``*all`` (the default of GET issue) adds: they are not navigable.
ALL_ONLY = ("timetracking", "attachment", "worklog")
CLOUD_ALL_ONLY = ("issuerestriction",)


def select_fields(store: Store, param: str | list[str] | None, default: str) -> list[str]:
    """Resolve a ``fields`` parameter (``*all``, ``*navigable``, ``-x``, ids or names) to ids."""
    if param is None:
        tokens = [default]
    elif isinstance(param, str):
        tokens = [t.strip() for t in param.split(",") if t.strip()]
    else:
        tokens = [t.strip() for item in param for t in str(item).split(",") if t.strip()]
    chosen: list[str] = []
    removed: set[str] = set()

    def add(fid: str) -> None:
        if fid not in chosen:
            chosen.append(fid)

    navigable = [f.id for f in store.fields if f.navigable and f.id not in ("comment", "issuekey")]
    for item in tokens:
        if item.startswith("-"):
            removed.add(item[1:])
        elif item == "*all":
            extra = CLOUD_ALL_ONLY if store.flavour is Flavour.CLOUD else ()
            for fid in [*navigable, "comment", *EXTRA_NAVIGABLE, *ALL_ONLY, *extra]:
                add(fid)
        elif item == "*navigable":
            for fid in [*navigable, *EXTRA_NAVIGABLE]:
                add(fid)
        elif item in ("id", "key", "issuekey"):
            continue
        else:
            fdef = store.field_by_id(item) or store.field_by_clause(item)
            add(fdef.id if fdef else item)
    return [f for f in chosen if f not in removed]
