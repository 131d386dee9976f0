"""The Components tab: the project's components, with add, edit and delete."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from app.domain.project import Component
from app.qtmodels.project_parts import component_model
from app.ui.projects.tabs.lists import allow, fit_columns, place_beside, record_table

__all__ = ["ComponentsTab"]


class ComponentsTab(QWidget):
    """A table of components and the buttons that change them."""

    add_requested = Signal()
    edit_requested = Signal(object)  # Component
    delete_requested = Signal(object)  # Component

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editable = False
        self.components = component_model(self)
        self.table = record_table(self)
        self.table.setModel(self.components)
        self.table.doubleClicked.connect(self._edit)
        self.add_button = QPushButton("Add…", self)
        self.edit_button = QPushButton("Edit…", self)
        self.delete_button = QPushButton("Delete…", self)
        self.add_button.clicked.connect(self.add_requested.emit)
        self.edit_button.clicked.connect(lambda: self._edit(self.table.currentIndex()))
        self.delete_button.clicked.connect(self._delete)
        self.buttons = (self.add_button, self.edit_button, self.delete_button)
        place_beside(self, self.table, self.buttons)

    def set_components(self, components: Sequence[Component]) -> None:
        """Show the project's components."""
        self.components.set_records(components)
        fit_columns(self.table)

    def current(self) -> Component | None:
        """The selected component."""
        index = self.table.currentIndex()
        return self.components.record_at(index.row()) if index.isValid() else None

    def set_editable(self, allowed: bool, reason: str) -> None:
        """Enable the buttons, or disable them with ``reason`` as tooltip."""
        self.editable = allowed
        allow(self.buttons, allowed, reason)

    def _edit(self, index: QModelIndex) -> None:
        if index.isValid() and self.editable:
            self.edit_requested.emit(self.components.record_at(index.row()))

    def _delete(self) -> None:
        component = self.current()
        if component is not None:
            self.delete_requested.emit(component)
