"""Clauses on fields whose values are records: projects, keys, statuses, users, versions, sprints."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from app.sandbox.jql.fields import FieldSpec, Kind
from app.sandbox.jql.functions import FunctionValue, ValueType
from app.sandbox.jql.parser import EmptyOperand, Operand, ValueOperand
from app.sandbox.jql.predicates import (
    COMPARE,
    POSITIVE,
    ClauseCompiler,
    Compiled,
    Context,
    Pred,
    attr_getter,
    collect,
    find_issue,
    find_project,
    ids_of,
    key_number,
    missing_value,
    multi_valued,
    never,
    operand_items,
    single_literal,
    single_valued,
)
from app.sandbox.model import Issue
from app.sandbox.store import Store

__all__ = ["RECORD_CLAUSES"]


def _project(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        project = find_project(ctx.visible, value.text)
        if project is None:
            ctx.error(missing_value(fname, value))
            return None
        return (project.id,)

    values, with_empty = collect(ctx, fname, operand_items(operand), literal)
    pred = single_valued(op, values, with_empty, operator.attrgetter("project_id"))
    exact = values if op in POSITIVE and not with_empty else None
    return pred, exact


def _category(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        low = value.text.strip().lower()
        for category in ctx.store.categories.values():
            if low in (category.name.lower(), str(category.id)):
                return (category.id,)
        ctx.error(missing_value(fname, value))
        return None

    values, with_empty = collect(ctx, fname, operand_items(operand), literal)
    category_of = {p.id: p.category_id for p in ctx.store.projects.values()}
    return single_valued(op, values, with_empty, lambda i: category_of.get(i.project_id)), None


def _key(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    if op in COMPARE:
        # Jira resolves the operand to an issue (by key, or by id when it is a number) and
        # compares key numbers within that issue's project: "key < X-200" is "project = X AND
        # number < 200", and "id > 10500" compares with issue 10500's key number, not with ids.
        # An operand that names no issue is a validation error; unvalidated it matches nothing.
        compare = COMPARE[op]
        value = single_literal(ctx, fname, operand)
        anchor = find_issue(ctx, fname, value) if value is not None else None
        if anchor is None:
            return never, None
        pid, number = anchor.project_id, key_number(anchor)
        return (lambda i: i.project_id == pid and compare(key_number(i), number)), None

    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        issue = find_issue(ctx, fname, value)
        return None if issue is None else (issue.id,)

    values, with_empty = collect(ctx, fname, operand_items(operand), literal)
    return single_valued(op, values, with_empty, operator.attrgetter("id")), None


def _named(
    lookup: Callable[[Store, str], Any],
) -> Callable[[Context, FieldSpec, str, str, Operand], Compiled]:
    """Fields whose value is one record found by name or id: status, issue type, priority."""

    def compile_clause(
        ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand
    ) -> Compiled:
        def literal(value: ValueOperand) -> tuple[int, ...] | None:
            record = lookup(ctx.store, value.text)
            if record is None:
                ctx.error(missing_value(fname, value))
                return None
            return (int(record.id),)

        accepts = ValueType.ISSUETYPE if spec.kind is Kind.ISSUETYPE else None
        items = operand_items(operand)
        if spec.kind is Kind.RESOLUTION:
            # "Unresolved" means no resolution unless a resolution is really called that.
            items = [
                EmptyOperand()
                if isinstance(it, ValueOperand)
                and it.text.strip().lower() == "unresolved"
                and ctx.store.resolution_by_name(it.text) is None
                else it
                for it in items
            ]
        if spec.kind is Kind.PRIORITY and op in COMPARE:
            return _priority_compare(ctx, fname, op, operand), None
        values, with_empty = collect(ctx, fname, items, literal, accepts, ids_of)
        return single_valued(op, values, with_empty, attr_getter(spec)), None

    return compile_clause


def _priority_compare(ctx: Context, fname: str, op: str, operand: Operand) -> Pred:
    # A more urgent priority has a lower rank, and "priority > Medium" means more urgent.
    value = single_literal(ctx, fname, operand)
    if value is None:
        return never
    priority = ctx.store.priority_by_name(value.text)
    if priority is None:
        ctx.error(missing_value(fname, value))
        return never
    compare, limit = COMPARE[op], -priority.rank
    rank_of = {p.id: -p.rank for p in ctx.store.priorities.values()}
    return lambda i: (r := rank_of.get(i.priority_id)) is not None and compare(r, limit)


def _status_category(
    ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand
) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        category = ctx.store.category_by_name(value.text.strip())
        if category is None:
            ctx.error(missing_value(fname, value))
            return None
        return tuple(s.id for s in ctx.store.statuses.values() if s.category_id == category.id)

    values, with_empty = collect(ctx, fname, operand_items(operand), literal)
    return single_valued(op, values, with_empty, operator.attrgetter("status_id")), None


def _user(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[str, ...] | None:
        user = ctx.store.find_user(value.text)
        if user is None:
            # Jira answers unknown users with a warning and still runs the search.
            ctx.warn(f"The value '{value.text}' does not exist for the field '{fname}'.")
            return None
        return (user.key,)

    def from_function(result: FunctionValue) -> frozenset[str]:
        return result.keys

    values, with_empty = collect(
        ctx, fname, operand_items(operand), literal, ValueType.USER, from_function
    )
    return single_valued(op, values, with_empty, attr_getter(spec)), None


def _component(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        low = value.text.strip().lower()
        found = tuple(
            c.id
            for c in ctx.store.components.values()
            if c.project_id in ctx.visible and low in (c.name.lower(), str(c.id))
        )
        if not found:
            ctx.error(missing_value(fname, value))
            return None
        return found

    values, with_empty = collect(ctx, fname, operand_items(operand), literal)
    return multi_valued(op, values, with_empty, attr_getter(spec)), None


def _version(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        low = value.text.strip().lower()
        found = tuple(
            v.id
            for v in ctx.store.versions.values()
            if v.project_id in ctx.visible and low in (v.name.lower(), str(v.id))
        )
        if not found:
            ctx.error(missing_value(fname, value))
            return None
        return found

    get = attr_getter(spec)
    if op in COMPARE:
        # Versions compare by their order within their own project.
        value = single_literal(ctx, fname, operand)
        found = literal(value) if value is not None else None
        if not found:
            return never, None
        place = {v.id: (v.project_id, v.sequence) for v in ctx.store.versions.values()}
        limits = [place[vid] for vid in found]
        compare = COMPARE[op]

        def pred(issue: Issue) -> bool:
            for vid in get(issue):
                project_id, sequence = place.get(vid, (None, 0))
                for limit_project, limit_sequence in limits:
                    if project_id == limit_project and compare(sequence, limit_sequence):
                        return True
            return False

        return pred, None
    values, with_empty = collect(
        ctx, fname, operand_items(operand), literal, ValueType.VERSION, ids_of
    )
    return multi_valued(op, values, with_empty, get), None


def _sprint(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        text = value.text.strip()
        if text.isascii() and text.isdigit() and int(text) in ctx.store.sprints:
            return (int(text),)
        found = tuple(s.id for s in ctx.store.sprints.values() if s.name.lower() == text.lower())
        if not found:
            ctx.error(missing_value(fname, value))
            return None
        return found

    values, with_empty = collect(
        ctx, fname, operand_items(operand), literal, ValueType.SPRINT, ids_of
    )
    return multi_valued(op, values, with_empty, attr_getter(spec)), None


def _parent(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        issue = find_issue(ctx, fname, value)
        return None if issue is None else (issue.id,)

    values, with_empty = collect(ctx, fname, operand_items(operand), literal)
    if spec.kind is Kind.EPIC:
        # Epic Link is the parent only when that parent is an epic.
        epics = ctx.epic_ids

        def epic_of(issue: Issue) -> int | None:
            parent = issue.parent_id
            return parent if parent is not None and parent in epics else None

        return single_valued(op, values, with_empty, epic_of), None
    return single_valued(op, values, with_empty, operator.attrgetter("parent_id")), None


# what compiles a clause, per kind of field
RECORD_CLAUSES: dict[Kind, ClauseCompiler] = {
    Kind.PROJECT: _project,
    Kind.CATEGORY: _category,
    Kind.KEY: _key,
    Kind.STATUS: _named(lambda s, v: s.status_by_name(v)),
    Kind.STATUS_CATEGORY: _status_category,
    Kind.USER: _user,
    Kind.PRIORITY: _named(lambda s, v: s.priority_by_name(v)),
    Kind.ISSUETYPE: _named(lambda s, v: s.issue_type_by_name(v)),
    Kind.RESOLUTION: _named(lambda s, v: s.resolution_by_name(v)),
    Kind.COMPONENT: _component,
    Kind.VERSION: _version,
    Kind.SPRINT: _sprint,
    Kind.PARENT: _parent,
    Kind.EPIC: _parent,
}
