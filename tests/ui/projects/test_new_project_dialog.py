"""The new-project dialog checks the key with Jira while it is typed, and says when it cannot."""

from __future__ import annotations

import logging

import pytest
import qasync
from pytestqt.qtbot import QtBot

from app.api.errors import NetworkError
from app.domain.site import UserRef
from app.ui.projects.dialogs import NewProjectDialog
from tests.ui.conftest import activate


async def _no_users(_text: str) -> list[UserRef]:
    return []


async def _taken(key: str) -> str | None:
    return f"Project '{key}' uses this project key." if key == "OPS" else None


async def _unreachable(_key: str) -> str | None:
    raise NetworkError("Jira could not be reached: connection refused.")


def test_key_is_checked_while_typed(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    dialog = NewProjectDialog([], _no_users, _taken)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    qtbot.keyClicks(dialog.key, "ops")
    assert dialog.key.text() == "OPS"
    qtbot.waitUntil(dialog.errors["key"].isVisible, timeout=3000)
    assert dialog.errors["key"].text() == "Project 'OPS' uses this project key."
    qtbot.keyClicks(dialog.key, "2")
    qtbot.waitUntil(lambda: dialog.key_note.text() == "OPS2 is available.", timeout=3000)
    assert not dialog.errors["key"].isVisible()
    assert dialog.holders[dialog.key].isAncestorOf(dialog.key_note)  # said under the key


def test_a_failed_key_check_is_said_and_logged(
    qtbot: QtBot, qloop: qasync.QEventLoop, caplog: pytest.LogCaptureFixture
) -> None:
    dialog = NewProjectDialog([], _no_users, _unreachable)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    with caplog.at_level(logging.WARNING, logger="app.ui.projects.dialogs.project"):
        qtbot.keyClicks(dialog.key, "OPS")
        qtbot.waitUntil(lambda: bool(dialog.key_note.text()), timeout=3000)
    assert dialog.key_note.text() == (
        "Could not check OPS with Jira: Jira could not be reached: connection refused."
    )
    assert any("OPS" in record.getMessage() for record in caplog.records)
    dialog.reject()
