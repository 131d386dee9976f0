"""Compile a parsed query, once, into an issue predicate, a project prefilter and sort keys.

Validation happens while compiling: each problem Jira would report is recorded in the context
(errors, or warnings for unknown users), and a clause whose field or operator is unusable
compiles to "matches nothing", which is what Jira does when validation is turned off.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

from app.sandbox.jql.fields import Kind, resolve_field
from app.sandbox.jql.functions import FUNCTIONS, ValueType
from app.sandbox.jql.ordering import compile_order
from app.sandbox.jql.parser import (
    And,
    Clause,
    EmptyOperand,
    FunctionOperand,
    ListOperand,
    Operand,
    Or,
    OrderField,
    Terminal,
    ValueOperand,
)
from app.sandbox.jql.predicates import (
    ClauseCompiler,
    Compiled,
    Context,
    Pred,
    SortKey,
    all_of,
    any_of,
    key_number,
    never,
    unknown_field,
)
from app.sandbox.jql.record_clauses import RECORD_CLAUSES
from app.sandbox.jql.value_clauses import VALUE_CLAUSES
from app.sandbox.model import Issue

__all__ = ["Context", "Plan", "compile_query", "execute"]

_OPERATOR_NAMES = {
    "=": "EQUALS",
    "!=": "NOT_EQUALS",
    "~": "LIKE",
    "!~": "NOT_LIKE",
    ">": "GREATER_THAN",
    ">=": "GREATER_THAN_EQUALS",
    "<": "LESS_THAN",
    "<=": "LESS_THAN_EQUALS",
    "in": "IN",
    "not in": "NOT_IN",
    "is": "IS",
    "is not": "IS_NOT",
}

# what compiles a clause, per kind of field
_COMPILERS: dict[Kind, ClauseCompiler] = {**RECORD_CLAUSES, **VALUE_CLAUSES}


@dataclass(frozen=True, slots=True)
class Plan:
    """A compiled query: the predicate (None = all), project ids to scan (None = all), sorts."""

    predicate: Pred | None
    projects: frozenset[int] | None
    sorts: tuple[tuple[SortKey, bool], ...]
    ordered: bool


# ----- clauses -------------------------------------------------------------------------------
def _is_list_valued(operand: Operand, op: str) -> bool:
    if isinstance(operand, ListOperand):
        return True
    if isinstance(operand, FunctionOperand):
        fdef = FUNCTIONS.get(operand.name.lower())
        if fdef is None or not fdef.is_list:
            return False
        # Sprint functions are list functions, but "sprint = openSprints()" is common enough
        # that the sandbox accepts it with = and != too.
        return not (fdef.produces is ValueType.SPRINT and op in ("=", "!="))
    return False


def _usage_error(op: str, operand: Operand, fname: str) -> str | None:
    """Jira's operator/operand checks, made before the field's own checks."""
    if isinstance(operand, EmptyOperand) and op in ("in", "not in", ">", ">=", "<", "<="):
        return (
            f"Operator '{op}' does not support the empty value representation 'EMPTY' for "
            f"field '{fname}'."
        )
    if op not in ("in", "not in") and _is_list_valued(operand, op):
        return (
            f"Operator '{op}' does not support the list value '{operand.display}' for field "
            f"'{fname}'."
        )
    if op in ("in", "not in") and isinstance(operand, ValueOperand):
        return (
            f"Operator '{op}' does not support the non-list value '{operand.display}' for field "
            f"'{fname}'."
        )
    if op in ("is", "is not") and not isinstance(operand, EmptyOperand):
        return (
            f"Operator '{op}' does not support searching for non-empty values for field '{fname}'."
        )
    return None


def _terminal(ctx: Context, clause: Terminal) -> Compiled:
    fname = clause.field.name
    spec = resolve_field(ctx.store, fname, clause.field.cf_id)
    if spec is None:
        ctx.error(unknown_field(ctx, fname))
        return never, None
    op = clause.operator
    if op.startswith("was") or op == "changed" or clause.operand is None:
        # The sandbox keeps no change history, so history searches are refused.
        ctx.error(f"The operator '{op}' is not supported by the '{fname}' field.")
        return never, None
    if clause.predicates:
        predicate = clause.predicates[0]
        ctx.error(
            f"The {_OPERATOR_NAMES[op]} operator does not support the use of the "
            f"{predicate.name} {predicate.operand.display} predicate."
        )
        return never, None
    usage = _usage_error(op, clause.operand, fname)
    if usage is not None:
        ctx.error(usage)
        return never, None
    if op not in spec.operators:
        ctx.error(f"The operator '{op}' is not supported by the '{fname}' field.")
        return never, None
    return _COMPILERS[spec.kind](ctx, spec, fname, op, clause.operand)


def _compile(ctx: Context, clause: Clause) -> Pred:
    if isinstance(clause, Terminal):
        return _terminal(ctx, clause)[0]
    if isinstance(clause, And):
        return all_of([_compile(ctx, child) for child in clause.children])
    if isinstance(clause, Or):
        return any_of([_compile(ctx, child) for child in clause.children])
    inner = _compile(ctx, clause.child)
    return lambda i: not inner(i)


def _conjuncts(clause: Clause) -> list[Clause]:
    if isinstance(clause, And):
        out: list[Clause] = []
        for child in clause.children:
            out.extend(_conjuncts(child))
        return out
    return [clause]


def _key_order(issue: Issue) -> tuple[str, int]:
    return issue.key.rpartition("-")[0], key_number(issue)


# ----- entry points --------------------------------------------------------------------------
def compile_query(ctx: Context, where: Clause | None, order_by: tuple[OrderField, ...]) -> Plan:
    """Validate and compile a query; problems are left in ``ctx.errors`` / ``ctx.warnings``."""
    predicate: Pred | None = None
    projects: frozenset[int] | None = None
    if where is not None:
        preds: list[Pred] = []
        # Top-level "project = X" / "project in (...)" become a scan restriction instead of a
        # per-issue test, so a project-scoped query only walks that project's issues.
        for clause in _conjuncts(where):
            if isinstance(clause, Terminal):
                pred, exact = _terminal(ctx, clause)
                if exact is not None:
                    projects = exact if projects is None else projects & exact
                    continue
                preds.append(pred)
            else:
                preds.append(_compile(ctx, clause))
        predicate = all_of(preds) if preds else None
    sorts = compile_order(ctx, order_by)
    return Plan(predicate, projects, sorts, bool(order_by))


def execute(ctx: Context, plan: Plan) -> list[Issue]:
    """Run a compiled query over the issues the user may browse, sorted."""
    allowed = set(ctx.visible)
    if plan.projects is not None:
        allowed &= plan.projects
    if not allowed:
        return []
    if plan.predicate is None:
        issues = [i for i in ctx.store.issues.values() if i.project_id in allowed]
    else:
        test = plan.predicate
        issues = [i for i in ctx.store.issues.values() if i.project_id in allowed and test(i)]
    if not plan.ordered:
        # Jira's order without ORDER BY: issue key descending (JIRA-BEHAVIOUR §10; Jira ranks
        # by relevance instead when the query searches text, which the sandbox does not model)
        issues.sort(key=_key_order, reverse=True)
        return issues
    # Ties fall back to ascending id so that pages never overlap.
    issues.sort(key=operator.attrgetter("id"))
    for key, descending in reversed(plan.sorts):
        issues.sort(key=key, reverse=descending)
    return issues
