"""The agile 1.0 dialect of ``BoardSource``: Jira Software 7+, Data Center and Cloud.

Lists come in pages: boards, sprints and epics walk ``isLast`` (Cloud sends no total); issue
lists (board, backlog, sprint) carry a total, so their following pages are fetched concurrently
and handed on as batches of cards, in rank order, as they arrive. Moves and ranks go in calls of
at most 50 issues (``MOVE_MAX``); a longer rank goes as consecutive blocks, each after the last
one, so the issues keep the order given. Moves are POSTs and never resent (a lost answer may
hide a move that was made); a rank is a PUT that puts issues where they are asked to be, so
resending it is safe.

Completing a sprint with its open issues going to another sprint: Data Center takes the target
in ``incompleteIssuesDestinationId`` [JS-SERVER-SPRINT]; Cloud's document has no such field (and
refuses unknown ones), so on Cloud the open issues are moved first, then the sprint is closed.
Refusals are the client layer's errors with Jira's own words (``ValidationError`` for a sprint
started without dates, a move to a closed sprint, more than 50 issues...).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from app.api import agile_wire as w
from app.api.core import ApiRequest, OffsetPage, decode
from app.api.errors import NotFoundError, PermissionDeniedError, ValidationError
from app.api.pagination import offset_pages
from app.api.platform import JiraClient
from app.domain.board import (
    MOVE_MAX,
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
from app.domain.site import Flavour

__all__ = ["AGILE", "ISSUE_PAGE", "AgileBoards", "card_fields"]

AGILE = "rest/agile/1.0"
ISSUE_PAGE = 100  # issues per page asked for (Data Center would give up to 1,000)
_CARD_FIELDS = ("summary", "status", "issuetype", "priority", "assignee", "labels", "parent")
_AGILE_FIELDS = ("sprint", "epic")

log = logging.getLogger(__name__)
T = TypeVar("T")


def card_fields(config: BoardConfig) -> list[str]:
    """The fields a card shows, with the board's estimation field."""
    extra = [config.estimation_field] if config.estimation_field else []
    return [*_CARD_FIELDS, *_AGILE_FIELDS, *extra]


def _when(value: datetime) -> str:
    """A date as Jira's agile API takes it (a naive time is the computer's local time)."""
    return value.astimezone().isoformat(timespec="milliseconds")


def _sprint_body(changes: SprintChanges) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if changes.name is not None:
        body["name"] = changes.name
    if changes.goal is not None:
        body["goal"] = changes.goal
    if changes.start is not None:
        body["startDate"] = _when(changes.start)
    if changes.end is not None:
        body["endDate"] = _when(changes.end)
    if changes.state is not None:
        body["state"] = changes.state.value
    return body


