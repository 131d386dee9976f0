"""A whole site from a seed: what to generate (``SiteSpec``) and the order of the steps."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from app.sandbox.datagen.bench_board import add_bench_board
from app.sandbox.datagen.filters import make_filters
from app.sandbox.datagen.history import SeededHistory, make_links
from app.sandbox.datagen.issues import make_issues
from app.sandbox.datagen.milestones import add_milestones
from app.sandbox.datagen.permissions import add_bench_permissions, add_permission_schemes
from app.sandbox.datagen.projects import (
    add_categories,
    finish_boards,
    make_boards,
    make_projects,
)
from app.sandbox.datagen.reference import add_reference_data
from app.sandbox.datagen.users import make_users
from app.sandbox.model import Flavour
from app.sandbox.store import Store

__all__ = ["SiteSpec", "generate"]


@dataclass(frozen=True, slots=True)
class SiteSpec:
    """What to generate."""

    flavour: Flavour = Flavour.CLOUD
    seed: int = 1
    projects: int = 12
    issues: int = 5000
    anchor: date | None = None  # the "today" of the generated history; None = today (UTC)
    bench_board: int = 0  # issues of the extra eight-column board BIG (0: no such board)
    bench_permissions: bool = False  # 500 more projects, 2,000 users, 200 groups ("who can")


def generate(spec: SiteSpec) -> Store:
    """Build a whole site from ``spec``."""
    rng = random.Random(spec.seed)
    anchor_day = spec.anchor or datetime.now(UTC).date()
    anchor = datetime.combine(anchor_day, time(9, 0), UTC)
    store = Store(flavour=spec.flavour, seed=spec.seed)
    # the order of these steps is the order of draws from ``rng``: changing it changes every site
    add_reference_data(store, rng)
    users = make_users(store, rng, 40)
    admin, plain = users[0], users[1]
    workers = [u for u in users if u.active]
    add_categories(store)
    projects = make_projects(store, rng, spec.projects, workers, anchor)
    sprints_by_project = make_boards(store, rng, projects, anchor)
    make_issues(store, rng, spec.issues, projects, workers, anchor, sprints_by_project)
    make_filters(store, admin, plain, projects)
    make_links(store, rng)
    finish_boards(store, projects)
    add_bench_board(store, spec.bench_board, anchor, workers)  # its own generator, drawn last
    add_milestones(store, projects, anchor)  # its own generator too
    add_permission_schemes(store, spec.seed)  # its own generator too
    if spec.bench_permissions:
        add_bench_permissions(store, spec.seed)
    store.history_source = SeededHistory(store, spec.seed, [u.key for u in workers])
    return store
