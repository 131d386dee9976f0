"""All five detail tab titles are readable at 1280x800 with the detail at its default share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from app.sandbox import Flavour as SandboxFlavour
from tests.ui.harness import Harness, make_site
from tests.ui.kit.screenshots import save_light_and_dark


@pytest.fixture
def harness(qtbot: QtBot, qloop: qasync.QEventLoop, settings: QSettings) -> Iterator[Harness]:
    h = Harness(qtbot, settings)
    h.window.resize(1280, 800)
    h.window.show()
    qtbot.waitExposed(h.window)
    yield h
    h.window.close()
    h.secrets.close()


# 10.5 pt is where the titles used to end in "Sch" and scroll arrows (the tests' font is 9 pt)
@pytest.mark.parametrize("point_size", [None, 10.5, 12.0])
def test_every_tab_title_is_whole(harness: Harness, qtbot: QtBot, point_size: float | None) -> None:
    window = harness.window
    if point_size is not None:
        font = window.font()
        font.setPointSizeF(point_size)
        window.setFont(font)
    harness.connect(make_site(SandboxFlavour.DATACENTER))
    pane = window.projects
    key = sorted(p.key for p in pane.projects)[0]
    assert pane.select_project(key)
    qtbot.waitUntil(lambda: pane.detail.detail is not None, timeout=10000)
    harness.idle()
    bar = pane.detail.tabs.tabBar()
    qtbot.waitUntil(lambda: bar.width() >= bar.sizeHint().width(), timeout=3000)
    assert window.size().width() == 1280
    assert not any(button.isVisible() for button in bar.findChildren(QToolButton))
    metrics = bar.fontMetrics()
    for index in range(bar.count()):
        rect = bar.tabRect(index)
        assert bar.rect().contains(rect), bar.tabText(index)
        assert rect.width() > metrics.horizontalAdvance(bar.tabText(index)), bar.tabText(index)
    # the project list keeps most of the window
    assert pane.splitter.sizes()[0] > pane.splitter.sizes()[1]
    name = "projects-detail-tabs" + (f"-{point_size:g}pt" if point_size else "")
    save_light_and_dark(window, name)
