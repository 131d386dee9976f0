"""Permission schemes: permissions, holders, grants, schemes, and what a project's access data is.

Records are immutable. A holder is named as Jira names it (``type`` is Jira's holder type name,
``parameter`` the group name, role id, user id, field id or application name); its ``label`` is
only for display and takes no part in equality, so holders read from two schemes compare equal
whenever Jira would treat them as the same holder.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = [
    "CONDITION_TYPES",
    "Grant",
    "GrantCell",
    "GrantOutcome",
    "Holder",
    "HolderType",
    "PermUser",
    "Permission",
    "PermissionCategory",
    "PermissionScheme",
    "ProjectAccess",
    "RoleMembers",
    "category_of",
]


class PermissionCategory(enum.StrEnum):
    """The groups the Jira web UI lists a scheme's permissions in (in that order)."""

    PROJECTS = "projects"
    ISSUES = "issues"
    VOTERS_AND_WATCHERS = "voters and watchers"
    COMMENTS = "comments"
    ATTACHMENTS = "attachments"
    TIME_TRACKING = "time tracking"
    OTHERS = "others"

    @property
    def label(self) -> str:
        """The heading shown above the group."""
        return self.value.capitalize()

    @property
    def order(self) -> int:
        """The group's place in the list."""
        return list(PermissionCategory).index(self)


_CATEGORY_KEYS: dict[PermissionCategory, frozenset[str]] = {
    PermissionCategory.PROJECTS: frozenset(
        {
            "ADMINISTER_PROJECTS",
            "BROWSE_PROJECTS",
            "VIEW_DEV_TOOLS",
            "VIEW_READONLY_WORKFLOW",
            "MANAGE_SPRINTS_PERMISSION",
            "EDIT_WORKFLOW",
            "EDIT_ISSUE_LAYOUT",
            "SERVICEDESK_AGENT",
            # the keys older servers (and Cloud's deprecated aliases) use
            "PROJECT_ADMIN",
            "BROWSE",
            "VIEW_VERSION_CONTROL",
            "VIEW_WORKFLOW_READONLY",
        }
    ),
    PermissionCategory.ISSUES: frozenset(
        {
            "ASSIGNABLE_USER",
            "ASSIGN_ISSUES",
            "CLOSE_ISSUES",
            "CREATE_ISSUES",
            "DELETE_ISSUES",
            "EDIT_ISSUES",
            "LINK_ISSUES",
            "MODIFY_REPORTER",
            "MOVE_ISSUES",
            "RESOLVE_ISSUES",
            "SCHEDULE_ISSUES",
            "SET_ISSUE_SECURITY",
            "TRANSITION_ISSUES",
            "ASSIGN_ISSUE",
            "CLOSE_ISSUE",
            "CREATE_ISSUE",
            "DELETE_ISSUE",
            "EDIT_ISSUE",
            "LINK_ISSUE",
            "MOVE_ISSUE",
            "RESOLVE_ISSUE",
            "SCHEDULE_ISSUE",
            "TRANSITION_ISSUE",
        }
    ),
    PermissionCategory.VOTERS_AND_WATCHERS: frozenset(
        {"MANAGE_WATCHERS", "VIEW_VOTERS_AND_WATCHERS", "MANAGE_WATCHER_LIST"}
    ),
    PermissionCategory.COMMENTS: frozenset(
        {
            "ADD_COMMENTS",
            "DELETE_ALL_COMMENTS",
            "DELETE_OWN_COMMENTS",
            "EDIT_ALL_COMMENTS",
            "EDIT_OWN_COMMENTS",
            "COMMENT_ISSUE",
            "COMMENT_DELETE_ALL",
            "COMMENT_DELETE_OWN",
            "COMMENT_EDIT_ALL",
            "COMMENT_EDIT_OWN",
        }
    ),
    PermissionCategory.ATTACHMENTS: frozenset(
        {
            "CREATE_ATTACHMENTS",
            "DELETE_ALL_ATTACHMENTS",
            "DELETE_OWN_ATTACHMENTS",
            "ATTACHMENT_DELETE_ALL",
            "ATTACHMENT_DELETE_OWN",
        }
    ),
    PermissionCategory.TIME_TRACKING: frozenset(
        {
            "WORK_ON_ISSUES",
            "EDIT_OWN_WORKLOGS",
            "EDIT_ALL_WORKLOGS",
            "DELETE_OWN_WORKLOGS",
            "DELETE_ALL_WORKLOGS",
            "WORK_ISSUE",
            "WORKLOG_EDIT_OWN",
            "WORKLOG_EDIT_ALL",
            "WORKLOG_DELETE_OWN",
            "WORKLOG_DELETE_ALL",
        }
    ),
}


