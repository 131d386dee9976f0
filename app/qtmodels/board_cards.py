"""The cards of a board as a tree: swimlanes at the top, the board's columns in each lane, and
the cards of each (lane, column) cell in board (rank) order.

One model serves the whole board: each cell of the board view is a list view rooted at its
(lane, column) row. Cards are pushed in as the pages of a load arrive and are appended at the
end of their cells (pages come in rank order). A card's column follows its status, except
while a move waits for Jira: the controller places it in the column it was dropped on, and puts
it back if Jira refuses. The quick filter and the swimlane choice rebuild the tree.

Lanes keep a serial number of their own in the indexes under them, so inserting a lane above
another never invalidates the indexes (and the views' roots) of the cells below.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.domain.board import BoardColumn, Card, Epic
from app.qtmodels.board_drag import CardDragging, DragOrigin
from app.qtmodels.board_filter import ALL_CARDS, CardFilter, Lane, Swimlanes, lane_of, lane_sort_key
from app.qtmodels.board_roles import (
    COLUMN_ROLE,
    COUNT_ROLE,
    LANE_ROLE,
    card_data,
)
from app.qtmodels.tooltips import plain_tooltip

__all__ = ["BoardCardsModel"]

Index = QModelIndex | QPersistentModelIndex
_CARD_BASE = 1 << 40  # internal ids of card rows start here; column rows are 1 + lane serial
_SLOTS = 1 << 16  # column slots per lane in a card row's internal id


@dataclass(eq=False, slots=True)
class _LaneCells:
    lane: Lane
    serial: int
    cells: list[list[str]] = field(default_factory=list)  # column -> keys shown, in order


class BoardCardsModel(CardDragging, QAbstractItemModel):
    """Lanes → columns → cards of one board; data is pushed in, moves are applied locally."""

    counts_changed = Signal()  # the number of cards in some column changed (WIP headers)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.board_id = 0
        self.drag_origin = DragOrigin.BOARD
        self._columns: tuple[BoardColumn, ...] = ()
        self._status_column: dict[str, int] = {}
        self._cards: dict[str, Card] = {}
        self._order: list[str] = []  # every card in a column of the board, in board order
        self._position: dict[str, int] | None = {}  # key -> place in _order (None: stale)
        self._column_of: dict[str, int] = {}  # may differ from the status while a move waits
        self._lanes: list[_LaneCells] = []
        self._by_key: dict[str, _LaneCells] = {}
        self._by_serial: dict[int, _LaneCells] = {}
        self._row_of: dict[int, int] = {}  # lane serial -> row
        self._where: dict[str, tuple[int, int]] = {}  # key shown -> (lane serial, column)
        self._serials = 0
        self._filter = CardFilter()
        self._mode = Swimlanes.NONE
        self._epics: dict[str, Epic] = {}
        self._epic_order: dict[str, int] = {}
        self._problems: dict[str, str] = {}
        self._pending: set[str] = set()
        self._off_board: set[str] = set()
        self._rebuild()

    # ----- what the controller pushes in ---------------------------------------------------------
    def set_columns(self, board_id: int, columns: Sequence[BoardColumn]) -> None:
        """Show ``columns`` of board ``board_id``, with no cards yet."""
        self.board_id = board_id
        self._columns = tuple(columns)
        self._status_column = {s: n for n, c in enumerate(self._columns) for s in c.status_ids}
        self._cards.clear()
        self._order.clear()
        self._position = {}
        self._column_of.clear()
        self._problems.clear()
        self._pending.clear()
        self._off_board.clear()
        self._rebuild()
        self.counts_changed.emit()

    def append_cards(self, batch: Iterable[Card]) -> None:
        """Add the next cards in board order; a card already shown is updated instead."""
        fresh: dict[tuple[str, int], list[str]] = {}
        lanes: dict[str, Lane] = {}
        for card in batch:
            if card.key in self._cards:
                self.update_card(card)  # pages shifted under a concurrent change: listed twice
                continue
            self._cards[card.key] = card
            column = self._status_column.get(card.status_id)
            if column is None:
                self._off_board.add(card.key)
                continue
            self._order.append(card.key)
            if self._position is not None:
                self._position[card.key] = len(self._order) - 1
            self._column_of[card.key] = column
            if self._filter.matches(card):
                lane = lane_of(card, self._mode, self._epics)
                lanes.setdefault(lane.key, lane)
                fresh.setdefault((lane.key, column), []).append(card.key)
        for lane in lanes.values():
            if lane.key not in self._by_key:
                self._insert_lane(lane)
        for (lane_key, column), keys in fresh.items():
            holder = self._by_key[lane_key]
            cells = holder.cells[column]
            first = len(cells)
            self.beginInsertRows(self._cell(holder, column), first, first + len(keys) - 1)
            cells.extend(keys)
            for key in keys:
                self._where[key] = (holder.serial, column)
            self.endInsertRows()
        if fresh:
            self.counts_changed.emit()

    def set_filter(self, card_filter: CardFilter) -> None:
        """Show only the cards ``card_filter`` lets through."""
        if card_filter != self._filter:
            self._filter = card_filter
            self._rebuild()

    def set_swimlanes(self, mode: Swimlanes) -> None:
        """Group the cards into lanes by ``mode``."""
        if mode is not self._mode:
            self._mode = mode
            self._rebuild()

    def set_epics(self, epics: Sequence[Epic]) -> None:
        """The board's epics: their colours on the cards, and the order of epic lanes."""
        self._epics = {e.key: e for e in epics}
        self._epic_order = {e.key: n for n, e in enumerate(epics)}
        if self._mode is Swimlanes.EPIC:
            self._rebuild()
            return
        for holder in self._lanes:
            for column, cells in enumerate(holder.cells):
                if cells:
                    parent = self._cell(holder, column)
                    self.dataChanged.emit(
                        self.index(0, 0, parent), self.index(len(cells) - 1, 0, parent)
                    )

    def update_card(self, card: Card) -> None:
        """Show ``card`` as Jira has it now (its column follows its status)."""
        if card.key not in self._cards:
            self.append_cards([card])
            return
        self._cards[card.key] = card
        column = self._status_column.get(card.status_id)
        if column is None:
            self._drop_from_board(card.key)
            return
        self._off_board.discard(card.key)
        if card.key not in self._column_of:
            self._order.append(card.key)
            self._position = None
        self._column_of[card.key] = column
        self._replace(card.key)
        self.counts_changed.emit()

    def move_to_column(self, key: str, column: int) -> int | None:
        """Show ``key`` in ``column`` while its move waits for Jira; the column it left."""
        before = self._column_of.get(key)
        if before is None or not 0 <= column < len(self._columns):
            return None
        self._column_of[key] = column
        self._replace(key)
        self.counts_changed.emit()
        return before

    def rank(
        self, keys: Sequence[str], *, before: str | None = None, after: str | None = None
    ) -> list[str]:
        """Put ``keys`` (as one block) right before or after another card; the old order."""
        if (before is None) == (after is None):
            raise ValueError("rank needs exactly one of before= and after=")
        anchor = before if before is not None else after
        moving = [k for k in keys if k in self._column_of and k != anchor]
        previous = list(self._order)
        if anchor not in self._column_of or not moving:
            return previous
        leaving = set(moving)
        rest = [k for k in self._order if k not in leaving]
        at = rest.index(anchor) + (0 if before is not None else 1)
        self._order = rest[:at] + moving + rest[at:]
        self._position = None
        self._replace_all(moving)
        return previous

    def restore_order(self, order: Sequence[str], keys: Sequence[str]) -> None:
        """Put the board order back as it was before a rank of ``keys`` that Jira refused."""
        known = set(self._column_of)
        self._order = [k for k in order if k in known]
        listed = set(self._order)
        self._order += [k for k in self._column_of if k not in listed]
        self._position = None
        self._replace_all(keys)

    def set_problem(self, key: str, text: str) -> None:
        """Say on the card why its move did not happen ("" clears it)."""
        if text:
            self._problems[key] = text
        else:
            self._problems.pop(key, None)
        self._changed(key)

    def set_pending(self, key: str, pending: bool) -> None:
        """Mark the card as waiting for Jira (it cannot be dragged meanwhile)."""
        if pending:
            self._pending.add(key)
        else:
            self._pending.discard(key)
        self._changed(key)

    # ----- what views and the controller read ------------------------------------------------------
    @property
    def columns(self) -> tuple[BoardColumn, ...]:
        """The board's columns shown."""
        return self._columns

    @property
    def swimlanes(self) -> Swimlanes:
        """The swimlane choice."""
        return self._mode

    @property
    def card_filter(self) -> CardFilter:
        """The quick filter applied."""
        return self._filter

    @property
    def off_board(self) -> int:
        """Cards whose status no column holds (Jira does not show them either)."""
        return len(self._off_board)

    def card(self, key: str) -> Card | None:
        """The card ``key``, if the board has it."""
        return self._cards.get(key)

    def cards(self) -> list[Card]:
        """Every card in a column of the board, in board order (filter or not)."""
        return [self._cards[k] for k in self._order]

    def column_of(self, key: str) -> int | None:
        """The column ``key`` is shown in (None: not on the board)."""
        return self._column_of.get(key)

    def column_counts(self) -> list[int]:
        """How many cards each column holds, whatever the filter (what WIP limits count)."""
        counts = [0] * len(self._columns)
        for column in self._column_of.values():
            counts[column] += 1
        return counts

    def is_pending(self, key: str) -> bool:
        """Whether a move of ``key`` waits for Jira."""
        return key in self._pending

    def shown_count(self) -> int:
        """How many cards pass the filter."""
        return len(self._where)

    def index_of(self, key: str) -> QModelIndex:
        """The index of card ``key`` (invalid when it is not shown)."""
        where = self._where.get(key)
        if where is None:
            return QModelIndex()
        serial, column = where
        row = self._by_serial[serial].cells[column].index(key)
        return self.createIndex(row, 0, _CARD_BASE + serial * _SLOTS + column)

    def cell_index(self, lane_row: int, column: int) -> QModelIndex:
        """The (lane, column) row whose children are that cell's cards."""
        if not 0 <= lane_row < len(self._lanes):
            return QModelIndex()
        return self._cell(self._lanes[lane_row], column)

    def cell_keys(self, cell: Index) -> list[str]:
        """The keys shown in ``cell``, in order."""
        holder, column = self._cell_of(cell)
        return list(holder.cells[column]) if holder is not None else []

    def cell_place(self, cell: Index) -> tuple[int, int] | None:
        """(lane row, column) of a cell index, or None when ``cell`` is not a cell."""
        holder, column = self._cell_of(cell)
        if holder is None:
            return None
        return self._row_of[holder.serial], column

    # ----- Qt's model interface -------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt default argument
        """Lane rows at the top, column rows under a lane, card rows under a column row."""
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        pid = parent.internalId()
        if pid == 0:
            return self.createIndex(row, column, 1 + self._lanes[parent.row()].serial)
        if pid < _CARD_BASE:
            return self.createIndex(row, column, _CARD_BASE + (pid - 1) * _SLOTS + parent.row())
        return QModelIndex()

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008 - Qt default argument
        """A card's column row, a column row's lane; nothing for a lane."""
        if not child.isValid():
            return QModelIndex()
        cid = child.internalId()
        if cid == 0:
            return QModelIndex()
        if cid < _CARD_BASE:
            row = self._row_of.get(cid - 1)
            return self.createIndex(row, 0, 0) if row is not None else QModelIndex()
        serial, column = divmod(cid - _CARD_BASE, _SLOTS)
        return self.createIndex(column, 0, 1 + serial)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """Lanes; a lane's columns; a cell's cards."""
        if not parent.isValid():
            return len(self._lanes)
        if parent.column() != 0:
            return 0
        pid = parent.internalId()
        if pid == 0:
            return len(self._columns) if parent.row() < len(self._lanes) else 0
        if pid < _CARD_BASE:
            holder = self._by_serial.get(pid - 1)
            if holder is None or parent.row() >= len(self._columns):
                return 0
            return len(holder.cells[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """One column at every level."""
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Lane titles, column names and counts, and each card's record and state."""
        if not index.isValid():
            return None
        cid = index.internalId()
        if cid == 0:
            return self._lane_data(index.row(), role)
        if cid < _CARD_BASE:
            holder = self._by_serial.get(cid - 1)
            return self._column_data(holder, index.row(), role) if holder else None
        serial, column = divmod(cid - _CARD_BASE, _SLOTS)
        holder = self._by_serial.get(serial)
        if holder is None or column >= len(holder.cells):
            return None
        cells = holder.cells[column]
        if index.row() >= len(cells):
            return None
        return self._card_data(cells[index.row()], role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Cards drag (unless their move waits for Jira); cells take drops."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        cid = index.internalId()
        enabled = Qt.ItemFlag.ItemIsEnabled
        if cid == 0:
            return enabled
        if cid < _CARD_BASE:
            return enabled | Qt.ItemFlag.ItemIsDropEnabled
        flags = enabled | Qt.ItemFlag.ItemIsSelectable
        key = self.dragged_key(index)
        if key is not None and key not in self._pending:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    # ----- inside ---------------------------------------------------------------------------------
    def _lane_data(self, row: int, role: int) -> Any:
        if row >= len(self._lanes):
            return None
        holder = self._lanes[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return holder.lane.title
        if role == LANE_ROLE:
            return holder.lane
        if role == COUNT_ROLE:
            return sum(len(cells) for cells in holder.cells)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(holder.lane.title)
        return None

    def _column_data(self, holder: _LaneCells, row: int, role: int) -> Any:
        if row >= len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[row].name
        if role == COLUMN_ROLE:
            return self._columns[row]
        if role == COUNT_ROLE:
            return len(holder.cells[row])
        return None

    def _card_data(self, key: str, role: int) -> Any:
        return card_data(
            self._cards[key],
            role,
            epics=self._epics,
            problems=self._problems,
            pending=self._pending,
        )

    def dragged_key(self, index: Index) -> str | None:
        """The key of the card at ``index`` (None: a lane, cell or section)."""
        if not index.isValid() or index.internalId() < _CARD_BASE:
            return None
        serial, column = divmod(index.internalId() - _CARD_BASE, _SLOTS)
        holder = self._by_serial.get(serial)
        if holder is None or column >= len(holder.cells):
            return None
        cells = holder.cells[column]
        return cells[index.row()] if index.row() < len(cells) else None

    def _cell(self, holder: _LaneCells, column: int) -> QModelIndex:
        return self.createIndex(column, 0, 1 + holder.serial)

    def _cell_of(self, cell: Index) -> tuple[_LaneCells | None, int]:
        if not cell.isValid() or cell.internalId() == 0 or cell.internalId() >= _CARD_BASE:
            return None, 0
        holder = self._by_serial.get(cell.internalId() - 1)
        if holder is None or cell.row() >= len(self._columns):
            return None, 0
        return holder, cell.row()

    def _changed(self, key: str) -> None:
        index = self.index_of(key)
        if index.isValid():
            self.dataChanged.emit(index, index)

    def _positions(self) -> dict[str, int]:
        if self._position is None:
            self._position = {k: n for n, k in enumerate(self._order)}
        return self._position

    def _new_lane(self, lane: Lane) -> _LaneCells:
        self._serials += 1
        holder = _LaneCells(lane, self._serials, [[] for _ in self._columns])
        self._by_key[lane.key] = holder
        self._by_serial[holder.serial] = holder
        return holder

    def _sort_key(self, holder: _LaneCells) -> tuple[int, int, str]:
        return lane_sort_key(holder.lane, self._mode, self._epic_order)

    def _renumber(self) -> None:
        self._row_of = {h.serial: n for n, h in enumerate(self._lanes)}

    def _insert_lane(self, lane: Lane) -> _LaneCells:
        holder = self._new_lane(lane)
        keys = [self._sort_key(h) for h in self._lanes]
        row = bisect.bisect_right(keys, self._sort_key(holder))
        self.beginInsertRows(QModelIndex(), row, row)
        self._lanes.insert(row, holder)
        self._renumber()
        self.endInsertRows()
        return holder

    def _rebuild(self) -> None:
        self.beginResetModel()
        self._lanes = []
        self._by_key = {}
        self._by_serial = {}
        self._where = {}
        if self._mode is Swimlanes.NONE:
            self._lanes.append(self._new_lane(ALL_CARDS))
        for key in self._order:
            card = self._cards[key]
            if not self._filter.matches(card):
                continue
            lane = lane_of(card, self._mode, self._epics)
            holder = self._by_key.get(lane.key)
            if holder is None:
                holder = self._new_lane(lane)
                self._lanes.append(holder)
            column = self._column_of[key]
            holder.cells[column].append(key)
            self._where[key] = (holder.serial, column)
        self._lanes.sort(key=self._sort_key)
        self._renumber()
        self.endResetModel()

    def _unplace(self, key: str) -> None:
        where = self._where.pop(key, None)
        if where is None:
            return
        serial, column = where
        holder = self._by_serial[serial]
        cells = holder.cells[column]
        row = cells.index(key)
        self.beginRemoveRows(self._cell(holder, column), row, row)
        del cells[row]
        self.endRemoveRows()

    def _place(self, key: str) -> None:
        card = self._cards[key]
        column = self._column_of.get(key)
        if column is None or not self._filter.matches(card):
            return
        lane = lane_of(card, self._mode, self._epics)
        holder = self._by_key.get(lane.key) or self._insert_lane(lane)
        cells = holder.cells[column]
        positions = self._positions()
        row = bisect.bisect_left([positions[k] for k in cells], positions[key])
        self.beginInsertRows(self._cell(holder, column), row, row)
        cells.insert(row, key)
        self._where[key] = (holder.serial, column)
        self.endInsertRows()

    def _replace(self, key: str) -> None:
        self._unplace(key)
        self._place(key)

    def _replace_all(self, keys: Sequence[str]) -> None:
        # all out first: a cell bisects by position, so it must be in order when each goes back
        for key in keys:
            self._unplace(key)
        positions = self._positions()
        for key in sorted(keys, key=lambda k: positions.get(k, -1)):
            if key in positions:
                self._place(key)

    def _drop_from_board(self, key: str) -> None:
        self._unplace(key)
        self._off_board.add(key)
        if self._column_of.pop(key, None) is not None:
            self._order.remove(key)
            self._position = None
        self.counts_changed.emit()
