"""Which site the window shows: connecting, switching, reconnecting, forgetting a removed site.

A switch first asks the panes whether they hold unsaved edits (the user may keep them), then
stops every pane task of the old site and waits until they have ended, so no answer of the old
site lands on the new one; only then are the panes shown the new site. A failed connection is
a notification that names the site and offers to open its connection settings or retry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import shiboken6
from PySide6.QtCore import QObject

from app.api.errors import ApiError
from app.api.platform import MY_PERMISSIONS, JiraClient
from app.session import (
    MISSING_PERMISSIONS,
    ProfileSource,
    SiteSession,
    TransportFactory,
    flavour_label,
    site_config,
)
from app.store.keychain import KeychainError, SecretStore
from app.store.profiles import Profile
from app.ui.kit.settings import LAST_SITE, Settings
from app.ui.kit.tasks import Level, NoticeAction, TaskRunner, error_text
from app.ui.shell.main_window import MainWindow

__all__ = ["SiteSwitcher"]


def who(session: SiteSession) -> str:
    """The signed-in user as the status bar shows them."""
    user = session.report.user if session.report is not None else None
    if user is None:
        return ""
    return f"{user.display_name} ({user.email})" if user.email else user.display_name or user.id


class SiteSwitcher(QObject):
    """Sessions per profile and the one shown."""

    def __init__(
        self,
        window: MainWindow,
        profiles: ProfileSource,
        secrets: SecretStore,
        settings: Settings,
        tasks: TaskRunner,
        *,
        transport_for: TransportFactory,
        leave: Callable[[], Awaitable[bool]],
        stop_panes: Callable[[], Awaitable[None]],
        show: Callable[[SiteSession | None], None],
        open_connections: Callable[[str | None], object],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.profiles = profiles
        self.secrets = secrets
        self.settings = settings
        self.tasks = tasks
        self.transport_for = transport_for
        self._leave = leave
        self._stop_panes = stop_panes
        self._show = show
        self._open_connections = open_connections
        self.sessions: dict[str, SiteSession] = {}
        self.current: str | None = None
        self.shown: SiteSession | None = None
        self._connecting: dict[str, asyncio.Task[None]] = {}
        self._switching: asyncio.Task[None] | None = None

    # ----- start-up and the switcher -------------------------------------------------------------
    def start(self, problem: str | None = None) -> None:
        """Fill the site switcher and show the last used site (or say how to add one)."""
        if problem:
            self.window.notify(Level.WARNING, "Saved sites could not be read", problem)
        self.refresh_sites()
        profiles = self.profiles.profiles
        if not profiles:
            self._present(None, "Not connected")
            self.window.notify(
                Level.INFO,
                "No sites yet",
                "Add a Jira site in Connections (Ctrl+,) to begin.",
                actions=[NoticeAction("Open Connections", lambda: self._open_connections(None))],
            )
            return
        last = self.settings.get(LAST_SITE)
        chosen = next((p for p in profiles if p.id == last), profiles[0])
        self.select_site(chosen.id)

    def refresh_sites(self) -> None:
        """Show the profiles in the site switcher."""
        items = [(p.id, p.name, f"{p.base_url}\n{p.user}".strip()) for p in self.profiles.profiles]
        self.window.set_sites(items, self.current)

    def profile(self, profile_id: str | None) -> Profile | None:
        """The stored profile ``profile_id``."""
        return next((p for p in self.profiles.profiles if p.id == profile_id), None)

    def select_site(self, profile_id: str) -> asyncio.Task[None] | None:
        """Show ``profile_id``'s site (after the panes let go of the current one)."""
        if self.profile(profile_id) is None:
            return None
        return self._start_switch(profile_id, reconnect=False)

    def _start_switch(self, profile_id: str, *, reconnect: bool) -> asyncio.Task[None]:
        # the newest choice wins: a switch still waiting (e.g. on the unsaved-edits question)
        # is dropped
        if self._switching is not None and not self._switching.done():
            self._switching.cancel()
        self._switching = self.tasks.spawn(
            "Switching site", self._switch(profile_id, reconnect=reconnect)
        )
        return self._switching

    async def _switch(self, profile_id: str, *, reconnect: bool = False) -> None:
        profile = self.profile(profile_id)
        if profile is None:
            return
        if profile_id != self.current and self.shown is not None and not await self._leave():
            self.refresh_sites()  # the user kept their edits: the switcher shows the old site
            return
        await self._stop_panes()
        self.current = profile_id
        self.settings.set(LAST_SITE, profile_id)
        self.refresh_sites()
        session = self.sessions.get(profile_id)
        if session is not None and session.report is not None and not reconnect:
            self._present(session)
            return
        self._present(None, f"Connecting to {profile.name}…")
        pending = self._connecting.get(profile_id)
        if pending is not None and not pending.done():
            return  # already connecting: a second attempt would tear down the first
        task = self.tasks.spawn(f"Connecting to {profile.name}", self._connect(profile))
        self._connecting[profile_id] = task
        task.add_done_callback(lambda _t: self._connecting.pop(profile_id, None))

    def _present(self, session: SiteSession | None, identity: str = "") -> None:
        self.shown = session
        if session is None:
            self.window.show_identity(identity or "Not connected", "")
        elif session.report is not None:
            self.window.show_identity(who(session), flavour_label(session.report))
        self._show(session)

    # ----- connecting ------------------------------------------------------------------------------
    async def _connect(self, profile: Profile) -> None:
        if not profile.kind.is_jira:
            if self.current == profile.id:
                self._present(None, f"{profile.name} — {profile.kind.label}")
            self.window.notify(
                Level.INFO,
                profile.name,
                f"{profile.kind.label} sites hold milestones, which this version of Jade does not "
                "show yet; Connections can test the site, and Jade keeps it for the Milestones "
                "pane.",
            )
            return
        try:
            secret = await self.secrets.get(profile.id)
        except KeychainError as error:
            self._failed(profile, str(error), "")
            return
        if secret is None:
            self._failed(
                profile,
                f"Jade has no {profile.auth.secret_label.lower()} for this site.",
                "",
                title=f"No secret for “{profile.name}”",
            )
            return
        # building the client loads the CA bundle (~0.1 s): not on the UI thread
        client = await asyncio.to_thread(
            JiraClient, site_config(profile, secret), transport=self.transport_for(profile)
        )
        session = SiteSession(profile, client)
        old = self.sessions.pop(profile.id, None)
        if old is not None:
            await old.aclose()
        self.sessions[profile.id] = session
        try:
            await session.connect()
        except ApiError as error:
            if self.sessions.get(profile.id) is session:
                self.sessions.pop(profile.id)
            await session.aclose()
            message, details = error_text(error)
            self._failed(profile, message, details)
            return
        except asyncio.CancelledError:
            if self.sessions.get(profile.id) is session:
                self.sessions.pop(profile.id)
            await session.aclose()
            # cancelled because the window went (and this switcher with it): nothing to show
            if self.current == profile.id and shiboken6.isValid(self):
                self._present(None, f"Not connected to {profile.name} (cancelled)")
            raise
        if self.current == profile.id:
            self._present(session)
        if session.report is not None and MY_PERMISSIONS in session.report.missing:
            # connected all the same; say once why admin actions are offered without Jira's word
            self.window.notify(Level.INFO, f"Connected to “{profile.name}”", MISSING_PERMISSIONS)

    def _failed(self, profile: Profile, message: str, details: str, *, title: str = "") -> None:
        if self.current == profile.id:
            self._present(None, f"Not connected to {profile.name}")
        where = f"{profile.base_url} as {profile.user}" if profile.user else profile.base_url
        self.window.notify(
            Level.ERROR,
            title or f"Could not connect to “{profile.name}”",
            f"{message}\n{where}",
            details,
            actions=[
                NoticeAction("Open Connections", lambda: self._open_connections(profile.id)),
                NoticeAction("Retry", lambda: self.retry(profile.id)),
            ],
        )

    def retry(self, profile_id: str) -> None:
        """Connect to ``profile_id`` again and show it."""
        if self.profile(profile_id) is not None:
            self._start_switch(profile_id, reconnect=True)

    def reconnect_if_needed(self) -> bool:
        """F5 on a site that is not connected connects it again; True if it did."""
        if self.current is None:
            return False
        session = self.sessions.get(self.current)
        if session is None or session.report is None:
            self.retry(self.current)
            return True
        return False

    # ----- profiles changed in the connection manager ----------------------------------------------
    async def profile_saved(self, profile: Profile) -> None:
        """A profile was created or changed: its old session goes, and it is shown if current."""
        old = self.sessions.pop(profile.id, None)
        if old is not None:
            if self.shown is old:
                await self._stop_panes()
                self._present(None, f"Connecting to {profile.name}…")
            await old.aclose()
        self.refresh_sites()
        if self.current in (None, profile.id):
            await self._switch(profile.id, reconnect=True)

    async def profile_removed(self, profile: Profile) -> None:
        """A profile was removed: close its session, forget its settings, show another site."""
        session = self.sessions.pop(profile.id, None)
        if self.current == profile.id:
            await self._stop_panes()
            self.current = None
            self._present(None)
        if session is not None:
            await session.aclose()
        self.settings.forget_site(profile.id)
        self.refresh_sites()
        remaining = self.profiles.profiles
        if self.current is None and remaining:
            await self._switch(remaining[0].id)

    def in_flight(self) -> int:
        """Requests on the wire now, over every site."""
        return sum(s.in_flight for s in self.sessions.values())

    async def aclose(self) -> None:
        """Close every site's client."""
        sessions, self.sessions = list(self.sessions.values()), {}
        for session in sessions:
            await session.aclose()
