"""Links between generated issues, and each generated issue's past as its changelog tells it.

Links (Blocks, Relates, Duplicate, Cloners: Jira's default link types) join about one issue in
twelve to another of its project. Histories are not stored up front (a site of 100,000 issues
would hold ~150 MB of them): ``SeededHistory`` makes an issue's past from the issue's id and the
site's seed when it is first asked for, always the same, ending in the state the issue has:
its assignment, its way through the workflow to its status (with the resolution when done),
its sprint, labels, a priority change, its epic, and its links.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import datetime
from typing import Any

from app.sandbox.datagen.reference import (
    BLOCKED,
    DONE,
    EPIC,
    IN_PROGRESS,
    IN_REVIEW,
    TO_DO,
    WONT_DO,
)
from app.sandbox.history import capture, diff, link_items
from app.sandbox.model import ChangeGroup, ChangeItem, Issue, IssueLinkType
from app.sandbox.store import Store

__all__ = ["LINK_TYPES", "SeededHistory", "make_links"]

LINK_TYPES = (
    IssueLinkType(10000, "Blocks", "is blocked by", "blocks"),
    IssueLinkType(10001, "Cloners", "is cloned by", "clones"),
    IssueLinkType(10002, "Duplicate", "is duplicated by", "duplicates"),
    IssueLinkType(10003, "Relates", "relates to", "relates to"),
)
_LINK_WEIGHTS = (40, 5, 15, 40)
_PATHS = {
    TO_DO: (),
    IN_PROGRESS: (IN_PROGRESS,),
    IN_REVIEW: (IN_PROGRESS, IN_REVIEW),
    BLOCKED: (IN_PROGRESS, BLOCKED),
    DONE: (IN_PROGRESS, DONE),
    WONT_DO: (WONT_DO,),
}
_MAX_ENTRIES = 16  # a generated past has ids issue.id * 16 + n


def make_links(store: Store, rng: random.Random) -> None:
    """Add the link types and link about one issue in twelve to another of its project."""
    for kind in LINK_TYPES:
        store.link_types[kind.id] = kind
    by_project: dict[int, list[Issue]] = {}
    for issue in store.issues.values():
        if issue.issuetype_id != EPIC:
            by_project.setdefault(issue.project_id, []).append(issue)
    seen: set[tuple[int, int]] = set()
    for issues in by_project.values():
        if len(issues) < 2:
            continue
        for issue in issues:
            if rng.random() >= 1 / 12:
                continue
            other = rng.choice(issues)
            pair = (min(issue.id, other.id), max(issue.id, other.id))
            if other is issue or pair in seen:
                continue
            seen.add(pair)
            kind = rng.choices(LINK_TYPES, _LINK_WEIGHTS)[0]
            # the older issue blocks / is duplicated by / is cloned by the newer one
            older, newer = (issue, other) if issue.id < other.id else (other, issue)
            if kind.name == "Blocks":
                store.add_link(kind, older, newer)
            else:
                store.add_link(kind, newer, older)


class SeededHistory:
    """Makes a generated issue's changelog on first use (``Store.history_source``)."""

    def __init__(self, store: Store, seed: int, worker_keys: list[str]) -> None:
        self.store = store
        self.seed = seed
        self.worker_keys = worker_keys
        # links made later (through the API) record their own history when they are made
        self.last_seeded_link = max(store.links, default=0)

    def __call__(self, issue: Issue) -> list[ChangeGroup]:
        """The issue's past, oldest first."""
        rng = random.Random(self.seed * 1_000_003 + issue.id)
        start, span = issue.created, issue.updated - issue.created
        events: list[tuple[datetime, str, list[ChangeItem]]] = []

        def at(low: float, high: float) -> datetime:
            return start + span * rng.uniform(low, high)

        reporter = issue.reporter_key
        worker = issue.assignee_key or rng.choice(self.worker_keys)
        store = self.store
        if issue.assignee_key and rng.random() < 0.6:
            events.append((at(0.0, 0.15), reporter, self._field(issue, assignee_key=None)))
        if issue.labels and rng.random() < 0.4:
            events.append((at(0.0, 0.3), reporter, self._field(issue, labels=())))
        if rng.random() < 0.15:
            other = rng.choice([p for p in store.priorities if p != issue.priority_id])
            events.append((at(0.05, 0.5), reporter, self._field(issue, priority_id=other)))
        parent = store.issues.get(issue.parent_id) if issue.parent_id else None
        if parent is not None and parent.issuetype_id == EPIC and rng.random() < 0.5:
            events.append((at(0.0, 0.2), reporter, self._field(issue, parent_id=None)))
        if issue.sprint_ids and rng.random() < 0.8:
            events.append((at(0.05, 0.3), reporter, self._field(issue, sprint_ids=())))
        for link in store.links_of(issue)[:4]:
            if link.id > self.last_seeded_link:
                continue
            for side, item in link_items(store, link):
                if side is issue:
                    events.append((at(0.1, 0.9), worker, [item]))
        path = _PATHS.get(issue.status_id, ())
        if issue.status_id == DONE and rng.random() < 0.5:
            path = (IN_PROGRESS, IN_REVIEW, DONE)
        previous = TO_DO
        for n, status in enumerate(path, start=1):
            done = n == len(path)
            when = issue.updated if done else at((n - 1) / len(path), n / len(path))
            items = [self._status(previous, status)]
            if done and issue.resolution_id is not None:
                name = store.resolutions[issue.resolution_id].name
                items.append(
                    ChangeItem(
                        "resolution",
                        "jira",
                        "resolution",
                        None,
                        None,
                        str(issue.resolution_id),
                        name,
                    )
                )
            events.append((when, worker, items))
            previous = status
        events.sort(key=lambda e: e[0])
        return [
            ChangeGroup(issue.id * _MAX_ENTRIES + n, author, when, items)
            for n, (when, author, items) in enumerate(events[:_MAX_ENTRIES])
        ]

    def _field(self, issue: Issue, **earlier: Any) -> list[ChangeItem]:
        """The items of the change from the issue with ``earlier`` values to the issue now."""
        now = capture(issue)
        return diff(self.store, dataclasses.replace(now, **earlier), now)

    def _status(self, old: int, new: int) -> ChangeItem:
        statuses = self.store.statuses
        return ChangeItem(
            "status", "jira", "status", str(old), statuses[old].name, str(new), statuses[new].name
        )
