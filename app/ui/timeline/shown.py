"""What the timeline shows: one site, its chosen projects, the services opened for them, the
items loaded and the records they came from (a save needs the sprint, not just its dates).

Every task holds the ``ShownTimeline`` it was started for and shows its answer only while that
one is still shown (``TimelineController.is_current``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.api.boards import BoardSource
from app.api.milestone_dates import JiraDates
from app.api.milestone_services import MilestoneBucketsService, ProjectMilestonesService
from app.domain.board import Board
from app.domain.milestone import MilestoneBucket
from app.domain.timeline import Source, TimelineItem
from app.session import SiteSession
from app.ui.timeline.scene import Lane

__all__ = ["ShownTimeline"]


@dataclass(eq=False)
class ShownTimeline:
    """One load of the timeline and what it found."""

    session: SiteSession
    projects: list[str]
    dates: JiraDates
    source: BoardSource | None = None  # the site's agile API (None: no sprints)
    pm: ProjectMilestonesService | None = None
    pm_name: str = ""
    pm_wanted: bool = False  # a profile is chosen (its lanes show, with why they are empty)
    buckets: MilestoneBucketsService | None = None
    bucket_name: str = ""
    bucket_project: int = 0
    items: dict[str, TimelineItem] = field(default_factory=dict)
    records: dict[str, object] = field(default_factory=dict)  # item key -> Version, Sprint, …
    boards: dict[str, list[Board]] = field(default_factory=dict)  # project -> its scrum boards
    bucket_records: list[MilestoneBucket] = field(default_factory=list)
    notes: dict[tuple[Source, str], str] = field(default_factory=dict)

    def lanes(self) -> list[Lane]:
        """A lane per source and project: the app's milestones (if a profile is chosen),
        versions and sprints of each project, in the order the projects were chosen."""
        lanes: list[Lane] = []
        for key in self.projects:
            sources = [Source.VERSION, Source.SPRINT]
            if self.pm is not None or self.pm_wanted:
                sources.insert(0, Source.PM_APP)
            for source in sources:
                note = self.notes.get((source, key), "")
                lanes.append(Lane(source, key, f"{key} · {source.label}", note))
        return lanes

    def keep(self, item: TimelineItem, record: object) -> None:
        """Remember ``item`` and the record it came from."""
        self.items[item.key] = item
        self.records[item.key] = record

    async def aclose(self) -> None:
        """Close the milestone services' connections (the Jira client is the session's)."""
        for service in (self.pm, self.buckets):
            if service is not None:
                await service.aclose()
