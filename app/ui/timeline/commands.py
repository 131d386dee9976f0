"""The Timeline pane's commands (menus, palette, shortcuts) and when each can run."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from app.domain.timeline import Zoom
from app.ui.kit.pane import MenuName, PaneAction, allow, make_action
from app.ui.kit.text import action_text
from app.ui.timeline.changes import TimelineChanges
from app.ui.timeline.edits import TimelineEdits
from app.ui.timeline.export import TimelineExport
from app.ui.timeline.host import TimelineHost

__all__ = ["TimelineCommands"]

NO_SITE = "Connect to a Jira site first."
NO_BUCKETS = "Choose a Milestones API profile and project id on the left first."
NO_PROJECT = "Tick a project on the left first."
SAVING = "A change is being saved; wait until it is done."


class TimelineCommands(QObject):
    """Every action of the Timeline pane, and their enabled state."""

    def __init__(
        self,
        controller: TimelineHost,
        edits: TimelineEdits,
        export: TimelineExport,
        changes: TimelineChanges,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.edits = edits
        file, edit, view = MenuName.FILE, MenuName.EDIT, MenuName.VIEW

        def action(
            text: str,
            slot: Callable[[], object],
            tip: str,
            shortcut: QKeySequence.StandardKey | str | None = None,
            icon: str | None = None,
        ) -> QAction:
            return make_action(self, text, slot, shortcut=shortcut, tip=tip, icon=icon)

        self.undo = action("&Undo timeline change", edits.undo, "Undo the last change", "Ctrl+Z")
        self.redo = action(
            "&Redo timeline change", edits.redo, "Do the undone change again", "Ctrl+Shift+Z"
        )
        self.zoom_in = action("Zoom &in", controller.zoom_in, "Fewer days on screen", "Ctrl+=")
        self.zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out = action("Zoom &out", controller.zoom_out, "More days on screen", "Ctrl+-")
        self.fit = action("&Fit to content", controller.fit, "Show every item", "Ctrl+0")
        self.today = action("Go to &today", controller.go_to_today, "Scroll to today", "Ctrl+T")
        self.new_item = action(
            "&New item here…",
            changes.create_here,
            "Create a milestone, version or sprint in the focused lane (Ctrl+Up/Down)",
            QKeySequence.StandardKey.New,
            "add",
        )
        self.new_bucket = action(
            "New Milestones API &milestone…",
            changes.create_bucket,
            "Create a milestone (bucket) in the Milestones API project",
            icon="add",
        )
        self.export_png = action(
            "Export timeline as &PNG…", export.png, "Save the visible timeline as a picture"
        )
        self.export_svg = action(
            "Export timeline as &SVG…", export.svg, "Save the visible timeline as a drawing"
        )
        self.export_csv = action(
            "Export timeline items as &CSV…", export.csv, "Save every item as CSV", "Ctrl+Shift+E"
        )
        self.zoom_actions: dict[Zoom, QAction] = {}
        self.pane_actions = [
            PaneAction(self.undo, edit),
            PaneAction(self.redo, edit),
            PaneAction(self.new_item, edit),
            PaneAction(self.new_bucket, edit),
            PaneAction(self.zoom_in, view),
            PaneAction(self.zoom_out, view),
            PaneAction(self.fit, view),
            PaneAction(self.today, view),
            PaneAction(self.export_png, file),
            PaneAction(self.export_svg, file),
            PaneAction(self.export_csv, file),
        ]
        pane = controller.pane
        pane.undo_button.setDefaultAction(self.undo)
        pane.redo_button.setDefaultAction(self.redo)
        pane.undo_button.setText("Undo")
        pane.redo_button.setText("Redo")
        menu = QMenu(pane.export_button)
        for each in (self.export_png, self.export_svg, self.export_csv):
            menu.addAction(each)
        pane.export_button.setMenu(menu)
        edits.stack.indexChanged.connect(self._stack_changed)

    def _stack_changed(self, _index: int) -> None:
        if shiboken6.isValid(self.edits.stack):  # the stack empties itself as it goes
            self.update()

    def update(self) -> None:
        """Enable what can be done now; disabled commands say why."""
        controller = self.controller
        connected = controller.session is not None
        if not shiboken6.isValid(self.edits.stack):
            return
        stack, ready = self.edits.stack, self.edits.ready
        allow(self.undo, ready and stack.canUndo(), SAVING if not ready else "Nothing to undo.")
        allow(self.redo, ready and stack.canRedo(), SAVING if not ready else "Nothing to redo.")
        undo_text, redo_text = stack.undoText(), stack.redoText()
        self.undo.setText(f"&Undo {action_text(undo_text)}" if undo_text else "&Undo")
        self.redo.setText(f"&Redo {action_text(redo_text)}" if redo_text else "&Redo")
        for each in (self.zoom_in, self.zoom_out, self.fit, self.today):
            allow(each, connected, NO_SITE)
        shown = controller.shown
        allow(
            self.new_item,
            ready and shown is not None and bool(shown.projects),
            SAVING if not ready else NO_PROJECT,
        )
        allow(self.new_bucket, shown is not None and shown.buckets is not None, NO_BUCKETS)
        for each in (self.export_png, self.export_svg, self.export_csv):
            allow(each, shown is not None, NO_SITE)
