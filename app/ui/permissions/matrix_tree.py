"""The grant matrix's view: a tree whose first column (categories and permission names) stays in
place while the holder columns scroll sideways, so a check is never far from its permission.

The frozen column is a second tree over the same model and selection, laid over the first column
of the main tree (Qt's frozen-column technique); the two share the vertical scroll position, the
folded categories and the header's height. Staged cells are tinted with the palette's highlight
colour (no style sheet, so light and dark both read).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from app.qtmodels.permission_matrix import STAGED_ROLE, GrantMatrixModel
from app.ui.kit.tables import CenteredChecks, configure_rows

__all__ = ["MatrixTree", "StagedTint"]

Index = QModelIndex | QPersistentModelIndex
NAME_COLUMN_WIDTH = 250
HOLDER_COLUMN_WIDTH = 96


class StagedTint(CenteredChecks):
    """Centred checks; staged cells tinted with the palette's highlight colour."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        """A staged cell gets a translucent highlight behind its check."""
        super().initStyleOption(option, index)
        if index.data(STAGED_ROLE):
            colour = QColor(option.palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(90)
            option.backgroundBrush = QBrush(colour)


def _tree(view: QTreeView) -> None:
    view.setAlternatingRowColors(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    configure_rows(view)
    view.setItemDelegate(StagedTint(parent=view))


class MatrixTree(QTreeView):
    """The matrix: categories, then permissions; a check column per holder; names frozen."""

    def __init__(self, model: GrantMatrixModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        _tree(self)
        header = self.header()
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setMinimumSectionSize(60)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        frozen = QTreeView(self)
        self.frozen = frozen
        frozen.setObjectName("grantMatrixNames")
        frozen.setModel(model)
        frozen.setSelectionModel(self.selectionModel())
        _tree(frozen)
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.setFrameShape(QFrame.Shape.NoFrame)
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.header().setStretchLastSection(False)
        frozen.header().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        frozen.header().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.viewport().stackUnder(frozen)

        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        self.expanded.connect(frozen.expand)
        self.collapsed.connect(frozen.collapse)
        frozen.expanded.connect(self.expand)
        frozen.collapsed.connect(self.collapse)
        header.sectionResized.connect(self._section_resized)
        header.geometriesChanged.connect(self._place_frozen)
        model.modelReset.connect(self._after_reset)
        model.layoutChanged.connect(self._place_frozen)
        self._after_reset()

    # ----- Qt overrides ------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """The frozen column follows the view's height."""
        super().resizeEvent(event)
        self._place_frozen()

    def scrollTo(
        self,
        index: Index,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        """Scroll rows as usual; sideways only as far as a holder column needs, never under the
        frozen names."""
        if index.column() == 0:
            value = self.horizontalScrollBar().value()
            super().scrollTo(index, hint)
            self.horizontalScrollBar().setValue(value)
            return
        super().scrollTo(index, hint)
        rect = self.visualRect(index)
        hidden = self.columnWidth(0) - rect.left()
        if hidden > 0:  # under the frozen column: scroll left by what is covered
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - hidden)

    # ----- internals ------------------------------------------------------------------------------------
    def _after_reset(self) -> None:
        model = self.model()
        root = QModelIndex()
        for view in (self, self.frozen):
            view.expandAll()
            for row in range(model.rowCount()):
                view.setFirstColumnSpanned(row, root, True)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(0, NAME_COLUMN_WIDTH)
        for column in range(1, model.columnCount()):
            wanted = header.sectionSizeHint(column) + 8
            self.setColumnWidth(column, max(HOLDER_COLUMN_WIDTH, min(wanted, 220)))
            self.frozen.setColumnHidden(column, True)
        self.frozen.setColumnHidden(0, False)
        self.frozen.setColumnWidth(0, NAME_COLUMN_WIDTH)
        self._place_frozen()

    def _section_resized(self, section: int, _old: int, new: int) -> None:
        if section == 0:
            self.frozen.setColumnWidth(0, new)
            self._place_frozen()

    def _place_frozen(self) -> None:
        frame = self.frameWidth()
        header_height = self.header().height()
        self.frozen.header().setFixedHeight(header_height)
        self.frozen.setGeometry(
            frame,
            frame,
            self.columnWidth(0),
            self.viewport().height() + header_height,
        )
        self.frozen.verticalScrollBar().setValue(self.verticalScrollBar().value())
