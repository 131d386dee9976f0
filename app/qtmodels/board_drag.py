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

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt

__all__ = [
    "CARD_MIME",
    "CardDragging",
    "DragOrigin",
    "DraggedCards",
    "cards_mime",
    "dragged_cards",
]

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


class CardDragging:
    """The drag side the board's and the backlog's models share (mixed in before the Qt model):
    cards travel as Jade's card payload, drop only on their own board, and move, never copy.

    The model sets ``board_id`` and ``drag_origin`` and says which card an index is
    (``dragged_key``).
    """

    board_id: int
    drag_origin: DragOrigin

    def dragged_key(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        """The key of the card at ``index`` (None: not a card)."""
        raise NotImplementedError

    def mimeTypes(self) -> list[str]:
        """Cards travel as Jade's card payload."""
        return [CARD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The payload of a drag of these cards."""
        keys = [k for i in indexes if (k := self.dragged_key(i)) is not None]
        return cards_mime(self.board_id, list(dict.fromkeys(keys)), self.drag_origin)

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """Cards of this board may be dropped here."""
        dragged = dragged_cards(data)
        return dragged is not None and dragged.board_id == self.board_id

    def supportedDragActions(self) -> Qt.DropAction:
        """Cards are moved, never copied."""
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        """Cards are moved, never copied."""
        return Qt.DropAction.MoveAction
