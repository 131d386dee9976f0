"""The Permissions pane's layout: the site's permission schemes beside the selected scheme, whose
tabs show its grant matrix (with the staged changes), a comparison and "who can".

Layout only; ``PermissionsController`` loads the data, pushes it into the models and answers the
signals. The scheme commands (new, copy, edit, delete, assign) are the controller's actions; the
bar above the list shows them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.wording import counted
from app.qtmodels.permission_tables import SchemeRow, scheme_model
from app.qtmodels.record_table import RECORD_ROLE
from app.ui.kit.tables import configure_rows, fit_columns
from app.ui.kit.text import ToneLabel, plain_label
from app.ui.permissions.compare_view import CompareView
from app.ui.permissions.matrix_view import MatrixView
from app.ui.permissions.who_view import WhoCanView

__all__ = ["PermissionTab", "PermissionsPane"]


class PermissionTab:
    """The tabs beside the list, in order."""

    GRANTS, COMPARE, WHO = range(3)


class PermissionsPane(QWidget):
    """The scheme list and the selected scheme's tabs."""

    scheme_chosen = Signal(object)  # SchemeRow, or None
    shown = Signal()  # the pane became visible (it loads its site's schemes then, not before)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("permissionsPane")
        self.bar = QToolBar("Schemes", self)
        self.bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter schemes")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter schemes")
        self.schemes = scheme_model(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.schemes)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QTableView(self)
        self.list.setObjectName("schemeList")
        self.list.setAccessibleName("Permission schemes")
        self.list.setModel(self.proxy)
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.setAlternatingRowColors(True)
        configure_rows(self.list)
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        self.list_note = ToneLabel("", self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.list_note)

        self.title = plain_label("", self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.description = plain_label("", self)
        self.description.setWordWrap(True)
        self.usage = plain_label("", self)
        self.usage.setWordWrap(True)
        self.matrix = MatrixView(self)
        self.compare = CompareView(self)
        self.who = WhoCanView(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.matrix, "Grants")
        self.tabs.addTab(self.compare, "Compare")
        self.tabs.addTab(self.who, "Who can")
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.description)
        right_layout.addWidget(self.usage)
        right_layout.addWidget(self.bar)
        right_layout.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([360, 880])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

    # ----- what the controller calls -------------------------------------------------------------
    def set_actions(self, actions: Sequence[QAction]) -> None:
        """The scheme commands, on the bar above the list."""
        self.bar.clear()
        for action in actions:
            self.bar.addAction(action)

    def set_schemes(self, rows: Sequence[SchemeRow]) -> None:
        """Fill the list (the selection is chosen again with ``select_scheme``)."""
        self.schemes.set_records(rows)
        if rows:
            fit_columns(self.list, maximum=220, limits={0: 200, 1: 64, 2: 80})

    def select_scheme(self, scheme_id: str | None) -> bool:
        """Select the scheme with ``scheme_id`` if it is listed (and not filtered out)."""
        for row in range(self.proxy.rowCount()):
            record = self.proxy.index(row, 0).data(RECORD_ROLE)
            if isinstance(record, SchemeRow) and record.scheme.id == scheme_id:
                self.list.selectRow(row)
                self.list.scrollTo(self.proxy.index(row, 0))
                return True
        return False

    def current_row(self) -> SchemeRow | None:
        """The selected scheme's row."""
        record = self.list.currentIndex().data(RECORD_ROLE)
        return record if isinstance(record, SchemeRow) else None

    def show_header(self, row: SchemeRow | None) -> None:
        """The selected scheme's name, description and the projects that use it."""
        if row is None:
            self.title.setText("Select a permission scheme")
            self.description.setText("")
            self.usage.setText("")
            return
        self.title.setText(row.scheme.name)
        self.description.setText(row.scheme.description)
        self.description.setVisible(bool(row.scheme.description))
        if row.projects is None:
            self.usage.setText("Jira did not say which projects use this scheme.")
        elif row.projects:
            self.usage.setText(
                f"Used by {counted(len(row.projects), 'project')}: {row.projects_text}"
            )
        else:
            self.usage.setText("No project uses this scheme.")

    # ----- internals -----------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Tell the controller the pane is on screen."""
        super().showEvent(event)
        self.shown.emit()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = current.data(RECORD_ROLE)
        self.scheme_chosen.emit(record if isinstance(record, SchemeRow) else None)
