"""The one exception the JQL engine raises, and the fixed texts Jira uses in it."""

from __future__ import annotations

__all__ = ["SYNTAX_PREFIX", "VALID_OPERATORS", "JqlError", "syntax_error"]

# Data Center and most recordings use this wording; recent Cloud drops "the" (JIRA-BEHAVIOUR §2).
SYNTAX_PREFIX = "Error in the JQL Query: "

VALID_OPERATORS = (
    "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', "
    "'IS' and 'IS NOT'."
)


class JqlError(Exception):
    """An invalid query; ``messages`` are Jira's ``errorMessages`` (the route answers 400)."""

    def __init__(self, messages: list[str], warnings: list[str] | None = None) -> None:
        super().__init__("; ".join(messages))
        self.messages: list[str] = list(messages)
        self.warnings: list[str] = list(warnings or [])


def syntax_error(text: str, position: tuple[int, int] | None = None) -> JqlError:
    """Build a syntax error: Jira's prefix, the text, and the token position when there is one."""
    where = f" (line {position[0]}, character {position[1]})" if position else ""
    return JqlError([f"{SYNTAX_PREFIX}{text}{where}"])
