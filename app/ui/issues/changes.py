"""Changing issues from the Issues pane: transition, assign, edit and comment the shown issue,
and bulk changes of the selected ones.

Each dialog goes through ``submit_through``: Jira's refusals stay next to their fields, Stop
reads back what Jira holds (so a change that landed is reported as saved, never as failed),
and afterwards the detail and the table row show the issue as Jira has it. A bulk run stops
after the requests in flight when the user asks, and reports exactly what changed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QPoint, Qt

from app.api.agile import AgileClient
from app.api.bulk import apply_bulk
from app.api.dialect import IssueActions, IssueSocial
from app.api.issues import IssueWriter
from app.api.projects import ProjectAdmin
from app.domain.bulk import BulkAction, BulkRun
from app.domain.issue import IssueRow
from app.domain.issue_actions import IssueEdit, Transition
from app.domain.readback import issue_edit_holds
from app.domain.site import UserRef
from app.session import SiteSession
from app.ui.issues.bulk import BulkDialog
from app.ui.issues.dialogs import (
    AssignDialog,
    CommentDialog,
    EditIssueDialog,
    TransitionDialog,
    TransitionRequest,
)
from app.ui.issues.pane import IssuesPane
from app.ui.kit.forms import FormDialog, Verdict, alive, submit_through
from app.ui.kit.tasks import TaskRunner

__all__ = ["IssueChanges", "ShownIssues"]


class ShownIssues(Protocol):
    """What the changes need of the pane: the site shown, its query, reloading an issue."""

    session: SiteSession | None
    jql: str
    priorities: list[str]

    async def load_issue(self, session: SiteSession, key: str) -> None: ...

    def run(self, jql: str) -> None: ...


KINDS_PER_QUERY = 500  # keys per "key in (…)" query: well within Jira's JQL length limits


async def _kinds(session: SiteSession, keys: list[str]) -> dict[str, dict[str, Any]]:
    """Each issue's status and type as Jira holds them now."""
    found: dict[str, dict[str, Any]] = {}
    search = session.dialect.search()
    for start in range(0, len(keys), KINDS_PER_QUERY):
        chunk = ", ".join(keys[start : start + KINDS_PER_QUERY])
        async with contextlib.aclosing(
            search.load(f"key in ({chunk})", ["status", "issuetype"])
        ) as batches:
            async for batch in batches:
                found.update({row.key: row.fields for row in batch})
    return found


def _name_of(value: object) -> str | None:
    return str(value["name"]) if isinstance(value, dict) and value.get("name") else None


def _user(value: object) -> UserRef | None:
    if not isinstance(value, dict):
        return None
    return UserRef(
        str(value.get("accountId") or value.get("name") or ""),
        str(value.get("displayName") or ""),
        str(value.get("emailAddress") or ""),
    )


