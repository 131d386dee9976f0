"""The Permissions pane's dialogs: a scheme's name and description (new, copy, edit), a holder
column to add to the matrix, and assigning a scheme to projects with what each gains and loses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.permission import Holder, HolderType
from app.domain.permission_diff import AssignmentPreview
from app.qtmodels.permission_tables import PreviewRow, preview_model
from app.qtmodels.record_table import RECORD_ROLE
from app.ui.kit.forms import FieldError, FormDialog, FormError, required
from app.ui.kit.pickers import GroupPicker, GroupSearch, UserPicker, UserSearch
from app.ui.kit.tables import configure_rows, fit_columns
from app.ui.kit.text import ToneLabel, plain_label, plain_tooltip

__all__ = ["AssignDialog", "HolderDialog", "SchemeDialog", "SchemeForm"]


@dataclass(frozen=True, slots=True)
class SchemeForm:
    """A scheme's name and description as typed."""

    name: str
    description: str


class SchemeDialog(FormDialog):
    """Name and description of a new, copied or edited scheme."""

    def __init__(
        self,
        title: str,
        ok_text: str,
        name: str = "",
        description: str = "",
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, ok_text, parent)
        if note:
            label = plain_label(note, self)
            label.setWordWrap(True)
            self.form.addRow(label)
        self.name = self.add_field("Name:", QLineEdit(name, self), "name")
        self.description = self.add_field(
            "Description:", QPlainTextEdit(description, self), "description"
        )
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().height() * 5)

    def read_form(self) -> SchemeForm:
        """The name (required) and description."""
        errors: dict[str, str] = {}
        name = required(self.name, "name", "A name", errors)
        if errors:
            raise FormError(errors)
        return SchemeForm(name, self.description.toPlainText().strip())


async def _nothing(_text: str) -> list[Any]:
    """No site to search: no suggestions (the id is typed)."""
    return []


# holder types a column can be added for, and what their parameter is
HOLDER_KINDS: tuple[tuple[str, str, str], ...] = (
    (HolderType.GROUP, "Group", "group name"),
    (HolderType.PROJECT_ROLE, "Project role", "role id"),
    (HolderType.USER, "Single user", "user id (accountId on Cloud, username on Data Center)"),
    (HolderType.APPLICATION_ROLE, "Application access", "application (empty: any logged-in user)"),
    (HolderType.USER_CUSTOM_FIELD, "User custom field", "custom field id"),
    (HolderType.GROUP_CUSTOM_FIELD, "Group custom field", "custom field id"),
    (HolderType.REPORTER, "Reporter", ""),
    (HolderType.ASSIGNEE, "Current assignee", ""),
    (HolderType.PROJECT_LEAD, "Project lead", ""),
    (HolderType.ANYONE, "Anyone", ""),
)


class HolderDialog(QDialog):
    """Pick a holder for a new matrix column: one the site's schemes use, or a typed one."""

    chosen = Signal(object)  # Holder

    def __init__(
        self,
        known: Sequence[Holder],
        search_users: UserSearch | None = None,
        search_groups: GroupSearch | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add holder column")
        self.setModal(True)
        self.known = QComboBox(self)
        self.known.addItem("(type one below)", None)
        for holder in known:
            self.known.addItem(holder.label, holder)
        self.kind = QComboBox(self)
        for value, text, _hint in HOLDER_KINDS:
            self.kind.addItem(text, value)
        self.parameter = QLineEdit(self)
        self.groups = GroupPicker(search_groups or _nothing, self)
        self.users = UserPicker(search_users or _nothing, self)
        self.editors = QStackedWidget(self)
        for editor in (self.parameter, self.groups, self.users):
            self.editors.addWidget(editor)
        self.error = FieldError(self)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("A holder another scheme of the site uses:", self))
        layout.addWidget(self.known)
        layout.addWidget(plain_label("Or a holder of this type:", self))
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.editors, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._kind_changed()

    def _kind_changed(self) -> None:
        hint = HOLDER_KINDS[self.kind.currentIndex()][2]
        kind = self.kind.currentData()
        editor = (
            self.groups
            if kind == HolderType.GROUP
            else self.users
            if kind == HolderType.USER
            else self.parameter
        )
        self.editors.setCurrentWidget(editor)
        self.parameter.setEnabled(bool(hint))
        self.parameter.setPlaceholderText(hint)

    def _accept(self) -> None:
        known = self.known.currentData()
        if isinstance(known, Holder):
            self.chosen.emit(known)
            self.accept()
            return
        kind = str(self.kind.currentData())
        editor = self.editors.currentWidget()
        parameter = editor.text().strip() if isinstance(editor, QLineEdit) else ""
        display = ""
        if editor is self.users and self.users.value is not None:
            parameter, display = self.users.value.id, self.users.value.display_name
        needs = bool(HOLDER_KINDS[self.kind.currentIndex()][2])
        if needs and not parameter and kind != HolderType.APPLICATION_ROLE:
            self.error.show_text(
                "Type the holder's " + HOLDER_KINDS[self.kind.currentIndex()][2] + "."
            )
            return
        self.chosen.emit(Holder(kind, parameter or None, display))
        self.accept()


