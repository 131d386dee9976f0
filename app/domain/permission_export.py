"""Permission answers as rows, as ``jade permissions`` writes them and the pane exports them.

A row is a plain dict named as the command line names its fields; in CSV a list is its items
joined by ``;`` and every cell is made safe for spreadsheets.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from app.domain.issue_export import spreadsheet_safe
from app.domain.permission import PermissionScheme
from app.domain.permission_access import UserPermission, WhoCan
from app.domain.permission_diff import DiffRow

__all__ = [
    "COMPARE_FIELDS",
    "GRANT_FIELDS",
    "SCHEME_FIELDS",
    "USER_FIELDS",
    "WHO_FIELDS",
    "Row",
    "compare_rows",
    "grant_rows",
    "scheme_rows",
    "user_rows",
    "who_rows",
    "write_csv",
    "write_json_lines",
]

Row = dict[str, Any]
SCHEME_FIELDS = ("id", "name", "description", "grants", "projects")
GRANT_FIELDS = ("id", "permission", "holderType", "holder")
COMPARE_FIELDS = ("permission", "holderType", "holder", "side")
WHO_FIELDS = ("user", "displayName", "via", "condition")  # CSV columns; JSON lines differ
USER_FIELDS = ("permission", "via")


def scheme_rows(
    schemes: Iterable[PermissionScheme], usage: Mapping[str, Sequence[str]]
) -> list[Row]:
    """One row per scheme: id, name, description, grants (count), projects (keys)."""
    return [
        {
            "id": s.id,
            "name": s.name,
            "description": s.description,
            "grants": len(s.grants),
            "projects": list(usage.get(s.id, ())),
        }
        for s in schemes
    ]


def grant_rows(scheme: PermissionScheme) -> list[Row]:
    """One row per grant: id, permission, holderType (Jira's name), holder (its parameter)."""
    return [
        {
            "id": g.id,
            "permission": g.permission,
            "holderType": g.holder.type,
            "holder": g.holder.parameter,
        }
        for g in scheme.grants
    ]


def compare_rows(rows: Iterable[DiffRow]) -> list[Row]:
    """One row per granted pair of a comparison: permission, holderType, holder, side."""
    return [
        {
            "permission": r.permission,
            "holderType": r.holder.type,
            "holder": r.holder.parameter,
            "side": r.side.value,
        }
        for r in rows
    ]


def who_rows(answer: WhoCan) -> list[Row]:
    """A row per user (user, displayName, via), then a row per condition (condition)."""
    rows: list[Row] = [
        {"user": u.user.id, "displayName": u.user.display_name, "via": list(u.via)}
        for u in answer.users
    ]
    rows.extend({"condition": c} for c in answer.conditions)
    return rows


def user_rows(permissions: Iterable[UserPermission]) -> list[Row]:
    """A row per permission: the paths that give it, then the issue-dependent holders."""
    return [{"permission": p.permission, "via": [*p.via, *p.conditions]} for p in permissions]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return spreadsheet_safe(";".join(str(v) for v in value))
    if isinstance(value, int):
        return str(value)
    return spreadsheet_safe(str(value))


def write_csv(stream: TextIO, fields: Sequence[str], rows: Iterable[Row]) -> None:
    """A header, then the rows (a missing field is an empty cell); open files with newline=""."""
    writer = csv.writer(stream)
    writer.writerow(fields)
    writer.writerows([[_cell(row.get(f)) for f in fields] for row in rows])


def write_json_lines(stream: TextIO, rows: Iterable[Row]) -> None:
    """One JSON object per line, with the row's own fields."""
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
