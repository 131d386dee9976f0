"""The JQL tokenizer: turns a query into tokens that remember their line and column.

The whole query is tokenized before parsing starts, as Jira's ANTLR token stream does, so a
character or escape error is reported even when a grammar error comes earlier in the text.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from app.sandbox.jql.errors import JqlError, syntax_error

__all__ = [
    "KEYWORDS",
    "RESERVED_WORDS_CLOUD",
    "RESERVED_WORDS_DC",
    "Token",
    "TokenKind",
    "tokenize",
]


class TokenKind(enum.Enum):
    """What a token is; keywords are WORD tokens with ``keyword`` set."""

    WORD = "word"  # an unquoted string (may be a number or a keyword)
    STRING = "string"  # a quoted string
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    LBRACKET = "["
    RBRACKET = "]"
    EQ = "="
    NE = "!="
    LT = "<"
    GT = ">"
    LE = "<="
    GE = ">="
    LIKE = "~"
    NOT_LIKE = "!~"
    AMP = "&"
    PIPE = "|"
    BANG = "!"
    EOF = "eof"


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``text`` is the unescaped value (or the operator as typed)."""

    kind: TokenKind
    text: str
    line: int
    column: int
    keyword: str | None = None  # lower-case grammar keyword for unquoted words
    is_number: bool = False  # an unquoted integer literal

    @property
    def position(self) -> tuple[int, int]:
        """``(line, column)``, both 1-based."""
        return (self.line, self.column)


# Words the grammar itself uses; they are tokens, so they are never "reserved word" errors.
KEYWORDS = frozenset(
    {
        "and", "or", "not", "in", "is", "empty", "null", "order", "by", "asc", "desc",
        "was", "changed", "after", "before", "during", "on", "from", "to", "cf",
    }
)  # fmt: skip

# Data Center: JqlStringSupportImpl's list as TestJqlParsing copies it (grammar words removed).
RESERVED_WORDS_DC = frozenset(
    {
        "abort", "access", "add", "alias", "all", "alter", "any", "as", "audit", "avg",
        "begin", "between", "boolean", "break", "byte", "catch", "char", "character", "check",
        "checkpoint", "collate", "collation", "column", "commit", "connect", "continue",
        "count", "create", "current", "date", "decimal", "declare", "decrement", "default",
        "defaults", "define", "delete", "delimiter", "difference", "distinct", "divide", "do",
        "double", "drop", "else", "encoding", "end", "equals", "escape", "exclusive", "exec",
        "execute", "exists", "explain", "false", "fetch", "file", "field", "first", "float",
        "for", "function", "go", "goto", "grant", "greater", "group", "having", "identified",
        "if", "immediate", "increment", "index", "initial", "inner", "inout", "input",
        "insert", "int", "integer", "intersect", "intersection", "into", "isempty", "isnull",
        "join", "last", "left", "less", "like", "limit", "lock", "long", "max", "min",
        "minus", "mode", "modify", "modulo", "more", "multiply", "next", "noaudit", "notin",
        "nowait", "number", "object", "of", "option", "outer", "output", "power", "previous",
        "prior", "privileges", "public", "raise", "raw", "remainder", "rename", "resource",
        "return", "returns", "revoke", "right", "row", "rowid", "rownum", "rows", "select",
        "session", "set", "share", "size", "sqrt", "start", "strict", "string", "subtract",
        "sum", "synonym", "table", "then", "trans", "transaction", "trigger", "true", "uid",
        "union", "unique", "update", "user", "validate", "values", "view", "when", "whenever",
        "where", "while", "with",
    }
)  # fmt: skip

# Cloud's lexer also reserves a few English stop words ("'it' is a reserved JQL word" is seen
# from Cloud sites); the list is the one Atlassian's own JQL editor ships.
RESERVED_WORDS_CLOUD = RESERVED_WORDS_DC | frozenset(
    {
        "a", "an", "are", "at", "be", "but", "it", "no", "such", "that", "the", "their", "there",
        "these", "they", "this", "will",
    }
)  # fmt: skip

_WHITESPACE = frozenset(" \t\n\r\f")
_SINGLE = {
    "(": TokenKind.LPAREN,
    ")": TokenKind.RPAREN,
    ",": TokenKind.COMMA,
    "[": TokenKind.LBRACKET,
    "]": TokenKind.RBRACKET,
    "=": TokenKind.EQ,
    "~": TokenKind.LIKE,
}
# Characters that end an unquoted word (besides whitespace).
_WORD_STOP = frozenset("\"'=!<>()~,[]|&")
# Characters that must be quoted or escaped anywhere outside a string.
_RESERVED_CHARS = frozenset("{}*/%+^$#@?;")
_ESCAPES = {"'": "'", '"': '"', "t": "\t", "n": "\n", "r": "\r", "\\": "\\", " ": " "}
_VALID_ESCAPES = "The valid escape sequences are \\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX."
_INTEGER = re.compile(r"-?[0-9]+")
_HEX = frozenset("0123456789abcdefABCDEF")
_LONG_MIN = -(2**63)
_LONG_MAX = 2**63 - 1


def _is_illegal(ch: str) -> bool:
    """Control and non-characters Jira refuses even inside strings."""
    code = ord(ch)
    return (
        code <= 0x08
        or code in (0x0B, 0x0E, 0x0F)
        or 0x10 <= code <= 0x1F
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or 0xFDD0 <= code <= 0xFDEF
        or code in (0xFFFE, 0xFFFF)
    )


