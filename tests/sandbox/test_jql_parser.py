"""The JQL tokenizer and parser: syntax tree shape, precedence, quoting and Jira's error texts.

The error cases are Jira's own functional tests (TestJqlParsing), quoted verbatim.
"""

from __future__ import annotations

import pytest

from app.sandbox.jql import JqlError, is_bounded
from app.sandbox.jql.errors import SYNTAX_PREFIX
from app.sandbox.jql.lexer import RESERVED_WORDS_CLOUD, RESERVED_WORDS_DC, TokenKind, tokenize
from app.sandbox.jql.parser import (
    And,
    EmptyOperand,
    FieldRef,
    FunctionOperand,
    ListOperand,
    Not,
    Or,
    OrderField,
    Predicate,
    Query,
    Terminal,
    ValueOperand,
    parse,
)

OPS = (
    "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', "
    "'IS' and 'IS NOT'."
)
ESC = "The valid escape sequences are \\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX."
NUM = "Numbers must be between -9,223,372,036,854,775,808 and 9,223,372,036,854,775,807."


def t(field: str, op: str, value: str) -> Terminal:
    """A terminal clause with a plain string value."""
    return Terminal(FieldRef(field), op, ValueOperand(value))


def where(jql: str) -> object:
    """The clause of a query."""
    return parse(jql).where


