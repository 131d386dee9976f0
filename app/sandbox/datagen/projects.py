"""Projects and what hangs off them: categories, components, versions, boards and sprints.

Boards: a scrum board per software project (four or five columns over the workflow, closed,
active and future sprints), and a kanban board beside every other one (WIP limits, a sub-filter,
and on every second of those the kanban backlog); each board has its saved filter. Ranks are
spread out so that rank operations have room, in an order near creation order but not equal.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from app.sandbox.boards import RANK_STEP
from app.sandbox.datagen.reference import (
    BLOCKED,
    CATEGORIES,
    DONE,
    IN_PROGRESS,
    IN_REVIEW,
    TO_DO,
    WONT_DO,
)
from app.sandbox.model import (
    Actor,
    Board,
    BoardColumn,
    Component,
    Filter,
    FilterShare,
    Project,
    ProjectCategory,
    Sprint,
    User,
    Version,
)
from app.sandbox.store import Store

__all__ = [
    "KANBAN_SUB_QUERY",
    "SPRINT_DAYS",
    "add_categories",
    "finish_boards",
    "make_boards",
    "make_projects",
    "project_keys",
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
SPRINT_DAYS = 14
KANBAN_SUB_QUERY = "fixVersion in unreleasedVersions() OR fixVersion is EMPTY"


def _scrum_columns(five: bool) -> list[BoardColumn]:
    if five:  # blocked work in a column of its own
        middle = [
            BoardColumn("In Progress", [IN_PROGRESS]),
            BoardColumn("Blocked", [BLOCKED]),
        ]
    else:
        middle = [BoardColumn("In Progress", [IN_PROGRESS, BLOCKED])]
    return [
        BoardColumn("To Do", [TO_DO]),
        *middle,
        BoardColumn("In Review", [IN_REVIEW]),
        BoardColumn("Done", [DONE, WONT_DO]),
    ]


def _kanban_columns(backlog: bool) -> list[BoardColumn]:
    if backlog:
        # the kanban backlog takes the first column; Won't Do is on no column (off the board)
        return [
            BoardColumn("Backlog", [TO_DO]),
            BoardColumn("In Progress", [IN_PROGRESS], min=1, max=4),
            BoardColumn("Blocked", [BLOCKED], max=2),
            BoardColumn("Review", [IN_REVIEW], max=3),
            BoardColumn("Done", [DONE]),
        ]
    return [
        BoardColumn("To Do", [TO_DO], max=12),
        BoardColumn("In Progress", [IN_PROGRESS, BLOCKED], min=2, max=5),
        BoardColumn("Review", [IN_REVIEW], max=3),
        BoardColumn("Done", [DONE, WONT_DO]),
    ]


def add_categories(store: Store) -> None:
    """The project categories."""
    for idx, (name, desc) in enumerate(CATEGORIES):
        cid = 10000 + idx
        store.categories[cid] = ProjectCategory(cid, name, desc)
    store.seen_id("category", 10000 + len(CATEGORIES))


def make_projects(
    store: Store, rng: random.Random, count: int, workers: list[User], anchor: datetime
) -> list[Project]:
    """``count`` projects with their components and versions (some hidden from plain users)."""
    anchor_day = anchor.date()
    projects: list[Project] = []
    for idx, (key, name, topic) in enumerate(project_keys(rng, count)):
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
    return projects


def make_boards(
    store: Store, rng: random.Random, projects: list[Project], anchor: datetime
) -> dict[int, list[Sprint]]:
    """A scrum board per software project, each with its sprints (by project id)."""
    # one scrum board per software project, with closed, active and future sprints
    sprints_by_project: dict[int, list[Sprint]] = {}
    for project in projects:
        if project.project_type_key != "software":
            continue
        board = Board(
            store.next_id("board", 1),
            f"{project.key} board",
            "scrum",
            project.id,
            columns=_scrum_columns(five=len(sprints_by_project) % 2 == 1),
        )
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
                # the next sprint is not planned yet; the one after it is
                start_date=start if s != 1 else None,
                end_date=start + timedelta(days=SPRINT_DAYS) if s != 1 else None,
                complete_date=start + timedelta(days=SPRINT_DAYS) if state == "closed" else None,
            )
            store.sprints[sprint.id] = sprint
            sprints.append(sprint)
        sprints_by_project[project.id] = sprints
    return sprints_by_project


def finish_boards(store: Store, projects: list[Project]) -> None:
    """Kanban boards, every board's saved filter, sub-tasks in their parent's sprint, and ranks.

    Runs after the issues are made, drawing from its own generator: the draws of the site's
    generator (and so every other record) stay as they were before boards had more than sprints.
    """
    rng = random.Random(f"{store.seed}:boards")
    software = [p for p in projects if p.project_type_key == "software"]
    for n, project in enumerate(software[::2]):
        board = Board(
            store.next_id("board", 1),
            f"{project.key} kanban",
            "kanban",
            project.id,
            columns=_kanban_columns(backlog=n % 2 == 0),
            sub_query=KANBAN_SUB_QUERY,
            kanban_backlog=n % 2 == 0,
        )
        store.boards[board.id] = board
    for board in store.boards.values():
        _add_board_filter(store, board)
    for issue in store.issues.values():
        parent = store.issues.get(issue.parent_id) if issue.parent_id is not None else None
        if parent is not None and store.issue_types[issue.issuetype_id].subtask:
            issue.sprint_ids = list(parent.sprint_ids)  # a sub-task is in its parent's sprints
    # backlog order: near creation order, with issues moved up or down by a few places
    jitter = max(6.0, len(store.issues) * 0.03)
    order = sorted(store.issues.values(), key=lambda i: i.rank + rng.uniform(0.0, jitter))
    for position, issue in enumerate(order):
        issue.rank = position * RANK_STEP


def _add_board_filter(store: Store, board: Board) -> None:
    project = store.projects[board.project_id]
    # the board's creator owns it: the project lead, or a developer when the lead is one of the
    # two demo accounts (their own filter lists stay as the filters feature made them)
    owner = project.lead_key
    if store.users[owner].name in ("admin", "pat"):
        owner = next(u.key for u in store.users.values() if u.name not in ("admin", "pat"))
    flt = Filter(
        id=store.next_id("filter"),
        name=f"Filter for {board.name}",
        jql=f"project = {project.key} ORDER BY Rank ASC",
        owner_key=owner,
        description="",
        shares=[FilterShare(store.next_id("sharepermission"), "project", project_id=project.id)],
    )
    store.filters[flt.id] = flt
    board.filter_id = flt.id


def project_keys(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
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
