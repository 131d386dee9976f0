"""The JQL syntax tree and a recursive-descent parser that reports Jira's syntax errors.

Precedence follows Jira's grammar (or → and → not), so ``A OR B AND C`` is ``A OR (B AND C)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.sandbox.jql.errors import VALID_OPERATORS, syntax_error
from app.sandbox.jql.lexer import RESERVED_WORDS_DC, Token, TokenKind, tokenize

__all__ = [
    "And",
    "Clause",
    "EmptyOperand",
    "FieldRef",
    "FunctionOperand",
    "ListOperand",
    "Not",
    "Operand",
    "Or",
    "OrderField",
    "Predicate",
    "Query",
    "Terminal",
    "ValueOperand",
    "parse",
]

# Deeper nesting than this is refused instead of exhausting Python's stack.
MAX_DEPTH = 100
_PREDICATES = frozenset({"after", "before", "during", "on", "by", "from", "to"})
_SIMPLE_OPERATORS = {
    TokenKind.EQ: "=",
    TokenKind.NE: "!=",
    TokenKind.LT: "<",
    TokenKind.GT: ">",
    TokenKind.LE: "<=",
    TokenKind.GE: ">=",
    TokenKind.LIKE: "~",
    TokenKind.NOT_LIKE: "!~",
}


@dataclass(frozen=True, slots=True)
class FieldRef:
    """A field as written: ``name`` is echoed in messages (``cf[10016]`` for custom ids)."""

    name: str
    cf_id: int | None = None


@dataclass(frozen=True, slots=True)
class ValueOperand:
    """A single value; ``is_number`` marks an unquoted integer (Jira reads it as an id)."""

    text: str
    is_number: bool = False

    @property
    def display(self) -> str:
        """How Jira echoes the operand in messages."""
        return self.text if self.is_number else f'"{self.text}"'


@dataclass(frozen=True, slots=True)
class EmptyOperand:
    """EMPTY or NULL."""

    @property
    def display(self) -> str:
        """How Jira echoes the operand in messages."""
        return "EMPTY"


@dataclass(frozen=True, slots=True)
class FunctionOperand:
    """A function call such as ``startOfDay(-1)``; arguments are plain strings."""

    name: str
    args: tuple[str, ...]

    @property
    def display(self) -> str:
        """How Jira echoes the operand in messages."""
        return f"{self.name}({', '.join(self.args)})"


@dataclass(frozen=True, slots=True)
class ListOperand:
    """A parenthesised list of operands (lists may nest)."""

    items: tuple[Operand, ...]

    @property
    def display(self) -> str:
        """How Jira echoes the operand in messages."""
        return "(" + ", ".join(item.display for item in self.items) + ")"


Operand = ValueOperand | EmptyOperand | FunctionOperand | ListOperand


@dataclass(frozen=True, slots=True)
class Predicate:
    """A history predicate (``BY x``, ``AFTER d`` ...) following an operand."""

    name: str
    operand: Operand


@dataclass(frozen=True, slots=True)
class Terminal:
    """``field operator operand``; ``operator`` is lower case (``not in``, ``is not`` ...)."""

    field: FieldRef
    operator: str
    operand: Operand | None
    predicates: tuple[Predicate, ...] = ()


@dataclass(frozen=True, slots=True)
class And:
    """All children hold."""

    children: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Any child holds."""

    children: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """The child does not hold."""

    child: Clause


Clause = Terminal | And | Or | Not