# ----- syntax errors (Jira's TestJqlParsing) ----------------------------------------------
SYNTAX_ERRORS = [
    ("comment ~ 'test", "The quoted string 'test' has not been completed. (line 1, character 11)"),
    ("comment ~ 'test\n", "The quoted string 'test ' has not been completed. (line 1, character 11)"),
    ('priority="test\nword', "The quoted string 'test word' has not been completed. (line 1, character 10)"),
    ("comment ~ '", "The quoted string has not been completed. (line 1, character 11)"),
    ("comme\\unt ~ 'test", f"'\\un' is an illegal JQL escape sequence. {ESC} (line 1, character 6)"),
    ("status = \\c", f"'\\c' is an illegal JQL escape sequence. {ESC} (line 1, character 10)"),
    ("status = x\\", f"The escape sequence has not been completed. {ESC} (line 1, character 11)"),
    ("mine{www = qwwr", "The character '{' is a reserved JQL character. You must enclose it in a string or use the escape '\\u007b' instead. (line 1, character 5)"),
    ("minewww# = qwwr", "The character '#' is a reserved JQL character. You must enclose it in a string or use the escape '\\u0023' instead. (line 1, character 8)"),
    ("minewww = qwwr}", "The character '}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u007d' instead. (line 1, character 15)"),
    ("minewww =\u007fqwwr", "The character 'U+007F' on line 1 at position 10 must be escaped. Use the escape '\\u007f' instead. (line 1, character 10)"),
    ("mqwwr\u007f", "The character 'U+007F' on line 1 at position 6 must be escaped. Use the escape '\\u007f' instead. (line 1, character 6)"),
    ('mqwwr="\u007f this is broken"', "The character 'U+007F' on line 1 at position 8 must be escaped. Use the escape '\\u007f' instead. (line 1, character 8)"),
    ("aaaaa=-3482094382084092840932809482", f"'-3482094382084092840932809482' is not a valid number. {NUM} (line 1, character 7)"),
    ("cf[1002020202002020202020202020020202822]=a", f"'1002020202002020202020202020020202822' is not a valid number. {NUM} (line 1, character 4)"),
    ("a =b order", "Expecting 'by' before the end of the query."),
    ("a =b order summary", "Expecting 'by' but got 'summary'. (line 1, character 12)"),
    ("a =b order by", "Expecting a field name at the end of the query."),
    ("a =b order by asc", "Expecting a field name but got 'asc'. You must surround 'asc' in quotation marks to use it as a field name. (line 1, character 15)"),
    ("a =b order by ajsks blah", "Expecting either 'ASC' or 'DESC' but got 'blah'. (line 1, character 21)"),
    ('a =b order by "" desc', "A field name cannot be empty. (line 1, character 15)"),
    ("'' = c", "A field name cannot be empty. (line 1, character 1)"),
    ("a = ''()", "A function name cannot be empty. (line 1, character 5)"),
    ('a = ""()', "A function name cannot be empty. (line 1, character 5)"),
    ("a", f"Expecting operator before the end of the query. {OPS}"),
    ("a blah >", f"Expecting operator but got 'blah'. {OPS} (line 1, character 3)"),
    ("a =a and j not is empty", "Expecting 'IN' but got 'is'. (line 1, character 16)"),
    ("a =a and j is ! empty", "Expecting 'NOT' but got '!'. (line 1, character 15)"),
    ("cf", "Expecting '[' before the end of the query."),
    ("a = b and not (cf = 6)", "Expecting '[' but got '='. (line 1, character 19)"),
    ("cf[", "Expecting a custom field id (a positive number) before the end of the query."),
    ("cf[ = 9", "Expecting a custom field id (a positive number) but got '='. (line 1, character 5)"),
    ("cf[] = 1", "Expecting a custom field id (a positive number) but got ']'. (line 1, character 4)"),
    ("cf[29829k] = ", "Expecting a custom field id (a positive number) but got '29829k'. (line 1, character 4)"),
    ("cf[-29829] = ", "Expecting a custom field id (a positive number) but got '-29829'. (line 1, character 4)"),
    ("cf[29829 = world", "Expecting ']' but got '='. (line 1, character 10)"),
    ("cf[29829", "Expecting ']' before the end of the query."),
    ("a = func(", "Expecting ')' before the end of the query."),
    ("a = func(, and not (a = x)", "Expecting ')' but got ','. (line 1, character 10)"),
    ("b=func(bad", "Expecting ')' before the end of the query."),
    ("bas=func(bad,)", "Function argument must be specified. (line 1, character 14)"),
    ("bas=func(bad,", "Expecting a function argument at the end of the query."),
    ("k = func(!", "Expecting a function argument but got '!'. You must surround '!' in quotation marks to use it as an argument. (line 1, character 10)"),
    ("k = func(abc, jk!)", "Expecting ')' or ',' but got '!'. (line 1, character 17)"),
    ("(a=b and c = d", "Expecting ')' before the end of the query."),
    ("a=b or (c=d and not l ~ kate", "Expecting ')' before the end of the query."),
    ("b in ((12, (288)", "Expecting ')' before the end of the query."),
    ("abc IN ((foo) abc = a", "Expecting ')' but got 'abc'. (line 1, character 15)"),
    ("a=", "Expecting either a value, list or function before the end of the query."),
    ("a=!", "Expecting either a value, list or function but got '!'. You must surround '!' in quotation marks to use it as a value. (line 1, character 3)"),
    ("a=b c=d", "Expecting either 'OR' or 'AND' but got 'c'. (line 1, character 5)"),
    ("a=b !c=d", "Expecting either 'OR' or 'AND' but got '!'. (line 1, character 5)"),
    ("a=(a,", "Expecting either a value, list or function before the end of the query."),
    ("a=(a,(,bad))", "Expecting either a value, list or function but got ','. You must surround ',' in quotation marks to use it as a value. (line 1, character 7)"),
    ("a = ((c,d), d, e, f, yyy) and", "Expecting a field name at the end of the query."),
    ('comment !~ "brenden" and', "Expecting a field name at the end of the query."),
    ('comment !~ "brenden" jack = jill', "Expecting either 'OR' or 'AND' but got 'jack'. (line 1, character 22)"),
    ('comment !~ "brenden" and cf[1000] = jill order by a desc b', "Expecting ',' but got 'b'. (line 1, character 58)"),
    (", a = b", "Expecting a field name but got ','. You must surround ',' in quotation marks to use it as a field name. (line 1, character 1)"),
    ("order by a desc d", "Expecting ',' but got 'd'. (line 1, character 17)"),
    ("[brenden] = a", "Expecting a field name but got '['. Did you mean 'cf['? (line 1, character 1)"),
    ("a = brenden and [78] = q", "Expecting a field name but got '['. Did you mean 'cf['? (line 1, character 17)"),
    ("a was", "Expecting either a value, list or function before the end of the query."),
    ('a not was "Open"', "Expecting 'IN' but got 'was'. (line 1, character 7)"),
    ("summary ~ select", "'select' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 11)"),
    ("project = IN", "Expecting either a value, list or function but got 'IN'. You must surround 'IN' in quotation marks to use it as a value. (line 1, character 11)"),
    ("issuetype in (Story) & & status = x", "Expecting a field name but got '&'. You must surround '&' in quotation marks to use it as a field name. (line 1, character 24)"),
    ("status = Open\nAND\n  summary ~ {x}", "The character '{' is a reserved JQL character. You must enclose it in a string or use the escape '\\u007b' instead. (line 3, character 13)"),
    ("created > 2024/01/01", "The character '/' is a reserved JQL character. You must enclose it in a string or use the escape '\\u002f' instead. (line 1, character 15)"),
    ("summary ~ win*", "The character '*' is a reserved JQL character. You must enclose it in a string or use the escape '\\u002a' instead. (line 1, character 14)"),
    ("status = 'a\\u00zz'", f"'\\u00z' is an illegal JQL escape sequence. {ESC} (line 1, character 12)"),
]  # fmt: skip


