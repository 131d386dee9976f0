"""Boards of Jira Agile 6.x through the GreenHopper experimental API 1.0 (a ``BoardSource``).

The experimental API (``rest/greenhopper/experimental-api/1.0``) lists boards, their sprints,
epics and versions, and creates, edits and deletes sprints. It has no board configuration, no
board issues, no rank, no move, and it cannot change a sprint's state. So:

- a board's projects (the API does not say them) are those of its versions, or failing that of
  the issues in its sprints; its columns are one per status category of those projects'
  statuses (see ``greenhopper_wire``), without limits;
- cards come from ``/search``: ``sprint = ID``, or the board's projects (the backlog: in no open
  or future sprint, and not done), in rank order; epics are not cards on a scrum board;
- moving issues between sprints sets their Sprint field (``PUT /rest/api/2/issue/{key}``, one
  issue per call), as Jira 6.x allows;
- ranking, WIP limits, starting and completing a sprint and a sprint's goal are not offered:
  ``BoardConfig.unsupported`` names them with the reason, and trying raises
  ``AgileNotSupportedError`` with the same sentence, before any request.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from app.api import wire
from app.api.boards import AgileNotSupportedError, BoardSource
from app.api.concurrently import all_or_nothing
from app.api.core import ApiRequest
from app.api.errors import (
    ApiError,
    ErrorContext,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from app.api.greenhopper_wire import (
    AgileFields,
    BoardWire,
    EpicWire,
    PageWire,
    SprintWire,
    VersionWire,
    agile_fields,
    columns_from_statuses,
    to_board,
    to_card,
    to_epic,
    to_sprint,
)
from app.api.platform import JiraClient
from app.domain.board import (
    AgileApi,
    Board,
    BoardConfig,
    BoardType,
    Card,
    Epic,
    RankOutcome,
    Sprint,
    SprintChanges,
    SprintState,
)

__all__ = ["ROOT", "UNSUPPORTED", "GreenHopperBoards", "greenhopper_source_for"]

ROOT = "rest/greenhopper/experimental-api/1.0"
PAGE = 50  # the API's default and, in the sandbox, its largest page
CARD_PAGE = 100
ID_BATCH = 100  # epic ids per search for their keys
UNSUPPORTED = {
    "configuration": (
        "Jira Agile 6.x's API has no board configuration: Jade shows one column per status "
        "category of the board's projects."
    ),
    "rank": "Jira Agile 6.x's API cannot rank issues: rank them on the board in Jira.",
    "wip": "Jira Agile 6.x's API does not tell the columns' limits.",
    "start_sprint": "Jira Agile 6.x's API cannot start a sprint: start it on the board in Jira.",
    "complete_sprint": (
        "Jira Agile 6.x's API cannot complete a sprint: complete it on the board in Jira."
    ),
    "sprint_goal": "Sprints of Jira Agile 6.x have no goal.",
}
KANBAN_BACKLOG = "Kanban boards of Jira Agile 6.x have no backlog."
CLOSED_CREATE = "Jade creates future or active sprints only."
NO_SPRINT_FIELD = "This site has no Sprint field: Jade cannot move issues between sprints."
T = TypeVar("T")
_CARD_FIELDS = ("summary", "status", "issuetype", "priority", "assignee", "labels")
_EPIC_TYPE = "Epic"  # Jira Agile 6.x's epic issue type


def _no_project(board: Board) -> str:
    return (
        f"Jira Agile 6.x's API does not say which projects board “{board.name}” shows, and it "
        "has no versions or sprint issues to tell by: Jade cannot list its issues."
    )


def _jql_list(keys: Sequence[str]) -> str:
    return ", ".join(f'"{key}"' for key in keys)


def _stamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    # a time without a zone is the user's local time, as they typed it
    aware = value if value.tzinfo is not None else value.astimezone()
    return aware.isoformat(timespec="milliseconds")


class GreenHopperBoards:
    """Boards, sprints, epics and cards of one Jira Agile 6.x site."""

    api: AgileApi = AgileApi.GREENHOPPER

    def __init__(self, client: JiraClient) -> None:
        self.client = client
        self._board_projects: dict[int, tuple[str, ...]] = {}
        self._project_keys: dict[int, str] | None = None
        self._fields: AgileFields | None = None
        self._lookup = asyncio.Lock()  # the first callers share one lookup of projects, fields

    # ----- reading ---------------------------------------------------------------------------------

    async def _values(
        self, path: str, item: type[T], params: dict[str, Any] | None = None
    ) -> list[T]:
        """Every value of one of the API's paged lists, decoded as ``item``."""
        out: list[T] = []
        pages = self.client.values_pages(path, params, page_size=PAGE)
        async with contextlib.aclosing(pages) as values:
            async for page in values:
                out.extend(msgspec.convert(value, item) for value in page)
        return out

    async def boards(
        self,
        *,
        project: str | None = None,
        name: str | None = None,
        kind: BoardType | None = None,
    ) -> list[Board]:
        """The boards the user may see, filtered by project key, name part and type (kind)."""
        params: dict[str, Any] = {}
        if name:
            params["name"] = name
        if kind is not None:
            params["type"] = kind.value
        found: list[BoardWire] = await self._values(f"{ROOT}/board", BoardWire, params)
        # the API does not say a board's projects: each is looked up (concurrently)
        projects = await all_or_nothing(self._projects_of(b.id, b.type) for b in found)
        wanted = project.upper() if project else None
        return [
            to_board(b, keys[0] if len(keys) == 1 else None)
            for b, keys in zip(found, projects, strict=True)
            if wanted is None or wanted in keys
        ]

    async def _projects_of(self, board_id: int, board_type: str) -> tuple[str, ...]:
        """The keys of the board's projects: from its versions, else its sprints' issues."""
        known = self._board_projects.get(board_id)
        if known is not None:
            return known
        versions: list[VersionWire] = await self._values(
            f"{ROOT}/board/{board_id}/version", VersionWire
        )
        ids = list(dict.fromkeys(v.project_id for v in versions))
        if ids:
            names = await self._project_key_map()
            keys = tuple(names[i] for i in ids if i in names)
        elif board_type == BoardType.SCRUM.value:
            keys = await self._projects_of_sprint_issues(board_id)
        else:
            keys = ()
        self._board_projects[board_id] = keys
        return keys

    async def _projects_of_sprint_issues(self, board_id: int) -> tuple[str, ...]:
        sprints: list[SprintWire] = await self._values(
            f"{ROOT}/board/{board_id}/sprint", SprintWire
        )
        if not sprints:
            return ()
        jql = f"sprint in ({', '.join(str(s.id) for s in sprints)})"
        keys: dict[str, None] = {}
        async with contextlib.aclosing(
            self.client.search_pages(jql, ["project"], page_size=CARD_PAGE)
        ) as pages:
            async for page in pages:
                for issue in page:
                    project = (issue.get("fields") or {}).get("project") or {}
                    if project.get("key"):
                        keys.setdefault(str(project["key"]), None)
                break  # the first page names the projects; a board seldom spans more
        return tuple(keys)

    async def _project_key_map(self) -> dict[int, str]:
        async with self._lookup:
            if self._project_keys is None:
                found = await self.client.http.get_json(
                    "rest/api/2/project", list[wire.ProjectWire]
                )
                self._project_keys = {int(p.id): p.key for p in found if p.id.isdigit()}
            return self._project_keys

    async def _agile_fields(self) -> AgileFields:
        async with self._lookup:
            if self._fields is None:
                found = await self.client.http.get_json("rest/api/2/field", list[dict[str, Any]])
                self._fields = agile_fields(found)
            return self._fields

    async def configuration(self, board: Board) -> BoardConfig:
        """Columns from the board's projects' statuses; what the API cannot do, and why."""
        keys = await self._projects_of(board.id, board.type.value)
        unsupported = dict(UNSUPPORTED)
        if keys:
            answers = await all_or_nothing(
                self.client.http.get_json(
                    f"rest/api/2/project/{key}/statuses", list[dict[str, Any]]
                )
                for key in keys
            )
            columns = columns_from_statuses(t for answer in answers for t in answer)
        else:
            unsupported["cards"] = _no_project(board)
            statuses = await self.client.http.get_json("rest/api/2/status", list[dict[str, Any]])
            columns = columns_from_statuses([{"statuses": statuses}])
        if board.type is BoardType.KANBAN:
            unsupported["backlog"] = KANBAN_BACKLOG
        fields = await self._agile_fields()
        return BoardConfig(
            board_id=board.id,
            columns=columns,
            # Jira Agile 6.x estimates in Story Points unless a board says otherwise, which the
            # API cannot tell
            estimation_field=fields.story_points,
            estimation_name="Story Points" if fields.story_points else "",
            unsupported=unsupported,
        )

    async def sprints(self, board: Board, states: Sequence[SprintState] = ()) -> list[Sprint]:
        """The board's sprints (all states when ``states`` is empty), oldest first."""
        if board.type is not BoardType.SCRUM:
            return []  # kanban boards have no sprints (the API answers 400)
        # several states repeat the parameter (state=active&state=future), as the API wants
        params = {"state": [s.value for s in states]} if states else None
        found: list[SprintWire] = await self._values(
            f"{ROOT}/board/{board.id}/sprint", SprintWire, params
        )
        return [to_sprint(s, board.id) for s in found]

    def cards(
        self, board: Board, config: BoardConfig, *, sprint: Sprint | None = None
    ) -> AsyncIterator[list[Card]]:
        """The board's issues in rank order, in batches; only ``sprint``'s if given."""
        return self._cards(board, sprint=sprint, backlog=False)

    def backlog(self, board: Board, config: BoardConfig) -> AsyncIterator[list[Card]]:
        """The board's backlog in rank order, in batches: not done, in no open or future sprint."""
        return self._cards(board, sprint=None, backlog=True)

    async def _cards(
        self, board: Board, *, sprint: Sprint | None, backlog: bool
    ) -> AsyncGenerator[list[Card], None]:
        if backlog and board.type is BoardType.KANBAN:
            raise AgileNotSupportedError(KANBAN_BACKLOG)
        if sprint is not None:
            where = f"sprint = {sprint.id}"
        else:
            keys = await self._projects_of(board.id, board.type.value)
            if not keys:
                raise AgileNotSupportedError(_no_project(board))
            where = f"project in ({_jql_list(keys)})"
            if backlog:
                where += (
                    " AND (sprint is EMPTY OR sprint not in (openSprints(), futureSprints()))"
                    " AND statusCategory != Done"
                )
        fields = await self._agile_fields()
        jql = f"{where} ORDER BY Rank ASC"
        scrum = board.type is BoardType.SCRUM
        async with contextlib.aclosing(
            self.client.search_pages(jql, [*_CARD_FIELDS, *fields.ids], page_size=CARD_PAGE)
        ) as pages:
            async for page in pages:
                cards = [to_card(issue, fields) for issue in page]
                # epics are not cards on a scrum board (Jira Agile lists them beside it)
                yield [c for c in cards if not (scrum and c.issue_type == _EPIC_TYPE)]

    async def epics(self, board: Board) -> list[Epic]:
        """The epics of the board's projects, in rank order; keys found by a search."""
        found: list[EpicWire] = await self._values(f"{ROOT}/board/{board.id}/epic", EpicWire)
        keys: dict[str, str] = {}
        for start in range(0, len(found), ID_BATCH):
            ids = ", ".join(str(e.id) for e in found[start : start + ID_BATCH])
            async with contextlib.aclosing(
                self.client.search_pages(f"id in ({ids})", ["summary"], page_size=ID_BATCH)
            ) as pages:
                async for page in pages:
                    keys.update({str(i.get("id")): str(i.get("key", "")) for i in page})
        return [to_epic(e, keys.get(str(e.id), "")) for e in found]

    # ----- sprints ---------------------------------------------------------------------------------

    async def create_sprint(self, board: Board, changes: SprintChanges) -> Sprint:
        """Create a sprint on ``board``: future, or active with its dates (no goal on 6.x)."""
        if changes.goal:
            raise AgileNotSupportedError(UNSUPPORTED["sprint_goal"])
        state = changes.state or SprintState.FUTURE
        if state is SprintState.CLOSED:
            raise AgileNotSupportedError(CLOSED_CREATE)
        body: dict[str, Any] = {"name": changes.name or "", "state": state.value}
        body.update(self._dates(changes))
        request = ApiRequest("POST", f"{ROOT}/board/{board.id}/sprint", json=body, idempotent=False)
        return to_sprint(await self.client.http.request_json(request, SprintWire), board.id)

    async def update_sprint(self, sprint: Sprint, changes: SprintChanges) -> Sprint:
        """Rename or re-date a sprint; its state and goal cannot change on Jira Agile 6.x."""
        if changes.goal is not None and changes.goal != sprint.goal:
            raise AgileNotSupportedError(UNSUPPORTED["sprint_goal"])
        if changes.state is not None and changes.state is not sprint.state:
            which = "start_sprint" if changes.state is SprintState.ACTIVE else "complete_sprint"
            raise AgileNotSupportedError(UNSUPPORTED[which])
        body: dict[str, Any] = self._dates(changes)
        if changes.name is not None:
            body["name"] = changes.name
        # the partial update sets what the body holds: sending it twice does no harm
        request = ApiRequest("POST", f"{ROOT}/sprint/{sprint.id}", json=body, idempotent=True)
        return to_sprint(await self.client.http.request_json(request, SprintWire), sprint.board_id)

    @staticmethod
    def _dates(changes: SprintChanges) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if changes.start is not None:
            out["startDate"] = _stamp(changes.start)
        if changes.end is not None:
            out["endDate"] = _stamp(changes.end)
        return out

    async def complete_sprint(self, sprint: Sprint, move_open_to: Sprint | None) -> Sprint:
        """Not on Jira Agile 6.x: its API cannot change a sprint's state."""
        raise AgileNotSupportedError(UNSUPPORTED["complete_sprint"])

    async def delete_sprint(self, sprint: Sprint) -> None:
        """Delete a future sprint; Jira refuses an active or closed one, with its reason."""
        await self.client.http.send(ApiRequest("DELETE", f"{ROOT}/sprint/{sprint.id}"))

    async def move_to_sprint(self, sprint: Sprint, keys: Sequence[str]) -> None:
        """Move issues into an active or future sprint by setting their Sprint field."""
        await self._set_sprint(keys, sprint.id)

    async def move_to_backlog(self, keys: Sequence[str]) -> None:
        """Take issues out of their open sprint by clearing their Sprint field."""
        await self._set_sprint(keys, None)

    async def _set_sprint(self, keys: Sequence[str], sprint_id: int | None) -> None:
        field = (await self._agile_fields()).sprint
        if field is None:
            raise AgileNotSupportedError(NO_SPRINT_FIELD)
        failures: dict[str, ApiError] = {}

        async def edit(key: str) -> None:
            body = {"fields": {field: sprint_id}}
            try:
                await self.client.http.send(ApiRequest("PUT", f"rest/api/2/issue/{key}", json=body))
            except ApiError as error:
                failures[key] = error

        await all_or_nothing(edit(key) for key in keys)
        if failures:
            raise _moves_refused({k: failures[k] for k in keys if k in failures}, len(keys))

    async def rank(
        self, keys: Sequence[str], *, before: str | None = None, after: str | None = None
    ) -> list[RankOutcome]:
        """Not on Jira Agile 6.x: its API cannot rank issues."""
        raise AgileNotSupportedError(UNSUPPORTED["rank"])


