"""A scrum board's backlog view: the active and future sprints stacked above the backlog.

Each section row is a sprint (or the backlog itself) and its children are its issues in rank
order, as far as the quick filter lets them through; the backlog view shows one list per
section, rooted at the section's row. Moves and ranks are applied here at once and undone if
Jira refuses (``restore``), so the lists never wait for the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.board import Card, Epic, Sprint
from app.qtmodels.board_drag import CardDragging, DragOrigin
from app.qtmodels.board_filter import CardFilter
from app.qtmodels.board_roles import (
    COUNT_ROLE,
    ESTIMATE_ROLE,
    SECTION_ROLE,
    card_data,
)
from app.qtmodels.tooltips import plain_tooltip
from app.qtmodels.two_level import TwoLevelModel

__all__ = ["BacklogModel", "sprint_dates"]

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Where issues were before a move or rank: undoing it leaves later changes alone."""

    keys: tuple[str, ...] = ()
    rows: dict[int, list[str]] = field(default_factory=dict)  # section row -> its keys before


def sprint_dates(sprint: Sprint) -> str:
    """A sprint's dates as its header shows them (local days), or "" when it has none."""
    if sprint.start is None and sprint.end is None:
        return ""
    start = sprint.start.astimezone().strftime("%Y-%m-%d") if sprint.start else "?"
    end = sprint.end.astimezone().strftime("%Y-%m-%d") if sprint.end else "?"
    return f"{start} → {end}"


@dataclass(eq=False, slots=True)
class _Section:
    sprint: Sprint | None  # None: the backlog
    keys: list[str] = field(default_factory=list)  # every issue of the section, rank order
    shown: list[str] = field(default_factory=list)  # those the filter lets through


