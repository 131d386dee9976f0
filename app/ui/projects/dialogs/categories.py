"""List, create, rename and delete the site's project categories."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.project import Category
from app.ui.kit.forms import FieldError
from app.ui.kit.text import plain_tooltip
from app.ui.kit.window_fit import grow_with_content

__all__ = ["CategoriesDialog"]


class CategoriesDialog(QDialog):
    """List, create, rename and delete project categories."""

    create_requested = Signal(str, str)  # name, description
    rename_requested = Signal(object, str)  # Category, new name
    delete_requested = Signal(object)  # Category

    def __init__(self, categories: Sequence[Category], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Project categories")
        self.setModal(True)
        self.resize(420, 360)
        self.list = QListWidget(self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Category name")
        self.error = FieldError(self)
        self.add_button = QPushButton("Add", self)
        self.rename_button = QPushButton("Rename", self)
        self.delete_button = QPushButton("Delete…", self)
        self.add_button.clicked.connect(self._add)
        self.rename_button.clicked.connect(self._rename)
        self.delete_button.clicked.connect(self._delete)
        self.list.currentRowChanged.connect(self._selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(close)
        grow_with_content(self)
        self.set_categories(categories)

    def set_categories(self, categories: Sequence[Category]) -> None:
        """Show the site's categories (after every change)."""
        self._categories = list(categories)
        self.list.clear()
        for category in self._categories:
            item = QListWidgetItem(category.name, self.list)
            item.setToolTip(plain_tooltip(category.description) or "")
        self._selected(self.list.currentRow())

    def show_error(self, text: str) -> None:
        """Show what went wrong; the typed name stays."""
        self.error.show_text(text)

    def _current(self) -> Category | None:
        row = self.list.currentRow()
        return self._categories[row] if 0 <= row < len(self._categories) else None

    def _selected(self, _row: int) -> None:
        has = self._current() is not None
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _add(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.show_error("Type a name for the new category.")
            return
        self.show_error("")
        self.create_requested.emit(name, "")

    def _rename(self) -> None:
        category, name = self._current(), self.name.text().strip()
        if category is None:
            return
        if not name:
            self.show_error("Type the new name first.")
            return
        self.show_error("")
        self.rename_requested.emit(category, name)

    def _delete(self) -> None:
        category = self._current()
        if category is not None:
            self.delete_requested.emit(category)
