"""The projects a timeline may show, each with a tick: which ones it shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.domain.project import Project

__all__ = ["KEY_ROLE", "ProjectChoiceModel"]

KEY_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class ProjectChoiceModel(QAbstractListModel):
    """Projects as "KEY — Name" rows, checkable; ``chosen`` follows the ticks."""

    chosen_changed = Signal(list)  # the keys ticked, in list order

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._projects: list[Project] = []
        self._chosen: set[str] = set()

    def set_projects(self, projects: Sequence[Project], chosen: Iterable[str]) -> None:
        """Show ``projects`` with the keys ``chosen`` ticked (unknown keys are dropped)."""
        self.beginResetModel()
        self._projects = sorted(projects, key=lambda p: p.key)
        known = {p.key for p in self._projects}
        self._chosen = {k for k in chosen if k in known}
        self.endResetModel()

    @property
    def chosen(self) -> list[str]:
        """The keys ticked, in list order."""
        return [p.key for p in self._projects if p.key in self._chosen]

    def set_chosen(self, keys: Iterable[str]) -> None:
        """Tick exactly ``keys``."""
        self._chosen = set(keys) & {p.key for p in self._projects}
        if self._projects:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._projects) - 1), [Qt.ItemDataRole.CheckStateRole]
            )
        self.chosen_changed.emit(self.chosen)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """One row per project."""
        return 0 if parent.isValid() else len(self._projects)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Key and name, the tick, the key."""
        if not index.isValid() or not 0 <= index.row() < len(self._projects):
            return None
        project = self._projects[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{project.key} — {project.name}"
        if role == Qt.ItemDataRole.CheckStateRole:
            ticked = project.key in self._chosen
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return project.name
        if role == KEY_ROLE:
            return project.key
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Rows are ticked, not edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A tick changed."""
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        key = self._projects[index.row()].key
        ticked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        if ticked:
            self._chosen.add(key)
        else:
            self._chosen.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.chosen_changed.emit(self.chosen)
        return True
