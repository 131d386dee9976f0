"""A non-modal notification area: errors and notices with an expandable "Details" part.

Server text is untrusted, so every label here is plain text. Errors stay until dismissed;
information fades after a few seconds. Tracebacks never come here; they go to the log file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.kit.tasks import Level, NoticeAction
from app.ui.kit.text import plain_label

__all__ = ["Notification", "NotificationArea"]

INFO_TIMEOUT_MS = 8000
MAX_SHOWN = 4


_ACCENTS = {Level.INFO: "#2e7d32", Level.WARNING: "#ed8c00", Level.ERROR: "#d32f2f"}


class Notification(QFrame):
    """One notification card."""

    dismissed = Signal()

    def __init__(
        self,
        level: Level,
        title: str,
        message: str,
        details: str = "",
        parent: QWidget | None = None,
        actions: Sequence[NoticeAction] = (),
    ) -> None:
        super().__init__(parent)
        self.level = level
        self.setObjectName("notification")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"{level.value}: {title}")
        accent = QFrame(self)
        accent.setFixedWidth(4)
        accent.setStyleSheet(f"background: {_ACCENTS[level]}; border: none;")

        self.title = plain_label(title, self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.message = plain_label(message, self)
        self.message.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setPlainText(details)
        self.details.setVisible(False)
        self.details.setMaximumHeight(110)

        self.details_button = QToolButton(self)
        self.details_button.setText("Details")
        self.details_button.setCheckable(True)
        self.details_button.setVisible(bool(details))
        self.details_button.toggled.connect(self.details.setVisible)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.setAccessibleName("Dismiss notification")
        close.clicked.connect(self.dismiss)
        self.close_button = close

        self.action_buttons: list[QToolButton] = []
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        for action in actions:
            button = QToolButton(self)
            button.setText(action.label.replace("&", "&&"))
            # the card goes once its action ran: the action replaces what it reported
            button.clicked.connect(lambda _=False, run=action.run: self._run_action(run))
            self.action_buttons.append(button)
            head.addWidget(button)
        head.addWidget(self.details_button)
        head.addWidget(close)
        body = QVBoxLayout()
        body.setContentsMargins(8, 6, 8, 6)
        body.addLayout(head)
        body.addWidget(self.message)
        body.addWidget(self.details)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(accent)
        outer.addLayout(body, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def _run_action(self, run: Callable[[], object]) -> None:
        self.dismiss()
        run()

    def dismiss(self) -> None:
        """Remove this card."""
        self.dismissed.emit()
        self.hide()
        self.deleteLater()


class NotificationArea(QWidget):
    """A stack of notification cards at the bottom of the window."""

    changed = Signal(int)  # number of cards shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notificationArea")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 0, 6, 6)
        self._layout.setSpacing(4)
        self._cards: list[Notification] = []
        self.setVisible(False)

    @property
    def cards(self) -> list[Notification]:
        """The cards shown, oldest first."""
        return list(self._cards)

    def notify(
        self,
        level: Level,
        title: str,
        message: str,
        details: str = "",
        actions: Sequence[NoticeAction] = (),
    ) -> Notification:
        """Show a notification; information fades by itself, warnings and errors stay."""
        card = Notification(level, title, message, details, self, actions)
        card.dismissed.connect(lambda: self._forget(card))
        self._cards.append(card)
        self._layout.addWidget(card)
        while len(self._cards) > MAX_SHOWN:
            self._cards[0].dismiss()
        if level is Level.INFO and not actions:
            QTimer.singleShot(INFO_TIMEOUT_MS, card, card.dismiss)
        self.setVisible(True)
        self.changed.emit(len(self._cards))
        return card

    def clear(self) -> None:
        """Dismiss every card."""
        for card in list(self._cards):
            card.dismiss()

    def _forget(self, card: Notification) -> None:
        if card in self._cards:
            self._cards.remove(card)
        self.setVisible(bool(self._cards))
        self.changed.emit(len(self._cards))
