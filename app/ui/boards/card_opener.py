"""Opening a card of the board or the backlog in the Issues pane.

The Boards pane never imports the Issues pane: it asks the shell (``PaneContext.open``) to show
``ISSUES_PANE`` at an ``IssueTarget`` of the site shown. A double-click on a card, Enter on it,
or the "Open in Issues" command on the current card all come here.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject

from app.session import SiteSession
from app.ui.boards.pane import BoardsPane, BoardTab
from app.ui.kit.navigation import ISSUES_PANE, IssueTarget
from app.ui.kit.pane import PaneContext

__all__ = ["NO_CARD", "NO_ISSUES_PANE", "CardOpener"]

NO_CARD = "Select a card on the board or an issue in the backlog first."
NO_ISSUES_PANE = "This window has no Issues pane."


class OpenerHost(Protocol):
    """What the opener needs of the pane's controller."""

    session: SiteSession | None
    pane: BoardsPane


class CardOpener(QObject):
    """Which card is current, whether it can be opened in the Issues pane, and opening it."""

    def __init__(self, host: OpenerHost, context: PaneContext, parent: QObject) -> None:
        super().__init__(parent)
        self.host = host
        self.context = context
        pane = host.pane
        pane.board_view.open_requested.connect(self.open)
        pane.backlog_view.open_requested.connect(self.open)

    def current_key(self) -> str | None:
        """The card the user is on: the board's current card, or the backlog's."""
        pane = self.host.pane
        tab = pane.tabs.currentIndex()
        if tab == BoardTab.BOARD:
            return pane.board_view.current_key()
        if tab == BoardTab.BACKLOG:
            return pane.backlog_view.current_key()
        return None

    def reason(self) -> str:
        """Why the current card cannot be opened now ("" when it can)."""
        if not self.context.can_open(ISSUES_PANE):
            return NO_ISSUES_PANE
        return "" if self.current_key() is not None else NO_CARD

    def command(self) -> None:
        """The command "Open in Issues": the current card."""
        self.open_current()

    def open_current(self) -> bool:
        """Open in Issues: the current card (False: there is none, or it did not open)."""
        key = self.current_key()
        return key is not None and self.open(key)

    def open(self, key: str) -> bool:
        """Show issue ``key`` of the site shown in the Issues pane."""
        session = self.host.session
        if session is None:
            return False
        return self.context.open(ISSUES_PANE, IssueTarget(key, session.profile.id))
