"""Deterministic site generator: the same seed (and anchor day) always yields the same site.

All randomness comes from one ``random.Random(seed)``; dates are laid out backwards from an
anchor day (today by default) so that relative JQL such as ``created > -7d`` finds issues.
Texts are drawn from small fixed vocabularies and shared between issues, which keeps a site of
100,000 issues well under the memory budget.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.sandbox.model import (
    Actor,
    Board,
    Comment,
    Component,
    FieldDef,
    Filter,
    FilterShare,
    Flavour,
    Group,
    Issue,
    IssueType,
    Priority,
    Project,
    ProjectCategory,
    ProjectRole,
    Resolution,
    Sprint,
    Status,
    StatusCategory,
    Transition,
    User,
    Version,
)
from app.sandbox.store import Store

__all__ = ["DemoAccount", "SiteSpec", "demo_accounts", "generate"]


@dataclass(frozen=True, slots=True)
class SiteSpec:
    """What to generate."""

    flavour: Flavour = Flavour.CLOUD
    seed: int = 1
    projects: int = 12
    issues: int = 5000
    anchor: date | None = None  # the "today" of the generated history; None = today (UTC)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A login the sandbox prints: ``login`` is the e-mail on Cloud and the username on DC."""

    login: str
    secret: str
    pat: str


# --- fixed reference data ------------------------------------------------------------------------

STATUS_CATEGORIES = [
    StatusCategory(1, "undefined", "No Category", "medium-gray"),
    StatusCategory(2, "new", "To Do", "blue-gray"),
    StatusCategory(4, "indeterminate", "In Progress", "yellow"),
    StatusCategory(3, "done", "Done", "green"),
]
TO_DO, IN_PROGRESS, IN_REVIEW, BLOCKED, DONE, WONT_DO = 10000, 3, 10001, 10002, 10003, 10004
STATUSES = [
    Status(TO_DO, "To Do", "The issue is open and ready for the assignee to start work on it.", 2),
    Status(
        IN_PROGRESS, "In Progress", "This issue is being actively worked on by the assignee.", 4
    ),
    Status(IN_REVIEW, "In Review", "The work is done and waits for a reviewer.", 4),
    Status(BLOCKED, "Blocked", "Work cannot go on until something outside the issue changes.", 4),
    Status(DONE, "Done", "Work on the issue is finished.", 3),
    Status(WONT_DO, "Won't Do", "The issue was closed without doing the work.", 3),
]
TRANSITIONS = [
    Transition(11, "Start Progress", IN_PROGRESS, frozenset({TO_DO, BLOCKED})),
    Transition(21, "Request Review", IN_REVIEW, frozenset({IN_PROGRESS})),
    Transition(31, "Done", DONE, frozenset({IN_PROGRESS, IN_REVIEW}), ("resolution",)),
    Transition(41, "Block", BLOCKED, frozenset({IN_PROGRESS, TO_DO})),
    Transition(51, "Reopen", TO_DO, frozenset({DONE, WONT_DO})),
    Transition(61, "Won't Do", WONT_DO, frozenset({TO_DO, BLOCKED, IN_PROGRESS}), ("resolution",)),
    Transition(71, "Back to In Progress", IN_PROGRESS, frozenset({IN_REVIEW})),
]
PRIORITIES = [
    Priority(1, "Highest", "This problem will block progress.", "#d04437", 1),
    Priority(2, "High", "Serious problem that could block progress.", "#f15c75", 2),
    Priority(3, "Medium", "Has the potential to affect progress.", "#f79232", 3),
    Priority(4, "Low", "Minor problem or easily worked around.", "#707070", 4),
    Priority(5, "Lowest", "Trivial problem with little or no impact on progress.", "#999999", 5),
]
RESOLUTIONS = [
    Resolution(10000, "Done", "Work has been completed on this issue."),
    Resolution(10001, "Won't Do", "This issue won't be actioned."),
    Resolution(10002, "Duplicate", "The problem is a duplicate of an existing issue."),
    Resolution(10003, "Cannot Reproduce", "All attempts at reproducing this issue failed."),
]
EPIC, STORY, TASK, BUG, SUBTASK = 10000, 10001, 10002, 10003, 10004
ISSUE_TYPES = [
    IssueType(EPIC, "Epic", "A big user story that needs to be broken down.", False, 1),
    IssueType(STORY, "Story", "Functionality or a feature expressed as a user goal.", False, 0),
    IssueType(TASK, "Task", "A small, distinct piece of work.", False, 0),
    IssueType(BUG, "Bug", "A problem or error.", False, 0),
    IssueType(SUBTASK, "Sub-task", "A small piece of work that's part of a larger task.", True, -1),
]
ROLES = [
    ProjectRole(
        10002, "Administrators", "A project role that represents administrators in a project"
    ),
    ProjectRole(10001, "Developers", "A project role that represents developers in a project"),
    ProjectRole(10000, "Users", "A project role that represents users in a project"),
]
CATEGORIES = [
    ("Engineering", "Product engineering teams"),
    ("Operations", "Infrastructure, support and on-call"),
    ("Business", "Sales, marketing and finance"),
    ("Research", "Experiments and prototypes"),
]
GROUPS = [
    "jira-administrators",
    "jira-users",
    "jira-developers",
    "product-team",
    "site-reliability",
]

