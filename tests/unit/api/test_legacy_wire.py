"""Jira 4.3's alpha1 shapes mapped onto Jade's records, on the brief's own example JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.api import legacy_wire as lw
from app.domain.issue_history import jira_timestamp

BRIEF = "brief/jira-4.3-rest-api-2.0.alpha1.txt"


def brief_example(shared_dir: Path, resource: str, nth: int = 0) -> Any:
    """The ``nth`` JSON example under the brief's heading ``resource`` (e.g. ``/api/2.0.alpha1/issue/{issueKey}``)."""
    lines = (shared_dir / BRIEF).read_text(encoding="utf-8").splitlines()
    start = lines.index(resource)
    seen = 0
    for n in range(start + 1, len(lines)):
        if lines[n].startswith("/") and lines[n] != resource:
            break
        if lines[n].strip() == "Example":
            body = next(line for line in lines[n + 1 :] if line.strip())
            if seen == nth:
                return json.loads(body)
            seen += 1
    raise AssertionError(f"no example {nth} under {resource}")


@pytest.fixture
def issue(shared_dir: Path) -> dict[str, Any]:
    found: dict[str, Any] = brief_example(shared_dir, "/api/2.0.alpha1/issue/{issueKey}")
    return found


def test_the_brief_issue_unwraps_into_api_v2_shapes(issue: dict[str, Any]) -> None:
    row = lw.issue_row(issue)
    fields = row.fields
    assert row.key == "EX-1" and row.id == "EX-1"  # alpha1 sends no id
    assert fields["description"] == "example bug report"
    assert fields["project"]["key"] == "EX" and fields["project"]["id"] == "EX"
    comments = fields["comment"]["comments"]
    assert fields["comment"]["total"] == 1
    assert comments[0]["id"] == "10000"
    assert comments[0]["author"]["displayName"] == "Fred F. User"
    assert comments[0]["author"]["name"] == "fred"
    assert jira_timestamp(comments[0]["created"]) is not None  # the brief's date string
    assert fields["watches"] == {
        "self": "http://www.example.com/jira/rest/api/2.0/issue/EX-1/watchers",
        "watchCount": 1,
        "isWatching": False,
        "watchers": [
            {
                "name": "fred",
                "key": "fred",
                "displayName": "Fred F. User",
                "emailAddress": "",
                "self": "http://www.example.com/jira/rest/api/2.0/user?username=fred",
            }
        ],
    }
    assert fields["subtasks"] == [
        {"key": "EX-2", "self": "http://example.com:8080/jira/rest/api/2.0/issue/EX-2"}
    ]
    assert fields["worklog"]["worklogs"][0]["minutesSpent"] == 180
    assert fields["attachment"][0]["filename"] == "picture.jpg"
    # the brief's "updated" is the number 1: read as epoch milliseconds
    assert fields["updated"] == "1970-01-01T00:00:00.001+0000"
    assert jira_timestamp(fields["updated"]) is not None
    assert "sub-tasks" not in fields and "links" not in fields and "watcher" not in fields


def test_the_brief_issue_links_read_both_ways(issue: dict[str, Any]) -> None:
    relations = lw.issue_relations(lw.issue_row(issue).fields)
    assert [(link.relation, link.issue.key, link.link_type) for link in relations.links] == [
        ("depends on", "PRJ-2", "Dependent"),
        ("is depended by", "PRJ-3", "Dependent"),
    ]
    assert [s.key for s in relations.subtasks] == ["EX-2"]


def test_fields_as_4_3_writes_them() -> None:
    raw = {
        "summary": {"name": "summary", "type": "java.lang.String", "value": "Old bug"},
        "status": {
            "name": "status",
            "type": "com.atlassian.jira.issue.status.Status",
            "value": {
                "self": "http://old.test/rest/api/2.0.alpha1/status/3",
                "name": "In Progress",
            },
        },
        "assignee": {
            "name": "assignee",
            "type": "com.opensymphony.user.User",
            "value": {
                "self": "http://old.test/rest/api/2.0.alpha1/user?username=pat",
                "name": "pat",
            },
        },
        "created": {
            "name": "created",
            "type": "java.util.Date",
            "value": "2011-03-16T09:56:31.419+1100",
        },
        "labels": {
            "name": "labels",
            "type": "com.atlassian.jira.issue.label.Label",
            "value": ["a"],
        },
        "customfield_10000": {"name": "Story Points", "type": "number", "value": 3.0},
    }
    fields = lw.issue_fields(raw)
    assert fields["summary"] == "Old bug"
    assert fields["status"] == {
        "self": "http://old.test/rest/api/2.0.alpha1/status/3",
        "name": "In Progress",
        "id": "3",
    }
    assert fields["assignee"]["name"] == "pat" and fields["assignee"]["displayName"] == "pat"
    assert fields["created"] == "2011-03-16T09:56:31.419+1100"
    assert fields["labels"] == ["a"]
    assert fields["customfield_10000"] == 3.0


def test_the_brief_transitions_map_keyed_by_name(shared_dir: Path) -> None:
    found = brief_example(shared_dir, "/api/2.0.alpha1/issue/{issueKey}/transitions")
    transitions = lw.to_transitions(found)
    assert [(t.id, t.name) for t in transitions] == [
        ("Close Issue", "Close Issue"),
        ("Send To QA", "Send To QA"),
    ]
    close, qa = transitions
    assert [(f.id, f.name, f.required, f.allowed) for f in close.fields] == [
        ("resolution", "Resolution", True, ())
    ]
    assert [(f.id, f.name, f.required) for f in qa.fields] == [
        ("priority", "Priority", False),
        ("assignee", "Assignee", True),
    ]


def test_transitions_keyed_by_id() -> None:
    found = {
        "2": {
            "name": "Close Issue",
            "fields": [
                {
                    "id": "resolution",
                    "required": True,
                    "type": "com.atlassian.jira.issue.resolution.Resolution",
                }
            ],
        }
    }
    [close] = lw.to_transitions(found)
    assert (close.id, close.name, close.required_fields[0].id) == ("2", "Close Issue", "resolution")


def test_the_brief_project_with_components_and_versions(shared_dir: Path) -> None:
    found = brief_example(shared_dir, "/api/2.0.alpha1/project/{key}")
    detail = lw.to_project_detail(found)
    project = detail.project
    assert (project.key, project.name, project.url) == (
        "EX",
        "Example",
        "http://www.example.com/jira/browse/EX",
    )
    assert project.lead is not None and project.lead.id == "fred"
    assert project.description == "This project was created as an example for REST."
    assert [(c.id, c.name, c.description) for c in detail.components] == [
        ("COM-1", "Component 1", "This is a JIRA component")
    ]
    assert detail.versions == ()
    listed = brief_example(shared_dir, "/api/2.0.alpha1/project")
    assert [(p.key, p.name) for p in map(lw.to_project, listed)] == [
        ("EX", "Example"),
        ("ABC", "Alphabetical"),
    ]


def test_the_brief_version_release_date_is_its_day(shared_dir: Path) -> None:
    found = brief_example(shared_dir, "/api/2.0.alpha1/version/{id}")
    version = lw.to_version(found)
    assert (version.id, version.name, version.released, version.archived) == (
        "10000",
        "New Version 1",
        True,
        False,
    )
    assert version.release_date == date(2010, 7, 6)


def test_self_ids() -> None:
    assert lw.self_id("http://x.test/rest/api/2.0.alpha1/comment/10000") == "10000"
    assert lw.self_id("http://x.test/rest/api/2.0.alpha1/user?username=fr%20ed") == "fr ed"
    assert lw.self_id(None) == ""
