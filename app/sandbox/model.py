"""The sandbox's records: what a Jira site holds, independent of how it is rendered on the wire.

Identifiers follow Jira: numeric ids are kept as ``int`` here and rendered as strings where Jira
does. Users are referred to by their ``key`` (the DC user key); the Cloud flavour renders the same
user by ``account_id``. Dates are timezone-aware ``datetime`` objects (UTC) or ``date`` for
date-only fields.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = [
    "Actor",
    "Board",
    "BoardColumn",
    "ChangeGroup",
    "ChangeItem",
    "Comment",
    "Component",
    "FieldDef",
    "Filter",
    "FilterShare",
    "Flavour",
    "Group",
    "Issue",
    "IssueLink",
    "IssueLinkType",
    "IssueType",
    "PermissionScheme",
    "Priority",
    "Project",
    "ProjectCategory",
    "ProjectRole",
    "Resolution",
    "SchemeGrant",
    "Sprint",
    "Status",
    "StatusCategory",
    "Transition",
    "User",
    "Version",
]


class Flavour(enum.StrEnum):
    """Which Jira the sandbox pretends to be."""

    CLOUD = "cloud"
    DATACENTER = "datacenter"
    # Jira 6.4 Server with Jira Agile 6.7: Data Center's platform API over a Data Center store,
    # and for agile only the GreenHopper experimental API (no /rest/agile/1.0)
    GREENHOPPER = "greenhopper"
    # Jira 4.3 Server: only REST 2.0.alpha1 (app/sandbox/routes/legacy*.py) over a DC store
    LEGACY = "legacy"

    @property
    def platform(self) -> Flavour:
        """The flavour of the platform API and of the store: Cloud or Data Center."""
        return Flavour.DATACENTER if self in (Flavour.GREENHOPPER, Flavour.LEGACY) else self


@dataclass(slots=True)
class User:
    """A Jira user; ``secret`` is the Cloud API token or the DC password, ``pat`` a DC token."""

    key: str
    name: str
    account_id: str
    email: str
    display_name: str
    secret: str = field(repr=False)
    pat: str = field(default="", repr=False)
    active: bool = True
    time_zone: str = "Europe/Berlin"
    locale: str = "en_US"
    groups: list[str] = field(default_factory=list)

    @property
    def is_admin(self) -> bool:
        """Whether the user holds the global Administer Jira permission."""
        return "jira-administrators" in self.groups


@dataclass(slots=True)
class Group:
    """A group of users; membership is kept on the user."""

    name: str
    group_id: str


@dataclass(slots=True)
class StatusCategory:
    """One of Jira's fixed status categories (To Do, In Progress, Done)."""

    id: int
    key: str
    name: str
    color_name: str


@dataclass(slots=True)
class Status:
    """A workflow status."""

    id: int
    name: str
    description: str
    category_id: int


@dataclass(slots=True)
class Priority:
    """An issue priority; a lower ``rank`` is more urgent."""

    id: int
    name: str
    description: str
    status_color: str
    rank: int


@dataclass(slots=True)
class Resolution:
    """An issue resolution."""

    id: int
    name: str
    description: str


@dataclass(slots=True)
class IssueType:
    """An issue type; epics have hierarchy level 1, sub-tasks -1."""

    id: int
    name: str
    description: str
    subtask: bool = False
    hierarchy_level: int = 0


@dataclass(slots=True)
class FieldDef:
    """A field as ``/field`` lists it; ``schema`` is Jira's JSON schema object for the field."""

    id: str
    name: str
    custom: bool
    navigable: bool
    searchable: bool
    orderable: bool
    clause_names: list[str]
    schema: dict[str, object] | None


@dataclass(slots=True)
class ProjectCategory:
    """A project category."""

    id: int
    name: str
    description: str


@dataclass(slots=True)
class ProjectRole:
    """A project role defined site-wide; actors are per project."""

    id: int
    name: str
    description: str


@dataclass(slots=True, frozen=True)
class SchemeGrant:
    """One grant of a permission scheme: ``permission`` (key) to a holder (Jira's type name and
    its parameter: group name, role id, user key, field id, application; None for the typeless)."""

    id: int
    permission: str
    holder_type: str
    parameter: str | None = None


@dataclass(slots=True)
class PermissionScheme:
    """A permission scheme with its grants; projects refer to one by id."""

    id: int
    name: str
    description: str = ""
    grants: list[SchemeGrant] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Actor:
    """A role actor: a user (by key) or a group (by name)."""

    kind: str  # "user" or "group"
    value: str


@dataclass(slots=True)
class Component:
    """A project component."""

    id: int
    project_id: int
    name: str
    description: str = ""
    lead_key: str | None = None
    assignee_type: str = "PROJECT_DEFAULT"


@dataclass(slots=True)
class Version:
    """A project version; ``sequence`` orders versions within the project."""

    id: int
    project_id: int
    name: str
    description: str = ""
    archived: bool = False
    released: bool = False
    start_date: date | None = None
    release_date: date | None = None
    sequence: int = 0


