"""The pane contract: what the shell needs of a pane, and what a pane gets from the shell.

A pane is one package under ``app/ui`` (projects, issues, …) with a factory that takes a
``PaneContext`` and returns an object satisfying ``Pane``. The shell keeps the factories in its
registry and builds the navigation rail, Ctrl+1…N, the menus and the command palette from the
panes' declarations, so a new pane is one package and one registry line.

A pane opens another pane at a target through ``PaneContext.open`` (navigation.py); a pane that
can be opened so implements ``OpensTargets.open_target``.

A pane's actions are ``PaneAction``s: a ``QAction`` plus the menu it belongs in. The shell adds
them to the pane's widget, so their shortcuts work anywhere in the window while the pane is
shown and never while another pane is (two panes may use the same key), and lists them in the
menus while the pane is shown and in the command palette always (running one from the palette
first shows its pane).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from app.session import ProfileSource, SiteSession, TransportFactory
from app.store.keychain import SecretStore
from app.ui.kit.navigation import NOWHERE, Navigator
from app.ui.kit.resources import icon as load_icon
from app.ui.kit.settings import PaneSettings
from app.ui.kit.tasks import TaskRunner

__all__ = [
    "MenuName",
    "Pane",
    "PaneAction",
    "PaneContext",
    "SiteDirectory",
    "allow",
    "make_action",
]


class MenuName(enum.StrEnum):
    """The menus of the menu bar, in order."""

    FILE = "&File"
    EDIT = "&Edit"
    VIEW = "&View"
    GO = "&Go"
    SITE = "&Site"
    HELP = "&Help"


@dataclass(frozen=True, slots=True)
class PaneAction:
    """An action of a pane and the menu it is listed in."""

    action: QAction
    menu: MenuName


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object],
    *,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
    icon: str | None = None,
    checkable: bool = False,
) -> QAction:
    """A window-wide action with its shortcut, tooltip and icon; ``slot`` runs when triggered."""
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    if icon is not None:
        action.setIcon(load_icon(icon))
    action.setCheckable(checkable)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def allow(action: QAction, allowed: bool, reason: str) -> None:
    """Enable ``action``, or disable it with ``reason`` as its tooltip (its own tip comes back)."""
    action.setEnabled(allowed)
    action.setToolTip(action.statusTip() if allowed else reason)


@dataclass(frozen=True, slots=True)
class SiteDirectory:
    """The stored profiles and their secrets, for a pane that signs in to services beside the
    site shown (the Timeline reads the milestone services' profiles)."""

    profiles: ProfileSource
    secrets: SecretStore
    transport_for: TransportFactory


@dataclass(frozen=True, slots=True)
class PaneContext:
    """The narrow dependencies a pane gets: its task runner, its own settings, for the panes
    that need them the stored profiles, and a way to show another pane at a target (the shell's
    navigator)."""

    tasks: TaskRunner
    settings: PaneSettings
    sites: SiteDirectory | None = None
    navigator: Navigator = NOWHERE

    def can_open(self, pane_id: str) -> bool:
        """Whether the window has the pane ``pane_id`` to open."""
        return self.navigator.can_open(pane_id)

    def open(self, pane_id: str, target: object) -> bool:
        """Ask the shell to show ``pane_id`` at ``target`` (False: it could not)."""
        return self.navigator.open(pane_id, target)


class Pane(Protocol):
    """What the shell needs of a pane."""

    id: str
    title: str
    icon: str
    summary: str

    @property
    def widget(self) -> QWidget:
        """The pane's top-level widget (it goes into the window's pane stack)."""

    @property
    def actions(self) -> Sequence[PaneAction]:
        """Every action of the pane, for its menus, shortcuts and the command palette."""

    def show_session(self, session: SiteSession | None) -> None:
        """Show ``session``'s data (None: no site is connected); the pane's tasks are stopped."""

    def reload(self) -> None:
        """Load the pane's data again from the site (F5)."""

    def focus_filter(self) -> None:
        """Put the cursor where the user filters or searches the pane (Ctrl+F)."""

    def unsaved_changes(self) -> str | None:
        """A sentence naming the edits a site switch or window close would lose, or None."""
