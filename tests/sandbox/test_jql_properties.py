"""Property tests: whatever text comes in, search answers or raises JqlError, nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from app.sandbox.jql import JqlError, SearchOutcome, is_bounded, search
from app.sandbox.model import Flavour, User
from tests.sandbox.jql_fixture import NOW, build_store

# Hypothesis keeps caches in ./.hypothesis by default; with this project's norecursedirs, pytest's
# hypothesis plugin then warns about that folder at collection, and warnings are errors here.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "jade-hypothesis")

STORES = {flavour: build_store(flavour) for flavour in Flavour}

# Pieces of JQL, valid and broken, to build queries that get past the tokenizer more often.
TOKENS = [
    # fields
    "project", "key", "issuekey", "summary", "description", "text", "comment", "status",
    "statusCategory", "assignee", "reporter", "creator", "priority", "type", "labels",
    "component", "fixVersion", "affectedVersion", "resolution", "created", "updated",
    "resolved", "due", "sprint", "parent", '"Epic Link"', '"Story Points"', "cf[10016]",
    "cf[10106]", "cf[10300]", "Customer", "rank", "category", "bogus", "cf",
    # operators and keywords
    "=", "!=", ">", ">=", "<", "<=", "~", "!~", "IN", "NOT IN", "IS", "IS NOT", "WAS",
    "CHANGED", "AND", "OR", "NOT", "!", "&&", "||", "&", "|", "EMPTY", "null", "ORDER BY",
    "ASC", "DESC", "BY", "AFTER", "during", "(", ")", ",", "[", "]",
    # values
    "ALPHA", "BETA", "SEC", "ALPHA-1", "BETA-2", "NOPE-9", "10000", "-1", "0",
    "99999999999999999999", "High", "Medium", '"In Progress"', "Done", "Unresolved", "bob",
    "dave", "nobody", '"bob@example.com"', "ui", "auth", '"1.0"', "Backend", "-7d", '"4w 2d"',
    '"2024-06-01"', '"2024/06/01 10:00"', "2024-13-45", '"*x"', '"lo?in*"', "'it''s'",
    '"\\u0041"', '"\\q"', "select", "it", "a", "{", "*", "\u007f",
    # functions
    "currentUser()", "membersOf(developers)", "membersOf()", "openSprints()",
    "closedSprints()", "futureSprints()", "now()", "now(1)", "startOfDay()",
    'startOfMonth("-1M")', 'endOfWeek("+1")', "endOfYear(-99999999y)", "startOfDay(x)",
    "standardIssueTypes()", "releasedVersions(ALPHA)", "bogus()", "f(a,",
]  # fmt: skip

users = st.sampled_from(["admin", "dave", "carol", None])
modes = st.sampled_from(["strict", "warn", "none"])
flavours = st.sampled_from(list(Flavour))
token_queries = st.lists(st.sampled_from(TOKENS), max_size=14).map(" ".join)
# Mostly printable text, with some of JQL's own characters mixed in more often.
jql_chars = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"), st.sampled_from(list("()[],=!<>~'\"\\ &|*?{}-"))
    ),
    max_size=60,
)


def _answer(flavour: Flavour, who: str | None, jql: str, mode: str) -> None:
    store = STORES[flavour]
    user: User | None = store.users[who] if who else None
    try:
        outcome = search(store, jql, user=user, now=NOW, validate=mode)
    except JqlError as exc:
        assert exc.messages
        assert all(isinstance(m, str) and m for m in exc.messages)
        return
    assert isinstance(outcome, SearchOutcome)
    assert all(isinstance(w, str) and w for w in outcome.warnings)
    # Results never include what the user may not browse, and never repeat.
    allowed = {p.id for p in store.projects.values() if store.can_browse(user, p)}
    assert all(issue.project_id in allowed for issue in outcome.issues)
    assert len({issue.id for issue in outcome.issues}) == len(outcome.issues)


def _bounded(jql: str) -> None:
    try:
        assert isinstance(is_bounded(jql), bool)
    except JqlError as exc:
        assert exc.messages and all(exc.messages)


FAST = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FAST
@given(flavour=flavours, who=users, jql=st.text(max_size=60), mode=modes)
def test_any_text_gives_an_outcome_or_a_jql_error(
    flavour: Flavour, who: str | None, jql: str, mode: str
) -> None:
    _answer(flavour, who, jql, mode)
    _bounded(jql)


@FAST
@given(flavour=flavours, who=users, jql=jql_chars, mode=modes)
def test_jql_characters_give_an_outcome_or_a_jql_error(
    flavour: Flavour, who: str | None, jql: str, mode: str
) -> None:
    _answer(flavour, who, jql, mode)


@settings(FAST, max_examples=600)
@given(flavour=flavours, who=users, jql=token_queries, mode=modes)
def test_jql_token_soup_gives_an_outcome_or_a_jql_error(
    flavour: Flavour, who: str | None, jql: str, mode: str
) -> None:
    _answer(flavour, who, jql, mode)
    _bounded(jql)


@FAST
@given(
    field=st.sampled_from(["status", "priority", "created", "due", "assignee", '"Story Points"']),
    op=st.sampled_from(["=", "!=", ">", "<=", "in", "not in", "is", "is not", "~"]),
    value=st.one_of(
        st.text(max_size=12).map(lambda v: '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'),
        st.integers().map(str),
        st.sampled_from(["EMPTY", "(High, Low)", "now()", "startOfDay(-1)", "currentUser()"]),
    ),
    order=st.sampled_from(
        ["", " ORDER BY key", " ORDER BY priority DESC, created", " ORDER BY due"]
    ),
)
def test_well_formed_clauses_never_crash(field: str, op: str, value: str, order: str) -> None:
    for mode in ("strict", "warn"):
        _answer(Flavour.DATACENTER, "dave", f"{field} {op} {value}{order}", mode)
