"""What the list tabs (components, versions, roles) share: a record table, buttons beside it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

__all__ = ["allow", "fit_columns", "place_beside", "record_table"]


def record_table(parent: QWidget) -> QTableView:
    """A table of records: whole rows selected one at a time, fixed row height."""
    table = QTableView(parent)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fit_columns(table: QTableView, widest_chars: int = 28) -> None:
    """Size the columns to their contents, none wider than ``widest_chars`` average characters."""
    # 100 px per column pushed the dates out of the narrow detail; a long name must not either
    table.resizeColumnsToContents()
    widest = table.fontMetrics().averageCharWidth() * widest_chars
    header = table.horizontalHeader()
    for column in range(header.count()):
        header.resizeSection(column, min(header.sectionSize(column), widest))


def place_beside(tab: QWidget, view: QWidget, buttons: Sequence[QPushButton]) -> None:
    """Lay out ``tab``: ``view`` with ``buttons`` in a column to its right."""
    # buttons in a column beside the list keep the detail area narrow
    column = QVBoxLayout()
    for button in buttons:
        column.addWidget(button)
    column.addStretch(1)
    layout = QHBoxLayout(tab)
    layout.addWidget(view, 1)
    layout.addLayout(column)


def allow(widgets: Sequence[QWidget], allowed: bool, reason: str) -> None:
    """Enable ``widgets`` or disable them with ``reason`` as tooltip."""
    for widget in widgets:
        widget.setEnabled(allowed)
        widget.setToolTip("" if allowed else reason)
