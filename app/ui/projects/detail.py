"""The detail area of the projects pane: Overview, Components, Versions, Roles and Schemes tabs.

Layout and form state only: actions are signals, data comes in through ``show_detail``; the
projects controller does the work. Actions the user may not take are disabled, with the
reason as tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.project import (
    UNSET,
    AssigneeType,
    Category,
    Component,
    PermissionSchemeRef,
    ProjectChanges,
    ProjectDetail,
    Version,
    VersionPosition,
)
from app.domain.site import UserRef
from app.qtmodels.project_parts import RoleTreeModel, component_model, version_model
from app.ui.kit.forms import FieldError
from app.ui.kit.pickers import UserPicker, UserSearch
from app.ui.kit.text import plain_label

__all__ = ["DetailPermissions", "ProjectDetailView"]

_TYPE_LABELS = {
    "software": "Software",
    "business": "Business",
    "service_desk": "Service management",
}


@dataclass(frozen=True, slots=True)
class DetailPermissions:
    """What the user may do here; a reason explains each "no" (shown as tooltip)."""

    edit_project: bool = False
    delete_project: bool = False
    reason_edit: str = ""
    reason_delete: str = ""


def _table(parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setStretchLastSection(True)
    return table


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
        self.tabs = QTabWidget(body)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._overview_tab(users), "Overview")
        self.tabs.addTab(self._components_tab(), "Components")
        self.tabs.addTab(self._versions_tab(), "Versions")
        self.tabs.addTab(self._roles_tab(), "Roles")
        self.tabs.addTab(self._schemes_tab(), "Schemes")
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
        save.activated.connect(self._save)

    # ----- tabs --------------------------------------------------------------------------------------
    def _overview_tab(self, users: UserSearch) -> QWidget:
        tab = QWidget(self)
        self.name = QLineEdit(tab)
        self.key = QLineEdit(tab)
        self.key.setReadOnly(True)
        self.type_label = plain_label("", tab)
        self.lead = UserPicker(users, tab)
        self.category = QComboBox(tab)
        self.assignee = QComboBox(tab)
        self.assignee.addItem("Project lead", AssigneeType.PROJECT_LEAD)
        self.assignee.addItem("Unassigned", AssigneeType.UNASSIGNED)
        self.url = QLineEdit(tab)
        self.url.setPlaceholderText("https://… (optional)")
        self.description = QPlainTextEdit(tab)
        self.description.setTabChangesFocus(True)
        self.field_errors: dict[str, FieldError] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, QWidget, tuple[str, ...]]] = [
            ("Name", self.name, ("projectName", "name")),
            ("Key", self.key, ("projectKey", "key")),
            ("Type", self.type_label, ("projectTypeKey",)),
            ("Lead", self.lead, ("projectLead", "lead", "leadAccountId")),
            ("Category", self.category, ("categoryId",)),
            ("Default assignee", self.assignee, ("assigneeType",)),
            ("URL", self.url, ("url",)),
            ("Description", self.description, ("description",)),
        ]
        for label, widget, keys in rows:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            error = FieldError(tab)
            box.addWidget(error)
            for key in keys:
                self.field_errors[key] = error
            form.addRow(label, box)
        self.overview_error = FieldError(tab)
        self.revert_button = QPushButton("Revert", tab)
        self.revert_button.clicked.connect(self._fill_overview)
        self.save_button = QPushButton("Save", tab)
        self.save_button.setToolTip("Save the overview (Ctrl+S)")
        self.save_button.clicked.connect(self._save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.overview_error, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(tab)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return tab

    def _components_tab(self) -> QWidget:
        tab = QWidget(self)
        self.components = component_model(tab)
        self.component_table = _table(tab)
        self.component_table.setModel(self.components)
        self.component_table.doubleClicked.connect(self._edit_component)
        self.add_component = QPushButton("Add…", tab)
        self.edit_component = QPushButton("Edit…", tab)
        self.remove_component = QPushButton("Delete…", tab)
        self.add_component.clicked.connect(self.add_component_requested.emit)
        self.edit_component.clicked.connect(
            lambda: self._edit_component(self.component_table.currentIndex())
        )
        self.remove_component.clicked.connect(self._delete_component)
        self.component_buttons = (self.add_component, self.edit_component, self.remove_component)
        return self._list_tab(tab, self.component_table, self.component_buttons)

    def _versions_tab(self) -> QWidget:
        tab = QWidget(self)
        self.versions = version_model(tab)
        self.version_table = _table(tab)
        self.version_table.setModel(self.versions)
        self.version_table.doubleClicked.connect(self._edit_version)
        self.add_version = QPushButton("Add…", tab)
        self.edit_version = QPushButton("Edit…", tab)
        self.release_version = QPushButton("Release", tab)
        self.archive_version = QPushButton("Archive", tab)
        self.version_up = QPushButton("Move up", tab)
        self.version_down = QPushButton("Move down", tab)
        self.remove_version = QPushButton("Delete…", tab)
        self.add_version.clicked.connect(self.add_version_requested.emit)
        self.edit_version.clicked.connect(
            lambda: self._edit_version(self.version_table.currentIndex())
        )
        self.release_version.clicked.connect(lambda: self._version_action(self.release_requested))
        self.archive_version.clicked.connect(lambda: self._version_action(self.archive_requested))
        self.version_up.clicked.connect(lambda: self._move_version(VersionPosition.EARLIER))
        self.version_down.clicked.connect(lambda: self._move_version(VersionPosition.LATER))
        self.remove_version.clicked.connect(
            lambda: self._version_action(self.delete_version_requested)
        )
        self.version_table.selectionModel().currentRowChanged.connect(self._version_selected)
        self.version_buttons = (
            self.add_version,
            self.edit_version,
            self.release_version,
            self.archive_version,
            self.version_up,
            self.version_down,
            self.remove_version,
        )
        return self._list_tab(tab, self.version_table, self.version_buttons)

    def _roles_tab(self) -> QWidget:
        tab = QWidget(self)
        self.roles = RoleTreeModel(tab)
        self.role_tree = QTreeView(tab)
        self.role_tree.setModel(self.roles)
        self.role_tree.setUniformRowHeights(True)
        self.role_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.role_tree.header().setStretchLastSection(False)
        self.add_actor = QPushButton("Add member…", tab)
        self.remove_actor = QPushButton("Remove", tab)
        self.add_actor.clicked.connect(self._add_actor)
        self.remove_actor.clicked.connect(self._remove_actor)
        self.role_buttons = (self.add_actor, self.remove_actor)
        return self._list_tab(tab, self.role_tree, self.role_buttons)

    def _schemes_tab(self) -> QWidget:
        tab = QWidget(self)
        self.scheme_label = plain_label("", tab)
        self.scheme_label.setWordWrap(True)
        self.open_scheme = QPushButton("Open in the Permissions pane", tab)
        self.open_scheme.clicked.connect(self._open_scheme)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.scheme_label)
        layout.addWidget(self.open_scheme, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return tab

    def _list_tab(self, tab: QWidget, view: QWidget, buttons: tuple[QPushButton, ...]) -> QWidget:
        # buttons in a column beside the list keep the detail area narrow
        column = QVBoxLayout()
        for button in buttons:
            column.addWidget(button)
        column.addStretch(1)
        layout = QHBoxLayout(tab)
        layout.addWidget(view, 1)
        layout.addLayout(column)
        return tab

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
        if not same_project:
            self._fill_overview()
        self.components.set_records(detail.components)
        self.versions.set_records(detail.versions)
        self.roles.set_roles(detail.roles)
        self.role_tree.expandAll()
        scheme = detail.permission_scheme
        self.scheme_label.setText(
            f"Permission scheme: {scheme.name}"
            + (f"\n{scheme.description}" if scheme.description else "")
            if scheme
            else "This project's permission scheme is not visible to you."
        )
        self.open_scheme.setEnabled(scheme is not None)
        self._version_selected()
        self._apply_permissions()

    def set_permissions(self, permissions: DetailPermissions) -> None:
        """Enable what the user may do; disabled actions say why in their tooltip."""
        self.permissions = permissions
        self._apply_permissions()

    def show_save_errors(self, errors: dict[str, str], general: str = "") -> None:
        """Errors of a failed save next to their fields; the typed values stay."""
        shown: dict[FieldError, list[str]] = {}
        rest = [general] if general else []
        for key, text in errors.items():
            if key in self.field_errors:
                shown.setdefault(self.field_errors[key], []).append(text)
            else:
                rest.append(text)
        for error in set(self.field_errors.values()):
            error.show_text(" ".join(shown.get(error, [])))
        self.overview_error.show_text(" ".join(rest))
        self.save_button.setEnabled(self.permissions.edit_project)

    def saved(self, detail: ProjectDetail) -> None:
        """The overview was saved: show what Jira now holds."""
        self.detail = None
        self.show_detail(detail, self._categories)
        self.show_save_errors({})

    # ----- form --------------------------------------------------------------------------------------
    def _fill_overview(self) -> None:
        if self.detail is None:
            return
        project = self.detail.project
        self.name.setText(project.name)
        self.key.setText(project.key)
        self.type_label.setText(_TYPE_LABELS.get(project.project_type, project.project_type))
        self.lead.set_value(project.lead)
        self.category.clear()
        self.category.addItem("(none)", None)
        for category in self._categories:
            self.category.addItem(category.name, category.id)
        if project.category_id is not None and self.category.findData(project.category_id) < 0:
            # a category created after the list was loaded: show it rather than "(none)"
            self.category.addItem(project.category or project.category_id, project.category_id)
        self.category.setCurrentIndex(max(0, self.category.findData(project.category_id)))
        self.assignee.setCurrentIndex(max(0, self.assignee.findData(self.detail.assignee_type)))
        self.url.setText(project.url)
        self.description.setPlainText(project.description)
        self.show_save_errors({})

    def form_changes(self) -> ProjectChanges:
        """The overview edits compared with what was loaded (unchanged fields are left out)."""
        if self.detail is None:
            return ProjectChanges()
        project = self.detail.project
        name = self.name.text().strip()
        lead: UserRef | None = self.lead.value
        category = self.category.currentData()
        # Qt hands enum data back as plain str
        assignee = AssigneeType(self.assignee.currentData())
        description = self.description.toPlainText()
        # QPlainTextEdit turns Jira's CRLF into LF: compare without line-ending noise
        same_text = description == project.description.replace("\r\n", "\n")
        return ProjectChanges(
            name=name if name != project.name else None,
            description=None if same_text else description,
            lead=lead.id if lead is not None and lead != project.lead else None,
            url=self.url.text().strip() if self.url.text().strip() != project.url else None,
            assignee_type=assignee if assignee != self.detail.assignee_type else None,
            category_id=category if category != project.category_id else UNSET,
        )

    def _save(self) -> None:
        if self.detail is None or not self.permissions.edit_project:
            return
        errors: dict[str, str] = {}
        if not self.name.text().strip():
            errors["name"] = "A project needs a name."
        if not self.lead.text().strip():
            errors["lead"] = "A project needs a lead."
        elif self.lead.value is None:
            errors["lead"] = "Choose the lead from the list."
        if errors:
            self.show_save_errors(errors)
            return
        changes = self.form_changes()
        if changes == ProjectChanges():
            self.show_save_errors({}, "Nothing changed.")
            return
        self.save_button.setEnabled(False)
        self.overview_error.show_text("")
        self.save_requested.emit(changes)

    # ----- list actions ------------------------------------------------------------------------------
    def _edit_component(self, index: QModelIndex) -> None:
        if index.isValid() and self.permissions.edit_project:
            self.edit_component_requested.emit(self.components.record_at(index.row()))

    def _delete_component(self) -> None:
        index = self.component_table.currentIndex()
        if index.isValid():
            self.delete_component_requested.emit(self.components.record_at(index.row()))

    def _edit_version(self, index: QModelIndex) -> None:
        if index.isValid() and self.permissions.edit_project:
            self.edit_version_requested.emit(self.versions.record_at(index.row()))

    def current_version(self) -> Version | None:
        """The selected version."""
        index = self.version_table.currentIndex()
        return self.versions.record_at(index.row()) if index.isValid() else None

    def current_component(self) -> Component | None:
        """The selected component."""
        index = self.component_table.currentIndex()
        return self.components.record_at(index.row()) if index.isValid() else None

    def _version_action(self, signal: SignalInstance) -> None:
        version = self.current_version()
        if version is not None:
            signal.emit(version)

    def _move_version(self, position: VersionPosition) -> None:
        version = self.current_version()
        if version is not None:
            self.move_version_requested.emit(version, position)

    def _version_selected(self, *_: object) -> None:
        version = self.current_version()
        self.release_version.setText("Unrelease" if version and version.released else "Release")
        self.archive_version.setText("Unarchive" if version and version.archived else "Archive")
        self._apply_permissions()

    def select_version(self, version_id: str) -> None:
        """Keep a version selected after the list changed."""
        for row, version in enumerate(self.versions.records):
            if version.id == version_id:
                self.version_table.selectRow(row)
                return

    def _add_actor(self) -> None:
        role = self.roles.role_at(self.role_tree.currentIndex())
        if role is None and self.roles.rowCount():
            role = self.roles.role_at(self.roles.index(0, 0))
        if role is not None:
            self.add_actors_requested.emit(role)

    def _remove_actor(self) -> None:
        index = self.role_tree.currentIndex()
        role, actor = self.roles.role_at(index), self.roles.actor_at(index)
        if role is not None and actor is not None:
            self.remove_actor_requested.emit(role, actor)

    def _open_scheme(self) -> None:
        if self.detail is not None and self.detail.permission_scheme is not None:
            scheme: PermissionSchemeRef = self.detail.permission_scheme
            self.open_scheme_requested.emit(scheme)

    def _apply_permissions(self) -> None:
        allowed = self.permissions.edit_project
        reason = self.permissions.reason_edit
        editable: list[QWidget] = [
            self.name,
            self.lead,
            self.category,
            self.assignee,
            self.url,
            self.description,
            self.save_button,
            self.revert_button,
            *self.component_buttons,
            *self.version_buttons,
            *self.role_buttons,
        ]
        has_version = self.current_version() is not None
        for widget in editable:
            needs_row = widget in (
                self.edit_version,
                self.release_version,
                self.archive_version,
                self.version_up,
                self.version_down,
                self.remove_version,
            )
            widget.setEnabled(allowed and (has_version or not needs_row))
            widget.setToolTip("" if allowed else reason)
        self.delete_button.setEnabled(self.permissions.delete_project)
        self.delete_button.setToolTip(
            "" if self.permissions.delete_project else self.permissions.reason_delete
        )
