"""Scheme commands: create, copy (with every grant), rename and re-describe, delete, and assign to
projects, each as a task of the pane's runner.

Dialogs keep what was typed when Jira refuses (``submit_through``). Deleting a scheme that
projects use is refused before asking, with the projects named; Jira's own refusal is shown the
same way. Assigning shows first what each project gains and loses, then assigns project by
project with each outcome; Stop (or Close) lets the request in flight finish.
"""

from __future__ import annotations

from dataclasses import replace

from app.api.errors import ApiError
from app.domain.permission_diff import preview_assignment
from app.domain.wording import counted
from app.qtmodels.permission_tables import PreviewRow
from app.ui.kit.forms import alive, ask_then, submit_through
from app.ui.kit.tasks import Level
from app.ui.permissions.dialogs import AssignDialog, SchemeDialog, SchemeForm
from app.ui.permissions.host import PermissionsHost

__all__ = ["SchemeEdits", "in_use_reason"]


def in_use_reason(name: str, projects: tuple[str, ...] | None) -> str:
    """Why a scheme cannot be deleted ("" when nothing says projects use it)."""
    if not projects:
        return ""
    shown = ", ".join(projects[:8]) + (
        f" and {len(projects) - 8} more" if len(projects) > 8 else ""
    )
    return (
        f"{name} is used by {counted(len(projects), 'project')} ({shown}): assign them another "
        "scheme before deleting it."
    )