@dataclass(frozen=True, slots=True)
class OrderField:
    """One ORDER BY entry; ``descending`` is None when no direction was written."""

    field: FieldRef
    descending: bool | None


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the optional clause and the ORDER BY list (empty when absent)."""

    where: Clause | None
    order_by: tuple[OrderField, ...]


def _quote_hint(token: Token, what: str) -> str:
    return f"You must surround '{token.text}' in quotation marks to use it as {what}."


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    # ----- token helpers -------------------------------------------------------------------
    def peek(self, offset: int = 0) -> Token:
        index = min(self.pos + offset, len(self.tokens) - 1)
        return self.tokens[index]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind is not TokenKind.EOF:
            self.pos += 1
        return token

    def at_keyword(self, *words: str) -> bool:
        token = self.peek()
        return token.kind is TokenKind.WORD and token.keyword in words

    def expect_close(self) -> None:
        token = self.peek()
        if token.kind is TokenKind.RPAREN:
            self.take()
            return
        if token.kind is TokenKind.EOF:
            raise syntax_error("Expecting ')' before the end of the query.")
        raise syntax_error(f"Expecting ')' but got '{token.text}'.", token.position)

    @staticmethod
    def check_depth(depth: int, token: Token) -> None:
        if depth > MAX_DEPTH:
            raise syntax_error(
                f"The query is nested more than {MAX_DEPTH} levels deep.", token.position
            )

    # ----- query ---------------------------------------------------------------------------
    def query(self) -> Query:
        where: Clause | None = None
        if self.peek().kind is not TokenKind.EOF and not self.at_keyword("order"):
            where = self.or_clause(0)
        order: tuple[OrderField, ...] = ()
        if self.at_keyword("order"):
            order = self.order_by()
        token = self.peek()
        if token.kind is not TokenKind.EOF:
            raise syntax_error(
                f"Expecting either 'OR' or 'AND' but got '{token.text}'.", token.position
            )
        return Query(where, order)

    def or_clause(self, depth: int) -> Clause:
        children = [self.and_clause(depth)]
        while self.peek().kind is TokenKind.PIPE or self.at_keyword("or"):
            self.take()
            children.append(self.and_clause(depth))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_clause(self, depth: int) -> Clause:
        children = [self.not_clause(depth)]
        while self.peek().kind is TokenKind.AMP or self.at_keyword("and"):
            self.take()
            children.append(self.not_clause(depth))
        return children[0] if len(children) == 1 else And(tuple(children))

    def not_clause(self, depth: int) -> Clause:
        negations = 0
        while self.peek().kind is TokenKind.BANG or self.at_keyword("not"):
            self.take()
            negations += 1
        token = self.peek()
        clause: Clause
        if token.kind is TokenKind.LPAREN:
            self.check_depth(depth + 1, token)
            self.take()
            clause = self.or_clause(depth + 1)
            self.expect_close()
        else:
            clause = self.terminal(depth)
        # NOT NOT x is x; folding the chain keeps long NOT runs from nesting the tree deeply.
        return Not(clause) if negations % 2 else clause

    # ----- terminal clause -----------------------------------------------------------------
    def terminal(self, depth: int) -> Terminal:
        field = self.field()
        operator = self.operator()
        operand: Operand | None = None
        if operator != "changed" or self._starts_operand():
            operand = self.operand(depth)
        predicates: list[Predicate] = []
        while self.peek().kind is TokenKind.WORD and self.peek().keyword in _PREDICATES:
            name = self.take().text.lower()
            predicates.append(Predicate(name, self.operand(depth)))
        return Terminal(field, operator, operand, tuple(predicates))

    def _starts_operand(self) -> bool:
        token = self.peek()
        if token.kind in (TokenKind.STRING, TokenKind.LPAREN):
            return True
        return token.kind is TokenKind.WORD and token.keyword in (None, "empty", "null")

    def field(self) -> FieldRef:
        token = self.peek()
        if token.kind is TokenKind.EOF:
            raise syntax_error("Expecting a field name at the end of the query.")
        if token.kind is TokenKind.WORD and token.keyword == "cf":
            return self.custom_field()
        if token.kind is TokenKind.LBRACKET:
            raise syntax_error(
                "Expecting a field name but got '['. Did you mean 'cf['?", token.position
            )
        if token.kind is TokenKind.STRING or (
            token.kind is TokenKind.WORD and token.keyword is None
        ):
            if not token.text:
                raise syntax_error("A field name cannot be empty.", token.position)
            self.take()
            return FieldRef(token.text)
        raise syntax_error(
            f"Expecting a field name but got '{token.text}'. {_quote_hint(token, 'a field name')}",
            token.position,
        )

    def custom_field(self) -> FieldRef:
        self.take()
        token = self.peek()
        if token.kind is not TokenKind.LBRACKET:
            if token.kind is TokenKind.EOF:
                raise syntax_error("Expecting '[' before the end of the query.")
            raise syntax_error(f"Expecting '[' but got '{token.text}'.", token.position)
        self.take()
        token = self.peek()
        if token.kind is TokenKind.EOF:
            raise syntax_error(
                "Expecting a custom field id (a positive number) before the end of the query."
            )
        if not (token.kind is TokenKind.WORD and token.is_number and token.text.isdigit()):
            raise syntax_error(
                f"Expecting a custom field id (a positive number) but got '{token.text}'.",
                token.position,
            )
        self.take()
        cf_id = int(token.text)
        closing = self.peek()
        if closing.kind is not TokenKind.RBRACKET:
            if closing.kind is TokenKind.EOF:
                raise syntax_error("Expecting ']' before the end of the query.")
            raise syntax_error(f"Expecting ']' but got '{closing.text}'.", closing.position)
        self.take()
        return FieldRef(f"cf[{cf_id}]", cf_id)

    def operator(self) -> str:
        token = self.peek()
        if token.kind is TokenKind.EOF:
            raise syntax_error(f"Expecting operator before the end of the query. {VALID_OPERATORS}")
        if token.kind in _SIMPLE_OPERATORS:
            self.take()
            return _SIMPLE_OPERATORS[token.kind]
        keyword = token.keyword if token.kind is TokenKind.WORD else None
        if keyword == "in":
            self.take()
            return "in"
        if keyword == "not":
            self.take()
            nxt = self.peek()
            if nxt.kind is TokenKind.WORD and nxt.keyword == "in":
                self.take()
                return "not in"
            if nxt.kind is TokenKind.EOF:
                raise syntax_error("Expecting 'IN' before the end of the query.")
            raise syntax_error(f"Expecting 'IN' but got '{nxt.text}'.", nxt.position)
        if keyword == "is":
            self.take()
            if self.at_keyword("not"):
                self.take()
                return "is not"
            nxt = self.peek()
            if nxt.kind is TokenKind.BANG:
                raise syntax_error("Expecting 'NOT' but got '!'.", nxt.position)
            return "is"
        if keyword == "was":
            self.take()
            negated = self.at_keyword("not")
            if negated:
                self.take()
            if self.at_keyword("in"):
                self.take()
                return "was not in" if negated else "was in"
            return "was not" if negated else "was"
        if keyword == "changed":
            self.take()
            return "changed"
        raise syntax_error(
            f"Expecting operator but got '{token.text}'. {VALID_OPERATORS}", token.position
        )

    # ----- operands ------------------------------------------------------------------------
    def operand(self, depth: int) -> Operand:
        token = self.peek()
        if token.kind is TokenKind.EOF:
            raise syntax_error(
                "Expecting either a value, list or function before the end of the query."
            )
        if token.kind is TokenKind.WORD and token.keyword in ("empty", "null"):
            self.take()
            return EmptyOperand()
        if token.kind is TokenKind.STRING or (
            token.kind is TokenKind.WORD and token.keyword is None
        ):
            if self.peek(1).kind is TokenKind.LPAREN:
                return self.function()
            self.take()
            return ValueOperand(token.text, token.kind is TokenKind.WORD and token.is_number)
        if token.kind is TokenKind.LPAREN:
            self.check_depth(depth + 1, token)
            self.take()
            items = [self.operand(depth + 1)]
            while True:
                nxt = self.peek()
                if nxt.kind is TokenKind.COMMA:
                    self.take()
                    items.append(self.operand(depth + 1))
                elif nxt.kind is TokenKind.RPAREN:
                    self.take()
                    return ListOperand(tuple(items))
                elif nxt.kind is TokenKind.EOF:
                    raise syntax_error("Expecting ')' before the end of the query.")
                else:
                    raise syntax_error(f"Expecting ')' but got '{nxt.text}'.", nxt.position)
        raise syntax_error(
            "Expecting either a value, list or function but got "
            f"'{token.text}'. {_quote_hint(token, 'a value')}",
            token.position,
        )

    def function(self) -> FunctionOperand:
        name = self.take()
        if not name.text:
            raise syntax_error("A function name cannot be empty.", name.position)
        self.take()  # "("
        args: list[str] = []
        token = self.peek()
        if token.kind is TokenKind.RPAREN:
            self.take()
            return FunctionOperand(name.text, ())
        if token.kind is TokenKind.EOF:
            raise syntax_error("Expecting ')' before the end of the query.")
        if token.kind is TokenKind.COMMA:
            raise syntax_error(f"Expecting ')' but got '{token.text}'.", token.position)
        while True:
            args.append(self.argument())
            token = self.peek()
            if token.kind is TokenKind.RPAREN:
                self.take()
                return FunctionOperand(name.text, tuple(args))
            if token.kind is TokenKind.EOF:
                raise syntax_error("Expecting ')' before the end of the query.")
            if token.kind is not TokenKind.COMMA:
                raise syntax_error(f"Expecting ')' or ',' but got '{token.text}'.", token.position)
            self.take()
            token = self.peek()
            if token.kind is TokenKind.EOF:
                raise syntax_error("Expecting a function argument at the end of the query.")
            if token.kind is TokenKind.RPAREN:
                raise syntax_error("Function argument must be specified.", token.position)

    def argument(self) -> str:
        token = self.peek()
        if token.kind is TokenKind.STRING or (
            token.kind is TokenKind.WORD and token.keyword is None
        ):
            self.take()
            return token.text
        raise syntax_error(
            f"Expecting a function argument but got '{token.text}'. "
            f"{_quote_hint(token, 'an argument')}",
            token.position,
        )

    # ----- ORDER BY ------------------------------------------------------------------------
    def order_by(self) -> tuple[OrderField, ...]:
        self.take()  # ORDER
        token = self.peek()
        if not self.at_keyword("by"):
            if token.kind is TokenKind.EOF:
                raise syntax_error("Expecting 'by' before the end of the query.")
            raise syntax_error(f"Expecting 'by' but got '{token.text}'.", token.position)
        self.take()
        fields: list[OrderField] = []
        while True:
            field = self.field()
            descending: bool | None = None
            if self.at_keyword("asc", "desc"):
                descending = self.take().keyword == "desc"
            fields.append(OrderField(field, descending))
            token = self.peek()
            if token.kind is TokenKind.EOF:
                return tuple(fields)
            if token.kind is TokenKind.COMMA:
                self.take()
                continue
            if descending is None:
                raise syntax_error(
                    f"Expecting either 'ASC' or 'DESC' but got '{token.text}'.", token.position
                )
            raise syntax_error(f"Expecting ',' but got '{token.text}'.", token.position)


def parse(source: str, reserved: frozenset[str] = RESERVED_WORDS_DC) -> Query:
    """Parse a JQL query; raises JqlError with Jira's syntax error text."""
    return _Parser(tokenize(source, reserved)).query()
