"""Changing the timeline: dragged dates and reordered buckets, each saved, with undo and redo.

Every change is a ``QUndoCommand`` on the pane's ``QUndoStack``: doing it (the drop, or redo)
shows the new state at once and saves it; undoing shows the old state and saves that. While a
save runs, its bar cannot be dragged and undo/redo wait. When the server refuses, the bar (or
the lane) goes back to what the server still holds, the server's reason is shown under the
timeline, and the command leaves the stack (there is nothing to undo).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Coroutine
from datetime import date, datetime, time
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.api.errors import ApiError
from app.domain.board import Sprint
from app.domain.milestone import MilestoneChanges, reordered
from app.domain.timeline import Source, TimelineItem, date_problem
from app.domain.timeline_sources import from_milestone, from_sprint, from_version
from app.ui.kit.tasks import Level, error_text
from app.ui.timeline.host import TimelineHost
from app.ui.timeline.shown import ShownTimeline

__all__ = ["Refusable", "TimelineEdits", "sprint_moment"]

log = logging.getLogger(__name__)


def sprint_moment(day: date | None, kept: datetime | None) -> datetime | None:
    """``day`` at the time of day (and zone) of ``kept`` (a sprint starts at its hour)."""
    if day is None:
        return None
    if kept is None:
        return datetime.combine(day, time(9, 0)).astimezone()
    local = kept.astimezone() if kept.tzinfo is not None else kept
    return datetime.combine(day, local.timetz() if local.tzinfo else local.time())


def _renamed(state: Any, old: TimelineItem, new: TimelineItem) -> Any:
    if isinstance(state, TimelineItem) and state.key == old.key:
        return dataclasses.replace(state, ref=new.ref)
    return state


class Refusable(QUndoCommand):
    """A command whose save the server may refuse: it then leaves the stack without effect."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.failed = False


class _Change(Refusable):
    """A change with two states; doing or undoing shows one and saves it."""

    def __init__(self, edits: TimelineEdits, text: str, before: Any, after: Any) -> None:
        super().__init__(text)
        self.edits = edits
        self.before = before
        self.after = after

    def redo(self) -> None:
        """Show and save the new state."""
        if not self.failed:
            self.edits.apply(self, self.after, self.before)

    def undo(self) -> None:
        """Show and save the old state."""
        if not self.failed:
            self.edits.apply(self, self.before, self.after)


