"""A forgiving JQL tokenizer for the query editor: colours, completion context, error positions.

This is not a parser. It never raises: whatever the user has typed so far (half a clause, an
unterminated string, a stray ``{``) comes back as tokens, so the editor can colour and complete
while the query is still wrong. The server stays the judge of validity; this module only has to
be right about what the user is *typing*.

Where a word stands decides what it is: after an operator it is a value, at the start of a
clause it is a field, after a complete clause it is a keyword (AND, OR, ORDER BY). The state
machine that decides it lives in ``jql_scanner``; ``TokenStream`` keeps the tokens of a query
that is being edited without scanning it all again on every keystroke.
"""

from __future__ import annotations

import enum
import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from app.domain.jql_scanner import (
    RESERVED_CHARS,
    WHITESPACE,
    WORD_STOP,
    Checkpoint,
    State,
    Token,
    TokenKind,
    scan,
    unquote,
)

__all__ = [
    "CLAUSE_KEYWORDS",
    "ORDER_KEYWORDS",
    "CompletionContext",
    "ContextKind",
    "Token",
    "TokenKind",
    "TokenStream",
    "context_at",
    "error_position",
    "needs_quoting",
    "plain_suggestion",
    "quote_value",
    "tokenize",
]


class ContextKind(enum.StrEnum):
    """What the user can type at the cursor."""

    FIELD = "field"
    OPERATOR = "operator"
    VALUE = "value"
    KEYWORD = "keyword"
    ORDER_FIELD = "order-field"
    NONE = "none"  # inside function arguments, between list items, after ORDER BY f ASC


@dataclass(frozen=True, slots=True)
class CompletionContext:
    """What is being typed at the cursor, and the span a chosen completion replaces.

    ``prefix`` is the part of the current word before the cursor with any opening quote and
    escapes removed (what to filter by); ``start``/``end`` cover the whole word as typed, so an
    accepted completion replaces it even when the cursor sits in its middle. ``field`` is the
    clause's field (unquoted) for operator and value contexts; ``keywords`` are the keywords
    that fit here (AND/OR/ORDER BY after a clause, ASC/DESC after a sort field, ...).
    """

    kind: ContextKind
    prefix: str = ""
    field: str | None = None
    start: int = 0
    end: int = 0
    keywords: tuple[str, ...] = ()
    in_list: bool = False

    def as_tuple(self) -> tuple[str, ...]:
        """The brief's shorthand: ("field", prefix), ("value", field, prefix), ..."""
        if self.kind in (ContextKind.OPERATOR, ContextKind.VALUE):
            return (self.kind.value, self.field or "", self.prefix)
        return (self.kind.value, self.prefix)


