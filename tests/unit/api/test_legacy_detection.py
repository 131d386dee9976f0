"""Which dialect a site gets: a 4.x version, or serverInfo found only under REST 2.0.alpha1."""

from __future__ import annotations

import httpx
import pytest

from app.api import JiraClient, SiteConfig, auth_for
from app.api.dialect import dialect_for
from app.api.legacy import LegacyIssues, LegacyProjects, LegacySearch
from app.domain.site import AuthKind, Flavour

pytestmark = pytest.mark.asyncio


def _site(version: str, *, modern: bool) -> httpx.MockTransport:
    info = {"baseUrl": "http://old.test", "version": version, "buildNumber": 1}

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/rest/api/2/serverInfo" and modern:
            return httpx.Response(200, json={**info, "deploymentType": "Server"})
        if path == "/rest/api/2.0.alpha1/serverInfo":
            return httpx.Response(200, json=info)
        return httpx.Response(404, text="null for uri: " + str(request.url))

    return httpx.MockTransport(answer)


async def _dialect(transport: httpx.MockTransport) -> tuple[Flavour, object, object, object]:
    config = SiteConfig("http://old.test", auth_for(AuthKind.PASSWORD, "fred", "pw"))
    async with JiraClient(config, transport=transport) as client:
        assert dialect_for(client).flavour is Flavour.DATACENTER  # nothing known yet
        await client.server_info()
        dialect = dialect_for(client)
        return dialect.flavour, dialect.issues(), dialect.search(), dialect.projects()


async def test_only_alpha1_answering_is_legacy_whatever_the_version() -> None:
    flavour, issues, search, projects = await _dialect(_site("5.0-m1", modern=False))
    assert flavour is Flavour.LEGACY
    assert isinstance(issues, LegacyIssues)
    assert isinstance(search, LegacySearch)
    assert isinstance(projects, LegacyProjects)


async def test_a_modern_api_with_a_modern_version_is_data_center() -> None:
    flavour, issues, search, projects = await _dialect(_site("9.12.0", modern=True))
    assert flavour is Flavour.DATACENTER
    assert not isinstance(issues, LegacyIssues) and not isinstance(projects, LegacyProjects)
    assert not isinstance(search, LegacySearch)


async def test_unavailable_names_the_feature_and_the_version() -> None:
    config = SiteConfig("http://old.test", auth_for(AuthKind.PASSWORD, "fred", "pw"))
    async with JiraClient(config, transport=_site("4.3.4#620-r152668", modern=False)) as client:
        await client.server_info()
        dialect = dialect_for(client)
        missing = dialect.unavailable("Milestones")
        assert missing is not None
        assert (missing.feature, missing.version) == ("Milestones", "4.3")
        assert str(missing) == "Milestones: not available on Jira 4.3."
        assert dialect.unavailable("Transitions") is None  # 4.3 has them
        assert dialect.project_admin() is None
