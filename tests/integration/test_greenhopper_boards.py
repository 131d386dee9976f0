"""``GreenHopperBoards`` against the greenhopper sandbox, in-process and over loopback.

Reading tests share one site per mode; tests that write get a site of their own.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from app.api.board_sources import board_source_for
from app.api.boards import AgileNotSupportedError
from app.api.errors import PermissionDeniedError, ValidationError
from app.api.greenhopper import UNSUPPORTED, GreenHopperBoards, greenhopper_source_for
from app.domain.board import (
    AgileApi,
    Board,
    BoardConfig,
    BoardType,
    Card,
    SprintChanges,
    SprintState,
)
from app.sandbox import Flavour as SandboxFlavour
from app.sandbox.model import Board as StoredBoard
from app.sandbox.model import Issue
from app.sandbox.store import Store
from tests.integration.conftest import MODES, CountingTransport, Link, _link, make_site


@pytest.fixture(scope="module", params=MODES)
def gh_link(request: pytest.FixtureRequest) -> Iterator[Link]:
    """A read-only GreenHopper site, in-process and over loopback."""
    yield from _link(make_site(SandboxFlavour.GREENHOPPER), request.param)


@pytest.fixture(params=MODES)
def fresh_gh(request: pytest.FixtureRequest) -> Iterator[Link]:
    """A GreenHopper site for this test alone (it writes)."""
    yield from _link(make_site(SandboxFlavour.GREENHOPPER), request.param)


@contextlib.asynccontextmanager
async def _boards(link: Link, who: str = "admin") -> AsyncIterator[GreenHopperBoards]:
    async with link.client(who) as client:
        source = await greenhopper_source_for(client)
        assert source is not None
        yield source


async def _collect(batches: AsyncIterator[list[Card]]) -> list[Card]:
    out: list[Card] = []
    async for batch in batches:
        out.extend(batch)
    return out


def _stored(link: Link, board: Board) -> StoredBoard:
    return link.site.store.boards[board.id]


def _ranked(issues: list[Issue]) -> list[str]:
    return [i.key for i in sorted(issues, key=lambda i: i.rank)]


def _not_epic(store: Store, issue: Issue) -> bool:
    return store.issue_types[issue.issuetype_id].name != "Epic"


# ----- finding the API -----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_only_greenhopper_sites_have_a_source(gh_link: Link) -> None:
    async with gh_link.client() as client:
        source = await greenhopper_source_for(client)
        assert isinstance(source, GreenHopperBoards) and source.api is AgileApi.GREENHOPPER
    for flavour in (SandboxFlavour.DATACENTER, SandboxFlavour.CLOUD):
        other = Link(make_site(flavour, issues=30, projects=2), "asgi", "http://jira.sandbox.test")
        async with other.client() as client:
            assert await greenhopper_source_for(client) is None


# ----- boards and their configuration -------------------------------------------------------------


@pytest.mark.asyncio
async def test_boards_with_their_projects(gh_link: Link) -> None:
    store = gh_link.site.store
    async with _boards(gh_link) as source:
        boards = await source.boards()
        assert [(b.id, b.name, b.type, b.api) for b in boards] == [
            (b.id, b.name, BoardType(b.type), AgileApi.GREENHOPPER)
            for b in sorted(store.boards.values(), key=lambda b: b.id)
        ]
        # the API does not say a board's project: Jade found it from the board's versions
        assert all(
            b.project_key == store.projects[_stored(gh_link, b).project_id].key for b in boards
        )
        one = boards[1]
        same_project = [b for b in boards if b.project_key == one.project_key]
        assert await source.boards(project=one.project_key) == same_project
        assert await source.boards(project=(one.project_key or "").lower()) == same_project
        assert await source.boards(name=one.name.lower()) == [one]
        kanban = [b for b in boards if b.type is BoardType.KANBAN]
        assert await source.boards(kind=BoardType.KANBAN) == kanban
    async with _boards(gh_link, "user") as source:
        assert 0 < len(await source.boards()) < len(boards)


@pytest.mark.asyncio
async def test_configuration_is_built_from_the_projects_statuses(gh_link: Link) -> None:
    store = gh_link.site.store
    async with _boards(gh_link) as source:
        board = (await source.boards())[0]
        config = await source.configuration(board)
    assert config.board_id == board.id
    assert [c.name for c in config.columns] == ["To Do", "In Progress", "Done"]
    for column, key in zip(config.columns, ("new", "indeterminate", "done"), strict=True):
        expected = [
            s.id
            for s in store.statuses.values()
            if store.status_categories[s.category_id].key == key
        ]
        assert sorted(column.status_ids) == sorted(str(i) for i in expected)
        assert (column.min, column.max) == (None, None)
    assert config.estimation_field == store.field_ids.story_points
    assert config.estimation_name == "Story Points"
    assert config.rank_field is None and config.filter_jql == ""
    assert config.unsupported == UNSUPPORTED
    for key in ("rank", "wip", "configuration", "start_sprint", "complete_sprint", "sprint_goal"):
        assert config.unsupported[key].startswith(("Jira Agile 6.x", "Sprints of Jira Agile 6.x"))


@pytest.mark.asyncio
async def test_a_board_without_versions_is_placed_by_its_sprints(fresh_gh: Link) -> None:
    store = fresh_gh.site.store
    stored = next(iter(store.boards.values()))
    project = store.projects[stored.project_id]
    for version in store.project_versions(project):
        del store.versions[version.id]
    # a kanban board over a project without versions: nothing tells where it is
    kanban = StoredBoard(store.next_id("board", 1), "Flow", "kanban", project.id)
    store.boards[kanban.id] = kanban
    async with _boards(fresh_gh) as source:
        boards = {b.id: b for b in await source.boards()}
        assert boards[stored.id].project_key == project.key
        flow = boards[kanban.id]
        assert flow.type is BoardType.KANBAN and flow.project_key is None
        config = await source.configuration(flow)
        assert "cards" in config.unsupported and "backlog" in config.unsupported
        assert [c.name for c in config.columns] == ["To Do", "In Progress", "Done"]
        assert await source.sprints(flow) == []
        with pytest.raises(AgileNotSupportedError, match="does not say which projects"):
            await _collect(source.cards(flow, config))
        with pytest.raises(
            AgileNotSupportedError, match=r"Kanban boards of Jira Agile 6\.x have no backlog"
        ):
            await _collect(source.backlog(flow, config))


# ----- sprints, cards, backlog, epics -------------------------------------------------------------


@pytest.mark.asyncio
async def test_sprints_of_a_board(gh_link: Link) -> None:
    store = gh_link.site.store
    async with _boards(gh_link) as source:
        board = (await source.boards())[0]
        sprints = await source.sprints(board)
        stored = sorted(
            (s for s in store.sprints.values() if s.board_id == board.id), key=lambda s: s.id
        )
        assert [(s.id, s.name, s.state.value, s.board_id) for s in sprints] == [
            (s.id, s.name, s.state, board.id) for s in stored
        ]
        for got, held in zip(sprints, stored, strict=True):
            assert got.start == held.start_date and got.end == held.end_date
            assert got.complete == held.complete_date
            assert got.start is None or got.start.utcoffset() is not None
        open_ = await source.sprints(board, [SprintState.ACTIVE, SprintState.FUTURE])
        assert {s.state for s in open_} == {SprintState.ACTIVE, SprintState.FUTURE}
        assert [s.id for s in open_] == [s.id for s in sprints if s.state is not SprintState.CLOSED]


@pytest.mark.asyncio
async def test_cards_of_a_sprint_and_of_the_board(gh_link: Link) -> None:
    store = gh_link.site.store
    async with _boards(gh_link) as source:
        board = (await source.boards())[0]
        config = await source.configuration(board)
        active = (await source.sprints(board, [SprintState.ACTIVE]))[0]
        cards = await _collect(source.cards(board, config, sprint=active))
        held = [
            i for i in store.issues.values() if active.id in i.sprint_ids and _not_epic(store, i)
        ]
        assert [c.key for c in cards] == _ranked(held)
        assert cards and all(c.sprint_id == active.id for c in cards)
        for card in cards:
            issue = store.issues_by_key[card.key]
            status = store.statuses[issue.status_id]
            assert (card.id, card.summary, card.status_id) == (
                str(issue.id),
                issue.summary,
                str(status.id),
            )
            assert config.column_of(card.status_id) is not None
            assert card.done == (store.status_categories[status.category_id].key == "done")
            assert card.estimate == issue.story_points
            parent = store.issues.get(issue.parent_id) if issue.parent_id else None
            epic = parent.key if parent is not None and parent.issuetype_id == 10000 else None
            assert card.epic_key == epic
            assert (
                card.assignee is None
                or card.assignee.id == store.users[issue.assignee_key or ""].name
            )
        everything = await _collect(source.cards(board, config))
        project = _stored(gh_link, board).project_id
        mine = [i for i in store.issues.values() if i.project_id == project and _not_epic(store, i)]
        assert [c.key for c in everything] == _ranked(mine)


@pytest.mark.asyncio
async def test_the_backlog(gh_link: Link) -> None:
    store = gh_link.site.store
    async with _boards(gh_link) as source:
        board = (await source.boards())[0]
        config = await source.configuration(board)
        backlog = await _collect(source.backlog(board, config))
    project = _stored(gh_link, board).project_id

    def in_backlog(issue: Issue) -> bool:
        open_sprints = [s for s in issue.sprint_ids if store.sprints[s].state != "closed"]
        category = store.status_categories[store.statuses[issue.status_id].category_id].key
        return issue.project_id == project and not open_sprints and category != "done"

    expected = [i for i in store.issues.values() if in_backlog(i) and _not_epic(store, i)]
    assert expected and [c.key for c in backlog] == _ranked(expected)
    assert all(c.sprint_id is None and not c.done for c in backlog)


@pytest.mark.asyncio
async def test_epics_with_their_keys(gh_link: Link) -> None:
    store = gh_link.site.store
    async with _boards(gh_link) as source:
        boards = await source.boards()
        board = max(
            boards,
            key=lambda b: sum(
                1
                for i in store.issues.values()
                if i.issuetype_id == 10000 and i.project_id == _stored(gh_link, b).project_id
            ),
        )
        epics = await source.epics(board)
    project = _stored(gh_link, board).project_id
    held = sorted(
        (i for i in store.issues.values() if i.project_id == project and i.issuetype_id == 10000),
        key=lambda i: (i.rank, i.id),
    )
    assert [(e.id, e.key, e.summary) for e in epics] == [(i.id, i.key, i.summary) for i in held]
    assert all(e.colour and e.colour.startswith("color_") and e.name for e in epics)


# ----- writing sprints -----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_create_edit_and_delete_a_sprint(fresh_gh: Link) -> None:
    store = fresh_gh.site.store
    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    async with _boards(fresh_gh) as source:
        board = (await source.boards())[0]
        created = await source.create_sprint(board, SprintChanges(name=" Next "))
        assert (created.name, created.state, created.board_id) == (
            "Next",
            SprintState.FUTURE,
            board.id,
        )
        assert store.sprints[created.id].board_id == board.id
        dated = await source.update_sprint(
            created, SprintChanges(name="Later", start=start, end=start + timedelta(days=14))
        )
        assert (dated.name, dated.start, dated.end) == ("Later", start, start + timedelta(days=14))
        assert dated.start is not None and dated.start.utcoffset() == timedelta(
            hours=1
        )  # admin's zone
        active = await source.create_sprint(
            board,
            SprintChanges(
                name="Now", state=SprintState.ACTIVE, start=start, end=start + timedelta(days=7)
            ),
        )
        assert active.state is SprintState.ACTIVE and active.start == start
        await source.delete_sprint(dated)
        assert dated.id not in store.sprints
        with pytest.raises(ValidationError) as refused:
            await source.delete_sprint(active)
        assert str(refused.value) == "Only future sprint can be deleted."
        assert refused.value.status == 400


@pytest.mark.asyncio
async def test_sprint_refusals_in_jiras_words(fresh_gh: Link) -> None:
    async with _boards(fresh_gh) as source:
        board = (await source.boards())[0]
        with pytest.raises(ValidationError) as no_dates:
            await source.create_sprint(board, SprintChanges(name="Go", state=SprintState.ACTIVE))
        assert no_dates.value.errors == {
            "startDate": "The start date is required for an active sprint.",
            "endDate": "The end date is required for an active sprint.",
        }
        assert "The start date is required for an active sprint." in str(no_dates.value)
        with pytest.raises(ValidationError) as nameless:
            await source.create_sprint(board, SprintChanges(name="  "))
        assert nameless.value.errors == {"name": "The sprint name is required."}
    async with _boards(fresh_gh, "user") as source:
        store = fresh_gh.site.store
        user = store.users["JIRAUSER10001"]
        board = next(
            b
            for b in await source.boards()
            if not store.is_project_admin(user, store.projects[_stored(fresh_gh, b).project_id])
        )
        with pytest.raises(PermissionDeniedError, match="Administer Projects"):
            await source.create_sprint(board, SprintChanges(name="Mine"))


@pytest.mark.asyncio
async def test_what_jira_agile_6_cannot_do_is_refused_before_asking(fresh_gh: Link) -> None:
    store = fresh_gh.site.store
    counting = fresh_gh.transport(counting=True)
    assert isinstance(counting, CountingTransport)
    async with fresh_gh.client(transport=counting) as client:
        source = await greenhopper_source_for(client)
        assert source is not None
        board = (await source.boards())[0]
        sprints = {s.state: s for s in await source.sprints(board)}
        future, active = sprints[SprintState.FUTURE], sprints[SprintState.ACTIVE]
        before = counting.started
        refusals: list[tuple[object, str]] = [
            (source.update_sprint(future, SprintChanges(state=SprintState.ACTIVE)), "start_sprint"),
            (
                source.update_sprint(active, SprintChanges(state=SprintState.CLOSED)),
                "complete_sprint",
            ),
            (source.complete_sprint(active, None), "complete_sprint"),
            (source.update_sprint(future, SprintChanges(goal="Ship it")), "sprint_goal"),
            (source.create_sprint(board, SprintChanges(name="A", goal="Ship it")), "sprint_goal"),
            (source.rank(["X-1"], before="X-2"), "rank"),
        ]
        for call, key in refusals:
            with pytest.raises(AgileNotSupportedError) as refused:
                await call  # type: ignore[misc]
            assert str(refused.value) == UNSUPPORTED[key]
        with pytest.raises(AgileNotSupportedError, match="future or active sprints only"):
            await source.create_sprint(board, SprintChanges(name="Old", state=SprintState.CLOSED))
        assert counting.started == before  # none of them asked Jira
    assert store.sprints[future.id].state == "future" and store.sprints[active.id].state == "active"


# ----- moving issues -------------------------------------------------------------------------------


def _movable(store: Store, board: Board, count: int) -> list[Issue]:
    project = store.boards[board.id].project_id
    return [
        i
        for i in store.issues.values()
        if i.project_id == project and not store.issue_types[i.issuetype_id].subtask
    ][:count]


@pytest.mark.asyncio
async def test_move_between_sprints_and_the_backlog(fresh_gh: Link) -> None:
    store = fresh_gh.site.store
    async with _boards(fresh_gh) as source:
        board = (await source.boards())[0]
        config: BoardConfig = await source.configuration(board)
        future = (await source.sprints(board, [SprintState.FUTURE]))[0]
        issues = _movable(store, board, 60)
        keys = [i.key for i in issues]
        await source.move_to_sprint(future, keys)
        assert all(future.id in i.sprint_ids for i in issues)
        in_sprint = {c.key for c in await _collect(source.cards(board, config, sprint=future))}
        assert set(keys) - {i.key for i in issues if not _not_epic(store, i)} <= in_sprint
        await source.move_to_backlog(keys[:10])
        assert all(
            all(store.sprints[s].state == "closed" for s in i.sprint_ids) for i in issues[:10]
        )
        assert all(future.id in i.sprint_ids for i in issues[10:])


@pytest.mark.asyncio
async def test_moves_jira_refuses_name_each_issue(fresh_gh: Link) -> None:
    store = fresh_gh.site.store
    async with _boards(fresh_gh) as source:
        board = (await source.boards())[0]
        sprints = await source.sprints(board)
        closed = next(s for s in sprints if s.state is SprintState.CLOSED)
        future = next(s for s in sprints if s.state is SprintState.FUTURE)
        plain = _movable(store, board, 2)
        subtasks = [i for i in store.issues.values() if store.issue_types[i.issuetype_id].subtask][
            :2
        ]
        with pytest.raises(ValidationError) as one:
            await source.move_to_sprint(closed, [plain[0].key])
        assert str(one.value) == (
            f"{plain[0].key}: Sprint '{closed.name}' is closed: issues can only be added to an "
            "active or future sprint."
        )
        keys = [plain[0].key, subtasks[0].key, plain[1].key, subtasks[1].key]
        with pytest.raises(ValidationError) as several:
            await source.move_to_sprint(future, keys)
        lines = str(several.value).splitlines()
        assert lines[0] == "2 of 4 issues did not move (the others did):"
        assert lines[1:] == [
            f"{s.key}: Issue '{s.key}' is a sub-task: it is in its parent's sprint."
            for s in subtasks
        ]
        assert set(several.value.errors) == {s.key for s in subtasks}
        assert all(future.id in i.sprint_ids for i in plain)


@pytest.mark.asyncio
async def test_board_source_for_picks_greenhopper_where_agile_is_absent(gh_link: Link) -> None:
    async with gh_link.client() as client:
        source = await board_source_for(client)
    assert isinstance(source, GreenHopperBoards) and source.api is AgileApi.GREENHOPPER
