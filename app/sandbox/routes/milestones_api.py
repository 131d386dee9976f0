"""The Milestones API (``/milestones-api/api/milestones``): buckets of tasks per project.

Sign-in: ``Authorization: Bearer <API key>``; a key acts as its owner, a Jira user, and sees the
projects that user may browse (project ids are the Jira projects' ids). Request bodies are
form-encoded (a JSON body carries no fields, so it is refused as missing them). Answers wrap
records in ``{"data": ...}``; lists are paged (``page``, ``limit``) with ``meta`` and ``links``.
Errors, as a Laravel application answers them: 401/403 ``{"message": ...}``, 404/409
``{"error": {"message": ..., "code": ...}}``, 422 ``{"message": ..., "errors": {field: [...]}}``.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sandbox.http import JsonResponse, store_of
from app.sandbox.milestones import Bucket
from app.sandbox.model import Project, User
from app.sandbox.routes.milestone_common import ServiceError, bearer_key, form_fields, prelude
from app.sandbox.store import Store

__all__ = ["BASE", "routes"]

BASE = "/milestones-api"  # the service's base URL, below the sandbox's address
DEFAULT_LIMIT = 15
MAX_LIMIT = 100
_SORTS = {
    "milestone_title": lambda b: b.title.casefold(),
    "milestone_position": lambda b: (b.position, b.id),
    "milestone_created": lambda b: (b.created, b.id),
}


def _message(status: int, message: str) -> ServiceError:
    return ServiceError(status, {"message": message})


def _wrapped(status: int, message: str, code: str) -> ServiceError:
    return ServiceError(status, {"error": {"message": message, "code": code}})


def _invalid(errors: dict[str, str]) -> ServiceError:
    first = next(iter(errors.values()))
    more = len(errors) - 1
    message = first + (f" (and {more} more error{'s' if more > 1 else ''})" if more else "")
    return ServiceError(422, {"message": message, "errors": {k: [v] for k, v in errors.items()}})


def _sign_in(request: Request, store: Store) -> User:
    key = bearer_key(request)
    if key is not None:
        for known, user_key in store.milestones.api_keys.items():
            if secrets.compare_digest(known, key):
                user = store.users.get(user_key)
                if user is not None and user.active:
                    return user
    raise _message(401, "Unauthenticated.")


def _project(store: Store, user: User, raw: str, field: str) -> Project:
    project = store.projects.get(int(raw)) if raw.strip().isdigit() else None
    if project is None:
        raise _invalid({field: f"The selected {field.replace('_', ' ')} is invalid."})
    if not store.can_browse(user, project):
        raise _message(403, "This action is unauthorized.")
    return project


def _bucket(request: Request, store: Store, user: User) -> Bucket:
    bucket_id = request.path_params["id"]
    bucket = store.milestones.buckets.get(bucket_id)
    if bucket is None or not store.can_browse(user, store.projects[bucket.project_id]):
        raise _wrapped(404, f"Milestone {bucket_id} not found.", "not_found")
    return bucket


def _fields(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in pairs:
        out.setdefault(name, value)
    return out


def _int(value: str | None, default: int) -> int:
    return int(value) if value is not None and value.strip().isdigit() else default


async def list_milestones(request: Request) -> Response:
    """GET /api/milestones?project_id=...: one page of the project's milestones."""
    await prelude(request)
    store = store_of(request)
    user = _sign_in(request, store)
    query = request.query_params
    if not query.get("project_id", "").strip():
        raise _invalid({"project_id": "The project id field is required."})
    project = _project(store, user, query["project_id"], "project_id")
    found = store.milestones.project_buckets(project.id)
    if query.get("type") in ("categorised", "uncategorised"):
        found = [b for b in found if b.type == query["type"]]
    if query.get("search"):
        needle = query["search"].casefold()
        found = [b for b in found if needle in b.title.casefold()]
    sort = _SORTS.get(query.get("sort", ""), _SORTS["milestone_position"])
    found = sorted(found, key=sort, reverse=query.get("order", "asc").lower() == "desc")
    limit = min(max(_int(query.get("limit"), DEFAULT_LIMIT), 1), MAX_LIMIT)
    page = max(_int(query.get("page"), 1), 1)
    last = max(1, -(-len(found) // limit))
    chunk = found[(page - 1) * limit : page * limit]
    base = f"{request.url.remove_query_params(['page'])}"
    sep = "&" if "?" in base else "?"
    return JsonResponse(
        {
            "data": [b.as_json() for b in chunk],
            "links": {
                "first": f"{base}{sep}page=1",
                "last": f"{base}{sep}page={last}",
                "prev": f"{base}{sep}page={page - 1}" if page > 1 else None,
                "next": f"{base}{sep}page={page + 1}" if page < last else None,
            },
            "meta": {
                "current_page": page,
                "last_page": last,
                "per_page": limit,
                "total": len(found),
                "from": (page - 1) * limit + 1 if chunk else None,
                "to": (page - 1) * limit + len(chunk) if chunk else None,
            },
        }
    )


def _unique(store: Store, project_id: int, title: str, own: int | None) -> None:
    wanted = title.strip().casefold()
    for other in store.milestones.project_buckets(project_id):
        if other.id != own and other.title.strip().casefold() == wanted:
            raise _wrapped(
                409,
                f"A milestone titled '{other.title}' already exists in this project.",
                "conflict",
            )


def _required(fields: dict[str, str], *names: str) -> None:
    missing = {
        n: f"The {n.replace('_', ' ')} field is required."
        for n in names
        if not fields.get(n, "").strip()
    }
    if missing:
        raise _invalid(missing)


async def create_milestone(request: Request) -> Response:
    """POST /api/milestones (form): a categorised milestone, 201."""
    await prelude(request)
    store = store_of(request)
    user = _sign_in(request, store)
    fields = _fields(await form_fields(request))
    _required(fields, "milestone_projectid", "milestone_title", "milestone_color")
    project = _project(store, user, fields["milestone_projectid"], "milestone_projectid")
    title = fields["milestone_title"].strip()
    _unique(store, project.id, title, None)
    book = store.milestones
    position = max((b.position for b in book.project_buckets(project.id)), default=0) + 1
    stamp = store.now().strftime("%Y-%m-%dT%H:%M:%S+00:00")
    made = book.add_bucket(
        Bucket(
            0,
            project.id,
            title,
            color=fields["milestone_color"].strip(),
            position=position,
            creator_id=int(user.key.removeprefix("JIRAUSER") or 1),
            created=stamp,
            updated=stamp,
        )
    )
    return JsonResponse({"data": made.as_json()}, status_code=201)


async def get_milestone(request: Request) -> Response:
    """GET /api/milestones/{id}."""
    await prelude(request)
    store = store_of(request)
    bucket = _bucket(request, store, _sign_in(request, store))
    return JsonResponse({"data": bucket.as_json()})


async def update_milestone(request: Request) -> Response:
    """PATCH /api/milestones/{id} (form): title and colour, both required."""
    await prelude(request)
    store = store_of(request)
    bucket = _bucket(request, store, _sign_in(request, store))
    fields = _fields(await form_fields(request))
    _required(fields, "milestone_title", "milestone_color")
    title = fields["milestone_title"].strip()
    _unique(store, bucket.project_id, title, bucket.id)
    bucket.title, bucket.color = title, fields["milestone_color"].strip()
    bucket.updated = store.now().strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return JsonResponse({"data": bucket.as_json()})


async def delete_milestone(request: Request) -> Response:
    """DELETE /api/milestones/{id}: tasks reassigned to the default, or deleted (409: system)."""
    await prelude(request)
    store = store_of(request)
    bucket = _bucket(request, store, _sign_in(request, store))
    if bucket.type == "uncategorised":
        raise _wrapped(
            409,
            "The uncategorised milestone is the project's default and cannot be deleted.",
            "conflict",
        )
    fields = _fields(await form_fields(request))
    delete_tasks = fields.get("delete_tasks", "").strip().lower() == "yes"
    moved, deleted = store.milestones.delete_bucket(bucket, delete_tasks)
    return JsonResponse({"data": {"id": bucket.id, "tasks_moved": moved, "tasks_deleted": deleted}})


async def reorder_milestones(request: Request) -> Response:
    """PUT /api/milestones/positions (form ``milestones[]``): positions 1..N in that order."""
    await prelude(request)
    store = store_of(request)
    user = _sign_in(request, store)
    raw = [v for k, v in await form_fields(request) if k == "milestones[]"]
    if not raw:
        raise _invalid({"milestones": "The milestones field is required."})
    if any(not v.strip().isdigit() for v in raw) or len(set(raw)) != len(raw):
        raise _invalid({"milestones": "The milestones must be distinct milestone ids."})
    ordered: list[Bucket] = []
    for value in raw:
        bucket = store.milestones.buckets.get(int(value))
        if bucket is None or not store.can_browse(user, store.projects[bucket.project_id]):
            raise _wrapped(404, f"Milestone {value} not found.", "not_found")
        ordered.append(bucket)
    if len({b.project_id for b in ordered}) > 1:
        raise _invalid({"milestones": "The milestones must belong to one project."})
    store.milestones.reorder(ordered)
    found = store.milestones.project_buckets(ordered[0].project_id)
    return JsonResponse({"data": [b.as_json() for b in found]})


def routes() -> list[Route]:
    """The API's routes, mounted at ``BASE``."""
    return [
        Route("/api/milestones", list_milestones, methods=["GET"]),
        Route("/api/milestones", create_milestone, methods=["POST"]),
        Route("/api/milestones/positions", reorder_milestones, methods=["PUT"]),
        Route("/api/milestones/{id:int}", get_milestone, methods=["GET"]),
        Route("/api/milestones/{id:int}", update_milestone, methods=["PATCH"]),
        Route("/api/milestones/{id:int}", delete_milestone, methods=["DELETE"]),
    ]
