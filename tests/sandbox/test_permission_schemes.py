"""The sandbox's permission schemes: seeded data, Jira's errors, and who holds a permission."""

from __future__ import annotations

import pytest

from app.sandbox import Flavour, Sandbox
from app.sandbox.datagen.permissions import ENGINEERING_ID, PUBLIC_ID, RESTRICTED_ID
from app.sandbox.permissions import holds, projects_using
from tests.sandbox.conftest import ClientFactory, make_sandbox

API = "/rest/api/2"


def test_seeded_schemes_hold_every_holder_type_and_are_used() -> None:
    store = make_sandbox(Flavour.CLOUD).store
    types = {g.holder_type for s in store.permission_schemes.values() for g in s.grants}
    assert types >= {
        "group",
        "projectRole",
        "user",
        "applicationRole",
        "anyone",
        "reporter",
        "assignee",
        "projectLead",
        "userCustomField",
        "groupCustomField",
    }
    assert projects_using(store, 0)
    assert projects_using(store, ENGINEERING_ID)
    assert projects_using(store, RESTRICTED_ID)
    assert projects_using(store, PUBLIC_ID) == []
    assert "qa" in store.groups
    assert store.group_members("contractors") == []
    first = min(store.projects_by_key)
    assert store.projects_by_key[first].permission_scheme_id == 0