@pytest.mark.parametrize(("jql", "message"), SYNTAX_ERRORS)
def test_syntax_errors_match_jira(jql: str, message: str) -> None:
    with pytest.raises(JqlError) as caught:
        parse(jql)
    assert caught.value.messages == [SYNTAX_PREFIX + message]


def test_reserved_words_differ_by_flavour() -> None:
    # DC lets "a" and "it" through (TestJqlParsing uses "a" as a field); Cloud reserves them.
    assert parse("a = it").where == t("a", "=", "it")
    with pytest.raises(JqlError) as caught:
        parse("summary ~ It", RESERVED_WORDS_CLOUD)
    assert caught.value.messages == [
        f"{SYNTAX_PREFIX}'It' is a reserved JQL word. You must surround it in quotation marks "
        "to use it in a query. (line 1, character 11)"
    ]
    assert RESERVED_WORDS_DC < RESERVED_WORDS_CLOUD
    # Quoting makes any word usable.
    assert parse('summary ~ "select"', RESERVED_WORDS_CLOUD).where == t("summary", "~", "select")


# ----- tree shape -------------------------------------------------------------------------
def test_and_binds_tighter_than_or() -> None:
    assert where("a = 1 OR b = 2 AND c = 3") == Or(
        (
            Terminal(FieldRef("a"), "=", ValueOperand("1", True)),
            And(
                (
                    Terminal(FieldRef("b"), "=", ValueOperand("2", True)),
                    Terminal(FieldRef("c"), "=", ValueOperand("3", True)),
                )
            ),
        )
    )


def test_parentheses_override_precedence() -> None:
    assert where("(a = x OR b = y) AND c = z") == And(
        (Or((t("a", "=", "x"), t("b", "=", "y"))), t("c", "=", "z"))
    )


def test_symbol_operators_and_repeated_not() -> None:
    assert where("a = x && b = y || !c = z") == Or(
        (And((t("a", "=", "x"), t("b", "=", "y"))), Not(t("c", "=", "z")))
    )
    assert where("a = x & b = y | c = z") == where("a = x AND b = y OR c = z")
    assert where("NOT NOT a = x") == t("a", "=", "x")
    assert where("not ! NOT (a = x)") == Not(t("a", "=", "x"))


def test_keywords_are_case_insensitive() -> None:
    assert parse("A = x aNd B in (y) Or C Is Not empty oRdEr bY d DeSc") == Query(
        Or(
            (
                And(
                    (
                        t("A", "=", "x"),
                        Terminal(FieldRef("B"), "in", ListOperand((ValueOperand("y"),))),
                    )
                ),
                Terminal(FieldRef("C"), "is not", EmptyOperand()),
            )
        ),
        (OrderField(FieldRef("d"), True),),
    )


@pytest.mark.parametrize(
    ("jql", "operator"),
    [
        ("a = x", "="), ("a != x", "!="), ("a > x", ">"), ("a >= x", ">="), ("a < x", "<"),
        ("a <= x", "<="), ("a ~ x", "~"), ("a !~ x", "!~"), ("a in (x)", "in"),
        ("a not in (x)", "not in"), ("a is EMPTY", "is"), ("a is not null", "is not"),
        ("a was x", "was"), ("a was in (x)", "was in"), ("a was not x", "was not"),
        ("a was not in (x)", "was not in"), ("a changed", "changed"),
    ],
)  # fmt: skip
def test_operators(jql: str, operator: str) -> None:
    clause = where(jql)
    assert isinstance(clause, Terminal)
    assert clause.operator == operator


