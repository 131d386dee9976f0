"""Jira Software's agile REST 1.0, as far as the issue search needs it: the open and future
sprints of projects' boards, and moving issues into a sprint."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import Any

from app.api.core import ApiRequest
from app.api.platform import JiraClient
from app.domain.sprint import SprintRef

__all__ = ["MOVE_MAX", "AgileClient"]

MOVE_MAX = 50  # POST sprint/{id}/issue takes at most 50 issues


class AgileClient:
    """Boards and sprints of one site."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client

    async def _values(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        async with contextlib.aclosing(self.client.values_pages(path, params)) as pages:
            async for page in pages:
                out.extend(page)
        return out

    async def open_sprints(self, project_keys: Iterable[str]) -> list[SprintRef]:
        """Active and future sprints of every board over these projects, by board then id."""
        found: dict[str, SprintRef] = {}
        for key in dict.fromkeys(project_keys):
            # kanban boards have no sprints (Jira answers 400 when asked for them)
            boards = await self._values(
                "rest/agile/1.0/board", {"projectKeyOrId": key, "type": "scrum"}
            )
            for board in boards:
                sprints = await self._values(
                    f"rest/agile/1.0/board/{board['id']}/sprint", {"state": "active,future"}
                )
                for sprint in sprints:
                    ref = SprintRef(
                        str(sprint["id"]),
                        str(sprint.get("name", "")),
                        str(sprint.get("state", "")),
                        str(board.get("name", "")),
                    )
                    found.setdefault(ref.id, ref)
        return list(found.values())

    async def move_to_sprint(self, sprint_id: str, keys: Sequence[str]) -> None:
        """Move issues into a sprint, in calls of at most 50 (the API's limit)."""
        for start in range(0, len(keys), MOVE_MAX):
            batch = list(keys[start : start + MOVE_MAX])
            # a move is a POST that changes data: sent once, never retried
            request = ApiRequest(
                "POST",
                f"rest/agile/1.0/sprint/{sprint_id}/issue",
                json={"issues": batch},
                idempotent=False,
            )
            await self.client.http.send(request)
