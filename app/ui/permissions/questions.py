"""The Compare and Who can tabs' work: read the two sides and diff them; resolve "who can" and a
user's permissions; export either answer as CSV (off the UI thread, whole or not at all).

Each question is a task of the pane's runner; an answer shows only if the site it was asked of is
still shown and no newer question of the same tab was asked since.
"""

from __future__ import annotations

import asyncio
import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from app.api.errors import ApiError
from app.api.permission_ops import PermissionOps
from app.domain.permission import PermissionScheme
from app.domain.permission_access import WhoCan, user_permissions
from app.domain.permission_diff import diff_schemes
from app.domain.permission_export import (
    COMPARE_FIELDS,
    USER_FIELDS,
    WHO_FIELDS,
    Row,
    compare_rows,
    user_rows,
    who_rows,
)
from app.domain.permission_export import write_csv as write_csv_rows
from app.qtmodels.permission_tables import UserPermissionRow
from app.ui.kit.tasks import Level
from app.ui.permissions.compare_view import SCHEME_SIDE, Side
from app.ui.permissions.host import PermissionsHost
from app.ui.permissions.who_view import WHO_MODE

__all__ = ["Questions", "csv_text", "write_csv"]


def csv_text(fields: Sequence[str], rows: list[Row]) -> str:
    """The rows as ``jade permissions --format csv`` writes them (lists joined by ``;``)."""
    out = io.StringIO()
    write_csv_rows(out, fields, rows)
    return out.getvalue()


