"""The timeline's scene: lanes (a source of a project each), their bars, the grid and today.

Bars are kept by item key and reused: loading again, zooming or moving one bar updates the
bars there are instead of building new ones, and the grid and the today line are painted for
the exposed area only (no item per tick). The scene tells its owner, by signals, what the user
asks for: a changed item (drag), a new item on an empty spot (double-click), an item opened.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent, QWidget

from app.domain.timeline import (
    Scale,
    Source,
    TimelineItem,
    Zoom,
    fit_range,
    is_overdue,
    pack_spans,
    ticks,
)
from app.ui.kit.text import plain_tooltip
from app.ui.timeline.bars import MAX_LABEL, BarItem, DragMode, Shape, dragged, extent
from app.ui.timeline.colours import BarColours, bar_colours, overdue_colour, today_colour

__all__ = ["ROW_HEIGHT", "Lane", "TimelineScene", "details_text"]

_Placed = tuple[BarItem, int, float, Shape, QRectF]  # a bar, its row, left x, shape, extent

ROW_HEIGHT = 24.0
BAR_HEIGHT = 18.0
LANE_PAD = 6.0
ROW_GAP = 6.0  # pixels between neighbours in a row
ELIDED_KEPT = 20_000  # titles cut to a width, kept for the next paint
EDGE_DAYS = 45  # room beyond the content to drag into


@dataclass(eq=False)
class Lane:
    """One row band: a source of one project."""

    source: Source
    project: str
    label: str
    note: str = ""  # why the lane is empty or partial (the service's words)
    top: float = 0.0
    height: float = ROW_HEIGHT + 2 * LANE_PAD
    keys: list[str] = field(default_factory=list)

    @property
    def id(self) -> tuple[Source, str]:
        """The lane's identity."""
        return self.source, self.project


def details_text(item: TimelineItem, today: date, *, whole: bool = False) -> str:
    """What hovering an item says about it (plain text): its description's first line, or
    ``whole`` of it (the tooltip)."""
    if item.start and item.end and item.start != item.end:
        when = f"{item.start.isoformat()} → {item.end.isoformat()}"
    elif item.first:
        when = item.first.isoformat()
    else:
        when = "no date"
    parts = [f"{item.title} — {item.source.label}, {item.project}", when, f"state: {item.state}"]
    if is_overdue(item, today):
        parts.append("overdue")
    if not item.editable:
        parts.append("not editable here")
    text = " · ".join(parts)
    detail = item.detail.strip()
    if not whole and detail:
        detail = detail.splitlines()[0]
    return f"{text}\n{detail}" if detail else text


