"""A site without mypermissions: it connects, and admin actions say Jira did not tell."""

from __future__ import annotations

from app.sandbox import Flavour as SandboxFlavour
from app.session import MISSING_PERMISSIONS
from app.ui.kit.tasks import Level
from app.ui.projects.controller import UNKNOWN_ADMIN, UNKNOWN_PROJECT_ADMIN
from tests.ui.harness import Harness, make_site


def test_admin_actions_are_offered_and_say_jira_did_not_say(harness: Harness) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    site.knobs.absent.add("mypermissions")
    harness.connect(site, who="user")
    assert harness.notices(Level.ERROR) == []
    assert harness.notices(Level.INFO) == [("Connected to “Site 1”", MISSING_PERMISSIONS)]
    projects = harness.projects
    pane = projects.pane
    assert UNKNOWN_ADMIN.startswith("Jira did not say whether you may ")
    # offered: Jira refuses what the user may not do, in its own words
    assert pane.new_button.isEnabled() and pane.new_button.toolTip() == UNKNOWN_ADMIN
    assert projects.new_action.isEnabled() and projects.new_action.toolTip() == UNKNOWN_ADMIN
    assert projects.categories_action.toolTip() == UNKNOWN_ADMIN

    harness.select_project(sorted(p.key for p in pane.projects)[0])
    detail = pane.detail
    assert detail.detail is not None  # the project's permissions were not asked, nor failed
    assert detail.delete_button.isEnabled() and detail.delete_button.toolTip() == UNKNOWN_ADMIN
    assert projects.save_action.isEnabled()
    assert projects.save_action.toolTip() == UNKNOWN_PROJECT_ADMIN
    assert projects.delete_action.toolTip() == UNKNOWN_ADMIN
    assert harness.notices(Level.ERROR) == []


def test_known_permissions_keep_their_plain_tooltips(harness: Harness) -> None:
    harness.connect(make_site(SandboxFlavour.CLOUD))
    assert harness.notices() == []
    projects = harness.projects
    harness.select_project(sorted(p.key for p in projects.pane.projects)[0])
    assert projects.pane.new_button.toolTip() == ""
    assert projects.pane.detail.delete_button.toolTip() == ""
    assert projects.save_action.toolTip() == projects.save_action.statusTip()
