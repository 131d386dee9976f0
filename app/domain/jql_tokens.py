"""A forgiving JQL tokenizer for the query editor: colours, completion context, error positions.

This is not a parser. It never raises: whatever the user has typed so far (half a clause, an
unterminated string, a stray ``{``) comes back as tokens, so the editor can colour and complete
while the query is still wrong. The server stays the judge of validity; this module only has to
be right about what the user is *typing*.

Where a word stands decides what it is: after an operator it is a value, at the start of a
clause it is a field, after a complete clause it is a keyword (AND, OR, ORDER BY).
"""

from __future__ import annotations

import enum
import html
import re
from dataclasses import dataclass
from dataclasses import field as _dc_field

__all__ = [
    "CLAUSE_KEYWORDS",
    "ORDER_KEYWORDS",
    "CompletionContext",
    "ContextKind",
    "Token",
    "TokenKind",
    "context_at",
    "error_position",
    "needs_quoting",
    "plain_suggestion",
    "quote_value",
    "tokenize",
]


class TokenKind(enum.StrEnum):
    """What a piece of the query is, as far as colouring and completion care."""

    FIELD = "field"
    OPERATOR = "operator"  # symbolic operators; word operators (IN, IS, NOT, WAS) are KEYWORDs
    KEYWORD = "keyword"
    FUNCTION = "function"  # a name followed by "("
    STRING = "string"  # a complete quoted string in value position
    NUMBER = "number"  # an unquoted integer in value position
    VALUE = "value"  # an unquoted word in value position
    PUNCT = "punct"  # ( ) , and the brackets of cf[...]
    ERROR = "error"  # unterminated string, bad escape, reserved or stray character


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``text`` is exactly ``query[start:end]`` (quotes and escapes included)."""

    kind: TokenKind
    start: int
    end: int
    text: str


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

_WHITESPACE = frozenset(" \t\n\r\f\u2028\u2029")
# Characters that end an unquoted word (besides whitespace); the sandbox lexer uses the same set.
_WORD_STOP = frozenset("\"'=!<>()~,[]|&")
# Characters Jira refuses outside a string unless escaped (JIRA-BEHAVIOUR §1).
_RESERVED_CHARS = frozenset("{}*/%+^$#@?;")
_SIMPLE_ESCAPES = frozenset("'\"tnr\\ ")
_HEX = frozenset("0123456789abcdefABCDEF")
_INTEGER = re.compile(r"-?[0-9]+")
_CUSTOM_FIELD = re.compile(r"cf\[[0-9]*\]?", re.IGNORECASE)
_SYMBOL_OPERATORS = ("!=", "!~", "<=", ">=", "=", "<", ">", "~")
_CONNECTORS = ("&&", "||", "&", "|")
# Words after a clause that start a history predicate (status WAS x BY admin AFTER -1w).
_PREDICATES = frozenset({"after", "before", "during", "on", "by", "from", "to"})
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


class _State(enum.Enum):
    FIELD = enum.auto()  # start of a clause
    OPERATOR = enum.auto()  # after a field
    OP_MORE = enum.auto()  # after NOT / IS / WAS: more operator words or the operand
    VALUE = enum.auto()  # the operand
    LIST_ITEM = enum.auto()  # inside ( ... ) of a list or function, before an item
    LIST_AFTER = enum.auto()  # inside ( ... ), after an item
    AFTER_CLAUSE = enum.auto()  # a clause is complete: AND, OR, ORDER BY, ), predicates
    ORDER_BY = enum.auto()  # after ORDER, expecting BY
    ORDER_FIELD = enum.auto()
    ORDER_DIR = enum.auto()  # after a sort field: ASC, DESC or ","
    ORDER_SEP = enum.auto()  # after ASC/DESC: ","


class _Paren(enum.Enum):
    GROUP = enum.auto()
    LIST = enum.auto()
    FUNCTION = enum.auto()


@dataclass(slots=True)
class _Step:
    """A token with the scanner's state just before it (what the token was typed into)."""

    token: Token
    state: _State
    field: str | None
    op_start: int
    op_words: tuple[str, ...]
    in_function: bool
    in_list: bool


@dataclass(slots=True)
class _Scan:
    steps: list[_Step] = _dc_field(default_factory=list)
    state: _State = _State.FIELD
    field: str | None = None
    op_start: int = 0
    op_words: tuple[str, ...] = ()
    stack: list[_Paren] = _dc_field(default_factory=list)


