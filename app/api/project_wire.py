"""Jira's JSON for project administration as msgspec Structs, and their domain records.

What ``wire.py`` declares for the projects list is extended here with what the projects pane's
detail area and its dialogs read: insight, avatars, components, versions, roles and their actors,
the permission scheme, key validation, and the user and group pickers. As in ``wire.py``, only
what Jade reads is declared and unknown keys are ignored.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import msgspec

from app.api.wire import ProjectWire, UserWire, to_project, to_user
from app.domain.project import (
    AssigneeType,
    Category,
    Component,
    PermissionSchemeRef,
    Project,
    ProjectDetail,
    ProjectRole,
    RoleActor,
    Version,
    VersionIssueCounts,
)

__all__ = [
    "ActorGroupWire",
    "ActorUserWire",
    "ApproximateCountWire",
    "CategoryWire",
    "ComponentCountWire",
    "ComponentWire",
    "CreatedWire",
    "ErrorCollectionWire",
    "GroupPickerWire",
    "GroupSuggestionWire",
    "PermissionSchemeWire",
    "ProjectDetailWire",
    "ProjectEntryWire",
    "ProjectInsightWire",
    "ProjectPageWire",
    "RoleActorWire",
    "RoleWire",
    "VersionCountsWire",
    "VersionPageWire",
    "VersionWire",
    "jira_datetime",
    "to_category",
    "to_component",
    "to_project_detail",
    "to_project_entry",
    "to_role",
    "to_version",
    "to_version_counts",
]


def jira_datetime(text: str | None) -> datetime | None:
    """Jira's ``2024-05-01T09:30:00.000+0000`` (an offset without a colon) as an aware datetime."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None  # an unreadable time is shown as unknown rather than failing the whole list


def _assignee_type(raw: str, default: AssigneeType) -> AssigneeType:
    try:
        return AssigneeType(raw)
    except ValueError:
        return default  # a type newer than Jade knows: show the default rather than fail


class CategoryWire(msgspec.Struct):
    """A project category (``/projectCategory``)."""

    id: str
    name: str = ""
    description: str | None = ""


class ProjectInsightWire(msgspec.Struct, rename="camel"):
    """Cloud's ``insight`` expansion of a project."""

    total_issue_count: int | None = None
    # a string: Jira's offsets have no colon, which msgspec's datetime does not read
    last_issue_update_time: str | None = None


class ProjectEntryWire(ProjectWire, rename="camel"):
    """A project list entry with what the list's extra columns need."""

    insight: ProjectInsightWire | None = None
    # field(): ruff only knows the Struct defaults of direct subclasses are copied
    avatar_urls: dict[str, str] = msgspec.field(default_factory=dict)


class ProjectPageWire(msgspec.Struct, rename="camel"):
    """A page of Cloud ``/project/search``."""

    values: list[ProjectEntryWire] = []
    start_at: int = 0
    max_results: int = 0
    total: int | None = None
    is_last: bool | None = None


class ComponentWire(msgspec.Struct, rename="camel"):
    """A component."""

    id: str
    name: str
    description: str | None = ""
    lead: UserWire | None = None
    assignee_type: str = "PROJECT_DEFAULT"


class VersionWire(msgspec.Struct, rename="camel"):
    """A version; dates are ``yyyy-MM-dd``."""

    id: str
    name: str
    description: str | None = ""
    start_date: date | None = None
    release_date: date | None = None
    released: bool = False
    archived: bool = False
    overdue: bool = False


class VersionPageWire(msgspec.Struct, rename="camel"):
    """A page of Cloud ``/project/{key}/version``."""

    values: list[VersionWire] = []
    start_at: int = 0
    max_results: int = 0
    total: int | None = None
    is_last: bool | None = None


class ProjectDetailWire(ProjectEntryWire, rename="camel"):
    """``GET /project/{key}``: the project with components, versions and its roles' URLs."""

    assignee_type: str = "UNASSIGNED"
    components: list[ComponentWire] = msgspec.field(default_factory=list)
    versions: list[VersionWire] = msgspec.field(default_factory=list)
    # role name -> role URL (its last segment is the role id)
    roles: dict[str, str] = msgspec.field(default_factory=dict)


class ActorUserWire(msgspec.Struct, rename="camel"):
    """Cloud's ``actorUser`` of a user role actor."""

    account_id: str = ""


class ActorGroupWire(msgspec.Struct, rename="camel"):
    """Cloud's ``actorGroup`` of a group role actor."""

    name: str = ""
    display_name: str = ""
    group_id: str = ""


