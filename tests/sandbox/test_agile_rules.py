"""The sandbox's agile site: generated boards and sprints, and the rules of ``app.sandbox.boards``."""

from __future__ import annotations

import itertools

from app.sandbox import Flavour, Sandbox
from app.sandbox.boards import (
    RANK_STEP,
    backlog_of,
    board_issues,
    in_rank_order,
    is_done,
    is_epic,
    lexorank,
    open_sprint,
    rank_block,
)
from app.sandbox.model import User
from tests.sandbox.conftest import make_sandbox


def _admin(site: Sandbox) -> User:
    admin = site.store.user_by_name("admin")
    assert admin is not None
    return admin


def test_every_software_project_has_a_scrum_board_with_its_sprints() -> None:
    store = make_sandbox(Flavour.CLOUD).store
    software = [p for p in store.projects.values() if p.project_type_key == "software"]
    scrum = [b for b in store.boards.values() if b.type == "scrum"]
    assert sorted(b.project_id for b in scrum) == sorted(p.id for p in software)
    for board in scrum:
        assert board.columns[0].name == "To Do"
        assert 4 <= len(board.columns) <= 5
        mapped = [s for c in board.columns for s in c.status_ids]
        assert sorted(mapped) == sorted(store.statuses)  # every status on exactly one column
        states = [s.state for s in store.sprints.values() if s.board_id == board.id]
        assert states.count("active") == 1 and "closed" in states and "future" in states


def test_kanban_boards_have_wip_limits_a_sub_filter_and_some_a_backlog() -> None:
    store = make_sandbox(Flavour.DATACENTER).store
    kanban = [b for b in store.boards.values() if b.type == "kanban"]
    assert {b.kanban_backlog for b in kanban} == {True, False}
    for board in kanban:
        assert board.sub_query
        assert any(c.max is not None for c in board.columns)
        assert not any(s.board_id == board.id for s in store.sprints.values())
    with_backlog = next(b for b in kanban if b.kanban_backlog)
    assert with_backlog.columns[0].name == "Backlog"
    assert any(c.min is not None and c.max is not None for c in with_backlog.columns)


def test_every_board_has_a_saved_filter_owned_by_neither_demo_account() -> None:
    store = make_sandbox(Flavour.CLOUD).store
    for board in store.boards.values():
        assert board.filter_id is not None
        flt = store.filters[board.filter_id]
        project = store.projects[board.project_id]
        assert flt.jql == f"project = {project.key} ORDER BY Rank ASC"
        assert store.users[flt.owner_key].name not in ("admin", "pat")


def test_sub_tasks_are_in_their_parents_sprints() -> None:
    store = make_sandbox(Flavour.CLOUD).store
    subtasks = [i for i in store.issues.values() if store.issue_types[i.issuetype_id].subtask]
    assert subtasks
    for issue in subtasks:
        assert issue.parent_id is not None
        assert issue.sprint_ids == store.issues[issue.parent_id].sprint_ids


def test_ranks_leave_room_and_differ_from_creation_order() -> None:
    store = make_sandbox(Flavour.CLOUD).store
    ranked = in_rank_order(store.issues.values())
    gaps = {b.rank - a.rank for a, b in itertools.pairwise(ranked)}
    assert gaps == {RANK_STEP}
    assert [i.id for i in ranked] != sorted(store.issues)


def test_lexorank_sorts_as_the_ranks_do() -> None:
    ranks = [-5 * RANK_STEP, -1, 0, 1, 37, RANK_STEP, 10**9]
    texts = [lexorank(r) for r in ranks]
    assert texts == sorted(texts)
    assert all(t.startswith("0|") and t[8] == ":" for t in texts)


def test_a_block_ranked_between_neighbours_keeps_its_order() -> None:
    store = make_sandbox(Flavour.CLOUD).store
    order = in_rank_order(store.issues.values())
    block = [order[10], order[3], order[7]]
    rank_block(store, block, order[0], before=False)
    after = in_rank_order(store.issues.values())
    assert after[:4] == [order[0], order[10], order[3], order[7]]
    rank_block(store, [order[5]], order[0], before=True)
    assert in_rank_order(store.issues.values())[0] == order[5]


def test_ranking_into_a_full_gap_spreads_every_rank_first() -> None:
    store = make_sandbox(Flavour.CLOUD).store
    order = in_rank_order(store.issues.values())
    order[1].rank = order[0].rank + 1  # no room left between the first two
    block = order[5:55]
    rank_block(store, block, order[1], before=True)
    after = in_rank_order(store.issues.values())
    assert after[: len(block) + 2] == [order[0], *block, order[1]]
    assert len({i.rank for i in store.issues.values()}) == len(store.issues)


def test_a_scrum_board_leaves_out_epics_and_its_backlog_is_what_no_sprint_holds() -> None:
    site = make_sandbox(Flavour.CLOUD)
    store, admin = site.store, _admin(site)
    board = next(b for b in store.boards.values() if b.type == "scrum")
    shown = board_issues(store, board, admin)
    assert shown and not any(is_epic(store, i) for i in shown)
    assert all(i.project_id == board.project_id for i in shown)
    backlog = backlog_of(store, board, admin)
    assert backlog
    assert all(not is_done(store, i) and open_sprint(store, i) is None for i in backlog)
    assert backlog == [i for i in shown if i in backlog]  # in the board's (rank) order


def test_a_kanban_board_shows_only_mapped_statuses_and_unreleased_work() -> None:
    site = make_sandbox(Flavour.DATACENTER)
    store, admin = site.store, _admin(site)
    board = next(b for b in store.boards.values() if b.kanban_backlog)
    mapped = {s for c in board.columns for s in c.status_ids}
    shown = board_issues(store, board, admin)
    assert shown and all(i.status_id in mapped for i in shown)
    released = {v.id for v in store.versions.values() if v.released}
    assert not any(i.fix_version_ids and set(i.fix_version_ids) <= released for i in shown)
    backlog = backlog_of(store, board, admin)
    assert backlog and {i.status_id for i in backlog} <= set(board.columns[0].status_ids)


def test_a_board_the_user_cannot_browse_shows_nothing() -> None:
    site = make_sandbox(Flavour.CLOUD)
    store = site.store
    plain = store.user_by_name("pat")
    hidden = next(
        b
        for b in store.boards.values()
        if not store.can_browse(plain, store.projects[b.project_id])
    )
    assert board_issues(store, hidden, plain) == []
