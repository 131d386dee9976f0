"""Reference data: statuses and their categories, priorities, resolutions, issue types, fields."""

from __future__ import annotations

from app.sandbox.model import FieldDef, IssueType, Priority, Resolution, Status, StatusCategory
from app.sandbox.render.formats import Json
from app.sandbox.render.users import UserJson

__all__ = ["ReferenceJson"]


class ReferenceJson(UserJson):
    """The site's reference data."""

    __slots__ = ()

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
