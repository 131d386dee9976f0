"""The Project Milestones app's project-key parameter: shown for that kind only, kept per profile."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain.site import AuthKind, SiteKind
from app.store.profiles import Profile
from app.ui.connections.dialog import ConnectionDialog
from tests.ui.conftest import activate

PROFILES = [
    Profile("Lab", "https://jira.lab.test", SiteKind.JIRA_DATACENTER, AuthKind.PASSWORD, "admin"),
    Profile(
        "Milestones app",
        "https://pm.example.test/instance/7f3c/milestones",
        SiteKind.PROJECT_MILESTONES,
        AuthKind.APP_TOKEN,
        "ann@example.test",
        project_param="key",
    ),
]


def test_the_parameter_is_shown_for_the_app_and_saved_with_the_profile(qtbot: QtBot) -> None:
    dialog = ConnectionDialog(PROFILES)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    dialog.list.setCurrentRow(0)
    assert not dialog.project_param.isVisible()
    dialog.list.setCurrentRow(1)
    assert dialog.project_param.isVisible() and dialog.project_param_label.isVisible()
    assert dialog.project_param.text() == "key"
    dialog.project_param.setText("project")
    assert dialog.form_profile().project_param == "project"
    dialog.project_param.clear()  # empty: the default
    assert dialog.form_profile().project_param == "projectKey"
    assert dialog.project_param.placeholderText() == "projectKey"
