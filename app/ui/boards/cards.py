"""Cards as the board and the backlog draw them, and the list views that hold them.

``CardDelegate`` paints a card with ``QPainter.drawText`` only (server text is never read as
markup): key, summary, type, priority, assignee, the estimate and the epic's colour; a card
whose move Jira refused says so in its last line. The backlog uses the same delegate in one
compact line per issue.

``CardList`` is a list view rooted at one cell of the board (or one section of the backlog).
Dropping cards on it calls ``drop_cards`` with the drag's ``QMimeData`` and the row it was
dropped at; the view only reports the drop (``dropped``) and the controller decides what it
means, so a test drives exactly the path a real drag takes. A double-click on a card, or Enter
on the current one, asks for it to be opened (``open_requested``).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.domain.board import Card, Epic
from app.qtmodels.board_drag import DraggedCards, dragged_cards
from app.qtmodels.board_roles import CARD_ROLE, EPIC_ROLE, PENDING_ROLE, PROBLEM_ROLE, estimate_text
from app.ui.kit.text import Tone, tone_colour

__all__ = ["CardDelegate", "CardList", "epic_colour", "is_dark"]

Index = QModelIndex | QPersistentModelIndex

# Jira's epic colours (color_1 … color_14, the board's "ghx-label" palette); a bar and a chip
# with text chosen for contrast, so they read on light and dark palettes alike
EPIC_COLOURS = {
    "color_1": "#8d542e",
    "color_2": "#ff8b00",
    "color_3": "#ffc400",
    "color_4": "#0065ff",
    "color_5": "#42526e",
    "color_6": "#36b37e",
    "color_7": "#e774bb",
    "color_8": "#6554c0",
    "color_9": "#ff7452",
    "color_10": "#2684ff",
    "color_11": "#00a3bf",
    "color_12": "#97a0af",
    "color_13": "#57d9a3",
    "color_14": "#ff5630",
}
_NO_COLOUR = "#97a0af"
CARD_HEIGHT_LINES = 4  # key, two lines of summary, details
_PAD = 8


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` is a dark one (its window colour is dark)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def epic_colour(epic: Epic | None) -> QColor | None:
    """The colour Jira gives ``epic`` (grey when it names none); None without an epic."""
    if epic is None:
        return None
    return QColor(EPIC_COLOURS.get(epic.colour or "", _NO_COLOUR))


def _ink_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    luminance = 0.299 * colour.redF() + 0.587 * colour.greenF() + 0.114 * colour.blueF()
    return QColor("#172b4d") if luminance > 0.6 else QColor("#ffffff")


class CardDelegate(QStyledItemDelegate):
    """Paints a card (board) or a one-line issue row (backlog, ``compact``)."""

    def __init__(self, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.compact = compact

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """A fixed height: cards never measure their text (thousands stay cheap)."""
        line = option.fontMetrics.height()
        if self.compact:
            return QSize(200, line + 12)
        return QSize(160, line * CARD_HEIGHT_LINES + 2 * _PAD + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Draw the card in ``option.rect``."""
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            super().paint(painter, option, index)
            return
        epic = index.data(EPIC_ROLE)
        problem = str(index.data(PROBLEM_ROLE) or "")
        pending = bool(index.data(PENDING_ROLE))
        palette: QPalette = option.palette
        rect: QRect = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if pending:
            painter.setOpacity(0.55)  # its move waits for Jira
        if self.compact:
            self._paint_row(painter, rect, palette, card, epic, problem, selected)
        else:
            self._paint_card(painter, rect, palette, card, epic, problem, selected)
        painter.restore()

    # ----- the two shapes ----------------------------------------------------------------------------
    def _paint_card(
        self,
        painter: QPainter,
        rect: QRect,
        palette: QPalette,
        card: Card,
        epic: Epic | None,
        problem: str,
        selected: bool,
    ) -> None:
        box = rect.adjusted(1, 1, -1, -1)
        error = tone_colour(Tone.ERROR, palette)
        border = (
            palette.color(QPalette.ColorRole.Highlight)
            if selected
            else error
            if problem
            else palette.color(QPalette.ColorRole.Mid)
        )
        painter.setPen(QPen(border, 2 if selected or problem else 1))
        # a card stands out from its column: white on light grey, lighter grey on dark
        fill = QPalette.ColorRole.Button if is_dark(palette) else QPalette.ColorRole.Base
        painter.setBrush(palette.color(fill))
        painter.drawRoundedRect(box, 4, 4)
        colour = epic_colour(epic)
        if colour is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRect(box.left() + 2, box.top() + 4, 4, box.height() - 8), 2, 2)
        metrics = painter.fontMetrics()
        line = metrics.height()
        inner = box.adjusted(_PAD + 4, _PAD - 2, -_PAD, -_PAD)
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        # line 1: key, epic chip, estimate
        plain = QFont(painter.font())
        bold = QFont(plain)
        bold.setBold(True)
        right = inner.right()
        estimate = estimate_text(card.estimate)
        if estimate:
            width = metrics.horizontalAdvance(estimate) + 12
            bubble = QRect(right - width + 1, inner.top(), width, line)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(bubble, line / 2, line / 2)
            painter.setPen(text)
            painter.drawText(bubble, Qt.AlignmentFlag.AlignCenter, estimate)
            right = bubble.left() - 6
        painter.setFont(bold)
        painter.setPen(text)
        key_width = painter.fontMetrics().horizontalAdvance(card.key)
        painter.drawText(
            QRect(inner.left(), inner.top(), key_width + 2, line),
            Qt.AlignmentFlag.AlignLeft,
            card.key,
        )
        painter.setFont(plain)
        if epic is not None and colour is not None:
            left = inner.left() + key_width + 10
            self._chip(
                painter, QRect(left, inner.top(), max(0, right - left), line), epic.name, colour
            )
        # lines 2-3: the summary, wrapped and cut at two lines
        summary = QRect(inner.left(), inner.top() + line + 2, inner.width(), line * 2)
        painter.setPen(text)
        painter.drawText(
            summary,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            _two_lines(metrics, card.summary, inner.width()),
        )
        # line 4: type and priority, the assignee; or why the move did not happen
        bottom = QRect(inner.left(), inner.top() + 3 * line + 4, inner.width(), line)
        if problem:
            painter.setPen(error)
            painter.drawText(
                bottom,
                Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(
                    f"Not moved: {problem}", Qt.TextElideMode.ElideRight, bottom.width()
                ),
            )
            return
        # the assignee as initials in a circle (the name is in the tooltip), so that type and
        # priority keep their room on a narrow card
        size = line + 4
        avatar = QRect(bottom.right() - size + 1, bottom.top() - 2, size, size)
        self._avatar(painter, avatar, card.assignee.display_name if card.assignee else "")
        room = bottom.width() - size - 6
        painter.setPen(muted)
        details = " · ".join(p for p in (card.issue_type, card.priority) if p)
        painter.drawText(
            QRect(bottom.left(), bottom.top(), room, line),
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(details, Qt.TextElideMode.ElideRight, room),
        )

    def _paint_row(
        self,
        painter: QPainter,
        rect: QRect,
        palette: QPalette,
        card: Card,
        epic: Epic | None,
        problem: str,
        selected: bool,
    ) -> None:
        box = rect.adjusted(0, 1, 0, -1)
        if selected:
            painter.fillRect(box, palette.color(QPalette.ColorRole.Highlight))
        painter.setPen(palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(box.bottomLeft(), box.bottomRight())
        colour = epic_colour(epic)
        if colour is not None:
            painter.fillRect(QRect(box.left() + 2, box.top() + 3, 4, box.height() - 6), colour)
        metrics = painter.fontMetrics()
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = text if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        y, height = box.top(), box.height()
        centre = Qt.AlignmentFlag.AlignVCenter

        def cell(left: int, width: int, value: str, ink: QColor, align: Qt.AlignmentFlag) -> None:
            painter.setPen(ink)
            painter.drawText(
                QRect(left, y, width, height),
                align | centre,
                metrics.elidedText(value, Qt.TextElideMode.ElideRight, width),
            )

        # from the right edge: estimate, assignee, epic; then key, type and summary from the left
        right = box.right() - 6
        estimate_left = right - 36
        cell(estimate_left, 36, estimate_text(card.estimate), text, Qt.AlignmentFlag.AlignRight)
        who_left = estimate_left - 8 - 150
        who = card.assignee.display_name if card.assignee else "Unassigned"
        cell(who_left, 150, who, muted, Qt.AlignmentFlag.AlignLeft)
        end = who_left - 8
        if epic is not None and colour is not None:
            end -= 140
            self._chip(painter, QRect(end + 8, y + 3, 132, height - 6), epic.name, colour)
        plain = QFont(painter.font())
        bold = QFont(plain)
        bold.setBold(True)
        painter.setFont(bold)
        key_width = metrics.horizontalAdvance("WWWW-0000")
        x = box.left() + 12
        cell(x, key_width, card.key, text, Qt.AlignmentFlag.AlignLeft)
        painter.setFont(plain)
        x += key_width + 8
        cell(x, 70, card.issue_type, muted, Qt.AlignmentFlag.AlignLeft)
        x += 78
        width = max(40, end - x - 8)
        if problem:
            error = tone_colour(Tone.ERROR, palette)
            cell(x, width, f"Not moved: {problem}", error, Qt.AlignmentFlag.AlignLeft)
        else:
            cell(x, width, card.summary, text, Qt.AlignmentFlag.AlignLeft)

    @staticmethod
    def _avatar(painter: QPainter, room: QRect, name: str) -> None:
        """Initials in a circle coloured by the name (a dashed ring for nobody)."""
        if not name:
            painter.setPen(QPen(QColor(_NO_COLOUR), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(room.adjusted(1, 1, -1, -1))
            return
        colours = list(EPIC_COLOURS.values())
        colour = QColor(colours[sum(map(ord, name)) % len(colours)])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(room)
        initials = "".join(part[0] for part in name.split()[:2]).upper()
        small = QFont(painter.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        painter.save()
        painter.setFont(small)
        painter.setPen(_ink_on(colour))
        painter.drawText(room, Qt.AlignmentFlag.AlignCenter, initials)
        painter.restore()

    @staticmethod
    def _chip(painter: QPainter, room: QRect, name: str, colour: QColor) -> None:
        metrics = painter.fontMetrics()
        if room.width() < 30:
            return
        label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room.width() - 10)
        width = metrics.horizontalAdvance(label) + 10
        chip = QRect(room.left(), room.top(), width, room.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(chip, 3, 3)
        painter.setPen(_ink_on(colour))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)


def _two_lines(metrics: QFontMetrics, text: str, width: int) -> str:
    """``text`` as two lines of ``width`` at most, the second cut with an ellipsis if needed."""
    words = text.split()
    first, n = "", 0
    while n < len(words):
        trial = f"{first} {words[n]}".strip()
        if first and metrics.horizontalAdvance(trial) > width:
            break
        first, n = trial, n + 1
    first = metrics.elidedText(first, Qt.TextElideMode.ElideRight, width)  # one long word
    rest = " ".join(words[n:])
    if not rest:
        return first
    return f"{first}\n{metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)}"


class CardList(QListView):
    """The cards of one cell (or backlog section), sized to show them all without scrolling.

    ``dropped`` carries the dragged cards, this list's root (the cell or section) and the row
    the cards were dropped at (the number of cards above the drop point).
    """

    dropped = Signal(object, object, int)  # DraggedCards, QPersistentModelIndex, row
    open_requested = Signal(str)  # the key of the card double-clicked, or current on Enter
    EMPTY_HEIGHT = 56  # an empty cell stays a target big enough to drop on

    def __init__(
        self,
        root: QModelIndex,
        *,
        compact: bool = False,
        multiple: bool = False,
        fill: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.compact = compact
        self.fill = fill  # a board without swimlanes: its columns reach down the whole board
        self.setModel(root.model())
        self.setRootIndex(root)
        self.setItemDelegate(CardDelegate(compact, self))
        self.setUniformItemSizes(True)
        self.setSpacing(0 if compact else 3)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection
            if multiple
            else QAbstractItemView.SelectionMode.SingleSelection
        )
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setMouseTracking(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(
            QSizePolicy.Policy.Expanding,
            QSizePolicy.Policy.Expanding if fill else QSizePolicy.Policy.Fixed,
        )
        # the list is as tall as its cards (the board's scroll area scrolls, not each cell); its
        # board or backlog view calls refresh_height when its rows change: one slot per change
        # for the whole board rather than one per list
        self._card_height = 0
        self.leaving = False  # the selection is cleared because its card leaves the list
        self.doubleClicked.connect(self._open)
        self.refresh_height()

    def rowsAboutToBeRemoved(self, parent: Index, start: int, end: int) -> None:
        """A card leaving this list takes the selection with it: Qt would select its neighbour
        instead (single selection keeps one item selected), and the board would follow it."""
        current = self.currentIndex()
        if current.isValid() and current.parent() == parent and start <= current.row() <= end:
            self.leaving = True
            try:
                self.selectionModel().clear()
            finally:
                self.leaving = False
        super().rowsAboutToBeRemoved(parent, start, end)

    def card_height(self) -> int:
        """The height of one card row, spacing included."""
        if not self._card_height:
            hint = self.itemDelegate().sizeHint(self.item_option(), self.rootIndex())
            self._card_height = hint.height() + 2 * self.spacing()
        return self._card_height

    def item_option(self) -> QStyleOptionViewItem:
        """The style options a delegate gets (font metrics for the card height)."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        return option

    def refresh_height(self) -> None:
        """Be as tall as the cards listed (never less than a drop target)."""
        rows = self.model().rowCount(self.rootIndex()) if self.rootIndex().isValid() else 0
        height = rows * self.card_height() + 2 * self.frameWidth() + (self.spacing() or 0)
        height = max(self.EMPTY_HEIGHT, height + (0 if self.compact else 24))
        if self.fill:
            self.setMinimumHeight(height)
        else:
            self.setFixedHeight(height)

    def keys(self) -> list[str]:
        """The keys of the cards listed, in order."""
        root = self.rootIndex()
        return [
            card.key
            for row in range(self.model().rowCount(root))
            if isinstance(card := self.model().index(row, 0, root).data(CARD_ROLE), Card)
        ]

    def selected_keys(self) -> list[str]:
        """The keys of the selected cards, in list order."""
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes())
        keys = self.keys()
        return [keys[r] for r in rows if r < len(keys)]

    def select_key(self, key: str) -> bool:
        """Make card ``key`` current and selected (False when this list does not show it)."""
        keys = self.keys()
        if key not in keys:
            return False
        index = self.model().index(keys.index(key), 0, self.rootIndex())
        self.setCurrentIndex(index)
        self.selectionModel().select(index, self.selectionModel().SelectionFlag.ClearAndSelect)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter (or Return) opens the current card; other keys as a list has them."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if enter and plain and self._open(self.currentIndex()):
            event.accept()
            return
        super().keyPressEvent(event)

    def _open(self, index: QModelIndex) -> bool:
        card = index.data(CARD_ROLE) if index.isValid() else None
        if not isinstance(card, Card):
            return False
        self.open_requested.emit(card.key)
        return True

    def drop_row(self, at: QPoint) -> int:
        """The row a drop at ``at`` goes to: before the card under it, or after its middle."""
        index = self.indexAt(at)
        if not index.isValid():
            return self.model().rowCount(self.rootIndex()) if self._below_last(at) else 0
        rect = self.visualRect(index)
        return index.row() + (1 if at.y() > rect.center().y() else 0)

    def _below_last(self, at: QPoint) -> bool:
        rows = self.model().rowCount(self.rootIndex())
        if rows == 0:
            return True
        last = self.visualRect(self.model().index(rows - 1, 0, self.rootIndex()))
        return at.y() >= last.top()

    def drop_cards(self, mime: QMimeData, row: int) -> bool:
        """What dropping ``mime`` at ``row`` does: report it (False: not Jade's cards)."""
        dragged = dragged_cards(mime)
        if dragged is None or dragged.board_id != getattr(self.model(), "board_id", None):
            return False
        self.dropped.emit(dragged, QPersistentModelIndex(self.rootIndex()), row)
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Take only drags of this board's cards."""
        if self._ours(event.mimeData()):
            super().dragEnterEvent(event)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Show where the cards would go."""
        if self._ours(event.mimeData()):
            super().dragMoveEvent(event)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand the drop to ``drop_cards``; the model is changed by the controller, not here."""
        if self.drop_cards(event.mimeData(), self.drop_row(event.position().toPoint())):
            # IgnoreAction: the source view must not remove rows itself after a "move"
            event.setDropAction(Qt.DropAction.IgnoreAction)
            event.accept()
        else:
            event.ignore()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()

    def _ours(self, mime: QMimeData) -> bool:
        dragged: DraggedCards | None = dragged_cards(mime)
        return dragged is not None and dragged.board_id == getattr(self.model(), "board_id", None)
