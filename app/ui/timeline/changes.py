"""Creating and deleting from the timeline: a dated item on an empty spot of its lane, and the
Milestones API's buckets (new, rename/recolour, delete with its tasks moved or deleted).

Deleting asks first and says exactly what happens to how many tasks; the project's
uncategorised bucket is never offered for deletion (the service would refuse with a 409), and
asking to delete it says why instead.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from app.domain.milestone import (
    BucketChanges,
    MilestoneBucket,
    NewBucket,
    TaskFate,
    cannot_delete_reason,
)
from app.domain.timeline import Source, TimelineItem
from app.ui.kit.forms import submit_through
from app.ui.kit.tasks import Level
from app.ui.timeline.creation import TimelineCreations, create_on_server
from app.ui.timeline.dialogs import BucketDialog, BucketForm, ItemDialog, NewItem
from app.ui.timeline.host import TimelineHost
from app.ui.timeline.shown import ShownTimeline

__all__ = ["TimelineChanges"]


def _tasks(count: int) -> str:
    return f"{count} task{'s' if count != 1 else ''}"


class TimelineChanges(QObject):
    """New items, and the buckets' own commands."""

    def __init__(
        self, controller: TimelineHost, creations: TimelineCreations, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.creations = creations
        self.last_dialog: QObject | None = None  # the form open now (tests fill it in)
        controller.scene.create_requested.connect(self.create_item)
        lane = controller.pane.buckets
        lane.create_requested.connect(self.create_bucket)
        lane.edit_requested.connect(self.edit_bucket)
        lane.delete_requested.connect(self.delete_bucket)

    # ----- dated items ------------------------------------------------------------------------------
    def create_item(self, source: object, project: str, day: object) -> None:
        """A double-click on an empty spot of a lane: the new item's form, starting that day."""
        shown = self.controller.shown
        if shown is None or not isinstance(source, Source) or not isinstance(day, date):
            return
        reason = self._cannot_create(shown, source, project)
        if reason:
            self.controller.show_problem(reason)
            return
        dialog = ItemDialog(source, project, day, self.controller.pane)
        self.last_dialog = dialog
        made: list[tuple[NewItem, TimelineItem]] = []

        async def create(value: NewItem) -> None:
            made.append((value, await create_on_server(shown, source, project, value)))

        def accepted() -> None:
            if made and self.controller.is_current(shown):
                value, item = made[-1]
                self.creations.created(shown, source, project, value, item)

        submit_through(
            dialog, create, accepted, self.controller.tasks, label=f"Creating in {project}"
        )

    def create_here(self) -> None:
        """Ctrl+N: a new item in the focused lane, today if it is in view, else mid-view."""
        lane = self.controller.scene.focus_lane()
        if lane is None:
            self.controller.show_problem("Tick a project on the left first.")
            return
        first, last = self.controller.view.visible_days()
        today = self.controller.today
        day = today if first <= today <= last else first + (last - first) // 2
        self.create_item(lane.source, lane.project, day)

    def _cannot_create(self, shown: ShownTimeline, source: Source, project: str) -> str:
        if source is Source.PM_APP and shown.pm is None:
            return "Choose the Project Milestones app's profile on the left first."
        if source is Source.SPRINT and not shown.boards.get(project):
            return f"{project} has no scrum board to create a sprint on."
        return ""

    # ----- buckets ------------------------------------------------------------------------------------
    def _bucket(self, item: object) -> tuple[ShownTimeline, MilestoneBucket] | None:
        shown = self.controller.shown
        if shown is None or not isinstance(item, TimelineItem):
            return None
        found = next((b for b in shown.bucket_records if str(b.id) == item.ref), None)
        return (shown, found) if found is not None else None

    def create_bucket(self) -> None:
        """A new bucket in the Milestones API project."""
        shown = self.controller.shown
        if shown is None or shown.buckets is None:
            return
        service = shown.buckets
        dialog = BucketDialog(None, shown.bucket_records, self.controller.pane)
        self.last_dialog = dialog

        async def create(value: BucketForm) -> None:
            await service.create_bucket(shown.bucket_project, NewBucket(value.title, value.color))

        submit_through(
            dialog,
            create,
            lambda: self._reload(shown),
            self.controller.tasks,
            label="Creating a milestone",
        )

    def edit_bucket(self, item: object) -> None:
        """Rename and recolour a bucket."""
        found = self._bucket(item)
        if found is None or found[0].buckets is None:
            return
        shown, bucket = found
        service = found[0].buckets
        dialog = BucketDialog(bucket, shown.bucket_records, self.controller.pane)
        self.last_dialog = dialog

        async def edit(value: BucketForm) -> None:
            await service.edit_bucket(bucket.id, BucketChanges(value.title, value.color))

        submit_through(
            dialog,
            edit,
            lambda: self._reload(shown),
            self.controller.tasks,
            label=f"Saving milestone {bucket.title}",
        )

    def delete_bucket(self, item: object) -> None:
        """Ask how, then delete a bucket; the uncategorised one is refused before asking."""
        found = self._bucket(item)
        if found is None:
            return
        shown, bucket = found
        reason = cannot_delete_reason(bucket)
        if reason:
            self.controller.show_problem(reason)
            self.controller.tasks.notify(Level.INFO, "Cannot delete this milestone", reason)
            return
        default = next((b for b in shown.bucket_records if b.is_system), None)
        box = QMessageBox(self.controller.pane)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Delete milestone")
        box.setTextFormat(Qt.TextFormat.PlainText)
        count = bucket.tasks_count
        where = f"“{default.title}”" if default is not None else "the default milestone"
        if count:
            box.setText(
                f"Delete “{bucket.title}”? It holds {_tasks(count)}: move them to {where}, "
                f"or delete them with their attachments, comments and timers."
            )
            move = box.addButton(
                f"Move {_tasks(count)} to {where}", QMessageBox.ButtonRole.AcceptRole
            )
            drop = box.addButton(
                f"Delete {_tasks(count)} too", QMessageBox.ButtonRole.DestructiveRole
            )
        else:
            box.setText(f"Delete “{bucket.title}”? It holds no task.")
            move = box.addButton("Delete", QMessageBox.ButtonRole.AcceptRole)
            drop = None
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = box

        def finished(_result: int) -> None:
            clicked = box.clickedButton()
            if clicked is move:
                self._delete(shown, bucket, TaskFate.MOVE_TO_DEFAULT)
            elif drop is not None and clicked is drop:
                self._delete(shown, bucket, TaskFate.DELETE)

        box.finished.connect(finished)
        box.open()

    def _delete(self, shown: ShownTimeline, bucket: MilestoneBucket, fate: TaskFate) -> None:
        service = shown.buckets
        if service is None:
            return

        async def delete() -> None:
            await service.delete_bucket(bucket.id, fate)
            if self.controller.is_current(shown):
                gone = "deleted" if fate is TaskFate.DELETE else "moved to the default milestone"
                tasks = f"; its {_tasks(bucket.tasks_count)} {gone}" if bucket.tasks_count else ""
                self.controller.pane.show_message(f"Deleted “{bucket.title}”{tasks}.")
                await self.controller.load_buckets(shown)

        self.controller.tasks.spawn(f"Deleting milestone {bucket.title}", delete())

    def _reload(self, shown: ShownTimeline) -> None:
        if self.controller.is_current(shown):
            self.controller.tasks.spawn(
                "Loading the milestones", self.controller.load_buckets(shown)
            )