@pytest.mark.asyncio
async def test_expanded_list_carries_grants_and_plain_list_does_not(
    cloud_site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(cloud_site)
    plain = (await client.get(f"{API}/permissionscheme")).json()["permissionSchemes"]
    assert all("permissions" not in s for s in plain)
    expanded = await client.get(
        f"{API}/permissionscheme", params={"expand": "permissions,user,group,projectRole,field,all"}
    )
    schemes = expanded.json()["permissionSchemes"]
    engineering = next(s for s in schemes if s["id"] == ENGINEERING_ID)
    holders = {
        (g["holder"]["type"], g["holder"].get("parameter")) for g in engineering["permissions"]
    }
    assert ("group", "qa") in holders
    user = next(h for h in holders if h[0] == "user")
    assert cloud_site.store.user_by_account_id(str(user[1])) is not None  # Cloud: accountId


@pytest.mark.asyncio
async def test_dc_names_users_by_username_and_embeds_expanded_holders(
    dc_site: Sandbox, client_for: ClientFactory
) -> None:
    r = await client_for(dc_site).get(
        f"{API}/permissionscheme/{ENGINEERING_ID}", params={"expand": "all"}
    )
    grants = r.json()["permissions"]
    user = next(g["holder"] for g in grants if g["holder"]["type"] == "user")
    assert dc_site.store.user_by_name(user["parameter"]) is not None
    assert user["user"]["name"] == user["parameter"]
    role = next(g["holder"] for g in grants if g["holder"]["type"] == "projectRole")
    assert role["projectRole"]["name"] in ("Administrators", "Developers", "Users")


@pytest.mark.asyncio
async def test_grant_errors_speak_jira(fresh_site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(fresh_site)
    url = f"{API}/permissionscheme/{PUBLIC_ID}/permission"
    dup = await client.post(
        url, json={"holder": {"type": "anyone"}, "permission": "BROWSE_PROJECTS"}
    )
    assert dup.status_code == 400
    assert "already grants" in dup.json()["errorMessages"][0]
    bad_key = await client.post(url, json={"holder": {"type": "anyone"}, "permission": "NOPE"})
    assert bad_key.json()["errors"] == {"permission": "Permission with key 'NOPE' does not exist."}
    no_group = await client.post(
        url, json={"holder": {"type": "group", "parameter": "ghosts"}, "permission": "EDIT_ISSUES"}
    )
    assert no_group.json()["errors"] == {"holder": "Group 'ghosts' does not exist."}
    missing = await client.get(f"{API}/permissionscheme/4242")
    assert (missing.status_code, missing.json()["errorMessages"]) == (
        404,
        ["Permission scheme 4242 does not exist"],
    )
    denied = await client_for(fresh_site, "user").post(
        url, json={"holder": {"type": "reporter"}, "permission": "EDIT_ISSUES"}
    )
    assert denied.status_code == 403


@pytest.mark.asyncio
async def test_a_scheme_in_use_and_the_default_cannot_be_deleted(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(fresh_site)
    used = projects_using(fresh_site.store, ENGINEERING_ID)
    r = await client.delete(f"{API}/permissionscheme/{ENGINEERING_ID}")
    assert r.status_code == 400
    assert all(p.key in r.json()["errorMessages"][0] for p in used)
    r = await client.delete(f"{API}/permissionscheme/0")
    assert r.status_code == 400
    r = await client.delete(f"{API}/permissionscheme/{PUBLIC_ID}")
    assert r.status_code == 204
    assert PUBLIC_ID not in fresh_site.store.permission_schemes


@pytest.mark.asyncio
async def test_put_with_permissions_replaces_every_grant_and_without_keeps_them(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    client = client_for(fresh_site)
    url = f"{API}/permissionscheme/{PUBLIC_ID}"
    before = len(fresh_site.store.permission_schemes[PUBLIC_ID].grants)
    r = await client.put(url, json={"name": "Renamed", "description": "new words"})
    assert r.json()["name"] == "Renamed"
    assert len(fresh_site.store.permission_schemes[PUBLIC_ID].grants) == before
    r = await client.put(
        url, json={"permissions": [{"holder": {"type": "reporter"}, "permission": "EDIT_ISSUES"}]}
    )
    assert [g["permission"] for g in r.json()["permissions"]] == ["EDIT_ISSUES"]


@pytest.mark.asyncio
async def test_assigning_a_scheme_changes_who_holds_what(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    store = fresh_site.store
    project = store.projects_by_key[min(store.projects_by_key)]
    pat = store.user_by_name("pat")
    assert pat is not None
    r = await client_for(fresh_site).put(
        f"{API}/project/{project.key}/permissionscheme", json={"id": PUBLIC_ID}
    )
    assert (r.status_code, r.json()["id"]) == (200, PUBLIC_ID)
    assert project.permission_scheme_id == PUBLIC_ID
    assert holds(store, pat, project, "CREATE_ISSUES")  # anyone
    assert not holds(store, pat, project, "DELETE_ISSUES")


@pytest.mark.asyncio
async def test_user_permission_search_resolves_groups_and_roles(
    fresh_site: Sandbox, client_for: ClientFactory
) -> None:
    store = fresh_site.store
    project = next(p for p in store.projects.values() if p.permission_scheme_id == ENGINEERING_ID)
    tester = next(u for u in store.users.values() if "qa" in u.groups and u.active)
    cloud = store.flavour is Flavour.CLOUD
    params = {"permissions": "RESOLVE_ISSUES", "projectKey": project.key}
    params |= {"accountId": tester.account_id} if cloud else {"username": tester.name}
    r = await client_for(fresh_site).get(f"{API}/user/permission/search", params=params)
    assert r.status_code == 200
    found = [u["accountId"] if cloud else u["name"] for u in r.json()]
    assert found == [tester.account_id if cloud else tester.name]
    r = await client_for(fresh_site).get(
        f"{API}/user/permission/search", params={"projectKey": project.key, "query": "a"}
    )
    assert r.status_code == 400


@pytest.mark.asyncio
async def test_permissions_check_answers_per_project(
    cloud_site: Sandbox, client_for: ClientFactory
) -> None:
    store = cloud_site.store
    pat = store.user_by_name("pat")
    assert pat is not None
    ids = sorted(store.projects)
    r = await client_for(cloud_site, "user").post(
        f"{API}/permissions/check",
        json={"projectPermissions": [{"permissions": ["BROWSE_PROJECTS"], "projects": ids}]},
    )
    granted = r.json()["projectPermissions"][0]["projects"]
    assert granted == [i for i in ids if holds(store, pat, store.projects[i], "BROWSE_PROJECTS")]
    assert granted  # pat browses some projects ...
    assert len(granted) < len(ids)  # ... but not the restricted ones


def test_bench_permissions_site_has_its_crowd() -> None:
    site = make_sandbox(Flavour.CLOUD, projects=2, issues=20, bench_permissions=True)
    store = site.store
    assert sum(1 for k in store.projects_by_key if k.startswith("PB")) == 500
    assert sum(1 for u in store.users.values() if u.name.startswith("bench")) == 2000
    sizes = [len(store.group_members(g)) for g in store.groups if g.startswith("bench-group-")]
    assert len(sizes) == 200
    assert max(sizes) > 50  # some groups need more than one page of group/member
