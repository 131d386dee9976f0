"""``AgileBoards`` (agile REST 1.0) against the sandbox in both flavours: every operation of
``BoardSource``, Jira's refusals in Jira's words, rank order and completing a sprint.

Reads share the session's sites (in-process and over loopback); every test that changes the
site gets a new one (``fresh``: in-process, both flavours; ``fresh_link``: also over loopback).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from app.api import agile_boards
from app.api.agile_boards import AgileBoards
from app.api.board_sources import board_source_for
from app.api.boards import BoardSource
from app.api.core import ApiRequest
from app.api.errors import PermissionDeniedError, ValidationError
from app.api.issues import IssueWriter
from app.domain.board import Board, BoardType, Card, SprintChanges, SprintState
from app.sandbox.boards import backlog_of, board_issues, epics_of, is_done, open_sprint
from app.sandbox.model import Board as SiteBoard
from app.sandbox.model import User
from app.sandbox.store import Store
from tests.integration.conftest import FLAVOURS, CountingTransport, Link, make_site

pytestmark = pytest.mark.asyncio
WEEK = timedelta(days=7)


@pytest.fixture(params=FLAVOURS, ids=["cloud", "dc"])
def fresh(request: pytest.FixtureRequest) -> Iterator[Link]:
    """A new site for this test alone, reached in-process."""
    yield Link(make_site(request.param), "asgi", "http://jira.sandbox.test")


@contextlib.asynccontextmanager
async def source(
    link: Link, who: str = "admin", transport: CountingTransport | None = None
) -> AsyncIterator[AgileBoards]:
    """The site's board source, signed in as ``who``, closed afterwards."""
    async with link.client(who, transport=transport) as client:
        found = await board_source_for(client)
        assert isinstance(found, AgileBoards)
        yield found


def site_board(store: Store, kind: str = "scrum", backlog: bool | None = None) -> SiteBoard:
    """The first board of that kind (kanban: with or without its backlog)."""
    return next(
        b
        for b in store.boards.values()
        if b.type == kind and (backlog is None or b.kanban_backlog is backlog)
    )


def exactly(text: str) -> str:
    """A ``match=`` pattern for Jira's whole message."""
    return f"^{re.escape(text)}$"


async def board_of(boards: BoardSource, site: SiteBoard) -> Board:
    return next(b for b in await boards.boards() if b.id == site.id)


async def all_cards(batches: AsyncIterator[list[Card]]) -> list[list[Card]]:
    return [batch async for batch in batches]


def admin_of(store: Store) -> User:
    admin = store.user_by_name("admin")
    assert admin is not None
    return admin


def tidy_done_parents(store: Store, sprint_id: int) -> None:
    """Close the open sub-tasks of the sprint's done issues, as a team would before completing
    it (Data Center refuses to complete a sprint while a done issue has open sub-tasks)."""
    for issue in store.issues.values():
        if sprint_id in issue.sprint_ids and is_done(store, issue):
            for child in store.children(issue):
                child.status_id = issue.status_id


# ----- reading ------------------------------------------------------------------------------------


async def test_boards_are_listed_and_filtered(link: Link) -> None:
    store = link.site.store
    async with source(link) as boards:
        found = await boards.boards()
        assert [b.id for b in found] == sorted(store.boards)
        scrum = site_board(store)
        key = store.projects[scrum.project_id].key
        assert {b.project_key for b in await boards.boards(project=key)} == {key}
        kanban = await boards.boards(kind=BoardType.KANBAN)
        assert kanban and {b.type for b in kanban} == {BoardType.KANBAN}
        assert [b.name for b in await boards.boards(name=scrum.name.lower())] == [scrum.name]


async def test_a_site_without_agile_has_no_board_source(fresh: Link) -> None:
    fresh.site.knobs.absent.add("board")  # answered with Jersey's 404, as without Jira Software
    async with fresh.client() as client:
        assert await board_source_for(client) is None


async def test_a_scrum_configuration_maps_every_status_and_estimates(link: Link) -> None:
    store = link.site.store
    site = site_board(store)
    async with source(link) as boards:
        config = await boards.configuration(await board_of(boards, site))
    assert [c.name for c in config.columns] == [c.name for c in site.columns]
    for column, expected in zip(config.columns, site.columns, strict=True):
        assert column.status_ids == tuple(str(s) for s in expected.status_ids)
    assert config.estimation_field == store.field_ids.story_points
    assert config.rank_field == store.field_ids.rank
    assert config.filter_jql == f"project = {store.projects[site.project_id].key} ORDER BY Rank ASC"
    assert config.unsupported == {}


