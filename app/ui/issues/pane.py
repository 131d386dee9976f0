"""The Issues pane: a JQL editor above a results table that fills while pages arrive.

Layout only; ``IssuesController`` runs the searches and pushes rows in.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QMenu,
    QProgressBar,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.field import FieldInfo
from app.domain.issue import IssueRow
from app.domain.saved_filter import SavedFilter
from app.qtmodels.display import display_text
from app.qtmodels.issue_results import ISSUE_ROLE, IssueResultsModel, ResultColumn
from app.ui.issues.detail import IssueDetailView
from app.ui.issues.jql.editor import JqlEditor
from app.ui.kit.menus import ChecklistMenu
from app.ui.kit.tables import DetailSplitter, configure_rows, fit_columns
from app.ui.kit.text import action_text, plain_label, plain_tooltip

__all__ = ["DEFAULT_COLUMNS", "IssuesPane", "create_issues_pane"]

DEFAULT_COLUMNS = (
    ResultColumn("key", "Key"),
    ResultColumn("summary", "Summary"),
    ResultColumn("status", "Status"),
    ResultColumn("assignee", "Assignee"),
    ResultColumn("priority", "Priority"),
    ResultColumn("updated", "Updated"),
)


_FIT_ROWS = 50  # a screenful: the rows that size the columns when a search starts

_WIDTHS = {
    "key": 90,
    "summary": 380,
    "status": 110,
    "assignee": 150,
    "reporter": 150,
    "priority": 90,
    "updated": 140,
    "created": 140,
    "labels": 160,
}


class IssuesPane(QWidget):
    """JQL, run/cancel, count and progress, and the results."""

    sort_requested = Signal(str, bool)  # field id, ascending
    issue_selected = Signal(object)  # IssueRow, or None
    columns_changed = Signal(list, bool)  # list[ResultColumn]; whether new fields are needed
    export_requested = Signal()
    bulk_requested = Signal()
    save_query_requested = Signal()
    query_chosen = Signal(str)  # JQL
    queries_requested = Signal()  # the menu opens: refresh the site's filters
    column_resized = Signal(str, int)  # field id, width
    columns_reordered = Signal(list)  # list[ResultColumn] in the order shown

    def __init__(
        self, model: IssueResultsModel, editor: JqlEditor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("issuesPane")
        self.model = model
        self.fields: list[FieldInfo] = []
        self._stored_widths: dict[str, int] = {}
        self._restoring = False  # widths set by the program are not the user's choice
        self.editor = editor
        editor.setParent(self)  # three lines of query (longer ones scroll) and Jira's error
        self.run_button = QPushButton("Search", self)
        self.run_button.setToolTip("Run the query (Enter)")
        self.run_button.clicked.connect(editor.run)
        self.queries_button = QToolButton(self)
        self.queries_button.setText("Queries")
        self.queries_button.setToolTip("Saved queries and your Jira filters")
        self.queries_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.queries_menu = QMenu(self.queries_button)
        self.queries_menu.aboutToShow.connect(self.queries_requested.emit)
        self.queries_button.setMenu(self.queries_menu)
        self.set_queries([], [], [])
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setEnabled(False)
        self.count = plain_label("Type a JQL query and press Enter.", self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.columns_button = QPushButton("Columns…", self)
        self.columns_button.clicked.connect(self._columns_menu)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.clicked.connect(self.export_requested.emit)
        self.bulk_button = QPushButton("Bulk change…", self)
        self.bulk_button.setToolTip("Transition, assign or label the selected issues")
        self.bulk_button.setEnabled(False)
        self.bulk_button.clicked.connect(self.bulk_requested.emit)
        self.bulk_unavailable = ""  # why the site cannot take bulk changes ("" when it can)

        self.table = QTableView(self)
        self.table.setObjectName("issueTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # fixed heights: tens of thousands of rows stay cheap (never resize rows to contents)
        configure_rows(self.table)
        self._fitted = False
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicatorClearable(True)
        header.sectionClicked.connect(self._header_clicked)
        header.sectionResized.connect(self._section_resized)
        header.sectionMoved.connect(lambda *_: self.columns_reordered.emit(self.visible_order()))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self._columns_menu(header.mapToGlobal(pos))
        )

        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.bulk_button.setEnabled(
                bool(self.selected_rows()) and not self.bulk_unavailable
            )
        )
        self.detail = IssueDetailView(self)
        # the table gets the room until an issue is selected
        self.splitter = DetailSplitter(self.table, self.detail, self)

        query = QHBoxLayout()
        query.addWidget(editor, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.queries_button)
        buttons.addStretch(1)
        query.addLayout(buttons)
        status = QHBoxLayout()
        status.addWidget(self.count, 1)
        status.addWidget(self.progress)
        status.addWidget(self.cancel_button)
        status.addWidget(self.columns_button)
        status.addWidget(self.bulk_button)
        status.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(query)
        layout.addLayout(status)
        layout.addWidget(self.splitter, 1)

    # ----- what the controller calls ---------------------------------------------------------------
    def set_running(self, running: bool) -> None:
        """Show that a search is (no longer) running."""
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, 0)

    def set_progress(self, loaded: int, total: int | None, exact: bool) -> None:
        """Show how far a load is, and the count: ``N of M`` as soon as M is known."""
        if total is None:
            self.count.setText(f"{loaded:,} issues so far" if loaded else "Searching…")
            return
        about = "" if exact else "about "
        self.count.setText(f"{loaded:,} of {about}{total:,} issues")
        self.progress.setRange(0, max(total, loaded, 1))
        self.progress.setValue(loaded)

    def set_done(
        self,
        loaded: int,
        seconds: float,
        cancelled: bool = False,
        *,
        total: int | None = None,
        failed: bool = False,
        changed: int = 0,
    ) -> None:
        """The load ended: complete, cancelled or failed (then it never reads as complete)."""
        self.set_running(False)
        noun = "issue" if loaded == 1 else "issues"
        if failed or cancelled:
            # a stopped load says how far it got, out of how many
            of = f" of {total:,}" if total is not None and total != loaded else ""
            noun = "issue" if loaded == 1 and not of else "issues"
            why = "the search failed" if failed else "cancelled"
            self.count.setText(f"{loaded:,}{of} {noun} ({why})")
            return
        note = f"; {changed:,} changed while loading" if changed else ""
        self.count.setText(f"{loaded:,} {noun} in {seconds:.2f} s{note}")

    def set_columns(
        self, columns: Sequence[ResultColumn], widths: dict[str, int] | None = None
    ) -> None:
        """Show these columns, with the widths given (or ones that suit their kind of content)."""
        self.model.set_columns(columns)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        widths = widths or {}
        self._stored_widths = dict(widths)
        self._restoring = True
        for section, column in enumerate(columns):
            self.table.setColumnWidth(
                section, widths.get(column.field, _WIDTHS.get(column.field, 140))
            )
        self._restoring = False

    def set_queries(
        self,
        saved: Sequence[tuple[str, str]],
        mine: Sequence[SavedFilter],
        favourite: Sequence[SavedFilter],
    ) -> None:
        """Fill the Queries menu: Jade's saved queries, then the user's Jira filters."""
        menu = self.queries_menu
        menu.clear()
        save = menu.addAction("Save this query…")
        save.triggered.connect(self.save_query_requested.emit)
        sections: list[tuple[str, list[tuple[str, str]]]] = [
            ("Saved in Jade", list(saved)),
            ("Favourite Jira filters", [(f.name, f.jql) for f in favourite]),
            (
                "My Jira filters",
                [(f.name, f.jql) for f in mine if f.id not in {x.id for x in favourite}],
            ),
        ]
        for title, entries in sections:
            if not entries:
                continue
            menu.addSection(title)
            for name, jql in entries:
                action = menu.addAction(action_text(name))
                action.setToolTip(plain_tooltip(jql) or "")
                action.triggered.connect(lambda _=False, q=jql: self.query_chosen.emit(q))

    def visible_order(self) -> list[ResultColumn]:
        """The columns in the order the user sees them (after dragging headers)."""
        header = self.table.horizontalHeader()
        columns = self.model.columns
        return [columns[header.logicalIndex(v)] for v in range(header.count())]

    def _section_resized(self, section: int, _old: int, new: int) -> None:
        columns = self.model.columns
        if not self._restoring and 0 <= section < len(columns):
            self._stored_widths[columns[section].field] = new
            self.column_resized.emit(columns[section].field, new)

    # ----- slots ------------------------------------------------------------------------------------
    def selected_rows(self) -> list[IssueRow]:
        """The selected issues, in table order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row_at(row) for row in rows]

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        issue = current.data(ISSUE_ROLE) if current.isValid() else None
        if isinstance(issue, IssueRow):
            self.splitter.show_detail(True)
        self.issue_selected.emit(issue if isinstance(issue, IssueRow) else None)

    def clear_results(self) -> None:
        """Empty the table and the detail (a new search starts)."""
        self.model.clear()
        self.detail.clear()
        self.splitter.show_detail(False)
        self._fitted = False

    def rows_arrived(self, batch: Sequence[IssueRow]) -> None:
        """Append a batch of results; the first rows decide the column widths."""
        if not self._fitted and batch:
            # fitting measures every row the model holds (Qt reads up to 1000 per column: 0.15 s
            # for a DC page of 1000); a screenful is enough to size the columns by
            self.model.append_rows(batch[:_FIT_ROWS])
            batch = batch[_FIT_ROWS:]
            self._fit_columns()
        self.model.append_rows(batch)

    def _fit_columns(self) -> None:
        self._fitted = True
        stored = self._stored_widths
        fit_columns(self.table, limits={0: 160})
        self._restoring = True
        for section, column in enumerate(self.model.columns):
            if column.field in stored:
                self.table.setColumnWidth(section, stored[column.field])
        self._restoring = False

    def _header_clicked(self, section: int) -> None:
        columns = self.model.columns
        if not 0 <= section < len(columns):
            return
        header = self.table.horizontalHeader()
        ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
        self.sort_requested.emit(columns[section].field, ascending)

    def _columns_menu(self, at: QPoint | bool = False) -> None:
        menu = ChecklistMenu(self)
        before = [c.field for c in self.model.columns]
        shown = set(before)
        choices = [FieldInfo("key", "Key")] + [
            f for f in self.fields if f.navigable and f.id != "issuekey"
        ]
        for field in choices:
            action = QAction(action_text(field.name), menu)
            action.setCheckable(True)
            action.setChecked(field.id in shown)
            action.setEnabled(field.id != "key")  # the key is always shown
            action.toggled.connect(lambda on, f=field: self._toggle_column(f, on))
            menu.addAction(action)
        point = (
            at
            if isinstance(at, QPoint)
            else self.columns_button.mapToGlobal(self.columns_button.rect().bottomLeft())
        )
        # the table changes as the user ticks; the results are fetched again once, on close,
        # and only when a column was added (its values were not loaded)
        menu.aboutToHide.connect(lambda: self._columns_chosen(before))
        menu.popup(point)
        self.columns_menu = menu

    def _toggle_column(self, field: FieldInfo, on: bool) -> None:
        columns = [c for c in self.model.columns if c.field != field.id]
        if on:
            columns.append(ResultColumn(field.id, field.name))
        self.set_columns(columns, self._stored_widths)

    def _columns_chosen(self, before: list[str]) -> None:
        after = [c.field for c in self.model.columns]
        if after != before:
            self.columns_changed.emit(list(self.model.columns), bool(set(after) - set(before)))


def create_issues_pane(parent: QWidget | None = None) -> IssuesPane:
    """The pane with its results model and JQL editor (the controller fills them)."""
    return IssuesPane(IssueResultsModel(DEFAULT_COLUMNS, display_text), JqlEditor(), parent)
