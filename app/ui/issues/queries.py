"""Queries kept per site: the JQL history, queries saved in Jade, and the user's Jira filters.

Everything is stored through the pane's settings (per site), so removing a site forgets it.
"Save query…" asks for a name in a non-blocking dialog.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from app.api.dialect import Feature
from app.api.filters import FilterClient
from app.domain.jql_history import QueryHistory
from app.domain.saved_filter import SavedFilter
from app.session import SiteSession
from app.ui.issues.pane import IssuesPane
from app.ui.kit.settings import JQL_HISTORY, SAVED_QUERIES, PaneSettings
from app.ui.kit.tasks import TaskRunner

__all__ = ["QueryLibrary"]


class ShownSite(Protocol):
    """The site the pane shows."""

    session: SiteSession | None


class QueryLibrary(QObject):
    """History, saved queries and Jira filters of the site shown."""

    def __init__(
        self, shown: ShownSite, tasks: TaskRunner, settings: PaneSettings, pane: IssuesPane
    ) -> None:
        super().__init__(pane)
        self.shown = shown
        self.tasks = tasks
        self.settings = settings
        self.pane = pane
        self.filters: tuple[list[SavedFilter], list[SavedFilter]] = ([], [])
        self.name_dialog: QInputDialog | None = None
        pane.save_query_requested.connect(self.save_query)
        pane.query_chosen.connect(self._query_chosen)
        pane.queries_requested.connect(self.refresh_filters)

    def show_site(self) -> None:
        """Show the site's history and saved queries (its filters load when the menu opens)."""
        self.filters = ([], [])
        self.pane.set_queries(self.saved(), [], [])
        self.pane.editor.set_history(QueryHistory.from_list(self.settings.get(JQL_HISTORY)))

    def remember(self, _jql: str) -> None:
        """A query ran: keep the editor's history for this site."""
        self.save_history()

    def save_history(self) -> None:
        """Write the editor's history to this site's settings."""
        if self.shown.session is not None:
            self.settings.set(JQL_HISTORY, self.pane.editor.history.to_list())

    def saved(self) -> list[tuple[str, str]]:
        """Queries saved in Jade for this site, newest first."""
        return [
            (str(entry[0]), str(entry[1]))
            for entry in self.settings.get(SAVED_QUERIES)
            if isinstance(entry, list) and len(entry) == 2
        ]

    def save_query(self) -> QInputDialog | None:
        """Ask for a name, then keep the editor's query under it (for this site)."""
        jql = self.pane.editor.query().strip()
        if self.shown.session is None or not jql:
            return None
        dialog = QInputDialog(self.pane)
        dialog.setWindowTitle("Save query")
        dialog.setLabelText("Name:")
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.textValueSelected.connect(lambda name: self.store(name, jql))
        dialog.finished.connect(dialog.deleteLater)
        self.name_dialog = dialog
        dialog.open()
        return dialog

    def store(self, name: str, jql: str) -> None:
        """Keep ``jql`` under ``name`` (a query with the same name is replaced)."""
        name = name.strip()
        if not name or self.shown.session is None:
            return
        saved = [(n, q) for n, q in self.saved() if n.casefold() != name.casefold()]
        saved.insert(0, (name, jql))
        self.settings.set(SAVED_QUERIES, [[n, q] for n, q in saved])
        self.pane.set_queries(saved, *self.filters)

    def _query_chosen(self, jql: str) -> None:
        self.pane.editor.set_query(jql)
        self.pane.editor.run()

    def refresh_filters(self) -> None:
        """Load the user's own and favourite Jira filters into the Queries menu."""
        session = self.shown.session
        if session is None or session.dialect.unavailable(Feature.SAVED_FILTERS) is not None:
            return  # the site keeps no filters Jade can read (Jira 4.3): Jade's own queries stay

        async def refresh() -> None:
            filters = FilterClient(session.client)
            mine, favourite = await asyncio.gather(
                filters.my_filters(), filters.favourite_filters()
            )
            if self.shown.session is session:
                self.filters = (mine, favourite)
                self.pane.set_queries(self.saved(), mine, favourite)

        self.tasks.spawn("Loading your Jira filters", refresh())
