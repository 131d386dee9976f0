"""What the issue search's bulk "move to sprint" needs of the agile API: the open and future
sprints of projects' boards, and moving issues into one (over ``AgileBoards``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.api.agile_boards import AgileBoards
from app.api.platform import JiraClient
from app.domain.board import MOVE_MAX, BoardType, SprintState
from app.domain.sprint import SprintRef

__all__ = ["MOVE_MAX", "AgileClient"]


class AgileClient:
    """Open sprints and moves into them, for one site."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client
        self._boards = AgileBoards(client)

    async def open_sprints(self, project_keys: Iterable[str]) -> list[SprintRef]:
        """Active and future sprints of every scrum board over these projects, by board then id."""
        found: dict[str, SprintRef] = {}
        open_states = (SprintState.ACTIVE, SprintState.FUTURE)
        for key in dict.fromkeys(project_keys):
            # kanban boards have no sprints (Jira answers 400 when asked for them)
            for board in await self._boards.boards(project=key, kind=BoardType.SCRUM):
                for sprint in await self._boards.sprints(board, open_states):
                    ref = SprintRef(str(sprint.id), sprint.name, sprint.state.value, board.name)
                    found.setdefault(ref.id, ref)
        return list(found.values())

    async def move_to_sprint(self, sprint_id: str, keys: Sequence[str]) -> None:
        """Move issues into a sprint, in calls of at most 50 (the API's limit)."""
        await self._boards.move_to_sprint_id(int(sprint_id), keys)
