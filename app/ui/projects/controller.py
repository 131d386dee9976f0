"""The Projects pane: the site's projects, the selected one's detail, and its commands.

``ProjectsController`` is the pane (it satisfies the shell's pane contract): it loads the list
(Cloud pages show as they arrive), the selected project's detail and issue counts, each as a
task of the pane's runner, which the shell stops before a site switch. Every change is made by
``ProjectEdits`` (edits.py). Answers can arrive after the user moved on to another project:
every task remembers the session and project it was started for and shows its result only if
they are still shown.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from app.api.dialect import Feature, ProjectCatalog
from app.api.errors import ApiError, NotFoundError, ValidationError
from app.api.projects import ProjectAdmin
from app.domain.project import Category, PermissionSchemeRef, Project, ProjectChanges, ProjectDetail
from app.session import SiteSession
from app.ui.kit.navigation import PERMISSIONS_PANE, PermissionSchemeTarget
from app.ui.kit.pane import MenuName, PaneAction, PaneContext, allow, make_action
from app.ui.kit.settings import SPLITTER
from app.ui.kit.tasks import Level
from app.ui.projects.detail import DetailPermissions
from app.ui.projects.edits import NOT_ADMIN, NOT_PROJECT_ADMIN, ProjectEdits
from app.ui.projects.pane import ProjectsPane

__all__ = ["ProjectsController"]

STATS_CONCURRENCY = 6


# the site has no mypermissions resource: the actions are offered, and Jira refuses what it must
UNKNOWN_ADMIN = (
    "Jira did not say whether you may administer Jira (the site has no mypermissions "
    "resource): Jira refuses it if you may not."
)
UNKNOWN_PROJECT_ADMIN = (
    "Jira did not say whether you may administer this project (the site has no mypermissions "
    "resource): Jira refuses changes you may not make."
)


def _admin_reason(held: bool | None) -> str:
    """Why "Administer Jira" actions are off, or that they are on without Jira's word."""
    return "" if held else UNKNOWN_ADMIN if held is None else NOT_ADMIN


def _project_admin_reason(held: bool | None) -> str:
    """Why project edits are off, or that they are on without Jira's word."""
    return "" if held else UNKNOWN_PROJECT_ADMIN if held is None else NOT_PROJECT_ADMIN


