"""Permission schemes with grants of every holder type, the groups they name, and who uses them.

Drawn from a generator of its own, after the rest of the site, so a site is otherwise the same as
before. The default scheme grants by project role as Jira's own does; "Engineering" adds groups
(jira-developers, qa), a single user, a user custom field and the project lead; "Restricted"
keeps the projects plain users cannot browse to administrators and an empty group; "Public
Feedback" (used by no project) lets anyone browse and create. ``--bench-permissions`` adds 500
projects, 2,000 users and 200 groups for the "who can" benchmark.
"""

from __future__ import annotations

import random

from app.sandbox.model import Actor, Group, PermissionScheme, Project, SchemeGrant, User
from app.sandbox.store import Store

__all__ = [
    "BENCH_GROUPS",
    "BENCH_PREFIX",
    "BENCH_PROJECTS",
    "BENCH_USERS",
    "ENGINEERING_ID",
    "PUBLIC_ID",
    "RESTRICTED_ID",
    "add_bench_permissions",
    "add_permission_schemes",
]

ENGINEERING_ID, RESTRICTED_ID, PUBLIC_ID, BENCH_SCHEME_ID = 10100, 10101, 10102, 10103
BENCH_PROJECTS, BENCH_USERS, BENCH_GROUPS = 500, 2000, 200
BENCH_PREFIX = "PB"
ADMINS, DEVS, USERS = "10002", "10001", "10000"  # the project roles every site has
APPROVERS_FIELD = "customfield_10300"  # a user picker field a scheme names (Engineering)

Holder = tuple[str, str | None]
_ROLE_A: Holder = ("projectRole", ADMINS)
_ROLE_D: Holder = ("projectRole", DEVS)
_ROLE_U: Holder = ("projectRole", USERS)
_EVERYONE: tuple[Holder, ...] = (_ROLE_U, _ROLE_D, _ROLE_A)
_WORKERS: tuple[Holder, ...] = (_ROLE_U, _ROLE_D)

# Jira's default software scheme, by role (what every new project is given)
DEFAULT_GRANTS: dict[str, tuple[Holder, ...]] = {
    "ADMINISTER_PROJECTS": (_ROLE_A,),
    "BROWSE_PROJECTS": _EVERYONE,
    "MANAGE_SPRINTS_PERMISSION": (_ROLE_D, _ROLE_A),
    "VIEW_DEV_TOOLS": (_ROLE_D,),
    "VIEW_READONLY_WORKFLOW": (("applicationRole", None),),
    "CREATE_ISSUES": _WORKERS,
    "EDIT_ISSUES": (_ROLE_D, ("reporter", None)),
    "TRANSITION_ISSUES": (_ROLE_D, ("assignee", None)),
    "ASSIGN_ISSUES": (_ROLE_D, _ROLE_A),
    "ASSIGNABLE_USER": (_ROLE_D,),
    "RESOLVE_ISSUES": (_ROLE_D,),
    "CLOSE_ISSUES": (_ROLE_D, _ROLE_A),
    "DELETE_ISSUES": (_ROLE_A,),
    "LINK_ISSUES": (_ROLE_D,),
    "MODIFY_REPORTER": (_ROLE_A,),
    "MOVE_ISSUES": (_ROLE_D,),
    "SCHEDULE_ISSUES": (_ROLE_D,),
    "SET_ISSUE_SECURITY": (_ROLE_A,),
    "MANAGE_WATCHERS": (_ROLE_A,),
    "VIEW_VOTERS_AND_WATCHERS": _WORKERS,
    "ADD_COMMENTS": _WORKERS,
    "EDIT_ALL_COMMENTS": (_ROLE_A,),
    "EDIT_OWN_COMMENTS": _WORKERS,
    "DELETE_ALL_COMMENTS": (_ROLE_A,),
    "DELETE_OWN_COMMENTS": _WORKERS,
    "CREATE_ATTACHMENTS": _WORKERS,
    "DELETE_ALL_ATTACHMENTS": (_ROLE_A,),
    "DELETE_OWN_ATTACHMENTS": _WORKERS,
    "WORK_ON_ISSUES": (_ROLE_D,),
    "EDIT_OWN_WORKLOGS": (_ROLE_D,),
    "EDIT_ALL_WORKLOGS": (_ROLE_A,),
    "DELETE_OWN_WORKLOGS": (_ROLE_D,),
    "DELETE_ALL_WORKLOGS": (_ROLE_A,),
}


