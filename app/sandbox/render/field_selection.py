"""The ``fields`` parameter: ``*all``, ``*navigable``, ``-x``, ids and names to field ids."""

from __future__ import annotations

from app.sandbox.model import Flavour
from app.sandbox.store import Store

__all__ = ["select_fields"]

# Fields that real issues carry beyond the ones ``/field`` lists in the sandbox.
EXTRA_NAVIGABLE = (
    "lastViewed",
    "watches",
    "votes",
    "workratio",
    "issuelinks",
    "timespent",
    "timeestimate",
    "timeoriginalestimate",
    "aggregatetimespent",
    "aggregatetimeestimate",
    "aggregatetimeoriginalestimate",
    "progress",
    "aggregateprogress",
    "environment",
    "security",
)


# Fields that only ``*all`` (the default of GET issue) adds: they are not navigable.
ALL_ONLY = ("timetracking", "attachment", "worklog")
CLOUD_ALL_ONLY = ("issuerestriction",)


def select_fields(store: Store, param: str | list[str] | None, default: str) -> list[str]:
    """Resolve a ``fields`` parameter (``*all``, ``*navigable``, ``-x``, ids or names) to ids."""
    if param is None:
        tokens = [default]
    elif isinstance(param, str):
        tokens = [t.strip() for t in param.split(",") if t.strip()]
    else:
        tokens = [t.strip() for item in param for t in str(item).split(",") if t.strip()]
    chosen: list[str] = []
    removed: set[str] = set()

    def add(fid: str) -> None:
        if fid not in chosen:
            chosen.append(fid)

    navigable = [f.id for f in store.fields if f.navigable and f.id not in ("comment", "issuekey")]
    for item in tokens:
        if item.startswith("-"):
            removed.add(item[1:])
        elif item == "*all":
            extra = CLOUD_ALL_ONLY if store.flavour is Flavour.CLOUD else ()
            for fid in [*navigable, "comment", *EXTRA_NAVIGABLE, *ALL_ONLY, *extra]:
                add(fid)
        elif item == "*navigable":
            for fid in [*navigable, *EXTRA_NAVIGABLE]:
                add(fid)
        elif item in ("id", "key", "issuekey"):
            continue
        else:
            fdef = store.field_by_id(item) or store.field_by_clause(item)
            add(fdef.id if fdef else item)
    return [f for f in chosen if f not in removed]
