"""Applying the matrix's staged changes: grant by grant, each with its own outcome, stoppable.

Cloud's scheme ``PUT`` with a permission list replaces every grant, so staged changes are made
one request at a time (add a grant, delete a grant) and each row of the staged diff shows what
came of it. Stop (the button, or Esc in the window, which asks first like the Issues bulk
change) lets the request in flight finish and starts no other; the scheme is then read back, so
the matrix shows what Jira holds and what was not applied stays staged. The pane's runner
stopping (site switch, window closed) cancels outright.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from app.api.errors import ApiError
from app.api.permission_ops import PermissionOps
from app.domain.permission import PermissionScheme
from app.domain.permission_diff import StagedChanges
from app.domain.wording import counted
from app.qtmodels.permission_tables import ChangeRow
from app.ui.kit.forms import alive, ask_then
from app.ui.kit.tasks import Level
from app.ui.kit.text import Tone
from app.ui.permissions.host import PermissionsHost

__all__ = ["StagedApply", "change_rows"]


def change_rows(changes: StagedChanges, names: dict[str, str]) -> list[ChangeRow]:
    """The staged diff as rows: adds first, then deletes, in the matrix's order."""
    rows = [
        ChangeRow("add", cell, names.get(cell.permission, cell.permission)) for cell in changes.adds
    ]
    rows += [
        ChangeRow("delete", g.cell, names.get(g.permission, g.permission)) for g in changes.deletes
    ]
    return rows


class StagedApply:
    """Runs one apply at a time for the pane."""

    def __init__(self, controller: PermissionsHost) -> None:
        self.controller = controller
        self.task: asyncio.Task[None] | None = None
        self.active = False  # from start until the outcomes show (the task may still unwind)
        self.stopping = False
        self.rows: list[ChangeRow] = []

    @property
    def running(self) -> bool:
        """Whether an apply is under way."""
        return self.active

    def start(self) -> None:
        """Apply what is staged on the scheme shown."""
        c = self.controller
        scheme = c.matrix_model.scheme
        ops = c.ops
        changes = c.matrix_model.staged()
        if self.running or scheme is None or ops is None or changes.empty:
            return
        self.stopping = False
        self.active = True
        self.rows = change_rows(changes, c.permission_names)
        c.pane.matrix.show_changes(self.rows, f"Applying {counted(len(self.rows), 'change')}…")
        c.pane.matrix.set_running(True)
        self.task = c.tasks.spawn(
            f"Applying {counted(len(self.rows), 'change')} to {scheme.name}",
            self._run(ops, scheme, changes),
            total=len(self.rows),
        )
        job = c.tasks.job(self.task)
        if job is not None:
            job.stop_hook = self.ask_stop  # Esc asks, from the moment the apply is started
        session = c.session
        self.task.add_done_callback(lambda _task: self._ended(session))
        c.update_actions()

    def stop(self) -> None:
        """The Stop button: finish the request in flight, start no other."""
        if self.running and not self.stopping:
            self.stopping = True
            self.controller.pane.matrix.staged_label.setText(
                "Stopping after the request in flight…"
            )

    def ask_stop(self) -> None:
        """Esc (the window's Cancel): ask first, as the bulk change does."""
        if not self.running or self.stopping:
            return
        ask_then(
            self.controller.pane,
            "Stop applying?",
            "Stop after the request in flight? What was applied stays applied; the changes "
            "not started stay staged.",
            "Stop",
            self.stop,
        )

    async def _run(
        self, ops: PermissionOps, scheme: PermissionScheme, changes: StagedChanges
    ) -> None:
        c = self.controller
        session = c.session
        job = c.tasks.job()
        deletes = {g.cell: g for g in changes.deletes}
        try:
            for n, row in enumerate(self.rows):
                if self.stopping:
                    self.rows[n:] = [replace(r, outcome="Not started") for r in self.rows[n:]]
                    break
                try:
                    if row.action == "add":
                        await ops.add_grant(scheme.id, row.cell)
                    else:
                        await ops.delete_grant(scheme.id, deletes[row.cell].id)
                    self.rows[n] = replace(row, outcome="Done", ok=True)
                except ApiError as error:
                    self.rows[n] = replace(row, outcome=str(error), ok=False)
                if job is not None:
                    job.progress(n + 1, len(self.rows))
                if c.session is session and alive(c.pane):
                    c.pane.matrix.show_changes(self.rows, self._summary(done=False))
            c.forget()  # the scheme as Jira holds it now, not as first read
            fresh = await ops.scheme(scheme.id)
        finally:
            self.active = False
            if c.session is session and alive(c.pane):
                c.pane.matrix.set_running(False)
        if c.session is not session or not alive(c.pane):
            return
        c.scheme_reread(fresh)
        c.pane.matrix.show_changes(self.rows, self._summary(done=True))
        failed = [r for r in self.rows if r.ok is False]
        if failed:
            c.pane.matrix.set_note(
                f"Jira refused {counted(len(failed), 'change')}; they stay staged. "
                f"First reason: {failed[0].outcome}",
                Tone.ERROR,
            )
            c.tasks.notify(
                Level.WARNING,
                f"{scheme.name}: {counted(len(failed), 'change')} refused",
                failed[0].outcome,
            )
        c.update_actions()

    def _ended(self, session: object) -> None:
        # also when the task was cancelled before it began (its own finally never ran)
        self.active = False
        c = self.controller
        if c.session is session and alive(c.pane):
            c.pane.matrix.set_running(False)
            c.update_actions()

    def _summary(self, *, done: bool) -> str:
        ok = sum(r.ok is True for r in self.rows)
        failed = sum(r.ok is False for r in self.rows)
        skipped = sum(r.outcome == "Not started" for r in self.rows)
        if not done:
            return f"Applied {ok + failed} of {len(self.rows)}: {ok} done, {failed} refused."
        text = f"{counted(ok, 'change')} applied, {failed} refused"
        return text + (f", {skipped} not started (still staged)." if skipped else ".")
