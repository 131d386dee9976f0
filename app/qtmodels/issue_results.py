"""Search results as a table that grows while pages arrive.

Rows are ``IssueRow`` records appended in result order; columns are field ids chosen by the
user. Cell text is computed when Qt asks for it (only visible cells are asked for), so appending
10,000 rows costs an insert notification per batch and nothing per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.issue import IssueRow
from app.qtmodels.tooltips import plain_tooltip

__all__ = ["ISSUE_ROLE", "IssueResultsModel", "ResultColumn"]

Index = QModelIndex | QPersistentModelIndex
ISSUE_ROLE = Qt.ItemDataRole.UserRole + 1
FieldText = Callable[[Any], str]


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True, slots=True)
class ResultColumn:
    """A result column: the Jira field id and the title shown."""

    field: str
    title: str


class IssueResultsModel(QAbstractTableModel):
    """Issues as rows, chosen fields as columns; data is pushed in, the model never fetches."""

    def __init__(
        self,
        columns: Sequence[ResultColumn],
        text: FieldText = _plain,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._text = text
        self._rows: list[IssueRow] = []

    @property
    def columns(self) -> list[ResultColumn]:
        """The columns shown, in order."""
        return list(self._columns)

    @property
    def rows(self) -> list[IssueRow]:
        """The issues shown, in result order."""
        return list(self._rows)

    def set_columns(self, columns: Sequence[ResultColumn]) -> None:
        """Change the columns (the rows stay; cells are computed anew)."""
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    def clear(self) -> None:
        """Remove every row (a new search starts)."""
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def append_rows(self, rows: Sequence[IssueRow]) -> None:
        """Add a batch of rows at the end (a page of a load in progress)."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def replace_row(self, issue: IssueRow) -> None:
        """Show a changed issue in place (after an edit or transition)."""
        for row, current in enumerate(self._rows):
            if current.key == issue.key:
                self._rows[row] = issue
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))
                return

    def row_at(self, row: int) -> IssueRow:
        """The issue in ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """Number of issues (0 under any parent)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """Number of columns (0 under any parent)."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles; the field id as tooltip."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(column.field)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text (plain), tooltip, or the row's issue."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        issue = self._rows[index.row()]
        if role == ISSUE_ROLE:
            return issue
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        field = self._columns[index.column()].field
        value = issue.key if field in ("key", "issuekey") else issue.field(field)
        text = self._text(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(text)
        # one line per cell: a multi-line summary would break fixed row heights
        return text.replace("\n", " ") if "\n" in text else text
