"""Re-dating Jira versions and sprints for the timeline, over the existing clients.

Versions: ``PUT /rest/api/2/version/{id}`` with ``startDate``/``releaseDate``
(:meth:`ProjectAdmin.update_version`). Sprints: the partial sprint update of agile REST 1.0, or
GreenHopper's experimental API on Jira Agile 6.x (the site's ``BoardSource``). Nothing is checked
here that Jira checks itself: an end before the start comes back as Jira's own refusal
(``ValidationError`` with Jira's words); the UI checks first with
:func:`app.domain.milestone.date_range_problem`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from app.api.boards import AgileNotSupportedError, BoardSource
from app.api.milestone_services import JiraDateEdits
from app.api.projects import ProjectAdmin
from app.domain.board import Sprint, SprintChanges
from app.domain.project import Version, VersionChanges

__all__ = ["JiraDates"]


class JiraDates:
    """Date edits of a site's versions and, when it has an agile API, its sprints."""

    def __init__(self, projects: ProjectAdmin, boards: BoardSource | None) -> None:
        self._projects = projects
        self._boards = boards

    @property
    def sprints_editable(self) -> bool:
        """Whether the site has an agile API to re-date sprints with."""
        return self._boards is not None

    async def set_version_dates(
        self, version_id: str, start: date | None, release: date | None
    ) -> Version:
        """Set a version's start and release dates (None clears one); Jira's version back."""
        changes = VersionChanges(start_date=start, release_date=release)
        return await self._projects.update_version(version_id, changes)

    async def set_sprint_dates(
        self, sprint: Sprint, start: datetime | None, end: datetime | None
    ) -> Sprint:
        """Set a sprint's start and end (None leaves one as it is); Jira's sprint back."""
        if self._boards is None:
            raise AgileNotSupportedError(
                "This site has no agile API (Jira Software or Jira Agile), so its sprints "
                "cannot be changed."
            )
        return await self._boards.update_sprint(sprint, SprintChanges(start=start, end=end))


if TYPE_CHECKING:

    def _implements_date_edits(dates: JiraDates) -> JiraDateEdits:
        return dates
