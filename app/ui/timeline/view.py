"""The timeline's view: the scene with a sticky axis above and lane names on the left.

Ctrl+wheel zooms around the day under the mouse; +/- (and Ctrl+=/Ctrl+-) zoom around the
middle; the arrows and dragging an empty spot pan. The axis and the lane names are widgets in
the view's margins, painted for what is visible, so panning scrolls pixels instead of painting
everything again.
"""

from __future__ import annotations

from datetime import date, timedelta

import shiboken6
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from app.domain.timeline import Zoom, ticks
from app.ui.timeline.bars import DragMode
from app.ui.timeline.colours import today_colour
from app.ui.timeline.scene import TimelineScene

__all__ = ["AXIS_HEIGHT", "LABEL_WIDTH", "TimelineView"]

AXIS_HEIGHT = 40
LABEL_WIDTH = 170
PAN_STEP = 60


class _Axis(QWidget):
    """The days along the top, for the part of the timeline shown."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view

    def paintEvent(self, event: QPaintEvent) -> None:
        """Ticks and their labels; the today marker."""
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Window))
        scene = self.view.board
        left = self.view.mapToScene(0, 0).x()
        width = self.view.viewport().width()
        first = scene.scale.day_at(left) - timedelta(days=100)
        last = scene.scale.day_at(left + width) + timedelta(days=1)
        text = palette.color(QPalette.ColorRole.WindowText)
        mid = palette.color(QPalette.ColorRole.Mid)
        offset = self.view.viewport().x() - left
        shown = [t for t in ticks(scene.scale, first, last) if t.label]
        metrics = painter.fontMetrics()
        port_x = self.view.viewport().x()
        painter.fillRect(0, 0, port_x, AXIS_HEIGHT, palette.color(QPalette.ColorRole.Window))
        painter.setClipRect(port_x, 0, self.width() - port_x, AXIS_HEIGHT)
        # a major label has a row of its own: it runs to the next major tick
        next_major: list[float | None] = [None] * len(shown)
        upcoming: float | None = None
        for n in range(len(shown) - 1, -1, -1):
            next_major[n] = upcoming
            if shown[n].major:
                upcoming = shown[n].x
        for n, tick in enumerate(shown):
            x = tick.x + offset
            later = (
                next_major[n] if tick.major else (shown[n + 1].x if n + 1 < len(shown) else None)
            )
            following = later + offset if later is not None else x + 400
            if x >= port_x:  # not under the lane names (an SVG painter may not clip)
                painter.setPen(QPen(mid, 0))
                top = AXIS_HEIGHT - (14 if tick.major else 8)
                painter.drawLine(int(x), top, int(x), AXIS_HEIGHT)
            label_x = max(x + 3, float(self.view.viewport().x() + 3)) if tick.major else x + 3
            room = following - label_x - 4
            if room < 8 or label_x > self.width() or label_x < port_x:
                continue
            font = painter.font()
            font.setBold(tick.major)
            painter.setFont(font)
            painter.setPen(text)
            baseline = AXIS_HEIGHT - 6 if not tick.major else AXIS_HEIGHT - 20
            label = metrics.elidedText(tick.label, Qt.TextElideMode.ElideRight, int(room))
            painter.drawText(QPointF(label_x, baseline), label)
        x = scene.scale.x(scene.today) + scene.scale.day_width / 2 + offset
        if self.view.viewport().x() <= x <= self.width():
            painter.setPen(QPen(today_colour(palette), 2))
            painter.drawLine(int(x), AXIS_HEIGHT - 16, int(x), AXIS_HEIGHT)
        painter.setClipping(False)
        painter.setPen(QPen(mid, 0))
        painter.drawLine(0, AXIS_HEIGHT - 1, self.width(), AXIS_HEIGHT - 1)
        painter.end()


class _LaneNames(QWidget):
    """The lanes' names (source and project) down the left."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view

    def paintEvent(self, event: QPaintEvent) -> None:
        """Each lane's name at its height, with its note below."""
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Window))
        top = self.view.mapToScene(0, 0).y()
        text = palette.color(QPalette.ColorRole.WindowText)
        faint = palette.color(QPalette.ColorRole.PlaceholderText)
        mid = palette.color(QPalette.ColorRole.Mid)
        metrics = painter.fontMetrics()
        focused = self.view.board.focus_lane()
        for lane in self.view.board.lanes:
            y = lane.top - top
            if y > self.height() or y + lane.height < 0:
                continue
            if lane is focused:  # where Ctrl+N creates: a mark beside its name
                painter.fillRect(
                    QRectF(0, y + 1, 3, lane.height - 1),
                    palette.color(QPalette.ColorRole.Highlight),
                )
            painter.setPen(QPen(mid, 0))
            painter.drawLine(0, int(y), self.width(), int(y))
            painter.setPen(text)
            name = metrics.elidedText(lane.label, Qt.TextElideMode.ElideRight, self.width() - 12)
            painter.drawText(QRectF(8, y + 4, self.width() - 12, 18), name)
            if lane.note:
                painter.setPen(faint)
                note = metrics.elidedText(lane.note, Qt.TextElideMode.ElideRight, self.width() - 12)
                painter.drawText(QRectF(8, y + 20, self.width() - 12, 18), note)
        painter.setPen(QPen(mid, 0))
        painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        painter.end()


