"""The epics of a board with their progress: how many of their issues on the board are done."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.board import Card, Epic
from app.qtmodels.board_roles import EPIC_ROLE
from app.qtmodels.tooltips import plain_tooltip

__all__ = ["PROGRESS_ROLE", "EpicProgressModel", "epic_progress"]

Index = QModelIndex | QPersistentModelIndex
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 20  # (done, total) of the epic's issues on the board


def epic_progress(cards: Iterable[Card]) -> dict[str, tuple[int, int]]:
    """Per epic key: (done, total) of ``cards`` in that epic (each key counted once)."""
    seen: set[str] = set()
    out: dict[str, tuple[int, int]] = {}
    for card in cards:
        if not card.epic_key or card.key in seen:
            continue
        seen.add(card.key)
        done, total = out.get(card.epic_key, (0, 0))
        out[card.epic_key] = (done + (1 if card.done else 0), total + 1)
    return out


class EpicProgressModel(QAbstractListModel):
    """One row per epic of the board, in the board's order, with its progress."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._epics: list[Epic] = []
        self._progress: dict[str, tuple[int, int]] = {}

    def set_epics(self, epics: Sequence[Epic]) -> None:
        """Show ``epics`` (progress unknown until ``set_progress``)."""
        self.beginResetModel()
        self._epics = list(epics)
        self.endResetModel()

    def set_progress(self, progress: dict[str, tuple[int, int]]) -> None:
        """Per epic key, (done, total) of its issues on the board."""
        self._progress = dict(progress)
        if self._epics:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._epics) - 1, 0))

    def epic_at(self, row: int) -> Epic:
        """The epic in ``row``."""
        return self._epics[row]

    @property
    def epics(self) -> list[Epic]:
        """The epics shown, in order."""
        return list(self._epics)

    def progress(self, key: str) -> tuple[int, int]:
        """(done, total) of epic ``key``'s issues on the board."""
        return self._progress.get(key, (0, 0))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        """One row per epic."""
        return 0 if parent.isValid() else len(self._epics)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Name, the epic, its progress and a plain tooltip."""
        if not index.isValid() or index.row() >= len(self._epics):
            return None
        epic = self._epics[index.row()]
        done, total = self.progress(epic.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return epic.name
        if role == EPIC_ROLE:
            return epic
        if role == PROGRESS_ROLE:
            return (done, total)
        if role == Qt.ItemDataRole.ToolTipRole:
            state = " (done)" if epic.done else ""
            return plain_tooltip(
                f"{epic.key}: {epic.name}{state}\n{done} of {total} of its issues on this board "
                "are done"
            )
        return None
