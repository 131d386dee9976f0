"""The milestone services sign in the way their documentation says (scripted answers)."""

from __future__ import annotations

import base64

import httpx
import pytest

from app.api import MilestonesApiClient, ProjectMilestonesClient, SiteConfig, auth_for
from app.api.errors import AuthenticationError, NotFoundError
from app.domain.site import AuthKind

pytestmark = pytest.mark.asyncio

ENDPOINT = "https://pm.example-app.test/api/v1/instance/7f3c/milestones"
TOKEN = "app-token-123"
KEY = "mk_live_abc"


def recorder(answer: httpx.Response, seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer

    return httpx.MockTransport(handle)


def app_config() -> SiteConfig:
    return SiteConfig(ENDPOINT, auth_for(AuthKind.APP_TOKEN, "ada@example.test", TOKEN))


async def test_project_milestones_app_basic_auth_on_the_exact_endpoint() -> None:
    seen: list[httpx.Request] = []
    transport = recorder(httpx.Response(200, json=[{"id": 1}, {"id": 2}]), seen)
    async with ProjectMilestonesClient(app_config(), transport=transport) as client:
        assert await client.ping("APO") == 2
    request = seen[0]
    expected = base64.b64encode(f"ada@example.test:{TOKEN}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert str(request.url) == f"{ENDPOINT}?projectKey=APO"  # no slash added to the endpoint


async def test_project_milestones_app_answers() -> None:
    seen: list[httpx.Request] = []
    unauthorized = httpx.Response(401, json={"message": "Invalid email or API token."})
    async with ProjectMilestonesClient(
        app_config(), transport=recorder(unauthorized, seen)
    ) as client:
        with pytest.raises(AuthenticationError, match="Invalid email or API token"):
            await client.ping()
    missing = httpx.Response(404, json={"message": "No project found."})
    async with ProjectMilestonesClient(app_config(), transport=recorder(missing, seen)) as client:
        assert await client.ping() is None  # signed in; no project named yet
        with pytest.raises(NotFoundError, match="No project found"):
            await client.ping("NOPE")
    assert str(seen[1].url) == ENDPOINT


async def test_milestones_api_bearer_key() -> None:
    seen: list[httpx.Request] = []
    listing = httpx.Response(200, json={"data": [{"id": 690, "title": "Phase 1"}]})
    config = SiteConfig("https://tasks.example.test", auth_for(AuthKind.API_KEY, "", KEY))
    async with MilestonesApiClient(config, transport=recorder(listing, seen)) as client:
        assert await client.ping(159) == 1
    assert seen[0].headers["authorization"] == f"Bearer {KEY}"
    assert str(seen[0].url) == "https://tasks.example.test/api/milestones?project_id=159"

    invalid = httpx.Response(422, json={"message": "The project id field is required."})
    config = SiteConfig("https://tasks.example.test/api/", auth_for(AuthKind.API_KEY, "", KEY))
    async with MilestonesApiClient(config, transport=recorder(invalid, seen)) as client:
        assert await client.ping() is None  # 422 about the project: the key was accepted
    assert str(seen[1].url) == "https://tasks.example.test/api/milestones?limit=1"

    refused = httpx.Response(401, json={"message": "Unauthenticated."})
    async with MilestonesApiClient(config, transport=recorder(refused, seen)) as client:
        with pytest.raises(AuthenticationError, match="Unauthenticated"):
            await client.ping()


async def test_each_client_wants_its_own_sign_in() -> None:
    with pytest.raises(ValueError, match="app token"):
        ProjectMilestonesClient(SiteConfig(ENDPOINT, auth_for(AuthKind.API_KEY, "", KEY)))
    with pytest.raises(ValueError, match="API key"):
        MilestonesApiClient(app_config())
