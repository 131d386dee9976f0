"""What a card drag carries: the board, the cards' keys and where they were dragged from.

The board's and the backlog's views read the same payload when cards are dropped, so a drop can
be driven in a test with exactly the ``QMimeData`` a real drag would carry.
"""

from __future__ import annotations

import enum
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QMimeData

__all__ = ["CARD_MIME", "DragOrigin", "DraggedCards", "cards_mime", "dragged_cards"]

CARD_MIME = "application/x-jade-board-cards"
_log = logging.getLogger(__name__)


class DragOrigin(enum.StrEnum):
    """Which view the cards left."""

    BOARD = "board"
    BACKLOG = "backlog"


@dataclass(frozen=True, slots=True)
class DraggedCards:
    """The payload of a card drag."""

    board_id: int
    keys: tuple[str, ...]
    origin: DragOrigin


def cards_mime(board_id: int, keys: Sequence[str], origin: DragOrigin) -> QMimeData:
    """The drag payload for ``keys``; the keys also go as text, for drops outside Jade."""
    mime = QMimeData()
    body = {"board": board_id, "keys": list(keys), "origin": origin.value}
    mime.setData(CARD_MIME, json.dumps(body).encode())
    mime.setText("\n".join(keys))
    return mime


def dragged_cards(mime: QMimeData | None) -> DraggedCards | None:
    """The cards ``mime`` carries, or None when it is not a card drag of Jade's."""
    if mime is None or not mime.hasFormat(CARD_MIME):
        return None
    try:
        body = json.loads(bytes(mime.data(CARD_MIME).data()).decode())
        keys = tuple(str(key) for key in body["keys"])
        return DraggedCards(int(body["board"]), keys, DragOrigin(body["origin"]))
    except (ValueError, KeyError, TypeError) as error:
        # another program's data under our type: not a drag Jade can take
        _log.info("a drop under %s that Jade did not write: %s", CARD_MIME, error)
        return None
