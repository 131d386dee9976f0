"""The navigation rail on the left of the main window: one entry per pane."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from app.ui.kit.resources import icon

__all__ = ["PANES", "NavigationRail", "PaneSpec"]


@dataclass(frozen=True, slots=True)
class PaneSpec:
    """A pane the rail can select: its id, label, icon and what it is for."""

    id: str
    label: str
    icon: str
    summary: str


PANES = (
    PaneSpec("projects", "Projects", "projects", "Browse and administer the site's projects."),
    PaneSpec(
        "issues", "Issues", "issues", "Search issues with JQL, inspect and change them in bulk."
    ),
    PaneSpec("boards", "Boards", "boards", "Sprint boards: columns, sprints, backlog and ranking."),
    PaneSpec(
        "milestones", "Milestones", "milestones", "Every milestone of every site on one timeline."
    ),
    PaneSpec(
        "permissions",
        "Permissions",
        "permissions",
        "Permission schemes: who can do what, and where.",
    ),
)


class NavigationRail(QListWidget):
    """A vertical list of panes with icons; ``currentRowChanged`` selects the pane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigationRail")
        self.setAccessibleName("Panes")
        self.setIconSize(QSize(22, 22))
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(2)
        for spec in PANES:
            item = QListWidgetItem(icon(spec.icon), spec.label, self)
            item.setToolTip(spec.summary)
            item.setData(Qt.ItemDataRole.UserRole, spec.id)
        self.setFixedWidth(150)
        self.setCurrentRow(0)

    def select_pane(self, pane_id: str) -> None:
        """Select the pane with ``pane_id`` (unknown ids are ignored)."""
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == pane_id:
                self.setCurrentRow(row)
                return

    def current_pane(self) -> str:
        """The id of the selected pane."""
        item = self.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else PANES[0].id
