"""Sprint changes from the Boards pane: create, start, edit, complete and delete.

Each dialog goes through ``submit_through``: Jira's refusals stay next to their fields, and a
Stop reads the board's sprints back to say whether Jira made the change. Afterwards the pane
reads the sprints again, and with them the board and the backlog. ``rule`` says, for every
sprint command, whether it can be done now and why not (the API's reasons on GreenHopper).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from app.domain.board import BoardType, Sprint, SprintChanges, SprintState
from app.ui.boards.dialogs import CompleteSprintDialog, SprintDialog
from app.ui.boards.shown import LOADING, BoardHost, ShownBoard, closing
from app.ui.kit.forms import FormDialog, Verdict, ask_then, submit_through
from app.ui.kit.tasks import Level

__all__ = ["SprintPlanner", "next_sprint_name"]

_NUMBERED = re.compile(r"^(.*?)(\d+)\s*$")
D = TypeVar("D", bound=FormDialog)


def next_sprint_name(board_name: str, sprints: list[Sprint]) -> str:
    """The name Jira would offer: the last numbered sprint's name, one higher."""
    best: tuple[int, str] | None = None
    for sprint in sprints:
        found = _NUMBERED.match(sprint.name)
        if found and (best is None or int(found.group(2)) >= best[0]):
            best = (int(found.group(2)), found.group(1))
    if best is None:
        return f"{board_name} Sprint 1"
    return f"{best[1]}{best[0] + 1}"