FIRST = [
    "Ada",
    "Grace",
    "Linus",
    "Ken",
    "Barbara",
    "Edsger",
    "Frances",
    "Donald",
    "Margaret",
    "Alan",
    "Radia",
    "Tim",
    "Sophie",
    "John",
    "Hedy",
    "Dennis",
    "Anita",
    "Guido",
    "Katherine",
    "Niklaus",
    "Joan",
    "Bjarne",
    "Shafi",
    "Leslie",
    "Jean",
    "Yukihiro",
    "Mary",
    "Brian",
    "Lynn",
    "Rasmus",
]
LAST = [
    "Lovelace",
    "Hopper",
    "Torvalds",
    "Thompson",
    "Liskov",
    "Dijkstra",
    "Allen",
    "Knuth",
    "Hamilton",
    "Kay",
    "Perlman",
    "Berners-Lee",
    "Wilson",
    "McCarthy",
    "Lamarr",
    "Ritchie",
    "Borg",
    "Rossum",
    "Johnson",
    "Wirth",
    "Clarke",
    "Stroustrup",
    "Goldwasser",
    "Lamport",
    "Sammet",
    "Matsumoto",
    "Keller",
    "Kernighan",
    "Conway",
    "Lerdorf",
]
PROJECT_WORDS = [
    ("Apollo", "Customer portal rebuild"),
    ("Beacon", "Monitoring and alerting"),
    ("Cobalt", "Billing engine"),
    ("Delta", "Data warehouse"),
    ("Ember", "Mobile app"),
    ("Falcon", "Search service"),
    ("Garnet", "Identity and access"),
    ("Harbor", "Container platform"),
    ("Indigo", "Design system"),
    ("Juniper", "Partner integrations"),
    ("Kestrel", "Release tooling"),
    ("Lumen", "Analytics dashboards"),
    ("Meridian", "Payments"),
    ("Nimbus", "Cloud migration"),
    ("Onyx", "Security hardening"),
    ("Pioneer", "Onboarding"),
    ("Quartz", "Scheduling"),
    ("Raven", "Notifications"),
    ("Sierra", "Field service"),
    ("Tundra", "Cold storage"),
]
VERBS = [
    "Add",
    "Fix",
    "Remove",
    "Refactor",
    "Document",
    "Migrate",
    "Speed up",
    "Audit",
    "Test",
    "Localise",
    "Redesign",
    "Validate",
    "Cache",
    "Log",
    "Monitor",
    "Secure",
]
OBJECTS = [
    "login form",
    "export to CSV",
    "billing report",
    "search index",
    "user avatar upload",
    "password reset flow",
    "REST endpoint for orders",
    "dashboard widget",
    "email templates",
    "nightly backup job",
    "rate limiter",
    "audit log",
    "date picker",
    "invoice PDF",
    "permission check",
    "webhook retries",
    "dark theme",
    "onboarding checklist",
    "release notes page",
    "SSO configuration",
    "mobile push settings",
    "timezone handling",
]
QUALIFIERS = [
    "",
    "",
    "",
    " for admins",
    " on Safari",
    " in the EU region",
    " under load",
    " after upgrade",
    " for large accounts",
    " with keyboard only",
    " on Windows",
    " (regression)",
    " behind the proxy",
]
LABELS = [
    "backend",
    "frontend",
    "ux",
    "performance",
    "security",
    "tech-debt",
    "customer",
    "regression",
    "docs",
    "api",
    "infra",
    "quick-win",
    "flaky",
    "a11y",
]
COMPONENT_NAMES = [
    "API",
    "Web UI",
    "Database",
    "Auth",
    "Billing",
    "Search",
    "Notifications",
    "Infrastructure",
    "Mobile",
    "Reporting",
]
DESCRIPTIONS = [
    "h2. Context\nCustomers report that the *{obj}* misbehaves.\n\nh3. Steps\n# Open the page\n"
    "# Try the {obj}\n# Observe the error\n\n_Expected:_ it works.",
    "As a user I want the {obj} to be faster so that I can finish my work.\n\n* measure first\n"
    "* keep the old behaviour behind a flag",
    "The {obj} logs this:\n{{code}}\nERROR 500 at handler (timeout after 30s)\n{{code}}\n"
    "See also the runbook.",
    "Follow-up from the retro: the {obj} needs an owner and a test.",
    "Acceptance criteria:\n* works for [~admin]\n* covered by tests\n* documented in the wiki",
    "",
]
COMMENTS = [
    "I can reproduce this on staging.",
    "Working on it, PR coming today.",
    "Can we split this into two issues?",
    "Reviewed, looks good to me. *Ship it.*",
    "Blocked by the database migration.",
    "Customer confirmed the fix works.",
    "Moved to the next sprint, not enough capacity.",
    "{code}stack trace omitted{code}",
]
SPRINT_DAYS = 14


