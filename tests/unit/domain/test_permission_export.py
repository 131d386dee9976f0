"""Permission answers as rows, CSV and JSON lines."""

from __future__ import annotations

import csv
import io
import json

from app.domain.permission import Grant, Holder, PermissionScheme, PermUser
from app.domain.permission_access import UserAccess, UserPermission, WhoCan
from app.domain.permission_diff import diff_schemes
from app.domain.permission_export import (
    COMPARE_FIELDS,
    WHO_FIELDS,
    compare_rows,
    grant_rows,
    scheme_rows,
    user_rows,
    who_rows,
    write_csv,
    write_json_lines,
)

SCHEME = PermissionScheme(
    "10100",
    "Engineering",
    "d",
    (
        Grant("1", "BROWSE_PROJECTS", Holder("group", "=cmd|calc")),
        Grant("2", "EDIT_ISSUES", Holder("reporter")),
    ),
)
ANSWER = WhoCan(
    "ABC",
    "BROWSE_PROJECTS",
    users=(UserAccess(PermUser("ana", "Ana"), ("group:qa", "role:Developers/group:qa")),),
    conditions=("reporter",),
)


def test_rows_name_their_fields_as_the_command_line_does() -> None:
    assert scheme_rows([SCHEME], {"10100": ("ABC", "DEF")}) == [
        {
            "id": "10100",
            "name": "Engineering",
            "description": "d",
            "grants": 2,
            "projects": ["ABC", "DEF"],
        }
    ]
    assert grant_rows(SCHEME)[1] == {
        "id": "2",
        "permission": "EDIT_ISSUES",
        "holderType": "reporter",
        "holder": None,
    }
    assert who_rows(ANSWER) == [
        {"user": "ana", "displayName": "Ana", "via": ["group:qa", "role:Developers/group:qa"]},
        {"condition": "reporter"},
    ]
    assert user_rows([UserPermission("EDIT_ISSUES", ("lead",), ("reporter",))]) == [
        {"permission": "EDIT_ISSUES", "via": ["lead", "reporter"]}
    ]


def test_csv_joins_lists_and_defuses_formulas() -> None:
    out = io.StringIO(newline="")
    write_csv(out, WHO_FIELDS, who_rows(ANSWER))
    table = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert table == [
        ["user", "displayName", "via", "condition"],
        ["ana", "Ana", "group:qa;role:Developers/group:qa", ""],
        ["", "", "", "reporter"],
    ]
    out = io.StringIO(newline="")
    write_csv(out, COMPARE_FIELDS, compare_rows(diff_schemes(SCHEME, PermissionScheme("2", "x"))))
    assert "'=cmd|calc" in out.getvalue()


def test_json_lines_keep_each_rows_own_fields() -> None:
    out = io.StringIO()
    write_json_lines(out, who_rows(ANSWER))
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [set(x) for x in lines] == [{"user", "displayName", "via"}, {"condition"}]
