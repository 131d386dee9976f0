"""The task runner: tracked tasks, reported failures, a user's Stop versus an owner's stop."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import qasync
from pytestqt.qtbot import QtBot

from app.api.errors import ValidationError
from app.ui.kit.forms import Stoppable
from app.ui.kit.tasks import ActivityTracker, Level, NoticeAction, TaskRunner


class Notices:
    def __init__(self) -> None:
        self.seen: list[tuple[Level, str, str]] = []

    def notify(
        self,
        level: Level,
        title: str,
        message: str,
        details: str = "",
        actions: Sequence[NoticeAction] = (),
    ) -> None:
        self.seen.append((level, title, message))


def test_a_failure_is_reported_in_jiras_words(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    notices = Notices()
    runner = TaskRunner("pane", ActivityTracker(), notices)

    async def refused() -> None:
        raise ValidationError("Field 'x' does not exist.", status=400)

    task = runner.spawn("Searching", refused())
    qtbot.waitUntil(task.done)
    qtbot.waitUntil(lambda: bool(notices.seen))
    assert notices.seen == [(Level.ERROR, "Searching failed", "Field 'x' does not exist.")]


def test_stop_cancels_and_waits_for_every_task(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    tracker = ActivityTracker()
    runner = TaskRunner("pane", tracker, Notices())
    ended: list[str] = []

    async def forever(name: str) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            ended.append(name)

    runner.spawn("one", forever("one"))
    runner.spawn("two", forever("two"), tracked=False)
    assert [j.label for j in tracker.jobs] == ["one"]
    stopped = asyncio.ensure_future(runner.stop())
    qtbot.waitUntil(stopped.done)
    assert sorted(ended) == ["one", "two"]
    assert runner.tasks == [] and tracker.jobs == []


def test_the_users_cancel_runs_a_jobs_stop_hook(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    tracker = ActivityTracker()
    runner = TaskRunner("pane", tracker, Notices())
    gate = asyncio.Event()
    outcome: list[bool] = []

    async def save() -> None:
        change = Stoppable(gate.wait())
        job = runner.job()
        assert job is not None
        job.stop_hook = change.stop
        outcome.append(await change.wait())

    task = runner.spawn("Saving", save())
    qtbot.waitUntil(lambda: bool(tracker.jobs) and tracker.jobs[0].stop_hook is not None)
    tracker.cancel_all()  # the activity bar's Cancel: the save is stopped, the task goes on
    qtbot.waitUntil(task.done)
    assert outcome == [False] and not task.cancelled()


def test_an_owner_stop_is_not_mistaken_for_the_users(
    qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    runner = TaskRunner("pane", ActivityTracker(), Notices())
    gate = asyncio.Event()

    async def save() -> None:
        change = Stoppable(gate.wait())
        await change.wait()

    task = runner.spawn("Saving", save())
    stopped = asyncio.ensure_future(runner.stop())
    qtbot.waitUntil(stopped.done)
    assert task.cancelled()
