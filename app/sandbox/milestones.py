"""The two milestone services' data, held beside the Jira site's in the same ``Store``.

- The Project Milestones app keeps dated milestones per Jira project (by key); it signs in with
  an account's e-mail and an app API token (``app_tokens``, one per demo account).
- The Milestones API keeps ordered, coloured buckets of tasks per project (by the Jira project's
  id); each project has one system ``uncategorised`` bucket. It signs in with an API key
  (``api_keys``: the key's owner, a Jira user, whose browse permission limits it).

Both services see the site's projects and users, so a project the plain user cannot browse is a
403 in both, as it is in Jira.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "API_KEYS",
    "APP_TOKENS",
    "AppMilestone",
    "Bucket",
    "MilestoneBook",
]

# demo credentials: the administrator's and the plain user's (by e-mail / by user key)
APP_TOKENS = {
    "admin@jade-sandbox.test": "sandbox-app-admin-token",
    "pat@jade-sandbox.test": "sandbox-app-user-token",
}
API_KEYS = {
    "sandbox-api-admin-key": "JIRAUSER10000",
    "sandbox-api-user-key": "JIRAUSER10001",
}


@dataclass(slots=True)
class AppMilestone:
    """A milestone of the Project Milestones app."""

    id: int
    project_key: str
    title: str
    description: str = ""
    start: date | None = None
    end: date | None = None

    def as_json(self) -> dict[str, object]:
        """As the app answers it."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


@dataclass(slots=True)
class Bucket:
    """A milestone of the Milestones API: a bucket of tasks in a project."""

    id: int
    project_id: int
    title: str
    color: str = "default"
    position: int = 0
    type: str = "categorised"  # or "uncategorised", the system default
    tasks_count: int = 0
    creator_id: int = 1
    created: str = ""
    updated: str = ""

    def as_json(self) -> dict[str, object]:
        """As the API answers it."""
        return {
            "id": self.id,
            "title": self.title,
            "project_id": self.project_id,
            "type": self.type,
            "color": self.color,
            "position": self.position,
            "creator_id": self.creator_id,
            "tasks_count": self.tasks_count,
            "dates": {"created": self.created, "updated": self.updated},
        }


@dataclass(slots=True)
class MilestoneBook:
    """Both services' records, with their own id sequences."""

    app_tokens: dict[str, str] = field(default_factory=lambda: dict(APP_TOKENS))
    api_keys: dict[str, str] = field(default_factory=lambda: dict(API_KEYS))
    app: dict[int, AppMilestone] = field(default_factory=dict)
    buckets: dict[int, Bucket] = field(default_factory=dict)
    _next_app: int = 1
    _next_bucket: int = 1

    def add_app(self, milestone: AppMilestone) -> AppMilestone:
        """Keep a milestone of the app (its id taken from the sequence when 0)."""
        if milestone.id <= 0:
            milestone.id = self._next_app
        self._next_app = max(self._next_app, milestone.id + 1)
        self.app[milestone.id] = milestone
        return milestone

    def app_milestones(self, project_key: str) -> list[AppMilestone]:
        """A project's app milestones in the order they were made."""
        return [m for m in self.app.values() if m.project_key == project_key]

    def add_bucket(self, bucket: Bucket) -> Bucket:
        """Keep a bucket (its id taken from the sequence when 0)."""
        if bucket.id <= 0:
            bucket.id = self._next_bucket
        self._next_bucket = max(self._next_bucket, bucket.id + 1)
        self.buckets[bucket.id] = bucket
        return bucket

    def project_buckets(self, project_id: int) -> list[Bucket]:
        """A project's buckets by position (the system one first), then id."""
        found = [b for b in self.buckets.values() if b.project_id == project_id]
        return sorted(found, key=lambda b: (b.position, b.id))

    def system_bucket(self, project_id: int) -> Bucket | None:
        """The project's uncategorised default."""
        return next(
            (b for b in self.project_buckets(project_id) if b.type == "uncategorised"), None
        )

    def delete_bucket(self, bucket: Bucket, delete_tasks: bool) -> tuple[int, int]:
        """Remove a (categorised) bucket; its tasks go to the default or away: (moved, deleted)."""
        del self.buckets[bucket.id]
        if delete_tasks:
            return 0, bucket.tasks_count
        default = self.system_bucket(bucket.project_id)
        if default is not None:
            default.tasks_count += bucket.tasks_count
        return bucket.tasks_count, 0

    def reorder(self, ordered: Iterable[Bucket]) -> None:
        """Positions 1..N in the order given."""
        for position, bucket in enumerate(ordered, start=1):
            bucket.position = position
