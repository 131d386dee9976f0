"""The Boards pane's commands (menus, palette, shortcuts) and when each can run.

``BoardCommands`` builds the pane's actions and enables them from what is shown: a command
that cannot run now is disabled with the reason as its tooltip (GreenHopper's reasons, for
what its API cannot do).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from app.domain.board import BoardType, Sprint, SprintState
from app.qtmodels.board_filter import Swimlanes
from app.session import SiteSession
from app.ui.boards.card_opener import CardOpener
from app.ui.boards.moves import CardMoves
from app.ui.boards.pane import BoardsPane, BoardTab
from app.ui.boards.shown import LOADING, ShownBoard
from app.ui.boards.sprints import SprintPlanner
from app.ui.kit.pane import MenuName, PaneAction, allow, make_action

__all__ = ["NO_BOARD", "BoardCommands", "CommandHost"]

NO_BOARD = "Choose a board first."
TABS = ("board", "backlog", "epics", "configuration")


class CommandHost(Protocol):
    """What the commands need of the pane's controller."""

    shown: ShownBoard | None
    session: SiteSession | None
    pane: BoardsPane
    moves: CardMoves
    sprint_changes: SprintPlanner
    opener: CardOpener

    def set_swimlanes(self, mode: object) -> None:
        """Group the cards by ``mode``."""

    def choose_epic(self) -> None:
        """Open the epic filter's list."""


