"""Every async task of the UI starts here: tracked, labelled, cancellable, and never lost.

A ``TaskRunner`` belongs to one owner (the shell, or one pane). ``spawn`` starts a coroutine as
an asyncio task on the qasync loop, shows it in the window's activity indicator (label,
progress, Cancel) and reports a failure that escapes the coroutine as a notification in Jira's
own words (unexpected errors are logged with their traceback and shown without it). The owner
cancels and awaits its tasks when its site changes or the window closes (``stop``), so no
answer lands after its widget or its site is gone.

The ``ActivityTracker`` is the window-wide list of running jobs that the indicator draws.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from app.api.errors import ApiError
from app.store.keychain import KeychainError
from app.store.profiles import ProfileError

__all__ = [
    "ActivityTracker",
    "Job",
    "Level",
    "NoticeAction",
    "Notifier",
    "TaskRunner",
    "attach_runner",
    "error_text",
    "spawn_for",
]

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

# errors whose message is written for users; anything else is a bug and goes to the log in full
EXPECTED_ERRORS: tuple[type[Exception], ...] = (ApiError, KeychainError, ProfileError)


class Level(enum.StrEnum):
    """How serious a notification is."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class NoticeAction:
    """A button on a notification (e.g. "Open Connections", "Retry")."""

    label: str
    run: Callable[[], object]


class Notifier(Protocol):
    """Where notifications go (the window's notification area)."""

    def notify(
        self,
        level: Level,
        title: str,
        message: str,
        details: str = "",
        actions: Sequence[NoticeAction] = (),
    ) -> None:
        """Show a non-modal notification."""


def error_text(error: BaseException) -> tuple[str, str]:
    """The message and details a user sees for ``error``."""
    if isinstance(error, ApiError):
        return str(error), error.details
    if isinstance(error, EXPECTED_ERRORS):
        return str(error), ""
    return "Something went wrong; the log file has the details.", type(error).__name__


@dataclass(eq=False)
class Job:
    """One tracked piece of work."""

    label: str
    task: asyncio.Task[Any]
    owner: str = ""
    done: int = 0
    total: int | None = None
    # what the user's Cancel does; a save replaces it with a Stop that reads back what Jira holds
    stop_hook: Callable[[], object] | None = field(default=None, repr=False)
    _tracker: ActivityTracker | None = field(default=None, repr=False)

    def progress(self, done: int, total: int | None) -> None:
        """Report progress (``total`` None = unknown)."""
        self.done, self.total = done, total
        if self._tracker is not None:
            self._tracker.changed.emit()

    def stop(self) -> None:
        """The user's Cancel: the job's own stop if it has one, else cancel its task."""
        if self.stop_hook is not None:
            self.stop_hook()
        else:
            self.task.cancel()


