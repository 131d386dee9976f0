"""Milestones of both milestone services for the generated projects, around the anchor day.

Drawn from a random generator of their own (seeded from the site's seed), so adding them changes
no other record of a site generated from the same seed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from app.sandbox.milestones import AppMilestone, Bucket
from app.sandbox.model import Project
from app.sandbox.store import Store

__all__ = ["add_milestones"]

_APP_TITLES = [
    ("Discovery", "Interviews, prototypes and the problem statement signed off."),
    ("Design review", "Architecture and UX reviewed with the leads."),
    ("Alpha", "First internal build for the team."),
    ("Beta", "Open to selected customers; feedback gathered weekly."),
    ("Feature freeze", "No more features after that period."),
    ("Security review", "External penetration test and fixes."),
    ("Migration window", "Data moved to the new platform; support on call."),
    ("Release candidate", "Only blockers are fixed from here."),
    ("General availability", "Launch to every customer."),
    ("Retrospective", "What went well, what to change next time."),
]
_BUCKET_TITLES = [
    "Phase 1",
    "Phase 2",
    "Phase 3",
    "Research",
    "Launch prep",
    "Quick wins",
    "Tech debt",
    "Customer requests",
]
_COLOURS = ["default", "success", "warning", "danger", "info", "primary"]


def add_milestones(store: Store, projects: list[Project], anchor: datetime) -> None:
    """Several app milestones per project over about a year around ``anchor``, and buckets."""
    rng = random.Random(f"milestones-{store.seed}")
    book = store.milestones
    stamp = anchor.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    for project in projects:
        titles = rng.sample(_APP_TITLES, rng.randint(4, 7))
        day = anchor.date() - timedelta(days=rng.randint(150, 200))
        for title, description in titles:
            day += timedelta(days=rng.randint(20, 60))
            single = title in ("Feature freeze", "General availability") or rng.random() < 0.15
            end = day if single else day + timedelta(days=rng.randint(7, 45))
            book.add_app(AppMilestone(0, project.key, title, description, day, end))
            day = end
        book.add_bucket(
            Bucket(
                0,
                project.id,
                "Uncategorised",
                color="default",
                position=0,
                type="uncategorised",
                tasks_count=rng.randint(2, 15),
                created=stamp,
                updated=stamp,
            )
        )
        for position, title in enumerate(rng.sample(_BUCKET_TITLES, rng.randint(3, 5)), 1):
            book.add_bucket(
                Bucket(
                    0,
                    project.id,
                    title,
                    color=rng.choice(_COLOURS),
                    position=position,
                    tasks_count=rng.randint(0, 24),
                    created=stamp,
                    updated=stamp,
                )
            )
