"""The Timeline pane on a sandbox site: versions and sprints per project, dragged and saved,
refused and put back, undone and redone."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from app.domain.timeline import Source, Zoom
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox, SandboxConfig
from app.ui.timeline.bars import HANDLE
from tests.ui.harness import ANCHOR, Harness, make_site
from tests.ui.timeline.timeline_fixture import bar_of, drag, open_timeline, timeline_pane


def test_lanes_per_source_and_project(harness: Harness) -> None:
    site = make_site(SandboxFlavour.CLOUD, projects=4, issues=200)
    harness.connect(site)
    # a site shown while the Timeline is hidden costs no request of the Timeline's
    assert timeline_pane(harness).shown is None
    assert not [r for r in harness.gates["https://jira.test"].seen if "/version" in r]
    timeline = open_timeline(harness)
    lanes = [(lane.source, lane.project) for lane in timeline.scene.lanes]
    keys = timeline.pane.projects.chosen
    assert keys and len(keys) <= 3
    assert lanes == [(s, k) for k in keys for s in (Source.VERSION, Source.SPRINT)]
    shown = {bar.item.source for bar in timeline.scene.bars.values()}
    assert Source.VERSION in shown


def test_drag_resize_of_a_version_saves_the_new_release(harness: Harness, qtbot: QtBot) -> None:
    site = make_site(SandboxFlavour.CLOUD, projects=4, issues=200)
    harness.connect(site)
    timeline = open_timeline(harness)
    bar = bar_of(timeline, Source.VERSION)
    before = bar.item
    assert before.end is not None
    days = 3
    drag(
        qtbot,
        timeline,
        bar,
        bar.bar_width - HANDLE / 2,
        int(days * timeline.scene.scale.day_width),
    )
    harness.idle()
    saved = site.store.versions[int(before.ref)]
    assert saved.release_date == before.end + timedelta(days=days)
    assert saved.start_date == before.start
    assert timeline.scene.item(before.key).end == before.end + timedelta(days=days)


def test_an_answer_for_the_site_left_behind_is_dropped(harness: Harness) -> None:
    first = make_site(SandboxFlavour.CLOUD, projects=3, issues=60)
    second = Sandbox(
        SandboxConfig(
            flavour=SandboxFlavour.DATACENTER, seed=11, projects=2, issues=40, anchor=ANCHOR
        )
    )
    harness.connect(first)
    other = harness.add_profile(second, url="https://other.test")
    timeline = open_timeline(harness)
    gate = harness.gates["https://jira.test"]
    gate.hold(lambda r: "/version" in r.url.path, after_server=True)
    timeline.reload()
    harness.wait(lambda: gate.held)  # the first site's versions are on their way
    harness.shell.select_site(other.id)
    harness.wait(lambda: timeline.session is not None and timeline.session.profile.id == other.id)
    gate.release()
    harness.wait(lambda: timeline.shown is not None and timeline.scene.bars)
    harness.idle()
    keys = {p.key for p in second.store.projects.values()}
    assert {lane.project for lane in timeline.scene.lanes} <= keys
    versions = {(str(v.id), v.name, v.release_date) for v in second.store.versions.values()}
    shown = {
        (b.item.ref, b.item.title, b.item.end)
        for b in timeline.scene.bars.values()
        if b.item.source is Source.VERSION
    }
    assert shown and shown <= versions  # nothing of the first site's versions landed


def test_sprints_of_a_jira_agile_6_site_come_from_greenhopper_and_can_be_moved(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.GREENHOPPER, projects=3, issues=120)
    harness.connect(site)
    timeline = open_timeline(harness)
    timeline.zoom_to(Zoom.WEEK)
    sprints = [b for b in timeline.scene.bars.values() if b.item.source is Source.SPRINT]
    assert sprints
    bar = bar_of(timeline, Source.SPRINT)
    before = bar.item
    stored = site.store.sprints[int(before.ref)]
    assert stored.end_date is not None
    end = stored.end_date
    drag(qtbot, timeline, bar, bar.bar_width - HANDLE / 2, int(2 * timeline.scene.scale.day_width))
    harness.idle()
    assert stored.end_date == end + timedelta(days=2), timeline.pane.message.text()
