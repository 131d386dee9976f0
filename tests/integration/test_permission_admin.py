"""``PermissionAdmin`` against the sandbox in both flavours: every operation and Jira's refusals.

Reading tests share one site per flavour; every test that changes a site gets a new one. "Who
can" answers are checked against the sandbox's own resolution of the same grants.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

import pytest

from app.api.errors import (
    AuthenticationError,
    LoginPageError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ValidationError,
)
from app.api.permission_ops import SchemeInUseError, UnsupportedError
from app.api.permissions import PermissionAdmin
from app.domain.permission import GrantCell, Holder
from app.domain.permission_diff import StagedChanges
from app.sandbox import Sandbox
from app.sandbox.datagen.permissions import ENGINEERING_ID, PUBLIC_ID, RESTRICTED_ID
from app.sandbox.model import Project as SiteProject
from app.sandbox.permissions import holds, projects_using
from tests.integration.conftest import FLAVOURS, CountingTransport, Link, make_site

pytestmark = pytest.mark.asyncio

ENGINEERING, PUBLIC, RESTRICTED = str(ENGINEERING_ID), str(PUBLIC_ID), str(RESTRICTED_ID)


@pytest.fixture(scope="module", params=FLAVOURS, ids=["cloud", "dc"])
def shared(request: pytest.FixtureRequest) -> Iterator[Link]:
    """A read-only site per flavour for this module, reached in-process."""
    yield Link(make_site(request.param), "asgi", "http://jira.sandbox.test")


@pytest.fixture(params=FLAVOURS, ids=["cloud", "dc"])
def fresh(request: pytest.FixtureRequest) -> Iterator[Link]:
    """A new site for this test alone, reached in-process."""
    yield Link(make_site(request.param), "asgi", "http://jira.sandbox.test")


@contextlib.asynccontextmanager
async def admin_of(
    link: Link, who: str = "admin", transport: CountingTransport | None = None, **options: object
) -> AsyncIterator[PermissionAdmin]:
    """A ``PermissionAdmin`` signed in as ``who``, closed afterwards."""
    async with link.client(who, transport=transport, **options) as client:
        admin = PermissionAdmin(client)
        try:
            yield admin
        finally:
            admin.forget()


def _ref(site: Sandbox, user_key: str) -> str:
    return site.store.user_ref(site.store.users[user_key])


def _project(site: Sandbox, scheme_id: int) -> SiteProject:
    return projects_using(site.store, scheme_id)[0]


async def test_permissions_list_project_permissions_first(shared: Link) -> None:
    async with admin_of(shared) as admin:
        found = await admin.permissions()
    keys = [p.key for p in found]
    assert {"BROWSE_PROJECTS", "EDIT_ISSUES", "ADMINISTER"} <= set(keys)
    assert keys.index("BROWSE_PROJECTS") < keys.index("ADMINISTER")
    assert next(p for p in found if p.key == "ADMINISTER").is_project is False


async def test_schemes_come_with_grants_and_labelled_holders(shared: Link) -> None:
    store = shared.site.store
    async with admin_of(shared) as admin:
        schemes = await admin.schemes()
    assert [s.name for s in schemes] == sorted(
        (s.name for s in store.permission_schemes.values()), key=str.casefold
    )
    engineering = next(s for s in schemes if s.id == ENGINEERING)
    site_scheme = store.permission_schemes[ENGINEERING_ID]
    assert len(engineering.grants) == len(site_scheme.grants)
    roles = {g.holder.display for g in engineering.grants if g.holder.type == "projectRole"}
    assert roles == {"Administrators", "Developers", "Users"}
    user = next(g.holder for g in engineering.grants if g.holder.type == "user")
    site_user = next(g.parameter for g in site_scheme.grants if g.holder_type == "user")
    assert user.parameter == _ref(shared.site, str(site_user))  # accountId or username
    assert user.display == store.users[str(site_user)].display_name
    assert Holder("group", "qa") in {g.holder for g in engineering.grants}


async def test_a_missing_scheme_is_jiras_404(shared: Link) -> None:
    async with admin_of(shared) as admin:
        with pytest.raises(NotFoundError) as caught:
            await admin.scheme("4242")
    assert str(caught.value) == "Permission scheme 4242 does not exist"


async def test_create_with_grants_and_the_refusals(fresh: Link) -> None:
    cells = [
        GrantCell("BROWSE_PROJECTS", Holder("group", "jira-developers")),
        GrantCell("EDIT_ISSUES", Holder("reporter")),
    ]
    async with admin_of(fresh) as admin:
        made = await admin.create_scheme("Audit", "for the audit", cells)
        assert made.cells() == frozenset(cells)
        assert made.description == "for the audit"
        with pytest.raises(ValidationError) as caught:
            await admin.create_scheme("audit")
        assert "already exists" in str(caught.value)
    async with admin_of(fresh, "user") as plain:
        with pytest.raises(PermissionDeniedError):
            await plain.create_scheme("Mine")


async def test_copy_takes_every_grant_one_by_one(fresh: Link) -> None:
    async with admin_of(fresh) as admin:
        source = await admin.scheme(ENGINEERING)
        copy, outcomes = await admin.copy_scheme(ENGINEERING, "Engineering (copy)")
    assert copy.id != source.id
    assert copy.cells() == source.cells()
    assert copy.description == source.description
    assert len(outcomes) == len(source.cells())
    assert all(o.ok and o.action == "add" for o in outcomes)


async def test_rename_keeps_every_grant(fresh: Link) -> None:
    before = len(fresh.site.store.permission_schemes[ENGINEERING_ID].grants)
    async with admin_of(fresh) as admin:
        renamed = await admin.update_scheme(ENGINEERING, name="Engineering v2")
        described = await admin.update_scheme(ENGINEERING, description="New words")
    assert (renamed.name, described.name, described.description) == (
        "Engineering v2",
        "Engineering v2",
        "New words",
    )
    assert len(described.grants) == before
    assert len(fresh.site.store.permission_schemes[ENGINEERING_ID].grants) == before


async def test_delete_is_refused_while_projects_use_the_scheme(fresh: Link) -> None:
    used = [p.key for p in projects_using(fresh.site.store, ENGINEERING_ID)]
    async with admin_of(fresh) as admin:
        with pytest.raises(SchemeInUseError) as caught:
            await admin.delete_scheme(ENGINEERING)
        assert caught.value.projects == tuple(used)
        assert all(key in str(caught.value) for key in used)
        await admin.delete_scheme(PUBLIC)
        with pytest.raises(NotFoundError):
            await admin.scheme(PUBLIC)
    assert ENGINEERING_ID in fresh.site.store.permission_schemes


async def test_staged_changes_apply_grant_by_grant_with_each_outcome(fresh: Link) -> None:
    async with admin_of(fresh) as admin:
        scheme = await admin.scheme(PUBLIC)
        gone = scheme.grants[0]
        new = GrantCell("LINK_ISSUES", Holder("group", "qa"))
        ghost = GrantCell("LINK_ISSUES", Holder("group", "ghosts"))
        outcomes = await admin.apply_changes(
            PUBLIC, StagedChanges(adds=(new, ghost), deletes=(gone,))
        )
        after = await admin.scheme(PUBLIC)
    assert [(o.action, o.ok) for o in outcomes] == [("delete", True), ("add", True), ("add", False)]
    assert outcomes[2].error == "Group 'ghosts' does not exist."
    assert new in after.cells()
    assert gone.cell not in after.cells()


async def test_single_grant_writes_and_their_refusals(fresh: Link) -> None:
    async with admin_of(fresh) as admin:
        with pytest.raises(ValidationError) as caught:
            await admin.add_grant(PUBLIC, GrantCell("BROWSE_PROJECTS", Holder("anyone")))
        assert "already grants" in str(caught.value)
        with pytest.raises(ValidationError):
            await admin.delete_grant(PUBLIC, "99999")
        grant = await admin.add_grant(PUBLIC, GrantCell("MOVE_ISSUES", Holder("projectLead")))
        await admin.delete_grant(PUBLIC, grant.id)
    assert all(g.id != int(grant.id) for g in fresh.site.store.permission_schemes[PUBLIC_ID].grants)
    async with admin_of(fresh, "user") as plain:
        with pytest.raises(PermissionDeniedError):
            await plain.add_grant(PUBLIC, GrantCell("MOVE_ISSUES", Holder("projectLead")))


async def test_assign_a_scheme_and_read_it_back(fresh: Link) -> None:
    key = min(fresh.site.store.projects_by_key)
    async with admin_of(fresh) as admin:
        assert (await admin.project_scheme(key)).id == "0"
        assigned = await admin.assign_scheme(key, PUBLIC)
        assert (assigned.id, assigned.name) == (PUBLIC, "Public Feedback Scheme")
        assert (await admin.project_scheme(key)).id == PUBLIC
        with pytest.raises(NotFoundError):
            await admin.assign_scheme(key, "4242")
    async with admin_of(fresh, "user") as plain:
        with pytest.raises(PermissionDeniedError):
            await plain.assign_scheme(key, "0")


async def test_scheme_usage_names_every_project(shared: Link) -> None:
    store = shared.site.store
    async with admin_of(shared) as admin:
        usage = await admin.scheme_usage()
    expected = {
        str(sid): tuple(p.key for p in projects_using(store, sid))
        for sid in store.permission_schemes
        if projects_using(store, sid)
    }
    assert usage == expected


@pytest.fixture(scope="module", params=FLAVOURS, ids=["cloud", "dc"])
def bench(request: pytest.FixtureRequest) -> Iterator[Link]:
    """A site with the benchmark's crowd (500 projects, 2,000 users, 200 groups)."""
    site = make_site(request.param, projects=2, issues=20, bench_permissions=True)
    yield Link(site, "asgi", "http://jira.sandbox.test")


