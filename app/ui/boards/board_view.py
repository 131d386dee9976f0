"""The board itself: a header per column (its count and WIP limits), and a row of card lists per
swimlane, in one scroll area that scrolls the whole board as Jira's does.

Layout only. The view follows ``BoardCardsModel``: a reset rebuilds the lanes, a new lane is
inserted where the model puts it, and a change of rows resizes only the list it happened in.
Drops are reported (``dropped``) and never change the model here.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.board import BoardColumn
from app.qtmodels.board_cards import BoardCardsModel
from app.qtmodels.board_filter import Swimlanes
from app.qtmodels.board_roles import COUNT_ROLE
from app.ui.boards.cards import CardList, is_dark
from app.ui.kit.text import plain_label, set_plain_tooltip

__all__ = ["MIN_COLUMN_WIDTH", "BoardView", "ColumnHeader", "wip_colours"]

MIN_COLUMN_WIDTH = 150
_SPACING = 8
LANES_PER_TURN = 4  # a rebuild makes this many lanes at once, then the rest turn by turn


def wip_colours(palette: QPalette, *, over: bool) -> tuple[QColor, QColor]:
    """(background, text) for a column over its maximum (or under its minimum), readable on
    ``palette`` whether it is light or dark."""
    if is_dark(palette):
        return (
            (QColor("#5a1d1a"), QColor("#ffb4a8"))
            if over
            else (QColor("#43391a"), QColor("#ffd666"))
        )
    return (
        (QColor("#ffe2dc"), QColor("#a32100")) if over else (QColor("#fff4cc"), QColor("#6b5000"))
    )


class ColumnHeader(QFrame):
    """A column's name, its card count and limits; red when over the maximum."""

    def __init__(self, column: BoardColumn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._applying = False
        self._wip_reason = ""
        self.column = column
        self.count = 0
        self.state = "ok"  # "over", "under" or "ok"
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setMinimumWidth(MIN_COLUMN_WIDTH)
        self.name = plain_label(column.name.upper(), self)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.count_label = plain_label("", self)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # the limits go on a line of their own: a narrow column would cut them off
        self.limits = plain_label("", self)  # shown when some column of the board has limits
        line = QHBoxLayout()
        line.addWidget(self.name, 1)
        line.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        layout.addLayout(line)
        layout.addWidget(self.limits)

    def show_count(self, count: int, wip_reason: str = "") -> None:
        """Show ``count`` cards against the limits; ``wip_reason`` says why limits are unknown."""
        self.count, self._wip_reason = count, wip_reason
        column = self.column
        parts = []
        if column.min is not None:
            parts.append(f"min {column.min}")
        if column.max is not None:
            parts.append(f"max {column.max}")
        self.count_label.setText(str(count))
        self.limits.setText(" · ".join(parts))
        self.state = (
            "over" if column.over_limit(count) else "under" if column.under_limit(count) else "ok"
        )
        tip = [f"{column.name}: {count} issues"]
        if self.state == "over":
            tip.append(f"Over its limit: at most {column.max}.")
        elif self.state == "under":
            tip.append(f"Under its minimum: at least {column.min}.")
        if wip_reason:
            tip.append(wip_reason)
        set_plain_tooltip(self, "\n".join(tip))
        self._apply()

    def changeEvent(self, event: QEvent) -> None:
        """Light or dark: the warning colours are chosen again for the new palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._applying:
            self._apply()

    def _apply(self) -> None:
        parent = self.parentWidget()
        base = parent.palette() if parent is not None else self.palette()
        palette = QPalette(base)
        if self.state != "ok":
            background, text = wip_colours(base, over=self.state == "over")
            palette.setColor(QPalette.ColorRole.Window, background)
            palette.setColor(QPalette.ColorRole.WindowText, text)
        self._applying = True  # setPalette sends a PaletteChange of its own
        try:
            self.setPalette(palette)
        finally:
            self._applying = False


class _LaneRow(QWidget):
    """One swimlane: a header that folds it (none when there are no swimlanes) and its cells."""

    def __init__(self, titled: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QToolButton(self)
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setArrowType(Qt.ArrowType.DownArrow)
        self.header.setAutoRaise(True)
        self.header.setVisible(titled)
        self.header.toggled.connect(self._fold)
        self.cells = QWidget(self)
        self.row = QHBoxLayout(self.cells)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(_SPACING)
        self.lists: list[CardList] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.header, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.cells, 1)

    def _fold(self, open_: bool) -> None:
        self.cells.setVisible(open_)
        self.header.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)


class BoardView(QWidget):
    """Column headers above the lanes of card lists; the whole board scrolls."""

    dropped = Signal(object, object, int)  # DraggedCards, cell (QPersistentModelIndex), row
    current_changed = Signal(object)  # the key of the card selected, or None
    open_requested = Signal(str)  # a card's key (double-click, or Enter on it)

    def __init__(self, model: BoardCardsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._retint = QTimer(self)  # first: a palette change may come while the view is built
        self._retint.setSingleShot(True)
        self._retint.setInterval(0)
        self._retint.timeout.connect(self.update_headers)
        self.setObjectName("boardView")
        self.model = model
        self.headers: list[ColumnHeader] = []
        self.lanes: list[_LaneRow] = []
        self._current: str | None = None
        self._syncing = False  # selections the view makes itself are not the user's
        self._wip_reason = ""
        self.header_area = QScrollArea(self)
        self.header_area.setFrameShape(QFrame.Shape.NoFrame)
        self.header_area.setWidgetResizable(True)
        self.header_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.header_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.header_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header_strip = QWidget(self.header_area)
        self.header_row = QHBoxLayout(self.header_strip)
        self.header_area.setWidget(self.header_strip)
        self.header_row.setContentsMargins(0, 0, 0, 0)
        self.body = QScrollArea(self)
        self.body.setObjectName("boardBody")
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setWidgetResizable(True)
        # always there, so the headers above can leave room for it and stay over their columns
        self.body.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.content = QWidget(self.body)
        self.lane_box = QVBoxLayout(self.content)
        self.lane_box.setContentsMargins(0, 0, 0, 0)
        self.lane_box.setSpacing(4)
        self.lane_box.addStretch(1)
        self.body.setWidget(self.content)
        self.body.horizontalScrollBar().valueChanged.connect(
            self.header_area.horizontalScrollBar().setValue
        )
        self.note = plain_label("", self)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.header_area)
        layout.addWidget(self.note)
        layout.addWidget(self.body, 1)
        self._lane_titles = QTimer(self)
        self._lane_titles.setSingleShot(True)
        self._lane_titles.setInterval(0)
        self._lane_titles.timeout.connect(self._update_lane_titles)
        # a regrouping into many lanes (a lane per person: hundreds of lists) is built a few
        # lanes per event-loop turn, so the window never freezes while it grows
        self._more_lanes = QTimer(self)
        self._more_lanes.setSingleShot(True)
        self._more_lanes.setInterval(0)
        self._more_lanes.timeout.connect(self._build_more_lanes)

        model.modelReset.connect(self._rebuild)
        model.rowsInserted.connect(self._rows_inserted)
        model.rowsRemoved.connect(self._rows_removed)
        model.counts_changed.connect(self.update_headers)
        self._rebuild()

    # ----- what the controller calls -----------------------------------------------------------------
    def set_wip_reason(self, reason: str) -> None:
        """Why the board shows no WIP limits ("" when the API tells them)."""
        self._wip_reason = reason
        self.update_headers()

    def set_note(self, text: str) -> None:
        """A line above the board (why it is empty, what is loading); "" hides it."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def current_key(self) -> str | None:
        """The key of the card selected on the board (None when it is not shown)."""
        key = self._current
        return key if key is not None and self.model.index_of(key).isValid() else None

    def list_at(self, lane_row: int, column: int) -> CardList:
        """The card list of a cell."""
        return self.lanes[lane_row].lists[column]

    def all_lists(self) -> list[CardList]:
        """Every card list of the board, lane by lane."""
        return [card_list for lane in self.lanes for card_list in lane.lists]

    def select_card(self, key: str) -> bool:
        """Select card ``key`` wherever it is shown, scroll to it and focus its list."""
        index = self.model.index_of(key)
        place = self.model.cell_place(index.parent()) if index.isValid() else None
        if place is None:
            return False
        if place[0] >= len(self.lanes):
            self._finish_lanes()
        card_list = self.list_at(*place)
        card_list.select_key(key)
        self._set_current(key)
        rect = card_list.visualRect(card_list.currentIndex())
        centre = card_list.mapTo(self.content, rect.center())
        self.body.ensureVisible(centre.x(), centre.y(), 40, rect.height())
        card_list.setFocus()
        return True

    def update_headers(self) -> None:
        """Show each column's count against its limits."""
        counts = self.model.column_counts()
        for header, count in zip(self.headers, counts, strict=False):
            header.show_count(count, self._wip_reason)
        for lane in self.lanes:
            for card_list, header in zip(lane.lists, self.headers, strict=False):
                self._tint(card_list, header.state, self.palette())

    def changeEvent(self, event: QEvent) -> None:
        """Light or dark: the columns' tints are chosen again for the new palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # after the change has reached every child (the lists' own palettes); a timer of
            # the view's own, so none fires after the view is gone
            self._retint.start()

    # ----- following the model --------------------------------------------------------------------------
    def _rebuild(self) -> None:
        for lane in self.lanes:
            for card_list in lane.lists:
                card_list.setModel(None)  # a list waiting for deletion must not follow the model
            lane.deleteLater()
        self.lanes = []
        for header in self.headers:
            header.deleteLater()
        self.headers = []
        columns = self.model.columns
        limited = any(c.min is not None or c.max is not None for c in columns)
        for column in columns:
            header = ColumnHeader(column, self.header_strip)
            header.limits.setVisible(limited)  # every header as tall as the others
            self.headers.append(header)
            self.header_row.addWidget(header, 1)
            header.show()
        scrollbar = self.body.verticalScrollBar().sizeHint().width()
        self.header_row.setContentsMargins(0, 0, scrollbar, 0)
        self.header_row.setSpacing(_SPACING)
        width = len(columns) * (MIN_COLUMN_WIDTH + _SPACING)
        self.content.setMinimumWidth(width)
        self.header_strip.setMinimumWidth(width + scrollbar)
        # swimlanes stack at the top; a board without them reaches down to the bottom
        titled = self.model.swimlanes is not Swimlanes.NONE
        self.lane_box.setStretch(self.lane_box.count() - 1, 1 if titled else 0)
        self.update_headers()
        self.header_area.setFixedHeight(self.header_strip.sizeHint().height())
        self._build_more_lanes()
        self.current_changed.emit(self.current_key())

    def _build_more_lanes(self) -> None:
        """Build the next few lanes the model has and the view not yet."""
        built, rows = len(self.lanes), self.model.rowCount()
        for row in range(built, min(rows, built + LANES_PER_TURN)):
            self._add_lane(row)
        if len(self.lanes) < rows:
            self._more_lanes.start()
        self._update_lane_titles()
        self._keep_current()

    def _finish_lanes(self) -> None:
        """Build every lane still to come now (a card in one of them is asked for)."""
        self._more_lanes.stop()
        for row in range(len(self.lanes), self.model.rowCount()):
            self._add_lane(row)

    def _add_lane(self, row: int) -> None:
        titled = self.model.swimlanes is not Swimlanes.NONE
        lane = _LaneRow(titled, self.content)
        for column in range(len(self.model.columns)):
            card_list = CardList(
                self.model.cell_index(row, column), fill=not titled, parent=lane.cells
            )
            card_list.setMinimumWidth(MIN_COLUMN_WIDTH)
            card_list.dropped.connect(self.dropped)
            card_list.open_requested.connect(self.open_requested)
            card_list.selectionModel().selectionChanged.connect(
                lambda *_a, cl=card_list: self._selection_changed(cl)
            )
            if titled:
                lane.row.addWidget(card_list, 1, Qt.AlignmentFlag.AlignTop)
            else:
                lane.row.addWidget(card_list, 1)
            lane.lists.append(card_list)
        self.lanes.insert(row, lane)
        # one lane (no swimlanes) reaches down the whole board, as Jira's columns do
        self.lane_box.insertWidget(row, lane, 0 if titled else 1)
        lane.show()  # now, not when the layout's queued show comes round
        for card_list, header in zip(lane.lists, self.headers, strict=False):
            self._tint(card_list, header.state, self.palette())

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            # the lanes built are always the model's first ones; a lane below them comes
            # with the rest, turn by turn
            if first <= len(self.lanes):
                for row in range(first, last + 1):
                    self._add_lane(row)
        else:
            self._cell_rows_changed(parent)
        self._keep_current()

    def _rows_removed(self, parent: QModelIndex, _first: int, _last: int) -> None:
        if parent.isValid():
            self._cell_rows_changed(parent)

    def _cell_rows_changed(self, parent: QModelIndex) -> None:
        place = self.model.cell_place(parent)
        if place is not None and place[0] < len(self.lanes):
            self.list_at(*place).refresh_height()
            self._lane_titles.start()

    def _update_lane_titles(self) -> None:
        for row, lane in enumerate(self.lanes):
            index = self.model.index(row, 0)
            count = int(index.data(COUNT_ROLE) or 0)
            lane.header.setText(f"{index.data()}  ·  {count} issue{'s' if count != 1 else ''}")
        empty = self.model.shown_count() == 0 and bool(self.model.cards())
        if empty and self.model.card_filter.active:
            self.set_note("No issue on the board matches the filter.")
        elif self.note.text() == "No issue on the board matches the filter.":
            self.set_note("")

    def _selection_changed(self, card_list: CardList) -> None:
        if self._syncing or card_list.leaving:
            return  # the program's own selection, or a card moving away: the card stays current
        keys = card_list.selected_keys()
        if not keys:
            self._set_current(None)
            return
        self._syncing = True
        try:
            for other in self.all_lists():
                if other is not card_list and other.selectionModel().hasSelection():
                    other.clearSelection()
        finally:
            self._syncing = False
        self._set_current(keys[0])

    def _keep_current(self) -> None:
        """The current card, moved to another cell, is selected there again."""
        key = self._current
        index = self.model.index_of(key) if key is not None else QModelIndex()
        place = self.model.cell_place(index.parent()) if index.isValid() else None
        if place is None or place[0] >= len(self.lanes):
            return
        card_list = self.list_at(*place)
        selection = card_list.selectionModel()
        if selection.isSelected(index) and card_list.currentIndex() == index:
            return
        self._syncing = True
        try:
            card_list.setCurrentIndex(index)
            selection.select(index, selection.SelectionFlag.ClearAndSelect)
        finally:
            self._syncing = False

    def _set_current(self, key: str | None) -> None:
        if key != self._current:
            self._current = key
            self.current_changed.emit(key)

    @staticmethod
    def _tint(card_list: CardList, state: str, base: QPalette) -> None:
        palette = QPalette(base)
        if state != "ok":
            tint = wip_colours(base, over=state == "over")[0]
        else:
            tint = base.color(QPalette.ColorRole.AlternateBase)
        palette.setColor(QPalette.ColorRole.Base, tint)
        card_list.viewport().setPalette(palette)
        card_list.viewport().setAutoFillBackground(True)
