"""Tables that show their own columns: rows padded without style sheets, columns fitted to
their content once, and a list/detail splitter that gives the list the room until something is
selected.

Style sheets on item views would freeze their colours (a palette switch at run time would leave
them light), so row padding comes from a delegate instead.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
    QWidget,
)

__all__ = ["DetailSplitter", "PaddedRows", "fit_columns"]

Index = QModelIndex | QPersistentModelIndex


class PaddedRows(QStyledItemDelegate):
    """Rows a few pixels taller than their text, so dense tables stay readable."""

    def __init__(self, padding: int = 6, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.padding = padding

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """The style's size plus the padding."""
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + self.padding)


def fit_columns(
    view: QTreeView | QTableView,
    *,
    maximum: int = 420,
    minimum: int = 48,
    limits: dict[int, int] | None = None,
) -> None:
    """Size every column to its header and the rows shown now, within bounds; once per load.

    The last column stretches over what is left, so a wide window shows no empty gutter and a
    narrow one scrolls rather than cutting columns off unseen.
    """
    model = view.model()
    header = view.header() if isinstance(view, QTreeView) else view.horizontalHeader()
    limits = limits or {}
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            continue
        # from the size hints, not the width now: a stretched last column reads as wide as the
        # window was, and would keep that width as its floor when the view narrows
        width = max(header.sectionSizeHint(column), view.sizeHintForColumn(column))
        view.setColumnWidth(column, max(minimum, min(width + 12, limits.get(column, maximum))))


class DetailSplitter(QSplitter):
    """A list beside a detail; the detail shows only while something is selected.

    ``state_changed`` carries the sizes to remember (per pane) whenever the user drags.
    """

    state_changed = Signal(bytes)

    def __init__(self, main: QWidget, detail: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.addWidget(main)
        self.addWidget(detail)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setChildrenCollapsible(False)
        self._detail = detail
        self._state = b""  # the sizes to use when the detail first shows
        self._placed = False
        detail.setVisible(False)
        self.splitterMoved.connect(lambda *_: self.state_changed.emit(self.saveState().data()))

    def restore(self, state: bytes) -> None:
        """Sizes the user chose earlier (empty: the default share), used once the detail shows."""
        self._state = state

    def show_detail(self, shown: bool) -> None:
        """Show or hide the detail; the first time, it takes the remembered share (or 40 %)."""
        if shown == (not self._detail.isHidden()):
            return
        self._detail.setVisible(shown)
        if shown and not self._placed:
            self._placed = True
            # sizes are restored only once the detail is visible: a hidden one gets none
            if not (self._state and self.restoreState(QByteArray(self._state))):
                total = max(self.width(), 600)
                self.setSizes([total * 3 // 5, total * 2 // 5])

    @property
    def detail_shown(self) -> bool:
        """Whether the detail is visible (or would be, once the window shows)."""
        return not self._detail.isHidden()


def configure_rows(view: QAbstractItemView) -> None:
    """Fixed-height padded rows: tens of thousands of rows stay cheap."""
    view.setItemDelegate(PaddedRows(parent=view))
    if isinstance(view, QTableView):
        rows = view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 10)
    elif isinstance(view, QTreeView):
        view.setUniformRowHeights(True)
