"""Jira Software's rules over the store: what a board shows, its backlog, an issue's sprints, ranks.

A board shows the issues of its project whose status one of its columns holds (a scrum board
leaves epics out; a kanban board's sub-filter keeps released work off it). The backlog of a
scrum board is what is not done and in no active or future sprint; a kanban board with the
kanban backlog on keeps its first column there instead. Issues are in rank order: Jira's rank
is one lexorank over the whole site, kept here as integers with gaps (``RANK_STEP``) so that a
block of issues fits between two neighbours; when it does not, every rank is spread out again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.sandbox.model import Board, Issue, Sprint, User
from app.sandbox.store import Store

__all__ = [
    "EPIC_TYPE_NAME",
    "OPEN_STATES",
    "RANK_STEP",
    "backlog_of",
    "board_issues",
    "closed_sprints",
    "epics_of",
    "in_rank_order",
    "is_done",
    "is_epic",
    "lexorank",
    "open_sprint",
    "rank_block",
    "spread_ranks",
]

RANK_STEP = 1 << 10  # room for ten halvings between two neighbours before a respread
OPEN_STATES = ("active", "future")
EPIC_TYPE_NAME = "Epic"
_RANK_OFFSET = 36**8 // 2  # so that ranks below zero (ranked before the first) still sort
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def lexorank(rank: int) -> str:
    """The rank as Jira writes it (``0|i0004v:``-like), sorting as the integer does."""
    value, digits = rank + _RANK_OFFSET, []
    for _ in range(8):
        value, digit = divmod(value, 36)
        digits.append(_DIGITS[digit])
    text = "".join(reversed(digits))
    return f"0|{text[:6]}:{text[6:]}"


def in_rank_order(issues: Iterable[Issue]) -> list[Issue]:
    """``issues`` sorted as a board lists them: by rank (ties by id, as a respread would)."""
    return sorted(issues, key=lambda i: (i.rank, i.id))


def is_done(store: Store, issue: Issue) -> bool:
    """Whether the issue's status is in the Done category."""
    status = store.statuses[issue.status_id]
    return store.status_categories[status.category_id].key == "done"


def is_epic(store: Store, issue: Issue) -> bool:
    """Whether the issue is an epic."""
    return store.issue_types[issue.issuetype_id].name == EPIC_TYPE_NAME


def open_sprint(store: Store, issue: Issue) -> Sprint | None:
    """The active or future sprint the issue is in (at most one), or None: the backlog."""
    for sprint_id in reversed(issue.sprint_ids):
        sprint = store.sprints.get(sprint_id)
        if sprint is not None and sprint.state in OPEN_STATES:
            return sprint
    return None


def closed_sprints(store: Store, issue: Issue) -> list[Sprint]:
    """The closed sprints the issue was in, oldest first."""
    found = (store.sprints.get(s) for s in issue.sprint_ids)
    return [s for s in found if s is not None and s.state == "closed"]


def _on_board(store: Store, board: Board, issue: Issue, mapped: set[int]) -> bool:
    if issue.project_id != board.project_id or issue.status_id not in mapped:
        return False
    if board.type == "scrum":
        return not is_epic(store, issue)  # epics live in the epics panel, not on scrum boards
    if board.sub_query:
        # the generated sub-filter: "fixVersion in unreleasedVersions() OR fixVersion is EMPTY"
        versions = [store.versions[v] for v in issue.fix_version_ids if v in store.versions]
        return not versions or any(not v.released for v in versions)
    return True


def board_issues(store: Store, board: Board, user: User | None) -> list[Issue]:
    """Every issue the board shows to ``user``, in rank order (none if it may not see the board)."""
    project = store.projects[board.project_id]
    if not store.can_browse(user, project):
        return []
    mapped = {s for column in board.columns for s in column.status_ids}
    return in_rank_order(i for i in store.issues.values() if _on_board(store, board, i, mapped))


def backlog_of(store: Store, board: Board, user: User | None) -> list[Issue]:
    """The board's backlog in rank order (callers refuse kanban boards without one)."""
    shown = board_issues(store, board, user)
    if board.type == "kanban":
        first = set(board.columns[0].status_ids) if board.columns else set()
        return [i for i in shown if i.status_id in first]
    return [i for i in shown if not is_done(store, i) and open_sprint(store, i) is None]


def epics_of(store: Store, board: Board, user: User | None) -> list[Issue]:
    """The epics of the board's project that ``user`` may see, in rank order."""
    project = store.projects[board.project_id]
    if not store.can_browse(user, project):
        return []
    return in_rank_order(
        i for i in store.issues.values() if i.project_id == project.id and is_epic(store, i)
    )


def spread_ranks(store: Store) -> None:
    """Give every issue a rank ``RANK_STEP`` apart from its neighbours, keeping the order."""
    for position, issue in enumerate(in_rank_order(store.issues.values())):
        issue.rank = position * RANK_STEP


def rank_block(store: Store, moving: Sequence[Issue], anchor: Issue, *, before: bool) -> None:
    """Rank ``moving`` (in that order, as one block) right before or right after ``anchor``."""
    count = len(moving)
    moved = {i.id for i in moving}
    for _ in range(2):
        others = [i for i in in_rank_order(store.issues.values()) if i.id not in moved]
        at = next(n for n, i in enumerate(others) if i.id == anchor.id)
        if before:
            high = anchor.rank
            low = others[at - 1].rank if at > 0 else high - RANK_STEP * (count + 1)
        else:
            low = anchor.rank
            high = others[at + 1].rank if at + 1 < len(others) else low + RANK_STEP * (count + 1)
        if high - low > count:
            for n, issue in enumerate(moving, start=1):
                issue.rank = low + (high - low) * n // (count + 1)
            return
        spread_ranks(store)  # no room between the neighbours: make some, then place the block
    raise AssertionError("spreading the ranks always leaves room for 50 issues")
