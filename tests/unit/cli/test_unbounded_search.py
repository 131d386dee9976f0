"""``jade search`` on Cloud with a query Cloud refuses as unbounded: the hint reaches stderr."""

from __future__ import annotations

import io
from datetime import date

import httpx
import pytest

from app.api.core import UNBOUNDED_QUERY_HINT
from app.cli.search import SearchRequest, run_search
from app.cli.site_args import SiteArguments
from app.sandbox import Flavour, Sandbox, SandboxConfig


@pytest.mark.asyncio
async def test_the_hint_reaches_standard_error_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    site = Sandbox(
        SandboxConfig(
            flavour=Flavour.CLOUD, seed=3, projects=2, issues=10, anchor=date(2026, 11, 2)
        )
    )
    monkeypatch.setenv("JADE_TOKEN", site.admin.secret)
    out, err = io.StringIO(), io.StringIO()
    request = SearchRequest(
        SiteArguments("https://jira.test", user=site.admin.login), "ORDER BY created DESC"
    )
    code = await run_search(request, out=out, err=err, transport=httpx.ASGITransport(app=site.app))
    assert code == 1 and out.getvalue() == ""
    first = err.getvalue().splitlines()[0]
    assert first == (
        "jade search: Unbounded JQL queries are not allowed here. Please add a search "
        f"restriction to your query. {UNBOUNDED_QUERY_HINT}"
    )
