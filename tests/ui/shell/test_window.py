"""Notification area, command palette and the main window shell, driven as a user would."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.domain.site import AuthKind, SiteKind
from app.sandbox import Flavour as SandboxFlavour
from app.store.keychain import SecretStore
from app.store.profiles import Profile
from app.ui.kit.settings import Settings
from app.ui.kit.tasks import Level
from app.ui.shell.command_palette import command_name
from app.ui.shell.demo import MemoryProfiles
from app.ui.shell.main_window import MainWindow
from app.ui.shell.notifications import NotificationArea
from app.ui.shell.registry import PANES
from app.ui.shell.shell import Shell
from tests.ui.conftest import activate
from tests.ui.gate import GatedTransport
from tests.ui.harness import Harness, make_site


def test_notifications_are_plain_text_with_details(qtbot: QtBot) -> None:
    area = NotificationArea()
    qtbot.addWidget(area)
    area.show()
    card = area.notify(
        Level.ERROR, "Save failed", "<b>bold</b> <img src=x onerror=alert(1)>", "HTTP 400"
    )
    assert area.isVisible()
    for label in card.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert card.message.text() == "<b>bold</b> <img src=x onerror=alert(1)>"
    qtbot.waitUntil(card.isVisible)
    assert not card.details.isVisible()
    qtbot.mouseClick(card.details_button, Qt.MouseButton.LeftButton)
    assert card.details.isVisible() and card.details.toPlainText() == "HTTP 400"
    qtbot.mouseClick(card.close_button, Qt.MouseButton.LeftButton)
    assert area.cards == [] and not area.isVisible()


def test_information_fades_and_errors_stay(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.ui.shell.notifications.INFO_TIMEOUT_MS", 50)
    area = NotificationArea()
    qtbot.addWidget(area)
    area.notify(Level.INFO, "Connected", "fine")
    error = area.notify(Level.ERROR, "Broken", "bad")
    qtbot.waitUntil(lambda: len(area.cards) == 1, timeout=2000)
    assert area.cards == [error]


def test_at_most_four_cards(qtbot: QtBot) -> None:
    area = NotificationArea()
    qtbot.addWidget(area)
    for n in range(6):
        area.notify(Level.WARNING, f"w{n}", "text")
    assert [c.title.text() for c in area.cards] == ["w2", "w3", "w4", "w5"]


def test_window_shortcuts_and_panes(harness: Harness, qtbot: QtBot) -> None:
    window = harness.window
    activate(qtbot, window)
    window.rail.setFocus()
    with qtbot.waitSignal(window.pane_changed) as changed:
        qtbot.keyClick(window.rail, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == ["issues"]
    assert window.stack.currentWidget() is harness.issues.pane
    qtbot.keyClick(window.rail, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_pane() == "projects"
    qtbot.keyClick(window.rail, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert harness.projects.pane.filter.hasFocus()
    hits: list[bool] = []
    window.reload_requested.connect(lambda: hits.append(True))
    qtbot.keyClick(harness.projects.pane.filter, Qt.Key.Key_F5)
    assert hits == [True]


def test_the_rail_holds_exactly_the_registered_panes(harness: Harness) -> None:
    rail = harness.window.rail
    ids = [rail.item(row).data(Qt.ItemDataRole.UserRole) for row in range(rail.count())]
    assert ids == [factory.id for factory in PANES]
    assert [a.text() for a in harness.window.pane_actions] == [
        f"Go to {harness.shell.pane(i).title}" for i in ids
    ]


def test_command_palette_runs_an_action(harness: Harness, qtbot: QtBot) -> None:
    window = harness.window
    activate(qtbot, window)
    palette = window.open_command_palette()
    qtbot.keyClicks(palette.search, "go to issues")
    assert palette.proxy.rowCount() == 1
    with qtbot.waitSignal(window.pane_changed) as changed:
        qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert changed.args == ["issues"]


def test_palette_lists_every_action_of_every_pane_with_its_shortcut(
    harness: Harness, qtbot: QtBot
) -> None:
    palette = harness.window.open_command_palette()
    commands = palette.commands()
    listed = {(name, where) for name, where, _ in commands}
    for pane_id, pane in harness.shell.panes.items():
        assert pane.actions, f"{pane_id} declares no actions"
        for pane_action in pane.actions:
            name = command_name(pane_action.action)
            assert (name, pane.title) in listed, f"{name} of {pane_id} is not in the palette"
    for name in (
        "New project…",
        "Count issues",
        "Bulk change…",
        "Export CSV…",
        "Columns…",
        "Save query…",
        "Transition…",
        "Assign…",
        "Edit issue…",
        "Comment…",
        "Connections…",
        "About Jade",
    ):
        assert name in {n for n, _ in listed}, name
    shortcuts = {name: key for name, _, key in commands}
    assert shortcuts["Bulk change…"] and shortcuts["Go to Issues"] == "Ctrl+2"
    # shortcuts sit in their own column, right-aligned
    index = palette.proxy.index(0, 2)
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    palette.close()


def test_a_pane_command_from_the_palette_shows_its_pane_first(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    harness.connect(site)
    assert harness.window.current_pane() == "projects"
    palette = harness.window.open_command_palette()
    qtbot.keyClicks(palette.search, "save query")
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert harness.window.current_pane() == "issues"


def test_shortcuts_of_a_pane_work_only_while_it_is_shown(harness: Harness, qtbot: QtBot) -> None:
    window = harness.window
    activate(qtbot, window)
    seen = {key: [] for key in ("projects", "issues")}
    harness.projects.group_action.triggered.connect(lambda: seen["projects"].append(1))
    window.show_pane("issues")
    qtbot.keyClick(harness.issues.pane.editor, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert seen["projects"] == []
    window.show_pane("projects")
    qtbot.keyClick(harness.projects.pane.filter, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert seen["projects"] == [1]
    assert harness.projects.pane.group.isChecked()


def test_menus_are_built_from_the_actions(harness: Harness) -> None:
    window = harness.window
    bar = window.menuBar()
    titles = [a.text().replace("&", "") for a in bar.actions()]
    assert titles == ["File", "Edit", "View", "Go", "Site", "Help"]
    menus = {a.text().replace("&", ""): a.menu() for a in bar.actions()}
    window.show_pane("issues")
    menus["Edit"].aboutToShow.emit()
    edit = [command_name(a) for a in menus["Edit"].actions() if not a.isSeparator()]
    assert "Bulk change…" in edit and "Transition…" in edit and "Find" in edit
    window.show_pane("projects")
    menus["Edit"].aboutToShow.emit()
    edit = [command_name(a) for a in menus["Edit"].actions() if not a.isSeparator()]
    assert "Bulk change…" not in edit and "Delete project…" in edit
    menus["Go"].aboutToShow.emit()
    assert [command_name(a) for a in menus["Go"].actions()][:2] == [
        "Go to Projects",
        "Go to Issues",
    ]
    with_icons = [a for a in window.toolbar.actions() if a.text() and not a.isSeparator()]
    assert all(not a.icon().isNull() for a in with_icons if a in window.actions())


def test_about_shows_versions_log_file_and_licences(harness: Harness, tmp_path: Path) -> None:
    harness.shell.log_file = tmp_path / "jade.log"
    dialog = harness.shell.open_about()
    assert dialog.versions["Qt"] and dialog.versions["PySide6"] and dialog.versions["Python"]
    assert dialog.log_label.text() == str(tmp_path / "jade.log")
    names = [dialog.licences.item(r, 0).text() for r in range(dialog.licences.rowCount())]
    assert "Qt" in names and "httpx" in names and "keyring" in names
    licences = {
        dialog.licences.item(r, 0).text(): dialog.licences.item(r, 2).text()
        for r in range(dialog.licences.rowCount())
    }
    assert "LGPL" in licences["Qt"]
    assert all(text for text in licences.values())
    dialog.close()


def test_geometry_is_remembered(qtbot: QtBot, settings: QSettings) -> None:
    window = MainWindow(Settings(settings))
    qtbot.addWidget(window)
    window.resize(1000, 700)  # above the minimum, which the projects detail's tab titles set
    window.show()
    if window.frameGeometry().width() > window.screen().availableGeometry().width():
        # the offscreen platform's screen is 800 px: restoreGeometry fits the window to it
        pytest.skip("the screen is narrower than the window")
    window.close()
    again = MainWindow(Settings(settings))
    qtbot.addWidget(again)
    assert again.size().width() == 1000


def test_a_shell_that_outlives_its_window_stops_polling_requests(
    qtbot: QtBot, qloop: object, settings: QSettings
) -> None:
    # the window is deleted while a connection is held on the wire, so its tracker still lists
    # a job (not registered with qtbot: it would close the deleted window afterwards)
    site = make_site(SandboxFlavour.DATACENTER)
    gate = GatedTransport(httpx.ASGITransport(app=site.app))
    gate.hold(lambda _request: True)
    profiles = MemoryProfiles()
    secrets = SecretStore(session_only=True)
    shell = Shell(settings, profiles, secrets, transport_for=lambda _profile: gate)
    profile = profiles.add(
        Profile(
            "DC", "https://dc.test", SiteKind.JIRA_DATACENTER, AuthKind.PASSWORD, site.admin.login
        )
    )
    secrets.set_blocking(profile.id, site.admin.secret)
    shell.window.show()
    shell.select_site(profile.id)
    qtbot.waitUntil(lambda: bool(gate.held), timeout=10000)
    assert shell._poll.isActive()
    shell.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # a poll still running would read the deleted tracker in whatever test came next
    assert not shell._poll.isActive()
    qtbot.waitUntil(lambda: not any(r.tasks for r in shell.all_runners()), timeout=5000)
    secrets.close()