async def test_kanban_configurations_say_what_the_board_lacks(link: Link) -> None:
    store = link.site.store
    async with source(link) as boards:
        with_backlog = await boards.configuration(
            await board_of(boards, site_board(store, "kanban", backlog=True))
        )
        without = await boards.configuration(
            await board_of(boards, site_board(store, "kanban", backlog=False))
        )
    assert with_backlog.kanban_backlog and set(with_backlog.unsupported) == {"sprints"}
    progress = with_backlog.columns[1]
    assert (progress.min, progress.max) == (1, 4) and progress.over_limit(5)
    assert with_backlog.estimation_field is None
    assert not without.kanban_backlog and set(without.unsupported) == {"sprints", "backlog"}


async def test_sprints_of_a_board_by_state(link: Link) -> None:
    store = link.site.store
    site = site_board(store)
    async with source(link) as boards:
        board = await board_of(boards, site)
        every = await boards.sprints(board)
        active = await boards.sprints(board, [SprintState.ACTIVE])
    assert [s.id for s in every] == sorted(
        s.id for s in store.sprints.values() if s.board_id == site.id
    )
    assert [s.state for s in active] == [SprintState.ACTIVE]
    assert (
        active[0].start is not None and active[0].end is not None and active[0].board_id == site.id
    )


