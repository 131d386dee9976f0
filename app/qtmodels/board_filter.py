"""Which cards a board shows: the quick filter (text, assignee, label, epic) and swimlanes.

Pure logic over ``Card`` records, shared by the board and the backlog models: a card passes the
filter when it matches every part that is set, and belongs to one lane of the swimlane choice.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.board import Card, Epic

__all__ = ["NO_EPIC", "UNASSIGNED", "CardFilter", "Lane", "Swimlanes", "lane_of", "lane_sort_key"]

UNASSIGNED = ""  # the assignee filter and lane key of cards nobody is assigned to
NO_EPIC = ""  # the epic filter and lane key of cards in no epic


class Swimlanes(enum.StrEnum):
    """How the board groups its cards into horizontal lanes."""

    NONE = "none"
    ASSIGNEE = "assignee"
    EPIC = "epic"

    @property
    def label(self) -> str:
        """How a menu names the choice."""
        return {"none": "No swimlanes", "assignee": "By assignee", "epic": "By epic"}[self.value]


@dataclass(frozen=True, slots=True)
class CardFilter:
    """The quick filter: None (and empty text) lets every card through."""

    text: str = ""
    assignee: str | None = None  # a user id, UNASSIGNED, or None for anyone
    label: str | None = None
    epic: str | None = None  # an epic key, NO_EPIC, or None for any

    @property
    def active(self) -> bool:
        """Whether the filter hides anything."""
        return bool(self.text.strip()) or any(
            part is not None for part in (self.assignee, self.label, self.epic)
        )

    def matches(self, card: Card) -> bool:
        """Whether ``card`` passes every part of the filter that is set."""
        text = self.text.strip().casefold()
        if text and text not in card.key.casefold() and text not in card.summary.casefold():
            return False
        if self.assignee is not None:
            who = card.assignee.id if card.assignee is not None else UNASSIGNED
            if who != self.assignee:
                return False
        if self.label is not None and self.label not in card.labels:
            return False
        return self.epic is None or (card.epic_key or NO_EPIC) == self.epic


@dataclass(frozen=True, slots=True)
class Lane:
    """One swimlane: its key (a user id, an epic key, or "" for the rest) and its title."""

    key: str
    title: str


ALL_CARDS = Lane("*", "All issues")


def lane_of(card: Card, mode: Swimlanes, epics: Mapping[str, Epic]) -> Lane:
    """The lane ``card`` belongs to under ``mode``."""
    if mode is Swimlanes.ASSIGNEE:
        if card.assignee is None:
            return Lane(UNASSIGNED, "Unassigned")
        return Lane(card.assignee.id, card.assignee.display_name or card.assignee.id)
    if mode is Swimlanes.EPIC:
        if not card.epic_key:
            return Lane(NO_EPIC, "Issues without an epic")
        epic = epics.get(card.epic_key)
        return Lane(card.epic_key, f"{epic.name} ({card.epic_key})" if epic else card.epic_key)
    return ALL_CARDS


def lane_sort_key(
    lane: Lane, mode: Swimlanes, epic_order: Mapping[str, int]
) -> tuple[int, int, str]:
    """Where ``lane`` goes: people by name, epics in the board's epic order; the rest last."""
    if lane.key == "" or lane is ALL_CARDS:
        return (2, 0, "")
    if mode is Swimlanes.EPIC:
        position = epic_order.get(lane.key)
        return (0, position, "") if position is not None else (1, 0, lane.key)
    return (0, 0, lane.title.casefold())