class ActivityTracker(QObject):
    """The jobs of the whole window, and how many HTTP requests its sites have in flight."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[Job] = []
        self.requests = 0

    @property
    def jobs(self) -> list[Job]:
        """Jobs still running, oldest first."""
        return list(self._jobs)

    def track(self, task: asyncio.Task[Any], label: str, owner: str = "") -> Job:
        """Follow ``task`` until it ends; it shows in the indicator meanwhile."""
        job = Job(label, task, owner, _tracker=self)
        self._jobs.append(job)
        task.add_done_callback(lambda _t: self._finish(job))
        self.changed.emit()
        return job

    def cancel_tasks(self) -> None:
        """Cancel every tracked task outright (the window closes; no stop hooks)."""
        for job in list(self._jobs):
            job.task.cancel()

    def set_requests(self, count: int) -> None:
        """The number of requests on the wire now (read from the sites' transports)."""
        if count != self.requests:
            self.requests = count
            self.changed.emit()

    def cancel_all(self) -> None:
        """Stop every tracked job (the indicator's Cancel button, Esc)."""
        for job in list(self._jobs):
            job.stop()

    def _finish(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        if shiboken6.isValid(self):  # a task may end after its window is gone
            self.changed.emit()


class TaskRunner(QObject):
    """The async work of one owner: start it tracked, report its failures, stop it."""

    def __init__(
        self,
        name: str,
        tracker: ActivityTracker,
        notifier: Notifier,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.tracker = tracker
        self._notifier = notifier
        self._tasks: dict[asyncio.Task[Any], Job] = {}

    @property
    def tasks(self) -> list[asyncio.Task[Any]]:
        """Tasks of this owner still running."""
        return [t for t in self._tasks if not t.done()]

    @property
    def busy(self) -> bool:
        """Whether any task of this owner is running."""
        return bool(self.tasks)

    def spawn(
        self,
        label: str,
        coro: Coroutine[Any, Any, _T],
        *,
        total: int | None = None,
        tracked: bool = True,
    ) -> asyncio.Task[_T]:
        """Run ``coro`` as a task of this owner; a failure that escapes it is reported.

        ``tracked=False`` keeps short background lookups (completions, pickers) out of the
        activity indicator; they are still owned, cancelled and reported like any other.
        """
        task = asyncio.ensure_future(coro)
        if tracked:
            job = self.tracker.track(task, label, self.name)
            if total is not None:
                job.progress(0, total)
        else:
            job = Job(label, task, self.name)
        self._tasks[task] = job
        task.add_done_callback(lambda t: self._finished(t, label))
        return task

    def job(self, task: asyncio.Task[Any] | None = None) -> Job | None:
        """The job that shows ``task`` (default: the running task), to report progress."""
        return self._tasks.get(task or asyncio.current_task())  # type: ignore[arg-type]

    def notify(
        self,
        level: Level,
        title: str,
        message: str,
        details: str = "",
        actions: Sequence[NoticeAction] = (),
    ) -> None:
        """Show a notification."""
        self._notifier.notify(level, title, message, details, actions)

    def report(self, label: str, error: BaseException) -> None:
        """Tell the user that ``label`` failed (and log it; unexpected errors with traceback)."""
        if isinstance(error, EXPECTED_ERRORS):
            _log.info("%s failed: %s", label, error)
        else:
            _log.error("%s failed", label, exc_info=error)
        message, details = error_text(error)
        self.notify(Level.ERROR, f"{label} failed", message, details)

    def cancel_all(self) -> list[asyncio.Task[Any]]:
        """Cancel every running task of this owner; the tasks that were cancelled."""
        running = self.tasks
        for task in running:
            task.cancel()
        return running

    async def stop(self) -> None:
        """Cancel every running task of this owner and wait until each has ended."""
        running = self.cancel_all()
        if running:
            await asyncio.gather(*running, return_exceptions=True)

    def _finished(self, task: asyncio.Task[Any], label: str) -> None:
        self._tasks.pop(task, None)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            self.report(label, error)


_RUNNER_PROPERTY = "jadeTaskRunner"


def attach_runner(widget: QObject, runner: TaskRunner) -> None:
    """Make ``runner`` own the tasks that widgets inside ``widget`` start (pickers, checks)."""
    widget.setProperty(_RUNNER_PROPERTY, runner)


def runner_for(widget: QObject | None) -> TaskRunner | None:
    """The runner attached to ``widget`` or its nearest ancestor."""
    while widget is not None:
        found = widget.property(_RUNNER_PROPERTY)
        if isinstance(found, TaskRunner):
            return found
        widget = widget.parent()
    return None


def spawn_for(widget: QObject, label: str, coro: Coroutine[Any, Any, _T]) -> asyncio.Task[_T]:
    """Start a widget's background lookup as an untracked task of its pane's (or window's) runner.

    A widget outside any pane (a unit test's bare widget) runs it as a plain task.
    """
    runner = runner_for(widget)
    if runner is None:
        return asyncio.ensure_future(coro)
    return runner.spawn(label, coro, tracked=False)
