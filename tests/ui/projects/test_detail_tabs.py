"""The detail is readable at 1280x800 with its default share: tab titles and version dates."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from app.sandbox import Flavour as SandboxFlavour
from app.ui.projects.detail import ProjectDetailView
from tests.ui.harness import Harness, make_site
from tests.ui.kit.screenshots import save_light_and_dark


@pytest.fixture
def harness(qtbot: QtBot, qloop: qasync.QEventLoop, settings: QSettings) -> Iterator[Harness]:
    h = Harness(qtbot, settings)
    h.window.resize(1280, 800)
    h.window.show()
    qtbot.waitExposed(h.window)
    yield h
    h.close()


def _show_first_project(harness: Harness, point_size: float | None) -> ProjectDetailView:
    window = harness.window
    if point_size is not None:
        font = window.font()
        font.setPointSizeF(point_size)
        window.setFont(font)
    harness.connect(make_site(SandboxFlavour.DATACENTER))
    pane = harness.projects.pane
    key = sorted(p.key for p in pane.projects)[0]
    assert pane.select_project(key)
    harness.qtbot.waitUntil(lambda: pane.detail.detail is not None, timeout=10000)
    harness.idle()
    return pane.detail


def _shot_name(what: str, point_size: float | None) -> str:
    return f"projects-detail-{what}" + (f"-{point_size:g}pt" if point_size else "")


# 10.5 pt is where the titles used to end in "Sch" and scroll arrows (the tests' font is 9 pt)
@pytest.mark.parametrize("point_size", [None, 10.5, 12.0])
def test_every_tab_title_is_whole(harness: Harness, qtbot: QtBot, point_size: float | None) -> None:
    detail = _show_first_project(harness, point_size)
    bar = detail.tabs.tabBar()
    qtbot.waitUntil(lambda: bar.width() >= bar.sizeHint().width(), timeout=3000)
    assert harness.window.size().width() == 1280
    assert not any(button.isVisible() for button in bar.findChildren(QToolButton))
    metrics = bar.fontMetrics()
    for index in range(bar.count()):
        rect = bar.tabRect(index)
        assert bar.rect().contains(rect), bar.tabText(index)
        assert rect.width() > metrics.horizontalAdvance(bar.tabText(index)), bar.tabText(index)
    # the project list keeps most of the window
    splitter = harness.projects.pane.splitter
    assert splitter.sizes()[0] > splitter.sizes()[1]
    save_light_and_dark(harness.window, _shot_name("tabs", point_size))


# at 12 pt the release date's last few pixels of padding need a sideways scroll
@pytest.mark.parametrize("point_size", [None, 10.5])
def test_version_dates_are_in_view(
    harness: Harness, qtbot: QtBot, point_size: float | None
) -> None:
    detail = _show_first_project(harness, point_size)
    detail.tabs.setCurrentWidget(detail.versions_tab)
    table = detail.version_table
    qtbot.waitUntil(table.isVisible, timeout=3000)
    assert detail.versions.rowCount() > 0
    header = table.horizontalHeader()
    names = [detail.versions.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert names == ["Name", "Status", "Start date", "Release date"]
    save_light_and_dark(harness.window, _shot_name("versions", point_size))
    for column in range(4):  # without scrolling sideways
        right = table.columnViewportPosition(column) + header.sectionSize(column)
        assert right <= table.viewport().width(), names[column]
