"""Timeline edits against the sandbox's milestone services: a resized milestone is saved, a
refusal puts the bar back with the app's words, undo and redo send the dates again, a reorder
of the Milestones API lane sends the new positions, and the system bucket is not deleted."""

from __future__ import annotations

from datetime import timedelta

import httpx
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.timeline import Source, Zoom
from app.ui.kit.text import Tone
from app.ui.timeline.bars import HANDLE
from app.ui.timeline.controller import TimelineController
from app.ui.timeline.dialogs import BucketDialog, ItemDialog
from tests.ui.conftest import activate
from tests.ui.harness import ANCHOR, Harness
from tests.ui.timeline.timeline_fixture import bar_of, connect_with_services, drag


def test_the_four_sources_show(harness: Harness) -> None:
    site, timeline = connect_with_services(harness)
    sources = {bar.item.source for bar in timeline.scene.bars.values()}
    assert {Source.PM_APP, Source.VERSION, Source.SPRINT} <= sources
    lane = timeline.pane.buckets
    project = timeline.shown.bucket_project if timeline.shown else 0
    expected = site.store.milestones.project_buckets(project)
    assert [int(b.ref) for b in lane.buckets] == [b.id for b in expected]
    assert [b.count for b in lane.buckets] == [b.tasks_count for b in expected]


def test_drag_resize_of_a_milestone_bar_saves_the_new_dates(harness: Harness, qtbot: QtBot) -> None:
    site, timeline = connect_with_services(harness)
    bar = bar_of(timeline, Source.PM_APP)
    before = bar.item
    assert before.start is not None and before.end is not None
    drag(qtbot, timeline, bar, HANDLE / 2, int(-2 * timeline.scene.scale.day_width))
    harness.idle()
    stored = site.store.milestones.app[int(before.ref)]
    assert stored.start == before.start - timedelta(days=2)
    assert stored.end == before.end
    assert timeline.scene.item(before.key).start == stored.start  # type: ignore[union-attr]
    assert timeline.edits.stack.canUndo()


def test_a_refused_save_puts_the_bar_back_with_the_apps_words(
    harness: Harness, qtbot: QtBot
) -> None:
    site, timeline = connect_with_services(harness)
    bar = bar_of(timeline, Source.PM_APP)
    before = bar.item
    assert before.end is not None
    # someone else moved the start on: the end Jade sends is now before it
    stored = site.store.milestones.app[int(before.ref)]
    stored.start = before.end - timedelta(days=1)
    drag(
        qtbot,
        timeline,
        bar,
        bar.bar_width - HANDLE / 2,
        int(-3 * timeline.scene.scale.day_width),
    )
    harness.idle()
    assert stored.end == before.end  # nothing changed on the server
    assert timeline.scene.item(before.key) == before  # the bar is back
    message = timeline.pane.message
    assert "The end date must not be before the start date." in message.text()
    assert message.tone is Tone.ERROR
    assert not timeline.edits.stack.canUndo()  # nothing to undo