class TimelineScene(QGraphicsScene):
    """Lanes of bars on an axis of days."""

    change_requested = Signal(object, object)  # before, after (TimelineItem)
    create_requested = Signal(object, str, object)  # Source, project, date
    hovered = Signal(object)  # TimelineItem or None
    opened = Signal(object)  # TimelineItem
    layout_changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.scale = Scale(date(today.year, 1, 1), Zoom.WEEK)
        self.lanes: list[Lane] = []
        self.bars: dict[str, BarItem] = {}
        self._busy: set[str] = set()
        self.locked = False  # a save is on its way: nothing may be dragged until it ends
        self._colours: dict[tuple[object, ...], BarColours] = {}
        self._font = QFont()
        self.metrics = QFontMetricsF(self._font)
        self._label_widths: dict[str, float] = {}
        self._elided: dict[tuple[str, int], str] = {}
        # a lane's rows at a zoom, kept until its items change: zooming back costs no packing
        self._packed: dict[tuple[tuple[Source, str], Zoom], list[_Placed]] = {}
        self._days: tuple[date, date] | None = None  # what the items and today span
        self.overdue_pen = QPen()
        self.text_colour = QColor()
        self.current_colour = QColor()
        self.current: BarItem | None = None  # the bar the keys act on
        self._previewed: BarItem | None = None  # the bar last dragged (its rows are older)
        self._focus_lane: tuple[Source, str] | None = None  # where "New item here" creates
        self.visible_left = 0.0  # the scene x at the view's left edge (titles stay in sight)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.refresh_palette()

    # ----- what the bars ask ----------------------------------------------------------------------
    def font(self) -> QFont:
        """The font bars write with."""
        return self._font

    def label_width(self, title: str) -> float:
        """The width of a diamond's title (measured once per title)."""
        width = self._label_widths.get(title)
        if width is None:
            width = min(self.metrics.horizontalAdvance(title) + 12, MAX_LABEL)
            self._label_widths[title] = width
        return width

    def elided(self, title: str, width: float) -> str:
        """``title`` cut to ``width`` pixels (kept: zooming back writes the same titles)."""
        key = (title, int(width))
        text = self._elided.get(key)
        if text is None:
            if len(self._elided) > ELIDED_KEPT:
                self._elided.clear()
            text = self.metrics.elidedText(title, Qt.TextElideMode.ElideRight, key[1])
            self._elided[key] = text
        return text

    def colours_for(self, item: TimelineItem) -> BarColours:
        """The colours of ``item``'s bar (cached per source and state)."""
        key = (item.source, item.state)
        found = self._colours.get(key)
        if found is None:
            found = bar_colours(item.source, item.state, self.palette())
            self._colours[key] = found
        return found

    def busy(self, key: str) -> bool:
        """Whether a save of ``key`` is on its way (it cannot be dragged meanwhile)."""
        return self.locked or key in self._busy

    def set_busy(self, key: str, busy: bool) -> None:
        """Mark ``key`` as being saved (or not)."""
        if busy:
            self._busy.add(key)
        else:
            self._busy.discard(key)

    def hover(self, item: TimelineItem | None) -> None:
        """The mouse is over ``item`` (None: over nothing)."""
        self.hovered.emit(item)

    def open_item(self, item: TimelineItem) -> None:
        """The user double-clicked ``item``."""
        self.opened.emit(item)

    def preview(self, bar: BarItem, item: TimelineItem) -> None:
        """Show ``bar`` at ``item``'s days while it is dragged (in its row)."""
        bar.item = item
        self._previewed = bar
        self._place(bar)

    def request_change(self, before: TimelineItem, after: TimelineItem) -> None:
        """The user dropped a bar: its owner decides."""
        self.change_requested.emit(before, after)

    def choose(self, bar: BarItem | None) -> None:
        """Make ``bar`` the current one (outlined; Alt+arrows move it)."""
        old, self.current = self.current, bar
        for each in (old, bar):
            if each is not None:
                each.update()
        if bar is not None:
            self.set_focus_lane(self.lane_of(bar.item))
            self.hovered.emit(bar.item)

    def focus_lane(self) -> Lane | None:
        """The lane "New item here" creates in: the one last clicked or chosen, else the first."""
        found = next((la for la in self.lanes if la.id == self._focus_lane), None)
        return found or (self.lanes[0] if self.lanes else None)

    def set_focus_lane(self, lane: Lane | None) -> None:
        """Make ``lane`` the one "New item here" creates in."""
        self._focus_lane = lane.id if lane is not None else None
        self.layout_changed.emit()  # the lane names show which

    def move_focus_lane(self, step: int) -> None:
        """The next (``step`` 1) or previous (-1) lane becomes the focused one."""
        lane = self.focus_lane()
        if lane is not None:
            at = min(max(self.lanes.index(lane) + step, 0), len(self.lanes) - 1)
            self.set_focus_lane(self.lanes[at])

    def is_current(self, bar: BarItem) -> bool:
        """Whether ``bar`` is the current one."""
        return bar is self.current

    def nudge(self, days: int, mode: DragMode) -> bool:
        """Move the current bar (or one end of it) by ``days``, as a drag would; False if none
        is current or it cannot change now."""
        bar = self.current
        if bar is None or not bar.item.editable or self.busy(bar.key):
            return False
        before = bar.item
        after = dragged(before, mode, days)
        if (after.start, after.end) != (before.start, before.end):
            self.request_change(before, after)
        return True

    # ----- content --------------------------------------------------------------------------------
    def set_content(self, lanes: Sequence[Lane], items: Iterable[TimelineItem]) -> None:
        """Show ``lanes`` with ``items`` (each in its lane); bars are reused by key."""
        self.lanes = list(lanes)
        for lane in self.lanes:
            lane.keys.clear()
        by_lane = {lane.id: lane for lane in self.lanes}
        wanted: dict[str, TimelineItem] = {}
        for item in items:
            home = by_lane.get((item.source, item.project))
            if home is not None and item.dated:
                wanted[item.key] = item
                home.keys.append(item.key)
        for key in [k for k in self.bars if k not in wanted]:
            gone = self.bars.pop(key)
            if gone is self.current:
                self.current = None
            self.removeItem(gone)
        for key, item in wanted.items():
            bar = self.bars.get(key)
            if bar is None:
                bar = BarItem(self, item)
                self.bars[key] = bar
                self.addItem(bar)
            self._set_item(bar, item)
        self._packed.clear()
        self._days = None
        self.relayout()

    def update_item(self, item: TimelineItem) -> None:
        """Show ``item`` as it is now (a save's answer, an undo); its lane packs again."""
        bar = self.bars.get(item.key)
        if bar is None:
            return
        self._set_item(bar, item)
        self._forget(item.source, item.project)
        self.relayout()

    def _forget(self, source: Source, project: str) -> None:
        """A lane's items changed: its rows are packed again at every zoom."""
        for lane_zoom in [k for k in self._packed if k[0] == (source, project)]:
            del self._packed[lane_zoom]
        self._days = None

    def item(self, key: str) -> TimelineItem | None:
        """The item shown for ``key``."""
        bar = self.bars.get(key)
        return bar.item if bar is not None else None

    def items_shown(self) -> list[TimelineItem]:
        """Every dated item on the timeline, lane by lane."""
        return [self.bars[k].item for lane in self.lanes for k in lane.keys if k in self.bars]

    def set_today(self, today: date) -> None:
        """Another day has come: the today line moves and overdue is judged again."""
        if today == self.today:
            return
        self.today = today
        for bar in self.bars.values():
            self._set_item(bar, bar.item)
        self._days = None  # the axis holds today too
        self.relayout()

    def _set_item(self, bar: BarItem, item: TimelineItem) -> None:
        bar.item = item
        bar.overdue = is_overdue(item, self.today)
        bar.setToolTip(plain_tooltip(details_text(item, self.today, whole=True)) or "")
        bar.update()

    # ----- geometry -------------------------------------------------------------------------------
    def set_zoom(self, zoom: Zoom) -> None:
        """Change how many pixels a day takes; every bar moves, none is rebuilt."""
        if zoom is self.scale.zoom:
            return
        self.scale = Scale(self.scale.origin, zoom)
        self.relayout()

    def relayout(self) -> None:
        """Rows packed per lane (once per zoom until the lane changes), lanes stacked, every bar
        placed."""
        top = 0.0
        # the index is rebuilt once afterwards rather than updated for every bar that moves
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        for lane in self.lanes:
            lane.top = top
            placed = self._packed.get((lane.id, self.scale.zoom))
            if placed is None:
                placed = self._pack(lane)
                self._packed[(lane.id, self.scale.zoom)] = placed
            count = max((entry[1] for entry in placed), default=0) + 1
            lane.height = count * ROW_HEIGHT + 2 * LANE_PAD
            row_top = self._row_top(lane, 0)
            for bar, row, left, shape, rect in placed:
                bar.row = row
                bar.put(left, row_top + row * ROW_HEIGHT, shape, rect)
            top += lane.height
        dragged = self._previewed
        if dragged is not None and self.bars.get(dragged.key) is dragged:
            self._place(dragged)  # zoomed while dragging: where the mouse has it, not its row's
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        if self._days is None:
            self._days = fit_range(self.items_shown(), self.today, margin_days=EDGE_DAYS)
        first, last = self._days
        x0, x1 = self.scale.x(first), self.scale.x(last)
        self.setSceneRect(QRectF(x0, 0, max(x1 - x0, 1.0), max(top, ROW_HEIGHT)))
        self.update()
        self.layout_changed.emit()

    def _pack(self, lane: Lane) -> list[_Placed]:
        """Each bar of ``lane`` with its row, left x, shape and extent at this zoom: packed in
        pixels, so a title written beside a short bar keeps its room."""
        dw = self.scale.day_width
        origin = self.scale.origin.toordinal()
        spans: list[tuple[str, float, float]] = []
        found: list[tuple[BarItem, float, Shape, QRectF]] = []
        for key in lane.keys:
            bar = self.bars.get(key)
            if bar is None:
                continue
            first, after = bar.days
            left = (first - origin) * dw
            shape = (
                max((after - first) * dw, 1.0),
                BAR_HEIGHT,
                self.label_width(bar.item.title),
                not bar.item.is_range,
            )
            rect = extent(*shape)
            # a diamond wider than its day reaches left of it too
            spans.append((key, left + rect.left(), left + rect.right() - 1))
            found.append((bar, left, shape, rect))
        rows = pack_spans(spans, ROW_GAP)
        return [(bar, rows.get(bar.key, 0), left, shape, rect) for bar, left, shape, rect in found]

    @staticmethod
    def _row_top(lane: Lane, row: int) -> float:
        return lane.top + LANE_PAD + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2

    def _place(self, bar: BarItem) -> None:
        lane = self.lane_of(bar.item)
        span = self.scale.span(bar.item)
        if lane is None or span is None:
            return
        bar.place(span[0], span[1], self._row_top(lane, bar.row), BAR_HEIGHT)

    def lane_of(self, item: TimelineItem) -> Lane | None:
        """The lane ``item`` is drawn in."""
        return next((la for la in self.lanes if la.id == (item.source, item.project)), None)

    def lane_at(self, y: float) -> Lane | None:
        """The lane at height ``y``."""
        return next((la for la in self.lanes if la.top <= y < la.top + la.height), None)

    def fit(self) -> tuple[date, date]:
        """The days every item and today take (with a little room)."""
        return fit_range(self.items_shown(), self.today, margin_days=3)

    # ----- painting -------------------------------------------------------------------------------
    def refresh_palette(self) -> None:
        """Colours follow the palette (light or dark)."""
        self._colours.clear()
        palette = self.palette()
        self.overdue_pen = QPen(overdue_colour(palette), 2.0)
        self.text_colour = palette.color(QPalette.ColorRole.Text)
        self.current_colour = palette.color(QPalette.ColorRole.Highlight)
        for bar in self.bars.values():
            bar.update()
        self.update()

    def event(self, event: QEvent) -> bool:
        """Light or dark: the colours are chosen again."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.refresh_palette()
        return super().event(event)

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """Lane bands, the day grid and the today line for the exposed area only."""
        rect = QRectF(rect)
        palette = self.palette()
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
        alternate = palette.color(QPalette.ColorRole.AlternateBase)
        for n, lane in enumerate(self.lanes):
            if n % 2 and lane.top < rect.bottom() and lane.top + lane.height > rect.top():
                painter.fillRect(
                    QRectF(rect.left(), lane.top, rect.width(), lane.height), alternate
                )
        grid = palette.color(QPalette.ColorRole.Mid)
        minor = QPen(grid, 0)
        minor.setStyle(Qt.PenStyle.DotLine)
        major = QPen(grid, 0)
        first = self.scale.day_at(rect.left()) - timedelta(days=1)
        last = self.scale.day_at(rect.right()) + timedelta(days=1)
        for tick in ticks(self.scale, first, last):
            painter.setPen(major if tick.major else minor)
            painter.drawLine(int(tick.x), int(rect.top()), int(tick.x), int(rect.bottom()) + 1)
        x = self.scale.x(self.today) + self.scale.day_width / 2
        if rect.left() - 2 <= x <= rect.right() + 2:
            painter.setPen(QPen(today_colour(palette), 2))
            painter.drawLine(int(x), int(rect.top()), int(x), int(rect.bottom()) + 1)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """A press on an empty spot of a lane makes it the focused one (then the view pans)."""
        super().mousePressEvent(event)
        if self.itemAt(event.scenePos(), self.views()[0].transform()) is None:
            lane = self.lane_at(event.scenePos().y())
            if lane is not None:
                self.set_focus_lane(lane)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """A double-click on an empty spot of a lane asks to create an item on that day."""
        super().mouseDoubleClickEvent(event)
        if event.isAccepted() and self.itemAt(event.scenePos(), self.views()[0].transform()):
            return
        lane = self.lane_at(event.scenePos().y())
        if lane is not None:
            self.create_requested.emit(
                lane.source, lane.project, self.scale.day_at(event.scenePos().x())
            )
            event.accept()