async def test_group_members_read_every_page(bench: Link) -> None:
    site, link = bench.site, bench
    name, members = max(
        ((g, site.store.group_members(g)) for g in site.store.groups), key=lambda gm: len(gm[1])
    )
    assert len(members) > 100
    async with admin_of(link) as admin:
        found = await admin.group_members(name)
        pages = admin.requests
        again = await admin.group_members(name)
    assert [u.id for u in found] == [site.store.user_ref(u) for u in members if u.active]
    assert pages == -(-len(found) // 50)
    assert again == found and admin.requests == pages  # read once per run


async def test_who_can_matches_the_sites_own_answer(shared: Link) -> None:
    site = shared.site
    project = _project(site, ENGINEERING_ID)
    async with admin_of(shared) as admin:
        answer = await admin.who_can(project.key, "BROWSE_PROJECTS")
        sent = admin.requests
        await admin.who_can(project.key, "BROWSE_PROJECTS")
        assert admin.requests == sent  # everything read once per run
    expected = {
        site.store.user_ref(u)
        for u in site.store.users.values()
        if u.active and holds(site.store, u, project, "BROWSE_PROJECTS")
    }
    assert {u.user.id for u in answer.users} == expected
    assert answer.conditions == ()
    tester = next(u for u in answer.users if "group:qa" in u.via)
    assert "role:Developers/group:qa" in tester.via  # reached two ways
    lead = site.store.user_ref(site.store.users[project.lead_key])
    assert "role:Administrators" in next(u.via for u in answer.users if u.user.id == lead)


async def test_who_can_lists_conditions_the_lead_and_an_empty_group(shared: Link) -> None:
    site = shared.site
    engineering = _project(site, ENGINEERING_ID)
    restricted = _project(site, RESTRICTED_ID)
    async with admin_of(shared) as admin:
        edit = await admin.who_can(engineering.key, "EDIT_ISSUES")
        admin_projects = await admin.who_can(engineering.key, "ADMINISTER_PROJECTS")
        browse = await admin.who_can(restricted.key, "BROWSE_PROJECTS")
    assert edit.conditions == ("reporter", "userCustomField:customfield_10300")
    lead = site.store.user_ref(site.store.users[engineering.lead_key])
    assert "lead" in next(u.via for u in admin_projects.users if u.user.id == lead)
    assert browse.empty_groups == ("contractors",)


async def test_who_can_across_projects(shared: Link) -> None:
    keys = sorted(shared.site.store.projects_by_key)[:4]
    async with admin_of(shared) as admin:
        answers = await admin.who_can_everywhere("BROWSE_PROJECTS", keys)
    assert [a.project_key for a in answers] == keys
    assert all(a.users for a in answers)


async def test_users_with_permission_is_jiras_own_answer(shared: Link) -> None:
    site = shared.site
    project = _project(site, ENGINEERING_ID)
    tester = next(u for u in site.store.users.values() if "qa" in u.groups and u.active)
    async with admin_of(shared) as admin:
        found = await admin.users_with_permission(project.key, "RESOLVE_ISSUES", tester.name)
    assert site.store.user_ref(tester) in {u.id for u in found}
    assert all(
        holds(site.store, site.store.find_user(u.id) or tester, project, "RESOLVE_ISSUES")
        for u in found
    )


async def test_check_permissions_on_cloud_and_not_on_dc(shared: Link) -> None:
    site = shared.site
    pat = site.store.user_by_name("pat")
    assert pat is not None
    ids = [str(p) for p in sorted(site.store.projects)]
    async with admin_of(shared) as admin:
        if not shared.cloud:
            with pytest.raises(UnsupportedError):
                await admin.check_permissions("x", ["BROWSE_PROJECTS"], ids)
            return
        found = await admin.check_permissions(pat.account_id, ["BROWSE_PROJECTS"], ids)
    expected = tuple(
        i for i in ids if holds(site.store, pat, site.store.projects[int(i)], "BROWSE_PROJECTS")
    )
    assert found == {"BROWSE_PROJECTS": expected}


async def test_my_permissions_say_what_to_disable(shared: Link) -> None:
    async with admin_of(shared, "user") as plain:
        mine = await plain.my_permissions(["ADMINISTER", "BROWSE_PROJECTS"])
    assert mine == {"ADMINISTER": False, "BROWSE_PROJECTS": True}


async def test_failures_are_the_clients_typed_errors(fresh: Link) -> None:
    async with admin_of(fresh, secret="wrong") as admin:
        with pytest.raises(AuthenticationError):
            await admin.schemes()
    async with admin_of(fresh) as admin:
        await admin.flavour()
        fresh.site.knobs.queue_faults("html-login")
        with pytest.raises(LoginPageError):
            await admin.schemes()
        fresh.site.knobs.queue_faults("500")
        with pytest.raises(ServerError):
            await admin.who_can(min(fresh.site.store.projects_by_key), "BROWSE_PROJECTS")


async def test_who_can_everywhere_reads_the_leads_from_the_project_list(bench: Link) -> None:
    store = bench.site.store
    keys = [f"PB{n:03d}" for n in range(60)]
    transport = bench.transport(counting=True)
    assert isinstance(transport, CountingTransport)
    async with admin_of(bench, transport=transport) as admin:
        answers = await admin.who_can_everywhere("BROWSE_PROJECTS", keys)
    for answer in answers:
        project = store.projects_by_key[answer.project_key]
        lead = store.user_ref(store.users[project.lead_key])
        via = next((u.via for u in answer.users if u.user.id == lead), ())
        assert ("lead" in via) == (project.permission_scheme_id != 0)
    # no project was read one by one for its lead
    assert not any(
        method == "GET" and path.rsplit("/", 1)[-1] in keys for method, path in transport.log
    )
    assert transport.count("GET", "/permissionscheme") == len(keys)  # each project's, once


async def test_project_roles_hold_their_users_and_groups(shared: Link) -> None:
    store = shared.site.store
    project = _project(shared.site, ENGINEERING_ID)
    async with admin_of(shared) as admin:
        roles = {r.name: r for r in await admin.project_roles(project.key)}
    assert list(roles) == ["Administrators", "Developers", "Users"]
    developers = roles["Developers"]
    actors = project.role_actors[10001]
    assert set(developers.groups) == {a.value for a in actors if a.kind == "group"} >= {"qa"}
    assert {u.id for u in developers.users} == {
        _ref(shared.site, a.value) for a in actors if a.kind == "user"
    }
    assert all(u.display_name for u in developers.users)
    assert store.roles[10001].name == "Developers"
