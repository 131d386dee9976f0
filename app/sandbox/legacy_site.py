"""What a Jira 4.3 site holds beyond the shared store: votes, watchers, work logs, attachments,
login records and comment visibility.

The shared ``Store`` has no votes, watchers, work logs or attachments (the newer APIs the other
flavours serve do not need them); REST 2.0.alpha1 shows them in every issue. They are made
here, per issue and on first use, from the site's seed and the issue's id, so a site of 100,000
issues costs nothing until an issue is read, and the same seed always gives the same answers.
Work log and attachment ids are ``issue id * 100 + n``: an id alone finds its issue.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.sandbox.model import Issue, Project, User
from app.sandbox.store import Store

__all__ = [
    "CAPTCHA_AFTER",
    "Attachment",
    "IssueExtras",
    "LegacySite",
    "LoginRecord",
    "Visibility",
    "Worklog",
]

# Jira's jira.maximum.authentication.attempts.allowed: after this many failed logins in a row
# the user must answer a CAPTCHA on the web page, and REST logins are denied (403)
CAPTCHA_AFTER = 3
_PER_ISSUE = 100  # work log and attachment ids: issue id * 100 + n
_ATTACHED_FROM = 2_000_000_000  # files attached through the API: far above issue id * 100
_DONE_CATEGORY = 3
_TO_DO_CATEGORY = 2
_WORK_NOTES = (
    "Investigated the cause.",
    "Wrote the fix and its tests.",
    "Reviewed the change with the team.",
    "Reproduced the problem on the test server.",
    "Updated the documentation.",
)
_FILES = (
    ("screenshot.png", "image/png"),
    ("picture.jpg", "image/jpeg"),
    ("server.log", "text/plain"),
    ("design.pdf", "application/pdf"),
    ("export.csv", "text/csv"),
)


@dataclass(slots=True, frozen=True)
class Visibility:
    """Who may see a comment or a work log: members of a ``GROUP`` or of a project ``ROLE``."""

    type: str  # "GROUP" or "ROLE"
    value: str


@dataclass(slots=True)
class Worklog:
    """Time logged on an issue."""

    id: int
    issue_id: int
    author_key: str
    update_author_key: str
    comment: str
    started: datetime
    minutes: int
    visibility: Visibility | None = None


@dataclass(slots=True)
class Attachment:
    """A file attached to an issue (only its metadata: the sandbox keeps no content)."""

    id: int
    issue_id: int
    filename: str
    author_key: str
    created: datetime
    size: int
    mime_type: str


@dataclass(slots=True)
class IssueExtras:
    """An issue's votes, watchers, work logs, attachments and estimates (minutes)."""

    voters: list[str]  # user keys, in the order they voted
    watchers: list[str]  # user keys, in the order they started watching
    worklogs: list[Worklog]
    attachments: list[Attachment]
    original_estimate: int | None = None
    remaining_estimate: int | None = None

    @property
    def time_spent(self) -> int:
        """Minutes logged on the issue."""
        return sum(w.minutes for w in self.worklogs)


@dataclass(slots=True)
class LoginRecord:
    """A user's login counters, as ``loginInfo`` shows them."""

    login_count: int
    failed_count: int
    previous_login: datetime | None = None
    last_login: datetime | None = None
    last_failed: datetime | None = None
    failures_in_a_row: int = 0  # reset by a successful login; CAPTCHA_AFTER of them deny logins


