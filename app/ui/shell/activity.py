"""Long-running work as the status bar shows it: what is running, how far along, cancel.

Controllers hand their asyncio tasks to ``ActivityTracker.track``; the indicator shows the
number of jobs and requests in flight, a progress bar when a job reports progress, and a
cancel button that cancels every tracked task.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

__all__ = ["ActivityIndicator", "ActivityTracker", "Job"]


@dataclass(eq=False)
class Job:
    """One tracked piece of work."""

    label: str
    task: asyncio.Task[Any]
    done: int = 0
    total: int | None = None
    _tracker: ActivityTracker | None = field(default=None, repr=False)

    def progress(self, done: int, total: int | None) -> None:
        """Report progress (``total`` None = unknown)."""
        self.done, self.total = done, total
        if self._tracker is not None:
            self._tracker.changed.emit()


class ActivityTracker(QObject):
    """The jobs and requests in flight for the whole window."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[Job] = []
        self.requests = 0

    @property
    def jobs(self) -> list[Job]:
        """Jobs still running, oldest first."""
        return list(self._jobs)

    def track(self, task: asyncio.Task[Any], label: str) -> Job:
        """Follow ``task`` until it ends; it shows in the indicator meanwhile."""
        job = Job(label, task, _tracker=self)
        self._jobs.append(job)
        task.add_done_callback(lambda _t: self._finish(job))
        self.changed.emit()
        return job

    def request_started(self) -> None:
        """An HTTP request went out."""
        self.requests += 1
        self.changed.emit()

    def request_finished(self) -> None:
        """An HTTP request ended (answered, failed or cancelled)."""
        self.requests = max(0, self.requests - 1)
        self.changed.emit()

    def cancel_all(self) -> None:
        """Cancel every tracked job."""
        for job in list(self._jobs):
            job.task.cancel()

    def _finish(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        self.changed.emit()


class ActivityIndicator(QWidget):
    """Status-bar widget bound to an ``ActivityTracker``."""

    def __init__(self, tracker: ActivityTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # job labels quote server names
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(120)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.cancel = QToolButton(self)
        self.cancel.setText("Cancel")
        self.cancel.setToolTip("Cancel the work in progress")
        self.cancel.clicked.connect(tracker.cancel_all)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        tracker.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the tracker's current state."""
        jobs = self.tracker.jobs
        busy = bool(jobs) or self.tracker.requests > 0
        self.setVisible(busy)
        if not busy:
            return
        parts = [jobs[-1].label] if jobs else []
        if self.tracker.requests:
            n = self.tracker.requests
            parts.append(f"{n} request{'s' if n != 1 else ''}")
        self.label.setText(" · ".join(parts))
        with_total = [j for j in jobs if j.total]
        if with_total:
            done = sum(j.done for j in with_total)
            total = sum(j.total or 0 for j in with_total)
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)  # busy indicator
        self.cancel.setVisible(bool(jobs))
