"""The item roles the board and backlog models share, and the texts a card shows."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from PySide6.QtCore import Qt

from app.domain.board import Card, Epic
from app.qtmodels.tooltips import plain_tooltip

__all__ = [
    "CARD_ROLE",
    "COLUMN_ROLE",
    "COUNT_ROLE",
    "EPIC_ROLE",
    "ESTIMATE_ROLE",
    "LANE_ROLE",
    "PENDING_ROLE",
    "PROBLEM_ROLE",
    "SECTION_ROLE",
    "card_data",
    "card_tooltip",
    "estimate_text",
]

_USER = Qt.ItemDataRole.UserRole
CARD_ROLE = _USER + 1  # the Card of a card row
EPIC_ROLE = _USER + 2  # the card's Epic, when the board lists it
PROBLEM_ROLE = _USER + 3  # why the card's last move did not happen ("" when it did)
PENDING_ROLE = _USER + 4  # True while a move of the card waits for Jira
COLUMN_ROLE = _USER + 5  # the BoardColumn of a column row
LANE_ROLE = _USER + 6  # the Lane of a lane row
COUNT_ROLE = _USER + 7  # cards under a lane, column or section row
SECTION_ROLE = _USER + 8  # the Sprint of a backlog section (None: the backlog itself)
ESTIMATE_ROLE = _USER + 9  # the estimate total of a backlog section


def estimate_text(value: float | None) -> str:
    """An estimate as a card shows it: ``3``, ``0.5``, or nothing."""
    if value is None:
        return ""
    return f"{value:g}"


def card_tooltip(card: Card, problem: str = "", epic_name: str = "") -> str | None:
    """A card's tooltip: key, summary, what the card abbreviates, and any problem (plain text)."""
    lines = [f"{card.key}: {card.summary}"]
    details = [card.issue_type, card.priority, card.status_name]
    lines.append(" · ".join(part for part in details if part))
    lines.append(f"Assignee: {card.assignee.display_name if card.assignee else 'Unassigned'}")
    if card.estimate is not None:
        lines.append(f"Estimate: {estimate_text(card.estimate)}")
    if epic_name or card.epic_key:
        lines.append(f"Epic: {epic_name or card.epic_key}")
    if card.labels:
        lines.append(f"Labels: {', '.join(card.labels)}")
    if problem:
        lines.append(f"Not moved: {problem}")
    return plain_tooltip("\n".join(lines))


def card_data(
    card: Card,
    role: int,
    *,
    epics: Mapping[str, Epic],
    problems: Mapping[str, str],
    pending: Collection[str],
) -> Any:
    """What a card row answers for ``role``, on the board and in the backlog alike."""
    epic = epics.get(card.epic_key) if card.epic_key else None
    if role == Qt.ItemDataRole.DisplayRole:
        return f"{card.key} {card.summary}"
    if role == CARD_ROLE:
        return card
    if role == EPIC_ROLE:
        return epic
    if role == PROBLEM_ROLE:
        return problems.get(card.key, "")
    if role == PENDING_ROLE:
        return card.key in pending
    if role == Qt.ItemDataRole.ToolTipRole:
        return card_tooltip(card, problems.get(card.key, ""), epic.name if epic else "")
    if role == Qt.ItemDataRole.AccessibleTextRole:
        return f"{card.key}: {card.summary}"
    return None