def demo_accounts(flavour: Flavour) -> tuple[DemoAccount, DemoAccount]:
    """The administrator and plain-user logins every sandbox site has."""
    if flavour is Flavour.CLOUD:
        return (
            DemoAccount("admin@jade-sandbox.test", "sandbox-admin-token", "sandbox-admin-pat"),
            DemoAccount("pat@jade-sandbox.test", "sandbox-user-token", "sandbox-user-pat"),
        )
    return (
        DemoAccount("admin", "admin-password", "sandbox-admin-pat"),
        DemoAccount("pat", "user-password", "sandbox-user-pat"),
    )


def _account_id(rng: random.Random) -> str:
    return f"557058:{rng.getrandbits(128):032x}"


def _make_users(store: Store, rng: random.Random, count: int) -> list[User]:
    admin_acc, user_acc = demo_accounts(store.flavour)
    admin = User(
        key="JIRAUSER10000",
        name="admin",
        account_id=_account_id(rng),
        email="admin@jade-sandbox.test",
        display_name="Ada Admin",
        secret=admin_acc.secret,
        pat=admin_acc.pat,
        groups=list(GROUPS),
    )
    plain = User(
        key="JIRAUSER10001",
        name="pat",
        account_id=_account_id(rng),
        email="pat@jade-sandbox.test",
        display_name="Pat Plain",
        secret=user_acc.secret,
        pat=user_acc.pat,
        groups=["jira-users"],
        time_zone="America/New_York",
    )
    users = [admin, plain]
    seen = {"admin", "pat"}
    while len(users) < count:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first[0]}{last}".lower().replace("-", "")
        if name in seen:
            continue
        seen.add(name)
        groups = ["jira-users"]
        groups += [g for g in GROUPS[2:] if rng.random() < 0.45]
        token = hashlib.sha256(f"{store.seed}:{name}".encode()).hexdigest()[:24]
        users.append(
            User(
                key=f"JIRAUSER{10000 + len(users)}",
                name=name,
                account_id=_account_id(rng),
                email=f"{name}@jade-sandbox.test",
                display_name=f"{first} {last}",
                secret=f"tok-{token}",
                pat=f"pat-{token}",
                groups=groups,
                active=rng.random() > 0.05,
                time_zone=rng.choice(
                    [
                        "Europe/Berlin",
                        "Europe/London",
                        "America/New_York",
                        "Asia/Tokyo",
                        "Australia/Sydney",
                    ]
                ),
            )
        )
    for user in users:
        store.add_user(user)
    return users


