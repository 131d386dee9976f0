"""Tables that show their own columns: rows padded without style sheets, columns fitted to
their content once, and a list/detail splitter that gives the list the room until something is
selected.

Style sheets on item views would freeze their colours (a palette switch at run time would leave
them light), so row padding comes from a delegate instead.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
    QWidget,
)

__all__ = [
    "SUBTITLE_ROLE",
    "CenteredChecks",
    "DetailSplitter",
    "PaddedRows",
    "SubtitledRows",
    "fit_columns",
]

Index = QModelIndex | QPersistentModelIndex
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 40  # a list item's second, quieter line


class PaddedRows(QStyledItemDelegate):
    """Rows a few pixels taller than their text, so dense tables stay readable."""

    def __init__(self, padding: int = 6, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.padding = padding

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """The style's size plus the padding."""
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + self.padding)


class SubtitledRows(PaddedRows):
    """List rows of a title and, under it, a quieter subtitle (``SUBTITLE_ROLE``) in the
    palette's placeholder colour, so each entry reads as one thing and entries stand apart."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """One more line for the subtitle, when there is one."""
        size = super().sizeHint(option, index)
        if index.data(SUBTITLE_ROLE):
            size.setHeight(size.height() + option.fontMetrics.lineSpacing())
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The item as usual with its title on the first line, then the subtitle under it."""
        subtitle = index.data(SUBTITLE_ROLE)
        if not subtitle:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        line = opt.fontMetrics.lineSpacing()
        top = text.center().y() - line
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setFont(opt.font)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        width = text.width() - 4
        elide = Qt.TextElideMode.ElideRight
        first = QRect(text.left() + 2, top, width, line)
        painter.drawText(
            first, Qt.AlignmentFlag.AlignVCenter, opt.fontMetrics.elidedText(title, elide, width)
        )
        if not selected:
            painter.setPen(opt.palette.color(QPalette.ColorRole.PlaceholderText))
        second = QRect(text.left() + 2, top + line, width, line)
        painter.drawText(
            second,
            Qt.AlignmentFlag.AlignVCenter,
            opt.fontMetrics.elidedText(str(subtitle), elide, width),
        )
        painter.restore()


class CenteredChecks(PaddedRows):
    """Padded rows whose check-only cells (a check and no text) show the check in the middle,
    under its centred column title, and toggle when that check is clicked.

    Qt's styles put an item's check at the left of its cell whatever the alignment; a grid of
    checks under centred titles then reads as belonging to the column on its left.
    """

    @staticmethod
    def _check_only(index: Index) -> bool:
        return index.data(Qt.ItemDataRole.CheckStateRole) is not None and not index.data(
            Qt.ItemDataRole.DisplayRole
        )

    def check_rect(self, option: QStyleOptionViewItem, index: Index) -> QRect:
        """Where the check of a check-only cell is drawn: centred in the cell."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        size = style.subElementRect(
            QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, opt.widget
        ).size()
        rect = QRect(0, 0, size.width(), size.height())
        rect.moveCenter(option.rect.center())
        return rect

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The cell as usual, but a check-only cell's check centred."""
        if not self._check_only(index):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        check = QStyleOptionViewItem(opt)
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        check.rect = self.check_rect(option, index)
        check.state &= ~QStyle.StateFlag.State_HasFocus
        state = opt.checkState
        check.state |= (
            QStyle.StateFlag.State_On
            if state == Qt.CheckState.Checked
            else QStyle.StateFlag.State_NoChange
            if state == Qt.CheckState.PartiallyChecked
            else QStyle.StateFlag.State_Off
        )
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, check, painter, opt.widget
        )
        # Fusion outlines the box a shade off the base colour: in a dark palette an empty box
        # all but vanishes, so a grid of them is drawn with a visible outline
        painter.save()
        painter.setPen(opt.palette.color(QPalette.ColorRole.PlaceholderText))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(check.rect.adjusted(0, 0, -1, -1))
        painter.restore()

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        """A click on a check-only cell's centred check toggles it; keys as Qt does."""
        mouse = (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick)
        if not self._check_only(index) or event.type() not in mouse:
            return super().editorEvent(event, model, option, index)
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return False
        flags = model.flags(index)
        if not (flags & Qt.ItemFlag.ItemIsUserCheckable and flags & Qt.ItemFlag.ItemIsEnabled):
            return False
        if not self.check_rect(option, index).contains(event.position().toPoint()):
            return False
        if event.type() == QEvent.Type.MouseButtonDblClick:
            return True  # the second click of a double-click does not toggle it back
        value = index.data(Qt.ItemDataRole.CheckStateRole)  # an enum, or its int from some models
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        new = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
        return bool(model.setData(index, new, Qt.ItemDataRole.CheckStateRole))


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
