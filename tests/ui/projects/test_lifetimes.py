"""Lifetimes in the Projects pane: stopped saves read back what Jira holds, loads never leave
the detail saying "Loading…", switching sites mid-load keeps every list whole, unsaved edits
are not lost to a site switch."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.sandbox import Flavour as SandboxFlavour
from app.ui.kit.forms import alive
from app.ui.kit.tasks import Level
from app.ui.projects.dialogs import VersionDialog
from tests.ui.conftest import activate
from tests.ui.harness import Harness, make_site


def _first(h: Harness) -> str:
    return sorted(p.key for p in h.projects.pane.projects)[0]


def test_esc_while_the_overview_saves_reads_back_what_jira_holds(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    harness.connect(site)
    key = _first(harness)
    harness.select_project(key)
    detail = harness.projects.pane.detail
    gate = harness.gates["https://jira.test"]
    gate.hold(
        lambda r: r.method == "PUT" and r.url.path.endswith(f"/project/{key}"), after_server=True
    )
    detail.name.setText("Renamed, slowly")
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    harness.wait(lambda: gate.held)
    activate(qtbot, harness.window)
    qtbot.keyClick(harness.projects.pane.table, Qt.Key.Key_Escape)  # the window's Cancel
    harness.wait(
        lambda: (
            ("Saved", f"{key}: Jira had saved the overview before you stopped.")
            in harness.notices()
        )
    )
    gate.release()
    harness.idle()
    assert site.store.projects_by_key[key].name == "Renamed, slowly"
    assert detail.detail is not None and detail.detail.project.name == "Renamed, slowly"
    assert not harness.notices(Level.ERROR)


def test_stopping_a_version_that_never_reached_jira(harness: Harness, qtbot: QtBot) -> None:
    site = make_site(SandboxFlavour.CLOUD)
    harness.connect(site)
    key = _first(harness)
    harness.select_project(key)
    project = site.store.projects_by_key[key]
    before = len(site.store.project_versions(project))
    gate = harness.gates["https://jira.test"]
    gate.hold(lambda r: r.method == "POST" and r.url.path.endswith("/version"))
    dialog = harness.projects.edits.edit_version(None)
    assert isinstance(dialog, VersionDialog)
    qtbot.keyClicks(dialog.name, "2.0 stopped")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    harness.wait(lambda: gate.held)
    assert dialog.cancel_button.text() == "Stop"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    harness.wait(lambda: "did not make the change" in dialog.general.text())
    assert alive(dialog) and dialog.isVisible() and dialog.name.text() == "2.0 stopped"
    gate.release()
    harness.idle()
    assert len(site.store.project_versions(project)) == before
    dialog.reject()
    harness.wait(lambda: not alive(dialog))


def test_the_detail_never_stays_on_loading(harness: Harness, qtbot: QtBot) -> None:
    one = make_site(SandboxFlavour.DATACENTER)
    two = make_site(SandboxFlavour.CLOUD)
    harness.connect(one)
    other = harness.add_profile(two, url="https://two.test")
    key = _first(harness)
    gate = harness.gates["https://jira.test"]
    gate.hold(lambda r: f"/project/{key}" in r.url.path)
    pane = harness.projects.pane
    pane.select_project(key)
    harness.wait(lambda: pane.detail.empty.text() == f"Loading {key}…")
    # filtered out of view while loading: the detail lets go
    qtbot.keyClicks(pane.filter, "no project has this name")
    harness.wait(lambda: pane.detail.empty.text() != f"Loading {key}…")
    pane.filter.clear()
    pane.select_project(key)
    harness.wait(lambda: pane.detail.empty.text() == f"Loading {key}…")
    # a site switch while loading: the new site's pane never says "Loading DEL…"
    harness.shell.select_site(other.id)
    harness.wait(lambda: harness.window.flavour_label.text().startswith("Jira Cloud"))
    gate.release()
    harness.idle()
    assert "Loading" not in pane.detail.empty.text()
    assert pane.detail.detail is None


def test_switching_sites_mid_load_and_back_reloads_the_whole_list(
    harness: Harness, qtbot: QtBot
) -> None:
    many = make_site(SandboxFlavour.CLOUD, projects=120, issues=40)
    other = make_site(SandboxFlavour.DATACENTER)
    first = harness.add_profile(many, url="https://many.test")
    second = harness.add_profile(other, url="https://other.test")
    gate = harness.gates["https://many.test"]
    pages = 0

    def after_first_page(request: httpx.Request) -> bool:
        nonlocal pages
        if request.url.path.endswith("/project/search"):
            pages += 1
            return pages > 1
        return False

    gate.hold(after_first_page)
    harness.shell.select_site(first.id)
    harness.wait(lambda: gate.held)
    assert 0 < harness.projects.pane.model.rowCount() < 120
    harness.shell.select_site(second.id)
    harness.wait(lambda: harness.window.flavour_label.text().startswith("Jira Data Center"))
    harness.idle()
    gate.release()
    harness.shell.select_site(first.id)
    harness.wait(lambda: harness.projects.pane.model.rowCount() == 120)
    harness.idle()
    keys = [p.key for p in harness.projects.pane.model.projects]
    assert len(set(keys)) == 120


def test_unsaved_overview_edits_are_asked_about_before_a_site_switch(
    harness: Harness, qtbot: QtBot
) -> None:
    harness.connect(make_site(SandboxFlavour.DATACENTER))
    other = harness.add_profile(make_site(SandboxFlavour.CLOUD), url="https://other.test")
    key = _first(harness)
    harness.select_project(key)
    detail = harness.projects.pane.detail
    detail.name.setText("Typed, not saved")
    harness.shell.select_site(other.id)
    text = harness.answer(False)  # keep the edits
    assert f"The overview of {key} has edits that are not saved." in text
    harness.idle()
    assert harness.window.flavour_label.text().startswith("Jira Data Center")
    assert detail.name.text() == "Typed, not saved"
    assert harness.window.site_switcher.currentText() == "Site 1"
    harness.shell.select_site(other.id)
    harness.answer(True)  # discard them
    harness.wait(lambda: harness.window.flavour_label.text().startswith("Jira Cloud"))


def test_count_issues_is_offered_only_where_counts_are_missing(harness: Harness) -> None:
    harness.connect(make_site(SandboxFlavour.CLOUD))
    projects = harness.projects
    assert not projects.count_action.isEnabled()
    assert "Jira Cloud sends them" in projects.count_action.toolTip()
    assert not projects.pane.count_button.isEnabled()


def test_count_issues_on_data_center_then_done(harness: Harness) -> None:
    harness.connect(make_site(SandboxFlavour.DATACENTER))
    projects = harness.projects
    assert projects.count_action.isEnabled()
    projects.count_action.trigger()
    harness.idle()
    assert all(p.issue_count is not None for p in projects.pane.projects)
    assert not projects.count_action.isEnabled()


def test_closing_the_window_asks_about_unsaved_edits(harness: Harness, qtbot: QtBot) -> None:
    harness.connect(make_site(SandboxFlavour.DATACENTER))
    key = _first(harness)
    harness.select_project(key)
    harness.projects.pane.detail.name.setText("Typed, not saved")
    harness.window.close()
    assert "has edits that are not saved" in harness.answer(False)
    harness.idle()
    assert harness.window.isVisible()
    harness.window.close()
    harness.answer(True)
    harness.wait(lambda: not harness.window.isVisible())
