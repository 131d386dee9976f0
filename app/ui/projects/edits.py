"""Every change the Projects pane makes: the overview, projects, components, versions, roles and
categories.

Changes made from a dialog go through ``submit_through``: Jira's refusals appear next to the
field, the dialog stays open with everything typed, and Stop reads back what Jira holds. The
overview is edited in place: its save can be stopped too (Esc or the activity bar's Cancel),
and then Jade reads the project back and says whether the save was made. Changes without a
form (release, archive, move, remove a member) run as tasks and show the project as Jira has
it afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.api.errors import ApiError, NotFoundError, ValidationError
from app.api.projects import ProjectAdmin
from app.domain.project import (
    Category,
    Component,
    ComponentChanges,
    NewProject,
    Project,
    ProjectChanges,
    ProjectDetail,
    ProjectRole,
    RoleActor,
    Version,
    VersionChanges,
    VersionPosition,
)
from app.domain.readback import actors_present, component_holds, overview_holds, version_holds
from app.session import SiteSession
from app.ui.kit.forms import (
    CANCELLED,
    FormDialog,
    Stoppable,
    Verdict,
    alive,
    answered,
    ask,
    ask_then,
    submit_through,
)
from app.ui.kit.tasks import Level, TaskRunner
from app.ui.projects.detail import ProjectDetailView
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

__all__ = ["NOT_ADMIN", "NOT_PROJECT_ADMIN", "ProjectEdits", "ShownProjects"]

NOT_ADMIN = "Only Jira administrators can do this (you do not hold “Administer Jira”)."
NOT_PROJECT_ADMIN = "You do not administer this project (“Administer Projects”)."


class ShownProjects(Protocol):
    """What the edits need of the pane: the site shown and the project shown."""

    session: SiteSession | None
    admin: ProjectAdmin | None
    categories: list[Category]

    def shown(self) -> ProjectDetail | None: ...

    def shows(self, session: SiteSession | None, key: str) -> bool: ...

    async def refresh_detail(
        self, session: SiteSession | None, key: str, select_version: str | None = None
    ) -> ProjectDetail | None: ...

    def remember(self, session: SiteSession | None, project: Project) -> None: ...

    def forget(self, session: SiteSession | None, key: str) -> None: ...

    def set_categories(self, session: SiteSession | None, categories: list[Category]) -> None: ...

    def reload(self) -> None: ...

    async def reload_then_select(self, key: str) -> None: ...


class ProjectEdits(QObject):
    """Makes the Projects pane's changes on the site shown."""

    def __init__(self, projects: ShownProjects, tasks: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.projects = projects
        self.tasks = tasks
        self.parent_widget = parent
        self.view: ProjectDetailView | None = None

    def connect_detail(self, detail: ProjectDetailView) -> None:
        """Answer the detail view's requests."""
        self.view = detail
        detail.save_requested.connect(self.save_overview)
        detail.delete_project_requested.connect(self.delete_project)
        detail.add_component_requested.connect(lambda: self.edit_component(None))
        detail.edit_component_requested.connect(self.edit_component)
        detail.delete_component_requested.connect(self.delete_component)
        detail.add_version_requested.connect(lambda: self.edit_version(None))
        detail.edit_version_requested.connect(self.edit_version)
        detail.release_requested.connect(self.toggle_release)
        detail.archive_requested.connect(self.toggle_archive)
        detail.move_version_requested.connect(self.move_version)
        detail.delete_version_requested.connect(self.delete_version)
        detail.add_actors_requested.connect(self.add_actors)
        detail.remove_actor_requested.connect(self.remove_actor)

    def _target(self) -> tuple[ProjectAdmin, SiteSession | None, ProjectDetail] | None:
        detail = self.projects.shown()
        admin = self.projects.admin
        if detail is None or admin is None:
            return None
        return admin, self.projects.session, detail

    def _run_form(
        self,
        dialog: FormDialog,
        change: Callable[[Any], Awaitable[object]],
        after: Callable[[], Coroutine[Any, Any, object]],
        verify: Callable[[Any], Awaitable[Verdict]] | None = None,
        label: str = "Saving",
    ) -> None:
        """Submit through ``change``; once Jira accepted (or after a Stop) ``after`` runs."""
        submit_through(
            dialog,
            change,
            lambda: self.tasks.spawn("Refreshing", after()),
            self.tasks,
            label=label,
            verify=verify,
        )

    # ----- overview (in place) -----------------------------------------------------------------------
    def save_overview(self, changes: ProjectChanges) -> None:
        """Save the overview's edits; Esc stops the save and reads back what Jira holds."""
        target = self._target()
        if target is None:
            return
        admin, session, detail = target
        key = detail.project.key
        self.tasks.spawn(f"Saving the overview of {key}", self._save(admin, session, key, changes))

    async def _save(
        self, admin: ProjectAdmin, session: SiteSession | None, key: str, changes: ProjectChanges
    ) -> None:
        view = self.view
        if view is None:
            return
        save = Stoppable(admin.update_project(key, changes))
        job = self.tasks.job()
        if job is not None:
            job.stop_hook = save.stop
        view.show_save_errors({}, "")
        view.overview_error.show_text("Saving… (Esc stops)")
        try:
            finished = await save.wait()
        except ValidationError as error:
            if self.projects.shows(session, key):
                view.show_save_errors(error.errors, "" if error.errors else str(error))
            return
        except ApiError as error:
            if self.projects.shows(session, key):
                view.show_save_errors({}, str(error))
            return
        except asyncio.CancelledError:
            if self.projects.shows(session, key) and alive(view):
                view.show_save_errors({}, CANCELLED)
            raise
        if finished:
            detail = save.save.result()
            self.projects.remember(session, detail.project)
            if self.projects.shows(session, key):
                view.saved(detail)
                self.tasks.notify(Level.INFO, "Saved", f"{key}: overview saved.")
            return
        # the user stopped: Jira may have saved anyway, so read back what it holds
        if self.projects.shows(session, key):
            view.overview_error.show_text("Stopped. Reading back what Jira holds…")
        try:
            now = await admin.get_project(key)
        except ApiError as error:
            if self.projects.shows(session, key):
                view.show_save_errors({}, f"Stopped. Jade could not read {key} back: {error}")
            return
        if overview_holds(now, changes):
            self.projects.remember(session, now.project)
            if self.projects.shows(session, key):
                view.saved(now)
                self.tasks.notify(
                    Level.INFO, "Saved", f"{key}: Jira had saved the overview before you stopped."
                )
        elif self.projects.shows(session, key):
            view.show_save_errors(
                {}, "Stopped. Jira did not save the overview; your edits are still here."
            )

    # ----- projects ------------------------------------------------------------------------------------
    def create_project(self) -> NewProjectDialog | None:
        """Open "New project"; on success the list reloads and selects the new project."""
        admin = self.projects.admin
        if admin is None:
            return None
        dialog = NewProjectDialog(
            self.projects.categories,
            admin.search_users,
            admin.validate_project_key,
            self.parent_widget,
        )
        created: list[Project] = []

        async def create(spec: NewProject) -> None:
            created.append(await admin.create_project(spec))

        async def verify(spec: NewProject) -> Verdict:
            try:
                detail = await admin.get_project(spec.key)
            except NotFoundError:
                return Verdict(False)
            created.append(detail.project)
            return Verdict(True, f"Jira had created {spec.key} before you stopped.")

        async def after() -> None:
            if not created:
                return
            project = created[-1]
            self.tasks.notify(Level.INFO, "Project created", f"{project.key} — {project.name}")
            await self.projects.reload_then_select(project.key)

        self._run_form(dialog, create, after, verify, "Creating the project")
        return dialog

    def delete_project(self) -> DeleteProjectDialog | None:
        """Ask for the typed key, then delete the project and its issues."""
        target = self._target()
        if target is None:
            return None
        admin, session, detail = target
        project = detail.project
        dialog = DeleteProjectDialog(
            project.key, project.name, project.issue_count, self.parent_widget
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        async def delete() -> None:
            await admin.delete_project(project.key)
            self.projects.forget(session, project.key)
            self.tasks.notify(
                Level.INFO, "Project deleted", f"{project.key} and its issues were deleted."
            )

        dialog.accepted.connect(lambda: self.tasks.spawn(f"Deleting {project.key}", delete()))
        dialog.open()
        return dialog

    # ----- components ----------------------------------------------------------------------------------
    def edit_component(self, component: Component | None) -> ComponentDialog | None:
        """Create (None) or edit a component in a dialog."""
        target = self._target()
        if target is None:
            return None
        admin, session, detail = target
        key = detail.project.key
        dialog = ComponentDialog(component, admin.search_users, self.parent_widget)

        async def save(changes: ComponentChanges) -> None:
            if component is None:
                await admin.create_component(key, changes)
            else:
                await admin.update_component(component.id, changes)

        async def verify(changes: ComponentChanges) -> Verdict:
            now = await admin.get_project(key)
            found = [
                c
                for c in now.components
                if (c.id == component.id if component else c.name == changes.name)
            ]
            return Verdict(bool(found) and component_holds(found[0], changes))

        self._run_form(dialog, save, lambda: self.projects.refresh_detail(session, key), verify)
        return dialog

    def delete_component(self, component: Component) -> None:
        """Ask where its issues go, then delete the component."""
        target = self._target()
        if target is not None:
            self.tasks.spawn(
                f"Deleting component {component.name}", self._delete_component(*target, component)
            )

    async def _delete_component(
        self,
        admin: ProjectAdmin,
        session: SiteSession | None,
        detail: ProjectDetail,
        component: Component,
    ) -> None:
        count = await admin.component_issue_count(component.id)
        others = [c for c in detail.components if c.id != component.id]
        dialog = DeleteComponentDialog(component, others, count, self.parent_widget)
        try:
            accepted = bool(await answered(dialog))
            move_to = dialog.move_to()  # read what the user chose before the dialog goes
        finally:
            dialog.deleteLater()
        if not accepted:
            return
        await admin.delete_component(component.id, move_to)
        await self.projects.refresh_detail(session, detail.project.key)

    # ----- versions --------------------------------------------------------------------------------------
    def edit_version(self, version: Version | None) -> VersionDialog | None:
        """Create (None) or edit a version in a dialog."""
        target = self._target()
        if target is None:
            return None
        admin, session, detail = target
        key = detail.project.key
        dialog = VersionDialog(version, self.parent_widget)

        async def save(changes: VersionChanges) -> None:
            if version is None:
                await admin.create_version(key, changes)
            else:
                await admin.update_version(version.id, changes)

        async def verify(changes: VersionChanges) -> Verdict:
            now = await admin.get_project(key)
            found = [
                v
                for v in now.versions
                if (v.id == version.id if version else v.name == changes.name)
            ]
            return Verdict(bool(found) and version_holds(found[0], changes))

        self._run_form(dialog, save, lambda: self.projects.refresh_detail(session, key), verify)
        return dialog

    def _in_place(
        self,
        label: str,
        work: Callable[[ProjectAdmin], Awaitable[object]],
        select_version: str | None = None,
    ) -> None:
        """Run a change on the shown project, then show the project as Jira now has it."""
        target = self._target()
        if target is None:
            return
        admin, session, detail = target
        key = detail.project.key

        async def run() -> None:
            change = Stoppable(work(admin))
            job = self.tasks.job()
            if job is not None:
                job.stop_hook = change.stop
            try:
                finished = await change.wait()
            except ApiError:
                # refused: the pane shows what Jira holds, and the runner reports Jira's words
                await self.projects.refresh_detail(session, key, select_version)
                raise
            await self.projects.refresh_detail(session, key, select_version)
            if not finished:
                self.tasks.notify(
                    Level.INFO, "Stopped", f"{label} was stopped; {key} shows what Jira holds now."
                )

        self.tasks.spawn(label, run())

    def toggle_release(self, version: Version) -> None:
        """Release or unrelease a version."""
        changes = VersionChanges(released=not version.released)
        word = "Unreleasing" if version.released else "Releasing"
        self._in_place(
            f"{word} {version.name}", lambda a: a.update_version(version.id, changes), version.id
        )

    def toggle_archive(self, version: Version) -> None:
        """Archive or unarchive a version."""
        changes = VersionChanges(archived=not version.archived)
        word = "Unarchiving" if version.archived else "Archiving"
        self._in_place(
            f"{word} {version.name}", lambda a: a.update_version(version.id, changes), version.id
        )

    def move_version(self, version: Version, position: VersionPosition) -> None:
        """Move a version up or down the list."""
        self._in_place(
            f"Moving {version.name}", lambda a: a.move_version(version.id, position), version.id
        )

    def delete_version(self, version: Version) -> None:
        """Ask where its issues go, then delete the version."""
        target = self._target()
        if target is not None:
            self.tasks.spawn(
                f"Deleting version {version.name}", self._delete_version(*target, version)
            )

    async def _delete_version(
        self,
        admin: ProjectAdmin,
        session: SiteSession | None,
        detail: ProjectDetail,
        version: Version,
    ) -> None:
        counts = await admin.version_issue_counts(version.id)
        others = [v for v in detail.versions if v.id != version.id]
        dialog = DeleteVersionDialog(version, others, counts, self.parent_widget)
        try:
            accepted = bool(await answered(dialog))
            fix_to, affects_to = dialog.targets()  # read what the user chose before it goes
        finally:
            dialog.deleteLater()
        if not accepted:
            return
        await admin.delete_version(version.id, move_fix_to=fix_to, move_affected_to=affects_to)
        await self.projects.refresh_detail(session, detail.project.key)

    # ----- roles ----------------------------------------------------------------------------------------------
    def add_actors(self, role: ProjectRole) -> AddActorsDialog | None:
        """Add a user or group to ``role`` in a dialog."""
        target = self._target()
        if target is None:
            return None
        admin, session, detail = target
        key = detail.project.key
        dialog = AddActorsDialog(
            role.name, admin.search_users, admin.search_groups, self.parent_widget
        )

        async def add(actors: ActorsToAdd) -> None:
            await admin.add_role_actors(key, role.id, users=actors.users, groups=actors.groups)

        async def verify(actors: ActorsToAdd) -> Verdict:
            now = await admin.get_project(key)
            found = next((r for r in now.roles if r.id == role.id), None)
            return Verdict(actors_present(found, actors.users, actors.groups))

        self._run_form(dialog, add, lambda: self.projects.refresh_detail(session, key), verify)
        return dialog

    def remove_actor(self, role: ProjectRole, actor: RoleActor) -> QMessageBox | None:
        """Remove a member from a role after the user confirms (the question is returned)."""
        detail = self.projects.shown()
        if detail is None:
            return None
        kind = "group" if actor.kind == "group" else "user"
        key = detail.project.key
        text = f"Remove the {kind} “{actor.display_name}” from the role {role.name} of {key}?"
        return ask_then(
            self.parent_widget,
            "Remove member",
            text,
            "Remove",
            lambda: self._in_place(
                f"Removing {actor.display_name}", lambda a: a.remove_role_actor(key, role.id, actor)
            ),
        )

    # ----- categories -------------------------------------------------------------------------------------------
    def manage_categories(self) -> CategoriesDialog | None:
        """Open the categories dialog (create, rename, delete)."""
        admin, session = self.projects.admin, self.projects.session
        if admin is None:
            return None
        dialog = CategoriesDialog(self.projects.categories, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        async def change(work: Awaitable[object]) -> None:
            try:
                await work
                categories = await admin.categories()
            except ApiError as error:
                if alive(dialog):
                    dialog.show_error(str(error))
                return
            self.projects.set_categories(session, categories)
            if alive(dialog):
                dialog.set_categories(categories)
                dialog.name.clear()
            if self.projects.session is session:
                self.projects.reload()

        def run(label: str, work: Awaitable[object]) -> None:
            self.tasks.spawn(label, change(work))

        dialog.create_requested.connect(
            lambda name, description: run(
                f"Creating category {name}", admin.create_category(name, description)
            )
        )
        dialog.rename_requested.connect(
            lambda category, name: run(
                f"Renaming {category.name}", admin.update_category(category.id, name=name)
            )
        )
        dialog.delete_requested.connect(
            lambda category: self.tasks.spawn(
                f"Deleting category {category.name}", self._delete_category(dialog, category, run)
            )
        )
        dialog.open()
        return dialog

    async def _delete_category(
        self,
        dialog: CategoriesDialog,
        category: Category,
        run: Callable[[str, Awaitable[object]], None],
    ) -> None:
        admin, session = self.projects.admin, self.projects.session
        used = sum(1 for p in (session.projects if session else []) if p.category_id == category.id)
        text = (
            f"Delete the category “{category.name}”? {used} project(s) lose their category; "
            "the projects themselves stay."
        )
        if await ask(dialog, "Delete category", text, "Delete") and admin is not None:
            run(f"Deleting category {category.name}", admin.delete_category(category.id))
