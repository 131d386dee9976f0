"""Issue endpoints: read with projections, edit, transition, comment, assign."""

from __future__ import annotations

import pytest

from app.sandbox import Flavour, Sandbox
from tests.sandbox.conftest import ClientFactory

pytestmark = pytest.mark.asyncio


def _open_issue(site: Sandbox) -> str:
    issue = next(
        i for i in site.store.issues.values() if i.status_id == 10000 and i.issuetype_id != 10000
    )
    return issue.key


async def test_get_with_field_projection(cloud_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(cloud_site)
    key = _open_issue(cloud_site)
    r = await client.get(f"/rest/api/2/issue/{key}", params={"fields": "summary,status"})
    assert set(r.json()["fields"]) == {"summary", "status"}
    r = await client.get(f"/rest/api/2/issue/{key}", params={"fields": "*all,-comment"})
    assert "comment" not in r.json()["fields"] and "summary" in r.json()["fields"]
    r = await client.get(f"/rest/api/2/issue/{key}", params={"expand": "names,schema,transitions"})
    body = r.json()
    assert body["names"]["summary"] == "Summary" and body["transitions"]
    r3 = await client.get(f"/rest/api/3/issue/{key}", params={"fields": "description"})
    description = r3.json()["fields"]["description"]
    assert description is None or description["type"] == "doc"


async def test_missing_and_hidden_issues(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    r = await client_for(fresh_site).get("/rest/api/2/issue/NOPE-1")
    assert r.status_code == 404
    expected = (
        "Issue does not exist or you do not have permission to see it."
        if fresh_site.flavour is Flavour.CLOUD
        else "Issue Does Not Exist"
    )
    assert r.json()["errorMessages"] == [expected]
    store = fresh_site.store
    plain = store.user_by_name("pat")
    hidden = next(
        i
        for i in store.issues.values()
        if not store.can_browse(plain, store.projects[i.project_id])
    )
    r = await client_for(fresh_site, "user").get(f"/rest/api/2/issue/{hidden.key}")
    if fresh_site.flavour is Flavour.CLOUD:
        assert r.status_code == 404
    else:
        assert r.status_code == 403
        assert r.json()["errorMessages"] == [
            "You do not have the permission to see the specified issue."
        ]


async def test_edit_fields_and_updates(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site)
    key = _open_issue(fresh_site)
    body = {
        "fields": {"summary": "New summary", "priority": {"name": "High"}},
        "update": {"labels": [{"add": "triaged"}]},
    }
    assert (await client.put(f"/rest/api/2/issue/{key}", json=body)).status_code == 204
    fields = (await client.get(f"/rest/api/2/issue/{key}")).json()["fields"]
    assert fields["summary"] == "New summary" and fields["priority"]["name"] == "High"
    assert "triaged" in fields["labels"]
    r = await client.put(f"/rest/api/2/issue/{key}", json={"fields": {"summary": "", "bogus": 1}})
    assert r.status_code == 400
    assert r.json()["errors"] == {
        "summary": "You must specify a summary of the issue.",
        "bogus": "Field 'bogus' cannot be set. It is not on the appropriate screen, or unknown.",
    }
    # nothing was applied from the failed edit
    assert (await client.get(f"/rest/api/2/issue/{key}")).json()["fields"][
        "summary"
    ] == "New summary"


async def test_transitions(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site)
    key = _open_issue(fresh_site)
    transitions = (await client.get(f"/rest/api/2/issue/{key}/transitions")).json()["transitions"]
    by_name = {t["name"]: t["id"] for t in transitions}
    assert "Start Progress" in by_name
    r = await client.post(
        f"/rest/api/2/issue/{key}/transitions", json={"transition": {"id": "999"}}
    )
    assert r.status_code == 400
    r = await client.post(
        f"/rest/api/2/issue/{key}/transitions", json={"transition": {"id": "abc"}}
    )
    assert r.json()["errorMessages"] == ["'transition' identifier must be an integer"]
    r = await client.post(
        f"/rest/api/2/issue/{key}/transitions",
        json={"transition": {"id": by_name["Start Progress"]}},
    )
    assert r.status_code == 204
    status = (await client.get(f"/rest/api/2/issue/{key}", params={"fields": "status"})).json()
    assert status["fields"]["status"]["name"] == "In Progress"
    r = await client.post(f"/rest/api/2/issue/{key}/transitions", json={"transition": {"id": "31"}})
    assert r.status_code == 400 and "resolution" in r.json()["errors"]
    r = await client.post(
        f"/rest/api/2/issue/{key}/transitions",
        json={"transition": {"id": "31"}, "fields": {"resolution": {"name": "Done"}}},
    )
    assert r.status_code == 204
    fields = (await client.get(f"/rest/api/2/issue/{key}")).json()["fields"]
    assert fields["status"]["name"] == "Done" and fields["resolution"]["name"] == "Done"
    assert fields["resolutiondate"]


async def test_comments_and_assignee(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site)
    key = _open_issue(fresh_site)
    r = await client.post(f"/rest/api/2/issue/{key}/comment", json={"body": "<b>hello</b>"})
    assert r.status_code == 201 and r.json()["body"] == "<b>hello</b>"
    cid = r.json()["id"]
    page = (await client.get(f"/rest/api/2/issue/{key}/comment")).json()
    assert page["total"] == len(page["comments"]) and page["comments"][-1]["id"] == cid
    r = await client.post(f"/rest/api/2/issue/{key}/comment", json={"body": "  "})
    assert r.status_code == 400
    plain = fresh_site.store.user_by_name("pat")
    assert plain is not None
    ref = (
        {"accountId": plain.account_id} if fresh_site.flavour is Flavour.CLOUD else {"name": "pat"}
    )
    r = await client.put(f"/rest/api/2/issue/{key}/assignee", json=ref)
    assert r.status_code in (204, 400)
    unassign = {"accountId": None} if fresh_site.flavour is Flavour.CLOUD else {"name": None}
    assert (await client.put(f"/rest/api/2/issue/{key}/assignee", json=unassign)).status_code == 204
    assert (await client.get(f"/rest/api/2/issue/{key}")).json()["fields"]["assignee"] is None


async def test_create_issue(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site)
    key = sorted(fresh_site.store.projects_by_key)[0]
    body = {
        "fields": {
            "project": {"key": key},
            "issuetype": {"name": "Task"},
            "summary": "Made by a test",
        }
    }
    r = await client.post("/rest/api/2/issue", json=body)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["key"].startswith(f"{key}-")
    r = await client.post("/rest/api/2/issue", json={"fields": {"project": {"key": key}}})
    assert r.status_code == 400 and {"issuetype", "summary"} <= set(r.json()["errors"])
