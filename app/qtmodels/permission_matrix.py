"""The grant matrix of one permission scheme: permissions (grouped by category) by holders.

Rows are the site's project permissions under their category (the web UI's groups), plus any
permission the scheme grants that the site did not list; columns are the permission name, then
one column per holder (the scheme's own holders and any the pane adds). A cell is checked where
the permission is granted. Checking or unchecking a cell only stages the change: the model keeps
the checked cells apart from the scheme as Jira holds it, and ``staged()`` is the domain's
``staged_changes`` between the two. Filters hide rows and columns by text; they never drop what
is staged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from app.domain.permission import (
    GrantCell,
    Holder,
    Permission,
    PermissionCategory,
    PermissionScheme,
)
from app.domain.permission_diff import StagedChanges, staged_changes
from app.qtmodels.tooltips import plain_tooltip
from app.qtmodels.two_level import TwoLevelModel

__all__ = ["STAGED_ROLE", "GrantMatrixModel", "holder_header"]

Index = QModelIndex | QPersistentModelIndex
STAGED_ROLE = Qt.ItemDataRole.UserRole + 10  # "add", "delete" or None for a cell


def holder_header(holder: Holder) -> str:
    """A holder's column title: its type over its name (one line for the typeless)."""
    name = holder.display or holder.parameter
    if not name or holder.label == holder.type_label:
        return holder.label
    return f"{holder.type_label}\n{name}"


def _matches(text: str, *fields: str) -> bool:
    needle = text.strip().casefold()
    return not needle or any(needle in f.casefold() for f in fields)


