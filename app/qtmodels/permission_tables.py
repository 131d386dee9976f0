"""The Permissions pane's tables: schemes, staged changes, a comparison, "who can" and its reverse.

Each is a ``RecordTableModel`` over a small record that carries the names the table shows
(permission names come from the site's ``/permissions``, so rows hold them resolved).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject

from app.domain.permission import GrantCell, PermissionScheme
from app.domain.permission_access import UserAccess, UserPermission
from app.domain.permission_diff import AssignmentPreview, DiffRow, DiffSide
from app.qtmodels.record_table import Column, RecordTableModel

__all__ = [
    "ChangeRow",
    "CompareRow",
    "PreviewRow",
    "SchemeRow",
    "UserPermissionRow",
    "change_model",
    "compare_model",
    "compare_rows",
    "preview_model",
    "scheme_model",
    "user_permission_model",
    "who_can_model",
]


@dataclass(frozen=True, slots=True)
class SchemeRow:
    """A scheme in the list, with the keys of the projects that use it."""

    scheme: PermissionScheme
    projects: tuple[str, ...] | None = None  # None: Jira did not say

    @property
    def projects_text(self) -> str:
        """The project keys, or a dash when Jira did not say."""
        if self.projects is None:
            return "—"
        return ", ".join(self.projects) if self.projects else "none"


def scheme_model(parent: QObject | None = None) -> RecordTableModel[SchemeRow]:
    """Name, description, grant count and projects of each scheme."""
    return RecordTableModel(
        (
            Column("Name", lambda r: r.scheme.name),
            Column("Grants", lambda r: str(len(r.scheme.grants))),
            Column(
                "Projects",
                lambda r: str(len(r.projects)) if r.projects is not None else "—",
                tooltip=lambda r: r.projects_text,
            ),
            Column("Description", lambda r: r.scheme.description),
        ),
        parent,
    )


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One staged add or delete, and what came of it once applied."""

    action: str  # "add" or "delete"
    cell: GrantCell
    permission_name: str
    outcome: str = ""  # "" while staged; "Done", "Not started" or Jira's refusal
    ok: bool | None = None  # None until the change was tried

    @property
    def action_text(self) -> str:
        """What the change does, in words."""
        return "Grant" if self.action == "add" else "Remove"


def change_model(parent: QObject | None = None) -> RecordTableModel[ChangeRow]:
    """The staged diff: each change and its outcome."""
    return RecordTableModel(
        (
            Column("Change", lambda r: ("+ " if r.action == "add" else "- ") + r.action_text),
            Column("Permission", lambda r: r.permission_name, tooltip=lambda r: r.cell.permission),
            Column("Holder", lambda r: r.cell.holder.label, tooltip=lambda r: r.cell.holder.token),
            Column("Outcome", lambda r: r.outcome or "Staged"),
        ),
        parent,
    )


SIDE_TEXT = {DiffSide.BOTH: "Both", DiffSide.LEFT: "Only left", DiffSide.RIGHT: "Only right"}


@dataclass(frozen=True, slots=True)
class CompareRow:
    """One pair of a comparison with its permission's name."""

    diff: DiffRow
    permission_name: str


def compare_model(
    left: str = "Left", right: str = "Right", parent: QObject | None = None
) -> RecordTableModel[CompareRow]:
    """Permission, holder, and whether the left and the right side grant it."""
    return RecordTableModel(
        (
            Column("Permission", lambda r: r.permission_name, tooltip=lambda r: r.diff.permission),
            Column("Holder", lambda r: r.diff.holder.label, tooltip=lambda r: r.diff.holder.token),
            Column(left, lambda r: "", checked=lambda r: r.diff.side is not DiffSide.RIGHT),
            Column(right, lambda r: "", checked=lambda r: r.diff.side is not DiffSide.LEFT),
            Column("Where", lambda r: SIDE_TEXT[r.diff.side]),
        ),
        parent,
    )


def compare_rows(rows: tuple[DiffRow, ...], names: Mapping[str, str]) -> list[CompareRow]:
    """The diff's rows with their permissions' names."""
    return [CompareRow(row, names.get(row.permission, row.permission)) for row in rows]


def who_can_model(parent: QObject | None = None) -> RecordTableModel[UserAccess]:
    """Each user who holds the permission, and every path by which they hold it."""
    return RecordTableModel(
        (
            Column("User", lambda r: r.user.display_name or r.user.id),
            Column("Id", lambda r: r.user.id),
            Column("Via", lambda r: ", ".join(r.via)),
        ),
        parent,
    )


@dataclass(frozen=True, slots=True)
class UserPermissionRow:
    """A permission a user holds (or may, by the issue), with its name."""

    held: UserPermission
    permission_name: str


def user_permission_model(parent: QObject | None = None) -> RecordTableModel[UserPermissionRow]:
    """Each permission the user holds, how, and the conditions that would also give it."""
    return RecordTableModel(
        (
            Column("Permission", lambda r: r.permission_name, tooltip=lambda r: r.held.permission),
            Column("Held", lambda r: "", checked=lambda r: r.held.held),
            Column("Via", lambda r: ", ".join(r.held.via)),
            Column("Only on issues where", lambda r: ", ".join(r.held.conditions)),
        ),
        parent,
    )


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """What one project gains and loses by an assignment, and what came of it."""

    preview: AssignmentPreview
    current_name: str
    outcome: str = ""


def preview_model(parent: QObject | None = None) -> RecordTableModel[PreviewRow]:
    """Each project to assign: its scheme now, the grants it gains and loses, the outcome."""
    return RecordTableModel(
        (
            Column("Project", lambda r: r.preview.project_key),
            Column("Uses now", lambda r: r.current_name),
            Column("Gains", lambda r: str(len(r.preview.gains))),
            Column("Loses", lambda r: str(len(r.preview.loses))),
            Column("Outcome", lambda r: r.outcome),
        ),
        parent,
    )