def test_undo_and_redo_send_the_dates_again(harness: Harness, qtbot: QtBot) -> None:
    site, timeline = connect_with_services(harness)
    bar = bar_of(timeline, Source.VERSION)
    before = bar.item
    assert before.start is not None and before.end is not None
    drag(
        qtbot,
        timeline,
        bar,
        bar.bar_width / 2,
        int(5 * timeline.scene.scale.day_width),
    )
    harness.idle()
    version = site.store.versions[int(before.ref)]
    assert version.start_date == before.start + timedelta(days=5)
    assert version.release_date == before.end + timedelta(days=5)
    activate(qtbot, harness.window)
    timeline.view.setFocus()
    qtbot.keyClick(timeline.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    harness.idle()
    assert (version.start_date, version.release_date) == (before.start, before.end)
    assert timeline.scene.item(before.key).start == before.start  # type: ignore[union-attr]
    qtbot.keyClick(
        timeline.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    harness.idle()
    assert version.start_date == before.start + timedelta(days=5)
    assert timeline.scene.item(before.key).start == version.start_date  # type: ignore[union-attr]


def test_reorder_in_the_buckets_lane_sends_the_new_positions(
    harness: Harness, qtbot: QtBot
) -> None:
    site, timeline = connect_with_services(harness)
    lane = timeline.pane.buckets
    before = lane.ids()
    sent: list[httpx.Request] = []
    gate = harness.gates["https://jira.test"]
    gate.hold(lambda r: r.method == "PUT" and sent.append(r) is None and False)
    rects = lane.chip_rects()
    start = rects[0].center().toPoint()
    end = QPoint(int(rects[-1].right()) - 2, start.y())
    qtbot.mousePress(lane, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(lane, start + (end - start) * step / 5)
    qtbot.mouseRelease(lane, Qt.MouseButton.LeftButton, pos=end)
    harness.idle()
    wanted = [*before[1:], before[0]]
    assert lane.ids() == wanted
    assert sent and sent[-1].url.path.endswith("/api/milestones/positions")
    assert sent[-1].content.decode().count("milestones%5B%5D=") == len(wanted)
    project = timeline.shown.bucket_project if timeline.shown else 0
    stored = site.store.milestones.project_buckets(project)
    assert [b.id for b in stored] == wanted
    assert [b.position for b in stored] == list(range(1, len(wanted) + 1))
    activate(qtbot, harness.window)
    lane.setFocus()
    qtbot.keyClick(lane, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the reorder
    harness.idle()
    assert lane.ids() == before
    assert [b.id for b in site.store.milestones.project_buckets(project)] == before


def test_the_system_bucket_is_not_deleted_and_the_lane_says_why(harness: Harness) -> None:
    site, timeline = connect_with_services(harness)
    lane = timeline.pane.buckets
    system = next(b for b in lane.buckets if b.ref in lane.system_ids)
    count = len(site.store.milestones.buckets)
    lane.delete_requested.emit(system)
    harness.idle()
    assert (
        "cannot" in timeline.pane.message.text()
        or "does not delete" in timeline.pane.message.text()
    )
    assert len(site.store.milestones.buckets) == count


def test_alt_arrows_move_the_clicked_bar_a_day(harness: Harness, qtbot: QtBot) -> None:
    site, timeline = connect_with_services(harness)
    bar = bar_of(timeline, Source.PM_APP)
    before = bar.item
    assert before.start is not None and before.end is not None
    view = timeline.view
    view.centerOn(bar)
    point = view.mapFromScene(bar.mapToScene(bar.boundingRect().center()))
    activate(qtbot, harness.window)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert timeline.scene.current is bar
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    harness.idle()
    stored = site.store.milestones.app[int(before.ref)]
    assert (stored.start, stored.end) == (
        before.start + timedelta(days=1),
        before.end + timedelta(days=1),
    )
    alt_shift = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_Left, alt_shift)  # the end only
    harness.idle()
    assert (stored.start, stored.end) == (before.start + timedelta(days=1), before.end)
    assert timeline.edits.stack.count() == 2


def test_a_dragged_sprint_keeps_its_hours(harness: Harness, qtbot: QtBot) -> None:
    site, timeline = connect_with_services(harness)
    timeline.zoom_to(Zoom.WEEK)
    bar = bar_of(timeline, Source.SPRINT)
    before = bar.item
    sprint = site.store.sprints[int(before.ref)]
    assert sprint.start_date is not None and sprint.end_date is not None
    start, end = sprint.start_date, sprint.end_date
    drag(
        qtbot,
        timeline,
        bar,
        bar.bar_width / 2,
        int(7 * timeline.scene.scale.day_width),
    )
    harness.idle()
    assert sprint.start_date == start + timedelta(days=7)
    assert sprint.end_date == end + timedelta(days=7)
    assert timeline.pane.message.text() == f"Saved the dates of “{before.title}”."


def test_buckets_are_created_renamed_and_deleted_with_their_tasks(
    harness: Harness, qtbot: QtBot
) -> None:
    site, timeline = connect_with_services(harness)
    lane = timeline.pane.buckets
    book = site.store.milestones
    project = timeline.shown.bucket_project if timeline.shown else 0
    empty = QPoint(int(lane.chip_rects()[-1].right()) + 40, lane.height() // 2)
    qtbot.mouseDClick(lane, Qt.MouseButton.LeftButton, pos=empty)
    dialog = timeline.changes.last_dialog
    assert isinstance(dialog, BucketDialog)
    taken = lane.buckets[1].title
    dialog.title_edit.setText(taken.upper())  # the service would refuse it (409)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "already has a milestone" in dialog.errors["title"].text()
    dialog.title_edit.setText("Hardening")
    dialog.colour.setCurrentText("danger")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    harness.idle()
    made = next(b for b in book.project_buckets(project) if b.title == "Hardening")
    assert made.color == "danger"
    harness.wait(lambda: any(b.title == "Hardening" for b in lane.buckets))
    chip = next(n for n, b in enumerate(lane.buckets) if b.title == "Hardening")
    qtbot.mouseDClick(
        lane, Qt.MouseButton.LeftButton, pos=lane.chip_rects()[chip].center().toPoint()
    )
    dialog = timeline.changes.last_dialog
    assert isinstance(dialog, BucketDialog) and dialog.title_edit.text() == "Hardening"
    dialog.title_edit.setText("Hardening & polish")
    dialog.colour.setCurrentText("success")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    harness.idle()
    assert (made.title, made.color) == ("Hardening & polish", "success")
    made.tasks_count = 3
    timeline.tasks.spawn("reload", timeline.load_buckets(timeline.shown))  # type: ignore[arg-type]
    harness.idle()
    bucket = next(b for b in lane.buckets if b.ref == str(made.id))
    lane.current = lane.buckets.index(bucket)
    lane.setFocus()
    qtbot.keyClick(lane, Qt.Key.Key_Delete)
    box = timeline.changes.last_dialog
    assert isinstance(box, QMessageBox)
    assert "holds 3 tasks" in box.text()
    drop = next(b for b in box.buttons() if b.text() == "Delete 3 tasks too")
    default = book.system_bucket(project)
    assert default is not None
    held = default.tasks_count
    drop.click()
    harness.idle()
    assert made.id not in book.buckets
    assert default.tasks_count == held  # the tasks went with it
    assert "3 tasks deleted" in timeline.pane.message.text()


def test_a_refused_undo_leaves_the_bar_where_the_server_has_it(
    harness: Harness, qtbot: QtBot
) -> None:
    site, timeline = connect_with_services(harness)
    timeline.zoom_to(Zoom.WEEK)
    bar = bar_of(timeline, Source.PM_APP)
    before = bar.item
    assert before.start is not None
    drag(qtbot, timeline, bar, bar.bar_width / 2, int(4 * timeline.scene.scale.day_width))
    harness.idle()
    moved = timeline.scene.item(before.key)
    assert moved is not None and moved.start == before.start + timedelta(days=4)
    del site.store.milestones.app[int(before.ref)]  # someone else deleted it meanwhile
    timeline.edits.undo()
    harness.idle()
    assert timeline.scene.item(before.key) == moved  # not back: the server never took it
    assert timeline.pane.message.tone is Tone.ERROR
    assert not timeline.edits.stack.canUndo() and not timeline.edits.stack.canRedo()


def test_a_refused_reorder_puts_the_lane_back_with_the_reason(
    harness: Harness, qtbot: QtBot
) -> None:
    site, timeline = connect_with_services(harness)
    lane = timeline.pane.buckets
    before = lane.ids()
    del site.store.milestones.buckets[before[-1]]  # gone on the server, still shown here
    activate(qtbot, harness.window)
    lane.setFocus()
    lane.current = 0
    qtbot.keyClick(lane, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    harness.idle()
    assert lane.ids() == before
    assert f"Milestone {before[-1]} not found." in timeline.pane.message.text()
    assert not timeline.edits.stack.canUndo()


def _new_here(harness: Harness, qtbot: QtBot, timeline: TimelineController, title: str) -> None:
    """Ctrl+N in the timeline, the form filled in and sent."""
    activate(qtbot, harness.window)
    timeline.view.setFocus()
    qtbot.keyClick(timeline.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = timeline.changes.last_dialog
    assert isinstance(dialog, ItemDialog)
    assert dialog.start.value() == timeline.today  # today is in view: it starts today
    dialog.title_edit.setText(title)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    harness.idle()
    activate(qtbot, harness.window)  # Xvfb has no window manager to give the focus back
    timeline.view.setFocus()


def _titles(timeline: TimelineController) -> set[str]:
    return {bar.item.title for bar in timeline.scene.bars.values()}


def test_a_created_version_is_undone_and_redone_on_the_server(
    harness: Harness, qtbot: QtBot
) -> None:
    site, timeline = connect_with_services(harness)
    timeline.go_to_today()
    activate(qtbot, harness.window)
    timeline.view.setFocus()
    qtbot.keyClick(timeline.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    lane = timeline.scene.focus_lane()
    assert lane is not None and lane.source is Source.VERSION  # the lane under the app's
    _new_here(harness, qtbot, timeline, "7.0 Undoable")
    made = [v for v in site.store.versions.values() if v.name == "7.0 Undoable"]
    assert len(made) == 1 and made[0].start_date == timeline.today
    assert "7.0 Undoable" in _titles(timeline)
    assert timeline.commands.undo.text() == "&Undo Create “7.0 Undoable”"
    qtbot.keyClick(timeline.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    harness.idle()
    assert not [v for v in site.store.versions.values() if v.name == "7.0 Undoable"]
    assert "7.0 Undoable" not in _titles(timeline)
    assert timeline.edits.stack.canRedo()
    qtbot.keyClick(
        timeline.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    harness.idle()
    again = [v for v in site.store.versions.values() if v.name == "7.0 Undoable"]
    assert len(again) == 1 and again[0].id != made[0].id  # created anew, with a new id
    assert (again[0].start_date, again[0].release_date) == (
        made[0].start_date,
        made[0].release_date,
    )
    bar = next(b for b in timeline.scene.bars.values() if b.item.title == "7.0 Undoable")
    assert bar.item.ref == str(again[0].id)
    assert timeline.edits.stack.canUndo() and not timeline.edits.stack.canRedo()


def test_a_refused_undo_of_a_create_says_why_and_leaves_the_stack_consistent(
    harness: Harness, qtbot: QtBot
) -> None:
    site, timeline = connect_with_services(harness)
    timeline.go_to_today()
    _new_here(harness, qtbot, timeline, "Gate review")  # the first lane: the app's milestones
    book = site.store.milestones.app
    made = next(m for m in book.values() if m.title == "Gate review")
    assert "Gate review" in _titles(timeline)
    del book[made.id]  # someone else deleted it meanwhile: the undo's delete is refused (404)
    qtbot.keyClick(timeline.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    harness.idle()
    message = timeline.pane.message
    assert message.tone is Tone.ERROR
    assert f"No milestone found with id '{made.id}'." in message.text()  # the app's words
    assert "Gate review" not in _titles(timeline)  # the server has it no more
    assert not timeline.edits.stack.canUndo() and not timeline.edits.stack.canRedo()
    assert timeline.commands.undo.text() == "&Undo"


def test_a_move_of_a_created_item_follows_it_when_it_is_created_again(
    harness: Harness, qtbot: QtBot
) -> None:
    site, timeline = connect_with_services(harness)
    timeline.go_to_today()
    _new_here(harness, qtbot, timeline, "Launch")
    book = site.store.milestones.app
    bar = next(b for b in timeline.scene.bars.values() if b.item.title == "Launch")
    timeline.scene.choose(bar)
    qtbot.keyClick(timeline.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    harness.idle()
    undo, redo = timeline.edits.undo, timeline.edits.redo
    for step in (undo, undo):  # the move, then the creation
        step()
        harness.idle()
    assert not [m for m in book.values() if m.title == "Launch"]
    for step in (redo, redo):  # created again (a new id), then moved again: that new one
        step()
        harness.idle()
    again = [m for m in book.values() if m.title == "Launch"]
    assert len(again) == 1 and again[0].start == ANCHOR + timedelta(days=1)
    assert timeline.pane.message.tone is not Tone.ERROR


def test_a_refused_redo_of_a_create_says_why_and_creates_nothing(
    harness: Harness, qtbot: QtBot
) -> None:
    site, timeline = connect_with_services(harness)
    timeline.go_to_today()
    activate(qtbot, harness.window)
    timeline.view.setFocus()
    qtbot.keyClick(timeline.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    _new_here(harness, qtbot, timeline, "8.0 Taken")
    made = next(v for v in site.store.versions.values() if v.name == "8.0 Taken")
    timeline.edits.undo()
    harness.idle()
    assert made.id not in site.store.versions
    # meanwhile someone else gives another version of the project that name
    other = next(v for v in site.store.versions.values() if v.project_id == made.project_id)
    other.name = "8.0 Taken"
    timeline.edits.redo()
    harness.idle()
    assert [v.id for v in site.store.versions.values() if v.name == "8.0 Taken"] == [other.id]
    message = timeline.pane.message
    assert message.tone is Tone.ERROR
    assert "A version with this name already exists in this project." in message.text()
    assert not timeline.edits.stack.canUndo() and not timeline.edits.stack.canRedo()
    assert not any(
        b.item.title == "8.0 Taken" and b.item.ref == str(made.id)
        for b in timeline.scene.bars.values()
    )
