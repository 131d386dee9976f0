"""The panes of Jade, in the order of the navigation rail (Ctrl+1…N).

Adding a pane is one package under ``app/ui`` and one line here.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QWidget

from app.ui.boards.controller import BoardsController
from app.ui.issues.controller import IssuesController
from app.ui.kit.pane import Pane, PaneContext
from app.ui.permissions.controller import PermissionsController
from app.ui.projects.controller import ProjectsController
from app.ui.timeline.controller import TimelineController

__all__ = ["PANES", "PaneFactory"]


class PaneFactory(Protocol):
    """A pane's class: its id is known before it is built (its settings are keyed by it)."""

    id: str

    def __call__(self, context: PaneContext, parent: QWidget) -> Pane: ...


PANES: tuple[PaneFactory, ...] = (
    ProjectsController,
    IssuesController,
    BoardsController,
    TimelineController,
    PermissionsController,
)
