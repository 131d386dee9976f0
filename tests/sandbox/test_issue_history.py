"""Rendered text, history and links of issues, in the shapes of the recorded samples.

``renderedFields`` and a comment's ``renderedBody`` carry Jira's HTML on v2 and v3; the
changelog lists who changed what (``issue_all_expanded_server`` on DC, oldest first; the
DevLake Cloud recordings newest first, and the paged ``/changelog`` oldest first); every change
the sandbox makes lands in it; ``issuelinks``, ``subtasks`` and ``parent`` name the other issue
with key, summary, status, priority and type (``board_issues_dc_values__incubator-devlake``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.sandbox import Flavour, Sandbox
from app.sandbox.model import Issue
from tests.conftest import SHARED
from tests.sandbox.conftest import ClientFactory, make_sandbox

pytestmark = pytest.mark.asyncio

SAMPLES = SHARED / "samples"


def _sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def _keys(value: dict[str, Any]) -> set[str]:
    return set(value)


def _described(site: Sandbox) -> Issue:
    return next(
        i for i in site.store.issues.values() if i.description.startswith("h2.") and i.comments
    )


def _todo(site: Sandbox) -> Issue:
    return next(
        i for i in site.store.issues.values() if i.status_id == 10000 and i.issuetype_id != 10000
    )


@pytest.mark.parametrize("api", ["2", "3"])
async def test_rendered_fields_hold_jiras_html_on_both_versions(
    cloud_site: Sandbox, client_for: ClientFactory, api: str
) -> None:
    issue = _described(cloud_site)
    r = await client_for(cloud_site).get(
        f"/rest/api/{api}/issue/{issue.key}",
        params={"fields": "description,comment", "expand": "renderedFields"},
    )
    body = r.json()
    rendered = body["renderedFields"]
    assert rendered["description"].startswith('<h2><a name="Context"></a>Context</h2>')
    assert "<b>" in rendered["description"] and "<ol>" in rendered["description"]
    recorded = _sample("issue_all_expanded_server__jira-rest-java-client.json")["renderedFields"]
    assert _keys(rendered["comment"]) == _keys(recorded["comment"]) | {"self"}
    first = rendered["comment"]["comments"][0]
    assert first["body"].startswith("<p>") or first["body"].startswith("<div")
    assert first["id"] == str(issue.comments[0].id)
    description = body["fields"]["description"]
    if api == "3":
        assert description["type"] == "doc"
        assert description["content"][0] == {
            "type": "heading",
            "attrs": {"level": 2},
            "content": [{"type": "text", "text": "Context"}],
        }
    else:
        assert description == issue.description


async def test_comments_carry_rendered_body_when_asked(
    dc_site: Sandbox, client_for: ClientFactory
) -> None:
    issue = _described(dc_site)
    client = client_for(dc_site)
    url = f"/rest/api/2/issue/{issue.key}/comment"
    plain = (await client.get(url)).json()["comments"][0]
    assert "renderedBody" not in plain
    expanded = (await client.get(url, params={"expand": "renderedBody"})).json()["comments"][0]
    assert expanded["body"] == issue.comments[0].body
    assert expanded["renderedBody"].startswith(("<p>", "<div"))
    one = await client.get(f"{url}/{issue.comments[0].id}", params={"expand": "renderedBody"})
    assert one.json()["renderedBody"] == expanded["renderedBody"]


def _history_shape(history: dict[str, Any], *, cloud: bool) -> None:
    assert list(history) == ["id", "author", "created", "items"]
    for item in history["items"]:
        keys = ["field", "fieldtype", "from", "fromString", "to", "toString"]
        if cloud and item["field"] not in ("Link", "IssueParentAssociation"):
            keys.insert(2, "fieldId")
        assert list(item) == keys, item


async def test_generated_issues_have_a_past_that_ends_in_their_state(
    dc_site: Sandbox, cloud_site: Sandbox, client_for: ClientFactory
) -> None:
    for site in (dc_site, cloud_site):
        cloud = site.flavour is Flavour.CLOUD
        done = next(i for i in site.store.issues.values() if i.status_id == 10003)
        r = await client_for(site).get(
            f"/rest/api/2/issue/{done.key}", params={"expand": "changelog", "fields": "status"}
        )
        changelog = r.json()["changelog"]
        assert changelog["total"] == len(changelog["histories"]) > 0
        histories = changelog["histories"]
        for history in histories:
            _history_shape(history, cloud=cloud)
        created = [h["created"] for h in histories]
        # DC lists the changelog oldest first; Cloud newest first (both as recorded)
        assert created == sorted(created, reverse=cloud)
        last = histories[0] if cloud else histories[-1]
        status = next(i for i in last["items"] if i["field"] == "status")
        assert status["toString"] == "Done" and status["to"] == "10003"
        assert any(i["field"] == "resolution" for i in last["items"])


async def test_every_change_is_recorded_by_whom_and_what(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    cloud = fresh_site.flavour is Flavour.CLOUD
    store = fresh_site.store
    client = client_for(fresh_site)
    issue = _todo(fresh_site)
    before = len(store.history_of(issue))
    old_summary = issue.summary
    edit = {
        "fields": {"summary": "Renamed", "priority": {"name": "Highest"}},
        "update": {"labels": [{"add": "triaged"}]},
    }
    assert (await client.put(f"/rest/api/2/issue/{issue.key}", json=edit)).status_code == 204
    assert (
        await client.post(
            f"/rest/api/2/issue/{issue.key}/transitions", json={"transition": {"id": "11"}}
        )
    ).status_code == 204
    me = store.user_by_name("admin") if not cloud else store.users["JIRAUSER10000"]
    assert me is not None
    who = {"accountId": me.account_id} if cloud else {"name": me.name}
    assert (
        await client.put(f"/rest/api/2/issue/{issue.key}/assignee", json=who)
    ).status_code == 204
    # a no-op edit records nothing
    same = {"fields": {"summary": "Renamed"}}
    assert (await client.put(f"/rest/api/2/issue/{issue.key}", json=same)).status_code == 204

    r = await client.get(f"/rest/api/2/issue/{issue.key}", params={"expand": "changelog"})
    changelog = r.json()["changelog"]
    assert changelog["total"] == before + 3
    histories = changelog["histories"]
    newest = histories[:3] if cloud else histories[::-1][:3]
    assign, transition, edited = newest
    for history in newest:
        _history_shape(history, cloud=cloud)
        assert history["author"]["displayName"] == me.display_name
    fields = {i["field"]: i for i in edited["items"]}
    assert set(fields) == {"summary", "priority", "labels"}
    assert (fields["summary"]["fromString"], fields["summary"]["toString"]) == (
        old_summary,
        "Renamed",
    )
    assert fields["priority"]["toString"] == "Highest" and fields["priority"]["to"] == "1"
    assert "triaged" in fields["labels"]["toString"].split()
    [status] = transition["items"]
    assert (status["fromString"], status["toString"]) == ("To Do", "In Progress")
    [assignee] = assign["items"]
    assert assignee["field"] == "assignee" and assignee["toString"] == me.display_name
    assert assignee["to"] == (me.account_id if cloud else me.key)


async def test_cloud_pages_the_changelog_oldest_first(client_for: ClientFactory) -> None:
    site = make_sandbox(Flavour.CLOUD)
    issue = max(site.store.issues.values(), key=lambda i: len(site.store.history_of(i)))
    groups = site.store.history_of(issue)
    assert len(groups) >= 3
    client = client_for(site)
    url = f"/rest/api/3/issue/{issue.key}/changelog"
    page = (await client.get(url, params={"startAt": "1", "maxResults": "2"})).json()
    assert list(page) == ["self", "maxResults", "startAt", "total", "isLast", "values"]
    assert page["total"] == len(groups) and page["startAt"] == 1 and page["maxResults"] == 2
    assert [v["id"] for v in page["values"]] == [str(g.id) for g in groups[1:3]]
    assert page["isLast"] is (len(groups) <= 3)
    dc = make_sandbox(Flavour.DATACENTER)
    dc_issue = next(iter(dc.store.issues.values()))
    r = await client_for(dc).get(f"/rest/api/2/issue/{dc_issue.key}/changelog")
    assert r.status_code == 404  # Data Center has only expand=changelog


async def test_links_subtasks_and_parent_name_the_other_issue(
    dc_site: Sandbox, cloud_site: Sandbox, client_for: ClientFactory
) -> None:
    recorded = _sample("board_issues_dc_values__incubator-devlake.json")[0]["fields"]
    recorded_link = recorded["issuelinks"][0]
    for site in (dc_site, cloud_site):
        store = site.store
        client = client_for(site)
        link = next(
            lk for lk in store.links.values() if store.link_types[lk.type_id].name == "Blocks"
        )
        blocker, blocked = store.issues[link.outward_id], store.issues[link.inward_id]
        fields = "issuelinks,subtasks,parent"
        seen_from_blocker = (
            await client.get(f"/rest/api/2/issue/{blocker.key}", params={"fields": fields})
        ).json()["fields"]
        entry = next(e for e in seen_from_blocker["issuelinks"] if e["id"] == str(link.id))
        assert _keys(entry) == _keys(recorded_link) - {"inwardIssue"} | {"outwardIssue"}
        assert entry["type"] == {
            "id": "10000",
            "name": "Blocks",
            "inward": "is blocked by",
            "outward": "blocks",
            "self": entry["type"]["self"],
        }
        assert entry["outwardIssue"]["key"] == blocked.key
        assert _keys(entry["outwardIssue"]["fields"]) == _keys(
            recorded_link["inwardIssue"]["fields"]
        )
        seen_from_blocked = (
            await client.get(f"/rest/api/2/issue/{blocked.key}", params={"fields": fields})
        ).json()["fields"]
        back = next(e for e in seen_from_blocked["issuelinks"] if e["id"] == str(link.id))
        assert back["inwardIssue"]["key"] == blocker.key and "outwardIssue" not in back

        sub = next(i for i in store.issues.values() if store.issue_types[i.issuetype_id].subtask)
        assert sub.parent_id is not None
        parent = store.issues[sub.parent_id]
        parent_fields = (
            await client.get(f"/rest/api/2/issue/{parent.key}", params={"fields": fields})
        ).json()["fields"]
        assert sub.key in [s["key"] for s in parent_fields["subtasks"]]
        child_fields = (
            await client.get(f"/rest/api/2/issue/{sub.key}", params={"fields": fields})
        ).json()["fields"]
        assert child_fields["parent"]["key"] == parent.key
        assert child_fields["subtasks"] == []


async def test_generated_links_appear_in_both_histories(dc_site: Sandbox) -> None:
    store = dc_site.store
    link = next(lk for lk in store.links.values() if store.link_types[lk.type_id].name == "Blocks")
    blocker, blocked = store.issues[link.outward_id], store.issues[link.inward_id]
    texts = {
        item.to_string
        for group in store.history_of(blocker)
        for item in group.items
        if item.field == "Link"
    }
    assert f"This issue blocks {blocked.key}" in texts
    back = {
        item.to_string
        for group in store.history_of(blocked)
        for item in group.items
        if item.field == "Link"
    }
    assert f"This issue is blocked by {blocker.key}" in back


async def test_a_moved_sprint_is_recorded(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    store = fresh_site.store
    sprint = next(s for s in store.sprints.values() if s.state == "future")
    board = store.boards[sprint.board_id]
    issue = next(
        i
        for i in store.issues.values()
        if i.project_id == board.project_id
        and not store.issue_types[i.issuetype_id].subtask
        and sprint.id not in i.sprint_ids
    )
    client = client_for(fresh_site)
    r = await client.post(f"/rest/agile/1.0/sprint/{sprint.id}/issue", json={"issues": [issue.key]})
    assert r.status_code == 204
    [item] = store.history_of(issue)[-1].items
    assert item.field == "Sprint" and item.field_type == "custom"
    assert item.to_string is not None and sprint.name in item.to_string
