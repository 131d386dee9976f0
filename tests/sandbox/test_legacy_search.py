"""Jira 4.3's search: GET with ``jql``/``startAt``/``maxResults``, POST with the brief's body,
the brief's result shape (issues by ``self`` and ``key``), and 400 for a query JQL refuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.sandbox import Flavour, Sandbox
from app.sandbox.jql import search
from tests.sandbox.conftest import ClientFactory, make_sandbox
from tests.sandbox.legacy_brief import assert_like, brief_examples

API = "/rest/api/2.0.alpha1"
SEARCH = "/api/2.0.alpha1/search"


@pytest.fixture(scope="module")
def site() -> Sandbox:
    """A read-only Jira 4.3 site for this module."""
    return make_sandbox(Flavour.LEGACY)


@pytest.fixture(scope="module")
def examples(shared_dir: Path) -> dict[tuple[str, str, str], list[Any]]:
    """The brief's examples."""
    return brief_examples(shared_dir)


def _expected(site: Sandbox, jql: str, who: str = "admin") -> list[str]:
    user = site.store.user_by_name(who)
    return [i.key for i in search(site.store, jql, user=user).issues]


@pytest.mark.asyncio
async def test_get_pages_through_every_match(
    site: Sandbox, client_for: ClientFactory, examples: dict[tuple[str, str, str], list[Any]]
) -> None:
    client = client_for(site)
    project = sorted(site.store.projects_by_key)[0]
    jql = f"project = {project} ORDER BY key ASC"
    expected = _expected(site, jql)
    assert len(expected) > 25
    keys: list[str] = []
    start = 0
    while True:
        params = {"jql": jql, "startAt": str(start), "maxResults": "10"}
        answer = (await client.get(f"{API}/search", params=params)).json()
        assert (answer["startAt"], answer["maxResults"], answer["total"]) == (
            start,
            10,
            len(expected),
        )
        if not answer["issues"]:
            break
        assert_like(answer, examples[(SEARCH, "GET", "200")][0])
        for item in answer["issues"]:
            assert item == {
                "self": f"http://sandbox.test{API}/issue/{item['key']}",
                "key": item["key"],
            }
        keys += [i["key"] for i in answer["issues"]]
        start += 10
    assert keys == expected


@pytest.mark.asyncio
async def test_post_takes_the_briefs_body(
    site: Sandbox, client_for: ClientFactory, examples: dict[tuple[str, str, str], list[Any]]
) -> None:
    request = examples[(SEARCH, "POST", "request")][0]
    assert list(request) == ["jql", "startAt", "maxResults"]
    project = sorted(site.store.projects_by_key)[1]
    body = {**request, "jql": f"project = {project}"}
    answer = await client_for(site).post(f"{API}/search", json=body)
    assert answer.status_code == 200
    data = answer.json()
    assert_like(data, examples[(SEARCH, "POST", "200")][0])
    assert data["maxResults"] == request["maxResults"]
    assert [i["key"] for i in data["issues"]] == _expected(site, body["jql"])[
        : request["maxResults"]
    ]


@pytest.mark.asyncio
async def test_defaults_and_the_views_maximum(site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(site)
    plain = (await client.get(f"{API}/search")).json()
    assert (plain["startAt"], plain["maxResults"], plain["total"]) == (
        0,
        50,
        len(site.store.issues),
    )
    assert [i["key"] for i in plain["issues"]] == _expected(site, "")[:50]
    # more than jira.search.views.default.max is cut to it (1000)
    huge = (await client.get(f"{API}/search", params={"maxResults": "5000"})).json()
    assert huge["maxResults"] == 1000 and len(huge["issues"]) == len(site.store.issues)
    bad = await client.get(f"{API}/search", params={"startAt": "x"})
    assert bad.status_code == 400


@pytest.mark.asyncio
async def test_results_follow_browse_permission(site: Sandbox, client_for: ClientFactory) -> None:
    admin = (await client_for(site).get(f"{API}/search", params={"maxResults": "0"})).json()
    user = (await client_for(site, "user").get(f"{API}/search", params={"maxResults": "0"})).json()
    assert user["total"] == len(_expected(site, "", "pat")) < admin["total"]
    anonymous = await client_for(site, None).get(f"{API}/search")
    assert anonymous.status_code == 200 and anonymous.json()["total"] == 0


@pytest.mark.asyncio
async def test_bad_jql_is_400_in_jiras_words(site: Sandbox, client_for: ClientFactory) -> None:
    client = client_for(site)
    syntax = await client.get(f"{API}/search", params={"jql": "project = = X"})
    assert syntax.status_code == 400
    assert syntax.json() == {
        "errorMessages": [
            "Error in the JQL Query: Expecting either a value, list or function but got '='. "
            "You must surround '=' in quotation marks to use it as a value. (line 1, character 11)"
        ],
        "errors": {},
    }
    unknown = await client.post(f"{API}/search", json={"jql": "nosuchfield = 1"})
    assert unknown.status_code == 400
    assert unknown.json() == {
        "errorMessages": [
            "Field 'nosuchfield' does not exist or you do not have permission to view it."
        ],
        "errors": {},
    }
    not_json = await client.post(
        f"{API}/search", content=b"[1]", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400
