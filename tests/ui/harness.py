"""A Jade shell wired to in-process sandbox sites, for UI tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import httpx
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.issue import IssueRow
from app.domain.site import AuthKind, SiteKind
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox, SandboxConfig
from app.store.keychain import SecretStore
from app.store.profiles import Profile
from app.ui.issues.controller import IssuesController
from app.ui.kit.tasks import Level
from app.ui.projects.controller import ProjectsController
from app.ui.shell.demo import MemoryProfiles
from app.ui.shell.registry import PANES, PaneFactory
from app.ui.shell.shell import Shell
from tests.ui.gate import GatedTransport

ANCHOR = date(2026, 11, 2)


def make_site(flavour: SandboxFlavour, projects: int = 7, issues: int = 60) -> Sandbox:
    """A small deterministic sandbox site."""
    return Sandbox(
        SandboxConfig(flavour=flavour, seed=5, projects=projects, issues=issues, anchor=ANCHOR)
    )


class Harness:
    """A shell wired to in-process sandboxes (one per base URL), each behind a gate."""

    def __init__(
        self,
        qtbot: QtBot,
        settings: QSettings,
        secrets: SecretStore | None = None,
        panes: Sequence[PaneFactory] = PANES,
    ) -> None:
        self.qtbot = qtbot
        self.sites: dict[str, Sandbox] = {}
        self.gates: dict[str, GatedTransport] = {}
        self.profiles = MemoryProfiles()
        self.secrets = secrets or SecretStore(session_only=True)
        self.store = settings
        self.shell = Shell(
            settings, self.profiles, self.secrets, transport_for=self._transport, panes=panes
        )
        self.window = self.shell.window
        qtbot.addWidget(self.window)
        projects = self.shell.pane("projects")
        issues = self.shell.pane("issues")
        assert isinstance(projects, ProjectsController)
        assert isinstance(issues, IssuesController)
        self.projects = projects
        self.issues = issues

    def serve(self, url: str, site: Sandbox) -> GatedTransport:
        """Answer requests to ``url`` from ``site`` (through a gate the test can close)."""
        self.sites[url] = site
        self.gates[url] = GatedTransport(httpx.ASGITransport(app=site.app))
        return self.gates[url]

    def _transport(self, profile: Profile) -> httpx.AsyncBaseTransport:
        return self.gates[profile.base_url]

    def add_profile(
        self,
        site: Sandbox,
        who: str = "admin",
        url: str = "https://jira.test",
        auth: AuthKind | None = None,
    ) -> Profile:
        """A stored profile (and secret) for ``site`` as ``who``, without connecting."""
        self.serve(url, site)
        account = site.admin if who == "admin" else site.user
        cloud = site.flavour is SandboxFlavour.CLOUD
        kind = SiteKind.JIRA_CLOUD if cloud else SiteKind.JIRA_DATACENTER
        if site.flavour is SandboxFlavour.LEGACY:
            kind = SiteKind.JIRA_LEGACY
        profile = self.profiles.add(
            Profile(
                f"Site {len(self.profiles.profiles) + 1}",
                url,
                kind,
                auth or (AuthKind.CLOUD_TOKEN if cloud else AuthKind.PASSWORD),
                account.login,
            )
        )
        self.secrets.set_blocking(profile.id, account.secret)
        return profile

    def connect(
        self,
        site: Sandbox,
        who: str = "admin",
        url: str = "https://jira.test",
        auth: AuthKind | None = None,
    ) -> Profile:
        """Add a profile for ``site`` as ``who`` and show it; waits for the projects."""
        profile = self.add_profile(site, who, url, auth)
        self.shell.select_site(profile.id)
        self.qtbot.waitUntil(lambda: self.projects.pane.model.rowCount() > 0, timeout=10000)
        self.idle()
        return profile

    def idle(self, timeout: int = 10000) -> None:
        """Wait until no tracked work is running."""
        self.qtbot.waitUntil(lambda: not self.running(), timeout=timeout)

    def running(self) -> list[str]:
        """Labels of the tasks still running in any runner of the window."""
        return [
            f"{runner.name}: {task.get_name()}"
            for runner in self.shell.all_runners()
            for task in runner.tasks
        ]

    def wait(self, condition: Callable[[], object], timeout: int = 10000) -> None:
        """Wait until ``condition`` holds."""
        self.qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)

    def close(self) -> None:
        """Close the window and let every task end."""
        self.window.may_close = True
        self.window.close()
        self.qtbot.waitUntil(lambda: not self.running(), timeout=5000)
        self.secrets.close()

    def question(self, timeout: int = 5000) -> QMessageBox:
        """The question box the window shows now (waits for it)."""
        found: list[QMessageBox] = []

        def shown() -> bool:
            found[:] = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()
            ]
            return bool(found)

        self.qtbot.waitUntil(shown, timeout=timeout)
        return found[-1]

    def answer(self, yes: bool, timeout: int = 5000) -> str:
        """Answer the question shown (the accepting button, or Cancel); its text."""
        box = self.question(timeout)
        text = box.text()
        role = QMessageBox.ButtonRole.AcceptRole if yes else QMessageBox.ButtonRole.RejectRole
        button = next(b for b in box.buttons() if box.buttonRole(b) == role)
        button.click()
        return text

    def notices(self, level: Level | None = None) -> list[tuple[str, str]]:
        """(title, message) of the notifications shown, optionally of one level."""
        return [
            (card.title.text(), card.message.text())
            for card in self.window.notifications.cards
            if level is None or card.level is level
        ]

    def search(self, jql: str) -> None:
        """Run ``jql`` in the Issues pane (once its fields arrived) and wait for the results."""
        pane = self.issues.pane
        # a site without a field list (Jira 4.3) has no reference data to wait for
        self.wait(lambda: bool(pane.fields) or self.issues.reference is None)
        pane.editor.set_query(jql)
        pane.editor.run()
        self.idle()

    def select_issue(self, row: int = 0) -> IssueRow:
        """Select a result row and wait for its detail."""
        pane = self.issues.pane
        pane.table.selectRow(row)
        self.wait(lambda: pane.detail.issue is not None)
        self.idle()
        issue = pane.detail.issue
        assert issue is not None
        return issue

    def select_project(self, key: str) -> None:
        """Select project ``key`` and wait for its detail."""
        pane = self.projects.pane
        assert pane.select_project(key)
        self.wait(lambda: pane.detail.detail is not None and pane.detail.detail.project.key == key)
        self.idle()
