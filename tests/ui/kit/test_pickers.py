"""Pickers search as the user types; a failed search says why instead of showing nobody."""

from __future__ import annotations

import qasync
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.api.errors import AuthenticationError
from app.domain.site import UserRef
from app.ui.kit.pickers import UserPicker
from app.ui.kit.tasks import ActivityTracker, TaskRunner, attach_runner
from tests.ui.kit.test_tasks import Notices


def test_an_expired_token_is_not_no_users_found(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    async def search(_text: str) -> list[UserRef]:
        raise AuthenticationError("Your session has expired. Sign in again.", status=401)

    host = QWidget()
    qtbot.addWidget(host)
    runner = TaskRunner("pane", ActivityTracker(), Notices())
    attach_runner(host, runner)
    picker = UserPicker(search, host)
    host.show()
    qtbot.keyClicks(picker, "ada")
    qtbot.waitUntil(lambda: bool(picker.problem), timeout=3000)
    assert "Your session has expired" in picker.problem
    action = next(a for a in picker.actions() if a.text() == "Lookup failed")
    assert action.isVisible()
    assert runner.tasks == []  # the lookup ran as the pane's task and has ended


def test_a_long_name_shows_from_its_start(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    async def search(_text: str) -> list[UserRef]:
        return []

    picker = UserPicker(search)
    qtbot.addWidget(picker)
    picker.resize(120, picker.sizeHint().height())
    picker.set_value(UserRef("u1", "Edsger Sammet-Wijngaarden", "esammet@example.com"))
    assert picker.cursorPosition() == 0


def test_no_warning_shows_before_a_lookup_failed(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    async def search(_text: str) -> list[UserRef]:
        return []

    picker = UserPicker(search)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    buttons = [
        w
        for w in picker.findChildren(QWidget)
        if w.metaObject().className() == "QLineEditIconButton"
    ]
    assert buttons  # the warning's button exists, waiting for a failed lookup
    assert not any(button.isVisible() for button in buttons)
