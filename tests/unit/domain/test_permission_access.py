""" "Who can" resolution and its reverse (a user's permissions in a project, and why)."""

from __future__ import annotations

from app.domain.permission import Grant, Holder, PermUser, ProjectAccess, RoleMembers
from app.domain.permission_access import user_permissions, who_can

ANA = PermUser("ana", "Ana Alves")
BEN = PermUser("ben", "Ben Brown")
CAI = PermUser("cai", "Cai Chen")
DEE = PermUser("dee", "Dee Diaz")
OLD = PermUser("old", "Old Owner", active=False)

ACCESS = ProjectAccess(
    project_key="ABC",
    lead=DEE,
    roles={
        "10001": RoleMembers("10001", "Developers", users=(BEN,), groups=("qa",)),
        "10002": RoleMembers("10002", "Administrators", users=(DEE,)),
        "10003": RoleMembers("10003", "Viewers"),
    },
    groups={
        "jira-developers": (ANA, BEN, OLD),
        "qa": (CAI, ANA),
        "nobody": (),
    },
    users={"cai": CAI},
)


def grant(n: int, permission: str, type_: str, parameter: str | None = None) -> Grant:
    return Grant(str(n), permission, Holder(type_, parameter))


GRANTS = (
    grant(1, "BROWSE_PROJECTS", "group", "jira-developers"),
    grant(2, "BROWSE_PROJECTS", "projectRole", "10001"),
    grant(3, "BROWSE_PROJECTS", "user", "cai"),
    grant(4, "BROWSE_PROJECTS", "projectLead"),
    grant(5, "BROWSE_PROJECTS", "group", "nobody"),
    grant(6, "BROWSE_PROJECTS", "reporter"),
    grant(7, "BROWSE_PROJECTS", "userCustomField", "customfield_10100"),
    grant(8, "BROWSE_PROJECTS", "anyone"),
    grant(9, "EDIT_ISSUES", "projectRole", "10002"),
    grant(10, "EDIT_ISSUES", "assignee"),
    grant(11, "DELETE_ISSUES", "groupCustomField", "customfield_10200"),
    grant(12, "ADD_COMMENTS", "projectRole", "10003"),
)


def paths(answer_users: object) -> dict[str, tuple[str, ...]]:
    return {u.user.id: u.via for u in answer_users}  # type: ignore[attr-defined]


def test_who_can_resolves_every_path_per_user() -> None:
    answer = who_can(ACCESS, "BROWSE_PROJECTS", GRANTS)

    assert paths(answer.users) == {
        # a user reached two ways: directly through a group and through a group inside a role
        "ana": ("group:jira-developers", "role:Developers/group:qa"),
        "ben": ("group:jira-developers", "role:Developers"),
        "cai": ("role:Developers/group:qa", "user"),
        "dee": ("lead",),
    }
    assert [u.user.display_name for u in answer.users] == [
        "Ana Alves",
        "Ben Brown",
        "Cai Chen",
        "Dee Diaz",
    ]
    assert answer.conditions == ("reporter", "userCustomField:customfield_10100", "anyone")
    # an empty group gives nobody, and says so
    assert answer.empty_groups == ("nobody",)
    assert answer.unknown == ()


def test_inactive_members_hold_nothing() -> None:
    answer = who_can(ACCESS, "BROWSE_PROJECTS", GRANTS)
    assert "old" not in paths(answer.users)


def test_who_can_for_a_permission_only_conditions_hold() -> None:
    answer = who_can(ACCESS, "DELETE_ISSUES", GRANTS)
    assert answer.users == ()
    assert answer.conditions == ("groupCustomField:customfield_10200",)


def test_an_empty_role_and_an_ungranted_permission_give_no_one() -> None:
    assert who_can(ACCESS, "ADD_COMMENTS", GRANTS).users == ()
    nothing = who_can(ACCESS, "ADMINISTER_PROJECTS", GRANTS)
    assert (nothing.users, nothing.conditions) == ((), ())


def test_a_group_the_site_did_not_report_and_an_unknown_role_are_named() -> None:
    grants = (
        grant(1, "BROWSE_PROJECTS", "group", "ghosts"),
        grant(2, "BROWSE_PROJECTS", "projectRole", "99999"),
        grant(3, "BROWSE_PROJECTS", "projectLead"),
    )
    answer = who_can(ProjectAccess("XYZ"), "BROWSE_PROJECTS", grants)
    assert answer.users == ()  # no lead known either
    assert answer.unknown == ("group:ghosts", "role:99999")


def test_a_single_user_grant_without_known_details_names_the_id() -> None:
    answer = who_can(ProjectAccess("XYZ"), "EDIT_ISSUES", (grant(1, "EDIT_ISSUES", "user", "zed"),))
    assert [(u.user.id, u.via) for u in answer.users] == [("zed", ("user",))]


def test_data_centers_typeless_group_grant_is_anyone() -> None:
    answer = who_can(ACCESS, "BROWSE_PROJECTS", (grant(1, "BROWSE_PROJECTS", "group", None),))
    assert answer.conditions == ("anyone",)


def test_groups_needed_are_the_direct_and_the_role_groups() -> None:
    assert ACCESS.groups_needed(GRANTS) == {"jira-developers", "qa", "nobody"}


def test_a_users_permissions_and_why() -> None:
    found = {p.permission: p for p in user_permissions(ACCESS, "dee", GRANTS)}

    assert found["BROWSE_PROJECTS"].via == ("lead", "anyone")
    assert found["BROWSE_PROJECTS"].conditions == ("reporter", "userCustomField:customfield_10100")
    assert found["EDIT_ISSUES"].via == ("role:Administrators",)
    assert found["EDIT_ISSUES"].conditions == ("assignee",)
    assert found["DELETE_ISSUES"].held is False
    assert found["DELETE_ISSUES"].conditions == ("groupCustomField:customfield_10200",)
    assert "ADD_COMMENTS" not in found


def test_a_user_reached_through_a_role_group_and_directly() -> None:
    found = {p.permission: p.via for p in user_permissions(ACCESS, "cai", GRANTS)}
    assert found["BROWSE_PROJECTS"] == ("role:Developers/group:qa", "user", "anyone")
    assert "EDIT_ISSUES" not in {k for k, v in found.items() if v}
