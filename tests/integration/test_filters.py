"""Saved filters from both flavours: own and favourite filters, one filter, creating one."""

from __future__ import annotations

import pytest

from app.api.errors import ApiError, NotFoundError, ValidationError
from app.api.filters import FilterClient
from app.domain.saved_filter import SavedFilter
from tests.integration.conftest import CountingTransport, FakeSleep, Link

ADMIN_FILTERS = ["Done recently", "High priority bugs", "My open issues", "Updated this week"]
NOT_AVAILABLE = (
    "The selected filter is not available to you, perhaps it has been deleted or had its "
    "permissions changed."
)


def _account_id(link: Link, name: str) -> str:
    user = link.site.store.user_by_name(name)
    assert user is not None
    return user.account_id if link.cloud else user.name


@pytest.mark.asyncio
async def test_my_and_favourite_filters(link: Link) -> None:
    async with link.client() as client:
        filters = FilterClient(client)
        mine = await filters.my_filters()
        assert [f.name for f in mine] == ADMIN_FILTERS
        assert {f.owner for f in mine} == {_account_id(link, "admin")}
        by_name = {f.name: f for f in mine}
        assert by_name["My open issues"].jql == "assignee = currentUser() AND resolution IS EMPTY"
        assert by_name["My open issues"].favourite
        assert not by_name["Updated this week"].favourite
        favourites = await filters.favourite_filters()
        assert [f.name for f in favourites] == ["High priority bugs", "My open issues"]
        assert all(f.favourite for f in favourites)
        one = await filters.get(by_name["High priority bugs"].id)
        assert one == by_name["High priority bugs"]
        assert one.description.startswith("Bugs to look at first")


@pytest.mark.asyncio
async def test_plain_user_sees_only_their_own(link: Link) -> None:
    async with link.client("user") as client:
        filters = FilterClient(client)
        mine = await filters.my_filters()
        assert [f.name for f in mine] == ["My reported issues"]
        assert mine[0].owner == _account_id(link, "pat") and mine[0].favourite
        # a filter shared with jira-users and starred by the user counts as a favourite ...
        favourites = await filters.favourite_filters()
        assert [f.name for f in favourites] == ["High priority bugs", "My reported issues"]
        shared = next(f for f in favourites if f.name == "High priority bugs")
        assert shared.owner == _account_id(link, "admin")
        assert (await filters.get(shared.id)).name == "High priority bugs"


@pytest.mark.asyncio
async def test_missing_and_hidden_filters(link: Link) -> None:
    """Jira answers both with a 400 and its "not available" text; the client says not found."""
    async with link.client("admin") as admin, link.client("user") as user:
        with pytest.raises(NotFoundError) as caught:
            await FilterClient(admin).get("99999")
        assert str(caught.value) == NOT_AVAILABLE and caught.value.status == 400
        mine = await FilterClient(admin).my_filters()
        private = next(f for f in mine if f.name == "Updated this week")  # shared with nobody
        with pytest.raises(NotFoundError):
            await FilterClient(user).get(private.id)


@pytest.mark.asyncio
async def test_create_then_read_back(fresh_link: Link) -> None:
    async with fresh_link.client() as client:
        filters = FilterClient(client)
        made = await filters.create(
            "Open bugs", "issuetype = Bug AND resolution IS EMPTY", "All open bugs", favourite=True
        )
        assert made == SavedFilter(
            made.id,
            "Open bugs",
            "issuetype = Bug AND resolution IS EMPTY",
            _account_id(fresh_link, "admin"),
            favourite=True,
            description="All open bugs",
        )
        assert await filters.get(made.id) == made
        assert "Open bugs" in [f.name for f in await filters.my_filters()]
        assert made in await filters.favourite_filters()
        plain = await filters.create("Plain", "project IS NOT EMPTY")
        assert not plain.favourite and plain.description == ""
    async with fresh_link.client("user") as other:  # the name is unique per owner only
        theirs = await FilterClient(other).create("Open bugs", "issuetype = Bug")
        assert theirs.owner == _account_id(fresh_link, "pat")


@pytest.mark.asyncio
async def test_create_refusals(fresh_link: Link) -> None:
    async with fresh_link.client() as client:
        filters = FilterClient(client)
        with pytest.raises(ValidationError) as caught:
            await filters.create("My open issues", "issuetype = Bug")
        assert caught.value.errors == {"filterName": "Filter with same name already exists."}
        with pytest.raises(ValidationError) as caught:
            await filters.create("", "issuetype = Bug")
        assert "filterName" in caught.value.errors
        with pytest.raises(ValidationError) as caught:
            await filters.create("Broken", "project = ")
        assert "Error in the JQL Query" in str(caught.value) or "Error in JQL" in str(caught.value)
        with pytest.raises(ValidationError) as caught:
            await filters.create("Unknown project", "project = NOPE")
        assert "NOPE" in str(caught.value)
        assert "Broken" not in [f.name for f in await filters.my_filters()]


@pytest.mark.asyncio
async def test_create_is_never_resent(fresh_link: Link) -> None:
    transport, sleep = fresh_link.transport(counting=True), FakeSleep()
    async with fresh_link.client(transport=transport, sleep=sleep) as client:
        fresh_link.site.knobs.queue_faults("503")
        with pytest.raises(ApiError):
            await FilterClient(client).create("Once only", "issuetype = Bug")
        assert isinstance(transport, CountingTransport)
        assert transport.count("POST", "/rest/api/2/filter") == 1
        assert sleep.delays == []
