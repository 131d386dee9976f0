"""The GreenHopper experimental API's JSON: boards, sprints, epics, versions and their pages.

Key for key as the examples of ``jira-agile-6.7.6-greenhopper-api.txt`` write them. Dates are
in the caller's time zone with a colon in the offset (``2015-04-11T15:22:00.000+10:00``), and
appear only where set: a future sprint has none, an unreleased version no ``releaseDate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from app.sandbox.model import Board, Issue, Sprint, Version
from app.sandbox.render.formats import Json
from app.sandbox.store import Store

__all__ = ["EPIC_COLOURS", "PATH", "GreenHopperJson", "epic_done", "epic_name", "gh_datetime"]

PATH = "/rest/greenhopper/experimental-api/1.0"
EPIC_COLOURS = 9  # Jira Agile 6.x offers nine epic colours, color_1 … color_9


def gh_datetime(value: datetime, zone: ZoneInfo) -> str:
    """The experimental API's timestamp: ``2015-04-11T15:22:00.000+10:00`` (``Z`` at UTC)."""
    local = value.astimezone(zone)
    offset = local.strftime("%z")
    text = local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}"
    # Joda's ISO printer, which Jira Agile writes with, prints a zero offset as Z
    return text + ("Z" if offset in ("", "+0000") else f"{offset[:3]}:{offset[3:]}")


def epic_name(issue: Issue) -> str:
    """The epic's short name (Epic Name), which the sandbox derives from its summary."""
    # the store keeps no Epic Name field: the summary's first words stand in for one, so the
    # name and the summary differ as they do on a real board
    words = issue.summary.split()
    return " ".join(words[:2]) if len(words) > 2 else issue.summary


def epic_done(store: Store, issue: Issue) -> bool:
    """Whether an epic is done: the sandbox reads its status category for Epic Status."""
    return store.status_categories[store.statuses[issue.status_id].category_id].key == "done"


@dataclass(frozen=True, slots=True)
class GreenHopperJson:
    """Renders for one caller: ``base`` is scheme://host:port, ``zone`` the caller's time zone."""

    store: Store
    base: str
    zone: ZoneInfo

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` under the experimental API."""
        return f"{self.base}{PATH}/{path}"

    def board(self, board: Board) -> Json:
        """A board: ``{id, self, name, type}``."""
        return {
            "id": board.id,
            "self": self.url(f"board/{board.id}"),
            "name": board.name,
            "type": board.type,
        }

    def sprint(self, sprint: Sprint) -> Json:
        """A sprint: ``{id, self, state, name}`` and the dates it has."""
        out: Json = {
            "id": sprint.id,
            "self": self.url(f"sprint/{sprint.id}"),
            "state": sprint.state,
            "name": sprint.name,
        }
        for key, value in (
            ("startDate", sprint.start_date),
            ("endDate", sprint.end_date),
            ("completeDate", sprint.complete_date),
        ):
            if value is not None:
                out[key] = gh_datetime(value, self.zone)
        return out

    def epic(self, issue: Issue) -> Json:
        """An epic: ``{id, self, name, summary, color: {key}, done}``."""
        return {
            "id": issue.id,
            "self": self.url(f"epic/{issue.id}"),
            "name": epic_name(issue),
            "summary": issue.summary,
            "color": {"key": f"color_{issue.id % EPIC_COLOURS + 1}"},
            "done": epic_done(self.store, issue),
        }

    def version(self, version: Version) -> Json:
        """A version: ``releaseDate`` (midnight, the caller's zone) only when it has one."""
        out: Json = {
            "id": version.id,
            "projectId": version.project_id,
            "name": version.name,
            "description": version.description,
            "archived": version.archived,
            "released": version.released,
        }
        if version.release_date is not None:
            out["releaseDate"] = gh_datetime(self._midnight(version.release_date), self.zone)
        return out

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(0, 0), self.zone)

    @staticmethod
    def page(values: list[Any], start: int, limit: int) -> Json:
        """One page of a list: ``{maxResults, startAt, total, isLast, values}``."""
        return {
            "maxResults": limit,
            "startAt": start,
            "total": len(values),
            "isLast": start + limit >= len(values),
            "values": values[start : start + limit],
        }
