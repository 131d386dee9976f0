"""The JQL scanner: a forgiving state machine that splits a query into classified tokens.

Where a word stands decides what it is: after an operator it is a value, at the start of a
clause it is a field, after a complete clause it is a keyword (AND, OR, ORDER BY). The scanner
never raises: whatever the user has typed so far comes back as tokens.

Every token carries a ``Checkpoint``, the scanner's state just before it. A checkpoint holds no
absolute position, so it stays valid when an edit elsewhere shifts the token, and ``scan`` can
resume from it: that is what lets ``jql_tokens.TokenStream`` re-scan only the edited stretch of
a long query. The public face of this module is ``app.domain.jql_tokens``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as _dc_field
from typing import NamedTuple

__all__ = [
    "RESERVED_CHARS",
    "WHITESPACE",
    "WORD_STOP",
    "Checkpoint",
    "Paren",
    "Scan",
    "State",
    "Step",
    "Token",
    "TokenKind",
    "scan",
    "unquote",
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


WHITESPACE = frozenset(" \t\n\r\f\u2028\u2029")
# Characters that end an unquoted word (besides whitespace); the sandbox lexer uses the same set.
WORD_STOP = frozenset("\"'=!<>()~,[]|&")
# Characters Jira refuses outside a string unless escaped (JIRA-BEHAVIOUR §1).
RESERVED_CHARS = frozenset("{}*/%+^$#@?;")
_SIMPLE_ESCAPES = frozenset("'\"tnr\\ ")
_HEX = frozenset("0123456789abcdefABCDEF")
_INTEGER = re.compile(r"-?[0-9]+")
_CUSTOM_FIELD = re.compile(r"cf\[[0-9]*\]?", re.IGNORECASE)
_SYMBOL_OPERATORS = ("!=", "!~", "<=", ">=", "=", "<", ">", "~")
_CONNECTORS = ("&&", "||", "&", "|")
# Words after a clause that start a history predicate (status WAS x BY admin AFTER -1w).
_PREDICATES = frozenset({"after", "before", "during", "on", "by", "from", "to"})


class State(enum.Enum):
    """What the scanner expects next."""

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


class Paren(enum.Enum):
    """What an open parenthesis belongs to."""

    GROUP = enum.auto()
    LIST = enum.auto()
    FUNCTION = enum.auto()


class Checkpoint(NamedTuple):
    """The scanner's state between tokens, free of absolute positions.

    ``op_back`` is how far back from here the operator being typed began and ``op_words`` its
    words so far; both only matter while the operator may go on (``State.OP_MORE``: IS NOT,
    WAS IN) and are zero/empty otherwise, so equal states compare equal wherever they are.
    """

    state: State
    field: str | None
    op_back: int
    op_words: tuple[str, ...]
    stack: tuple[Paren, ...]

    @property
    def in_function(self) -> bool:
        """Inside the arguments of a function call."""
        return Paren.FUNCTION in self.stack

    @property
    def in_list(self) -> bool:
        """Directly inside a list of values."""
        return bool(self.stack) and self.stack[-1] is Paren.LIST


START = Checkpoint(State.FIELD, None, 0, (), ())


class Step(NamedTuple):
    """A token with the scanner's state just before it (what the token was typed into)."""

    token: Token
    before: Checkpoint


# Told where the next token starts and the state before it; True stops the scan there.
StopAt = Callable[[int, Checkpoint], bool]


@dataclass(slots=True)
class Scan:
    """A scan in progress: the steps so far and the state after the last of them."""

    steps: list[Step] = _dc_field(default_factory=list)
    state: State = State.FIELD
    field: str | None = None
    op_start: int = 0
    op_words: tuple[str, ...] = ()
    stack: list[Paren] = _dc_field(default_factory=list)
    stopped_at: int | None = None  # where ``stop`` ended the scan; None: it ran to the end
    before: Checkpoint = START  # the state before the token being scanned

    def checkpoint(self, at: int) -> Checkpoint:
        """The state at offset ``at`` as a position-free checkpoint."""
        if self.state is State.OP_MORE:
            return Checkpoint(
                self.state, self.field, at - self.op_start, self.op_words, tuple(self.stack)
            )
        return Checkpoint(self.state, self.field, 0, (), tuple(self.stack))

    @classmethod
    def resume(cls, checkpoint: Checkpoint, at: int) -> Scan:
        """A scan that goes on from ``checkpoint``, taken at offset ``at``."""
        return cls(
            state=checkpoint.state,
            field=checkpoint.field,
            op_start=at - checkpoint.op_back,
            op_words=checkpoint.op_words,
            stack=list(checkpoint.stack),
        )


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
        if ch in WHITESPACE or ch in WORD_STOP:
            break
        if ch in RESERVED_CHARS:
            ok = False
        j += 1
    return j, ok


