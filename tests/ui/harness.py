"""A Jade window and controller wired to in-process sandbox sites, for UI tests."""

from __future__ import annotations

from datetime import date

import httpx
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.domain.site import AuthKind, SiteKind
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox, SandboxConfig
from app.store.keychain import SecretStore
from app.store.profiles import Profile
from app.ui.shell.controller import MainController
from app.ui.shell.demo import MemoryProfiles
from app.ui.shell.main_window import MainWindow

ANCHOR = date(2026, 11, 2)


def make_site(flavour: SandboxFlavour, projects: int = 7, issues: int = 60) -> Sandbox:
    """A small deterministic sandbox site."""
    return Sandbox(
        SandboxConfig(flavour=flavour, seed=5, projects=projects, issues=issues, anchor=ANCHOR)
    )


class Harness:
    """A window and controller wired to in-process sandboxes (one per base URL)."""

    def __init__(self, qtbot: QtBot, settings: QSettings) -> None:
        self.qtbot = qtbot
        self.sites: dict[str, Sandbox] = {}
        self.window = MainWindow(settings)
        qtbot.addWidget(self.window)
        self.profiles = MemoryProfiles()
        self.secrets = SecretStore(session_only=True)
        self.controller = MainController(
            self.window, self.profiles, self.secrets, settings, transport_for=self._transport
        )

    def serve(self, url: str, site: Sandbox) -> None:
        """Answer requests to ``url`` from ``site``."""
        self.sites[url] = site

    def _transport(self, profile: Profile) -> httpx.AsyncBaseTransport:
        return httpx.ASGITransport(app=self.sites[profile.base_url].app)

    def connect(self, site: Sandbox, who: str = "admin", url: str = "https://jira.test") -> Profile:
        """Add a profile for ``site`` as ``who`` and connect to it; waits for the projects."""
        self.serve(url, site)
        account = site.admin if who == "admin" else site.user
        cloud = site.flavour is SandboxFlavour.CLOUD
        profile = self.profiles.add(
            Profile(
                f"Site {len(self.profiles.profiles) + 1}",
                url,
                SiteKind.JIRA_CLOUD if cloud else SiteKind.JIRA_DATACENTER,
                AuthKind.CLOUD_TOKEN if cloud else AuthKind.PASSWORD,
                account.login,
            )
        )
        self.secrets.set_blocking(profile.id, account.secret)
        self.controller.select_site(profile.id)
        self.qtbot.waitUntil(lambda: self.window.projects.model.rowCount() > 0, timeout=10000)
        return profile

    def idle(self, timeout: int = 10000) -> None:
        """Wait until no tracked work is running."""
        self.qtbot.waitUntil(lambda: not self.window.tracker.jobs, timeout=timeout)
