"""Jira Software's agile REST 1.0 (``/rest/agile/1.0``): boards, sprints, backlog, rank, epics.

The resources live in three modules: ``agile_boards`` (boards, their configuration, issues,
backlog, sprints and epics), ``agile_sprints`` (sprint life: create, edit, start, complete,
delete) and ``agile_moves`` (issues into a sprint or the backlog, and rank); ``agile_common``
holds what they share. The rules they follow are in ``app.sandbox.boards``.
"""

from __future__ import annotations

from starlette.routing import Route

from app.sandbox.routes import agile_boards, agile_moves, agile_sprints

__all__ = ["routes"]


def routes() -> list[Route]:
    """Routes under /rest/agile/1.0."""
    return [*agile_moves.routes(), *agile_boards.routes(), *agile_sprints.routes()]