def _grants(store: Store, table: dict[str, tuple[Holder, ...]]) -> list[SchemeGrant]:
    return [
        SchemeGrant(store.next_id("permissiongrant", 10200), key, kind, param)
        for key, holders in table.items()
        for kind, param in holders
    ]


def _engineering(lead_of_qa: User) -> dict[str, tuple[Holder, ...]]:
    table = dict(DEFAULT_GRANTS)
    dev_group: Holder = ("group", "jira-developers")
    qa: Holder = ("group", "qa")
    table["ADMINISTER_PROJECTS"] = (_ROLE_A, ("projectLead", None))
    table["BROWSE_PROJECTS"] = (*_EVERYONE, dev_group, qa)
    table["EDIT_ISSUES"] = (_ROLE_D, qa, ("reporter", None), ("userCustomField", APPROVERS_FIELD))
    table["TRANSITION_ISSUES"] = (_ROLE_D, qa, ("assignee", None))
    table["RESOLVE_ISSUES"] = (_ROLE_D, qa)
    table["DELETE_ISSUES"] = (_ROLE_A, ("user", lead_of_qa.key), ("group", "jira-administrators"))
    table["MANAGE_WATCHERS"] = (_ROLE_A, ("groupCustomField", "customfield_10301"))
    return table


def _restricted() -> dict[str, tuple[Holder, ...]]:
    admins: tuple[Holder, ...] = (_ROLE_A, ("group", "jira-administrators"))
    return {
        "ADMINISTER_PROJECTS": admins,
        "BROWSE_PROJECTS": (_ROLE_D, *admins, ("group", "contractors")),
        "CREATE_ISSUES": (_ROLE_D, ("projectLead", None)),
        "EDIT_ISSUES": (_ROLE_D,),
        "TRANSITION_ISSUES": (_ROLE_D,),
        "ASSIGNABLE_USER": (_ROLE_D,),
        "ASSIGN_ISSUES": admins,
        "DELETE_ISSUES": admins,
        "ADD_COMMENTS": (_ROLE_D, *admins),
        "CREATE_ATTACHMENTS": (_ROLE_D,),
        "WORK_ON_ISSUES": (_ROLE_D,),
    }


def _public() -> dict[str, tuple[Holder, ...]]:
    anyone: Holder = ("anyone", None)
    return {
        "BROWSE_PROJECTS": (anyone,),
        "CREATE_ISSUES": (anyone,),
        "ADD_COMMENTS": (("applicationRole", "jira-software"), ("reporter", None)),
        "EDIT_OWN_COMMENTS": (("reporterWithCreatePermission", None),),
        "ADMINISTER_PROJECTS": (_ROLE_A,),
        "ASSIGNABLE_USER": (("assigneeWithAssignablePermission", None), _ROLE_D),
    }


def _group(store: Store, rng: random.Random, name: str) -> None:
    store.groups[name] = Group(name, f"{rng.getrandbits(64):016x}-{len(store.groups):04d}")


