"""The issue detail as the user sees it: Jira's rendering, the comments, the history, the links.

Against the sandbox in a real window (both flavours), then the view alone with hand-made
details: raw text when nothing was rendered, and hostile comments. Screenshots of the detail,
light and dark, go to tests/artifacts.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.issue import IssueRow
from app.domain.issue_detail import IssueDetail
from app.domain.issue_history import FieldChange, HistoryEntry, IssueHistory, jira_timestamp
from app.domain.issue_links import IssueLink, IssueRelations, LinkedIssue
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox.model import Comment
from app.ui.issues.detail import IssueDetailView, history_text
from app.ui.issues.dialogs import EditIssueDialog
from tests.ui.conftest import activate
from tests.ui.harness import Harness, make_site
from tests.ui.kit.screenshots import save_light_and_dark

DESCRIPTION = (
    "h2. Context\n"
    "Customers report that the *login form* misbehaves for [~admin] since the last release.\n\n"
    "h3. Steps\n# Open the login page\n# Sign in with SSO\n# Watch the spinner\n\n"
    "{code:java}\nERROR 500 at LoginHandler (timeout after 30s)\n{code}\n\n"
    "See the [status page|https://status.example.com/incidents] and !spinner.png!"
)


@pytest.mark.parametrize("flavour", [SandboxFlavour.DATACENTER, SandboxFlavour.CLOUD])
def test_the_detail_shows_rendering_comments_history_and_links(
    harness: Harness, qtbot: QtBot, flavour: SandboxFlavour
) -> None:
    site = make_site(flavour, issues=120)
    store = site.store
    link = next(lk for lk in store.links.values() if store.link_types[lk.type_id].name == "Blocks")
    issue, blocked = store.issues[link.outward_id], store.issues[link.inward_id]
    # a sub-task and an epic as well: every kind of relation at once
    ours = sorted(store.issues.values(), key=lambda i: i.project_id != issue.project_id)
    sub = next(i for i in ours if store.issue_types[i.issuetype_id].subtask)
    store.set_parent(sub, issue.id)
    epic = next(i for i in ours if i.issuetype_id == 10000)  # of its project if it has one
    store.set_parent(issue, epic.id)
    issue.description = DESCRIPTION
    author = next(u for u in store.users.values() if u.active and u.key != "JIRAUSER10000")
    when = issue.created
    issue.comments = [
        Comment(990001, author.key, "I can reproduce this on _staging_.", when, when, author.key),
        Comment(990002, author.key, "{code}stack trace omitted{code}", when, when, author.key),
    ]
    harness.connect(site)
    harness.window.show_pane("issues")
    harness.search(f"key = {issue.key}")
    harness.select_issue()
    detail = harness.issues.pane.detail

    description = detail.description
    assert description.shown_html is not None  # Jira's rendering, not the wiki markup
    text = description.toPlainText()
    assert text.startswith("Context\nCustomers report that the login form misbehaves for ")
    assert "[image: spinner.png]" in text and "*login form*" not in text
    heading = description.document().find("Context")
    assert heading.blockFormat().headingLevel() == 2
    bold = description.document().find("login form")
    bold.setPosition(bold.selectionStart() + 1)
    assert bold.charFormat().fontWeight() == QFont.Weight.Bold

    assert detail.activity.tabText(0) == "Comments (2)"
    comments = detail.comments.toPlainText()
    assert f"{author.display_name} — " in comments
    assert "I can reproduce this on staging." in comments and "stack trace omitted" in comments

    links = detail.values["issuelinks"]
    assert links.textFormat() == Qt.TextFormat.PlainText
    assert f"blocks {blocked.key} {blocked.summary}" in links.text()
    assert detail.form.isRowVisible(links)
    assert detail.values["subtasks"].text().startswith(f"{sub.key} {sub.summary}")
    assert detail.values["parent"].text().startswith(f"{epic.key} {epic.summary}")

    history = store.history_of(issue)
    assert detail.activity.tabText(1) == f"History ({len(history)})"
    assert f"blocks {blocked.key}" in detail.history.toPlainText()

    # an edit from the detail shows first in its history
    old_summary = issue.summary
    edit = harness.issues.changes.edit()
    assert isinstance(edit, EditIssueDialog)
    edit.summary.clear()
    qtbot.keyClicks(edit.summary, "Login spins forever")
    qtbot.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            detail.activity.tabText(1) == f"History ({len(history)})"
            and "Login spins forever" in detail.history.toPlainText()
        ),
        timeout=10000,
    )
    harness.idle()
    first_entry = detail.history.toPlainText().split("\n\n")[0].splitlines()
    assert first_entry[0].endswith(store.users["JIRAUSER10000"].display_name)
    assert first_entry[1] == f"    Summary: {old_summary} → Login spins forever"

    detail.activity.setCurrentIndex(0)
    harness.window.resize(1400, 900)
    harness.issues.pane.splitter.setSizes([500, 900])
    QApplication.processEvents()
    name = "issue-detail-" + ("dc" if flavour is SandboxFlavour.DATACENTER else "cloud")
    save_light_and_dark(detail, name)
    detail.activity.setCurrentIndex(1)
    save_light_and_dark(detail, name + "-history")


def _view(qtbot: QtBot) -> IssueDetailView:
    view = IssueDetailView()
    qtbot.addWidget(view)
    view.resize(620, 820)
    activate(qtbot, view)
    return view


def _row(**fields: object) -> IssueRow:
    return IssueRow("10001", "ABC-7", {"summary": "Old server issue", **fields})


def test_without_a_rendering_the_raw_text_shows(qtbot: QtBot) -> None:
    view = _view(qtbot)
    comment = {"id": "1", "author": {"displayName": "Ada"}, "body": "*raw* <b>x</b>"}
    view.show_issue(_row(description="h2. Raw *wiki* <b>x</b>", comment={"comments": [comment]}))
    assert view.description.shown_html is None
    assert view.description.toPlainText() == "h2. Raw *wiki* <b>x</b>"
    assert view.comments.shown_html is None
    assert view.comments.toPlainText().endswith("*raw* <b>x</b>")
    assert view.history.toPlainText() == ""
    assert not view.form.isRowVisible(view.values["issuelinks"])
    assert view.activity.tabText(1) == "History"


def test_hostile_comments_stay_text_and_apart(qtbot: QtBot) -> None:
    view = _view(qtbot)
    comments = [
        {"id": "1", "author": {"displayName": "<b>Mallory</b>"}, "body": "x", "created": ""},
        {"id": "2", "author": {"displayName": "Bob"}, "body": "y", "created": ""},
    ]
    rendered = {
        "1": '<table><tr><td>never closed<script>alert(1)</script><img src="http://t.example/p.gif">',
        "2": '<p><a href="javascript:alert(1)">click</a></p>',
    }
    view.show_issue(
        IssueDetail(
            _row(comment={"comments": comments}), "https://jira.example.test", None, rendered
        )
    )
    text = view.comments.toPlainText()
    assert "<b>Mallory</b> — " in text  # the author's name as typed, not as markup
    assert "[image: p.gif]" in text and "alert" not in text
    # the first comment's open table ends with it: Bob's heading is a paragraph of its own
    bob = view.comments.document().find("Bob — ")
    assert not bob.isNull() and bob.currentTable() is None
    assert bob.block().text().startswith("Bob — ")


def test_history_and_links_read_as_plain_text(qtbot: QtBot) -> None:
    view = _view(qtbot)
    entries = [
        HistoryEntry(
            "Ada",
            jira_timestamp("2026-10-01T09:30:00.000+0000"),
            (
                FieldChange("status", "To Do", "In Progress"),
                FieldChange("description", "", "a\n" * 80),
            ),
        ),
        HistoryEntry(
            "",
            jira_timestamp("2026-10-02T10:00:00.000+0000"),
            (FieldChange("labels", "", "<b>x</b>"),),
        ),
    ]
    history = IssueHistory.of(entries, total=240)
    relations = IssueRelations(
        parent=LinkedIssue("ABC-1", "The epic", "In Progress"),
        subtasks=(LinkedIssue("ABC-8", "A part", "Done"),),
        links=(
            IssueLink("is blocked by", LinkedIssue("XYZ-3", "<i>Upstream</i>", "To Do")),
            IssueLink("relates to", LinkedIssue("ABC-2")),
        ),
    )
    view.show_issue(
        IssueDetail(_row(), "https://jira.example.test", history=history, relations=relations)
    )
    text = view.history.toPlainText()
    assert text == history_text(history)
    lines = text.splitlines()
    assert lines[0] == "The latest 2 of 240 changes."
    assert lines[2].endswith("  Jira") and lines[3] == "    Labels: — → <b>x</b>"
    assert "    Status: To Do → In Progress" in lines
    description = next(line for line in lines if line.startswith("    Description:"))
    assert description.endswith("…") and len(description) < 130
    assert view.values["parent"].text() == "ABC-1 The epic (In Progress)"
    assert view.values["subtasks"].text() == "ABC-8 A part (Done)"
    assert view.values["issuelinks"].text() == (
        "is blocked by XYZ-3 <i>Upstream</i> (To Do)\nrelates to ABC-2"
    )
    assert view.values["issuelinks"].textFormat() == Qt.TextFormat.PlainText
    assert view.activity.tabText(1) == "History (240)"
