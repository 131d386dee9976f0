"""A big scrum board for benchmarks (``--bench-board ISSUES``): off unless asked for.

One more project, ``BIG``, holds ``ISSUES`` issues in sprints of 200 (the first active, the rest
future), on a scrum board of eight columns, one per status: the six statuses every site has and
two more, Ready and In Test, that only a site with the bench board has (reached by global
transitions). Everything comes from a generator of its own, drawn after the rest of the site:
a site generated without the option is the same as before, and with it, the same but for this.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from app.sandbox.boards import RANK_STEP
from app.sandbox.datagen.projects import SPRINT_DAYS, _add_board_filter
from app.sandbox.datagen.reference import (
    BLOCKED,
    BUG,
    DONE,
    EPIC,
    IN_PROGRESS,
    IN_REVIEW,
    STORY,
    TASK,
    TO_DO,
    WONT_DO,
)
from app.sandbox.model import (
    Actor,
    Board,
    BoardColumn,
    Issue,
    Project,
    Sprint,
    Status,
    Transition,
    User,
)
from app.sandbox.store import Store

__all__ = ["BENCH_KEY", "PER_SPRINT", "add_bench_board"]

BENCH_KEY = "BIG"
PER_SPRINT = 200
READY, IN_TEST = 10005, 10006
EPICS = 10
_STATUSES = (
    Status(READY, "Ready", "Refined and ready to be picked up.", 2),
    Status(IN_TEST, "In Test", "Being tested before it is done.", 4),
)
_TRANSITIONS = (
    Transition(81, "Mark ready", READY),  # global: from any status
    Transition(91, "Test", IN_TEST),
)
_COLUMNS = (
    ("To Do", TO_DO),
    ("Ready", READY),
    ("In Progress", IN_PROGRESS),
    ("Blocked", BLOCKED),
    ("In Review", IN_REVIEW),
    ("In Test", IN_TEST),
    ("Done", DONE),
    ("Won't Do", WONT_DO),
)
_WORDS = ("Tune", "Ship", "Split", "Review", "Profile", "Harden", "Trim", "Port")
_THINGS = ("board query", "rank cache", "sprint report", "card layout", "backlog paging")


def add_bench_board(store: Store, issues: int, anchor: datetime, workers: list[User]) -> None:
    """Add project BIG with ``issues`` issues in sprints of 200 on an eight-column board."""
    if issues <= 0:
        return
    rng = random.Random(f"{store.seed}:bench-board")
    for status in _STATUSES:
        store.statuses[status.id] = status
    store.transitions.extend(_TRANSITIONS)
    lead = workers[0]
    project = Project(
        id=10000 + len(store.projects),
        key=BENCH_KEY,
        name="Big board",
        description="A board of many issues, for benchmarks.",
        lead_key=lead.key,
        project_type_key="software",
        role_actors={
            10002: [Actor("user", lead.key), Actor("group", "jira-administrators")],
            10001: [Actor("group", "jira-developers")],
            10000: [Actor("group", "jira-users")],
        },
        created=anchor - timedelta(days=90),
    )
    store.add_project(project)
    store.seen_id("project", project.id + 1)
    board = Board(
        store.next_id("board", 1),
        f"{BENCH_KEY} board",
        "scrum",
        project.id,
        columns=[BoardColumn(name, [status]) for name, status in _COLUMNS],
    )
    store.boards[board.id] = board
    _add_board_filter(store, board)
    sprints = _sprints(store, board, -(-issues // PER_SPRINT), anchor)
    last_rank = max((i.rank for i in store.issues.values()), default=0)
    epics = [_issue(store, rng, project, n, anchor, workers, EPIC) for n in range(EPICS)]
    for n, epic in enumerate(epics):
        epic.summary = f"{rng.choice(_THINGS).capitalize()} overhaul {n + 1}"
        epic.rank = last_rank + (n + 1) * RANK_STEP
    statuses = [status for _, status in _COLUMNS]
    for n in range(issues):
        kind = rng.choice((STORY, STORY, TASK, BUG))
        issue = _issue(store, rng, project, EPICS + n, anchor, workers, kind)
        issue.status_id = statuses[n % len(statuses)]
        issue.sprint_ids = [sprints[n // PER_SPRINT].id]
        issue.parent_id = epics[n % EPICS].id
        issue.story_points = float(rng.choice((1, 2, 3, 5, 8))) if kind == STORY else None
        issue.rank = last_rank + (EPICS + n + 1) * RANK_STEP
        if issue.status_id in (DONE, WONT_DO):
            issue.resolution_id = 10000 if issue.status_id == DONE else 10001
            issue.resolution_date = issue.updated


def _sprints(store: Store, board: Board, count: int, anchor: datetime) -> list[Sprint]:
    out = []
    for n in range(count):
        active = n == 0
        start = anchor - timedelta(days=3) + timedelta(days=SPRINT_DAYS * n)
        sprint = Sprint(
            id=store.next_id("sprint", 1),
            board_id=board.id,
            name=f"{BENCH_KEY} Sprint {n + 1}",
            state="active" if active else "future",
            goal="Load the board fast" if active else "",
            start_date=start if active else None,
            end_date=start + timedelta(days=SPRINT_DAYS) if active else None,
        )
        store.sprints[sprint.id] = sprint
        out.append(sprint)
    return out


def _issue(
    store: Store,
    rng: random.Random,
    project: Project,
    n: int,
    anchor: datetime,
    workers: list[User],
    kind: int,
) -> Issue:
    created = anchor - timedelta(minutes=n * 7 + 60)
    reporter = rng.choice(workers).key
    issue = Issue(
        id=store.next_id("issue"),
        key=f"{project.key}-{n + 1}",
        project_id=project.id,
        summary=f"{rng.choice(_WORDS)} {rng.choice(_THINGS)} {n + 1}",
        description="",
        issuetype_id=kind,
        status_id=TO_DO,
        priority_id=rng.choice((2, 3, 3, 3, 4)),
        reporter_key=reporter,
        creator_key=reporter,
        created=created,
        updated=created,
        assignee_key=rng.choice(workers).key if rng.random() < 0.85 else None,
        labels=rng.sample(["backend", "frontend", "perf", "ux"], rng.choice((0, 1, 1, 2))),
        history=None,
    )
    issue.status_category_changed = created
    project.next_issue_number = n + 2
    store.add_issue(issue)
    return issue
