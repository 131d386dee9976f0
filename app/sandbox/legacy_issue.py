"""An issue as Jira 4.3's REST 2.0.alpha1 writes it: every field a ``{"name", "type", "value"}``.

The brief's example shows ``sub-tasks``, ``timetracking``, ``project``, ``updated``,
``description``, ``links``, ``attachment``, ``watcher``, ``comment`` and ``worklog`` with the
types written here; the other system fields carry the Java type Jira 4.3 names for them. A
field keeps its key even when empty (``value`` null or ``[]``); a custom field appears only
with a value. ``expand=html`` adds ``html``: the description and the comments rendered.
"""

from __future__ import annotations

from typing import Any

from app.sandbox.legacy_render import DATE_TYPE, STRING_TYPE, USER_TYPE, LegacyJson
from app.sandbox.model import Issue
from app.sandbox.render import jira_datetime

__all__ = ["issue_json"]

Json = dict[str, Any]
STORY_POINTS_TYPE = "com.atlassian.jira.plugin.system.customfieldtypes:float"


def _field(name: str, type_: str, value: Any) -> Json:
    return {"name": name, "type": type_, "value": value}


def _links(r: LegacyJson, issue: Issue) -> list[Json]:
    store = r.store
    out: list[Json] = []
    for link in store.links_of(issue):
        ltype = store.link_types.get(link.type_id)
        outward = link.outward_id == issue.id
        other = store.issues.get(link.inward_id if outward else link.outward_id)
        if ltype is None or other is None:
            continue
        out.append(
            {
                "issueKey": other.key,
                "issue": r.url(f"issue/{other.key}"),
                "type": {
                    "name": ltype.name,
                    "direction": "OUTBOUND" if outward else "INBOUND",
                    "description": ltype.outward if outward else ltype.inward,
                },
            }
        )
    return out


def _subtasks(r: LegacyJson, issue: Issue) -> list[Json]:
    store = r.store
    return [
        {
            "issueKey": child.key,
            "issue": r.url(f"issue/{child.key}"),
            "type": {"name": "Sub-task", "direction": "OUTBOUND"},
        }
        for child in store.children(issue)
        if store.issue_types[child.issuetype_id].subtask
    ]


def issue_json(r: LegacyJson, issue: Issue, expand: set[str]) -> Json:
    """``issue/{key}`` for the caller ``r.viewer``."""
    store = r.store
    extras = r.legacy.extras(issue)
    project = store.projects[issue.project_id]
    itype = store.issue_types[issue.issuetype_id]
    resolution = store.resolutions.get(issue.resolution_id) if issue.resolution_id else None
    components = [store.components[c] for c in issue.component_ids if c in store.components]
    fix = [store.versions[v] for v in issue.fix_version_ids if v in store.versions]
    affects = [store.versions[v] for v in issue.affects_version_ids if v in store.versions]
    comments = r.visible_comments(issue)
    fields: Json = {
        "summary": _field("summary", STRING_TYPE, issue.summary),
        "timetracking": _field(
            "timetracking",
            "timetracking",
            {
                "timeoriginalestimate": extras.original_estimate,
                "timeestimate": extras.remaining_estimate,
                "timespent": extras.time_spent or None,
            },
        ),
        "issuetype": _field(
            "issuetype", "com.atlassian.jira.issue.issuetype.IssueType", r.issue_type(itype)
        ),
        "votes": _field(
            "votes",
            "com.atlassian.jira.issue.fields.VotesSystemField",
            r.votes(issue, voters=False),
        ),
        "fixVersions": _field(
            "fixVersions", "com.atlassian.jira.project.version.Version", [r.version(v) for v in fix]
        ),
        "resolution": _field(
            "resolution",
            "com.atlassian.jira.issue.resolution.Resolution",
            r.resolution(resolution) if resolution else None,
        ),
        "resolutiondate": _field("resolutiondate", DATE_TYPE, jira_datetime(issue.resolution_date)),
        "reporter": _field("reporter", USER_TYPE, r.user_by_key(issue.reporter_key)),
        "created": _field("created", DATE_TYPE, jira_datetime(issue.created)),
        "updated": _field("updated", DATE_TYPE, jira_datetime(issue.updated)),
        "description": _field("description", STRING_TYPE, issue.description or None),
        "priority": _field(
            "priority",
            "com.atlassian.jira.issue.priority.Priority",
            r.priority(store.priorities[issue.priority_id]),
        ),
        "duedate": _field(
            "duedate", DATE_TYPE, issue.due_date.isoformat() if issue.due_date else None
        ),
        "sub-tasks": _field("sub-tasks", "issuelinks", _subtasks(r, issue)),
        "status": _field(
            "status",
            "com.atlassian.jira.issue.status.Status",
            r.status(store.statuses[issue.status_id]),
        ),
        "labels": _field("labels", "com.atlassian.jira.issue.label.Label", list(issue.labels)),
        "assignee": _field("assignee", USER_TYPE, r.user_by_key(issue.assignee_key)),
        "attachment": _field(
            "attachment", "attachment", [r.attachment(a) for a in extras.attachments]
        ),
        "versions": _field(
            "versions",
            "com.atlassian.jira.project.version.Version",
            [r.version(v) for v in affects],
        ),
        "project": _field("project", "com.atlassian.jira.project.Project", r.project_ref(project)),
        "components": _field(
            "components",
            "com.atlassian.jira.bc.project.component.ProjectComponent",
            [r.component(c) for c in components],
        ),
        "links": _field("links", "issuelinks", _links(r, issue)),
        "watcher": _field("watcher", "watcher", r.watchers(issue)),
        "comment": _field("comment", STRING_TYPE, [r.comment(c) for c in comments]),
        "worklog": _field("worklog", "worklog", [r.worklog(w) for w in r.visible_worklogs(issue)]),
    }
    parent = store.issues.get(issue.parent_id) if issue.parent_id is not None else None
    if parent is not None and itype.subtask:
        fields["parent"] = _field(
            "parent",
            "issuelinks",
            {
                "issueKey": parent.key,
                "issue": r.url(f"issue/{parent.key}"),
                "type": {"name": "Sub-task", "direction": "INBOUND"},
            },
        )
    if issue.story_points is not None:
        points = store.field_ids.story_points
        fields[points] = _field("Story Points", STORY_POINTS_TYPE, issue.story_points)
    out: Json = {
        "expand": "html",
        "self": r.url(f"issue/{issue.key}"),
        "key": issue.key,
        "fields": fields,
    }
    if "html" in expand:
        out["html"] = {
            "description": r.html(issue.description) if issue.description else None,
            "comment": [r.html(c.body) or "" for c in comments],
        }
    return out