def category_of(key: str) -> PermissionCategory:
    """The web UI's group for a permission key; keys Jira's UI lists nowhere else are "others"."""
    for category, keys in _CATEGORY_KEYS.items():
        if key in keys:
            return category
    return PermissionCategory.OTHERS


@dataclass(frozen=True, slots=True)
class Permission:
    """One permission of the site (``GET /permissions``): key, name, GLOBAL or PROJECT."""

    key: str
    name: str
    type: str = "PROJECT"
    description: str = ""

    @property
    def category(self) -> PermissionCategory:
        """The group the matrix lists it in."""
        return category_of(self.key)

    @property
    def is_project(self) -> bool:
        """Whether a permission scheme can grant it (global permissions live elsewhere)."""
        return self.type.upper() != "GLOBAL"


class HolderType(enum.StrEnum):
    """Jira's holder type names; a scheme may hold others (``Holder.type`` is a plain string)."""

    GROUP = "group"
    PROJECT_ROLE = "projectRole"
    USER = "user"
    APPLICATION_ROLE = "applicationRole"
    ANYONE = "anyone"
    REPORTER = "reporter"
    ASSIGNEE = "assignee"
    PROJECT_LEAD = "projectLead"
    USER_CUSTOM_FIELD = "userCustomField"
    GROUP_CUSTOM_FIELD = "groupCustomField"
    REPORTER_WITH_CREATE = "reporterWithCreatePermission"
    ASSIGNEE_WITH_ASSIGNABLE = "assigneeWithAssignablePermission"


# holders that depend on the issue (or on no one in particular): "who can" lists them as
# conditions, never as users
CONDITION_TYPES: frozenset[str] = frozenset(
    {
        HolderType.ANYONE,
        HolderType.REPORTER,
        HolderType.ASSIGNEE,
        HolderType.USER_CUSTOM_FIELD,
        HolderType.GROUP_CUSTOM_FIELD,
        HolderType.APPLICATION_ROLE,
        HolderType.REPORTER_WITH_CREATE,
        HolderType.ASSIGNEE_WITH_ASSIGNABLE,
        "sd.customer.portal.only",
    }
)

_TYPE_LABELS: dict[str, str] = {
    HolderType.GROUP: "Group",
    HolderType.PROJECT_ROLE: "Project role",
    HolderType.USER: "User",
    HolderType.APPLICATION_ROLE: "Application access",
    HolderType.ANYONE: "Anyone",
    HolderType.REPORTER: "Reporter",
    HolderType.ASSIGNEE: "Assignee",
    HolderType.PROJECT_LEAD: "Project lead",
    HolderType.USER_CUSTOM_FIELD: "User custom field",
    HolderType.GROUP_CUSTOM_FIELD: "Group custom field",
    HolderType.REPORTER_WITH_CREATE: "Reporter (with Create Issues)",
    HolderType.ASSIGNEE_WITH_ASSIGNABLE: "Assignee (with Assignable User)",
}