@dataclass(slots=True)
class Project:
    """A project; ``browse_groups`` are the groups allowed to browse it (admins always may)."""

    id: int
    key: str
    name: str
    description: str
    lead_key: str
    project_type_key: str
    category_id: int | None = None
    url: str = ""
    assignee_type: str = "UNASSIGNED"
    browse_groups: frozenset[str] = frozenset({"jira-users"})
    role_actors: dict[int, list[Actor]] = field(default_factory=dict)
    permission_scheme_id: int = 0  # Jira's default scheme has id 0 on every site
    next_issue_number: int = 1
    created: datetime | None = None


@dataclass(slots=True)
class Transition:
    """A workflow transition; an empty ``from_status_ids`` means a global transition."""

    id: int
    name: str
    to_status_id: int
    from_status_ids: frozenset[int] = frozenset()
    required_fields: tuple[str, ...] = ()


@dataclass(slots=True)
class Comment:
    """A comment on an issue; ``body`` is wiki markup."""

    id: int
    author_key: str
    body: str
    created: datetime
    updated: datetime
    update_author_key: str = ""


@dataclass(slots=True, frozen=True)
class ChangeItem:
    """One field's change in an issue's history, as Jira's changelog item carries it.

    ``field`` is the name Jira writes (``status``, ``assignee``, ``Fix Version``, ``Link``);
    ``field_id`` the field's id where Cloud sends ``fieldId`` (empty for ``Link``); the values
    are ids (or keys) and ``*_string`` what a person reads.
    """

    field: str
    field_type: str  # "jira" or "custom"
    field_id: str
    from_value: str | None
    from_string: str | None
    to_value: str | None
    to_string: str | None
    user_field: bool = False  # assignee/reporter: Cloud adds tmpFromAccountId / tmpToAccountId


@dataclass(slots=True)
class ChangeGroup:
    """The changes one person made to an issue at one moment (a changelog ``history``)."""

    id: int
    author_key: str | None
    created: datetime
    items: list[ChangeItem]


@dataclass(slots=True, frozen=True)
class IssueLinkType:
    """A kind of link: ``Blocks`` reads "blocks" outward and "is blocked by" inward."""

    id: int
    name: str
    inward: str
    outward: str


@dataclass(slots=True, frozen=True)
class IssueLink:
    """``outward_id`` <outward> ``inward_id``: BLOCKER blocks BLOCKED, BLOCKED is blocked by BLOCKER.

    Seen from the outward issue, the entry of ``issuelinks`` carries the other one as
    ``outwardIssue``; seen from the inward issue, as ``inwardIssue``.
    """

    id: int
    type_id: int
    outward_id: int
    inward_id: int


@dataclass(slots=True)
class BoardColumn:
    """A column of a board: the statuses it shows and its WIP limits (None: no limit)."""

    name: str
    status_ids: list[int]
    min: int | None = None
    max: int | None = None


@dataclass(slots=True)
class Board:
    """An agile board over one project: its saved filter, columns and (kanban) sub-filter.

    A kanban board with ``kanban_backlog`` keeps its first column's issues in a backlog, off the
    board, as Jira does when the kanban backlog is on.
    """

    id: int
    name: str
    type: str  # "scrum" or "kanban"
    project_id: int
    columns: list[BoardColumn] = field(default_factory=list)
    filter_id: int | None = None
    sub_query: str = ""  # kanban only: e.g. "fixVersion in unreleasedVersions() OR ..."
    kanban_backlog: bool = False
    constraint: str = "issueCount"  # what the WIP limits count: none, issueCount, ...


@dataclass(slots=True)
class Sprint:
    """A sprint on a board: ``future``, ``active`` or ``closed``."""

    id: int
    board_id: int
    name: str
    state: str
    goal: str = ""
    start_date: datetime | None = None
    end_date: datetime | None = None
    complete_date: datetime | None = None


@dataclass(slots=True)
class Issue:
    """An issue. ``description`` is wiki markup; ``parent_id`` is the epic or parent issue."""

    id: int
    key: str
    project_id: int
    summary: str
    description: str
    issuetype_id: int
    status_id: int
    priority_id: int
    reporter_key: str
    creator_key: str
    created: datetime
    updated: datetime
    assignee_key: str | None = None
    resolution_id: int | None = None
    resolution_date: datetime | None = None
    status_category_changed: datetime | None = None
    due_date: date | None = None
    labels: list[str] = field(default_factory=list)
    component_ids: list[int] = field(default_factory=list)
    fix_version_ids: list[int] = field(default_factory=list)
    affects_version_ids: list[int] = field(default_factory=list)
    story_points: float | None = None
    parent_id: int | None = None
    sprint_ids: list[int] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    rank: int = 0
    # oldest first; None while a generated issue's past is still to be made (Store.history_of)
    history: list[ChangeGroup] | None = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class FilterShare:
    """Who a filter is shared with: a ``group`` (by name) or a ``project`` (by id, with a role)."""

    id: int
    type: str  # "group" or "project"
    group: str = ""
    project_id: int | None = None
    role_id: int | None = None


@dataclass(slots=True)
class Filter:
    """A saved issue filter; ``favourite_of`` holds the keys of users who starred it."""

    id: int
    name: str
    jql: str
    owner_key: str
    description: str = ""
    favourite_of: set[str] = field(default_factory=set)
    shares: list[FilterShare] = field(default_factory=list)
