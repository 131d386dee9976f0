"""The Milestones API lane: the project's buckets in order, as coloured chips with task counts.

Dragging a chip along the lane (or Ctrl+Left/Right on the current one) asks for a new order;
the lane shows the order asked for at once and its owner sends it, or puts the old one back.
Double-clicking an empty spot asks for a new bucket, a chip for its rename/recolour dialog;
the context menu also offers delete, which is off, with its reason, for the system bucket.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from app.domain.timeline import TimelineItem
from app.ui.kit.text import action_text, plain_tooltip
from app.ui.timeline.colours import bucket_colours

__all__ = ["BucketLane"]

CHIP_HEIGHT = 30.0
GAP = 8.0
PAD = 10.0
LANE_HEIGHT = 52


class BucketLane(QWidget):
    """Ordered, coloured buckets; drag to reorder."""

    reorder_requested = Signal(list, list)  # the ids before, the ids asked for
    create_requested = Signal()
    edit_requested = Signal(object)  # TimelineItem
    delete_requested = Signal(object)  # TimelineItem
    hovered = Signal(object)  # TimelineItem or None

    def __init__(self, left: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left = left  # where the chips begin (the lane names' column is to the left)
        self.label = "Milestones API"
        self.note = ""
        self.buckets: list[TimelineItem] = []
        self.system_ids: set[str] = set()
        self.current = -1
        self.editable = True
        self._drag_from: int | None = None
        self._drag_to: int | None = None
        self._press: QPoint | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(LANE_HEIGHT)

    # ----- content --------------------------------------------------------------------------------
    def set_buckets(self, buckets: list[TimelineItem], system_ids: set[str]) -> None:
        """Show ``buckets`` in this order."""
        self.buckets = list(buckets)
        self.system_ids = set(system_ids)
        if self.current >= len(self.buckets):
            self.current = len(self.buckets) - 1
        self._drag_from = self._drag_to = None
        self.updateGeometry()
        self.update()

    def ids(self) -> list[int]:
        """The bucket ids in the order shown."""
        return [int(b.ref) for b in self.buckets]

    def sizeHint(self) -> QSize:
        """Wide enough for every chip."""
        rects = self.chip_rects()
        right = rects[-1].right() if rects else self.left
        return QSize(int(right + PAD), LANE_HEIGHT)

    def chip_rects(self) -> list[QRectF]:
        """Where each chip is drawn, in order."""
        metrics = self.fontMetrics()
        x = float(self.left + PAD)
        top = (LANE_HEIGHT - CHIP_HEIGHT) / 2
        rects = []
        for bucket in self._order():
            width = metrics.horizontalAdvance(self._chip_text(bucket)) + 2 * PAD + 26
            rects.append(QRectF(x, top, width, CHIP_HEIGHT))
            x += width + GAP
        return rects

    @staticmethod
    def _chip_text(bucket: TimelineItem) -> str:
        return bucket.title

    def _order(self) -> list[TimelineItem]:
        shown = list(self.buckets)
        if self._drag_from is not None and self._drag_to is not None:
            shown.insert(self._drag_to, shown.pop(self._drag_from))
        return shown

    def index_at(self, x: float) -> int | None:
        """The chip at ``x`` (None: between or beyond the chips)."""
        for n, rect in enumerate(self.chip_rects()):
            if rect.left() <= x <= rect.right():
                return n
        return None

    def _slot_at(self, x: float) -> int:
        rects = self.chip_rects()
        for n, rect in enumerate(rects):
            if x < rect.center().x():
                return n
        return max(len(rects) - 1, 0)

    # ----- painting -------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """The lane's name, then the chips (the dragged one outlined)."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        painter.fillRect(
            QRectF(0, 0, self.left, self.height()), palette.color(QPalette.ColorRole.Window)
        )
        text = palette.color(QPalette.ColorRole.WindowText)
        metrics = painter.fontMetrics()
        painter.setPen(text)
        name = metrics.elidedText(self.label, Qt.TextElideMode.ElideRight, self.left - 12)
        painter.drawText(QRectF(8, 4, self.left - 12, 18), name)
        if self.note:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            note = metrics.elidedText(self.note, Qt.TextElideMode.ElideRight, self.left - 12)
            painter.drawText(QRectF(8, 22, self.left - 12, 18), note)
            if not self.buckets:
                painter.drawText(
                    QRectF(self.left + PAD, 0, self.width() - self.left, self.height()),
                    Qt.AlignmentFlag.AlignVCenter,
                    metrics.elidedText(
                        self.note,
                        Qt.TextElideMode.ElideRight,
                        self.width() - self.left - 2 * int(PAD),
                    ),
                )
        mid = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(mid, 0))
        painter.drawLine(0, 0, self.width(), 0)
        painter.drawLine(self.left - 1, 0, self.left - 1, self.height())
        dragged = self._drag_to if self._drag_from is not None else None
        for n, (bucket, rect) in enumerate(zip(self._order(), self.chip_rects(), strict=True)):
            colours = bucket_colours(bucket.color, palette)
            path = QPainterPath()
            path.addRoundedRect(rect, CHIP_HEIGHT / 2, CHIP_HEIGHT / 2)
            outline = QPen(colours.outline, 1.0)
            if n == dragged or (dragged is None and n == self.current and self.hasFocus()):
                outline = QPen(palette.color(QPalette.ColorRole.Highlight), 2.5)
            painter.setPen(outline)
            painter.setBrush(colours.fill)
            painter.drawPath(path)
            painter.setPen(colours.text)
            title_box = QRectF(
                rect.left() + PAD, rect.top(), rect.width() - 2 * PAD - 26, rect.height()
            )
            painter.drawText(title_box, Qt.AlignmentFlag.AlignVCenter, bucket.title)
            badge = QRectF(rect.right() - PAD - 22, rect.top() + 6, 24, rect.height() - 12)
            painter.setBrush(palette.color(QPalette.ColorRole.Base))
            painter.setPen(QPen(colours.outline, 0.8))
            painter.drawRoundedRect(badge, 6, 6)
            painter.setPen(text)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(bucket.count or 0))
        painter.end()

    # ----- mouse and keys -------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press on a chip makes it current and may start a drag."""
        index = self.index_at(event.position().x())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self.current = index
            self._press = event.position().toPoint()
            self._drag_from = index if self.editable else None
            self._drag_to = index if self.editable else None
            self.update()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """The dragged chip takes the slot under the mouse; hovering shows details."""
        x = event.position().x()
        if self._drag_from is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._drag_to = self._slot_at(x)
            self.update()
            return
        index = self.index_at(x)
        bucket = self.buckets[index] if index is not None else None
        self.hovered.emit(bucket)
        self.setToolTip(plain_tooltip(self._details(bucket)) or "" if bucket else "")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Dropping a chip in another slot asks for the new order."""
        start, end = self._drag_from, self._drag_to
        self._drag_from = self._drag_to = None
        if start is not None and end is not None and start != end:
            self._move(start, end)
        self.update()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """On a chip: rename/recolour; on an empty spot: a new bucket."""
        if event.position().x() < self.left:
            return
        index = self.index_at(event.position().x())
        if index is None:
            self.create_requested.emit()
        else:
            self.edit_requested.emit(self.buckets[index])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left/Right choose a chip; Ctrl+Left/Right move it; Delete deletes, Enter edits."""
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        count = len(self.buckets)
        if not count:
            super().keyPressEvent(event)
            return
        current = max(self.current, 0)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            target = current + (1 if key == Qt.Key.Key_Right else -1)
            target = max(0, min(count - 1, target))
            if ctrl and self.editable and target != current:
                self._move(current, target)
            self.current = target
            self.update()
        elif key == Qt.Key.Key_Delete:
            self.delete_requested.emit(self.buckets[current])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self.edit_requested.emit(self.buckets[current])
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """New, rename/recolour and delete (off, with the reason, for the system bucket)."""
        index = self.index_at(event.pos().x())
        menu = QMenu(self)
        menu.addAction("New milestone…", self.create_requested.emit)
        if index is not None:
            bucket = self.buckets[index]
            title = action_text(bucket.title)
            menu.addAction(
                f"Rename or recolour “{title}”…", lambda: self.edit_requested.emit(bucket)
            )
            delete = menu.addAction(
                f"Delete “{title}”…", lambda: self.delete_requested.emit(bucket)
            )
            if bucket.ref in self.system_ids:
                delete.setEnabled(False)
                delete.setText(f"Delete “{title}” (the uncategorised default cannot be deleted)")
        for action in menu.actions():
            action.setEnabled(action.isEnabled() and self.editable)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def _move(self, start: int, end: int) -> None:
        before = self.ids()
        order = list(self.buckets)
        order.insert(end, order.pop(start))
        self.buckets = order
        self.current = end
        self.update()
        self.reorder_requested.emit(before, self.ids())

    def _details(self, bucket: TimelineItem) -> str:
        count = bucket.count or 0
        text = f"{bucket.title} — {count} task{'s' if count != 1 else ''}, colour {bucket.color}"
        return f"{text}\n{bucket.detail}" if bucket.detail else text
