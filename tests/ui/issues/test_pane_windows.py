"""The Issues pane on Data Center searches larger than the result window.

The sandbox's window is 1,000 here (10,000 in Jira) so that a 25,000-issue search needs the same
windows and merges as a 250,000-issue one would, fast. The gate holds a window's page to look
at the pane mid-load: the count reads "N of M" from before the first row until the end.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
from PySide6.QtWidgets import QToolButton

from app.domain.search_order import parse_order
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox import Sandbox, SandboxConfig
from app.sandbox.jql import search as sandbox_search
from app.ui.kit.tasks import Level
from tests.ui.harness import ANCHOR, Harness

ISSUES = 25_000
WINDOW = 1_000


def big_site(issues: int = ISSUES, window: int = WINDOW) -> Sandbox:
    return Sandbox(
        SandboxConfig(
            flavour=SandboxFlavour.DATACENTER,
            seed=5,
            projects=7,
            issues=issues,
            anchor=ANCHOR,
            search_window=window,
        )
    )


def truth(site: Sandbox, jql: str) -> list[str]:
    admin = site.store.user_by_name(site.admin.login)
    return [i.key for i in sandbox_search(site.store, jql, user=admin).issues]


def keys(h: Harness) -> list[str]:
    return [row.key for row in h.issues.pane.model.rows]


def window_pages(of_project: str, order: str) -> Callable[[httpx.Request], bool]:
    """Holds the pages of the windows over one project (by id), in one order."""

    def matches(request: httpx.Request) -> bool:
        if not request.url.path.endswith("/search") or not request.content:
            return False
        body = json.loads(request.content)
        jql = str(body.get("jql", ""))
        return body.get("maxResults", 0) > 1 and of_project in jql and order in jql

    return matches


def test_25000_issues_load_in_order_and_count_n_of_m(harness: Harness) -> None:
    site = big_site()
    harness.connect(site)
    pane = harness.issues.pane
    gate = harness.gates["https://jira.test"]
    projects = sorted(site.store.projects.values(), key=lambda p: p.key)

    # the first search also tells Jade the site's window (Jira's refusal names it)
    harness.search("project is not EMPTY ORDER BY key")
    assert keys(harness) == truth(site, "project is not EMPTY ORDER BY key")
    assert pane.count.text().startswith(f"{ISSUES:,} issues in ")

    # by created: windows interleave, so nothing can be shown before every window answered
    jql = "project is not EMPTY ORDER BY created DESC"
    # while the windows are planned (the project list first), the first page's total shows
    gate.hold(lambda r: r.method == "GET" and r.url.path.endswith("/rest/api/2/project"))
    pane.editor.set_query(jql)
    pane.editor.run()
    harness.wait(lambda: gate.held)
    harness.wait(lambda: pane.count.text() == f"0 of {ISSUES:,} issues")
    gate.release()
    gate.hold(window_pages(str(projects[-1].id), "ORDER BY created DESC"))
    harness.wait(lambda: gate.held)
    assert pane.count.text() == f"0 of {ISSUES:,} issues"
    assert not pane.progress.isHidden() and pane.cancel_button.isEnabled()
    gate.release()
    harness.idle(timeout=60000)
    assert keys(harness) == truth(site, parse_order(jql).jql())
    assert pane.count.text().startswith(f"{ISSUES:,} issues in ")
    assert pane.progress.isHidden()

    # by key, descending: the first project's windows come last; the rest shows meanwhile
    jql = "project is not EMPTY ORDER BY key DESC"
    gate.hold(window_pages(str(projects[0].id), "ORDER BY key DESC"))
    pane.editor.set_query(jql)
    pane.editor.run()
    harness.wait(lambda: gate.held)
    # every other project is shown, and counted, while the held windows wait
    rest = ISSUES - sum(1 for i in site.store.issues.values() if i.project_id == projects[0].id)
    harness.wait(lambda: pane.model.rowCount() == rest)
    harness.wait(lambda: pane.count.text() == f"{rest:,} of {ISSUES:,} issues")
    assert keys(harness) == truth(site, jql)[:rest]
    assert not pane.progress.isHidden()
    gate.release()
    harness.idle(timeout=60000)
    assert keys(harness) == truth(site, jql)
    assert pane.count.text().startswith(f"{ISSUES:,} issues in ")
    assert harness.notices(Level.WARNING) == []


def test_an_order_that_cannot_be_merged_offers_key_order(harness: Harness) -> None:
    site = big_site(issues=600, window=100)
    harness.connect(site)
    pane = harness.issues.pane
    harness.search("project is not EMPTY ORDER BY priority DESC")
    assert pane.model.rowCount() == 0
    assert (
        pane.count.text()
        == "600 issues: too many to sort by priority; order by key to load them all"
    )
    [(title, message)] = harness.notices(Level.WARNING)
    assert title == "Too many issues for this order"
    assert "cannot sort by 'priority'" in message
    [card] = harness.window.notifications.cards
    [button] = [b for b in card.findChildren(QToolButton) if b.text() == "Order by key"]
    button.click()
    harness.idle()
    assert pane.editor.query() == "project is not EMPTY ORDER BY key ASC"
    assert keys(harness) == truth(site, "project is not EMPTY ORDER BY key")
    assert pane.count.text().startswith("600 issues in ")


def test_issues_that_change_while_loading_are_notified(harness: Harness) -> None:
    site = big_site(issues=600, window=100)
    harness.connect(site)
    pane = harness.issues.pane
    gate = harness.gates["https://jira.test"]
    jql = "project is not EMPTY ORDER BY updated DESC"
    harness.search(jql)  # learns the window
    victim = truth(site, jql)[0]

    def final_count(request: httpx.Request) -> bool:
        # the count of the whole query after the last window: the rows are all in by then
        if not request.url.path.endswith("/search") or not request.content:
            return False
        body = json.loads(request.content)
        return body.get("maxResults") == 0 and body.get("jql") == "project is not EMPTY"

    gate.hold(final_count)
    pane.editor.run()
    harness.wait(lambda: gate.held)
    assert not pane.count.text().endswith(" s")  # not finished before it is
    site.store.remove_issue(site.store.issues_by_key[victim])
    gate.release()
    harness.idle()
    assert victim in keys(harness)
    assert pane.count.text().endswith("; 1 changed while loading")
    [(title, message)] = harness.notices(Level.WARNING)
    assert title == "Issues changed while the search loaded"
    assert f"1 listed but no longer matching ({victim})" in message


def test_a_stopped_load_says_how_far_it_got_never_that_it_finished(harness: Harness) -> None:
    site = big_site(issues=600, window=100)
    harness.connect(site)
    pane = harness.issues.pane
    gate = harness.gates["https://jira.test"]
    projects = sorted(site.store.projects.values(), key=lambda p: p.key)
    jql = "project is not EMPTY ORDER BY key"
    harness.search(jql)  # learns the window
    last = str(projects[-1].id)

    # cancelled while the last project's windows wait
    gate.hold(window_pages(last, "ORDER BY key"))
    pane.editor.run()
    harness.wait(lambda: gate.held and pane.model.rowCount() > 0)
    harness.wait(lambda: pane.count.text() == f"{pane.model.rowCount():,} of 600 issues")
    pane.cancel_button.click()
    gate.release()
    harness.idle()
    shown = pane.model.rowCount()
    assert 0 < shown < 600
    assert pane.count.text() == f"{shown:,} of 600 issues (cancelled)"

    # failed: the last window's page answers 500
    def fail(request: httpx.Request) -> bool:
        if window_pages(last, "ORDER BY key")(request):
            site.knobs.queue_faults("500")
        return False

    gate.hold(fail)
    pane.editor.run()
    harness.idle()
    shown = pane.model.rowCount()
    assert 0 < shown < 600
    assert pane.count.text() == f"{shown:,} of 600 issues (the search failed)"
    assert harness.notices(Level.ERROR)
