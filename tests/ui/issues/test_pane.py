"""The Issues pane against the sandbox: search, errors in the editor, sorting, columns, export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.sandbox import Flavour as SandboxFlavour
from app.ui.issues.controller import with_order_by
from app.ui.issues.dialogs import CommentDialog, EditIssueDialog, TransitionDialog
from app.ui.kit.text import plain_tooltip
from tests.ui.harness import Harness, make_site


def _search(h: Harness, jql: str) -> None:
    pane = h.issues.pane
    h.qtbot.waitUntil(lambda: bool(pane.fields), timeout=10000)
    pane.editor.set_query(jql)
    pane.editor.run()
    h.idle()


def _keys(h: Harness) -> list[str]:
    return [row.key for row in h.issues.pane.model.rows]


@pytest.mark.parametrize("flavour", [SandboxFlavour.CLOUD, SandboxFlavour.DATACENTER])
def test_search_fills_the_table_in_order(harness: Harness, flavour: SandboxFlavour) -> None:
    site = make_site(flavour, issues=300)
    harness.connect(site)
    harness.window.show_pane("issues")
    _search(harness, "project is not EMPTY ORDER BY key ASC")
    issues = sorted(
        site.store.issues.values(), key=lambda i: (i.key.split("-")[0], int(i.key.split("-")[1]))
    )
    assert _keys(harness) == [i.key for i in issues]
    assert harness.issues.pane.count.text().startswith(f"{len(issues):,} issues in ")
    assert harness.issues.pane.model.index(0, 1).data() == issues[0].summary


def test_jql_error_is_shown_in_the_editor(harness: Harness) -> None:
    harness.connect(make_site(SandboxFlavour.DATACENTER))
    _search(harness, "status = ")
    pane = harness.issues.pane
    assert pane.editor.error_text.startswith("Error in the JQL Query: ")
    assert pane.count.text() == "The query has an error."
    assert pane.model.rowCount() == 0


def test_sort_by_column_requeries_with_order_by(harness: Harness) -> None:
    site = make_site(SandboxFlavour.CLOUD, issues=120)
    harness.connect(site)
    _search(harness, "project is not EMPTY")
    pane = harness.issues.pane
    pane.sort_requested.emit("summary", False)
    harness.idle()
    assert pane.editor.query().endswith("ORDER BY summary DESC")
    summaries = [row.summary or "" for row in pane.model.rows]
    assert summaries == sorted(summaries, key=str.casefold, reverse=True) or summaries == sorted(
        summaries, reverse=True
    )


def test_adding_a_column_fetches_its_values(harness: Harness, qtbot: QtBot) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    harness.connect(site)
    _search(harness, "labels is not EMPTY ORDER BY key")
    pane = harness.issues.pane
    assert "labels" not in [c.field for c in pane.model.columns]
    gate = harness.gates["https://jira.test"]
    searches = len([r for r in gate.seen if r.endswith("/search")])
    pane.columns_button.click()
    menu = pane.columns_menu
    qtbot.waitExposed(menu)
    by_name = {a.text(): a for a in menu.actions()}
    for name in ("Labels", "Reporter"):
        qtbot.mouseClick(
            menu,
            Qt.MouseButton.LeftButton,
            pos=menu.actionGeometry(by_name[name]).center(),
        )
        assert menu.isVisible(), "ticking a column keeps the menu open"
    assert by_name["Labels"].isChecked() and by_name["Reporter"].isChecked()
    assert len([r for r in gate.seen if r.endswith("/search")]) == searches, "no search yet"
    menu.close()
    harness.idle()
    # one search for both new columns, once the menu closed
    assert len([r for r in gate.seen if r.endswith("/search")]) == searches + 1
    column = [c.field for c in pane.model.columns].index("labels")
    first = pane.model.rows[0]
    assert pane.model.index(0, column).data() == "; ".join(site.store.issue(first.key).labels)  # type: ignore[union-attr]


def test_hostile_summary_is_shown_literally(harness: Harness) -> None:
    hostile = "<img src=x onerror=alert(1)><b>bold</b>"
    site = make_site(SandboxFlavour.CLOUD)
    issue = next(iter(site.store.issues.values()))
    issue.summary = hostile
    harness.connect(site)
    _search(harness, f"key = {issue.key}")
    pane = harness.issues.pane
    index = pane.model.index(0, 1)
    # what the table paints: its delegate's text for the cell, which it draws as plain text
    delegate = pane.table.itemDelegateForIndex(index)
    assert delegate.displayText(index.data(), pane.table.locale()) == hostile
    # a tooltip Qt would read as HTML comes escaped, so the tags show as typed
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert tip is None or (tip.startswith("<qt>") and "&lt;img" in tip and "<img" not in tip)
    # the detail's title shows the same characters, never interpreted
    harness.select_issue(0)
    title = pane.detail.title
    assert title.textFormat() == Qt.TextFormat.PlainText
    assert title.text() == f"{issue.key} — {hostile}"


def test_export_writes_the_visible_columns(
    harness: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness.connect(make_site(SandboxFlavour.DATACENTER))
    _search(harness, "project is not EMPTY ORDER BY key")
    target = tmp_path / "out.csv"
    dialog = harness.issues.export()
    assert dialog is not None and dialog.isVisible()
    dialog.fileSelected.emit(str(target))
    dialog.close()
    harness.wait(target.exists)
    harness.idle()
    assert not list(tmp_path.glob("*.part")), "written whole: no part file left behind"
    with target.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:3] == ["key", "Summary", "Status"]
    assert len(rows) == harness.issues.pane.model.rowCount() + 1


def test_with_order_by() -> None:
    assert with_order_by("project = A", "key", True) == "project = A ORDER BY key ASC"
    assert (
        with_order_by("project = A ORDER BY created DESC", "key", False)
        == "project = A ORDER BY key DESC"
    )
    assert (
        with_order_by('summary ~ "order by"', "key", True)
        == 'summary ~ "order by" ORDER BY key ASC'
    )
    assert with_order_by("", "updated", False) == "ORDER BY updated DESC"


def test_detail_panel_shows_server_text_as_text(harness: Harness, qtbot: QtBot) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    issue = next(i for i in site.store.issues.values() if i.comments)
    issue.summary = "<img src=x onerror=alert(1)><b>bold</b>"
    issue.description = "h2. Context\n*bold* <script>alert(1)</script>"
    issue.comments[0].body = "Plain <b>words</b>"
    harness.connect(site)
    _search(harness, f"key = {issue.key}")
    pane = harness.issues.pane
    pane.table.selectRow(0)
    qtbot.waitUntil(lambda: pane.detail.issue is not None, timeout=10000)
    harness.idle()
    detail = pane.detail
    assert detail.title.text() == f"{issue.key} — <img src=x onerror=alert(1)><b>bold</b>"
    assert detail.title.textFormat() == Qt.TextFormat.PlainText
    # Jira's rendering: the heading and the bold word are formatting, the markup is text
    assert detail.description.toPlainText() == "Context\nbold <script>alert(1)</script>"
    assert "Plain <b>words</b>" in detail.comments.toPlainText()
    assert detail.values["status"].text() == site.store.statuses[issue.status_id].name


def _open_issue(
    h: Harness, site_flavour: SandboxFlavour = SandboxFlavour.DATACENTER
) -> tuple[object, str]:
    site = make_site(site_flavour)
    issue = next(
        i for i in site.store.issues.values() if i.status_id == 10000 and i.issuetype_id != 10000
    )
    h.connect(site)
    _search(h, f"key = {issue.key}")
    pane = h.issues.pane
    pane.table.selectRow(0)
    h.qtbot.waitUntil(lambda: pane.detail.issue is not None, timeout=10000)
    h.idle()
    return site, issue.key


def test_transition_edit_and_comment_from_the_detail_panel(harness: Harness, qtbot: QtBot) -> None:
    site, key = _open_issue(harness)
    store = site.store  # type: ignore[attr-defined]
    pane = harness.issues.pane
    detail = pane.detail
    start = next(
        a for a in detail.transition_menu.actions() if a.text().startswith("Start Progress")
    )
    start.trigger()
    dialog = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, TransitionDialog) and w.isVisible()
    )
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.values["status"].text() == "In Progress", timeout=10000)
    harness.idle()
    status_column = [c.field for c in pane.model.columns].index("status")
    assert pane.model.index(0, status_column).data() == "In Progress"

    done = next(a for a in detail.transition_menu.actions() if a.text().startswith("Done"))
    done.trigger()
    dialog = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, TransitionDialog) and w.isVisible()
    )
    assert "resolution" in dialog.choices
    assert dialog.ok_button.text() == "Transition"
    assert dialog.choices["resolution"].currentIndex() == -1, "no silent default"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["resolution"].isVisible()  # refused before anything is sent
    assert store.issue(key).status_id != 10003  # type: ignore[union-attr]
    dialog.choices["resolution"].setCurrentIndex(dialog.choices["resolution"].findText("Done"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.values["status"].text() == "Done", timeout=10000)
    assert store.issue(key).resolution_id == 10000

    edit = harness.issues.changes.edit()
    assert isinstance(edit, EditIssueDialog)
    edit.summary.clear()
    qtbot.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
    assert edit.errors["summary"].isVisible()  # refused before anything is sent; input kept
    qtbot.keyClicks(edit.summary, "Renamed from Jade")
    qtbot.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.title.text() == f"{key} — Renamed from Jade", timeout=10000)
    harness.idle()
    assert pane.model.index(0, 1).data() == "Renamed from Jade"

    comment = harness.issues.changes.comment()
    assert isinstance(comment, CommentDialog)
    comment.body.setPlainText("Checked from *Jade*.")
    qtbot.mouseClick(comment.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Checked from Jade." in detail.comments.toPlainText(), timeout=10000)


def test_bulk_transition_of_twenty_with_two_failing_reports_both(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.DATACENTER, issues=200)
    store = site.store
    todo = [i for i in store.issues.values() if i.status_id == 10000][:18]
    done = [i for i in store.issues.values() if i.status_id == 10003][:2]
    chosen = todo + done
    for issue in chosen:
        issue.labels = [*issue.labels, "bulk-target"]
    harness.connect(site)
    _search(harness, "labels = bulk-target ORDER BY key")
    pane = harness.issues.pane
    assert pane.model.rowCount() == 20
    pane.table.selectAll()
    assert pane.bulk_button.isEnabled()
    qtbot.mouseClick(pane.bulk_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: harness.issues.changes.bulk_dialog is not None, timeout=10000)
    dialog = harness.issues.changes.bulk_dialog
    assert dialog is not None
    assert dialog.transition.currentIndex() == -1, "no transition is chosen for the user"
    assert not dialog.run_button.isEnabled()
    dialog.transition.setCurrentText("Start Progress")
    # the preview uses each issue's own transitions: the two Done issues cannot take it
    changes = {dialog.table.item(r, 0).text(): dialog.table.item(r, 3).text() for r in range(20)}
    assert all(changes[i.key] == "→ In Progress" for i in todo)
    assert all(changes[i.key].startswith("✗ “Start Progress” is not open from") for i in done)
    assert dialog.run_button.text() == "Change 18 issues, skip 2"
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.summary.text() == "18 changed, 0 failed, 2 skipped", timeout=10000
    )
    outcomes = {dialog.table.item(r, 0).text(): dialog.table.item(r, 4).text() for r in range(20)}
    for issue in done:
        assert outcomes[issue.key].startswith("skipped: ")
        assert store.issue(issue.key).status_id == 10003  # type: ignore[union-attr]
    assert sum(1 for text in outcomes.values() if text == "✓ changed") == 18
    assert all(store.issue(i.key).status_id == 3 for i in todo)  # type: ignore[union-attr]
    assert not dialog.retry_button.isEnabled()  # nothing failed, nothing left


def test_bulk_transition_can_try_the_impossible_ones_and_reports_jiras_reason(
    harness: Harness, qtbot: QtBot
) -> None:
    site = make_site(SandboxFlavour.DATACENTER, issues=200)
    store = site.store
    todo = [i for i in store.issues.values() if i.status_id == 10000][:1]
    done = [i for i in store.issues.values() if i.status_id == 10003][:2]
    for issue in todo + done:
        issue.labels = [*issue.labels, "bulk-target"]
    harness.connect(site)
    _search(harness, "labels = bulk-target ORDER BY key")
    pane = harness.issues.pane
    pane.table.selectAll()
    qtbot.mouseClick(pane.bulk_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: harness.issues.changes.bulk_dialog is not None, timeout=10000)
    dialog = harness.issues.changes.bulk_dialog
    assert dialog is not None
    harness.idle()
    dialog.transition.setCurrentText("Start Progress")  # open from To Do only
    assert dialog.run_button.text() == "Change 1 issue, skip 2"
    assert dialog.include_all.isVisible()
    dialog.include_all.setChecked(True)
    assert dialog.run_button.text() == "Change 3 issues"
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary.text() == "1 changed, 2 failed", timeout=10000)
    outcomes = {dialog.table.item(r, 0).text(): dialog.table.item(r, 4).text() for r in range(3)}
    for issue in done:
        assert (
            outcomes[issue.key].startswith("✗ ")
            and "not open from its status" in outcomes[issue.key]
        )
    assert dialog.retry_button.isEnabled()


def test_saved_queries_and_jira_filters_in_the_queries_menu(
    harness: Harness, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    harness.connect(site)
    _search(harness, "priority = High ORDER BY key")
    pane = harness.issues.pane
    dialog = harness.issues.queries.save_query()
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue("High ones")
    dialog.accept()
    pane.queries_requested.emit()  # the menu opens: the site's filters are fetched
    harness.idle()
    titles = [a.text() for a in pane.queries_menu.actions()]
    assert "High ones" in titles
    assert "My open issues" in titles and "Updated this week" in titles  # admin's Jira filters
    chosen = next(a for a in pane.queries_menu.actions() if a.text() == "High priority bugs")
    chosen.trigger()
    harness.idle()
    # the filter's JQL is its tooltip, escaped so Qt shows it literally
    assert plain_tooltip(pane.editor.query()) == chosen.toolTip()
    assert pane.model.rowCount() > 0
    assert all(row.fields["priority"]["name"] in ("High", "Highest") for row in pane.model.rows)


def test_column_order_and_widths_are_remembered_per_site(
    harness: Harness, settings: QSettings
) -> None:
    site = make_site(SandboxFlavour.DATACENTER)
    profile = harness.connect(site)
    _search(harness, "project is not EMPTY ORDER BY key")
    pane = harness.issues.pane
    header = pane.table.horizontalHeader()
    header.moveSection(2, 0)  # drag Status to the front
    pane.table.setColumnWidth(1, 333)  # logical column 1 is Summary
    assert [c.field for c in pane.visible_order()][:2] == ["status", "key"]
    # the site is shown again (e.g. after a restart): its order and widths come back
    harness.issues.show_session(harness.shell.sites.sessions[profile.id])
    assert [c.field for c in pane.model.columns][:2] == ["status", "key"]
    summary = [c.field for c in pane.model.columns].index("summary")
    assert pane.table.columnWidth(summary) == 333


def test_the_table_gets_the_room_until_an_issue_is_picked_and_the_split_is_remembered(
    harness: Harness, qtbot: QtBot, settings: QSettings
) -> None:
    harness.connect(make_site(SandboxFlavour.DATACENTER))
    harness.window.show_pane("issues")
    harness.search("project is not EMPTY ORDER BY key")
    pane = harness.issues.pane
    assert not pane.detail.isVisible()
    # every default column is in view at 1280 px: none is cut off unseen
    header = pane.table.horizontalHeader()
    shown = sum(header.sectionSize(i) for i in range(header.count() - 1))
    assert shown < pane.table.viewport().width()
    harness.select_issue(0)
    assert pane.detail.isVisible()
    pane.splitter.moveSplitter(700, 1)
    wanted = pane.splitter.sizes()
    again = Harness(qtbot, settings)
    again.window.resize(1280, 780)
    again.window.show()
    try:
        again.window.show_pane("issues")
        again.issues.pane.splitter.show_detail(True)
        assert abs(again.issues.pane.splitter.sizes()[0] - wanted[0]) <= 2
    finally:
        again.close()
