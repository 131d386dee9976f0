"""Search per flavour: paging envelopes, caps, errors, bulk fetch, permission filtering."""

from __future__ import annotations

import pytest

from app.sandbox import Sandbox
from tests.sandbox.conftest import ClientFactory

pytestmark = pytest.mark.asyncio


async def test_cloud_token_paging(cloud_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(cloud_site)
    key = sorted(cloud_site.store.projects_by_key)[0]
    jql = f"project = {key} ORDER BY key ASC"
    ids: list[str] = []
    token = None
    pages = 0
    while True:
        body = {"jql": jql, "maxResults": 10, "fields": ["summary"]}
        if token:
            body["nextPageToken"] = token
        r = await client.post("/rest/api/3/search/jql", json=body)
        assert r.status_code == 200, r.text
        page = r.json()
        assert "total" not in page
        ids += [i["key"] for i in page["issues"]]
        pages += 1
        if page["isLast"]:
            assert "nextPageToken" not in page
            break
        token = page["nextPageToken"]
    expected = sorted(
        (
            i
            for i in cloud_site.store.issues.values()
            if i.project_id == cloud_site.store.projects_by_key[key].id
        ),
        key=lambda i: int(i.key.split("-")[1]),
    )
    assert pages >= 2
    assert ids == [i.key for i in expected]


async def test_cloud_defaults_and_errors(cloud_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(cloud_site)
    r = await client.get(
        "/rest/api/2/search/jql", params={"jql": "project is not EMPTY", "maxResults": 3}
    )
    assert r.status_code == 200
    assert all(set(i) == {"id"} for i in r.json()["issues"])  # fields default to id only
    r = await client.get("/rest/api/2/search/jql", params={"jql": ""})
    assert r.status_code == 400
    assert r.json()["errorMessages"] == [
        "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
    ]
    r = await client.get(
        "/rest/api/2/search/jql", params={"jql": "project = X", "nextPageToken": "garbage"}
    )
    assert r.status_code == 400
    r = await client.get("/rest/api/2/search", params={"jql": "project = X"})
    assert r.status_code == 410
    assert r.json()["errorMessages"][0].startswith("The requested API has been removed.")
    r = await client.post("/rest/api/3/search/jql", json={"jql": "status = "})
    assert r.status_code == 400
    assert r.json()["errorMessages"][0].startswith("Error in the JQL Query: ")


async def test_cloud_bulkfetch_and_count(cloud_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(cloud_site)
    keys = [i.key for i in list(cloud_site.store.issues.values())[:5]]
    r = await client.post(
        "/rest/api/3/issue/bulkfetch",
        json={"issueIdsOrKeys": [*reversed(keys), "NOPE-1"], "fields": ["summary"]},
    )
    body = r.json()
    ids = [int(i["id"]) for i in body["issues"]]
    assert ids == sorted(ids) and len(ids) == 5
    assert body["issueErrors"][0]["id"] == "NOPE-1"
    assert (
        await client.post("/rest/api/3/issue/bulkfetch", json={"issueIdsOrKeys": []})
    ).status_code == 400
    too_many = [str(n) for n in range(101)]
    assert (
        await client.post("/rest/api/3/issue/bulkfetch", json={"issueIdsOrKeys": too_many})
    ).status_code == 400
    key = sorted(cloud_site.store.projects_by_key)[0]
    r = await client.post("/rest/api/3/search/approximate-count", json={"jql": f"project = {key}"})
    project_id = cloud_site.store.projects_by_key[key].id
    assert r.json() == {
        "count": sum(1 for i in cloud_site.store.issues.values() if i.project_id == project_id)
    }


async def test_dc_offset_paging(dc_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(dc_site)
    keys: list[str] = []
    start = 0
    while True:
        r = await client.get(
            "/rest/api/2/search",
            params={
                "jql": "ORDER BY key ASC",
                "startAt": start,
                "maxResults": 50,
                "fields": "summary",
            },
        )
        page = r.json()
        assert page["startAt"] == start and page["maxResults"] == 50
        keys += [i["key"] for i in page["issues"]]
        start += 50
        if start >= page["total"]:
            break
    assert len(keys) == len(set(keys)) == page["total"] == len(dc_site.store.issues)
    r = await client.get("/rest/api/2/search", params={"jql": "ORDER BY key", "maxResults": 5000})
    assert r.json()["maxResults"] == 1000  # silently capped
    assert (await client.get("/rest/api/2/search/jql", params={"jql": "x = 1"})).status_code == 404


async def test_search_respects_browse_permission(
    dc_site: Sandbox, client_for: ClientFactory
) -> None:
    admin_total = (
        await client_for(dc_site).get("/rest/api/2/search", params={"maxResults": 0})
    ).json()["total"]
    user_total = (
        await client_for(dc_site, "user").get("/rest/api/2/search", params={"maxResults": 0})
    ).json()["total"]
    assert 0 < user_total < admin_total


async def test_unknown_user_is_a_warning(dc_site: Sandbox, client_for: ClientFactory) -> None:
    r = await client_for(dc_site).get(
        "/rest/api/2/search", params={"jql": "assignee = nobody_here"}
    )
    assert r.status_code == 200
    assert r.json()["warningMessages"] == [
        "The value 'nobody_here' does not exist for the field 'assignee'."
    ]
    assert r.json()["total"] == 0


async def test_autocomplete(cloud_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(cloud_site)
    data = (await client.get("/rest/api/2/jql/autocompletedata")).json()
    assert "status" in [f["value"] for f in data["visibleFieldNames"]]
    assert data["jqlReservedWords"]
    r = await client.get(
        "/rest/api/2/jql/autocompletedata/suggestions",
        params={"fieldName": "status", "fieldValue": "in"},
    )
    assert "In Progress" in [s["value"] for s in r.json()["results"]]
