"""What the Permissions pane's helpers (apply, scheme commands, questions) need of its controller."""

from __future__ import annotations

from typing import Protocol

from app.api.permission_ops import PermissionOps
from app.domain.permission import PermissionScheme
from app.qtmodels.permission_matrix import GrantMatrixModel
from app.qtmodels.permission_tables import SchemeRow
from app.session import SiteSession
from app.ui.kit.tasks import TaskRunner
from app.ui.permissions.pane import PermissionsPane

__all__ = ["PermissionsHost"]


class PermissionsHost(Protocol):
    """The controller, as its helpers see it."""

    pane: PermissionsPane
    tasks: TaskRunner
    session: SiteSession | None
    permission_names: dict[str, str]
    rows: list[SchemeRow]

    @property
    def ops(self) -> PermissionOps | None:
        """The site's permission operations (None without a site that has them)."""

    @property
    def matrix_model(self) -> GrantMatrixModel:
        """The grant matrix of the scheme shown."""

    def update_actions(self) -> None:
        """Enable what can be done now."""

    def forget(self) -> None:
        """Drop what the site's client remembered."""

    def reload(self, select: str | None = None) -> None:
        """Read the schemes again, then select ``select`` (or the scheme shown)."""

    def scheme_reread(self, scheme: PermissionScheme) -> None:
        """Show ``scheme`` as Jira holds it now."""

    def shown_scheme_id(self) -> str | None:
        """The id of the scheme shown."""

    def scheme_of_projects(self) -> dict[str, str]:
        """Project key → the id of the scheme it uses."""

    def project_choices(self) -> list[tuple[str, str]]:
        """Every project (key, name)."""