class _Scanner:
    """Walks the query keeping Jira's line/character position."""

    def __init__(self, source: str, reserved: frozenset[str]) -> None:
        self.src = source
        self.reserved = reserved
        self.i = 0
        self.line = 1
        self.col = 1

    def _advance(self) -> str:
        ch = self.src[self.i]
        self.i += 1
        if ch == "\n":
            self.line += 1
            self.col = 1
        else:
            self.col += 1
        return ch

    def _illegal(self, ch: str) -> JqlError:
        code = ord(ch)
        return syntax_error(
            f"The character 'U+{code:04X}' on line {self.line} at position {self.col} must be "
            f"escaped. Use the escape '\\u{code:04x}' instead.",
            (self.line, self.col),
        )

    def _escape(self) -> str:
        """Read one escape sequence; the scanner stands on the backslash."""
        where = (self.line, self.col)
        self._advance()
        if self.i >= len(self.src):
            raise syntax_error(
                f"The escape sequence has not been completed. {_VALID_ESCAPES}", where
            )
        ch = self._advance()
        if ch in _ESCAPES:
            return _ESCAPES[ch]
        if ch != "u":
            raise syntax_error(
                f"'\\{ch}' is an illegal JQL escape sequence. {_VALID_ESCAPES}", where
            )
        digits = ""
        while len(digits) < 4:
            if self.i >= len(self.src):
                raise syntax_error(
                    f"'\\u{digits}' is an illegal JQL escape sequence. {_VALID_ESCAPES}", where
                )
            nxt = self._advance()
            digits += nxt
            if nxt not in _HEX:
                raise syntax_error(
                    f"'\\u{digits}' is an illegal JQL escape sequence. {_VALID_ESCAPES}", where
                )
        return chr(int(digits, 16))

    def _quoted(self) -> Token:
        quote = self.src[self.i]
        line, col = self.line, self.col
        self._advance()
        raw_start = self.i
        out: list[str] = []
        while True:
            if self.i >= len(self.src):
                raw = self.src[raw_start:].replace("\n", " ").replace("\r", " ")
                text = (
                    f"The quoted string '{raw}' has not been completed."
                    if raw
                    else "The quoted string has not been completed."
                )
                raise syntax_error(text, (line, col))
            ch = self.src[self.i]
            if ch == quote:
                self._advance()
                return Token(TokenKind.STRING, "".join(out), line, col)
            if ch == "\\":
                out.append(self._escape())
            elif _is_illegal(ch):
                raise self._illegal(ch)
            else:
                out.append(self._advance())

    def _word(self) -> Token:
        line, col = self.line, self.col
        out: list[str] = []
        escaped = False
        while self.i < len(self.src):
            ch = self.src[self.i]
            if ch in _WHITESPACE or ch in _WORD_STOP:
                break
            if ch in _RESERVED_CHARS:
                raise syntax_error(
                    f"The character '{ch}' is a reserved JQL character. You must enclose it in a "
                    f"string or use the escape '\\u{ord(ch):04x}' instead.",
                    (self.line, self.col),
                )
            if _is_illegal(ch):
                raise self._illegal(ch)
            if ch == "\\":
                escaped = True
                out.append(self._escape())
            else:
                out.append(self._advance())
        text = "".join(out)
        lower = text.lower()
        if not escaped and lower in KEYWORDS:
            return Token(TokenKind.WORD, text, line, col, keyword=lower)
        if not escaped and lower in self.reserved:
            raise syntax_error(
                f"'{text}' is a reserved JQL word. You must surround it in quotation marks to use "
                "it in a query.",
                (line, col),
            )
        is_number = _INTEGER.fullmatch(text) is not None
        if is_number and not _LONG_MIN <= int(text) <= _LONG_MAX:
            raise syntax_error(
                f"'{text}' is not a valid number. Numbers must be between "
                "-9,223,372,036,854,775,808 and 9,223,372,036,854,775,807.",
                (line, col),
            )
        return Token(TokenKind.WORD, text, line, col, is_number=is_number)

    def _operator(self) -> Token:
        line, col = self.line, self.col
        ch = self._advance()
        nxt = self.src[self.i] if self.i < len(self.src) else ""
        if ch == "!":
            if nxt == "=":
                self._advance()
                return Token(TokenKind.NE, "!=", line, col)
            if nxt == "~":
                self._advance()
                return Token(TokenKind.NOT_LIKE, "!~", line, col)
            return Token(TokenKind.BANG, "!", line, col)
        if ch in "<>":
            if nxt == "=":
                self._advance()
                kind = TokenKind.LE if ch == "<" else TokenKind.GE
                return Token(kind, ch + "=", line, col)
            return Token(TokenKind.LT if ch == "<" else TokenKind.GT, ch, line, col)
        # & && | ||
        if nxt == ch:
            self._advance()
            return Token(TokenKind.AMP if ch == "&" else TokenKind.PIPE, ch * 2, line, col)
        return Token(TokenKind.AMP if ch == "&" else TokenKind.PIPE, ch, line, col)

    def tokens(self) -> list[Token]:
        out: list[Token] = []
        while self.i < len(self.src):
            ch = self.src[self.i]
            if ch in _WHITESPACE:
                self._advance()
            elif ch in _SINGLE:
                out.append(Token(_SINGLE[ch], ch, self.line, self.col))
                self._advance()
            elif ch in "\"'":
                out.append(self._quoted())
            elif ch in "!<>&|":
                out.append(self._operator())
            else:
                out.append(self._word())
        out.append(Token(TokenKind.EOF, "", self.line, self.col))
        return out


def tokenize(source: str, reserved: frozenset[str] = RESERVED_WORDS_DC) -> list[Token]:
    """Split a query into tokens (the last is EOF); raises JqlError on lexical errors."""
    return _Scanner(source, reserved).tokens()
