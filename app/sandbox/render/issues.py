"""Issues: each field as Jira renders it, expansions, comments, transitions and sprints.

Rich text (descriptions, comment bodies) is wiki markup on v2 and ADF on v3; ``renderedFields``
and a comment's ``renderedBody`` hold Jira's HTML rendering of it on both (``render.wiki_html``).
"""

from __future__ import annotations

from typing import Any

from app.sandbox.boards import lexorank
from app.sandbox.model import Comment, Component, Issue, Sprint, Transition
from app.sandbox.render.formats import Json, jira_date, jira_datetime, ui_datetime
from app.sandbox.render.history import HistoryJson
from app.sandbox.render.operations import OperationsJson
from app.sandbox.render.projects import ProjectJson

__all__ = ["IssueJson"]

_DATE_ATTRS = {
    "created": "created",
    "updated": "updated",
    "resolutiondate": "resolution_date",
    "statuscategorychangedate": "status_category_changed",
}


class IssueJson(ProjectJson, OperationsJson, HistoryJson):
    """Issues, their fields, comments, transitions and sprints."""

    __slots__ = ()

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

    def comment(self, issue: Issue, comment: Comment, *, rendered_body: bool = False) -> Json:
        """A comment (with its HTML as ``renderedBody`` when asked)."""
        out: Json = {
            "self": self.url(f"issue/{issue.id}/comment/{comment.id}"),
            "id": str(comment.id),
            "author": self.user_by_key(comment.author_key),
            "body": self.text(comment.body) if self.v3 else comment.body,
            "updateAuthor": self.user_by_key(comment.update_author_key or comment.author_key),
            "created": jira_datetime(comment.created),
            "updated": jira_datetime(comment.updated),
        }
        if rendered_body:
            out["renderedBody"] = self.html(comment.body) or ""
        if self.cloud:
            out["jsdPublic"] = True
        return out

    def comments_page(
        self, issue: Issue, start: int = 0, limit: int = 5000, *, rendered_body: bool = False
    ) -> Json:
        """The comment field / ``/comment`` page."""
        chosen = issue.comments[start : start + limit]
        return {
            "comments": [self.comment(issue, c, rendered_body=rendered_body) for c in chosen],
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
                return self.subtasks(issue)
            case "issuelinks":
                return self.issue_links(issue)
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
                return self.linked_issue(parent) if parent else None
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
            return lexorank(issue.rank)
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
                out["changelog"] = self.changelog(issue)
        return out

    def _rendered_field(self, issue: Issue, fid: str, value: Any) -> Any:
        """A field as ``renderedFields`` shows it: HTML for text, dates as the UI writes them."""
        if fid in ("description", "environment"):
            return self.html(issue.description) if fid == "description" else None
        if fid == "comment":
            page = self.comments_page(issue)
            for comment, rendered in zip(issue.comments, page["comments"], strict=True):
                rendered["body"] = self.html(comment.body)
                rendered["created"] = ui_datetime(comment.created)
                rendered["updated"] = ui_datetime(comment.updated)
            return page
        if fid in ("created", "updated", "resolutiondate", "statuscategorychangedate"):
            return ui_datetime(getattr(issue, _DATE_ATTRS[fid]))
        if fid == "duedate":
            return issue.due_date.strftime("%d/%b/%y") if issue.due_date else None
        if fid in ("timetracking", "attachment", "worklog"):
            return value
        return None
