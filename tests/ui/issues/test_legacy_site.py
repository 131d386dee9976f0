"""A Jira 4.3 site in the window: projects read-only, a search with its rows, an issue opened,
a transition with a field and a comment, watching and voting; boards and project roles say they
are not there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.site import AuthKind
from app.qtmodels.project_list import ProjectListModel
from app.sandbox import Flavour as SandboxFlavour
from app.ui.boards.controller import BoardsController
from app.ui.issues.dialogs import TransitionDialog
from app.ui.permissions.controller import PermissionsController
from app.ui.timeline.controller import TimelineController
from tests.ui.harness import Harness, make_site

NOT_ON_43 = "not available on Jira 4.3"


@pytest.mark.parametrize("auth", [AuthKind.PASSWORD, AuthKind.SESSION])
def test_a_4_3_site_browses_projects_read_only(harness: Harness, auth: AuthKind) -> None:
    site = make_site(SandboxFlavour.LEGACY)
    store = site.store
    harness.connect(site, auth=auth)
    pane = harness.projects.pane
    assert pane.model.rowCount() == len(store.projects)
    # 4.3's project list carries no lead, category or type: those columns are not shown empty
    hidden = (ProjectListModel.LEAD, ProjectListModel.CATEGORY, ProjectListModel.TYPE)
    assert all(pane.table.isColumnHidden(c) for c in hidden)
    assert not pane.table.isColumnHidden(ProjectListModel.NAME)
    assert not pane.group.isEnabled()
    project = next(p for p in store.projects.values() if store.project_components(p))
    harness.select_project(project.key)
    detail = pane.detail.detail
    assert detail is not None and detail.project.name == project.name
    assert [c.name for c in detail.components] == [
        c.name for c in store.project_components(project)
    ]
    schemes = pane.detail.schemes_tab
    assert schemes.label.text() == "Permission schemes: not available on Jira 4.3."
    assert not schemes.open_button.isEnabled()
    projects = harness.projects
    for action in (projects.new_action, projects.save_action, projects.add_component_action):
        assert not action.isEnabled()
        assert NOT_ON_43 in action.toolTip()
    boards = harness.shell.pane("boards")
    assert isinstance(boards, BoardsController)
    assert boards.pane.boards_note.text() == "Boards: not available on Jira 4.3."
    timeline = harness.shell.pane("timeline")
    assert isinstance(timeline, TimelineController)
    harness.window.show_pane("timeline")
    harness.idle()
    assert timeline.pane.message.text() == "Milestones: not available on Jira 4.3."
    assert not timeline.pane.isEnabled()
    assert timeline.shown is None  # nothing was asked of the site
    permissions = harness.shell.pane("permissions")
    assert isinstance(permissions, PermissionsController)
    harness.window.show_pane("permissions")
    harness.idle()
    assert permissions.pane.list_note.text() == "Permission schemes: not available on Jira 4.3."
    assert not permissions.pane.isEnabled() and permissions.ops is None


def test_a_4_3_projects_roles_tab_says_it_has_no_roles_until_another_site_is_shown(
    harness: Harness,
) -> None:
    site = make_site(SandboxFlavour.LEGACY)
    harness.connect(site)
    detail = harness.projects.pane.detail
    harness.select_project(sorted(p.key for p in site.store.projects.values())[0])
    detail.tabs.setCurrentWidget(detail.roles_tab)
    roles = detail.roles_tab
    assert roles.note.isVisible()
    assert roles.note.text() == "Project roles: not available on Jira 4.3."
    assert roles.note.textFormat() is Qt.TextFormat.PlainText
    assert not roles.tree.isVisible()
    assert not any(button.isVisible() for button in roles.buttons)
    # a site that has roles shows them again, in the same tab
    cloud = make_site(SandboxFlavour.CLOUD)
    harness.connect(cloud, url="https://cloud.test")
    harness.select_project(sorted(p.key for p in cloud.store.projects.values())[0])
    detail.tabs.setCurrentWidget(roles)
    assert not roles.note.isVisible() and roles.tree.isVisible()
    assert roles.roles.rowCount() > 0 and roles.add_button.isVisible()


def test_a_4_3_search_opens_an_issue_and_takes_a_transition_with_a_comment(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.LEGACY)
    store = site.store
    me = store.user_by_name(site.admin.login)
    assert me is not None
    harness.connect(site, auth=AuthKind.SESSION)
    issue = next(
        i
        for i in sorted(store.issues.values(), key=lambda i: i.id)
        if i.resolution_id is None
        and i.reporter_key != me.key
        and any("resolution" in t.required_fields for t in store.transitions_for(i))
    )
    key = store.projects[issue.project_id].key
    matching = sorted(
        (i for i in store.issues.values() if i.project_id == issue.project_id), key=lambda i: i.id
    )
    harness.search(f"project = {key} ORDER BY key ASC")
    pane = harness.issues.pane
    assert pane.model.rowCount() == len(matching)
    assert [pane.model.rows[n].key for n in range(len(matching))] == [i.key for i in matching]
    assert str(len(matching)) in pane.count.text()

    row = next(n for n, i in enumerate(matching) if i.key == issue.key)
    shown = harness.select_issue(row)
    detail = pane.detail
    assert shown.key == issue.key
    assert issue.summary in detail.title.text()
    assert not detail.assign_button.isEnabled() and NOT_ON_43 in detail.assign_button.toolTip()
    assert not harness.issues.comment_action.isEnabled()

    # a vote lands, and the button shows the count Jira holds now
    voters = site.legacy.extras(issue).voters
    assert detail.vote_button.text() == f"Vote ({len(voters)})"
    detail.vote_button.click()
    harness.wait(lambda: detail.vote_button.text().startswith("Remove vote"))
    harness.idle()
    assert me.key in voters and detail.vote_button.text() == f"Remove vote ({len(voters)})"
    detail.vote_button.click()
    harness.wait(lambda: detail.vote_button.text().startswith("Vote"))
    harness.idle()
    assert me.key not in voters

    closing = next(
        a
        for a in detail.transition_menu.actions()
        if any(
            "resolution" in t.required_fields and a.text().startswith(t.name)
            for t in store.transitions_for(issue)
        )
    )
    closing.trigger()
    dialog = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, TransitionDialog) and w.isVisible()
    )
    resolution = sorted(store.resolutions.values(), key=lambda r: r.id)[0].name
    combo = dialog.choices["resolution"]
    assert combo.isEditable()  # 4.3 names no choices: the resolution is typed
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["resolution"].isVisible()  # refused before anything is sent
    combo.setEditText(resolution)
    dialog.comment.setPlainText("Closed from Jade on 4.3")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    harness.wait(lambda: store.issue(issue.key).resolution_id is not None)
    harness.wait(lambda: "Closed from Jade on 4.3" in detail.comments.toPlainText())
    harness.idle()
    landed = store.issue(issue.key)
    assert store.resolutions[landed.resolution_id].name == resolution
    assert landed.comments[-1].body == "Closed from Jade on 4.3"

    assert not detail.watch_button.isHidden() and not detail.vote_button.isHidden()
    before = detail.watch_button.text()
    detail.watch_button.click()
    harness.wait(lambda: detail.watch_button.text() != before)
    harness.idle()
    assert detail.watch_button.text().startswith("Stop watching")
    assert me.key in site.legacy.extras(landed).watchers
    # Jira 4.3 takes no votes on a resolved issue: its words are shown, nothing changes
    votes = list(site.legacy.extras(landed).voters)
    detail.vote_button.click()
    harness.idle()
    harness.wait(lambda: any("cannot vote" in text for _, text in harness.notices()))
    assert site.legacy.extras(landed).voters == votes
