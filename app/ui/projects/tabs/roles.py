"""The Roles tab: each project role with its users and groups (or why the site has none)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QPushButton, QTreeView, QVBoxLayout, QWidget

from app.domain.project import ProjectRole
from app.qtmodels.project_parts import RoleTreeModel
from app.ui.kit.text import plain_label
from app.ui.projects.tabs.lists import allow, place_beside

__all__ = ["RolesTab"]


class RolesTab(QWidget):
    """A tree of roles and their members, with add and remove."""

    add_actors_requested = Signal(object)  # ProjectRole
    remove_actor_requested = Signal(object, object)  # ProjectRole, RoleActor

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.roles = RoleTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.roles)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.add_button = QPushButton("Add member…", self)
        self.remove_button = QPushButton("Remove", self)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.buttons = (self.add_button, self.remove_button)
        # where the site has no project roles (Jira 4.3) a sentence says so in the tree's place
        self.note = plain_label("", self)
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.note.setVisible(False)
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.note)
        column.addWidget(self.tree, 1)
        place_beside(self, body, self.buttons)

    def set_roles(self, roles: Sequence[ProjectRole]) -> None:
        """Show the project's roles, all expanded."""
        self.roles.set_roles(roles)
        self.tree.expandAll()

    def set_editable(self, allowed: bool, reason: str) -> None:
        """Enable the buttons, or disable them with ``reason`` as tooltip."""
        allow(self.buttons, allowed, reason)

    def set_unavailable(self, reason: str) -> None:
        """The site has no project roles: say so (``reason``) instead; "" shows the roles."""
        self.note.setText(reason)
        self.note.setVisible(bool(reason))
        self.tree.setVisible(not reason)
        for button in self.buttons:
            button.setVisible(not reason)

    def _add(self) -> None:
        role = self.roles.role_at(self.tree.currentIndex())
        if role is None and self.roles.rowCount():
            # nothing selected yet: the first role is the likeliest target
            role = self.roles.role_at(self.roles.index(0, 0))
        if role is not None:
            self.add_actors_requested.emit(role)

    def _remove(self) -> None:
        index = self.tree.currentIndex()
        role, actor = self.roles.role_at(index), self.roles.actor_at(index)
        if role is not None and actor is not None:
            self.remove_actor_requested.emit(role, actor)
