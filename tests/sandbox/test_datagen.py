"""The generator is deterministic per seed and produces a realistic, permission-shaped site."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from app.sandbox.datagen import SiteSpec, demo_accounts, generate
from app.sandbox.model import Flavour

ANCHOR = date(2026, 11, 2)


def _fingerprint(flavour: Flavour, seed: int) -> list[object]:
    store = generate(SiteSpec(flavour, seed, projects=6, issues=300, anchor=ANCHOR))
    return [
        [asdict(u) for u in store.users.values()],
        [asdict(p) for p in store.projects.values()],
        [asdict(v) for v in store.versions.values()],
        [asdict(i) for i in store.issues.values()],
    ]


def test_same_seed_gives_identical_data() -> None:
    assert _fingerprint(Flavour.CLOUD, 3) == _fingerprint(Flavour.CLOUD, 3)


def test_different_seeds_give_different_data() -> None:
    one, two = _fingerprint(Flavour.CLOUD, 3), _fingerprint(Flavour.CLOUD, 4)
    assert one[3] != two[3]
    assert one[0] != two[0]


def test_site_has_what_the_issue_lists() -> None:
    store = generate(SiteSpec(Flavour.DATACENTER, 1, projects=12, issues=2000, anchor=ANCHOR))
    assert len(store.projects) == 12
    assert len(store.issues) == 2000
    assert len(store.users) >= 30
    assert store.categories and store.roles and store.transitions
    assert all(store.project_components(p) for p in store.projects.values())
    assert all(store.project_versions(p) for p in store.projects.values())
    assert any(v.released for v in store.versions.values())
    assert any(v.start_date and v.release_date for v in store.versions.values())
    issues = list(store.issues.values())
    assert any(i.comments for i in issues)
    assert any(i.story_points for i in issues)
    assert any(i.parent_id for i in issues)
    assert any(i.sprint_ids for i in issues)
    assert any(i.labels for i in issues)
    assert any(i.resolution_id for i in issues)
    assert {i.issuetype_id for i in issues} >= {10000, 10001, 10002, 10003}
    # keys are dense per project: PROJ-1 .. PROJ-n
    for project in store.projects.values():
        numbers = sorted(int(i.key.split("-")[1]) for i in issues if i.project_id == project.id)
        assert numbers == list(range(1, len(numbers) + 1))


def test_admin_sees_everything_and_plain_user_does_not() -> None:
    store = generate(SiteSpec(Flavour.CLOUD, 1, projects=12, issues=100, anchor=ANCHOR))
    admin_login, user_login = demo_accounts(Flavour.CLOUD)
    admin = store.user_by_email(admin_login.login)
    plain = store.user_by_email(user_login.login)
    assert admin is not None and plain is not None
    assert admin.is_admin and not plain.is_admin
    assert len(store.visible_projects(admin)) == 12
    visible = store.visible_projects(plain)
    assert 0 < len(visible) < 12
    assert store.visible_projects(None) == []


def test_dc_logins_are_usernames() -> None:
    admin, user = demo_accounts(Flavour.DATACENTER)
    store = generate(SiteSpec(Flavour.DATACENTER, 1, projects=2, issues=10, anchor=ANCHOR))
    assert store.user_by_name(admin.login) is not None
    assert store.user_by_name(user.login) is not None
    assert "@" not in admin.login


def test_a_site_without_projects_generates() -> None:
    store = generate(SiteSpec(Flavour.CLOUD, 2, projects=0, issues=0, anchor=ANCHOR))
    assert store.projects == {}
    assert store.filters  # the filters are there, shared with groups only