def test_operands_lists_functions_and_predicates() -> None:
    clause = where("a in (x, 'y z', (1, EMPTY), f(), g(-1d, \"a b\")) after -1w by bob")
    operand = ListOperand(
        (
            ValueOperand("x"),
            ValueOperand("y z"),
            ListOperand((ValueOperand("1", True), EmptyOperand())),
            FunctionOperand("f", ()),
            FunctionOperand("g", ("-1d", "a b")),
        )
    )
    assert clause == Terminal(
        FieldRef("a"),
        "in",
        operand,
        (Predicate("after", ValueOperand("-1w")), Predicate("by", ValueOperand("bob"))),
    )
    assert operand.display == '("x", "y z", (1, EMPTY), f(), g(-1d, a b))'


@pytest.mark.parametrize(
    ("jql", "value"),
    [
        (r'a = "say \"hi\""', 'say "hi"'),
        (r"a = 'it\'s'", "it's"),
        (r"a = 'tab\there'", "tab\there"),
        (r"a = 'line\nbreak\r'", "line\nbreak\r"),
        (r"a = 'back\\slash'", "back\\slash"),
        (r"a = two\ words", "two words"),
        (r"a = '\u0041\u00e9'", "A\u00e9"),
        ("a = 'multi\nline'", "multi\nline"),
        ('a = "it\'s"', "it's"),
        ("a = 'say \"hi\"'", 'say "hi"'),
        ("a = ''", ""),
        ("a = ABC-123", "ABC-123"),
        ("a = -7d", "-7d"),
        ("a = 4.2", "4.2"),
    ],
)
def test_quoting_and_escapes(jql: str, value: str) -> None:
    clause = where(jql)
    assert isinstance(clause, Terminal)
    assert isinstance(clause.operand, ValueOperand)
    assert clause.operand.text == value


def test_numbers_and_custom_fields() -> None:
    assert where("cf[10016] > 5") == Terminal(
        FieldRef("cf[10016]", 10016), ">", ValueOperand("5", True)
    )
    assert where('"Story Points" = "5"') == Terminal(
        FieldRef("Story Points"), "=", ValueOperand("5", False)
    )
    assert where("a = -9223372036854775808") == Terminal(
        FieldRef("a"), "=", ValueOperand("-9223372036854775808", True)
    )


def test_order_by_several_fields() -> None:
    assert parse("ORDER BY priority DESC, cf[10019] asc, key") == Query(
        None,
        (
            OrderField(FieldRef("priority"), True),
            OrderField(FieldRef("cf[10019]", 10019), False),
            OrderField(FieldRef("key"), None),
        ),
    )


def test_tokens_carry_positions() -> None:
    tokens = tokenize("a = 1\n  AND b != 'x'")
    assert [(tok.kind, tok.line, tok.column) for tok in tokens] == [
        (TokenKind.WORD, 1, 1),
        (TokenKind.EQ, 1, 3),
        (TokenKind.WORD, 1, 5),
        (TokenKind.WORD, 2, 3),
        (TokenKind.WORD, 2, 7),
        (TokenKind.NE, 2, 9),
        (TokenKind.STRING, 2, 12),
        (TokenKind.EOF, 2, 15),
    ]
    assert tokens[3].keyword == "and"
    assert tokens[2].is_number


def test_deep_nesting_is_refused_not_crashing() -> None:
    with pytest.raises(JqlError) as caught:
        parse("(" * 5000 + "a = b" + ")" * 5000)
    assert caught.value.messages[0].startswith(SYNTAX_PREFIX)
    with pytest.raises(JqlError):
        parse("a in " + "(" * 5000)
    assert parse("a = b" + " and a = b" * 3000).where is not None
    assert parse("not " * 5001 + "a = b").where == Not(t("a", "=", "b"))


# ----- is_bounded ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("jql", "bounded"),
    [
        ("", False),
        ("   ", False),
        ("ORDER BY key", False),
        ("order by created DESC, key", False),
        ("project = ALPHA", True),
        ("project = ALPHA ORDER BY key", True),
        ("NOT status = Done", True),
        ("(assignee is EMPTY)", True),
    ],
)
def test_is_bounded(jql: str, bounded: bool) -> None:
    assert is_bounded(jql) is bounded


def test_is_bounded_raises_on_syntax_errors() -> None:
    with pytest.raises(JqlError) as caught:
        is_bounded("project =")
    assert caught.value.messages == [
        f"{SYNTAX_PREFIX}Expecting either a value, list or function before the end of the query."
    ]
