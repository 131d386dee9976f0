"""The command palette (Ctrl+K): every action of the window and of every pane, by name.

Commands are listed with where they belong and their shortcut in aligned columns. A pane's
command runs in its pane: the palette shows that pane first. Commands that cannot run now are
listed greyed, with the reason as tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.ui.kit.text import plain_tooltip

__all__ = ["CommandPalette", "PaletteEntry"]

_ACTION_ROLE = Qt.ItemDataRole.UserRole + 1
_PANE_ROLE = Qt.ItemDataRole.UserRole + 2
_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
COMMAND, WHERE, SHORTCUT = range(3)


@dataclass(frozen=True, slots=True)
class PaletteEntry:
    """One command: its action, where it belongs, and the pane to show before it runs."""

    action: QAction
    where: str
    pane: str = ""


def command_name(action: QAction) -> str:
    """An action's text as a command name (mnemonic markers removed, ``&&`` kept as ``&``)."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


class CommandPalette(QDialog):
    """A filterable list of commands; Enter runs the selected one."""

    def __init__(
        self,
        entries: Sequence[PaletteEntry],
        show_pane: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Command palette")
        self.setModal(True)
        self.resize(620, 420)
        self._show_pane = show_pane
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Command", "In", "Shortcut"])
        for entry in entries:
            action = entry.action
            if not action.text() or action.isSeparator():
                continue
            name = command_name(action)
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            row = [QStandardItem(name), QStandardItem(entry.where), QStandardItem(shortcut)]
            row[COMMAND].setData(action, _ACTION_ROLE)
            row[COMMAND].setData(entry.pane, _PANE_ROLE)
            row[COMMAND].setData(f"{name} {entry.where}", _SEARCH_ROLE)
            if not action.icon().isNull():
                row[COMMAND].setIcon(action.icon())
            row[SHORTCUT].setTextAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
            reason = action.toolTip() if not action.isEnabled() else action.statusTip()
            for item in row:
                item.setEditable(False)
                item.setEnabled(action.isEnabled())
                item.setToolTip(plain_tooltip(reason) or "")
            self.model.appendRow(row)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(_SEARCH_ROLE)
        self.proxy.setFilterKeyColumn(COMMAND)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Type a command…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search commands")
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.run_current)
        self.list = QTreeView(self)
        self.list.setModel(self.proxy)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COMMAND, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WHERE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SHORTCUT, QHeaderView.ResizeMode.ResizeToContents)
        self.list.activated.connect(self._run_index)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self._select_first()

    def commands(self) -> list[tuple[str, str, str]]:
        """(command, where, shortcut) of every row shown, in order (for tests and checks)."""

        def cell(row: int, column: int) -> str:
            return str(self.proxy.index(row, column).data() or "")

        return [
            (cell(row, COMMAND), cell(row, WHERE), cell(row, SHORTCUT))
            for row in range(self.proxy.rowCount())
        ]

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._select_first()

    def _select_first(self) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, COMMAND)
            if index.flags() & Qt.ItemFlag.ItemIsEnabled:
                self.list.setCurrentIndex(index)
                return
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, COMMAND))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up/Down move the selection while the search field keeps focus."""
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.list.currentIndex().row() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= row < self.proxy.rowCount():
                self.list.setCurrentIndex(self.proxy.index(row, COMMAND))
            return
        super().keyPressEvent(event)

    def run_current(self) -> None:
        """Run the selected command and close."""
        self._run_index(self.list.currentIndex())

    def _run_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        first = index.siblingAtColumn(COMMAND)
        action = first.data(_ACTION_ROLE)
        if not isinstance(action, QAction) or not action.isEnabled():
            return
        pane = first.data(_PANE_ROLE)
        self.accept()
        if isinstance(pane, str) and pane:
            self._show_pane(pane)
        action.trigger()
