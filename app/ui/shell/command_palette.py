"""The command palette (Ctrl+K): every action of the window, searchable by name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

__all__ = ["CommandPalette"]

_ACTION_ROLE = Qt.ItemDataRole.UserRole + 1


class CommandPalette(QDialog):
    """A filterable list of actions; Enter runs the selected one."""

    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Command palette")
        self.setModal(True)
        self.resize(460, 360)
        self.model = QStandardItemModel(self)
        for action in actions:
            if not action.text() or action.isSeparator():
                continue
            label = action.text().replace("&", "")
            shortcut = action.shortcut().toString(action.shortcut().SequenceFormat.NativeText)
            item = QStandardItem(f"{label}\t{shortcut}" if shortcut else label)
            item.setData(action, _ACTION_ROLE)
            item.setData(label, Qt.ItemDataRole.ToolTipRole)
            item.setEnabled(action.isEnabled())
            item.setEditable(False)
            self.model.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(Qt.ItemDataRole.ToolTipRole)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Type a command…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.run_current)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.activated.connect(self._run_index)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self._select_first()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._select_first()

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up/Down move the selection while the search field keeps focus."""
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.list.currentIndex().row() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= row < self.proxy.rowCount():
                self.list.setCurrentIndex(self.proxy.index(row, 0))
            return
        super().keyPressEvent(event)

    def run_current(self) -> None:
        """Run the selected action and close."""
        self._run_index(self.list.currentIndex())

    def _run_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        action = index.data(_ACTION_ROLE)
        if isinstance(action, QAction) and action.isEnabled():
            self.accept()
            action.trigger()