def _make_fields(store: Store) -> None:
    ids = store.field_ids

    def system(
        fid: str,
        name: str,
        clauses: list[str],
        schema: dict[str, object] | None,
        *,
        orderable: bool = True,
        navigable: bool = True,
        searchable: bool = True,
    ) -> FieldDef:
        return FieldDef(fid, name, False, navigable, searchable, orderable, clauses, schema)

    def custom(
        fid: str, name: str, kind: str, schema_type: str, items: str | None = None
    ) -> FieldDef:
        cid = int(fid.rsplit("_", 1)[1])
        schema: dict[str, object] = {"type": schema_type, "custom": kind, "customId": cid}
        if items:
            schema["items"] = items
        return FieldDef(fid, name, True, True, True, True, [f"cf[{cid}]", name], schema)

    store.fields = [
        system(
            "issuekey",
            "Key",
            ["id", "issue", "issuekey", "key"],
            None,
            orderable=False,
            searchable=False,
        ),
        system("summary", "Summary", ["summary"], {"type": "string", "system": "summary"}),
        system(
            "description",
            "Description",
            ["description"],
            {"type": "string", "system": "description"},
        ),
        system(
            "issuetype",
            "Issue Type",
            ["issuetype", "type"],
            {"type": "issuetype", "system": "issuetype"},
        ),
        system(
            "status", "Status", ["status"], {"type": "status", "system": "status"}, orderable=False
        ),
        system("priority", "Priority", ["priority"], {"type": "priority", "system": "priority"}),
        system(
            "resolution",
            "Resolution",
            ["resolution"],
            {"type": "resolution", "system": "resolution"},
        ),
        system("assignee", "Assignee", ["assignee"], {"type": "user", "system": "assignee"}),
        system("reporter", "Reporter", ["reporter"], {"type": "user", "system": "reporter"}),
        system(
            "creator",
            "Creator",
            ["creator"],
            {"type": "user", "system": "creator"},
            orderable=False,
        ),
        system("project", "Project", ["project"], {"type": "project", "system": "project"}),
        system(
            "labels", "Labels", ["labels"], {"type": "array", "items": "string", "system": "labels"}
        ),
        system(
            "components",
            "Component/s",
            ["component"],
            {"type": "array", "items": "component", "system": "components"},
        ),
        system(
            "fixVersions",
            "Fix Version/s",
            ["fixVersion"],
            {"type": "array", "items": "version", "system": "fixVersions"},
        ),
        system(
            "versions",
            "Affects Version/s",
            ["affectedVersion"],
            {"type": "array", "items": "version", "system": "versions"},
        ),
        system(
            "created",
            "Created",
            ["created", "createdDate"],
            {"type": "datetime", "system": "created"},
            orderable=False,
        ),
        system(
            "updated",
            "Updated",
            ["updated", "updatedDate"],
            {"type": "datetime", "system": "updated"},
            orderable=False,
        ),
        system(
            "resolutiondate",
            "Resolved",
            ["resolutiondate", "resolved"],
            {"type": "datetime", "system": "resolutiondate"},
            orderable=False,
        ),
        system("duedate", "Due date", ["due", "duedate"], {"type": "date", "system": "duedate"}),
        system(
            "statuscategorychangedate",
            "Status Category Changed",
            ["statusCategoryChangedDate"],
            {"type": "datetime", "system": "statuscategorychangedate"},
            orderable=False,
        ),
        system("parent", "Parent", ["parent"], None, navigable=True),
        system("comment", "Comment", ["comment"], {"type": "comments-page", "system": "comment"}),
        system(
            "subtasks",
            "Sub-tasks",
            ["subtasks"],
            {"type": "array", "items": "issuelinks", "system": "subtasks"},
            orderable=False,
            searchable=False,
        ),
        custom(
            ids.story_points,
            "Story Points" if store.flavour is Flavour.DATACENTER else "Story point estimate",
            "com.atlassian.jira.plugin.system.customfieldtypes:float",
            "number",
        ),
        custom(ids.sprint, "Sprint", "com.pyxis.greenhopper.jira:gh-sprint", "array", "json"),
        custom(ids.epic_link, "Epic Link", "com.pyxis.greenhopper.jira:gh-epic-link", "any"),
        custom(ids.rank, "Rank", "com.pyxis.greenhopper.jira:gh-lexo-rank", "any"),
    ]
    if store.flavour is Flavour.CLOUD:
        # Cloud names the story-points field differently but JQL still accepts "Story Points".
        store.fields[-4].clause_names.append("Story Points")


