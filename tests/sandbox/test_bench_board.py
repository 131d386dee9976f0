"""The benchmark board (``--bench-board``): eight columns, sprints of 200, and a site that is
otherwise the same as without it."""

from __future__ import annotations

from app.sandbox import Sandbox, SandboxConfig
from app.sandbox.__main__ import parse_args
from app.sandbox.boards import board_issues, open_sprint
from app.sandbox.datagen.bench_board import BENCH_KEY, PER_SPRINT


def test_the_bench_board_adds_a_board_and_changes_nothing_else() -> None:
    plain = Sandbox(SandboxConfig(seed=4, projects=6, issues=600))
    site = Sandbox(SandboxConfig(seed=4, projects=6, issues=600, bench_board=1000))
    store = site.store
    before = {
        i.key: (i.status_id, i.rank, i.sprint_ids, i.summary) for i in plain.store.issues.values()
    }
    after = {i.key: (i.status_id, i.rank, i.sprint_ids, i.summary) for i in store.issues.values()}
    assert {k: after[k] for k in before} == before
    assert set(plain.store.boards) < set(store.boards)
    board = next(b for b in store.boards.values() if b.name == f"{BENCH_KEY} board")
    assert len(board.columns) == 8 and all(len(c.status_ids) == 1 for c in board.columns)
    admin = next(u for u in store.users.values() if u.is_admin)
    shown = board_issues(store, board, admin)
    assert len(shown) == 1000
    sprints = sorted(
        (s for s in store.sprints.values() if s.board_id == board.id), key=lambda s: s.id
    )
    assert [s.state for s in sprints] == ["active"] + ["future"] * 4
    for sprint in sprints:
        assert sum(1 for i in shown if open_sprint(store, i) is sprint) == PER_SPRINT
    columns = {c.status_ids[0] for c in board.columns}
    assert {i.status_id for i in shown} == columns
    assert parse_args(["--bench-board", "2000"]).bench_board == 2000
