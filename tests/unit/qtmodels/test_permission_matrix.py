"""The grant matrix and the Permissions pane's tables pass the model tester and show the domain."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from app.domain.permission import (
    Grant,
    GrantCell,
    Holder,
    Permission,
    PermissionScheme,
    PermUser,
)
from app.domain.permission_access import UserAccess
from app.domain.permission_diff import diff_counts, diff_schemes, staged_changes
from app.qtmodels.permission_matrix import STAGED_ROLE, GrantMatrixModel, holder_header
from app.qtmodels.permission_tables import (
    ChangeRow,
    SchemeRow,
    change_model,
    compare_model,
    compare_rows,
    scheme_model,
    who_can_model,
)

DEVS = Holder("group", "jira-developers")
ADMINS = Holder("projectRole", "10002", "Administrators")
REPORTER = Holder("reporter")
PERMISSIONS = (
    Permission("BROWSE_PROJECTS", "Browse Projects"),
    Permission("CREATE_ISSUES", "Create Issues"),
    Permission("EDIT_ISSUES", "Edit Issues"),
    Permission("ADD_COMMENTS", "Add Comments"),
    Permission("ADMINISTER", "Administer Jira", "GLOBAL"),
)
SCHEME = PermissionScheme(
    "10000",
    "Default",
    "",
    (
        Grant("1", "BROWSE_PROJECTS", DEVS),
        Grant("2", "CREATE_ISSUES", DEVS),
        Grant("3", "EDIT_ISSUES", ADMINS),
        Grant("4", "ADD_COMMENTS", REPORTER),
        Grant("5", "VIEW_SECRET", ADMINS),  # a key the site did not list
    ),
)


def _matrix(qtmodeltester: ModelTester) -> GrantMatrixModel:
    model = GrantMatrixModel()
    qtmodeltester.check(model)
    model.set_scheme(SCHEME, PERMISSIONS, (Holder("assignee"),))
    model.set_editable(True)
    qtmodeltester.check(model)
    return model


def _item_rows(model: GrantMatrixModel) -> list[str]:
    return [
        model.index(r, 0, model.index(g, 0)).data()
        for g in range(model.rowCount())
        for r in range(model.rowCount(model.index(g, 0)))
    ]


def test_rows_are_project_permissions_grouped_columns_are_holders(
    qtmodeltester: ModelTester,
) -> None:
    model = _matrix(qtmodeltester)
    groups = [model.index(g, 0).data() for g in range(model.rowCount())]
    assert groups == ["Projects (1)", "Issues (2)", "Comments (1)", "Others (1)"]
    assert "Administer Jira" not in _item_rows(model)  # global permissions are not in schemes
    assert "VIEW_SECRET" in _item_rows(model)
    assert [holder_header(h) for h in model.holders] == [
        "Group\njira-developers",
        "Project role\nAdministrators",
        "Reporter",
        "Assignee",
    ]
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Project role\nAdministrators"
    browse = model.index_of(GrantCell("BROWSE_PROJECTS", DEVS))
    assert browse.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    empty = model.index_of(GrantCell("BROWSE_PROJECTS", REPORTER))
    assert empty.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert empty.flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_checking_and_unchecking_stages_exactly_the_domain_changes(
    qtmodeltester: ModelTester,
) -> None:
    model = _matrix(qtmodeltester)
    signals: list[bool] = []
    model.staged_changed.connect(lambda: signals.append(True))
    add = GrantCell("EDIT_ISSUES", DEVS)
    remove = GrantCell("CREATE_ISSUES", DEVS)
    assert model.setData(model.index_of(add), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.setData(
        model.index_of(remove), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    qtmodeltester.check(model)
    staged = model.staged()
    assert staged == staged_changes(SCHEME, (SCHEME.cells() | {add}) - {remove})
    assert staged.adds == (add,) and [g.id for g in staged.deletes] == ["2"]
    assert model.index_of(add).data(STAGED_ROLE) == "add"
    assert model.index_of(remove).data(STAGED_ROLE) == "delete"
    assert "staged to be removed" in model.index_of(remove).data(Qt.ItemDataRole.ToolTipRole)
    assert len(signals) == 2
    model.discard()
    assert model.staged().empty and model.index_of(add).data(STAGED_ROLE) is None


def test_filters_hide_rows_and_columns_but_keep_what_is_staged(
    qtmodeltester: ModelTester,
) -> None:
    model = _matrix(qtmodeltester)
    add = GrantCell("ADD_COMMENTS", DEVS)
    model.set_checked(add, True)
    model.set_row_filter("issue")
    qtmodeltester.check(model)
    assert _item_rows(model) == ["Create Issues", "Edit Issues"]
    model.set_column_filter("role")
    assert [h.label for h in model.holders] == ["Project role: Administrators"]
    assert model.columnCount() == 2
    assert model.staged().adds == (add,)
    model.set_row_filter("")
    model.set_column_filter("")
    assert model.index_of(add).data(STAGED_ROLE) == "add"


def test_read_only_cells_cannot_be_checked(qtmodeltester: ModelTester) -> None:
    model = _matrix(qtmodeltester)
    model.set_editable(False)
    cell = model.index_of(GrantCell("EDIT_ISSUES", DEVS))
    assert not cell.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(cell, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.staged().empty


def test_a_reread_scheme_keeps_what_was_not_applied(qtmodeltester: ModelTester) -> None:
    model = _matrix(qtmodeltester)
    done, pending = GrantCell("EDIT_ISSUES", DEVS), GrantCell("EDIT_ISSUES", REPORTER)
    model.set_checked(done, True)
    model.set_checked(pending, True)
    applied = PermissionScheme(
        SCHEME.id, SCHEME.name, "", (*SCHEME.grants, Grant("9", done.permission, done.holder))
    )
    model.set_scheme(applied, PERMISSIONS, keep_staged=True)
    qtmodeltester.check(model)
    assert model.staged().adds == (pending,) and model.staged().deletes == ()


def test_scheme_change_and_who_can_tables(qtmodeltester: ModelTester) -> None:
    schemes = scheme_model()
    schemes.set_records([SchemeRow(SCHEME, ("ALPHA", "BETA")), SchemeRow(SCHEME, None)])
    qtmodeltester.check(schemes)
    assert [schemes.index(0, c).data() for c in range(3)] == ["Default", "5", "2"]
    assert "ALPHA, BETA" in schemes.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert schemes.index(1, 2).data() == "—"

    changes = change_model()
    changes.set_records(
        [ChangeRow("add", GrantCell("EDIT_ISSUES", DEVS), "Edit Issues", "Done", True)]
    )
    qtmodeltester.check(changes)
    assert [changes.index(0, c).data() for c in range(4)] == [
        "+ Grant",
        "Edit Issues",
        "Group: jira-developers",
        "Done",
    ]

    who = who_can_model()
    who.set_records([UserAccess(PermUser("u1", "Ada"), ("group:jira-developers", "lead"))])
    qtmodeltester.check(who)
    assert [who.index(0, c).data() for c in range(3)] == [
        "Ada",
        "u1",
        "group:jira-developers, lead",
    ]


def test_the_compare_table_has_the_domain_diffs_rows(qtmodeltester: ModelTester) -> None:
    other = PermissionScheme("2", "Other", "", (Grant("1", "BROWSE_PROJECTS", DEVS),))
    diff = diff_schemes(SCHEME, other)
    model = compare_model("Default", "Other")
    model.set_records(compare_rows(diff, {p.key: p.name for p in PERMISSIONS}))
    qtmodeltester.check(model)
    assert model.rowCount() == len(diff)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Default"
    wheres = [model.index(r, 4).data() for r in range(model.rowCount())]
    counts = diff_counts(diff)
    assert wheres.count("Both") == counts[diff[0].side.BOTH] == 1
    assert wheres.count("Only left") == 4 and wheres.count("Only right") == 0
    assert model.index(0, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
