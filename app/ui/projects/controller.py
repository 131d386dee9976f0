"""The projects pane's controller: loading, the detail tabs, and every administrative change.

Each change runs as a tracked task through the main controller (cancellable, errors become
notifications), except those made from a dialog: there the error appears in the dialog, next to
the field when Jira names one, and the dialog stays open with everything typed.

Answers can arrive after the user moved on to another project or site: every task remembers the
site session and project it was started for, and shows its result only if they are still shown
(``_shows``); data always goes into the session it belongs to.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt

from app.api.errors import ApiError, NotFoundError, ValidationError
from app.api.projects import ProjectAdmin
from app.domain.project import (
    Category,
    Component,
    ComponentChanges,
    NewProject,
    PermissionSchemeRef,
    Project,
    ProjectChanges,
    ProjectDetail,
    ProjectRole,
    RoleActor,
    Version,
    VersionChanges,
    VersionPosition,
)
from app.ui.kit.forms import CANCELLED, FormDialog, answered, confirm, submit_through
from app.ui.projects.detail import DetailPermissions
from app.ui.projects.dialogs import (
    ActorsToAdd,
    AddActorsDialog,
    CategoriesDialog,
    ComponentDialog,
    DeleteComponentDialog,
    DeleteProjectDialog,
    DeleteVersionDialog,
    NewProjectDialog,
    VersionDialog,
)
from app.ui.projects.pane import ProjectsPane
from app.ui.shell.activity import Job
from app.ui.shell.notifications import Level

if TYPE_CHECKING:
    from app.session import SiteSession
    from app.ui.shell.controller import MainController

__all__ = ["ProjectsController"]

_T = TypeVar("_T")
NOT_ADMIN = "Only Jira administrators can do this (you do not hold “Administer Jira”)."
NOT_PROJECT_ADMIN = "You do not administer this project (“Administer Projects”)."
STATS_CONCURRENCY = 6


class ProjectsController(QObject):
    """Drives a ``ProjectsPane`` for the current site."""

    def __init__(self, pane: ProjectsPane, main: MainController) -> None:
        super().__init__(pane)
        self.pane = pane
        self.main = main
        self.session: SiteSession | None = None
        self.admin: ProjectAdmin | None = None
        self.categories: list[Category] = []
        self.site_admin = False
        self._detail_task: asyncio.Task[None] | None = None
        self._count_task: asyncio.Task[None] | None = None
        self._count_job: Job | None = None
        self._loads: dict[int, asyncio.Task[list[Project]]] = {}
        detail = pane.detail
        pane.project_selected.connect(self._selected)
        pane.create_requested.connect(self.create_project)
        pane.categories_requested.connect(self.manage_categories)
        pane.count_requested.connect(self.count_issues)
        detail.save_requested.connect(self._save_overview)
        detail.delete_project_requested.connect(self.delete_project)
        detail.add_component_requested.connect(lambda: self.edit_component(None))
        detail.edit_component_requested.connect(self.edit_component)
        detail.delete_component_requested.connect(self.delete_component)
        detail.add_version_requested.connect(lambda: self.edit_version(None))
        detail.edit_version_requested.connect(self.edit_version)
        detail.release_requested.connect(self._toggle_release)
        detail.archive_requested.connect(self._toggle_archive)
        detail.move_version_requested.connect(self._move_version)
        detail.delete_version_requested.connect(self.delete_version)
        detail.add_actors_requested.connect(self.add_actors)
        detail.remove_actor_requested.connect(self.remove_actor)
        detail.open_scheme_requested.connect(self._open_scheme)

    # ----- site -------------------------------------------------------------------------------------------
    def show_session(self, session: SiteSession | None) -> None:
        """Show ``session``'s projects (what was loaded so far, or nothing)."""
        self.session = session
        self.admin = ProjectAdmin(session.client) if session is not None else None
        if self.admin is not None:
            self.pane.search_users = self.admin.search_users
        report = session.report if session is not None else None
        self.site_admin = bool(report and report.permissions.get("ADMINISTER"))
        for button in (self.pane.new_button, self.pane.categories_button):
            button.setEnabled(self.site_admin)
            button.setToolTip("" if self.site_admin or session is None else NOT_ADMIN)
        self.categories = session.categories if session is not None else []
        self.pane.count_button.setEnabled(session is not None and self._count_task is None)
        self.pane.detail.clear()
        self.pane.set_projects(session.projects if session is not None else [])

    async def load(self, session: SiteSession) -> list[Project]:
        """Fetch the site's projects into ``session``, showing each page as it arrives.

        One load per site at a time: asking again while one runs waits for that one.
        """
        running = self._loads.get(id(session))
        if running is not None and not running.done():
            return await asyncio.shield(running)
        task = asyncio.ensure_future(self._load(session))
        self._loads[id(session)] = task
        try:
            return await task
        finally:
            if self._loads.get(id(session)) is task:
                del self._loads[id(session)]

    async def _load(self, session: SiteSession) -> list[Project]:
        admin = ProjectAdmin(session.client)
        categories = asyncio.ensure_future(admin.categories())
        # the session holds the growing list, so switching back mid-load shows what came so far
        projects: list[Project] = []
        session.projects = projects
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
            if self.session is session:
                self.pane.append_projects([], last=True)
                self.categories = session.categories
        finally:
            categories.cancel()
        return projects

    def _spawn(self, label: str, coro: Coroutine[Any, Any, _T]) -> asyncio.Task[_T]:
        return self.main.spawn(label, coro)

    def _spawn_quiet(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        return self.main.spawn_quiet(coro)

    # ----- selection and detail ----------------------------------------------------------------------------
    def _selected(self, project: object) -> None:
        if self._detail_task is not None:
            self._detail_task.cancel()  # the user moved on: the old project's detail is not wanted
        if not isinstance(project, Project) or self.admin is None:
            self.pane.detail.clear()
            return
        self.pane.detail.show_loading(project.key)
        self._detail_task = self._spawn(f"Loading {project.key}", self._load_detail(project.key))

    async def _load_detail(self, key: str) -> None:
        admin, session = self._admin(), self.session
        try:
            detail, allowed = await asyncio.gather(
                admin.get_project(key),
                admin.client.my_permissions(["ADMINISTER_PROJECTS"], project_key=key),
            )
            if session is not None and not session.categories:
                session.categories = await admin.categories()
        except ApiError as error:
            if self.session is session:
                self.pane.detail.show_message(f"{key} could not be loaded: {error}")
            raise
        if self.session is not session:
            return
        if session is not None:
            self.categories = session.categories
        project_admin = self.site_admin or allowed.get("ADMINISTER_PROJECTS", False)
        self.pane.detail.set_permissions(
            DetailPermissions(
                edit_project=project_admin,
                delete_project=self.site_admin,
                reason_edit="" if project_admin else NOT_PROJECT_ADMIN,
                reason_delete="" if self.site_admin else NOT_ADMIN,
            )
        )
        self.pane.detail.show_detail(detail, self.categories)

    def _admin(self) -> ProjectAdmin:
        if self.admin is None:
            raise RuntimeError("no site is connected")
        return self.admin

    def _current(self) -> ProjectDetail:
        detail = self.pane.detail.detail
        if detail is None:
            raise RuntimeError("no project is shown")
        return detail

    def _shows(self, session: SiteSession | None, key: str) -> bool:
        """Whether the pane still shows project ``key`` of ``session`` (answers can be late)."""
        detail = self.pane.detail.detail
        return self.session is session and detail is not None and detail.project.key == key

    async def _refresh_detail(
        self, session: SiteSession | None, key: str, select_version: str | None = None
    ) -> None:
        """Load a project again and show it, unless the user has moved on meanwhile."""
        detail = await self._admin().get_project(key)
        if self._shows(session, key):
            self.pane.detail.show_detail(detail, self.categories)
            if select_version is not None:
                self.pane.detail.select_version(select_version)

    def _remember(self, session: SiteSession | None, project: Project) -> None:
        """Put an edited project into its site's cache, and into the list if that site is shown."""
        if session is None:
            return
        session.projects[:] = [project if p.key == project.key else p for p in session.projects]
        if self.session is session:
            self.pane.model.replace_project(project)
            self.pane.tree_model.set_projects(session.projects)

    def _in_place(
        self,
        label: str,
        work: Callable[[ProjectAdmin], Awaitable[object]],
        select_version: str | None = None,
    ) -> None:
        """Run a change on the shown project, then show the project as Jira now has it."""
        admin, session, key = self._admin(), self.session, self._current().project.key

        async def run() -> None:
            await work(admin)
            await self._refresh_detail(session, key, select_version)

        self._spawn(label, run())

    # ----- overview -----------------------------------------------------------------------------------------
    def _save_overview(self, changes: ProjectChanges) -> None:
        key = self._current().project.key
        self._spawn_quiet(self._save(self.session, key, changes))

    async def _save(self, session: SiteSession | None, key: str, changes: ProjectChanges) -> None:
        view = self.pane.detail
        try:
            detail = await self._admin().update_project(key, changes)
        except ValidationError as error:
            if self._shows(session, key):
                view.show_save_errors(error.errors, "" if error.errors else str(error))
            return
        except ApiError as error:
            if self._shows(session, key):
                view.show_save_errors({}, str(error))
            return
        except asyncio.CancelledError:
            if self._shows(session, key):
                view.show_save_errors({}, CANCELLED)
            raise
        self._remember(session, detail.project)
        if self._shows(session, key):
            view.saved(detail)
            self.main.window.notify(Level.INFO, "Saved", f"{key}: overview saved.")

    # ----- dialogs that stay open until saved -----------------------------------------------------------------
    def _run_form(
        self,
        dialog: FormDialog,
        change: Callable[[Any], Awaitable[object]],
        after: Callable[[], Coroutine[Any, Any, None]],
    ) -> None:
        """Submit through ``change``; the dialog closes once Jira accepted, then ``after`` runs."""
        submit_through(
            dialog, change, lambda: self._spawn("Refreshing", after()), self._spawn_quiet
        )

    def create_project(self) -> NewProjectDialog | None:
        """Open "New project"; on success the list reloads and selects the new project."""
        if self.admin is None:
            return None
        admin, session = self.admin, self.session
        dialog = NewProjectDialog(
            self.categories, admin.search_users, admin.validate_project_key, self.pane
        )
        created: list[Project] = []

        async def create(spec: NewProject) -> None:
            created.append(await admin.create_project(spec))

        async def after() -> None:
            project = created[-1]
            self.main.window.notify(
                Level.INFO, "Project created", f"{project.key} — {project.name}"
            )
            if session is not None:
                await self.load(session)
            if self.session is session:
                self.pane.select_project(project.key)

        self._run_form(dialog, create, after)
        return dialog

    def delete_project(self) -> DeleteProjectDialog | None:
        """Ask for the typed key, then delete the project and its issues."""
        detail = self.pane.detail.detail
        if detail is None or self.admin is None:
            return None
        project, session, admin = detail.project, self.session, self.admin
        dialog = DeleteProjectDialog(project.key, project.name, project.issue_count, self.pane)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        async def delete() -> None:
            await admin.delete_project(project.key)
            if session is not None:
                session.projects[:] = [p for p in session.projects if p.key != project.key]
                if self.session is session:
                    self.pane.set_projects(session.projects)
            if self._shows(session, project.key):
                self.pane.detail.clear()
            self.main.window.notify(
                Level.INFO, "Project deleted", f"{project.key} and its issues were deleted."
            )

        dialog.accepted.connect(lambda: self._spawn(f"Deleting {project.key}", delete()))
        dialog.open()
        return dialog

    # ----- components -----------------------------------------------------------------------------------------
    def edit_component(self, component: Component | None) -> ComponentDialog | None:
        """Create (None) or edit a component in a dialog."""
        if self.admin is None or self.pane.detail.detail is None:
            return None
        admin, session, key = self.admin, self.session, self._current().project.key
        dialog = ComponentDialog(component, admin.search_users, self.pane)

        async def save(changes: ComponentChanges) -> None:
            if component is None:
                await admin.create_component(key, changes)
            else:
                await admin.update_component(component.id, changes)

        self._run_form(dialog, save, lambda: self._refresh_detail(session, key))
        return dialog

    def delete_component(self, component: Component) -> None:
        """Ask where its issues go, then delete the component."""
        self._spawn(f"Deleting component {component.name}", self._delete_component(component))

    async def _delete_component(self, component: Component) -> None:
        admin, session, detail = self._admin(), self.session, self._current()
        count = await admin.component_issue_count(component.id)
        others = [c for c in detail.components if c.id != component.id]
        dialog = DeleteComponentDialog(component, others, count, self.pane)
        accepted = bool(await answered(dialog))
        move_to = dialog.move_to()
        dialog.deleteLater()  # read what the user chose before the dialog goes
        if not accepted:
            return
        await admin.delete_component(component.id, move_to)
        await self._refresh_detail(session, detail.project.key)

    # ----- versions --------------------------------------------------------------------------------------------
    def edit_version(self, version: Version | None) -> VersionDialog | None:
        """Create (None) or edit a version in a dialog."""
        if self.admin is None or self.pane.detail.detail is None:
            return None
        admin, session, key = self.admin, self.session, self._current().project.key
        dialog = VersionDialog(version, self.pane)

        async def save(changes: VersionChanges) -> None:
            if version is None:
                await admin.create_version(key, changes)
            else:
                await admin.update_version(version.id, changes)

        self._run_form(dialog, save, lambda: self._refresh_detail(session, key))
        return dialog

    def _toggle_release(self, version: Version) -> None:
        changes = VersionChanges(released=not version.released)
        word = "Unreleasing" if version.released else "Releasing"
        self._in_place(
            f"{word} {version.name}", lambda a: a.update_version(version.id, changes), version.id
        )

    def _toggle_archive(self, version: Version) -> None:
        changes = VersionChanges(archived=not version.archived)
        word = "Unarchiving" if version.archived else "Archiving"
        self._in_place(
            f"{word} {version.name}", lambda a: a.update_version(version.id, changes), version.id
        )

    def _move_version(self, version: Version, position: VersionPosition) -> None:
        self._in_place(
            f"Moving {version.name}", lambda a: a.move_version(version.id, position), version.id
        )

    def delete_version(self, version: Version) -> None:
        """Ask where its issues go, then delete the version."""
        self._spawn(f"Deleting version {version.name}", self._delete_version(version))

    async def _delete_version(self, version: Version) -> None:
        admin, session, detail = self._admin(), self.session, self._current()
        counts = await admin.version_issue_counts(version.id)
        others = [v for v in detail.versions if v.id != version.id]
        dialog = DeleteVersionDialog(version, others, counts, self.pane)
        accepted = bool(await answered(dialog))
        fix_to, affects_to = dialog.targets()
        dialog.deleteLater()  # read what the user chose before the dialog goes
        if not accepted:
            return
        await admin.delete_version(version.id, move_fix_to=fix_to, move_affected_to=affects_to)
        await self._refresh_detail(session, detail.project.key)

    # ----- roles -----------------------------------------------------------------------------------------------
    def add_actors(self, role: ProjectRole) -> AddActorsDialog | None:
        """Add a user or group to ``role`` in a dialog."""
        if self.admin is None or self.pane.detail.detail is None:
            return None
        admin, session, key = self.admin, self.session, self._current().project.key
        dialog = AddActorsDialog(role.name, admin.search_users, admin.search_groups, self.pane)

        async def add(actors: ActorsToAdd) -> None:
            await admin.add_role_actors(key, role.id, users=actors.users, groups=actors.groups)

        self._run_form(dialog, add, lambda: self._refresh_detail(session, key))
        return dialog

    def remove_actor(self, role: ProjectRole, actor: RoleActor) -> None:
        """Remove a member from a role after the user confirms."""
        kind = "group" if actor.kind == "group" else "user"
        key = self._current().project.key
        text = f"Remove the {kind} “{actor.display_name}” from the role {role.name} of {key}?"
        if confirm(self.pane, "Remove member", text, "Remove"):
            self._in_place(
                f"Removing {actor.display_name}", lambda a: a.remove_role_actor(key, role.id, actor)
            )

    # ----- categories, counts, schemes --------------------------------------------------------------------------
    def manage_categories(self) -> CategoriesDialog | None:
        """Open the categories dialog (create, rename, delete)."""
        if self.admin is None:
            return None
        admin, session = self.admin, self.session
        dialog = CategoriesDialog(self.categories, self.pane)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        async def change(work: Awaitable[object]) -> None:
            try:
                await work
                categories = await admin.categories()
            except ApiError as error:
                dialog.show_error(str(error))
                return
            if session is not None:
                session.categories = categories
            if self.session is session:
                self.categories = categories
            dialog.set_categories(categories)
            dialog.name.clear()
            if session is not None:
                self._spawn("Reloading projects", self.load(session))

        dialog.create_requested.connect(
            lambda name, description: self._spawn_quiet(
                change(admin.create_category(name, description))
            )
        )
        dialog.rename_requested.connect(
            lambda category, name: self._spawn_quiet(
                change(admin.update_category(category.id, name=name))
            )
        )
        dialog.delete_requested.connect(
            lambda category: self._confirm_category_delete(dialog, category, change)
        )
        dialog.open()
        return dialog

    def _confirm_category_delete(
        self,
        dialog: CategoriesDialog,
        category: Category,
        change: Callable[[Awaitable[object]], Coroutine[Any, Any, None]],
    ) -> None:
        used = sum(1 for p in self.pane.projects if p.category_id == category.id)
        text = (
            f"Delete the category “{category.name}”? {used} project(s) lose their category; "
            "the projects themselves stay."
        )
        if confirm(dialog, "Delete category", text, "Delete") and self.admin is not None:
            self._spawn_quiet(change(self.admin.delete_category(category.id)))

    def count_issues(self) -> None:
        """Load the issue count and last update of every project, a few at a time."""
        session = self.session
        if self.admin is None or session is None or self._count_task is not None:
            return
        projects = [p for p in session.projects if p.issue_count is None]
        if not projects:
            return
        task = self._spawn("Counting issues", self._count(self.admin, session, projects))
        self._count_task = task
        self.pane.count_button.setEnabled(False)
        task.add_done_callback(self._count_done)
        self._count_job = next((j for j in self.main.window.tracker.jobs if j.task is task), None)
        if self._count_job is not None:
            self._count_job.progress(0, len(projects))

    def _count_done(self, _task: asyncio.Task[None]) -> None:
        self._count_task = None
        self._count_job = None
        self.pane.count_button.setEnabled(self.session is not None)

    async def _count(
        self, admin: ProjectAdmin, session: SiteSession, projects: list[Project]
    ) -> None:
        limit = asyncio.Semaphore(STATS_CONCURRENCY)
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
            if self._count_job is not None:
                self._count_job.progress(done + len(missing), len(projects))

        await asyncio.gather(*(one(p) for p in projects))
        if missing:
            self.main.window.notify(
                Level.WARNING,
                "Some projects could not be counted",
                f"Jira no longer shows {', '.join(sorted(missing))}; reload (F5) to refresh the list.",
            )

    def _open_scheme(self, scheme: PermissionSchemeRef) -> None:
        self.main.window.show_pane("permissions")
        self.main.window.notify(
            Level.INFO,
            "Permission scheme",
            f"{scheme.name}: the Permissions pane will show it in full.",
        )
