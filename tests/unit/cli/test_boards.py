"""``jade boards``, ``jade sprints``, ``jade board``: boards, sprints and a board's issues in
board order, as CSV or JSON lines, with every command's exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.__main__ import main
from app.cli.boards import BoardsRequest, run_board, run_boards, run_sprints
from app.cli.site_args import SiteArguments
from app.domain.board import SprintState
from app.sandbox import Flavour, Sandbox, SandboxConfig, SandboxServer
from app.sandbox.boards import board_issues, open_sprint
from app.sandbox.model import Board
from tests.conftest import ROOT

URL = "https://jira.test"
FLAVOURS = pytest.mark.parametrize(
    "flavour", [Flavour.CLOUD, Flavour.DATACENTER], ids=["cloud", "dc"]
)
Run = Callable[..., Coroutine[Any, Any, int]]


def _site(flavour: Flavour) -> Sandbox:
    return Sandbox(
        SandboxConfig(flavour=flavour, seed=3, projects=4, issues=300, anchor=date(2026, 11, 2))
    )


def _scrum(site: Sandbox) -> Board:
    return next(b for b in site.store.boards.values() if b.type == "scrum")


async def _run(
    run: Run, site: Sandbox, *, fmt: str = "csv", output: Path | None = None, **asked: Any
) -> tuple[int, str, str]:
    out, err = io.StringIO(newline=""), io.StringIO()
    request = BoardsRequest(
        SiteArguments(URL, user=site.admin.login),
        "json" if fmt == "json" else "csv",
        output,
        **asked,
    )
    code = await run(request, out=out, err=err, transport=httpx.ASGITransport(app=site.app))
    return code, out.getvalue(), err.getvalue()


def _table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(autouse=True)
def _no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JADE_TOKEN", raising=False)


# ----- jade boards --------------------------------------------------------------------------------


@pytest.mark.asyncio
@FLAVOURS
async def test_boards_as_csv_and_json_lines(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    store = site.store
    code, out, err = await _run(run_boards, site)
    assert code == 0, err
    table = _table(out)
    assert table[0] == ["id", "name", "type", "project", "api"]
    assert table[1:] == [
        [str(b.id), b.name, b.type, store.projects[b.project_id].key, "agile"]
        for b in sorted(store.boards.values(), key=lambda b: b.id)
    ]
    assert err.startswith(f"jade boards: {len(store.boards)} boards written to standard output")
    key = store.projects[_scrum(site).project_id].key
    code, out, err = await _run(run_boards, site, fmt="json", project=key)
    assert code == 0, err
    lines = _lines(out)
    assert lines and {x["project"] for x in lines} == {key}
    assert set(lines[0]) == {"id", "name", "type", "project", "api"}
    assert isinstance(lines[0]["id"], int) and lines[0]["api"] == "agile"


@pytest.mark.asyncio
async def test_a_site_without_an_agile_api_is_a_protocol_failure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = _site(Flavour.DATACENTER)
    site.knobs.absent.add("board")  # Jersey's 404, as on a Jira without Jira Software
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    code, out, err = await _run(run_boards, site, output=tmp_path / "boards.csv")
    assert code == 5
    assert out == "" and "answers no agile API" in err
    assert os.listdir(tmp_path) == []  # written whole or not at all


@pytest.mark.asyncio
async def test_a_wrong_token_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JADE_TOKEN", "wrong-token")
    code, out, err = await _run(run_boards, _site(Flavour.CLOUD))
    assert code == 2 and out == "" and "wrong-token" not in err


# ----- jade sprints -------------------------------------------------------------------------------


@pytest.mark.asyncio
@FLAVOURS
async def test_sprints_of_a_board_and_by_state(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    board = _scrum(site)
    sprints = sorted(
        (s for s in site.store.sprints.values() if s.board_id == board.id), key=lambda s: s.id
    )
    code, out, err = await _run(run_sprints, site, fmt="json", board=board.id)
    assert code == 0, err
    lines = _lines(out)
    assert [(x["id"], x["name"], x["state"]) for x in lines] == [
        (s.id, s.name, s.state) for s in sprints
    ]
    assert list(lines[0]) == [
        "id",
        "name",
        "state",
        "startDate",
        "endDate",
        "completeDate",
        "goal",
    ]
    closed = next(x for x in lines if x["state"] == "closed")
    future = next(x for x in lines if x["state"] == "future")
    assert closed["completeDate"].endswith("+00:00") and future["startDate"] is None
    code, out, err = await _run(run_sprints, site, board=board.id, state=SprintState.ACTIVE)
    assert code == 0, err
    table = _table(out)
    assert table[0] == ["id", "name", "state", "startDate", "endDate", "completeDate", "goal"]
    assert [row[2] for row in table[1:]] == ["active"]
    assert table[1][5] == ""  # no completeDate: an empty cell


@pytest.mark.asyncio
async def test_a_kanban_board_has_no_sprints_in_jiras_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site(Flavour.CLOUD)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    kanban = next(b for b in site.store.boards.values() if b.type == "kanban")
    code, out, err = await _run(run_sprints, site, board=kanban.id)
    assert code == 1 and out == ""
    assert err.startswith("jade sprints: The board does not support sprints\nHTTP 400")


@pytest.mark.asyncio
async def test_a_board_the_site_does_not_have_exits_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    target = tmp_path / "sprints.csv"
    code, out, err = await _run(run_sprints, site, board=999, output=target)
    assert code == 1 and out == ""
    assert err == "jade sprints: There is no board 999, or you may not see it.\n"
    assert os.listdir(tmp_path) == []


# ----- jade board ---------------------------------------------------------------------------------


@pytest.mark.asyncio
@FLAVOURS
async def test_a_board_in_board_order_with_columns_sprints_and_places(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    store = site.store
    board = _scrum(site)
    expected = board_issues(store, board, store.user_by_name("admin"))
    target = tmp_path / "board.csv"
    code, out, err = await _run(run_board, site, board=board.id, output=target)
    assert code == 0, err
    assert out == "" and os.listdir(tmp_path) == ["board.csv"]
    table = _table(target.read_text(encoding="utf-8"))
    assert table[0] == ["key", "summary", "status", "column", "sprint", "rank"]
    assert [row[0] for row in table[1:]] == [i.key for i in expected]
    assert [row[5] for row in table[1:]] == [str(n) for n in range(1, len(expected) + 1)]
    for row, issue in zip(table[1:], expected, strict=True):
        column = next(c.name for c in board.columns if issue.status_id in c.status_ids)
        sprint = open_sprint(store, issue)
        assert row[1:5] == [
            issue.summary,
            store.statuses[issue.status_id].name,
            column,
            str(sprint.id) if sprint else "",
        ]
    assert f"{len(expected)} issues written to {target}" in err


@pytest.mark.asyncio
@FLAVOURS
async def test_the_active_sprint_of_a_board(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(flavour)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    store = site.store
    board = _scrum(site)
    active = next(
        s for s in store.sprints.values() if s.board_id == board.id and s.state == "active"
    )
    expected = [
        i
        for i in board_issues(store, board, store.user_by_name("admin"))
        if open_sprint(store, i) is active
    ]
    code, out, err = await _run(run_board, site, fmt="json", board=board.id, sprint="active")
    assert code == 0, err
    lines = _lines(out)
    assert [x["key"] for x in lines] == [i.key for i in expected]
    assert {x["sprint"] for x in lines} == {active.id}
    assert [x["rank"] for x in lines] == list(range(1, len(expected) + 1))
    assert list(lines[0]) == ["key", "summary", "status", "column", "sprint", "rank"]
    code, out, err = await _run(run_board, site, board=board.id, sprint=str(active.id))
    assert code == 0, err
    assert [row[0] for row in _table(out)[1:]] == [i.key for i in expected]


@pytest.mark.asyncio
async def test_a_sprint_the_board_does_not_have_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(Flavour.CLOUD)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    board = _scrum(site)
    code, out, err = await _run(run_board, site, board=board.id, sprint="4242")
    assert code == 1 and out == ""
    assert err == f"jade board: Board {board.id} has no sprint 4242.\n"
    for sprint in [s for s in site.store.sprints.values() if s.board_id == board.id]:
        if sprint.state == "active":
            sprint.state = "closed"  # a board between sprints
    code, out, err = await _run(run_board, site, board=board.id, sprint="active")
    assert code == 1 and err == f"jade board: Board {board.id} has no active sprint.\n"


@pytest.mark.asyncio
async def test_a_kanban_board_lists_its_cards_with_unmapped_statuses_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site(Flavour.DATACENTER)
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    kanban = next(b for b in site.store.boards.values() if b.kanban_backlog)
    code, out, err = await _run(run_board, site, fmt="json", board=kanban.id)
    assert code == 0, err
    lines = _lines(out)
    assert lines and {x["column"] for x in lines} <= {c.name for c in kanban.columns}
    assert {x["sprint"] for x in lines} <= {None} | set(site.store.sprints)


# ----- the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["sprints", URL],  # --board is required
        ["board", URL, "--board", "ten"],
        ["board", URL, "--board", "1", "--sprint", "current"],
        ["sprints", URL, "--board", "1", "--state", "done"],
        ["boards", URL, "--format", "xml"],
    ],
)
def test_usage_errors_exit_64(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 64
    assert "error:" in capsys.readouterr().err


def test_jade_board_over_real_loopback() -> None:
    site = _site(Flavour.DATACENTER)
    board = _scrum(site)
    with SandboxServer(site) as server:
        env = {**os.environ, "JADE_TOKEN": site.admin.secret}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "board",
                server.url,
                "--user",
                site.admin.login,
                "--board",
                str(board.id),
                "--sprint",
                "active",
                "--format",
                "json",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    lines = _lines(done.stdout)
    assert lines and all(x["sprint"] is not None for x in lines)
    assert done.stderr.startswith(f"jade board: {len(lines)} issues written to standard output")
