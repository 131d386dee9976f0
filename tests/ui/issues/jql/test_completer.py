"""JQL completion driven as a user would: fields, operators, keywords, the site's values, and the
value lookups as tasks the owner runs, cancels, and whose failures the user is told about."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.issues.jql.completer import ReferenceData
from app.ui.kit.text import plain_tooltip
from tests.ui.issues.jql.jql_fixture import (
    ARTIFACTS,
    REFERENCE,
    FakeSuggest,
    make_editor,
    pick,
    rows,
)


class RecordingSpawner:
    """An owner's task runner: starts each coroutine as a task and keeps it with its label."""

    def __init__(self) -> None:
        self.tasks: list[tuple[str, asyncio.Task[None]]] = []

    def __call__(self, label: str, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.ensure_future(coro)
        self.tasks.append((label, task))
        return task


def test_completion_offers_fields_by_prefix(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    qtbot.keyClicks(editor, "sta")
    popup = editor.completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert rows(editor) == ["status", "statusCategory"]
    pick(qtbot, editor, "status")
    assert editor.toPlainText() == "status "
    # the next part of the clause is offered at once: the field's operators
    qtbot.waitUntil(lambda: popup.isVisible() and "not in" in rows(editor))
    assert "~" not in rows(editor)


def test_ctrl_space_offers_keywords_after_a_clause(qtbot: QtBot) -> None:
    editor = make_editor(qtbot)
    editor.set_query("project = ABC ")
    qtbot.keyClick(editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    popup = editor.completer.popup()
    assert popup is not None and popup.isVisible()
    assert rows(editor) == ["AND", "OR", "ORDER BY"]
    qtbot.keyClick(popup, Qt.Key.Key_Escape)  # the open list has the keyboard
    assert not popup.isVisible()
    assert editor.toPlainText() == "project = ABC "


def test_value_suggestions_after_operator_and_quoting(
    qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    suggest = FakeSuggest()
    editor = make_editor(qtbot, suggest)
    qtbot.keyClicks(editor, "status = ")
    popup = editor.completer.popup()
    assert popup is not None
    qtbot.waitUntil(lambda: "In Progress" in rows(editor), timeout=2000)
    assert suggest.calls == [("status", "")]  # debounced: one lookup for the whole typing
    assert rows(editor)[:3] == ["To Do", "In Progress", "Done"]  # Jira's <b> is stripped
    assert popup.isVisible()
    ARTIFACTS.mkdir(exist_ok=True)
    popup.grab().save(str(ARTIFACTS / "jql-editor-suggestions.png"))
    pick(qtbot, editor, "In Progress")
    assert editor.toPlainText() == 'status = "In Progress"'


def test_typing_on_cancels_the_pending_lookup(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    suggest = FakeSuggest(hold=True)
    editor = make_editor(qtbot, suggest)
    qtbot.keyClicks(editor, "status = T")
    qtbot.waitUntil(lambda: len(suggest.calls) == 1, timeout=2000)
    qtbot.keyClicks(editor, "o")
    qtbot.waitUntil(lambda: suggest.cancelled == 1, timeout=2000)
    qtbot.waitUntil(lambda: len(suggest.calls) == 2, timeout=2000)
    assert suggest.calls == [("status", "T"), ("status", "To")]
    editor.hide()  # hiding cancels the lookup still in flight
    qtbot.waitUntil(lambda: suggest.cancelled == 2, timeout=2000)


def test_lookups_run_through_the_owners_spawner_and_stop_with_the_query(
    qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    suggest = FakeSuggest(hold=True)
    editor = make_editor(qtbot, suggest)
    spawn = RecordingSpawner()
    editor.set_task_spawner(spawn)
    qtbot.keyClicks(editor, "status = T")
    qtbot.waitUntil(lambda: len(suggest.calls) == 1, timeout=2000)
    [(label, task)] = spawn.tasks
    assert label == "Looking up JQL values" and editor.completion.lookup is task
    editor.set_query("project = ABC")  # the query the lookup was for is gone
    qtbot.waitUntil(task.done, timeout=2000)
    assert task.cancelled() and editor.completion.lookup is None

    qtbot.keyClicks(editor, " AND status = D")
    qtbot.waitUntil(lambda: len(suggest.calls) == 2, timeout=2000)  # asking the site
    editor.clear()  # an emptied editor has nothing to look up
    qtbot.waitUntil(spawn.tasks[1][1].done, timeout=2000)
    assert spawn.tasks[1][1].cancelled()

    qtbot.keyClicks(editor, "status = I")
    qtbot.waitUntil(lambda: len(suggest.calls) == 3, timeout=2000)
    editor.cancel_tasks()  # what the owner calls on a site switch or window close
    qtbot.waitUntil(spawn.tasks[2][1].done, timeout=2000)
    assert spawn.tasks[2][1].cancelled() and suggest.cancelled == 3
    assert [label for label, _ in spawn.tasks] == ["Looking up JQL values"] * 3


def test_a_failed_lookup_is_logged_and_said_in_the_list(
    qtbot: QtBot, qloop: qasync.QEventLoop, caplog: pytest.LogCaptureFixture
) -> None:
    failure = RuntimeError("HTTP 503: <b>Service</b> Unavailable\nretry later")
    suggest = FakeSuggest(failure=failure)
    editor = make_editor(qtbot, suggest)
    caplog.set_level(logging.WARNING, logger="app.ui.issues.jql.completer")
    qtbot.keyClicks(editor, "status = ")
    note = "Suggestions unavailable: HTTP 503: <b>Service</b> Unavailable"
    qtbot.waitUntil(lambda: note in rows(editor), timeout=2000)
    popup = editor.completer.popup()
    assert popup is not None and popup.isVisible()
    # the list still has what needs no lookup, and says why the site's values are missing
    assert rows(editor)[-1] == note and "EMPTY" in rows(editor)
    assert editor.completion.note == note
    model = editor.completer.completionModel()
    item = model.index(model.rowCount() - 1, 0)
    assert not item.flags() & Qt.ItemFlag.ItemIsSelectable  # never picked, never typed
    assert item.data(Qt.ItemDataRole.ToolTipRole) == plain_tooltip(note)
    [record] = [r for r in caplog.records if r.name == "app.ui.issues.jql.completer"]
    assert record.levelno == logging.WARNING and record.exc_info is not None
    assert record.exc_info[1] is failure
    ARTIFACTS.mkdir(exist_ok=True)
    popup.grab().save(str(ARTIFACTS / "jql-editor-suggestions-unavailable.png"))
    popup.setCurrentIndex(item)  # Enter on the note types nothing
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert editor.toPlainText() == "status = "


def test_reference_data_quotes_what_must_be_quoted() -> None:
    data = ReferenceData(REFERENCE)
    assert data.typed("In Progress", "value") == '"In Progress"'
    assert data.typed("abort", "value") == '"abort"'  # one of the site's reserved words
    assert data.typed("Done", "value") == "Done"
    assert data.typed("Story Points", "field") == '"Story Points"'
    assert data.typed('"Epic Link"', "field") == '"Epic Link"'
