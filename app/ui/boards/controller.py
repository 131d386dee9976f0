"""The Boards pane: a site's agile boards, and the selected one's board, backlog, epics and
configuration, with every sprint and card command.

``BoardsController`` is the pane (it satisfies the shell's pane contract). It finds the site's
agile API (``board_source_for``: agile 1.0, else GreenHopper), lists the boards, and loads the
selected board (its configuration, then its sprints and epics, then its cards in batches) as
tasks of the pane's runner; the backlog loads when its tab is first shown. Card moves are made
by ``CardMoves`` (moves.py), sprint changes by ``SprintPlanner`` (sprints.py). Every task holds
the ``ShownBoard`` it was started for and shows its answer only while that board is shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from app.api.board_sources import board_source_for
from app.api.boards import BoardSource
from app.api.dialect import Feature
from app.api.errors import ApiError
from app.domain.board import Board, BoardType, Card, Epic, Sprint, SprintState
from app.domain.site import UserRef
from app.qtmodels.board_epics import epic_progress
from app.qtmodels.board_filter import CardFilter, Swimlanes
from app.session import SiteSession
from app.ui.boards.card_opener import CardOpener
from app.ui.boards.commands import NO_BOARD, BoardCommands
from app.ui.boards.moves import CardMoves
from app.ui.boards.pane import ALL_ISSUES, BoardsPane, BoardTab
from app.ui.boards.shown import ShownBoard, closing, together
from app.ui.boards.sprints import SprintPlanner
from app.ui.kit.pane import PaneAction, PaneContext
from app.ui.kit.settings import BOARD_SWIMLANES, LAST_BOARD, SPLITTER

__all__ = ["BoardsController"]

log = logging.getLogger(__name__)

NO_AGILE = (
    "This site answers neither Jira Software's agile API nor Jira Agile's GreenHopper API: "
    "it has no boards to show."
)
REFRESH_MS = 120  # epic progress and filter choices follow the loads at most this often


class BoardsController(QObject):
    """The Boards pane: run sprint and kanban boards."""

    id = "boards"
    title = "Boards"
    icon = "boards"
    summary = "Run scrum and kanban boards: cards, sprints, the backlog and epics."

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = context.tasks
        self.settings = context.settings
        self.pane = BoardsPane(parent)
        self.session: SiteSession | None = None
        self.source: BoardSource | None = None  # the site's agile API, once found
        self.shown: ShownBoard | None = None
        self.boards: list[Board] = []
        self._list_task: asyncio.Task[None] | None = None
        self._board_task: asyncio.Task[None] | None = None
        self._cards_task: asyncio.Task[None] | None = None
        self._backlog_task: asyncio.Task[None] | None = None
        self.moves = CardMoves(self)
        self.sprint_changes = SprintPlanner(self)
        self.opener = CardOpener(self, context, self)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._refresh_derived)
        pane = self.pane
        pane.board_chosen.connect(self._board_chosen)
        pane.sprint_chosen.connect(self._sprint_chosen)
        pane.swimlanes_chosen.connect(self.set_swimlanes)
        pane.filter_changed.connect(self._filter_changed)
        pane.tabs.currentChanged.connect(self._tab_changed)
        pane.board_view.dropped.connect(self.moves.dropped_on_board)
        pane.board_view.current_changed.connect(lambda _key: self.update_actions())
        pane.backlog_view.dropped.connect(self.moves.dropped_on_backlog)
        pane.backlog_view.sprint_requested.connect(self.sprint_changes.run)
        pane.backlog_view.create_requested.connect(self.sprint_changes.create)
        pane.backlog_view.selection_changed.connect(self.update_actions)
        pane.epics_view.show_requested.connect(self.filter_by_epic)
        pane.cards.counts_changed.connect(self._refresh.start)
        pane.backlog.rowsInserted.connect(lambda *_: self._refresh.start())
        stored = self.settings.get(SPLITTER)
        if stored:
            pane.splitter.restoreState(stored)
        pane.splitter.splitterMoved.connect(
            lambda *_: self.settings.set(SPLITTER, bytes(pane.splitter.saveState().data()))
        )
        self.commands = BoardCommands(self, self)
        self.update_actions()

    # ----- the pane contract -----------------------------------------------------------------------
    @property
    def widget(self) -> QWidget:
        """The pane's widget."""
        return self.pane

    @property
    def actions(self) -> Sequence[PaneAction]:
        """The pane's commands."""
        return self.commands.pane_actions

    def update_actions(self) -> None:
        """Enable what can be done now; disabled commands say why."""
        self.commands.update()

    def focus_filter(self) -> None:
        """Ctrl+F: the quick filter of the board shown, else the board list's filter."""
        target = self.pane.quick_filter if self.shown is not None else self.pane.board_filter
        target.setFocus()
        target.selectAll()

    def unsaved_changes(self) -> str | None:
        """Nothing is edited in place: every change is made at once or in a dialog."""
        return None

    def reload(self) -> None:
        """F5: the board list, and the board shown, again from the site."""
        session = self.session
        if session is None:
            return
        shown = self.shown
        self._start_list(session, shown.board.id if shown is not None else None)
        if shown is not None:
            self.open_board(shown.board, force=True)

    def show_session(self, session: SiteSession | None) -> None:
        """Show ``session``'s boards (the shell stopped the pane's tasks before)."""
        self._stop_loads()
        self.session = session
        self.source = None
        self.shown = None
        self.boards = []
        self._clear_board()
        self.pane.set_boards([])
        # a Jira without any agile API (4.3) says so in place of the boards
        missing = session.dialect.unavailable(Feature.BOARDS) if session is not None else None
        self.pane.setEnabled(session is not None and missing is None)
        self.pane.boards_note.setText(str(missing) if missing is not None else "")
        if missing is not None:
            self.pane.board_title.setText(str(missing))  # where the board would be, too
        if session is not None and missing is None:
            self._start_list(session, None)
        self.update_actions()

    def is_current(self, shown: ShownBoard) -> bool:
        """Whether ``shown`` is still the board shown (a late answer checks before it shows)."""
        return self.shown is shown and shown.session is self.session

    # ----- the board list ----------------------------------------------------------------------------
    def _start_list(self, session: SiteSession, select: int | None) -> None:
        if self._list_task is not None and not self._list_task.done():
            self._list_task.cancel()
        self.pane.boards_note.setText("Loading boards…")
        self._list_task = self.tasks.spawn(
            f"Loading the boards of {session.profile.name}", self._load_boards(session, select)
        )

    async def _load_boards(self, session: SiteSession, select: int | None) -> None:
        source = await board_source_for(session.client)
        if self.session is not session:
            return
        if source is None:
            self.pane.boards_note.setText(NO_AGILE)
            return
        self.source = source
        boards = await source.boards()
        if self.session is not session:
            return
        self.boards = boards
        self.pane.set_boards(boards)
        if not boards:
            self.pane.boards_note.setText("You may see no board on this site.")
        wanted = select or self.settings.get(LAST_BOARD)
        shown = self.pane.shown_boards()
        if self.shown is not None and self.pane.select_board(self.shown.board.id):
            return
        if not self.pane.select_board(wanted) and shown:
            self.pane.select_board(shown[0].id)

    def _board_chosen(self, board: object) -> None:
        if not isinstance(board, Board):
            return  # the filters hid the board: it stays shown
        self.open_board(board)

    # ----- one board ---------------------------------------------------------------------------------
    def open_board(self, board: Board, *, force: bool = False) -> None:
        """Show ``board``: its configuration, sprints, epics and cards, loaded afresh."""
        session = self.session
        source = self.source
        if session is None or source is None:
            return
        if not force and self.shown is not None and self.shown.board.id == board.id:
            return
        self._stop_loads(keep_list=True)
        shown = ShownBoard(session, source, board)
        self.shown = shown
        self.settings.set(LAST_BOARD, board.id)
        self._clear_board(keep_filter=force)  # F5 keeps the quick filter; another board clears it
        self.pane.board_title.setText(board.name)
        mode = self._stored_swimlanes(board)
        self.pane.set_swimlanes(mode)
        self.pane.cards.set_swimlanes(mode)
        self.pane.board_view.set_note("Loading the board…")
        self._board_task = self.tasks.spawn(f"Loading board {board.name}", self._load_board(shown))
        self.update_actions()

    async def _load_board(self, shown: ShownBoard) -> None:
        source, board = shown.source, shown.board
        config = await source.configuration(board)
        if not self.is_current(shown):
            return
        shown.config = config
        pane = self.pane
        pane.cards.set_columns(board.id, shown.columns)
        pane.board_view.set_wip_reason(config.unsupported.get("wip", ""))
        pane.config_view.show_config(board, config, shown.status_names)
        pane.backlog_view.set_estimation(config.estimation_name)
        no_sprints = config.unsupported.get("sprints", "")
        found: list[Sprint] = []
        epics: list[Epic] = []

        async def read_sprints() -> None:
            if not no_sprints:
                found.extend(await source.sprints(board))

        async def read_epics() -> None:
            epics.extend(await self._epics(shown))

        await together(read_sprints(), read_epics())
        if not self.is_current(shown):
            return
        sprints = found
        shown.sprints, shown.epics = list(sprints), epics
        active = next((s for s in sprints if s.state is SprintState.ACTIVE), None)
        shown.sprint_id = active.id if active is not None else ALL_ISSUES
        pane.set_sprints(sprints, shown.sprint_id, no_sprints)
        self._show_epics(shown)
        self.update_actions()
        self._start_cards(shown)
        if pane.tabs.currentIndex() == BoardTab.BACKLOG:
            self._start_backlog(shown)

    async def _epics(self, shown: ShownBoard) -> list[Epic]:
        try:
            return await shown.source.epics(shown.board)
        except ApiError as error:
            # the board works without its epics: say why they are missing where they show
            log.info("epics of board %s not listed: %s", shown.board.id, error)
            if self.is_current(shown):
                self.pane.epics_view.note.setText(f"Jira did not list the board's epics: {error}")
            return []

    def _show_epics(self, shown: ShownBoard) -> None:
        pane = self.pane
        pane.cards.set_epics(shown.epics)
        pane.backlog.set_epics(shown.epics)
        pane.epics.set_epics(shown.epics)
        if not pane.epics_view.note.text():
            count = len(shown.epics)
            pane.epics_view.note.setText(
                f"{count} epic{'s' if count != 1 else ''}; progress counts the issues on this board."
                if count
                else "The board has no epics."
            )
        self._refresh_derived()

    def _start_cards(self, shown: ShownBoard) -> None:
        if self._cards_task is not None and not self._cards_task.done():
            self._cards_task.cancel()
        sprint = shown.sprint(shown.sprint_id)
        what = sprint.name if sprint is not None else "all issues"
        self._cards_task = self.tasks.spawn(
            f"Loading {shown.board.name}: {what}", self._load_cards(shown, sprint)
        )

    async def _load_cards(self, shown: ShownBoard, sprint: Sprint | None) -> None:
        config = shown.config
        if config is None:
            return
        pane = self.pane
        pane.cards.set_columns(shown.board.id, shown.columns)
        shown.board_stale = False
        reason = config.unsupported.get("cards", "")
        if reason:
            pane.board_view.set_note(reason)
            return
        pane.board_view.set_note("Loading issues…")
        job = self.tasks.job()
        loaded = 0
        async with closing(shown.source.cards(shown.board, config, sprint=sprint)) as batches:
            async for batch in batches:
                if not self.is_current(shown):
                    return
                pane.cards.append_cards(batch)
                loaded += len(batch)
                if shown.learn_statuses(batch):
                    pane.config_view.learn_names(shown.status_names)
                if job is not None:
                    job.progress(loaded, None)
                if loaded == len(batch):
                    pane.board_view.set_note("")  # the first cards are shown
        if not self.is_current(shown):
            return
        off = pane.cards.off_board
        notes = []
        if not loaded:
            notes.append(
                "No issues in this sprint." if sprint is not None else "No issues on this board."
            )
        if off:
            notes.append(
                f"{off} issue{'s are' if off != 1 else ' is'} in a status no column holds "
                "(Jira does not show them on the board either)."
            )
        pane.board_view.set_note(" ".join(notes))
        self._refresh_derived()
        self.update_actions()
        self._name_statuses(shown)

    def _name_statuses(self, shown: ShownBoard) -> None:
        """Look up the names of the board's statuses that no card showed (the configuration
        tab names every column's statuses)."""
        missing = shown.unnamed_statuses()
        if missing:
            shown.status_asked.update(missing)
            self.tasks.spawn(
                "Naming the board's statuses", self._look_up_statuses(shown, missing), tracked=False
            )

    async def _look_up_statuses(self, shown: ShownBoard, missing: list[str]) -> None:
        client = shown.session.client

        async def name_of(status_id: str) -> str | None:
            # one issue in the status names it; the agile API gives columns status ids only
            try:
                async with contextlib.aclosing(
                    client.search_pages(f"status = {status_id}", ["status"], page_size=1)
                ) as pages:
                    async for page in pages:
                        for issue in page[:1]:
                            status = (issue.get("fields") or {}).get("status") or {}
                            return str(status.get("name") or "") or None
                        return None
            except ApiError as error:
                log.info("status %s not named: %s", status_id, error)
            return None

        names = await asyncio.gather(*(name_of(s) for s in missing))
        if not self.is_current(shown):
            return
        shown.status_names.update({s: n for s, n in zip(missing, names, strict=True) if n})
        self.pane.config_view.learn_names(shown.status_names)

    def _sprint_chosen(self, sprint_id: int) -> None:
        shown = self.shown
        if shown is None or shown.config is None:
            return
        shown.sprint_id = sprint_id
        self._start_cards(shown)
        self.update_actions()

    # ----- the backlog -------------------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        shown = self.shown
        if shown is not None and shown.config is not None:
            if index == BoardTab.BACKLOG and not shown.backlog_loaded:
                self._start_backlog(shown)
            elif index == BoardTab.BOARD and shown.board_stale:
                self._start_cards(shown)
        self.update_actions()

    def _start_backlog(self, shown: ShownBoard) -> None:
        if self._backlog_task is not None and not self._backlog_task.done():
            self._backlog_task.cancel()
        shown.backlog_loaded = True
        self._backlog_task = self.tasks.spawn(
            f"Loading the backlog of {shown.board.name}", self._load_backlog(shown)
        )

    async def _load_backlog(self, shown: ShownBoard) -> None:
        config = shown.config
        if config is None:
            return
        pane = self.pane
        reason = config.unsupported.get("backlog", "")
        scrum = shown.board.type is BoardType.SCRUM
        sprints = shown.open_sprints if scrum else []
        pane.backlog.set_sections(shown.board.id, sprints, backlog=not reason)
        pane.backlog_view.set_rules(self.sprint_changes.rule, self.sprint_changes.create_reason())
        pane.backlog_view.create_button.setVisible(scrum)
        if reason and not sprints:
            pane.backlog_view.set_note(reason)
            return
        pane.backlog_view.set_note("Loading the backlog…")

        async def section(sprint: Sprint | None) -> None:
            stream = (
                shown.source.cards(shown.board, config, sprint=sprint)
                if sprint is not None
                else shown.source.backlog(shown.board, config)
            )
            async with closing(stream) as batches:
                async for batch in batches:
                    if self.is_current(shown):
                        pane.backlog.append_cards(sprint.id if sprint else None, batch)

        await together(*(section(s) for s in sprints), *([] if reason else [section(None)]))
        if self.is_current(shown):
            pane.backlog_view.set_note(reason)
            self._refresh_derived()

    # ----- what the helpers call ---------------------------------------------------------------------
    def card_changed(self, card: Card) -> None:
        """Show ``card`` as Jira has it now, on the board and in the backlog."""
        self.pane.cards.update_card(card)
        self.pane.backlog.update_card(card)
        shown = self.shown
        if shown is not None and card.status_name:
            shown.status_names.setdefault(card.status_id, card.status_name)
            self.pane.config_view.learn_names(shown.status_names)
        self._refresh.start()
        self.update_actions()

    def sprints_moved(self, shown: ShownBoard) -> None:
        """Issues changed sprint: a board that shows a sprint loads again (now or when shown)."""
        if not self.is_current(shown) or shown.sprint_id == ALL_ISSUES:
            return
        if self.pane.tabs.currentIndex() == BoardTab.BOARD:
            self._start_cards(shown)
        else:
            shown.board_stale = True

    def reload_sprints(self, shown: ShownBoard) -> None:
        """Read the sprints again; then the board's cards and (if loaded) the backlog."""
        if self.is_current(shown):
            self.tasks.spawn(
                f"Reloading the sprints of {shown.board.name}", self._reload_sprints(shown)
            )

    async def _reload_sprints(self, shown: ShownBoard) -> None:
        sprints = await shown.source.sprints(shown.board)
        if not self.is_current(shown):
            return
        shown.sprints = sprints
        known = {s.id for s in sprints}
        if (
            shown.sprint_id not in known
            or shown.sprint(shown.sprint_id) is None
            or ((current := shown.sprint(shown.sprint_id)) and current.state is SprintState.CLOSED)
        ):
            active = next((s for s in sprints if s.state is SprintState.ACTIVE), None)
            shown.sprint_id = active.id if active is not None else ALL_ISSUES
        self.pane.set_sprints(sprints, shown.sprint_id, shown.unsupported("sprints"))
        self._start_cards(shown)
        if shown.backlog_loaded:
            self._start_backlog(shown)
        self.update_actions()

    # ----- view choices ------------------------------------------------------------------------------
    def set_swimlanes(self, mode: object) -> None:
        """Group the cards by ``mode`` (remembered for this board)."""
        if not isinstance(mode, Swimlanes):
            return
        self.pane.set_swimlanes(mode)
        self.pane.cards.set_swimlanes(mode)
        self.commands.check_swimlanes(mode)
        shown = self.shown
        if shown is not None:
            current = self.settings.get(BOARD_SWIMLANES)
            stored = dict(current)
            stored[str(shown.board.id)] = mode.value
            self.settings.set(BOARD_SWIMLANES, stored)

    def _stored_swimlanes(self, board: Board) -> Swimlanes:
        stored: dict[str, str] = self.settings.get(BOARD_SWIMLANES)
        try:
            mode = Swimlanes(stored.get(str(board.id), Swimlanes.NONE.value))
        except ValueError:
            mode = Swimlanes.NONE  # a hand-edited value: the default, as every setting does
        self.commands.check_swimlanes(mode)
        return mode

    def _filter_changed(self, card_filter: object) -> None:
        if isinstance(card_filter, CardFilter):
            self.pane.cards.set_filter(card_filter)
            self.pane.backlog.set_filter(card_filter)
            self.update_actions()

    def filter_by_epic(self, epic: object) -> None:
        """Show only the cards of ``epic`` on the board."""
        if isinstance(epic, Epic):
            self.pane.set_epic_filter(epic.key)
            self.pane.tabs.setCurrentIndex(BoardTab.BOARD)

    def choose_epic(self) -> None:
        """Filter by epic…: open the epic filter's list."""
        self.pane.epic_combo.setFocus()
        self.pane.epic_combo.showPopup()

    def _refresh_derived(self) -> None:
        """Epic progress and the quick filter's people and labels, from the cards loaded."""
        shown = self.shown
        if shown is None:
            return
        cards = [*self.pane.cards.cards(), *self.pane.backlog.cards()]
        self.pane.epics.set_progress(epic_progress(cards))
        people: dict[str, UserRef] = {c.assignee.id: c.assignee for c in cards if c.assignee}
        labels = sorted({label for c in cards for label in c.labels}, key=str.casefold)
        self.pane.set_filter_choices(
            sorted(people.values(), key=lambda u: u.display_name.casefold()), labels, shown.epics
        )

    # ----- inside ------------------------------------------------------------------------------------
    def _clear_board(self, *, keep_filter: bool = False) -> None:
        pane = self.pane
        pane.board_title.setText("" if self.session is None else "No board chosen")
        pane.cards.set_columns(0, ())
        pane.backlog.set_sections(0, [], backlog=False)
        pane.epics.set_epics([])
        pane.epics_view.note.setText("")
        pane.config_view.clear()
        pane.set_sprints([], ALL_ISSUES, NO_BOARD)
        if not keep_filter:
            pane.set_filter_choices([], [], [])
            pane.clear_quick_filter()  # a board starts unfiltered, as in Jira
        pane.show_message("")
        pane.board_view.set_note("")
        pane.backlog_view.set_note("")

    def _stop_loads(self, *, keep_list: bool = False) -> None:
        tasks = [self._board_task, self._cards_task, self._backlog_task]
        if not keep_list:
            tasks.append(self._list_task)
        for task in tasks:
            if task is not None and not task.done():
                task.cancel()
