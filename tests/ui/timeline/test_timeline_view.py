"""The Timeline as the user handles it: zoom by wheel and keys, hover details, overdue marks,
a new version by double-click, the exports, deleting a bucket with its tasks moved."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app.domain.timeline import Source, Zoom
from app.sandbox import Flavour as SandboxFlavour
from app.ui.kit.settings import TIMELINE_ZOOM
from app.ui.timeline.colours import today_colour
from app.ui.timeline.controller import TimelineController
from app.ui.timeline.dialogs import ItemDialog
from tests.ui.conftest import activate
from tests.ui.harness import ANCHOR, Harness, make_site
from tests.ui.timeline.timeline_fixture import add_services, connect_with_services, open_timeline


def _today_pixels(timeline: TimelineController, day: date) -> int:
    """How many pixels of the today line's colour the viewport shows in ``day``'s middle."""
    view, scene = timeline.view, timeline.scene
    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    x = view.mapFromScene(QPointF(scene.scale.x(day) + scene.scale.day_width / 2, 0)).x()
    colour = today_colour(view.palette()).rgb()
    return sum(
        image.pixel(column, y) == colour
        for column in (x - 1, x, x + 1)
        for y in range(image.height())
    )


def _wheel(widget: object, at: QPoint, up: bool, ctrl: bool) -> None:
    event = QWheelEvent(
        QPointF(at),
        QPointF(at),
        QPoint(0, 0),
        QPoint(0, 120 if up else -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)  # type: ignore[arg-type]


def test_ctrl_wheel_zooms_around_the_mouse_and_keys_zoom_too(
    harness: Harness, qtbot: QtBot
) -> None:
    harness.connect(make_site(SandboxFlavour.CLOUD, projects=3, issues=80))
    timeline = open_timeline(harness)
    view = timeline.view
    timeline.zoom_to(Zoom.MONTH)
    at = QPoint(view.viewport().width() // 2 + 100, 40)
    day = view.day_at(at.x())
    _wheel(view.viewport(), at, up=True, ctrl=True)
    assert timeline.scene.scale.zoom is Zoom.WEEK
    assert timeline.pane.zoom.currentText() == "Weeks"
    assert abs((view.day_at(at.x()) - day).days) <= 1  # the day under the mouse stays there
    activate(qtbot, harness.window)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert timeline.scene.scale.zoom is Zoom.DAY
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert timeline.scene.scale.zoom is Zoom.MONTH
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # fit
    first, last = timeline.scene.fit()
    shown_first, shown_last = view.visible_days()
    assert shown_first <= first and (
        shown_last >= last or timeline.scene.scale.zoom is Zoom.QUARTER
    )
    assert timeline.settings.get(TIMELINE_ZOOM) == timeline.scene.scale.zoom.value
    timeline.pane.zoom.setCurrentIndex(timeline.pane.zoom.findText("Days"))  # the user's pick
    assert timeline.scene.scale.zoom is Zoom.DAY


def test_hover_shows_the_details_and_overdue_items_are_marked(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.CLOUD, projects=3, issues=80)
    # a version that should have been released a week ago
    late = next(v for v in site.store.versions.values() if not v.released)
    late.start_date, late.release_date = ANCHOR - timedelta(days=30), ANCHOR - timedelta(days=7)
    harness.connect(site)
    timeline = open_timeline(harness)
    bar = next(b for b in timeline.scene.bars.values() if b.item.ref == str(late.id))
    assert bar.overdue
    assert bar.item.source is Source.VERSION
    view = timeline.view
    view.centerOn(bar)
    point = view.mapFromScene(bar.mapToScene(bar.boundingRect().center()))
    qtbot.mouseMove(view.viewport(), point)
    harness.wait(lambda: late.name in timeline.pane.details.text())
    text = timeline.pane.details.text()
    assert "overdue" in text and late.release_date.isoformat() in text  # type: ignore[union-attr]
    assert timeline.pane.details.textFormat() is Qt.TextFormat.PlainText


def test_double_click_on_an_empty_spot_creates_a_version_there(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.CLOUD, projects=3, issues=80)
    harness.connect(site)
    timeline = open_timeline(harness)
    lane = next(la for la in timeline.scene.lanes if la.source is Source.VERSION)
    day = ANCHOR + timedelta(days=400)  # far right: nothing there yet
    timeline.zoom_to(Zoom.WEEK, day, 200)
    view = timeline.view
    spot = view.mapFromScene(QPointF(timeline.scene.scale.x(day) + 2, lane.top + 3))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    dialog = timeline.changes.last_dialog
    assert isinstance(dialog, ItemDialog)
    assert dialog.start.value() == day
    dialog.title_edit.setText("9.9 Launch")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    harness.idle()
    made = next(v for v in site.store.versions.values() if v.name == "9.9 Launch")
    assert made.start_date == day and made.release_date == day + timedelta(days=13)
    assert any(b.item.title == "9.9 Launch" for b in timeline.scene.bars.values())


def test_an_end_before_the_start_is_refused_in_the_form(harness: Harness, qtbot: QtBot) -> None:
    site = make_site(SandboxFlavour.CLOUD, projects=3, issues=80)
    harness.connect(site)
    timeline = open_timeline(harness)
    count = len(site.store.versions)
    key = timeline.pane.projects.chosen[0]
    timeline.changes.create_item(Source.VERSION, key, ANCHOR)
    dialog = timeline.changes.last_dialog
    assert isinstance(dialog, ItemDialog)
    dialog.title_edit.setText("Backwards")
    dialog.end.set_value(ANCHOR - timedelta(days=1))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "is before the start" in dialog.errors["end"].text()
    assert len(site.store.versions) == count
    dialog.reject()


def test_exports_write_the_timeline(harness: Harness, qtbot: QtBot, tmp_path: Path) -> None:
    connect_with_services(harness)
    timeline = harness.shell.pane("timeline")
    assert isinstance(timeline, TimelineController)
    for make, name in (
        (timeline.export.csv, "items.csv"),
        (timeline.export.png, "shot.png"),
        (timeline.export.svg, "shot.svg"),
    ):
        make()
        dialog = timeline.export.dialog
        assert dialog is not None
        dialog.selectFile(str(tmp_path / name))
        dialog.accept()
        harness.idle()
    with (tmp_path / "items.csv").open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:4] == ["source", "project", "id", "title"]
    sources = {row[0] for row in rows[1:]}
    assert sources == {"pm-app", "version", "sprint", "milestones-api"}
    assert (tmp_path / "shot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "shot.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Jade timeline" in svg


def test_deleting_a_bucket_says_how_many_tasks_and_moves_them(
    harness: Harness, qtbot: QtBot
) -> None:
    site, timeline = connect_with_services(harness)
    lane = timeline.pane.buckets
    bucket = max(
        (b for b in lane.buckets if b.ref not in lane.system_ids), key=lambda b: b.count or 0
    )
    book = site.store.milestones
    project = int(bucket.project)
    default = book.system_bucket(project)
    assert default is not None
    held, count = default.tasks_count, bucket.count or 0
    lane.delete_requested.emit(bucket)
    box = timeline.changes.last_dialog
    assert isinstance(box, QMessageBox)
    assert f"holds {count} task" in box.text()
    move = next(
        b
        for b in box.buttons()
        if isinstance(b, QPushButton) and b.text().startswith(f"Move {count} task")
    )
    move.click()
    harness.idle()
    assert int(bucket.ref) not in book.buckets
    assert default.tasks_count == held + count
    assert bucket.ref not in {b.ref for b in lane.buckets}  # the lane was read again


def test_a_source_that_fails_says_why_in_its_lanes_and_the_others_show(
    harness: Harness,
) -> None:
    site = make_site(SandboxFlavour.CLOUD, projects=3, issues=80)
    profile = harness.add_profile(site)
    app, _api = add_services(harness, site)
    harness.secrets.set_blocking(app.id, "a-wrong-token")
    harness.shell.select_site(profile.id)
    harness.wait(lambda: harness.projects.pane.model.rowCount() > 0)
    timeline = open_timeline(harness)
    harness.wait(lambda: timeline.pane.buckets.buckets)
    harness.idle()
    app_lanes = [la for la in timeline.scene.lanes if la.source is Source.PM_APP]
    assert app_lanes and all(la.note.startswith("Milestones (app): ") for la in app_lanes)
    assert not any(b.item.source is Source.PM_APP for b in timeline.scene.bars.values())
    assert any(b.item.source is Source.VERSION for b in timeline.scene.bars.values())
    assert timeline.pane.buckets.buckets  # the Milestones API still answered


def test_past_midnight_the_today_line_moves_and_overdue_is_judged_again(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.CLOUD, projects=3, issues=80)
    due = next(v for v in site.store.versions.values() if not v.released)
    due.start_date, due.release_date = ANCHOR - timedelta(days=20), ANCHOR  # due today
    harness.connect(site)
    timeline = open_timeline(harness)
    bar = next(b for b in timeline.scene.bars.values() if b.item.ref == str(due.id))
    assert not bar.overdue
    watch = timeline.day_watch
    now = [datetime.combine(ANCHOR, time(23, 59, 30))]
    watch.clock = lambda: now[0]
    watch.day = ANCHOR
    watch.start()  # armed for just after midnight, half a minute away
    assert watch.timer.isActive() and 30_000 <= watch.timer.interval() <= 31_000
    watch.timer.timeout.emit()  # too early (the clock says 23:59:30): nothing changes
    assert timeline.today == ANCHOR and not bar.overdue
    now[0] = datetime.combine(ANCHOR + timedelta(days=1), time(0, 0, 1))
    watch.timer.timeout.emit()  # the timer fires past midnight
    tomorrow = ANCHOR + timedelta(days=1)
    assert timeline.today == tomorrow and timeline.scene.today == tomorrow
    assert bar.overdue and "overdue" in bar.toolTip()
    timeline.zoom_to(Zoom.DAY)
    timeline.go_to_today()
    assert _today_pixels(timeline, ANCHOR) == 0
    assert _today_pixels(timeline, tomorrow) > _today_pixels(timeline, ANCHOR)  # the line moved
    assert watch.timer.isActive() and watch.timer.interval() == 3_600_000  # armed again
