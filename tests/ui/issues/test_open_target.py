"""Another pane opens an issue in the Issues pane (``IssueTarget``): its key's search runs and
its row is selected once loaded; other sites' and malformed targets are refused; a search the
user starts meanwhile wins."""

from __future__ import annotations

import pytest

from app.sandbox import Flavour as SandboxFlavour
from app.ui.kit.navigation import ISSUES_PANE, IssueTarget
from tests.ui.harness import Harness, make_site


@pytest.mark.parametrize("flavour", [SandboxFlavour.DATACENTER, SandboxFlavour.LEGACY])
def test_an_issue_target_runs_its_search_and_selects_its_row(
    harness: Harness, flavour: SandboxFlavour
) -> None:
    site = make_site(flavour)
    profile = harness.connect(site)
    key = sorted(site.store.issues_by_key)[3]
    assert harness.shell.open(ISSUES_PANE, IssueTarget(key.lower(), profile.id))
    pane = harness.issues.pane
    harness.wait(lambda: pane.detail.issue is not None)
    harness.idle()
    assert harness.window.current_pane() == ISSUES_PANE
    assert pane.editor.query() == f"key = {key}"
    assert [row.key for row in pane.model.rows] == [key]
    assert pane.table.currentIndex().row() == 0
    issue = pane.detail.issue
    assert issue is not None and issue.key == key


def test_targets_of_another_site_or_malformed_are_refused(harness: Harness) -> None:
    site = make_site(SandboxFlavour.CLOUD)
    profile = harness.connect(site)
    key = sorted(site.store.issues_by_key)[0]
    pane = harness.issues.pane
    for target in (
        IssueTarget(key, "another-site"),
        IssueTarget("not a key", profile.id),
        IssueTarget(f"{key} OR project = X", profile.id),
        IssueTarget("ABC-0", profile.id),
        key,
    ):
        assert not harness.issues.open_target(target), target
    assert pane.editor.query() == "" and harness.issues.jql == ""
    assert not harness.running()


def test_a_search_the_user_starts_meanwhile_wins(harness: Harness) -> None:
    site = make_site(SandboxFlavour.CLOUD)
    profile = harness.connect(site)
    key = sorted(site.store.issues_by_key)[0]
    pane = harness.issues.pane
    harness.wait(lambda: bool(pane.fields))
    gate = harness.gates["https://jira.test"]
    gate.hold(lambda r: "/search" in r.url.path)
    assert harness.issues.open_target(IssueTarget(key, profile.id))
    harness.wait(lambda: gate.held)
    # the user's own query finds the same issue: it must not be selected for them
    pane.editor.set_query(f"key in ({key})")
    pane.editor.run()
    gate.release()
    harness.idle()
    assert [row.key for row in pane.model.rows] == [key]
    assert pane.editor.query() == f"key in ({key})"
    assert not pane.table.selectionModel().hasSelection()
    assert pane.detail.issue is None