def unquote(raw: str) -> str:
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
    while i < len(text) and text[i] in WHITESPACE:
        i += 1
    return text[i] if i < len(text) else ""


def _after_operand(scan: Scan) -> State:
    return (
        State.LIST_AFTER if scan.stack and scan.stack[-1] is not Paren.GROUP else State.AFTER_CLAUSE
    )


def _emit(scan: Scan, kind: TokenKind, start: int, end: int, text: str) -> None:
    # every token is emitted before the scanner changes state for it, so the checkpoint taken
    # where the token starts is the state it was typed into
    scan.steps.append(Step(Token(kind, start, end, text[start:end]), scan.before))


def _operand_word(scan: Scan, text: str, start: int, end: int, ok: bool) -> None:
    """A word where an operand goes: EMPTY, a function name, a number or a bare value."""
    word = text[start:end]
    lower = word.lower()
    if lower in ("empty", "null"):
        _emit(scan, TokenKind.KEYWORD, start, end, text)
        scan.state = _after_operand(scan)
    elif _next_nonspace(text, end) == "(":
        _emit(scan, TokenKind.FUNCTION if ok else TokenKind.ERROR, start, end, text)
        scan.state = State.VALUE  # the "(" that follows opens the argument list
        scan.stack.append(Paren.FUNCTION)  # pushed early; the "(" itself is then consumed
    else:
        kind = TokenKind.NUMBER if _INTEGER.fullmatch(word) else TokenKind.VALUE
        _emit(scan, kind if ok else TokenKind.ERROR, start, end, text)
        scan.state = _after_operand(scan)


def _word(scan: Scan, text: str, start: int, end: int, ok: bool, quoted: bool) -> None:
    """Classify one word (or quoted string) by the state it was typed in."""
    word = text[start:end]
    lower = "" if quoted else word.lower()
    state = scan.state
    bad = TokenKind.ERROR
    if state is State.FIELD:
        if lower in ("not", "and", "or"):
            _emit(scan, TokenKind.KEYWORD, start, end, text)
        elif lower == "order":
            _emit(scan, TokenKind.KEYWORD, start, end, text)
            scan.state = State.ORDER_BY
        else:
            _emit(scan, TokenKind.FIELD if ok else bad, start, end, text)
            scan.field = unquote(word) if quoted else word
            scan.state = State.OPERATOR
    elif state is State.OPERATOR:
        if lower in ("in", "not", "is", "was", "changed"):
            scan.op_start, scan.op_words = start, (lower,)
            _emit(scan, TokenKind.KEYWORD, start, end, text)
            scan.state = {"in": State.VALUE, "changed": State.AFTER_CLAUSE}.get(
                lower, State.OP_MORE
            )
        else:
            # not an operator: leave it uncoloured and keep waiting for the operator
            kind = TokenKind.STRING if quoted else TokenKind.VALUE
            _emit(scan, kind if ok else bad, start, end, text)
    elif state is State.OP_MORE and lower in ("not", "in"):
        _emit(scan, TokenKind.KEYWORD, start, end, text)
        scan.op_words = (*scan.op_words, lower)
        if lower == "in" or scan.op_words[0] == "is":
            scan.state = State.VALUE
    elif state in (State.VALUE, State.OP_MORE, State.LIST_ITEM):
        if quoted:
            _emit(scan, TokenKind.STRING if ok else bad, start, end, text)
            scan.state = _after_operand(scan)
        else:
            _operand_word(scan, text, start, end, ok)
    elif state is State.AFTER_CLAUSE:
        if lower in ("and", "or"):
            _emit(scan, TokenKind.KEYWORD, start, end, text)
            scan.state, scan.field = State.FIELD, None
        elif lower == "order":
            _emit(scan, TokenKind.KEYWORD, start, end, text)
            scan.state = State.ORDER_BY
        elif lower in _PREDICATES:
            _emit(scan, TokenKind.KEYWORD, start, end, text)
            scan.state = State.VALUE
        else:  # Jira wants AND/OR here; the user is probably still typing one
            _emit(scan, TokenKind.VALUE if ok else bad, start, end, text)
    elif state is State.ORDER_BY:
        _emit(scan, TokenKind.KEYWORD if lower == "by" else bad, start, end, text)
        scan.state = State.ORDER_FIELD
    elif state is State.ORDER_FIELD:
        _emit(scan, TokenKind.FIELD if ok else bad, start, end, text)
        scan.state = State.ORDER_DIR
    elif state is State.ORDER_DIR and lower in ("asc", "desc"):
        _emit(scan, TokenKind.KEYWORD, start, end, text)
        scan.state = State.ORDER_SEP
    else:  # LIST_AFTER, ORDER_DIR, ORDER_SEP: a word where "," or ")" belongs
        _emit(scan, TokenKind.VALUE if ok else bad, start, end, text)


