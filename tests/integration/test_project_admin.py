"""``ProjectAdmin`` against the sandbox in both flavours: every operation, and Jira's refusals.

Reading tests share the session's sites (in-process and over loopback); every test that changes
a site gets a new one (``fresh``: in-process, both flavours; ``fresh_link``: also over loopback).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, timedelta

import pytest

from app.api.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from app.api.projects import ProjectAdmin
from app.domain.project import (
    AssigneeType,
    ComponentChanges,
    NewProject,
    ProjectChanges,
    RoleActor,
    VersionChanges,
    VersionPosition,
)
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox.model import Project as SiteProject
from app.sandbox.model import User as SiteUser
from app.sandbox.store import Store
from tests.integration.conftest import FLAVOURS, CountingTransport, Link, make_site

pytestmark = pytest.mark.asyncio

NOT_ADMIN = "You must have global administrator rights in order to modify projects."


@pytest.fixture(params=FLAVOURS, ids=["cloud", "dc"])
def fresh(request: pytest.FixtureRequest) -> Iterator[Link]:
    """A new site for this test alone, reached in-process."""
    yield Link(make_site(request.param), "asgi", "http://jira.sandbox.test")


@contextlib.asynccontextmanager
async def admin_of(
    link: Link, who: str = "admin", transport: CountingTransport | None = None
) -> AsyncIterator[ProjectAdmin]:
    """A ``ProjectAdmin`` signed in as ``who``, closed afterwards."""
    async with link.client(who, transport=transport) as client:
        yield ProjectAdmin(client)


def _user(store: Store, login: str) -> SiteUser:
    user = store.user_by_name(login)
    assert user is not None
    return user


def _ref(store: Store, login: str) -> str:
    """How this flavour names a user on the wire: accountId (Cloud) or username (DC)."""
    return store.user_ref(_user(store, login))


def _ms(when: datetime | None) -> datetime | None:
    """A time as Jira writes it: to the millisecond."""
    return when.replace(microsecond=when.microsecond // 1000 * 1000) if when else None


def _browsable(store: Store) -> SiteProject:
    """A project the plain user may browse but not administer, with versioned issues."""
    pat = _user(store, "pat")
    return next(
        p
        for p in store.visible_projects(pat)
        if not store.is_project_admin(pat, p)
        and any(
            i.project_id == p.id and i.fix_version_ids and i.component_ids
            for i in store.issues.values()
        )
    )


# ----- listing ------------------------------------------------------------------------------------


async def test_list_projects_fills_category_lead_and_cloud_insight(link: Link) -> None:
    store = link.site.store
    async with admin_of(link) as admin:
        projects = await admin.list_projects()
    assert [p.key for p in projects] == sorted(store.projects_by_key)
    insights = store.project_insights(store.projects.values())
    for found in projects:
        site = store.projects_by_key[found.key]
        assert found.id == str(site.id)
        assert found.name == site.name
        assert found.lead is not None and found.lead.id == store.user_ref(
            store.users[site.lead_key]
        )
        assert found.url == site.url
        if site.category_id is None:
            assert (found.category, found.category_id) == (None, None)
        else:
            category = store.categories[site.category_id]
            assert (found.category, found.category_id) == (category.name, str(category.id))
        count, last = insights[site.id]
        if link.cloud:  # Cloud's insight; DC leaves these to project_stats
            assert (found.issue_count, found.last_updated) == (count, _ms(last))
        else:
            assert (found.issue_count, found.last_updated) == (None, None)


async def test_cloud_list_pages_concurrently() -> None:
    # a latency makes the in-process site yield, so requests can overlap
    link = Link(make_site(SandboxFlavour.CLOUD, latency_ms=20), "asgi", "http://jira.sandbox.test")
    counting = link.transport(counting=True)
    assert isinstance(counting, CountingTransport)
    async with admin_of(link, transport=counting) as admin:
        projects = await admin.list_projects(page_size=5)
    assert len(projects) == len(link.site.store.projects)
    assert counting.count("GET", "/project/search") == 3
    assert counting.max_in_flight == 2  # the second and third pages, once the total is known


async def test_plain_user_lists_only_browsable_projects(link: Link) -> None:
    store = link.site.store
    async with admin_of(link, "user") as admin:
        keys = [p.key for p in await admin.list_projects()]
    assert keys == [p.key for p in store.visible_projects(_user(store, "pat"))]
    assert len(keys) < len(store.projects)


async def test_project_stats_on_demand(link: Link) -> None:
    store = link.site.store
    site = _browsable(store)
    count, last = store.project_insights([site])[site.id]
    async with admin_of(link) as admin:
        stats = await admin.project_stats(site.key)
    assert stats.issue_count == count > 0
    assert stats.last_updated == _ms(last)


# ----- one project --------------------------------------------------------------------------------


async def test_get_project_detail(link: Link) -> None:
    store = link.site.store
    site = _browsable(store)
    async with admin_of(link) as admin:
        detail = await admin.get_project(site.key)
    project = detail.project
    assert (project.key, project.name, project.description) == (
        site.key,
        site.name,
        site.description,
    )
    assert detail.assignee_type is AssigneeType(site.assignee_type)
    assert detail.avatar_url.startswith(link.base_url)
    assert f"ownerId={site.id}" in detail.avatar_url and "size=" not in detail.avatar_url
    assert [c.name for c in detail.components] == [c.name for c in store.project_components(site)]
    assert [(v.id, v.name, v.release_date) for v in detail.versions] == [
        (str(v.id), v.name, v.release_date) for v in store.project_versions(site)
    ]
    assert [r.name for r in detail.roles] == ["Administrators", "Developers", "Users"]
    for role in detail.roles:
        expected = site.role_actors[int(role.id)]
        assert [(a.kind, a.id) for a in role.actors] == [
            (a.kind, store.user_ref(store.users[a.value]) if a.kind == "user" else a.value)
            for a in expected
        ]
    assert detail.permission_scheme is not None
    assert (detail.permission_scheme.id, detail.permission_scheme.name) == (
        "0",
        "Default Permission Scheme",
    )


async def test_get_project_as_plain_user_leaves_out_the_scheme(link: Link) -> None:
    site = _browsable(link.site.store)
    async with admin_of(link, "user") as admin:
        detail = await admin.get_project(site.key)
    assert detail.project.key == site.key
    assert detail.permission_scheme is None  # 403 for non-administrators
    assert len(detail.roles) == 3


async def test_missing_project_is_404_with_jiras_words(link: Link) -> None:
    async with admin_of(link) as admin:
        with pytest.raises(NotFoundError) as caught:
            await admin.get_project("NOPE")
        assert str(caught.value) == "No project could be found with key 'NOPE'."
        assert caught.value.status == 404
        with pytest.raises(NotFoundError):
            await admin.components("NOPE")
        with pytest.raises(NotFoundError):
            await admin.roles("NOPE")
        if link.cloud:  # Cloud's stats come from a search by key that finds nothing
            with pytest.raises(NotFoundError, match="No project could be found"):
                await admin.project_stats("NOPE")
        else:  # DC's come from JQL, which names the project it does not know
            with pytest.raises(ValidationError) as refused:
                await admin.project_stats("NOPE")
            assert str(refused.value) == "The value 'NOPE' does not exist for the field 'project'."


async def test_hidden_project_is_404_for_the_plain_user(link: Link) -> None:
    store = link.site.store
    hidden = next(
        p for p in store.projects.values() if not store.can_browse(_user(store, "pat"), p)
    )
    async with admin_of(link, "user") as admin:
        with pytest.raises(NotFoundError):
            await admin.get_project(hidden.key)


async def test_get_project_fetches_roles_side_by_side(fresh: Link) -> None:
    fresh.site.knobs.latency_ms = 30
    site = _browsable(fresh.site.store)
    counting = fresh.transport(counting=True)
    assert isinstance(counting, CountingTransport)
    async with admin_of(fresh, transport=counting) as admin:
        await admin.client.flavour()
        before = counting.max_in_flight
        detail = await admin.get_project(site.key)
    assert before == 1
    role_gets = [p for m, p in counting.log if m == "GET" and "/role/" in p]
    assert len(role_gets) == len(detail.roles) == 3
    # three roles and the permission scheme at once, after the project itself
    assert counting.max_in_flight == 4


async def test_roles_match_get_project(link: Link) -> None:
    site = _browsable(link.site.store)
    async with admin_of(link) as admin:
        roles = await admin.roles(site.key)
        detail = await admin.get_project(site.key)
    assert tuple(roles) == detail.roles


# ----- keys ---------------------------------------------------------------------------------------


async def test_validate_project_key_speaks_jira(link: Link) -> None:
    site = _browsable(link.site.store)
    async with admin_of(link) as admin:
        assert await admin.validate_project_key("FREE") is None
        assert (
            await admin.validate_project_key(site.key)
            == f"Project '{site.name}' uses this project key."
        )
        assert await admin.validate_project_key("lower") == (
            "Project keys must start with an uppercase letter, followed by one or more uppercase "
            "alphanumeric characters."
        )
        assert await admin.validate_project_key("ABCDEFGHIJK") == (
            "The project key must not exceed 10 characters in length."
        )
        assert await admin.validate_project_key("CON") == (
            "This keyword is invalid as it is a reserved word on this operating system."
        )


# ----- creating, changing, deleting projects --------------------------------------------------------


async def test_create_update_delete_project(fresh_link: Link) -> None:
    store = fresh_link.site.store
    category = next(iter(store.categories.values()))
    async with admin_of(fresh_link) as admin:
        me = await admin.client.myself()
        created = await admin.create_project(
            NewProject(
                key="JADE",
                name="Jade tests",
                project_type="software",
                lead=me.id,
                description="Made by the tests.",
                url="https://example.test/jade",
                assignee_type=AssigneeType.PROJECT_LEAD,
                category_id=str(category.id),
            )
        )
        assert (created.key, created.name, created.description) == (
            "JADE",
            "Jade tests",
            "Made by the tests.",
        )
        assert (created.category, created.category_id) == (category.name, str(category.id))
        assert created.lead is not None and created.lead.id == me.id
        assert created.url == "https://example.test/jade"
        stats = await admin.project_stats("JADE")
        assert (stats.issue_count, stats.last_updated) == (0, None)
        assert (
            await admin.validate_project_key("JADE")
            == "Project 'Jade tests' uses this project key."
        )

        lead = _ref(store, "pat")
        detail = await admin.update_project(
            "JADE",
            ProjectChanges(
                name="Jade renamed",
                description="Changed.",
                lead=lead,
                url="",
                assignee_type=AssigneeType.UNASSIGNED,
                category_id=None,
            ),
        )
        project = detail.project
        assert (project.name, project.description, project.url) == ("Jade renamed", "Changed.", "")
        assert project.lead is not None and project.lead.id == lead
        assert (project.category, project.category_id) == (None, None)
        assert detail.assignee_type is AssigneeType.UNASSIGNED
        assert [r.name for r in detail.roles] == ["Administrators", "Developers", "Users"]

        unchanged = await admin.update_project("JADE", ProjectChanges())
        assert unchanged.project == project

        await admin.delete_project("JADE")
        with pytest.raises(NotFoundError):
            await admin.get_project("JADE")


async def test_duplicate_project_is_400_with_field_errors(fresh: Link) -> None:
    site = _browsable(fresh.site.store)
    async with admin_of(fresh) as admin:
        me = await admin.client.myself()
        with pytest.raises(ValidationError) as caught:
            await admin.create_project(
                NewProject(key=site.key, name=site.name, project_type="software", lead=me.id)
            )
    assert caught.value.status == 400
    assert caught.value.errors == {
        "projectName": "A project with that name already exists.",
        "projectKey": f"Project '{site.name}' uses this project key.",
    }


async def test_plain_user_may_not_change_projects(fresh: Link) -> None:
    site = _browsable(fresh.site.store)
    async with admin_of(fresh, "user") as admin:
        with pytest.raises(PermissionDeniedError) as caught:
            await admin.create_project(
                NewProject(key="MINE", name="Mine", project_type="software", lead="x")
            )
        assert str(caught.value) == NOT_ADMIN
        assert caught.value.status == 403
        with pytest.raises(PermissionDeniedError, match=NOT_ADMIN):
            await admin.update_project(site.key, ProjectChanges(name="Mine"))
        with pytest.raises(PermissionDeniedError):
            await admin.delete_project(site.key)
    assert fresh.site.store.projects_by_key[site.key].name == site.name


async def test_deleting_a_missing_project_is_404(fresh: Link) -> None:
    async with admin_of(fresh) as admin:
        with pytest.raises(
            NotFoundError, match=re.escape("No project could be found with key 'NOPE'.")
        ):
            await admin.delete_project("NOPE")


# ----- categories ---------------------------------------------------------------------------------


async def test_categories_crud(fresh: Link) -> None:
    store = fresh.site.store
    async with admin_of(fresh) as admin:
        listed = await admin.categories()
        assert [(c.id, c.name) for c in listed] == [
            (str(c.id), c.name) for c in store.categories.values()
        ]
        made = await admin.create_category("Jade lab", "Long-term work")
        assert (made.name, made.description) == ("Jade lab", "Long-term work")
        changed = await admin.update_category(made.id, name="Jade lab and workshop")
        assert (changed.name, changed.description) == ("Jade lab and workshop", "Long-term work")
        changed = await admin.update_category(made.id, description="")
        assert changed.description == ""
        with pytest.raises(ConflictError, match="already exists"):
            await admin.create_category(listed[0].name)
        await admin.delete_category(made.id)
        assert made.id not in {c.id for c in await admin.categories()}
        with pytest.raises(NotFoundError):
            await admin.delete_category(made.id)
    async with admin_of(fresh, "user") as plain:
        with pytest.raises(PermissionDeniedError):
            await plain.create_category("Plain")


# ----- components ---------------------------------------------------------------------------------


async def test_components_list_and_count(link: Link) -> None:
    store = link.site.store
    site = _browsable(store)
    async with admin_of(link) as admin:
        components = await admin.components(site.key)
        assert [(c.id, c.name) for c in components] == [
            (str(c.id), c.name) for c in store.project_components(site)
        ]
        first = components[0]
        assert first.lead is not None
        count = await admin.component_issue_count(first.id)
    assert count == sum(1 for i in store.issues.values() if int(first.id) in i.component_ids)


async def test_component_crud_and_delete_moving_issues(fresh: Link) -> None:
    store = fresh.site.store
    site = _browsable(store)
    lead = _ref(store, "pat")
    async with admin_of(fresh) as admin:
        made = await admin.create_component(
            site.key,
            ComponentChanges(
                name="Gateway",
                description="The API gateway",
                lead=lead,
                assignee_type=AssigneeType.COMPONENT_LEAD,
            ),
        )
        assert (made.name, made.description, made.assignee_type) == (
            "Gateway",
            "The API gateway",
            AssigneeType.COMPONENT_LEAD,
        )
        assert made.lead is not None and made.lead.id == lead
        with pytest.raises(ValidationError) as caught:
            await admin.create_component(site.key, ComponentChanges(name="gateway"))
        assert caught.value.errors == {
            "name": "A component with the name gateway already exists in this project."
        }
        changed = await admin.update_component(
            made.id,
            ComponentChanges(
                name="Edge gateway", lead=None, assignee_type=AssigneeType.PROJECT_DEFAULT
            ),
        )
        assert (changed.name, changed.lead, changed.assignee_type) == (
            "Edge gateway",
            None,
            AssigneeType.PROJECT_DEFAULT,
        )
        kept = await admin.update_component(made.id, ComponentChanges(description="Kept lead"))
        assert (kept.name, kept.description) == ("Edge gateway", "Kept lead")

        source = next(
            c
            for c in store.project_components(site)
            if any(c.id in i.component_ids for i in store.issues.values())
        )
        carrying = [i.key for i in store.issues.values() if source.id in i.component_ids]
        assert carrying
        assert await admin.component_issue_count(str(source.id)) == len(carrying)
        await admin.delete_component(str(source.id), move_issues_to=made.id)
        assert source.id not in store.components
        for key in carrying:  # every issue of the deleted component now has the new one
            assert int(made.id) in store.issues_by_key[key].component_ids
        assert await admin.component_issue_count(made.id) == len(carrying)
        await admin.delete_component(made.id, None)
        assert not any(int(made.id) in i.component_ids for i in store.issues.values())
        with pytest.raises(NotFoundError, match=f"The component with id {made.id} does not exist."):
            await admin.component_issue_count(made.id)


async def test_plain_user_may_not_change_components(fresh: Link) -> None:
    site = _browsable(fresh.site.store)
    async with admin_of(fresh, "user") as admin:
        with pytest.raises(PermissionDeniedError, match="does not have permission"):
            await admin.create_component(site.key, ComponentChanges(name="Mine"))


# ----- versions -----------------------------------------------------------------------------------


async def test_versions_list_in_order_and_counts(link: Link) -> None:
    store = link.site.store
    site = _browsable(store)
    counting = link.transport(counting=True)
    assert isinstance(counting, CountingTransport)
    async with admin_of(link, transport=counting) as admin:
        versions = await admin.versions(site.key, page_size=2)
        with_fixes = next(
            v
            for v in store.project_versions(site)
            if any(v.id in i.fix_version_ids for i in store.issues.values())
        )
        counts = await admin.version_issue_counts(str(with_fixes.id))
    expected = store.project_versions(site)
    assert [(v.id, v.name, v.start_date, v.released) for v in versions] == [
        (str(v.id), v.name, v.start_date, v.released) for v in expected
    ]
    if link.cloud:  # paged there: several pages of two
        assert counting.count("GET", f"/project/{site.key}/version") == (len(expected) + 1) // 2
    else:
        assert counting.count("GET", f"/project/{site.key}/versions") == 1
    fixed, affected = counts
    assert fixed == sum(1 for i in store.issues.values() if with_fixes.id in i.fix_version_ids) > 0
    assert affected == sum(
        1 for i in store.issues.values() if with_fixes.id in i.affects_version_ids
    )


async def test_version_create_update_release_archive_move(fresh: Link) -> None:
    store = fresh.site.store
    site = _browsable(store)
    start, release = date(2099, 1, 5), date(2099, 2, 27)
    async with admin_of(fresh) as admin:
        made = await admin.create_version(
            site.key,
            VersionChanges(
                name="9.0", description="Next big one", start_date=start, release_date=release
            ),
        )
        assert (made.name, made.description, made.start_date, made.release_date) == (
            "9.0",
            "Next big one",
            start,
            release,
        )
        assert (made.released, made.archived, made.overdue) == (False, False, False)
        by_id = await admin.create_version(str(site.id), VersionChanges(name="9.1"))
        assert by_id.name == "9.1"

        released = await admin.update_version(made.id, VersionChanges(released=True))
        assert released.released and released.release_date == release
        archived = await admin.update_version(
            made.id, VersionChanges(archived=True, release_date=None, name="9.0.0")
        )
        assert (archived.archived, archived.release_date, archived.name) == (True, None, "9.0.0")
        assert archived.start_date == start  # UNSET: left as it was

        moved = await admin.move_version(made.id, VersionPosition.FIRST)
        assert moved.id == made.id
        assert (await admin.versions(site.key))[0].id == made.id
        await admin.move_version(made.id, after=by_id.id)
        order = [v.id for v in await admin.versions(site.key)]
        assert order[-2:] == [by_id.id, made.id]
        await admin.move_version(made.id, VersionPosition.EARLIER)
        assert [v.id for v in await admin.versions(site.key)][-2:] == [made.id, by_id.id]
        with pytest.raises(ValueError, match="either a position or a version"):
            await admin.move_version(made.id, VersionPosition.LAST, after=by_id.id)


async def test_version_refusals_speak_jira(fresh: Link) -> None:
    site = _browsable(fresh.site.store)
    existing = fresh.site.store.project_versions(site)[0]
    async with admin_of(fresh) as admin:
        with pytest.raises(ValidationError) as caught:
            await admin.create_version(site.key, VersionChanges(name=existing.name))
        assert caught.value.errors == {
            "name": "A version with this name already exists in this project."
        }
        with pytest.raises(ValidationError) as caught:
            await admin.create_version(
                site.key,
                VersionChanges(
                    name="Backwards",
                    start_date=date(2027, 3, 1),
                    release_date=date(2027, 3, 1) - timedelta(days=1),
                ),
            )
        assert caught.value.errors == {
            "startDate": "The start date must be before the release date."
        }
        with pytest.raises(ValidationError) as caught:
            await admin.update_version(
                str(existing.id),
                VersionChanges(
                    start_date=(existing.release_date or date(2027, 1, 1)) + timedelta(days=9)
                ),
            )
        assert set(caught.value.errors) == {"startDate"}
        with pytest.raises(NotFoundError, match="Could not find version for id '99999'"):
            await admin.update_version("99999", VersionChanges(name="x"))
        with pytest.raises(NotFoundError):
            await admin.create_version("NOPE", VersionChanges(name="x"))
    async with admin_of(fresh, "user") as plain:
        with pytest.raises(
            PermissionDeniedError,
            match=re.escape(
                "You must have global or project administrator rights in order to modify versions."
            ),
        ):
            await plain.create_version(site.key, VersionChanges(name="Mine"))


async def test_delete_version_swaps_its_issues(fresh: Link) -> None:
    store = fresh.site.store
    site = _browsable(store)
    versions = store.project_versions(site)
    doomed = next(
        v for v in versions if any(v.id in i.fix_version_ids for i in store.issues.values())
    )
    target = next(v for v in versions if v is not doomed)
    affects_target = next(v for v in versions if v not in (doomed, target))
    fixed = [i.key for i in store.issues.values() if doomed.id in i.fix_version_ids]
    affected = [i.key for i in store.issues.values() if doomed.id in i.affects_version_ids]
    async with admin_of(fresh) as admin:
        counts = await admin.version_issue_counts(str(doomed.id))
        assert counts == (len(fixed), len(affected))
        with pytest.raises(
            ValidationError, match="cannot move the issues to the version being deleted"
        ):
            await admin.delete_version(str(doomed.id), move_fix_to=str(doomed.id))
        await admin.delete_version(
            str(doomed.id), move_fix_to=str(target.id), move_affected_to=str(affects_target.id)
        )
        assert str(doomed.id) not in {v.id for v in await admin.versions(site.key)}
        with pytest.raises(NotFoundError):
            await admin.version_issue_counts(str(doomed.id))
        plain_delete = next(v for v in store.project_versions(site) if v is not target)
        await admin.delete_version(str(plain_delete.id))
    for key in fixed:  # the issues themselves now name the swap targets
        issue = store.issues_by_key[key]
        assert doomed.id not in issue.fix_version_ids and target.id in issue.fix_version_ids
    for key in affected:
        issue = store.issues_by_key[key]
        assert affects_target.id in issue.affects_version_ids
    assert not any(plain_delete.id in i.fix_version_ids for i in store.issues.values())


# ----- roles --------------------------------------------------------------------------------------


async def test_role_actors_add_and_remove(fresh: Link) -> None:
    store = fresh.site.store
    site = _browsable(store)
    developers = "10001"
    user = _ref(store, "pat")
    async with admin_of(fresh) as admin:
        role = await admin.add_role_actors(
            site.key, developers, users=[user], groups=["site-reliability"]
        )
        assert ("user", user) in {(a.kind, a.id) for a in role.actors}
        assert ("group", "site-reliability") in {(a.kind, a.id) for a in role.actors}
        with pytest.raises(ValidationError, match="is already a member of the project role"):
            await admin.add_role_actors(site.key, developers, groups=["site-reliability"])
        same = await admin.add_role_actors(site.key, developers)
        assert same == role
        await admin.remove_role_actor(site.key, developers, RoleActor("user", user, "Pat"))
        await admin.remove_role_actor(
            site.key, developers, RoleActor("group", "site-reliability", "site-reliability")
        )
        after = {r.id: r for r in await admin.roles(site.key)}[developers]
        assert {(a.kind, a.id) for a in after.actors}.isdisjoint(
            {("user", user), ("group", "site-reliability")}
        )
        with pytest.raises(NotFoundError, match="is not a member of the project role"):
            await admin.remove_role_actor(
                site.key, developers, RoleActor("group", "site-reliability", "")
            )
    async with admin_of(fresh, "user") as plain:
        with pytest.raises(
            PermissionDeniedError,
            match=re.escape("You cannot edit the configuration of this project."),
        ):
            await plain.add_role_actors(site.key, developers, groups=["jira-users"])


# ----- pickers ------------------------------------------------------------------------------------


async def test_search_users_names_them_per_flavour(link: Link) -> None:
    store = link.site.store
    counting = link.transport(counting=True)
    assert isinstance(counting, CountingTransport)
    async with admin_of(link, transport=counting) as admin:
        found = await admin.search_users("ada", limit=5)
        assert await admin.search_users("  ") == []
    admin_user = _user(store, "admin")
    assert store.user_ref(admin_user) in [u.id for u in found]
    assert all(u.display_name.lower().startswith("ada") for u in found)
    assert len(found) <= 5
    assert counting.count("GET", "/user/search") == 1  # a blank query asks nobody


async def test_search_groups_ignores_case(link: Link) -> None:
    async with admin_of(link) as admin:
        assert await admin.search_groups("JIRA") == [
            "jira-administrators",
            "jira-developers",
            "jira-users",
        ]
        assert await admin.search_groups("jira", limit=1) == ["jira-administrators"]
        assert await admin.search_groups("nothing-like-it") == []