@dataclass
class LegacySite:
    """The Jira 4.3 records of one sandbox site, over its shared ``store``."""

    store: Store
    captcha_after: int = CAPTCHA_AFTER
    comment_visibility: dict[int, Visibility] = field(default_factory=dict)
    _extras: dict[int, IssueExtras] = field(default_factory=dict)
    _logins: dict[str, LoginRecord] = field(default_factory=dict)
    _browsers: dict[int, list[User]] = field(default_factory=dict)
    _attached: dict[int, Attachment] = field(default_factory=dict)

    # ----- per issue ---------------------------------------------------------------------------
    def extras(self, issue: Issue) -> IssueExtras:
        """The issue's votes, watchers, work logs and attachments (made on first use)."""
        found = self._extras.get(issue.id)
        if found is None:
            found = self._extras[issue.id] = self._make_extras(issue)
        return found

    def worklog(self, worklog_id: int) -> tuple[Issue, Worklog] | None:
        """The work log with this id and its issue."""
        issue = self.store.issues.get(worklog_id // _PER_ISSUE)
        if issue is None:
            return None
        found = next((w for w in self.extras(issue).worklogs if w.id == worklog_id), None)
        return (issue, found) if found is not None else None

    def attachment(self, attachment_id: int) -> tuple[Issue, Attachment] | None:
        """The attachment with this id and its issue."""
        added = self._attached.get(attachment_id)
        if added is not None:
            owner = self.store.issues.get(added.issue_id)
            return (owner, added) if owner is not None else None
        issue = self.store.issues.get(attachment_id // _PER_ISSUE)
        if issue is None:
            return None
        found = next((a for a in self.extras(issue).attachments if a.id == attachment_id), None)
        return (issue, found) if found is not None else None

    def attach(
        self, issue: Issue, author: User, filename: str, size: int, mime_type: str
    ) -> Attachment:
        """Record a file attached now (ids from their own range, above the generated ones)."""
        attachment = Attachment(
            id=self.store.next_id("legacy-attachment", _ATTACHED_FROM),
            issue_id=issue.id,
            filename=filename,
            author_key=author.key,
            created=self.store.now(),
            size=size,
            mime_type=mime_type,
        )
        self.extras(issue).attachments.append(attachment)
        self._attached[attachment.id] = attachment
        issue.updated = attachment.created
        return attachment

    def may_see(self, user: User | None, project: Project, visibility: Visibility | None) -> bool:
        """Whether ``user`` may see a comment or work log restricted to ``visibility``."""
        if visibility is None:
            return True
        if user is None:
            return False
        if visibility.type == "GROUP":
            return visibility.value in user.groups
        return self.in_role(user, project, visibility.value)

    def in_role(self, user: User, project: Project, role_name: str) -> bool:
        """Whether ``user`` plays the project role named ``role_name`` in ``project``."""
        role = next(
            (r for r in self.store.roles.values() if r.name.lower() == role_name.lower()), None
        )
        if role is None:
            return False
        return any(
            (a.kind == "user" and a.value == user.key)
            or (a.kind == "group" and a.value in user.groups)
            for a in project.role_actors.get(role.id, [])
        )

    def _make_extras(self, issue: Issue) -> IssueExtras:
        store = self.store
        rng = random.Random(f"legacy:{store.seed}:{issue.id}")
        project = store.projects[issue.project_id]
        people = [u for u in self._browsing(project) if u.key != issue.reporter_key]
        watchers = [issue.reporter_key]
        if issue.assignee_key and issue.assignee_key not in watchers:
            watchers.append(issue.assignee_key)
        if people and rng.random() < 0.3:
            extra = rng.choice(people).key
            if extra not in watchers:
                watchers.append(extra)
        voters = [u.key for u in rng.sample(people, min(len(people), rng.choice((0, 0, 1, 2, 4))))]
        category = store.statuses[issue.status_id].category_id
        span = max(60.0, (issue.updated - issue.created).total_seconds())
        worklogs: list[Worklog] = []
        if category != _TO_DO_CATEGORY:
            worker = issue.assignee_key or issue.reporter_key
            for n in range(rng.randint(0, 3)):
                started = issue.created + timedelta(seconds=rng.uniform(0, span))
                visibility = Visibility("GROUP", "jira-developers") if rng.random() < 0.2 else None
                worklogs.append(
                    Worklog(
                        id=issue.id * _PER_ISSUE + n,
                        issue_id=issue.id,
                        author_key=worker,
                        update_author_key=worker,
                        comment=rng.choice(_WORK_NOTES),
                        started=started.replace(microsecond=started.microsecond // 1000 * 1000),
                        minutes=rng.choice((30, 60, 90, 120, 180, 240)),
                        visibility=visibility,
                    )
                )
        attachments: list[Attachment] = []
        if rng.random() < 0.25:
            for n in range(rng.randint(1, 2)):
                name, mime = rng.choice(_FILES)
                created = issue.created + timedelta(seconds=rng.uniform(0, span))
                attachments.append(
                    Attachment(
                        id=issue.id * _PER_ISSUE + 50 + n,
                        issue_id=issue.id,
                        filename=name,
                        author_key=issue.reporter_key,
                        created=created.replace(microsecond=created.microsecond // 1000 * 1000),
                        size=rng.randint(2_000, 900_000),
                        mime_type=mime,
                    )
                )
        extras = IssueExtras(voters, watchers, worklogs, attachments)
        if issue.story_points is not None or worklogs:
            original = int((issue.story_points or 1) * 240)
            extras.original_estimate = original
            done = category == _DONE_CATEGORY
            extras.remaining_estimate = 0 if done else max(0, original - extras.time_spent)
        return extras

    def _browsing(self, project: Project) -> list[User]:
        found = self._browsers.get(project.id)
        if found is None:
            everyone = sorted(self.store.users.values(), key=lambda u: u.name)
            found = [u for u in everyone if u.active and self.store.can_browse(u, project)]
            self._browsers[project.id] = found
        return found

    # ----- logins ------------------------------------------------------------------------------
    def login_record(self, user: User) -> LoginRecord:
        """The user's login counters (a past of logins made from the seed on first use)."""
        found = self._logins.get(user.key)
        if found is None:
            rng = random.Random(f"legacy-login:{self.store.seed}:{user.key}")
            now = self.store.now().replace(microsecond=0)
            failed = rng.randint(1, 4)
            found = LoginRecord(
                login_count=rng.randint(20, 400),
                failed_count=failed,
                previous_login=now - timedelta(hours=rng.randint(2, 72)),
                last_failed=now - timedelta(days=rng.randint(3, 60)),
            )
            self._logins[user.key] = found
        return found

    def login_denied(self, user: User) -> bool:
        """Whether a login by ``user`` is refused until a CAPTCHA is answered."""
        return self.login_record(user).failures_in_a_row >= self.captcha_after

    def record_login(self, user: User, now: datetime) -> LoginRecord:
        """Count a successful login; the record then shows the login before this one."""
        record = self.login_record(user)
        if record.last_login is not None:
            record.previous_login = record.last_login
        record.last_login = now
        record.login_count += 1
        record.failures_in_a_row = 0
        return record

    def record_failure(self, user: User, now: datetime) -> None:
        """Count a failed login (a wrong password for a user who exists)."""
        record = self.login_record(user)
        record.failed_count += 1
        record.failures_in_a_row += 1
        record.last_failed = now

    def clear_captcha(self) -> None:
        """Forget every run of failed logins (an administrator reset them)."""
        for record in self._logins.values():
            record.failures_in_a_row = 0
