"""One bar (a range) or diamond (a single day) on the timeline, and dragging it.

A bar is painted from its ``TimelineItem`` and the scene's scale; nothing is allocated per
frame. Dragging the middle moves it, dragging an end (the outer ``HANDLE`` pixels) moves that
end; the bar follows the mouse day by day and, on release, tells the scene what the user asked
for. The scene's owner decides whether it sticks (a save) or goes back.
"""

from __future__ import annotations

import enum
from datetime import timedelta
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.domain.timeline import Scale, TimelineItem
from app.ui.timeline.colours import BarColours

__all__ = ["HANDLE", "BarItem", "DragMode", "Shape", "dragged", "extent", "reach"]

HANDLE = 6.0  # pixels at each end of a bar that resize it
LABEL_GAP = 4.0
MAX_LABEL = 220.0  # a diamond's title is written beside it, up to this width


class BarHost(Protocol):
    """What a bar needs of its scene."""

    scale: Scale
    metrics: QFontMetricsF
    overdue_pen: QPen
    text_colour: QColor
    current_colour: QColor
    visible_left: float

    def font(self) -> QFont:
        """The font bars write with."""

    def label_width(self, title: str) -> float:
        """The width of a diamond's title."""

    def colours_for(self, item: TimelineItem) -> BarColours:
        """The colours of ``item``'s bar."""

    def elided(self, title: str, width: float) -> str:
        """``title`` cut to ``width`` pixels."""

    def busy(self, key: str) -> bool:
        """Whether ``key`` may not be dragged now."""

    def hover(self, item: TimelineItem | None) -> None:
        """The mouse is over ``item``."""

    def open_item(self, item: TimelineItem) -> None:
        """The user double-clicked ``item``."""

    def preview(self, bar: BarItem, item: TimelineItem) -> None:
        """Show ``bar`` at ``item``'s days while dragged."""

    def request_change(self, before: TimelineItem, after: TimelineItem) -> None:
        """The user dropped a bar."""

    def choose(self, bar: BarItem) -> None:
        """The user clicked ``bar``: it becomes the current one (the keys act on it)."""

    def is_current(self, bar: BarItem) -> bool:
        """Whether ``bar`` is the current one."""


class DragMode(enum.Enum):
    """What a drag does to the bar."""

    MOVE = "move"
    START = "start"
    END = "end"


