"""Projects and what an administrator changes on them: categories, components, versions, roles.

Records are immutable; a change is described by a ``*Changes`` record whose ``None`` fields mean
"leave as it is" (``UNSET`` where None itself is a value, such as removing a lead).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, NamedTuple

from app.domain.site import UserRef

__all__ = [
    "UNSET",
    "AssigneeType",
    "Category",
    "Component",
    "ComponentChanges",
    "NewProject",
    "PermissionSchemeRef",
    "Project",
    "ProjectChanges",
    "ProjectDetail",
    "ProjectRole",
    "ProjectStats",
    "RoleActor",
    "Version",
    "VersionChanges",
    "VersionIssueCounts",
    "VersionPosition",
]


class _Unset(enum.Enum):
    UNSET = "unset"


UNSET: Final = _Unset.UNSET  # "not changed", where None means "clear the value"


class AssigneeType(enum.StrEnum):
    """Who new issues go to by default (project) or for a component."""

    PROJECT_LEAD = "PROJECT_LEAD"
    UNASSIGNED = "UNASSIGNED"
    PROJECT_DEFAULT = "PROJECT_DEFAULT"  # components only
    COMPONENT_LEAD = "COMPONENT_LEAD"  # components only


class VersionPosition(enum.StrEnum):
    """Where ``move`` puts a version in the project's order."""

    FIRST = "First"
    LAST = "Last"
    EARLIER = "Earlier"
    LATER = "Later"


@dataclass(frozen=True, slots=True)
class Category:
    """A project category."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Project:
    """A Jira project as the projects list shows it."""

    id: str
    key: str
    name: str
    project_type: str
    category: str | None = None
    lead: UserRef | None = None
    description: str = ""
    url: str = ""
    category_id: str | None = None
    issue_count: int | None = None  # known on Cloud from the list; on demand elsewhere
    last_updated: datetime | None = None  # last issue update


@dataclass(frozen=True, slots=True)
class ProjectStats:
    """Issue count and the time of the last issue update (the list's on-demand columns)."""

    issue_count: int
    last_updated: datetime | None


@dataclass(frozen=True, slots=True)
class Component:
    """A project component."""

    id: str
    name: str
    description: str = ""
    lead: UserRef | None = None
    assignee_type: AssigneeType = AssigneeType.PROJECT_DEFAULT


@dataclass(frozen=True, slots=True)
class Version:
    """A project version (release)."""

    id: str
    name: str
    description: str = ""
    start_date: date | None = None
    release_date: date | None = None
    released: bool = False
    archived: bool = False
    overdue: bool = False


class VersionIssueCounts(NamedTuple):
    """How many issues name a version: what deleting it would touch (unpacks as a pair)."""

    fixed: int  # issues with the version in Fix Version/s
    affected: int  # issues with the version in Affects Version/s


@dataclass(frozen=True, slots=True)
class RoleActor:
    """A member of a project role: a user (``id`` = accountId or username) or a group."""

    kind: str  # "user" or "group"
    id: str
    display_name: str


@dataclass(frozen=True, slots=True)
class ProjectRole:
    """A project role with its actors in one project."""

    id: str
    name: str
    description: str = ""
    actors: tuple[RoleActor, ...] = ()


@dataclass(frozen=True, slots=True)
class PermissionSchemeRef:
    """The permission scheme a project uses (the Permissions pane opens it)."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class ProjectDetail:
    """Everything the projects pane's detail area shows for one project."""

    project: Project
    assignee_type: AssigneeType = AssigneeType.UNASSIGNED
    avatar_url: str = ""
    components: tuple[Component, ...] = ()
    versions: tuple[Version, ...] = ()
    roles: tuple[ProjectRole, ...] = ()
    permission_scheme: PermissionSchemeRef | None = None


@dataclass(frozen=True, slots=True)
class ProjectChanges:
    """An edit of a project's overview; None fields stay as they are."""

    name: str | None = None
    description: str | None = None
    lead: str | None = None  # accountId (Cloud) or username (DC)
    url: str | None = None
    assignee_type: AssigneeType | None = None
    category_id: str | _Unset | None = UNSET  # None removes the category


@dataclass(frozen=True, slots=True)
class NewProject:
    """What "Create project" sends."""

    key: str
    name: str
    project_type: str
    lead: str  # accountId (Cloud) or username (DC)
    description: str = ""
    url: str = ""
    assignee_type: AssigneeType = AssigneeType.UNASSIGNED
    category_id: str | None = None
    template: str | None = None  # projectTemplateKey where the flavour supports templates


@dataclass(frozen=True, slots=True)
class ComponentChanges:
    """Create or edit a component; None fields stay as they are (or take Jira's default)."""

    name: str | None = None
    description: str | None = None
    lead: str | _Unset | None = UNSET  # accountId/username; None removes the lead
    assignee_type: AssigneeType | None = None


@dataclass(frozen=True, slots=True)
class VersionChanges:
    """Create or edit a version; None fields stay as they are, UNSET dates stay, None clears."""

    name: str | None = None
    description: str | None = None
    start_date: date | _Unset | None = UNSET
    release_date: date | _Unset | None = UNSET
    released: bool | None = None
    archived: bool | None = None