def _string_end(text: str, i: int) -> tuple[int, bool]:
    """End of the quoted string opening at ``i`` and whether it is well formed."""
    quote = text[i]
    j = i + 1
    ok = True
    while j < len(text):
        ch = text[j]
        if ch == "\\":
            nxt = text[j + 1] if j + 1 < len(text) else ""
            if nxt in _SIMPLE_ESCAPES and nxt:
                j += 2
                continue
            if nxt == "u" and len(text) >= j + 6 and all(c in _HEX for c in text[j + 2 : j + 6]):
                j += 6
                continue
            ok = False  # an illegal escape: Jira rejects the whole query
            j += 2 if nxt else 1
            continue
        if ch == quote:
            return j + 1, ok
        j += 1
    return len(text), False  # unterminated


def _word_end(text: str, i: int) -> tuple[int, bool]:
    """End of the unquoted word starting at ``i`` and whether it is free of reserved chars."""
    m = _CUSTOM_FIELD.match(text, i)
    if m is not None:
        return m.end(), True
    j = i
    ok = True
    while j < len(text):
        ch = text[j]
        if ch == "\\" and j + 1 < len(text):
            j += 2  # an escaped character belongs to the word ("foo\ bar")
            continue
        if ch in _WHITESPACE or ch in _WORD_STOP:
            break
        if ch in _RESERVED_CHARS:
            ok = False
        j += 1
    return j, ok


