"""What the timeline asks of its sources: the two milestone services and Jira's dated items.

Three interfaces, each satisfied by one client:

- :class:`ProjectMilestonesService`: the Project Milestones for Jira app
  (``ProjectMilestonesClient`` in :mod:`app.api.milestones`): dated milestones of a Jira project.
- :class:`MilestoneBucketsService`: the Milestones API (``MilestonesApiClient``): ordered,
  coloured buckets of tasks in a project, without dates.
- :class:`JiraDateEdits`: the start/release dates of Jira versions and the start/end dates of
  sprints (``JiraDates`` in :mod:`app.api.milestone_dates`).

Failures are the client layer's typed errors (:mod:`app.api.errors`): ``str(error)`` is the
service's meaning of the status plus the server's own message.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from app.domain.board import Sprint
from app.domain.milestone import (
    BucketChanges,
    Milestone,
    MilestoneBucket,
    MilestoneChanges,
    NewBucket,
    NewMilestone,
    TaskFate,
)
from app.domain.project import Version

__all__ = ["JiraDateEdits", "MilestoneBucketsService", "ProjectMilestonesService"]


class ProjectMilestonesService(Protocol):
    """The Project Milestones for Jira app's endpoint for one Jira instance."""

    async def milestones(self, project_key: str) -> list[Milestone]:
        """Every milestone of a project."""
        ...

    async def create_milestone(self, project_key: str, new: NewMilestone) -> Milestone:
        """Create a milestone; the app answers with it, new id included."""
        ...

    async def edit_milestone(
        self, project_key: str, milestone_id: str, changes: MilestoneChanges
    ) -> Milestone:
        """Change the attributes ``changes`` holds; the others stay."""
        ...

    async def delete_milestone(self, project_key: str, milestone_id: str) -> str:
        """Delete a milestone; the id the app says it deleted."""
        ...

    async def aclose(self) -> None:
        """Close the connections."""
        ...


class MilestoneBucketsService(Protocol):
    """The Milestones API of one project tool."""

    async def buckets(self, project_id: int) -> list[MilestoneBucket]:
        """Every milestone of a project (all pages), in position order."""
        ...

    async def bucket(self, bucket_id: int) -> MilestoneBucket:
        """One milestone."""
        ...

    async def create_bucket(self, project_id: int, new: NewBucket) -> MilestoneBucket:
        """Create a milestone (categorised) in a project."""
        ...

    async def edit_bucket(self, bucket_id: int, changes: BucketChanges) -> MilestoneBucket:
        """Rename and recolour (both are sent: the API requires them)."""
        ...

    async def delete_bucket(
        self, bucket_id: int, tasks: TaskFate = TaskFate.MOVE_TO_DEFAULT
    ) -> None:
        """Delete a milestone; its tasks go to the default milestone, or are deleted."""
        ...

    async def reorder_buckets(self, ids: Sequence[int]) -> None:
        """Give the milestones positions 1..N in the order of ``ids``."""
        ...

    async def aclose(self) -> None:
        """Close the connections."""
        ...


class JiraDateEdits(Protocol):
    """Re-dating Jira's own dated things: versions and sprints."""

    async def set_version_dates(
        self, version_id: str, start: date | None, release: date | None
    ) -> Version:
        """Set a version's start and release dates (None clears one); Jira's version back."""
        ...

    async def set_sprint_dates(
        self, sprint: Sprint, start: datetime | None, end: datetime | None
    ) -> Sprint:
        """Set a sprint's start and end (None leaves one as it is); Jira's sprint back."""
        ...
