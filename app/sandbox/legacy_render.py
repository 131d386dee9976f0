"""Records as Jira 4.3's REST 2.0.alpha1 writes them (``brief/jira-4.3-rest-api-2.0.alpha1.txt``).

The old dialect differs from REST v2 everywhere: an issue's fields are ``{"name", "type",
"value"}`` objects keyed by field id; users, projects, versions and components are small
objects with a ``self`` link; times are ``2011-03-16T09:56:31.502+1100``; lists that can be
expanded carry their ``size`` and leave ``items`` empty until expanded. Every ``self`` link
points at the resource that answers it under ``/rest/api/2.0.alpha1`` (the brief's examples
write ``/rest/api/2.0/`` and a few placeholder paths; a link there would lead nowhere).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import quote

from app.sandbox.legacy_site import Attachment, LegacySite, LoginRecord, Visibility, Worklog
from app.sandbox.model import (
    Comment,
    Component,
    Issue,
    IssueLinkType,
    IssueType,
    Priority,
    Project,
    Resolution,
    Status,
    User,
    Version,
)
from app.sandbox.render import jira_datetime
from app.sandbox.render.context import RenderContext
from app.sandbox.store import Store

__all__ = ["API", "VERSION", "LegacyJson"]

Json = dict[str, Any]
API = "2.0.alpha1"
# (version, build number, build date): the last Jira 4.3 release
VERSION = ("4.3.4", 620, datetime(2011, 5, 5, 9, 0, tzinfo=UTC))
# the Java types 4.3 names in each field's "type"
USER_TYPE = "com.opensymphony.user.User"
DATE_TYPE = "java.util.Date"
STRING_TYPE = "java.lang.String"
_STATUS_ICONS = {2: "status_open.gif", 4: "status_inprogress.gif", 3: "status_resolved.gif"}


def _version_date(day: date) -> str | None:
    # 4.3 writes a version's release day as a timestamp at the start of that day
    return jira_datetime(datetime.combine(day, time(), tzinfo=UTC))


class LegacyJson:
    """Renders one site's records for one caller (``viewer``) at one base URL."""

    def __init__(self, legacy: LegacySite, base: str, viewer: User | None) -> None:
        self.legacy = legacy
        self.store: Store = legacy.store
        self.base = base
        self.viewer = viewer
        self._wiki = RenderContext(self.store, base, API)

    def url(self, path: str) -> str:
        """An absolute URL of a 2.0.alpha1 resource."""
        return f"{self.base}/rest/api/{API}/{path}"

    def icon(self, name: str) -> str:
        """The URL of one of Jira 4.3's bundled icons."""
        return f"{self.base}/images/icons/{name}"

    # ----- the site ----------------------------------------------------------------------------
    def server_info(self) -> Json:
        """``serverInfo``."""
        version, build, built = VERSION
        return {
            "baseUrl": self.base,
            "version": version,
            "buildNumber": build,
            "buildDate": jira_datetime(built),
            "serverTime": jira_datetime(self.store.now()),
            "scmInfo": "154543",
            "buildPartnerName": "Jade",
            "serverTitle": self.store.server_title,
        }

    # ----- users -------------------------------------------------------------------------------
    def user_self(self, user: User) -> str:
        """The ``self`` link of a user."""
        return self.url(f"user?username={quote(user.name)}")

    def user_ref(self, user: User | None) -> Json | None:
        """A user as other records embed one."""
        if user is None:
            return None
        return {"self": self.user_self(user), "name": user.name, "displayName": user.display_name}

    def user_by_key(self, key: str | None) -> Json | None:
        """A user, by key, as other records embed one."""
        return self.user_ref(self.store.users.get(key)) if key else None

    def user(self, user: User, expand: set[str]) -> Json:
        """``user?username=``: groups are counted, and listed when ``groups`` is expanded."""
        items = [{"name": g} for g in user.groups] if "groups" in expand else []
        return {
            "self": self.user_self(user),
            "name": user.name,
            "emailAddress": user.email,
            "avatarUrl": f"{self.base}/secure/useravatar?size=large&ownerId={quote(user.name)}",
            "displayName": user.display_name,
            "groups": {"size": len(user.groups), "items": items},
            "expand": "groups",
        }

    def login_info(self, record: LoginRecord) -> Json:
        """``loginInfo``: times Jira has not seen yet are left out, as Jira does."""
        out: Json = {"failedLoginCount": record.failed_count, "loginCount": record.login_count}
        if record.last_failed is not None:
            out["lastFailedLoginTime"] = jira_datetime(record.last_failed)
        if record.previous_login is not None:
            out["previousLoginTime"] = jira_datetime(record.previous_login)
        return out

    # ----- projects ----------------------------------------------------------------------------
    def project_ref(self, project: Project) -> Json:
        """A project in the list, and as an issue's ``project`` field."""
        return {
            "self": self.url(f"project/{project.key}"),
            "key": project.key,
            "name": project.name,
        }

    def project(self, project: Project) -> Json:
        """``project/{key}``."""
        store = self.store
        return {
            "self": self.url(f"project/{project.key}"),
            "key": project.key,
            "description": project.description,
            "lead": self.user_by_key(project.lead_key),
            "components": [self.component(c) for c in store.project_components(project)],
            "url": f"{self.base}/browse/{project.key}",
            "versions": [self.version(v) for v in store.project_versions(project)],
            "name": project.name,
        }

    def component(self, comp: Component) -> Json:
        """A component."""
        return {
            "self": self.url(f"component/{comp.id}"),
            "name": comp.name,
            "description": comp.description,
        }

    def version(self, version: Version) -> Json:
        """A version (``releaseDate`` only when it has one)."""
        out: Json = {
            "self": self.url(f"version/{version.id}"),
            "description": version.description,
            "name": version.name,
            "archived": version.archived,
            "released": version.released,
        }
        if version.release_date is not None:
            out["releaseDate"] = _version_date(version.release_date)
        return out

    # ----- reference data ----------------------------------------------------------------------
    def status(self, status: Status) -> Json:
        """A status."""
        return {
            "self": self.url(f"status/{status.id}"),
            "description": status.description,
            "iconUrl": self.icon(_STATUS_ICONS.get(status.category_id, "status_generic.gif")),
            "name": status.name,
        }

    def priority(self, prio: Priority) -> Json:
        """A priority."""
        return {
            "self": self.url(f"priority/{prio.id}"),
            "statusColor": prio.status_color,
            "description": prio.description,
            "iconUrl": self.icon(f"priority_{prio.name.lower()}.gif"),
            "name": prio.name,
        }

    def resolution(self, res: Resolution) -> Json:
        """A resolution."""
        return {
            "self": self.url(f"resolution/{res.id}"),
            "description": res.description,
            "iconUrl": self.icon("status_resolved.gif"),
            "name": res.name,
        }

    def issue_type(self, itype: IssueType) -> Json:
        """An issue type (the brief gives no example; the same members as a status, and
        ``subtask``)."""
        slug = "subtask_alternate" if itype.subtask else itype.name.lower().replace(" ", "")
        return {
            "self": self.url(f"issueType/{itype.id}"),
            "description": itype.description,
            "iconUrl": self.icon(f"{slug}.gif"),
            "name": itype.name,
            "subtask": itype.subtask,
        }

    def link_type(self, ltype: IssueLinkType) -> Json:
        """An issue link type (its id is a number here)."""
        return {
            "id": ltype.id,
            "name": ltype.name,
            "inward": ltype.inward,
            "outward": ltype.outward,
            "self": self.url(f"issueLinkType/{ltype.id}"),
        }

    # ----- an issue's parts --------------------------------------------------------------------
    def comment(self, comment: Comment, *, render: bool = False) -> Json:
        """A comment; ``render`` gives the body as HTML (``comment/{id}`` renders by default)."""
        out: Json = {
            "self": self.url(f"comment/{comment.id}"),
            "author": self.user_by_key(comment.author_key),
            "body": (self._wiki.html(comment.body) or "") if render else comment.body,
            "updateAuthor": self.user_by_key(comment.update_author_key or comment.author_key),
            "created": jira_datetime(comment.created),
            "updated": jira_datetime(comment.updated),
        }
        visibility = self.legacy.comment_visibility.get(comment.id)
        if visibility is not None:
            out["visibility"] = _visibility(visibility)
        return out

    def worklog(self, worklog: Worklog) -> Json:
        """A work log."""
        out: Json = {
            "self": self.url(f"worklog/{worklog.id}"),
            "author": self.user_by_key(worklog.author_key),
            "updateAuthor": self.user_by_key(worklog.update_author_key),
            "comment": worklog.comment,
        }
        if worklog.visibility is not None:
            out["visibility"] = _visibility(worklog.visibility)
        out["started"] = jira_datetime(worklog.started)
        out["minutesSpent"] = worklog.minutes
        return out

    def attachment(self, att: Attachment) -> Json:
        """An attachment's metadata (``thumbnail`` only for images)."""
        out: Json = {
            "self": self.url(f"attachment/{att.id}"),
            "filename": att.filename,
            "author": self.user_by_key(att.author_key),
            "created": jira_datetime(att.created),
            "size": att.size,
            "mimeType": att.mime_type,
            "content": f"{self.base}/secure/attachment/{att.id}/{quote(att.filename)}",
        }
        if att.mime_type.startswith("image/"):
            out["thumbnail"] = f"{self.base}/secure/thumbnail/{att.id}/{quote(att.filename)}"
        return out

    def watchers(self, issue: Issue) -> Json:
        """``issue/{key}/watchers``: the watchers the caller may know of."""
        keys = self.legacy.extras(issue).watchers
        users = [self.store.users[k] for k in keys if k in self.store.users]
        return {
            "self": self.url(f"issue/{issue.key}/watchers"),
            "isWatching": self.viewer is not None and self.viewer.key in keys,
            "watchCount": len(users),
            "watchers": [self.user_ref(u) for u in users],
        }

    def votes(self, issue: Issue, *, voters: bool = True) -> Json:
        """``issue/{key}/votes`` (the issue's ``votes`` field leaves out the voters)."""
        keys = self.legacy.extras(issue).voters
        out: Json = {
            "self": self.url(f"issue/{issue.key}/votes"),
            "votes": len(keys),
            "hasVoted": self.viewer is not None and self.viewer.key in keys,
        }
        if voters:
            out["voters"] = [self.user_by_key(k) for k in keys if k in self.store.users]
        return out

    def visible_comments(self, issue: Issue) -> list[Comment]:
        """The issue's comments the caller may see, oldest first."""
        project = self.store.projects[issue.project_id]
        return [
            c
            for c in issue.comments
            if self.legacy.may_see(self.viewer, project, self.legacy.comment_visibility.get(c.id))
        ]

    def visible_worklogs(self, issue: Issue) -> list[Worklog]:
        """The issue's work logs the caller may see."""
        project = self.store.projects[issue.project_id]
        return [
            w
            for w in self.legacy.extras(issue).worklogs
            if self.legacy.may_see(self.viewer, project, w.visibility)
        ]

    def html(self, wiki: str) -> str | None:
        """Wiki markup rendered as Jira's renderer writes it."""
        return self._wiki.html(wiki)


def _visibility(visibility: Visibility) -> Json:
    return {"type": visibility.type, "value": visibility.value}
