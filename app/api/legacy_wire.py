"""Jira 4.3's REST 2.0.alpha1 shapes, mapped onto the shapes the rest of Jade reads (sans-I/O).

An alpha1 issue wraps every field as ``{"name", "type", "value"}`` and names some of them its own
way (``sub-tasks``, ``links``, ``watcher``); ``issue_fields`` unwraps them into the values API v2
sends for the same fields (``summary`` a string, ``status`` an object with ``name``, ``comment``
a ``{"comments": [...]}`` block, ``subtasks``, ``issuelinks``, ``watches``), so the tables, the
detail and the CSV export read a 4.3 issue as they read any other. Dates keep the brief's strings
(``2011-03-16T09:56:31.419+1100``, Jira's usual form); a number is read as epoch milliseconds.

Transitions come as a map: ``{"Close Issue": [fields]}`` (the documented form, keyed by name) or
``{"2": {"name": "Close Issue", "fields": [...]}}`` (keyed by id); both are read. Their fields say
only id, required and Java type: no allowed values, so a screen field is typed in by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app.domain.issue import IssueRow
from app.domain.issue_actions import Transition, TransitionField
from app.domain.issue_links import IssueLink, IssueRelations, LinkedIssue
from app.domain.project import Component, Project, ProjectDetail, Version
from app.domain.site import UserRef

__all__ = [
    "LEGACY_DATE_FIELDS",
    "comment_block",
    "issue_fields",
    "issue_relations",
    "issue_row",
    "jira_time",
    "rendered",
    "self_id",
    "to_component",
    "to_project",
    "to_project_detail",
    "to_transitions",
    "to_user",
    "to_version",
]

LEGACY_DATE_FIELDS = frozenset({"created", "updated", "duedate", "resolutiondate"})

# alpha1's own field names -> API v2's
_RENAMED = {"sub-tasks": "subtasks", "links": "issuelinks", "watcher": "watches"}

# the Java types of transition fields, as a person names them
_TYPE_NAMES = {
    "com.atlassian.jira.issue.resolution.Resolution": "Resolution",
    "com.atlassian.jira.issue.priority.Priority": "Priority",
    "com.opensymphony.user.User": "User name",
}


def self_id(url: object) -> str:
    """The id at the end of a ``self`` URL (``…/comment/10000`` → ``10000``; ``?username=fred``)."""
    if not isinstance(url, str) or not url:
        return ""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if "username" in query:
        return query["username"][0]
    return parts.path.rstrip("/").rsplit("/", 1)[-1]


def jira_time(value: object) -> str | None:
    """A date as Jira's usual string: strings as sent, epoch milliseconds converted."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        moment = datetime.fromtimestamp(value / 1000, tz=UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"
    return str(value)


def _user(value: object) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    name = str(value.get("name") or self_id(value.get("self")))
    return {
        "name": name,
        "key": name,
        "displayName": str(value.get("displayName") or name),
        "emailAddress": str(value.get("emailAddress") or ""),
        "self": value.get("self", ""),
    }


def _named(value: object) -> object:
    # status, priority, issue type, resolution, project, version, component: keep them, with an id
    if not isinstance(value, dict):
        return value
    out = dict(value)
    if "id" not in out and value.get("self"):
        out["id"] = self_id(value.get("self"))
    return out


def _comment(value: object) -> object:
    if not isinstance(value, dict):
        return value
    out = dict(value)
    out["id"] = str(value.get("id") or self_id(value.get("self")))
    for role in ("author", "updateAuthor"):
        if role in value:
            out[role] = _user(value[role])
    for stamp in ("created", "updated", "started"):
        if stamp in value:
            out[stamp] = jira_time(value[stamp])
    return out


def comment_block(value: object) -> dict[str, Any]:
    """alpha1's list of comments as API v2's ``comment`` field."""
    comments = [_comment(c) for c in value] if isinstance(value, list) else []
    return {"comments": comments, "startAt": 0, "maxResults": len(comments), "total": len(comments)}


