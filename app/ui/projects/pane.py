"""The Projects pane: the site's projects (flat or grouped by category) and the selected one's detail.

Layout only; ``ProjectsController`` pushes data in and answers the signals.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.project import Project, ProjectStats
from app.domain.site import UserRef
from app.qtmodels.project_list import (
    PROJECT_ROLE,
    ProjectFilterModel,
    ProjectListModel,
    ProjectTreeModel,
)
from app.ui.kit.tables import DetailSplitter, configure_rows, fit_columns
from app.ui.kit.text import plain_label
from app.ui.projects.detail import ProjectDetailView

__all__ = ["ProjectsPane"]

_WIDTHS = (
    (ProjectListModel.KEY, 90),
    (ProjectListModel.NAME, 220),
    (ProjectListModel.LEAD, 150),
    (ProjectListModel.CATEGORY, 120),
    (ProjectListModel.TYPE, 90),
    (ProjectListModel.ISSUES, 70),
    (ProjectListModel.UPDATED, 130),
)


async def _no_users(_text: str) -> list[UserRef]:
    return []


class ProjectsPane(QWidget):
    """A filterable, sortable, groupable project list beside the selected project's tabs."""

    project_selected = Signal(object)  # Project, or None
    create_requested = Signal()
    categories_requested = Signal()
    count_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectsPane")
        # set by the controller when a site is connected; used by the lead pickers
        self.search_users: Callable[[str], Awaitable[Sequence[UserRef]]] = _no_users
        self.model = ProjectListModel(self)
        self.tree_model = ProjectTreeModel(self)
        self.proxy = ProjectFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by key, name, lead or category")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter projects")
        self.filter.textChanged.connect(self._filter_changed)
        self.group = QCheckBox("Group by category", self)
        self.group.toggled.connect(self._group_toggled)
        self.count_button = QPushButton("Count issues", self)
        self.count_button.setToolTip("Load the issue count and last update of every project")
        self.count_button.clicked.connect(self.count_requested.emit)
        self.new_button = QPushButton("New project…", self)
        self.new_button.clicked.connect(self.create_requested.emit)
        self.categories_button = QPushButton("Categories…", self)
        self.categories_button.clicked.connect(self.categories_requested.emit)
        self.count = plain_label("", self)

        self.table = QTreeView(self)
        self.table.setObjectName("projectTable")
        self.table.setModel(self.proxy)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)  # fixed heights keep thousands of rows cheap
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ProjectListModel.KEY, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        configure_rows(self.table)
        header = self.table.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for section, width in _WIDTHS:
            self.table.setColumnWidth(section, width)
        self._fitted = False
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        # late binding: the controller replaces search_users when a site connects
        self.detail = ProjectDetailView(lambda text: self.search_users(text), self)  # noqa: PLW0108
        left = QWidget(self)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.group)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.count_button)
        bottom.addWidget(self.categories_button)
        bottom.addWidget(self.new_button)
        column = QVBoxLayout(left)
        column.setContentsMargins(8, 8, 4, 8)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        column.addLayout(bottom)
        # the list gets the room until a project is picked
        self.splitter = DetailSplitter(left, self.detail, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._update_count()

    # ----- data ----------------------------------------------------------------------------------------
    def set_projects(self, projects: Sequence[Project]) -> None:
        """Show ``projects`` (replacing what was shown); keeps the selection when it still exists."""
        selected = self.selected_project()
        self.model.set_projects(projects)
        self.tree_model.set_projects(projects)
        self._expand_groups()
        self._update_count()
        self._fit_once()
        if selected is not None:
            self.select_project(selected.key)
        if not projects:
            self.detail.clear()
            self._fitted = False

    def show_list_details(self, shown: bool) -> None:
        """Show the lead, category and type columns, or hide them where the site's project list
        does not carry them (Jira 4.3): an empty column reads as data missing."""
        for column in (ProjectListModel.LEAD, ProjectListModel.CATEGORY, ProjectListModel.TYPE):
            self.table.setColumnHidden(column, not shown)
        if not shown:
            self.group.setChecked(False)  # no categories to group by
        self.group.setEnabled(shown)

    def set_message(self, text: str) -> None:
        """Say why there is no list (e.g. a server too old), in place of the count."""
        self.count.setText(text)
        self.count.setWordWrap(True)

    def _fit_once(self) -> None:
        # the first rows of a load decide the widths; later pages keep them (no jumping columns)
        if not self._fitted and self.model.rowCount():
            fit_columns(self.table, limits={ProjectListModel.NAME: 320})
            self._fitted = True

    def append_projects(self, projects: Sequence[Project], *, last: bool) -> None:
        """Show one more page of a load in progress; the grouped view is rebuilt on the last."""
        self.model.append_projects(projects)
        self._fit_once()
        if last:
            self.tree_model.set_projects(self.model.projects)
            self._expand_groups()
        self._update_count()

    def set_stats(self, key: str, stats: ProjectStats) -> None:
        """Fill the issue count and last update of one project."""
        self.model.set_stats(key, stats)
        self.tree_model.set_stats(key, stats)

    @property
    def projects(self) -> list[Project]:
        """The projects shown (all of them, whatever the filter)."""
        return self.model.projects

    def selected_project(self) -> Project | None:
        """The selected project, if any."""
        for index in self.table.selectionModel().selectedRows():
            project = index.data(PROJECT_ROLE)
            if isinstance(project, Project):
                return project
        return None

    def select_project(self, key: str) -> bool:
        """Select the project ``key`` if it is shown."""
        matches = self.proxy.match(
            self.proxy.index(0, 0),
            Qt.ItemDataRole.DisplayRole,
            key,
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        if not matches:
            return False
        self.table.setCurrentIndex(matches[0])
        self.table.scrollTo(matches[0])
        return True

    def focus_filter(self) -> None:
        """Put the cursor in the filter field (Ctrl+F)."""
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    # ----- view state ----------------------------------------------------------------------------------
    def _group_toggled(self, grouped: bool) -> None:
        selected = self.selected_project()
        self.proxy.setSourceModel(self.tree_model if grouped else self.model)
        self.table.setRootIsDecorated(grouped)
        self._expand_groups()
        self._update_count()
        if selected is not None:
            self.select_project(selected.key)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._expand_groups()
        self._update_count()
        if self.selected_project() is None:
            # Qt drops a filtered-out row from the selection without a signal: say it
            self.project_selected.emit(None)

    def _expand_groups(self) -> None:
        """Open every category and let its header use the whole row (it is not a project)."""
        if not self.group.isChecked():
            return
        root = QModelIndex()
        for row in range(self.proxy.rowCount(root)):
            self.table.setFirstColumnSpanned(row, root, True)
        self.table.expandAll()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        project = self.selected_project()
        if project is not None:
            self.splitter.show_detail(True)
        self.project_selected.emit(project)

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self._shown_projects(QModelIndex())
        noun = "project" if total == 1 else "projects"
        self.count.setText(f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}")

    def _shown_projects(self, parent: QModelIndex) -> int:
        if not self.group.isChecked():
            return self.proxy.rowCount(parent)
        return sum(
            self.proxy.rowCount(self.proxy.index(r, 0)) for r in range(self.proxy.rowCount())
        )
