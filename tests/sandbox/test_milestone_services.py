"""The sandbox's two milestone services, held to their briefs.

``../shared/brief/project-milestones-app-api.txt``: one endpoint, GET/POST/PUT/DELETE, Basic
e-mail + app token, JSON bodies, dates ``YYYY-MM-DD``, statuses 200/201/400/401/403/404/405/500.
``../shared/brief/milestones-api.txt``: Bearer key, form-encoded bodies, the milestone object,
paged lists, 404/409/422, reorder with ``milestones[]``, the undeletable uncategorised default.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio

from app.sandbox import Flavour, Sandbox
from app.sandbox.routes.milestones_api import BASE
from app.sandbox.routes.pm_app import ENDPOINT, TEMPLATE_ENDPOINT

from .conftest import ANCHOR, make_sandbox

pytestmark = pytest.mark.asyncio

ADMIN_APP = ("admin@jade-sandbox.test", "sandbox-app-admin-token")
USER_APP = ("pat@jade-sandbox.test", "sandbox-app-user-token")
ADMIN_KEY = {"Authorization": "Bearer sandbox-api-admin-key"}
USER_KEY = {"Authorization": "Bearer sandbox-api-user-key"}
API = f"{BASE}/api/milestones"
MILESTONE_KEYS = ["id", "title", "project_id", "type", "color", "position", "creator_id"]


@pytest.fixture(params=[Flavour.CLOUD, Flavour.DATACENTER], ids=["cloud", "dc"])
def site(request: pytest.FixtureRequest) -> Sandbox:
    """A new site per test (these tests change milestones)."""
    flavour: Flavour = request.param
    return make_sandbox(flavour)


@pytest_asyncio.fixture
async def http(site: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    """A client over the site, signed in as nobody (each request names its credentials)."""
    transport = httpx.ASGITransport(app=site.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test") as client:
        yield client


def _open_project(site: Sandbox) -> str:
    """A project the plain user may browse."""
    return next(p.key for p in site.store.projects.values() if "jira-users" in p.browse_groups)


def _closed_project(site: Sandbox) -> str:
    """A project the plain user may not browse."""
    return next(p.key for p in site.store.projects.values() if "jira-users" not in p.browse_groups)


def _pid(site: Sandbox, key: str) -> int:
    return site.store.projects_by_key[key].id


def _app_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] is True and isinstance(body["message"], str) and body["message"]
    message: str = body["message"]
    return message


# ----- the seeded data ------------------------------------------------------------------------


async def test_every_project_has_dated_milestones_around_the_anchor_and_buckets(
    site: Sandbox,
) -> None:
    book = site.store.milestones
    for project in site.store.projects.values():
        milestones = book.app_milestones(project.key)
        assert 4 <= len(milestones) <= 7
        for m in milestones:
            assert m.start is not None and m.end is not None and m.start <= m.end
            assert abs((m.start - ANCHOR).days) < 400
        buckets = book.project_buckets(project.id)
        system = [b for b in buckets if b.type == "uncategorised"]
        assert len(system) == 1 and buckets[0] is system[0]
        assert len(buckets) >= 4 and sum(b.tasks_count for b in buckets) > 0
    early = min(m.start for m in book.app.values() if m.start)
    late = max(m.end for m in book.app.values() if m.end)
    assert early < ANCHOR - timedelta(days=90) and late > ANCHOR + timedelta(days=90)


async def test_versions_and_sprints_carry_dates_for_the_timeline(site: Sandbox) -> None:
    store = site.store
    assert all(v.start_date and v.release_date for v in store.versions.values())
    future = [s for s in store.sprints.values() if s.state == "future"]
    planned = [s for s in future if s.start_date and s.end_date]
    # per board: the next sprint is not planned yet, the one after it is
    assert planned and len(planned) < len(future)
    assert all(s.start_date and s.end_date for s in store.sprints.values() if s.state != "future")


# ----- Project Milestones app ------------------------------------------------------------------


async def test_app_lists_a_projects_milestones_as_a_json_array(
    site: Sandbox, http: httpx.AsyncClient
) -> None:
    key = _open_project(site)
    response = await http.get(ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP)
    assert response.status_code == 200
    found = response.json()
    assert isinstance(found, list) and found
    assert set(found[0]) == {"id", "title", "description", "start", "end"}
    assert [m["id"] for m in found] == [m.id for m in site.store.milestones.app_milestones(key)]
    date.fromisoformat(found[0]["start"])
    # the template endpoint names the project in its path
    path = TEMPLATE_ENDPOINT.replace("{projectKey}", key)
    assert (await http.get(path, auth=ADMIN_APP)).json() == found


async def test_app_answers_401_403_404_405_as_documented(
    site: Sandbox, http: httpx.AsyncClient
) -> None:
    key = _open_project(site)
    for auth in [
        ("admin@jade-sandbox.test", "wrong"),
        ("nobody@x.test", "sandbox-app-admin-token"),
    ]:
        _app_error(await http.get(ENDPOINT, params={"projectKey": key}, auth=auth), 401)
    # the Jira API token is not the app's token
    _app_error(
        await http.get(
            ENDPOINT, params={"projectKey": key}, auth=(ADMIN_APP[0], site.admin.secret)
        ),
        401,
    )
    assert "NOPE" in _app_error(
        await http.get(ENDPOINT, params={"projectKey": "NOPE"}, auth=ADMIN_APP), 404
    )
    closed = _closed_project(site)
    for method in ("GET", "POST", "PUT", "DELETE"):
        response = await http.request(
            method, ENDPOINT, params={"projectKey": closed, "id": "1"}, auth=USER_APP, json={}
        )
        _app_error(response, 403)
    _app_error(await http.patch(ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP), 405)
    ok = await http.get(ENDPOINT, params={"projectKey": key}, auth=USER_APP)
    assert ok.status_code == 200


async def test_app_creates_with_201_and_refuses_bad_bodies_with_400(
    site: Sandbox, http: httpx.AsyncClient
) -> None:
    key = _open_project(site)
    body = {
        "title": "Feature freeze",
        "start": "2024-08-01",
        "end": "2024-08-31",
        "description": "No more features after that period.",
    }
    created = await http.post(ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP, json=body)
    assert created.status_code == 201
    made = created.json()
    assert isinstance(made["id"], int) and {k: made[k] for k in body} == body
    assert site.store.milestones.app[made["id"]].project_key == key
    bad: list[Any] = [
        {"description": "no title"},
        {"title": "   "},
        {"title": "x", "start": "01.08.2024"},
        {"title": "x", "start": "2024-08-31", "end": "2024-08-01"},
        ["not", "an", "object"],
    ]
    for payload in bad:
        response = await http.post(
            ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP, json=payload
        )
        _app_error(response, 400)
    not_json = await http.post(
        ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP, content=b"title=x"
    )
    _app_error(not_json, 400)


async def test_app_edits_only_the_attributes_sent_and_answers_201(
    site: Sandbox, http: httpx.AsyncClient
) -> None:
    key = _open_project(site)
    first = site.store.milestones.app_milestones(key)[0]
    before = first.as_json()
    edit = {"id": str(first.id), "description": "Moved after the review"}
    response = await http.put(ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP, json=edit)
    assert response.status_code == 201
    assert response.json() == before | {"description": "Moved after the review"}
    _app_error(await http.put(ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP, json={}), 400)
    missing = {"id": 99999, "title": "x"}
    _app_error(
        await http.put(ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP, json=missing), 404
    )
    # a milestone of another project is not found through this one
    other = next(k for k in site.store.projects_by_key if k != key)
    _app_error(
        await http.put(ENDPOINT, params={"projectKey": other}, auth=ADMIN_APP, json=edit), 404
    )
    assert first.start is not None
    backwards = {"id": first.id, "end": (first.start - timedelta(days=1)).isoformat()}
    _app_error(
        await http.put(ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP, json=backwards), 400
    )
    assert site.store.milestones.app[first.id].as_json() == response.json()  # nothing changed


async def test_app_deletes_by_id_parameter(site: Sandbox, http: httpx.AsyncClient) -> None:
    key = _open_project(site)
    first = site.store.milestones.app_milestones(key)[0]
    _app_error(await http.delete(ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP), 400)
    response = await http.delete(
        ENDPOINT, params={"projectKey": key, "id": first.id}, auth=ADMIN_APP
    )
    assert response.status_code == 200 and response.json() == first.id
    assert first.id not in site.store.milestones.app
    again = await http.delete(ENDPOINT, params={"projectKey": key, "id": first.id}, auth=ADMIN_APP)
    _app_error(again, 404)


async def test_app_500_and_the_latency_knob(site: Sandbox, http: httpx.AsyncClient) -> None:
    site.knobs.queue_faults("500")
    key = _open_project(site)
    failed = await http.post(
        ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP, json={"title": "x"}
    )
    assert failed.status_code == 500 and failed.text == "Internal Server Error"
    assert not site.knobs.faults
    assert len(site.store.milestones.app_milestones(key)) == len(
        (await http.get(ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP)).json()
    )


# ----- Milestones API ---------------------------------------------------------------------------


async def test_api_signs_in_with_a_bearer_key_only(site: Sandbox, http: httpx.AsyncClient) -> None:
    pid = _pid(site, _open_project(site))
    for headers in [{}, {"Authorization": "Bearer wrong"}]:
        response = await http.get(API, params={"project_id": pid}, headers=headers)
        assert response.status_code == 401 and response.json() == {"message": "Unauthenticated."}
    basic = await http.get(API, params={"project_id": pid}, auth=ADMIN_APP)
    assert basic.status_code == 401


async def test_api_lists_pages_with_meta_and_links(site: Sandbox, http: httpx.AsyncClient) -> None:
    pid = _pid(site, _open_project(site))
    everything = site.store.milestones.project_buckets(pid)
    seen: list[dict[str, Any]] = []
    page = 1
    while True:
        response = await http.get(
            API, params={"project_id": pid, "limit": 2, "page": page}, headers=ADMIN_KEY
        )
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"data", "links", "meta"}
        meta = body["meta"]
        assert (meta["current_page"], meta["per_page"], meta["total"]) == (page, 2, len(everything))
        seen.extend(body["data"])
        if body["links"]["next"] is None:
            assert page == meta["last_page"]
            break
        page += 1
    assert [m["id"] for m in seen] == [b.id for b in everything]
    first = seen[0]
    assert [k for k in first if k in MILESTONE_KEYS] == MILESTONE_KEYS
    assert first["type"] == "uncategorised" and isinstance(first["tasks_count"], int)
    assert set(first["dates"]) == {"created", "updated"}
    searched = await http.get(
        API,
        params={"project_id": pid, "type": "categorised", "sort": "milestone_title"},
        headers=ADMIN_KEY,
    )
    titles = [m["title"] for m in searched.json()["data"]]
    assert titles == sorted(titles, key=str.casefold) and "Uncategorised" not in titles


async def test_api_refuses_a_list_without_a_valid_project_with_422(
    site: Sandbox, http: httpx.AsyncClient
) -> None:
    missing = await http.get(API, headers=ADMIN_KEY)
    assert missing.status_code == 422
    assert missing.json()["errors"]["project_id"] == ["The project id field is required."]
    unknown = await http.get(API, params={"project_id": 1}, headers=ADMIN_KEY)
    assert unknown.status_code == 422 and "invalid" in unknown.json()["message"]
    closed = _pid(site, _closed_project(site))
    forbidden = await http.get(API, params={"project_id": closed}, headers=USER_KEY)
    assert forbidden.status_code == 403 and forbidden.json()["message"]


async def test_api_creates_from_a_form_body_and_refuses_duplicates_with_409(
    site: Sandbox, http: httpx.AsyncClient
) -> None:
    pid = _pid(site, _open_project(site))
    form = {"milestone_projectid": pid, "milestone_title": "Phase 9", "milestone_color": "success"}
    created = await http.post(API, data=form, headers=ADMIN_KEY)
    assert created.status_code == 201
    made = created.json()["data"]
    assert (made["title"], made["color"], made["type"], made["project_id"]) == (
        "Phase 9",
        "success",
        "categorised",
        pid,
    )
    assert made["position"] == max(b.position for b in site.store.milestones.project_buckets(pid))
    duplicate = await http.post(API, data=form | {"milestone_title": "phase 9"}, headers=ADMIN_KEY)
    assert duplicate.status_code == 409 and duplicate.json()["error"]["message"]
    # the same fields as JSON are no form fields: missing, as the API sees it
    as_json = await http.post(API, json=form | {"milestone_title": "Phase 10"}, headers=ADMIN_KEY)
    assert as_json.status_code == 422
    assert set(as_json.json()["errors"]) == {
        "milestone_projectid",
        "milestone_title",
        "milestone_color",
    }
    no_colour = await http.post(API, data={**form, "milestone_color": ""}, headers=ADMIN_KEY)
    assert no_colour.status_code == 422


async def test_api_gets_and_updates_title_and_colour_together(
    site: Sandbox, http: httpx.AsyncClient
) -> None:
    pid = _pid(site, _open_project(site))
    _system, first, second, *_ = site.store.milestones.project_buckets(pid)
    got = await http.get(f"{API}/{first.id}", headers=ADMIN_KEY)
    assert got.status_code == 200 and got.json()["data"]["id"] == first.id
    assert (await http.get(f"{API}/999999", headers=ADMIN_KEY)).status_code == 404
    form = {"milestone_title": "Renamed", "milestone_color": "danger"}
    updated = await http.patch(f"{API}/{first.id}", data=form, headers=ADMIN_KEY)
    assert updated.status_code == 200
    assert (updated.json()["data"]["title"], updated.json()["data"]["color"]) == (
        "Renamed",
        "danger",
    )
    only_title = await http.patch(
        f"{API}/{first.id}", data={"milestone_title": "x"}, headers=ADMIN_KEY
    )
    assert only_title.status_code == 422 and "milestone_color" in only_title.json()["errors"]
    clash = await http.patch(
        f"{API}/{second.id}", data=form | {"milestone_title": "RENAMED"}, headers=ADMIN_KEY
    )
    assert clash.status_code == 409
    missing = await http.patch(f"{API}/999999", data=form, headers=ADMIN_KEY)
    assert missing.status_code == 404 and missing.json()["error"]["message"]


async def test_api_deletes_moving_or_deleting_tasks_but_never_the_system_one(
    site: Sandbox, http: httpx.AsyncClient
) -> None:
    pid = _pid(site, _open_project(site))
    system, first, second, *_ = site.store.milestones.project_buckets(pid)
    first.tasks_count, second.tasks_count = 5, 7
    held = system.tasks_count
    refused = await http.delete(f"{API}/{system.id}", headers=ADMIN_KEY)
    assert refused.status_code == 409 and "cannot be deleted" in refused.json()["error"]["message"]
    moved = await http.delete(f"{API}/{first.id}", headers=ADMIN_KEY)
    assert moved.status_code == 200 and system.tasks_count == held + 5
    gone = await http.request(
        "DELETE", f"{API}/{second.id}", data={"delete_tasks": "yes"}, headers=ADMIN_KEY
    )
    assert gone.status_code == 200 and system.tasks_count == held + 5
    assert gone.json()["data"]["tasks_deleted"] == 7
    assert {first.id, second.id}.isdisjoint(site.store.milestones.buckets)
    assert (await http.delete(f"{API}/{first.id}", headers=ADMIN_KEY)).status_code == 404


async def test_api_reorders_from_milestones_array_fields(
    site: Sandbox, http: httpx.AsyncClient
) -> None:
    pid = _pid(site, _open_project(site))
    ids = [b.id for b in site.store.milestones.project_buckets(pid)]
    order = list(reversed(ids))
    response = await http.put(
        f"{API}/positions",
        content="&".join(f"milestones[]={i}" for i in order),
        headers={
            **ADMIN_KEY,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["data"]] == order
    assert [m["position"] for m in response.json()["data"]] == list(range(1, len(order) + 1))
    empty = await http.put(f"{API}/positions", data={}, headers=ADMIN_KEY)
    assert empty.status_code == 422
    unknown = await http.put(
        f"{API}/positions", data={"milestones[]": ["999999"]}, headers=ADMIN_KEY
    )
    assert unknown.status_code == 404
    other = _pid(site, next(k for k in site.store.projects_by_key if k != _open_project(site)))
    mixed = [ids[0], site.store.milestones.project_buckets(other)[0].id]
    across = await http.put(
        f"{API}/positions", data={"milestones[]": [str(i) for i in mixed]}, headers=ADMIN_KEY
    )
    assert across.status_code == 422


@pytest.mark.parametrize("flavour", [Flavour.GREENHOPPER, Flavour.LEGACY])
async def test_older_jiras_have_the_services_beside_them(flavour: Flavour) -> None:
    site = make_sandbox(flavour)
    key = _open_project(site)
    transport = httpx.ASGITransport(app=site.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test") as http:
        listed = await http.get(ENDPOINT, params={"projectKey": key}, auth=ADMIN_APP)
        assert listed.status_code == 200 and listed.json()
        buckets = await http.get(API, params={"project_id": _pid(site, key)}, headers=ADMIN_KEY)
        assert buckets.status_code == 200 and buckets.json()["data"]