CLAUSE_KEYWORDS = ("AND", "OR", "ORDER BY")
ORDER_KEYWORDS = ("ASC", "DESC")
_FIELD_KEYWORDS = ("NOT",)
_GRAMMAR_WORDS = frozenset(
    {
        "and", "or", "not", "in", "is", "empty", "null", "order", "by", "asc", "desc",
        "was", "changed", "after", "before", "during", "on", "from", "to",
    }
)  # fmt: skip
# A reserved word needs quotes to be a value; a few obvious ones (the full list is the site's
# jqlReservedWords, which the editor passes to quote_value when it has it).
_COMMON_RESERVED = frozenset(
    {"select", "where", "from", "and", "or", "not", "in", "is", "empty", "null", "order", "by",
     "true", "false", "user", "end", "start", "set", "date", "like", "limit", "with", "update"}
)  # fmt: skip


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, classifying words by position. Never raises."""
    return [step.token for step in scan(text).steps]


_WORDISH = frozenset(
    {
        TokenKind.FIELD, TokenKind.KEYWORD, TokenKind.FUNCTION, TokenKind.STRING,
        TokenKind.NUMBER, TokenKind.VALUE, TokenKind.ERROR,
    }
)  # fmt: skip


def _context_for(
    before: Checkpoint, at: int, word_start: int, word_end: int, raw_prefix: str
) -> CompletionContext:
    """The context of a word typed at ``word_start`` in state ``before`` (taken at ``at``)."""
    state, field_name, op_words = before.state, before.field, before.op_words
    op_start = at - before.op_back
    prefix = unquote(raw_prefix) if raw_prefix else ""
    if before.in_function and state in (State.VALUE, State.LIST_ITEM, State.LIST_AFTER):
        return CompletionContext(ContextKind.NONE, prefix, field_name, word_start, word_end)
    if state is State.FIELD:
        return CompletionContext(
            ContextKind.FIELD, prefix, None, word_start, word_end, _FIELD_KEYWORDS
        )
    if state is State.OPERATOR:
        return CompletionContext(ContextKind.OPERATOR, prefix, field_name, word_start, word_end)
    if state is State.OP_MORE:
        # "status not |" can only go on to "not in"; "status was |" to "was in"/"was not" or a
        # value. The operator context then replaces the whole operator typed so far.
        word = prefix.lower()
        continues = word == "" or "not".startswith(word) or "in".startswith(word)
        if op_words == ("not",) or (op_words[0] == "was" and continues):
            return CompletionContext(
                ContextKind.OPERATOR,
                " ".join((*op_words, prefix)) if prefix else " ".join(op_words) + " ",
                field_name,
                op_start,
                word_end,
            )
        return CompletionContext(ContextKind.VALUE, prefix, field_name, word_start, word_end)
    if state in (State.VALUE, State.LIST_ITEM):
        return CompletionContext(
            ContextKind.VALUE, prefix, field_name, word_start, word_end, in_list=before.in_list
        )
    if state is State.AFTER_CLAUSE:
        return CompletionContext(
            ContextKind.KEYWORD, prefix, None, word_start, word_end, CLAUSE_KEYWORDS
        )
    if state is State.ORDER_BY:
        return CompletionContext(ContextKind.KEYWORD, prefix, None, word_start, word_end, ("BY",))
    if state is State.ORDER_FIELD:
        return CompletionContext(ContextKind.ORDER_FIELD, prefix, None, word_start, word_end)
    if state is State.ORDER_DIR:
        return CompletionContext(
            ContextKind.KEYWORD, prefix, None, word_start, word_end, ORDER_KEYWORDS
        )
    return CompletionContext(ContextKind.NONE, prefix, None, word_start, word_end)


def _touching(text: str, cursor: int, start: int, end: int, kind: TokenKind) -> bool:
    """Whether the token at ``start:end`` is the word being typed at ``cursor``."""
    if not start < cursor <= end or kind not in _WORDISH or text[start] == "!":
        return False
    # just after a closing quote the word is finished
    return not (text[start] in "\"'" and cursor == end and kind is TokenKind.STRING)


def _context_between(
    text: str, cursor: int, start: int = 0, resume: Checkpoint | None = None
) -> CompletionContext:
    """The context at a ``cursor`` that touches no word: the state after the text before it."""
    before = scan(text[:cursor], start, resume)
    return _context_for(before.checkpoint(cursor), cursor, cursor, cursor, "")


def context_at(text: str, cursor: int) -> CompletionContext:
    """What the user is typing at ``cursor`` (0 ≤ cursor ≤ len(text)); never raises."""
    cursor = max(0, min(cursor, len(text)))
    for step in scan(text).steps:
        tok = step.token
        if _touching(text, cursor, tok.start, tok.end, tok.kind):
            return _context_for(
                step.before, tok.start, tok.start, tok.end, text[tok.start : cursor]
            )
    return _context_between(text, cursor)


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix (halving, so the comparisons run in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the longest common suffix, at most ``limit``."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


class TokenStream:
    """The tokens of one query, kept current edit by edit (what ``tokenize`` would give).

    An edit re-scans from the last token that starts before it, and stops as soon as the
    scanner is back in step with the old tokens: at an old token past the edit, in the state
    that token was typed into. The tokens after that are reused, shifted, so a keystroke in a
    58 KB query re-scans a few tokens instead of twelve thousand.
    """

    def __init__(self, text: str = "") -> None:
        self._text = ""
        # parallel lists: cheaper to shift after an edit than Token objects
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._kinds: list[TokenKind] = []
        self._befores: list[Checkpoint] = []
        self.update(text)

    @property
    def text(self) -> str:
        """The query the tokens are of."""
        return self._text

    def __len__(self) -> int:
        return len(self._starts)

    def tokens(self) -> list[Token]:
        """Every token, as ``tokenize(self.text)`` gives them."""
        text = self._text
        return [
            Token(kind, start, end, text[start:end])
            for start, end, kind in zip(self._starts, self._ends, self._kinds, strict=True)
        ]

    def spans(self, start: int, end: int) -> Iterator[tuple[int, int, TokenKind]]:
        """(start, end, kind) of each token that overlaps ``text[start:end]``, in order."""
        starts, ends, kinds = self._starts, self._ends, self._kinds
        for i in range(bisect_right(ends, start), bisect_left(starts, end)):
            yield starts[i], ends[i], kinds[i]

    def token_at(self, offset: int) -> Token | None:
        """The token covering ``text[offset]`` (None in whitespace and past the end)."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0 or offset >= self._ends[i]:
            return None
        start, end = self._starts[i], self._ends[i]
        return Token(self._kinds[i], start, end, self._text[start:end])

    def context_at(self, cursor: int) -> CompletionContext:
        """What the user is typing at ``cursor``, as ``context_at(self.text, cursor)``."""
        text = self._text
        cursor = max(0, min(cursor, len(text)))
        k = bisect_left(self._starts, cursor) - 1  # the last token starting before the cursor
        if k < 0:
            return _context_between(text, cursor)
        start, end, before = self._starts[k], self._ends[k], self._befores[k]
        if _touching(text, cursor, start, end, self._kinds[k]):
            return _context_for(before, start, start, end, text[start:cursor])
        # the tokens before token k read nothing at or past its start, so resuming there over
        # the text up to the cursor is the same as scanning all of it
        return _context_between(text, cursor, start, before)

    def update(self, text: str) -> tuple[int, int]:
        """Take the query's new text; returns the span of ``text`` whose tokens were scanned
        again (tokens outside it are unchanged but for their shift)."""
        old = self._text
        if text == old:
            return (0, 0)
        prefix = _common_prefix(old, text)
        suffix = _common_suffix(old, text, min(len(old), len(text)) - prefix)
        return self._edit(text, prefix, len(old) - prefix - suffix, len(text) - prefix - suffix)

    def _edit(self, text: str, position: int, removed: int, added: int) -> tuple[int, int]:
        starts, ends, kinds, befores = self._starts, self._ends, self._kinds, self._befores
        delta = added - removed
        # Token k (the last to start before the edit) may change: it may be the word being
        # typed, or a word whose look-ahead (a "(" that makes it a function) was edited. Tokens
        # before it end, and look ahead, no further than its start.
        k = bisect_left(starts, position) - 1
        at, resume = (starts[k], befores[k]) if k >= 0 else (0, None)
        k = max(k, 0)
        edited_end = position + added
        n = len(starts)
        reuse = bisect_left(starts, position + removed)  # old tokens wholly after the edit

        def caught_up(offset: int, before: Checkpoint) -> bool:
            nonlocal reuse
            if offset < edited_end:
                return False
            while reuse < n and starts[reuse] + delta < offset:
                reuse += 1
            # the same state before the same unchanged text: the rest scans as before
            return reuse < n and starts[reuse] + delta == offset and befores[reuse] == before

        result = scan(text, at, resume, caught_up)
        stop = result.stopped_at
        if stop is None:
            stop, reuse = len(text), n
        steps = result.steps
        # in place: a keystroke at the end of a long query copies nothing
        starts[k:reuse] = [s.token.start for s in steps]
        ends[k:reuse] = [s.token.end for s in steps]
        kinds[k:reuse] = [s.token.kind for s in steps]
        befores[k:reuse] = [s.before for s in steps]
        if delta:
            tail = k + len(steps)
            starts[tail:] = [s + delta for s in starts[tail:]]
            ends[tail:] = [e + delta for e in ends[tail:]]
        self._text = text
        return (at, stop)


