"""A small hand-made site for the JQL tests: every field value is known, so results are exact.

Projects: ALPHA (with a category, components, versions and a scrum board), BETA, and SEC, which
only the ``secret-team`` group may browse. ``dave`` is the plain user (cannot see SEC), ``carol``
is in ``secret-team``, ``admin`` administers Jira. "Now" is Saturday 2024-06-15 12:00 UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from app.sandbox.model import (
    Board,
    Comment,
    Component,
    FieldDef,
    Flavour,
    Group,
    Issue,
    IssueType,
    Priority,
    Project,
    ProjectCategory,
    Resolution,
    Sprint,
    Status,
    StatusCategory,
    User,
    Version,
)
from app.sandbox.store import Store

__all__ = ["NOW", "build_store", "dt"]

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)


def dt(text: str) -> datetime:
    """``"2024-06-10 08:30"`` as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# Ids used below, named for readability.
TODO, IN_PROGRESS, IN_REVIEW, DONE = 10000, 3, 10001, 10002
HIGHEST, HIGH, MEDIUM, LOW, LOWEST = 1, 2, 3, 4, 5
RES_DONE, RES_WONT = 10000, 10001
EPIC, STORY, BUG, TASK, SUBTASK = 10000, 10001, 10002, 10003, 10004
ALPHA, BETA, SEC = 10000, 10001, 10002
BACKEND_A, FRONTEND_A, BACKEND_B, VAULT = 10100, 10101, 10102, 10103
V10_A, V11_A, V20_A, V10_B = 10200, 10201, 10202, 10203
SPRINT_1, SPRINT_2, SPRINT_3 = 1, 2, 3


@dataclass
class _Row:
    """One issue in compact form; the builder fills in the rest."""

    key: str
    type: int
    summary: str
    status: int
    priority: int
    reporter: str
    created: str
    assignee: str | None = None
    description: str = ""
    updated: str | None = None
    resolution: int | None = None
    resolved: str | None = None
    due: date | None = None
    labels: list[str] = field(default_factory=list)
    components: list[int] = field(default_factory=list)
    fix: list[int] = field(default_factory=list)
    affects: list[int] = field(default_factory=list)
    points: float | None = None
    parent: str | None = None
    sprints: list[int] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)
    rank: int = 0


