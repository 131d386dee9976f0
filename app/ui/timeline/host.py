"""What the Timeline's helpers (edits, changes, exports, commands) need of its controller."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from app.domain.milestone import MilestoneBucket
from app.session import SiteSession
from app.ui.kit.tasks import TaskRunner
from app.ui.timeline.pane import TimelinePane
from app.ui.timeline.scene import TimelineScene
from app.ui.timeline.shown import ShownTimeline
from app.ui.timeline.view import TimelineView

__all__ = ["TimelineHost"]


class TimelineHost(Protocol):
    """The Timeline pane's controller, as its helpers see it."""

    tasks: TaskRunner
    today: date
    pane: TimelinePane
    scene: TimelineScene
    view: TimelineView
    session: SiteSession | None
    shown: ShownTimeline | None

    def is_current(self, shown: ShownTimeline) -> bool:
        """Whether ``shown`` is still shown."""

    def show_problem(self, text: str) -> None:
        """Say what went wrong under the timeline."""

    def update_actions(self) -> None:
        """Enable what can be done now."""

    async def load_buckets(self, shown: ShownTimeline) -> None:
        """Read the buckets again and show them."""

    def show_buckets(self, shown: ShownTimeline, buckets: list[MilestoneBucket]) -> None:
        """Show ``buckets`` in the lane."""

    def zoom_in(self) -> None:
        """One zoom step closer."""

    def zoom_out(self) -> None:
        """One zoom step farther."""

    def fit(self) -> None:
        """Show every item."""

    def go_to_today(self) -> None:
        """Scroll to today."""