def _links(value: object) -> list[dict[str, Any]]:
    out = []
    for link in value if isinstance(value, list) else ():
        if not isinstance(link, dict):
            continue
        found = link.get("type")
        kind: dict[str, Any] = found if isinstance(found, dict) else {}
        words = str(kind.get("description") or kind.get("name") or "")
        other = {"key": str(link.get("issueKey", "")), "self": link.get("issue", "")}
        entry: dict[str, Any] = {"type": {"name": str(kind.get("name", ""))}}
        if str(kind.get("direction", "")).upper() == "INBOUND":
            entry["type"]["inward"] = words
            entry["inwardIssue"] = other
        else:
            entry["type"]["outward"] = words
            entry["outwardIssue"] = other
        out.append(entry)
    return out


def _field(name: str, value: object) -> object:
    """One unwrapped value in API v2's shape."""
    if name in LEGACY_DATE_FIELDS:
        return jira_time(value)
    if name in ("assignee", "reporter"):
        return _user(value)
    if name == "comment":
        return comment_block(value)
    if name == "worklog":
        logs = [_comment(w) for w in value] if isinstance(value, list) else []
        return {"worklogs": logs, "total": len(logs)}
    if name == "sub-tasks":
        return [
            {"key": str(s.get("issueKey", "")), "self": s.get("issue", "")}
            for s in (value if isinstance(value, list) else ())
            if isinstance(s, dict)
        ]
    if name == "links":
        return _links(value)
    if name == "watcher" and isinstance(value, dict):
        watchers = [_user(w) for w in value.get("watchers", ()) if isinstance(w, dict)]
        return {
            "self": value.get("self", ""),
            "watchCount": int(value.get("watchCount", len(watchers)) or 0),
            "isWatching": bool(value.get("isWatching", False)),
            "watchers": watchers,
        }
    if isinstance(value, list):
        return [_named(v) for v in value]
    return _named(value)


def issue_fields(raw: Mapping[str, Any]) -> dict[str, Any]:
    """An alpha1 issue's ``fields`` unwrapped and renamed as API v2 has them."""
    out: dict[str, Any] = {}
    for name, wrapped in raw.items():
        # every field is {"name", "type", "value"}; a bare value is read as it is
        value = (
            wrapped.get("value") if isinstance(wrapped, dict) and "value" in wrapped else wrapped
        )
        out[_RENAMED.get(name, name)] = _field(name, value)
    return out


def issue_row(found: Mapping[str, Any], key: str = "") -> IssueRow:
    """An ``IssueRow`` from ``GET issue/{key}`` (alpha1 sends no id: the key stands in)."""
    fields = found.get("fields")
    unwrapped = issue_fields(fields) if isinstance(fields, dict) else {}
    issue_key = str(found.get("key") or key)
    return IssueRow(str(found.get("id") or issue_key), issue_key, unwrapped)


def issue_relations(fields: Mapping[str, Any]) -> IssueRelations:
    """Sub-tasks and links of an unwrapped issue (alpha1 names only the other issue's key)."""
    links = []
    for link in fields.get("issuelinks") or ():
        kind = link["type"]
        if "outwardIssue" in link:
            links.append(
                IssueLink(
                    kind.get("outward") or kind["name"],
                    LinkedIssue(link["outwardIssue"]["key"], "", ""),
                    kind["name"],
                )
            )
        else:
            links.append(
                IssueLink(
                    kind.get("inward") or kind["name"],
                    LinkedIssue(link["inwardIssue"]["key"], "", ""),
                    kind["name"],
                )
            )
    subtasks = tuple(LinkedIssue(s["key"], "", "") for s in fields.get("subtasks") or ())
    return IssueRelations(parent=None, subtasks=subtasks, links=tuple(links))


