"""The projects pane against the sandbox: list, filter, group, edit, versions, roles, rights."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.site import AuthKind, SiteKind
from app.sandbox import Flavour as SandboxFlavour
from app.store.profiles import Profile
from app.ui.projects.dialogs import (
    AddActorsDialog,
    DeleteProjectDialog,
    NewProjectDialog,
    VersionDialog,
)
from tests.ui.harness import Harness, make_site


def _select(h: Harness, key: str) -> None:
    assert h.projects.pane.select_project(key)
    h.qtbot.waitUntil(
        lambda: (
            h.projects.pane.detail.detail is not None
            and h.projects.pane.detail.detail.project.key == key
        ),
        timeout=10000,
    )
    h.idle()


def _first_key(h: Harness) -> str:
    return sorted(p.key for p in h.projects.pane.projects)[0]


@pytest.mark.parametrize("flavour", [SandboxFlavour.CLOUD, SandboxFlavour.DATACENTER])
def test_list_filter_group_and_counts(
    harness: Harness, qtbot: QtBot, flavour: SandboxFlavour
) -> None:
    site = make_site(flavour)
    harness.connect(site)
    pane = harness.projects.pane
    assert pane.count.text() == "7 projects"
    qtbot.keyClicks(pane.filter, pane.projects[0].key.lower())
    assert pane.count.text().startswith("1 of 7") or pane.count.text().startswith("2 of 7")
    pane.filter.clear()
    pane.group.setChecked(True)
    top = [pane.proxy.index(r, 0).data() for r in range(pane.proxy.rowCount())]
    assert top and all("(" in label for label in top)
    assert pane.count.text() == "7 projects"
    pane.group.setChecked(False)
    if flavour is SandboxFlavour.CLOUD:
        # Cloud's project search carries the issue counts already
        assert all(p.issue_count is not None for p in pane.projects)
    else:
        qtbot.mouseClick(pane.count_button, Qt.MouseButton.LeftButton)
        harness.idle()
        assert all(p.issue_count is not None for p in pane.model.projects)
    total = sum(p.issue_count or 0 for p in pane.model.projects)
    assert total == len(site.store.issues)


def test_edit_overview_is_saved(harness: Harness, qtbot: QtBot) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    harness.connect(site)
    key = _first_key(harness)
    _select(harness, key)
    detail = harness.projects.pane.detail
    detail.name.clear()
    qtbot.keyClicks(detail.name, "Renamed by Jade")
    detail.description.setPlainText("New description")
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: detail.detail is not None and detail.detail.project.name == "Renamed by Jade",
        timeout=10000,
    )
    assert site.store.projects_by_key[key].name == "Renamed by Jade"
    assert site.store.projects_by_key[key].description == "New description"
    assert any(p.name == "Renamed by Jade" for p in harness.projects.pane.model.projects)


def test_failed_save_keeps_input(harness: Harness, qtbot: QtBot) -> None:
    site = make_site(SandboxFlavour.CLOUD)
    harness.connect(site)
    keys = sorted(p.key for p in harness.projects.pane.projects)
    taken = site.store.projects_by_key[keys[1]].name
    _select(harness, keys[0])
    detail = harness.projects.pane.detail
    detail.name.clear()
    qtbot.keyClicks(detail.name, taken)
    detail.description.setPlainText("typed by the user")
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(detail.field_errors["projectName"].isVisible, timeout=10000)
    assert detail.field_errors["projectName"].text() == "A project with that name already exists."
    assert detail.name.text() == taken
    assert detail.description.toPlainText() == "typed by the user"
    assert site.store.projects_by_key[keys[0]].name != taken


def test_create_and_delete_a_version(harness: Harness, qtbot: QtBot) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    harness.connect(site)
    key = _first_key(harness)
    _select(harness, key)
    detail = harness.projects.pane.detail
    before = detail.versions.rowCount()
    dialog = harness.projects.edits.edit_version(None)
    assert isinstance(dialog, VersionDialog)
    qtbot.keyClicks(dialog.name, "9.9-jade")
    qtbot.keyClicks(dialog.release, "2026-02-30")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["releaseDate"].isVisible()  # caught before anything is sent
    assert "not a date" in dialog.errors["releaseDate"].text()
    dialog.release.clear()
    qtbot.keyClicks(dialog.release, "2026-12-31")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.versions.rowCount() == before + 1, timeout=10000)
    # accepted and gone (the dialog deletes itself on close)
    assert not any(
        isinstance(w, VersionDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
    created = next(v for v in detail.versions.records if v.name == "9.9-jade")
    assert created.release_date is not None and created.release_date.isoformat() == "2026-12-31"

    detail.select_version(created.id)
    qtbot.waitUntil(detail.remove_version.isEnabled, timeout=3000)
    qtbot.mouseClick(detail.remove_version, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _top_dialog() is not None, timeout=10000)
    confirm = _top_dialog()
    assert confirm is not None
    confirm.accept()
    qtbot.waitUntil(lambda: detail.versions.rowCount() == before, timeout=10000)
    assert all(v.name != "9.9-jade" for v in site.store.versions.values())


def _top_dialog() -> object | None:
    from app.ui.projects.dialogs import DeleteVersionDialog

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, DeleteVersionDialog) and widget.isVisible():
            return widget
    return None


def test_add_and_remove_a_role_actor(
    harness: Harness, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(SandboxFlavour.CLOUD)
    harness.connect(site)
    key = _first_key(harness)
    _select(harness, key)
    detail = harness.projects.pane.detail
    developers = next(r for r in detail.detail.roles if r.name == "Developers")  # type: ignore[union-attr]
    dialog = harness.projects.edits.add_actors(developers)
    assert isinstance(dialog, AddActorsDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("group"))
    qtbot.keyClicks(dialog.group, "product-team")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    def members() -> list[str]:
        role = next(r for r in detail.detail.roles if r.name == "Developers")  # type: ignore[union-attr]
        return [a.display_name for a in role.actors]

    qtbot.waitUntil(lambda: "product-team" in members(), timeout=10000)
    role = next(r for r in detail.detail.roles if r.name == "Developers")  # type: ignore[union-attr]
    actor = next(a for a in role.actors if a.display_name == "product-team")
    box = harness.projects.edits.remove_actor(role, actor)
    assert box is not None and "product-team" in box.text()
    accept = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
    )
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "product-team" not in members(), timeout=10000)


def test_plain_user_sees_disabled_actions_with_reasons(harness: Harness, qtbot: QtBot) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    harness.connect(site, who="user")
    pane = harness.projects.pane
    assert not pane.new_button.isEnabled()
    assert "Administer Jira" in pane.new_button.toolTip()
    key = _first_key(harness)
    _select(harness, key)
    detail = pane.detail
    assert not detail.save_button.isEnabled()
    assert "Administer Projects" in detail.save_button.toolTip()
    assert not detail.delete_button.isEnabled()


def test_create_project_checks_the_key_and_delete_needs_the_typed_key(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.CLOUD)
    harness.connect(site)
    taken = _first_key(harness)
    dialog = harness.projects.edits.create_project()
    assert isinstance(dialog, NewProjectDialog)
    qtbot.keyClicks(dialog.key, taken.lower())
    assert dialog.key.text() == taken
    qtbot.waitUntil(dialog.errors["key"].isVisible, timeout=10000)
    dialog.key.clear()
    qtbot.keyClicks(dialog.key, "JADE")
    qtbot.keyClicks(dialog.name, "Jade test project")
    admin = site.store.user_by_name("admin")
    assert admin is not None
    from app.domain.site import UserRef

    dialog.lead.set_value(UserRef(admin.account_id, admin.display_name, admin.email))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "JADE" in site.store.projects_by_key, timeout=10000)
    qtbot.waitUntil(
        lambda: (
            harness.projects.pane.selected_project() is not None
            and harness.projects.pane.selected_project().key == "JADE"
        ),
        timeout=10000,
    )  # type: ignore[union-attr]
    harness.idle()
    qtbot.waitUntil(lambda: harness.projects.pane.detail.detail is not None, timeout=10000)
    delete = harness.projects.edits.delete_project()
    assert isinstance(delete, DeleteProjectDialog)
    assert not delete.delete_button.isEnabled()
    qtbot.keyClicks(delete.confirm, "JAD")
    assert not delete.delete_button.isEnabled()
    qtbot.keyClicks(delete.confirm, "E")
    assert delete.delete_button.isEnabled()
    qtbot.mouseClick(delete.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "JADE" not in site.store.projects_by_key, timeout=10000)
    qtbot.waitUntil(
        lambda: all(p.key != "JADE" for p in harness.projects.pane.projects), timeout=10000
    )


def test_switching_sites_mid_load_keeps_each_list_whole(harness: Harness, qtbot: QtBot) -> None:
    slow = make_site(SandboxFlavour.CLOUD, projects=120, issues=40)
    slow.knobs.latency_ms = 40
    other = make_site(SandboxFlavour.DATACENTER)
    harness.serve("https://other.test", other)
    first = harness.connect(slow, url="https://slow.test")
    second = harness.profiles.add(
        Profile(
            "Other",
            "https://other.test",
            SiteKind.JIRA_DATACENTER,
            AuthKind.PASSWORD,
            other.admin.login,
        )
    )
    harness.secrets.set_blocking(second.id, other.admin.secret)
    # the slow site is still paging: switch away and back before it finishes
    harness.shell.select_site(second.id)
    qtbot.waitUntil(
        lambda: harness.window.flavour_label.text().startswith("Jira Data Center"), timeout=10000
    )
    harness.shell.select_site(first.id)
    harness.idle(20000)
    assert harness.projects.pane.model.rowCount() == 120
    keys = [p.key for p in harness.projects.pane.model.projects]
    assert len(set(keys)) == 120
