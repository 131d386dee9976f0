"""The JQL editor inside the Issues pane: its value lookups are the window's tracked tasks, and
a long Jira error grows the editor instead of covering the query."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.sandbox import Flavour as SandboxFlavour
from tests.ui.harness import Harness, make_site
from tests.ui.issues.jql.jql_fixture import ARTIFACTS, FakeSuggest
from tests.ui.issues.jql.test_error_panel import HUGE, QUERY

LOOKUP = "Looking up JQL values"


@pytest.fixture
def harness(qtbot: QtBot, qloop: qasync.QEventLoop, settings: QSettings) -> Iterator[Harness]:
    h = Harness(qtbot, settings)
    h.window.resize(1280, 780)
    h.window.show()
    h.connect(make_site(SandboxFlavour.DATACENTER))
    h.window.show_pane("issues")
    h.qtbot.waitUntil(lambda: bool(h.issues.pane.fields), timeout=10000)
    yield h
    h.close()


def test_value_lookups_are_the_panes_tasks_and_stop_when_the_pane_goes(
    harness: Harness,
) -> None:
    editor = harness.issues.pane.editor
    suggest = FakeSuggest(hold=True)
    editor.set_suggest(suggest)
    harness.qtbot.keyClicks(editor, "status = T")
    harness.qtbot.waitUntil(lambda: bool(suggest.calls), timeout=2000)
    lookup = editor.completion.lookup
    assert lookup is not None and lookup in harness.issues.tasks.tasks  # owned by the pane
    assert not [j for j in harness.window.tracker.jobs if j.label == LOOKUP]  # no flicker
    harness.window.show_pane("projects")  # the editor is hidden with its pane
    harness.qtbot.waitUntil(lambda: suggest.cancelled == 1, timeout=2000)
    harness.qtbot.waitUntil(lookup.done)
    assert lookup.cancelled()


def test_a_huge_error_grows_the_editor_and_leaves_the_query_in_sight(harness: Harness) -> None:
    pane = harness.issues.pane
    editor = pane.editor
    editor.set_query(QUERY)
    lines = editor.fontMetrics().lineSpacing()
    harness.qtbot.waitUntil(lambda: editor.viewport().height() >= 3 * lines)
    table_top = pane.splitter.geometry().top()
    editor.show_error(HUGE)
    harness.qtbot.waitUntil(lambda: editor.height() == editor.sizeHint().height())
    assert editor.viewport().height() >= 3 * lines
    assert pane.splitter.geometry().top() > table_top  # the results make room, not the query
    ARTIFACTS.mkdir(exist_ok=True)
    harness.window.grab().save(str(ARTIFACTS / "jql-editor-pane-long-error.png"))
    editor.error_panel.set_expanded(True)
    harness.qtbot.waitUntil(lambda: editor.height() == editor.sizeHint().height())
    assert editor.viewport().height() >= 3 * lines
    assert editor.error_panel.details.isVisible()
    harness.window.grab().save(str(ARTIFACTS / "jql-editor-pane-long-error-details.png"))
    editor.set_query("project = ABC")  # a new query: the old error goes, the editor shrinks
    harness.qtbot.waitUntil(lambda: pane.splitter.geometry().top() == table_top)
    assert editor.error_text == ""
