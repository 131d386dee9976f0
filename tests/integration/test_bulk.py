"""Bulk changes against the sandbox: every issue's outcome, failures with Jira's reason, retries."""

from __future__ import annotations

import pytest

from app.api.bulk import apply_bulk
from app.api.issues import IssueWriter
from app.domain.bulk import BulkAction, BulkKind, BulkRun
from tests.integration.conftest import Link


@pytest.mark.asyncio
async def test_bulk_transition_reports_each_issue_and_retries_only_failures(
    fresh_link: Link,
) -> None:
    store = fresh_link.site.store
    todo = [i for i in store.issues.values() if i.status_id == 10000][:18]
    done = [i for i in store.issues.values() if i.status_id == 10003][
        :2
    ]  # "Start Progress" is not open
    keys = [i.key for i in todo + done]
    run = BulkRun(BulkAction(BulkKind.TRANSITION, transition="Start Progress"), keys)
    seen: list[str] = []
    async with fresh_link.client() as client:
        await apply_bulk(IssueWriter(client), run, progress=lambda o: seen.append(o.key))
        assert sorted(seen) == sorted(keys)
        assert run.succeeded == [i.key for i in todo]
        assert [o.key for o in run.failed] == [i.key for i in done]
        assert all("not open from its status" in o.message for o in run.failed)
        assert all(store.issue(i.key).status_id == 3 for i in todo)  # type: ignore[union-attr]
        # make the two failures possible, then retry: only they are sent again
        for issue in done:
            issue.status_id = 10000
        seen.clear()
        await apply_bulk(IssueWriter(client), run, progress=lambda o: seen.append(o.key))
        assert sorted(seen) == sorted(i.key for i in done)
        assert run.failed == [] and len(run.succeeded) == 20


@pytest.mark.asyncio
async def test_bulk_label_and_assign(fresh_link: Link) -> None:
    store = fresh_link.site.store
    keys = [i.key for i in list(store.issues.values())[:5]]
    async with fresh_link.client() as client:
        writer = IssueWriter(client)
        await apply_bulk(writer, BulkRun(BulkAction(BulkKind.ADD_LABEL, label="bulk-jade"), keys))
        assert all("bulk-jade" in store.issue(k).labels for k in keys)  # type: ignore[union-attr]
        run = await apply_bulk(writer, BulkRun(BulkAction(BulkKind.ASSIGN, assignee=None), keys))
        assert run.failed == []
        assert all(store.issue(k).assignee_key is None for k in keys)  # type: ignore[union-attr]
