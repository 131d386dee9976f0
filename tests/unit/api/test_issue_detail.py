"""``IssueReader.detail`` against recorded Jira answers and answers without any rendering."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.api import JiraClient, SiteConfig, auth_for
from app.api.errors import ProtocolError
from app.api.issues import IssueReader
from app.domain.issue_detail import IssueDetail
from app.domain.site import AuthKind

pytestmark = pytest.mark.asyncio


async def _detail(body: Any, seen: list[httpx.Request] | None = None) -> IssueDetail:
    def answer(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(200, json=body)

    config = SiteConfig("http://jira.example.test/jira", auth_for(AuthKind.PASSWORD, "u", "pw"))
    async with JiraClient(config, transport=httpx.MockTransport(answer)) as client:
        return await IssueReader(client).detail("TST-2")


async def test_the_recorded_all_expanded_issue(shared_dir: Path) -> None:
    body = json.loads(
        (shared_dir / "samples/issue_all_expanded_server__jira-rest-java-client.json").read_text()
    )
    seen: list[httpx.Request] = []
    detail = await _detail(body, seen)
    [request] = seen
    assert request.url.path == "/jira/rest/api/2/issue/TST-2"
    assert request.url.params["expand"] == "renderedFields,changelog"
    assert request.url.params["fields"] == "*navigable,comment"
    assert detail.description_html == "<p>my description</p>"
    assert detail.comment_html["10020"] == "<p>some comment</p>"
    assert detail.site_url == "http://jira.example.test/jira"
    history = detail.history
    assert history.total == 30 and history.complete
    assert [e.when for e in history.entries] == sorted(
        (e.when for e in history.entries), key=lambda w: w.timestamp() if w else 0, reverse=True
    )
    status = next(c for e in history.entries for c in e.changes if c.field == "status")
    assert (status.label, status.before, status.after) == ("Status", "Open", "In Progress")
    description = next(c for e in history.entries for c in e.changes if c.field == "description")
    assert (description.before, description.after) == ("", "my description")
    assert history.entries[-1].author == "Administrator"
    links = [
        (k.relation, k.issue.key, k.issue.summary, k.issue.status) for k in detail.relations.links
    ]
    assert links == [
        ("duplicates", "TST-1", "My sample test", "Open"),
        ("is duplicated by", "TST-1", "My sample test", "Open"),
    ]
    assert detail.relations.parent is None and detail.relations.subtasks == ()
    assert dict(detail.relations.by_relation()) == {
        "duplicates": (detail.relations.links[0].issue,),
        "is duplicated by": (detail.relations.links[1].issue,),
    }


async def test_a_recorded_cloud_issue_with_subtasks(shared_dir: Path) -> None:
    [issue, _] = json.loads(
        (shared_dir / "samples/board_issues_cloud_values__incubator-devlake.json").read_text()
    )
    detail = await _detail(issue)
    assert [s.key for s in detail.relations.subtasks][:2] == ["EE-25", "EE-26"]
    assert detail.history.total == 25 and len(detail.history.entries) == 25
    newest = detail.history.entries[0]
    assert newest.when is not None and newest.when.year == 2021
    assert newest.author == "Rankin Zheng"


async def test_without_rendering_or_history_the_detail_falls_back_to_the_raw_text() -> None:
    body = {
        "id": "10001",
        "key": "TST-2",
        "fields": {
            "summary": "Old server",
            "description": "h2. Raw *wiki*",
            "comment": {"comments": [{"id": "1", "body": "plain"}]},
        },
    }
    detail = await _detail(body)
    assert detail.description_html is None and detail.comment_html == {}
    assert detail.history.entries == () and detail.history.total == 0
    assert detail.relations.is_empty
    assert detail.fields["description"] == "h2. Raw *wiki*"


async def test_a_changelog_of_the_wrong_shape_is_a_protocol_error() -> None:
    body = {"id": "1", "key": "TST-2", "fields": {}, "changelog": {"histories": "none"}}
    with pytest.raises(ProtocolError):
        await _detail(body)
