"""Long-running work as the status bar shows it: what is running, how far along, cancel.

Task runners hand their tasks to the window's ``ActivityTracker`` (app/ui/kit/tasks.py); the
indicator shows the newest job, the number of requests in flight, a progress bar when a job
reports progress, and a Cancel button that cancels every tracked job.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from app.ui.kit.tasks import ActivityTracker

__all__ = ["ActivityIndicator"]


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