class RoleActorWire(msgspec.Struct, rename="camel"):
    """One actor of a project role; Cloud adds ``actorUser``/``actorGroup``, DC has ``name``."""

    type: str = ""
    name: str = ""
    display_name: str = ""
    actor_user: ActorUserWire | None = None
    actor_group: ActorGroupWire | None = None


class RoleWire(msgspec.Struct):
    """``GET /project/{key}/role/{id}``: a role with the project's actors."""

    id: int
    name: str
    description: str | None = ""
    actors: list[RoleActorWire] = []


class PermissionSchemeWire(msgspec.Struct):
    """A permission scheme without its grants."""

    id: int
    name: str
    description: str | None = ""


class CreatedWire(msgspec.Struct):
    """The answer to ``POST /project``: where the new project is."""

    id: int | str
    key: str


class ErrorCollectionWire(msgspec.Struct, rename="camel"):
    """Jira's ``ErrorCollection`` as a successful answer (``projectvalidate/key``)."""

    error_messages: list[str] = []
    errors: dict[str, str] = {}


class ComponentCountWire(msgspec.Struct, rename="camel"):
    """``GET /component/{id}/relatedIssueCounts``."""

    issue_count: int = 0


class VersionCountsWire(msgspec.Struct, rename="camel"):
    """``GET /version/{id}/relatedIssueCounts``."""

    issues_fixed_count: int = 0
    issues_affected_count: int = 0


class ApproximateCountWire(msgspec.Struct):
    """Cloud ``POST /search/approximate-count``."""

    count: int = 0


class GroupSuggestionWire(msgspec.Struct):
    """One group of ``/groups/picker``."""

    name: str


class GroupPickerWire(msgspec.Struct):
    """``GET /groups/picker``."""

    groups: list[GroupSuggestionWire] = []
    total: int = 0


def to_category(wire: CategoryWire) -> Category:
    """A ``Category``."""
    return Category(id=wire.id, name=wire.name, description=wire.description or "")


def to_project_entry(wire: ProjectEntryWire) -> Project:
    """A ``Project`` with the Cloud insight columns filled where the answer had them."""
    project = to_project(wire)
    if wire.insight is None:
        return project
    return dataclasses.replace(
        project,
        issue_count=wire.insight.total_issue_count,
        last_updated=jira_datetime(wire.insight.last_issue_update_time),
    )


def to_component(wire: ComponentWire) -> Component:
    """A ``Component``."""
    return Component(
        id=wire.id,
        name=wire.name,
        description=wire.description or "",
        lead=to_user(wire.lead) if wire.lead else None,
        assignee_type=_assignee_type(wire.assignee_type, AssigneeType.PROJECT_DEFAULT),
    )


def to_version(wire: VersionWire) -> Version:
    """A ``Version``."""
    return Version(
        id=wire.id,
        name=wire.name,
        description=wire.description or "",
        start_date=wire.start_date,
        release_date=wire.release_date,
        released=wire.released,
        archived=wire.archived,
        overdue=wire.overdue,
    )


def _to_actor(wire: RoleActorWire) -> RoleActor:
    if wire.type == "atlassian-group-role-actor":
        name = wire.actor_group.name if wire.actor_group and wire.actor_group.name else wire.name
        return RoleActor("group", name, wire.display_name or name)
    # Cloud names users by accountId only (actorUser); DC by username (name)
    ident = wire.actor_user.account_id if wire.actor_user else wire.name
    return RoleActor("user", ident, wire.display_name or ident)


def to_role(wire: RoleWire) -> ProjectRole:
    """A ``ProjectRole`` with its actors in one project."""
    return ProjectRole(
        id=str(wire.id),
        name=wire.name,
        description=wire.description or "",
        actors=tuple(_to_actor(a) for a in wire.actors),
    )


def to_version_counts(wire: VersionCountsWire) -> VersionIssueCounts:
    """``VersionIssueCounts``."""
    return VersionIssueCounts(fixed=wire.issues_fixed_count, affected=wire.issues_affected_count)


def to_project_detail(
    wire: ProjectDetailWire,
    roles: tuple[ProjectRole, ...],
    scheme: PermissionSchemeWire | None,
) -> ProjectDetail:
    """A ``ProjectDetail`` from ``GET /project/{key}``, its roles and its permission scheme."""
    return ProjectDetail(
        project=to_project_entry(wire),
        assignee_type=_assignee_type(wire.assignee_type, AssigneeType.UNASSIGNED),
        avatar_url=wire.avatar_urls.get("48x48", ""),
        components=tuple(to_component(c) for c in wire.components),
        versions=tuple(to_version(v) for v in wire.versions),
        roles=roles,
        permission_scheme=PermissionSchemeRef(
            id=str(scheme.id), name=scheme.name, description=scheme.description or ""
        )
        if scheme is not None
        else None,
    )