class AgileBoards:
    """Boards, sprints, backlogs, ranks and epics of one site, over agile REST 1.0."""

    api = AgileApi.AGILE

    def __init__(self, client: JiraClient) -> None:
        self.client = client
        self._http = client.http

    # ----- reading ---------------------------------------------------------------------------

    async def _values(
        self, path: str, params: dict[str, Any], page_type: type[w.ValuesPage[T]]
    ) -> list[T]:
        """Every value of a ``values`` list, page by page (Cloud tells no total)."""

        async def fetch(start: int) -> OffsetPage[T]:
            page = await self._http.get_json(path, page_type, {**params, "startAt": start})
            return OffsetPage(
                page.start_at, page.max_results, page.values, page.total, page.is_last
            )

        found: list[T] = []
        async with contextlib.aclosing(offset_pages(fetch, window=1)) as pages:
            async for values in pages:
                found.extend(values)
        return found

    async def boards(
        self,
        *,
        project: str | None = None,
        name: str | None = None,
        kind: BoardType | None = None,
    ) -> list[Board]:
        """The boards the user may see, filtered by project key, name part and type (kind)."""
        params: dict[str, Any] = {}
        if project:
            params["projectKeyOrId"] = project
        if name:
            params["name"] = name
        if kind is not None:
            params["type"] = kind.value
        found = await self._values(f"{AGILE}/board", params, w.ValuesPage[w.BoardWire])
        return [w.to_board(b) for b in found]

    async def configuration(self, board: Board) -> BoardConfig:
        """The board's columns (with their statuses and WIP limits), estimation and rank."""
        wire = await self._http.get_json(
            f"{AGILE}/board/{board.id}/configuration", w.BoardConfigWire
        )
        jql, reason = "", ""
        if wire.filter is not None and wire.filter.id:
            jql, reason = await self._filter_jql(wire.filter.id)
        config = w.to_board_config(wire, jql)
        if reason:
            config.unsupported["filter"] = reason
        return config

    async def _filter_jql(self, filter_id: str) -> tuple[str, str]:
        """The board filter's JQL, or "" and why Jira did not show it (a filter not shared
        with the user: the board still works, only its query stays unknown)."""
        try:
            found = await self._http.get_json(f"rest/api/2/filter/{filter_id}", dict[str, Any])
        except (NotFoundError, PermissionDeniedError, ValidationError) as error:
            log.info("board filter %s not shown: %s", filter_id, error)
            return "", f"Jira did not show the board's filter: {error}"
        jql = found.get("jql")
        return (jql if isinstance(jql, str) else ""), ""

    async def sprints(self, board: Board, states: Sequence[SprintState] = ()) -> list[Sprint]:
        """The board's sprints (all states when ``states`` is empty), in Jira's order."""
        params = {"state": ",".join(s.value for s in states)} if states else {}
        found = await self._values(
            f"{AGILE}/board/{board.id}/sprint", params, w.ValuesPage[w.SprintWire]
        )
        return [w.to_sprint(s) for s in found]

    async def sprint(self, sprint_id: int) -> Sprint:
        """One sprint, as it is now."""
        return w.to_sprint(await self._http.get_json(f"{AGILE}/sprint/{sprint_id}", w.SprintWire))

    async def _issue_pages(
        self, path: str, params: dict[str, Any]
    ) -> AsyncGenerator[list[w.IssueWire], None]:
        async def fetch(start: int) -> OffsetPage[w.IssueWire]:
            page = await self._http.get_json(
                path, w.IssuesPageWire, {**params, "startAt": start, "maxResults": ISSUE_PAGE}
            )
            return OffsetPage(page.start_at, page.max_results, page.issues, page.total)

        # aclosing: leaving early cancels the pages being fetched now
        window = self._http.config.concurrency
        async with contextlib.aclosing(offset_pages(fetch, window=window)) as pages:
            async for issues in pages:
                yield issues

    async def _cards(
        self, path: str, config: BoardConfig, jql: str = ""
    ) -> AsyncGenerator[list[Card], None]:
        params: dict[str, Any] = {"fields": ",".join(card_fields(config))}
        if jql:
            params["jql"] = jql
        async with contextlib.aclosing(self._issue_pages(path, params)) as pages:
            async for issues in pages:
                yield [w.to_card(i, config.estimation_field) for i in issues]

    async def cards(
        self, board: Board, config: BoardConfig, *, sprint: Sprint | None = None
    ) -> AsyncIterator[list[Card]]:
        """The board's issues in board (rank) order, in batches; only ``sprint``'s if given."""
        # the board's own list keeps its filter and columns; the sprint narrows it
        jql = f"sprint = {sprint.id}" if sprint is not None else ""
        async with contextlib.aclosing(
            self._cards(f"{AGILE}/board/{board.id}/issue", config, jql)
        ) as batches:
            async for batch in batches:
                yield batch

    async def backlog(self, board: Board, config: BoardConfig) -> AsyncIterator[list[Card]]:
        """The board's backlog in rank order, in batches (scrum; kanban boards that keep one)."""
        async with contextlib.aclosing(
            self._cards(f"{AGILE}/board/{board.id}/backlog", config)
        ) as batches:
            async for batch in batches:
                yield batch

    async def epics(self, board: Board) -> list[Epic]:
        """The epics of the board's projects."""
        found = await self._values(f"{AGILE}/board/{board.id}/epic", {}, w.ValuesPage[w.EpicWire])
        return [w.to_epic(e) for e in found]

    # ----- sprints ---------------------------------------------------------------------------

    async def create_sprint(self, board: Board, changes: SprintChanges) -> Sprint:
        """Create a future sprint on ``board`` (name required; goal and dates optional)."""
        body = _sprint_body(changes)
        body.pop("state", None)  # a new sprint is always a future one
        body["originBoardId"] = board.id
        request = ApiRequest("POST", f"{AGILE}/sprint", json=body, idempotent=False)
        return w.to_sprint(await self._http.request_json(request, w.SprintWire))

    async def update_sprint(self, sprint: Sprint, changes: SprintChanges) -> Sprint:
        """Edit a sprint; ``changes.state`` ACTIVE starts it (dates required), CLOSED completes it."""
        # a partial update: what is not in the body stays (PUT would clear it)
        request = ApiRequest(
            "POST", f"{AGILE}/sprint/{sprint.id}", json=_sprint_body(changes), idempotent=False
        )
        return w.to_sprint(await self._http.request_json(request, w.SprintWire))

    async def complete_sprint(self, sprint: Sprint, move_open_to: Sprint | None) -> Sprint:
        """Complete an active sprint; its open issues go to ``move_open_to`` or the backlog."""
        body: dict[str, Any] = {"state": SprintState.CLOSED.value}
        if move_open_to is not None:
            if await self.client.flavour() is Flavour.CLOUD:
                await self.move_to_sprint(move_open_to, await self._open_keys(sprint))
            else:
                body["incompleteIssuesDestinationId"] = move_open_to.id
        request = ApiRequest("POST", f"{AGILE}/sprint/{sprint.id}", json=body, idempotent=False)
        return w.to_sprint(await self._http.request_json(request, w.SprintWire))

    async def _open_keys(self, sprint: Sprint) -> list[str]:
        """The sprint's issues that are not done (sub-tasks left out: they go with parents)."""
        keys: list[str] = []
        params = {"fields": "status,issuetype"}
        path = f"{AGILE}/sprint/{sprint.id}/issue"
        async with contextlib.aclosing(self._issue_pages(path, params)) as pages:
            async for issues in pages:
                keys.extend(
                    i.key for i in issues if not w.to_card(i, None).done and not w.is_subtask(i)
                )
        return keys

    async def delete_sprint(self, sprint: Sprint) -> None:
        """Delete a future sprint (Jira refuses an active or closed one, with its reason)."""
        await self._http.send(ApiRequest("DELETE", f"{AGILE}/sprint/{sprint.id}"))

    # ----- moves and rank --------------------------------------------------------------------

    async def _post_batches(self, path: str, keys: Sequence[str]) -> None:
        for start in range(0, len(keys), MOVE_MAX):
            batch = list(keys[start : start + MOVE_MAX])
            # a move is a POST that changes data: sent once, never resent
            request = ApiRequest("POST", path, json={"issues": batch}, idempotent=False)
            await self._http.send(request)

    async def move_to_sprint_id(self, sprint_id: int, keys: Sequence[str]) -> None:
        """Move issues into the sprint ``sprint_id``, at most 50 per call."""
        await self._post_batches(f"{AGILE}/sprint/{sprint_id}/issue", keys)

    async def move_to_sprint(self, sprint: Sprint, keys: Sequence[str]) -> None:
        """Move issues into an active or future sprint, at most 50 per call."""
        await self.move_to_sprint_id(sprint.id, keys)

    async def move_to_backlog(self, keys: Sequence[str]) -> None:
        """Move issues out of their sprint into the backlog, at most 50 per call."""
        await self._post_batches(f"{AGILE}/backlog/issue", keys)

    async def rank(
        self, keys: Sequence[str], *, before: str | None = None, after: str | None = None
    ) -> list[RankOutcome]:
        """Rank issues before or after another; one outcome per issue (Jira's 207)."""
        if (before is None) == (after is None):
            raise ValueError("rank needs exactly one of before= and after=")
        outcomes: list[RankOutcome] = []
        anchor = ("rankBeforeIssue", before) if before is not None else ("rankAfterIssue", after)
        for start in range(0, len(keys), MOVE_MAX):
            batch = list(keys[start : start + MOVE_MAX])
            body = {"issues": batch, anchor[0]: anchor[1]}
            response = await self._http.send(ApiRequest("PUT", f"{AGILE}/issue/rank", json=body))
            found = decode(response, w.RankResultWire) if response.status == 207 else None
            outcomes.extend(w.to_rank_outcomes(batch, found))
            # the next block goes right after this one, so the whole list keeps its order
            anchor = ("rankAfterIssue", batch[-1])
        return outcomes
