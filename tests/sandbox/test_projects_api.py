"""Project administration endpoints behave as Jira's do, errors included."""

from __future__ import annotations

from typing import Any

import pytest

from app.sandbox import Flavour, Sandbox
from app.sandbox.model import PermissionScheme
from tests.sandbox.conftest import ClientFactory

pytestmark = pytest.mark.asyncio


def _lead(site: Sandbox) -> dict[str, Any]:
    admin = site.store.user_by_name("admin")
    assert admin is not None
    if site.flavour is Flavour.CLOUD:
        return {"leadAccountId": admin.account_id}
    return {"lead": "admin"}


async def test_create_update_delete_project(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site)
    body = {"key": "NEWP", "name": "New project", "projectTypeKey": "software", **_lead(fresh_site)}
    r = await client.post("/rest/api/2/project", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["key"] == "NEWP"
    r = await client.post("/rest/api/2/project", json=body)
    assert r.status_code == 400
    assert r.json()["errors"] == {
        "projectName": "A project with that name already exists.",
        "projectKey": "Project 'New project' uses this project key.",
    }
    r = await client.put("/rest/api/2/project/NEWP", json={"name": "Renamed", "description": "d"})
    assert r.status_code == 200 and r.json()["name"] == "Renamed"
    r = await client.post("/rest/api/2/project", json={**body, "key": "bad key", "name": "Other"})
    assert r.status_code == 400 and "projectKey" in r.json()["errors"]
    assert (await client.delete("/rest/api/2/project/NEWP")).status_code == 204
    r = await client.get("/rest/api/2/project/NEWP")
    assert r.status_code == 404
    assert r.json()["errorMessages"] == ["No project could be found with key 'NEWP'."]


async def test_plain_user_cannot_administer(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site, "user")
    body = {"key": "NOPE", "name": "Nope", "projectTypeKey": "software", **_lead(fresh_site)}
    r = await client.post("/rest/api/2/project", json=body)
    assert r.status_code == 403
    assert r.json()["errorMessages"] == [
        "You must have global administrator rights in order to modify projects."
    ]
    r = await client.post("/rest/api/2/projectCategory", json={"name": "X"})
    assert r.status_code == 403


async def test_plain_user_sees_only_browsable_projects(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    admin_keys = {
        p["key"] for p in (await client_for(fresh_site).get("/rest/api/2/project")).json()
    }
    user_keys = {
        p["key"] for p in (await client_for(fresh_site, "user").get("/rest/api/2/project")).json()
    }
    hidden = admin_keys - user_keys
    assert user_keys < admin_keys and hidden
    r = await client_for(fresh_site, "user").get(f"/rest/api/2/project/{sorted(hidden)[0]}")
    assert r.status_code == 404


async def test_project_search_pages_cloud(cloud_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(cloud_site)
    seen: list[str] = []
    start = 0
    while True:
        r = await client.get(
            "/rest/api/2/project/search", params={"startAt": start, "maxResults": 3}
        )
        page = r.json()
        assert page["total"] == len(cloud_site.store.projects)
        seen += [p["key"] for p in page["values"]]
        if page["isLast"]:
            assert "nextPage" not in page
            break
        start += 3
    assert seen == sorted(seen) and len(seen) == len(cloud_site.store.projects)
    r = await client.get(
        "/rest/api/2/project/search", params={"query": seen[0].lower(), "orderBy": "-name"}
    )
    assert seen[0] in [p["key"] for p in r.json()["values"]]


async def test_categories_crud(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site)
    r = await client.post("/rest/api/2/projectCategory", json={"name": "Labs", "description": "x"})
    assert r.status_code == 201
    cid = r.json()["id"]
    r = await client.post("/rest/api/2/projectCategory", json={"name": "labs"})
    assert r.status_code == 409
    assert r.json()["errorMessages"] == ["The project category 'labs' already exists."]
    r = await client.put(f"/rest/api/2/projectCategory/{cid}", json={"name": "Laboratory"})
    assert r.json()["name"] == "Laboratory"
    assert (await client.delete(f"/rest/api/2/projectCategory/{cid}")).status_code == 204
    assert (await client.get(f"/rest/api/2/projectCategory/{cid}")).status_code == 404


async def test_components(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site)
    key = sorted(fresh_site.store.projects_by_key)[0]
    r = await client.post("/rest/api/2/component", json={"project": key, "name": "Gadgets"})
    assert r.status_code == 201
    comp = r.json()
    r = await client.post("/rest/api/2/component", json={"project": key, "name": "Gadgets"})
    assert r.status_code == 400
    assert (
        r.json()["errors"]["name"]
        == "A component with the name Gadgets already exists in this project."
    )
    r = await client.put(f"/rest/api/2/component/{comp['id']}", json={"name": "Widgets"})
    assert r.json()["name"] == "Widgets"
    names = [c["name"] for c in (await client.get(f"/rest/api/2/project/{key}/components")).json()]
    assert "Widgets" in names
    assert (await client.delete(f"/rest/api/2/component/{comp['id']}")).status_code == 204
    r = await client.get(f"/rest/api/2/component/{comp['id']}")
    assert r.status_code == 404
    assert r.json()["errorMessages"] == [f"The component with id {comp['id']} does not exist."]


async def test_versions_lifecycle(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site)
    project = fresh_site.store.projects_by_key[sorted(fresh_site.store.projects_by_key)[0]]
    body = {
        "projectId": project.id,
        "name": "9.9",
        "startDate": "2026-01-01",
        "releaseDate": "2026-02-01",
    }
    r = await client.post("/rest/api/2/version", json=body)
    assert r.status_code == 201, r.text
    version = r.json()
    assert version["startDate"] == "2026-01-01"
    r = await client.post("/rest/api/2/version", json=body)
    assert r.status_code == 400
    assert r.json()["errors"]["name"] == "A version with this name already exists in this project."
    r = await client.post(
        "/rest/api/2/version", json={**body, "name": "bad", "releaseDate": "31/02/2026"}
    )
    assert r.status_code == 400 and "releaseDate" in r.json()["errors"]
    r = await client.post(f"/rest/api/2/version/{version['id']}/move", json={"position": "First"})
    assert r.status_code == 200
    ids = [
        v["id"] for v in (await client.get(f"/rest/api/2/project/{project.key}/versions")).json()
    ]
    assert ids[0] == version["id"]
    r = await client.put(
        f"/rest/api/2/version/{version['id']}", json={"released": True, "archived": True}
    )
    assert r.json()["released"] is True and r.json()["archived"] is True
    other = ids[1]
    issue = next(i for i in fresh_site.store.issues.values() if i.project_id == project.id)
    issue.fix_version_ids = [int(version["id"])]
    # DC 10.3 deletes versions only through removeAndSwap; Cloud has both
    r = await client.post(
        f"/rest/api/2/version/{version['id']}/removeAndSwap", json={"moveFixIssuesTo": other}
    )
    assert r.status_code == 204
    assert issue.fix_version_ids == [int(other)]
    r = await client.get(f"/rest/api/2/version/{version['id']}")
    assert r.status_code == 404
    assert r.json()["errorMessages"] == [f"Could not find version for id '{version['id']}'"]


async def test_role_actors(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site)
    key = sorted(fresh_site.store.projects_by_key)[0]
    roles = (await client.get(f"/rest/api/2/project/{key}/role")).json()
    assert set(roles) == {"Administrators", "Developers", "Users"}
    plain = fresh_site.store.user_by_name("pat")
    assert plain is not None
    ref = plain.account_id if fresh_site.flavour is Flavour.CLOUD else plain.name
    r = await client.post(f"/rest/api/2/project/{key}/role/10001", json={"user": [ref]})
    assert r.status_code == 200
    assert "pat" in [a["name"] for a in r.json()["actors"]]
    r = await client.post(f"/rest/api/2/project/{key}/role/10001", json={"user": [ref]})
    assert r.status_code == 400
    param = "accountId" if fresh_site.flavour is Flavour.CLOUD else "user"
    r = await client.delete(f"/rest/api/2/project/{key}/role/10001", params={param: ref})
    assert r.status_code == 204
    r = await client.post(f"/rest/api/2/project/{key}/role/10001", json={"group": ["product-team"]})
    assert "product-team" in [a["name"] for a in r.json()["actors"]]
    r = await client_for(fresh_site, "user").post(
        f"/rest/api/2/project/{key}/role/10001", json={"group": ["jira-users"]}
    )
    assert r.status_code in (403, 404)


async def test_permission_scheme_follows_the_project(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    store = fresh_site.store
    key = sorted(store.projects_by_key)[0]
    r = await client_for(fresh_site).get(f"/rest/api/2/project/{key}/permissionscheme")
    assert r.status_code == 200
    assert (r.json()["id"], r.json()["name"]) == (0, "Default Permission Scheme")
    # the store keeps a scheme per project, so the schemes feature can hand out others
    store.permission_schemes[10100] = PermissionScheme(10100, "Restricted", "Few may look")
    store.projects_by_key[key].permission_scheme_id = 10100
    r = await client_for(fresh_site).get(f"/rest/api/2/project/{key}/permissionscheme")
    assert (r.json()["id"], r.json()["name"], r.json()["description"]) == (
        10100,
        "Restricted",
        "Few may look",
    )
    assert r.json()["self"].endswith("/rest/api/2/permissionscheme/10100")
    r = await client_for(fresh_site, "user").get(f"/rest/api/2/project/{key}/permissionscheme")
    assert r.status_code == 403
    assert r.json()["errorMessages"] == ["You cannot edit the configuration of this project."]


async def test_groups_picker(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site)
    r = await client.get("/rest/api/2/groups/picker", params={"query": "dev", "maxResults": 5})
    body = r.json()
    assert body["header"] == "Showing 1 of 1 matching groups" and body["total"] == 1
    assert body["groups"][0]["name"] == "jira-developers"
    assert body["groups"][0]["html"] == "jira-<b>dev</b>elopers"
    r = await client.get(
        "/rest/api/2/groups/picker", params={"query": "JIRA", "exclude": "jira-users"}
    )
    names = [g["name"] for g in r.json()["groups"]]
    if fresh_site.flavour is Flavour.CLOUD:
        assert names == []  # Cloud matches case-sensitively unless caseInsensitive=true
        r = await client.get(
            "/rest/api/2/groups/picker",
            params={"query": "JIRA", "exclude": "jira-users", "caseInsensitive": "true"},
        )
        names = [g["name"] for g in r.json()["groups"]]
        assert all(g["groupId"] for g in r.json()["groups"])
    assert names == ["jira-administrators", "jira-developers"]
    r = await client.get("/rest/api/2/groups/picker", params={"query": "a", "maxResults": 2})
    assert len(r.json()["groups"]) == 2 and r.json()["total"] > 2


async def test_project_key_validation_and_category_removal(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(fresh_site)
    store = fresh_site.store
    project = next(p for p in store.projects.values() if p.category_id is not None)
    r = await client.get("/rest/api/2/projectvalidate/key", params={"key": project.key})
    assert r.json() == {
        "errorMessages": [],
        "errors": {"projectKey": f"Project '{project.name}' uses this project key."},
    }
    r = await client.get("/rest/api/2/projectvalidate/key", params={"key": "LPT1"})
    assert r.json()["errors"] == {
        "projectKey": "This keyword is invalid as it is a reserved word on this operating system."
    }
    r = await client.get("/rest/api/2/projectvalidate/key", params={"key": "FREE"})
    assert r.json() == {"errorMessages": [], "errors": {}}
    r = await client.put(f"/rest/api/2/project/{project.key}", json={"categoryId": -1})
    assert r.status_code == 200 and "projectCategory" not in r.json()
    assert project.category_id is None
    body = {"key": "MAKE", "name": "Made", "projectTypeKey": "software", **_lead(fresh_site)}
    r = await client.post("/rest/api/2/project", json={**body, "categoryId": -1})
    assert r.status_code == 400  # -1 removes a category; a new project has none to remove
    assert r.json()["errors"] == {"categoryId": "No project category with id '-1' exists."}
