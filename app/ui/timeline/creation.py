"""Creating a dated item from the timeline (an app milestone, a version, a sprint), undoably.

The new-item form creates the item; the creation then goes on the pane's ``QUndoStack`` as a
``_Create``: undoing it deletes the item on the server, redoing it creates it again from what
the form held (the server gives it a new id, and the changes of it on the stack follow). While
either runs, nothing else changes; when the server refuses, the command leaves the stack, the
timeline shows what the server holds and the server's reason shows under it, as for a move.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from app.api.errors import ApiError, NotFoundError
from app.api.projects import ProjectAdmin
from app.domain.board import Sprint, SprintChanges
from app.domain.milestone import NewMilestone
from app.domain.project import VersionChanges
from app.domain.timeline import Source, TimelineItem
from app.domain.timeline_sources import from_milestone, from_sprint, from_version
from app.ui.timeline.dialogs import NewItem
from app.ui.timeline.edits import Refusable, TimelineEdits, sprint_moment
from app.ui.timeline.host import TimelineHost
from app.ui.timeline.shown import ShownTimeline

__all__ = ["TimelineCreations", "create_on_server"]

log = logging.getLogger(__name__)


async def create_on_server(
    shown: ShownTimeline, source: Source, project: str, value: NewItem
) -> TimelineItem:
    """Create ``value`` in ``source`` of ``project``; the item as the server holds it (kept in
    ``shown``)."""
    if source is Source.PM_APP:
        if shown.pm is None:
            raise RuntimeError("no Project Milestones service")
        new = NewMilestone(value.title, value.description, value.start, value.end)
        milestone = await shown.pm.create_milestone(project, new)
        item = from_milestone(milestone, project)
        shown.keep(item, milestone)
        return item
    if source is Source.VERSION:
        changes = VersionChanges(
            name=value.title,
            description=value.description,
            start_date=value.start,
            release_date=value.end,
        )
        version = await ProjectAdmin(shown.session.client).create_version(project, changes)
        item = from_version(version, project)
        shown.keep(item, version)
        return item
    boards = shown.boards.get(project)
    if source is not Source.SPRINT or not boards or shown.source is None:
        raise RuntimeError(f"{project} has no scrum board to create a sprint on")
    sprint: Sprint = await shown.source.create_sprint(
        boards[0],
        SprintChanges(
            name=value.title,
            goal=value.description,
            start=sprint_moment(value.start, None),
            end=sprint_moment(value.end, None),
        ),
    )
    item = from_sprint(sprint, project)
    shown.keep(item, sprint)
    return item


async def delete_on_server(shown: ShownTimeline, item: TimelineItem) -> None:
    """Delete ``item`` where it lives (and forget it in ``shown``)."""
    if item.source is Source.PM_APP:
        if shown.pm is None:
            raise RuntimeError("no Project Milestones service")
        await shown.pm.delete_milestone(item.project, item.ref)
    elif item.source is Source.VERSION:
        await ProjectAdmin(shown.session.client).delete_version(item.ref)
    else:
        record = shown.records.get(item.key)
        if shown.source is None or not isinstance(record, Sprint):
            raise RuntimeError(f"{item.title} is not a sprint Jade can delete")
        await shown.source.delete_sprint(record)
    forget(shown, item)


def forget(shown: ShownTimeline, item: TimelineItem) -> None:
    """``item`` is no longer on the server."""
    shown.items.pop(item.key, None)
    shown.records.pop(item.key, None)


class _Create(Refusable):
    """A created item: undo deletes it, redo creates it again."""

    def __init__(
        self,
        creations: TimelineCreations,
        source: Source,
        project: str,
        value: NewItem,
        item: TimelineItem,
    ) -> None:
        super().__init__(f"Create “{value.title}”")
        self.creations = creations
        self.source = source
        self.project = project
        self.value = value
        self.item = item  # as the server holds it (after an undo: as it was)
        self.pushed = False  # the form created it: the push does nothing more

    def redo(self) -> None:
        """Create it again (the first time: it already is)."""
        if not self.pushed:
            self.pushed = True
        elif not self.failed:
            self.creations.create_again(self)

    def undo(self) -> None:
        """Delete it on the server."""
        if not self.failed:
            self.creations.delete(self)


class TimelineCreations(QObject):
    """Creations on the undo stack, and the deletes and creates behind undo and redo."""

    def __init__(self, controller: TimelineHost, edits: TimelineEdits, parent: QObject) -> None:
        super().__init__(parent)
        self.controller = controller
        self.edits = edits

    def created(
        self, shown: ShownTimeline, source: Source, project: str, value: NewItem, item: TimelineItem
    ) -> None:
        """The form created ``item``: show it, and let Ctrl+Z take it back."""
        self._show(shown)
        self.controller.pane.show_message(f"Created “{item.title}”.")
        self.edits.push(_Create(self, source, project, value, item))

    def _show(self, shown: ShownTimeline) -> None:
        if self.controller.is_current(shown):
            self.controller.scene.set_content(shown.lanes(), shown.items.values())

    def delete(self, command: _Create) -> None:
        """Undo: delete what was created."""
        shown = self.controller.shown
        if shown is None:
            return
        item = command.item
        self.controller.scene.set_busy(item.key, True)
        self.edits.count_saving(+1)

        async def work() -> None:
            try:
                await delete_on_server(shown, item)
            except ApiError as error:
                if isinstance(error, NotFoundError):
                    forget(shown, item)  # gone already: the timeline shows it gone
                self.edits.refuse(shown, command, error, lambda: self._show(shown))
                return
            finally:
                self.controller.scene.set_busy(item.key, False)
                self.edits.count_saving(-1)
            self._show(shown)
            if self.controller.is_current(shown):
                self.controller.pane.show_message(f"Deleted “{item.title}” (undone).")

        self.controller.tasks.spawn(f"Deleting {item.title}", work())

    def create_again(self, command: _Create) -> None:
        """Redo: create it again from what the form held."""
        shown = self.controller.shown
        if shown is None:
            return
        self.edits.count_saving(+1)

        async def work() -> None:
            try:
                item = await create_on_server(shown, command.source, command.project, command.value)
            except ApiError as error:
                self.edits.refuse(shown, command, error, lambda: self._show(shown))
                return
            finally:
                self.edits.count_saving(-1)
            old, command.item = command.item, item
            self.edits.rekey(old, item)
            self._show(shown)
            if self.controller.is_current(shown):
                self.controller.pane.show_message(f"Created “{item.title}” again.")

        self.controller.tasks.spawn(f"Creating {command.value.title}", work())
