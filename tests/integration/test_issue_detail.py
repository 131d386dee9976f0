"""``IssueReader.detail`` against the sandbox in both flavours: rendering, history and links.

The shared sites (``link``: in-process and over loopback) are read; every test that changes an
issue gets its own site (``fresh``).
"""

from __future__ import annotations

import pytest

from app.api.issues import IssueReader, IssueWriter
from app.domain.issue_actions import IssueEdit
from app.domain.site import UserRef
from app.sandbox.model import Issue as SiteIssue
from app.sandbox.store import Store
from tests.integration.conftest import Link
from tests.integration.test_issue_actions import fresh as fresh  # noqa: PLC0414 - the fixture

pytestmark = pytest.mark.asyncio


def described(store: Store) -> SiteIssue:
    """An issue with a wiki description (heading, list, link) and comments."""
    return next(
        i
        for i in sorted(store.issues.values(), key=lambda i: i.id)
        if i.description.startswith("h2.") and i.comments
    )


def blocking(store: Store) -> tuple[SiteIssue, SiteIssue]:
    """Two issues of a Blocks link: (blocker, blocked)."""
    link = next(lk for lk in store.links.values() if store.link_types[lk.type_id].name == "Blocks")
    return store.issues[link.outward_id], store.issues[link.inward_id]


async def test_the_detail_carries_jiras_rendering_of_text(link: Link) -> None:
    issue = described(link.site.store)
    async with link.client() as client:
        detail = await IssueReader(client).detail(issue.key)
    assert detail.key == issue.key
    assert detail.fields["description"] == issue.description  # the raw text stays in the row
    assert detail.description_html is not None
    assert detail.description_html.startswith('<h2><a name="Context"></a>Context</h2>')
    assert set(detail.comment_html) == {str(c.id) for c in issue.comments}
    assert detail.site_url == link.base_url


async def test_links_parent_and_subtasks_read_from_the_issue_shown(link: Link) -> None:
    store = link.site.store
    blocker, blocked = blocking(store)
    sub = next(i for i in store.issues.values() if store.issue_types[i.issuetype_id].subtask)
    assert sub.parent_id is not None
    parent = store.issues[sub.parent_id]
    async with link.client() as client:
        reader = IssueReader(client)
        from_blocker = await reader.detail(blocker.key)
        from_blocked = await reader.detail(blocked.key)
        child = await reader.detail(sub.key)
        mother = await reader.detail(parent.key)
    assert ("blocks", blocked.key) in [
        (k.relation, k.issue.key) for k in from_blocker.relations.links
    ]
    back = [(k.relation, k.issue.key) for k in from_blocked.relations.links]
    assert ("is blocked by", blocker.key) in back
    assert child.relations.parent is not None and child.relations.parent.key == parent.key
    assert child.relations.parent.summary == parent.summary
    assert sub.key in [s.key for s in mother.relations.subtasks]
    status = store.statuses[sub.status_id].name
    assert next(s for s in mother.relations.subtasks if s.key == sub.key).status == status


async def test_an_edit_appears_first_in_the_changelog(fresh: Link) -> None:
    store = fresh.site.store
    issue = next(i for i in sorted(store.issues.values(), key=lambda i: i.id) if i.status_id == 3)
    old_summary = issue.summary
    priority = "Lowest" if issue.priority_id == 1 else "Highest"
    admin = store.users["JIRAUSER10000"]
    project = store.projects[issue.project_id]
    other = next(
        u
        for u in store.users.values()
        if u.active
        and u is not admin
        and u.key != issue.assignee_key
        and store.can_browse(u, project)
    )
    async with fresh.client() as client:
        reader, writer = IssueReader(client), IssueWriter(client)
        before = await reader.detail(issue.key)
        await writer.edit(
            issue.key, IssueEdit(summary="Changed from Jade", priority=priority, labels_add=("x",))
        )
        after_edit = await reader.detail(issue.key)
        await writer.assign(issue.key, UserRef(store.user_ref(other), other.display_name))
        after_assign = await reader.detail(issue.key)
    assert after_edit.history.total == before.history.total + 1
    newest = after_edit.history.entries[0]
    assert newest.author == admin.display_name
    changed = {c.label: (c.before, c.after) for c in newest.changes}
    assert changed["Summary"] == (old_summary, "Changed from Jade")
    assert changed["Priority"][1] == priority
    assert "x" in changed["Labels"][1].split()
    assert after_edit.history.entries[1:] == before.history.entries
    [assigned] = after_assign.history.entries[0].changes
    assert assigned.label == "Assignee"
    assert assigned.after == other.display_name
