"""Lifetimes in the Issues pane: a stopped save reads back what Jira holds, a stopped bulk run
says exactly what changed, a site switch stops the search, the detail never outlives its row."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.sandbox import Flavour as SandboxFlavour
from app.ui.issues.bulk import BulkDialog
from app.ui.issues.dialogs import EditIssueDialog
from app.ui.kit.forms import alive
from app.ui.kit.tasks import Level
from tests.ui.harness import Harness, make_site


def _edit_put(request: httpx.Request) -> bool:
    return request.method == "PUT" and "/rest/api/2/issue/" in request.url.path


def test_stop_after_jira_saved_reports_saved_not_failed(harness: Harness, qtbot: QtBot) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    harness.connect(site)
    harness.search("project is not EMPTY ORDER BY key")
    issue = harness.select_issue(0)
    gate = harness.gates["https://jira.test"]
    # Jira applies the edit, but its answer is slow
    gate.hold(_edit_put, after_server=True)
    dialog = harness.issues.changes.edit()
    assert isinstance(dialog, EditIssueDialog)
    dialog.summary.setText("Renamed while the network was slow")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    harness.wait(lambda: gate.held)
    assert dialog.cancel_button.text() == "Stop"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc stops; the dialog closes once Jira is read
    harness.wait(lambda: not alive(dialog))
    harness.idle()
    gate.release()
    assert site.store.issue(issue.key).summary == "Renamed while the network was slow"  # type: ignore[union-attr]
    assert ("Saved", "Jira had already made the change when you pressed Stop.") in harness.notices(
        Level.INFO
    )
    assert not harness.notices(Level.ERROR), "a change that landed is never reported as failed"
    # the pane shows what Jira holds
    harness.wait(lambda: "Renamed while" in harness.issues.pane.detail.title.text())


def test_stop_before_jira_saw_it_keeps_the_dialog_and_the_typing(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.CLOUD)
    harness.connect(site)
    harness.search("project is not EMPTY ORDER BY key")
    issue = harness.select_issue(0)
    before = site.store.issue(issue.key).summary  # type: ignore[union-attr]
    gate = harness.gates["https://jira.test"]
    gate.hold(_edit_put)  # the request never reaches Jira
    dialog = harness.issues.changes.edit()
    assert isinstance(dialog, EditIssueDialog)
    dialog.summary.setText("Never sent")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    harness.wait(lambda: gate.held)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # the Stop button
    harness.wait(lambda: "did not make the change" in dialog.general.text())
    assert dialog.isVisible()
    assert dialog.summary.text() == "Never sent"
    assert dialog.cancel_button.text() == "Cancel" and dialog.ok_button.isEnabled()
    gate.release()
    harness.idle()
    assert site.store.issue(issue.key).summary == before  # type: ignore[union-attr]
    assert not harness.notices(Level.ERROR)
    dialog.reject()


def test_closing_the_window_mid_save_leaves_no_task_and_no_error(
    harness: Harness, qtbot: QtBot
) -> None:
    harness.connect(make_site(SandboxFlavour.DATACENTER))
    harness.search("project is not EMPTY ORDER BY key")
    harness.select_issue(0)
    gate = harness.gates["https://jira.test"]
    gate.hold(_edit_put)
    dialog = harness.issues.changes.edit()
    assert isinstance(dialog, EditIssueDialog)
    dialog.summary.setText("Closing")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    harness.wait(lambda: gate.held)
    harness.close()  # the fixture then checks that no task is left running
    assert not harness.running()


def _transition_post(request: httpx.Request) -> bool:
    return request.method == "POST" and request.url.path.endswith("/transitions")


def test_esc_during_a_bulk_run_stops_after_the_requests_in_flight(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.DATACENTER, issues=200)
    todo = [i for i in site.store.issues.values() if i.status_id == 10000][:12]
    for issue in todo:
        issue.labels = [*issue.labels, "bulk-stop"]
    harness.connect(site)
    harness.search("labels = bulk-stop ORDER BY key")
    pane = harness.issues.pane
    pane.table.selectAll()
    keys = [r.key for r in pane.selected_rows()]
    assert len(keys) == 12
    harness.issues.changes.bulk()
    harness.wait(lambda: harness.issues.changes.bulk_dialog is not None)
    dialog = harness.issues.changes.bulk_dialog
    assert isinstance(dialog, BulkDialog)
    harness.idle()
    gate = harness.gates["https://jira.test"]
    gate.hold(_transition_post)
    dialog.kind.setCurrentIndex(0)  # Transition
    dialog.transition.setCurrentText("Start Progress")
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    harness.wait(lambda: len(gate.held) == 4)  # four at a time
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    text = harness.answer(True)
    assert "Stop after the requests in flight?" in text
    assert dialog.isVisible()
    gate.release()
    harness.wait(lambda: not dialog.running)
    harness.idle()
    changed = [k for k in keys if site.store.issue(k).status_id == 3]  # type: ignore[union-attr]
    assert len(changed) == 4
    assert dialog.summary.text() == "4 changed, 0 failed, 8 not started (stopped)"
    assert dialog.retry_button.text() == "Continue (8 left)"
    assert not harness.notices(Level.ERROR)
    dialog.reject()


def test_switching_site_during_a_search_stops_it(harness: Harness, qtbot: QtBot) -> None:
    big = make_site(SandboxFlavour.DATACENTER, issues=400)
    other = make_site(SandboxFlavour.CLOUD)
    first = harness.connect(big)
    second = harness.add_profile(other, url="https://other.test")
    gate = harness.gates["https://jira.test"]
    harness.wait(lambda: bool(harness.issues.pane.fields))
    gate.hold(lambda r: r.url.path.endswith("/search"))
    harness.issues.pane.editor.set_query("project is not EMPTY ORDER BY key")
    harness.issues.pane.editor.run()
    harness.wait(lambda: gate.held)
    harness.shell.select_site(second.id)
    harness.wait(lambda: harness.window.flavour_label.text().startswith("Jira Cloud"))
    gate.release()
    harness.idle()
    assert harness.issues.pane.model.rowCount() == 0, "the old site's rows never land"
    assert harness.issues.session is harness.shell.sites.sessions[second.id]
    assert not harness.notices(Level.ERROR)
    assert first.id != second.id


def test_a_new_search_clears_the_detail_of_the_old_one(harness: Harness, qtbot: QtBot) -> None:
    harness.connect(make_site(SandboxFlavour.DATACENTER))
    harness.search("project is not EMPTY ORDER BY key")
    harness.select_issue(0)
    assert harness.issues.pane.splitter.detail_shown
    harness.search("summary ~ nothing-matches-this")
    assert harness.issues.pane.model.rowCount() == 0
    assert harness.issues.pane.detail.issue is None
    assert not harness.issues.pane.detail.isVisible()
    assert not harness.issues.edit_action.isEnabled()
