"""The projects list: a flat table model, a grouped-by-category tree model, and their filter.

Both models show the same columns over the same ``Project`` records; the pane switches between
them when the user groups by category. Data is pushed in (``set_projects``, ``set_stats``); the
models never fetch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.domain.project import Project, ProjectStats
from app.qtmodels.tooltips import plain_tooltip
from app.qtmodels.two_level import TwoLevelModel

__all__ = ["COLUMNS", "ProjectFilterModel", "ProjectListModel", "ProjectTreeModel"]

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Key", "Name", "Lead", "Category", "Type", "Issues", "Last updated")
KEY, NAME, LEAD, CATEGORY, TYPE, ISSUES, UPDATED = range(len(COLUMNS))
PROJECT_ROLE = Qt.ItemDataRole.UserRole + 1  # the Project record of a row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts naturally (numbers, times)
_TYPE_LABELS = {
    "software": "Software",
    "business": "Business",
    "service_desk": "Service management",
}
NO_CATEGORY = "No category"


def _with_stats(project: Project, stats: ProjectStats) -> Project:
    return replace(project, issue_count=stats.issue_count, last_updated=stats.last_updated)


def cell_text(project: Project, column: int) -> str:
    """What a cell of ``project`` shows in ``column``."""
    match column:
        case 0:
            return project.key
        case 1:
            return project.name
        case 2:
            return project.lead.display_name if project.lead else ""
        case 3:
            return project.category or ""
        case 4:
            return _TYPE_LABELS.get(project.project_type, project.project_type)
        case 5:
            return "" if project.issue_count is None else f"{project.issue_count:,}"
        case 6:
            return _when(project.last_updated)
    return ""


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def sort_value(project: Project, column: int) -> Any:
    """A sort key for ``column``: numbers and times sort as such, unknown values last."""
    if column == ISSUES:
        return project.issue_count if project.issue_count is not None else -1
    if column == UPDATED:
        return project.last_updated.timestamp() if project.last_updated else 0.0
    return cell_text(project, column).casefold()


def _project_data(project: Project, column: int, role: int) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        return cell_text(project, column)
    if role == Qt.ItemDataRole.ToolTipRole:
        if column == NAME and project.description:
            return plain_tooltip(project.description)
        return plain_tooltip(cell_text(project, column))
    if role == Qt.ItemDataRole.TextAlignmentRole and column == ISSUES:
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if role == PROJECT_ROLE:
        return project
    if role == SORT_ROLE:
        return sort_value(project, column)
    return None


def _header(section: int, orientation: Qt.Orientation, role: int) -> Any:
    if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
        return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
    return None


class ProjectListModel(QAbstractTableModel):
    """Projects as rows of a flat table."""

    KEY, NAME, LEAD, CATEGORY, TYPE, ISSUES, UPDATED = range(len(COLUMNS))
    ProjectRole = PROJECT_ROLE

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._projects: list[Project] = []
        self._rows: dict[str, int] = {}

    @property
    def projects(self) -> list[Project]:
        """The records shown, in model order."""
        return list(self._projects)

    def set_projects(self, projects: Sequence[Project]) -> None:
        """Replace every row (a site switch or a reload)."""
        self.beginResetModel()
        self._projects = list(projects)
        self._rows = {p.key: n for n, p in enumerate(self._projects)}
        self.endResetModel()

    def append_projects(self, projects: Sequence[Project]) -> None:
        """Add rows at the end (a page of a load in progress)."""
        if not projects:
            return
        first = len(self._projects)
        self.beginInsertRows(QModelIndex(), first, first + len(projects) - 1)
        for n, project in enumerate(projects, start=first):
            self._projects.append(project)
            self._rows[project.key] = n
        self.endInsertRows()

    def set_stats(self, key: str, stats: ProjectStats) -> None:
        """Fill the on-demand columns of one project."""
        row = self._rows.get(key)
        if row is None:
            return
        self._projects[row] = _with_stats(self._projects[row], stats)
        self.dataChanged.emit(self.index(row, ISSUES), self.index(row, UPDATED))

    def replace_project(self, project: Project) -> None:
        """Show a changed project (after an edit) in place."""
        row = self._rows.get(project.key)
        if row is None:
            return
        self._projects[row] = project
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def project_at(self, row: int) -> Project:
        """The record shown in ``row``."""
        return self._projects[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """Number of projects (0 under any parent: this is a flat table)."""
        return 0 if parent.isValid() else len(self._projects)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """Number of columns (0 under any parent)."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        return _header(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tooltips, sort values and the row's record."""
        if not index.isValid() or index.row() >= len(self._projects):
            return None
        return _project_data(self._projects[index.row()], index.column(), role)


class ProjectTreeModel(TwoLevelModel):
    """Projects grouped under their category (categories sorted, "No category" last)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[str, list[Project]]] = []

    def set_projects(self, projects: Sequence[Project]) -> None:
        """Regroup every project."""
        groups: dict[str, list[Project]] = {}
        for project in projects:
            groups.setdefault(project.category or NO_CATEGORY, []).append(project)
        names = sorted((n for n in groups if n != NO_CATEGORY), key=str.casefold)
        if NO_CATEGORY in groups:
            names.append(NO_CATEGORY)
        self.beginResetModel()
        self._groups = [(name, groups[name]) for name in names]
        self.endResetModel()

    def set_stats(self, key: str, stats: ProjectStats) -> None:
        """Fill the on-demand columns of one project."""
        for g, (_, projects) in enumerate(self._groups):
            for row, project in enumerate(projects):
                if project.key == key:
                    projects[row] = _with_stats(project, stats)
                    parent = self.index(g, 0)
                    self.dataChanged.emit(
                        self.index(row, ISSUES, parent), self.index(row, UPDATED, parent)
                    )
                    return

    def group_count(self) -> int:
        """Number of categories."""
        return len(self._groups)

    def item_count(self, group: int) -> int:
        """Number of projects in a category."""
        return len(self._groups[group][1])

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """The same columns as the flat list."""
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        return _header(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Category rows can be expanded but not selected as projects."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Category headers show their name and count; project rows as in the flat list."""
        if not index.isValid():
            return None
        group = self.group_of(index)
        if group < 0:
            if index.row() >= len(self._groups):
                return None
            name, projects = self._groups[index.row()]
            if index.column() != 0:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{name} ({len(projects)})"
            if role == SORT_ROLE:
                return "~" if name == NO_CATEGORY else name.casefold()
            return None
        projects = self._groups[group][1]
        if index.row() >= len(projects):
            return None
        return _project_data(projects[index.row()], index.column(), role)


class ProjectFilterModel(QSortFilterProxyModel):
    """Case-insensitive filter over key, name, lead and category; natural sort per column."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(SORT_ROLE)
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(True)

    def set_filter_text(self, text: str) -> None:
        """Show only projects whose key, name, lead or category contain ``text``."""
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether a source row matches the filter text (category rows match via children)."""
        if not self._needle:
            return True
        model = self.sourceModel()
        project = model.index(source_row, 0, source_parent).data(PROJECT_ROLE)
        if not isinstance(project, Project):
            return False
        haystack = " ".join(
            (
                project.key,
                project.name,
                project.lead.display_name if project.lead else "",
                project.category or "",
            )
        ).casefold()
        return self._needle in haystack
