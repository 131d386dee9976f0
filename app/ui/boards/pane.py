"""The Boards pane's layout: the site's boards (filtered by name, type and project) beside the
selected board, whose tabs show the board, its backlog, its epics and its configuration, under
one bar for the sprint, the swimlanes and the quick filter.

Layout only; ``BoardsController`` loads the data, pushes it into the models and answers the
signals.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.board import Board, BoardType, Epic, Sprint, SprintState
from app.domain.site import UserRef
from app.qtmodels.board_backlog import BacklogModel
from app.qtmodels.board_cards import BoardCardsModel
from app.qtmodels.board_epics import EpicProgressModel
from app.qtmodels.board_filter import NO_EPIC, UNASSIGNED, CardFilter, Swimlanes
from app.qtmodels.board_list import board_list_model
from app.qtmodels.record_table import RECORD_ROLE
from app.ui.boards.backlog_view import BacklogView
from app.ui.boards.board_details import ConfigView, EpicsView
from app.ui.boards.board_view import BoardView
from app.ui.kit.tables import configure_rows
from app.ui.kit.text import Tone, ToneLabel, action_text, plain_label, set_plain_tooltip

__all__ = ["ALL_ISSUES", "BoardTab", "BoardsPane"]

ALL_ISSUES = -1  # the sprint selector's "all the board's issues" entry


class BoardTab:
    """The tabs of a board, in order."""

    BOARD, BACKLOG, EPICS, CONFIGURATION = range(4)


def _combo(parent: QWidget, tip: str, width: int = 150) -> QComboBox:
    combo = QComboBox(parent)
    combo.setToolTip(tip)
    combo.setMinimumWidth(width)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


def _choose(combo: QComboBox, data: object) -> None:
    found = combo.findData(data)
    combo.setCurrentIndex(found if found >= 0 else 0)


class BoardsPane(QWidget):
    """The board list and the selected board's tabs."""

    board_chosen = Signal(object)  # Board, or None
    sprint_chosen = Signal(int)  # a sprint id, or ALL_ISSUES
    swimlanes_chosen = Signal(object)  # Swimlanes
    filter_changed = Signal(object)  # CardFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardsPane")
        self.boards: list[Board] = []
        self._filling = False  # combos refilled by the program do not count as the user's choice
        self.cards = BoardCardsModel(self)
        self.backlog = BacklogModel(self)
        self.epics = EpicProgressModel(self)

        # ----- the board list
        self.list_side = QWidget(self)
        self.board_filter = QLineEdit(self.list_side)
        self.board_filter.setPlaceholderText("Filter boards by name")
        self.board_filter.setClearButtonEnabled(True)
        self.kind_filter = _combo(self.list_side, "Show boards of one type", 90)
        for text, data in (
            ("All types", None),
            ("Scrum", BoardType.SCRUM),
            ("Kanban", BoardType.KANBAN),
        ):
            self.kind_filter.addItem(text, data)
        self.project_filter = _combo(self.list_side, "Show the boards of one project", 90)
        self.board_list = board_list_model(self)
        self.board_table = QTableView(self.list_side)
        self.board_table.setObjectName("boardTable")
        self.board_table.setModel(self.board_list)
        self.board_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.board_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.board_table.verticalHeader().setVisible(False)
        header = self.board_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for section, width in ((1, 64), (2, 64)):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
            self.board_table.setColumnWidth(section, width)
        self.board_table.setWordWrap(False)
        configure_rows(self.board_table)
        self.board_table.selectionModel().currentRowChanged.connect(self._board_row_changed)
        self.boards_note = plain_label("", self.list_side)
        self.boards_note.setWordWrap(True)
        self.board_filter.textChanged.connect(self._refilter)
        self.kind_filter.currentIndexChanged.connect(self._refilter)
        self.project_filter.currentIndexChanged.connect(self._refilter)
        kinds = QHBoxLayout()
        kinds.addWidget(self.kind_filter, 1)
        kinds.addWidget(self.project_filter, 1)
        side = QVBoxLayout(self.list_side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.board_filter)
        side.addLayout(kinds)
        side.addWidget(self.board_table, 1)
        side.addWidget(self.boards_note)

        # ----- the board
        self.board_side = QWidget(self)
        self.board_title = plain_label("", self.board_side)
        font = self.board_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.board_title.setFont(font)
        self.sprint_combo = _combo(self.board_side, "Which sprint the board shows", 200)
        self.sprint_combo.currentIndexChanged.connect(self._sprint_changed)
        self.swimlanes_combo = _combo(self.board_side, "Group the cards into swimlanes", 120)
        for mode in Swimlanes:
            self.swimlanes_combo.addItem(mode.label, mode.value)
        self.swimlanes_combo.currentIndexChanged.connect(self._swimlanes_changed)
        self.quick_filter = QLineEdit(self.board_side)
        self.quick_filter.setObjectName("quickFilter")
        self.quick_filter.setPlaceholderText("Filter cards by key or summary (Ctrl+F)")
        self.quick_filter.setClearButtonEnabled(True)
        self.quick_filter.setMinimumWidth(160)  # a narrow window squeezes the lists first
        self.assignee_combo = _combo(self.board_side, "Show one person's cards", 100)
        self.label_combo = _combo(self.board_side, "Show the cards with a label", 90)
        self.epic_combo = _combo(self.board_side, "Show the cards of one epic", 100)
        self.clear_filter = QPushButton("Clear", self.board_side)
        self.clear_filter.setToolTip("Show every card again")
        self.clear_filter.setAutoDefault(False)
        self.clear_filter.clicked.connect(self.clear_quick_filter)
        self.set_filter_choices([], [], [])
        self.quick_filter.textChanged.connect(self._filter_edited)
        for combo in (self.assignee_combo, self.label_combo, self.epic_combo):
            combo.currentIndexChanged.connect(self._filter_edited)
        self.message = ToneLabel("", self.board_side)
        self.message.setObjectName("boardMessage")
        self.message.setVisible(False)
        self.board_view = BoardView(self.cards, self.board_side)
        self.backlog_view = BacklogView(self.backlog, self.board_side)
        self.epics_view = EpicsView(self.epics, self.board_side)
        self.config_view = ConfigView(self.board_side)
        self.tabs = QTabWidget(self.board_side)
        self.tabs.setObjectName("boardTabs")
        self.tabs.addTab(self.board_view, "Board")
        self.tabs.addTab(self.backlog_view, "Backlog")
        self.tabs.addTab(self.epics_view, "Epics")
        self.tabs.addTab(self.config_view, "Configuration")
        title = QHBoxLayout()
        title.addWidget(self.board_title, 1)
        title.addWidget(plain_label("Sprint:", self.board_side))
        title.addWidget(self.sprint_combo)
        title.addWidget(plain_label("Swimlanes:", self.board_side))
        title.addWidget(self.swimlanes_combo)
        filters = QHBoxLayout()
        filters.addWidget(self.quick_filter, 2)
        filters.addWidget(self.assignee_combo, 1)
        filters.addWidget(self.label_combo, 1)
        filters.addWidget(self.epic_combo, 1)
        filters.addWidget(self.clear_filter)
        board = QVBoxLayout(self.board_side)
        board.setContentsMargins(0, 0, 0, 0)
        board.addLayout(title)
        board.addLayout(filters)
        board.addWidget(self.message)
        board.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.list_side)
        self.splitter.addWidget(self.board_side)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([230, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

    # ----- the board list ------------------------------------------------------------------------------
    def set_boards(self, boards: Sequence[Board]) -> None:
        """Every board of the site (the filters choose which show)."""
        self.boards = list(boards)
        self._filling = True
        try:
            current = self.project_filter.currentData()
            self.project_filter.clear()
            self.project_filter.addItem("All projects", None)
            for key in sorted({b.project_key for b in boards if b.project_key}):
                self.project_filter.addItem(key, key)
            _choose(self.project_filter, current)
        finally:
            self._filling = False
        self._refilter()

    def shown_boards(self) -> list[Board]:
        """The boards the filters let through, in the table's order."""
        return self.board_list.records

    def select_board(self, board_id: int) -> bool:
        """Select board ``board_id`` in the table (False when the filters hide it)."""
        for row, board in enumerate(self.board_list.records):
            if board.id == board_id:
                self.board_table.selectRow(row)
                return True
        return False

    def current_board(self) -> Board | None:
        """The board selected in the table."""
        index = self.board_table.currentIndex()
        board = index.data(RECORD_ROLE) if index.isValid() else None
        return board if isinstance(board, Board) else None

    def _refilter(self) -> None:
        if self._filling:
            return
        text = self.board_filter.text().strip().casefold()
        kind = self.kind_filter.currentData()
        project = self.project_filter.currentData()
        selected = self.current_board()
        shown = [
            b
            for b in self.boards
            if text in b.name.casefold()
            and (kind is None or b.type.value == kind)
            and (project is None or b.project_key == project)
        ]
        self._filling = True  # the reset clears the selection; the same board is put back
        try:
            self.board_list.set_records(shown)
            if selected is not None:
                self.select_board(selected.id)
        finally:
            self._filling = False
        self.boards_note.setText(
            f"{len(shown)} of {len(self.boards)} boards"
            if len(shown) != len(self.boards)
            else f"{len(self.boards)} board{'s' if len(self.boards) != 1 else ''}"
        )

    def _board_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._filling:
            return
        board = current.data(RECORD_ROLE) if current.isValid() else None
        self.board_chosen.emit(board if isinstance(board, Board) else None)

    # ----- the bar above the board ----------------------------------------------------------------------
    def set_sprints(self, sprints: Sequence[Sprint], chosen: int, reason: str = "") -> None:
        """The sprint selector: the sprints of the board, and "All issues"; ``reason`` disables it."""
        self._filling = True
        try:
            self.sprint_combo.clear()
            order = {SprintState.ACTIVE: 0, SprintState.FUTURE: 1, SprintState.CLOSED: 2}
            for sprint in sorted(sprints, key=lambda s: order[s.state]):
                self.sprint_combo.addItem(
                    action_text(f"{sprint.name} ({sprint.state.value})"), sprint.id
                )
            self.sprint_combo.addItem("All issues of the board", ALL_ISSUES)
            _choose(self.sprint_combo, chosen)
        finally:
            self._filling = False
        self.sprint_combo.setEnabled(not reason)
        set_plain_tooltip(self.sprint_combo, reason or "Which sprint the board shows")

    def chosen_sprint(self) -> int:
        """The sprint id the selector shows (ALL_ISSUES for the whole board)."""
        data = self.sprint_combo.currentData()
        return int(data) if data is not None else ALL_ISSUES

    def set_swimlanes(self, mode: Swimlanes) -> None:
        """Show ``mode`` in the swimlanes selector (without announcing it)."""
        self._filling = True
        try:
            _choose(self.swimlanes_combo, mode.value)
        finally:
            self._filling = False

    def set_filter_choices(
        self, people: Sequence[UserRef], labels: Sequence[str], epics: Sequence[Epic]
    ) -> None:
        """The quick filter's choices (the choices made stay when they are still offered)."""
        before = self.card_filter()
        self._filling = True
        try:
            for combo, entries in (
                (
                    self.assignee_combo,
                    [("Anyone", None), ("Unassigned", UNASSIGNED)]
                    + [(p.display_name or p.id, p.id) for p in people],
                ),
                (self.label_combo, [("Any label", None)] + [(label, label) for label in labels]),
                (
                    self.epic_combo,
                    [("Any epic", None), ("No epic", NO_EPIC)] + [(e.name, e.key) for e in epics],
                ),
            ):
                current = combo.currentData()
                combo.clear()
                for text, data in entries:
                    combo.addItem(action_text(text), data)
                _choose(combo, current)
        finally:
            self._filling = False
        if self.card_filter() != before:
            # a choice no longer offered fell back to "any": the cards follow what is shown
            self.filter_changed.emit(self.card_filter())

    def card_filter(self) -> CardFilter:
        """The quick filter as set in the bar."""
        return CardFilter(
            text=self.quick_filter.text(),
            assignee=self.assignee_combo.currentData(),
            label=self.label_combo.currentData(),
            epic=self.epic_combo.currentData(),
        )

    def set_epic_filter(self, key: str | None) -> None:
        """Filter the cards by epic ``key`` (None: any)."""
        _choose(self.epic_combo, key)

    def clear_quick_filter(self) -> None:
        """Show every card again."""
        self._filling = True
        try:
            self.quick_filter.clear()
            for combo in (self.assignee_combo, self.label_combo, self.epic_combo):
                combo.setCurrentIndex(0)
        finally:
            self._filling = False
        self._filter_edited()

    def show_message(self, text: str, tone: Tone = Tone.PLAIN) -> None:
        """A line above the tabs (why a card did not move, what was done); "" hides it."""
        self.message.setText(text)
        self.message.set_tone(tone)
        self.message.setVisible(bool(text))

    def _sprint_changed(self, _index: int) -> None:
        if not self._filling:
            self.sprint_chosen.emit(self.chosen_sprint())

    def _swimlanes_changed(self, _index: int) -> None:
        value = self.swimlanes_combo.currentData()
        if not self._filling and value is not None:
            self.swimlanes_chosen.emit(Swimlanes(value))

    def _filter_edited(self, *_args: object) -> None:
        if not self._filling:
            self.filter_changed.emit(self.card_filter())
