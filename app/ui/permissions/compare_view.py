"""The Compare tab: two schemes (or the schemes of two projects) side by side.

Each side picks a scheme directly or a project (whose scheme is compared). The table lists every
(permission, holder) pair granted by either side with a check under each side that grants it;
the counts line says how many pairs are granted by both, only the left and only the right.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.permission_diff import DiffRow, DiffSide, diff_counts
from app.qtmodels.permission_tables import CompareRow, compare_model, compare_rows
from app.qtmodels.record_table import RecordTableModel
from app.ui.kit.tables import configure_rows, fit_columns
from app.ui.kit.text import plain_label

__all__ = ["SCHEME_SIDE", "CompareView", "Side"]

SCHEME_SIDE = "scheme"
PROJECT_SIDE = "project"
Side = tuple[str, str]  # (SCHEME_SIDE or PROJECT_SIDE, scheme id or project key)
SHOWN = (("All pairs", None), ("Granted by both", DiffSide.BOTH))


class CompareView(QWidget):
    """Pick two sides, compare, read the counts, filter by side, export."""

    compare_requested = Signal()
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds: list[QComboBox] = []
        self.choices: list[QComboBox] = []
        grid = QGridLayout()
        for row, title in enumerate(("Left", "Right")):
            kind = QComboBox(self)
            kind.addItem("Scheme", SCHEME_SIDE)
            kind.addItem("Project's scheme", PROJECT_SIDE)
            kind.setAccessibleName(f"{title} side kind")
            choice = QComboBox(self)
            choice.setAccessibleName(f"{title} side")
            choice.setMinimumContentsLength(28)
            choice.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            kind.currentIndexChanged.connect(lambda _i, r=row: self._fill(r))
            grid.addWidget(plain_label(f"{title}:", self), row, 0)
            grid.addWidget(kind, row, 1)
            grid.addWidget(choice, row, 2)
            self.kinds.append(kind)
            self.choices.append(choice)
        grid.setColumnStretch(3, 1)
        self.compare_button = QPushButton("Compare", self)
        self.compare_button.clicked.connect(self.compare_requested)
        self.swap_button = QPushButton("Swap sides", self)
        self.swap_button.clicked.connect(self.swap)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.clicked.connect(self.export_requested)
        self.export_button.setEnabled(False)
        self.shown = QComboBox(self)
        self.shown.setAccessibleName("Pairs shown")
        self.shown.currentIndexChanged.connect(lambda _i: self._show())
        self.counts = plain_label("Choose two schemes or two projects and press Compare.", self)
        self.counts.setObjectName("compareCounts")
        self.model: RecordTableModel[CompareRow] = compare_model(parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("compareTable")
        self.table.setAccessibleName("Comparison")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        configure_rows(self.table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.swap_button)
        buttons.addStretch(1)
        buttons.addWidget(self.shown)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        self._schemes: list[tuple[str, str]] = []
        self._projects: list[tuple[str, str]] = []
        self.rows: tuple[DiffRow, ...] = ()
        self._names: dict[str, str] = {}
        self.titles = ("Left", "Right")
        self._set_shown_choices()

    # ----- what the controller calls -------------------------------------------------------------
    def set_choices(
        self, schemes: Sequence[tuple[str, str]], projects: Sequence[tuple[str, str]]
    ) -> None:
        """The schemes (id, name) and projects (key, name) each side can pick from."""
        self._schemes = list(schemes)
        self._projects = list(projects)
        for row in range(2):
            self._fill(row)

    def choose(self, row: int, side: Side) -> None:
        """Put ``side`` on the left (0) or right (1)."""
        kind, value = side
        self.kinds[row].setCurrentIndex(self.kinds[row].findData(kind))
        index = self.choices[row].findData(value)
        if index >= 0:
            self.choices[row].setCurrentIndex(index)

    def side(self, row: int) -> Side | None:
        """What the left (0) or right (1) side names now."""
        value = self.choices[row].currentData()
        return (str(self.kinds[row].currentData()), str(value)) if value is not None else None

    def show_diff(
        self, rows: tuple[DiffRow, ...], names: dict[str, str], left: str, right: str
    ) -> None:
        """Show a comparison: ``left`` and ``right`` title the two check columns."""
        self.rows = rows
        self._names = names
        self.titles = (left, right)
        counts = diff_counts(rows)
        self.counts.setText(
            f"{left} ↔ {right}: {counts[DiffSide.BOTH]} granted by both, "
            f"{counts[DiffSide.LEFT]} only left, {counts[DiffSide.RIGHT]} only right."
        )
        self._set_shown_choices()
        self._show()
        fit_columns(self.table, maximum=300, limits={1: 230, 2: 190, 3: 190})
        self.export_button.setEnabled(bool(rows))

    def clear(self) -> None:
        """Forget the comparison shown (another site is shown)."""
        self.rows = ()
        self.titles = ("Left", "Right")
        self.counts.setText("Choose two schemes or two projects and press Compare.")
        self._set_shown_choices()
        self._show()
        self.export_button.setEnabled(False)

    def shown_rows(self) -> list[CompareRow]:
        """The rows the table shows now (after the side filter)."""
        return self.model.records

    def swap(self) -> None:
        """Exchange the two sides."""
        left, right = self.side(0), self.side(1)
        if left is not None and right is not None:
            self.choose(0, right)
            self.choose(1, left)

    # ----- internals -----------------------------------------------------------------------------------
    def _fill(self, row: int) -> None:
        combo = self.choices[row]
        previous = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        kind = self.kinds[row].currentData()
        for value, name in self._schemes if kind == SCHEME_SIDE else self._projects:
            combo.addItem(name if kind == SCHEME_SIDE else f"{value} — {name}", value)
        index = combo.findData(previous)
        combo.setCurrentIndex(index if index >= 0 else min(row, combo.count() - 1))
        combo.blockSignals(False)

    def _set_shown_choices(self) -> None:
        current = self.shown.currentData()
        self.shown.blockSignals(True)
        self.shown.clear()
        left, right = self.titles
        for text, side in (
            *SHOWN,
            (f"Only in {left}", DiffSide.LEFT),
            (f"Only in {right}", DiffSide.RIGHT),
        ):
            self.shown.addItem(text, side)
        index = self.shown.findData(current)
        self.shown.setCurrentIndex(max(index, 0))
        self.shown.blockSignals(False)

    def _show(self) -> None:
        side = self.shown.currentData()
        rows = [r for r in self.rows if side is None or r.side is side]
        left, right = self.titles
        model: RecordTableModel[CompareRow] = compare_model(left, right, self)
        model.set_records(compare_rows(tuple(rows), self._names))
        old = self.model
        self.model = model
        self.table.setModel(model)
        old.deleteLater()
