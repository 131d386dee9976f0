"""The compile context of a query and the pieces clause compilers build predicates from.

A clause compiles to a predicate over issues; these resolve its operand (literals, EMPTY and
function values) to a set of values and turn that set into a predicate as Jira reads it.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from app.sandbox.jql.fields import FieldSpec
from app.sandbox.jql.functions import FUNCTIONS, FunctionValue, ValueType, call_function
from app.sandbox.jql.parser import EmptyOperand, FunctionOperand, ListOperand, Operand, ValueOperand
from app.sandbox.model import Issue, Project, User
from app.sandbox.store import Store

__all__ = [
    "COMPARE",
    "ISSUE_KEY",
    "POSITIVE",
    "ClauseCompiler",
    "Compiled",
    "Context",
    "Item",
    "Pred",
    "SortKey",
    "T",
    "all_of",
    "any_of",
    "as_utc",
    "attr_getter",
    "collect",
    "find_issue",
    "find_project",
    "function_value",
    "ids_of",
    "key_number",
    "missing_value",
    "multi_valued",
    "never",
    "normalise",
    "operand_items",
    "single_literal",
    "single_valued",
    "unknown_field",
]

Pred = Callable[[Issue], bool]
SortKey = Callable[[Issue], Any]
Item = ValueOperand | EmptyOperand | FunctionOperand
T = TypeVar("T", int, str, float)
Compiled = tuple[Pred, frozenset[int] | None]

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}
POSITIVE = ("=", "in")
ISSUE_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_]*)-([0-9]+)", re.ASCII)


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


# compiles one clause on a field of one kind: (context, field, name as written, operator, operand)
ClauseCompiler = Callable[[Context, FieldSpec, str, str, Operand], Compiled]


# ----- operands ------------------------------------------------------------------------------
def operand_items(operand: Operand) -> list[Item]:
    """The values of an operand, lists flattened."""
    if isinstance(operand, ListOperand):
        out: list[Item] = []
        for item in operand.items:
            out.extend(operand_items(item))
        return out
    return [operand]


def function_value(
    ctx: Context, fname: str, fn: FunctionOperand, accepts: ValueType | None
) -> FunctionValue | None:
    """What a JQL function gives for this field, or None after recording why not."""
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


def collect(
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
            result = function_value(ctx, fname, item, accepts)
            if result is not None and from_function is not None:
                values.update(from_function(result))
    return frozenset(values), with_empty


def ids_of(value: FunctionValue) -> frozenset[int]:
    """The record ids a function produced."""
    return value.ids


def missing_value(fname: str, value: ValueOperand) -> str:
    """Jira's error for a value the field does not have."""
    if value.is_number:
        return f"A value with ID '{value.text}' does not exist for the field '{fname}'."
    return f"The value '{value.text}' does not exist for the field '{fname}'."


def normalise(op: str) -> str:
    """IS / IS NOT EMPTY behave like = / != EMPTY."""
    return {"is": "=", "is not": "!="}.get(op, op)


def single_literal(ctx: Context, fname: str, operand: Operand) -> ValueOperand | None:
    """The one literal a comparison (< > ...) needs; functions are not values here."""
    if isinstance(operand, ValueOperand):
        return operand
    if isinstance(operand, FunctionOperand):
        function_value(ctx, fname, operand, None)
    return None


# ----- predicate builders --------------------------------------------------------------------
def never(_issue: Issue) -> bool:
    """The predicate of a clause that cannot match (Jira with validation off)."""
    return False


def single_valued(
    op: str, values: frozenset[T], with_empty: bool, get: Callable[[Issue], T | None]
) -> Pred:
    """Membership for a single-valued field; != and NOT IN never match an empty field (Jira)."""
    if normalise(op) in POSITIVE:
        if with_empty:
            return lambda i: (v := get(i)) is None or v in values
        return lambda i: get(i) in values
    return lambda i: (v := get(i)) is not None and v not in values


def multi_valued(
    op: str, values: frozenset[T], with_empty: bool, get: Callable[[Issue], Collection[T]]
) -> Pred:
    """Membership for a multi-valued field: any of its values counts."""
    if normalise(op) in POSITIVE:
        if with_empty:
            return lambda i: not (vs := get(i)) or not values.isdisjoint(vs)
        return lambda i: not values.isdisjoint(get(i))
    return lambda i: bool(vs := get(i)) and values.isdisjoint(vs)


def all_of(preds: list[Pred]) -> Pred:
    """A predicate true when all of ``preds`` are."""
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        first, second = preds
        return lambda i: first(i) and second(i)
    return lambda i: all(p(i) for p in preds)


def any_of(preds: list[Pred]) -> Pred:
    """A predicate true when any of ``preds`` is."""
    if len(preds) == 2:
        first, second = preds
        return lambda i: first(i) or second(i)
    return lambda i: any(p(i) for p in preds)


def attr_getter(spec: FieldSpec) -> Callable[[Issue], Any]:
    """The issue attribute a field reads (None for fields the sandbox does not store)."""
    if spec.attr is None:
        return lambda _i: None
    return operator.attrgetter(spec.attr)


# ----- lookups -------------------------------------------------------------------------------
def find_project(visible: dict[int, Project], text: str) -> Project | None:
    """The visible project a JQL value names by key, name or id."""
    low = text.strip().lower()
    for project in visible.values():
        if low in (project.key.lower(), project.name.lower(), str(project.id)):
            return project
    return None


def find_issue(ctx: Context, fname: str, value: ValueOperand) -> Issue | None:
    """The visible issue a JQL value names by id or key, or None after recording why not."""
    text = value.text.strip()
    if text.isascii() and text.isdigit():
        issue = ctx.store.issues.get(int(text))
        if issue is None or issue.project_id not in ctx.visible:
            ctx.error(f"A value with ID '{text}' does not exist for the field '{fname}'.")
            return None
        return issue
    if ISSUE_KEY.fullmatch(text) is None:
        ctx.error(f"The issue key '{text}' for field '{fname}' is invalid.")
        return None
    issue = ctx.store.issues_by_key.get(text.upper())
    if issue is None or issue.project_id not in ctx.visible:
        ctx.error(f"An issue with key '{text}' does not exist for field '{fname}'.")
        return None
    return issue


def key_number(issue: Issue) -> int:
    """The number of an issue key (``ABC-12`` gives 12)."""
    number = issue.key.rpartition("-")[2]
    return int(number) if number.isascii() and number.isdigit() else 0


def as_utc(moment: datetime) -> datetime:
    """A naive time read as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def unknown_field(ctx: Context, name: str) -> str:
    """Jira's error for a field that does not exist or cannot be seen."""
    if ctx.user is None:
        return f"Field '{name}' does not exist or this field cannot be viewed by anonymous users."
    return f"Field '{name}' does not exist or you do not have permission to view it."
