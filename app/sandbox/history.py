"""An issue's history: what a change did, in the words of Jira's changelog items.

Every route that changes an issue takes a ``snapshot`` first and, once the change is made,
records ``changes(store, before, issue)`` as one history entry by the caller::

    before = snapshot(store, issue)
    ...apply the change...
    store.record_change(issue, user.key, changes(store, before, issue), now)

Items read as Jira writes them (see the recorded changelogs in ``samples/``): ``status`` with
status ids and names, ``assignee`` with the user's key (account id on Cloud) and display name,
one ``Component`` / ``Fix Version`` / ``Version`` item per value added or removed, ``labels``
as space-separated lists, custom fields (``Sprint``, ``Story Points``, ``Epic Link``) typed
``custom``; a link adds a ``Link`` item on both issues ("This issue blocks ABC-2").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.sandbox.model import ChangeItem, Flavour, Issue, IssueLink, User
from app.sandbox.store import Store

__all__ = ["Snapshot", "capture", "changes", "diff", "link_items", "snapshot"]

EPIC_TYPE = 10000


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The values of an issue that its history follows, at one moment."""

    summary: str
    description: str
    issuetype_id: int
    status_id: int
    priority_id: int
    resolution_id: int | None
    assignee_key: str | None
    reporter_key: str | None
    labels: tuple[str, ...]
    component_ids: tuple[int, ...]
    fix_version_ids: tuple[int, ...]
    affects_version_ids: tuple[int, ...]
    due_date: date | None
    story_points: float | None
    parent_id: int | None
    sprint_ids: tuple[int, ...]


def snapshot(store: Store, issue: Issue) -> Snapshot:
    """The issue's tracked values before a change (its generated past is made first)."""
    store.history_of(issue)  # a generated past must describe the issue before this change
    return capture(issue)


def capture(issue: Issue) -> Snapshot:
    """The issue's tracked values now."""
    return Snapshot(
        issue.summary,
        issue.description,
        issue.issuetype_id,
        issue.status_id,
        issue.priority_id,
        issue.resolution_id,
        issue.assignee_key,
        issue.reporter_key,
        tuple(issue.labels),
        tuple(issue.component_ids),
        tuple(issue.fix_version_ids),
        tuple(issue.affects_version_ids),
        issue.due_date,
        issue.story_points,
        issue.parent_id,
        tuple(issue.sprint_ids),
    )


def changes(store: Store, before: Snapshot, issue: Issue) -> list[ChangeItem]:
    """The changelog items that take ``before`` to the issue as it is now."""
    return diff(store, before, capture(issue))


def diff(store: Store, before: Snapshot, after: Snapshot) -> list[ChangeItem]:
    """The changelog items that take ``before`` to ``after``."""
    items: list[ChangeItem] = []
    for name in ("summary", "description"):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            items.append(ChangeItem(name, "jira", name, None, old or None, None, new or None))
    named: tuple[tuple[str, str, Callable[[int], str]], ...] = (
        ("issuetype", "issuetype_id", lambda i: store.issue_types[i].name),
        ("priority", "priority_id", lambda i: store.priorities[i].name),
        ("status", "status_id", lambda i: store.statuses[i].name),
        ("resolution", "resolution_id", lambda i: store.resolutions[i].name),
    )
    for field, attr, name_of in named:
        old_id, new_id = getattr(before, attr), getattr(after, attr)
        if old_id != new_id:
            items.append(
                ChangeItem(
                    field,
                    "jira",
                    field,
                    _id(old_id),
                    name_of(old_id) if old_id is not None else None,
                    _id(new_id),
                    name_of(new_id) if new_id is not None else None,
                )
            )
    for field, attr in (("assignee", "assignee_key"), ("reporter", "reporter_key")):
        old_key, new_key = getattr(before, attr), getattr(after, attr)
        if old_key != new_key:
            old, new = _user(store, old_key), _user(store, new_key)
            items.append(ChangeItem(field, "jira", field, *old, *new, user_field=True))
    if before.labels != after.labels:
        old_labels, new_labels = " ".join(sorted(before.labels)), " ".join(sorted(after.labels))
        items.append(ChangeItem("labels", "jira", "labels", None, old_labels, None, new_labels))
    items += _per_value(
        "Component",
        "components",
        before.component_ids,
        after.component_ids,
        lambda i: store.components[i].name if i in store.components else str(i),
    )
    for field, field_id, attr in (
        ("Fix Version", "fixVersions", "fix_version_ids"),
        ("Version", "versions", "affects_version_ids"),
    ):
        items += _per_value(
            field,
            field_id,
            getattr(before, attr),
            getattr(after, attr),
            lambda i: store.versions[i].name if i in store.versions else str(i),
        )
    if before.due_date != after.due_date:
        old_day, new_day = _day(before.due_date), _day(after.due_date)
        items.append(ChangeItem("duedate", "jira", "duedate", *old_day, *new_day))
    ids = store.field_ids
    if before.story_points != after.story_points:
        old_points, new_points = _number(before.story_points), _number(after.story_points)
        items.append(
            ChangeItem(
                "Story Points", "custom", ids.story_points, None, old_points, None, new_points
            )
        )
    if before.sprint_ids != after.sprint_ids:
        items.append(
            ChangeItem(
                "Sprint",
                "custom",
                ids.sprint,
                ", ".join(str(s) for s in before.sprint_ids),
                ", ".join(store.sprints[s].name for s in before.sprint_ids if s in store.sprints),
                ", ".join(str(s) for s in after.sprint_ids),
                ", ".join(store.sprints[s].name for s in after.sprint_ids if s in store.sprints),
            )
        )
    if before.parent_id != after.parent_id:
        items.append(_parent_item(store, before.parent_id, after.parent_id))
    return items


