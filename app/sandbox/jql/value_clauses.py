"""Clauses on fields whose values are plain: text, labels, numbers, options, dates and times."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta

from app.sandbox.jql.dates import (
    DATE_FORMATS,
    DATETIME_FORMATS,
    DateRange,
    parse_date,
    parse_datetime,
)
from app.sandbox.jql.fields import FieldSpec, Kind
from app.sandbox.jql.functions import FunctionValue, ValueType
from app.sandbox.jql.parser import EmptyOperand, FunctionOperand, Operand, ValueOperand
from app.sandbox.jql.predicates import (
    COMPARE,
    POSITIVE,
    ClauseCompiler,
    Compiled,
    Context,
    as_utc,
    attr_getter,
    collect,
    function_value,
    multi_valued,
    never,
    normalise,
    operand_items,
    single_literal,
    single_valued,
)
from app.sandbox.jql.text import compile_text, leading_wildcard
from app.sandbox.model import Issue

__all__ = ["VALUE_CLAUSES", "text_of"]

_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _labels(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[str, ...]:
        return (value.text.lower(),)

    values, with_empty = collect(ctx, fname, operand_items(operand), literal)
    return multi_valued(
        op, values, with_empty, lambda i: [label.lower() for label in i.labels]
    ), None


def _number(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[float, ...] | None:
        if _NUMBER.fullmatch(value.text.strip()) is None:
            ctx.error(f"Value '{value.text}' for the '{fname}' field is not a valid number.")
            return None
        return (float(value.text),)

    get = attr_getter(spec)
    if op in COMPARE:
        value = single_literal(ctx, fname, operand)
        found = literal(value) if value is not None else None
        if not found:
            return never, None
        compare, limit = COMPARE[op], found[0]
        return (lambda i: (v := get(i)) is not None and compare(v, limit)), None
    values, with_empty = collect(ctx, fname, operand_items(operand), literal)
    return single_valued(op, values, with_empty, get), None


def _option(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    def literal(value: ValueOperand) -> tuple[int, ...] | None:
        ctx.error(f"The option '{value.text}' for field '{fname}' does not exist.")
        return None

    values, with_empty = collect(ctx, fname, operand_items(operand), literal)
    return single_valued(op, values, with_empty, attr_getter(spec)), None


def _datetime(ctx: Context, spec: FieldSpec, fname: str, op: str, operand: Operand) -> Compiled:
    ranges: list[DateRange] = []
    with_empty = False
    for item in operand_items(operand):
        if isinstance(item, EmptyOperand):
            with_empty = True
        elif isinstance(item, FunctionOperand):
            result = function_value(ctx, fname, item, ValueType.DATE)
            if result is not None and result.instant is not None:
                ranges.append(DateRange(result.instant, result.instant))
        elif item.is_number:
            # Jira reads a bare number for a date field as milliseconds since the epoch, and
            # like every date value in JQL it stands for its whole minute (JIRA-BEHAVIOUR §10):
            # no value can fall between two issues created in the same minute.
            try:
                instant = _EPOCH + timedelta(milliseconds=int(item.text))
            except OverflowError:
                ctx.error(
                    f"Date value '{item.text}' for field '{fname}' is invalid. {DATETIME_FORMATS}"
                )
                continue
            minute = instant.replace(second=0, microsecond=0)
            ranges.append(DateRange(minute, minute + timedelta(minutes=1)))
        else:
            parsed = parse_datetime(item.text, ctx.now)
            if parsed is None:
                ctx.error(
                    f"Date value '{item.text}' for field '{fname}' is invalid. {DATETIME_FORMATS}"
                )
                continue
            ranges.append(parsed)
    raw = attr_getter(spec)

    def get(issue: Issue) -> datetime | None:
        value: datetime | None = raw(issue)
        return None if value is None else as_utc(value)

    if op in COMPARE:
        if not ranges:
            return never, None
        compare, limit = COMPARE[op], ranges[0].start
        return (lambda i: (v := get(i)) is not None and compare(v, limit)), None

    def inside(moment: datetime) -> bool:
        for span in ranges:
            if span.start == span.end:
                if moment == span.start:
                    return True
            elif span.start <= moment < span.end:
                return True
        return False

    if normalise(op) in POSITIVE:
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

    raw = attr_getter(spec)

    def get(issue: Issue) -> int | None:
        value: date | None = raw(issue)
        return None if value is None else value.toordinal()

    if op in COMPARE:
        found: Iterable[int] | None = None
        if isinstance(operand, FunctionOperand):
            result = function_value(ctx, fname, operand, ValueType.DATE)
            found = None if result is None else from_function(result)
        elif isinstance(operand, ValueOperand):
            found = literal(operand)
        limits = list(found or ())
        if not limits:
            return never, None
        compare, limit = COMPARE[op], limits[0]
        return (lambda i: (v := get(i)) is not None and compare(v, limit)), None
    values, with_empty = collect(
        ctx, fname, operand_items(operand), literal, ValueType.DATE, from_function
    )
    return single_valued(op, values, with_empty, get), None


def text_of(spec: FieldSpec) -> Callable[[Issue], str]:
    """The text a text field searches in an issue."""
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
    get = text_of(spec)
    if isinstance(operand, EmptyOperand):
        if op in ("~", "=", "is"):
            return (lambda i: not get(i).strip()), None
        return (lambda i: bool(get(i).strip())), None
    value = single_literal(ctx, fname, operand)
    if value is None:
        return never, None
    if leading_wildcard(value.text):
        ctx.error(
            f"The text query '{value.text}' for field '{fname}' is not valid: the '*' and '?' "
            "are not allowed as first character in wildcard query."
        )
        return never, None
    matches = compile_text(value.text)
    if op == "!~":
        return (lambda i: not matches(get(i))), None
    return (lambda i: matches(get(i))), None


# what compiles a clause, per kind of field
VALUE_CLAUSES: dict[Kind, ClauseCompiler] = {
    Kind.TEXT: _text,
    Kind.LABEL: _labels,
    Kind.DATETIME: _datetime,
    Kind.DATE: _date,
    Kind.NUMBER: _number,
    Kind.OPTION: _option,
}