async def test_cards_come_in_board_order_in_batches(
    link: Link, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(agile_boards, "ISSUE_PAGE", 10)  # several pages from a small board
    store = link.site.store
    site = site_board(store)
    expected = board_issues(store, site, admin_of(store))
    async with source(link) as boards:
        board = await board_of(boards, site)
        config = await boards.configuration(board)
        batches = await all_cards(boards.cards(board, config))
        active = (await boards.sprints(board, [SprintState.ACTIVE]))[0]
        in_sprint = [
            c for b in await all_cards(boards.cards(board, config, sprint=active)) for c in b
        ]
    assert len(batches) > 1 and all(len(b) <= 10 for b in batches)
    cards = [c for b in batches for c in b]
    assert [c.key for c in cards] == [i.key for i in expected]
    for card, issue in zip(cards, expected, strict=True):
        assert card.status_id == str(issue.status_id)
        assert card.done == is_done(store, issue)
        assert card.estimate == issue.story_points
        sprint = open_sprint(store, issue)
        assert card.sprint_id == (sprint.id if sprint else None)
        parent = store.issues.get(issue.parent_id) if issue.parent_id else None
        epic = parent if parent and store.issue_types[parent.issuetype_id].name == "Epic" else None
        assert card.epic_key == (epic.key if epic else None)
        assert card.labels == tuple(issue.labels)
    assert in_sprint and {c.sprint_id for c in in_sprint} == {active.id}
    assert [c.key for c in in_sprint] == [c.key for c in cards if c.sprint_id == active.id]


async def test_the_backlog_and_the_epics(link: Link) -> None:
    store = link.site.store
    site = site_board(store)
    async with source(link) as boards:
        board = await board_of(boards, site)
        config = await boards.configuration(board)
        backlog = [c for b in await all_cards(boards.backlog(board, config)) for c in b]
        epics = await boards.epics(board)
        kanban = await board_of(boards, site_board(store, "kanban", backlog=True))
        kanban_backlog = [
            c
            for b in await all_cards(boards.backlog(kanban, await boards.configuration(kanban)))
            for c in b
        ]
    assert [c.key for c in backlog] == [i.key for i in backlog_of(store, site, admin_of(store))]
    assert all(c.sprint_id is None and not c.done for c in backlog)
    assert [e.key for e in epics] == [i.key for i in epics_of(store, site, admin_of(store))]
    assert all(e.colour and e.colour.startswith("color_") for e in epics)
    assert kanban_backlog and {c.status_name for c in kanban_backlog} == {"To Do"}


async def test_a_kanban_board_without_a_backlog_refuses_in_jiras_words(link: Link) -> None:
    store = link.site.store
    async with source(link) as boards:
        board = await board_of(boards, site_board(store, "kanban", backlog=False))
        config = await boards.configuration(board)
        with pytest.raises(ValidationError, match="The backlog is not available on Kanban boards"):
            await all_cards(boards.backlog(board, config))
        with pytest.raises(ValidationError, match="The board does not support sprints"):
            await boards.sprints(board)


# ----- sprints ------------------------------------------------------------------------------------


async def test_a_sprint_is_created_edited_started_and_refused_as_jira_refuses(fresh: Link) -> None:
    store = fresh.site.store
    site = site_board(store)
    start = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    async with source(fresh) as boards:
        board = await board_of(boards, site)
        made = await boards.create_sprint(board, SprintChanges(name="  Hardening  ", goal="Fix"))
        assert (made.name, made.goal, made.state, made.board_id) == (
            "Hardening",
            "Fix",
            SprintState.FUTURE,
            site.id,
        )
        assert made.start is None
        with pytest.raises(
            ValidationError, match=exactly("Only an active sprint can be completed.")
        ):
            await boards.complete_sprint(made, None)
        with pytest.raises(
            ValidationError,
            match=exactly("The sprint cannot be started without a start date and an end date."),
        ):
            await boards.update_sprint(made, SprintChanges(state=SprintState.ACTIVE))
        edited = await boards.update_sprint(
            made, SprintChanges(name="Hardening 2", start=start, end=start + 2 * WEEK)
        )
        assert edited.name == "Hardening 2" and edited.goal == "Fix"  # a partial update
        assert edited.start == start and edited.end == start + 2 * WEEK
        with pytest.raises(ValidationError, match="already has an active sprint"):
            await boards.update_sprint(edited, SprintChanges(state=SprintState.ACTIVE))
        active = (await boards.sprints(board, [SprintState.ACTIVE]))[0]
        with pytest.raises(ValidationError, match=exactly("An active sprint cannot be deleted.")):
            await boards.delete_sprint(active)
        await boards.delete_sprint(edited)
        assert made.id not in store.sprints


async def test_completing_moves_the_open_issues_where_asked(fresh: Link) -> None:
    store = fresh.site.store
    site = site_board(store)
    site_active = next(
        s for s in store.sprints.values() if s.board_id == site.id and s.state == "active"
    )
    tidy_done_parents(store, site_active.id)
    in_it = [i for i in store.issues.values() if site_active.id in i.sprint_ids]
    open_ones = [i for i in in_it if not is_done(store, i)]
    done = [i for i in in_it if is_done(store, i)]
    assert open_ones
    async with source(fresh) as boards:
        board = await board_of(boards, site)
        active = (await boards.sprints(board, [SprintState.ACTIVE]))[0]
        target = (await boards.sprints(board, [SprintState.FUTURE]))[0]
        closed = await boards.complete_sprint(active, target)
        assert closed.state is SprintState.CLOSED and closed.complete is not None
        if fresh.cloud:  # Cloud ignores all but the name and goal of a closed sprint
            assert (await boards.complete_sprint(closed, None)).complete == closed.complete
        else:
            with pytest.raises(
                ValidationError, match=exactly("A closed sprint cannot be updated.")
            ):
                await boards.complete_sprint(closed, None)
        started = await boards.update_sprint(
            target,
            SprintChanges(
                state=SprintState.ACTIVE,
                start=datetime(2026, 11, 2, tzinfo=UTC),
                end=datetime(2026, 11, 16, tzinfo=UTC),
            ),
        )
        assert started.state is SprintState.ACTIVE
    assert all(open_sprint(store, i) is store.sprints[target.id] for i in open_ones)
    assert all(open_sprint(store, i) is None for i in done)


async def test_completing_without_a_target_sends_open_issues_to_the_backlog(fresh: Link) -> None:
    store = fresh.site.store
    site = site_board(store)
    async with source(fresh) as boards:
        board = await board_of(boards, site)
        made = await boards.create_sprint(board, SprintChanges(name="Short"))
        open_issue = next(
            i
            for i in backlog_of(store, site, admin_of(store))
            if not store.issue_types[i.issuetype_id].subtask
        )
        await boards.move_to_sprint(made, [open_issue.key])
        active = (await boards.sprints(board, [SprintState.ACTIVE]))[0]
        tidy_done_parents(store, active.id)
        await boards.complete_sprint(active, None)  # one active sprint at a time
        now = datetime.now(UTC)
        started = await boards.update_sprint(
            made, SprintChanges(state=SprintState.ACTIVE, start=now, end=now + WEEK)
        )
        await boards.complete_sprint(started, None)
    assert open_sprint(store, open_issue) is None and made.id in open_issue.sprint_ids


# ----- moves, transitions and rank ------------------------------------------------------------


async def test_moves_go_by_fifty_and_closed_sprints_refuse(fresh_link: Link) -> None:
    store = fresh_link.site.store
    site = site_board(store)
    candidates = [
        i
        for i in store.issues.values()
        if not store.issue_types[i.issuetype_id].subtask
        and store.issue_types[i.issuetype_id].name != "Epic"
    ][:60]
    counting = fresh_link.transport(counting=True)
    assert isinstance(counting, CountingTransport)
    async with source(fresh_link, transport=counting) as boards:
        board = await board_of(boards, site)
        future = (await boards.sprints(board, [SprintState.FUTURE]))[0]
        await boards.move_to_sprint(future, [i.key for i in candidates])
        assert counting.count("POST", f"/sprint/{future.id}/issue") == 2  # 50, then 10
        assert all(open_sprint(store, i) is store.sprints[future.id] for i in candidates)
        await boards.move_to_backlog([i.key for i in candidates])
        assert counting.count("POST", "/backlog/issue") == 2
        assert all(open_sprint(store, i) is None for i in candidates)
        closed = (await boards.sprints(board, [SprintState.CLOSED]))[0]
        with pytest.raises(
            ValidationError, match=exactly("Issues can only be moved to an open or future sprint.")
        ):
            await boards.move_to_sprint(closed, [candidates[0].key])
        # one call of more than 50, as another client might send it
        client = boards.client
        with pytest.raises(
            ValidationError, match=exactly("Cannot move more than 50 issues at once.")
        ):
            await client.http.send(
                ApiRequest(
                    "POST",
                    f"rest/agile/1.0/sprint/{future.id}/issue",
                    json={"issues": [i.key for i in candidates[:51]]},
                    idempotent=False,
                )
            )


async def test_a_drag_to_a_column_the_workflow_does_not_allow_is_refused(fresh: Link) -> None:
    store = fresh.site.store
    issue = next(i for i in store.issues.values() if i.status_id == 10000)  # To Do
    review = next(t for t in store.transitions if t.name == "Request Review")  # from In Progress
    async with fresh.client() as client:
        with pytest.raises(
            ValidationError, match=f"^Transition id '{review.id}' is not valid for this issue.$"
        ):
            await IssueWriter(client).transition(issue.key, str(review.id))


async def test_ranking_puts_issues_where_asked_and_reports_each_one(fresh: Link) -> None:
    store = fresh.site.store
    site = site_board(store)
    admin = admin_of(store)
    before = [i.key for i in board_issues(store, site, admin)]
    async with source(fresh) as boards:
        outcomes = await boards.rank([before[5], before[3]], before=before[0])
        assert all(o.ok for o in outcomes)
        now = [i.key for i in board_issues(store, site, admin)]
        assert now[:3] == [before[5], before[3], before[0]]
        # sixty issues: two calls, and the whole list keeps its order after the anchor
        everything = [i.key for i in sorted(store.issues.values(), key=lambda i: -i.id)][:60]
        anchor = next(k for k in before if k not in everything)
        outcomes = await boards.rank(everything, after=anchor)
        assert [o.key for o in outcomes] == everything and all(o.ok for o in outcomes)
        ranked = sorted(store.issues.values(), key=lambda i: (i.rank, i.id))
        keys = [i.key for i in ranked]
        at = keys.index(anchor)
        assert keys[at + 1 : at + 61] == everything
        # an issue ranked after itself: Jira's 207, one outcome per issue
        outcomes = await boards.rank([before[1], before[2]], after=before[2])
        assert outcomes[0].ok and not outcomes[1].ok
        assert outcomes[1].message == "An issue cannot be ranked relative to itself."
        with pytest.raises(ValueError, match="exactly one"):
            await boards.rank([before[1]])


async def test_someone_who_only_browses_is_refused_planning(fresh: Link) -> None:
    store = fresh.site.store
    plain = store.user_by_name("pat")
    site = next(
        b
        for b in store.boards.values()
        if b.type == "scrum" and store.can_browse(plain, store.projects[b.project_id])
    )
    async with source(fresh, "user") as boards:
        board = await board_of(boards, site)
        with pytest.raises(PermissionDeniedError, match="permission to manage sprints"):
            await boards.create_sprint(board, SprintChanges(name="Mine"))