class TimelineView(QGraphicsView):
    """The scene, its axis and lane names; zoom and pan."""

    zoom_requested = Signal(object, object, int)  # Zoom, the day to keep in place, its x

    def __init__(self, board: TimelineScene, parent: QWidget | None = None) -> None:
        super().__init__(board, parent)
        self.board = board
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setViewportMargins(LABEL_WIDTH, AXIS_HEIGHT, 0, 0)
        self.axis = _Axis(self)
        self.names = _LaneNames(self)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.names.update())
        board.layout_changed.connect(self._layout_changed)

    def _layout_changed(self) -> None:
        self.axis.update()
        self.names.update()
        self._scrolled()

    def _scrolled(self, _value: int = 0) -> None:
        """The axis follows; bars cut by the left edge write their titles where they show."""
        if not shiboken6.isValid(self.board):
            return  # the window is going
        self.axis.update()
        left = self.mapToScene(0, 0).x()
        old = self.board.visible_left
        self.board.visible_left = left
        height = self.sceneRect().height() + 1
        for x in {old, left}:
            for item in self.board.items(QRectF(x, self.sceneRect().top(), 1, height)):
                item.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The margins' widgets follow the viewport."""
        super().resizeEvent(event)
        port = self.viewport().geometry()
        self.axis.setGeometry(QRect(0, port.top() - AXIS_HEIGHT, port.right() + 1, AXIS_HEIGHT))
        self.names.setGeometry(
            QRect(port.left() - LABEL_WIDTH, port.top(), LABEL_WIDTH, port.height())
        )

    # ----- where things are -----------------------------------------------------------------------
    def visible_days(self) -> tuple[date, date]:
        """The first and last day shown."""
        left = self.mapToScene(0, 0).x()
        right = self.mapToScene(self.viewport().width(), 0).x()
        return self.board.scale.day_at(left), self.board.scale.day_at(right)

    def show_day(self, day: date, at: int | None = None) -> None:
        """Scroll so ``day`` is at viewport x ``at`` (default: a third in)."""
        x = self.board.scale.x(day)
        offset = self.viewport().width() // 3 if at is None else at
        # the scroll value is the scene x of the viewport's left edge (no transform here)
        self.horizontalScrollBar().setValue(int(x - offset))

    def day_at(self, viewport_x: int) -> date:
        """The day under viewport x ``viewport_x``."""
        return self.board.scale.day_at(self.mapToScene(viewport_x, 0).x())

    def fit_zoom(self, first: date, last: date) -> Zoom:
        """The closest zoom at which ``first``..``last`` fit the viewport."""
        days = max((last - first).days + 1, 1)
        width = max(self.viewport().width(), 100)
        for zoom in Zoom:
            if days * zoom.day_width <= width:
                return zoom
        return Zoom.QUARTER

    # ----- input ----------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms around the day under the mouse; the wheel alone scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y()
            if steps:
                x = int(event.position().x())
                zoom = self.board.scale.zoom
                wanted = zoom.closer() if steps > 0 else zoom.farther()
                self.zoom_requested.emit(wanted, self.day_at(x), x)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+ and - zoom around the middle; arrows pan; Alt+arrows move the current bar a day
        (with Shift: its end only, with Ctrl: its start only); Ctrl+Up/Down focus another
        lane (where Ctrl+N creates)."""
        key = event.key()
        mods = event.modifiers()
        if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            mode = DragMode.MOVE
            if mods & Qt.KeyboardModifier.ShiftModifier:
                mode = DragMode.END
            elif mods & Qt.KeyboardModifier.ControlModifier:
                mode = DragMode.START
            if self.board.nudge(1 if key == Qt.Key.Key_Right else -1, mode):
                event.accept()
                return
        middle = self.viewport().width() // 2
        zoom = self.board.scale.zoom
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_requested.emit(zoom.closer(), self.day_at(middle), middle)
        elif key == Qt.Key.Key_Minus:
            self.zoom_requested.emit(zoom.farther(), self.day_at(middle), middle)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and mods & Qt.KeyboardModifier.ControlModifier:
            self.board.move_focus_lane(1 if key == Qt.Key.Key_Down else -1)
        elif key == Qt.Key.Key_Left:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - PAN_STEP)
        elif key == Qt.Key.Key_Right:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + PAN_STEP)
        else:
            super().keyPressEvent(event)
            return
        event.accept()
