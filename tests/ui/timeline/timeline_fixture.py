"""Helpers for the Timeline pane tests: the pane on a sandbox site, bars found and dragged."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.domain.site import AuthKind, SiteKind
from app.domain.timeline import Source, TimelineItem
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox
from app.sandbox.milestones import API_KEYS, APP_TOKENS
from app.sandbox.routes import milestones_api, pm_app
from app.store.profiles import Profile
from app.ui.timeline.bars import BarItem
from app.ui.timeline.controller import TimelineController
from tests.ui.harness import ANCHOR, Harness, make_site

__all__ = [
    "add_services",
    "bar_of",
    "connect_with_services",
    "drag",
    "open_timeline",
    "timeline_pane",
]


def timeline_pane(h: Harness) -> TimelineController:
    """The Timeline pane of the harness's window."""
    pane = h.shell.pane("timeline")
    assert isinstance(pane, TimelineController)
    return pane


def open_timeline(h: Harness, today: date = ANCHOR) -> TimelineController:
    """Show the Timeline pane and wait until its sources are loaded."""
    timeline = timeline_pane(h)
    timeline.today = today
    timeline.scene.today = today
    h.window.show_pane("timeline")
    h.wait(lambda: timeline.shown is not None and timeline.scene.bars)
    h.idle()
    return timeline


def bar_of(timeline: TimelineController, source: Source, title: str | None = None) -> BarItem:
    """The first bar of ``source`` (named ``title``) that is a range and can be edited."""
    for bar in timeline.scene.bars.values():
        item: TimelineItem = bar.item
        wanted = title is None or item.title == title
        if item.source is source and item.is_range and item.editable and wanted:
            return bar
    raise AssertionError(f"no editable {source} bar")


def drag(qtbot: QtBot, timeline: TimelineController, bar: BarItem, x: float, dx: int) -> None:
    """Drag ``bar`` from its local ``x`` by ``dx`` pixels with the real mouse."""
    view = timeline.view
    view.centerOn(bar)
    qtbot.wait(1)
    local = bar.mapToScene(x, bar.boundingRect().height() / 2)
    start = view.mapFromScene(local)
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(port, start + QPoint(dx * step // 5, 0))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, 0))


def add_services(
    h: Harness, site: Sandbox, url: str = "https://jira.test"
) -> tuple[Profile, Profile]:
    """Profiles (and secrets) of the site's two milestone services, served by its gate."""
    gate = h.gates[url]
    app_url, api_url = f"{url}{pm_app.ENDPOINT}", f"{url}{milestones_api.BASE}"
    h.gates[app_url] = h.gates[api_url] = gate
    email, token = next(iter(APP_TOKENS.items()))
    app = h.profiles.add(
        Profile("Milestones app", app_url, SiteKind.PROJECT_MILESTONES, AuthKind.APP_TOKEN, email)
    )
    api = h.profiles.add(
        Profile("Milestones API", api_url, SiteKind.MILESTONES_API, AuthKind.API_KEY)
    )
    h.secrets.set_blocking(app.id, token)
    h.secrets.set_blocking(api.id, next(iter(API_KEYS)))
    return app, api


def connect_with_services(h: Harness) -> tuple[Sandbox, TimelineController]:
    """A site with both milestone services, the Timeline shown on it with every source in."""
    site = make_site(SandboxFlavour.CLOUD, projects=3, issues=120)
    profile = h.add_profile(site)
    add_services(h, site)
    h.shell.select_site(profile.id)
    h.wait(lambda: h.projects.pane.model.rowCount() > 0)
    timeline = open_timeline(h)
    h.wait(lambda: timeline.pane.buckets.buckets)
    h.idle()
    return site, timeline
