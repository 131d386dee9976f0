"""ORDER BY: one sort key per field, empty values last, as Jira sorts.

Ties (equal values in every ORDER BY field) keep ascending issue id, which Jira does not promise
(its index does not keep the order of equal values, JIRA-BEHAVIOUR §10): a client that pages
through a sorted result adds its own tie-break. Without ORDER BY, Jira sorts by ``key DESC``.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from app.sandbox.jql.fields import FieldSpec, Kind, resolve_field
from app.sandbox.jql.parser import OrderField
from app.sandbox.jql.predicates import (
    Context,
    SortKey,
    as_utc,
    attr_getter,
    key_number,
    unknown_field,
)
from app.sandbox.jql.value_clauses import text_of
from app.sandbox.model import Issue

__all__ = ["compile_order"]


def _millis(moment: datetime) -> datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _position(records: Iterable[Any]) -> dict[int, int]:
    return {record.id: index for index, record in enumerate(records)}


def _sort_key(ctx: Context, spec: FieldSpec) -> tuple[SortKey, bool]:
    """A key function for one ORDER BY field and whether it can be empty."""
    store = ctx.store
    kind = spec.kind
    get = attr_getter(spec)
    if kind is Kind.KEY:
        return (lambda i: (i.key.rpartition("-")[0], key_number(i))), False
    if kind is Kind.PROJECT:
        keys = {p.id: p.key for p in store.projects.values()}
        return (lambda i: keys.get(i.project_id, "")), False
    if kind is Kind.TEXT:
        text = text_of(spec)
        return (lambda i: text(i).lower()), False
    if kind is Kind.RANK:
        return operator.attrgetter("rank"), False
    if kind is Kind.PRIORITY:
        # ASC lists the least urgent first, as "priority > X" means more urgent.
        urgency = {p.id: -p.rank for p in store.priorities.values()}
        return (lambda i: urgency.get(i.priority_id)), True
    if kind in (Kind.STATUS, Kind.ISSUETYPE, Kind.RESOLUTION):
        records: Iterable[Any] = (
            store.statuses.values()
            if kind is Kind.STATUS
            else store.issue_types.values()
            if kind is Kind.ISSUETYPE
            else store.resolutions.values()
        )
        order = _position(records)
        return (lambda i: order.get(get(i))), True
    if kind is Kind.USER:
        names = {u.key: u.display_name.lower() for u in store.users.values()}
        return (lambda i: None if (k := get(i)) is None else names.get(k, k)), True
    if kind is Kind.COMPONENT:
        comp = {c.id: c.name.lower() for c in store.components.values()}
        return (lambda i: min((comp.get(c, "") for c in get(i)), default=None)), True
    if kind is Kind.VERSION:
        seq = {v.id: (v.sequence, v.name.lower()) for v in store.versions.values()}
        return (lambda i: min((seq.get(v, (0, "")) for v in get(i)), default=None)), True
    if kind is Kind.SPRINT:
        return (lambda i: max(get(i), default=None)), True
    if kind is Kind.EPIC:
        epics = ctx.epic_ids
        issues = store.issues

        def epic_key(issue: Issue) -> tuple[str, int] | None:
            parent = issue.parent_id
            if parent is None or parent not in epics:
                return None
            epic = issues[parent]
            return (epic.key.rpartition("-")[0], key_number(epic))

        return epic_key, True
    if kind is Kind.DATETIME:
        # Jira keeps timestamps in milliseconds: finer differences are ties, as in Jira
        return (lambda i: None if (v := get(i)) is None else _millis(as_utc(v))), True
    return get, True


def _nulls_last(key: SortKey) -> SortKey:
    # (0, value) sorts before (1, 0); equal empties never compare their payloads.
    return lambda i: (1, 0) if (v := key(i)) is None else (0, v)


def compile_order(
    ctx: Context, order_by: tuple[OrderField, ...]
) -> tuple[tuple[SortKey, bool], ...]:
    """ORDER BY as sort keys, most significant first; problems are recorded in ``ctx``."""
    sorts: list[tuple[SortKey, bool]] = []
    seen: set[str] = set()
    for entry in order_by:
        name = entry.field.name
        spec = resolve_field(ctx.store, name, entry.field.cf_id)
        if spec is None:
            ctx.error(unknown_field(ctx, name))
            continue
        if not spec.orderable:
            ctx.error(f"Field '{name}' does not support sorting.")
            continue
        if spec.id in seen:
            ctx.error(f"The sort field '{name}' is referenced multiple times in the JQL sort.")
            continue
        seen.add(spec.id)
        key, nullable = _sort_key(ctx, spec)
        sorts.append((_nulls_last(key) if nullable else key, bool(entry.descending)))
    return tuple(sorts)
