"""What the two milestone services send and answer, as data (sans-I/O).

Neither service publishes a schema Jade can check against, so answers are read leniently where
the documentation is silent (ids as numbers or strings, dates as days or timestamps, counts as
strings) and strictly where it is not (a milestone without an id or title is a ``ProtocolError``
that names what is missing).

Envelopes of the Milestones API: its documentation points to a "Getting started" page that is not
available, so a bare object or list is accepted, and so are ``{"data": ...}`` (with ``meta`` or
``links`` for paging) and ``{"milestone": ...}``/``{"milestones": [...]}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.api.core import ApiResponse, decode
from app.api.errors import ErrorContext, ProtocolError
from app.domain.milestone import (
    BucketChanges,
    BucketKind,
    Milestone,
    MilestoneBucket,
    MilestoneChanges,
    NewBucket,
    NewMilestone,
    TaskFate,
)

__all__ = [
    "BucketPage",
    "bucket_form",
    "changes_body",
    "delete_form",
    "milestone_body",
    "more_pages",
    "read_bucket",
    "read_bucket_page",
    "read_deleted_id",
    "read_milestone",
    "read_milestones",
    "reorder_form",
]


def _where(response: ApiResponse) -> ErrorContext:
    return {"status": response.status, "method": response.method, "url": response.url}


def _shape(response: ApiResponse, what: str) -> ProtocolError:
    return ProtocolError(f"The service's answer is not {what}.", **_where(response))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    return ""


def _day(value: object) -> date | None:
    """A day from ``YYYY-MM-DD`` or a timestamp starting with one; None for none or junk."""
    text = _text(value).strip()
    if len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _int(value: object, default: int | None = None) -> int | None:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return default


# ----- Project Milestones app ---------------------------------------------------------------------


def milestone_body(new: NewMilestone) -> dict[str, Any]:
    """The JSON body of a create: title, description and the dates as ``YYYY-MM-DD``."""
    body: dict[str, Any] = {"title": new.title, "description": new.description}
    if new.start is not None:
        body["start"] = new.start.isoformat()
    if new.end is not None:
        body["end"] = new.end.isoformat()
    return body


def changes_body(milestone_id: str, changes: MilestoneChanges) -> dict[str, Any]:
    """The JSON body of an edit: the id and only the attributes that change."""
    body: dict[str, Any] = {"id": _int(milestone_id, None) or milestone_id}
    if changes.title is not None:
        body["title"] = changes.title
    if changes.description is not None:
        body["description"] = changes.description
    if changes.start is not None:
        body["start"] = changes.start.isoformat()
    if changes.end is not None:
        body["end"] = changes.end.isoformat()
    return body


def _milestone(entry: object, project_key: str, response: ApiResponse) -> Milestone:
    if not isinstance(entry, Mapping):
        raise _shape(response, "a milestone (an object with an id and a title)")
    milestone_id = _text(entry.get("id"))
    if not milestone_id:
        raise _shape(response, "a milestone: it has no id")
    return Milestone(
        id=milestone_id,
        title=_text(entry.get("title")),
        description=_text(entry.get("description")),
        start=_day(entry.get("start")),
        end=_day(entry.get("end")),
        project_key=project_key,
    )


def _unwrap(data: object, *keys: str) -> object:
    if isinstance(data, Mapping):
        for key in keys:
            if key in data:
                return data[key]
    return data


def read_milestones(response: ApiResponse, project_key: str) -> list[Milestone]:
    """The app's list: a JSON array of milestones."""
    data = _unwrap(decode(response, object), "milestones", "data")
    if not isinstance(data, list):
        raise _shape(response, "a list of milestones")
    return [_milestone(entry, project_key, response) for entry in data]


def read_milestone(response: ApiResponse, project_key: str) -> Milestone:
    """The app's created or edited milestone."""
    data = _unwrap(decode(response, object), "milestone", "data")
    return _milestone(data, project_key, response)


def read_deleted_id(response: ApiResponse, asked: str) -> str:
    """The id the app says it deleted (a bare id, or an object holding it); ``asked`` if none."""
    if not response.body.strip():
        return asked
    data = _unwrap(decode(response, object), "id", "data")
    return _text(_unwrap(data, "id")) or asked