class SchemeEdits:
    """The scheme commands of the pane."""

    def __init__(self, controller: PermissionsHost) -> None:
        self.controller = controller
        self.assign_dialog: AssignDialog | None = None

    # ----- create, copy, edit ------------------------------------------------------------------------
    def create(self) -> SchemeDialog | None:
        """New scheme: name and description; it starts with no grant."""
        c = self.controller
        ops = c.ops
        if ops is None:
            return None
        dialog = SchemeDialog("New permission scheme", "Create", parent=c.pane)

        async def change(form: SchemeForm) -> None:
            created = await ops.create_scheme(form.name, form.description)
            dialog.setProperty("created", created.id)

        submit_through(
            dialog,
            change,
            lambda: c.reload(select=str(dialog.property("created") or "")),
            c.tasks,
            label="Creating a permission scheme",
        )
        return dialog

    def copy(self) -> SchemeDialog | None:
        """Copy the selected scheme with every grant, under a new name."""
        c = self.controller
        ops, row = c.ops, c.pane.current_row()
        if ops is None or row is None:
            return None
        source = row.scheme
        dialog = SchemeDialog(
            f"Copy {source.name}",
            "Copy",
            f"Copy of {source.name}",
            source.description,
            note=f"The copy gets all {len(source.grants)} grants of {source.name}.",
            parent=c.pane,
        )

        async def change(form: SchemeForm) -> None:
            created, outcomes = await ops.copy_scheme(source.id, form.name, form.description)
            dialog.setProperty("created", created.id)
            refused = [o for o in outcomes if not o.ok]
            if refused:
                c.tasks.notify(
                    Level.WARNING,
                    f"{form.name}: {len(refused)} of {len(outcomes)} grants not copied",
                    refused[0].error or "",
                )

        submit_through(
            dialog,
            change,
            lambda: c.reload(select=str(dialog.property("created") or "")),
            c.tasks,
            label=f"Copying {source.name}",
        )
        return dialog

    def edit(self) -> SchemeDialog | None:
        """Rename the selected scheme or change its description (its grants stay as they are)."""
        c = self.controller
        ops, row = c.ops, c.pane.current_row()
        if ops is None or row is None:
            return None
        scheme = row.scheme
        dialog = SchemeDialog(
            f"Edit {scheme.name}", "Save", scheme.name, scheme.description, parent=c.pane
        )

        async def change(form: SchemeForm) -> None:
            await ops.update_scheme(scheme.id, name=form.name, description=form.description)

        submit_through(
            dialog,
            change,
            lambda: c.reload(select=scheme.id),
            c.tasks,
            label=f"Saving {scheme.name}",
        )
        return dialog

    # ----- delete ------------------------------------------------------------------------------------------
    def delete(self) -> object:
        """Delete the selected scheme, after asking; refused while projects use it."""
        c = self.controller
        ops, row = c.ops, c.pane.current_row()
        if ops is None or row is None:
            return None
        scheme = row.scheme
        reason = in_use_reason(scheme.name, row.projects)
        if reason:
            c.tasks.notify(Level.WARNING, f"{scheme.name} cannot be deleted", reason)
            return None

        async def run() -> None:
            try:
                await ops.delete_scheme(scheme.id)
            except ApiError as error:
                c.tasks.notify(
                    Level.ERROR, f"{scheme.name} was not deleted", str(error), error.details
                )
                return
            c.tasks.notify(
                Level.INFO, "Deleted", f"The permission scheme {scheme.name} is deleted."
            )
            c.reload()

        return ask_then(
            c.pane,
            "Delete permission scheme",
            f"Delete the permission scheme {scheme.name} and its {len(scheme.grants)} grants? "
            "This cannot be undone.",
            "Delete",
            lambda: c.tasks.spawn(f"Deleting {scheme.name}", run()),
        )

    # ----- assign ----------------------------------------------------------------------------------------
    def assign(self, keys: tuple[str, ...] = ()) -> AssignDialog | None:
        """Assign the selected scheme to projects, showing first what each gains and loses."""
        c = self.controller
        row = c.pane.current_row()
        ops = c.ops
        if ops is None or row is None:
            return None
        scheme = row.scheme
        uses = c.scheme_of_projects()
        names = {r.scheme.id: r.scheme.name for r in c.rows}
        projects = [
            (
                key,
                name,
                names.get(uses.get(key, ""), "an unknown scheme"),
                uses.get(key) == scheme.id,
            )
            for key, name in c.project_choices()
        ]
        dialog = AssignDialog(scheme.name, projects, c.permission_names, c.pane)
        self.assign_dialog = dialog
        state = {"stopping": False}

        def previews() -> list[PreviewRow]:
            rows = []
            for key in dialog.checked_keys():
                current_id = uses.get(key)
                current = next((r.scheme for r in c.rows if r.scheme.id == current_id), None)
                rows.append(
                    PreviewRow(
                        preview_assignment(key, current, scheme),
                        current.name if current is not None else "unknown",
                    )
                )
            return rows

        def refresh() -> None:
            if not dialog.running:
                dialog.show_previews(previews())

        async def run(rows: list[PreviewRow]) -> None:
            dialog.set_running(True)
            try:
                for n, item in enumerate(rows):
                    if state["stopping"]:
                        rows[n:] = [replace(r, outcome="Not started") for r in rows[n:]]
                        break
                    key = item.preview.project_key
                    try:
                        await ops.assign_scheme(key, scheme.id)
                        rows[n] = replace(item, outcome="Assigned")
                    except ApiError as error:
                        rows[n] = replace(item, outcome=str(error))
                    if alive(dialog):
                        dialog.show_previews(rows)
            finally:
                if alive(dialog):
                    dialog.set_running(False)
                    dialog.show_previews(rows)
                    done = sum(r.outcome == "Assigned" for r in rows)
                    dialog.status.setText(
                        f"{done} of {counted(len(rows), 'project')} now use {scheme.name}."
                    )
            c.reload(select=c.shown_scheme_id())  # forgets what was read before

        def start() -> None:
            rows = previews()
            if rows and not dialog.running:
                state["stopping"] = False
                c.tasks.spawn(
                    f"Assigning {scheme.name} to {counted(len(rows), 'project')}", run(rows)
                )

        def stop() -> None:
            state["stopping"] = True
            dialog.status.setText("Stopping after the request in flight…")

        dialog.projects_changed.connect(refresh)
        dialog.assign_requested.connect(start)
        dialog.stop_requested.connect(stop)
        dialog.finished.connect(dialog.deleteLater)
        dialog.check(keys)
        refresh()
        dialog.open()
        return dialog
