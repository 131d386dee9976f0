"""The calls the panes and commands make of a site, and the dialect that answers them.

Jira Cloud and Data Center answer through ``IssueReader``/``IssueWriter``, ``IssueSearch`` and
``ProjectAdmin``; Jira 4.x through ``legacy.py``'s classes over REST 2.0.alpha1. Callers ask
``dialect_for(client)`` (once ``serverInfo`` is known) and use the Protocols below, so no pane
asks which Jira it talks to; a feature a dialect has no API for raises ``NotOnThisJiraError``
(``unavailable`` says so before anything is attempted).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from app.api.errors import NotOnThisJiraError
from app.api.issues import IssueReader, IssueWriter
from app.api.legacy import LegacyIssues, LegacyProjects, LegacySearch, not_on_legacy
from app.api.platform import JiraClient
from app.api.projects import ProjectAdmin
from app.api.search import IssueSearch
from app.domain.issue import IssueRow, SkippedIssue
from app.domain.issue_actions import IssueEdit, Transition
from app.domain.issue_detail import IssueDetail
from app.domain.project import Category, Project, ProjectDetail, ProjectStats
from app.domain.search_windows import ChangedIssue
from app.domain.site import Flavour, UserRef

__all__ = [
    "Feature",
    "IssueActions",
    "IssueSearching",
    "IssueSocial",
    "ProjectCatalog",
    "SiteDialect",
    "dialect_for",
]

TotalCallback = Callable[[int, bool], None]


class IssueActions(Protocol):
    """Reading one issue and acting on it."""

    async def get(self, key: str) -> IssueRow: ...

    async def detail(self, key: str) -> IssueDetail: ...

    async def transitions(self, key: str) -> list[Transition]: ...

    async def transition(
        self,
        key: str,
        transition_id: str,
        fields: Mapping[str, str] | None = None,
        comment: str | None = None,
    ) -> None: ...

    async def assign(self, key: str, user: UserRef | None) -> None: ...

    async def edit(self, key: str, edit: IssueEdit) -> None: ...

    async def add_comment(self, key: str, body: str) -> str: ...


@runtime_checkable
class IssueSocial(Protocol):
    """Watching and voting, where Jade speaks the site's watchers and votes (Jira 4.3 now)."""

    async def watch(self, key: str, username: str) -> None: ...

    async def unwatch(self, key: str, username: str) -> None: ...

    async def vote(self, key: str) -> None: ...

    async def unvote(self, key: str) -> None: ...


class IssueSearching(Protocol):
    """Counting and loading a JQL search; what the last load skipped or saw change."""

    skipped: list[SkippedIssue]
    total: int | None
    changed: list[ChangedIssue]
    windows: int

    async def count(self, jql: str) -> tuple[int, bool]: ...

    def load(
        self,
        jql: str,
        fields: Sequence[str],
        *,
        page_size: int | None = None,
        batch_size: int = 100,
    ) -> AsyncGenerator[list[IssueRow], None]: ...


class ProjectCatalog(Protocol):
    """Reading projects: the list, categories, one project, its counts; finding users."""

    def project_pages(self, *, page_size: int = 50) -> AsyncGenerator[list[Project], None]: ...

    async def categories(self) -> list[Category]: ...

    async def get_project(self, key: str) -> ProjectDetail: ...

    async def project_stats(self, key: str) -> ProjectStats: ...

    async def search_users(self, query: str, limit: int = 20) -> list[UserRef]: ...


class Feature:
    """Features a dialect may lack, as a person names them (the first words of the notice)."""

    BOARDS = "Boards"
    PERMISSION_SCHEMES = "Permission schemes"
    PROJECT_ROLES = "Project roles"
    MILESTONES = "Milestones"
    PROJECT_EDITING = "Project editing"
    BULK_FETCH = "Bulk fetch"
    JQL_COMPLETION = "JQL completion"
    ISSUE_EDITING = "Editing issues"
    ASSIGNING = "Assigning issues"
    COMMENTING = "Adding a comment on its own"
    BULK_CHANGE = "Bulk changes"
    SAVED_FILTERS = "Jira filters"
    PROJECT_LIST_DETAILS = "Leads, categories and types in the project list"


# what 4.3's alpha1 has no resource for; the reason, where there is a way around
_LEGACY_LACKS = {
    Feature.BOARDS: "",
    Feature.PERMISSION_SCHEMES: "",
    Feature.PROJECT_ROLES: "",
    Feature.MILESTONES: "",
    Feature.PROJECT_EDITING: "",
    Feature.BULK_FETCH: "Issues are read one by one.",
    Feature.JQL_COMPLETION: "Type the query in full.",
    Feature.ISSUE_EDITING: "",
    Feature.ASSIGNING: "",
    Feature.COMMENTING: "Add the comment with a transition.",
    Feature.BULK_CHANGE: "",
    Feature.SAVED_FILTERS: "",
    Feature.PROJECT_LIST_DETAILS: "Choose a project to see its lead.",
}


@dataclass(frozen=True, slots=True)
class SiteDialect:
    """The implementations one site answers with; build it with ``dialect_for``."""

    client: JiraClient
    flavour: Flavour

    @property
    def legacy(self) -> bool:
        """Jira 4.x (REST 2.0.alpha1)."""
        return self.flavour is Flavour.LEGACY

    def unavailable(self, feature: str) -> NotOnThisJiraError | None:
        """The notice for ``feature`` where this site has no API for it, else None."""
        if self.legacy and feature in _LEGACY_LACKS:
            return not_on_legacy(self.client, feature, _LEGACY_LACKS[feature])
        return None

    def issues(self) -> IssueActions:
        """Reading and changing single issues."""
        if self.legacy:
            return LegacyIssues(self.client)
        return _PlatformIssues(self.client)

    def search(
        self,
        *,
        on_total: TotalCallback | None = None,
        on_skipped: Callable[[list[SkippedIssue]], None] | None = None,
        on_changed: Callable[[list[ChangedIssue]], None] | None = None,
    ) -> IssueSearching:
        """A JQL search loader."""
        if self.legacy:
            return LegacySearch(
                self.client, on_total=on_total, on_skipped=on_skipped, on_changed=on_changed
            )
        return IssueSearch(
            self.client, on_total=on_total, on_skipped=on_skipped, on_changed=on_changed
        )

    def projects(self) -> ProjectCatalog:
        """Reading projects."""
        if self.legacy:
            return LegacyProjects(self.client)
        return ProjectAdmin(self.client)

    def project_admin(self) -> ProjectAdmin | None:
        """Project administration; None where the site has none (Jira 4.x)."""
        return None if self.legacy else ProjectAdmin(self.client)


class _PlatformIssues(IssueWriter):
    """API v2's reader and writer as one ``IssueActions``."""

    def __init__(self, client: JiraClient) -> None:
        super().__init__(client)
        self._reader = IssueReader(client)

    async def get(self, key: str) -> IssueRow:
        """The issue with every navigable field and its comments."""
        return await self._reader.get(key)

    async def detail(self, key: str) -> IssueDetail:
        """The issue in full, with Jira's rendering, history and links."""
        return await self._reader.detail(key)


def dialect_for(client: JiraClient, flavour: Flavour | None = None) -> SiteDialect:
    """The dialect of ``client``'s site: ``flavour`` if given, else what ``serverInfo`` said.

    Before ``serverInfo`` is known (no connection test yet) the platform API is assumed.
    """
    if flavour is None:
        server = client.known_server
        flavour = server.flavour if server is not None else Flavour.DATACENTER
    return SiteDialect(client, flavour)
