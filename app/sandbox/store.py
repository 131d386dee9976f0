"""One in-memory Jira site: every record the sandbox serves, with the indexes routes need.

Routes and the JQL engine read and change the site only through this object. It is not
thread-safe by itself; the sandbox serves it from a single asyncio loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from app.sandbox.milestones import MilestoneBook
from app.sandbox.model import (
    Board,
    ChangeGroup,
    ChangeItem,
    Comment,
    Component,
    FieldDef,
    Filter,
    Flavour,
    Group,
    Issue,
    IssueLink,
    IssueLinkType,
    IssueType,
    PermissionScheme,
    Priority,
    Project,
    ProjectCategory,
    ProjectRole,
    Resolution,
    Sprint,
    Status,
    StatusCategory,
    Transition,
    User,
    Version,
)

__all__ = ["DEFAULT_PERMISSION_SCHEME_ID", "FieldIds", "Store"]

DEFAULT_PERMISSION_SCHEME_ID = 0


def _default_permission_schemes() -> dict[int, PermissionScheme]:
    # every Jira site starts with this scheme, and new projects are given it
    return {
        DEFAULT_PERMISSION_SCHEME_ID: PermissionScheme(
            DEFAULT_PERMISSION_SCHEME_ID,
            "Default Permission Scheme",
            "This is the default Permission Scheme. Any new projects that are created will be "
            "assigned this scheme.",
        )
    }


@dataclass(frozen=True, slots=True)
class FieldIds:
    """The custom field ids that differ between Cloud and Data Center sites."""

    story_points: str
    sprint: str
    epic_link: str
    rank: str

    @classmethod
    def for_flavour(cls, flavour: Flavour) -> FieldIds:
        """Return the ids a fresh site of that flavour uses."""
        if flavour is Flavour.CLOUD:
            return cls(
                "customfield_10016", "customfield_10020", "customfield_10014", "customfield_10019"
            )
        return cls(
            "customfield_10106", "customfield_10104", "customfield_10100", "customfield_10105"
        )


@dataclass(slots=True)
class Store:
    """Everything one sandbox site holds."""

    flavour: Flavour
    seed: int
    base_url: str = "http://127.0.0.1"
    server_title: str = "Jade Sandbox"
    users: dict[str, User] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    status_categories: dict[int, StatusCategory] = field(default_factory=dict)
    statuses: dict[int, Status] = field(default_factory=dict)
    priorities: dict[int, Priority] = field(default_factory=dict)
    resolutions: dict[int, Resolution] = field(default_factory=dict)
    issue_types: dict[int, IssueType] = field(default_factory=dict)
    fields: list[FieldDef] = field(default_factory=list)
    categories: dict[int, ProjectCategory] = field(default_factory=dict)
    roles: dict[int, ProjectRole] = field(default_factory=dict)
    permission_schemes: dict[int, PermissionScheme] = field(
        default_factory=_default_permission_schemes
    )
    projects: dict[int, Project] = field(default_factory=dict)
    components: dict[int, Component] = field(default_factory=dict)
    versions: dict[int, Version] = field(default_factory=dict)
    transitions: list[Transition] = field(default_factory=list)
    boards: dict[int, Board] = field(default_factory=dict)
    sprints: dict[int, Sprint] = field(default_factory=dict)
    issues: dict[int, Issue] = field(default_factory=dict)
    filters: dict[int, Filter] = field(default_factory=dict)
    link_types: dict[int, IssueLinkType] = field(default_factory=dict)
    links: dict[int, IssueLink] = field(default_factory=dict)
    # indexes
    _links_by_issue: dict[int, list[IssueLink]] = field(default_factory=dict)
    _children: dict[int, list[int]] | None = None  # parent id -> child ids; built when asked
    # makes a generated issue's past on first use: 100,000 histories up front cost ~150 MB
    history_source: Callable[[Issue], list[ChangeGroup]] | None = None
    issues_by_key: dict[str, Issue] = field(default_factory=dict)
    projects_by_key: dict[str, Project] = field(default_factory=dict)
    _users_by_account: dict[str, User] = field(default_factory=dict)
    _users_by_name: dict[str, User] = field(default_factory=dict)
    _users_by_email: dict[str, User] = field(default_factory=dict)
    _next_id: dict[str, int] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # JSESSIONID -> user key
    # the Project Milestones app's and the Milestones API's records, over the same projects
    milestones: MilestoneBook = field(default_factory=MilestoneBook)
    field_ids: FieldIds = field(init=False)

    def __post_init__(self) -> None:
        self.field_ids = FieldIds.for_flavour(self.flavour)

    # ----- ids -------------------------------------------------------------------------------
    def next_id(self, kind: str, start: int = 10000) -> int:
        """Hand out the next numeric id for ``kind`` (issues, versions, comments, ...)."""
        value = self._next_id.get(kind, start)
        self._next_id[kind] = value + 1
        return value

    def seen_id(self, kind: str, value: int) -> None:
        """Record that ``value`` is used so that ``next_id`` never repeats it."""
        if value >= self._next_id.get(kind, 0):
            self._next_id[kind] = value + 1

    # ----- users -----------------------------------------------------------------------------
    def add_user(self, user: User) -> None:
        """Add a user and index it by key, account id, name and e-mail."""
        self.users[user.key] = user
        self._users_by_account[user.account_id] = user
        self._users_by_name[user.name.lower()] = user
        self._users_by_email[user.email.lower()] = user

    def user_by_account_id(self, account_id: str) -> User | None:
        """Find a user by Cloud account id."""
        return self._users_by_account.get(account_id)

    def user_by_name(self, name: str) -> User | None:
        """Find a user by DC username (case-insensitive, as Jira does)."""
        return self._users_by_name.get(name.lower())

    def user_by_email(self, email: str) -> User | None:
        """Find a user by e-mail address (case-insensitive)."""
        return self._users_by_email.get(email.lower())

    def find_user(self, value: str) -> User | None:
        """Resolve a user reference as this flavour's JQL and REST accept it."""
        if self.flavour is Flavour.CLOUD:
            return self.user_by_account_id(value) or self.user_by_email(value)
        return self.user_by_name(value) or self.users.get(value)

    def user_ref(self, user: User) -> str:
        """The identifier this flavour uses for a user on the wire (accountId or name)."""
        return user.account_id if self.flavour is Flavour.CLOUD else user.name

    def group_members(self, group: str) -> list[User]:
        """Users in ``group``, ordered by name."""
        return sorted((u for u in self.users.values() if group in u.groups), key=lambda u: u.name)

    # ----- projects --------------------------------------------------------------------------
    def add_project(self, project: Project) -> None:
        """Add a project and index it by key."""
        self.projects[project.id] = project
        self.projects_by_key[project.key] = project

    def remove_project(self, project: Project) -> None:
        """Delete a project with its issues, components and versions (as Jira does)."""
        for issue in [i for i in self.issues.values() if i.project_id == project.id]:
            self.remove_issue(issue)
        for cid in [c.id for c in self.components.values() if c.project_id == project.id]:
            del self.components[cid]
        for vid in [v.id for v in self.versions.values() if v.project_id == project.id]:
            del self.versions[vid]
        del self.projects[project.id]
        self.projects_by_key.pop(project.key, None)

    def project(self, id_or_key: str) -> Project | None:
        """Find a project by id or key (keys are matched case-insensitively)."""
        if id_or_key.isdigit():
            return self.projects.get(int(id_or_key))
        return self.projects_by_key.get(id_or_key.upper())

    def can_browse(self, user: User | None, project: Project) -> bool:
        """Whether ``user`` (None = anonymous) may browse ``project``."""
        if user is None:
            return False
        if user.is_admin:
            return True
        return any(g in project.browse_groups for g in user.groups)

    def is_project_admin(self, user: User | None, project: Project) -> bool:
        """Whether ``user`` administers ``project`` (global admin or in its Administrators role)."""
        if user is None:
            return False
        if user.is_admin:
            return True
        admin_role = next((r.id for r in self.roles.values() if r.name == "Administrators"), None)
        actors = project.role_actors.get(admin_role, []) if admin_role is not None else []
        return any(
            (a.kind == "user" and a.value == user.key)
            or (a.kind == "group" and a.value in user.groups)
            for a in actors
        )

    def visible_projects(self, user: User | None) -> list[Project]:
        """Projects ``user`` may browse, ordered by key."""
        return sorted(
            (p for p in self.projects.values() if self.can_browse(user, p)), key=lambda p: p.key
        )

    def project_insights(
        self, projects: Iterable[Project]
    ) -> dict[int, tuple[int, datetime | None]]:
        """Issue count and last issue update per project id, in one pass over the issues."""
        out: dict[int, tuple[int, datetime | None]] = {p.id: (0, None) for p in projects}
        for issue in self.issues.values():
            seen = out.get(issue.project_id)
            if seen is None:
                continue
            count, last = seen
            out[issue.project_id] = (
                count + 1,
                issue.updated if last is None or issue.updated > last else last,
            )
        return out

    def project_components(self, project: Project) -> list[Component]:
        """The project's components ordered by name."""
        return sorted(
            (c for c in self.components.values() if c.project_id == project.id),
            key=lambda c: c.name.lower(),
        )

    def project_versions(self, project: Project) -> list[Version]:
        """The project's versions in their sequence order."""
        return sorted(
            (v for v in self.versions.values() if v.project_id == project.id),
            key=lambda v: v.sequence,
        )

    # ----- issues ----------------------------------------------------------------------------
    def add_issue(self, issue: Issue) -> None:
        """Add an issue and index it by key."""
        self.issues[issue.id] = issue
        self.issues_by_key[issue.key] = issue
        self._children = None

    def remove_issue(self, issue: Issue) -> None:
        """Delete an issue and its links (as Jira does)."""
        for link in list(self._links_by_issue.get(issue.id, ())):
            self.remove_link(link)
        del self.issues[issue.id]
        self.issues_by_key.pop(issue.key, None)
        self._children = None

    def set_parent(self, issue: Issue, parent_id: int | None) -> None:
        """Make ``parent_id`` the issue's parent (epic or parent of a sub-task), or none."""
        issue.parent_id = parent_id
        self._children = None

    def children(self, issue: Issue) -> list[Issue]:
        """The issues whose parent is ``issue``, in id order."""
        if self._children is None:
            index: dict[int, list[int]] = {}
            for child in self.issues.values():
                if child.parent_id is not None:
                    index.setdefault(child.parent_id, []).append(child.id)
            self._children = index
        return [self.issues[i] for i in sorted(self._children.get(issue.id, ()))]

    def history_of(self, issue: Issue) -> list[ChangeGroup]:
        """The issue's history, oldest first (a generated issue's past is made on first use)."""
        if issue.history is None:
            issue.history = self.history_source(issue) if self.history_source else []
        return issue.history

    def record_change(
        self, issue: Issue, author_key: str | None, items: list[ChangeItem], when: datetime
    ) -> ChangeGroup | None:
        """Add one entry to the issue's history (none when nothing changed)."""
        if not items:
            return None
        # generated pasts use ids below this; changes made later read as newer, like Jira's
        group = ChangeGroup(self.next_id("changegroup", 50_000_000), author_key, when, list(items))
        self.history_of(issue).append(group)
        return group

    # ----- links -----------------------------------------------------------------------------
    def add_link(self, link_type: IssueLinkType, outward: Issue, inward: Issue) -> IssueLink:
        """Link ``outward`` <outward verb> ``inward`` (for Blocks: outward blocks inward)."""
        link = IssueLink(self.next_id("issuelink"), link_type.id, outward.id, inward.id)
        self.links[link.id] = link
        self._links_by_issue.setdefault(outward.id, []).append(link)
        self._links_by_issue.setdefault(inward.id, []).append(link)
        return link

    def remove_link(self, link: IssueLink) -> None:
        """Delete a link."""
        self.links.pop(link.id, None)
        for side in (link.outward_id, link.inward_id):
            held = self._links_by_issue.get(side, [])
            if link in held:
                held.remove(link)

    def links_of(self, issue: Issue) -> list[IssueLink]:
        """The links of ``issue`` (either side), oldest first."""
        return list(self._links_by_issue.get(issue.id, ()))

    def link_type_by_name(self, name: str) -> IssueLinkType | None:
        """Find a link type by name (case-insensitive) or id."""
        low = name.strip().lower()
        return next(
            (t for t in self.link_types.values() if t.name.lower() == low or str(t.id) == low),
            None,
        )

    def issue(self, id_or_key: str) -> Issue | None:
        """Find an issue by id or key (keys case-insensitively)."""
        if id_or_key.isdigit():
            return self.issues.get(int(id_or_key))
        return self.issues_by_key.get(id_or_key.upper())

    def visible_issues(self, user: User | None) -> Iterator[Issue]:
        """Issues in projects ``user`` may browse, in id order."""
        allowed = {p.id for p in self.projects.values() if self.can_browse(user, p)}
        return (i for i in self.issues.values() if i.project_id in allowed)

    def transitions_for(self, issue: Issue) -> list[Transition]:
        """Transitions available from the issue's current status."""
        return [
            t
            for t in self.transitions
            if (not t.from_status_ids or issue.status_id in t.from_status_ids)
            and t.to_status_id != issue.status_id
        ]

    def add_comment(self, issue: Issue, author: User, body: str, now: datetime) -> Comment:
        """Append a comment to an issue and bump its updated time."""
        comment = Comment(
            id=self.next_id("comment"),
            author_key=author.key,
            body=body,
            created=now,
            updated=now,
            update_author_key=author.key,
        )
        issue.comments.append(comment)
        issue.updated = now
        return comment

    # ----- filters ---------------------------------------------------------------------------
    def can_see_filter(self, user: User | None, flt: Filter) -> bool:
        """Whether ``user`` may see ``flt``: its owner, or a member of a group or project it is
        shared with."""
        if user is None:
            return False
        if flt.owner_key == user.key:
            return True
        for share in flt.shares:
            if share.type == "group" and share.group in user.groups:
                return True
            if share.type == "project" and share.project_id is not None:
                project = self.projects.get(share.project_id)
                if project is not None and self.can_browse(user, project):
                    return True
        return False

    def owned_filters(self, user: User) -> list[Filter]:
        """The filters ``user`` owns, by name."""
        return sorted(
            (f for f in self.filters.values() if f.owner_key == user.key),
            key=lambda f: f.name.lower(),
        )

    def favourite_filters(self, user: User) -> list[Filter]:
        """The filters ``user`` starred and may still see, by name."""
        return sorted(
            (
                f
                for f in self.filters.values()
                if user.key in f.favourite_of and self.can_see_filter(user, f)
            ),
            key=lambda f: f.name.lower(),
        )

    # ----- lookups by name (JQL, REST bodies) ------------------------------------------------
    def status_by_name(self, name: str) -> Status | None:
        """Find a status by name (case-insensitive) or id."""
        return _by_name_or_id(self.statuses.values(), name)

    def priority_by_name(self, name: str) -> Priority | None:
        """Find a priority by name (case-insensitive) or id."""
        return _by_name_or_id(self.priorities.values(), name)

    def resolution_by_name(self, name: str) -> Resolution | None:
        """Find a resolution by name (case-insensitive) or id."""
        return _by_name_or_id(self.resolutions.values(), name)

    def issue_type_by_name(self, name: str) -> IssueType | None:
        """Find an issue type by name (case-insensitive) or id."""
        return _by_name_or_id(self.issue_types.values(), name)

    def category_by_name(self, name: str) -> StatusCategory | None:
        """Find a status category by name, key or id."""
        low = name.lower()
        for cat in self.status_categories.values():
            if low in (cat.name.lower(), cat.key.lower(), str(cat.id)):
                return cat
        return None

    def field_by_id(self, field_id: str) -> FieldDef | None:
        """Find a field definition by id."""
        return next((f for f in self.fields if f.id == field_id), None)

    def field_by_clause(self, clause: str) -> FieldDef | None:
        """Find a field by one of its JQL clause names or its name (case-insensitive)."""
        low = clause.lower()
        for f in self.fields:
            if (
                low == f.id.lower()
                or low == f.name.lower()
                or low in (c.lower() for c in f.clause_names)
            ):
                return f
        return None

    @staticmethod
    def now() -> datetime:
        """The sandbox's clock (UTC)."""
        return datetime.now(UTC)


_Named = TypeVar("_Named", Status, Priority, Resolution, IssueType)


def _by_name_or_id(items: Iterable[_Named], value: str) -> _Named | None:
    low = value.strip().lower()
    for item in items:
        if item.name.lower() == low or str(item.id) == low:
            return item
    return None
