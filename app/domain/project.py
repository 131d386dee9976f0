"""Projects as the projects pane and the search pane see them."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.site import UserRef

__all__ = ["Project"]


@dataclass(frozen=True, slots=True)
class Project:
    """A Jira project."""

    id: str
    key: str
    name: str
    project_type: str
    category: str | None = None
    lead: UserRef | None = None
    description: str = ""
    url: str = ""