def rendered(
    found: Mapping[str, Any], fields: Mapping[str, Any]
) -> tuple[str | None, dict[str, str]]:
    """``expand=html``'s rendering: the description's HTML, and each comment's by comment id.

    alpha1 lists the comments' HTML in the comments' order; without ``html`` nothing is rendered.
    """
    html = found.get("html")
    if not isinstance(html, dict):
        return None, {}
    description = html.get("description")
    comments = fields.get("comment", {}).get("comments", [])
    listed = html.get("comment")
    bodies: list[Any] = listed if isinstance(listed, list) else []
    by_id = {
        str(c.get("id")): str(body)
        for c, body in zip(comments, bodies, strict=False)
        if isinstance(c, dict) and isinstance(body, str)
    }
    return (description if isinstance(description, str) else None), by_id


# ----- transitions ---------------------------------------------------------------------------------


def _transition_field(raw: object) -> TransitionField | None:
    if not isinstance(raw, dict) or not raw.get("id"):
        return None
    ident = str(raw["id"])
    kind = _TYPE_NAMES.get(str(raw.get("type", "")), "")
    name = ident[:1].upper() + ident[1:]
    return TransitionField(
        id=ident,
        name=kind if kind and kind != "User name" else name,
        required=bool(raw.get("required")),
    )


def to_transitions(found: Mapping[str, Any]) -> list[Transition]:
    """The transitions map, either keyed by name (the brief) or by id (``{"name", "fields"}``)."""
    out = []
    for key, entry in found.items():
        if isinstance(entry, dict):
            ident, name = str(key), str(entry.get("name") or key)
            raw_fields = entry.get("fields") or []
        else:
            # keyed by name: the name is all there is to send back as the transition
            ident, name, raw_fields = str(key), str(key), entry
        fields = tuple(
            f
            for raw in (raw_fields if isinstance(raw_fields, list) else ())
            if (f := _transition_field(raw))
        )
        out.append(Transition(ident, name, "", fields))
    return out


# ----- projects -------------------------------------------------------------------------------------


def to_user(found: Mapping[str, Any]) -> UserRef:
    """A ``UserRef`` (the username is the id on 4.3)."""
    name = str(found.get("name") or self_id(found.get("self")))
    return UserRef(
        name, str(found.get("displayName") or name), str(found.get("emailAddress") or "")
    )


def to_project(found: Mapping[str, Any]) -> Project:
    """A ``Project`` from the list or the project (alpha1 sends no id or type)."""
    lead = found.get("lead")
    key = str(found.get("key", ""))
    return Project(
        id=str(found.get("id") or key),
        key=key,
        name=str(found.get("name", "")),
        project_type="",
        lead=to_user(lead) if isinstance(lead, dict) else None,
        description=str(found.get("description") or ""),
        url=str(found.get("url") or ""),
    )


def to_component(found: Mapping[str, Any]) -> Component:
    """A ``Component``; its id is the end of its ``self`` URL."""
    lead = found.get("lead")
    return Component(
        id=str(found.get("id") or self_id(found.get("self"))),
        name=str(found.get("name", "")),
        description=str(found.get("description") or ""),
        lead=to_user(lead) if isinstance(lead, dict) else None,
    )


def to_version(found: Mapping[str, Any]) -> Version:
    """A ``Version``; ``releaseDate`` is a full timestamp on 4.3, read as its day."""
    released_on = None
    text = found.get("releaseDate")
    if text:
        stamp = jira_time(text)
        try:
            released_on = datetime.fromisoformat(stamp).date() if stamp else None
        except ValueError:
            released_on = None
    return Version(
        id=str(found.get("id") or self_id(found.get("self"))),
        name=str(found.get("name", "")),
        description=str(found.get("description") or ""),
        release_date=released_on,
        released=bool(found.get("released", False)),
        archived=bool(found.get("archived", False)),
    )


def to_project_detail(found: Mapping[str, Any]) -> ProjectDetail:
    """A ``ProjectDetail``: the project with its components and versions (no roles or scheme)."""
    return ProjectDetail(
        project=to_project(found),
        components=tuple(
            to_component(c) for c in found.get("components") or () if isinstance(c, dict)
        ),
        versions=tuple(to_version(v) for v in found.get("versions") or () if isinstance(v, dict)),
    )
