"""The shell: builds the window and the registered panes, and owns what is window-wide.

Panes get a ``PaneContext`` (their own task runner and settings) and nothing else of the shell.
The shell asks them, through the pane contract, to show a site, reload, focus their filter and
say whether they hold unsaved edits; it stops their tasks before a site switch and when the
window closes, and waits for them to end.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QSettings, Qt, QTimer

from app.session import ProfileSource, SiteSession, TransportFactory
from app.store.keychain import SecretStore
from app.ui.connections.controller import ConnectionsController
from app.ui.kit.forms import ask
from app.ui.kit.navigation import OpensTargets
from app.ui.kit.pane import Pane, PaneContext, SiteDirectory
from app.ui.kit.settings import APPEARANCE, LAST_PANE, PaneSettings, Settings
from app.ui.kit.tasks import Level, NoticeAction, TaskRunner, attach_runner
from app.ui.shell.about import AboutDialog
from app.ui.shell.appearance import apply_appearance
from app.ui.shell.main_window import MainWindow
from app.ui.shell.registry import PANES, PaneFactory
from app.ui.shell.sites import SiteSwitcher

__all__ = ["Shell"]

_log = logging.getLogger(__name__)
REQUEST_POLL_MS = 150


class Shell(QObject):
    """Jade's window with its panes, sites and connection manager."""

    def __init__(
        self,
        store: QSettings,
        profiles: ProfileSource,
        secrets: SecretStore,
        *,
        transport_for: TransportFactory | None = None,
        panes: Sequence[PaneFactory] = PANES,
        log_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.settings = Settings(store)
        self.log_file = log_file
        self.window = MainWindow(self.settings)
        self.tasks = TaskRunner("shell", self.window.tracker, self, self)
        self.panes: dict[str, Pane] = {}
        self.runners: dict[str, TaskRunner] = {}
        self.pane_settings: dict[str, PaneSettings] = {}
        factory_of = transport_for or (lambda _profile: None)
        directory = SiteDirectory(profiles, secrets, factory_of)
        self._registered = frozenset(factory.id for factory in panes)
        for factory in panes:
            runner = TaskRunner(factory.id, self.window.tracker, self, self)
            self.pane_settings[factory.id] = self.settings.for_pane(factory.id)
            context = PaneContext(
                runner, self.pane_settings[factory.id], sites=directory, navigator=self
            )
            pane = factory(context, self.window)
            self.panes[pane.id] = pane
            self.runners[pane.id] = runner
            attach_runner(pane.widget, runner)  # its pickers and checks belong to the pane
            self.window.add_pane(pane)
        self.sites = SiteSwitcher(
            self.window,
            profiles,
            secrets,
            self.settings,
            self.tasks,
            transport_for=factory_of,
            leave=self.may_leave,
            stop_panes=self.stop_panes,
            show=self._show_session,
            open_connections=self.open_connections,
        )
        self.connections_tasks = TaskRunner("connections", self.window.tracker, self, self)
        self.connections = ConnectionsController(
            profiles,
            secrets,
            self.connections_tasks,
            self.window,
            transport_for=factory_of,
            saved=self.sites.profile_saved,
            removed=self.sites.profile_removed,
        )
        window = self.window
        attach_runner(window, self.connections_tasks)  # dialogs parented to the window
        window.site_selected.connect(self.sites.select_site)
        window.reload_requested.connect(self.reload)
        window.connections_requested.connect(lambda: self.open_connections(None))
        window.about_requested.connect(self.open_about)
        window.appearance_requested.connect(self.set_appearance)
        window.pane_changed.connect(self._remember_pane)
        window.close_guard = self._close_requested
        window.destroyed.connect(self._window_gone)
        self._poll = QTimer(self)
        self._poll.setInterval(REQUEST_POLL_MS)
        self._poll.timeout.connect(self._poll_requests)
        window.tracker.changed.connect(self._update_poll)
        window.set_appearance(self.set_appearance(self.settings.get(APPEARANCE)))

    # ----- notifications (the Notifier of every task runner) ------------------------------------
    def notify(
        self,
        level: Level,
        title: str,
        message: str,
        details: str = "",
        actions: Sequence[NoticeAction] = (),
    ) -> None:
        """Show a notification in the window, if it still exists (else only log it)."""
        if shiboken6.isValid(self.window):
            self.window.notify(level, title, message, details, actions)
        else:
            _log.info("%s: %s (%s)", title, message, details)

    # ----- start, sites and panes ------------------------------------------------------------------
    def start(self, problem: str | None = None) -> None:
        """Show the last used site (or invite the user to add one)."""
        self.sites.start(problem)

    def select_site(self, profile_id: str) -> asyncio.Task[None] | None:
        """Show the site of ``profile_id`` (connecting first if needed)."""
        return self.sites.select_site(profile_id)

    def pane(self, pane_id: str) -> Pane:
        """The registered pane ``pane_id``."""
        return self.panes[pane_id]

    # ----- navigation between panes (the panes' Navigator) ----------------------------------------
    def can_open(self, pane_id: str) -> bool:
        """Whether ``pane_id`` is one of the window's panes."""
        return pane_id in self._registered

    def open(self, pane_id: str, target: object) -> bool:
        """Show ``pane_id`` and hand it ``target``; False without a site, pane or answer."""
        pane = self.panes.get(pane_id)
        if pane is None or self.sites.shown is None:
            return False
        self.window.show_pane(pane_id)
        if isinstance(pane, OpensTargets):
            return pane.open_target(target)
        return False

    def reload(self) -> None:
        """F5: connect again if the site is not connected, else reload the pane shown."""
        if self.sites.reconnect_if_needed():
            return
        pane = self.panes.get(self.window.current_pane())
        if pane is not None and self.sites.shown is not None:
            pane.reload()

    async def may_leave(self) -> bool:
        """Whether the shown site may be left: no unsaved edits, or the user lets them go."""
        unsaved = [text for pane in self.panes.values() if (text := pane.unsaved_changes())]
        if not unsaved:
            return True
        text = "\n".join(unsaved) + "\n\nDiscard these changes?"
        return await ask(self.window, "Unsaved changes", text, "Discard")

    async def stop_panes(self) -> None:
        """Stop every pane task and wait until each has ended."""
        await asyncio.gather(*(runner.stop() for runner in self.runners.values()))

    def _show_session(self, session: SiteSession | None) -> None:
        site = session.profile.id if session is not None else None
        for pane_settings in self.pane_settings.values():
            pane_settings.site = site
        for pane in self.panes.values():
            pane.show_session(session)
        if site is not None:
            last = self.settings.get(LAST_PANE, site=site)
            if last in self.panes:
                self.window.show_pane(last)

    def _remember_pane(self, pane_id: str) -> None:
        if self.sites.current is not None:
            self.settings.set(LAST_PANE, pane_id, site=self.sites.current)

    # ----- window-wide commands ----------------------------------------------------------------------
    def open_connections(self, select: str | None = None) -> object:
        """Open the connection manager."""
        return self.connections.open(select)

    def open_about(self) -> AboutDialog:
        """Help → About."""
        dialog = AboutDialog(self.log_file, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def set_appearance(self, choice: str) -> str:
        """Switch colours now and remember the choice."""
        applied = apply_appearance(choice)
        self.settings.set(APPEARANCE, applied)
        return applied

    # ----- requests in flight --------------------------------------------------------------------------
    def _update_poll(self) -> None:
        busy = bool(self.window.tracker.jobs)
        if busy and not self._poll.isActive():
            self._poll.start()
        elif not busy and self._poll.isActive():
            self._poll.stop()
            self._poll_requests()

    def _poll_requests(self) -> None:
        self.window.tracker.set_requests(self.sites.in_flight())

    # ----- closing ----------------------------------------------------------------------------------------
    def _close_requested(self) -> None:
        async def close() -> None:
            if await self.may_leave():
                self.window.may_close = True
                self.window.close()

        self.tasks.spawn("Closing", close(), tracked=False)

    def _window_gone(self) -> None:
        # the shell may outlive its window (a Python reference keeps it); its poll must not:
        # the tracker it reads went with the window, and if jobs were still listed there, the
        # tracker never said "idle" to stop it
        self._poll.stop()
        for runner in self.all_runners():
            runner.cancel_all()

    def all_runners(self) -> list[TaskRunner]:
        """Every task runner of the window."""
        return [self.tasks, self.connections_tasks, *self.runners.values()]

    async def aclose(self) -> None:
        """Stop every task (the shell's last), then close every site's client."""
        runners = [self.connections_tasks, *self.runners.values()]
        await asyncio.gather(*(runner.stop() for runner in runners))
        await self.tasks.stop()
        await self.sites.aclose()
