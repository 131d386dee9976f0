"""The Permissions pane: the site's permission schemes, each one's grant matrix (edited by staging
changes and applying them grant by grant), comparisons, assignment and "who can".

``PermissionsController`` is the pane (it satisfies the shell's pane contract, and other panes
open it at a scheme through ``open_target``). It reads the site's permissions, schemes and which
projects use each as tasks of the pane's runner; changes are made by ``StagedApply`` (apply.py)
and ``SchemeEdits`` (schemes.py), questions by ``Questions`` (questions.py). Every task holds
the session it was started for and shows its answer only while that site is shown. Commands the
user may not use (no "Administer Jira") are disabled and say why.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.api.dialect import Feature
from app.api.errors import ApiError
from app.api.permission_ops import PermissionOps
from app.api.permissions import PermissionAdmin
from app.api.projects import ProjectAdmin
from app.domain.permission import Holder, HolderType, Permission, PermissionScheme
from app.domain.site import Flavour
from app.domain.wording import counted
from app.qtmodels.permission_matrix import GrantMatrixModel
from app.qtmodels.permission_tables import SchemeRow
from app.session import SiteSession
from app.ui.kit.forms import ask_then
from app.ui.kit.navigation import PERMISSIONS_PANE, PermissionSchemeTarget
from app.ui.kit.pane import MenuName, PaneAction, PaneContext, allow, make_action
from app.ui.kit.pickers import GroupSearch, UserSearch
from app.ui.kit.settings import LAST_SCHEME
from app.ui.kit.text import Tone
from app.ui.permissions.apply import StagedApply, change_rows
from app.ui.permissions.compare_view import PROJECT_SIDE, SCHEME_SIDE
from app.ui.permissions.dialogs import HolderDialog
from app.ui.permissions.pane import PermissionsPane, PermissionTab
from app.ui.permissions.questions import Questions
from app.ui.permissions.schemes import SchemeEdits, in_use_reason

__all__ = ["PermissionsController"]

NOT_ADMIN = "Only Jira administrators (Administer Jira) can change permission schemes."
UNKNOWN_ADMIN = (
    "Jira did not say whether you may administer Jira (the site has no mypermissions "
    "resource): Jira refuses changes you may not make."
)
# columns every matrix offers, so a grant to them can be staged without adding a column first
STANDARD_HOLDERS = (
    Holder(HolderType.APPLICATION_ROLE),
    Holder(HolderType.REPORTER),
    Holder(HolderType.ASSIGNEE),
    Holder(HolderType.PROJECT_LEAD),
)

OpsFactory = Callable[[SiteSession], PermissionOps]


@dataclass(frozen=True, slots=True)
class _Loaded:
    """What was read of one site: its permissions, schemes (with projects) and their usage."""

    session: SiteSession
    permissions: tuple[Permission, ...]
    rows: list[SchemeRow]
    usage: Mapping[str, tuple[str, ...]] | None


def site_permissions(session: SiteSession) -> PermissionOps:
    """The permission operations of ``session``'s site."""
    return PermissionAdmin(session.client)


