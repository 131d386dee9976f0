"""What the Permissions pane and ``jade permissions`` ask of a site: the operations' signatures.

``app.api.permissions.PermissionAdmin`` implements this for Cloud (users by accountId) and Data
Center (users by username); a test or a view model may stand in for it with anything that fits.
Failures are the client layer's typed errors (``app.api.errors``), with Jira's own words;
``SchemeInUseError`` is the refusal to delete a scheme that projects still use;
``UnsupportedError`` says the flavour has no such resource.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from app.api.errors import ApiError, ConflictError
from app.domain.permission import (
    Grant,
    GrantCell,
    GrantOutcome,
    Permission,
    PermissionScheme,
    PermUser,
    ProjectAccess,
    RoleMembers,
)
from app.domain.permission_access import WhoCan
from app.domain.permission_diff import StagedChanges
from app.domain.site import Flavour

__all__ = ["PermissionOps", "SchemeInUseError", "UnsupportedError"]


class SchemeInUseError(ConflictError):
    """A scheme cannot be deleted while projects use it; ``projects`` names them (keys)."""

    def __init__(self, scheme_name: str, projects: Sequence[str]) -> None:
        self.projects = tuple(projects)
        shown = ", ".join(self.projects[:10])
        more = f" and {len(self.projects) - 10} more" if len(self.projects) > 10 else ""
        super().__init__(
            f"The permission scheme '{scheme_name}' cannot be deleted: "
            f"{len(self.projects)} project(s) use it ({shown}{more}).",
            status=409,
        )


class UnsupportedError(ApiError):
    """The site's flavour has no such resource (``permissions/check`` on Data Center)."""


class PermissionOps(Protocol):
    """Permission schemes, grants, their assignment to projects and "who can" on one site."""

    async def flavour(self) -> Flavour:
        """Cloud or Data Center (users by accountId or by username)."""
        ...

    async def permissions(self) -> tuple[Permission, ...]:
        """Every permission of the site (``GET /permissions``), project permissions first."""
        ...

    async def schemes(self) -> tuple[PermissionScheme, ...]:
        """Every scheme with its grants (``expand=permissions,user,group,projectRole,field,all``)."""
        ...

    async def scheme(self, scheme_id: str) -> PermissionScheme:
        """One scheme with its grants."""
        ...

    async def create_scheme(
        self, name: str, description: str = "", grants: Iterable[GrantCell] = ()
    ) -> PermissionScheme:
        """A new scheme (with ``grants``, sent in the create request)."""
        ...

    async def copy_scheme(
        self, source_id: str, name: str, description: str | None = None
    ) -> tuple[PermissionScheme, tuple[GrantOutcome, ...]]:
        """A new scheme holding every grant of ``source_id``; each grant's outcome."""
        ...

    async def update_scheme(
        self, scheme_id: str, *, name: str | None = None, description: str | None = None
    ) -> PermissionScheme:
        """Rename or re-describe a scheme, its grants untouched (the PUT carries no grants)."""
        ...

    async def delete_scheme(self, scheme_id: str) -> None:
        """Delete a scheme; ``SchemeInUseError`` names the projects while any use it."""
        ...

    async def add_grant(self, scheme_id: str, cell: GrantCell) -> Grant:
        """Add one grant; Jira's refusal (duplicate, unknown holder) is raised."""
        ...

    async def delete_grant(self, scheme_id: str, grant_id: str) -> None:
        """Delete one grant."""
        ...

    async def apply_changes(
        self, scheme_id: str, changes: StagedChanges
    ) -> tuple[GrantOutcome, ...]:
        """Apply staged adds and deletes grant by grant; every one's outcome, none raised."""
        ...

    async def project_scheme(self, project_key: str) -> PermissionScheme:
        """The scheme a project uses (without grants)."""
        ...

    async def assign_scheme(self, project_key: str, scheme_id: str) -> PermissionScheme:
        """Make a project use a scheme; the scheme Jira now reports for it."""
        ...

    async def scheme_usage(
        self, project_keys: Iterable[str] | None = None
    ) -> Mapping[str, tuple[str, ...]]:
        """Scheme id → keys of the projects that use it (every project, or those given)."""
        ...

    async def group_members(self, group: str) -> tuple[PermUser, ...]:
        """Every member of a group (every page of ``group/member``)."""
        ...

    async def project_roles(self, project_key: str) -> tuple[RoleMembers, ...]:
        """Each project role with its user and group actors in the project."""
        ...

    async def project_access(self, project_key: str, grants: Iterable[Grant]) -> ProjectAccess:
        """The lead, role actors and group members resolving ``grants`` in the project needs."""
        ...

    async def who_can(self, project_key: str, permission: str) -> WhoCan:
        """The users who hold ``permission`` in the project, with every path, and conditions."""
        ...

    async def who_can_everywhere(
        self, permission: str, project_keys: Iterable[str] | None = None
    ) -> tuple[WhoCan, ...]:
        """``who_can`` for many projects (every project by default), side by side."""
        ...

    async def project_keys(self) -> tuple[str, ...]:
        """Every project's key the signed-in user can see."""
        ...

    async def find_user(self, user_id: str) -> PermUser:
        """A user by accountId (Cloud) or username (DC); Jira's 404 when there is none."""
        ...

    def forget(self) -> None:
        """Drop what was read (the next question reads the site again); stop reads in flight."""
        ...

    async def users_with_permission(
        self, project_key: str, permission: str, query: str = ""
    ) -> tuple[PermUser, ...]:
        """Jira's own answer (``user/permission/search``): users matching ``query`` who hold it."""
        ...

    async def check_permissions(
        self, account_id: str, permissions: Sequence[str], project_ids: Sequence[str]
    ) -> Mapping[str, tuple[str, ...]]:
        """Cloud's ``permissions/check``: permission → the project ids where the user holds it."""
        ...

    async def my_permissions(
        self, keys: Sequence[str], project_key: str | None = None
    ) -> dict[str, bool] | None:
        """Which of ``keys`` the signed-in user holds (None when Jira does not say)."""
        ...
