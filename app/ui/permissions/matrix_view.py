"""The Grants tab: the scheme's grant matrix with its filters, and the staged changes below it.

Layout only: the controller fills the models and listens to the signals. The matrix itself is a
``MatrixTree`` (matrix_tree.py): the permission names stay in place while the holders scroll.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.wording import counted
from app.qtmodels.permission_matrix import GrantMatrixModel
from app.qtmodels.permission_tables import ChangeRow, change_model
from app.ui.kit.tables import configure_rows, fit_columns
from app.ui.kit.text import Tone, ToneLabel, plain_label
from app.ui.permissions.matrix_tree import MatrixTree

__all__ = ["MatrixView"]


class MatrixView(QWidget):
    """Filters, the matrix (a tree: categories, then permissions), and the staged diff."""

    add_holder_requested = Signal()
    apply_requested = Signal()
    stop_requested = Signal()
    discard_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = GrantMatrixModel(self)
        self.row_filter = QLineEdit(self)
        self.row_filter.setPlaceholderText("Filter permissions")
        self.row_filter.setClearButtonEnabled(True)
        self.row_filter.setAccessibleName("Filter permissions")
        self.column_filter = QLineEdit(self)
        self.column_filter.setPlaceholderText("Filter holders")
        self.column_filter.setClearButtonEnabled(True)
        self.column_filter.setAccessibleName("Filter holders")
        self.add_holder_button = QPushButton("Add holder…", self)
        self.add_holder_button.setToolTip("Add a column for a group, role, user or other holder")
        self.row_filter.textChanged.connect(self.model.set_row_filter)
        self.column_filter.textChanged.connect(self.model.set_column_filter)
        self.add_holder_button.clicked.connect(self.add_holder_requested)

        self.tree = MatrixTree(self.model, self)
        self.tree.setObjectName("grantMatrix")
        self.tree.setAccessibleName("Grant matrix")

        self.note = ToneLabel("", self)
        self.staged_label = plain_label("No changes staged.", self)
        self.changes = change_model(self)
        self.changes_view = QTableView(self)
        self.changes_view.setObjectName("stagedChanges")
        self.changes_view.setAccessibleName("Staged changes")
        self.changes_view.setModel(self.changes)
        self.changes_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.changes_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes_view.horizontalHeader().setStretchLastSection(True)
        configure_rows(self.changes_view)
        self.apply_button = QPushButton("Apply", self)
        self.apply_button.setToolTip("Add and remove the staged grants, one by one")
        self.discard_button = QPushButton("Discard", self)
        self.discard_button.setToolTip("Forget the staged changes")
        self.apply_button.clicked.connect(self._apply_clicked)
        self.discard_button.clicked.connect(self.discard_requested)
        self.running = False

        filters = QHBoxLayout()
        filters.addWidget(self.row_filter, 2)
        filters.addWidget(self.column_filter, 2)
        filters.addWidget(self.add_holder_button)
        staged = QWidget(self)
        staged_layout = QVBoxLayout(staged)
        staged_layout.setContentsMargins(0, 0, 0, 0)
        staged_head = QHBoxLayout()
        staged_head.addWidget(self.staged_label, 1)
        staged_head.addWidget(self.discard_button)
        staged_head.addWidget(self.apply_button)
        staged_layout.addLayout(staged_head)
        staged_layout.addWidget(self.changes_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(staged)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.note)
        layout.addWidget(self.splitter, 1)
        self.note.setVisible(False)
        self.show_changes([])

    # ----- what the controller calls -------------------------------------------------------------
    def show_changes(self, rows: list[ChangeRow], summary: str = "") -> None:
        """List the staged changes (or the outcomes of an apply) and say how many there are."""
        self.changes.set_records(rows)
        if summary:
            self.staged_label.setText(summary)
        elif rows:
            adds = sum(r.action == "add" for r in rows)
            self.staged_label.setText(
                f"{counted(len(rows), 'change')} staged: {adds} to grant, {len(rows) - adds} to remove."
            )
        elif self.model.editable:
            self.staged_label.setText("No changes staged. Check or uncheck cells to stage them.")
        else:
            self.staged_label.setText("No changes staged.")
        if rows:
            fit_columns(self.changes_view, maximum=320)

    def set_running(self, running: bool) -> None:
        """While changes are applied: Apply becomes Stop, nothing else can be pressed."""
        self.running = running
        self.apply_button.setText("Stop" if running else "Apply")
        self.apply_button.setToolTip(
            "Stop after the request in flight; the rest stay staged"
            if running
            else "Add and remove the staged grants, one by one"
        )
        self.discard_button.setEnabled(not running and not self.model.staged().empty)

    def set_note(self, text: str, tone: Tone = Tone.PLAIN) -> None:
        """A line above the matrix (why it is read-only); hidden when empty."""
        self.note.setText(text)
        self.note.set_tone(tone)
        self.note.setVisible(bool(text))

    def focus_filter(self) -> None:
        """Ctrl+F: the permission filter."""
        self.row_filter.setFocus()
        self.row_filter.selectAll()

    # ----- internals ----------------------------------------------------------------------------------
    def _apply_clicked(self) -> None:
        if self.running:
            self.stop_requested.emit()
        else:
            self.apply_requested.emit()
