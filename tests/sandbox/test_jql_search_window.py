"""The sandbox keeps the traps of paging past Data Center's result window (JIRA-BEHAVIOUR §10).

The window is a setting of the site; date values in JQL go down to the minute only; offset pages
taken while issues change repeat or skip issues; without ORDER BY, Jira sorts by key descending.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.sandbox import Flavour, Sandbox
from app.sandbox.jql import JqlError, search
from tests.sandbox.conftest import ClientFactory, make_sandbox
from tests.sandbox.jql_fixture import NOW, build_store

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def millis(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(milliseconds=1)


def key_order(key: str) -> tuple[str, int]:
    project, _, number = key.rpartition("-")
    return project, int(number)


@pytest.mark.asyncio
async def test_the_result_window_is_a_setting_of_the_site(client_for: ClientFactory) -> None:
    site = make_sandbox(Flavour.DATACENTER, search_window=200)
    assert site.search_window == 200
    client = client_for(site)
    jql = "project is not EMPTY ORDER BY key"

    async def page(start: int, size: int, query: str = jql) -> tuple[int, dict[str, object]]:
        body = {"jql": query, "startAt": start, "maxResults": size, "fields": ["summary"]}
        r = await client.post("/rest/api/2/search", json=body)
        return r.status_code, r.json()

    status, body = await page(100, 100)
    assert status == 200 and body["total"] == 400
    status, body = await page(150, 100)
    assert status == 500
    assert body["errorMessages"] == [
        "Search limit exceeded. We couldn't complete your search because it requests 250 results "
        "which exceeded the search platform limit of 200. Reduce the startAt or maxResults, or "
        "refine your JQL query."
    ]
    # a query matching no more than the window pages freely
    first = min(site.store.projects.values(), key=lambda p: p.key)
    status, _ = await page(150, 100, f"project = {first.key} ORDER BY key")
    assert status == 200
    site.search_window = 10_000
    assert (await page(150, 100))[0] == 200


def test_a_date_value_cannot_separate_issues_created_in_the_same_minute() -> None:
    store = build_store()
    minute = datetime(2024, 6, 14, 10, 0, tzinfo=UTC)
    early, late = store.issues_by_key["ALPHA-3"], store.issues_by_key["BETA-1"]
    early.created = minute + timedelta(seconds=10)
    late.created = minute + timedelta(seconds=50, milliseconds=5)
    admin = store.users["admin"]

    def keys(jql: str) -> list[str]:
        return [i.key for i in search(store, jql, user=admin, now=NOW).issues]

    between = millis(minute + timedelta(seconds=30))
    # a number of milliseconds stands for its minute, as a written date does
    assert keys(f"created > {between} AND created < '2024-06-14 10:01' ORDER BY key") == [
        "ALPHA-3",
        "BETA-1",
    ]
    assert keys(f"created = {between} ORDER BY key") == ["ALPHA-3", "BETA-1"]
    assert keys("created >= '2024-06-14 10:00' AND created < '2024-06-14 10:01' ORDER BY key") == [
        "ALPHA-3",
        "BETA-1",
    ]
    # seconds cannot be written at all
    with pytest.raises(JqlError) as caught:
        keys("created > '2024-06-14 10:00:30'")
    assert caught.value.messages[0].startswith("Date value '2024-06-14 10:00:30' for field")
    # the issues still sort by their exact time, to the millisecond
    assert keys("project in (ALPHA, BETA) AND created >= '2024-06-14 10:00' ORDER BY created")[
        :2
    ] == ["ALPHA-3", "BETA-1"]


def test_timestamps_that_differ_below_a_millisecond_are_ties() -> None:
    store = build_store()
    moment = datetime(2024, 6, 14, 10, 0, tzinfo=UTC)
    # ALPHA-9 has the larger id (10014): as a tie it comes after ALPHA-3 (10002) either way
    store.issues_by_key["ALPHA-9"].created = moment + timedelta(microseconds=100)
    store.issues_by_key["ALPHA-3"].created = moment + timedelta(microseconds=900)
    admin = store.users["admin"]
    for direction in ("ASC", "DESC"):
        found = search(
            store, f"key in (ALPHA-3, ALPHA-9) ORDER BY created {direction}", user=admin, now=NOW
        )
        assert [i.key for i in found.issues] == ["ALPHA-3", "ALPHA-9"]


@pytest.mark.asyncio
async def test_without_order_by_results_come_by_key_descending(
    dc_site: Sandbox, client_for: ClientFactory
) -> None:
    r = await client_for(dc_site).post(
        "/rest/api/2/search", json={"jql": "project is not EMPTY", "maxResults": 1000}
    )
    keys = [i["key"] for i in r.json()["issues"]]
    assert len(keys) == len(dc_site.store.issues)
    assert keys == sorted(keys, key=key_order, reverse=True)


@pytest.mark.asyncio
async def test_offset_pages_repeat_and_skip_issues_that_change_between_them(
    client_for: ClientFactory,
) -> None:
    site = make_sandbox(Flavour.DATACENTER)
    client = client_for(site)
    jql = "project is not EMPTY ORDER BY updated DESC, key"

    async def page(start: int) -> list[str]:
        body = {"jql": jql, "startAt": start, "maxResults": 10, "fields": ["updated"]}
        return [
            i["key"] for i in (await client.post("/rest/api/2/search", json=body)).json()["issues"]
        ]

    first = await page(0)
    later = (await page(20))[5]
    # an edit moves an issue of a later page to the top: the next page repeats one issue, and
    # the edited issue is on no page taken before or after
    site.store.issues_by_key[later].updated = datetime.now(UTC)
    second = await page(10)
    third = await page(20)
    assert second[0] == first[-1]
    assert later not in first + second + third
    # a deletion on a page already taken shifts the rest up: the next page skips an issue
    following = third[0]
    site.store.remove_issue(site.store.issues_by_key[second[3]])
    assert following not in second + await page(20)


def test_the_window_is_a_flag_of_the_sandbox_command() -> None:
    from app.sandbox.__main__ import parse_args

    assert parse_args([]).search_window == 10_000
    assert parse_args(["--flavour", "datacenter", "--search-window", "500"]).search_window == 500
