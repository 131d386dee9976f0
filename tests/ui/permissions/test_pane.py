"""The Permissions pane on a sandbox site, driven through its widgets: stage, see the diff, apply,
see the server; compare two schemes; ask who can; stop and close mid-apply; the Projects pane
opening a scheme here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.domain.permission import GrantCell, Holder, HolderType, PermissionScheme
from app.domain.permission_access import WhoCan
from app.domain.permission_diff import DiffSide, diff_counts, diff_schemes
from app.domain.site import UserRef
from app.domain.wording import counted
from app.qtmodels.permission_tables import ChangeRow
from app.sandbox import Flavour as SandboxFlavour
from app.ui.kit.tasks import Level
from app.ui.permissions.controller import NOT_ADMIN, PermissionsController
from app.ui.permissions.pane import PermissionTab
from tests.ui.conftest import activate
from tests.ui.harness import Harness, make_site

FLAVOURS = [SandboxFlavour.CLOUD, SandboxFlavour.DATACENTER]


def _pane(harness: Harness, flavour: SandboxFlavour, who: str = "admin") -> PermissionsController:
    harness.connect(make_site(flavour), who)
    pane = harness.shell.pane("permissions")
    assert isinstance(pane, PermissionsController)
    harness.window.show_pane("permissions")
    harness.wait(lambda: bool(pane.rows) and pane.shown_scheme_id() is not None)
    harness.idle()
    return pane


def _select(harness: Harness, pane: PermissionsController, scheme: PermissionScheme) -> None:
    assert pane.pane.select_scheme(scheme.id)
    harness.wait(lambda: pane.shown_scheme_id() == scheme.id)


def _toggle(qtbot: QtBot, pane: PermissionsController, cell: GrantCell) -> None:
    """Make ``cell`` current in the matrix and press Space, as a user would."""
    model = pane.matrix_model
    index = model.index_of(cell)
    assert index.isValid(), cell
    tree = pane.pane.matrix.tree
    tree.setCurrentIndex(index)
    tree.scrollTo(index)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Space)


def _two_changes(pane: PermissionsController) -> tuple[GrantCell, GrantCell]:
    """A granted cell to uncheck and an ungranted one to check, both of project permissions."""
    scheme = pane.matrix_model.scheme
    assert scheme is not None
    remove = sorted(scheme.cells(), key=lambda c: (c.permission, c.holder.sort_key()))[0]
    add = next(
        GrantCell(p.key, h)
        for p in pane.matrix_model.permissions
        for h in pane.matrix_model.holders
        if h.type == HolderType.REPORTER and GrantCell(p.key, h) not in scheme.cells()
    )
    return remove, add


def _server_cells(
    pane: PermissionsController, harness: Harness, scheme_id: str
) -> frozenset[GrantCell]:
    """What the site holds for the scheme now, read with a fresh request."""
    ops = pane.ops
    assert ops is not None
    found: list[PermissionScheme] = []

    async def read() -> None:
        found.append(await ops.scheme(scheme_id))

    harness.shell.tasks.spawn("reading back", read(), tracked=False)
    harness.wait(lambda: bool(found))
    return found[0].cells()


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_stage_two_changes_see_the_diff_apply_and_see_them_on_the_server(
    harness: Harness, qtbot: QtBot, flavour: SandboxFlavour
) -> None:
    activate(qtbot, harness.window)
    pane = _pane(harness, flavour)
    view = pane.pane.matrix
    remove, add = _two_changes(pane)
    _toggle(qtbot, pane, remove)
    _toggle(qtbot, pane, add)
    staged = pane.matrix_model.staged()
    assert staged.adds == (add,) and [g.cell for g in staged.deletes] == [remove]
    assert view.changes.rowCount() == 2
    assert view.staged_label.text() == "2 changes staged: 1 to grant, 1 to remove."
    assert pane.unsaved_changes() is not None
    scheme_id = pane.shown_scheme_id()
    assert scheme_id is not None
    qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    harness.idle()
    outcomes = [view.changes.index(r, 3).data() for r in range(view.changes.rowCount())]
    assert outcomes == ["Done", "Done"]
    assert view.staged_label.text() == "2 changes applied, 0 refused."
    assert pane.matrix_model.staged().empty and pane.unsaved_changes() is None
    held = _server_cells(pane, harness, scheme_id)
    assert add in held and remove not in held
    assert pane.matrix_model.is_checked(add) and not pane.matrix_model.is_checked(remove)


def test_a_refused_grant_keeps_jiras_words_and_stays_staged(harness: Harness, qtbot: QtBot) -> None:
    pane = _pane(harness, SandboxFlavour.CLOUD)
    model = pane.matrix_model
    ghost = Holder(HolderType.GROUP, "no-such-group-anywhere")
    model.add_holder(ghost)
    cell = GrantCell(model.permissions[0].key, ghost)
    model.set_checked(cell, True)
    qtbot.mouseClick(pane.pane.matrix.apply_button, Qt.MouseButton.LeftButton)
    harness.idle()
    row = pane.pane.matrix.changes.record_at(0)
    assert isinstance(row, ChangeRow) and row.ok is False and row.outcome
    assert model.staged().adds == (cell,)
    assert any(
        level is Level.WARNING for level in [c.level for c in harness.window.notifications.cards]
    )


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_the_compare_views_counts_equal_the_domain_diffs(
    harness: Harness, qtbot: QtBot, flavour: SandboxFlavour
) -> None:
    pane = _pane(harness, flavour)
    view = pane.pane.compare
    pane.pane.tabs.setCurrentIndex(PermissionTab.COMPARE)
    left, right = sorted(pane.rows, key=lambda r: -len(r.scheme.grants))[:2]
    view.choose(0, ("scheme", left.scheme.id))
    view.choose(1, ("scheme", right.scheme.id))
    qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    harness.idle()
    diff = diff_schemes(left.scheme, right.scheme)
    counts = diff_counts(diff)
    assert view.model.rowCount() == len(diff)
    assert view.counts.text() == (
        f"{left.scheme.name} ↔ {right.scheme.name}: {counts[DiffSide.BOTH]} granted by both, "
        f"{counts[DiffSide.LEFT]} only left, {counts[DiffSide.RIGHT]} only right."
    )
    view.shown.setCurrentIndex(view.shown.findData(DiffSide.RIGHT))
    assert view.model.rowCount() == counts[DiffSide.RIGHT]


def test_two_projects_schemes_compare(harness: Harness, qtbot: QtBot) -> None:
    pane = _pane(harness, SandboxFlavour.CLOUD)
    uses = pane.scheme_of_projects()
    by_scheme: dict[str, str] = {}
    for key, scheme_id in sorted(uses.items()):
        by_scheme.setdefault(scheme_id, key)
    assert len(by_scheme) >= 2, "the sandbox gives projects two schemes at least"
    (left_id, left_key), (right_id, right_key) = list(by_scheme.items())[:2]
    view = pane.pane.compare
    view.choose(0, ("project", left_key))
    view.choose(1, ("project", right_key))
    qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    harness.idle()
    schemes = {r.scheme.id: r.scheme for r in pane.rows}
    assert len(view.rows) == len(diff_schemes(schemes[left_id], schemes[right_id]))
    assert view.titles[0].startswith(left_key)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_who_can_shows_users_with_their_paths_and_conditions_apart(
    harness: Harness, qtbot: QtBot, flavour: SandboxFlavour
) -> None:
    pane = _pane(harness, flavour)
    pane.pane.tabs.setCurrentIndex(PermissionTab.WHO)
    who = pane.pane.who
    key = sorted(pane.scheme_of_projects())[0]
    who.project.setCurrentIndex(who.project.findData(key))
    who.permission.setCurrentIndex(who.permission.findData("EDIT_ISSUES"))
    qtbot.mouseClick(who.ask_button, Qt.MouseButton.LeftButton)
    harness.idle()
    users = who.users_shown()
    assert users and all(u.via for u in users)
    verb = "holds" if len(users) == 1 else "hold"
    assert who.answer.text().startswith(
        f"{counted(len(users), 'user')} {verb} Edit Issues in {key}"
    )
    assert who.users.index(0, 2).data() == ", ".join(users[0].via)
    assert "reporter" in who.conditions.text()  # Jira's default scheme lets reporters edit
    who.mode.setCurrentIndex(1)
    first = users[0].user
    who.user.set_value(UserRef(first.id, first.display_name))  # as picked from the completer
    assert who.user_id() == first.id
    qtbot.mouseClick(who.ask_button, Qt.MouseButton.LeftButton)
    harness.idle()
    assert who.held.rowCount() > 0
    permissions = [r.held.permission for r in who.held.records]
    assert "EDIT_ISSUES" in permissions


def test_esc_mid_apply_asks_then_stops_after_the_request_in_flight(
    harness: Harness, qtbot: QtBot
) -> None:
    activate(qtbot, harness.window)
    pane = _pane(harness, SandboxFlavour.CLOUD)
    remove, add = _two_changes(pane)
    model = pane.matrix_model
    model.set_checked(remove, False)
    model.set_checked(add, True)
    gate = harness.gates["https://jira.test"]
    gate.hold(lambda r: "/permissionscheme/" in r.url.path and r.method in {"POST", "DELETE"})
    qtbot.mouseClick(pane.pane.matrix.apply_button, Qt.MouseButton.LeftButton)
    harness.wait(lambda: gate.held)
    assert pane.pane.matrix.apply_button.text() == "Stop"
    qtbot.keyClick(harness.window, Qt.Key.Key_Escape)
    assert "Stop after the request in flight?" in harness.answer(True)
    gate.release()
    harness.idle()
    outcomes = [pane.pane.matrix.changes.index(r, 3).data() for r in range(2)]
    assert outcomes == ["Done", "Not started"]
    assert len(model.staged()) == 1  # what was not started stays staged
    assert pane.pane.matrix.apply_button.text() == "Apply"


def test_closing_the_window_mid_apply_stops_cleanly(harness: Harness, qtbot: QtBot) -> None:
    pane = _pane(harness, SandboxFlavour.DATACENTER)
    remove, add = _two_changes(pane)
    pane.matrix_model.set_checked(remove, False)
    pane.matrix_model.set_checked(add, True)
    gate = harness.gates["https://jira.test"]
    gate.hold(lambda r: "/permissionscheme/" in r.url.path and r.method in {"POST", "DELETE"})
    qtbot.mouseClick(pane.pane.matrix.apply_button, Qt.MouseButton.LeftButton)
    harness.wait(lambda: gate.held)
    requests = [r for r in gate.seen if r.startswith(("POST", "DELETE"))]
    harness.close()  # cancels the apply; the qloop fixture fails if any task is left
    assert harness.running() == []
    assert [r for r in gate.seen if r.startswith(("POST", "DELETE"))] == requests


def test_without_administer_jira_the_matrix_is_read_only_and_says_why(
    harness: Harness, qtbot: QtBot
) -> None:
    pane = _pane(harness, SandboxFlavour.CLOUD, who="user")
    model = pane.matrix_model
    cell = model.index(0, 1, model.index(0, 0))
    assert not cell.flags() & Qt.ItemFlag.ItemIsUserCheckable
    for action in (pane.new_action, pane.copy_action, pane.edit_action, pane.assign_action):
        assert not action.action.isEnabled()
        assert action.action.toolTip() == NOT_ADMIN
    assert pane.pane.matrix.note.text() == NOT_ADMIN


def test_a_scheme_in_use_cannot_be_deleted_and_says_which_projects(
    harness: Harness, qtbot: QtBot
) -> None:
    pane = _pane(harness, SandboxFlavour.CLOUD)
    used = next(r for r in pane.rows if r.projects)
    _select(harness, pane, used.scheme)
    action = pane.delete_action.action
    assert not action.isEnabled()
    assert f"used by {counted(len(used.projects or ()), 'project')}" in action.toolTip()
    unused = next((r for r in pane.rows if r.projects == ()), None)
    if unused is not None:
        _select(harness, pane, unused.scheme)
        assert pane.delete_action.action.isEnabled()


def test_the_projects_schemes_tab_opens_the_scheme_here(harness: Harness, qtbot: QtBot) -> None:
    harness.connect(make_site(SandboxFlavour.CLOUD))
    key = sorted(p.key for p in harness.projects.pane.projects)[0]
    harness.select_project(key)
    detail = harness.projects.pane.detail
    detail.tabs.setCurrentWidget(detail.schemes_tab)
    scheme = detail.schemes_tab.scheme
    assert scheme is not None and detail.open_scheme.isVisible()
    qtbot.mouseClick(detail.open_scheme, Qt.MouseButton.LeftButton)
    pane = harness.shell.pane("permissions")
    assert isinstance(pane, PermissionsController)
    assert harness.window.current_pane() == "permissions"
    harness.wait(lambda: pane.shown_scheme_id() == scheme.id)
    harness.idle()
    assert pane.pane.title.text() == scheme.name
    assert pane.pane.compare.side(0) == ("project", key)


def test_new_copy_and_delete_a_scheme(harness: Harness, qtbot: QtBot) -> None:
    pane = _pane(harness, SandboxFlavour.CLOUD)
    source = max(pane.rows, key=lambda r: len(r.scheme.grants))
    _select(harness, pane, source.scheme)
    dialog = pane.edits.copy()
    assert dialog is not None
    dialog.name.setText("Copied by a test")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    harness.wait(lambda: any(r.scheme.name == "Copied by a test" for r in pane.rows))
    harness.idle()
    copy = next(r for r in pane.rows if r.scheme.name == "Copied by a test")
    assert copy.scheme.cells() == source.scheme.cells() and copy.projects == ()
    assert pane.shown_scheme_id() == copy.scheme.id
    pane.delete_action.action.trigger()
    assert "Delete the permission scheme Copied by a test" in harness.answer(True)
    harness.wait(lambda: all(r.scheme.id != copy.scheme.id for r in pane.rows))
    harness.idle()


def test_assign_shows_what_each_project_gains_and_loses_then_assigns(
    harness: Harness, qtbot: QtBot
) -> None:
    pane = _pane(harness, SandboxFlavour.DATACENTER)
    uses = pane.scheme_of_projects()
    target = next(r for r in pane.rows if r.projects)
    _select(harness, pane, target.scheme)
    keys = [k for k, s in sorted(uses.items()) if s != target.scheme.id][:2]
    on_it = (target.projects or ())[0]
    dialog = pane.edits.assign((*keys, on_it))
    assert dialog is not None
    rows = dialog.previews.records  # the project on the scheme already is not offered
    assert [r.preview.project_key for r in rows] == keys
    current = {r.scheme.id: r.scheme for r in pane.rows}[uses[keys[0]]]
    assert len(rows[0].preview.gains) == len(target.scheme.cells() - current.cells())
    assert len(rows[0].preview.loses) == len(current.cells() - target.scheme.cells())
    assert dialog.detail.toPlainText().startswith(f"{keys[0]} ")
    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    harness.idle()
    assert [r.outcome for r in dialog.previews.records] == ["Assigned", "Assigned"]
    harness.wait(lambda: all(pane.scheme_of_projects().get(k) == target.scheme.id for k in keys))
    dialog.reject()


def test_who_can_and_compare_export_as_csv(harness: Harness, qtbot: QtBot, tmp_path: Path) -> None:
    pane = _pane(harness, SandboxFlavour.DATACENTER)
    who = pane.pane.who
    key = sorted(pane.scheme_of_projects())[0]
    who.project.setCurrentIndex(who.project.findData(key))
    who.permission.setCurrentIndex(who.permission.findData("BROWSE_PROJECTS"))
    qtbot.mouseClick(who.ask_button, Qt.MouseButton.LeftButton)
    harness.idle()
    answer = who.last
    assert isinstance(answer, WhoCan)
    target = tmp_path / "who.csv"
    dialog = pane.questions.export_answer()
    assert dialog is not None and dialog.isVisible()
    dialog.fileSelected.emit(str(target))
    dialog.close()
    harness.wait(target.exists)
    harness.idle()
    with target.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["user", "displayName", "via", "condition"]
    assert len(rows) == 1 + len(answer.users) + len(answer.conditions)
    assert rows[1][0] == answer.users[0].user.id  # usernames on Data Center
    assert rows[1][2] == ";".join(answer.users[0].via)  # lists as jade permissions writes them

    view = pane.pane.compare
    view.choose(0, ("scheme", pane.rows[0].scheme.id))
    view.choose(1, ("scheme", pane.rows[1].scheme.id))
    qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    harness.idle()
    target = tmp_path / "compare.csv"
    dialog = pane.questions.export_compare()
    assert dialog is not None
    dialog.fileSelected.emit(str(target))
    dialog.close()
    harness.wait(target.exists)
    harness.idle()
    with target.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["permission", "holderType", "holder", "side"]  # as jade permissions
    assert len(rows) == 1 + len(view.rows)
    assert {r[3] for r in rows[1:]} <= {"both", "left", "right"}


def test_staged_changes_are_asked_about_before_a_site_switch(
    harness: Harness, qtbot: QtBot
) -> None:
    pane = _pane(harness, SandboxFlavour.DATACENTER)
    other = harness.add_profile(make_site(SandboxFlavour.CLOUD), url="https://other.test")
    _remove, add = _two_changes(pane)
    pane.matrix_model.set_checked(add, True)
    scheme = pane.matrix_model.scheme
    assert scheme is not None
    harness.shell.select_site(other.id)
    text = harness.answer(False)  # keep them
    assert f"1 staged change to the permission scheme {scheme.name} not applied." in text
    harness.idle()
    assert pane.matrix_model.staged().adds == (add,)
    harness.shell.select_site(other.id)
    harness.answer(True)  # discard them
    harness.wait(lambda: harness.window.flavour_label.text().startswith("Jira Cloud"))
    harness.wait(lambda: bool(pane.rows) and pane.shown_scheme_id() is not None)
    harness.idle()
    assert pane.matrix_model.staged().empty


def test_another_site_shows_none_of_the_last_sites_answers(harness: Harness, qtbot: QtBot) -> None:
    pane = _pane(harness, SandboxFlavour.DATACENTER)
    who = pane.pane.who
    who.permission.setCurrentIndex(who.permission.findData("BROWSE_PROJECTS"))
    qtbot.mouseClick(who.ask_button, Qt.MouseButton.LeftButton)
    harness.idle()
    assert who.users.rowCount() > 0
    other_site = make_site(SandboxFlavour.CLOUD, projects=3)
    other = harness.add_profile(other_site, url="https://other.test")
    harness.shell.select_site(other.id)
    harness.wait(lambda: harness.window.flavour_label.text().startswith("Jira Cloud"))
    assert who.last is None and who.users.rowCount() == 0 and who.answer.text() == ""
    harness.wait(lambda: bool(pane.rows))
    harness.idle()
    keys = [who.project.itemData(i) for i in range(who.project.count())]
    assert sorted(keys) == sorted(p.key for p in harness.projects.pane.projects)
    assert len(keys) == 3


def test_closing_the_assign_dialog_mid_run_stops_after_the_request_in_flight(
    harness: Harness, qtbot: QtBot
) -> None:
    pane = _pane(harness, SandboxFlavour.CLOUD)
    uses = pane.scheme_of_projects()
    target = pane.rows[0]
    _select(harness, pane, target.scheme)
    keys = [k for k, s in sorted(uses.items()) if s != target.scheme.id][:3]
    dialog = pane.edits.assign(tuple(keys))
    assert dialog is not None
    gate = harness.gates["https://jira.test"]
    gate.hold(lambda r: r.method == "PUT" and r.url.path.endswith("/permissionscheme"))
    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    harness.wait(lambda: gate.held)
    assert dialog.assign_button.text() == "Stop"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)  # stops, stays open
    assert dialog.isVisible() and "Stopping" in dialog.status.text()
    gate.release()
    harness.idle()
    assert [r.outcome for r in dialog.previews.records] == [
        "Assigned",
        "Not started",
        "Not started",
    ]
    assert dialog.status.text() == f"1 of 3 projects now use {target.scheme.name}."
    harness.wait(lambda: pane.scheme_of_projects().get(keys[0]) == target.scheme.id)
    assert pane.scheme_of_projects().get(keys[1]) == uses[keys[1]]
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_add_holder_adds_a_column_for_a_group_or_a_picked_user(
    harness: Harness, qtbot: QtBot
) -> None:
    pane = _pane(harness, SandboxFlavour.DATACENTER)
    dialog = pane.add_holder()
    dialog.kind.setCurrentIndex(dialog.kind.findData(HolderType.GROUP))
    assert dialog.editors.currentWidget() is dialog.groups
    qtbot.keyClicks(dialog.groups, "qa")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert Holder(HolderType.GROUP, "qa") in pane.matrix_model.holders
    dialog = pane.add_holder()
    dialog.kind.setCurrentIndex(dialog.kind.findData(HolderType.USER))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert dialog.isVisible() and "user id" in dialog.error.text()  # nothing typed yet
    dialog.users.set_value(UserRef("jsmith", "Jane Smith"))
    ok.click()
    added = next(h for h in pane.matrix_model.holders if h == Holder(HolderType.USER, "jsmith"))
    assert added.label == "User: Jane Smith"


def test_schemes_are_read_when_the_pane_first_shows_and_not_again_for_the_same_site(
    harness: Harness,
) -> None:
    first = harness.connect(make_site(SandboxFlavour.CLOUD))
    gate = harness.gates["https://jira.test"]
    assert not [r for r in gate.seen if "permissionscheme" in r]  # not shown yet: not read
    pane = harness.shell.pane("permissions")
    assert isinstance(pane, PermissionsController)
    harness.window.show_pane("permissions")
    harness.wait(lambda: bool(pane.rows))
    harness.idle()
    assert [r for r in gate.seen if r.endswith("/permissionscheme")]
    other = harness.add_profile(make_site(SandboxFlavour.DATACENTER), url="https://other.test")
    harness.shell.select_site(other.id)
    harness.wait(lambda: harness.window.flavour_label.text().startswith("Jira Data Center"))
    harness.wait(lambda: bool(pane.rows))  # shown: the other site's schemes are read
    harness.idle()
    seen = len(gate.seen)
    harness.shell.select_site(first.id)
    harness.wait(lambda: harness.window.flavour_label.text().startswith("Jira Cloud"))
    harness.idle()
    assert pane.rows and pane.shown_scheme_id() is not None
    assert not [r for r in gate.seen[seen:] if "permission" in r]


def test_permission_names_stay_in_place_while_the_holders_scroll(
    harness: Harness, qtbot: QtBot
) -> None:
    pane = _pane(harness, SandboxFlavour.CLOUD)
    tree = pane.pane.matrix.tree
    model = pane.matrix_model
    bar = tree.horizontalScrollBar()
    harness.wait(lambda: bar.maximum() > 0)  # more holders than fit at 1280 pixels
    cell = GrantCell(model.permissions[0].key, model.holders[-1])
    tree.scrollTo(model.index_of(cell))
    assert bar.value() > 0
    frozen = tree.frozen
    assert frozen.isVisible() and frozen.width() == tree.columnWidth(0)
    assert frozen.header().height() == tree.header().height()
    index = model.index_of(cell)
    row_middle = tree.visualRect(index).center().y()
    name = frozen.indexAt(QPoint(40, row_middle))
    assert name.data() == model.permissions[0].name
    assert tree.visualRect(index).left() >= tree.columnWidth(0)  # never under the names


def test_alt_digits_show_the_tabs_and_every_command_is_in_the_palette(
    harness: Harness, qtbot: QtBot
) -> None:
    activate(qtbot, harness.window)
    pane = _pane(harness, SandboxFlavour.CLOUD)
    tabs = pane.pane.tabs
    for key, tab in ((Qt.Key.Key_3, PermissionTab.WHO), (Qt.Key.Key_2, PermissionTab.COMPARE)):
        qtbot.keyClick(harness.window, key, Qt.KeyboardModifier.AltModifier)
        assert tabs.currentIndex() == tab
    qtbot.keyClick(harness.window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == PermissionTab.GRANTS and pane.pane.matrix.tree.hasFocus()
    listed = {e.action.text() for e in harness.window.palette_entries() if e.pane == "permissions"}
    assert {a.action.text() for a in pane.actions} == listed
