"""Whether what Jira holds now contains a change (read back after the user stopped a save).

A save the user stops may still have reached Jira. Jade then reads the object again and asks
these functions whether every part of the change is there, so it can say "saved" or "not
saved" instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.domain.issue_actions import IssueEdit
from app.domain.project import (
    UNSET,
    Component,
    ComponentChanges,
    ProjectChanges,
    ProjectDetail,
    ProjectRole,
    Version,
    VersionChanges,
)

__all__ = [
    "actors_present",
    "component_holds",
    "issue_edit_holds",
    "overview_holds",
    "version_holds",
]


def overview_holds(detail: ProjectDetail, changes: ProjectChanges) -> bool:
    """Whether ``detail`` carries every field ``changes`` sets."""
    project = detail.project
    checks = [
        changes.name is None or project.name == changes.name,
        changes.description is None
        or project.description.replace("\r\n", "\n") == changes.description.replace("\r\n", "\n"),
        changes.lead is None or (project.lead is not None and project.lead.id == changes.lead),
        changes.url is None or project.url == changes.url,
        changes.assignee_type is None or detail.assignee_type == changes.assignee_type,
        changes.category_id is UNSET or project.category_id == changes.category_id,
    ]
    return all(checks)


def component_holds(component: Component, changes: ComponentChanges) -> bool:
    """Whether ``component`` carries every field ``changes`` sets."""
    lead = component.lead.id if component.lead is not None else None
    return all(
        [
            changes.name is None or component.name == changes.name,
            changes.description is None or component.description == changes.description,
            changes.lead is UNSET or lead == changes.lead,
            changes.assignee_type is None or component.assignee_type == changes.assignee_type,
        ]
    )


def version_holds(version: Version, changes: VersionChanges) -> bool:
    """Whether ``version`` carries every field ``changes`` sets."""
    return all(
        [
            changes.name is None or version.name == changes.name,
            changes.description is None or version.description == changes.description,
            changes.start_date is UNSET or version.start_date == changes.start_date,
            changes.release_date is UNSET or version.release_date == changes.release_date,
            changes.released is None or version.released == changes.released,
            changes.archived is None or version.archived == changes.archived,
        ]
    )


def actors_present(role: ProjectRole | None, users: Sequence[str], groups: Sequence[str]) -> bool:
    """Whether ``role`` has every user (by id) and group (by name) named."""
    if role is None:
        return False
    have_users = {a.id for a in role.actors if a.kind != "group"}
    have_groups = {a.id for a in role.actors if a.kind == "group"} | {
        a.display_name for a in role.actors if a.kind == "group"
    }
    return set(users) <= have_users and set(groups) <= have_groups


def issue_edit_holds(fields: Mapping[str, Any], edit: IssueEdit) -> bool:
    """Whether an issue's ``fields`` (as Jira sends them) carry every part of ``edit``."""
    summary = fields.get("summary")
    priority = fields.get("priority")
    priority_name = priority.get("name") if isinstance(priority, dict) else None
    labels = fields.get("labels")
    have = {str(label) for label in labels} if isinstance(labels, list) else set()
    return all(
        [
            edit.summary is None or summary == edit.summary,
            edit.priority is None or priority_name == edit.priority,
            set(edit.labels_add) <= have,
            not (set(edit.labels_remove) & have),
        ]
    )
