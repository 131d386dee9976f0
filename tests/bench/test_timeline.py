"""Benchmark: the Timeline with 2,000 items over three years: time to draw, frame time while
panning and while zooming.

Twenty lanes (four sources x five projects) of 100 items each, ranges of 1 to 40 days and single
days, spread over three years, in a 1280x720 view shown on the running platform. Measured:

- draw: the items pushed in (bars built, rows packed) and the first frame painted;
- pan: one frame = the view scrolled 40 px and its whole viewport painted (100 frames, at the
  week and the quarter zoom);
- zoom: one step (every bar moved, rows packed again, the frame painted), through the zooms.

Baseline, in the same run: the same items as Qt's stock ``QGraphicsRectItem`` +
``QGraphicsSimpleTextItem`` in one plain scene (no rows, no axis, no lane names), zoomed by the
view's transform, which is the cheapest way Qt offers. Medians and 90th percentiles in ms.
Run with ``make bench``.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)
from pytestqt.qtbot import QtBot

from app.domain.timeline import ItemState, Scale, Source, TimelineItem, Zoom
from app.ui.timeline.scene import Lane, TimelineScene
from app.ui.timeline.view import TimelineView

ITEMS = 2000
TODAY = date(2026, 11, 2)
FIRST = date(2025, 1, 1)
DAYS = 3 * 365
PAN_FRAMES = 100
PAN_STEP = 40
SOURCES = (Source.PM_APP, Source.VERSION, Source.SPRINT, Source.PM_APP)
PROJECTS = ("ABC", "DEF", "GHI", "JKL", "MNO")


def _items() -> tuple[list[Lane], list[TimelineItem]]:
    rng = random.Random(12)
    lanes: list[Lane] = []
    items: list[TimelineItem] = []
    for project in PROJECTS:
        for n, source in enumerate(SOURCES):
            lane_project = f"{project}{n}" if n == 3 else project
            lanes.append(Lane(source, lane_project, f"{project} · {source.label}"))
            for k in range(ITEMS // (len(PROJECTS) * len(SOURCES))):
                start = FIRST + timedelta(days=rng.randrange(DAYS))
                single = rng.random() < 0.2
                end = start if single else start + timedelta(days=rng.randint(1, 40))
                items.append(
                    TimelineItem(
                        source,
                        lane_project,
                        f"{k}",
                        f"{source.label} {k}",
                        None if single else start,
                        end,
                        rng.choice(list(ItemState)),
                    )
                )
    return lanes, items


def _flush() -> None:
    QApplication.processEvents()


def _timed(view: QGraphicsView, step: Callable[[], None]) -> float:
    """The step, then a whole frame painted (the worst case: nothing reused from the last)."""
    _flush()
    started = time.perf_counter()
    step()
    view.viewport().repaint()
    return (time.perf_counter() - started) * 1000


def _pan(view: QGraphicsView) -> list[float]:
    bar = view.horizontalScrollBar()
    frames = []
    for _ in range(PAN_FRAMES):
        value = bar.value() + PAN_STEP
        if value >= bar.maximum():
            value = bar.minimum()
        frames.append(_timed(view, lambda value=value: bar.setValue(value)))
    return frames


def _row(name: str, jade: list[float], base: list[float]) -> None:
    def fig(values: list[float]) -> str:
        median = statistics.median(values)
        p90 = statistics.quantiles(values, n=10)[-1] if len(values) > 2 else max(values)
        return f"{median:8.2f} {p90:8.2f}"

    print(f"  {name:<34} {fig(jade)}   {fig(base)}")


def _baseline(
    items: list[TimelineItem], lanes: list[Lane]
) -> tuple[QGraphicsView, QGraphicsScene, float]:
    scale = Scale(date(TODAY.year, 1, 1), Zoom.WEEK)
    top = {lane.id: n * 40.0 for n, lane in enumerate(lanes)}
    scene = QGraphicsScene()
    view = QGraphicsView(scene)
    view.resize(1280, 720)
    view.show()
    started = time.perf_counter()
    for item in items:
        left, right = scale.span(item) or (0.0, 1.0)
        y = top[(item.source, item.project)]
        rect = QGraphicsRectItem(QRectF(left, y, max(right - left, 2.0), 18))
        rect.setBrush(QBrush(QColor("#c8e6c9")))
        text = QGraphicsSimpleTextItem(item.title, rect)
        text.setPos(left + 4, y + 1)
        scene.addItem(rect)
    view.centerOn(scale.x(TODAY), 0)
    _flush()
    return view, scene, (time.perf_counter() - started) * 1000


def test_timeline_2000_items(qtbot: QtBot) -> None:
    lanes, items = _items()
    scene = TimelineScene(TODAY)
    view = TimelineView(scene)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    qtbot.waitExposed(view)
    started = time.perf_counter()
    scene.set_content(lanes, items)
    view.show_day(TODAY)
    _flush()
    draw_ms = (time.perf_counter() - started) * 1000
    base_view, base_scene, base_draw_ms = _baseline(items, lanes)
    qtbot.addWidget(base_view)
    qtbot.waitExposed(base_view)

    print(
        f"\nTimeline, {len(scene.bars):,} items in {len(scene.lanes)} lanes over three years, "
        f"view 1280x720 ({QApplication.platformName()})"
    )
    print(f"  {'':<34} {'Jade':>17}   {'stock items + transform':>17}")
    print(f"  {'':<34} {'median':>8} {'p90':>8}   {'median':>8} {'p90':>8}")
    _row("draw: items in, first frame (ms)", [draw_ms], [base_draw_ms])
    scene.set_zoom(Zoom.WEEK)
    _flush()
    _row("pan at weeks, per frame (ms)", _pan(view), _pan(base_view))
    scene.set_zoom(Zoom.QUARTER)
    base_view.scale(Zoom.QUARTER.day_width / Zoom.WEEK.day_width, 1)
    _flush()
    _row("pan at quarters, per frame (ms)", _pan(view), _pan(base_view))
    zooms: list[float] = []
    base_zooms: list[float] = []
    order = [Zoom.MONTH, Zoom.WEEK, Zoom.DAY, Zoom.WEEK, Zoom.MONTH, Zoom.QUARTER] * 3
    current = Zoom.QUARTER
    for zoom in order:
        zooms.append(_timed(view, lambda zoom=zoom: scene.set_zoom(zoom)))
        factor = zoom.day_width / current.day_width
        base_zooms.append(_timed(base_view, lambda factor=factor: base_view.scale(factor, 1)))
        current = zoom
    _row("zoom one step, frame painted (ms)", zooms, base_zooms)
    assert len(scene.bars) == ITEMS
    assert len(base_scene.items()) == 2 * ITEMS
    assert all(lane.height > 0 for lane in scene.lanes)
