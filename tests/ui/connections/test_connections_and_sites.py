"""The connection manager and site switching, driven through real widgets against the sandbox."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.secret import Secret
from app.domain.site import AuthKind, SiteKind
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox
from app.store.profiles import Profile
from app.ui.shell.notifications import Level
from tests.ui.harness import Harness, make_site


def _site(flavour: SandboxFlavour) -> Sandbox:
    return make_site(flavour)


def _fill(dialog: object, qtbot: QtBot, *, name: str, url: str, user: str, secret: str) -> None:
    from app.ui.connections.dialog import ConnectionDialog

    assert isinstance(dialog, ConnectionDialog)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, name)
    dialog.kind.setCurrentIndex(dialog.kind.findData(SiteKind.JIRA_CLOUD))
    dialog.url.clear()
    qtbot.keyClicks(dialog.url, url)
    dialog.user.clear()
    qtbot.keyClicks(dialog.user, user)
    dialog.secret.clear()
    qtbot.keyClicks(dialog.secret, secret)


def test_test_connection_success_and_failure_texts(harness: Harness, qtbot: QtBot) -> None:
    site = _site(SandboxFlavour.CLOUD)
    harness.serve("https://acme.atlassian.net", site)
    dialog = harness.shell.open_connections()
    _fill(
        dialog,
        qtbot,
        name="Acme",
        url="https://acme.atlassian.net",
        user=site.admin.login,
        secret=site.admin.secret,
    )
    assert dialog.secret.echoMode() == dialog.secret.EchoMode.Password
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("Connected"), timeout=5000)
    assert dialog.result_label.text().startswith(
        "Connected to Jira Cloud 1001.0.0-SNAPSHOT as Ada Admin"
    )
    assert "(administrator)" in dialog.result_label.text()

    dialog.secret.clear()
    qtbot.keyClicks(dialog.secret, "wrong-token")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: not dialog.result_label.text().startswith(("Connected", "Testing")), timeout=5000
    )
    text = dialog.result_label.text()
    # Cloud answers a bad token as anonymous (200); Jade must still call it a sign-in failure
    assert text.startswith("Jira did not accept the credentials")
    assert "check the login and the token" in text
    assert "GET https://acme.atlassian.net/rest/api/2/serverInfo" in text
    assert "wrong-token" not in text
    # the form keeps everything the user typed
    assert dialog.secret.text() == "wrong-token" and dialog.name.text() == "Acme"


def test_secret_field_show_toggle(harness: Harness, qtbot: QtBot) -> None:
    dialog = harness.shell.open_connections()
    qtbot.keyClicks(dialog.secret, "s3cret")
    dialog.show_secret.trigger()
    assert dialog.secret.echoMode() == dialog.secret.EchoMode.Normal
    dialog.show_secret.trigger()
    assert dialog.secret.echoMode() == dialog.secret.EchoMode.Password


def test_save_connects_and_lists_projects(harness: Harness, qtbot: QtBot) -> None:
    site = _site(SandboxFlavour.CLOUD)
    harness.serve("https://acme.atlassian.net", site)
    dialog = harness.shell.open_connections()
    _fill(
        dialog,
        qtbot,
        name="Acme",
        url="https://acme.atlassian.net/",
        user=site.admin.login,
        secret=site.admin.secret,
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: harness.projects.pane.model.rowCount() == 7, timeout=5000)
    (profile,) = harness.profiles.profiles
    assert profile.base_url == "https://acme.atlassian.net"
    assert harness.secrets.get_blocking(profile.id) == Secret(site.admin.secret)
    assert harness.window.site_switcher.currentText() == "Acme"
    assert harness.window.flavour_label.text() == "Jira Cloud 1001.0.0-SNAPSHOT"
    assert harness.window.user_label.text().startswith("Ada Admin")


def test_failed_save_keeps_input_and_shows_error_by_the_field(
    harness: Harness, qtbot: QtBot
) -> None:
    harness.profiles.add(
        Profile(
            "Acme",
            "https://acme.atlassian.net",
            SiteKind.JIRA_CLOUD,
            AuthKind.CLOUD_TOKEN,
            "a@b.test",
        )
    )
    dialog = harness.shell.open_connections()
    dialog.start_new()
    _fill(dialog, qtbot, name="acme", url="not a url", user="x@y.test", secret="tok")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.errors["name"].isVisible() or dialog.errors["base_url"].isVisible(),
        timeout=3000,
    )
    shown = [key for key, label in dialog.errors.items() if label.isVisible()]
    assert shown and shown[0] in ("name", "base_url")
    assert dialog.name.text() == "acme" and dialog.url.text() == "not a url"
    assert dialog.secret.text() == "tok"
    assert len(harness.profiles.profiles) == 1


def test_switching_sites(harness: Harness, qtbot: QtBot) -> None:
    cloud, dc = _site(SandboxFlavour.CLOUD), _site(SandboxFlavour.DATACENTER)
    harness.serve("https://cloud.test", cloud)
    harness.serve("https://dc.test", dc)
    one = harness.profiles.add(
        Profile(
            "Cloud",
            "https://cloud.test",
            SiteKind.JIRA_CLOUD,
            AuthKind.CLOUD_TOKEN,
            cloud.admin.login,
        )
    )
    two = harness.profiles.add(
        Profile("DC", "https://dc.test", SiteKind.JIRA_DATACENTER, AuthKind.PASSWORD, dc.user.login)
    )
    harness.secrets.set_blocking(one.id, cloud.admin.secret)
    harness.secrets.set_blocking(two.id, dc.user.secret)
    harness.shell.start()
    qtbot.waitUntil(lambda: harness.projects.pane.model.rowCount() == 7, timeout=5000)
    assert harness.window.flavour_label.text().startswith("Jira Cloud")
    harness.window.show_pane("issues")

    index = harness.window.site_switcher.findData(two.id)
    harness.window.site_switcher.setCurrentIndex(index)
    harness.window.site_switcher.activated.emit(index)
    qtbot.waitUntil(
        lambda: harness.window.flavour_label.text().startswith("Jira Data Center"), timeout=5000
    )
    # the plain user of the DC site cannot browse every project
    qtbot.waitUntil(lambda: 0 < harness.projects.pane.model.rowCount() < 7, timeout=5000)
    assert harness.window.user_label.text().startswith("Pat Plain")

    # back to the first site: already connected, its list and its pane are remembered
    seen = len(harness.gates["https://cloud.test"].seen)
    harness.shell.select_site(one.id)
    qtbot.waitUntil(lambda: harness.projects.pane.model.rowCount() == 7, timeout=5000)
    assert harness.window.current_pane() == "issues"
    harness.idle()
    assert not [r for r in harness.gates["https://cloud.test"].seen[seen:] if "project" in r], (
        "a complete list is not loaded again"
    )


def test_connection_errors_become_notifications(harness: Harness, qtbot: QtBot) -> None:
    site = _site(SandboxFlavour.DATACENTER)
    harness.serve("https://dc.test", site)
    profile = harness.profiles.add(
        Profile("DC", "https://dc.test", SiteKind.JIRA_DATACENTER, AuthKind.PASSWORD, "admin")
    )
    harness.secrets.set_blocking(profile.id, site.admin.secret)
    site.knobs.queue_faults("html-login", 1)
    harness.shell.start()
    qtbot.waitUntil(
        lambda: any(c.level is Level.ERROR for c in harness.window.notifications.cards),
        timeout=5000,
    )
    card = next(c for c in harness.window.notifications.cards if c.level is Level.ERROR)
    assert "login page" in card.message.text()
    assert "SSO" in card.message.text()
    assert "HTTP 200" in card.details.toPlainText()
    # F5 tries again and now succeeds
    qtbot.keyClick(harness.projects.pane.table, Qt.Key.Key_F5)
    harness.shell.reload()
    qtbot.waitUntil(lambda: harness.projects.pane.model.rowCount() == 7, timeout=5000)


def test_editing_a_profile_shows_its_sign_in_method(harness: Harness, qtbot: QtBot) -> None:
    harness.profiles.add(Profile("DC", "https://dc.test", SiteKind.JIRA_DATACENTER, AuthKind.PAT))
    dialog = harness.shell.open_connections()
    assert dialog.auth.count() == 3  # PAT, password, cookie session
    assert dialog.auth.currentText() == AuthKind.PAT.label
    assert not dialog.user.isEnabled()  # a PAT needs no login
    assert dialog.form_profile().auth is AuthKind.PAT
    dialog.kind.setCurrentIndex(dialog.kind.findData(SiteKind.JIRA_CLOUD))
    assert dialog.auth.currentText() == AuthKind.CLOUD_TOKEN.label
    assert dialog.user_label.text() == "Account e-mail"


def test_a_wrong_address_offers_the_one_where_jira_answers(harness: Harness, qtbot: QtBot) -> None:
    site = _site(SandboxFlavour.CLOUD)
    harness.serve("https://acme.test/jira", site)  # the site answers at the root, not under /jira
    dialog = harness.shell.open_connections()
    _fill(
        dialog,
        qtbot,
        name="Acme",
        url="https://acme.test/jira",
        user=site.admin.login,
        secret=site.admin.secret,
    )
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.use_address_button.isVisible, timeout=10000)
    assert dialog.result_label.text().startswith("No Jira REST API at this address")
    assert dialog.use_address_button.text().startswith("Use https://acme.test")
    qtbot.mouseClick(dialog.use_address_button, Qt.MouseButton.LeftButton)
    assert dialog.url.text().rstrip("/") == "https://acme.test"
    assert not dialog.use_address_button.isVisible()
    harness.idle()
    dialog.reject()
