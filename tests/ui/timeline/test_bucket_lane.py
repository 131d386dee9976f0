"""The Milestones API lane in its scroll area: many buckets scroll, none is cut off."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from app.domain.timeline import Source, TimelineItem
from app.ui.timeline.buckets import BucketLane


def test_a_lane_wider_than_the_window_scrolls_to_its_last_chip(qtbot: QtBot) -> None:
    lane = BucketLane(120)
    buckets = [
        TimelineItem(Source.BUCKETS, "10004", str(n), f"Phase {n} of the rollout", position=n)
        for n in range(12)
    ]
    lane.set_buckets(buckets, {"0"})
    area = QScrollArea()
    qtbot.addWidget(area)
    area.setWidget(lane)
    area.setWidgetResizable(True)
    area.resize(600, lane.height() + 30)
    area.show()
    qtbot.waitExposed(area)
    last = lane.chip_rects()[-1]
    assert last.right() > area.viewport().width()  # more chips than the window holds
    assert lane.width() >= last.right()  # the lane is not squeezed: the last chip is drawn
    bar = area.horizontalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    assert bar.value() + area.viewport().width() >= last.right()
