"""The Issues pane: JQL search with results that fill as batches arrive, and the issue detail.

``IssuesController`` is the pane (it satisfies the shell's pane contract). A search is one task
of the pane's runner: the count and the fast loader run side by side, rows are appended as
batches arrive, and a new search, a site switch or Esc stops the old one, whose requests stop.
Jira's JQL errors are shown in the editor at the position Jira names. Another pane opens an
issue here through ``open_target`` (an ``IssueTarget``): its ``key = …`` search runs, and the
issue's row is selected when it has loaded, unless the user started another search. Changes to issues are
made by ``IssueChanges`` (changes.py); saved queries and filters by ``QueryLibrary``
(queries.py); the CSV export by ``export.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from app.api.dialect import Feature, IssueSocial
from app.api.errors import ApiError, ValidationError
from app.api.jql_reference import JqlReference
from app.api.search_windows import UnorderableSearchError
from app.domain.issue import IssueRow
from app.domain.jql_tokens import TokenKind, error_position, tokenize
from app.domain.search_windows import describe_changes
from app.qtmodels.display import display_text
from app.qtmodels.issue_results import IssueResultsModel, ResultColumn
from app.session import SiteSession
from app.ui.issues.changes import IssueChanges
from app.ui.issues.export import export_rows
from app.ui.issues.jql.editor import JqlEditor
from app.ui.issues.pane import DEFAULT_COLUMNS, IssuesPane
from app.ui.issues.queries import QueryLibrary
from app.ui.kit.navigation import IssueTarget
from app.ui.kit.pane import MenuName, PaneAction, PaneContext, allow, make_action
from app.ui.kit.settings import ISSUE_COLUMN_WIDTHS, ISSUE_COLUMNS, SPLITTER
from app.ui.kit.tasks import Level, NoticeAction

__all__ = ["IssuesController", "with_order_by"]

log = logging.getLogger(__name__)

SHOW_EVERY_S = 0.1  # rows reach the table at most this often during a load


def with_order_by(jql: str, clause: str, ascending: bool) -> str:
    """``jql`` with its ORDER BY replaced by ``ORDER BY clause ASC|DESC``."""
    tokens = tokenize(jql)
    cut = len(jql)
    for n, token in enumerate(tokens[:-1]):
        following = tokens[n + 1]
        if (
            token.kind is TokenKind.KEYWORD
            and token.text.upper() == "ORDER"
            and following.text.upper() == "BY"
        ):
            cut = token.start
            break
    where = jql[:cut].rstrip()
    order = f"ORDER BY {clause} {'ASC' if ascending else 'DESC'}"
    return f"{where} {order}" if where else order


class IssuesController(QObject):
    """The Issues pane: search with JQL, inspect and change issues, one by one or in bulk."""

    id = "issues"
    title = "Issues"
    icon = "issues"
    summary = "Search issues with JQL, inspect and change them in bulk."

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = context.tasks
        self.settings = context.settings
        self.pane = IssuesPane(
            IssueResultsModel(DEFAULT_COLUMNS, display_text), JqlEditor(), parent
        )
        self.session: SiteSession | None = None
        self.reference: JqlReference | None = None
        self.jql = ""
        self.priorities: list[str] = []
        self._search: asyncio.Task[None] | None = None
        self._detail: asyncio.Task[None] | None = None
        self._pending_key: str | None = None  # an issue another pane opened: selected once found
        self.changes = IssueChanges(self, self.tasks, self.pane)
        self.queries = QueryLibrary(self, self.tasks, self.settings, self.pane)
        pane = self.pane
        pane.editor.run_requested.connect(self.run)
        # value lookups are the pane's tasks (stopped with it), kept out of the status bar:
        # one per pause in typing would make it flicker
        pane.editor.set_task_spawner(
            lambda label, coro: self.tasks.spawn(label, coro, tracked=False)
        )
        pane.sort_requested.connect(self.sort)
        pane.columns_changed.connect(self._columns_changed)
        pane.cancel_button.clicked.connect(self.cancel)
        pane.export_requested.connect(self.export)
        pane.issue_selected.connect(self._selected)
        pane.bulk_requested.connect(self.changes.bulk)
        pane.column_resized.connect(self._column_resized)
        pane.columns_reordered.connect(self._store_columns)
        pane.splitter.restore(self.settings.get(SPLITTER))
        pane.splitter.state_changed.connect(lambda state: self.settings.set(SPLITTER, state))
        self._actions = self._build_actions()
        pane.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self._update_actions()

    # ----- the pane contract -------------------------------------------------------------------------
    @property
    def widget(self) -> QWidget:
        """The pane's widget."""
        return self.pane

    @property
    def actions(self) -> Sequence[PaneAction]:
        """The pane's commands."""
        return self._actions

    def focus_filter(self) -> None:
        """Ctrl+F: the JQL editor."""
        self.pane.editor.setFocus()

    def unsaved_changes(self) -> str | None:
        """Nothing is edited in place here: dialogs hold their own edits."""
        return None

    def reload(self) -> None:
        """F5: run the query again."""
        if self.jql:
            self.run(self.jql)

    def show_session(self, session: SiteSession | None) -> None:
        """Switch the pane to ``session`` (its columns, history and reference data)."""
        self.cancel()
        self.queries.save_history()
        self.session = session
        self.jql = ""
        self.pane.clear_results()
        self.pane.editor.clear_error()
        self.pane.count.setText("Type a JQL query and press Enter.")
        # a site without JQL completion data (Jira 4.3) is searched with the query typed in full
        no_completion = (
            session.dialect.unavailable(Feature.JQL_COMPLETION) if session is not None else None
        )
        self.reference = (
            JqlReference(session.client) if session is not None and no_completion is None else None
        )
        self.pane.editor.set_suggest(self.reference.suggestions if self.reference else None)
        self.pane.setEnabled(session is not None)
        self._update_actions()
        if session is None:
            return
        self.pane.set_columns(self._stored_columns(), self.settings.get(ISSUE_COLUMN_WIDTHS))
        self.queries.show_site()
        if no_completion is not None:
            self.pane.count.setText(f"Type a JQL query and press Enter. {no_completion}")
            return
        self.tasks.spawn(f"Loading fields of {session.profile.name}", self._load_reference(session))

    def open_target(self, target: object) -> bool:
        """Show the issue another pane asked for (a board's card): search its key, select it."""
        session = self.session
        if (
            not isinstance(target, IssueTarget)
            or session is None
            or target.site != session.profile.id
            or not target.valid
        ):
            return False
        key = target.key.upper()
        jql = f"key = {key}"
        self.pane.editor.set_query(jql)
        self.run(jql)
        self._pending_key = key  # after run(): a search started later drops it
        return True

    def _select_pending(self) -> None:
        """The opened issue's search has loaded: select its row, as a click would."""
        key, self._pending_key = self._pending_key, None
        if key is None:
            return
        row = next((n for n, r in enumerate(self.pane.model.rows) if r.key.upper() == key), None)
        if row is None:
            self.pane.splitter.show_detail(True)
            self.pane.detail.show_message(f"{key} was not found, or you may not see it.")
            return
        self.pane.table.selectRow(row)
        self.pane.table.setFocus()

    # ----- actions -------------------------------------------------------------------------------------------
    def _build_actions(self) -> list[PaneAction]:
        changes = self.changes
        self.export_action = make_action(
            self,
            "&Export CSV…",
            self.export,
            shortcut="Ctrl+Shift+E",
            tip="Save the rows shown, with the columns shown, as CSV",
            icon="export",
        )
        self.save_query_action = make_action(
            self,
            "Save &query…",
            self.queries.save_query,
            shortcut="Ctrl+Shift+S",
            tip="Keep the query under a name, for this site",
            icon="save",
        )
        self.run_action = make_action(
            self,
            "&Run query",
            self.pane.editor.run,
            shortcut="Ctrl+Return",
            tip="Run the JQL query",
            icon="issues",
        )
        self.columns_action = make_action(
            self,
            "&Columns…",
            self.pane.columns_button.click,
            tip="Choose the table's columns",
            icon="columns",
        )
        self.bulk_action = make_action(
            self,
            "&Bulk change…",
            changes.bulk,
            shortcut="Ctrl+B",
            tip="Transition, assign, label or move to a sprint the selected issues",
            icon="bulk",
        )
        self.transition_action = make_action(
            self,
            "&Transition…",
            changes.choose_transition,
            shortcut="Ctrl+T",
            tip="Move the shown issue along its workflow",
            icon="transition",
        )
        self.assign_action = make_action(
            self,
            "&Assign…",
            changes.assign,
            shortcut="Ctrl+Shift+A",
            tip="Assign the shown issue",
            icon="assign",
        )
        self.edit_action = make_action(
            self,
            "&Edit issue…",
            changes.edit,
            shortcut="Ctrl+E",
            tip="Edit the shown issue's summary, priority and labels",
            icon="edit",
        )
        self.comment_action = make_action(
            self,
            "Co&mment…",
            changes.comment,
            shortcut="Ctrl+Shift+M",
            tip="Add a comment to the shown issue",
            icon="comment",
        )
        file, edit, view = MenuName.FILE, MenuName.EDIT, MenuName.VIEW
        return [
            PaneAction(self.run_action, edit),
            PaneAction(self.save_query_action, file),
            PaneAction(self.export_action, file),
            PaneAction(self.transition_action, edit),
            PaneAction(self.assign_action, edit),
            PaneAction(self.edit_action, edit),
            PaneAction(self.comment_action, edit),
            PaneAction(self.bulk_action, edit),
            PaneAction(self.columns_action, view),
        ]

    def _update_actions(self) -> None:
        """Enable what can be done now; disabled commands say why."""
        connected = self.session is not None and self.pane.isEnabled()
        shown = self.pane.detail.issue is not None
        selected = bool(self.pane.selected_rows()) if connected else False
        rows = bool(self.pane.model.rowCount())
        no_site = "Connect to a Jira site first."
        pick = "Select an issue first."
        dialect = self.session.dialect if self.session is not None else None

        def lacking(feature: str) -> str:
            # what this site's API cannot do says so, in place of the command's usual reason
            missing = dialect.unavailable(feature) if dialect is not None else None
            return str(missing) if missing is not None else ""

        bulk_missing = lacking(Feature.BULK_CHANGE)
        assign_missing = lacking(Feature.ASSIGNING)
        edit_missing = lacking(Feature.ISSUE_EDITING)
        comment_missing = lacking(Feature.COMMENTING)
        for action, allowed, reason in (
            (self.run_action, connected, no_site),
            (self.save_query_action, connected, no_site),
            (self.columns_action, connected, no_site),
            (self.export_action, rows, "Run a search first."),
            (
                self.bulk_action,
                selected and not bulk_missing,
                bulk_missing or "Select issues in the table first.",
            ),
            (self.transition_action, shown, pick),
            (self.assign_action, shown and not assign_missing, assign_missing or pick),
            (self.edit_action, shown and not edit_missing, edit_missing or pick),
            (self.comment_action, shown and not comment_missing, comment_missing or pick),
        ):
            allow(action, allowed, reason)
        self.pane.detail.set_unavailable(
            {"assign": assign_missing, "edit": edit_missing, "comment": comment_missing}
        )
        self.pane.bulk_unavailable = bulk_missing
        if bulk_missing:
            self.pane.bulk_button.setEnabled(False)
        self.pane.bulk_button.setToolTip(
            bulk_missing or "Transition, assign or label the selected issues"
        )

    # ----- reference data and columns --------------------------------------------------------------------
    async def _load_reference(self, session: SiteSession) -> None:
        reference = JqlReference(session.client)
        fields, data, priorities = await asyncio.gather(
            reference.fields(), reference.autocomplete_data(), reference.priorities()
        )
        if self.session is session:
            self.priorities = priorities
            self.pane.fields = fields
            self.pane.editor.set_reference_data(data)

    def _stored_columns(self) -> list[ResultColumn]:
        stored = self.settings.get(ISSUE_COLUMNS)
        columns = [
            ResultColumn(str(entry[0]), str(entry[-1]) or str(entry[0]))
            for entry in stored
            if isinstance(entry, list) and entry and entry[0]
        ]
        return columns or list(DEFAULT_COLUMNS)

    def _store_columns(self, columns: list[ResultColumn]) -> None:
        self.settings.set(ISSUE_COLUMNS, [[c.field, c.title] for c in columns])

    def _columns_changed(self, columns: list[ResultColumn], fetch: bool) -> None:
        self._store_columns(columns)
        if fetch and self.jql:
            self.run(self.jql)  # the new columns' values were not loaded

    def _column_resized(self, field: str, width: int) -> None:
        stored: dict[str, int] = self.settings.get(ISSUE_COLUMN_WIDTHS)
        widths = dict(stored)
        widths[field] = width
        self.settings.set(ISSUE_COLUMN_WIDTHS, widths)

    # ----- searching ---------------------------------------------------------------------------------------
    def run(self, jql: str) -> None:
        """Start a search (cancelling the one running)."""
        if self.session is None or not jql.strip():
            return
        self.cancel()
        self.jql = jql
        self.pane.editor.clear_error()
        self.pane.clear_results()
        self.pane.set_running(True)
        self.pane.set_progress(0, None, True)  # the last search's count must not linger
        self.queries.remember(jql)
        self._update_actions()
        self._search = self.tasks.spawn("Searching", self._run(self.session, jql))

    def cancel(self) -> None:
        """Stop the running search; rows loaded so far stay."""
        if self._search is not None and not self._search.done():
            self._search.cancel()
        self._search = None
        self._pending_key = None
        if self._detail is not None and not self._detail.done():
            self._detail.cancel()

    async def _run(self, session: SiteSession, jql: str) -> None:
        fields = [c.field for c in self.pane.model.columns if c.field not in ("key", "issuekey")]
        count: asyncio.Future[tuple[int, bool]] | None = None
        job = self.tasks.job()
        loaded, started = 0, time.perf_counter()
        total: int | None = None
        exact = False
        pending: list[IssueRow] = []
        shown_at = 0.0

        def announce(count: int, is_exact: bool) -> None:
            # DC tells the total with the first page, before any row: "0 of M" at once
            nonlocal total, exact
            total, exact = count, is_exact
            if self.session is session:
                self.pane.set_progress(loaded, total, exact)

        search = session.dialect.search(on_total=announce)

        later: asyncio.TimerHandle | None = None

        def show_pending() -> None:
            # painting the table dominates a long load: rows are handed over a few times a
            # second, not per page (the first page shows at once)
            nonlocal pending, shown_at, later
            if later is not None:
                later.cancel()
                later = None
            if pending:
                self.pane.rows_arrived(pending)
                pending = []
            shown_at = time.perf_counter()

        def show_progress() -> None:
            show_pending()
            self.pane.set_progress(loaded, total, exact)
            if job is not None:
                job.progress(loaded, total)

        try:
            async with contextlib.aclosing(search.load(jql, fields)) as batches:
                async for batch in batches:
                    pending.extend(batch)
                    loaded += len(batch)
                    if count is None and total is None:
                        show_pending()
                        # Cloud tells no total: counting runs the query again on the server, so
                        # ask once the first rows are shown, so it does not delay them
                        count = asyncio.ensure_future(search.count(jql))
                        # its own failure (e.g. the same JQL error) is the load's to report
                        count.add_done_callback(lambda t: t.cancelled() or t.exception())
                    elif (
                        count is not None
                        and total is None
                        and count.done()
                        and not count.cancelled()
                        and count.exception() is None
                    ):
                        total, exact = count.result()
                    if time.perf_counter() - shown_at < SHOW_EVERY_S:
                        if later is None:
                            # rows held back show soon even when the next batch is slow (a
                            # window of a large search waits for its neighbours)
                            later = asyncio.get_running_loop().call_later(
                                SHOW_EVERY_S, show_progress
                            )
                        continue
                    show_progress()
            show_pending()
        except ValidationError as error:
            self.pane.set_done(0, 0.0)
            self.pane.count.setText("The query has an error.")
            self.pane.editor.show_error(str(error), error_position(str(error), jql))
            return
        except UnorderableSearchError as error:
            # shown here with the way out (key order), not as a bare failure
            log.info("search not loaded: %s", error)
            key_order = error.key_order_jql
            self.pane.set_done(0, 0.0, failed=True, total=error.total)
            self.pane.count.setText(
                f"{error.total:,} issues: too many to sort by {error.field}; order by key "
                "to load them all"
            )
            self.tasks.notify(
                Level.WARNING,
                "Too many issues for this order",
                str(error),
                actions=[NoticeAction("Order by key", lambda: self._rerun(key_order))],
            )
            return
        except asyncio.CancelledError:
            if self.session is session:
                show_pending()  # the rows loaded so far stay
                self.pane.set_done(loaded, 0.0, cancelled=True, total=total)
            raise
        except Exception:
            if self.session is session:
                show_pending()
                self.pane.set_done(loaded, time.perf_counter() - started, failed=True, total=total)
            raise
        finally:
            if later is not None:
                later.cancel()
            if count is not None:
                count.cancel()
            self._update_actions()
        self.pane.set_done(loaded, time.perf_counter() - started, changed=len(search.changed))
        self._select_pending()
        if search.skipped:
            self.tasks.notify(
                Level.WARNING,
                "Some issues disappeared",
                f"{len(search.skipped)} issues were deleted or hidden while the search loaded.",
            )
        if search.changed:
            self.tasks.notify(
                Level.WARNING,
                "Issues changed while the search loaded",
                f"{describe_changes(search.changed)} Run the search again to see them as "
                "they are now.",
                "\n".join(c.message for c in search.changed),
            )

    def _rerun(self, jql: str) -> None:
        if self.session is None:
            return
        self.pane.editor.set_query(jql)
        self.run(jql)

    def sort(self, field: str, ascending: bool) -> None:
        """Re-run the query ordered by ``field`` (Jira sorts; the table only shows)."""
        if not self.jql:
            return
        clause = next((f.sort_clause for f in self.pane.fields if f.id == field), field)
        jql = with_order_by(self.jql, clause, ascending)
        self.pane.editor.set_query(jql)
        self.run(jql)

    # ----- the detail ----------------------------------------------------------------------------------------
    def _selected(self, issue: object) -> None:
        if self._detail is not None:
            self._detail.cancel()  # the user moved on: the old issue is not wanted
        if not isinstance(issue, IssueRow) or self.session is None:
            self.pane.detail.clear()
            self._update_actions()
            return
        self.pane.detail.show_message(f"Loading {issue.key}…")
        self._detail = self.tasks.spawn(
            f"Loading {issue.key}", self.load_issue(self.session, issue.key)
        )
        self._update_actions()

    async def load_issue(self, session: SiteSession, key: str) -> None:
        """Load ``key`` and show it in the detail, if the pane still shows its site."""
        try:
            actions = session.dialect.issues()
            issue, transitions = await asyncio.gather(actions.detail(key), actions.transitions(key))
        except ApiError as error:
            if self.session is session:
                self.pane.detail.show_message(f"{key} could not be loaded: {error}")
            raise
        except asyncio.CancelledError:
            if self.session is session and self.pane.detail.issue is None:
                self.pane.detail.clear()  # never left saying "Loading…"
            raise
        if self.session is session:
            self.pane.detail.set_social(isinstance(actions, IssueSocial))
            self.pane.detail.show_issue(issue)
            self.pane.detail.set_transitions(transitions)
            self.pane.model.replace_row(issue.row)
        self._update_actions()

    # ----- export ------------------------------------------------------------------------------------------
    def export(self) -> QFileDialog | None:
        """Save the rows shown, with the columns shown, as CSV (asks where first)."""
        rows = self.pane.model.rows
        if not rows:
            self.tasks.notify(Level.INFO, "Nothing to export", "Run a search first.")
            return None
        columns = [c for c in self.pane.model.columns if c.field not in ("key", "issuekey")]
        return export_rows(self.pane, self.tasks, list(rows), columns)