# ----- Milestones API -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BucketPage:
    """One page of a project's milestones, and what the envelope says about further pages."""

    buckets: list[MilestoneBucket]
    last_page: int | None = None  # meta.last_page / total_pages / pages
    total: int | None = None  # meta.total
    has_next: bool | None = None  # links.next present (True) or null (False)


def bucket_form(project_id: int | None, change: NewBucket | BucketChanges) -> list[tuple[str, str]]:
    """The form body of a create (with the project) or an update (without)."""
    form = [("milestone_title", change.title), ("milestone_color", change.color)]
    if project_id is not None:
        form.insert(0, ("milestone_projectid", str(project_id)))
    return form


def delete_form(tasks: TaskFate) -> list[tuple[str, str]]:
    """The form body of a delete: ``delete_tasks=yes`` deletes the tasks; otherwise nothing."""
    return [("delete_tasks", "yes")] if tasks is TaskFate.DELETE else []


def reorder_form(ids: Sequence[int]) -> list[tuple[str, str]]:
    """The form body of a reorder: ``milestones[]`` once per id, in the new order."""
    return [("milestones[]", str(i)) for i in ids]


def _bucket(entry: object, response: ApiResponse) -> MilestoneBucket:
    if not isinstance(entry, Mapping):
        raise _shape(response, "a milestone (an object with an id and a title)")
    bucket_id = _int(entry.get("id"))
    if bucket_id is None:
        raise _shape(response, "a milestone: it has no numeric id")
    title = _text(entry.get("title"))
    if "title" not in entry:
        raise _shape(response, f"a milestone: milestone {bucket_id} has no title")
    kind = _text(entry.get("type")).strip().lower()
    return MilestoneBucket(
        id=bucket_id,
        title=title,
        project_id=_int(entry.get("project_id"), 0) or 0,
        color=_text(entry.get("color")) or "default",
        position=_int(entry.get("position"), 0) or 0,
        type=BucketKind.UNCATEGORISED
        if kind == BucketKind.UNCATEGORISED
        else BucketKind.CATEGORISED,
        tasks_count=_int(entry.get("tasks_count"), 0) or 0,
    )


def read_bucket(response: ApiResponse) -> MilestoneBucket:
    """One milestone: bare, or as ``{"data": ...}`` / ``{"milestone": ...}``."""
    data = _unwrap(decode(response, object), "data", "milestone")
    return _bucket(data, response)


def read_bucket_page(response: ApiResponse) -> BucketPage:
    """A page of milestones: a bare list, or ``{"data": [...], "meta": {...}, "links": {...}}``."""
    data = decode(response, object)
    meta: Mapping[str, Any] = {}
    links: Mapping[str, Any] = {}
    if isinstance(data, Mapping):
        found_meta = data.get("meta")
        meta = found_meta if isinstance(found_meta, Mapping) else {}
        found_links = data.get("links")
        links = found_links if isinstance(found_links, Mapping) else {}
        # a Laravel paginator puts its fields next to "data"
        if not meta and "last_page" in data:
            meta = data
        data = _unwrap(data, "data", "milestones")
        if isinstance(data, Mapping):
            data = _unwrap(data, "data", "milestones", "items")
    if not isinstance(data, list):
        raise _shape(response, "a list of milestones")
    pagination = meta.get("pagination")
    if isinstance(pagination, Mapping):
        meta = pagination
    last = None
    for key in ("last_page", "total_pages", "pages", "page_count"):
        last = _int(meta.get(key))
        if last is not None:
            break
    has_next: bool | None = None
    if "next" in links:
        has_next = bool(links.get("next"))
    return BucketPage(
        buckets=[_bucket(entry, response) for entry in data],
        last_page=last,
        total=_int(meta.get("total")),
        has_next=has_next,
    )


def more_pages(page: BucketPage, number: int, limit: int, seen: int) -> bool:
    """Whether there is a page after page ``number`` (``seen`` milestones read so far)."""
    if not page.buckets:
        return False
    if page.last_page is not None:
        return number < page.last_page
    if page.total is not None:
        return seen < page.total
    if page.has_next is not None:
        return page.has_next
    # no paging information: a full page may have a next one
    return len(page.buckets) >= limit