class PermissionsController(QObject):
    """The Permissions pane: edit, compare and assign schemes; who can do what, and why."""

    id = PERMISSIONS_PANE
    title = "Permissions"
    icon = "permissions"
    summary = "Edit, compare and assign permission schemes; see who can do what, and why."
    ops_for: OpsFactory = staticmethod(site_permissions)

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = context.tasks
        self.settings = context.settings
        self.pane = PermissionsPane(parent)
        self.session: SiteSession | None = None
        self.ops: PermissionOps | None = None
        self.admin: bool | None = False
        self.permissions: tuple[Permission, ...] = ()
        self.permission_names: dict[str, str] = {}
        self.rows: list[SchemeRow] = []
        self.usage: Mapping[str, tuple[str, ...]] | None = None
        self._pending: str | None = None  # a scheme to select once the list arrives
        # what each connected site's schemes were, so coming back to a site reads nothing again
        self._remembered: dict[str, _Loaded] = {}
        self._stale = False  # the site shown has not been read yet (it is read once shown)
        self._shown_row: SchemeRow | None = None
        self._load_task: asyncio.Task[None] | None = None
        self._search_users: UserSearch | None = None
        self._search_groups: GroupSearch | None = None
        self.applier = StagedApply(self)
        self.edits = SchemeEdits(self)
        self.questions = Questions(self)
        self._actions = self._build_actions()
        self.pane.set_actions([a.action for a in self._actions if a.menu is MenuName.EDIT][:5])
        pane = self.pane
        pane.scheme_chosen.connect(self._scheme_chosen)
        pane.shown.connect(self._pane_shown)
        matrix = pane.matrix
        matrix.model.staged_changed.connect(self._staged_changed)
        matrix.apply_requested.connect(self.applier.start)
        matrix.stop_requested.connect(self.applier.stop)
        matrix.discard_requested.connect(self.discard)
        matrix.add_holder_requested.connect(self.add_holder)
        self.update_actions()

    @property
    def matrix_model(self) -> GrantMatrixModel:
        """The grant matrix of the scheme shown."""
        return self.pane.matrix.model

    # ----- the pane contract -----------------------------------------------------------------------
    @property
    def widget(self) -> QWidget:
        """The pane's widget."""
        return self.pane

    @property
    def actions(self) -> Sequence[PaneAction]:
        """The pane's commands."""
        return self._actions

    def focus_filter(self) -> None:
        """Ctrl+F: the permission filter on the Grants tab, else the scheme filter."""
        if self.pane.tabs.currentIndex() == PermissionTab.GRANTS and self._shown_row is not None:
            self.pane.matrix.focus_filter()
        else:
            self.pane.filter.setFocus()
            self.pane.filter.selectAll()

    def unsaved_changes(self) -> str | None:
        """Staged matrix changes not applied yet."""
        staged = self.matrix_model.staged()
        scheme = self.matrix_model.scheme
        if staged.empty or scheme is None:
            return None
        return f"{counted(len(staged), 'staged change')} to the permission scheme {scheme.name} not applied."

    def reload(self, select: str | None = None) -> None:
        """F5: the permissions, schemes and their projects again from the site."""
        session = self.session
        if session is None or self.ops is None:
            return
        if self._load_task is not None and not self._load_task.done():
            self._load_task.cancel()
        self.forget()
        self._pending = select or self._pending or self.shown_scheme_id()
        self._stale = False
        self.pane.list_note.setText("Loading permission schemes…")
        self._load_task = self.tasks.spawn(
            f"Loading the permission schemes of {session.profile.name}",
            self._load(session, self.ops),
        )

    def forget(self) -> None:
        """Drop what the site's client remembered: the next read asks Jira again."""
        if self.ops is not None:
            self.ops.forget()

    def show_session(self, session: SiteSession | None) -> None:
        """Show ``session``'s schemes (the shell stopped the pane's tasks before)."""
        self.session = session
        self.rows = []
        self.usage = None
        self._shown_row = None
        self._pending = None
        self.permissions = ()
        self.permission_names = {}
        report = session.report if session is not None else None
        # a Jira without the resources (4.3) says so in place, before anything is sent
        missing = (
            session.dialect.unavailable(Feature.PERMISSION_SCHEMES) if session is not None else None
        )
        self.admin = report.holds("ADMINISTER") if report is not None else False
        self.ops = type(self).ops_for(session) if session is not None and missing is None else None
        people = ProjectAdmin(session.client) if self.ops is not None and session else None
        self._search_users = people.search_users if people is not None else None
        self._search_groups = people.search_groups if people is not None else None
        self.pane.who.search_users = self._search_users
        self.pane.set_schemes([])
        self.matrix_model.set_scheme(None, ())
        self.pane.matrix.show_changes([])
        self.pane.show_header(None)
        self.pane.compare.clear()
        self.pane.who.clear()
        self._fill_choices()
        self.pane.setEnabled(self.ops is not None)
        self.pane.list_note.setText(str(missing) if missing is not None else "")
        self._stale = self.ops is not None
        if session is not None and self.ops is not None:
            self._pending = self.settings.get(LAST_SCHEME) or None
            known = self._remembered.get(session.profile.id)
            if known is not None and known.session is session:
                self._stale = False
                self._show_loaded(known)
            elif self.pane.isVisible():
                self.reload()
        self.update_actions()

    def _pane_shown(self) -> None:
        """The first time the pane shows a site, its schemes are read."""
        if self._stale and (self._load_task is None or self._load_task.done()):
            self.reload()

    def open_target(self, target: object) -> bool:
        """Show a scheme another pane asked for (the Projects pane's Schemes tab)."""
        if not isinstance(target, PermissionSchemeTarget) or self.ops is None:
            return False
        scheme_id = target.scheme.id
        self.pane.tabs.setCurrentIndex(PermissionTab.GRANTS)
        self.pane.filter.clear()
        if target.project_key is not None:
            self.pane.compare.choose(0, (PROJECT_SIDE, target.project_key))
            self.pane.who.project.setCurrentIndex(
                max(self.pane.who.project.findData(target.project_key), 0)
            )
        if not self.pane.select_scheme(scheme_id):
            self._pending = scheme_id  # the list is loading (or is reloaded to find it)
            if self._load_task is None or self._load_task.done():
                self.reload(select=scheme_id)
        return True

    # ----- loading ------------------------------------------------------------------------------------
    async def _load(self, session: SiteSession, ops: PermissionOps) -> None:
        permissions: tuple[Permission, ...] = ()
        try:
            permissions = await ops.permissions()
        except ApiError as error:  # DC refuses /permissions to non-administrators
            self.pane.matrix.set_note(f"The site's permission list is not readable: {error}")
        try:
            schemes = await ops.schemes()
        except ApiError as error:
            if self.session is session:
                self.pane.list_note.setText(f"The permission schemes could not be read: {error}")
            raise
        if self.session is not session:
            return
        usage: Mapping[str, tuple[str, ...]] | None
        try:
            usage = await ops.scheme_usage()
        except ApiError as error:
            usage = None
            self.pane.list_note.setText(f"Which projects use each scheme is unknown: {error}")
        if self.session is not session:
            return
        rows = [
            SchemeRow(s, tuple(usage.get(s.id, ())) if usage is not None else None) for s in schemes
        ]
        loaded = _Loaded(session, permissions, rows, usage)
        self._remembered[session.profile.id] = loaded
        if usage is not None:
            self.pane.list_note.setText(f"{counted(len(schemes), 'permission scheme')}.")
        self._show_loaded(loaded)

    def _show_loaded(self, loaded: _Loaded) -> None:
        self.permissions = loaded.permissions
        self.permission_names = {p.key: p.name for p in loaded.permissions}
        self.usage = loaded.usage
        self.rows = list(loaded.rows)
        wanted = self._pending or self.shown_scheme_id()
        self._pending = None
        self.pane.set_schemes(self.rows)
        self._fill_choices()
        if not self.pane.select_scheme(wanted) and self.rows:
            self.pane.list.selectRow(0)
        self.update_actions()

    def _fill_choices(self) -> None:
        schemes = sorted(
            ((r.scheme.id, r.scheme.name) for r in self.rows), key=lambda s: s[1].casefold()
        )
        projects = self.project_choices()
        self.pane.compare.set_choices(schemes, projects)
        permissions = sorted(
            ((p.key, p.name) for p in self.permissions if p.is_project),
            key=lambda p: p[1].casefold(),
        )
        cloud = (
            self.session is not None
            and self.session.report is not None
            and (self.session.report.server.flavour is Flavour.CLOUD)
        )
        self.pane.who.set_choices(
            projects, permissions, "accountId" if cloud else "username (e.g. jsmith)"
        )

    def project_choices(self) -> list[tuple[str, str]]:
        """Every project (key, name): the site's list, else the keys the schemes name."""
        session = self.session
        if session is not None and session.projects:
            return sorted(((p.key, p.name) for p in session.projects), key=lambda p: p[0])
        keys = sorted({key for r in self.rows for key in (r.projects or ())})
        return [(key, key) for key in keys]

    def scheme_of_projects(self) -> dict[str, str]:
        """Project key → the id of the scheme it uses (as far as the usage says)."""
        return {key: r.scheme.id for r in self.rows for key in (r.projects or ())}

    def shown_scheme_id(self) -> str | None:
        """The id of the scheme shown."""
        return self._shown_row.scheme.id if self._shown_row is not None else None

    # ----- the scheme shown ----------------------------------------------------------------------------
    def _scheme_chosen(self, row: object) -> None:
        if not isinstance(row, SchemeRow):
            return
        previous = self._shown_row
        if previous is not None and previous.scheme.id == row.scheme.id:
            self._show_row(row, keep_staged=True)
            return
        staged = self.matrix_model.staged()
        if previous is not None and not staged.empty:
            self.pane.select_scheme(previous.scheme.id)

            def discard_and_show() -> None:
                self.matrix_model.discard()
                self.pane.select_scheme(row.scheme.id)

            ask_then(
                self.pane,
                "Staged changes",
                f"{counted(len(staged), 'staged change')} to {previous.scheme.name} not applied. "
                "Discard them?",
                "Discard",
                discard_and_show,
            )
            return
        self._show_row(row)

    def _show_row(self, row: SchemeRow, *, keep_staged: bool = False) -> None:
        self._shown_row = row
        self.settings.set(LAST_SCHEME, row.scheme.id)
        self.pane.show_header(row)
        self._follow_scheme(row)
        # other schemes' holders are offered by "Add holder…", not as columns of every matrix
        self.matrix_model.set_scheme(
            row.scheme, self.permissions, STANDARD_HOLDERS, keep_staged=keep_staged
        )
        self._staged_changed()
        self.update_actions()

    def _follow_scheme(self, row: SchemeRow) -> None:
        """Who can and Compare start from a project that uses the scheme shown."""
        if not row.projects:
            return
        who = self.pane.who.project
        if who.currentData() not in row.projects:
            who.setCurrentIndex(max(who.findData(row.projects[0]), 0))
        compare = self.pane.compare
        left = compare.side(0)
        if left is None or left[0] == SCHEME_SIDE:
            compare.choose(0, (SCHEME_SIDE, row.scheme.id))

    def scheme_reread(self, scheme: PermissionScheme) -> None:
        """Show ``scheme`` as Jira holds it now (after an apply); unapplied changes stay staged."""
        self.rows = [
            SchemeRow(scheme, r.projects) if r.scheme.id == scheme.id else r for r in self.rows
        ]
        shown = next(r for r in self.rows if r.scheme.id == scheme.id)
        session = self.session
        known = self._remembered.get(session.profile.id) if session is not None else None
        if session is not None and known is not None and known.session is session:
            self._remembered[session.profile.id] = replace(known, rows=list(self.rows))
        self.pane.set_schemes(self.rows)
        self._shown_row = shown
        self.pane.select_scheme(scheme.id)
        self.pane.show_header(shown)
        self.matrix_model.set_scheme(scheme, self.permissions, STANDARD_HOLDERS, keep_staged=True)

    def _staged_changed(self) -> None:
        if not self.applier.running:
            staged = self.matrix_model.staged()
            self.pane.matrix.show_changes(change_rows(staged, self.permission_names))
            self.pane.matrix.set_running(False)
        self.update_actions()

    def discard(self) -> None:
        """Forget the staged changes."""
        if not self.applier.running:
            self.matrix_model.discard()

    def add_holder(self) -> HolderDialog:
        """Add a holder column to the matrix (one another scheme uses, or a typed one)."""
        shown = set(self.matrix_model.holders)
        known = sorted(
            {h for r in self.rows for h in r.scheme.holders()} - shown, key=Holder.sort_key
        )
        dialog = HolderDialog(known, self._search_users, self._search_groups, self.pane)
        dialog.chosen.connect(self.matrix_model.add_holder)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # ----- actions -------------------------------------------------------------------------------------
    def _build_actions(self) -> list[PaneAction]:
        edit, view = MenuName.EDIT, MenuName.VIEW

        def act(
            text: str,
            slot: Callable[[], object],
            shortcut: str | None,
            tip: str,
            icon: str | None = None,
        ) -> PaneAction:
            return PaneAction(
                make_action(self.pane, text, slot, shortcut=shortcut, tip=tip, icon=icon), edit
            )

        self.new_action = act(
            "New scheme…", self.edits.create, "Ctrl+N", "Create a permission scheme", "add"
        )
        self.copy_action = act(
            "Copy scheme…", self.edits.copy, "Ctrl+Shift+D", "Copy the scheme with every grant"
        )
        self.edit_action = act(
            "Edit scheme…",
            self.edits.edit,
            "Ctrl+E",
            "Rename the scheme or change its description",
            "edit",
        )
        self.delete_action = act(
            "Delete scheme", self.edits.delete, None, "Delete the scheme", "delete"
        )
        self.assign_action = act(
            "Assign to projects…",
            self.edits.assign,
            "Ctrl+Shift+A",
            "Make projects use the scheme, seeing first what each gains and loses",
            "assign",
        )
        self.apply_action = act(
            "Apply staged changes",
            self.applier.start,
            "Ctrl+S",
            "Add and remove the staged grants, one by one",
            "save",
        )
        self.discard_action = act(
            "Discard staged changes", self.discard, None, "Forget the staged changes"
        )
        self.grants_action = PaneAction(
            make_action(
                self.pane,
                "Grants",
                self._show_grants,
                shortcut="Alt+1",
                tip="The scheme's grant matrix and its staged changes",
            ),
            view,
        )
        self.compare_action = PaneAction(
            make_action(
                self.pane,
                "Compare schemes",
                self._show_compare,
                shortcut="Alt+2",
                tip="Compare two schemes, or the schemes of two projects",
            ),
            view,
        )
        self.who_action = PaneAction(
            make_action(
                self.pane,
                "Who can…",
                self._show_who,
                shortcut="Alt+3",
                tip="Who holds a permission in a project, and through what",
            ),
            view,
        )
        return [
            self.new_action,
            self.copy_action,
            self.edit_action,
            self.delete_action,
            self.assign_action,
            self.apply_action,
            self.discard_action,
            self.grants_action,
            self.compare_action,
            self.who_action,
        ]

    def _show_grants(self) -> None:
        self.pane.tabs.setCurrentIndex(PermissionTab.GRANTS)
        self.pane.matrix.tree.setFocus()

    def _show_compare(self) -> None:
        self.pane.tabs.setCurrentIndex(PermissionTab.COMPARE)
        self.pane.compare.choices[0].setFocus()

    def _show_who(self) -> None:
        self.pane.tabs.setCurrentIndex(PermissionTab.WHO)
        self.pane.who.project.setFocus()

    def update_actions(self) -> None:
        """Enable what can be done now; disabled commands say why."""
        connected = self.ops is not None
        row = self.pane.current_row() if connected else None
        admin = self.admin is not False
        admin_reason = "" if self.admin else UNKNOWN_ADMIN if self.admin is None else NOT_ADMIN
        offline = "Connect to a Jira site first."
        none = "Select a permission scheme first."
        running = self.applier.running
        busy = "Changes are being applied to the scheme."
        staged = not self.matrix_model.staged().empty
        allow(
            self.new_action.action, connected and admin, offline if not connected else admin_reason
        )
        for action in (self.copy_action, self.edit_action, self.assign_action):
            ok = row is not None and admin and not running
            allow(
                action.action,
                ok,
                admin_reason if row is not None and not admin else busy if running else none,
            )
        in_use = in_use_reason(row.scheme.name, row.projects) if row is not None else ""
        allow(
            self.delete_action.action,
            row is not None and admin and not in_use and not running,
            none if row is None else admin_reason if not admin else in_use or busy,
        )
        allow(
            self.apply_action.action,
            staged and admin and not running,
            busy if running else admin_reason if not admin else "Nothing is staged.",
        )
        allow(
            self.discard_action.action,
            staged and not running,
            busy if running else "Nothing is staged.",
        )
        for action in (self.grants_action, self.compare_action, self.who_action):
            allow(action.action, connected, offline)
        matrix = self.pane.matrix
        matrix.apply_button.setEnabled(running or (staged and admin))
        matrix.discard_button.setEnabled(staged and not running)
        matrix.add_holder_button.setEnabled(row is not None and admin)
        self.matrix_model.set_editable(row is not None and admin and not running)
        if row is not None and not admin:
            matrix.set_note(admin_reason, Tone.PLAIN)
        elif self.admin is None and row is not None:
            matrix.set_note(UNKNOWN_ADMIN, Tone.PLAIN)
        if self.matrix_model.scheme is None:
            matrix.set_note("")