def add_permission_schemes(store: Store, seed: int) -> None:
    """The demo's schemes and grants, the groups ``qa`` and ``contractors`` (empty), and who uses
    which scheme: the first project by key keeps the default, projects plain users cannot
    browse use Restricted, and every third of the others Engineering (with qa in Developers)."""
    rng = random.Random(seed * 7919 + 13)
    _group(store, rng, "qa")
    _group(store, rng, "contractors")  # a group granted something, with no members
    people = sorted(
        (u for u in store.users.values() if u.active and u.name not in ("admin", "pat")),
        key=lambda u: u.key,
    )
    testers = rng.sample(people, min(8, len(people)))
    for user in testers:
        user.groups.append("qa")
    default = store.permission_schemes[0]
    default.grants = _grants(store, DEFAULT_GRANTS)
    for ident, name, description, table in (
        (
            ENGINEERING_ID,
            "Engineering Permission Scheme",
            "Developers and QA work on issues; the project lead administers.",
            _engineering(testers[0] if testers else people[0]),
        ),
        (
            RESTRICTED_ID,
            "Restricted Permission Scheme",
            "Only the project's developers and administrators see these projects.",
            _restricted(),
        ),
        (
            PUBLIC_ID,
            "Public Feedback Scheme",
            "Anyone may browse and report; not used by any project yet.",
            _public(),
        ),
    ):
        store.permission_schemes[ident] = PermissionScheme(
            ident, name, description, _grants(store, table)
        )
    store.seen_id("permissionscheme", BENCH_SCHEME_ID + 1)
    ordered = sorted(store.projects.values(), key=lambda p: p.key)
    others = 0
    for project in ordered[1:]:
        if "jira-users" not in project.browse_groups:
            project.permission_scheme_id = RESTRICTED_ID
            continue
        others += 1
        if others % 3 == 2:
            project.permission_scheme_id = ENGINEERING_ID
            project.role_actors.setdefault(int(DEVS), []).append(Actor("group", "qa"))


def add_bench_permissions(store: Store, seed: int) -> list[Project]:
    """500 projects (``PB001``…), 2,000 users and 200 groups for the "who can" benchmark.

    Group sizes vary from 5 to 150 (several pages of ``group/member``); each project's roles hold
    a few users and bench groups; the projects alternate between the default scheme and one that
    grants Browse Projects by roles, groups, a user, the lead and the reporter.
    """
    rng = random.Random(seed * 104729 + 7)
    users: list[User] = []
    for n in range(BENCH_USERS):
        name = f"bench{n:04d}"
        user = User(
            key=f"JIRAUSER{200000 + n}",
            name=name,
            account_id=f"557058:bench-{rng.getrandbits(96):024x}",
            email=f"{name}@jade-sandbox.test",
            display_name=f"Bench User {n:04d}",
            secret=f"bench-{n}",
            groups=["jira-users"],
        )
        store.add_user(user)
        users.append(user)
    groups = [f"bench-group-{g:03d}" for g in range(BENCH_GROUPS)]
    for name in groups:
        _group(store, rng, name)
        for user in rng.sample(users, rng.randint(5, 150)):
            user.groups.append(name)
    grants: dict[str, tuple[Holder, ...]] = dict(DEFAULT_GRANTS)
    grants["BROWSE_PROJECTS"] = (
        *_EVERYONE,
        *(("group", g) for g in rng.sample(groups, 5)),
        ("user", users[0].key),
        ("projectLead", None),
        ("reporter", None),
    )
    store.permission_schemes[BENCH_SCHEME_ID] = PermissionScheme(
        BENCH_SCHEME_ID, "Bench Permission Scheme", "Benchmarks only.", _grants(store, grants)
    )
    projects = []
    for n in range(BENCH_PROJECTS):
        lead = rng.choice(users)
        project = Project(
            id=store.next_id("project"),
            key=f"{BENCH_PREFIX}{n:03d}",
            name=f"Bench project {n:03d}",
            description="Benchmarks only.",
            lead_key=lead.key,
            project_type_key="software",
            role_actors={
                int(ADMINS): [Actor("user", lead.key), Actor("group", "jira-administrators")],
                int(DEVS): [Actor("user", u.key) for u in rng.sample(users, 5)]
                + [Actor("group", g) for g in rng.sample(groups, 2)],
                int(USERS): [Actor("group", rng.choice(groups))],
            },
            permission_scheme_id=BENCH_SCHEME_ID if n % 2 else 0,
        )
        store.add_project(project)
        projects.append(project)
    return projects