class BacklogModel(CardDragging, TwoLevelModel):
    """Sprints, then the backlog; the issues of each under it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.board_id = 0
        self.drag_origin = DragOrigin.BACKLOG
        self._sections: list[_Section] = []
        self._cards: dict[str, Card] = {}
        self._section_of: dict[str, int] = {}
        self._filter = CardFilter()
        self._epics: dict[str, Epic] = {}
        self._problems: dict[str, str] = {}
        self._pending: set[str] = set()

    # ----- what the controller pushes in ---------------------------------------------------------
    def set_sections(
        self, board_id: int, sprints: Sequence[Sprint], *, backlog: bool = True
    ) -> None:
        """Show ``sprints`` (in this order) and then the backlog, all empty."""
        self.beginResetModel()
        self.board_id = board_id
        self._sections = [_Section(s) for s in sprints]
        if backlog:
            self._sections.append(_Section(None))
        self._cards.clear()
        self._section_of.clear()
        self._problems.clear()
        self._pending.clear()
        self.endResetModel()

    def append_cards(self, sprint_id: int | None, batch: Iterable[Card]) -> None:
        """Add the next issues of a sprint (None: the backlog), in rank order."""
        row = self.section_row(sprint_id)
        if row is None:
            return
        section = self._sections[row]
        fresh: list[str] = []
        for card in batch:
            if card.key in self._section_of:
                continue  # already listed (pages shifted under a concurrent change)
            self._cards[card.key] = card
            self._section_of[card.key] = row
            section.keys.append(card.key)
            if self._filter.matches(card):
                fresh.append(card.key)
        if fresh:
            first = len(section.shown)
            self.beginInsertRows(self.index(row, 0), first, first + len(fresh) - 1)
            section.shown.extend(fresh)
            self.endInsertRows()
        self._header_changed(row)

    def update_sprint(self, sprint: Sprint) -> None:
        """Show a sprint's new name, dates or goal in its header."""
        row = self.section_row(sprint.id)
        if row is not None:
            self._sections[row].sprint = sprint
            self._header_changed(row)

    def update_card(self, card: Card) -> None:
        """Show ``card`` as Jira has it now, where it is."""
        row = self._section_of.get(card.key)
        if row is None:
            return
        self._cards[card.key] = card
        self._set_keys(row, self._sections[row].keys)

    def set_filter(self, card_filter: CardFilter) -> None:
        """Show only the issues ``card_filter`` lets through."""
        if card_filter == self._filter:
            return
        self.beginResetModel()
        self._filter = card_filter
        for section in self._sections:
            section.shown = [k for k in section.keys if card_filter.matches(self._cards[k])]
        self.endResetModel()

    def set_epics(self, epics: Sequence[Epic]) -> None:
        """The board's epics, for the colours on the issues."""
        self._epics = {e.key: e for e in epics}
        for row, section in enumerate(self._sections):
            if section.shown:
                parent = self.index(row, 0)
                self.dataChanged.emit(
                    self.index(0, 0, parent), self.index(len(section.shown) - 1, 0, parent)
                )

    def move_cards(
        self, keys: Sequence[str], sprint_id: int | None, before: str | None = None
    ) -> Snapshot:
        """Move issues into a sprint (None: the backlog), before ``before`` or at the end."""
        target = self.section_row(sprint_id)
        moving = [k for k in dict.fromkeys(keys) if k in self._section_of]
        if target is None or not moving:
            return Snapshot()
        rows = {self._section_of[k] for k in moving} | {target}
        snapshot = Snapshot(tuple(moving), {row: list(self._sections[row].keys) for row in rows})
        leaving = set(moving)
        for row in rows:
            if row != target:
                self._set_keys(row, [k for k in self._sections[row].keys if k not in leaving])
        kept = [k for k in self._sections[target].keys if k not in leaving]
        at = kept.index(before) if before in kept else len(kept)
        self._set_keys(target, kept[:at] + moving + kept[at:])
        return snapshot

    def rank(
        self, keys: Sequence[str], *, before: str | None = None, after: str | None = None
    ) -> Snapshot:
        """Put ``keys`` (one block, within their section) before or after another issue."""
        if (before is None) == (after is None):
            raise ValueError("rank needs exactly one of before= and after=")
        anchor = before if before is not None else after
        row = self._section_of.get(anchor or "")
        if row is None:
            return Snapshot()
        keys_now = self._sections[row].keys
        moving = [k for k in dict.fromkeys(keys) if k in keys_now and k != anchor]
        if not moving:
            return Snapshot()
        snapshot = Snapshot(tuple(moving), {row: list(keys_now)})
        leaving = set(moving)
        rest = [k for k in keys_now if k not in leaving]
        at = rest.index(anchor or "") + (0 if before is not None else 1)
        self._set_keys(row, rest[:at] + moving + rest[at:])
        return snapshot

    def restore(self, snapshot: Snapshot) -> None:
        """Undo a move or rank that Jira refused: its issues go back where they were, and
        what moved since (other issues, other changes) stays."""
        moving = set(snapshot.keys)
        home = {k: row for row, keys in snapshot.rows.items() for k in keys if k in moving}
        for row in {self._section_of[k] for k in moving if k in self._section_of} - set(
            home.values()
        ):
            self._set_keys(row, [k for k in self._sections[row].keys if k not in moving])
        for row, before in snapshot.rows.items():
            if row >= len(self._sections):
                continue
            now = [k for k in self._sections[row].keys if k not in moving]
            for n, key in enumerate(before):
                if home.get(key) != row:
                    continue
                # back before the first issue that followed it then and is still here
                following = next((k for k in before[n + 1 :] if k in now), None)
                now.insert(now.index(following) if following else len(now), key)
            self._set_keys(row, now)

    def set_problem(self, key: str, text: str) -> None:
        """Say on the issue why its move did not happen ("" clears it)."""
        if text:
            self._problems[key] = text
        else:
            self._problems.pop(key, None)
        self._changed(key)

    def set_pending(self, key: str, pending: bool) -> None:
        """Mark the issue as waiting for Jira."""
        if pending:
            self._pending.add(key)
        else:
            self._pending.discard(key)
        self._changed(key)

    # ----- what views and the controller read ------------------------------------------------------
    def sprints(self) -> list[Sprint]:
        """The sprints shown, in order."""
        return [s.sprint for s in self._sections if s.sprint is not None]

    def section_row(self, sprint_id: int | None) -> int | None:
        """The row of a sprint's section (None: the backlog's), if shown."""
        for row, section in enumerate(self._sections):
            if (section.sprint.id if section.sprint else None) == sprint_id:
                return row
        return None

    def section_sprint(self, row: int) -> Sprint | None:
        """The sprint of section ``row`` (None: the backlog)."""
        return self._sections[row].sprint

    def section_keys(self, row: int) -> list[str]:
        """Every issue of section ``row``, in rank order (filter or not)."""
        return list(self._sections[row].keys)

    def shown_keys(self, row: int) -> list[str]:
        """The issues of section ``row`` the filter lets through, in order."""
        return list(self._sections[row].shown)

    def card(self, key: str) -> Card | None:
        """The issue ``key``, if listed."""
        return self._cards.get(key)

    def cards(self) -> list[Card]:
        """Every issue listed, section by section."""
        return [self._cards[k] for s in self._sections for k in s.keys]

    def sprint_of(self, key: str) -> tuple[bool, Sprint | None]:
        """(listed, its sprint): the sprint is None for an issue in the backlog."""
        row = self._section_of.get(key)
        return (row is not None, self._sections[row].sprint if row is not None else None)

    def index_of(self, key: str) -> QModelIndex:
        """The index of issue ``key`` (invalid when it is not shown)."""
        row = self._section_of.get(key)
        if row is None or key not in self._sections[row].shown:
            return QModelIndex()
        return self.index(self._sections[row].shown.index(key), 0, self.index(row, 0))

    def open_count(self, row: int) -> int:
        """Issues of section ``row`` that are not done."""
        return sum(1 for k in self._sections[row].keys if not self._cards[k].done)

    def estimate_total(self, row: int) -> float:
        """The sum of the estimates of section ``row``'s issues."""
        return sum(self._cards[k].estimate or 0.0 for k in self._sections[row].keys)

    # ----- Qt's model interface -------------------------------------------------------------------
    def group_count(self) -> int:
        """One group per section."""
        return len(self._sections)

    def item_count(self, group: int) -> int:
        """The issues a section shows."""
        return len(self._sections[group].shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """One column."""
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Section headers, and each issue's record and state."""
        if not index.isValid():
            return None
        group = self.group_of(index)
        if group < 0:
            return (
                self._section_data(index.row(), role) if index.row() < len(self._sections) else None
            )
        if group >= len(self._sections) or index.row() >= len(self._sections[group].shown):
            return None
        return self._card_data(self._sections[group].shown[index.row()], role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Issues drag (unless their move waits); sections take drops."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        enabled = Qt.ItemFlag.ItemIsEnabled
        if self.group_of(index) < 0:
            return enabled | Qt.ItemFlag.ItemIsDropEnabled
        flags = enabled | Qt.ItemFlag.ItemIsSelectable
        key = self.dragged_key(index)
        if key is not None and key not in self._pending:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    # ----- inside ---------------------------------------------------------------------------------
    def _section_data(self, row: int, role: int) -> Any:
        sprint = self._sections[row].sprint
        if role == Qt.ItemDataRole.DisplayRole:
            return sprint.name if sprint else "Backlog"
        if role == SECTION_ROLE:
            return sprint
        if role == COUNT_ROLE:
            return len(self._sections[row].keys)
        if role == ESTIMATE_ROLE:
            return self.estimate_total(row)
        if role == Qt.ItemDataRole.ToolTipRole and sprint is not None:
            lines = [f"{sprint.name} ({sprint.state.value})", sprint_dates(sprint), sprint.goal]
            return plain_tooltip("\n".join(line for line in lines if line))
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
        if not index.isValid():
            return None
        group = self.group_of(index)
        if group < 0 or group >= len(self._sections):
            return None
        shown = self._sections[group].shown
        return shown[index.row()] if index.row() < len(shown) else None

    def _changed(self, key: str) -> None:
        index = self.index_of(key)
        if index.isValid():
            self.dataChanged.emit(index, index)

    def _header_changed(self, row: int) -> None:
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def _set_keys(self, row: int, keys: Sequence[str]) -> None:
        section = self._sections[row]
        parent = self.index(row, 0)
        if section.shown:
            self.beginRemoveRows(parent, 0, len(section.shown) - 1)
            section.shown = []
            self.endRemoveRows()
        section.keys = list(keys)
        for key in section.keys:
            self._section_of[key] = row
        shown = [k for k in section.keys if self._filter.matches(self._cards[k])]
        if shown:
            self.beginInsertRows(parent, 0, len(shown) - 1)
            section.shown = shown
            self.endInsertRows()
        self._header_changed(row)
