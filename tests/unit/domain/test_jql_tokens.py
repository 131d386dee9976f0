"""The editor's JQL tokenizer, completion context, error positions, quoting and history."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from app.domain.jql_history import MAX_HISTORY, QueryHistory
from app.domain.jql_tokens import (
    ContextKind,
    TokenKind,
    TokenStream,
    context_at,
    error_position,
    needs_quoting,
    plain_suggestion,
    quote_value,
    tokenize,
)

F, OP, K, FN, S, N, V, P, E = (
    "field", "operator", "keyword", "function", "string", "number", "value", "punct", "error",
)  # fmt: skip

TOKEN_CASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("", []),
    ("   ", []),
    ("project = ABC", [(F, "project"), (OP, "="), (V, "ABC")]),
    ("priority >= 3", [(F, "priority"), (OP, ">="), (N, "3")]),
    ("votes != -12", [(F, "votes"), (OP, "!="), (N, "-12")]),
    ("summary ~ 'it''s'", [(F, "summary"), (OP, "~"), (S, "'it'"), (V, "'s'")]),
    (r'summary ~ "say \"hi\""', [(F, "summary"), (OP, "~"), (S, r'"say \"hi\""')]),
    (r"summary !~ 'don\'t'", [(F, "summary"), (OP, "!~"), (S, r"'don\'t'")]),
    (r'labels = "\u00e9t\u00e9"', [(F, "labels"), (OP, "="), (S, r'"\u00e9t\u00e9"')]),
    (r'labels = "bad \q"', [(F, "labels"), (OP, "="), (E, r'"bad \q"')]),
    ('summary ~ "unterminated', [(F, "summary"), (OP, "~"), (E, '"unterminated')]),
    (r"labels = foo\ bar", [(F, "labels"), (OP, "="), (V, r"foo\ bar")]),
    (
        "status NOT IN (Open, 'In Progress')",
        [
            (F, "status"),
            (K, "NOT"),
            (K, "IN"),
            (P, "("),
            (V, "Open"),
            (P, ","),
            (S, "'In Progress'"),
            (P, ")"),
        ],
    ),
    ("assignee IS NOT EMPTY", [(F, "assignee"), (K, "IS"), (K, "NOT"), (K, "EMPTY")]),
    ("resolution is null", [(F, "resolution"), (K, "is"), (K, "null")]),
    (
        "assignee = currentUser()",
        [(F, "assignee"), (OP, "="), (FN, "currentUser"), (P, "("), (P, ")")],
    ),
    (
        "due < startOfMonth(-1M)",
        [(F, "due"), (OP, "<"), (FN, "startOfMonth"), (P, "("), (V, "-1M"), (P, ")")],
    ),
    (
        'assignee in membersOf("jira admins")',
        [(F, "assignee"), (K, "in"), (FN, "membersOf"), (P, "("), (S, '"jira admins"'), (P, ")")],
    ),
    (
        "sprint in (openSprints(), 5)",
        [
            (F, "sprint"),
            (K, "in"),
            (P, "("),
            (FN, "openSprints"),
            (P, "("),
            (P, ")"),
            (P, ","),
            (N, "5"),
            (P, ")"),
        ],
    ),
    (
        "a = 1 ORDER BY created DESC, key asc",
        [
            (F, "a"),
            (OP, "="),
            (N, "1"),
            (K, "ORDER"),
            (K, "BY"),
            (F, "created"),
            (K, "DESC"),
            (P, ","),
            (F, "key"),
            (K, "asc"),
        ],
    ),
    ("ORDER BY rank", [(K, "ORDER"), (K, "BY"), (F, "rank")]),
    (
        "(a = b OR c = d) AND NOT e = f",
        [
            (P, "("),
            (F, "a"),
            (OP, "="),
            (V, "b"),
            (K, "OR"),
            (F, "c"),
            (OP, "="),
            (V, "d"),
            (P, ")"),
            (K, "AND"),
            (K, "NOT"),
            (F, "e"),
            (OP, "="),
            (V, "f"),
        ],
    ),
    (
        "a = b && !c = d",
        [(F, "a"), (OP, "="), (V, "b"), (K, "&&"), (K, "!"), (F, "c"), (OP, "="), (V, "d")],
    ),
    ("cf[10010] = 5", [(F, "cf[10010]"), (OP, "="), (N, "5")]),
    ('"Epic Link" = ABC-1', [(F, '"Epic Link"'), (OP, "="), (V, "ABC-1")]),
    ("created > 2024/01/01", [(F, "created"), (OP, ">"), (E, "2024/01/01")]),
    ("a = {b}", [(F, "a"), (OP, "="), (E, "{b}")]),
    ("a = b)", [(F, "a"), (OP, "="), (V, "b"), (E, ")")]),
    ("a = [", [(F, "a"), (OP, "="), (E, "[")]),
    (
        "status was not in (A) by admin after -1w",
        [
            (F, "status"),
            (K, "was"),
            (K, "not"),
            (K, "in"),
            (P, "("),
            (V, "A"),
            (P, ")"),
            (K, "by"),
            (V, "admin"),
            (K, "after"),
            (V, "-1w"),
        ],
    ),
    ("status changed", [(F, "status"), (K, "changed")]),
    ("a=b", [(F, "a"), (OP, "="), (V, "b")]),
    (
        "a = b\nAND c = d",
        [(F, "a"), (OP, "="), (V, "b"), (K, "AND"), (F, "c"), (OP, "="), (V, "d")],
    ),
]


@pytest.mark.parametrize(
    ("query", "expected"), TOKEN_CASES, ids=[c[0] or "<empty>" for c in TOKEN_CASES]
)
def test_tokenize(query: str, expected: list[tuple[str, str]]) -> None:
    tokens = tokenize(query)
    assert [(t.kind.value, t.text) for t in tokens] == expected
    for token in tokens:  # spans are exact slices, in order
        assert query[token.start : token.end] == token.text


@pytest.mark.parametrize(
    "query",
    ['"', "'", "\\", "((((", "))))", "= = =", "ORDER", "ORDER BY", "a in (", "f(", "!", "&|", "cf[",
     'a = "x\\', "\x00\x7f", "a ~ \"\\u12\""],
)  # fmt: skip
def test_tokenize_never_raises_and_covers_text(query: str) -> None:
    tokens = tokenize(query)
    covered = "".join(query[t.start : t.end] for t in tokens)
    assert covered == "".join(ch for ch in query if not ch.isspace())


CONTEXT_CASES: list[tuple[str, tuple[str, ...]]] = [
    ("|", ("field", "")),
    ("sta|", ("field", "sta")),
    ("sta|tus = Open", ("field", "sta")),  # cursor in the middle of a word
    ("status |", ("operator", "status", "")),
    ("status !|", ("operator", "status", "")),  # "!" here is an operator being typed, not NOT
    ("status not |", ("operator", "status", "not ")),
    ("status not i|", ("operator", "status", "not i")),
    ("status was |", ("operator", "status", "was ")),
    ("status = |", ("value", "status", "")),
    ("status = Op|", ("value", "status", "Op")),
    ('status = "In Pr|', ("value", "status", "In Pr")),
    ("status in (Open, |", ("value", "status", "")),
    ("status is |", ("value", "status", "")),
    ("status is not E|", ("value", "status", "E")),
    ('"Epic Link" = |', ("value", "Epic Link", "")),
    ("status = Open |", ("keyword", "")),
    ("status = Open A|", ("keyword", "A")),
    ("status = 'Open' |", ("keyword", "")),
    ("status = Open AND |", ("field", "")),
    ("status = Open AND (pri|", ("field", "pri")),
    ("status = Open ORDER |", ("keyword", "")),
    ("status = Open ORDER BY |", ("order-field", "")),
    ("ORDER BY created DESC, up|", ("order-field", "up")),
    ("ORDER BY created |", ("keyword", "")),
    ("due < startOfDay(|", ("none", "")),
    ("status in (Open |", ("none", "")),
]


@pytest.mark.parametrize(("marked", "expected"), CONTEXT_CASES, ids=[c[0] for c in CONTEXT_CASES])
def test_context_at(marked: str, expected: tuple[str, ...]) -> None:
    cursor = marked.index("|")
    text = marked.replace("|", "", 1)
    assert context_at(text, cursor).as_tuple() == expected


def test_context_spans_the_whole_word_and_offers_keywords() -> None:
    ctx = context_at("sta = x", 2)
    assert (ctx.start, ctx.end, ctx.prefix) == (0, 3, "st")
    after = context_at("a = b ", 6)
    assert after.kind is ContextKind.KEYWORD and after.keywords == ("AND", "OR", "ORDER BY")
    order = context_at("ORDER BY x ", 11)
    assert order.keywords == ("ASC", "DESC")
    op = context_at("status not i", 12)
    assert (op.start, op.end) == (7, 12)  # replacing "not i" with "not in"
    assert context_at("status in (A, ", 14).in_list
    assert context_at("abc", 99).prefix == "abc"  # a cursor past the end is clamped


# --- the token stream: an edited query gives what tokenizing it afresh gives ---------------

# Hypothesis keeps caches in ./.hypothesis by default; with this project's norecursedirs, pytest's
# hypothesis plugin then warns about that folder at collection, and warnings are errors here.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "jade-hypothesis")

PIECES = [
    "project", "status", '"Epic Link"', "cf[10010]", "=", "!=", "~", "<=", "!", "in", "not",
    "is", "was", "changed", "EMPTY", "AND", "OR", "ORDER", "BY", "DESC", ",", "(", ")", "[",
    '"', "'", "\\", '"In Progress"', "'it'", "Done", "-1", "42", "startOfDay", "f(", "&&",
    "{", "after", " ", " ", "\n", "x",
]  # fmt: skip
queries = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def _same_as_fresh(stream: TokenStream) -> None:
    text = stream.text
    assert stream.tokens() == tokenize(text)
    for cursor in range(len(text) + 1):
        assert stream.context_at(cursor) == context_at(text, cursor), (text, cursor)


@settings(max_examples=300, deadline=None)
@given(queries, st.data())
def test_stream_after_any_edit_equals_a_fresh_tokenize(text: str, data: st.DataObject) -> None:
    stream = TokenStream(text)
    _same_as_fresh(stream)
    for _ in range(3):
        old = stream.text
        start = data.draw(st.integers(0, len(old)))
        end = data.draw(st.integers(start, len(old)))
        piece = data.draw(queries)
        stream.update(old[:start] + piece + old[end:])
        _same_as_fresh(stream)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("a = foo ", "a = foo ("),  # the look-ahead: foo becomes a function
        ("a = foo (x)", "a = foo x)"),
        ("a = b AND c = d", 'a = "b AND c = d'),  # an open quote swallows the rest
        ('a = "b AND c = d', 'a = "b" AND c = d'),
        ("status not in (A)", "status not  in (A)"),
        ("status in (A, B, C) AND x = 1", "status in (A, B C) AND x = 1"),
        ("project = A", ""),
        ("", "project = A"),
        ("a = b\\", "a = b\\ c"),  # a trailing backslash escapes what is typed after it
    ],
)
def test_stream_handles_edits_that_change_earlier_or_later_tokens(before: str, after: str) -> None:
    stream = TokenStream(before)
    stream.update(after)
    _same_as_fresh(stream)


def test_stream_rescans_only_near_the_edit() -> None:
    text = " AND ".join(f"key in (ABC-{n}, ABC-{n + 1})" for n in range(2000))
    stream = TokenStream(text)
    # from the last token before the edit (the closing parenthesis) to the end
    assert stream.update(text + " AND lab") == (len(text) - 1, len(text) + 8)
    text = stream.text
    middle = text.index("ABC-1000,")
    edited = text[:middle] + "X" + text[middle:]
    start, end = stream.update(edited)
    assert start <= middle and end - start < 40  # back in step a token or two later
    assert stream.tokens() == tokenize(edited)
    token = stream.token_at(middle)
    assert token is not None and token.text == "XABC-1000" and token.kind is TokenKind.VALUE
    assert stream.token_at(middle - 2) is None  # the space before its "("
    assert [kind for _, _, kind in stream.spans(0, 7)] == [TokenKind.FIELD, TokenKind.KEYWORD]
    assert stream.update(edited) == (0, 0)  # no change, nothing scanned


@pytest.mark.parametrize(
    ("message", "text", "expected"),
    [
        (
            "Error in the JQL Query: Expecting operator but got 'x'. (line 1, character 8)",
            "status x",
            7,
        ),
        ("Error in JQL Query: Expecting ')' but got 'b'. (line 2, character 3)", "a = b\nc d", 8),
        ("Expecting either a value, list or function before the end of the query.", "a =", None),
        ("The character 'U+007F' on line 1 at position 5 must be escaped.", "a = \x7f", 4),
        ("Bad (line 9, character 1)", "one line", None),
        ("Past the end (line 1, character 20)", "short", 5),
    ],
)
def test_error_position(message: str, text: str, expected: int | None) -> None:
    assert error_position(message, text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Done", "Done"),
        ("In Progress", '"In Progress"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("a\\b", '"a\\\\b"'),
        ("C++", '"C++"'),
        ("empty", '"empty"'),
        ("AND", '"AND"'),
        ("", '""'),
        ("ABC-1", "ABC-1"),
    ],
)
def test_quote_value(value: str, expected: str) -> None:
    assert quote_value(value) == expected


def test_site_reserved_words_are_quoted() -> None:
    assert not needs_quoting("abort")
    assert quote_value("abort", frozenset({"abort"})) == '"abort"'


def test_plain_suggestion_strips_jira_bold() -> None:
    assert plain_suggestion("<b>In</b> Progress &amp; more") == "In Progress & more"


def test_history_is_most_recent_first_deduplicated_and_capped() -> None:
    history = QueryHistory()
    for n in range(MAX_HISTORY + 5):
        history.add(f"key = A-{n}")
    history.add("  key = A-10 ")  # again: moves to the front, not duplicated
    history.add("   ")  # blank runs are not remembered
    entries = history.entries
    assert len(entries) == MAX_HISTORY and entries[0] == "key = A-10"
    assert entries.count("key = A-10") == 1 and entries[1] == f"key = A-{MAX_HISTORY + 4}"
    restored = QueryHistory.from_list(history.to_list())
    assert restored.entries == entries
    assert QueryHistory.from_list({"not": "a list"}).entries == []
    assert QueryHistory.from_list(["a", 3, "a", "b"]).entries == ["a", "b"]


def test_history_walk_keeps_the_draft() -> None:
    history = QueryHistory(["newest", "older", "oldest"])
    assert history.newer() is None  # not walking yet
    assert history.older("my draft") == "newest"
    assert history.older("ignored") == "older"
    assert history.older("ignored") == "oldest"
    assert history.older("ignored") is None  # stays at the oldest
    assert history.newer() == "older"
    assert history.newer() == "newest"
    assert history.newer() == "my draft"
    assert history.newer() is None and not history.walking
