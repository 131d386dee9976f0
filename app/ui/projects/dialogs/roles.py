"""Add a user or a group to a project role."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QWidget

from app.ui.kit.forms import FormDialog, FormError
from app.ui.kit.pickers import GroupPicker, GroupSearch, UserPicker, UserSearch

__all__ = ["ActorsToAdd", "AddActorsDialog"]


@dataclass(frozen=True, slots=True)
class ActorsToAdd:
    """Users and groups to add to a role."""

    users: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


class AddActorsDialog(FormDialog):
    """Add a user or a group to a project role."""

    def __init__(
        self, role_name: str, users: UserSearch, groups: GroupSearch, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Add to {role_name}", "Add", parent)
        self.kind = self.add_field("Add a", QComboBox(self))
        self.kind.addItem("User", "user")
        self.kind.addItem("Group", "group")
        self.user = self.add_field("User", UserPicker(users, self), "user")
        self.group = self.add_field("Group", GroupPicker(groups, self), "group")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        is_user = self.kind.currentData() == "user"
        for widget, shown in ((self.user, is_user), (self.group, not is_user)):
            row = self.holders[widget]
            row.setVisible(shown)
            label = self.form.labelForField(row)
            if label is not None:
                label.setVisible(shown)

    def read_form(self) -> ActorsToAdd:
        """The user or group to add."""
        if self.kind.currentData() == "user":
            if self.user.value is None:
                raise FormError({"user": "Choose a user from the list."})
            return ActorsToAdd(users=(self.user.value.id,))
        group = self.group.value or self.group.text().strip()
        if not group:
            raise FormError({"group": "Choose a group."})
        return ActorsToAdd(groups=(group,))