class BarItem(QGraphicsRectItem):
    """A timeline item drawn as a bar or a diamond.

    Its extent (the shape and a title written beside it) is the rectangle item's own, so the
    scene's index and repaints ask C++ for it, never Python: a zoom that moves every bar costs
    a ``setRect`` and a ``setPos`` each, nothing more.
    """

    def __init__(self, board: BarHost, item: TimelineItem) -> None:
        super().__init__()
        self.board = board
        self.key = item.key  # the same for every state of the item
        self.item = item  # what is shown (while dragging: the preview)
        self.overdue = False
        self.row = 0  # its row in its lane at this zoom
        self._width = 1.0
        self._height = 1.0
        self._label_width = 0.0
        self._diamond = False
        self._days: tuple[TimelineItem, int, int] | None = None
        self._at: tuple[float, float] | None = None
        self._elided: tuple[float, str] | None = None
        self._press_x = 0.0
        self._mode: DragMode | None = None
        self._before: TimelineItem | None = None
        self.setPen(QPen(Qt.PenStyle.NoPen))  # no pen: the rectangle is the extent, exactly
        self.setAcceptHoverEvents(True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, False)

    # ----- geometry -------------------------------------------------------------------------------
    @property
    def diamond(self) -> bool:
        """Whether it is drawn as a diamond (one day)."""
        return not self.item.is_range

    @property
    def days(self) -> tuple[int, int]:
        """The ordinals of its first day and of the day after its last (undated: 0, 0)."""
        known = self._days
        if known is None or known[0] is not self.item:
            first, last = self.item.first, self.item.last
            if first is None or last is None:
                known = (self.item, 0, 0)
            else:
                known = (self.item, first.toordinal(), last.toordinal() + 1)
            self._days = known
        return known[1], known[2]

    @property
    def outside(self) -> bool:
        """Whether the title is written beside the shape (a diamond, or a bar too short)."""
        return self.diamond or self._width < self._label_width

    @property
    def reach(self) -> float:
        """How far right of its left edge the bar and its title go (for packing rows)."""
        return reach(self.diamond, self._width, self._height, self._label_width)

    def place(self, left: float, right: float, top: float, height: float) -> None:
        """Put the bar from ``left`` to ``right`` at ``top``."""
        width = max(right - left, 1.0)
        shape = (width, height, self.board.label_width(self.item.title), not self.item.is_range)
        self.put(left, top, shape, extent(*shape))

    def put(self, left: float, top: float, shape: Shape, rect: QRectF) -> None:
        """Put the bar at ``left``, ``top`` with ``shape`` (its width, height, title width and
        whether it is a diamond) and ``rect`` (its extent, as ``extent`` gives it)."""
        if shape != (self._width, self._height, self._label_width, self._diamond):
            self._width, self._height, self._label_width, self._diamond = shape
            self._elided = None
            self.setRect(rect)
        if self._at != (left, top):
            self._at = (left, top)
            self.setPos(left, top)

    def _diamond_rect(self) -> QRectF:
        size = self._height
        return QRectF(self._width / 2 - size / 2, 0, size, size)

    # ----- painting -------------------------------------------------------------------------------
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Fill, outline, overdue mark and title."""
        colours = self.board.colours_for(self.item)
        painter.setPen(self.board.overdue_pen if self.overdue else colours.outline_pen)
        painter.setBrush(colours.fill)
        painter.setFont(self.board.font())
        if self.board.is_current(self):
            pen = QPen(self.board.current_colour, 2.5)
            painter.setPen(pen)
        if self.diamond:
            box = self._diamond_rect()
            c = box.center()
            half = box.width() / 2 - 1
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(c.x(), c.y() - half),
                        QPointF(c.x() + half, c.y()),
                        QPointF(c.x(), c.y() + half),
                        QPointF(c.x() - half, c.y()),
                    ]
                )
            )
            painter.setPen(
                self.board.overdue_pen.color() if self.overdue else self.board.text_colour
            )
            text_box = QRectF(box.right() + LABEL_GAP, 0, self._label_width, self._height)
            painter.drawText(text_box, Qt.AlignmentFlag.AlignVCenter, self._text(text_box.width()))
            return
        painter.drawRoundedRect(
            QRectF(0.5, 0.5, max(self._width - 1, 1.0), self._height - 1), 3.0, 3.0
        )
        if self.outside:
            painter.setPen(
                self.board.overdue_pen.color() if self.overdue else self.board.text_colour
            )
            text_box = QRectF(self._width + LABEL_GAP, 0, self._label_width, self._height)
        else:
            painter.setPen(colours.text)
            # a bar running in from the left writes its title where the view begins
            shift = max(0.0, self.board.visible_left - self.x())
            text_box = QRectF(5 + shift, 0, self._width - 10 - shift, self._height)
            if text_box.width() < 12:
                return
        painter.drawText(text_box, Qt.AlignmentFlag.AlignVCenter, self._text(text_box.width()))

    def _text(self, width: float) -> str:
        title = ("! " if self.overdue else "") + self.item.title
        if self._elided is None or self._elided[0] != width:
            self._elided = (width, self.board.elided(title, width))
        return self._elided[1]

    # ----- hover and drag -------------------------------------------------------------------------
    @property
    def bar_width(self) -> float:
        """The width of the bar itself (without a title written beside it)."""
        return self._width

    def _mode_at(self, x: float) -> DragMode:
        if self.diamond or not self.item.is_range or x > self._width:
            return DragMode.MOVE  # a diamond, or the title beside a short bar, moves it
        if x <= HANDLE:
            return DragMode.START
        if x >= self._width - HANDLE:
            return DragMode.END
        return DragMode.MOVE

    def _draggable(self) -> bool:
        return self.item.editable and not self.board.busy(self.item.key)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        """Show the item's details."""
        self.board.hover(self.item)
        super().hoverEnterEvent(event)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        """A resize cursor over a bar's ends, a move cursor over the rest."""
        if not self._draggable():
            self.unsetCursor()
        elif self._mode_at(event.pos().x()) is DragMode.MOVE:
            self.setCursor(Qt.CursorShape.SizeAllCursor)
        else:
            self.setCursor(Qt.CursorShape.SizeHorCursor)
        super().hoverMoveEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        """The details go."""
        self.board.hover(None)
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Make it current; start a drag (an item that cannot change lets the view pan)."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.board.choose(self)
        if event.button() != Qt.MouseButton.LeftButton or not self._draggable():
            event.ignore()
            return
        self._mode = self._mode_at(event.pos().x())
        self._press_x = event.scenePos().x()
        self._before = self.item
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Follow the mouse, a whole day at a time."""
        before, mode = self._before, self._mode
        if before is None or mode is None:
            return
        days = round((event.scenePos().x() - self._press_x) / self.board.scale.day_width)
        self.board.preview(self, dragged(before, mode, days))

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Ask for the change (or nothing, if the bar is where it was)."""
        before, self._before, self._mode = self._before, None, None
        if before is None:
            return
        after = self.item
        if (after.start, after.end) != (before.start, before.end):
            self.board.request_change(before, after)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """A double-click on an item opens it (not "create here")."""
        self.board.open_item(self.item)
        event.accept()


Shape = tuple[float, float, float, bool]  # width, height, title width, diamond


def extent(width: float, height: float, label: float, diamond: bool) -> QRectF:
    """A bar's extent in its own coordinates: the shape, and a title written beside it."""
    far = reach(diamond, width, height, label)
    if diamond:
        left = min(0.0, width / 2 - height / 2)
        return QRectF(left, 0, far - left + 1, height)
    return QRectF(0, 0, far + 1, height)


def reach(diamond: bool, width: float, height: float, label: float) -> float:
    """How far right of its left edge a bar and its title go."""
    if diamond:
        return width / 2 + height / 2 + LABEL_GAP + label
    if width < label:
        return width + LABEL_GAP + label
    return width


def dragged(before: TimelineItem, mode: DragMode, days: int) -> TimelineItem:
    """``before`` after dragging by ``days`` in ``mode``; an end never passes the other."""
    if mode is DragMode.MOVE or before.start is None or before.end is None:
        return before.shifted(days)
    delta = timedelta(days=days)
    if mode is DragMode.START:
        return before.with_dates(min(before.start + delta, before.end), before.end)
    return before.with_dates(before.start, max(before.end + delta, before.start))