def _unquote(raw: str) -> str:
    """The text of a (possibly unterminated) quoted or escaped word, escapes resolved."""
    body = raw
    if body[:1] in "\"'":
        quote = body[0]
        body = body[1:]
        if body.endswith(quote) and not body.endswith("\\" + quote):
            body = body[:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt == "u" and i + 6 <= len(body) and all(c in _HEX for c in body[i + 2 : i + 6]):
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _next_nonspace(text: str, i: int) -> str:
    while i < len(text) and text[i] in _WHITESPACE:
        i += 1
    return text[i] if i < len(text) else ""


def _after_operand(scan: _Scan) -> _State:
    return (
        _State.LIST_AFTER
        if scan.stack and scan.stack[-1] is not _Paren.GROUP
        else (_State.AFTER_CLAUSE)
    )


def _emit(scan: _Scan, kind: TokenKind, start: int, end: int, text: str) -> None:
    in_function = _Paren.FUNCTION in scan.stack
    in_list = bool(scan.stack) and scan.stack[-1] is _Paren.LIST
    scan.steps.append(
        _Step(
            Token(kind, start, end, text[start:end]),
            scan.state,
            scan.field,
            scan.op_start,
            scan.op_words,
            in_function,
            in_list,
        )
    )


def _operand_word(scan: _Scan, text: str, start: int, end: int, ok: bool) -> None:
    """A word where an operand goes: EMPTY, a function name, a number or a bare value."""
    word = text[start:end]
    lower = word.lower()
    if lower in ("empty", "null"):
        _emit(scan, TokenKind.KEYWORD, start, end, text)
        scan.state = _after_operand(scan)
    elif _next_nonspace(text, end) == "(":
        _emit(scan, TokenKind.FUNCTION if ok else TokenKind.ERROR, start, end, text)
        scan.state = _State.VALUE  # the "(" that follows opens the argument list
        scan.stack.append(_Paren.FUNCTION)  # pushed early; the "(" itself is then consumed
    else:
        kind = TokenKind.NUMBER if _INTEGER.fullmatch(word) else TokenKind.VALUE
        _emit(scan, kind if ok else TokenKind.ERROR, start, end, text)
        scan.state = _after_operand(scan)


def _word(scan: _Scan, text: str, start: int, end: int, ok: bool, quoted: bool) -> None:
    """Classify one word (or quoted string) by the state it was typed in."""
    word = text[start:end]
    lower = "" if quoted else word.lower()
    state = scan.state
    bad = TokenKind.ERROR
    if state is _State.FIELD:
        if lower in ("not", "and", "or"):
            _emit(scan, TokenKind.KEYWORD, start, end, text)
        elif lower == "order":
            _emit(scan, TokenKind.KEYWORD, start, end, text)
            scan.state = _State.ORDER_BY
        else:
            _emit(scan, TokenKind.FIELD if ok else bad, start, end, text)
            scan.field = _unquote(word) if quoted else word
            scan.state = _State.OPERATOR
    elif state is _State.OPERATOR:
        if lower in ("in", "not", "is", "was", "changed"):
            scan.op_start, scan.op_words = start, (lower,)
            _emit(scan, TokenKind.KEYWORD, start, end, text)
            scan.state = {"in": _State.VALUE, "changed": _State.AFTER_CLAUSE}.get(
                lower, _State.OP_MORE
            )
        else:
            # not an operator: leave it uncoloured and keep waiting for the operator
            kind = TokenKind.STRING if quoted else TokenKind.VALUE
            _emit(scan, kind if ok else bad, start, end, text)
    elif state is _State.OP_MORE and lower in ("not", "in"):
        _emit(scan, TokenKind.KEYWORD, start, end, text)
        scan.op_words = (*scan.op_words, lower)
        if lower == "in" or scan.op_words[0] == "is":
            scan.state = _State.VALUE
    elif state in (_State.VALUE, _State.OP_MORE, _State.LIST_ITEM):
        if quoted:
            _emit(scan, TokenKind.STRING if ok else bad, start, end, text)
            scan.state = _after_operand(scan)
        else:
            _operand_word(scan, text, start, end, ok)
    elif state is _State.AFTER_CLAUSE:
        if lower in ("and", "or"):
            _emit(scan, TokenKind.KEYWORD, start, end, text)
            scan.state, scan.field = _State.FIELD, None
        elif lower == "order":
            _emit(scan, TokenKind.KEYWORD, start, end, text)
            scan.state = _State.ORDER_BY
        elif lower in _PREDICATES:
            _emit(scan, TokenKind.KEYWORD, start, end, text)
            scan.state = _State.VALUE
        else:  # Jira wants AND/OR here; the user is probably still typing one
            _emit(scan, TokenKind.VALUE if ok else bad, start, end, text)
    elif state is _State.ORDER_BY:
        _emit(scan, TokenKind.KEYWORD if lower == "by" else bad, start, end, text)
        scan.state = _State.ORDER_FIELD
    elif state is _State.ORDER_FIELD:
        _emit(scan, TokenKind.FIELD if ok else bad, start, end, text)
        scan.state = _State.ORDER_DIR
    elif state is _State.ORDER_DIR and lower in ("asc", "desc"):
        _emit(scan, TokenKind.KEYWORD, start, end, text)
        scan.state = _State.ORDER_SEP
    else:  # LIST_AFTER, ORDER_DIR, ORDER_SEP: a word where "," or ")" belongs
        _emit(scan, TokenKind.VALUE if ok else bad, start, end, text)


def _punct(scan: _Scan, text: str, i: int) -> None:
    ch = text[i]
    if ch == "(":
        _emit(scan, TokenKind.PUNCT, i, i + 1, text)
        if scan.state is _State.FIELD:
            scan.stack.append(_Paren.GROUP)
        elif scan.stack and scan.stack[-1] is _Paren.FUNCTION and scan.state is _State.VALUE:
            scan.state = _State.LIST_ITEM  # the function's argument list (already pushed)
        elif scan.state in (_State.VALUE, _State.OP_MORE, _State.LIST_ITEM):
            scan.stack.append(_Paren.LIST)
            scan.state = _State.LIST_ITEM
        else:
            scan.stack.append(_Paren.GROUP)
            scan.state = _State.FIELD
    elif ch == ")":
        if not scan.stack:
            _emit(scan, TokenKind.ERROR, i, i + 1, text)  # nothing to close
            return
        _emit(scan, TokenKind.PUNCT, i, i + 1, text)
        scan.stack.pop()
        scan.state = _after_operand(scan)
    elif ch == ",":
        _emit(scan, TokenKind.PUNCT, i, i + 1, text)
        if scan.state in (_State.ORDER_DIR, _State.ORDER_SEP):
            scan.state = _State.ORDER_FIELD
        elif scan.stack and scan.stack[-1] is not _Paren.GROUP:
            scan.state = _State.LIST_ITEM
    else:  # "[" or "]" outside cf[...]
        _emit(scan, TokenKind.ERROR, i, i + 1, text)


def _scan(text: str) -> _Scan:
    scan = _Scan()
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _WHITESPACE:
            i += 1
            continue
        if ch in "\"'":
            end, ok = _string_end(text, i)
            _word(scan, text, i, end, ok, quoted=True)
            i = end
            continue
        if ch in "(),[]":
            _punct(scan, text, i)
            i += 1
            continue
        op = next((o for o in _SYMBOL_OPERATORS if text.startswith(o, i)), None)
        if op is not None:
            _emit(scan, TokenKind.OPERATOR, i, i + len(op), text)
            scan.op_start, scan.op_words = i, (op,)
            scan.state = _State.VALUE
            i += len(op)
            continue
        conn = next((c for c in _CONNECTORS if text.startswith(c, i)), None)
        if conn is not None:
            _emit(scan, TokenKind.KEYWORD, i, i + len(conn), text)
            scan.state, scan.field = _State.FIELD, None
            i += len(conn)
            continue
        if ch == "!":  # "!" alone is NOT
            _emit(scan, TokenKind.KEYWORD, i, i + 1, text)
            if scan.state is not _State.OPERATOR:
                scan.state = _State.FIELD
            i += 1
            continue
        end, ok = _word_end(text, i)
        if end == i:  # cannot happen with the sets above; never loop forever
            _emit(scan, TokenKind.ERROR, i, i + 1, text)
            i += 1
            continue
        _word(scan, text, i, end, ok, quoted=False)
        i = end
    return scan


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, classifying words by position. Never raises."""
    return [step.token for step in _scan(text).steps]


_WORDISH = frozenset(
    {
        TokenKind.FIELD, TokenKind.KEYWORD, TokenKind.FUNCTION, TokenKind.STRING,
        TokenKind.NUMBER, TokenKind.VALUE, TokenKind.ERROR,
    }
)  # fmt: skip


def _context_for(
    state: _State,
    field_name: str | None,
    in_function: bool,
    in_list: bool,
    op_start: int,
    op_words: tuple[str, ...],
    word_start: int,
    word_end: int,
    raw_prefix: str,
) -> CompletionContext:
    prefix = _unquote(raw_prefix) if raw_prefix else ""
    if in_function and state in (_State.VALUE, _State.LIST_ITEM, _State.LIST_AFTER):
        return CompletionContext(ContextKind.NONE, prefix, field_name, word_start, word_end)
    if state is _State.FIELD:
        return CompletionContext(
            ContextKind.FIELD, prefix, None, word_start, word_end, _FIELD_KEYWORDS
        )
    if state is _State.OPERATOR:
        return CompletionContext(ContextKind.OPERATOR, prefix, field_name, word_start, word_end)
    if state is _State.OP_MORE:
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
    if state in (_State.VALUE, _State.LIST_ITEM):
        return CompletionContext(
            ContextKind.VALUE, prefix, field_name, word_start, word_end, in_list=in_list
        )
    if state is _State.AFTER_CLAUSE:
        return CompletionContext(
            ContextKind.KEYWORD, prefix, None, word_start, word_end, CLAUSE_KEYWORDS
        )
    if state is _State.ORDER_BY:
        return CompletionContext(ContextKind.KEYWORD, prefix, None, word_start, word_end, ("BY",))
    if state is _State.ORDER_FIELD:
        return CompletionContext(ContextKind.ORDER_FIELD, prefix, None, word_start, word_end)
    if state is _State.ORDER_DIR:
        return CompletionContext(
            ContextKind.KEYWORD, prefix, None, word_start, word_end, ORDER_KEYWORDS
        )
    return CompletionContext(ContextKind.NONE, prefix, None, word_start, word_end)


def context_at(text: str, cursor: int) -> CompletionContext:
    """What the user is typing at ``cursor`` (0 ≤ cursor ≤ len(text)); never raises."""
    cursor = max(0, min(cursor, len(text)))
    scan = _scan(text)
    # The word the cursor touches (the cursor right after it counts: that word is being typed).
    for step in scan.steps:
        tok = step.token
        if tok.start < cursor <= tok.end and tok.kind in _WORDISH and tok.text[:1] != "!":
            if tok.text[:1] in "\"'" and cursor == tok.end and tok.kind is TokenKind.STRING:
                break  # just after a closing quote: the word is finished
            return _context_for(
                step.state,
                step.field,
                step.in_function,
                step.in_list,
                step.op_start,
                step.op_words,
                tok.start,
                tok.end,
                text[tok.start : cursor],
            )
    # Between tokens: the state after the last token that ends before the cursor.
    before = _scan(text[:cursor])
    return _context_for(
        before.state,
        before.field,
        _Paren.FUNCTION in before.stack,
        bool(before.stack) and before.stack[-1] is _Paren.LIST,
        before.op_start,
        before.op_words,
        cursor,
        cursor,
        "",
    )


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
    if any(ch in _WHITESPACE or ch in _WORD_STOP or ch in _RESERVED_CHARS for ch in value):
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
