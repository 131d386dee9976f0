"""The boards of a site as a table, and one board's columns with their statuses and limits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject

from app.domain.board import Board, BoardColumn
from app.qtmodels.record_table import Column, RecordTableModel

__all__ = ["BoardColumnsModel", "board_list_model", "limit_text"]


def board_list_model(parent: QObject | None = None) -> RecordTableModel[Board]:
    """Boards: name, type and project."""
    return RecordTableModel[Board](
        (
            Column("Board", lambda b: b.name),
            Column("Type", lambda b: b.type.value.capitalize()),
            Column("Project", lambda b: b.project_key or ""),
        ),
        parent,
    )


def limit_text(value: int | None) -> str:
    """A WIP limit as the table shows it ("" when there is none)."""
    return "" if value is None else str(value)


class BoardColumnsModel(RecordTableModel[BoardColumn]):
    """A board's columns: the statuses each holds (by name) and its WIP limits."""

    def __init__(self, parent: QObject | None = None) -> None:
        self._names: dict[str, str] = {}

        def name_of(status: str) -> str:
            return self._names.get(status, f"status {status}")

        super().__init__(
            (
                Column("Column", lambda c: c.name),
                Column(
                    "Statuses", lambda c: ", ".join(name_of(s) for s in c.status_ids) or "(none)"
                ),
                Column("Min", lambda c: limit_text(c.min)),
                Column("Max", lambda c: limit_text(c.max)),
            ),
            parent,
        )

    def set_columns(self, columns: Sequence[BoardColumn], names: Mapping[str, str]) -> None:
        """Show ``columns``, naming their statuses from ``names`` (status id -> name)."""
        self._names = dict(names)
        self.set_records(columns)

    def learn_names(self, names: Mapping[str, str]) -> None:
        """More status names (learned from cards and transitions); the rows show them."""
        fresh = {k: v for k, v in names.items() if self._names.get(k) != v}
        if fresh:
            self._names.update(fresh)
            self.set_records(self.records)