_ROWS = [
    _Row("ALPHA-1", EPIC, "Login epic", DONE, HIGH, "admin", "2024-01-10 09:00", "admin",
         "All work on login", "2024-05-01 10:00", RES_DONE, "2024-05-01 10:00",
         labels=["auth"], components=[BACKEND_A], fix=[V10_A], rank=10),
    _Row("ALPHA-2", STORY, "Login page shows error", IN_PROGRESS, HIGHEST, "bob",
         "2024-06-10 08:30", "bob", "The login page shows a server error on submit.",
         "2024-06-14 17:00", due=date(2024, 6, 20), labels=["auth", "UI"],
         components=[FRONTEND_A], fix=[V11_A], points=5, parent="ALPHA-1", sprints=[SPRINT_2],
         comments=[("carol", "Reproduced on staging")], rank=3),
    _Row("ALPHA-3", BUG, "Crash when saving draft", TODO, MEDIUM, "carol", "2024-06-14 10:00",
         None, "Null pointer in the draft service", due=date(2024, 6, 15),
         components=[BACKEND_A], affects=[V10_A], points=3, parent="ALPHA-1",
         sprints=[SPRINT_2], rank=1),
    _Row("ALPHA-4", TASK, "Write release notes", DONE, LOW, "admin", "2024-03-01 12:00", "carol",
         "", "2024-03-05 12:00", RES_DONE, "2024-03-05 12:00", labels=["docs"], fix=[V10_A],
         points=1, sprints=[SPRINT_1], rank=7),
    _Row("ALPHA-5", STORY, "Search results pagination", IN_REVIEW, MEDIUM, "dave",
         "2024-06-01 00:00", "bob", "Paginate the search results page", "2024-06-12 09:00",
         due=date(2024, 7, 1), labels=["ui"], components=[FRONTEND_A, BACKEND_A], fix=[V20_A],
         points=8, sprints=[SPRINT_1, SPRINT_2], rank=2),
    _Row("ALPHA-6", BUG, "Error message typo on login", TODO, LOWEST, "bob", "2024-05-20 15:45",
         "dave", "It says 'eror'", labels=["ui", "typo"], fix=[V11_A], points=2,
         sprints=[SPRINT_3], rank=5),
    _Row("ALPHA-7", SUBTASK, "Add retry button", TODO, MEDIUM, "bob", "2024-06-11 10:00", "bob",
         "Part of ALPHA-2", parent="ALPHA-2", rank=4),
    _Row("ALPHA-8", TASK, "Upgrade database driver", DONE, HIGH, "carol", "2024-04-01 09:00",
         None, "Driver 4.2 has a memory leak.", "2024-04-02 09:00", RES_WONT,
         "2024-04-02 09:00", labels=["tech-debt"], components=[BACKEND_A], points=13, rank=9),
    _Row("BETA-1", STORY, "Mobile login flow", IN_PROGRESS, HIGH, "dave", "2024-06-13 09:00",
         "dave", "Login with biometrics", labels=["mobile", "auth"], components=[BACKEND_B],
         fix=[V10_B], points=5, rank=1),
    _Row("BETA-2", BUG, "Push notifications delayed", TODO, HIGHEST, "bob", "2024-06-15 08:00",
         None, "Notifications arrive minutes late", due=date(2024, 6, 14), rank=2),
    _Row("BETA-3", TASK, "Rotate API keys", DONE, MEDIUM, "admin", "2024-01-15 10:00", "admin",
         "", "2024-02-01 10:00", RES_DONE, "2024-02-01 10:00", labels=["security"], rank=3),
    _Row("BETA-4", STORY, "Offline mode", TODO, LOW, "dave", "2023-12-31 23:00", "carol",
         "Cache data for offline use", points=20,
         comments=[("bob", "Needs a design review first"), ("dave", "Agreed")], rank=4),
    _Row("SEC-1", BUG, "Login audit trail leaks tokens", TODO, HIGHEST, "carol",
         "2024-06-14 11:00", "carol", "Tokens appear in the audit log",
         labels=["auth", "security"], components=[VAULT], rank=1),
    _Row("SEC-2", TASK, "Pen test follow-up", IN_PROGRESS, HIGH, "admin", "2024-05-05 10:00",
         "admin", rank=2),
    _Row("ALPHA-9", STORY, "Dark mode toggle", TODO, MEDIUM, "dave", "2024-06-15 11:00", None,
         "Users want a dark theme", labels=["ui"], parent="ALPHA-10", rank=6),
    _Row("ALPHA-10", EPIC, "UI refresh", IN_PROGRESS, MEDIUM, "admin", "2024-05-01 10:00",
         "admin", "New look for the whole app", rank=8),
    _Row("BETA-5", BUG, 'Crash on startup [Android]', TODO, HIGH, "bob", "2024-06-12 14:00",
         "bob", 'Stack trace: "NPE" at Main.onCreate', labels=["mobile"], rank=5),
]  # fmt: skip

_USERS = [
    # key, display name, account id, groups
    ("admin", "Alice Admin", "557058:aaaa0001", ["jira-users", "jira-administrators"]),
    ("bob", "Bob Builder", "5b10ac8d82e05b22cc7d0002", ["jira-users", "developers"]),
    ("carol", "Carol Coder", "5b10ac8d82e05b22cc7d0003", ["jira-users", "developers", "secret-team"]),
    ("dave", "Dave Doe", "5b10ac8d82e05b22cc7d0004", ["jira-users"]),
    ("erin", "Erin Exited", "5b10ac8d82e05b22cc7d0005", ["jira-users"]),
]  # fmt: skip


def _fields(store: Store) -> list[FieldDef]:
    ids = store.field_ids

    def custom(fid: str, name: str, schema: dict[str, object]) -> FieldDef:
        number = fid.removeprefix("customfield_")
        return FieldDef(fid, name, True, True, True, True, [f"cf[{number}]", name], schema)

    points = "Story point estimate" if store.flavour is Flavour.CLOUD else "Story Points"
    return [
        FieldDef("summary", "Summary", False, True, True, True, ["summary"], {"type": "string"}),
        custom(ids.story_points, points, {"type": "number"}),
        custom(ids.sprint, "Sprint", {"type": "array", "items": "json"}),
        custom(ids.epic_link, "Epic Link", {"type": "any"}),
        custom(ids.rank, "Rank", {"type": "any"}),
        custom("customfield_10300", "Customer", {"type": "option"}),
        custom("customfield_10301", "Notes", {"type": "string"}),
    ]