def _punct(scan: Scan, text: str, i: int) -> None:
    ch = text[i]
    if ch == "(":
        _emit(scan, TokenKind.PUNCT, i, i + 1, text)
        if scan.state is State.FIELD:
            scan.stack.append(Paren.GROUP)
        elif scan.stack and scan.stack[-1] is Paren.FUNCTION and scan.state is State.VALUE:
            scan.state = State.LIST_ITEM  # the function's argument list (already pushed)
        elif scan.state in (State.VALUE, State.OP_MORE, State.LIST_ITEM):
            scan.stack.append(Paren.LIST)
            scan.state = State.LIST_ITEM
        else:
            scan.stack.append(Paren.GROUP)
            scan.state = State.FIELD
    elif ch == ")":
        if not scan.stack:
            _emit(scan, TokenKind.ERROR, i, i + 1, text)  # nothing to close
            return
        _emit(scan, TokenKind.PUNCT, i, i + 1, text)
        scan.stack.pop()
        scan.state = _after_operand(scan)
    elif ch == ",":
        _emit(scan, TokenKind.PUNCT, i, i + 1, text)
        if scan.state in (State.ORDER_DIR, State.ORDER_SEP):
            scan.state = State.ORDER_FIELD
        elif scan.stack and scan.stack[-1] is not Paren.GROUP:
            scan.state = State.LIST_ITEM
    else:  # "[" or "]" outside cf[...]
        _emit(scan, TokenKind.ERROR, i, i + 1, text)


def scan(
    text: str, start: int = 0, resume: Checkpoint | None = None, stop: StopAt | None = None
) -> Scan:
    """Scan ``text`` from ``start`` (in state ``resume``, else a fresh query) to its end, or
    until ``stop`` answers True before a token. Never raises."""
    result = Scan() if resume is None else Scan.resume(resume, start)
    i = start
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in WHITESPACE:
            i += 1
            continue
        before = result.before = result.checkpoint(i)
        if stop is not None and stop(i, before):
            result.stopped_at = i
            break
        if ch in "\"'":
            end, ok = _string_end(text, i)
            _word(result, text, i, end, ok, quoted=True)
            i = end
            continue
        if ch in "(),[]":
            _punct(result, text, i)
            i += 1
            continue
        op = next((o for o in _SYMBOL_OPERATORS if text.startswith(o, i)), None)
        if op is not None:
            _emit(result, TokenKind.OPERATOR, i, i + len(op), text)
            result.op_start, result.op_words = i, (op,)
            result.state = State.VALUE
            i += len(op)
            continue
        conn = next((c for c in _CONNECTORS if text.startswith(c, i)), None)
        if conn is not None:
            _emit(result, TokenKind.KEYWORD, i, i + len(conn), text)
            result.state, result.field = State.FIELD, None
            i += len(conn)
            continue
        if ch == "!":  # "!" alone is NOT
            _emit(result, TokenKind.KEYWORD, i, i + 1, text)
            if result.state is not State.OPERATOR:
                result.state = State.FIELD
            i += 1
            continue
        end, ok = _word_end(text, i)
        if end == i:  # cannot happen with the sets above; never loop forever
            _emit(result, TokenKind.ERROR, i, i + 1, text)
            i += 1
            continue
        _word(result, text, i, end, ok, quoted=False)
        i = end
    return result
