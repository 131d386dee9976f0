"""Open sprints of projects' boards and moving issues into a sprint, against the sandbox."""

from __future__ import annotations

import pytest

from app.api.agile import AgileClient
from app.api.bulk import apply_bulk
from app.api.errors import ValidationError
from app.api.issues import IssueWriter
from app.domain.bulk import BulkAction, BulkKind, BulkRun
from tests.integration.conftest import Link


def _software_project(link: Link) -> str:
    store = link.site.store
    board = next(iter(store.boards.values()))
    return store.projects[board.project_id].key


@pytest.mark.asyncio
async def test_open_sprints_and_move(fresh_link: Link) -> None:
    store = fresh_link.site.store
    key = _software_project(fresh_link)
    project = store.projects_by_key[key]
    async with fresh_link.client() as client:
        agile = AgileClient(client)
        sprints = await agile.open_sprints([key, key])
        assert sprints and {s.state for s in sprints} <= {"active", "future"}
        target = next(s for s in sprints if s.state == "future")
        issues = [
            i
            for i in store.issues.values()
            if i.project_id == project.id and not store.issue_types[i.issuetype_id].subtask
        ][:60]
        await agile.move_to_sprint(target.id, [i.key for i in issues])  # two calls: 50 + 10
        assert all(int(target.id) in i.sprint_ids for i in issues)
        closed = next(s for s in store.sprints.values() if s.state == "closed")
        with pytest.raises(ValidationError):
            await agile.move_to_sprint(str(closed.id), [issues[0].key])


@pytest.mark.asyncio
async def test_bulk_move_to_sprint_reports_subtasks(fresh_link: Link) -> None:
    store = fresh_link.site.store
    key = _software_project(fresh_link)
    project = store.projects_by_key[key]
    async with fresh_link.client() as client:
        target = next(
            s for s in await AgileClient(client).open_sprints([key]) if s.state == "active"
        )
        ours = [i for i in store.issues.values() if i.project_id == project.id]
        plain = [i for i in ours if not store.issue_types[i.issuetype_id].subtask][:5]
        subtasks = [i for i in ours if store.issue_types[i.issuetype_id].subtask][:1]
        run = BulkRun(
            BulkAction(BulkKind.MOVE_TO_SPRINT, sprint=target), [i.key for i in plain + subtasks]
        )
        await apply_bulk(IssueWriter(client), run)
        assert run.succeeded == [i.key for i in plain]
        assert [o.key for o in run.failed] == [i.key for i in subtasks]