class GrantMatrixModel(TwoLevelModel):
    """Categories, then permissions; a check column per holder; checks are staged, not applied."""

    staged_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scheme: PermissionScheme | None = None
        self.editable = False
        self._permissions: list[Permission] = []
        self._all_holders: list[Holder] = []
        self._checked: set[GrantCell] = set()
        self._held: frozenset[GrantCell] = frozenset()  # what Jira holds
        self._row_filter = ""
        self._column_filter = ""
        self._groups: list[tuple[PermissionCategory, list[Permission]]] = []
        self._holders: list[Holder] = []

    # ----- what the pane pushes in ----------------------------------------------------------------
    def set_scheme(
        self,
        scheme: PermissionScheme | None,
        permissions: Sequence[Permission],
        holders: Iterable[Holder] = (),
        *,
        keep_staged: bool = False,
    ) -> None:
        """Show ``scheme`` (checks = its grants) with every permission and these extra holders.

        ``keep_staged`` keeps the checks of cells the user staged (the scheme read again after
        an apply that did not finish: what was not applied stays staged).
        """
        before = self.staged() if keep_staged and self.scheme is not None else None
        self.beginResetModel()
        self.scheme = scheme
        known = {p.key: p for p in permissions if p.is_project}
        granted = scheme.grants if scheme is not None else ()
        for grant in granted:
            known.setdefault(grant.permission, Permission(grant.permission, grant.permission))
        self._permissions = sorted(known.values(), key=lambda p: (p.name.casefold(), p.key))
        columns = dict.fromkeys((*(g.holder for g in granted), *holders))
        self._all_holders = sorted(columns, key=Holder.sort_key)
        self._held = scheme.cells() if scheme is not None else frozenset()
        self._checked = set(self._held)
        if before is not None:
            self._checked |= set(before.adds)
            self._checked -= {g.cell for g in before.deletes}
            for cell in before.adds:
                if cell.holder not in columns:
                    self._all_holders.append(cell.holder)
        self._refilter()
        self.endResetModel()
        self.staged_changed.emit()

    def add_holder(self, holder: Holder) -> bool:
        """Add a column for ``holder`` (False when it is there already)."""
        if holder in self._all_holders:
            return False
        self.beginResetModel()
        self._all_holders = sorted({*self._all_holders, holder}, key=Holder.sort_key)
        self._refilter()
        self.endResetModel()
        return True

    def set_editable(self, editable: bool) -> None:
        """Whether cells can be checked (the user may administer Jira)."""
        if editable == self.editable:
            return
        self.layoutAboutToBeChanged.emit()  # only the flags change: no index moves
        self.editable = editable
        self.layoutChanged.emit()

    def set_row_filter(self, text: str) -> None:
        """Show only permissions whose name, key or category contains ``text``."""
        self._row_filter = text
        self.beginResetModel()
        self._refilter()
        self.endResetModel()

    def set_column_filter(self, text: str) -> None:
        """Show only holders whose type or name contains ``text``."""
        self._column_filter = text
        self.beginResetModel()
        self._refilter()
        self.endResetModel()

    def discard(self) -> None:
        """Forget every staged change: the checks are the scheme's grants again."""
        self._checked = set(self._held)
        self._cells_changed()

    def set_checked(self, cell: GrantCell, checked: bool) -> None:
        """Stage granting (or removing) ``cell``."""
        if self.scheme is None or (cell in self._checked) == checked:
            return
        if checked:
            self._checked.add(cell)
        else:
            self._checked.discard(cell)
        if cell.holder not in self._all_holders:
            self.add_holder(cell.holder)
        self._cells_changed()

    # ----- what the pane reads --------------------------------------------------------------------
    def staged(self) -> StagedChanges:
        """The adds and deletes that would make Jira hold exactly the checked cells."""
        if self.scheme is None:
            return StagedChanges((), ())
        return staged_changes(self.scheme, self._checked)

    def is_checked(self, cell: GrantCell) -> bool:
        """Whether ``cell`` is checked (granted, or staged to be)."""
        return cell in self._checked

    @property
    def holders(self) -> list[Holder]:
        """The holder columns shown, in order."""
        return list(self._holders)

    @property
    def permissions(self) -> list[Permission]:
        """Every permission row (shown or filtered out)."""
        return list(self._permissions)

    def permission_at(self, index: Index) -> Permission | None:
        """The permission of an item row (None for a category row)."""
        group = self.group_of(index)
        if not index.isValid() or group < 0 or group >= len(self._groups):
            return None
        rows = self._groups[group][1]
        return rows[index.row()] if index.row() < len(rows) else None

    def holder_at(self, column: int) -> Holder | None:
        """The holder of a column (None for the permission column)."""
        return self._holders[column - 1] if 1 <= column <= len(self._holders) else None

    def cell_at(self, index: Index) -> GrantCell | None:
        """The (permission, holder) of a check cell."""
        permission = self.permission_at(index)
        holder = self.holder_at(index.column())
        if permission is None or holder is None:
            return None
        return GrantCell(permission.key, holder)

    def index_of(self, cell: GrantCell) -> QModelIndex:
        """The index of ``cell`` (invalid while filtered out)."""
        if cell.holder not in self._holders:
            return QModelIndex()
        column = self._holders.index(cell.holder) + 1
        for g, (_category, rows) in enumerate(self._groups):
            for r, permission in enumerate(rows):
                if permission.key == cell.permission:
                    return self.index(r, column, self.index(g, 0))
        return QModelIndex()

    # ----- the tree ---------------------------------------------------------------------------------
    def group_count(self) -> int:
        """Categories with a permission shown."""
        return len(self._groups)

    def item_count(self, group: int) -> int:
        """Permissions shown in the category."""
        return len(self._groups[group][1])

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """The permission column and one per holder shown."""
        return 1 + len(self._holders)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """ "Permission", then each holder's type and name."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        holder = self.holder_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Permission"
            return holder_header(holder) if holder is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and holder is not None:
            return plain_tooltip(f"{holder.label}\n{holder.token}")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Check cells are checkable while the scheme may be edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() > 0 and self.cell_at(index) is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Category headings, permission names, and a check per granted cell."""
        if not index.isValid():
            return None
        group = self.group_of(index)
        if group < 0:
            if index.row() >= len(self._groups):
                return None
            category, rows = self._groups[index.row()]
            if index.column() == 0 and role == Qt.ItemDataRole.DisplayRole:
                return f"{category.label} ({len(rows)})"
            return None
        permission = self.permission_at(index)
        if permission is None:
            return None
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return permission.name
            if role == Qt.ItemDataRole.ToolTipRole:
                text = f"{permission.name} ({permission.key})"
                return plain_tooltip(f"{text}\n{permission.description}".strip())
            return None
        cell = self.cell_at(index)
        if cell is None:
            return None
        checked = cell in self._checked
        staged = self._staged_kind(cell, checked)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == STAGED_ROLE:
            return staged
        if role == Qt.ItemDataRole.ToolTipRole:
            state = {
                "add": "staged to be granted (not applied yet)",
                "delete": "staged to be removed (not applied yet)",
                None: "granted" if checked else "not granted",
            }[staged]
            return plain_tooltip(f"{permission.name} — {cell.holder.label}: {state}")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Checking a cell stages the grant; unchecking stages its removal."""
        if role != Qt.ItemDataRole.CheckStateRole or not self.editable:
            return False
        cell = self.cell_at(index)
        if cell is None:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        self.set_checked(cell, state == Qt.CheckState.Checked.value)
        return True

    # ----- internals ----------------------------------------------------------------------------------
    def _staged_kind(self, cell: GrantCell, checked: bool) -> str | None:
        held = cell in self._held
        if checked and not held:
            return "add"
        if held and not checked:
            return "delete"
        return None

    def _refilter(self) -> None:
        grouped: dict[PermissionCategory, list[Permission]] = {}
        for permission in self._permissions:
            category = permission.category
            if _matches(self._row_filter, permission.name, permission.key, category.label):
                grouped.setdefault(category, []).append(permission)
        self._groups = sorted(grouped.items(), key=lambda item: item[0].order)
        self._holders = [
            h
            for h in self._all_holders
            if _matches(self._column_filter, h.label, h.type, h.parameter or "")
        ]

    def _cells_changed(self) -> None:
        for group in range(len(self._groups)):
            parent = self.index(group, 0)
            last = self.item_count(group) - 1
            if last >= 0 and self._holders:
                self.dataChanged.emit(
                    self.index(0, 1, parent),
                    self.index(last, len(self._holders), parent),
                    [Qt.ItemDataRole.CheckStateRole, STAGED_ROLE, Qt.ItemDataRole.ToolTipRole],
                )
        self.staged_changed.emit()
