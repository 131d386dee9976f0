"""Pure comparisons of permission schemes: side-by-side diff, assignment preview, staged changes."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.permission import Grant, GrantCell, Holder, PermissionScheme, category_of

__all__ = [
    "AssignmentPreview",
    "DiffRow",
    "DiffSide",
    "StagedChanges",
    "diff_counts",
    "diff_schemes",
    "preview_assignment",
    "staged_changes",
]


class DiffSide(enum.StrEnum):
    """Where a (permission, holder) pair is granted in a comparison."""

    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One granted pair of a comparison and the side(s) that grant it."""

    permission: str
    holder: Holder
    side: DiffSide


def _cell_order(cell: GrantCell) -> tuple[int, str, tuple[int, str, str]]:
    return (category_of(cell.permission).order, cell.permission, cell.holder.sort_key())


def _cells(grants: PermissionScheme | Iterable[Grant]) -> frozenset[GrantCell]:
    if isinstance(grants, PermissionScheme):
        return grants.cells()
    return frozenset(g.cell for g in grants)


def diff_schemes(
    left: PermissionScheme | Iterable[Grant], right: PermissionScheme | Iterable[Grant]
) -> tuple[DiffRow, ...]:
    """Every pair granted by either side, marked both/left/right, in the matrix's order."""
    lefts, rights = _cells(left), _cells(right)
    rows = []
    for cell in sorted(lefts | rights, key=_cell_order):
        if cell in lefts and cell in rights:
            side = DiffSide.BOTH
        elif cell in lefts:
            side = DiffSide.LEFT
        else:
            side = DiffSide.RIGHT
        rows.append(DiffRow(cell.permission, cell.holder, side))
    return tuple(rows)


def diff_counts(rows: Iterable[DiffRow]) -> dict[DiffSide, int]:
    """How many rows each side has (every side present, zero when none)."""
    counts = dict.fromkeys(DiffSide, 0)
    for row in rows:
        counts[row.side] += 1
    return counts


@dataclass(frozen=True, slots=True)
class AssignmentPreview:
    """What a project gains and loses when it moves from one scheme to another."""

    project_key: str
    current_scheme: str | None  # the scheme's id, None when the project's was unknown
    new_scheme: str
    gains: tuple[GrantCell, ...]
    loses: tuple[GrantCell, ...]

    @property
    def unchanged(self) -> bool:
        """Whether the move changes nothing anyone holds in the project."""
        return not self.gains and not self.loses


def preview_assignment(
    project_key: str, current: PermissionScheme | None, new: PermissionScheme
) -> AssignmentPreview:
    """The grants a project gains and loses by using ``new`` instead of ``current``."""
    before = current.cells() if current is not None else frozenset()
    after = new.cells()
    return AssignmentPreview(
        project_key=project_key,
        current_scheme=current.id if current is not None else None,
        new_scheme=new.id,
        gains=tuple(sorted(after - before, key=_cell_order)),
        loses=tuple(sorted(before - after, key=_cell_order)),
    )


@dataclass(frozen=True, slots=True)
class StagedChanges:
    """What applying the matrix's checks means: grants to add, and existing grants to delete."""

    adds: tuple[GrantCell, ...]
    deletes: tuple[Grant, ...]

    @property
    def empty(self) -> bool:
        """Whether nothing is staged."""
        return not self.adds and not self.deletes

    def __len__(self) -> int:
        return len(self.adds) + len(self.deletes)


def staged_changes(scheme: PermissionScheme, checked: Iterable[GrantCell]) -> StagedChanges:
    """The adds and deletes that take ``scheme`` to exactly the ``checked`` cells.

    A cell granted twice (Jira allows duplicates on some versions) is deleted grant by grant.
    """
    wanted = frozenset(checked)
    have = scheme.cells()
    adds = tuple(sorted(wanted - have, key=_cell_order))
    deletes = tuple(
        sorted(
            (g for g in scheme.grants if g.cell not in wanted),
            key=lambda g: (_cell_order(g.cell), g.id),
        )
    )
    return StagedChanges(adds=adds, deletes=deletes)
