"""The order of a search's results, as far as Jade can reproduce it to merge pieces of a search.

A search larger than Data Center's result window is loaded in windows (``search_windows``), and
their rows are merged in the order the query asks for. That needs Jade to compare two rows the
way Jira sorts them, which it can for a few fields only:

- ``key`` (and its aliases ``id``, ``issue``, ``issuekey``): project key as a string, then the
  key number (JIRA-BEHAVIOUR §10);
- ``created``, ``updated``, ``resolved``: timestamps, to the millisecond Jira keeps; ``due``: a
  day. Empty values come last in ascending order and first in descending order, as in Jira.

Anything else (custom fields, rank, priority, status, text with Jira's collation, relevance) is
``unmergeable``: the caller says so and offers key order instead.

Jira does not keep the order of rows that tie on every ORDER BY field, not even between two
pages of one search (JIRA-BEHAVIOUR §10, KB-INCONSISTENT). So Jade always ends the order with
``key`` (unless the query sorts by key already): the order is then total, offset pages of one
query cannot overlap or leave gaps while nothing changes, and merged windows agree with it.
Without ORDER BY Jira sorts by ``key DESC``, or by relevance when the query searches text.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.issue import IssueRow
from app.domain.jql_scanner import TokenKind, unquote
from app.domain.jql_tokens import tokenize

__all__ = [
    "RELEVANCE",
    "SearchOrder",
    "SortField",
    "SortKind",
    "parse_order",
]

RELEVANCE = "relevance"  # what Jira sorts by without ORDER BY when the query searches text


class SortKind(enum.Enum):
    """How Jade compares the values of a sort field."""

    KEY = "key"
    DATETIME = "datetime"
    DATE = "date"
    OTHER = "other"  # Jade cannot compare it as Jira does


# clause names (lower case) Jade can compare, with the field id whose value it reads
_KINDS: dict[str, tuple[SortKind, str | None]] = {
    "key": (SortKind.KEY, None),
    "id": (SortKind.KEY, None),
    "issue": (SortKind.KEY, None),
    "issuekey": (SortKind.KEY, None),
    "created": (SortKind.DATETIME, "created"),
    "createddate": (SortKind.DATETIME, "created"),
    "updated": (SortKind.DATETIME, "updated"),
    "updateddate": (SortKind.DATETIME, "updated"),
    "resolved": (SortKind.DATETIME, "resolutiondate"),
    "resolutiondate": (SortKind.DATETIME, "resolutiondate"),
    "due": (SortKind.DATE, "duedate"),
    "duedate": (SortKind.DATE, "duedate"),
}
_FAR = 1e18  # beyond any value a scalar takes: where empty values go


@dataclass(frozen=True, slots=True)
class SortField:
    """One ORDER BY field: as written (for JQL), its name, direction and how Jade compares it."""

    text: str
    name: str
    descending: bool
    kind: SortKind
    field_id: str | None = None  # the issue field the comparison reads; None for key

    @property
    def clause(self) -> str:
        """``created DESC``: the field as written, with its direction."""
        return f"{self.text} {'DESC' if self.descending else 'ASC'}"


KEY_ASC = SortField("key", "key", False, SortKind.KEY)
KEY_DESC = SortField("key", "key", True, SortKind.KEY)

SortKey = tuple[Any, ...]


def _key_parts(key: str) -> tuple[str, int]:
    project, _, number = key.rpartition("-")
    return project, int(number) if number.isdigit() else 0


def _descending_text(text: str) -> tuple[int, ...]:
    # a tuple that sorts the other way round from the text: shorter prefixes come after
    return (*(-ord(c) for c in text), 0)


def _millis(value: Any) -> int | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return round(datetime.fromisoformat(value).timestamp() * 1000)
    except ValueError:
        return None


def _day(value: Any) -> int | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _component(sort: SortField) -> Callable[[IssueRow], tuple[Any, ...]]:
    """The part of a row's sort key for one field: values that sort ascending as Jira sorts.

    Parts are flat tuples of numbers and text, joined into one flat tuple per row: the garbage
    collector stops tracking such tuples, so rows waiting for a merge cost it nothing. A key
    part varies in length only in descending key order, where a sentinel above every
    character keeps joined parts comparing as separate ones.
    """
    if sort.kind is SortKind.KEY:
        if sort.descending:

            def key_desc(row: IssueRow) -> tuple[Any, ...]:
                project, number = _key_parts(row.key)
                return (*_descending_text(project), -number)

            return key_desc
        return lambda row: _key_parts(row.key)
    read = _millis if sort.kind is SortKind.DATETIME else _day
    name = sort.field_id or sort.name
    if sort.descending:
        # empty first, then the latest
        return lambda row: (0, 0) if (v := read(row.field(name))) is None else (1, -v)
    return lambda row: (1, 0) if (v := read(row.field(name))) is None else (0, v)


@dataclass(frozen=True, slots=True)
class SearchOrder:
    """A query split into its condition and its order, and what Jade can do with that order."""

    where: str
    fields: tuple[SortField, ...] = ()
    text_search: bool = False

    @property
    def explicit(self) -> bool:
        """Whether the query has an ORDER BY of its own."""
        return bool(self.fields)

    @property
    def effective(self) -> tuple[SortField, ...]:
        """The order Jira applies: the ORDER BY, else key descending (none for relevance)."""
        if self.fields:
            return self.fields
        return () if self.text_search else (KEY_DESC,)

    @property
    def unmergeable(self) -> str | None:
        """The first sort field Jade cannot compare as Jira does (as named), or None."""
        if not self.fields and self.text_search:
            return RELEVANCE
        for sort in self.effective:
            if sort.kind is SortKind.OTHER:
                return sort.name
            if sort.kind is SortKind.KEY:
                return None  # the fields after key never decide
        return None

    @property
    def total(self) -> tuple[SortField, ...]:
        """The effective order ended with ``key`` so that no two issues tie."""
        order = self.effective
        if not order or any(f.kind is SortKind.KEY for f in order):
            return order
        return (*order, KEY_ASC)

    @property
    def key_first(self) -> SortField | None:
        """The key field when the order starts with it (windows then never interleave)."""
        order = self.total
        return order[0] if order and order[0].kind is SortKind.KEY else None

    def order_by(self) -> str:
        """``ORDER BY …`` for the total order (empty for relevance, which has no clause)."""
        order = self.total
        return f"ORDER BY {', '.join(f.clause for f in order)}" if order else ""

    def jql(self, restriction: str = "") -> str:
        """The query, narrowed by ``restriction`` (JQL), in the total order."""
        return " ".join(p for p in (self.condition(restriction), self.order_by()) if p)

    def condition(self, restriction: str = "") -> str:
        """The query's condition narrowed by ``restriction``, without any order."""
        if not restriction:
            return self.where
        return f"({self.where}) AND {restriction}" if self.where else restriction

    def with_key_order(self) -> str:
        """The same query ordered by key, which Jade can always merge."""
        return " ".join(p for p in (self.where, "ORDER BY key ASC") if p)

    def needed_fields(self) -> tuple[str, ...]:
        """The issue fields the comparison reads (the key comes with every issue)."""
        return tuple(dict.fromkeys(f.field_id for f in self.total if f.field_id))

    def sort_key(self) -> Callable[[IssueRow], SortKey]:
        """A function giving each row a tuple that sorts as Jira sorts the rows."""
        parts = [_component(f) for f in self.total]
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            first, second = parts
            return lambda row: first(row) + second(row)
        return lambda row: tuple(value for part in parts for value in part(row))

    def scalar(self, key: SortKey) -> float:
        """A number that grows with the first sort value (to guess where a page falls)."""
        order = self.total
        if not order or order[0].kind is SortKind.KEY or len(key) < 2:
            return 0.0  # key order: windows follow each other, nothing to guess
        flag, value = key[0], key[1]
        if order[0].descending:
            return float(value) if flag else -_FAR  # empty values first
        return _FAR if flag else float(value)  # empty values last


def parse_order(jql: str) -> SearchOrder:
    """Split a query into its condition and its ORDER BY fields."""
    tokens = tokenize(jql)
    cut = len(jql)
    order_at = None
    for n, token in enumerate(tokens[:-1]):
        if (
            token.kind is TokenKind.KEYWORD
            and token.text.upper() == "ORDER"
            and tokens[n + 1].text.upper() == "BY"
        ):
            cut, order_at = token.start, n + 2
            break
    where = jql[:cut].strip()
    text_search = any(
        t.kind is TokenKind.OPERATOR and t.text == "~" for t in tokens if t.end <= cut
    )
    fields: list[SortField] = []
    if order_at is not None:
        for token in tokens[order_at:]:
            if token.kind is TokenKind.FIELD:
                name = unquote(token.text) if token.text[:1] in "\"'" else token.text
                kind, field_id = _KINDS.get(name.lower(), (SortKind.OTHER, None))
                fields.append(SortField(token.text, name, False, kind, field_id))
            elif token.kind is TokenKind.KEYWORD and fields and token.text.upper() == "DESC":
                last = fields[-1]
                fields[-1] = SortField(last.text, last.name, True, last.kind, last.field_id)
    return SearchOrder(where, tuple(fields), text_search)
