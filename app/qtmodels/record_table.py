"""A table model over immutable records, described by its columns.

Components, versions and similar lists differ only in their columns; each is a
``RecordTableModel`` with a tuple of ``Column`` descriptions instead of a class of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.qtmodels.tooltips import plain_tooltip

__all__ = ["RECORD_ROLE", "Column", "RecordTableModel"]

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    """One column: its title, its text, and optionally a tooltip and a check state."""

    title: str
    text: Callable[[T], str]
    tooltip: Callable[[T], str] | None = None
    checked: Callable[[T], bool] | None = None  # shown as a read-only check box


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """Rows of records of one type; data is pushed in with ``set_records``."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._records: list[T] = []

    @property
    def records(self) -> list[T]:
        """The records shown, in order."""
        return list(self._records)

    def set_records(self, records: Sequence[T]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record_at(self, row: int) -> T:
        """The record in ``row``."""
        return self._records[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """Number of records (0 under any parent)."""
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """Number of columns (0 under any parent)."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tooltip, check state, or the row's record."""
        if not index.isValid() or index.row() >= len(self._records):
            return None
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if column.checked else column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(column.tooltip(record) if column.tooltip else column.text(record))
        if role == Qt.ItemDataRole.CheckStateRole and column.checked is not None:
            return Qt.CheckState.Checked if column.checked(record) else Qt.CheckState.Unchecked
        if role == RECORD_ROLE:
            return record
        return None
