"""Sprints as the issue search's bulk "move to sprint" offers them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SprintRef"]


@dataclass(frozen=True, slots=True)
class SprintRef:
    """A sprint that issues can be moved into (``active`` or ``future``)."""

    id: str
    name: str
    state: str
    board: str = ""

    @property
    def label(self) -> str:
        """How a picker shows it."""
        return f"{self.name} ({self.state})" + (f" — {self.board}" if self.board else "")