def build_store(flavour: Flavour = Flavour.DATACENTER) -> Store:
    """Build the site; a fresh Store each call, so tests may change it."""
    store = Store(flavour=flavour, seed=0)
    for name in ("jira-users", "jira-administrators", "developers", "secret-team"):
        store.groups[name] = Group(name, f"group-{name}")
    for key, display, account, groups in _USERS:
        store.add_user(
            User(
                key=key,
                name=key,
                account_id=account,
                email=f"{key}@example.com",
                display_name=display,
                secret="secret",
                active=key != "erin",
                groups=list(groups),
                locale="en_US" if key != "carol" else "de_DE",
            )
        )
    for cat in (
        StatusCategory(2, "new", "To Do", "blue-gray"),
        StatusCategory(4, "indeterminate", "In Progress", "yellow"),
        StatusCategory(3, "done", "Done", "green"),
    ):
        store.status_categories[cat.id] = cat
    for status in (
        Status(TODO, "To Do", "", 2),
        Status(IN_PROGRESS, "In Progress", "", 4),
        Status(IN_REVIEW, "In Review", "", 4),
        Status(DONE, "Done", "", 3),
    ):
        store.statuses[status.id] = status
    for rank, (pid, name) in enumerate(
        [
            (HIGHEST, "Highest"),
            (HIGH, "High"),
            (MEDIUM, "Medium"),
            (LOW, "Low"),
            (LOWEST, "Lowest"),
        ],
        start=1,
    ):
        store.priorities[pid] = Priority(pid, name, "", "#000000", rank)
    store.resolutions[RES_DONE] = Resolution(RES_DONE, "Done", "")
    store.resolutions[RES_WONT] = Resolution(RES_WONT, "Won't Do", "")
    for itype in (
        IssueType(EPIC, "Epic", "", hierarchy_level=1),
        IssueType(STORY, "Story", ""),
        IssueType(BUG, "Bug", ""),
        IssueType(TASK, "Task", ""),
        IssueType(SUBTASK, "Sub-task", "", subtask=True, hierarchy_level=-1),
    ):
        store.issue_types[itype.id] = itype
    store.fields = _fields(store)
    store.categories[10000] = ProjectCategory(10000, "Internal", "In-house tools")
    for project in (
        Project(ALPHA, "ALPHA", "Alpha Project", "", "admin", "software", category_id=10000),
        Project(BETA, "BETA", "Beta Platform", "", "bob", "software"),
        Project(SEC, "SEC", "Secret Ops", "", "carol", "software",
                browse_groups=frozenset({"secret-team"})),
    ):  # fmt: skip
        store.add_project(project)
    for comp in (
        Component(BACKEND_A, ALPHA, "Backend"),
        Component(FRONTEND_A, ALPHA, "Frontend"),
        Component(BACKEND_B, BETA, "Backend"),
        Component(VAULT, SEC, "Vault"),
    ):
        store.components[comp.id] = comp
    for version in (
        Version(V10_A, ALPHA, "1.0", released=True, sequence=1),
        Version(V11_A, ALPHA, "1.1", sequence=2),
        Version(V20_A, ALPHA, "2.0", sequence=3),
        Version(V10_B, BETA, "1.0", released=True, sequence=1),
    ):
        store.versions[version.id] = version
    store.boards[1] = Board(1, "ALPHA board", "scrum", ALPHA)
    store.sprints[SPRINT_1] = Sprint(SPRINT_1, 1, "Alpha Sprint 1", "closed")
    store.sprints[SPRINT_2] = Sprint(SPRINT_2, 1, "Alpha Sprint 2", "active")
    store.sprints[SPRINT_3] = Sprint(SPRINT_3, 1, "Alpha Sprint 3", "future")

    project_of = {"ALPHA": ALPHA, "BETA": BETA, "SEC": SEC}
    ids = {row.key: 10000 + n for n, row in enumerate(_ROWS)}
    for n, row in enumerate(_ROWS):
        created = dt(row.created)
        issue = Issue(
            id=ids[row.key],
            key=row.key,
            project_id=project_of[row.key.split("-")[0]],
            summary=row.summary,
            description=row.description,
            issuetype_id=row.type,
            status_id=row.status,
            priority_id=row.priority,
            reporter_key=row.reporter,
            creator_key=row.reporter,
            created=created,
            updated=dt(row.updated) if row.updated else created,
            assignee_key=row.assignee,
            resolution_id=row.resolution,
            resolution_date=dt(row.resolved) if row.resolved else None,
            due_date=row.due,
            labels=list(row.labels),
            component_ids=list(row.components),
            fix_version_ids=list(row.fix),
            affects_version_ids=list(row.affects),
            story_points=row.points,
            parent_id=ids[row.parent] if row.parent else None,
            sprint_ids=list(row.sprints),
            comments=[
                Comment(50000 + n * 10 + c, author, body, created, created)
                for c, (author, body) in enumerate(row.comments)
            ],
            rank=row.rank,
        )
        store.add_issue(issue)
    return store
