"""``IssueWriter`` against the sandbox in both flavours: workflow, assignment, edits, comments.

Listing transitions shares the session's sites (in-process and over loopback); every test that
changes an issue gets a new site (``fresh``: in-process, both flavours; ``fresh_link``: also over
loopback, for the retry check).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

import pytest

from app.api.errors import NotFoundError, ServerError, ValidationError
from app.api.issues import IssueReader, IssueWriter
from app.domain.issue_actions import IssueEdit, Transition
from app.domain.site import UserRef
from app.sandbox.datagen import IN_PROGRESS
from app.sandbox.datagen.reference import DONE, IN_REVIEW
from app.sandbox.model import Issue as SiteIssue
from app.sandbox.store import Store
from tests.integration.conftest import FLAVOURS, CountingTransport, FakeSleep, Link, make_site

pytestmark = pytest.mark.asyncio


@pytest.fixture(params=FLAVOURS, ids=["cloud", "dc"])
def fresh(request: pytest.FixtureRequest) -> Iterator[Link]:
    """A new site for this test alone, reached in-process."""
    yield Link(make_site(request.param), "asgi", "http://jira.sandbox.test")


@contextlib.asynccontextmanager
async def actions(
    link: Link, transport: CountingTransport | None = None, sleep: FakeSleep | None = None
) -> AsyncIterator[tuple[IssueWriter, IssueReader]]:
    """A writer and a reader signed in as the administrator, closed afterwards."""
    async with link.client(transport=transport, sleep=sleep) as client:
        yield IssueWriter(client), IssueReader(client)


def in_progress(store: Store) -> SiteIssue:
    """The first issue (by id) in progress: it may go to review, be done, blocked or dropped."""
    return next(i for i in sorted(store.issues.values(), key=lambda i: i.id) if i.status_id == 3)


def named(transitions: list[Transition], name: str) -> Transition:
    return next(t for t in transitions if t.name == name)


def comment_bodies(row_fields: dict[str, object]) -> list[str]:
    comments = row_fields["comment"]
    assert isinstance(comments, dict)
    return [c["body"] for c in comments["comments"]]


# ----- transitions --------------------------------------------------------------------------------


async def test_transitions_list_the_screen_fields_and_their_choices(link: Link) -> None:
    issue = in_progress(link.site.store)
    assert issue.status_id == IN_PROGRESS
    async with actions(link) as (writer, _):
        found = await writer.transitions(issue.key)
    expected = {t.name: str(t.id) for t in link.site.store.transitions_for(issue)}
    assert {t.name: t.id for t in found} == expected
    assert set(expected) == {"Request Review", "Done", "Block", "Won't Do"}
    done = named(found, "Done")
    assert done.to_status == "Done"
    # boards pick a column's transitions by the target's id
    assert done.to_status_id == str(DONE)
    resolution = done.field("resolution")
    assert resolution is not None and done.required_fields == (resolution,)
    assert resolution.name == "Resolution" and resolution.required
    assert ("10000", "Done") in resolution.allowed
    assert {"Done", "Won't Do"} <= set(resolution.allowed_names)
    review = named(found, "Request Review")
    assert review.to_status == "In Review" and review.fields == ()
    assert review.to_status_id == str(IN_REVIEW)


async def test_a_missing_required_field_is_refused_with_jiras_field_error(fresh: Link) -> None:
    issue = in_progress(fresh.site.store)
    async with actions(fresh) as (writer, reader):
        done = named(await writer.transitions(issue.key), "Done")
        with pytest.raises(ValidationError) as caught:
            await writer.transition(issue.key, done.id)
        assert caught.value.errors == {"resolution": "Resolution is required."}
        assert (await reader.get(issue.key)).status_name == "In Progress"


async def test_transition_with_resolution_and_comment_moves_the_issue(fresh: Link) -> None:
    issue = in_progress(fresh.site.store)
    async with actions(fresh) as (writer, reader):
        done = named(await writer.transitions(issue.key), "Done")
        await writer.transition(issue.key, done.id, {"resolution": "Done"}, comment="Shipped.")
        row = await reader.get(issue.key)
        assert row.status_name == "Done"
        assert row.fields["resolution"]["name"] == "Done"
        assert comment_bodies(row.fields)[-1] == "Shipped."
        # back again, then dropped with the resolution given by id
        await writer.transition(issue.key, named(await writer.transitions(issue.key), "Reopen").id)
        assert (await reader.get(issue.key)).status_name == "To Do"
        wont = named(await writer.transitions(issue.key), "Won't Do")
        await writer.transition(issue.key, wont.id, {"resolution": "10001"})
        row = await reader.get(issue.key)
    assert row.status_name == "Won't Do"
    assert row.fields["resolution"]["name"] == "Won't Do"


async def test_unknown_resolution_and_invalid_transitions_are_refused(fresh: Link) -> None:
    issue = in_progress(fresh.site.store)
    async with actions(fresh) as (writer, reader):
        with pytest.raises(ValidationError) as caught:
            await writer.transition(issue.key, "31", {"resolution": "Finished"})
        assert caught.value.errors == {"resolution": "Resolution name 'Finished' is not valid"}
        for bad in ("999", "51"):  # unknown, and not available from In Progress (Reopen)
            with pytest.raises(ValidationError) as caught:
                await writer.transition(issue.key, bad)
            assert str(caught.value) == f"Transition id '{bad}' is not valid for this issue."
        assert (await reader.get(issue.key)).status_name == "In Progress"


# ----- assignment, edits, comments ----------------------------------------------------------------


async def test_assign_to_a_user_and_unassign(fresh: Link) -> None:
    issue = in_progress(fresh.site.store)
    async with actions(fresh) as (writer, reader):
        me = await writer.client.myself()
        await writer.assign(issue.key, me)
        assert (await reader.get(issue.key)).assignee_name == me.display_name
        await writer.assign(issue.key, None)
        assert (await reader.get(issue.key)).fields["assignee"] is None
        with pytest.raises(NotFoundError):
            await writer.assign(issue.key, UserRef("no-such-user", "Nobody"))
    assert issue.assignee_key is None


async def test_edit_summary_priority_and_labels(fresh: Link) -> None:
    issue = in_progress(fresh.site.store)
    issue.labels = ["keep", "drop"]
    edit = IssueEdit(
        summary="  Renamed by Jade  ",
        priority="High",
        labels_add=("alpha", "beta", "keep"),
        labels_remove=("drop",),
    )
    async with actions(fresh) as (writer, reader):
        await writer.edit(issue.key, edit)
        row = await reader.get(issue.key)
        await writer.edit(issue.key, IssueEdit())  # nothing to change: nothing sent
    assert row.summary == "Renamed by Jade"
    assert row.fields["priority"]["name"] == "High"
    assert row.fields["labels"] == ["keep", "alpha", "beta"]


async def test_an_empty_summary_is_refused_and_nothing_changes(fresh: Link) -> None:
    issue = in_progress(fresh.site.store)
    before = (issue.summary, list(issue.labels), issue.priority_id)
    async with actions(fresh) as (writer, _):
        with pytest.raises(ValidationError) as caught:
            await writer.edit(issue.key, IssueEdit(summary=" ", labels_add=("new",)))
        assert caught.value.errors == {"summary": "You must specify a summary of the issue."}
        with pytest.raises(ValidationError) as caught:
            await writer.edit(issue.key, IssueEdit(priority="Urgent"))
        assert caught.value.errors == {"priority": "Priority name 'Urgent' is not valid"}
    assert (issue.summary, issue.labels, issue.priority_id) == before


async def test_comment_is_added_and_read_back(fresh: Link) -> None:
    issue = in_progress(fresh.site.store)
    async with actions(fresh) as (writer, reader):
        comment_id = await writer.add_comment(issue.key, "Looked at it: *fine*.")
        row = await reader.get(issue.key)
        with pytest.raises(ValidationError) as caught:
            await writer.add_comment(issue.key, "  ")
    last = row.fields["comment"]["comments"][-1]
    assert (last["id"], last["body"]) == (comment_id, "Looked at it: *fine*.")
    assert caught.value.errors == {"comment": "Comment body can not be empty!"}


# ----- retries ------------------------------------------------------------------------------------


async def test_posts_are_never_resent_after_a_503_but_edits_are(fresh_link: Link) -> None:
    issue = in_progress(fresh_link.site.store)
    comments = len(issue.comments)
    transport = fresh_link.transport(counting=True)
    assert isinstance(transport, CountingTransport)
    sleep = FakeSleep()
    async with actions(fresh_link, transport, sleep) as (writer, _):
        await writer.client.server_info()
        fresh_link.site.knobs.queue_faults("503")
        with pytest.raises(ServerError):
            await writer.add_comment(issue.key, "Only once, please.")
        fresh_link.site.knobs.queue_faults("503")
        with pytest.raises(ServerError):
            await writer.transition(issue.key, "31", {"resolution": "Done"}, comment="Once.")
        assert sleep.delays == []
        assert transport.count("POST", "/comment") == 1
        assert transport.count("POST", "/transitions") == 1
        assert len(issue.comments) == comments and issue.status_id == IN_PROGRESS
        # a PUT sets a state: sending it twice does no harm, so a 503 is waited out
        fresh_link.site.knobs.queue_faults("503")
        await writer.edit(issue.key, IssueEdit(summary="Edited after a 503"))
    assert transport.count("PUT", f"/issue/{issue.key}") == 2 and len(sleep.delays) == 1
    assert issue.summary == "Edited after a 503"
