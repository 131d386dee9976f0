"""Date values in JQL: absolute dates, relative periods and the startOf/endOf functions.

Everything is computed in UTC; the sandbox does not apply the searcher's time zone. A date
value written in a query goes down to the minute at most (``yyyy/MM/dd HH:mm``; a number of
milliseconds is read as its minute too): a date bound cannot separate two issues created in the
same minute (JIRA-BEHAVIOUR §10). Issue timestamps themselves keep their milliseconds.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

__all__ = [
    "DATETIME_FORMATS",
    "DATE_FORMATS",
    "DateRange",
    "DurationError",
    "boundary",
    "parse_date",
    "parse_datetime",
]

DATETIME_FORMATS = (
    "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', "
    "or a period format e.g. '-5d', '4w 2d'."
)
DATE_FORMATS = (
    "Valid formats include: 'YYYY/MM/DD', 'YYYY-MM-DD', or a period format e.g. '-5d', '4w 2d'."
)

_ABSOLUTE = re.compile(
    r"([0-9]{4})([/-])([0-9]{1,2})\2([0-9]{1,2})(?:\s+([0-9]{1,2}):([0-9]{2}))?", re.ASCII
)
_PERIOD_PART = r"[0-9]+\s*(?:weeks?|w|days?|d|hours?|h|minutes?|m)"
_PERIOD = re.compile(rf"([-+]?)\s*((?:{_PERIOD_PART}\s*,?\s*)+)", re.ASCII)
_PERIOD_ITEM = re.compile(r"([0-9]+)\s*(weeks?|w|days?|d|hours?|h|minutes?|m)", re.ASCII)
_UNIT_MINUTES = {"w": 7 * 24 * 60, "d": 24 * 60, "h": 60, "m": 1}
_INCREMENT = re.compile(r"([-+]?)([0-9]+)([yMwdhm]?)", re.ASCII)
# Enough for any real query; beyond it Python's datetime would overflow anyway.
_MAX_PERIOD_MINUTES = 5_000 * 366 * 24 * 60


@dataclass(frozen=True, slots=True)
class DateRange:
    """The instants a date value stands for: ``[start, end)``; ``start == end`` is one instant."""

    start: datetime
    end: datetime


class DurationError(ValueError):
    """A startOf/endOf increment that does not have the form ``(+/-)n(yMwdm)``."""


def _period(text: str) -> timedelta | None:
    match = _PERIOD.fullmatch(text.strip())
    if match is None:
        return None
    minutes = sum(
        int(amount) * _UNIT_MINUTES[unit[0]] for amount, unit in _PERIOD_ITEM.findall(match[2])
    )
    if minutes > _MAX_PERIOD_MINUTES:
        return None
    return timedelta(minutes=-minutes if match[1] == "-" else minutes)


def parse_datetime(text: str, now: datetime) -> DateRange | None:
    """Read a value for a date-time field; None when it is not one of Jira's formats.

    A bare date covers its whole day and a date with a time its whole minute, so ``=`` finds
    what a person means; a period is one instant relative to ``now``.
    """
    match = _ABSOLUTE.fullmatch(text.strip())
    if match is not None:
        year, _, month, day, hour, minute = match.groups()
        try:
            if hour is None:
                start = datetime(int(year), int(month), int(day), tzinfo=UTC)
                return DateRange(start, start + timedelta(days=1))
            start = datetime(int(year), int(month), int(day), int(hour), int(minute), tzinfo=UTC)
            return DateRange(start, start + timedelta(minutes=1))
        except (ValueError, OverflowError):
            return None
    delta = _period(text)
    if delta is None:
        return None
    try:
        instant = now + delta
    except OverflowError:
        return None
    return DateRange(instant, instant)


def parse_date(text: str, now: datetime) -> date | None:
    """Read a value for a date-only field (due date); None when it is not valid."""
    match = _ABSOLUTE.fullmatch(text.strip())
    if match is not None:
        year, _, month, day, hour, _minute = match.groups()
        if hour is not None:
            return None
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            return None
    delta = _period(text)
    if delta is None:
        return None
    try:
        return (now + delta).date()
    except OverflowError:
        return None


def _add_months(moment: datetime, months: int) -> datetime:
    total = moment.year * 12 + (moment.month - 1) + months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _shift(moment: datetime, amount: int, unit: str) -> datetime:
    if unit == "y":
        return _add_months(moment, 12 * amount)
    if unit == "M":
        return _add_months(moment, amount)
    minutes = {"w": 7 * 24 * 60, "d": 24 * 60, "h": 60, "m": 1}[unit]
    return moment + timedelta(minutes=amount * minutes)


def _period_start(moment: datetime, unit: str, week_starts_sunday: bool) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "d":
        return day
    if unit == "w":
        back = (day.weekday() + 1) % 7 if week_starts_sunday else day.weekday()
        return day - timedelta(days=back)
    if unit == "M":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def boundary(
    unit: str, end: bool, increment: str | None, now: datetime, week_starts_sunday: bool
) -> datetime:
    """startOf/endOf ``unit`` (``d w M y``) of ``now``, moved by ``increment`` such as ``-1M``.

    An increment in the function's own unit moves whole periods (``endOfMonth(+1M)`` is the
    last moment of next month); a smaller unit is added to the boundary (``startOfMonth(+14d)``
    is the 15th), as Jira's documentation describes.
    """
    amount, inc_unit = 0, unit
    if increment is not None:
        match = _INCREMENT.fullmatch(increment.strip())
        if match is None:
            raise DurationError(increment)
        amount = int(match[2]) * (-1 if match[1] == "-" else 1)
        inc_unit = match[3] or unit
    try:
        start = _period_start(now, unit, week_starts_sunday)
        if inc_unit == unit:
            start = _shift(start, amount, unit)
            if not end:
                return start
            return _shift(start, 1, unit) - timedelta(milliseconds=1)
        base = _shift(start, 1, unit) - timedelta(milliseconds=1) if end else start
        return _shift(base, amount, inc_unit)
    except (OverflowError, ValueError) as exc:
        raise DurationError(increment or "") from exc
