"""The Who can tab: who holds a permission in a project and through what; or, the reverse, what a
user holds in a project and why.

Users are listed with every path (``group:jira-developers``, ``role:Developers/group:qa``,
``user``, ``lead``); holders that depend on the issue (reporter, assignee, custom fields) and
"anyone" are conditions, listed apart under the table.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.permission_access import UserAccess, WhoCan
from app.domain.site import UserRef
from app.domain.wording import counted
from app.qtmodels.permission_tables import (
    UserPermissionRow,
    user_permission_model,
    who_can_model,
)
from app.ui.kit.pickers import UserPicker, UserSearch
from app.ui.kit.tables import configure_rows, fit_columns
from app.ui.kit.text import Tone, ToneLabel

__all__ = ["USER_MODE", "WHO_MODE", "WhoCanView"]

WHO_MODE = "who"
USER_MODE = "user"


def _table(parent: QWidget, name: str) -> QTableView:
    table = QTableView(parent)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    configure_rows(table)
    return table


class WhoCanView(QWidget):
    """Ask "who can" (project + permission) or "what can" (project + user); show the answer."""

    ask_requested = Signal()
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox(self)
        self.mode.addItem("Who holds a permission in a project", WHO_MODE)
        self.mode.addItem("What a user holds in a project", USER_MODE)
        self.mode.setAccessibleName("Question")
        self.project = QComboBox(self)
        self.project.setAccessibleName("Project")
        self.project.setMinimumContentsLength(28)
        self.project.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.permission = QComboBox(self)
        self.permission.setAccessibleName("Permission")
        self.permission.setMinimumContentsLength(28)
        self.permission.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.search_users: UserSearch | None = None  # the site's user search, once connected
        self.user = UserPicker(self._search, self)
        self.user.setAccessibleName("User")
        self.user.returnPressed.connect(self.ask_requested)
        self.ask_button = QPushButton("Ask", self)
        self.ask_button.clicked.connect(self.ask_requested)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.clicked.connect(self.export_requested)
        self.export_button.setEnabled(False)
        self.form = QFormLayout()
        self.form.addRow("Question:", self.mode)
        self.form.addRow("Project:", self.project)
        self.form.addRow("Permission:", self.permission)
        self.form.addRow("User:", self.user)
        self.mode.currentIndexChanged.connect(lambda _i: self._mode_changed())
        buttons = QHBoxLayout()
        buttons.addWidget(self.ask_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        self.answer = ToneLabel("", self)
        self.answer.setObjectName("whoCanAnswer")
        self.users = who_can_model(self)
        self.users_table = _table(self, "Users")
        self.users_table.setModel(self.users)
        self.held = user_permission_model(self)
        self.held_table = _table(self, "Permissions held")
        self.held_table.setModel(self.held)
        self.tables = QStackedWidget(self)
        self.tables.addWidget(self.users_table)
        self.tables.addWidget(self.held_table)
        self.conditions = ToneLabel("", self)
        self.conditions.setObjectName("whoCanConditions")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.answer)
        layout.addWidget(self.tables, 1)
        layout.addWidget(self.conditions)
        self.last: WhoCan | tuple[UserPermissionRow, ...] | None = None
        self._mode_changed()

    # ----- what the controller calls -------------------------------------------------------------
    def set_choices(
        self,
        projects: Sequence[tuple[str, str]],
        permissions: Sequence[tuple[str, str]],
        user_hint: str,
    ) -> None:
        """Projects (key, name), permissions (key, name), and what a user id is on this site."""
        for combo, items, label in (
            (self.project, projects, lambda k, n: f"{k} — {n}"),
            (self.permission, permissions, lambda _k, n: n),
        ):
            previous = combo.currentData()
            combo.clear()
            for key, name in items:
                combo.addItem(label(key, name), key)
            index = combo.findData(previous)
            combo.setCurrentIndex(max(index, 0))
        self.user.setPlaceholderText(f"Type a name, or the {user_hint}")

    def user_id(self) -> str:
        """The user picked (their id), or the id typed."""
        picked = self.user.value
        return picked.id if picked is not None else self.user.text().strip()

    def clear(self) -> None:
        """Forget the answer shown (another site is shown)."""
        self.last = None
        self.users.set_records([])
        self.held.set_records([])
        self.answer.setText("")
        self.answer.set_tone(Tone.PLAIN)
        self.conditions.setText("")
        self.user.set_value(None)
        self.export_button.setEnabled(False)

    def current_mode(self) -> str:
        """WHO_MODE or USER_MODE."""
        return str(self.mode.currentData())

    def show_busy(self, text: str) -> None:
        """Say what is being resolved."""
        self.answer.setText(text)
        self.answer.set_tone(Tone.PLAIN)
        self.export_button.setEnabled(False)

    def show_error(self, text: str) -> None:
        """Jira's refusal, where the answer would be."""
        self.answer.setText(text)
        self.answer.set_tone(Tone.ERROR)

    def show_who(self, answer: WhoCan, permission_name: str, scheme_name: str = "") -> None:
        """Users who hold the permission (with paths) and the conditions apart."""
        self.last = answer
        self.tables.setCurrentWidget(self.users_table)
        self.users.set_records(list(answer.users))
        self.answer.set_tone(Tone.PLAIN)
        self.answer.setText(
            f"{counted(len(answer.users), 'user')} {'holds' if len(answer.users) == 1 else 'hold'}"
            f" {permission_name} in {answer.project_key}"
            + (f" (through {scheme_name})." if scheme_name else ".")
        )
        notes = []
        if answer.conditions:
            notes.append("Also, on issues where: " + ", ".join(answer.conditions) + ".")
        if answer.empty_groups:
            notes.append("Granted groups with no member: " + ", ".join(answer.empty_groups) + ".")
        if answer.unknown:
            notes.append("Not known to the site: " + ", ".join(answer.unknown) + ".")
        self.conditions.setText("\n".join(notes) or "No condition grants it.")
        if answer.users:
            fit_columns(self.users_table, maximum=320)
        self.export_button.setEnabled(True)

    def show_user(self, user: str, project: str, rows: tuple[UserPermissionRow, ...]) -> None:
        """What ``user`` holds in ``project``, and why."""
        self.last = rows
        self.tables.setCurrentWidget(self.held_table)
        self.held.set_records(list(rows))
        held = sum(r.held.held for r in rows)
        self.answer.set_tone(Tone.PLAIN)
        self.answer.setText(
            f"{user} holds {held} permission(s) in {project}; "
            f"{len(rows) - held} more only on some issues."
        )
        self.conditions.setText("")
        if rows:
            fit_columns(self.held_table, maximum=320)
        self.export_button.setEnabled(True)

    def users_shown(self) -> list[UserAccess]:
        """The users of the last "who can" answer."""
        return self.users.records

    # ----- internals -----------------------------------------------------------------------------------
    async def _search(self, text: str) -> Sequence[UserRef]:
        search = self.search_users
        return await search(text) if search is not None else []

    def _mode_changed(self) -> None:
        who = self.current_mode() == WHO_MODE
        self.form.setRowVisible(self.permission, who)
        self.form.setRowVisible(self.user, not who)
        self.tables.setCurrentWidget(self.users_table if who else self.held_table)
