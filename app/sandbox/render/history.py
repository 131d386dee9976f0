"""Issue history and links: ``expand=changelog``, the paged changelog, ``issuelinks``, ``subtasks``.

Shapes follow the recordings in ``samples/``: a history is ``{id, author, created, items}``;
an item ``{field, fieldtype, [fieldId on Cloud,] from, fromString, to, toString}``. Data Center
lists ``expand=changelog`` oldest first, whole; Cloud lists it newest first and at most the
latest 100 (``total`` still counts all), and pages the rest through ``/issue/{key}/changelog``
(oldest first). An ``issuelinks`` entry names the other issue as ``outwardIssue`` when the issue
shown is the link's outward side ("blocks"), as ``inwardIssue`` otherwise ("is blocked by").
"""

from __future__ import annotations

from app.sandbox.model import ChangeGroup, ChangeItem, Issue, IssueLink, IssueLinkType
from app.sandbox.render.formats import Json, jira_datetime
from app.sandbox.render.reference import ReferenceJson

__all__ = ["CLOUD_EXPANDED_HISTORIES", "HistoryJson"]

CLOUD_EXPANDED_HISTORIES = 100


class HistoryJson(ReferenceJson):
    """Changelogs and links of issues."""

    __slots__ = ()

    def change_item(self, item: ChangeItem) -> Json:
        """One changed field of a history entry."""
        out: Json = {"field": item.field, "fieldtype": item.field_type}
        if self.cloud and item.field_id:
            out["fieldId"] = item.field_id
        out["from"] = item.from_value
        out["fromString"] = item.from_string
        out["to"] = item.to_value
        out["toString"] = item.to_string
        return out

    def history(self, group: ChangeGroup) -> Json:
        """One entry of an issue's changelog."""
        out: Json = {"id": str(group.id)}
        author = self.user_by_key(group.author_key)
        if author is not None:  # automation and anonymous changes carry no author
            out["author"] = author
        out["created"] = jira_datetime(group.created)
        out["items"] = [self.change_item(i) for i in group.items]
        return out

    def changelog(self, issue: Issue) -> Json:
        """The ``changelog`` of ``expand=changelog``."""
        groups = self.store.history_of(issue)
        # Cloud: the newest 100, newest first (as recorded); Data Center: all, oldest first
        newest = list(reversed(groups))[:CLOUD_EXPANDED_HISTORIES]
        chosen = newest if self.cloud else list(groups)
        return {
            "startAt": 0,
            "maxResults": len(chosen),
            "total": len(groups),
            "histories": [self.history(g) for g in chosen],
        }

    def changelog_page(self, issue: Issue, start: int, limit: int) -> Json:
        """A page of Cloud's ``/issue/{key}/changelog``, oldest first."""
        groups = self.store.history_of(issue)
        chosen = groups[start : start + limit]
        return {
            "self": self.url(f"issue/{issue.key}/changelog?maxResults={limit}&startAt={start}"),
            "maxResults": limit,
            "startAt": start,
            "total": len(groups),
            "isLast": start + len(chosen) >= len(groups),
            "values": [self.history(g) for g in chosen],
        }

    def link_type(self, kind: IssueLinkType) -> Json:
        """An issue link type."""
        return {
            "id": str(kind.id),
            "name": kind.name,
            "inward": kind.inward,
            "outward": kind.outward,
            "self": self.url(f"issueLinkType/{kind.id}"),
        }

    def linked_issue(self, other: Issue) -> Json:
        """Another issue as links, parents and sub-tasks name it: key, summary, status, type."""
        store = self.store
        return {
            "id": str(other.id),
            "key": other.key,
            "self": self.url(f"issue/{other.id}"),
            "fields": {
                "summary": other.summary,
                "status": self.status(store.statuses[other.status_id]),
                "priority": self.priority_ref(store.priorities[other.priority_id]),
                "issuetype": self.issue_type(store.issue_types[other.issuetype_id]),
            },
        }

    def issue_link(self, issue: Issue, link: IssueLink) -> Json:
        """An entry of ``issue``'s ``issuelinks``, seen from ``issue``."""
        out: Json = {
            "id": str(link.id),
            "self": self.url(f"issueLink/{link.id}"),
            "type": self.link_type(self.store.link_types[link.type_id]),
        }
        if link.outward_id == issue.id:
            out["outwardIssue"] = self.linked_issue(self.store.issues[link.inward_id])
        else:
            out["inwardIssue"] = self.linked_issue(self.store.issues[link.outward_id])
        return out

    def issue_links(self, issue: Issue) -> list[Json]:
        """The ``issuelinks`` field."""
        return [self.issue_link(issue, link) for link in self.store.links_of(issue)]

    def subtasks(self, issue: Issue) -> list[Json]:
        """The ``subtasks`` field: children of a sub-task type (an epic's stories are not)."""
        types = self.store.issue_types
        return [
            self.linked_issue(child)
            for child in self.store.children(issue)
            if types[child.issuetype_id].subtask
        ]
