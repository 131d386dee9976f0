"""Scheme diff, assignment preview and staged changes."""

from __future__ import annotations

from app.domain.permission import (
    Grant,
    GrantCell,
    Holder,
    Permission,
    PermissionCategory,
    PermissionScheme,
    category_of,
)
from app.domain.permission_diff import (
    DiffSide,
    diff_counts,
    diff_schemes,
    preview_assignment,
    staged_changes,
)

DEV = Holder("group", "jira-developers")
QA = Holder("group", "qa")
ROLE_DEV = Holder("projectRole", "10001", "Developers")
REPORTER = Holder("reporter")


def scheme(ident: str, *cells: tuple[str, Holder]) -> PermissionScheme:
    grants = tuple(Grant(f"{ident}-{n}", perm, holder) for n, (perm, holder) in enumerate(cells))
    return PermissionScheme(ident, f"Scheme {ident}", grants=grants)


def test_categories_follow_the_web_ui() -> None:
    assert category_of("BROWSE_PROJECTS") is PermissionCategory.PROJECTS
    assert category_of("EDIT_ISSUES") is PermissionCategory.ISSUES
    assert category_of("MANAGE_WATCHERS") is PermissionCategory.VOTERS_AND_WATCHERS
    assert category_of("ADD_COMMENTS") is PermissionCategory.COMMENTS
    assert category_of("CREATE_ATTACHMENTS") is PermissionCategory.ATTACHMENTS
    assert category_of("WORK_ON_ISSUES") is PermissionCategory.TIME_TRACKING
    assert category_of("SOME_APP_PERMISSION") is PermissionCategory.OTHERS
    assert Permission("BULK_CHANGE", "Bulk change", "GLOBAL").is_project is False


def test_holder_equality_ignores_the_display_name() -> None:
    assert Holder("projectRole", "10001", "Developers") == Holder("projectRole", "10001")
    assert Holder("group", None).label == "Anyone"
    assert Holder("group", None).is_condition
    assert ROLE_DEV.label == "Project role: Developers"
    assert (
        Holder("userCustomField", "customfield_10010").token == "userCustomField:customfield_10010"
    )


def test_diff_marks_both_left_and_right_per_permission_and_holder() -> None:
    left = scheme("1", ("BROWSE_PROJECTS", DEV), ("EDIT_ISSUES", DEV), ("EDIT_ISSUES", REPORTER))
    right = scheme("2", ("BROWSE_PROJECTS", DEV), ("EDIT_ISSUES", QA), ("ADD_COMMENTS", ROLE_DEV))

    rows = diff_schemes(left, right)

    found = {(r.permission, r.holder.token, r.side) for r in rows}
    assert found == {
        ("BROWSE_PROJECTS", "group:jira-developers", DiffSide.BOTH),
        ("EDIT_ISSUES", "group:jira-developers", DiffSide.LEFT),
        ("EDIT_ISSUES", "reporter", DiffSide.LEFT),
        ("EDIT_ISSUES", "group:qa", DiffSide.RIGHT),
        ("ADD_COMMENTS", "projectRole:10001", DiffSide.RIGHT),
    }
    # in the matrix's order: projects, then issues, then comments
    assert rows[0].permission == "BROWSE_PROJECTS"
    assert rows[-1].permission == "ADD_COMMENTS"
    assert diff_counts(rows) == {DiffSide.BOTH: 1, DiffSide.LEFT: 2, DiffSide.RIGHT: 2}


def test_diff_of_a_scheme_with_itself_is_all_both_and_of_empty_schemes_is_empty() -> None:
    one = scheme("1", ("BROWSE_PROJECTS", DEV), ("EDIT_ISSUES", REPORTER))
    assert {r.side for r in diff_schemes(one, one)} == {DiffSide.BOTH}
    assert diff_schemes(scheme("a"), scheme("b")) == ()
    assert diff_counts([]) == {DiffSide.BOTH: 0, DiffSide.LEFT: 0, DiffSide.RIGHT: 0}


def test_duplicate_grants_count_once_in_a_diff() -> None:
    doubled = scheme("1", ("BROWSE_PROJECTS", DEV), ("BROWSE_PROJECTS", DEV))
    rows = diff_schemes(doubled, scheme("2"))
    assert [(r.permission, r.side) for r in rows] == [("BROWSE_PROJECTS", DiffSide.LEFT)]


def test_assignment_preview_lists_gains_and_losses() -> None:
    current = scheme("1", ("BROWSE_PROJECTS", DEV), ("DELETE_ISSUES", DEV))
    new = scheme("2", ("BROWSE_PROJECTS", DEV), ("BROWSE_PROJECTS", QA))

    preview = preview_assignment("ABC", current, new)

    assert preview.project_key == "ABC"
    assert (preview.current_scheme, preview.new_scheme) == ("1", "2")
    assert preview.gains == (GrantCell("BROWSE_PROJECTS", QA),)
    assert preview.loses == (GrantCell("DELETE_ISSUES", DEV),)
    assert not preview.unchanged
    assert preview_assignment("ABC", new, new).unchanged


def test_assignment_preview_from_an_unknown_scheme_gains_everything() -> None:
    new = scheme("2", ("BROWSE_PROJECTS", DEV))
    preview = preview_assignment("ABC", None, new)
    assert preview.current_scheme is None
    assert preview.gains == (GrantCell("BROWSE_PROJECTS", DEV),)
    assert preview.loses == ()


def test_staged_changes_add_checked_cells_and_delete_unchecked_grants() -> None:
    current = scheme("1", ("BROWSE_PROJECTS", DEV), ("EDIT_ISSUES", DEV), ("EDIT_ISSUES", DEV))
    checked = {GrantCell("BROWSE_PROJECTS", DEV), GrantCell("EDIT_ISSUES", QA)}

    changes = staged_changes(current, checked)

    assert changes.adds == (GrantCell("EDIT_ISSUES", QA),)
    # both copies of a doubled grant go, one request each
    assert [g.id for g in changes.deletes] == ["1-1", "1-2"]
    assert len(changes) == 3
    assert not changes.empty
    assert staged_changes(current, current.cells()).empty


def test_staged_changes_match_holders_whatever_their_display_name() -> None:
    current = scheme("1", ("BROWSE_PROJECTS", Holder("projectRole", "10001", "Developers")))
    changes = staged_changes(
        current, {GrantCell("BROWSE_PROJECTS", Holder("projectRole", "10001"))}
    )
    assert changes.empty
