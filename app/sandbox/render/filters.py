"""Saved filters and their share permissions."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from app.sandbox.model import Filter, FilterShare, User
from app.sandbox.render.formats import Json
from app.sandbox.render.users import UserJson

__all__ = ["FilterJson"]


class FilterJson(UserJson):
    """Filters as ``/filter/{id}``, ``/filter/my`` and ``/filter/favourite`` answer."""

    __slots__ = ()

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