class SprintPlanner(QObject):
    """Makes the sprint changes of the board shown."""

    def __init__(self, host: BoardHost) -> None:
        super().__init__(host.pane)
        self.host = host
        self.pane = host.pane
        self.tasks = host.tasks
        self.dialog: FormDialog | QMessageBox | None = None

    # ----- what may be done ------------------------------------------------------------------------
    def create_reason(self) -> str:
        """Why no sprint can be created now ("" when one can)."""
        shown = self.host.shown
        if shown is None:
            return "Choose a board first."
        if shown.board.type is not BoardType.SCRUM:
            return shown.unsupported("sprints") or "Kanban boards have no sprints."
        return shown.unsupported("sprints")

    def rule(self, command: str, sprint: Sprint | None) -> str:
        """Why ``command`` (start, complete, edit, delete) cannot be done to ``sprint`` now."""
        shown = self.host.shown
        if shown is None or shown.config is None:
            return LOADING
        if sprint is None:
            return "Choose a sprint first (in the sprint selector or the backlog)."
        state = sprint.state
        if command == "start":
            if state is not SprintState.FUTURE:
                return "Only a future sprint can be started."
            return shown.unsupported("start_sprint")
        if command == "complete":
            if state is not SprintState.ACTIVE:
                return "Only an active sprint can be completed."
            return shown.unsupported("complete_sprint")
        if command == "edit":
            return (
                "A closed sprint keeps its name and dates." if state is SprintState.CLOSED else ""
            )
        if command == "delete":
            if state is not SprintState.FUTURE:
                return "Only a future sprint can be deleted: Jira keeps active and closed ones."
            return ""
        return f"Unknown sprint command {command!r}."

    def run(self, command: str, sprint: object) -> object:
        """Run a sprint command by name (the backlog headers' buttons)."""
        if not isinstance(sprint, Sprint) or self.rule(command, sprint):
            return None
        commands: dict[str, Callable[[Sprint], object]] = {
            "start": self.start,
            "complete": self.complete,
            "edit": self.edit,
            "delete": self.delete,
        }
        return commands[command](sprint)

    # ----- the commands ------------------------------------------------------------------------------
    def create(self) -> SprintDialog | None:
        """New sprint…: a future sprint with a name, and optionally a goal and dates."""
        shown = self.host.shown
        if shown is None or self.create_reason():
            return None
        dialog = SprintDialog(
            "create",
            None,
            name=next_sprint_name(shown.board.name, shown.sprints),
            goal_reason=shown.unsupported("sprint_goal"),
            parent=self.pane,
        )
        before = {s.id for s in shown.sprints}

        async def change(changes: SprintChanges) -> None:
            await shown.source.create_sprint(shown.board, changes)

        def holds(now: list[Sprint], changes: SprintChanges) -> bool:
            return any(s.id not in before and s.name == changes.name for s in now)

        return self._submit(shown, dialog, change, holds, "Creating a sprint")

    def start(self, sprint: Sprint) -> SprintDialog | None:
        """Start a future sprint (both dates needed)."""
        shown = self.host.shown
        if shown is None or self.rule("start", sprint):
            return None
        dialog = SprintDialog(
            "start", sprint, goal_reason=shown.unsupported("sprint_goal"), parent=self.pane
        )

        async def change(changes: SprintChanges) -> None:
            await shown.source.update_sprint(sprint, changes)

        def holds(now: list[Sprint], _changes: SprintChanges) -> bool:
            return any(s.id == sprint.id and s.state is SprintState.ACTIVE for s in now)

        return self._submit(shown, dialog, change, holds, f"Starting {sprint.name}")

    def edit(self, sprint: Sprint) -> SprintDialog | None:
        """Edit a sprint's name, goal and dates."""
        shown = self.host.shown
        if shown is None or self.rule("edit", sprint):
            return None
        dialog = SprintDialog(
            "edit", sprint, goal_reason=shown.unsupported("sprint_goal"), parent=self.pane
        )

        async def change(changes: SprintChanges) -> None:
            if changes != SprintChanges():
                await shown.source.update_sprint(sprint, changes)

        def holds(now: list[Sprint], changes: SprintChanges) -> bool:
            found = next((s for s in now if s.id == sprint.id), None)
            return found is not None and (changes.name is None or found.name == changes.name)

        return self._submit(shown, dialog, change, holds, f"Saving {sprint.name}")

    def complete(self, sprint: Sprint) -> None:
        """Complete the active sprint: count its issues, then ask where the open ones go."""
        shown = self.host.shown
        if shown is None or self.rule("complete", sprint):
            return
        self.tasks.spawn(f"Counting the issues of {sprint.name}", self._complete(shown, sprint))

    async def _complete(self, shown: ShownBoard, sprint: Sprint) -> None:
        done = open_ = 0
        config = shown.config
        if config is None:
            return
        async with closing(shown.source.cards(shown.board, config, sprint=sprint)) as batches:
            async for batch in batches:
                done += sum(1 for c in batch if c.done)
                open_ += sum(1 for c in batch if not c.done)
        if not self.host.is_current(shown):
            return
        futures = [s for s in shown.sprints if s.state is SprintState.FUTURE]
        dialog = CompleteSprintDialog(sprint, done, open_, futures, self.pane)

        async def change(target: Sprint | None) -> None:
            await shown.source.complete_sprint(sprint, target)

        def holds(now: list[Sprint], _target: Sprint | None) -> bool:
            return any(s.id == sprint.id and s.state is SprintState.CLOSED for s in now)

        self._submit(shown, dialog, change, holds, f"Completing {sprint.name}")

    def delete(self, sprint: Sprint) -> QMessageBox | None:
        """Delete a future sprint, after asking; its issues go back to the backlog."""
        shown = self.host.shown
        if shown is None or self.rule("delete", sprint):
            return None
        row = self.pane.backlog.section_row(sprint.id)
        count = len(self.pane.backlog.section_keys(row)) if row is not None else None
        issues = (
            "its issues go back to the backlog"
            if count is None
            else f"its {count} issue{'s' if count != 1 else ''} go back to the backlog"
            if count
            else "it has no issues"
        )
        box = ask_then(
            self.pane,
            "Delete sprint",
            f"Delete the sprint “{sprint.name}”? It is removed from the board and {issues}. "
            "This cannot be undone.",
            "Delete sprint",
            lambda: self.tasks.spawn(f"Deleting {sprint.name}", self._delete(shown, sprint)),
        )
        self.dialog = box
        return box

    async def _delete(self, shown: ShownBoard, sprint: Sprint) -> None:
        await shown.source.delete_sprint(sprint)
        if self.host.is_current(shown):
            self.tasks.notify(Level.INFO, "Sprint deleted", f"{sprint.name} was deleted.")
            self.host.reload_sprints(shown)

    # ----- inside ------------------------------------------------------------------------------------
    def _submit(
        self,
        shown: ShownBoard,
        dialog: D,
        change: Callable[[Any], Awaitable[None]],
        holds: Callable[[list[Sprint], Any], bool],
        label: str,
    ) -> D:
        async def verify(value: Any) -> Verdict:
            return Verdict(holds(await shown.source.sprints(shown.board), value))

        def accepted() -> None:
            if self.host.is_current(shown):
                self.host.reload_sprints(shown)

        submit_through(dialog, change, accepted, self.tasks, label=label, verify=verify)
        self.dialog = dialog
        return dialog
