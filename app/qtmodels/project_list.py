"""A table model over ``Project`` records, and the filter proxy the projects list uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.domain.project import Project

__all__ = ["ProjectFilterModel", "ProjectListModel"]

Index = QModelIndex | QPersistentModelIndex
_COLUMNS = ("Key", "Name", "Lead", "Category", "Type")
_TYPE_LABELS = {
    "software": "Software",
    "business": "Business",
    "service_desk": "Service management",
}


class ProjectListModel(QAbstractTableModel):
    """Projects as rows; data is pushed in with ``set_projects``, the model never fetches."""

    KEY, NAME, LEAD, CATEGORY, TYPE = range(5)
    ProjectRole = Qt.ItemDataRole.UserRole + 1  # the Project record of a row

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._projects: list[Project] = []

    def set_projects(self, projects: Sequence[Project]) -> None:
        """Replace every row (a site switch or a reload)."""
        self.beginResetModel()
        self._projects = list(projects)
        self.endResetModel()

    def project_at(self, row: int) -> Project:
        """The record shown in ``row``."""
        return self._projects[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """Number of projects (0 under any parent: this is a flat table)."""
        return 0 if parent.isValid() else len(self._projects)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """Number of columns (0 under any parent)."""
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_COLUMNS)
        ):
            return _COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tooltips and the row's record."""
        if not index.isValid() or index.row() >= len(self._projects):
            return None
        project = self._projects[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(project, column)
            if role == Qt.ItemDataRole.ToolTipRole:
                if column == self.NAME and project.description:
                    return project.description
                return text or None
            return text
        if role == self.ProjectRole:
            return project
        return None

    @staticmethod
    def _text(project: Project, column: int) -> str:
        match column:
            case ProjectListModel.KEY:
                return project.key
            case ProjectListModel.NAME:
                return project.name
            case ProjectListModel.LEAD:
                return project.lead.display_name if project.lead else ""
            case ProjectListModel.CATEGORY:
                return project.category or ""
            case ProjectListModel.TYPE:
                return _TYPE_LABELS.get(project.project_type, project.project_type)
        return ""


class ProjectFilterModel(QSortFilterProxyModel):
    """Case-insensitive filter over key, name, lead and category; sorts by display text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    def set_filter_text(self, text: str) -> None:
        """Show only rows whose key, name, lead or category contain ``text``."""
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether a source row matches the filter text."""
        if not self._needle:
            return True
        model = self.sourceModel()
        if not isinstance(model, ProjectListModel):
            return True
        project = model.project_at(source_row)
        haystack = " ".join(
            (
                project.key,
                project.name,
                project.lead.display_name if project.lead else "",
                project.category or "",
            )
        ).casefold()
        return self._needle in haystack
