"""The search entry points: parse, validate, compile and run a query against a Store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.sandbox.jql.errors import JqlError
from app.sandbox.jql.evaluate import Context, compile_query, execute
from app.sandbox.jql.lexer import RESERVED_WORDS_CLOUD, RESERVED_WORDS_DC
from app.sandbox.jql.parser import parse
from app.sandbox.model import Flavour, Issue, User
from app.sandbox.store import Store

__all__ = ["SearchOutcome", "is_bounded", "reserved_words", "search"]

# validateQuery values: Jira's strict/warn/none, and the legacy true/false of /search.
_LENIENT = frozenset({"warn", "none", "false"})


@dataclass
class SearchOutcome:
    """The issues a query found (visible to the user, sorted) and Jira's warningMessages."""

    issues: list[Issue]
    warnings: list[str] = field(default_factory=list)


def reserved_words(store: Store) -> frozenset[str]:
    """The words this site's JQL refuses unquoted."""
    return RESERVED_WORDS_CLOUD if store.flavour is Flavour.CLOUD else RESERVED_WORDS_DC


def search(
    store: Store,
    jql: str,
    *,
    user: User | None,
    now: datetime | None = None,
    validate: str = "strict",
) -> SearchOutcome:
    """Run ``jql`` as ``user``; JqlError for syntax errors, and validation errors when strict."""
    query = parse(jql, reserved_words(store))
    moment = now or store.now()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    visible = {p.id: p for p in store.projects.values() if store.can_browse(user, p)}
    ctx = Context(store, user, moment, visible)
    plan = compile_query(ctx, query.where, query.order_by)
    warnings = list(ctx.warnings)
    if ctx.errors:
        if validate.lower() not in _LENIENT:
            raise JqlError(ctx.errors, warnings)
        warnings = [*ctx.errors, *warnings]
    return SearchOutcome(execute(ctx, plan), warnings)


def is_bounded(jql: str) -> bool:
    """Whether the query restricts the issues at all (Cloud's /search/jql refuses otherwise)."""
    # /search/jql only exists on Cloud, so Cloud's reserved words apply.
    return parse(jql, RESERVED_WORDS_CLOUD).where is not None
