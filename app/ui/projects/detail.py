"""The detail area of the projects pane: Overview, Components, Versions, Roles and Schemes tabs.

Layout and form state only: actions are signals, data comes in through ``show_detail``; the
projects controller does the work. Actions the user may not take are disabled, with the
reason as tooltip. Each tab lives in its own module under ``tabs/``; the widgets the
controller and the tests address keep their names here.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.project import Category, Component, ProjectChanges, ProjectDetail, Version
from app.ui.kit.pickers import UserSearch
from app.ui.kit.text import plain_label
from app.ui.projects.tabs.components import ComponentsTab
from app.ui.projects.tabs.overview import OverviewTab
from app.ui.projects.tabs.roles import RolesTab
from app.ui.projects.tabs.schemes import SchemesTab
from app.ui.projects.tabs.versions import VersionsTab

__all__ = ["DetailPermissions", "ProjectDetailView"]


@dataclass(frozen=True, slots=True)
class DetailPermissions:
    """What the user may do here; a reason explains each "no", or why a "yes" is a guess."""

    edit_project: bool = False
    delete_project: bool = False
    reason_edit: str = ""
    reason_delete: str = ""


class ProjectDetailView(QWidget):
    """Tabs for one project; an empty state until a project is selected."""

    save_requested = Signal(object)  # ProjectChanges
    delete_project_requested = Signal()
    add_component_requested = Signal()
    edit_component_requested = Signal(object)  # Component
    delete_component_requested = Signal(object)  # Component
    add_version_requested = Signal()
    edit_version_requested = Signal(object)  # Version
    release_requested = Signal(object)  # Version (toggles released)
    archive_requested = Signal(object)  # Version (toggles archived)
    move_version_requested = Signal(object, object)  # Version, VersionPosition
    delete_version_requested = Signal(object)  # Version
    add_actors_requested = Signal(object)  # ProjectRole
    remove_actor_requested = Signal(object, object)  # ProjectRole, RoleActor
    open_scheme_requested = Signal(object)  # PermissionSchemeRef

    def __init__(self, users: UserSearch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectDetail")
        self.detail: ProjectDetail | None = None
        self.permissions = DetailPermissions()
        self._categories: list[Category] = []
        self.pages = QStackedWidget(self)
        self.empty = plain_label("Select a project to see and change its settings.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setMargin(16)
        self.empty.setEnabled(False)
        body = QWidget(self)
        self.title = plain_label("", body)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.delete_button = QPushButton("Delete project…", body)
        self.delete_button.clicked.connect(self.delete_project_requested.emit)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.delete_button)

        self.overview_tab = OverviewTab(users, body)
        self.components_tab = ComponentsTab(body)
        self.versions_tab = VersionsTab(body)
        self.roles_tab = RolesTab(body)
        self.schemes_tab = SchemesTab(body)
        self.tabs = QTabWidget(body)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.overview_tab, "Overview")
        self.tabs.addTab(self.components_tab, "Components")
        self.tabs.addTab(self.versions_tab, "Versions")
        self.tabs.addTab(self.roles_tab, "Roles")
        self.tabs.addTab(self.schemes_tab, "Schemes")
        # Five short titles: all of them readable beats scroll arrows and "Sch…". Without
        # scroll buttons the tab bar's minimum width is all its tabs, and that minimum
        # reaches the pane's splitter, which then never makes the detail narrower.
        self.tabs.tabBar().setUsesScrollButtons(False)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self._forward_tab_signals()
        self._name_tab_widgets()

        column = QVBoxLayout(body)
        column.setContentsMargins(8, 8, 8, 8)
        column.addLayout(head)
        column.addWidget(self.tabs, 1)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.overview_tab.save)

    def _forward_tab_signals(self) -> None:
        self.overview_tab.save_requested.connect(self.save_requested)
        self.components_tab.add_requested.connect(self.add_component_requested)
        self.components_tab.edit_requested.connect(self.edit_component_requested)
        self.components_tab.delete_requested.connect(self.delete_component_requested)
        self.versions_tab.add_requested.connect(self.add_version_requested)
        self.versions_tab.edit_requested.connect(self.edit_version_requested)
        self.versions_tab.release_requested.connect(self.release_requested)
        self.versions_tab.archive_requested.connect(self.archive_requested)
        self.versions_tab.move_requested.connect(self.move_version_requested)
        self.versions_tab.delete_requested.connect(self.delete_version_requested)
        self.roles_tab.add_actors_requested.connect(self.add_actors_requested)
        self.roles_tab.remove_actor_requested.connect(self.remove_actor_requested)
        self.schemes_tab.open_requested.connect(self.open_scheme_requested)

    def _name_tab_widgets(self) -> None:
        # the names the controller and the tests used before the tabs had modules of their own
        overview = self.overview_tab
        self.name, self.key, self.type_label = overview.name, overview.key, overview.type_label
        self.lead, self.category, self.assignee = (
            overview.lead,
            overview.category,
            overview.assignee,
        )
        self.url, self.description = overview.url, overview.description
        self.field_errors, self.overview_error = overview.field_errors, overview.overview_error
        self.save_button, self.revert_button = overview.save_button, overview.revert_button
        components = self.components_tab
        self.components, self.component_table = components.components, components.table
        self.add_component = components.add_button
        self.edit_component = components.edit_button
        self.remove_component = components.delete_button
        self.component_buttons = components.buttons
        versions = self.versions_tab
        self.versions, self.version_table = versions.versions, versions.table
        self.add_version, self.edit_version = versions.add_button, versions.edit_button
        self.release_version, self.archive_version = (
            versions.release_button,
            versions.archive_button,
        )
        self.version_up, self.version_down = versions.up_button, versions.down_button
        self.remove_version = versions.delete_button
        self.version_buttons = versions.buttons
        roles = self.roles_tab
        self.roles, self.role_tree = roles.roles, roles.tree
        self.add_actor, self.remove_actor = roles.add_button, roles.remove_button
        self.role_buttons = roles.buttons
        self.scheme_label, self.open_scheme = self.schemes_tab.label, self.schemes_tab.open_button

    # ----- what the controller calls -----------------------------------------------------------------
    def clear(self) -> None:
        """Show the empty state."""
        self.show_message("Select a project to see and change its settings.")

    def show_loading(self, key: str) -> None:
        """Say that ``key`` is loading."""
        self.show_message(f"Loading {key}…")

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of a project (loading, or why a project could not be shown)."""
        self.detail = None
        self.empty.setText(text)
        self.pages.setCurrentWidget(self.empty)

    def show_detail(self, detail: ProjectDetail, categories: list[Category]) -> None:
        """Show a project's detail (after loading or after a change)."""
        same_project = self.detail is not None and self.detail.project.key == detail.project.key
        self.detail = detail
        self._categories = categories
        project = detail.project
        self.title.setText(f"{project.key} — {project.name}")
        self.pages.setCurrentIndex(1)
        # the same project again (after a version or role change): keep what is being typed
        self.overview_tab.show_project(detail, categories, refill=not same_project)
        self.components_tab.set_components(detail.components)
        self.versions_tab.set_versions(detail.versions)
        self.roles_tab.set_roles(detail.roles)
        self.schemes_tab.set_scheme(detail.permission_scheme)
        self._apply_permissions()

    def set_permissions(self, permissions: DetailPermissions) -> None:
        """Enable what the user may do; disabled actions say why in their tooltip."""
        self.permissions = permissions
        self._apply_permissions()

    def show_save_errors(self, errors: dict[str, str], general: str = "") -> None:
        """Errors of a failed save next to their fields; the typed values stay."""
        self.overview_tab.show_save_errors(errors, general)

    def saved(self, detail: ProjectDetail) -> None:
        """The overview was saved: show what Jira now holds."""
        self.detail = None
        self.show_detail(detail, self._categories)
        self.show_save_errors({})

    def form_changes(self) -> ProjectChanges:
        """The overview edits compared with what was loaded (unchanged fields are left out)."""
        return self.overview_tab.form_changes()

    def current_version(self) -> Version | None:
        """The selected version."""
        return self.versions_tab.current()

    def current_component(self) -> Component | None:
        """The selected component."""
        return self.components_tab.current()

    def select_version(self, version_id: str) -> None:
        """Keep a version selected after the list changed."""
        self.versions_tab.select(version_id)

    def _apply_permissions(self) -> None:
        allowed, reason = self.permissions.edit_project, self.permissions.reason_edit
        for tab in (self.overview_tab, self.components_tab, self.versions_tab, self.roles_tab):
            tab.set_editable(allowed, reason)
        self.delete_button.setEnabled(self.permissions.delete_project)
        self.delete_button.setToolTip(self.permissions.reason_delete)
