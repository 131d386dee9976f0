"""The projects pane's controller: loading, the detail tabs, and every administrative change.

Each change runs as a tracked task through the main controller (cancellable, errors become
notifications), except those made from a dialog: there the error appears in the dialog, next to
the field when Jira names one, and the dialog stays open with everything typed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject

from app.api.errors import ApiError, ValidationError
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
from app.ui.activity import Job
from app.ui.forms import FormDialog, confirm
from app.ui.notifications import Level
from app.ui.panes.project_detail import DetailPermissions
from app.ui.panes.projects import ProjectsPane
from app.ui.project_dialogs import (
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

if TYPE_CHECKING:
    from app.ui.controller import MainController
    from app.ui.sites import SiteSession

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
        self._count_job: Job | None = None
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
        """Show ``session``'s projects (what was loaded, or nothing yet)."""
        self.session = session
        self.admin = ProjectAdmin(session.client) if session is not None else None
        if self.admin is not None:
            self.pane.search_users = self.admin.search_users
        report = session.report if session is not None else None
        self.site_admin = bool(report and report.permissions.get("ADMINISTER"))
        for button in (self.pane.new_button, self.pane.categories_button):
            button.setEnabled(self.site_admin)
            button.setToolTip("" if self.site_admin else NOT_ADMIN)
        self.pane.detail.clear()
        self.pane.set_projects(session.projects if session is not None else [])

    async def load(self, session: SiteSession) -> list[Project]:
        """Fetch the site's projects into ``session``, showing each page as it arrives."""
        admin = ProjectAdmin(session.client)
        categories = asyncio.ensure_future(admin.categories())
        projects: list[Project] = []
        try:
            async with contextlib.aclosing(admin.project_pages()) as pages:
                async for page in pages:
                    first = not projects
                    projects.extend(page)
                    if self.session is session:
                        if first:
                            self.pane.set_projects(page)
                        else:
                            self.pane.append_projects(page, last=False)
            session.projects = projects
            if self.session is session:
                self.pane.append_projects([], last=True)
                self.categories = await categories
        finally:
            categories.cancel()
        return projects

    def _spawn(self, label: str, coro: Coroutine[Any, Any, _T]) -> asyncio.Task[_T]:
        return self.main.spawn(label, coro)

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
        admin = self._admin()
        detail, allowed = await asyncio.gather(
            admin.get_project(key),
            admin.client.my_permissions(["ADMINISTER_PROJECTS"], project_key=key),
        )
        if not self.categories:
            self.categories = await admin.categories()
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

    async def _refresh_detail(self) -> ProjectDetail:
        detail = await self._admin().get_project(self._current().project.key)
        self.pane.detail.show_detail(detail, self.categories)
        return detail

    def _remember(self, project: Project) -> None:
        """Put an edited project into the list and the session cache."""
        self.pane.model.replace_project(project)
        if self.session is not None:
            self.session.projects = [
                project if p.key == project.key else p for p in self.session.projects
            ]
            self.pane.tree_model.set_projects(self.session.projects)

    # ----- overview -----------------------------------------------------------------------------------------
    def _save_overview(self, changes: ProjectChanges) -> None:
        key = self._current().project.key
        self._spawn_quiet(self._save(key, changes))

    async def _save(self, key: str, changes: ProjectChanges) -> None:
        try:
            detail = await self._admin().update_project(key, changes)
        except ValidationError as error:
            self.pane.detail.show_save_errors(error.errors, "" if error.errors else str(error))
            return
        except ApiError as error:
            self.pane.detail.show_save_errors({}, str(error))
            return
        self.pane.detail.saved(detail)
        self._remember(detail.project)
        self.main.window.notify(Level.INFO, "Saved", f"{key}: overview saved.")

    def _spawn_quiet(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        return self.main.spawn_quiet(coro)

    # ----- dialogs that stay open until saved -----------------------------------------------------------------
    def _run_form(self, dialog: FormDialog, work: Callable[[Any], Awaitable[None]]) -> None:
        async def attempt(value: Any) -> None:
            try:
                await work(value)
            except ValidationError as error:
                dialog.show_errors(error.errors, "" if error.errors else str(error))
                return
            except ApiError as error:
                dialog.show_errors({}, str(error))
                return
            dialog.accept()

        dialog.submitted.connect(lambda value: self._spawn_quiet(attempt(value)))
        dialog.setModal(True)
        dialog.open()

    def create_project(self) -> NewProjectDialog | None:
        """Open "New project"; on success the list reloads and selects the new project."""
        if self.admin is None:
            return None
        admin = self.admin
        dialog = NewProjectDialog(
            self.categories, admin.search_users, admin.validate_project_key, self.pane
        )

        async def create(spec: NewProject) -> None:
            project = await admin.create_project(spec)
            if self.session is not None:
                await self.load(self.session)
            self.pane.select_project(project.key)
            self.main.window.notify(
                Level.INFO, "Project created", f"{project.key} — {project.name}"
            )

        self._run_form(dialog, create)
        return dialog

    def delete_project(self) -> DeleteProjectDialog | None:
        """Ask for the typed key, then delete the project and its issues."""
        detail = self.pane.detail.detail
        if detail is None or self.admin is None:
            return None
        project = detail.project
        dialog = DeleteProjectDialog(project.key, project.name, project.issue_count, self.pane)

        async def delete() -> None:
            await self._admin().delete_project(project.key)
            if self.session is not None:
                self.session.projects = [p for p in self.session.projects if p.key != project.key]
                self.pane.set_projects(self.session.projects)
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
        admin, key = self.admin, self._current().project.key
        dialog = ComponentDialog(component, admin.search_users, self.pane)

        async def save(changes: ComponentChanges) -> None:
            if component is None:
                await admin.create_component(key, changes)
            else:
                await admin.update_component(component.id, changes)
            await self._refresh_detail()

        self._run_form(dialog, save)
        return dialog

    def delete_component(self, component: Component) -> None:
        """Ask where its issues go, then delete the component."""
        self._spawn(f"Deleting component {component.name}", self._delete_component(component))

    async def _delete_component(self, component: Component) -> None:
        admin = self._admin()
        count = await admin.component_issue_count(component.id)
        others = [c for c in self._current().components if c.id != component.id]
        dialog = DeleteComponentDialog(component, others, count, self.pane)
        if not await _answer(dialog):
            return
        await admin.delete_component(component.id, dialog.move_to())
        await self._refresh_detail()

    # ----- versions --------------------------------------------------------------------------------------------
    def edit_version(self, version: Version | None) -> VersionDialog | None:
        """Create (None) or edit a version in a dialog."""
        if self.admin is None or self.pane.detail.detail is None:
            return None
        admin, key = self.admin, self._current().project.key
        dialog = VersionDialog(version, self.pane)

        async def save(changes: VersionChanges) -> None:
            if version is None:
                await admin.create_version(key, changes)
            else:
                await admin.update_version(version.id, changes)
            await self._refresh_detail()

        self._run_form(dialog, save)
        return dialog

    def _toggle_release(self, version: Version) -> None:
        changes = VersionChanges(released=not version.released)
        word = "Unreleasing" if version.released else "Releasing"
        self._spawn(f"{word} {version.name}", self._update_version(version, changes))

    def _toggle_archive(self, version: Version) -> None:
        changes = VersionChanges(archived=not version.archived)
        word = "Unarchiving" if version.archived else "Archiving"
        self._spawn(f"{word} {version.name}", self._update_version(version, changes))

    async def _update_version(self, version: Version, changes: VersionChanges) -> None:
        await self._admin().update_version(version.id, changes)
        await self._refresh_detail()
        self.pane.detail.select_version(version.id)

    def _move_version(self, version: Version, position: VersionPosition) -> None:
        async def move() -> None:
            await self._admin().move_version(version.id, position)
            await self._refresh_detail()
            self.pane.detail.select_version(version.id)

        self._spawn(f"Moving {version.name}", move())

    def delete_version(self, version: Version) -> None:
        """Ask where its issues go, then delete the version."""
        self._spawn(f"Deleting version {version.name}", self._delete_version(version))

    async def _delete_version(self, version: Version) -> None:
        admin = self._admin()
        counts = await admin.version_issue_counts(version.id)
        others = [v for v in self._current().versions if v.id != version.id]
        dialog = DeleteVersionDialog(version, others, counts, self.pane)
        if not await _answer(dialog):
            return
        fix_to, affects_to = dialog.targets()
        await admin.delete_version(version.id, move_fix_to=fix_to, move_affected_to=affects_to)
        await self._refresh_detail()

    # ----- roles -----------------------------------------------------------------------------------------------
    def add_actors(self, role: ProjectRole) -> AddActorsDialog | None:
        """Add a user or group to ``role`` in a dialog."""
        if self.admin is None or self.pane.detail.detail is None:
            return None
        admin, key = self.admin, self._current().project.key
        dialog = AddActorsDialog(role.name, admin.search_users, admin.search_groups, self.pane)

        async def add(actors: ActorsToAdd) -> None:
            await admin.add_role_actors(key, role.id, users=actors.users, groups=actors.groups)
            await self._refresh_detail()

        self._run_form(dialog, add)
        return dialog

    def remove_actor(self, role: ProjectRole, actor: RoleActor) -> None:
        """Remove a member from a role after the user confirms."""
        kind = "group" if actor.kind == "group" else "user"
        text = (
            f"Remove the {kind} “{actor.display_name}” from the role {role.name} of "
            f"{self._current().project.key}?"
        )
        if not confirm(self.pane, "Remove member", text, "Remove"):
            return
        key = self._current().project.key

        async def remove() -> None:
            await self._admin().remove_role_actor(key, role.id, actor)
            await self._refresh_detail()

        self._spawn(f"Removing {actor.display_name}", remove())

    # ----- categories, counts, schemes --------------------------------------------------------------------------
    def manage_categories(self) -> CategoriesDialog | None:
        """Open the categories dialog (create, rename, delete)."""
        if self.admin is None:
            return None
        admin = self.admin
        dialog = CategoriesDialog(self.categories, self.pane)

        async def change(work: Awaitable[object]) -> None:
            try:
                await work
            except ApiError as error:
                dialog.show_error(str(error))
                return
            self.categories = await admin.categories()
            dialog.set_categories(self.categories)
            dialog.name.clear()
            if self.session is not None:
                await self.load(self.session)

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
        if self.admin is None:
            return
        projects = [p for p in self.pane.projects if p.issue_count is None]
        if not projects:
            return
        task = self._spawn("Counting issues", self._count(self.admin, projects))
        self._count_job = next((j for j in self.main.window.tracker.jobs if j.task is task), None)
        if self._count_job is not None:
            self._count_job.progress(0, len(projects))

    async def _count(self, admin: ProjectAdmin, projects: list[Project]) -> None:
        limit = asyncio.Semaphore(STATS_CONCURRENCY)
        done = 0

        async def one(project: Project) -> None:
            nonlocal done
            async with limit:
                stats = await admin.project_stats(project.key)
            self.pane.set_stats(project.key, stats)
            if self.session is not None:
                self.session.projects = [
                    replace(p, issue_count=stats.issue_count, last_updated=stats.last_updated)
                    if p.key == project.key
                    else p
                    for p in self.session.projects
                ]
            done += 1
            if self._count_job is not None:
                self._count_job.progress(done, len(projects))

        await asyncio.gather(*(one(p) for p in projects))

    def _open_scheme(self, scheme: PermissionSchemeRef) -> None:
        self.main.window.show_pane("permissions")
        self.main.window.notify(
            Level.INFO,
            "Permission scheme",
            f"{scheme.name}: the Permissions pane will show it in full.",
        )


async def _answer(dialog: Any) -> bool:
    """Show a modal dialog without blocking the event loop; True when accepted."""
    done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not done.done():
            done.set_result(bool(result))

    dialog.finished.connect(finished)
    dialog.open()
    return await done