@dataclass(frozen=True, slots=True)
class Holder:
    """Who a grant is for: Jira's holder ``type`` and its ``parameter`` (None for the typeless)."""

    type: str
    parameter: str | None = None
    display: str = field(default="", compare=False)  # group/role/user/field name, if known

    @property
    def is_condition(self) -> bool:
        """Whether the holder depends on the issue or means everyone (not a list of users)."""
        if self.type == HolderType.GROUP and not self.parameter:
            return True  # a group grant without a group is Jira's "anyone" on Data Center
        return self.type in CONDITION_TYPES

    @property
    def type_label(self) -> str:
        """The holder type as the web UI names it."""
        return _TYPE_LABELS.get(self.type, self.type)

    @property
    def label(self) -> str:
        """The holder as shown to users: "Group: jira-developers", "Reporter", …"""
        if self.type == HolderType.APPLICATION_ROLE and not self.parameter:
            return "Any logged-in user"
        if self.type == HolderType.GROUP and not self.parameter:
            return "Anyone"
        name = self.display or self.parameter
        return f"{self.type_label}: {name}" if name else self.type_label

    @property
    def token(self) -> str:
        """The holder in one word, as the command line prints paths: ``group:qa``, ``reporter``."""
        return f"{self.type}:{self.parameter}" if self.parameter else self.type

    def sort_key(self) -> tuple[int, str, str]:
        """Holders ordered by type (as the web UI lists them), then name."""
        order = list(HolderType)
        rank = next((i for i, t in enumerate(order) if t == self.type), len(order))
        return (rank, (self.display or self.parameter or "").casefold(), self.parameter or "")


class GrantCell(NamedTuple):
    """A cell of the grant matrix: a permission and a holder (granted or not)."""

    permission: str
    holder: Holder


@dataclass(frozen=True, slots=True)
class Grant:
    """One grant of a scheme: ``permission`` (key) given to ``holder``; ``id`` is Jira's."""

    id: str
    permission: str
    holder: Holder

    @property
    def cell(self) -> GrantCell:
        """Where the grant sits in the matrix."""
        return GrantCell(self.permission, self.holder)


@dataclass(frozen=True, slots=True)
class PermissionScheme:
    """A permission scheme with its grants (empty when read without them)."""

    id: str
    name: str
    description: str = ""
    grants: tuple[Grant, ...] = ()

    def cells(self) -> frozenset[GrantCell]:
        """Every granted (permission, holder) pair."""
        return frozenset(grant.cell for grant in self.grants)

    def holders(self) -> tuple[Holder, ...]:
        """The distinct holders of the scheme's grants, in the web UI's order."""
        return tuple(sorted({g.holder for g in self.grants}, key=Holder.sort_key))

    def grants_of(self, permission: str) -> tuple[Grant, ...]:
        """The grants of one permission."""
        return tuple(g for g in self.grants if g.permission == permission)


@dataclass(frozen=True, slots=True)
class PermUser:
    """A user as the permission answers name them: ``id`` is the accountId (Cloud) or username."""

    id: str
    display_name: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class RoleMembers:
    """A project role's actors in one project: single users and groups."""

    id: str
    name: str
    users: tuple[PermUser, ...] = ()
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProjectAccess:
    """Everything "who can" needs about one project besides its scheme.

    ``roles`` maps role id → its actors in the project; ``groups`` maps group name → every member
    (read whole); ``users`` names the users single-user grants point at, when they are known.
    """

    project_key: str
    lead: PermUser | None = None
    roles: Mapping[str, RoleMembers] = field(default_factory=dict)
    groups: Mapping[str, tuple[PermUser, ...]] = field(default_factory=dict)
    users: Mapping[str, PermUser] = field(default_factory=dict)

    def groups_needed(self, grants: Iterable[Grant]) -> frozenset[str]:
        """The groups whose members resolving ``grants`` needs (direct and inside roles)."""
        names: set[str] = set()
        for grant in grants:
            if grant.holder.type == HolderType.GROUP and grant.holder.parameter:
                names.add(grant.holder.parameter)
            elif grant.holder.type == HolderType.PROJECT_ROLE and grant.holder.parameter:
                role = self.roles.get(grant.holder.parameter)
                if role is not None:
                    names.update(role.groups)
        return frozenset(names)


@dataclass(frozen=True, slots=True)
class GrantOutcome:
    """What happened to one staged add or delete: the grant Jira holds now, or Jira's refusal."""

    action: str  # "add" or "delete"
    cell: GrantCell
    grant: Grant | None = None  # the grant created (add) or deleted (delete)
    error: str | None = None  # Jira's words when it refused; None when it succeeded

    @property
    def ok(self) -> bool:
        """Whether Jira did it."""
        return self.error is None