def link_items(
    store: Store, link: IssueLink, *, removed: bool = False
) -> list[tuple[Issue, ChangeItem]]:
    """The ``Link`` item each side of ``link`` records when it is made (or removed)."""
    kind = store.link_types[link.type_id]
    outward, inward = store.issues[link.outward_id], store.issues[link.inward_id]
    out: list[tuple[Issue, ChangeItem]] = []
    for issue, verb, other in ((outward, kind.outward, inward), (inward, kind.inward, outward)):
        text = f"This issue {verb} {other.key}"
        if removed:
            item = ChangeItem("Link", "jira", "", other.key, text, None, None)
        else:
            item = ChangeItem("Link", "jira", "", None, None, other.key, text)
        out.append((issue, item))
    return out


def _id(value: int | None) -> str | None:
    return None if value is None else str(value)


def _user(store: Store, key: str | None) -> tuple[str | None, str | None]:
    user: User | None = store.users.get(key) if key else None
    if user is None:
        return None, None
    ident = user.account_id if store.flavour is Flavour.CLOUD else user.key
    return ident, user.display_name


def _per_value(
    field: str,
    field_id: str,
    old: tuple[int, ...],
    new: tuple[int, ...],
    name_of: Callable[[int], str],
) -> list[ChangeItem]:
    removed = [
        ChangeItem(field, "jira", field_id, str(i), name_of(i), None, None)
        for i in old
        if i not in new
    ]
    added = [
        ChangeItem(field, "jira", field_id, None, None, str(i), name_of(i))
        for i in new
        if i not in old
    ]
    return removed + added


def _day(value: date | None) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    return value.isoformat(), f"{value.isoformat()} 00:00:00.0"


def _number(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if value.is_integer() else str(value)


def _parent_item(store: Store, old: int | None, new: int | None) -> ChangeItem:
    old_issue = store.issues.get(old) if old is not None else None
    new_issue = store.issues.get(new) if new is not None else None
    old_key = old_issue.key if old_issue else None
    new_key = new_issue.key if new_issue else None
    if store.flavour is Flavour.CLOUD:
        return ChangeItem(
            "IssueParentAssociation", "jira", "", _id(old), old_key, _id(new), new_key
        )
    epics = [i for i in (old_issue, new_issue) if i is not None and i.issuetype_id == EPIC_TYPE]
    if epics:  # Data Center keeps epics in a custom field
        field_id = store.field_ids.epic_link
        return ChangeItem("Epic Link", "custom", field_id, _id(old), old_key, _id(new), new_key)
    return ChangeItem("Parent", "jira", "parent", _id(old), old_key, _id(new), new_key)
