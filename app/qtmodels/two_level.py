"""The index plumbing of a two-level tree (groups, and items under each group).

Internal id 0 marks a group row; ``g + 1`` marks an item row under group ``g``. Subclasses
say how many groups and items there are and what the cells show.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex

__all__ = ["TwoLevelModel"]

Index = QModelIndex | QPersistentModelIndex


class TwoLevelModel(QAbstractItemModel):
    """Groups at the top, items under each; rows never nest deeper."""

    def group_count(self) -> int:
        """How many groups there are (subclasses)."""
        return 0

    def item_count(self, group: int) -> int:
        """How many items group ``group`` holds (subclasses)."""
        return 0

    @staticmethod
    def group_of(index: Index) -> int:
        """The group of an item row, or -1 for a group row."""
        return index.internalId() - 1

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt default argument
        """Index of a group row (no parent) or of an item row under its group."""
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008 - Qt default argument
        """An item's group row; nothing for a group."""
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """Groups at the top, items under each group's first column."""
        if not parent.isValid():
            return self.group_count()
        if parent.column() != 0 or parent.internalId() != 0 or parent.row() >= self.group_count():
            return 0
        return self.item_count(parent.row())
