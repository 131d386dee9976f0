"""Projects and their parts: categories, components, versions, roles, permission scheme."""

from __future__ import annotations

from datetime import datetime

from app.sandbox.model import (
    Actor,
    Component,
    PermissionScheme,
    Project,
    ProjectCategory,
    ProjectRole,
    Version,
)
from app.sandbox.render.formats import Json, jira_date, jira_datetime
from app.sandbox.render.reference import ReferenceJson

__all__ = ["ProjectJson"]


class ProjectJson(ReferenceJson):
    """Projects and what hangs off them."""

    __slots__ = ()

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
