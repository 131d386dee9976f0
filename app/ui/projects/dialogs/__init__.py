"""Dialogs of the projects pane: create/delete project, components, versions, role members,
categories. Each stays open until the controller says the change was saved."""

from __future__ import annotations

from app.ui.projects.dialogs.categories import CategoriesDialog
from app.ui.projects.dialogs.component import ComponentDialog, DeleteComponentDialog
from app.ui.projects.dialogs.project import (
    PROJECT_TYPES,
    DeleteProjectDialog,
    KeyCheck,
    NewProjectDialog,
)
from app.ui.projects.dialogs.roles import ActorsToAdd, AddActorsDialog
from app.ui.projects.dialogs.version import DeleteVersionDialog, VersionDialog

__all__ = [
    "PROJECT_TYPES",
    "ActorsToAdd",
    "AddActorsDialog",
    "CategoriesDialog",
    "ComponentDialog",
    "DeleteComponentDialog",
    "DeleteProjectDialog",
    "DeleteVersionDialog",
    "KeyCheck",
    "NewProjectDialog",
    "VersionDialog",
]