def write_csv(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole, or leave ``path`` as it was."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Questions:
    """Compare and "who can" for the pane."""

    def __init__(self, controller: PermissionsHost) -> None:
        self.controller = controller
        self._compare: asyncio.Task[None] | None = None
        self._who: asyncio.Task[None] | None = None
        view = controller.pane
        view.compare.compare_requested.connect(self.compare)
        view.compare.export_requested.connect(self.export_compare)
        view.who.ask_requested.connect(self.ask)
        view.who.export_requested.connect(self.export_answer)

    # ----- compare -------------------------------------------------------------------------------
    def compare(self) -> asyncio.Task[None] | None:
        """Compare the two sides chosen."""
        c = self.controller
        view = c.pane.compare
        left, right = view.side(0), view.side(1)
        if c.ops is None or left is None or right is None:
            view.counts.setText("Choose a scheme or a project on each side.")
            return None
        if self._compare is not None and not self._compare.done():
            self._compare.cancel()
        view.counts.setText("Reading both sides…")
        self._compare = c.tasks.spawn(
            "Comparing permission schemes", self._run_compare(c.ops, left, right)
        )
        return self._compare

    async def _side(self, ops: PermissionOps, side: Side) -> tuple[PermissionScheme, str]:
        c = self.controller
        kind, value = side
        scheme_id = value
        if kind != SCHEME_SIDE:
            scheme_id = (await ops.project_scheme(value)).id
        known = next((r.scheme for r in c.rows if r.scheme.id == scheme_id), None)
        scheme = known if known is not None else await ops.scheme(scheme_id)
        title = scheme.name if kind == SCHEME_SIDE else f"{value} ({scheme.name})"
        return scheme, title

    async def _run_compare(self, ops: PermissionOps, left: Side, right: Side) -> None:
        c = self.controller
        session = c.session
        try:
            (a, a_title), (b, b_title) = await asyncio.gather(
                self._side(ops, left), self._side(ops, right)
            )
        except ApiError as error:
            if c.session is session:
                c.pane.compare.counts.setText(f"Could not read both sides: {error}")
            raise
        if c.session is not session:
            return
        c.pane.compare.show_diff(diff_schemes(a, b), c.permission_names, a_title, b_title)

    def export_compare(self) -> QFileDialog | None:
        """Save the comparison shown as CSV."""
        view = self.controller.pane.compare
        if not view.rows:
            return None
        left, right = view.titles
        rows = compare_rows([r.diff for r in view.shown_rows()])
        return self._save(
            "compare.csv", csv_text(COMPARE_FIELDS, rows), f"{len(rows)} pairs ({left} ↔ {right})"
        )

    # ----- who can ---------------------------------------------------------------------------------
    def ask(self) -> asyncio.Task[None] | None:
        """Answer the question chosen on the Who can tab."""
        c = self.controller
        view = c.pane.who
        project = view.project.currentData()
        if c.ops is None or project is None:
            view.show_error("Choose a project.")
            return None
        if self._who is not None and not self._who.done():
            self._who.cancel()
        if view.current_mode() == WHO_MODE:
            permission = view.permission.currentData()
            if permission is None:
                view.show_error("Choose a permission.")
                return None
            name = c.permission_names.get(permission, permission)
            view.show_busy(f"Resolving who holds {name} in {project}…")
            coro = self._run_who(c.ops, str(project), str(permission))
            label = f"Who can: {name} in {project}"
        else:
            user = view.user_id()
            if not user:
                view.show_error("Type the user's id.")
                return None
            view.show_busy(f"Resolving what {user} holds in {project}…")
            coro = self._run_user(c.ops, str(project), user)
            label = f"What {user} holds in {project}"
        self._who = c.tasks.spawn(label, coro)
        return self._who

    async def _run_who(self, ops: PermissionOps, project: str, permission: str) -> None:
        c = self.controller
        session = c.session
        try:
            answer: WhoCan = await ops.who_can(project, permission)
        except ApiError as error:
            if c.session is session:
                c.pane.who.show_error(str(error))
            raise
        if c.session is session:
            uses = c.scheme_of_projects().get(project)
            scheme = next((r.scheme.name for r in c.rows if r.scheme.id == uses), "")
            c.pane.who.show_who(answer, c.permission_names.get(permission, permission), scheme)

    async def _run_user(self, ops: PermissionOps, project: str, user: str) -> None:
        c = self.controller
        session = c.session
        try:
            scheme = await ops.project_scheme(project)
            full = await ops.scheme(scheme.id)
            access = await ops.project_access(project, full.grants)
        except ApiError as error:
            if c.session is session:
                c.pane.who.show_error(str(error))
            raise
        if c.session is not session:
            return
        held = user_permissions(access, user, full.grants)
        rows = tuple(
            UserPermissionRow(h, c.permission_names.get(h.permission, h.permission)) for h in held
        )
        c.pane.who.show_user(user, project, rows)

    def export_answer(self) -> QFileDialog | None:
        """Save the Who can answer shown as CSV."""
        last = self.controller.pane.who.last
        if last is None:
            return None
        fields: Sequence[str]
        if isinstance(last, WhoCan):
            rows, fields = who_rows(last), WHO_FIELDS
            what = f"{len(last.users)} users"
            name = f"who-can-{last.project_key}-{last.permission}.csv"
        else:
            rows, fields = user_rows(r.held for r in last), USER_FIELDS
            what = f"{len(rows)} permissions"
            name = "user-permissions.csv"
        return self._save(name, csv_text(fields, rows), what)

    # ----- saving -------------------------------------------------------------------------------------
    def _save(self, suggested: str, text: str, what: str) -> QFileDialog:
        tasks = self.controller.tasks
        dialog = QFileDialog(self.controller.pane, "Export CSV", suggested, "CSV files (*.csv)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")

        async def write(path: Path) -> None:
            try:
                await asyncio.to_thread(write_csv, path, text)
            except OSError as error:
                tasks.notify(Level.ERROR, "Export failed", f"{path}: {error.strerror or error}")
                return
            tasks.notify(Level.INFO, "Exported", f"{what} to {path}")

        def chosen(name: str) -> None:
            if name:
                tasks.spawn(f"Exporting {what}", write(Path(name)))

        dialog.fileSelected.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
