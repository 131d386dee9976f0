"""The Projects pane: the site's projects in a filterable, sortable table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.project import Project
from app.qtmodels.project_list import ProjectFilterModel, ProjectListModel
from app.ui.notifications import plain_label

__all__ = ["ProjectsPane"]


class ProjectsPane(QWidget):
    """Layout only: a filter field over the projects table and a count; data is pushed in."""

    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectsPane")
        self.model = ProjectListModel(self)
        self.proxy = ProjectFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by key, name, lead or category")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter projects")
        self.filter.textChanged.connect(self._filter_changed)
        self.count = plain_label("", self)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ProjectListModel.KEY, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # fixed row heights keep thousands of rows cheap (never resize rows to contents)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (ProjectListModel.NAME, 280),
            (ProjectListModel.KEY, 90),
            (ProjectListModel.LEAD, 170),
            (ProjectListModel.CATEGORY, 150),
            (ProjectListModel.TYPE, 150),
        ):
            self.table.setColumnWidth(column, width)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._update_count()

    def set_projects(self, projects: Sequence[Project]) -> None:
        """Show ``projects`` (replacing what was shown)."""
        self.model.set_projects(projects)
        self._update_count()

    def focus_filter(self) -> None:
        """Put the cursor in the filter field (Ctrl+F)."""
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        noun = "project" if total == 1 else "projects"
        self.count.setText(f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}")