class TimelineEdits(QObject):
    """The pane's undo stack and the saves behind it."""

    saved = Signal(object)  # a TimelineItem or a list of bucket ids, as the server holds it
    refused = Signal(str)  # the server's reason

    def __init__(self, controller: TimelineHost, parent: QObject) -> None:
        super().__init__(parent)
        self.controller = controller
        self.stack = QUndoStack(self)
        self.saving = 0
        controller.scene.change_requested.connect(self.drop)
        controller.pane.buckets.reorder_requested.connect(self.reorder)

    @property
    def ready(self) -> bool:
        """Whether undo/redo may run now (no save on its way)."""
        return self.saving == 0

    def clear(self) -> None:
        """Forget every change (another site, or a reload)."""
        self.stack.clear()

    def undo(self) -> None:
        """Ctrl+Z."""
        if self.ready and self.stack.canUndo():
            self.stack.undo()

    def redo(self) -> None:
        """Ctrl+Shift+Z."""
        if self.ready and self.stack.canRedo():
            self.stack.redo()

    def count_saving(self, step: int) -> None:
        """A save starts (+1) or ends (-1); while one runs nothing else may change."""
        self.saving += step
        # one change at a time: the undo stack's order is the order the servers saw
        self.controller.scene.locked = self.saving > 0
        self.controller.pane.buckets.editable = self.saving == 0
        self.controller.update_actions()

    # ----- asking -----------------------------------------------------------------------------------
    def drop(self, before: object, after: object) -> None:
        """A bar was dropped on other days: check them, then push the change."""
        if not isinstance(before, TimelineItem) or not isinstance(after, TimelineItem):
            return
        problem = date_problem(after.start, after.end)
        if problem is not None:
            self.controller.scene.update_item(before)
            self.controller.show_problem(problem)
            return
        moved = after == before.shifted(
            ((after.first or date.min) - (before.first or date.min)).days
        )
        verb = "Move" if moved else "Change the dates of"
        self.stack.push(_Change(self, f"{verb} “{before.title}”", before, after))

    def push(self, command: QUndoCommand) -> None:
        """Put a command on the stack (pushing does it)."""
        self.stack.push(command)

    def rekey(self, old: TimelineItem, new: TimelineItem) -> None:
        """``old`` was created again as ``new`` (another id): the changes of it follow."""
        for n in range(self.stack.count()):
            command = self.stack.command(n)
            if isinstance(command, _Change):
                command.before = _renamed(command.before, old, new)
                command.after = _renamed(command.after, old, new)

    def reorder(self, before: list[int], after: list[int]) -> None:
        """Buckets were dragged into another order: push the change."""
        if before != after:
            self.stack.push(_Change(self, "Reorder the milestones", list(before), list(after)))

    # ----- doing ------------------------------------------------------------------------------------
    def apply(self, change: _Change, target: Any, fallback: Any) -> None:
        """Show ``target`` and save it; if the save is refused, show ``fallback`` again."""
        shown = self.controller.shown
        if shown is None:
            return
        if isinstance(target, TimelineItem):
            self.controller.scene.update_item(target)
            self.controller.scene.set_busy(target.key, True)
            label = f"Saving the dates of {target.title}"
            work: Coroutine[Any, Any, None] = self._save_item(shown, change, target, fallback)
        else:
            self._show_order(shown, target)
            label = "Saving the order of the milestones"
            work = self._save_order(shown, change, target, fallback)
        self.count_saving(+1)
        self.controller.tasks.spawn(label, work)

    async def _save_item(
        self, shown: ShownTimeline, change: _Change, target: TimelineItem, fallback: TimelineItem
    ) -> None:
        try:
            saved = await self._send_dates(shown, target, fallback)
        except ApiError as error:
            self.refuse(shown, change, error, lambda: self._put_back(shown, fallback))
            return
        finally:
            self.controller.scene.set_busy(target.key, False)
            self.count_saving(-1)
        if self.controller.is_current(shown):
            shown.items[saved.key] = saved
            self.controller.scene.update_item(saved)
            self.controller.pane.show_message(f"Saved the dates of “{saved.title}”.")
            self.saved.emit(saved)

    async def _send_dates(
        self, shown: ShownTimeline, target: TimelineItem, current: TimelineItem
    ) -> TimelineItem:
        record = shown.records.get(target.key)
        if target.source is Source.PM_APP:
            if shown.pm is None:
                raise RuntimeError("no Project Milestones service")
            # only what changed is sent: the app keeps the attributes a body leaves out
            changes = MilestoneChanges(
                start=target.start if target.start != current.start else None,
                end=target.end if target.end != current.end else None,
            )
            milestone = await shown.pm.edit_milestone(target.project, target.ref, changes)
            shown.records[target.key] = milestone
            return from_milestone(milestone, target.project)
        if target.source is Source.VERSION:
            version = await shown.dates.set_version_dates(target.ref, target.start, target.end)
            shown.records[target.key] = version
            return from_version(version, target.project)
        if target.source is Source.SPRINT and isinstance(record, Sprint):
            sprint = await shown.dates.set_sprint_dates(
                record,
                sprint_moment(target.start, record.start),
                sprint_moment(target.end, record.end),
            )
            shown.records[target.key] = sprint
            return from_sprint(sprint, target.project)
        raise RuntimeError(f"{target.source} items cannot be re-dated")

    def _put_back(self, shown: ShownTimeline, fallback: TimelineItem) -> None:
        shown.items[fallback.key] = fallback
        self.controller.scene.update_item(fallback)

    async def _save_order(
        self, shown: ShownTimeline, change: _Change, target: list[int], fallback: list[int]
    ) -> None:
        service = shown.buckets
        try:
            if service is None:
                raise RuntimeError("no Milestones API service")
            await service.reorder_buckets(target)
        except ApiError as error:
            self.refuse(shown, change, error, lambda: self._show_order(shown, fallback))
            return
        finally:
            self.count_saving(-1)
        if self.controller.is_current(shown):
            by_id = {b.id: b for b in shown.bucket_records}
            known = [i for i in target if i in by_id]
            self.controller.show_buckets(shown, reordered(shown.bucket_records, known))
            self.controller.pane.show_message("Saved the order of the milestones.")
            self.saved.emit(list(target))

    def _show_order(self, shown: ShownTimeline, ids: list[int]) -> None:
        lane = self.controller.pane.buckets
        by_ref = {b.ref: b for b in lane.buckets}
        order = [by_ref[str(i)] for i in ids if str(i) in by_ref]
        order += [b for b in lane.buckets if b not in order]
        lane.set_buckets(order, lane.system_ids)

    def refuse(
        self, shown: ShownTimeline, change: Refusable, error: ApiError, put_back: Callable[[], None]
    ) -> None:
        """The server said no: show what it still holds and its reason; drop the command."""
        log.info("%s refused: %s", change.text() if shiboken6.isValid(change) else "?", error)
        if not self.controller.is_current(shown):
            return
        put_back()
        message, details = error_text(error)
        self.controller.show_problem(message)
        self.controller.tasks.notify(Level.ERROR, "Not saved", message, details)
        self.refused.emit(message)
        if not shiboken6.isValid(change):
            return
        change.failed = True
        change.setObsolete(True)
        # nothing else changes while a save runs, so the command is next to the stack's index;
        # an obsolete command leaves the stack on the next undo (done) or redo (undone)
        stack, index = self.stack, self.stack.index()
        if index > 0 and stack.command(index - 1) is change:
            stack.undo()
        elif index < stack.count() and stack.command(index) is change:
            stack.redo()
        self.controller.update_actions()
