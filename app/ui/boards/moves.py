"""Moving cards: to another column (a workflow transition), up or down their column (rank), and
between sprints and the backlog; by drag and drop, by keyboard or by command.

Every move shows at once and waits for Jira (the card is dimmed meanwhile). If Jira refuses,
the card goes back where it was and the card itself says why, in Jira's words, as does the
line above the board. A transition into a column takes the transition to one of the column's
statuses; when several lead there, or its screen asks for fields, a dialog asks first, and
cancelling it puts the card back. Ranks report each issue Jira did not rank (its 207 answer).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from app.api.errors import ApiError, ValidationError
from app.api.issues import IssueReader, IssueWriter
from app.domain.board import Card, RankOutcome, Sprint
from app.domain.issue_actions import Transition
from app.qtmodels.board_backlog import Snapshot
from app.qtmodels.board_drag import DraggedCards, DragOrigin
from app.ui.boards.dialogs import ColumnTransitionDialog, MoveTargetDialog, TransitionRequest
from app.ui.boards.shown import BoardHost, ShownBoard
from app.ui.kit.forms import Verdict, submit_through
from app.ui.kit.text import Tone

__all__ = ["CardMoves", "rank_anchor"]

log = logging.getLogger(__name__)


def rank_anchor(
    keys: Sequence[str], moving: Sequence[str], row: int
) -> tuple[str | None, str | None]:
    """(before, after): where ``moving``, dropped at ``row`` of a list showing ``keys``, goes.

    ``row`` counts the rows above the drop point, the moving cards among them; (None, None)
    when the drop leaves the order as it is.
    """
    leaving = set(moving)
    rest = [k for k in keys if k not in leaving]
    at = len([k for k in keys[:row] if k not in leaving])
    if not rest or rest[:at] + list(moving) + rest[at:] == list(keys):
        return None, None
    return (rest[at], None) if at < len(rest) else (None, rest[-1])


def _is_subtask(card: Card | None) -> bool:
    """Whether ``card`` is a sub-task (by Jira's standard type names: the card does not carry
    the type's sub-task flag)."""
    return card is not None and card.issue_type.casefold().replace("-", "") == "subtask"


class CardMoves(QObject):
    """Makes the card moves of the Boards pane."""

    def __init__(self, host: BoardHost) -> None:
        super().__init__(host.pane)
        self.host = host
        self.pane = host.pane
        self.tasks = host.tasks
        self.dialog: ColumnTransitionDialog | MoveTargetDialog | None = None

    # ----- drops ---------------------------------------------------------------------------------
    def dropped_on_board(
        self, dragged: DraggedCards, cell: QPersistentModelIndex, row: int
    ) -> None:
        """Cards dropped on a cell of the board: another column transitions, the same ranks."""
        shown = self.host.shown
        model = self.pane.cards
        place = model.cell_place(cell)
        if shown is None or place is None or dragged.board_id != shown.board.id:
            return
        if dragged.origin is not DragOrigin.BOARD:
            return
        lane, column = place
        keys = [k for k in dragged.keys if model.column_of(k) is not None]
        if not keys:
            return
        source_index = model.index_of(keys[0])
        source_place = model.cell_place(source_index.parent()) if source_index.isValid() else None
        if source_place is not None and source_place[0] != lane:
            self._say(
                "Cards move between the columns of their own swimlane: Jade does not change "
                "the assignee or the epic by dragging."
            )
            return
        if model.column_of(keys[0]) == column:
            before, after = rank_anchor(model.cell_keys(cell), keys, row)
            if before is not None or after is not None:
                self.rank(keys, before=before, after=after)
            return
        for key in keys:
            self.to_column(key, column)

    def dropped_on_backlog(self, dragged: DraggedCards, section: int, row: int) -> None:
        """Issues dropped on a sprint or the backlog: a move there, or a rank within it."""
        shown = self.host.shown
        model = self.pane.backlog
        if shown is None or dragged.board_id != shown.board.id or section >= model.rowCount():
            return
        keys = [k for k in dragged.keys if model.sprint_of(k)[0]]
        if not keys:
            return
        target = model.section_sprint(section)
        shown_keys = model.shown_keys(section)
        if all(model.sprint_of(k)[1] == target for k in keys):
            before, after = rank_anchor(shown_keys, keys, row)
            if before is not None or after is not None:
                self.rank(keys, before=before, after=after, backlog=True)
            return
        rest = [k for k in shown_keys if k not in set(keys)]
        at = len([k for k in shown_keys[:row] if k not in set(keys)])
        self.to_sprint(keys, target, before=rest[at] if at < len(rest) else None)

    # ----- keyboard and commands ------------------------------------------------------------------
    def step_column(self, step: int) -> None:
        """Ctrl+Left/Right: the selected card to the previous or next column."""
        key = self.pane.board_view.current_key()
        column = self.pane.cards.column_of(key) if key else None
        if key is None or column is None:
            return
        target = column + step
        if 0 <= target < len(self.pane.cards.columns):
            self.to_column(key, target)

    def step_rank(self, step: int) -> None:
        """Ctrl+Up/Down: the selected cards one place up or down their list."""
        on_backlog = self.pane.tabs.currentWidget() is self.pane.backlog_view
        if on_backlog:
            keys = self.pane.backlog_view.selected_keys()
            row = self.pane.backlog_view.selected_section()
            listed = self.pane.backlog.shown_keys(row) if row is not None else []
        else:
            key = self.pane.board_view.current_key()
            keys = [key] if key else []
            index = self.pane.cards.index_of(key) if key else QModelIndex()
            listed = self.pane.cards.cell_keys(index.parent()) if index.isValid() else []
        if not keys or not listed:
            return
        first, last = listed.index(keys[0]), listed.index(keys[-1])
        if step < 0 and first > 0:
            self.rank(keys, before=listed[first - 1], backlog=on_backlog)
        elif step > 0 and last + 1 < len(listed):
            self.rank(keys, after=listed[last + 1], backlog=on_backlog)

    def selected(self) -> list[str]:
        """The issues the commands act on: the backlog's selection, or the board's card."""
        if self.pane.tabs.currentWidget() is self.pane.backlog_view:
            return self.pane.backlog_view.selected_keys()
        key = self.pane.board_view.current_key()
        return [key] if key else []

    def choose_sprint(self) -> MoveTargetDialog | None:
        """Move to sprint…: ask where the selected issues go, then move them."""
        shown = self.host.shown
        keys = self.selected()
        if shown is None or not keys:
            return None
        current = self.sprint_of(keys[0])
        dialog = MoveTargetDialog(
            len(keys),
            shown.open_sprints,
            current,
            backlog=not shown.unsupported("backlog"),
            parent=self.pane,
        )

        def chosen(target: object) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.to_sprint(keys, target if isinstance(target, Sprint) else None)

        dialog.submitted.connect(chosen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def to_backlog(self) -> None:
        """Move to backlog: the selected issues leave their sprint."""
        keys = self.selected()
        if keys:
            self.to_sprint(keys, None)

    # ----- a card into another column: its transition -------------------------------------------
    def to_column(self, key: str, column: int) -> None:
        """Move ``key`` to ``column`` of the board, by the transition that leads there."""
        shown = self.host.shown
        model = self.pane.cards
        was = model.column_of(key)
        if shown is None or was is None or was == column or self.pane.cards.is_pending(key):
            return
        model.move_to_column(key, column)
        model.set_pending(key, True)
        model.set_problem(key, "")
        self.pane.board_view.select_card(key)
        name = model.columns[column].name
        self.tasks.spawn(f"Moving {key} to {name}", self._transition(shown, key, was, column))

    async def _transition(self, shown: ShownBoard, key: str, was: int, column: int) -> None:
        model = self.pane.cards
        target = model.columns[column]
        writer = IssueWriter(shown.session.client)
        opened = False
        try:
            transitions = await writer.transitions(key)
            fitting = [t for t in transitions if t.to_status_id in target.status_ids]
            if not fitting:
                names = ", ".join(f"{t.name} → {t.to_status}" for t in transitions) or "none"
                self._refused(
                    shown,
                    key,
                    was,
                    f"no transition of {key} leads to a status of {target.name} "
                    f"(its transitions now: {names}).",
                )
                return
            if len(fitting) == 1 and not fitting[0].required_fields:
                await writer.transition(key, fitting[0].id)
                self._moved(shown, key, fitting[0])
                return
            opened = True
            self._ask_transition(shown, key, was, target.name, fitting)
        except ApiError as error:
            self._refused(shown, key, was, str(error))
            await self._read_back(shown, key)
        except BaseException:
            if self.host.is_current(shown):
                self._put_back(key, was)  # cancelled, or a bug: the card is not left astray
            raise
        finally:
            if not opened and self.host.is_current(shown):
                model.set_pending(key, False)

    def _ask_transition(
        self, shown: ShownBoard, key: str, was: int, column: str, fitting: list[Transition]
    ) -> None:
        dialog = ColumnTransitionDialog(key, column, fitting, self.pane)
        writer = IssueWriter(shown.session.client)
        accepted: list[Transition] = []

        async def change(request: TransitionRequest) -> None:
            await writer.transition(key, request.transition.id, request.fields, request.comment)
            accepted.append(request.transition)

        async def verify(request: TransitionRequest) -> Verdict:
            now = await IssueReader(shown.session.client).get(key)
            status = now.fields.get("status")
            status_id = str(status.get("id", "")) if isinstance(status, dict) else ""
            holds = status_id == request.transition.to_status_id
            if holds:
                accepted.append(request.transition)
            return Verdict(holds)

        def done() -> None:
            if accepted and self.host.is_current(shown):
                self.pane.cards.set_pending(key, False)
                self._moved(shown, key, accepted[-1])

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            if not accepted and self.host.is_current(shown):
                self.pane.cards.set_pending(key, False)
                self._put_back(key, was)
                self._say(f"{key} stays in {self.pane.cards.columns[was].name}: not moved.")

        dialog.finished.connect(closed)
        submit_through(dialog, change, done, self.tasks, label=f"Moving {key}", verify=verify)
        self.dialog = dialog

    def _moved(self, shown: ShownBoard, key: str, transition: Transition) -> None:
        if not self.host.is_current(shown):
            return
        card = self.pane.cards.card(key)
        if card is None:
            return
        status = transition.to_status_id or card.status_id
        shown.status_names.setdefault(status, transition.to_status)
        # the category of the new status is not in the transition: a status some other card is
        # in tells; else the board's last column is the done one, as Jira lays boards out
        done = next(
            (c.done for c in self.pane.cards.cards() if c.status_id == status and c.key != key),
            bool(shown.columns) and status in shown.columns[-1].status_ids,
        )
        moved = replace(card, status_id=status, status_name=transition.to_status, done=done)
        self.host.card_changed(moved)
        self._say(f"{key} moved to {transition.to_status} ({transition.name}).", Tone.OK)

    async def _read_back(self, shown: ShownBoard, key: str) -> None:
        """Show the card as Jira has it after a refusal (someone may have moved it meanwhile)."""
        try:
            now = await IssueReader(shown.session.client).get(key)
        except ApiError as error:
            log.info("%s not read back: %s", key, error)
            return
        status = now.fields.get("status")
        card = self.pane.cards.card(key)
        if not isinstance(status, dict) or card is None or not self.host.is_current(shown):
            return
        category = status.get("statusCategory")
        done = isinstance(category, dict) and category.get("key") == "done"
        status_id, name = str(status.get("id") or card.status_id), str(status.get("name") or "")
        if (status_id, name, done) != (card.status_id, card.status_name, card.done):
            self.host.card_changed(replace(card, status_id=status_id, status_name=name, done=done))

    def _refused(self, shown: ShownBoard, key: str, was: int, why: str) -> None:
        log.info("%s not moved: %s", key, why)
        if not self.host.is_current(shown):
            return
        self._put_back(key, was)
        self.pane.cards.set_problem(key, why)
        self._say(f"{key} stayed in {self.pane.cards.columns[was].name}: {why}", Tone.ERROR)

    def _put_back(self, key: str, was: int) -> None:
        self.pane.cards.move_to_column(key, was)
        if self.pane.board_view.current_key() in (None, key):
            self.pane.board_view.select_card(key)

    # ----- rank ----------------------------------------------------------------------------------
    def rank(
        self,
        keys: Sequence[str],
        *,
        before: str | None = None,
        after: str | None = None,
        backlog: bool = False,
    ) -> None:
        """Rank ``keys`` before or after another issue, on the board or in the backlog."""
        shown = self.host.shown
        if shown is None or not keys:
            return
        reason = shown.unsupported("rank")
        if reason:
            self._say(f"Not ranked: {reason}", Tone.ERROR)
            return
        keys = list(keys)
        if backlog:
            snapshot = self.pane.backlog.rank(keys, before=before, after=after)
            self.pane.backlog_view.select_keys(keys)
        else:
            order = self.pane.cards.rank(keys, before=before, after=after)
            self.pane.board_view.select_card(keys[0])
        for key in keys:
            self._pending(key, True, backlog)

        def undo(failed: list[str]) -> None:
            if backlog:
                self.pane.backlog.restore(Snapshot(tuple(failed), snapshot.rows))
            else:
                self.pane.cards.restore_order(order, failed)

        self.tasks.spawn(
            f"Ranking {', '.join(keys)}",
            self._rank(shown, keys, before, after, backlog, undo),
        )

    async def _rank(
        self,
        shown: ShownBoard,
        keys: list[str],
        before: str | None,
        after: str | None,
        backlog: bool,
        undo: Callable[[list[str]], None],
    ) -> None:
        outcomes: list[RankOutcome] = []
        try:
            outcomes = await shown.source.rank(keys, before=before, after=after)
        except ApiError as error:
            outcomes = [RankOutcome(k, False, str(error)) for k in keys]
        except BaseException:
            if self.host.is_current(shown):
                undo(keys)
            raise
        finally:
            if self.host.is_current(shown):
                for key in keys:
                    self._pending(key, False, backlog)
        failed = [o for o in outcomes if not o.ok]
        if not self.host.is_current(shown):
            return
        if not failed:
            self._say(f"Ranked {', '.join(keys)}.", Tone.OK)
            return
        undo([o.key for o in failed])
        for outcome in failed:
            text = outcome.message or "Jira did not rank it."
            log.info("%s not ranked: %s", outcome.key, text)
            self._problem(outcome.key, text, backlog)
        lines = "; ".join(f"{o.key}: {o.message or 'not ranked'}" for o in failed)
        self._say(f"{len(failed)} of {len(keys)} not ranked: {lines}", Tone.ERROR)

    # ----- sprints and the backlog ----------------------------------------------------------------
    def to_sprint(
        self, keys: Sequence[str], sprint: Sprint | None, before: str | None = None
    ) -> None:
        """Move issues into ``sprint`` (None: the backlog), placed before ``before`` if given."""
        shown = self.host.shown
        if shown is None or not keys:
            return
        subtasks = [
            k for k in keys if _is_subtask(self.pane.backlog.card(k) or self.pane.cards.card(k))
        ]
        keys = [k for k in keys if k not in subtasks]
        if subtasks:
            # Jira moves a sub-task with its parent and refuses it on its own
            self._say(
                f"{', '.join(subtasks)}: a sub-task goes with its parent; move the parent.",
                Tone.ERROR if not keys else Tone.PLAIN,
            )
        if not keys:
            return
        snapshot = self.pane.backlog.move_cards(keys, sprint.id if sprint else None, before)
        for key in keys:
            self._pending(key, True, True)
        where = sprint.name if sprint else "the backlog"
        self.tasks.spawn(
            f"Moving {len(keys)} issue{'s' if len(keys) != 1 else ''} to {where}",
            self._to_sprint(shown, keys, sprint, before, snapshot),
            total=len(keys),
        )

    async def _to_sprint(
        self,
        shown: ShownBoard,
        keys: list[str],
        sprint: Sprint | None,
        before: str | None,
        snapshot: Snapshot,
    ) -> None:
        where = sprint.name if sprint else "the backlog"
        failed: dict[str, str] = {}
        try:
            if sprint is not None:
                await shown.source.move_to_sprint(sprint, keys)
            else:
                await shown.source.move_to_backlog(keys)
        except ValidationError as error:
            # GreenHopper moves issue by issue: its error names those that did not move
            named = {k: v for k, v in error.errors.items() if k in keys}
            failed = named or dict.fromkeys(keys, str(error))
        except ApiError as error:
            failed = dict.fromkeys(keys, str(error))
        except BaseException:
            if self.host.is_current(shown):
                self.pane.backlog.restore(snapshot)
            raise
        finally:
            if self.host.is_current(shown):
                for key in keys:
                    self._pending(key, False, True)
        if not self.host.is_current(shown):
            return
        moved = [k for k in keys if k not in failed]
        for key in moved:
            card = self.pane.backlog.card(key) or self.pane.cards.card(key)
            if card is not None:
                self.host.card_changed(replace(card, sprint_id=sprint.id if sprint else None))
        if moved:
            self.host.sprints_moved(shown)
        if failed:
            self.pane.backlog.restore(Snapshot(tuple(failed), snapshot.rows))
            for key, why in failed.items():
                log.info("%s not moved to %s: %s", key, where, why)
                self._problem(key, why, True)
            first = next(iter(failed.values()))
            self._say(f"{len(failed)} of {len(keys)} not moved to {where}: {first}", Tone.ERROR)
            return
        if before is not None and not shown.unsupported("rank"):
            # the drop put them at a place in the sprint: rank them there too
            outcomes = await shown.source.rank(keys, before=before)
            for outcome in outcomes:
                if not outcome.ok and self.host.is_current(shown):
                    self._problem(outcome.key, outcome.message or "Jira did not rank it.", True)
        if self.host.is_current(shown):
            self._say(f"Moved {', '.join(moved)} to {where}.", Tone.OK)
            self.pane.backlog_view.select_keys(moved)

    # ----- inside ------------------------------------------------------------------------------------
    def sprint_of(self, key: str) -> Sprint | None:
        """The open sprint issue ``key`` is in (None: the backlog, or not known)."""
        listed, sprint = self.pane.backlog.sprint_of(key)
        if listed:
            return sprint
        card: Card | None = self.pane.cards.card(key)
        shown = self.host.shown
        return shown.sprint(card.sprint_id) if card is not None and shown is not None else None

    def _pending(self, key: str, on: bool, backlog: bool) -> None:
        # a move to a sprint may start on the board (the card shown there) or in the backlog
        self.pane.backlog.set_pending(key, on)
        if not backlog or self.pane.cards.card(key) is not None:
            self.pane.cards.set_pending(key, on)

    def _problem(self, key: str, text: str, backlog: bool) -> None:
        self.pane.backlog.set_problem(key, text)
        if not backlog or self.pane.cards.card(key) is not None:
            self.pane.cards.set_problem(key, text)

    def _say(self, text: str, tone: Tone = Tone.PLAIN) -> None:
        self.pane.show_message(text, tone)
