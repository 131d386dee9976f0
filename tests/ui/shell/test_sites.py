"""Sites as the shell handles them: failed sign-ins that say which site and lead somewhere,
removing a site (and everything remembered about it), the session-only secret fallback, and
colours switched while Jade runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import qasync
from keyring.backends import fail
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from app.domain.secret import Secret
from app.domain.site import AuthKind, SiteKind
from app.sandbox import Flavour as SandboxFlavour
from app.store.keychain import SecretStore
from app.store.profiles import Profile
from app.ui.connections.dialog import ConnectionDialog
from app.ui.kit.settings import APPEARANCE, JQL_HISTORY, LAST_SITE
from app.ui.kit.tasks import Level
from app.ui.shell.appearance import apply_appearance
from tests.ui.harness import Harness, make_site


def test_a_wrong_password_names_the_site_and_offers_connections_and_retry(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    harness.serve("https://dc.test", site)
    profile = harness.profiles.add(
        Profile(
            "Wrong password",
            "https://dc.test",
            SiteKind.JIRA_DATACENTER,
            AuthKind.PASSWORD,
            "admin",
        )
    )
    harness.secrets.set_blocking(profile.id, "not-the-password")
    harness.shell.select_site(profile.id)
    harness.wait(lambda: harness.notices(Level.ERROR))
    card = next(c for c in harness.window.notifications.cards if c.level is Level.ERROR)
    assert card.title.text() == "Could not connect to “Wrong password”"
    assert "https://dc.test as admin" in card.message.text()
    assert harness.window.user_label.text() == "Not connected to Wrong password"
    labels = [b.text() for b in card.action_buttons]
    assert labels == ["Open Connections", "Retry"]
    qtbot.mouseClick(card.action_buttons[0], Qt.MouseButton.LeftButton)
    dialog = harness.shell.connections.dialog
    assert isinstance(dialog, ConnectionDialog) and dialog.isVisible()
    assert dialog.editing is not None and dialog.editing.id == profile.id
    assert dialog.name.text() == "Wrong password"
    dialog.reject()
    # the password is corrected elsewhere; Retry connects
    harness.secrets.set_blocking(profile.id, site.admin.secret)
    harness.shell.sites.retry(profile.id)
    harness.wait(lambda: harness.projects.pane.model.rowCount() > 0)
    harness.idle()


def test_removing_a_site_forgets_its_settings_and_shows_another(
    harness: Harness, qtbot: QtBot, settings: QSettings
) -> None:
    first = harness.connect(make_site(SandboxFlavour.DATACENTER))
    second = harness.add_profile(make_site(SandboxFlavour.CLOUD), url="https://two.test")
    harness.search("project is not EMPTY ORDER BY key")
    assert harness.shell.settings.get(JQL_HISTORY, site=first.id)
    assert harness.shell.settings.site_keys(first.id)
    dialog = harness.shell.open_connections(first.id)
    assert isinstance(dialog, ConnectionDialog)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "Remove “Site 1”" in harness.answer(True)
    harness.wait(lambda: [p.id for p in harness.profiles.profiles] == [second.id])
    harness.wait(lambda: harness.window.flavour_label.text().startswith("Jira Cloud"))
    harness.idle()
    assert harness.shell.settings.site_keys(first.id) == []
    assert harness.shell.settings.get(LAST_SITE) == second.id
    assert harness.secrets.get_blocking(first.id) is None
    assert first.id not in harness.shell.sites.sessions
    dialog.reject()


@pytest.fixture
def no_keychain(qtbot: QtBot, qloop: qasync.QEventLoop, settings: QSettings) -> Iterator[Harness]:
    h = Harness(qtbot, settings, secrets=SecretStore(backend=fail.Keyring()))
    h.window.show()
    yield h
    h.close()


def test_without_a_keychain_the_secret_can_be_kept_for_the_session(
    no_keychain: Harness, qtbot: QtBot
) -> None:
    harness = no_keychain
    site = make_site(SandboxFlavour.CLOUD)
    harness.serve("https://acme.test", site)
    dialog = harness.shell.open_connections()
    assert isinstance(dialog, ConnectionDialog)
    qtbot.keyClicks(dialog.name, "Acme")
    dialog.kind.setCurrentIndex(dialog.kind.findData(SiteKind.JIRA_CLOUD))
    qtbot.keyClicks(dialog.url, "https://acme.test")
    qtbot.keyClicks(dialog.user, site.admin.login)
    qtbot.keyClicks(dialog.secret, site.admin.secret)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = harness.answer(True)
    assert "Keep the secret for this session only?" in text
    harness.wait(lambda: harness.projects.pane.model.rowCount() == 7)
    harness.idle()
    (profile,) = harness.profiles.profiles
    assert harness.secrets.session_only
    assert harness.secrets.get_blocking(profile.id) == Secret(site.admin.secret)
    dialog.reject()


def test_declining_the_session_only_secret_keeps_the_form(
    no_keychain: Harness, qtbot: QtBot
) -> None:
    harness = no_keychain
    harness.serve("https://acme.test", make_site(SandboxFlavour.CLOUD))
    dialog = harness.shell.open_connections()
    assert isinstance(dialog, ConnectionDialog)
    qtbot.keyClicks(dialog.name, "Acme")
    dialog.kind.setCurrentIndex(dialog.kind.findData(SiteKind.JIRA_CLOUD))
    qtbot.keyClicks(dialog.url, "https://acme.test")
    qtbot.keyClicks(dialog.user, "someone@example.com")
    qtbot.keyClicks(dialog.secret, "tok")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    harness.answer(False)
    harness.wait(dialog.errors["secret"].isVisible)
    assert "no keychain" in dialog.errors["secret"].text()
    assert dialog.secret.text() == "tok"
    assert not harness.secrets.session_only
    harness.idle()
    dialog.reject()


def test_colours_switch_while_jade_runs_and_every_table_follows(
    harness: Harness, qtbot: QtBot
) -> None:
    harness.connect(make_site(SandboxFlavour.DATACENTER))
    table = harness.projects.pane.table
    try:
        harness.window.appearance_actions["dark"].trigger()
        # the palette reaches widgets through Qt's events: wait for them
        harness.wait(lambda: table.palette().color(QPalette.ColorRole.Base).lightness() < 60)
        dark = table.palette().color(QPalette.ColorRole.Base)
        # what the user sees: the header is drawn dark too (a style sheet on the view froze it)
        header = table.header().grab().toImage()
        assert header.pixelColor(header.width() // 2, header.height() // 2).lightness() < 110
        assert harness.issues.pane.table.palette().color(QPalette.ColorRole.Base) == dark
        assert harness.shell.settings.get(APPEARANCE) == "dark"
        harness.window.appearance_actions["light"].trigger()
        harness.wait(lambda: table.palette().color(QPalette.ColorRole.Base).lightness() > 200)
    finally:
        apply_appearance("system")


def test_a_milestones_site_says_plainly_what_is_there(harness: Harness) -> None:
    profile = harness.profiles.add(
        Profile(
            "Roadmap",
            "https://milestones.example.com/api",
            SiteKind.MILESTONES_API,
            AuthKind.API_KEY,
        )
    )
    harness.shell.select_site(profile.id)
    harness.wait(lambda: harness.notices(Level.INFO))
    harness.idle()
    title, message = harness.notices(Level.INFO)[-1]
    assert title == "Roadmap"
    assert "does not show yet" in message
    assert harness.window.user_label.text().startswith("Roadmap")