class ProjectsController(QObject):
    """The Projects pane: browse and administer the site's projects."""

    id = "projects"
    title = "Projects"
    icon = "projects"
    summary = "Browse and administer the site's projects."

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = context.tasks
        self.settings = context.settings
        self.context = context
        self.pane = ProjectsPane(parent)
        self.session: SiteSession | None = None
        self.catalog: ProjectCatalog | None = None  # reading the site's projects
        self.admin: ProjectAdmin | None = None  # changing them; None where the API cannot
        self.read_only = ""  # why projects cannot be changed on this site ("" when they can)
        self.categories: list[Category] = []
        self.site_admin: bool | None = False
        self._detail_task: asyncio.Task[None] | None = None
        self._count_task: asyncio.Task[None] | None = None
        self._load_task: asyncio.Task[list[Project]] | None = None
        self._loading: str | None = None  # the key whose detail is being loaded
        self.edits = ProjectEdits(self, self.tasks, self.pane)
        self._actions = self._build_actions()
        pane = self.pane
        pane.project_selected.connect(self._selected)
        pane.create_requested.connect(self.edits.create_project)
        pane.categories_requested.connect(self.edits.manage_categories)
        pane.count_requested.connect(self.count_issues)
        # without a Permissions pane in the window the tab only says which scheme it is
        pane.detail.open_scheme.setVisible(context.can_open(PERMISSIONS_PANE))
        pane.detail.open_scheme_requested.connect(self._open_scheme)
        self.edits.connect_detail(pane.detail)
        pane.splitter.restore(self.settings.get(SPLITTER))
        pane.splitter.state_changed.connect(lambda state: self.settings.set(SPLITTER, state))
        self._update_actions()

    def _open_scheme(self, scheme: object) -> None:
        """The Schemes tab's button: the project's scheme in the Permissions pane."""
        detail = self.pane.detail.detail
        if isinstance(scheme, PermissionSchemeRef) and detail is not None:
            target = PermissionSchemeTarget(scheme, detail.project.key)
            self.context.open(PERMISSIONS_PANE, target)

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
        """Ctrl+F: the project filter."""
        self.pane.focus_filter()

    def unsaved_changes(self) -> str | None:
        """The overview's edits that have not been saved."""
        detail = self.pane.detail
        if detail.detail is None or not detail.permissions.edit_project:
            return None
        if detail.form_changes() == ProjectChanges():
            return None
        return f"The overview of {detail.detail.project.key} has edits that are not saved."

    def show_session(self, session: SiteSession | None) -> None:
        """Show ``session``'s projects; load them if the last load did not finish."""
        self.session = session
        dialect = session.dialect if session is not None else None
        self.catalog = dialect.projects() if dialect is not None else None
        self.admin = dialect.project_admin() if dialect is not None else None
        missing = dialect.unavailable(Feature.PROJECT_EDITING) if dialect is not None else None
        self.read_only = str(missing) if missing is not None else ""
        bare_list = (
            dialect.unavailable(Feature.PROJECT_LIST_DETAILS) if dialect is not None else None
        )
        self.pane.show_list_details(bare_list is None)
        no_roles = dialect.unavailable(Feature.PROJECT_ROLES) if dialect is not None else None
        self.pane.detail.roles_tab.set_unavailable(str(no_roles) if no_roles is not None else "")
        if self.catalog is not None:
            self.pane.search_users = self.catalog.search_users
        report = session.report if session is not None else None
        # None: the site has no mypermissions resource; the actions are offered and Jira decides
        self.site_admin = report.holds("ADMINISTER") if report is not None else False
        self.categories = session.categories if session is not None else []
        self._loading = None
        self.pane.detail.clear()
        self.pane.splitter.show_detail(False)  # the list gets the room until a project is picked
        self.pane.set_projects(session.projects if session is not None else [])
        if session is not None and not session.projects_loaded:
            self.reload()
        self._update_actions()

    def reload(self) -> None:
        """Load the site's projects again (and the shown project's detail)."""
        session = self.session
        if session is None or self.catalog is None:
            return
        if self._load_task is not None and not self._load_task.done():
            return  # one load per site at a time
        self._load_task = self.tasks.spawn(
            f"Loading projects of {session.profile.name}", self.load(session)
        )
        shown = self.pane.detail.detail
        if shown is not None and not self.unsaved_changes():
            self._selected(shown.project, force=True)

    async def reload_then_select(self, key: str) -> None:
        """Load the list again, then select ``key`` (a project just created)."""
        session = self.session
        if session is None:
            return
        await self.load(session)
        if self.session is session:
            self.pane.select_project(key)

    # ----- actions -----------------------------------------------------------------------------------------
    def _build_actions(self) -> list[PaneAction]:
        edits = self.edits
        self.new_action = make_action(
            self,
            "&New project…",
            edits.create_project,
            shortcut=QKeySequence.StandardKey.New,
            tip="Create a project",
            icon="add",
        )
        self.save_action = make_action(
            self,
            "&Save overview",
            self.pane.detail.save_button.click,
            shortcut=QKeySequence.StandardKey.Save,
            tip="Save the shown project's overview",
            icon="save",
        )
        self.revert_action = make_action(
            self,
            "&Revert overview",
            self.pane.detail.revert_button.click,
            tip="Undo the overview's edits",
        )
        self.delete_action = make_action(
            self,
            "&Delete project…",
            edits.delete_project,
            tip="Delete the shown project and its issues",
            icon="delete",
        )
        self.categories_action = make_action(
            self,
            "Project &categories…",
            edits.manage_categories,
            tip="Create, rename and delete project categories",
            icon="categories",
        )
        self.add_component_action = make_action(
            self, "Add &component…", lambda: edits.edit_component(None), icon="add"
        )
        self.add_version_action = make_action(
            self, "Add &version…", lambda: edits.edit_version(None), icon="add"
        )
        self.add_member_action = make_action(
            self, "Add role &member…", self.pane.detail.add_actor.click, icon="assign"
        )
        self.count_action = make_action(
            self,
            "C&ount issues",
            self.count_issues,
            tip="Load the issue count and last update of every project",
            icon="count",
        )
        self.group_action = make_action(
            self,
            "&Group by category",
            lambda: self.pane.group.setChecked(self.group_action.isChecked()),
            shortcut="Ctrl+G",
            checkable=True,
        )
        self.pane.group.toggled.connect(self.group_action.setChecked)
        file, edit, view = MenuName.FILE, MenuName.EDIT, MenuName.VIEW
        return [
            PaneAction(self.new_action, file),
            PaneAction(self.save_action, file),
            PaneAction(self.revert_action, edit),
            PaneAction(self.add_component_action, edit),
            PaneAction(self.add_version_action, edit),
            PaneAction(self.add_member_action, edit),
            PaneAction(self.delete_action, edit),
            PaneAction(self.categories_action, edit),
            PaneAction(self.count_action, view),
            PaneAction(self.group_action, view),
        ]

    def _update_actions(self) -> None:
        """Enable what the user may do now; disabled commands say why."""
        connected = self.catalog is not None
        detail = self.pane.detail
        shown = detail.detail is not None
        edit = shown and detail.permissions.edit_project
        reason_edit = "Select a project first." if not shown else detail.permissions.reason_edit
        no_site = "Connect to a Jira site first."
        may_admin = connected and self.admin is not None and self.site_admin is not False
        admin_reason = (
            no_site
            if not connected
            else self.read_only
            if self.read_only
            else _admin_reason(self.site_admin)
        )
        for action, allowed, reason in (
            (self.new_action, may_admin, admin_reason),
            (self.categories_action, may_admin, admin_reason),
            (self.save_action, edit, reason_edit),
            (self.revert_action, edit, reason_edit),
            (self.add_component_action, edit, reason_edit),
            (self.add_version_action, edit, reason_edit),
            (self.add_member_action, edit, reason_edit),
            (
                self.delete_action,
                shown and detail.permissions.delete_project,
                "Select a project first." if not shown else detail.permissions.reason_delete,
            ),
        ):
            allow(action, bool(allowed), reason)
            if allowed and reason:
                action.setToolTip(reason)  # allowed on a guess: say so
        counting = self._count_task is not None and not self._count_task.done()
        missing = self.session is not None and any(
            p.issue_count is None for p in self.session.projects
        )
        can_count = connected and missing and not counting
        self.count_action.setEnabled(can_count)
        self.pane.count_button.setEnabled(can_count)
        why = (
            no_site
            if not connected
            else "Counting…"
            if counting
            else "Every project's count is shown (Jira Cloud sends them with the list)."
            if not missing
            else ""
        )
        self.count_action.setToolTip(why or "Load the issue count and last update of every project")
        self.pane.count_button.setToolTip(self.count_action.toolTip())
        for button in (self.pane.new_button, self.pane.categories_button):
            button.setEnabled(may_admin)
            button.setToolTip(admin_reason if connected else "")

    # ----- loading -------------------------------------------------------------------------------------------
    async def load(self, session: SiteSession) -> list[Project]:
        """Fetch the site's projects into ``session``, showing each page as it arrives."""
        admin = session.dialect.projects()
        categories = asyncio.ensure_future(admin.categories())
        projects: list[Project] = []
        session.projects = projects
        session.projects_loaded = False
        try:
            async with contextlib.aclosing(admin.project_pages()) as pages:
                async for page in pages:
                    first = len(projects) == 0
                    projects.extend(page)
                    if self.session is session:
                        if first:
                            self.pane.set_projects(page)
                        else:
                            self.pane.append_projects(page, last=False)
            session.categories = await categories
        finally:
            categories.cancel()
        session.projects_loaded = True
        if self.session is session:
            if not projects:
                self.pane.set_projects([])
            self.pane.append_projects([], last=True)
            self.categories = session.categories
            self._update_actions()
        return projects

    # ----- selection and detail -----------------------------------------------------------------------------
    def _selected(self, project: object, *, force: bool = False) -> None:
        shown = self.pane.detail.detail
        if (
            not force
            and isinstance(project, Project)
            and shown is not None
            and shown.project.key == project.key
        ):
            return  # the project shown was selected again (e.g. after the filter changed)
        if project is None and shown is not None and self.unsaved_changes():
            return  # filtered out of view with edits in its overview: keep them on screen
        if self._detail_task is not None:
            self._detail_task.cancel()  # the user moved on: the old project's detail is not wanted
        self._loading = None
        if not isinstance(project, Project) or self.catalog is None or self.session is None:
            self.pane.detail.clear()
            self._update_actions()
            return
        self._loading = project.key
        self.pane.detail.show_loading(project.key)
        self._detail_task = self.tasks.spawn(
            f"Loading {project.key}", self._load_detail(self.catalog, self.session, project.key)
        )
        self._update_actions()

    async def _load_detail(self, admin: ProjectCatalog, session: SiteSession, key: str) -> None:
        try:
            detail, allowed = await asyncio.gather(
                admin.get_project(key),
                session.client.my_permissions(["ADMINISTER_PROJECTS"], project_key=key),
            )
            if session is not None and not session.categories:
                session.categories = await admin.categories()
        except ApiError as error:
            if self.session is session and self._loading == key:
                self._loading = None
                self.pane.detail.show_message(f"{key} could not be loaded: {error}")
            raise
        except asyncio.CancelledError:
            if self.session is session and self._loading == key:
                self._loading = None
                self.pane.detail.clear()  # never left saying "Loading…"
            raise
        if self.session is not session or self._loading != key:
            return
        self._loading = None
        if session is not None:
            self.categories = session.categories
        project_admin: bool | None = True if self.site_admin else None
        if not project_admin and allowed is not None:
            project_admin = allowed.get("ADMINISTER_PROJECTS", False)
        if self.read_only:
            # the site's API has no project administration: everything is shown, nothing editable
            permissions = DetailPermissions(
                reason_edit=self.read_only, reason_delete=self.read_only
            )
        else:
            permissions = DetailPermissions(
                edit_project=project_admin is not False,
                delete_project=self.site_admin is not False,
                reason_edit=_project_admin_reason(project_admin),
                reason_delete=_admin_reason(self.site_admin),
            )
        self.pane.detail.set_permissions(permissions)
        self.pane.detail.show_detail(detail, self.categories)
        no_schemes = session.dialect.unavailable(Feature.PERMISSION_SCHEMES) if session else None
        if no_schemes is not None:
            self.pane.detail.schemes_tab.set_unavailable(str(no_schemes))
        self._update_actions()

    def shown(self) -> ProjectDetail | None:
        """The project whose detail is shown."""
        return self.pane.detail.detail

    def shows(self, session: SiteSession | None, key: str) -> bool:
        """Whether the pane still shows project ``key`` of ``session`` (answers can be late)."""
        detail = self.pane.detail.detail
        return self.session is session and detail is not None and detail.project.key == key

    async def refresh_detail(
        self, session: SiteSession | None, key: str, select_version: str | None = None
    ) -> ProjectDetail | None:
        """Load a project again and show it, unless the user has moved on meanwhile."""
        if session is None:
            return None
        detail = await session.dialect.projects().get_project(key)
        if self.shows(session, key):
            self.pane.detail.show_detail(detail, self.categories)
            if select_version is not None:
                self.pane.detail.select_version(select_version)
        return detail

    def remember(self, session: SiteSession | None, project: Project) -> None:
        """Put an edited project into its site's list, and into the table if that site is shown."""
        if session is None:
            return
        session.projects[:] = [project if p.key == project.key else p for p in session.projects]
        if self.session is session:
            self.pane.model.replace_project(project)
            self.pane.tree_model.set_projects(session.projects)

    def forget(self, session: SiteSession | None, key: str) -> None:
        """A project was deleted: drop it from its site's list and from the pane."""
        if session is None:
            return
        session.projects[:] = [p for p in session.projects if p.key != key]
        if self.session is session:
            self.pane.set_projects(session.projects)
            if self.shows(session, key):
                self.pane.detail.clear()
            self._update_actions()

    def set_categories(self, session: SiteSession | None, categories: list[Category]) -> None:
        """The site's categories changed."""
        if session is not None:
            session.categories = categories
        if self.session is session:
            self.categories = categories

    # ----- counts -----------------------------------------------------------------------------------------------
    def count_issues(self) -> None:
        """Load the issue count and last update of every project, a few at a time."""
        session = self.session
        if self.catalog is None or session is None:
            return
        if self._count_task is not None and not self._count_task.done():
            return
        projects = [p for p in session.projects if p.issue_count is None]
        if not projects:
            return
        self._count_task = self.tasks.spawn(
            "Counting issues", self._count(self.catalog, session, projects), total=len(projects)
        )
        self._count_task.add_done_callback(lambda _t: self._update_actions())
        self._update_actions()

    async def _count(
        self, admin: ProjectCatalog, session: SiteSession, projects: list[Project]
    ) -> None:
        limit = asyncio.Semaphore(STATS_CONCURRENCY)
        job = self.tasks.job()
        done = 0
        missing: list[str] = []

        async def one(project: Project) -> None:
            nonlocal done
            try:
                async with limit:
                    stats = await admin.project_stats(project.key)
            except (NotFoundError, ValidationError):
                missing.append(project.key)  # deleted (or hidden) since the list was loaded
                return
            session.projects[:] = [
                replace(p, issue_count=stats.issue_count, last_updated=stats.last_updated)
                if p.key == project.key
                else p
                for p in session.projects
            ]
            if self.session is session:
                self.pane.set_stats(project.key, stats)
            done += 1
            if job is not None:
                job.progress(done + len(missing), len(projects))

        await asyncio.gather(*(one(p) for p in projects))
        if missing:
            self.tasks.notify(
                Level.WARNING,
                "Some projects could not be counted",
                f"Jira no longer shows {', '.join(sorted(missing))}; reload (F5) to refresh the list.",
            )
