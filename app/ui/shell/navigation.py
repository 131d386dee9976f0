"""The navigation rail on the left of the main window: one entry per registered pane."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from app.ui.kit.resources import icon

__all__ = ["NavigationRail"]


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
        self.setFixedWidth(150)

    def add_pane(self, pane_id: str, title: str, icon_name: str, summary: str) -> None:
        """Add an entry for a pane."""
        item = QListWidgetItem(icon(icon_name), title, self)
        item.setToolTip(summary)
        item.setData(Qt.ItemDataRole.UserRole, pane_id)

    def select_pane(self, pane_id: str) -> None:
        """Select the pane with ``pane_id`` (unknown ids are ignored)."""
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == pane_id:
                self.setCurrentRow(row)
                return

    def current_pane(self) -> str:
        """The id of the selected pane ("" before any pane is added)."""
        item = self.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""
