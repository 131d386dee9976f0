"""Compile a parsed query, once, into an issue predicate, a project prefilter and sort keys.

Validation happens while compiling: each problem Jira would report is recorded in the context
(errors, or warnings for unknown users), and a clause whose field or operator is unusable
compiles to "matches nothing", which is what Jira does when validation is turned off.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from app.sandbox.jql.dates import (
    DATE_FORMATS,
    DATETIME_FORMATS,
    DateRange,
    parse_date,
    parse_datetime,
)
from app.sandbox.jql.fields import FieldSpec, Kind, resolve_field
from app.sandbox.jql.functions import FUNCTIONS, FunctionValue, ValueType, call_function
from app.sandbox.jql.parser import (
    And,
    Clause,
    EmptyOperand,
    FunctionOperand,
    ListOperand,
    Operand,
    Or,
    OrderField,
    Terminal,
    ValueOperand,
)
from app.sandbox.jql.text import compile_text, leading_wildcard
from app.sandbox.model import Issue, Project, User
from app.sandbox.store import Store

__all__ = ["Context", "Plan", "compile_query", "execute"]

Pred = Callable[[Issue], bool]
SortKey = Callable[[Issue], Any]
Item = ValueOperand | EmptyOperand | FunctionOperand
T = TypeVar("T", int, str, float)


def _never(_issue: Issue) -> bool:
    return False


_OPERATOR_NAMES = {
    "=": "EQUALS",
    "!=": "NOT_EQUALS",
    "~": "LIKE",
    "!~": "NOT_LIKE",
    ">": "GREATER_THAN",
    ">=": "GREATER_THAN_EQUALS",
    "<": "LESS_THAN",
    "<=": "LESS_THAN_EQUALS",
    "in": "IN",
    "not in": "NOT_IN",
    "is": "IS",
    "is not": "IS_NOT",
}
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}
_POSITIVE = ("=", "in")
_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_]*)-([0-9]+)", re.ASCII)
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Context:
    """What a compilation needs and what it found wrong."""

    store: Store
    user: User | None
    now: datetime
    visible: dict[int, Project]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _epics: frozenset[int] | None = None

    def error(self, text: str) -> None:
        """Record a validation error (Jira's errorMessages)."""
        if text not in self.errors:
            self.errors.append(text)

    def warn(self, text: str) -> None:
        """Record a warning (Jira's warningMessages)."""
        if text not in self.warnings:
            self.warnings.append(text)

    @property
    def epic_ids(self) -> frozenset[int]:
        """Ids of issues whose type is an epic, computed once per query when needed."""
        if self._epics is None:
            epic_types = {t.id for t in self.store.issue_types.values() if t.hierarchy_level == 1}
            self._epics = frozenset(
                i.id for i in self.store.issues.values() if i.issuetype_id in epic_types
            )
        return self._epics


@dataclass(frozen=True, slots=True)
class Plan:
    """A compiled query: the predicate (None = all), project ids to scan (None = all), sorts."""

    predicate: Pred | None
    projects: frozenset[int] | None
    sorts: tuple[tuple[SortKey, bool], ...]
    ordered: bool


# ----- operands ------------------------------------------------------------------------------
def _items(operand: Operand) -> list[Item]:
    if isinstance(operand, ListOperand):
        out: list[Item] = []
        for item in operand.items:
            out.extend(_items(item))
        return out
    return [operand]


def _call(
    ctx: Context, fname: str, fn: FunctionOperand, accepts: ValueType | None
) -> FunctionValue | None:
    result = call_function(ctx.store, ctx.user, ctx.now, ctx.visible, fn)
    if isinstance(result, list):
        for message in result:
            ctx.error(message)
        return None
    if accepts is None or result.produces is not accepts:
        ctx.error(
            f"A value provided by the function '{FUNCTIONS[fn.name.lower()].name}' is invalid "
            f"for the field '{fname}'."
        )
        return None
    return result


def _collect(
    ctx: Context,
    fname: str,
    items: Iterable[Item],
    literal: Callable[[ValueOperand], Iterable[T] | None],
    accepts: ValueType | None = None,
    from_function: Callable[[FunctionValue], Iterable[T]] | None = None,
) -> tuple[frozenset[T], bool]:
    """Resolve an operand to a set of values and whether EMPTY was among them."""
    values: set[T] = set()
    with_empty = False
    for item in items:
        if isinstance(item, EmptyOperand):
            with_empty = True
        elif isinstance(item, ValueOperand):
            found = literal(item)
            if found is not None:
                values.update(found)
        else:
            result = _call(ctx, fname, item, accepts)
            if result is not None and from_function is not None:
                values.update(from_function(result))
    return frozenset(values), with_empty


def _ids(value: FunctionValue) -> frozenset[int]:
    return value.ids


def _missing(fname: str, value: ValueOperand) -> str:
    if value.is_number:
        return f"A value with ID '{value.text}' does not exist for the field '{fname}'."
    return f"The value '{value.text}' does not exist for the field '{fname}'."


def _normalise(op: str) -> str:
    """IS / IS NOT EMPTY behave like = / != EMPTY."""
    return {"is": "=", "is not": "!="}.get(op, op)


# ----- predicate builders --------------------------------------------------------------------
def _single(
    op: str, values: frozenset[T], with_empty: bool, get: Callable[[Issue], T | None]
) -> Pred:
    """Membership for a single-valued field; != and NOT IN never match an empty field (Jira)."""
    if _normalise(op) in _POSITIVE:
        if with_empty:
            return lambda i: (v := get(i)) is None or v in values
        return lambda i: get(i) in values
    return lambda i: (v := get(i)) is not None and v not in values


def _multi(
    op: str, values: frozenset[T], with_empty: bool, get: Callable[[Issue], Collection[T]]
) -> Pred:
    """Membership for a multi-valued field: any of its values counts."""
    if _normalise(op) in _POSITIVE:
        if with_empty:
            return lambda i: not (vs := get(i)) or not values.isdisjoint(vs)
        return lambda i: not values.isdisjoint(get(i))
    return lambda i: bool(vs := get(i)) and values.isdisjoint(vs)


def _all(preds: list[Pred]) -> Pred:
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        first, second = preds
        return lambda i: first(i) and second(i)
    return lambda i: all(p(i) for p in preds)


def _any(preds: list[Pred]) -> Pred:
    if len(preds) == 2:
        first, second = preds
        return lambda i: first(i) or second(i)
    return lambda i: any(p(i) for p in preds)


def _attr(spec: FieldSpec) -> Callable[[Issue], Any]:
    if spec.attr is None:
        return lambda _i: None
    return operator.attrgetter(spec.attr)


def _single_item(ctx: Context, fname: str, operand: Operand) -> ValueOperand | None:
    """The one literal a comparison (< > ...) needs; functions are not values here."""
    if isinstance(operand, ValueOperand):
        return operand
    if isinstance(operand, FunctionOperand):
        _call(ctx, fname, operand, None)
    return None


# ----- lookups -------------------------------------------------------------------------------
def _find_project(visible: dict[int, Project], text: str) -> Project | None:
    low = text.strip().lower()
    for project in visible.values():
        if low in (project.key.lower(), project.name.lower(), str(project.id)):
            return project
    return None


def _find_issue(ctx: Context, fname: str, value: ValueOperand) -> Issue | None:
    text = value.text.strip()
    if text.isascii() and text.isdigit():
        issue = ctx.store.issues.get(int(text))
        if issue is None or issue.project_id not in ctx.visible:
            ctx.error(f"A value with ID '{text}' does not exist for the field '{fname}'.")
            return None
        return issue
    if _KEY.fullmatch(text) is None:
        ctx.error(f"The issue key '{text}' for field '{fname}' is invalid.")
        return None
    issue = ctx.store.issues_by_key.get(text.upper())
    if issue is None or issue.project_id not in ctx.visible:
        ctx.error(f"An issue with key '{text}' does not exist for field '{fname}'.")
        return None
    return issue


def _key_number(issue: Issue) -> int:
    number = issue.key.rpartition("-")[2]
    return int(number) if number.isascii() and number.isdigit() else 0


# ----- one compiler per kind of field --------------------------------------------------------
Compiled = tuple[Pred, frozenset[int] | None]


def _project(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        project = _find_project(ctx.visible, value.text)
        if project is None:
            ctx.error(_missing(fname, value))
            return None
        return (project.id,)

    values, with_empty = _collect(ctx, fname, _items(operand), literal)
    pred = _single(op, values, with_empty, operator.attrgetter("project_id"))
    exact = values if op in _POSITIVE and not with_empty else None
    return pred, exact


def _category(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        low = value.text.strip().lower()
        for category in ctx.store.categories.values():
            if low in (category.name.lower(), str(category.id)):
                return (category.id,)
        ctx.error(_missing(fname, value))
        return None

    values, with_empty = _collect(ctx, fname, _items(operand), literal)
    category_of = {p.id: p.category_id for p in ctx.store.projects.values()}
    return _single(op, values, with_empty, lambda i: category_of.get(i.project_id)), None


def _key(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    if op in _COMPARE:
        compare = _COMPARE[op]
        value = _single_item(ctx, fname, operand)
        if value is None:
            return _never, None
        text = value.text.strip()
        if text.isascii() and text.isdigit():
            limit = int(text)
            return (lambda i: compare(i.id, limit)), None
        match = _KEY.fullmatch(text)
        if match is None:
            ctx.error(f"The issue key '{text}' for field '{fname}' is invalid.")
            return _never, None
        project = next((p for p in ctx.visible.values() if p.key.upper() == match[1].upper()), None)
        if project is None:
            ctx.error(f"An issue with key '{text}' does not exist for field '{fname}'.")
            return _never, None
        pid, number = project.id, int(match[2])
        return (lambda i: i.project_id == pid and compare(_key_number(i), number)), None

    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        issue = _find_issue(ctx, fname, value)
        return None if issue is None else (issue.id,)

    values, with_empty = _collect(ctx, fname, _items(operand), literal)
    return _single(op, values, with_empty, operator.attrgetter("id")), None


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
                ctx.error(_missing(fname, value))
                return None
            return (int(record.id),)

        accepts = ValueType.ISSUETYPE if spec.kind is Kind.ISSUETYPE else None
        items = _items(operand)
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
        if spec.kind is Kind.PRIORITY and op in _COMPARE:
            return _priority_compare(ctx, fname, op, operand), None
        values, with_empty = _collect(ctx, fname, items, literal, accepts, _ids)
        return _single(op, values, with_empty, _attr(spec)), None

    return compile_clause


def _priority_compare(ctx: Context, fname: str, op: str, operand: Operand) -> Pred:
    # A more urgent priority has a lower rank, and "priority > Medium" means more urgent.
    value = _single_item(ctx, fname, operand)
    if value is None:
        return _never
    priority = ctx.store.priority_by_name(value.text)
    if priority is None:
        ctx.error(_missing(fname, value))
        return _never
    compare, limit = _COMPARE[op], -priority.rank
    rank_of = {p.id: -p.rank for p in ctx.store.priorities.values()}
    return lambda i: (r := rank_of.get(i.priority_id)) is not None and compare(r, limit)


def _status_category(
    ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand
) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        category = ctx.store.category_by_name(value.text.strip())
        if category is None:
            ctx.error(_missing(fname, value))
            return None
        return tuple(s.id for s in ctx.store.statuses.values() if s.category_id == category.id)

    values, with_empty = _collect(ctx, fname, _items(operand), literal)
    return _single(op, values, with_empty, operator.attrgetter("status_id")), None


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

    values, with_empty = _collect(
        ctx, fname, _items(operand), literal, ValueType.USER, from_function
    )
    return _single(op, values, with_empty, _attr(spec)), None


def _labels(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[str, ...]:
        return (value.text.lower(),)

    values, with_empty = _collect(ctx, fname, _items(operand), literal)
    return _multi(op, values, with_empty, lambda i: [label.lower() for label in i.labels]), None


def _component(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        low = value.text.strip().lower()
        found = tuple(
            c.id
            for c in ctx.store.components.values()
            if c.project_id in ctx.visible and low in (c.name.lower(), str(c.id))
        )
        if not found:
            ctx.error(_missing(fname, value))
            return None
        return found

    values, with_empty = _collect(ctx, fname, _items(operand), literal)
    return _multi(op, values, with_empty, _attr(spec)), None


def _version(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        low = value.text.strip().lower()
        found = tuple(
            v.id
            for v in ctx.store.versions.values()
            if v.project_id in ctx.visible and low in (v.name.lower(), str(v.id))
        )
        if not found:
            ctx.error(_missing(fname, value))
            return None
        return found

    get = _attr(spec)
    if op in _COMPARE:
        # Versions compare by their order within their own project.
        value = _single_item(ctx, fname, operand)
        found = literal(value) if value is not None else None
        if not found:
            return _never, None
        place = {v.id: (v.project_id, v.sequence) for v in ctx.store.versions.values()}
        limits = [place[vid] for vid in found]
        compare = _COMPARE[op]

        def pred(issue: Issue) -> bool:
            for vid in get(issue):
                project_id, sequence = place.get(vid, (None, 0))
                for limit_project, limit_sequence in limits:
                    if project_id == limit_project and compare(sequence, limit_sequence):
                        return True
            return False

        return pred, None
    values, with_empty = _collect(ctx, fname, _items(operand), literal, ValueType.VERSION, _ids)
    return _multi(op, values, with_empty, get), None


def _sprint(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        text = value.text.strip()
        if text.isascii() and text.isdigit() and int(text) in ctx.store.sprints:
            return (int(text),)
        found = tuple(s.id for s in ctx.store.sprints.values() if s.name.lower() == text.lower())
        if not found:
            ctx.error(_missing(fname, value))
            return None
        return found

    values, with_empty = _collect(ctx, fname, _items(operand), literal, ValueType.SPRINT, _ids)
    return _multi(op, values, with_empty, _attr(spec)), None


def _parent(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        issue = _find_issue(ctx, fname, value)
        return None if issue is None else (issue.id,)

    values, with_empty = _collect(ctx, fname, _items(operand), literal)
    if spec.kind is Kind.EPIC:
        # Epic Link is the parent only when that parent is an epic.
        epics = ctx.epic_ids

        def epic_of(issue: Issue) -> int | None:
            parent = issue.parent_id
            return parent if parent is not None and parent in epics else None

        return _single(op, values, with_empty, epic_of), None
    return _single(op, values, with_empty, operator.attrgetter("parent_id")), None


def _number(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[float, ...] | None:
        if _NUMBER.fullmatch(value.text.strip()) is None:
            ctx.error(f"Value '{value.text}' for the '{fname}' field is not a valid number.")
            return None
        return (float(value.text),)

    get = _attr(spec)
    if op in _COMPARE:
        value = _single_item(ctx, fname, operand)
        found = literal(value) if value is not None else None
        if not found:
            return _never, None
        compare, limit = _COMPARE[op], found[0]
        return (lambda i: (v := get(i)) is not None and compare(v, limit)), None
    values, with_empty = _collect(ctx, fname, _items(operand), literal)
    return _single(op, values, with_empty, get), None


def _option(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        ctx.error(f"The option '{value.text}' for field '{fname}' does not exist.")
        return None

    values, with_empty = _collect(ctx, fname, _items(operand), literal)
    return _single(op, values, with_empty, _attr(spec)), None


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _datetime(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    ranges: list[DateRange] = []
    with_empty = False
    for item in _items(operand):
        if isinstance(item, EmptyOperand):
            with_empty = True
        elif isinstance(item, FunctionOperand):
            result = _call(ctx, fname, item, ValueType.DATE)
            if result is not None and result.instant is not None:
                ranges.append(DateRange(result.instant, result.instant))
        elif item.is_number:
            # Jira reads a bare number for a date field as milliseconds since the epoch.
            try:
                instant = _EPOCH + timedelta(milliseconds=int(item.text))
            except OverflowError:
                ctx.error(
                    f"Date value '{item.text}' for field '{fname}' is invalid. {DATETIME_FORMATS}"
                )
                continue
            ranges.append(DateRange(instant, instant))
        else:
            parsed = parse_datetime(item.text, ctx.now)
            if parsed is None:
                ctx.error(
                    f"Date value '{item.text}' for field '{fname}' is invalid. {DATETIME_FORMATS}"
                )
                continue
            ranges.append(parsed)
    raw = _attr(spec)

    def get(issue: Issue) -> datetime | None:
        value: datetime | None = raw(issue)
        return None if value is None else _as_utc(value)

    if op in _COMPARE:
        if not ranges:
            return _never, None
        compare, limit = _COMPARE[op], ranges[0].start
        return (lambda i: (v := get(i)) is not None and compare(v, limit)), None

    def inside(moment: datetime) -> bool:
        for span in ranges:
            if span.start == span.end:
                if moment == span.start:
                    return True
            elif span.start <= moment < span.end:
                return True
        return False

    if _normalise(op) in _POSITIVE:
        return (
            lambda i: ((v := get(i)) is None and with_empty) or (v is not None and inside(v))
        ), None
    return (lambda i: (v := get(i)) is not None and not inside(v)), None


def _date(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        if value.is_number:
            try:
                moment = _EPOCH + timedelta(milliseconds=int(value.text))
            except OverflowError:
                moment = None
            parsed: date | None = None if moment is None else moment.date()
        else:
            parsed = parse_date(value.text, ctx.now)
        if parsed is None:
            ctx.error(f"Date value '{value.text}' for field '{fname}' is invalid. {DATE_FORMATS}")
            return None
        return (parsed.toordinal(),)

    def from_function(result: FunctionValue) -> tuple[int, ...]:
        return () if result.instant is None else (result.instant.date().toordinal(),)

    raw = _attr(spec)

    def get(issue: Issue) -> int | None:
        value: date | None = raw(issue)
        return None if value is None else value.toordinal()

    if op in _COMPARE:
        found: Iterable[int] | None = None
        if isinstance(operand, FunctionOperand):
            result = _call(ctx, fname, operand, ValueType.DATE)
            found = None if result is None else from_function(result)
        elif isinstance(operand, ValueOperand):
            found = literal(operand)
        limits = list(found or ())
        if not limits:
            return _never, None
        compare, limit = _COMPARE[op], limits[0]
        return (lambda i: (v := get(i)) is not None and compare(v, limit)), None
    values, with_empty = _collect(
        ctx, fname, _items(operand), literal, ValueType.DATE, from_function
    )
    return _single(op, values, with_empty, get), None


def _text_of(spec: FieldSpec) -> Callable[[Issue], str]:
    if spec.id == "summary":
        return operator.attrgetter("summary")
    if spec.id == "description":
        return lambda i: i.description or ""
    if spec.id == "comment":
        return lambda i: "\n".join(c.body for c in i.comments)
    if spec.id == "text":
        return lambda i: "\n".join([i.summary, i.description or "", *(c.body for c in i.comments)])
    return lambda _i: ""


def _text(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    get = _text_of(spec)
    if isinstance(operand, EmptyOperand):
        if op in ("~", "=", "is"):
            return (lambda i: not get(i).strip()), None
        return (lambda i: bool(get(i).strip())), None
    value = _single_item(ctx, fname, operand)
    if value is None:
        return _never, None
    if leading_wildcard(value.text):
        ctx.error(
            f"The text query '{value.text}' for field '{fname}' is not valid: the '*' and '?' "
            "are not allowed as first character in wildcard query."
        )
        return _never, None
    matches = compile_text(value.text)
    if op == "!~":
        return (lambda i: not matches(get(i))), None
    return (lambda i: matches(get(i))), None


_COMPILERS: dict[Kind, Callable[[Context, FieldSpec, str, str, Operand], Compiled]] = {
    Kind.TEXT: _text,
    Kind.PROJECT: _project,
    Kind.CATEGORY: _category,
    Kind.KEY: _key,
    Kind.STATUS: _named(lambda s, v: s.status_by_name(v)),
    Kind.STATUS_CATEGORY: _status_category,
    Kind.USER: _user,
    Kind.PRIORITY: _named(lambda s, v: s.priority_by_name(v)),
    Kind.ISSUETYPE: _named(lambda s, v: s.issue_type_by_name(v)),
    Kind.RESOLUTION: _named(lambda s, v: s.resolution_by_name(v)),
    Kind.LABEL: _labels,
    Kind.COMPONENT: _component,
    Kind.VERSION: _version,
    Kind.DATETIME: _datetime,
    Kind.DATE: _date,
    Kind.SPRINT: _sprint,
    Kind.PARENT: _parent,
    Kind.EPIC: _parent,
    Kind.NUMBER: _number,
    Kind.OPTION: _option,
}


# ----- clauses -------------------------------------------------------------------------------
def _unknown_field(ctx: Context, name: str) -> str:
    if ctx.user is None:
        return f"Field '{name}' does not exist or this field cannot be viewed by anonymous users."
    return f"Field '{name}' does not exist or you do not have permission to view it."


def _is_list_valued(operand: Operand, op: str) -> bool:
    if isinstance(operand, ListOperand):
        return True
    if isinstance(operand, FunctionOperand):
        fdef = FUNCTIONS.get(operand.name.lower())
        if fdef is None or not fdef.is_list:
            return False
        # Sprint functions are list functions, but "sprint = openSprints()" is common enough
        # that the sandbox accepts it with = and != too.
        return not (fdef.produces is ValueType.SPRINT and op in ("=", "!="))
    return False


def _usage_error(op: str, operand: Operand, fname: str) -> str | None:
    """Jira's operator/operand checks, made before the field's own checks."""
    if isinstance(operand, EmptyOperand) and op in ("in", "not in", ">", ">=", "<", "<="):
        return (
            f"Operator '{op}' does not support the empty value representation 'EMPTY' for "
            f"field '{fname}'."
        )
    if op not in ("in", "not in") and _is_list_valued(operand, op):
        return (
            f"Operator '{op}' does not support the list value '{operand.display}' for field "
            f"'{fname}'."
        )
    if op in ("in", "not in") and isinstance(operand, ValueOperand):
        return (
            f"Operator '{op}' does not support the non-list value '{operand.display}' for field "
            f"'{fname}'."
        )
    if op in ("is", "is not") and not isinstance(operand, EmptyOperand):
        return (
            f"Operator '{op}' does not support searching for non-empty values for field '{fname}'."
        )
    return None


def _terminal(ctx: Context, clause: Terminal) -> Compiled:
    fname = clause.field.name
    spec = resolve_field(ctx.store, fname, clause.field.cf_id)
    if spec is None:
        ctx.error(_unknown_field(ctx, fname))
        return _never, None
    op = clause.operator
    if op.startswith("was") or op == "changed" or clause.operand is None:
        # The sandbox keeps no change history, so history searches are refused.
        ctx.error(f"The operator '{op}' is not supported by the '{fname}' field.")
        return _never, None
    if clause.predicates:
        predicate = clause.predicates[0]
        ctx.error(
            f"The {_OPERATOR_NAMES[op]} operator does not support the use of the "
            f"{predicate.name} {predicate.operand.display} predicate."
        )
        return _never, None
    usage = _usage_error(op, clause.operand, fname)
    if usage is not None:
        ctx.error(usage)
        return _never, None
    if op not in spec.operators:
        ctx.error(f"The operator '{op}' is not supported by the '{fname}' field.")
        return _never, None
    return _COMPILERS[spec.kind](ctx, spec, fname, op, clause.operand)


def _compile(ctx: Context, clause: Clause) -> Pred:
    if isinstance(clause, Terminal):
        return _terminal(ctx, clause)[0]
    if isinstance(clause, And):
        return _all([_compile(ctx, child) for child in clause.children])
    if isinstance(clause, Or):
        return _any([_compile(ctx, child) for child in clause.children])
    inner = _compile(ctx, clause.child)
    return lambda i: not inner(i)


def _conjuncts(clause: Clause) -> list[Clause]:
    if isinstance(clause, And):
        out: list[Clause] = []
        for child in clause.children:
            out.extend(_conjuncts(child))
        return out
    return [clause]


# ----- sorting -------------------------------------------------------------------------------
def _position(records: Iterable[Any]) -> dict[int, int]:
    return {record.id: index for index, record in enumerate(records)}


def _sort_key(ctx: Context, spec: FieldSpec) -> tuple[SortKey, bool]:
    """A key function for one ORDER BY field and whether it can be empty."""
    store = ctx.store
    kind = spec.kind
    get = _attr(spec)
    if kind is Kind.KEY:
        return (lambda i: (i.key.rpartition("-")[0], _key_number(i))), False
    if kind is Kind.PROJECT:
        keys = {p.id: p.key for p in store.projects.values()}
        return (lambda i: keys.get(i.project_id, "")), False
    if kind is Kind.TEXT:
        text = _text_of(spec)
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
            return (epic.key.rpartition("-")[0], _key_number(epic))

        return epic_key, True
    if kind is Kind.DATETIME:
        return (lambda i: None if (v := get(i)) is None else _as_utc(v)), True
    return get, True


def _nulls_last(key: SortKey) -> SortKey:
    # (0, value) sorts before (1, 0); equal empties never compare their payloads.
    return lambda i: (1, 0) if (v := key(i)) is None else (0, v)


def _compile_order(
    ctx: Context, order_by: tuple[OrderField, ...]
) -> tuple[tuple[SortKey, bool], ...]:
    sorts: list[tuple[SortKey, bool]] = []
    seen: set[str] = set()
    for entry in order_by:
        name = entry.field.name
        spec = resolve_field(ctx.store, name, entry.field.cf_id)
        if spec is None:
            ctx.error(_unknown_field(ctx, name))
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


# ----- entry points --------------------------------------------------------------------------
def compile_query(ctx: Context, where: Clause | None, order_by: tuple[OrderField, ...]) -> Plan:
    """Validate and compile a query; problems are left in ``ctx.errors`` / ``ctx.warnings``."""
    predicate: Pred | None = None
    projects: frozenset[int] | None = None
    if where is not None:
        preds: list[Pred] = []
        # Top-level "project = X" / "project in (...)" become a scan restriction instead of a
        # per-issue test, so a project-scoped query only walks that project's issues.
        for clause in _conjuncts(where):
            if isinstance(clause, Terminal):
                pred, exact = _terminal(ctx, clause)
                if exact is not None:
                    projects = exact if projects is None else projects & exact
                    continue
                preds.append(pred)
            else:
                preds.append(_compile(ctx, clause))
        predicate = _all(preds) if preds else None
    sorts = _compile_order(ctx, order_by)
    return Plan(predicate, projects, sorts, bool(order_by))


def execute(ctx: Context, plan: Plan) -> list[Issue]:
    """Run a compiled query over the issues the user may browse, sorted."""
    allowed = set(ctx.visible)
    if plan.projects is not None:
        allowed &= plan.projects
    if not allowed:
        return []
    if plan.predicate is None:
        issues = [i for i in ctx.store.issues.values() if i.project_id in allowed]
    else:
        test = plan.predicate
        issues = [i for i in ctx.store.issues.values() if i.project_id in allowed and test(i)]
    if not plan.ordered:
        # Jira's order without ORDER BY: newest issue first.
        issues.sort(key=operator.attrgetter("id"), reverse=True)
        return issues
    # Ties fall back to ascending id so that pages never overlap.
    issues.sort(key=operator.attrgetter("id"))
    for key, descending in reversed(plan.sorts):
        issues.sort(key=key, reverse=descending)
    return issues