class AssignDialog(QDialog):
    """Choose projects, see what each gains and loses, then assign the scheme to them."""

    projects_changed = Signal()
    assign_requested = Signal()
    stop_requested = Signal()

    def __init__(
        self,
        scheme_name: str,
        projects: Sequence[tuple[str, str, str, bool]],
        names: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        """``projects``: (key, name, the name of the scheme it uses now, whether that is this
        scheme); ``names``: permission key → name."""
        super().__init__(parent)
        self.names = names
        self.setWindowTitle(f"Assign {scheme_name}")
        self.setModal(True)
        self.resize(1000, 560)
        self.running = False
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter projects")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.projects = QListWidget(self)
        self.projects.setAccessibleName("Projects")
        for key, name, current, uses_it in projects:
            item = QListWidgetItem(f"{key} — {name}  (uses {current})", self.projects)
            item.setToolTip(plain_tooltip(f"{key} — {name}\nUses {current} now") or "")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setCheckState(Qt.CheckState.Unchecked)
            if uses_it:
                # it uses this scheme already: nothing to assign
                item.setText(f"{key} — {name}  (uses it already)")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        self.projects.itemChanged.connect(lambda _item: self.projects_changed.emit())
        self.previews = preview_model(self)
        self.table = QTableView(self)
        self.table.setAccessibleName("What each project gains and loses")
        self.table.setModel(self.previews)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        configure_rows(self.table)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("Grants gained and lost")
        self.detail.setPlaceholderText(
            "Select a project above to see every grant it gains and loses."
        )
        self.status = ToneLabel("Check the projects to assign.", self)
        self.assign_button = QPushButton("Assign", self)
        self.assign_button.setEnabled(False)
        self.assign_button.clicked.connect(self._assign_clicked)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.projects, 1)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.table)
        right.addWidget(self.detail)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([400, 600])
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.assign_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def checked_keys(self) -> list[str]:
        """The keys of the projects checked."""
        return [
            str(self.projects.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.projects.count())
            if self.projects.item(row).checkState() == Qt.CheckState.Checked
        ]

    def check(self, keys: Sequence[str]) -> None:
        """Check the projects ``keys``."""
        for row in range(self.projects.count()):
            item = self.projects.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in keys and item.flags() & (
                Qt.ItemFlag.ItemIsEnabled
            ):
                item.setCheckState(Qt.CheckState.Checked)

    def show_previews(self, rows: Sequence[PreviewRow]) -> None:
        """What each checked project gains and loses (and, after assigning, the outcomes)."""
        current = self.table.currentIndex().row()
        self.previews.set_records(rows)
        if rows:
            fit_columns(self.table, maximum=260)
            self.table.selectRow(min(max(current, 0), len(rows) - 1))
        else:
            self.detail.clear()
        self.assign_button.setEnabled(bool(rows) and not self.running)

    def set_running(self, running: bool) -> None:
        """While assigning: Assign becomes Stop and the choice is frozen."""
        self.running = running
        self.projects.setEnabled(not running)
        self.assign_button.setText("Stop" if running else "Assign")
        self.assign_button.setEnabled(True if running else bool(self.previews.records))

    def reject(self) -> None:
        """Close while assigning stops after the request in flight instead."""
        if self.running:
            self.stop_requested.emit()
            return
        super().reject()

    def _assign_clicked(self) -> None:
        if self.running:
            self.stop_requested.emit()
        else:
            self.assign_requested.emit()

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.projects.count()):
            item = self.projects.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = current.data(RECORD_ROLE)
        if not isinstance(record, PreviewRow):
            self.detail.clear()
            return
        self.detail.setPlainText(preview_text(record.preview, self.names))


def preview_text(preview: AssignmentPreview, names: Mapping[str, str]) -> str:
    """Every grant a project gains and loses, one per line."""
    if preview.unchanged:
        return f"{preview.project_key}: nothing changes (the two schemes grant the same)."
    lines = [f"{preview.project_key} gains {len(preview.gains)}, loses {len(preview.loses)}:"]
    lines += [
        f"+ {names.get(c.permission, c.permission)} — {c.holder.label}" for c in preview.gains
    ]
    lines += [
        f"- {names.get(c.permission, c.permission)} — {c.holder.label}" for c in preview.loses
    ]
    return "\n".join(lines)