_POSITION = re.compile(r"\(line (\d+), character (\d+)\)\s*\.?\s*$")
_CHARACTER_AT = re.compile(r"on line (\d+) at position (\d+)")


def error_position(message: str, text: str) -> int | None:
    """The offset in ``text`` a Jira JQL error points at, from "(line L, character C)"."""
    m = _POSITION.search(message) or _CHARACTER_AT.search(message)
    if m is None:
        return None
    line, column = int(m.group(1)), int(m.group(2))
    lines = text.split("\n")
    if line < 1 or line > len(lines) or column < 1:
        return None
    offset = sum(len(previous) + 1 for previous in lines[: line - 1]) + column - 1
    # Jira may point one past the end (a missing operand at the end of the query)
    return min(offset, len(text))


def needs_quoting(value: str, reserved_words: frozenset[str] = frozenset()) -> bool:
    """Whether ``value`` must be quoted to be a JQL operand (whitespace, reserved chars/words)."""
    if value == "":
        return True
    if any(ch in WHITESPACE or ch in WORD_STOP or ch in RESERVED_CHARS for ch in value):
        return True
    if any(ord(ch) < 0x20 or ch == "\\" for ch in value):
        return True
    lower = value.lower()
    return lower in _GRAMMAR_WORDS or lower in _COMMON_RESERVED or lower in reserved_words


def quote_value(value: str, reserved_words: frozenset[str] = frozenset()) -> str:
    """``value`` as it must be typed: bare when it can be, else double-quoted with escapes."""
    if not needs_quoting(value, reserved_words):
        return value
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


_TAG = re.compile(r"</?b>", re.IGNORECASE)


def plain_suggestion(display: str) -> str:
    """A suggestion's displayName as plain text (Jira bolds the matched part with <b>)."""
    return html.unescape(_TAG.sub("", display))