def _moves_refused(failures: dict[str, ApiError], total: int) -> ApiError:
    """One error for the issues Jira refused to move, each with Jira's words."""
    first_key, first = next(iter(failures.items()))
    if not isinstance(first, ValidationError | NotFoundError | PermissionDeniedError):
        return first  # the site, not the issue, failed: sign-in, limits, network
    lines = "\n".join(f"{key}: {error}" for key, error in failures.items())
    message = (
        f"{first_key}: {first}"
        if len(failures) == 1
        else f"{len(failures)} of {total} issues did not move (the others did):\n{lines}"
    )
    where: ErrorContext = {"status": first.status, "method": first.method, "url": first.url}
    if isinstance(first, ValidationError):
        return ValidationError(message, errors={k: str(e) for k, e in failures.items()}, **where)
    return type(first)(message, **where)


async def greenhopper_source_for(client: JiraClient) -> GreenHopperBoards | None:
    """The site's GreenHopper boards, or None when it has no experimental API (404)."""
    try:
        await client.http.get_json(f"{ROOT}/board", PageWire[BoardWire], {"maxResults": 1})
    except NotFoundError:
        return None
    return GreenHopperBoards(client)


if TYPE_CHECKING:

    def _implements_board_source(boards: GreenHopperBoards) -> BoardSource:
        # mypy holds the class to the interface here
        return boards