def _project_keys(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    words = list(PROJECT_WORDS)
    rng.shuffle(words)
    n = 0
    while len(out) < count:
        word, topic = words[n % len(words)]
        cycle = n // len(words)
        name = word if cycle == 0 else f"{word} {cycle + 1}"
        key = word[:3].upper() if cycle == 0 else f"{word[:3].upper()}{cycle + 1}"
        out.append((key, name, topic))
        n += 1
    return out


def generate(spec: SiteSpec) -> Store:
    """Build a whole site from ``spec``."""
    rng = random.Random(spec.seed)
    anchor_day = spec.anchor or datetime.now(UTC).date()
    anchor = datetime.combine(anchor_day, time(9, 0), UTC)
    store = Store(flavour=spec.flavour, seed=spec.seed)

    for cat in STATUS_CATEGORIES:
        store.status_categories[cat.id] = cat
    for status in STATUSES:
        store.statuses[status.id] = status
    for prio in PRIORITIES:
        store.priorities[prio.id] = prio
    for res in RESOLUTIONS:
        store.resolutions[res.id] = res
    for itype in ISSUE_TYPES:
        store.issue_types[itype.id] = itype
    for role in ROLES:
        store.roles[role.id] = role
    store.transitions = list(TRANSITIONS)
    for i, gname in enumerate(GROUPS):
        store.groups[gname] = Group(gname, f"{rng.getrandbits(128):032x}"[:8] + f"-{i:04d}")
    _make_fields(store)

    users = _make_users(store, rng, 40)
    admin, plain = users[0], users[1]
    workers = [u for u in users if u.active]

    for idx, (name, desc) in enumerate(CATEGORIES):
        cid = 10000 + idx
        store.categories[cid] = ProjectCategory(cid, name, desc)
    store.seen_id("category", 10000 + len(CATEGORIES))

    projects: list[Project] = []
    for idx, (key, name, topic) in enumerate(_project_keys(rng, spec.projects)):
        pid = 10000 + idx
        lead = rng.choice(workers)
        ptype = "software" if idx % 5 != 4 else "business"
        # every fourth project is visible to developers only: the plain user cannot browse it
        browse = frozenset({"jira-developers"}) if idx % 4 == 3 else frozenset({"jira-users"})
        project = Project(
            id=pid,
            key=key,
            name=name,
            description=f"{topic}.",
            lead_key=lead.key,
            project_type_key=ptype,
            category_id=(10000 + idx % len(CATEGORIES)) if idx % 6 != 5 else None,
            url=f"https://wiki.jade-sandbox.test/{key.lower()}" if idx % 3 == 0 else "",
            browse_groups=browse,
            role_actors={
                10002: [Actor("user", lead.key), Actor("group", "jira-administrators")],
                10001: [Actor("group", "jira-developers")]
                + [Actor("user", u.key) for u in rng.sample(workers, 3)],
                10000: [Actor("group", "jira-users")],
            },
            created=anchor - timedelta(days=720 - idx * 7),
        )
        store.add_project(project)
        projects.append(project)
        for cname in rng.sample(COMPONENT_NAMES, rng.randint(2, 5)):
            comp = Component(
                id=store.next_id("component"),
                project_id=pid,
                name=cname,
                description=f"{cname} of {name}",
                lead_key=rng.choice(workers).key,
            )
            store.components[comp.id] = comp
        n_versions = rng.randint(3, 7)
        for v in range(n_versions):
            start = (anchor - timedelta(days=60 * (n_versions - v) - 30)).date()
            release = start + timedelta(days=56)
            released = release < anchor_day
            version = Version(
                id=store.next_id("version"),
                project_id=pid,
                name=f"{v + 1}.{rng.randint(0, 4)}",
                description=f"Release {v + 1} of {name}",
                released=released,
                archived=released and v < n_versions - 4,
                start_date=start,
                release_date=release,
                sequence=v + 1,
            )
            store.versions[version.id] = version
    store.seen_id("project", 10000 + len(projects))

    # one scrum board per software project, with closed, active and future sprints
    sprints_by_project: dict[int, list[Sprint]] = {}
    for project in projects:
        if project.project_type_key != "software":
            continue
        board = Board(store.next_id("board", 1), f"{project.key} board", "scrum", project.id)
        store.boards[board.id] = board
        sprints: list[Sprint] = []
        for s in range(-4, 3):
            start = anchor + timedelta(days=SPRINT_DAYS * s - 3)
            state = "closed" if s < 0 else ("active" if s == 0 else "future")
            sprint = Sprint(
                id=store.next_id("sprint", 1),
                board_id=board.id,
                name=f"{project.key} Sprint {s + 5}",
                state=state,
                goal=rng.choice(["Ship the beta", "Stabilise", "Pay down tech debt", ""]),
                start_date=start if state != "future" else None,
                end_date=start + timedelta(days=SPRINT_DAYS) if state != "future" else None,
                complete_date=start + timedelta(days=SPRINT_DAYS) if state == "closed" else None,
            )
            store.sprints[sprint.id] = sprint
            sprints.append(sprint)
        sprints_by_project[project.id] = sprints

    _make_issues(store, rng, spec.issues, projects, workers, anchor, sprints_by_project)
    _make_filters(store, admin, plain, projects)
    return store


# name, description, JQL, starred by the admin
ADMIN_FILTERS = (
    (
        "My open issues",
        "Everything assigned to me that is not resolved.",
        "assignee = currentUser() AND resolution IS EMPTY",
        True,
    ),
    ("Updated this week", "", "updated >= -7d ORDER BY updated DESC", False),
    (
        "High priority bugs",
        "Bugs to look at first; shared with every Jira user.",
        "issuetype = Bug AND priority in (High, Highest)",
        True,
    ),
    (
        "Done recently",
        "Resolved in the last two weeks.",
        "status = Done AND resolved >= -14d",
        False,
    ),
)


def _make_filters(store: Store, admin: User, plain: User, projects: list[Project]) -> None:
    """Four filters of the admin (two starred, two shared) and one of the plain user."""
    users_role = next(r.id for r in store.roles.values() if r.name == "Users")
    for name, description, jql, starred in ADMIN_FILTERS:
        flt = Filter(
            id=store.next_id("filter"),
            name=name,
            jql=jql,
            owner_key=admin.key,
            description=description,
            favourite_of={admin.key} if starred else set(),
        )
        store.filters[flt.id] = flt
    shared, team = store.filters[10002], store.filters[10003]
    shared.shares.append(FilterShare(store.next_id("sharepermission"), "group", group="jira-users"))
    shared.favourite_of.add(plain.key)
    team.shares += [
        FilterShare(
            store.next_id("sharepermission"),
            "project",
            project_id=projects[0].id,
            role_id=users_role,
        ),
        FilterShare(store.next_id("sharepermission"), "group", group="jira-developers"),
    ]
    own = Filter(
        id=store.next_id("filter"),
        name="My reported issues",
        jql="reporter = currentUser() ORDER BY created DESC",
        owner_key=plain.key,
        favourite_of={plain.key},
    )
    store.filters[own.id] = own


def _make_issues(
    store: Store,
    rng: random.Random,
    count: int,
    projects: list[Project],
    workers: list[User],
    anchor: datetime,
    sprints_by_project: dict[int, list[Sprint]],
) -> None:
    if not projects:
        return
    weights = [rng.uniform(0.3, 3.0) for _ in projects]
    owners = rng.choices(range(len(projects)), weights=weights, k=count)
    comps_by_project: dict[int, list[int]] = {p.id: [] for p in projects}
    for comp in store.components.values():
        comps_by_project[comp.project_id].append(comp.id)
    versions_by_project: dict[int, list[Version]] = {p.id: [] for p in projects}
    for version in store.versions.values():
        versions_by_project[version.project_id].append(version)
    epics_by_project: dict[int, list[Issue]] = {p.id: [] for p in projects}
    parents_by_project: dict[int, list[Issue]] = {p.id: [] for p in projects}
    type_choices = [EPIC, STORY, TASK, BUG, SUBTASK]
    type_weights = [4, 40, 25, 24, 7]
    status_choices = [TO_DO, IN_PROGRESS, IN_REVIEW, BLOCKED, DONE, WONT_DO]
    status_weights = [30, 15, 6, 3, 42, 4]
    span_seconds = 720 * 86400
    # issues are created in time order across the site, so ids grow with creation time
    offsets = sorted(rng.random() ** 0.7 for _ in range(count))
    descriptions = [d.replace("{{", "{").replace("}}", "}") for d in DESCRIPTIONS]

    for n in range(count):
        project = projects[owners[n]]
        number = project.next_issue_number
        project.next_issue_number += 1
        created = anchor - timedelta(seconds=int(span_seconds * (1 - offsets[n])))
        itype = rng.choices(type_choices, type_weights)[0]
        parents = parents_by_project[project.id]
        if itype == SUBTASK and not parents:
            itype = TASK
        status = rng.choices(status_choices, status_weights)[0]
        age_days = (anchor - created).days
        if age_days < 30 and status in (DONE, WONT_DO) and rng.random() < 0.6:
            status = TO_DO
        done = status in (DONE, WONT_DO)
        updated = created + timedelta(
            seconds=rng.randint(0, max(60, (anchor - created).seconds + 86400 * min(age_days, 60)))
        )
        updated = min(updated, anchor)
        obj = rng.choice(OBJECTS)
        summary = f"{rng.choice(VERBS)} {obj}{rng.choice(QUALIFIERS)}"
        if itype == EPIC:
            summary = f"{obj.capitalize()} overhaul"
        issue = Issue(
            id=10000 + n,
            key=f"{project.key}-{number}",
            project_id=project.id,
            summary=summary,
            description=rng.choice(descriptions).replace("{obj}", obj),
            issuetype_id=itype,
            status_id=status,
            priority_id=rng.choices([1, 2, 3, 4, 5], [3, 12, 60, 18, 7])[0],
            reporter_key=rng.choice(workers).key,
            creator_key="",
            created=created,
            updated=updated,
            assignee_key=rng.choice(workers).key if rng.random() < 0.8 else None,
            labels=rng.sample(LABELS, rng.choice([0, 0, 1, 1, 2, 3])),
            rank=n,
        )
        issue.creator_key = issue.reporter_key
        issue.status_category_changed = updated
        if done:
            issue.resolution_id = 10000 if status == DONE else rng.choice([10001, 10002, 10003])
            issue.resolution_date = updated
        comps = comps_by_project[project.id]
        if comps and rng.random() < 0.6:
            issue.component_ids = rng.sample(comps, min(len(comps), rng.choice([1, 1, 2])))
        versions = versions_by_project[project.id]
        if versions and itype != EPIC and rng.random() < 0.5:
            candidates = [v for v in versions if v.released == done] or versions
            issue.fix_version_ids = [rng.choice(candidates).id]
        if rng.random() < 0.08:
            issue.due_date = (created + timedelta(days=rng.randint(7, 90))).date()
        if itype == STORY:
            issue.story_points = float(rng.choice([1, 2, 3, 5, 8, 13]))
        epics = epics_by_project[project.id]
        if itype == SUBTASK:
            issue.parent_id = rng.choice(parents[-50:]).id
        elif itype != EPIC and epics and rng.random() < 0.5:
            issue.parent_id = rng.choice(epics[-10:]).id
        sprints = sprints_by_project.get(project.id)
        if sprints and itype not in (EPIC, SUBTASK):
            closed = [s for s in sprints if s.state == "closed"]
            active = next(s for s in sprints if s.state == "active")
            future = [s for s in sprints if s.state == "future"]
            if done and age_days < 70:
                issue.sprint_ids = [rng.choice(closed).id]
            elif status in (IN_PROGRESS, IN_REVIEW, BLOCKED) or (
                status == TO_DO and age_days < 40 and rng.random() < 0.5
            ):
                issue.sprint_ids = [active.id]
            elif status == TO_DO and rng.random() < 0.3:
                issue.sprint_ids = [rng.choice(future).id]
        for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
            when = created + (updated - created) * rng.random()
            author = rng.choice(workers)
            issue.comments.append(
                Comment(
                    store.next_id("comment"),
                    author.key,
                    rng.choice(COMMENTS),
                    when,
                    when,
                    author.key,
                )
            )
        issue.comments.sort(key=lambda c: c.created)  # Jira lists comments oldest first
        store.add_issue(issue)
        if itype == EPIC:
            epics.append(issue)
        elif itype != SUBTASK:
            parents.append(issue)
    store.seen_id("issue", 10000 + count)
