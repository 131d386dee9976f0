"""What the milestone clients send, and how they read answers the sandbox does not give:
other envelopes and paging styles, other error bodies, malformed replies (scripted answers)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from app.api import MilestonesApiClient, ProjectMilestonesClient, SiteConfig, auth_for
from app.api.errors import (
    ConflictError,
    LoginPageError,
    NotFoundError,
    ProtocolError,
    ServerError,
    ValidationError,
)
from app.domain.milestone import BucketChanges, MilestoneChanges, NewBucket, TaskFate
from app.domain.site import AuthKind

pytestmark = pytest.mark.asyncio

ENDPOINT = "https://pm.example-app.test/api/v1/instance/7f3c/milestones"
BASE = "https://tasks.example.test"
Handler = Callable[[httpx.Request], httpx.Response]


def _app(handler: Handler, endpoint: str = ENDPOINT, **options: Any) -> ProjectMilestonesClient:
    config = SiteConfig(endpoint, auth_for(AuthKind.APP_TOKEN, "ada@example.test", "t"))
    return ProjectMilestonesClient(config, transport=httpx.MockTransport(handler), **options)


def _api(handler: Handler, page_size: int = 2) -> MilestonesApiClient:
    config = SiteConfig(BASE, auth_for(AuthKind.API_KEY, "", "k"))
    return MilestonesApiClient(config, transport=httpx.MockTransport(handler), page_size=page_size)


def _bucket(i: int, **extra: Any) -> dict[str, Any]:
    return {"id": i, "title": f"M{i}", "project_id": 159, "position": i} | extra


# ----- Project Milestones app ----------------------------------------------------------------------


async def test_app_sends_json_with_only_the_attributes_that_change() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = json.loads(request.content)
        return httpx.Response(201, json={"id": 4, "title": "Beta"} | body)

    async with _app(answer) as client:
        edited = await client.edit_milestone("APO", "4", MilestoneChanges(end=date(2027, 1, 31)))
    assert json.loads(seen[0].content) == {"id": 4, "end": "2027-01-31"}
    assert seen[0].headers["content-type"] == "application/json"
    assert str(seen[0].url) == f"{ENDPOINT}?projectKey=APO"
    assert (edited.id, edited.title, edited.start, edited.end) == (
        "4",
        "Beta",
        None,
        date(2027, 1, 31),
    )


async def test_app_template_url_and_renamed_parameter() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=[])

    async with _app(answer, "https://pm.test/projects/{projectKey}/milestones") as client:
        assert await client.milestones("A B") == []
    async with _app(answer, project_param="project") as client:
        await client.milestones("APO")
    assert seen == ["https://pm.test/projects/A%20B/milestones", f"{ENDPOINT}?project=APO"]


@pytest.mark.parametrize(
    ("answer", "deleted"),
    [
        (httpx.Response(200, json=12), "12"),
        (httpx.Response(200, json={"id": "12"}), "12"),
        (httpx.Response(200), "12"),
        (httpx.Response(200, json={"deleted": True}), "12"),
    ],
)
async def test_app_delete_reads_the_id_however_it_comes(
    answer: httpx.Response, deleted: str
) -> None:
    async with _app(lambda r: answer) as client:
        assert await client.delete_milestone("APO", "12") == deleted


async def test_app_reads_timestamps_and_missing_dates() -> None:
    found = [
        {"id": 1, "title": "A", "start": "2027-01-02T00:00:00.000Z", "end": None},
        {"id": "2", "title": "B", "description": None, "start": "", "end": "soon"},
    ]
    async with _app(lambda r: httpx.Response(200, json=found)) as client:
        first, second = await client.milestones("APO")
    assert (first.start, first.end) == (date(2027, 1, 2), None)
    assert (second.id, second.description, second.start, second.end) == ("2", "", None, None)


@pytest.mark.parametrize(
    ("answer", "error", "text"),
    [
        (httpx.Response(200, json={"oops": 1}), ProtocolError, "not a list of milestones"),
        (httpx.Response(200, json=[{"title": "no id"}]), ProtocolError, "it has no id"),
        (httpx.Response(200, text="milestones: none"), ProtocolError, "not JSON"),
        (
            httpx.Response(200, html="<html><form><input type='password'></form></html>"),
            LoginPageError,
            None,
        ),
        (httpx.Response(500, text="Gateway exploded"), ServerError, "Gateway exploded"),
        (
            httpx.Response(404, json={"error": True, "message": "Project APO not found"}),
            NotFoundError,
            "No project could be found with the provided key. The app said: Project APO",
        ),
    ],
)
async def test_app_bad_answers_are_clear_errors(
    answer: httpx.Response, error: type[Exception], text: str | None
) -> None:
    async with _app(lambda r: answer) as client:
        with pytest.raises(error, match=text):
            await client.milestones("APO")


# ----- Milestones API --------------------------------------------------------------------------------


def _paged(pages: dict[int, httpx.Response]) -> Handler:
    def answer(request: httpx.Request) -> httpx.Response:
        return pages[int(request.url.params["page"])]

    return answer


@pytest.mark.parametrize(
    "pages",
    [
        # a bare list: a full page may have a next one
        {
            1: httpx.Response(200, json=[_bucket(1), _bucket(2)]),
            2: httpx.Response(200, json=[_bucket(3)]),
        },
        # {"data", "meta"} with last_page
        {
            1: httpx.Response(
                200, json={"data": [_bucket(1), _bucket(2)], "meta": {"last_page": 2}}
            ),
            2: httpx.Response(200, json={"data": [_bucket(3)], "meta": {"last_page": 2}}),
        },
        # a paginator's fields beside "data"
        {
            1: httpx.Response(200, json={"data": [_bucket(1), _bucket(2)], "last_page": 2}),
            2: httpx.Response(200, json={"data": [_bucket(3)], "last_page": 2}),
        },
        # meta.pagination with total_pages, then links.next only
        {
            1: httpx.Response(
                200,
                json={"data": [_bucket(1), _bucket(2)], "meta": {"pagination": {"total_pages": 2}}},
            ),
            2: httpx.Response(200, json={"data": [_bucket(3)], "links": {"next": None}}),
        },
        # a total only
        {
            1: httpx.Response(200, json={"data": [_bucket(2), _bucket(1)], "meta": {"total": 3}}),
            2: httpx.Response(200, json={"data": [_bucket(3)], "meta": {"total": 3}}),
        },
    ],
    ids=["bare", "meta", "laravel", "pagination-links", "total"],
)
async def test_api_follows_paging_to_the_end(pages: dict[int, httpx.Response]) -> None:
    async with _api(_paged(pages)) as client:
        found = await client.buckets(159)
    assert [b.id for b in found] == [1, 2, 3]


async def test_api_stops_when_the_server_ignores_paging() -> None:
    asked: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(int(request.url.params["page"]))
        return httpx.Response(200, json=[_bucket(1), _bucket(2), _bucket(3)])

    async with _api(answer) as client:
        assert len(await client.buckets(159)) == 3
    assert asked == [1, 2]


async def test_api_sends_form_bodies() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"data": _bucket(7, color="success")})

    async with _api(answer) as client:
        await client.create_bucket(159, NewBucket("Phase 1", "success"))
        await client.edit_bucket(7, BucketChanges("Phase 1b", "danger"))
        await client.delete_bucket(7, TaskFate.DELETE)
        await client.delete_bucket(8)
        await client.reorder_buckets([12, 10, 15])
    forms = [parse_qsl(r.content.decode()) for r in seen]
    assert [(r.method, r.url.path) for r in seen] == [
        ("POST", "/api/milestones"),
        ("PATCH", "/api/milestones/7"),
        ("DELETE", "/api/milestones/7"),
        ("DELETE", "/api/milestones/8"),
        ("PUT", "/api/milestones/positions"),
    ]
    assert forms == [
        [
            ("milestone_projectid", "159"),
            ("milestone_title", "Phase 1"),
            ("milestone_color", "success"),
        ],
        [("milestone_title", "Phase 1b"), ("milestone_color", "danger")],
        [("delete_tasks", "yes")],
        [],
        [("milestones[]", "12"), ("milestones[]", "10"), ("milestones[]", "15")],
    ]
    assert all(
        r.headers["content-type"] == "application/x-www-form-urlencoded" for r in seen if r.content
    )
    assert seen[0].headers["authorization"] == "Bearer k"


@pytest.mark.parametrize(
    ("answer", "error", "said"),
    [
        (
            httpx.Response(409, json={"error": {"message": "Title taken", "code": 9}}),
            ConflictError,
            "Title taken",
        ),
        (
            httpx.Response(409, json={"errors": ["Title taken", {"message": "again"}]}),
            ConflictError,
            "Title taken\nagain",
        ),
        (
            httpx.Response(
                422, json={"message": "Bad", "errors": {"milestone_title": ["Too long"]}}
            ),
            ValidationError,
            "Too long",
        ),
        (httpx.Response(409, text="Title taken"), ConflictError, "Title taken"),
    ],
)
async def test_api_reads_every_error_envelope(
    answer: httpx.Response, error: type[Exception], said: str
) -> None:
    async with _api(lambda r: answer) as client:
        with pytest.raises(error) as raised:
            await client.create_bucket(159, NewBucket("Phase 1", "default"))
    assert "The service said:" in str(raised.value) and said in str(raised.value)


async def test_api_malformed_milestones_are_protocol_errors() -> None:
    for body in ({"data": {"title": "no id"}}, {"data": {"id": 5}}, "plain"):

        def answer(request: httpx.Request, body: object = body) -> httpx.Response:
            return httpx.Response(200, json=body)

        async with _api(answer) as client:
            with pytest.raises(ProtocolError, match="not a milestone"):
                await client.bucket(5)
    async with _api(lambda r: httpx.Response(200, json={"data": {"id": 1}})) as client:
        with pytest.raises(ProtocolError, match="not a list of milestones"):
            await client.buckets(159)


async def test_api_reorder_needs_ids() -> None:
    async with _api(lambda r: httpx.Response(200)) as client:
        with pytest.raises(ValueError, match="at least one milestone"):
            await client.reorder_buckets([])
