"""Applying one change to many issues, a few at a time, recording each issue's outcome."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from app.api.agile import AgileClient
from app.api.errors import ApiError
from app.api.issues import IssueWriter
from app.domain.bulk import BulkAction, BulkKind, BulkOutcome, BulkRun
from app.domain.issue_actions import IssueEdit

__all__ = ["apply_bulk"]

Progress = Callable[[BulkOutcome], None]


async def _apply_one(writer: IssueWriter, action: BulkAction, key: str) -> None:
    if action.kind is BulkKind.TRANSITION:
        # transition ids differ by workflow and status: look the name up for each issue
        open_now = await writer.transitions(key)
        match = next(
            (t for t in open_now if t.name.casefold() == action.transition.casefold()), None
        )
        if match is None:
            names = ", ".join(t.name for t in open_now) or "none"
            raise LookupError(f"“{action.transition}” is not open from its status (open: {names}).")
        fields = {k: v for k, v in action.fields.items() if match.field(k) is not None}
        await writer.transition(key, match.id, fields)
    elif action.kind is BulkKind.ASSIGN:
        await writer.assign(key, action.assignee)
    elif action.kind is BulkKind.MOVE_TO_SPRINT:
        if action.sprint is None:
            raise LookupError("No sprint was chosen.")
        # one issue per call: each issue gets its own outcome (Jira refuses a batch whole)
        await AgileClient(writer.client).move_to_sprint(action.sprint.id, [key])
    else:
        await writer.edit(key, IssueEdit(labels_add=(action.label,)))


async def apply_bulk(
    writer: IssueWriter, run: BulkRun, *, concurrency: int = 4, progress: Progress | None = None
) -> BulkRun:
    """Apply ``run.action`` to every issue still pending; one failure never stops the others.

    Once ``run.stop_requested`` is set, no further issue starts; the requests in flight finish
    and record their outcome, so what the run reports is exactly what Jira did.
    """
    limit = asyncio.Semaphore(concurrency)
    run.stop_requested = False

    async def one(key: str) -> None:
        async with limit:
            if run.stop_requested:
                return
            try:
                await _apply_one(writer, run.action, key)
            except (ApiError, LookupError) as error:
                outcome = BulkOutcome(key, False, str(error))
            else:
                outcome = BulkOutcome(key, True)
        run.record(outcome)
        if progress is not None:
            progress(outcome)

    await asyncio.gather(*(one(key) for key in run.pending))
    return run