class IssueChanges(QObject):
    """Makes the Issues pane's changes on the site shown."""

    def __init__(self, shown: ShownIssues, tasks: TaskRunner, pane: IssuesPane) -> None:
        super().__init__(pane)
        self.shown = shown
        self.tasks = tasks
        self.pane = pane
        self.bulk_dialog: BulkDialog | None = None
        detail = pane.detail
        detail.transition_requested.connect(self.transition)
        detail.assign_requested.connect(self.assign)
        detail.edit_requested.connect(self.edit)
        detail.comment_requested.connect(self.comment)
        detail.watch_requested.connect(self.watch)
        detail.vote_requested.connect(self.vote)

    def _target(self) -> tuple[SiteSession, IssueRow] | None:
        issue = self.pane.detail.issue
        session = self.shown.session
        return (session, issue) if session is not None and issue is not None else None

    def _change(
        self,
        dialog: FormDialog,
        change: Callable[[IssueActions, Any], Awaitable[object]],
        holds: Callable[[dict[str, Any], Any], bool],
        label: str,
    ) -> FormDialog | None:
        """Run a dialog's change; afterwards show the issue as Jira has it, in both places."""
        target = self._target()
        if target is None:
            return None
        session, issue = target
        writer = session.dialect.issues()

        async def verify(value: Any) -> Verdict:
            now = await writer.get(issue.key)
            return Verdict(holds(now.fields, value))

        submit_through(
            dialog,
            lambda value: change(writer, value),
            lambda: self.tasks.spawn(
                f"Refreshing {issue.key}", self.shown.load_issue(session, issue.key)
            ),
            self.tasks,
            label=f"{label} {issue.key}",
            verify=verify,
        )
        return dialog

    def choose_transition(self) -> None:
        """Ctrl+T: open the shown issue's Transition menu."""
        button = self.pane.detail.transition_button
        if self._target() is not None and button.isEnabled():
            menu = button.menu()
            if menu is not None:
                menu.popup(button.mapToGlobal(QPoint(0, button.height())))

    def transition(self, transition: Transition) -> FormDialog | None:
        """Move the shown issue along the workflow (asking for the screen's fields first)."""
        target = self._target()
        if target is None:
            return None
        key = target[1].key
        before = _name_of(target[1].fields.get("status")) or ""
        dialog = TransitionDialog(key, transition, self.pane)

        async def run(writer: IssueActions, request: TransitionRequest) -> None:
            await writer.transition(key, request.transition.id, request.fields, request.comment)

        def holds(fields: dict[str, Any], request: TransitionRequest) -> bool:
            status = fields.get("status")
            name = status.get("name") if isinstance(status, dict) else None
            if not request.transition.to_status:
                # Jira 4.3 does not say where a transition leads: a status moved means it landed
                return bool(name) and str(name) != before
            return bool(name) and str(name).casefold() == request.transition.to_status.casefold()

        return self._change(dialog, run, holds, transition.name)

    def assign(self) -> FormDialog | None:
        """Assign the shown issue."""
        target = self._target()
        if target is None:
            return None
        session, issue = target
        search = session.dialect.projects().search_users
        dialog = AssignDialog(issue.key, _user(issue.fields.get("assignee")), search, self.pane)

        def holds(fields: dict[str, Any], who: UserRef | None) -> bool:
            now = _user(fields.get("assignee"))
            return (now.id if now else None) == (who.id if who else None)

        return self._change(
            dialog, lambda writer, who: writer.assign(issue.key, who), holds, "Assigning"
        )

    def edit(self) -> FormDialog | None:
        """Edit the shown issue's summary, priority and labels."""
        target = self._target()
        if target is None:
            return None
        issue = target[1]
        fields = issue.fields
        priority = fields.get("priority")
        labels = fields.get("labels")
        dialog = EditIssueDialog(
            issue.key,
            str(fields.get("summary") or ""),
            str(priority.get("name", "")) if isinstance(priority, dict) else "",
            self.shown.priorities,
            [str(label) for label in labels] if isinstance(labels, list) else [],
            self.pane,
        )

        def holds(now: dict[str, Any], change: IssueEdit) -> bool:
            return issue_edit_holds(now, change)

        return self._change(
            dialog, lambda writer, change: writer.edit(issue.key, change), holds, "Saving"
        )

    def comment(self) -> FormDialog | None:
        """Add a comment to the shown issue."""
        target = self._target()
        if target is None:
            return None
        key = target[1].key

        def holds(fields: dict[str, Any], body: str) -> bool:
            block = fields.get("comment")
            comments = block.get("comments", []) if isinstance(block, dict) else []
            # the comment the user sent is the newest one with exactly that text
            return any(
                isinstance(c, dict) and str(c.get("body", "")).strip() == body.strip()
                for c in comments[-5:]
            )

        return self._change(
            CommentDialog(key, self.pane),
            lambda writer, body: writer.add_comment(key, body),
            holds,
            "Commenting on",
        )

    # ----- watching and voting ------------------------------------------------------------------------
    def watch(self, start: bool) -> None:
        """Watch the shown issue (``start``), or stop watching it."""
        target = self._target()
        if target is None:
            return
        session, issue = target
        actions = session.dialect.issues()
        me = session.report.user if session.report is not None else None
        if not isinstance(actions, IssueSocial) or me is None:
            return
        key, who = issue.key, me.id
        work = actions.watch(key, who) if start else actions.unwatch(key, who)
        self._then_reload(session, key, "Watching" if start else "Leaving", work)

    def vote(self, cast: bool) -> None:
        """Vote for the shown issue (``cast``), or take the vote back."""
        target = self._target()
        if target is None:
            return
        session, issue = target
        actions = session.dialect.issues()
        if not isinstance(actions, IssueSocial):
            return
        work = actions.vote(issue.key) if cast else actions.unvote(issue.key)
        self._then_reload(session, issue.key, "Voting for" if cast else "Unvoting", work)

    def _then_reload(
        self, session: SiteSession, key: str, label: str, work: Awaitable[None]
    ) -> None:
        async def run() -> None:
            await work
            await self.shown.load_issue(session, key)  # show the counts as Jira has them now

        self.tasks.spawn(f"{label} {key}", run())

    # ----- bulk changes ---------------------------------------------------------------------------------
    def bulk(self) -> None:
        """Open the bulk change dialog for the selected issues."""
        rows = self.pane.selected_rows()
        session = self.shown.session
        if session is None or not rows:
            return
        self.tasks.spawn(
            f"Preparing a change of {len(rows)} issues", self._open_bulk(session, rows)
        )

    async def _open_bulk(self, session: SiteSession, rows: list[IssueRow]) -> None:
        writer = IssueWriter(session.client)
        # transitions depend on the issue's workflow (project and type) and its status: read
        # those afresh for the selection, then one lookup per project, type and status will do
        by_kind: dict[tuple[str, str, str], list[str]] = {}
        for key, fields in (await _kinds(session, [row.key for row in rows])).items():
            kind = (
                key.rsplit("-", 1)[0],
                _name_of(fields.get("status")) or key,
                _name_of(fields.get("issuetype")) or key,
            )
            by_kind.setdefault(kind, []).append(key)
        limit = asyncio.Semaphore(4)

        async def open_for(keys: list[str]) -> tuple[list[str], list[Transition]]:
            async with limit:
                return keys, await writer.transitions(keys[0])

        projects = sorted({row.key.rsplit("-", 1)[0] for row in rows})
        found, sprints = await asyncio.gather(
            asyncio.gather(*(open_for(keys) for keys in by_kind.values())),
            AgileClient(session.client).open_sprints(projects),
        )
        transitions = {key: group for keys, group in found for key in keys}
        if self.shown.session is not session:
            return
        search = ProjectAdmin(session.client).search_users
        dialog = BulkDialog(rows, transitions, search, sprints, self.pane)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        state: dict[str, BulkRun] = {}

        async def run(action: BulkAction) -> None:
            current = state.get("run")
            if current is None or current.action != action:
                current = BulkRun(action, [r.key for r in rows])  # a new change starts afresh
                state["run"] = current
            job = self.tasks.job()
            if job is not None:
                # Esc in the window stops after the requests in flight, like the dialog's Stop
                def user_stop() -> None:
                    if alive(dialog):
                        dialog.stop()

                job.stop_hook = user_stop
            stop = dialog.stop_requested.connect(lambda: setattr(current, "stop_requested", True))
            for key, reason in dialog.skips(action).items():
                if key in current.pending:
                    current.skip(key, reason)
            dialog.show_skipped(current)
            dialog.begin_run(len(current.pending))
            try:
                await apply_bulk(writer, current, progress=dialog.show_outcome)
            finally:
                if alive(dialog):
                    dialog.stop_requested.disconnect(stop)
                    dialog.finished_run(current)
            if current.succeeded and self.shown.session is session and self.shown.jql:
                self.shown.run(self.shown.jql)  # show the issues as they are now

        dialog.run_requested.connect(lambda action: self.tasks.spawn("Bulk change", run(action)))
        dialog.open()
        self.bulk_dialog = dialog
