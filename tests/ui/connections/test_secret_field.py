"""The secret field's show/hide button: visible, named, and worked by mouse and keyboard."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLineEdit, QToolButton
from pytestqt.qtbot import QtBot

from app.domain.site import AuthKind, SiteKind
from app.store.profiles import Profile
from app.ui.connections.dialog import ConnectionDialog
from tests.ui.conftest import activate
from tests.ui.kit.screenshots import save_light_and_dark

# never a real secret: these tests save screenshots
TYPED = "not-a-real-token"
PROFILES = [
    Profile(
        "Acme", "https://acme.atlassian.net", SiteKind.JIRA_CLOUD, AuthKind.CLOUD_TOKEN, "a@b.c"
    ),
    Profile("Lab", "https://jira.lab.test", SiteKind.JIRA_DATACENTER, AuthKind.PASSWORD, "admin"),
]


def _dialog(qtbot: QtBot) -> ConnectionDialog:
    dialog = ConnectionDialog(PROFILES)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    return dialog


def _eye(dialog: ConnectionDialog) -> QToolButton:
    (button,) = (o for o in dialog.show_secret.associatedObjects() if isinstance(o, QToolButton))
    return button


def _painted(button: QToolButton) -> bool:
    image = button.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    corner = image.pixel(0, 0)
    return any(
        image.pixel(x, y) != corner for x in range(image.width()) for y in range(image.height())
    )


def test_the_toggle_is_visible_and_named(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    eye = _eye(dialog)
    assert eye.isVisible() and not eye.icon().isNull()
    assert QRect(0, 0, dialog.secret.width(), dialog.secret.height()).contains(eye.geometry())
    assert _painted(eye)  # the old text-only action painted nothing at all
    assert eye.accessibleName() == "Show the secret"
    assert dialog.show_secret.toolTip() == "Show the secret (Ctrl+Shift+H)"


def test_mouse_and_shortcut_toggle_the_echo_mode(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.secret.setFocus()
    qtbot.keyClicks(dialog.secret, TYPED)
    eye = _eye(dialog)
    hidden_icon = eye.icon().cacheKey()
    save_light_and_dark(dialog, "connections-secret-hidden")

    qtbot.mouseClick(eye, Qt.MouseButton.LeftButton)
    assert dialog.secret.echoMode() == QLineEdit.EchoMode.Normal
    assert eye.accessibleName() == "Hide the secret"
    assert eye.icon().cacheKey() != hidden_icon  # eye-off now
    save_light_and_dark(dialog, "connections-secret-shown")
    qtbot.mouseClick(eye, Qt.MouseButton.LeftButton)
    assert dialog.secret.echoMode() == QLineEdit.EchoMode.Password

    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(dialog.secret, Qt.Key.Key_H, modifiers)
    assert dialog.secret.echoMode() == QLineEdit.EchoMode.Normal
    assert dialog.secret.text() == TYPED  # the shortcut typed nothing, deleted nothing
    dialog.name.setFocus()
    qtbot.keyClick(dialog.name, Qt.Key.Key_H, modifiers)  # from anywhere in the dialog
    assert dialog.secret.echoMode() == QLineEdit.EchoMode.Password


def test_another_site_starts_hidden(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.show_secret.trigger()
    assert dialog.secret.echoMode() == QLineEdit.EchoMode.Normal
    dialog.list.setCurrentRow(1)
    assert dialog.secret.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.show_secret.isChecked()