class BoardCommands(QObject):
    """Every action of the Boards pane, and their enabled state."""

    def __init__(self, controller: CommandHost, parent: QObject) -> None:
        super().__init__(parent)
        self.controller = controller
        moves, sprints = controller.moves, controller.sprint_changes
        file, edit, view = MenuName.FILE, MenuName.EDIT, MenuName.VIEW

        def action(
            text: str,
            slot: Callable[[], object],
            tip: str,
            *,
            shortcut: QKeySequence.StandardKey | str | None = None,
            icon: str | None = None,
            checkable: bool = False,
        ) -> QAction:
            return make_action(
                self, text, slot, shortcut=shortcut, tip=tip, icon=icon, checkable=checkable
            )

        self.new_sprint = action(
            "&New sprint…",
            sprints.create,
            "Create a future sprint on the board",
            shortcut=QKeySequence.StandardKey.New,
            icon="add",
        )
        self.start_sprint = action(
            "&Start sprint…", partial(self.on_sprint, "start"), "Start the chosen future sprint"
        )
        self.complete_sprint = action(
            "&Complete sprint…",
            partial(self.on_sprint, "complete"),
            "Complete the active sprint; its open issues go where you choose",
        )
        self.edit_sprint = action(
            "Edit s&print…",
            partial(self.on_sprint, "edit"),
            "Rename the chosen sprint, or change its goal or dates",
            icon="edit",
        )
        self.delete_sprint = action(
            "&Delete sprint…",
            partial(self.on_sprint, "delete"),
            "Delete the chosen future sprint (asks first)",
            icon="delete",
        )
        self.move_to_sprint = action(
            "&Move to sprint…",
            moves.choose_sprint,
            "Move the selected issues into a sprint",
            shortcut="Ctrl+Shift+M",
        )
        self.move_to_backlog = action(
            "Move to &backlog",
            moves.to_backlog,
            "Move the selected issues out of their sprint, into the backlog",
            shortcut="Ctrl+Shift+B",
        )
        self.left = action(
            "Move card &left",
            partial(moves.step_column, -1),
            "Move the selected card to the previous column (its transition)",
            shortcut="Ctrl+Left",
        )
        self.right = action(
            "Move card &right",
            partial(moves.step_column, 1),
            "Move the selected card to the next column (its transition)",
            shortcut="Ctrl+Right",
        )
        self.up = action(
            "Rank &up",
            partial(moves.step_rank, -1),
            "Rank the selected issues one place higher",
            shortcut="Ctrl+Up",
        )
        self.down = action(
            "Rank do&wn",
            partial(moves.step_rank, 1),
            "Rank the selected issues one place lower",
            shortcut="Ctrl+Down",
        )
        self.epic = action(
            "Filter by &epic…",
            controller.choose_epic,
            "Show only the cards of one epic",
            shortcut="Ctrl+Shift+E",
        )
        self.open_in_issues = action(
            "&Open in Issues",
            controller.opener.command,
            "Show the current card's issue, with its detail, in the Issues pane",
            shortcut="Ctrl+Shift+I",
            icon="issues",
        )
        self.clear_filter = action(
            "Clear &quick filter", controller.pane.clear_quick_filter, "Show every card again"
        )
        group = QActionGroup(self)
        self.swimlanes: dict[Swimlanes, QAction] = {}
        for mode in Swimlanes:
            lane = action(
                f"Swimlanes: {mode.label}",
                partial(controller.set_swimlanes, mode),
                "Group the board's cards into swimlanes",
                checkable=True,
            )
            lane.setChecked(mode is Swimlanes.NONE)
            group.addAction(lane)
            self.swimlanes[mode] = lane
        self.tabs = [
            action(
                f"Show the {name}",
                partial(controller.pane.tabs.setCurrentIndex, index),
                f"Show the board's {name}",
                shortcut=f"Alt+{index + 1}",
            )
            for index, name in enumerate(TABS)
        ]
        self.pane_actions = [
            PaneAction(self.new_sprint, file),
            *(
                PaneAction(a, edit)
                for a in (
                    self.start_sprint,
                    self.complete_sprint,
                    self.edit_sprint,
                    self.delete_sprint,
                    self.move_to_sprint,
                    self.move_to_backlog,
                    self.left,
                    self.right,
                    self.up,
                    self.down,
                )
            ),
            PaneAction(self.open_in_issues, MenuName.GO),
            *(PaneAction(a, view) for a in self.swimlanes.values()),
            PaneAction(self.epic, view),
            PaneAction(self.clear_filter, view),
            *(PaneAction(a, view) for a in self.tabs),
        ]

    def check_swimlanes(self, mode: Swimlanes) -> None:
        """Show ``mode`` as the swimlane choice in the menu."""
        for lane_mode, lane in self.swimlanes.items():
            lane.setChecked(lane_mode is mode)

    def chosen_sprint(self) -> Sprint | None:
        """The sprint the sprint commands act on: the backlog section selected, else the one
        the board shows, else the active one."""
        controller = self.controller
        shown, pane = controller.shown, controller.pane
        if shown is None:
            return None
        if pane.tabs.currentIndex() == BoardTab.BACKLOG:
            row = pane.backlog_view.selected_section()
            if row is not None and pane.backlog.section_sprint(row) is not None:
                return pane.backlog.section_sprint(row)
        sprint = shown.sprint(shown.sprint_id)
        if sprint is not None:
            return sprint
        return next((s for s in shown.sprints if s.state is SprintState.ACTIVE), None)

    def on_sprint(self, command: str) -> object:
        """Run a sprint command on the chosen sprint."""
        return self.controller.sprint_changes.run(command, self.chosen_sprint())

    def update(self) -> None:
        """Enable what can be done now; disabled commands say why."""
        controller = self.controller
        shown, pane, moves = controller.shown, controller.pane, controller.moves
        rule = controller.sprint_changes.rule
        no_board = NO_BOARD if controller.session is not None else "Connect to a Jira site first."
        ready = shown is not None and shown.config is not None
        why_board = "" if ready else (LOADING if shown is not None else no_board)
        sprint = self.chosen_sprint()
        tab = pane.tabs.currentIndex()
        key = pane.board_view.current_key() if tab == BoardTab.BOARD else None
        column = pane.cards.column_of(key) if key else None
        selected = moves.selected()
        pick = "Select issues on the board or in the backlog first."
        rank_reason = why_board or (shown.unsupported("rank") if shown is not None else "")
        card_reason = why_board or (
            "" if column is not None else "Select a card on the board first."
        )
        scrum = shown is not None and shown.board.type is BoardType.SCRUM
        sprints_reason = why_board or (
            ""
            if scrum
            else (shown.unsupported("sprints") if shown else "") or "Kanban boards have no sprints."
        )
        no_backlog = shown.unsupported("backlog") if shown is not None else ""
        in_sprint = bool(selected) and moves.sprint_of(selected[0]) is not None
        create = controller.sprint_changes.create_reason()
        last = len(pane.cards.columns) - 1
        open_reason = controller.opener.reason()
        for command, allowed, reason in (
            (self.new_sprint, not create, create),
            (self.start_sprint, not rule("start", sprint), rule("start", sprint)),
            (self.complete_sprint, not rule("complete", sprint), rule("complete", sprint)),
            (self.edit_sprint, not rule("edit", sprint), rule("edit", sprint)),
            (self.delete_sprint, not rule("delete", sprint), rule("delete", sprint)),
            (self.move_to_sprint, not sprints_reason and bool(selected), sprints_reason or pick),
            (
                self.move_to_backlog,
                not sprints_reason and not no_backlog and in_sprint,
                sprints_reason or no_backlog or "Select issues that are in a sprint first.",
            ),
            (
                self.left,
                not card_reason and (column or 0) > 0,
                card_reason or "The card is in the first column.",
            ),
            (
                self.right,
                not card_reason and column is not None and column < last,
                card_reason or "The card is in the last column.",
            ),
            (self.up, not rank_reason and bool(selected), rank_reason or pick),
            (self.down, not rank_reason and bool(selected), rank_reason or pick),
            (self.open_in_issues, not open_reason, open_reason),
            (self.epic, ready, why_board),
            (self.clear_filter, ready, why_board),
        ):
            allow(command, allowed, reason)
        for command in (*self.swimlanes.values(), *self.tabs):
            allow(command, ready, why_board)
        if shown is not None:
            pane.backlog_view.set_rules(rule, create)
