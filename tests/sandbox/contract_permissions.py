"""Contract cases of the permission scheme routes (``test_contract._cases`` includes them).

Scheme 10100 (Engineering) is used by projects; 10102 (Public Feedback) by none, so it may be
changed and deleted; ``{grant}`` is one of its grants. Statuses a document does not list for an
operation (Data Center documents no 400 for grant writes) are tested in
``test_permission_schemes.py``, not here.
"""

from __future__ import annotations

from typing import Any

from tests.sandbox import test_contract as tc

USED, FREE = "10100", "10102"


def _grant_body(r: Any) -> dict[str, Any]:
    return {"holder": {"type": "group", "parameter": "qa"}, "permission": "LINK_ISSUES"}


def _duplicate(r: Any) -> dict[str, Any]:
    return {"holder": {"type": "anyone"}, "permission": "BROWSE_PROJECTS"}


def _scheme_body(r: Any) -> dict[str, Any]:
    return {
        "name": "Contract scheme",
        "description": "made by the contract test",
        "permissions": [
            _grant_body(r),
            {"holder": {"type": "reporter"}, "permission": "EDIT_ISSUES"},
        ],
    }


def _check_body(r: Any) -> dict[str, Any]:
    return {
        "globalPermissions": ["ADMINISTER"],
        "projectPermissions": [{"permissions": ["BROWSE_PROJECTS"], "projects": [10000, 10001]}],
    }


def permission_cases() -> list[tc.Case]:
    """Every permission scheme route, with its documented errors, per flavour."""
    c, cloud = tc.Case, tc.CLOUD
    s = "permissionscheme"
    user_query_cloud = {"permissions": "BROWSE_PROJECTS", "projectKey": "{project}", "query": "a"}
    user_query_dc = {"permissions": "BROWSE_PROJECTS", "projectKey": "{project}", "username": "a"}
    return [
        c("GET", s, 200),
        c("GET", s, 200, query={"expand": "permissions,user,group,projectRole,field,all"}),
        c("GET", s, 401, who=None),
        c("POST", s, 201, body=_scheme_body),
        c("POST", s, 403, who="user", body=_scheme_body),
        c("POST", s, 400, cloud, body=lambda r: {"name": "Default Permission Scheme"}),
        c("GET", f"{s}/{USED}", 200),
        c("GET", f"{s}/{USED}", 200, query={"expand": "all"}, note="expanded"),
        c("GET", f"{s}/0", 200, query={"expand": "permissions"}, note="default"),
        c("GET", f"{s}/{{missing}}", 404),
        c("PUT", f"{s}/{FREE}", 200, body=lambda r: {"name": "Renamed", "description": "d"}),
        c("PUT", f"{s}/{FREE}", 403, who="user", body=lambda r: {"name": "Renamed"}),
        c("PUT", f"{s}/{{missing}}", 404, body=lambda r: {"name": "Renamed"}),
        c("DELETE", f"{s}/{FREE}", 204),
        c("DELETE", f"{s}/{FREE}", 403, who="user"),
        c("GET", f"{s}/{USED}/permission", 200),
        c("GET", f"{s}/{USED}/permission", 200, query={"expand": "all"}, note="expanded"),
        c("GET", f"{s}/{{missing}}/permission", 404),
        c("POST", f"{s}/{FREE}/permission", 201, body=_grant_body),
        c("POST", f"{s}/{FREE}/permission", 403, who="user", body=_grant_body),
        c("POST", f"{s}/{FREE}/permission", 400, cloud, body=_duplicate, note="duplicate"),
        c("GET", f"{s}/{FREE}/permission/{{grant}}", 200),
        c("GET", f"{s}/{FREE}/permission/{{missing}}", 404),
        c("DELETE", f"{s}/{FREE}/permission/{{grant}}", 204),
        c("DELETE", f"{s}/{FREE}/permission/{{grant}}", 403, who="user"),
        c("DELETE", f"{s}/{FREE}/permission/{{missing}}", 400, cloud),
        c("PUT", "project/{project}/permissionscheme", 200, body=lambda r: {"id": int(USED)}),
        c("PUT", "project/{project}/permissionscheme", 403, who="user", body=lambda r: {"id": 0}),
        c("PUT", "project/{project}/permissionscheme", 404, body=lambda r: {"id": 99999}),
        c("PUT", "project/NOPE/permissionscheme", 404, body=lambda r: {"id": 0}),
        c("GET", "user/permission/search", 200, cloud, query=user_query_cloud),
        c("GET", "user/permission/search", 200, tc.DC, query=user_query_dc),
        c("GET", "user/permission/search", 400, query={"projectKey": "{project}"}),
        c("GET", "user/permission/search", 401, who=None, query=user_query_dc),
        c("POST", "permissions/check", 200, cloud, body=_check_body),
        c("POST", "permissions/check", 200, cloud, who="user", body=_check_body, note="self"),
        c(
            "POST",
            "permissions/check",
            403,
            cloud,
            who="user",
            body=lambda r: {"accountId": r.me, **_check_body(r)},
        ),
        c(
            "POST",
            "permissions/check",
            400,
            cloud,
            body=lambda r: {"globalPermissions": ["PERMISSION_123"]},
        ),
    ]
