"""The main window's controller: sites, connections, loading, errors.

All I/O runs as asyncio tasks on the qasync loop and is tracked by the window's activity
indicator (so it can be cancelled). Errors become notifications in Jira's own words with the
HTTP details behind "Details"; tracebacks go to the log file only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Coroutine
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QSettings, QTimer

from app.api.errors import ApiError, NetworkError
from app.api.platform import JiraClient
from app.domain.secret import Secret
from app.domain.site import Flavour
from app.session import SiteSession, TransportFactory, check_profile, flavour_label, site_config
from app.store.keychain import KeychainError, KeychainUnavailableError, SecretStore
from app.store.profiles import Profile, ProfileError, ProfileValidationError
from app.ui.connections.dialog import ConnectionDialog
from app.ui.issues.controller import IssuesController
from app.ui.kit.forms import ask
from app.ui.projects.controller import ProjectsController
from app.ui.shell.main_window import MainWindow
from app.ui.shell.notifications import Level

__all__ = ["MainController", "ProfileSource"]

_log = logging.getLogger(__name__)
_T = TypeVar("_T")


class ProfileSource(Protocol):
    """What the controller needs of a profile store (the file store, or the demo's memory)."""

    @property
    def profiles(self) -> tuple[Profile, ...]: ...

    def add(self, profile: Profile) -> Profile: ...

    def update(self, profile: Profile) -> Profile: ...

    def remove(self, profile_id: str) -> Any: ...


def error_text(error: BaseException) -> tuple[str, str]:
    """The message and details a user sees for ``error``."""
    if isinstance(error, ApiError):
        return str(error), error.details
    if isinstance(error, (KeychainError, ProfileError)):
        return str(error), ""
    return "Something went wrong; the log file has the details.", type(error).__name__


class MainController(QObject):
    """Connects the window to profiles, secrets and the sites' clients."""

    def __init__(
        self,
        window: MainWindow,
        profiles: ProfileSource,
        secrets: SecretStore,
        settings: QSettings,
        *,
        transport_for: TransportFactory | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.profiles = profiles
        self.secrets = secrets
        self.settings = settings
        self.transport_for: TransportFactory = transport_for or (lambda _p: None)
        self.sessions: dict[str, SiteSession] = {}
        self.current: str | None = None
        self.dialog: ConnectionDialog | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._connecting: dict[str, asyncio.Task[None]] = {}
        self.projects = ProjectsController(window.projects, self)
        self.issues = IssuesController(window.issues, self, settings)
        window.site_selected.connect(self.select_site)
        window.reload_requested.connect(self.reload)
        window.connections_requested.connect(self.open_connections)
        window.pane_changed.connect(self._remember_pane)
        window.destroyed.connect(self._window_gone)
        # requests in flight are read from the sites' transports while anything runs
        self._poll = QTimer(self)
        self._poll.setInterval(150)
        self._poll.timeout.connect(self._poll_requests)
        window.tracker.changed.connect(self._update_poll)

    # ----- task plumbing -------------------------------------------------------------------------
    def spawn(self, label: str, coro: Coroutine[Any, Any, _T]) -> asyncio.Task[_T]:
        """Run ``coro`` as a tracked task whose failure becomes a notification."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(lambda t: self._report_failure(label, t))
        self.window.tracker.track(task, label)
        return task

    def _report_failure(self, label: str, task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if error is None:
            return
        if not isinstance(error, (ApiError, KeychainError, ProfileError)):
            _log.error("%s failed", label, exc_info=error)
        message, details = error_text(error)
        self.window.notify(Level.ERROR, f"{label} failed", message, details)

    def _update_poll(self) -> None:
        busy = bool(self.window.tracker.jobs)
        if busy and not self._poll.isActive():
            self._poll.start()
        elif not busy and self._poll.isActive():
            self._poll.stop()
            self._poll_requests()

    def _poll_requests(self) -> None:
        tracker = self.window.tracker
        tracker.requests = sum(s.in_flight for s in self.sessions.values())
        tracker.changed.emit()

    # ----- start-up and site switching -------------------------------------------------------------
    def start(self, problem: str | None = None) -> None:
        """Fill the site switcher and connect the last used site (or open the connection manager)."""
        if problem:
            self.window.notify(Level.WARNING, "Saved sites could not be read", problem)
        self._refresh_sites()
        profiles = self.profiles.profiles
        if not profiles:
            self.projects.show_session(None)
            self.issues.show_session(None)
            self.window.show_identity("Not connected", "")
            self.window.notify(
                Level.INFO, "No sites yet", "Add a Jira site in Connections (Ctrl+,) to begin."
            )
            return
        last = self.settings.value("lastSite")
        chosen = next((p for p in profiles if p.id == last), profiles[0])
        self.select_site(chosen.id)

    def _refresh_sites(self) -> None:
        items = [(p.id, p.name, f"{p.base_url}\n{p.user}".strip()) for p in self.profiles.profiles]
        self.window.set_sites(items, self.current)

    def select_site(self, profile_id: str) -> None:
        """Show ``profile_id``'s site, connecting to it first if needed."""
        profile = next((p for p in self.profiles.profiles if p.id == profile_id), None)
        if profile is None:
            return
        self.current = profile_id
        self.settings.setValue("lastSite", profile_id)
        self._refresh_sites()
        session = self.sessions.get(profile_id)
        if session is not None and session.report is not None:
            self._show_session(session)
            return
        self.window.show_identity(f"Connecting to {profile.name}…", "")
        self.projects.show_session(None)
        self.issues.show_session(None)
        pending = self._connecting.get(profile_id)
        if pending is not None and not pending.done():
            return  # already connecting: a second attempt would tear down the first
        task = self.spawn(f"Connecting to {profile.name}", self._connect(profile))
        self._connecting[profile_id] = task
        task.add_done_callback(lambda _t: self._connecting.pop(profile_id, None))

    async def _connect(self, profile: Profile) -> None:
        if not profile.kind.is_jira:
            self.window.show_identity(profile.name, profile.kind.label)
            self.window.notify(
                Level.INFO,
                profile.name,
                f"{profile.kind.label} sites feed the Milestones pane; there are no projects to list.",
            )
            return
        secret = await self.secrets.get(profile.id)
        if secret is None:
            self.window.show_identity("Not connected", "")
            self.window.notify(
                Level.WARNING,
                f"No secret for {profile.name}",
                f"Jade has no {profile.auth.secret_label.lower()} for this site. Open Connections "
                "(Ctrl+,) and enter it.",
            )
            return
        client = JiraClient(site_config(profile, secret), transport=self.transport_for(profile))
        session = SiteSession(profile, client)
        old = self.sessions.pop(profile.id, None)
        if old is not None:
            await old.aclose()
        self.sessions[profile.id] = session
        try:
            await session.connect()
        except ApiError:
            if self.sessions.get(profile.id) is session:
                self.sessions.pop(profile.id)
            await session.aclose()
            if self.current == profile.id:
                self.window.show_identity("Not connected", "")
            raise
        if self.current == profile.id:
            self._show_session(session)
        self.start_load(session)

    def start_load(self, session: SiteSession) -> None:
        """Load (or reload) a site's projects as its own tracked task."""
        report = session.report
        if report is not None and report.server.flavour is Flavour.LEGACY:
            self.window.notify(
                Level.INFO,
                session.profile.name,
                "Jira 4.x speaks REST 2.0.alpha1, which has no project administration; the "
                "Projects pane stays empty for this site.",
            )
            return
        self.spawn(f"Loading projects of {session.profile.name}", self.projects.load(session))

    def _show_session(self, session: SiteSession) -> None:
        report = session.report
        if report is None:
            return
        user = report.user
        who = f"{user.display_name} ({user.email})" if user.email else user.display_name or user.id
        self.window.show_identity(who, flavour_label(report))
        self.projects.show_session(session)
        self.issues.show_session(session)
        pane = self.settings.value(f"sites/{session.profile.id}/lastPane")
        if isinstance(pane, str):
            self.window.show_pane(pane)

    def reload(self) -> None:
        """F5: connect again if needed, otherwise load the projects again."""
        if self.current is None:
            return
        session = self.sessions.get(self.current)
        if session is None or session.report is None:
            self.select_site(self.current)
            return
        self.start_load(session)

    def _remember_pane(self, pane_id: str) -> None:
        if self.current is not None:
            self.settings.setValue(f"sites/{self.current}/lastPane", pane_id)

    # ----- connection manager ----------------------------------------------------------------------
    def open_connections(self) -> ConnectionDialog:
        """Open the connection manager (non-blocking)."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = ConnectionDialog(list(self.profiles.profiles), self.window)
        dialog.test_requested.connect(lambda p, s: self._run_dialog(self._test(dialog, p, s)))
        dialog.save_requested.connect(lambda p, s: self._run_dialog(self._save(dialog, p, s)))
        dialog.remove_requested.connect(lambda p: self._run_dialog(self._remove(dialog, p)))
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self) -> None:
        self.dialog = None

    def _run_dialog(self, coro: Awaitable[None]) -> None:
        async def run() -> None:
            await coro

        self.spawn_quiet(run())

    def spawn_quiet(
        self, coro: Coroutine[Any, Any, None], label: str = "Saving"
    ) -> asyncio.Task[None]:
        """A tracked task whose errors the dialog shows itself (no notification)."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        # the owner shows expected errors itself; anything else still reaches the user
        task.add_done_callback(lambda t: self._report_failure(label, t))
        self.window.tracker.track(task, label)
        return task

    async def _secret_for(
        self, dialog: ConnectionDialog, profile: Profile, typed: Secret | None
    ) -> Secret | None:
        if typed is not None:
            return typed
        if dialog.editing is not None and dialog.editing.id == profile.id:
            return await self.secrets.get(profile.id)
        return None

    async def _test(self, dialog: ConnectionDialog, profile: Profile, typed: Secret | None) -> None:
        try:
            secret = await self._secret_for(dialog, profile, typed)
            if secret is None:
                dialog.show_errors({"secret": f"Enter the {profile.auth.secret_label.lower()}."})
                return
            outcome = await check_profile(profile, secret, self.transport_for(profile))
        except (ApiError, KeychainError, ValueError) as error:
            dialog.show_test_result(False, self._explain(error))
            return
        dialog.show_test_result(True, outcome.text)

    @staticmethod
    def _explain(error: BaseException) -> str:
        message, details = (
            error_text(error) if not isinstance(error, ValueError) else (str(error), "")
        )
        hint = ""
        if isinstance(error, NetworkError):
            hint = " Check the address, the proxy and the TLS settings."
        text = message + hint
        return f"{text}\n{details}" if details else text

    async def _save(self, dialog: ConnectionDialog, profile: Profile, typed: Secret | None) -> None:
        creating = dialog.editing is None
        if creating and typed is None:
            dialog.show_errors({"secret": f"Enter the {profile.auth.secret_label.lower()}."})
            return
        try:
            stored = self.profiles.add(profile) if creating else self.profiles.update(profile)
        except ProfileValidationError as error:
            dialog.show_errors({error.field: error.message})
            return
        except ProfileError as error:
            dialog.show_errors({}, str(error))
            return
        if typed is not None:
            try:
                try:
                    await self.secrets.set(stored.id, typed)
                except KeychainUnavailableError as error:
                    if not await self._offer_session_only(str(error)):
                        dialog.show_errors({"secret": "Not stored: no keychain is available."})
                        return
                    self.secrets.use_session_only()
                    await self.secrets.set(stored.id, typed)
            except KeychainError as error:
                dialog.show_errors({"secret": f"The site was saved, but not its secret: {error}"})
                return
        dialog.profile_saved(stored, list(self.profiles.profiles))
        old = self.sessions.pop(stored.id, None)
        if old is not None:
            await old.aclose()
        self._refresh_sites()
        if self.current in (None, stored.id):
            self.select_site(stored.id)

    async def _offer_session_only(self, reason: str) -> bool:
        text = f"{reason}\n\nKeep the secret for this session only? Jade will forget it when it closes."
        return await ask(self.window, "No keychain", text, "Keep for this session")

    async def _remove(self, dialog: ConnectionDialog, profile: Profile) -> None:
        try:
            self.profiles.remove(profile.id)
            await self.secrets.delete(profile.id)
        except (ProfileError, KeychainError) as error:
            dialog.show_errors({}, str(error))
            return
        session = self.sessions.pop(profile.id, None)
        if session is not None:
            await session.aclose()
        if self.current == profile.id:
            self.current = None
            self.projects.show_session(None)
            self.issues.show_session(None)
            self.window.show_identity("Not connected", "")
        dialog.profile_removed(list(self.profiles.profiles))
        self._refresh_sites()

    # ----- shutdown --------------------------------------------------------------------------------
    async def aclose(self) -> None:
        """Cancel every task and close every site's client."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        sessions, self.sessions = list(self.sessions.values()), {}
        for session in sessions:
            await session.aclose()

    def _window_gone(self) -> None:
        for task in list(self._tasks):
            task.cancel()
