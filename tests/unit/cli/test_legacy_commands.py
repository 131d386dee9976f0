"""``jade check`` and ``jade search`` against a Jira 4.3 site (the legacy sandbox)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date

import httpx
import pytest

from app.cli.boards import BoardsRequest, run_boards
from app.cli.check import run_check
from app.cli.export_fields import parse_fields
from app.cli.search import SearchRequest, run_search
from app.cli.site_args import SiteArguments
from app.sandbox import Flavour, Sandbox, SandboxConfig, SandboxServer
from tests.conftest import ROOT

URL = "https://old-jira.test"


def _site() -> Sandbox:
    return Sandbox(
        SandboxConfig(
            flavour=Flavour.LEGACY, seed=3, projects=4, issues=80, anchor=date(2026, 11, 2)
        )
    )


def _expected(site: Sandbox, project_key: str) -> list[str]:
    store = site.store
    project = next(p for p in store.projects.values() if p.key == project_key)
    return [
        i.key
        for i in sorted(store.issues.values(), key=lambda i: i.id)
        if i.project_id == project.id
    ]


@pytest.mark.asyncio
async def test_check_says_jira_4_3(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site()
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(
        SiteArguments(URL, user=site.admin.login),
        out=out,
        err=err,
        transport=httpx.ASGITransport(app=site.app),
    )
    assert code == 0, err.getvalue()
    body = json.loads(out.getvalue())
    assert body["flavour"] == "legacy"
    assert body["version"].startswith("4.3.")
    assert body["user"] == site.admin.login
    assert body["permissions"] is None and body["missing"] == ["mypermissions"]


@pytest.mark.asyncio
async def test_search_json_lists_every_matching_issue_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site()
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    key = sorted(p.key for p in site.store.projects.values())[0]
    out, err = io.StringIO(), io.StringIO()
    request = SearchRequest(
        SiteArguments(URL, user=site.admin.login),
        f"project = {key} ORDER BY key ASC",
        parse_fields("key,summary,status,assignee"),
        "json",
        None,
    )
    code = await run_search(request, out=out, err=err, transport=httpx.ASGITransport(app=site.app))
    assert code == 0, err.getvalue()
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["key"] for line in lines] == _expected(site, key)
    first = site.store.issue(lines[0]["key"])
    assert first is not None
    assert set(lines[0]["fields"]) == {"summary", "status", "assignee"}
    assert lines[0]["fields"]["summary"] == first.summary
    assert lines[0]["fields"]["status"]["name"] == site.store.statuses[first.status_id].name


@pytest.mark.asyncio
async def test_bad_jql_exits_1_with_jiras_words(monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site()
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    out, err = io.StringIO(), io.StringIO()
    request = SearchRequest(
        SiteArguments(URL, user=site.admin.login),
        "project = = x",
        parse_fields("key"),
        "json",
        None,
    )
    code = await run_search(request, out=out, err=err, transport=httpx.ASGITransport(app=site.app))
    assert code == 1
    assert "Error in the JQL Query" in err.getvalue() and out.getvalue() == ""


def test_both_commands_over_real_loopback() -> None:
    site = _site()
    key = sorted(p.key for p in site.store.projects.values())[0]
    env = {**os.environ, "JADE_TOKEN": site.admin.secret}
    with SandboxServer(site) as server:
        base = [sys.executable, "-m", "app"]
        site_args = [server.url, "--user", site.admin.login]
        check = subprocess.run(
            [*base, "check", *site_args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        search = subprocess.run(
            [
                *base,
                "search",
                *site_args,
                "--jql",
                f"project = {key} ORDER BY key ASC",
                "--format",
                "json",
                "--fields",
                "key,summary",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert check.returncode == 0, check.stderr
    assert json.loads(check.stdout)["version"].startswith("4.3.")
    assert search.returncode == 0, search.stderr
    keys = [json.loads(line)["key"] for line in search.stdout.splitlines()]
    assert keys == _expected(site, key)
    assert site.admin.secret not in check.stdout + check.stderr + search.stdout + search.stderr


@pytest.mark.asyncio
async def test_boards_say_they_are_not_available_and_exit_5(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = _site()
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    out, err = io.StringIO(), io.StringIO()
    code = await run_boards(
        BoardsRequest(SiteArguments(URL, user=site.admin.login)),
        out=out,
        err=err,
        transport=httpx.ASGITransport(app=site.app),
    )
    assert code == 5
    assert "Boards: not available on Jira 4.3." in err.getvalue()
    assert out.getvalue() == ""
