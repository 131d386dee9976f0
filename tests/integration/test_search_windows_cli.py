"""``jade search`` on a Data Center site whose result window is smaller than the search."""

from __future__ import annotations

import csv
import io
import json
import shlex
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from app.cli.search import SearchRequest, parse_fields, run_search
from app.cli.site_args import SiteArguments
from app.domain.search_order import parse_order
from app.sandbox import Sandbox
from tests.integration.test_search_windows import RecordingTransport, Sent, truth, window_site

pytestmark = pytest.mark.asyncio

URL = "https://jira.test"


class Terminal(io.StringIO):
    """Standard error as a terminal: progress is shown."""

    def isatty(self) -> bool:
        return True


async def jade_search(
    site: Sandbox,
    jql: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    fmt: str = "csv",
    output: Path | None = None,
    err: io.StringIO | None = None,
) -> tuple[int, str, str]:
    out, err = io.StringIO(newline=""), err or io.StringIO()
    request = SearchRequest(
        SiteArguments(URL, user=site.admin.login),
        jql,
        parse_fields("key,summary"),
        "json" if fmt == "json" else "csv",
        output,
    )
    code = await run_search(
        request, out=out, err=err, transport=transport or httpx.ASGITransport(app=site.app)
    )
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    made = window_site()
    monkeypatch.setenv("JADE_TOKEN", made.admin.secret)
    return made


@pytest.mark.parametrize("jql", ["ORDER BY created DESC", "status != Done ORDER BY key DESC"])
async def test_every_issue_in_the_order_asked(site: Sandbox, jql: str) -> None:
    code, out, err = await jade_search(site, jql)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["key", "summary"]
    expected = truth(site, parse_order(jql).jql())
    assert len(expected) > 200
    assert [r[0] for r in rows[1:]] == expected
    assert f"{len(expected):,} issues written to standard output" in err


async def test_the_count_on_a_terminal_reads_n_of_m_from_the_first_page(site: Sandbox) -> None:
    err = Terminal()
    code, _, text = await jade_search(site, "ORDER BY updated DESC", err=err)
    assert code == 0, text
    total = len(site.store.issues)
    shown = [part.strip() for part in text.split("\r") if " / " in part]
    assert shown and all(p.endswith(f" / {total} issues") for p in shown)


async def test_an_order_that_cannot_be_merged_says_which_jql_to_use(
    site: Sandbox, tmp_path: Path
) -> None:
    target = tmp_path / "issues.csv"
    code, out, err = await jade_search(
        site, "project is not EMPTY ORDER BY priority", output=target
    )
    assert code == 1
    assert out == "" and not target.exists()
    assert "cannot sort by 'priority'" in err
    suggestion = "project is not EMPTY ORDER BY key ASC"
    assert f"--jql {shlex.quote(suggestion)}" in err
    code, _, err = await jade_search(site, suggestion, output=target)
    assert code == 0, err
    assert target.exists()


def at_the_final_count(change: Callable[[], None]) -> Callable[[Sent], None]:
    """Run ``change`` when the load counts the query again after its last window."""

    def before(sent: Sent) -> None:
        if sent.size == 0 and "project" not in sent.jql:
            change()

    return before


async def test_an_issue_gone_while_loading_is_named_and_the_output_kept(site: Sandbox) -> None:
    jql = "status != Done ORDER BY key"
    victim = truth(site, jql)[5]

    def delete() -> None:
        site.store.remove_issue(site.store.issues_by_key[victim])

    transport = RecordingTransport(
        httpx.ASGITransport(app=site.app), before=at_the_final_count(delete)
    )
    code, out, err = await jade_search(site, jql, transport=transport, fmt="json")
    assert code == 0, err
    assert victim in [json.loads(line)["key"] for line in out.splitlines()]
    assert f"jade search: {victim} is listed but no longer matches the query" in err
    assert "1 issue changed while the search loaded" in err


async def test_an_issue_missed_while_loading_is_named_and_exits_1(site: Sandbox) -> None:
    jql = "status != Done ORDER BY key"
    done = site.store.status_by_name("Done")
    to_do = site.store.status_by_name("To Do")
    assert done is not None and to_do is not None
    reopened = next(i for i in site.store.issues.values() if i.status_id == done.id)

    def reopen() -> None:
        reopened.status_id = to_do.id

    transport = RecordingTransport(
        httpx.ASGITransport(app=site.app), before=at_the_final_count(reopen)
    )
    code, out, err = await jade_search(site, jql, transport=transport, fmt="json")
    assert reopened.key not in [json.loads(line)["key"] for line in out.splitlines()]
    assert code == 1
    assert f"jade search: {reopened.key} matches the query but is not listed" in err
    assert "the output is incomplete; run the search again" in err
