"""Models for the projects pane's detail tabs: components, versions, and role members."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.project import AssigneeType, Component, ProjectRole, RoleActor, Version
from app.qtmodels.record_table import RECORD_ROLE, Column, RecordTableModel
from app.qtmodels.tooltips import plain_tooltip
from app.qtmodels.two_level import TwoLevelModel

__all__ = ["ASSIGNEE_LABELS", "RoleTreeModel", "component_model", "version_model"]

Index = QModelIndex | QPersistentModelIndex
ASSIGNEE_LABELS = {
    AssigneeType.PROJECT_DEFAULT: "Project default",
    AssigneeType.COMPONENT_LEAD: "Component lead",
    AssigneeType.PROJECT_LEAD: "Project lead",
    AssigneeType.UNASSIGNED: "Unassigned",
}


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def component_model(parent: QObject | None = None) -> RecordTableModel[Component]:
    """Components: name, lead, default assignee, description."""
    return RecordTableModel[Component](
        (
            Column("Name", lambda c: c.name),
            Column("Lead", lambda c: c.lead.display_name if c.lead else ""),
            Column(
                "Default assignee", lambda c: ASSIGNEE_LABELS.get(c.assignee_type, c.assignee_type)
            ),
            Column("Description", lambda c: c.description),
        ),
        parent,
    )


def _version_status(v: Version) -> str:
    if v.archived:
        return "Archived"
    if v.released:
        return "Released"
    return "Overdue" if v.overdue else "Unreleased"


def version_model(parent: QObject | None = None) -> RecordTableModel[Version]:
    """Versions in the project's order: name, status, start and release dates, description."""
    return RecordTableModel[Version](
        (
            Column("Name", lambda v: v.name),
            Column("Status", _version_status),
            Column("Start date", lambda v: _day(v.start_date)),
            Column("Release date", lambda v: _day(v.release_date)),
            Column("Description", lambda v: v.description),
        ),
        parent,
    )


class RoleTreeModel(TwoLevelModel):
    """Project roles at the top, their users and groups under each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roles: list[ProjectRole] = []

    def set_roles(self, roles: Sequence[ProjectRole]) -> None:
        """Replace every role."""
        self.beginResetModel()
        self._roles = list(roles)
        self.endResetModel()

    def role_at(self, index: Index) -> ProjectRole | None:
        """The role of a role row or of an actor row."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self._roles[row] if row < len(self._roles) else None

    def actor_at(self, index: Index) -> RoleActor | None:
        """The actor of an actor row (None for a role row)."""
        if not index.isValid() or index.internalId() == 0:
            return None
        role = self._roles[index.internalId() - 1]
        return role.actors[index.row()] if index.row() < len(role.actors) else None

    def group_count(self) -> int:
        """Number of roles."""
        return len(self._roles)

    def item_count(self, group: int) -> int:
        """Number of members of a role."""
        return len(self._roles[group].actors)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """Name and kind."""
        return 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Role / member", "Kind")[section] if section in (0, 1) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Role names with member counts; actors with their kind."""
        if not index.isValid():
            return None
        actor = self.actor_at(index)
        if actor is None:
            project_role = self.role_at(index)
            if project_role is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                count = len(project_role.actors)
                return f"{project_role.name} ({count})" if index.column() == 0 else ""
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tooltip(project_role.description)
            if role == RECORD_ROLE:
                return project_role
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return actor.display_name
            return "Group" if actor.kind == "group" else "User"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(actor.id)
        if role == RECORD_ROLE:
            return actor
        return None
