"""The milestone clients against the sandbox: every documented answer of both services, and
the timeline's date edits of Jira versions and sprints (agile 1.0 and GreenHopper).

Each error is the transport's typed error for its status, worded with the documentation's
meaning of that status first and the server's own message after it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
import pytest_asyncio

from app.api import MilestonesApiClient, ProjectMilestonesClient, SiteConfig, auth_for
from app.api.board_sources import board_source_for
from app.api.errors import (
    AuthenticationError,
    ConflictError,
    HttpStatusError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ValidationError,
)
from app.api.milestone_dates import JiraDates
from app.api.platform import JiraClient
from app.api.projects import ProjectAdmin
from app.domain.board import Sprint, SprintState
from app.domain.milestone import (
    BucketChanges,
    BucketKind,
    MilestoneChanges,
    NewBucket,
    NewMilestone,
    TaskFate,
    cannot_delete_reason,
)
from app.domain.site import AuthKind
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox
from app.sandbox.routes.milestones_api import BASE
from app.sandbox.routes.pm_app import ENDPOINT, TEMPLATE_ENDPOINT

from .conftest import make_site

pytestmark = pytest.mark.asyncio

HOST = "http://sandbox.test"
ADMIN_EMAIL, ADMIN_TOKEN = "admin@jade-sandbox.test", "sandbox-app-admin-token"
USER_EMAIL, USER_TOKEN = "pat@jade-sandbox.test", "sandbox-app-user-token"


class MethodSwap(httpx.AsyncBaseTransport):
    """Sends every request with another method: how a client reaches an endpoint's 405."""

    def __init__(self, inner: httpx.AsyncBaseTransport, method: str) -> None:
        self.inner = inner
        self.method = method

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Forward ``request`` with the other method."""
        swapped = httpx.Request(self.method, request.url, headers=request.headers)
        return await self.inner.handle_async_request(swapped)


@pytest.fixture(scope="module")
def site() -> Sandbox:
    """One Cloud site for the module; tests that change milestones use their own project."""
    return make_site(SandboxFlavour.CLOUD)


def _keys(site: Sandbox) -> tuple[str, str]:
    """A project the plain user may browse, and one they may not."""
    projects = sorted(site.store.projects.values(), key=lambda p: p.id)
    open_ = next(p.key for p in projects if "jira-users" in p.browse_groups)
    closed = next(p.key for p in projects if "jira-users" not in p.browse_groups)
    return open_, closed


def _app(
    site: Sandbox,
    email: str = ADMIN_EMAIL,
    token: str = ADMIN_TOKEN,
    *,
    endpoint: str = ENDPOINT,
    transport: httpx.AsyncBaseTransport | None = None,
) -> ProjectMilestonesClient:
    config = SiteConfig(HOST + endpoint, auth_for(AuthKind.APP_TOKEN, email, token))
    return ProjectMilestonesClient(config, transport=transport or httpx.ASGITransport(app=site.app))


def _api(
    site: Sandbox, key: str = "sandbox-api-admin-key", *, page_size: int = 100
) -> MilestonesApiClient:
    config = SiteConfig(HOST + BASE, auth_for(AuthKind.API_KEY, "", key))
    return MilestonesApiClient(
        config, transport=httpx.ASGITransport(app=site.app), page_size=page_size
    )


# ----- Project Milestones app: 200, 201, 400, 401, 403, 404, 405, 500 ---------------------------


async def test_app_lists_creates_edits_and_deletes(site: Sandbox) -> None:
    key, _ = _keys(site)
    async with _app(site) as client:
        before = await client.milestones(key)
        assert [m.id for m in before] == [
            str(m.id) for m in site.store.milestones.app_milestones(key)
        ]
        assert all(m.project_key == key and m.start and m.end for m in before)
        new = NewMilestone(
            "Feature freeze", "No more features.", date(2027, 8, 1), date(2027, 8, 31)
        )
        made = await client.create_milestone(key, new)
        assert (made.title, made.description, made.start, made.end) == (
            new.title,
            new.description,
            new.start,
            new.end,
        )
        edited = await client.edit_milestone(key, made.id, MilestoneChanges(end=date(2027, 9, 3)))
        assert edited == MilestoneChanges(end=date(2027, 9, 3)).applied_to(made)
        assert await client.delete_milestone(key, made.id) == made.id
        assert [m.id for m in await client.milestones(key)] == [m.id for m in before]


async def test_app_template_endpoint_and_a_renamed_parameter(site: Sandbox) -> None:
    key, _ = _keys(site)
    async with _app(site, endpoint=TEMPLATE_ENDPOINT) as client:
        assert len(await client.milestones(key)) == len(site.store.milestones.app_milestones(key))
    config = SiteConfig(HOST + ENDPOINT, auth_for(AuthKind.APP_TOKEN, ADMIN_EMAIL, ADMIN_TOKEN))
    renamed = ProjectMilestonesClient(
        config, project_param="key", transport=httpx.ASGITransport(app=site.app)
    )
    async with renamed:
        # the sandbox's app reads projectKey: under another name the project is missing
        with pytest.raises(NotFoundError, match="No project could be found with the provided key"):
            await renamed.milestones(key)


async def test_app_401_403_404(site: Sandbox) -> None:
    key, closed = _keys(site)
    async with _app(site, ADMIN_EMAIL, "wrong-token") as client:
        with pytest.raises(AuthenticationError) as refused:
            await client.milestones(key)
    assert str(refused.value).startswith("Either the e-mail address or the app API token")
    assert "The app said: Authentication failed" in str(refused.value)
    assert "wrong-token" not in str(refused.value) + refused.value.details
    async with _app(site, USER_EMAIL, USER_TOKEN) as client:
        assert await client.milestones(key)
        calls = [
            (client.milestones(closed), "view"),
            (client.create_milestone(closed, NewMilestone("x")), "create"),
            (client.edit_milestone(closed, "1", MilestoneChanges(title="y")), "edit"),
            (client.delete_milestone(closed, "1"), "delete"),
        ]
        for call, verb in calls:
            with pytest.raises(PermissionDeniedError, match=f"no permission to {verb} milestones"):
                await call
    async with _app(site) as client:
        with pytest.raises(
            NotFoundError, match=r"^No project could be found with the provided key"
        ):
            await client.milestones("NOPE")
        with pytest.raises(NotFoundError, match=r"^No milestone to edit could be found"):
            await client.edit_milestone(key, "99999", MilestoneChanges(title="x"))
        with pytest.raises(NotFoundError, match=r"^No milestone to delete could be found") as gone:
            await client.delete_milestone(key, "99999")
    assert gone.value.status == 404 and "99999" in gone.value.reply


async def test_app_400_with_the_apps_reason(site: Sandbox) -> None:
    key, _ = _keys(site)
    async with _app(site) as client:
        backwards = NewMilestone("Beta", start=date(2027, 5, 2), end=date(2027, 5, 1))
        with pytest.raises(ValidationError) as refused:
            await client.create_milestone(key, backwards)
        assert str(refused.value) == (
            "The app refused the milestone (a required attribute is missing or not valid). "
            "The app said: The end date must not be before the start date."
        )
        first = (await client.milestones(key))[0]
        assert first.start is not None
        early = MilestoneChanges(end=first.start - timedelta(days=3))
        with pytest.raises(ValidationError, match="The app refused the change"):
            await client.edit_milestone(key, first.id, early)
        assert (await client.milestones(key))[0] == first  # nothing changed
        with pytest.raises(ValidationError, match="No id for a milestone to be deleted"):
            await client.delete_milestone(key, "")


async def test_app_405_and_500(site: Sandbox) -> None:
    key, _ = _keys(site)
    swapped = MethodSwap(httpx.ASGITransport(app=site.app), "PATCH")
    async with _app(site, transport=swapped) as client:
        for call, method in [
            (client.milestones(key), "GET"),
            (client.create_milestone(key, NewMilestone("x")), "POST"),
            (client.edit_milestone(key, "1", MilestoneChanges(title="x")), "PUT"),
            (client.delete_milestone(key, "1"), "DELETE"),
        ]:
            with pytest.raises(HttpStatusError) as wrong:
                await call
            assert wrong.value.status == 405
            assert str(wrong.value).startswith(f"Another method than {method} has been used")
    site.knobs.queue_faults("500")
    async with _app(site) as client:
        with pytest.raises(ServerError) as failed:
            await client.create_milestone(key, NewMilestone("Saved?"))
    # a plain-text body, as a crashed server sends it
    assert str(failed.value) == (
        "An error occurred when the new milestone was saved. The app said: Internal Server Error"
    )
    site.knobs.queue_faults("500", 2)
    async with _app(site) as client:
        with pytest.raises(ServerError, match=r"^An error occurred when the edited milestone"):
            await client.edit_milestone(key, "1", MilestoneChanges(title="x"))
        with pytest.raises(ServerError, match=r"^An error occurred when deleting the milestone"):
            await client.delete_milestone(key, "1")


async def test_app_ping_signs_in_without_a_project(site: Sandbox) -> None:
    async with _app(site) as client:
        assert await client.ping() is None
    async with _app(site, ADMIN_EMAIL, "nope") as client:
        with pytest.raises(AuthenticationError):
            await client.ping()
    # a template endpoint without a project still reaches the app, which checks the sign-in
    async with _app(site, endpoint=TEMPLATE_ENDPOINT) as client:
        assert await client.ping() is None
    async with _app(site, ADMIN_EMAIL, "nope", endpoint=TEMPLATE_ENDPOINT) as client:
        with pytest.raises(AuthenticationError):
            await client.ping()


# ----- Milestones API: 200, 201, 401, 403, 404, 409, 422 ------------------------------------------


async def test_api_lists_every_page_in_position_order(site: Sandbox) -> None:
    key, _ = _keys(site)
    pid = site.store.projects_by_key[key].id
    async with _api(site, page_size=2) as client:
        found = await client.buckets(pid)
    expected = site.store.milestones.project_buckets(pid)
    assert [b.id for b in found] == [b.id for b in expected]
    assert found[0].type is BucketKind.UNCATEGORISED and found[0].is_system
    assert [b.tasks_count for b in found] == [b.tasks_count for b in expected]
    assert all(b.project_id == pid for b in found)


async def test_api_creates_renames_reorders_and_deletes() -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    key, _ = _keys(site)
    pid = site.store.projects_by_key[key].id
    async with _api(site) as client:
        made = await client.create_bucket(pid, NewBucket("Phase 9", "success"))
        assert (made.title, made.color, made.type) == ("Phase 9", "success", BucketKind.CATEGORISED)
        renamed = await client.edit_bucket(made.id, BucketChanges("Phase ten", "danger"))
        assert (renamed.id, renamed.title, renamed.color) == (made.id, "Phase ten", "danger")
        assert await client.bucket(made.id) == renamed
        buckets = await client.buckets(pid)
        order = [b.id for b in reversed(buckets)]
        await client.reorder_buckets(order)
        assert [b.id for b in await client.buckets(pid)] == order
        system = next(b for b in buckets if b.is_system)
        victim = next(b for b in buckets if not b.is_system and b.tasks_count)
        held = system.tasks_count
        await client.delete_bucket(victim.id)  # tasks move to the default
        assert (await client.bucket(system.id)).tasks_count == held + victim.tasks_count
        await client.delete_bucket(made.id, TaskFate.DELETE)
        remaining = {b.id for b in await client.buckets(pid)}
        assert victim.id not in remaining and made.id not in remaining


async def test_api_401_403_404_409_422(site: Sandbox) -> None:
    key, closed = _keys(site)
    pid = site.store.projects_by_key[key].id
    async with _api(site, "wrong-key") as client:
        with pytest.raises(AuthenticationError, match="did not accept the API key"):
            await client.buckets(pid)
    async with _api(site, "sandbox-api-user-key") as client:
        with pytest.raises(PermissionDeniedError, match="This action is unauthorized"):
            await client.buckets(site.store.projects_by_key[closed].id)
    async with _api(site) as client:
        for call in (
            client.bucket(999999),
            client.edit_bucket(999999, BucketChanges("x", "default")),
            client.delete_bucket(999999),
        ):
            with pytest.raises(NotFoundError, match=r"^The milestone id does not exist"):
                await call
        with pytest.raises(NotFoundError, match="A milestone in the new order does not exist"):
            await client.reorder_buckets([999999])
        buckets = await client.buckets(pid)
        system = buckets[0]
        assert cannot_delete_reason(system) is not None  # what the UI says before trying
        with pytest.raises(ConflictError) as kept:
            await client.delete_bucket(system.id)
        assert str(kept.value).startswith("The system uncategorised milestone cannot be deleted.")
        assert "The service said:" in str(kept.value)
        with pytest.raises(ConflictError, match="already has a milestone with this title"):
            await client.create_bucket(pid, NewBucket(buckets[1].title.upper(), "default"))
        with pytest.raises(ConflictError, match="already has a milestone with this title"):
            await client.edit_bucket(buckets[2].id, BucketChanges(buckets[1].title, "info"))
        with pytest.raises(ValidationError, match="The selected project id is invalid"):
            await client.buckets(1)
        with pytest.raises(ValidationError, match="milestone color field is required"):
            await client.create_bucket(pid, NewBucket("No colour", " "))
    assert [b.id for b in site.store.milestones.project_buckets(pid)] == [b.id for b in buckets]


async def test_api_ping(site: Sandbox) -> None:
    async with _api(site) as client:
        assert await client.ping() is None  # 422 without a project: signed in
        key, _ = _keys(site)
        pid = site.store.projects_by_key[key].id
        assert await client.ping(pid) == len(site.store.milestones.project_buckets(pid))


# ----- dates of Jira versions and sprints ----------------------------------------------------------


@pytest_asyncio.fixture(
    params=[SandboxFlavour.CLOUD, SandboxFlavour.DATACENTER, SandboxFlavour.GREENHOPPER],
    ids=["cloud", "dc", "greenhopper"],
)
async def jira(request: pytest.FixtureRequest) -> AsyncIterator[tuple[Sandbox, JiraDates]]:
    """A fresh site of each flavour and its date edits."""
    site = make_site(request.param)
    cloud = request.param is SandboxFlavour.CLOUD
    kind = AuthKind.CLOUD_TOKEN if cloud else AuthKind.PASSWORD
    config = SiteConfig(HOST, auth_for(kind, site.admin.login, site.admin.secret))
    async with JiraClient(config, transport=httpx.ASGITransport(app=site.app)) as client:
        yield site, JiraDates(ProjectAdmin(client), await board_source_for(client))


async def test_version_dates_are_set_cleared_and_refused_in_jiras_words(
    jira: tuple[Sandbox, JiraDates],
) -> None:
    site, dates = jira
    version = next(v for v in site.store.versions.values() if not v.released)
    moved = await dates.set_version_dates(str(version.id), date(2027, 1, 4), date(2027, 2, 26))
    assert (moved.start_date, moved.release_date) == (date(2027, 1, 4), date(2027, 2, 26))
    stored = site.store.versions[version.id]
    assert (stored.start_date, stored.release_date) == (date(2027, 1, 4), date(2027, 2, 26))
    with pytest.raises(ValidationError) as refused:
        await dates.set_version_dates(str(version.id), date(2027, 3, 1), date(2027, 2, 1))
    assert str(refused.value) == "The start date must be before the release date."
    assert refused.value.errors == {"startDate": "The start date must be before the release date."}
    assert site.store.versions[version.id].start_date == date(2027, 1, 4)  # unchanged
    cleared = await dates.set_version_dates(str(version.id), None, date(2027, 3, 5))
    assert (cleared.start_date, cleared.release_date) == (None, date(2027, 3, 5))


async def test_sprint_dates_are_set_and_refused_in_jiras_words(
    jira: tuple[Sandbox, JiraDates],
) -> None:
    site, dates = jira
    assert dates.sprints_editable
    board = next(b for b in site.store.boards.values() if b.type == "scrum")
    source_sprint = next(
        s for s in site.store.sprints.values() if s.board_id == board.id and s.state == "future"
    )
    sprint = Sprint(source_sprint.id, source_sprint.name, SprintState.FUTURE, board.id)
    start = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    end = start + timedelta(days=14)
    moved = await dates.set_sprint_dates(sprint, start, end)
    assert (moved.start, moved.end) == (start, end)
    stored = site.store.sprints[sprint.id]
    assert (stored.start_date, stored.end_date) == (start, end)
    with pytest.raises(ValidationError) as refused:
        await dates.set_sprint_dates(moved, end, start)
    greenhopper = site.flavour is SandboxFlavour.GREENHOPPER
    words = (
        "The end date must be after the start date."
        if greenhopper
        else "The end date of a sprint must be after its start date."
    )
    assert words in str(refused.value)
    assert site.store.sprints[sprint.id].start_date == start  # unchanged
