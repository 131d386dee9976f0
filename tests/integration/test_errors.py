"""Jira's 4xx answers become typed errors that carry Jira's own text and field errors."""

from __future__ import annotations

import contextlib

import pytest

from app.api.core import UNBOUNDED_QUERY_HINT, ApiRequest
from app.api.errors import (
    NotFoundError,
    PermissionDeniedError,
    UnboundedQueryError,
    ValidationError,
)
from tests.integration.conftest import Link

pytestmark = pytest.mark.asyncio


async def test_404_carries_jiras_message_and_details(link: Link) -> None:
    async with link.client() as client:
        with pytest.raises(NotFoundError) as caught:
            await client.http.send(ApiRequest("GET", "rest/api/2/project/NOPE"))
    error = caught.value
    assert str(error) == "No project could be found with key 'NOPE'."
    assert error.status == 404
    assert error.details.splitlines() == [
        "HTTP 404 Not Found",
        f"GET {link.base_url}/rest/api/2/project/NOPE",
    ]
    assert link.site.admin.secret not in repr(error.__dict__)


async def test_403_for_a_plain_user(link: Link) -> None:
    async with link.client("user") as client:
        with pytest.raises(PermissionDeniedError) as caught:
            await client.http.send(
                ApiRequest("POST", "rest/api/2/project", json={"key": "NEW", "name": "New"})
            )
    assert str(caught.value) == (
        "You must have global administrator rights in order to modify projects."
    )
    assert caught.value.status == 403


async def test_400_carries_field_errors(link: Link) -> None:
    existing = next(iter(link.site.store.projects.values()))
    async with link.client() as client:
        lead = await client.myself()
        with pytest.raises(ValidationError) as caught:
            await client.http.send(
                ApiRequest(
                    "POST",
                    "rest/api/2/project",
                    json={
                        "key": existing.key,
                        "name": existing.name,
                        "projectTypeKey": "software",
                        "leadAccountId" if link.cloud else "lead": lead.id,
                    },
                )
            )
    error = caught.value
    assert error.status == 400
    assert error.errors == {
        "projectName": "A project with that name already exists.",
        "projectKey": f"Project '{existing.name}' uses this project key.",
    }
    assert "A project with that name already exists." in str(error)
    assert f"Project '{existing.name}' uses this project key." in str(error)


async def test_cloud_refuses_an_unbounded_search_and_the_error_says_how_to_bound_it(
    cloud_link: Link,
) -> None:
    async with cloud_link.client() as client:
        with pytest.raises(UnboundedQueryError) as caught:
            async with contextlib.aclosing(client.search_pages("ORDER BY created DESC")) as pages:
                async for _ in pages:
                    pass
    error = caught.value
    assert isinstance(error, ValidationError) and error.status == 400
    assert str(error) == (
        "Unbounded JQL queries are not allowed here. Please add a search restriction to your "
        f"query. {UNBOUNDED_QUERY_HINT}"
    )
