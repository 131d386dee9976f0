"""Permission scheme wire models against recorded Jira answers (``shared/samples``)."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import msgspec

from app.api import permission_wire as ww
from app.domain.permission import GrantCell, Holder, PermissionCategory

T = TypeVar("T")


def decode(shared_dir: Path, name: str, type_: type[T]) -> T:
    return msgspec.json.decode((shared_dir / "samples" / name).read_bytes(), type=type_)


def test_recorded_cloud_schemes_decode_with_every_grant(shared_dir: Path) -> None:
    found = decode(shared_dir, "permissionschemes_expanded_cloud__go-jira.json", ww.SchemesWire)
    schemes = [ww.to_scheme(s, {"10002": "Administrators"}) for s in found.permission_schemes]
    by_id = {s.id: s for s in schemes}
    assert (by_id["10100"].name, len(by_id["10100"].grants)) == ("Default Permission Scheme", 66)
    assert len(by_id["10000"].grants) == 81
    first = by_id["10100"].grants[0]
    assert (first.id, first.permission) == ("10520", "MANAGE_WATCHERS")
    assert first.holder == Holder("projectRole", "10002")
    assert first.holder.label == "Project role: Administrators"
    # recorded applicationRole and assignee holders have a type only
    typeless = {g.holder for s in schemes for g in s.grants if g.holder.parameter is None}
    assert {h.type for h in typeless} == {"applicationRole", "assignee"}
    assert Holder("applicationRole").label == "Any logged-in user"


def test_one_recorded_scheme(shared_dir: Path) -> None:
    wire = decode(shared_dir, "permissionscheme_cloud__go-jira.json", ww.SchemeWire)
    scheme = ww.to_scheme(wire)
    assert scheme.id == "10100"
    assert scheme.grants and all(
        g.holder.display == "" for g in scheme.grants if g.holder.type == "projectRole"
    )


def test_dc_holders_take_their_labels_from_the_embedded_objects() -> None:
    raw = {
        "permissions": [
            {
                "id": 1,
                "permission": "BROWSE_PROJECTS",
                "holder": {
                    "type": "user",
                    "parameter": "admin",
                    "user": {"name": "admin", "displayName": "Ada Admin"},
                },
            },
            {
                "id": 2,
                "permission": "EDIT_ISSUES",
                "holder": {
                    "type": "projectRole",
                    "parameter": "10001",
                    "projectRole": {"id": 10001, "name": "Developers"},
                },
            },
            {"id": 3, "permission": "EDIT_ISSUES", "holder": {"type": "group", "value": "a1b2"}},
        ]
    }
    grants = [ww.to_grant(g) for g in msgspec.convert(raw, ww.GrantsWire).permissions]
    assert [g.holder.label for g in grants] == [
        "User: Ada Admin",
        "Project role: Developers",
        "Group: a1b2",
    ]


def test_permissions_are_ordered_for_the_matrix() -> None:
    raw = {
        "permissions": {
            "ADMINISTER": {"key": "ADMINISTER", "name": "Administer Jira", "type": "GLOBAL"},
            "ADD_COMMENTS": {"key": "ADD_COMMENTS", "name": "Add Comments", "type": "PROJECT"},
            "BROWSE_PROJECTS": {
                "key": "BROWSE_PROJECTS",
                "name": "Browse Projects",
                "type": "PROJECT",
            },
            "MY_APP_KEY": {"key": "MY_APP_KEY", "name": "App thing", "type": "PROJECT"},
        }
    }
    found = ww.to_permissions(msgspec.convert(raw, ww.PermissionsWire))
    assert [p.key for p in found] == ["BROWSE_PROJECTS", "ADD_COMMENTS", "MY_APP_KEY", "ADMINISTER"]
    assert found[2].category is PermissionCategory.OTHERS


def test_grant_bodies_name_the_holder_as_jira_does() -> None:
    assert ww.grant_body(GrantCell("EDIT_ISSUES", Holder("group", "qa", "QA"))) == {
        "holder": {"type": "group", "parameter": "qa"},
        "permission": "EDIT_ISSUES",
    }
    assert ww.grant_body(GrantCell("EDIT_ISSUES", Holder("reporter"))) == {
        "holder": {"type": "reporter"},
        "permission": "EDIT_ISSUES",
    }
