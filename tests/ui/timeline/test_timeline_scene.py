"""The timeline scene on its own, in a shown view: rows packed once per zoom still never let two
bars (or a bar and a title written beside it) overlap, whichever zoom, however often zoomed back
and forth, and after an item moved; the today line and overdue marks follow the date."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from app.domain.timeline import ItemState, Source, TimelineItem, Zoom
from app.ui.timeline.scene import Lane, TimelineScene
from app.ui.timeline.view import TimelineView

TODAY = date(2026, 11, 2)


def _content() -> tuple[list[Lane], list[TimelineItem]]:
    rng = random.Random(7)
    lanes = [Lane(Source.VERSION, "ABC", "ABC · Versions"), Lane(Source.SPRINT, "ABC", "Sprints")]
    items = []
    for lane in lanes:
        for n in range(80):
            start = TODAY + timedelta(days=rng.randrange(-200, 200))
            single = rng.random() < 0.25
            end = start if single else start + timedelta(days=rng.randint(1, 30))
            title = "A much longer title than the bar" if n % 3 else f"{n}"
            items.append(
                TimelineItem(lane.source, lane.project, str(n), title, start, end, ItemState.OPEN)
            )
    return lanes, items


def _overlaps(scene: TimelineScene) -> list[tuple[str, str]]:
    found = []
    for lane in scene.lanes:
        bars = [scene.bars[k] for k in lane.keys]
        for a, b in itertools.combinations(bars, 2):
            if a.row == b.row and a.sceneBoundingRect().intersects(b.sceneBoundingRect()):
                found.append((a.key, b.key))
    return found


def _view(qtbot: QtBot) -> tuple[TimelineScene, TimelineView]:
    scene = TimelineScene(TODAY)
    view = TimelineView(scene)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    return scene, view


def test_no_overlaps_at_any_zoom_back_and_forth_and_after_a_move(qtbot: QtBot) -> None:
    scene, _shown = _view(qtbot)
    lanes, items = _content()
    scene.set_content(lanes, items)
    heights: dict[Zoom, list[float]] = {}
    for zoom in [*Zoom, *reversed(Zoom), *Zoom]:
        scene.set_zoom(zoom)
        assert _overlaps(scene) == [], zoom
        lane_heights = [lane.height for lane in scene.lanes]
        assert heights.setdefault(zoom, lane_heights) == lane_heights  # the same rows again
    # a moved item packs its lane again at every zoom: nothing lands on it
    moved = items[5].shifted(3)
    scene.update_item(moved)
    for zoom in Zoom:
        scene.set_zoom(zoom)
        assert _overlaps(scene) == [], zoom
        left, right = scene.scale.span(moved) or (0.0, 0.0)
        bar = scene.bars[moved.key]
        assert (bar.x(), bar.bar_width) == (left, right - left)


def test_a_bar_zoomed_while_dragged_stays_where_the_mouse_has_it(qtbot: QtBot) -> None:
    scene, _shown = _view(qtbot)
    lanes, items = _content()
    scene.set_content(lanes, items)
    for zoom in Zoom:  # every zoom's rows are packed (and kept)
        scene.set_zoom(zoom)
    bar = scene.bars[items[0].key]
    moved = items[0].shifted(9)
    scene.preview(bar, moved)  # what a drag shows before the drop
    for zoom in (Zoom.DAY, Zoom.QUARTER):
        scene.set_zoom(zoom)
        left, right = scene.scale.span(moved) or (0.0, 0.0)
        assert (bar.x(), bar.bar_width) == (left, right - left)
