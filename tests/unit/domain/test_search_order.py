"""Reading a query's order, and comparing rows as Jira sorts them."""

from __future__ import annotations

import random

import pytest

from app.domain.issue import IssueRow
from app.domain.search_order import RELEVANCE, SortKind, parse_order


def row(key: str, **values: object) -> IssueRow:
    return IssueRow(str(abs(hash(key)) % 100000), key, dict(values))


@pytest.mark.parametrize(
    ("jql", "where", "order_by", "unmergeable"),
    [
        (
            "project = A ORDER BY created DESC",
            "project = A",
            "ORDER BY created DESC, key ASC",
            None,
        ),
        ("ORDER BY key", "", "ORDER BY key ASC", None),
        ("x = 1 order by updated desc, KEY", "x = 1", "ORDER BY updated DESC, KEY ASC", None),
        ("ORDER BY issuekey DESC, created", "", "ORDER BY issuekey DESC, created ASC", None),
        ("ORDER BY id", "", "ORDER BY id ASC", None),
        ("status = Done", "status = Done", "ORDER BY key DESC", None),  # Jira's default
        ("", "", "ORDER BY key DESC", None),
        ('summary ~ "crash"', 'summary ~ "crash"', "", RELEVANCE),
        ("summary ~ crash ORDER BY due", "summary ~ crash", "ORDER BY due ASC, key ASC", None),
        ('ORDER BY "Epic Link" ASC, key', "", 'ORDER BY "Epic Link" ASC, key ASC', "Epic Link"),
        ("ORDER BY cf[10010] DESC", "", "ORDER BY cf[10010] DESC, key ASC", "cf[10010]"),
        ("ORDER BY priority, key", "", "ORDER BY priority ASC, key ASC", "priority"),
        ("ORDER BY rank", "", "ORDER BY rank ASC, key ASC", "rank"),
        # after the key nothing decides: no need to compare what follows
        ("ORDER BY key, rank", "", "ORDER BY key ASC, rank ASC", None),
        ("ORDER BY resolved DESC", "", "ORDER BY resolved DESC, key ASC", None),
    ],
)
def test_the_order_of_a_query(jql: str, where: str, order_by: str, unmergeable: str | None) -> None:
    order = parse_order(jql)
    assert order.where == where
    assert order.order_by() == order_by
    assert order.unmergeable == unmergeable


def test_queries_are_narrowed_in_parentheses() -> None:
    order = parse_order("a = 1 OR b = 2 ORDER BY created DESC")
    assert order.jql("project = 10000") == (
        "(a = 1 OR b = 2) AND project = 10000 ORDER BY created DESC, key ASC"
    )
    assert order.condition() == "a = 1 OR b = 2"
    assert order.with_key_order() == "a = 1 OR b = 2 ORDER BY key ASC"
    assert parse_order("ORDER BY created").jql("project = 1") == (
        "project = 1 ORDER BY created ASC, key ASC"
    )
    assert parse_order("ORDER BY created").with_key_order() == "ORDER BY key ASC"


def test_sort_fields_know_what_they_read() -> None:
    order = parse_order("ORDER BY createdDate DESC, resolutiondate, due")
    assert [f.kind for f in order.total] == [
        SortKind.DATETIME,
        SortKind.DATETIME,
        SortKind.DATE,
        SortKind.KEY,
    ]
    assert order.needed_fields() == ("created", "resolutiondate", "duedate")
    assert order.key_first is None
    first = parse_order("ORDER BY key DESC").key_first
    assert first is not None and first.descending


def test_key_order_compares_projects_as_text_then_numbers() -> None:
    keys = ["AB-10", "A-2", "AB-9", "B-1", "A-10", "ABC-1"]
    rows = [row(k) for k in keys]
    ascending = sorted(rows, key=parse_order("ORDER BY key").sort_key())
    assert [r.key for r in ascending] == ["A-2", "A-10", "AB-9", "AB-10", "ABC-1", "B-1"]
    descending = sorted(rows, key=parse_order("ORDER BY key DESC").sort_key())
    assert [r.key for r in descending] == ["B-1", "ABC-1", "AB-10", "AB-9", "A-10", "A-2"]


def test_dates_compare_as_instants_and_empty_values_go_last_ascending_first_descending() -> None:
    rows = [
        row("A-1", created="2026-01-01T10:00:00.000+0100"),  # 09:00 UTC
        row("A-2", created="2026-01-01T09:30:00.000+0000"),
        row("A-3", created=None),
        row("A-4", created="2026-01-01T08:59:59.999+0000"),
        row("A-5", created="2026-01-01T09:30:00.000+0000"),  # a tie with A-2: key decides
    ]
    ascending = sorted(rows, key=parse_order("ORDER BY created").sort_key())
    assert [r.key for r in ascending] == ["A-4", "A-1", "A-2", "A-5", "A-3"]
    descending = sorted(rows, key=parse_order("ORDER BY created DESC").sort_key())
    assert [r.key for r in descending] == ["A-3", "A-2", "A-5", "A-1", "A-4"]


def test_due_dates_and_mixed_orders() -> None:
    rows = [
        row("A-1", duedate="2026-02-01", updated="2026-01-01T00:00:00.000+0000"),
        row("A-2", duedate="2026-01-15", updated="2026-01-03T00:00:00.000+0000"),
        row("A-3", duedate="2026-02-01", updated="2026-01-02T00:00:00.000+0000"),
    ]
    order = parse_order("ORDER BY due DESC, updated DESC")
    assert [r.key for r in sorted(rows, key=order.sort_key())] == ["A-3", "A-1", "A-2"]


def test_the_scalar_grows_with_the_order() -> None:
    stamps = [f"2026-01-{d:02d}T00:00:00.000+0000" for d in range(1, 29)]
    rows = [row(f"A-{n}", updated=s) for n, s in enumerate(stamps)] + [row("A-99")]
    random.Random(3).shuffle(rows)
    for jql in ("ORDER BY updated", "ORDER BY updated DESC"):
        order = parse_order(jql)
        keys = sorted(order.sort_key()(r) for r in rows)
        scalars = [order.scalar(k) for k in keys]
        assert scalars == sorted(scalars)


def test_a_descending_key_after_another_field_still_compares_as_keys() -> None:
    stamp = "2026-01-01T00:00:00.000+0000"
    rows = [row(k, updated=stamp) for k in ("AB-1", "A-3", "ABC-2", "A-12", "B-1")]
    rows.append(row("ZZ-1", updated="2025-12-31T00:00:00.000+0000"))
    order = parse_order("ORDER BY updated, key DESC")
    assert [r.key for r in sorted(rows, key=order.sort_key())] == [
        "ZZ-1",
        "B-1",
        "ABC-2",
        "AB-1",
        "A-12",
        "A-3",
    ]
