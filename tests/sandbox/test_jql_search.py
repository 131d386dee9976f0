"""JQL search over a small hand-made site: results in order, Jira's error texts, warnings.

Each row of the tables runs one query as one user on the Data Center flavour of the site in
``jql_fixture``; Cloud-only behaviour (account ids, e-mails, reserved words) follows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.sandbox.jql import JqlError, SearchOutcome, autocomplete_data, search, suggestions
from app.sandbox.jql.errors import SYNTAX_PREFIX
from app.sandbox.model import Flavour
from app.sandbox.store import Store
from tests.sandbox.jql_fixture import NOW, build_store

DC = build_store(Flavour.DATACENTER)
CLOUD = build_store(Flavour.CLOUD)
ALPHA_ALL = [f"ALPHA-{n}" for n in range(1, 11)]
DATE_FORMATS = (
    "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', "
    "'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
)


@dataclass(frozen=True)
class Err:
    """The query fails with exactly these errorMessages."""

    messages: tuple[str, ...]

    def __init__(self, *messages: str) -> None:
        object.__setattr__(self, "messages", messages)


@dataclass(frozen=True)
class Warned:
    """The query succeeds with these keys and these warningMessages."""

    keys: tuple[str, ...]
    warnings: tuple[str, ...]


Expected = list[str] | Err | Warned


def run(
    store: Store, jql: str, who: str | None = "dave", validate: str = "strict"
) -> SearchOutcome:
    """Search as one of the fixture's users (None = anonymous) at the fixture's fixed now."""
    user = store.users[who] if who else None
    return search(store, jql, user=user, now=NOW, validate=validate)


def check(store: Store, who: str | None, jql: str, expected: Expected) -> None:
    """Compare a search with an expectation from the tables."""
    if isinstance(expected, Err):
        with pytest.raises(JqlError) as caught:
            run(store, jql, who)
        assert caught.value.messages == list(expected.messages)
        return
    outcome = run(store, jql, who)
    keys = [issue.key for issue in outcome.issues]
    if isinstance(expected, Warned):
        assert (keys, outcome.warnings) == (list(expected.keys), list(expected.warnings))
    else:
        assert (keys, outcome.warnings) == (expected, [])


def missing(value: str, field: str) -> str:
    """Jira's text for a value that does not exist."""
    return f"The value '{value}' does not exist for the field '{field}'."


# (user, jql, expected) - the plain user "dave" cannot see project SEC.
QUERIES: list[tuple[str | None, str, Expected]] = [
    # ----- project, category and permissions
    ("dave", "project = ALPHA ORDER BY key", ALPHA_ALL),
    ("dave", "project = alpha AND issuetype = Epic ORDER BY key", ["ALPHA-1", "ALPHA-10"]),
    ("dave", 'project = "Beta Platform" ORDER BY key DESC', ["BETA-5", "BETA-4", "BETA-3", "BETA-2", "BETA-1"]),
    ("dave", "project = 10001 ORDER BY key", ["BETA-1", "BETA-2", "BETA-3", "BETA-4", "BETA-5"]),
    ("dave", "project = SEC", Err(missing("SEC", "project"))),
    ("dave", "project = 10002", Err("A value with ID '10002' does not exist for the field 'project'.")),
    ("dave", "project in (ALPHA, SEC) ORDER BY key", Err(missing("SEC", "project"))),
    ("carol", "project = SEC ORDER BY key", ["SEC-1", "SEC-2"]),
    ("admin", "project = sec ORDER BY key DESC", ["SEC-2", "SEC-1"]),
    ("dave", "project in (ALPHA, BETA) AND priority = Highest ORDER BY key", ["ALPHA-2", "BETA-2"]),
    ("dave", "project not in (ALPHA) ORDER BY key", ["BETA-1", "BETA-2", "BETA-3", "BETA-4", "BETA-5"]),
    ("carol", "project != BETA AND labels = auth ORDER BY key", ["ALPHA-1", "ALPHA-2", "SEC-1"]),
    ("dave", "labels = security ORDER BY key", ["BETA-3"]),
    ("carol", "labels = security ORDER BY key", ["BETA-3", "SEC-1"]),
    # no ORDER BY: Jira's default, key descending (project key, then number)
    ("dave", "", ["BETA-5", "BETA-4", "BETA-3", "BETA-2", "BETA-1", *reversed(ALPHA_ALL)]),
    ("admin", "ORDER BY key", [*ALPHA_ALL, "BETA-1", "BETA-2", "BETA-3", "BETA-4", "BETA-5", "SEC-1", "SEC-2"]),
    (None, "ORDER BY key", []),
    (None, "project = ALPHA", Err(missing("ALPHA", "project"))),
    ("dave", "project is EMPTY", []),
    ("dave", "category = Internal AND key <= ALPHA-3 ORDER BY key", ["ALPHA-1", "ALPHA-2", "ALPHA-3"]),
    ("dave", "category is EMPTY ORDER BY key", ["BETA-1", "BETA-2", "BETA-3", "BETA-4", "BETA-5"]),
    # ----- key / id
    ("dave", "key = ALPHA-3", ["ALPHA-3"]),
    ("dave", "issuekey in (alpha-2, BETA-1) ORDER BY key", ["ALPHA-2", "BETA-1"]),
    ("dave", "id = 10008", ["BETA-1"]),
    ("dave", "key > ALPHA-7 ORDER BY key", ["ALPHA-8", "ALPHA-9", "ALPHA-10"]),
    # relational key clauses compare key numbers within the named issue's project only
    ("dave", "key < BETA-3 ORDER BY key", ["BETA-1", "BETA-2"]),
    ("dave", "key <= ALPHA-2 OR key >= BETA-4 ORDER BY key", ["ALPHA-1", "ALPHA-2", "BETA-4", "BETA-5"]),
    # id is the key clause: a number names an issue (10007 is ALPHA-8), ids are not compared
    ("dave", "id > 10007 ORDER BY key", ["ALPHA-9", "ALPHA-10"]),
    ("dave", "issuekey >= 10014 AND issue < ALPHA-10", ["ALPHA-9"]),
    # ORDER BY id is ORDER BY key (project key, then number), not by issue id
    ("dave", "key >= BETA-4 OR key <= ALPHA-2 ORDER BY id DESC", ["BETA-5", "BETA-4", "ALPHA-2", "ALPHA-1"]),
    ("dave", "key > ALPHA-11", Err("An issue with key 'ALPHA-11' does not exist for field 'key'.")),
    ("dave", "key < SEC-2", Err("An issue with key 'SEC-2' does not exist for field 'key'.")),
    ("dave", "id < 99999", Err("A value with ID '99999' does not exist for the field 'id'.")),
    ("dave", "issue != ALPHA-1 AND project = ALPHA AND type = Epic", ["ALPHA-10"]),
    ("dave", "key = SEC-1", Err("An issue with key 'SEC-1' does not exist for field 'key'.")),
    ("dave", "key = nope", Err("The issue key 'nope' for field 'key' is invalid.")),
    # ----- text
    ("dave", "summary ~ login ORDER BY key", ["ALPHA-1", "ALPHA-2", "ALPHA-6", "BETA-1"]),
    ("dave", 'summary ~ "LOGIN error" ORDER BY key', ["ALPHA-2"]),  # words in order
    ("dave", 'summary ~ "log*" ORDER BY key', ["ALPHA-1", "ALPHA-2", "ALPHA-6", "BETA-1"]),
    ("dave", 'summary ~ "cr?sh" ORDER BY key', ["ALPHA-3", "BETA-5"]),
    ("dave", r'summary ~ "\u0063rash" ORDER BY key', ["ALPHA-3", "BETA-5"]),
    ("dave", r'description ~ "\"NPE\""', ["BETA-5"]),
    ("dave", "summary ~ log", []),  # whole words only
    ("dave", "summary !~ login AND project = BETA ORDER BY key", ["BETA-2", "BETA-3", "BETA-4", "BETA-5"]),
    ("dave", "description ~ 'stack trace'", ["BETA-5"]),
    ("dave", "description is EMPTY ORDER BY key", ["ALPHA-4", "BETA-3"]),
    ("dave", "comment ~ design", ["BETA-4"]),
    ("dave", "text ~ staging", ["ALPHA-2"]),
    ("dave", "text ~ biometrics", ["BETA-1"]),
    ("dave", 'summary ~ "*log"', Err("The text query '*log' for field 'summary' is not valid: the '*' and '?' are not allowed as first character in wildcard query.")),
    ("dave", "summary = login", Err("The operator '=' is not supported by the 'summary' field.")),
    ("dave", "summary in (a, b)", Err("The operator 'in' is not supported by the 'summary' field.")),
    ("dave", "summary ~ (a, b)", Err("Operator '~' does not support the list value '(\"a\", \"b\")' for field 'summary'.")),
    ("dave", "text is EMPTY", Err("The operator 'is' is not supported by the 'text' field.")),
    # ----- status and status category
    ("dave", 'status = "In Progress" ORDER BY key', ["ALPHA-2", "ALPHA-10", "BETA-1"]),
    ("dave", 'status in ("To Do", 10001) AND project = ALPHA ORDER BY key', ["ALPHA-3", "ALPHA-5", "ALPHA-6", "ALPHA-7", "ALPHA-9"]),
    ("dave", "status = Open", Err(missing("Open", "status"))),
    ("dave", "status = 99999", Err("A value with ID '99999' does not exist for the field 'status'.")),
    ("dave", "status in Open", Err("Operator 'in' does not support the non-list value '\"Open\"' for field 'status'.")),
    ("dave", "status is Open", Err("Operator 'is' does not support searching for non-empty values for field 'status'.")),
    ("dave", "statusCategory = Done ORDER BY key", ["ALPHA-1", "ALPHA-4", "ALPHA-8", "BETA-3"]),
    ("dave", 'statusCategory != "To Do" AND project = BETA ORDER BY key', ["BETA-1", "BETA-3"]),
    ("dave", "statusCategory in (new) AND project = BETA ORDER BY key", ["BETA-2", "BETA-4", "BETA-5"]),
    # ----- priority (a lower rank is more urgent; "> Medium" means more urgent than Medium)
    ("dave", "priority > Medium ORDER BY key", ["ALPHA-1", "ALPHA-2", "ALPHA-8", "BETA-1", "BETA-2", "BETA-5"]),
    ("dave", "priority <= Low ORDER BY priority, key", ["ALPHA-6", "ALPHA-4", "BETA-4"]),
    ("dave", "priority in (High, Highest) ORDER BY priority DESC, key", ["ALPHA-2", "BETA-2", "ALPHA-1", "ALPHA-8", "BETA-1", "BETA-5"]),
    ("dave", "priority > EMPTY", Err("Operator '>' does not support the empty value representation 'EMPTY' for field 'priority'.")),
    # ----- issue type
    ("dave", "type = Bug ORDER BY key", ["ALPHA-3", "ALPHA-6", "BETA-2", "BETA-5"]),
    ("dave", "issuetype in subTaskIssueTypes()", ["ALPHA-7"]),
    ("dave", "issuetype in standardIssueTypes() AND project = ALPHA ORDER BY key", [k for k in ALPHA_ALL if k != "ALPHA-7"]),
    ("dave", "issuetype = Feature", Err(missing("Feature", "issuetype"))),
    # ----- users
    ("dave", "assignee = currentUser() ORDER BY key", ["ALPHA-6", "BETA-1"]),
    (None, "assignee = currentUser()", Err("Function 'currentUser' cannot be called anonymously.")),
    ("dave", "assignee in membersOf(developers) ORDER BY key", ["ALPHA-2", "ALPHA-4", "ALPHA-5", "ALPHA-7", "BETA-4", "BETA-5"]),
    ("dave", 'assignee not in membersOf("Developers") ORDER BY key', ["ALPHA-1", "ALPHA-6", "ALPHA-10", "BETA-1", "BETA-3"]),
    ("dave", "assignee = membersOf(developers)", Err("Operator '=' does not support the list value 'membersOf(developers)' for field 'assignee'.")),
    ("dave", 'assignee in membersOf("ghosts")', Err("Function 'membersOf' can not generate a list of usernames for group 'ghosts'; the group does not exist.")),
    ("dave", "assignee in membersOf(developers, ghosts)", Err("Function 'membersOf' expected '1' arguments but received '2'.")),
    ("dave", "assignee = nobody", Warned((), (missing("nobody", "assignee"),))),
    ("dave", "assignee in (nobody, bob) ORDER BY key", Warned(("ALPHA-2", "ALPHA-5", "ALPHA-7", "BETA-5"), (missing("nobody", "assignee"),))),
    ("dave", "assignee is EMPTY ORDER BY key", ["ALPHA-3", "ALPHA-8", "ALPHA-9", "BETA-2"]),
    ("dave", "assignee != bob AND project = ALPHA ORDER BY key", ["ALPHA-1", "ALPHA-4", "ALPHA-6", "ALPHA-10"]),
    ("dave", "reporter in (dave, BOB) AND type = Bug ORDER BY key", ["ALPHA-6", "BETA-2", "BETA-5"]),
    ("dave", "creator = carol ORDER BY key", ["ALPHA-3", "ALPHA-8"]),
    ("dave", "status = currentUser()", Err("A value provided by the function 'currentUser' is invalid for the field 'status'.")),
    # ----- labels and components
    ("dave", "labels = UI ORDER BY key", ["ALPHA-2", "ALPHA-5", "ALPHA-6", "ALPHA-9"]),
    ("dave", "labels in (ui, auth) AND NOT labels = typo ORDER BY key", ["ALPHA-1", "ALPHA-2", "ALPHA-5", "ALPHA-9", "BETA-1"]),
    ("dave", "labels is EMPTY ORDER BY key", ["ALPHA-3", "ALPHA-7", "ALPHA-10", "BETA-2", "BETA-4"]),
    ("dave", "labels != ui AND project = BETA ORDER BY key", ["BETA-1", "BETA-3", "BETA-5"]),
    ("dave", "component = Backend ORDER BY key", ["ALPHA-1", "ALPHA-3", "ALPHA-5", "ALPHA-8", "BETA-1"]),
    ("dave", "component = Vault", Err(missing("Vault", "component"))),
    ("dave", "component is EMPTY AND project = BETA ORDER BY key", ["BETA-2", "BETA-3", "BETA-4", "BETA-5"]),
    # ----- versions and resolution
    ("dave", 'fixVersion = "1.0" ORDER BY key', ["ALPHA-1", "ALPHA-4", "BETA-1"]),
    ("dave", 'fixVersion > "1.0" ORDER BY key', ["ALPHA-2", "ALPHA-5", "ALPHA-6"]),
    ("dave", "fixVersion in unreleasedVersions(ALPHA) ORDER BY key", ["ALPHA-2", "ALPHA-5", "ALPHA-6"]),
    ("dave", "fixVersion in releasedVersions() ORDER BY key", ["ALPHA-1", "ALPHA-4", "BETA-1"]),
    ("dave", "fixVersion in releasedVersions(SEC)", Err("Could not resolve the project 'SEC' provided to function 'releasedVersions'.")),
    ("dave", 'affectedVersion = "1.0"', ["ALPHA-3"]),
    ("dave", 'fixVersion = "9.9"', Err(missing("9.9", "fixVersion"))),
    ("dave", "resolution = Unresolved AND project = BETA ORDER BY key", ["BETA-1", "BETA-2", "BETA-4", "BETA-5"]),
    ("dave", "resolution = \"Won't Do\"", ["ALPHA-8"]),
    ("dave", "resolution is not EMPTY ORDER BY resolved DESC", ["ALPHA-1", "ALPHA-8", "ALPHA-4", "BETA-3"]),
    # ----- dates ("now" is Saturday 2024-06-15 12:00 UTC)
    ("dave", "created >= -1d ORDER BY created", ["BETA-2", "ALPHA-9"]),
    ("dave", 'created > "-1w, 2d" ORDER BY key', ["ALPHA-2", "ALPHA-3", "ALPHA-7", "ALPHA-9", "BETA-1", "BETA-2", "BETA-5"]),
    ("dave", "created > -90m", ["ALPHA-9"]),
    ("dave", "created > startOfDay() ORDER BY key", ["ALPHA-9", "BETA-2"]),
    ("dave", "created > startOfWeek() ORDER BY key", ["ALPHA-2", "ALPHA-3", "ALPHA-7", "ALPHA-9", "BETA-1", "BETA-2", "BETA-5"]),
    ("dave", "created > startOfMonth(-1) AND created < startOfMonth() ORDER BY key", ["ALPHA-6", "ALPHA-10"]),
    ("dave", "createdDate < endOfYear(-1)", ["BETA-4"]),
    ("dave", 'created < "2024/01/01"', ["BETA-4"]),
    ("dave", "created = 2024-06-10", ["ALPHA-2"]),
    ("dave", 'created >= "2024-06-14 10:00" AND created < "2024-06-14 10:01"', ["ALPHA-3"]),
    ("dave", "created > 1718409600000 ORDER BY key", ["ALPHA-9", "BETA-2"]),
    ("dave", 'updated >= "2024-06-14" ORDER BY updated DESC', ["ALPHA-9", "BETA-2", "ALPHA-2", "ALPHA-3"]),
    ("dave", 'resolved >= "2024-03-01" ORDER BY resolved DESC', ["ALPHA-1", "ALPHA-8", "ALPHA-4"]),
    ("dave", "due < now()", ["BETA-2"]),
    ("dave", 'duedate <= "2024/06/15" ORDER BY key', ["ALPHA-3", "BETA-2"]),
    ("dave", "due > endOfDay() ORDER BY due", ["ALPHA-2", "ALPHA-5"]),
    ("dave", "due in (2024-06-20, 2024-07-01) ORDER BY key", ["ALPHA-2", "ALPHA-5"]),
    ("dave", "created > bogus", Err(f"Date value 'bogus' for field 'created' is invalid. {DATE_FORMATS}")),
    ("dave", 'due > "2024-06-15 10:00"', Err("Date value '2024-06-15 10:00' for field 'due' is invalid. Valid formats include: 'YYYY/MM/DD', 'YYYY-MM-DD', or a period format e.g. '-5d', '4w 2d'.")),
    ("dave", 'created > startOfDay("+1x")', Err("Duration for function 'startOfDay' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier.")),
    ("dave", "created > now(1)", Err("Function 'now' expected '0' arguments but received '1'.")),
    ("dave", "created > startOfDay(1, 2)", Err("Function 'startOfDay' expected between '0' and '1' arguments but received '2'.")),
    ("dave", "created > bogus()", Err("Unable to find JQL function 'bogus()'.")),
    ("dave", "created > membersOf(developers)", Err("Operator '>' does not support the list value 'membersOf(developers)' for field 'created'.")),
    # ----- sprints
    ("dave", "sprint in openSprints() ORDER BY key", ["ALPHA-2", "ALPHA-3", "ALPHA-5"]),
    ("dave", "sprint in closedSprints() ORDER BY key", ["ALPHA-4", "ALPHA-5"]),
    ("dave", "sprint in futureSprints()", ["ALPHA-6"]),
    ("dave", "Sprint = openSprints() ORDER BY key", ["ALPHA-2", "ALPHA-3", "ALPHA-5"]),
    ("dave", 'sprint = "alpha sprint 1" ORDER BY key', ["ALPHA-4", "ALPHA-5"]),
    ("dave", "sprint = 2 ORDER BY key", ["ALPHA-2", "ALPHA-3", "ALPHA-5"]),
    ("dave", "cf[10104] not in closedSprints() ORDER BY key", ["ALPHA-2", "ALPHA-3", "ALPHA-6"]),
    ("dave", "sprint is EMPTY AND project = ALPHA ORDER BY key", ["ALPHA-1", "ALPHA-7", "ALPHA-8", "ALPHA-9", "ALPHA-10"]),
    ("dave", 'sprint = "No such sprint"', Err(missing("No such sprint", "sprint"))),
    # ----- parent, epic link, story points, other custom fields
    ("dave", "parent = ALPHA-2", ["ALPHA-7"]),
    ("dave", "parent in (ALPHA-1, ALPHA-10) ORDER BY key", ["ALPHA-2", "ALPHA-3", "ALPHA-9"]),
    ("dave", '"Epic Link" = ALPHA-1 ORDER BY key', ["ALPHA-2", "ALPHA-3"]),
    ("dave", "cf[10100] = ALPHA-10", ["ALPHA-9"]),
    ("dave", '"epic link" is EMPTY AND project = ALPHA ORDER BY key', ["ALPHA-1", "ALPHA-4", "ALPHA-5", "ALPHA-6", "ALPHA-7", "ALPHA-8", "ALPHA-10"]),
    ("dave", '"Story Points" > 5 ORDER BY "Story Points" DESC', ["BETA-4", "ALPHA-8", "ALPHA-5"]),
    ("dave", "cf[10106] >= 8 ORDER BY cf[10106]", ["ALPHA-5", "ALPHA-8", "BETA-4"]),
    ("dave", '"Story Points" in (1, 2, 3) ORDER BY key', ["ALPHA-3", "ALPHA-4", "ALPHA-6"]),
    ("dave", '"story point estimate" is EMPTY AND project = BETA ORDER BY key', ["BETA-2", "BETA-3", "BETA-5"]),
    ("dave", '"Story Points" = lots', Err("Value 'lots' for the 'Story Points' field is not a valid number.")),
    ("dave", "Customer = Acme", Err("The option 'Acme' for field 'Customer' does not exist.")),
    ("dave", "cf[10300] is EMPTY AND project = BETA ORDER BY key", ["BETA-1", "BETA-2", "BETA-3", "BETA-4", "BETA-5"]),
    ("dave", "Notes ~ anything", []),
    ("dave", "rank = 1", Err("The operator '=' is not supported by the 'rank' field.")),
    ("dave", "cf[99999] = 1", Err("Field 'cf[99999]' does not exist or you do not have permission to view it.")),
    # ----- AND / OR / NOT, precedence, symbols, case
    ("dave", 'status = "In Progress" OR status = "In Review" AND priority = Medium ORDER BY key', ["ALPHA-2", "ALPHA-5", "ALPHA-10", "BETA-1"]),
    ("dave", '(status = "In Progress" OR status = "In Review") AND priority = Medium ORDER BY key', ["ALPHA-5", "ALPHA-10"]),
    ("dave", "NOT NOT status = Done ORDER BY key", ["ALPHA-1", "ALPHA-4", "ALPHA-8", "BETA-3"]),
    ("dave", "! (status = Done) and project = BETA ORDER BY key", ["BETA-1", "BETA-2", "BETA-4", "BETA-5"]),
    ("dave", "NOT assignee = bob AND project = BETA ORDER BY key", ["BETA-1", "BETA-2", "BETA-3", "BETA-4"]),
    ("dave", "project = ALPHA && labels = ui || project = BETA && priority = Highest ORDER BY key", ["ALPHA-2", "ALPHA-5", "ALPHA-6", "ALPHA-9", "BETA-2"]),
    ("dave", "not (project = ALPHA or project = BETA)", []),
    ("dave", 'PROJECT = ALPHA and STATUS = "To Do" oRdEr By KEY dEsC', ["ALPHA-9", "ALPHA-7", "ALPHA-6", "ALPHA-3"]),
    # ----- ORDER BY
    ("dave", "project = ALPHA ORDER BY rank", ["ALPHA-3", "ALPHA-5", "ALPHA-2", "ALPHA-7", "ALPHA-6", "ALPHA-9", "ALPHA-4", "ALPHA-10", "ALPHA-8", "ALPHA-1"]),
    ("dave", "project = BETA ORDER BY assignee, key", ["BETA-3", "BETA-5", "BETA-4", "BETA-1", "BETA-2"]),
    ("dave", "project = BETA ORDER BY assignee DESC", ["BETA-2", "BETA-1", "BETA-4", "BETA-5", "BETA-3"]),
    ("dave", "project = BETA ORDER BY due ASC, key DESC", ["BETA-2", "BETA-5", "BETA-4", "BETA-3", "BETA-1"]),
    ("dave", "project = BETA ORDER BY \"Story Points\"", ["BETA-1", "BETA-4", "BETA-2", "BETA-3", "BETA-5"]),
    ("dave", "type = Story ORDER BY status, summary", ["ALPHA-9", "BETA-4", "ALPHA-2", "BETA-1", "ALPHA-5"]),
    ("dave", "project = ALPHA AND type = Epic ORDER BY created DESC", ["ALPHA-10", "ALPHA-1"]),
    ("dave", "fixVersion is not EMPTY ORDER BY fixVersion DESC, key", ["ALPHA-5", "ALPHA-2", "ALPHA-6", "ALPHA-1", "ALPHA-4", "BETA-1"]),
    ("dave", "ORDER BY bogus", Err("Field 'bogus' does not exist or you do not have permission to view it.")),
    ("dave", "ORDER BY description", Err("Field 'description' does not support sorting.")),
    ("dave", "ORDER BY key, issuekey", Err("The sort field 'issuekey' is referenced multiple times in the JQL sort.")),
    # ----- other validation errors
    ("dave", "bogus = 1", Err("Field 'bogus' does not exist or you do not have permission to view it.")),
    (None, "bogus = 1", Err("Field 'bogus' does not exist or this field cannot be viewed by anonymous users.")),
    ("dave", "status was Open", Err("The operator 'was' is not supported by the 'status' field.")),
    ("dave", "status changed", Err("The operator 'changed' is not supported by the 'status' field.")),
    ("dave", 'status = "To Do" by admin', Err('The EQUALS operator does not support the use of the by "admin" predicate.')),
    ("dave", "status = Open AND priority = Urgent OR bogus = 1", Err(missing("Open", "status"), missing("Urgent", "priority"), "Field 'bogus' does not exist or you do not have permission to view it.")),
    # ----- syntax errors come back with Jira's prefix and position
    ("dave", "project = ", Err(f"{SYNTAX_PREFIX}Expecting either a value, list or function before the end of the query.")),
    ("dave", "project = ALPHA AND", Err(f"{SYNTAX_PREFIX}Expecting a field name at the end of the query.")),
    ("dave", "labels = set", Err(f"{SYNTAX_PREFIX}'set' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 10)")),
    ("dave", 'labels = "set"', []),
]  # fmt: skip


@pytest.mark.parametrize(("who", "jql", "expected"), QUERIES)
def test_query(who: str | None, jql: str, expected: Expected) -> None:
    check(DC, who, jql, expected)


CLOUD_QUERIES: list[tuple[str | None, str, Expected]] = [
    ("dave", "assignee = 5b10ac8d82e05b22cc7d0002 ORDER BY key", ["ALPHA-2", "ALPHA-5", "ALPHA-7", "BETA-5"]),
    ("dave", 'reporter = "Dave@Example.com" ORDER BY key', ["ALPHA-5", "ALPHA-9", "BETA-1", "BETA-4"]),
    ("dave", "assignee = bob", Warned((), (missing("bob", "assignee"),))),
    ("dave", "assignee = currentUser() ORDER BY key", ["ALPHA-6", "BETA-1"]),
    ("dave", '"Story point estimate" >= 13 ORDER BY key', ["ALPHA-8", "BETA-4"]),
    ("dave", '"Story Points" >= 13 ORDER BY key', ["ALPHA-8", "BETA-4"]),
    ("dave", "cf[10016] >= 13 ORDER BY cf[10016] DESC", ["BETA-4", "ALPHA-8"]),
    ("dave", "cf[10020] in openSprints() ORDER BY key", ["ALPHA-2", "ALPHA-3", "ALPHA-5"]),
    ("dave", "cf[10014] = ALPHA-10", ["ALPHA-9"]),
    ("dave", "cf[10106] = 1", Err("Field 'cf[10106]' does not exist or you do not have permission to view it.")),
    ("dave", "summary ~ it", Err(f"{SYNTAX_PREFIX}'it' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 11)")),
]  # fmt: skip


@pytest.mark.parametrize(("who", "jql", "expected"), CLOUD_QUERIES)
def test_cloud_query(who: str | None, jql: str, expected: Expected) -> None:
    check(CLOUD, who, jql, expected)


def test_dc_takes_usernames_in_any_case_and_the_word_it() -> None:
    bob = run(DC, "assignee = BOB ORDER BY key")
    assert [i.key for i in bob.issues] == ["ALPHA-2", "ALPHA-5", "ALPHA-7", "BETA-5"]
    assert run(DC, "summary ~ it OR summary ~ a").issues == []


# ----- validate modes ------------------------------------------------------------------------
def test_warn_mode_turns_validation_errors_into_warnings() -> None:
    jql = "key = NOPE-1 OR project = BETA ORDER BY key"
    with pytest.raises(JqlError):
        run(DC, jql)
    for mode in ("warn", "none", "false"):
        outcome = run(DC, jql, validate=mode)
        assert [i.key for i in outcome.issues] == ["BETA-1", "BETA-2", "BETA-3", "BETA-4", "BETA-5"]
        assert outcome.warnings == ["An issue with key 'NOPE-1' does not exist for field 'key'."]


def test_unvalidated_a_relational_key_clause_on_a_missing_issue_matches_nothing() -> None:
    # Jira's key range needs the issue to find its project and number: without one, nothing
    outcome = run(DC, "key > ALPHA-11 OR project = BETA ORDER BY key", validate="warn")
    assert [i.key for i in outcome.issues] == ["BETA-1", "BETA-2", "BETA-3", "BETA-4", "BETA-5"]
    assert outcome.warnings == ["An issue with key 'ALPHA-11' does not exist for field 'key'."]


def test_warn_mode_keeps_the_values_that_exist() -> None:
    outcome = run(
        DC, "key in (ALPHA-1, NOPE-1, BETA-2) AND bogus = 1 OR key = BETA-3", validate="warn"
    )
    assert [i.key for i in outcome.issues] == ["BETA-3"]
    outcome = run(DC, "key in (ALPHA-1, NOPE-1, BETA-2) ORDER BY key", validate="warn")
    assert [i.key for i in outcome.issues] == ["ALPHA-1", "BETA-2"]


def test_warn_mode_still_raises_syntax_errors() -> None:
    with pytest.raises(JqlError) as caught:
        run(DC, "project = ", validate="warn")
    assert caught.value.messages[0].startswith(SYNTAX_PREFIX)


def test_strict_errors_carry_the_warnings_too() -> None:
    with pytest.raises(JqlError) as caught:
        run(DC, "assignee = ghost AND status = Nope")
    assert caught.value.messages == [missing("Nope", "status")]
    assert caught.value.warnings == [missing("ghost", "assignee")]


def test_default_now_and_naive_now() -> None:
    # Without "now" the store's clock is used; a naive "now" is read as UTC.
    assert [
        i.key for i in search(DC, "created < now() ORDER BY key", user=DC.users["admin"]).issues
    ][:1] == ["ALPHA-1"]
    naive = NOW.replace(tzinfo=None)
    outcome = search(DC, "created > -1d ORDER BY key", user=DC.users["dave"], now=naive)
    assert [i.key for i in outcome.issues] == ["ALPHA-9", "BETA-2"]


def test_week_start_follows_the_locale() -> None:
    # carol's locale is de_DE: her week starts on Monday 2024-06-10, dave's on Sunday the 9th.
    jql = 'created >= startOfWeek() AND created < startOfWeek("+1d") ORDER BY key'
    assert [i.key for i in run(DC, jql, "carol").issues] == ["ALPHA-2"]
    assert [i.key for i in run(DC, jql, "dave").issues] == []


def test_search_sees_changes_to_the_store() -> None:
    store = build_store()
    store.issues_by_key["BETA-2"].labels.append("hotfix")
    assert [i.key for i in run(store, "labels = hotfix").issues] == ["BETA-2"]


# ----- autocomplete --------------------------------------------------------------------------
FIELD_KEYS = {
    "value",
    "displayName",
    "orderable",
    "searchable",
    "auto",
    "cfid",
    "operators",
    "types",
    "deprecated",
    "deprecatedSearcherKey",
}
FUNCTION_KEYS = {"value", "displayName", "isList", "supportsListAndSingleValueOperators", "types"}


@pytest.mark.parametrize("store", [DC, CLOUD], ids=["dc", "cloud"])
def test_autocomplete_data_shape(store: Store) -> None:
    data = autocomplete_data(store, store.users["dave"])
    assert set(data) == {"visibleFieldNames", "visibleFunctionNames", "jqlReservedWords"}
    fields = data["visibleFieldNames"]
    assert isinstance(fields, list)
    for entry in fields:
        assert set(entry) <= FIELD_KEYS
        assert isinstance(entry["value"], str) and isinstance(entry["displayName"], str)
        assert entry["orderable"] in ("true", "false") and entry["searchable"] in ("true", "false")
        assert all(isinstance(op, str) for op in entry["operators"])
        assert entry["types"] and all(isinstance(t, str) for t in entry["types"])
    by_value = {entry["value"]: entry for entry in fields}
    for name in (
        "project",
        "status",
        "assignee",
        "created",
        "createdDate",
        "issuekey",
        "text",
        "labels",
    ):
        assert name in by_value, name
    assert by_value["summary"]["operators"] == ["~", "!~", "is", "is not"]
    assert by_value["status"]["auto"] == "true"
    sprint_cf = "cf[10020]" if store.flavour is Flavour.CLOUD else "cf[10104]"
    assert by_value["Sprint"]["cfid"] == sprint_cf
    assert by_value["Sprint"]["displayName"] == f"Sprint - {sprint_cf}"
    assert '"Epic Link"' in by_value
    functions = data["visibleFunctionNames"]
    assert isinstance(functions, list)
    for entry in functions:
        assert set(entry) <= FUNCTION_KEYS
        assert entry["value"].endswith(")")
    by_fn = {entry["value"]: entry for entry in functions}
    assert by_fn["membersOf()"]["isList"] == "true"
    assert "isList" not in by_fn["currentUser()"]
    words = data["jqlReservedWords"]
    assert isinstance(words, list)
    assert {"and", "or", "empty", "select"} <= set(words)
    assert ("it" in words) is (store.flavour is Flavour.CLOUD)


# ----- suggestions ---------------------------------------------------------------------------
def test_suggestions_for_status() -> None:
    assert suggestions(DC, DC.users["dave"], "status", "in") == [
        {"value": "In Progress", "displayName": "<b>In</b> Progress"},
        {"value": "In Review", "displayName": "<b>In</b> Review"},
    ]
    assert suggestions(DC, DC.users["dave"], "status", "PRO") == [
        {"value": "In Progress", "displayName": "In <b>Pro</b>gress"}
    ]


def test_suggestions_for_projects_follow_permissions() -> None:
    assert suggestions(DC, DC.users["dave"], "project", "al") == [
        {"value": "Alpha Project", "displayName": "<b>Al</b>pha Project (<b>AL</b>PHA)"}
    ]
    assert suggestions(DC, DC.users["dave"], "project", "sec") == []
    assert suggestions(DC, DC.users["carol"], "project", "sec") == [
        {"value": "Secret Ops", "displayName": "<b>Sec</b>ret Ops (<b>SEC</b>)"}
    ]


def test_suggestions_for_users_per_flavour() -> None:
    assert suggestions(DC, DC.users["dave"], "assignee", "bo") == [
        {"value": "bob", "displayName": "<b>Bo</b>b Builder - <b>bo</b>b@example.com (<b>bo</b>b)"}
    ]
    assert suggestions(CLOUD, CLOUD.users["dave"], "reporter", "bui") == [
        {"value": "5b10ac8d82e05b22cc7d0002", "displayName": "Bob <b>Bui</b>lder - bob@example.com"}
    ]
    # Inactive users are not offered.
    assert suggestions(DC, DC.users["dave"], "assignee", "erin") == []


def test_suggestions_for_other_fields() -> None:
    dave = DC.users["dave"]
    assert [s["value"] for s in suggestions(DC, dave, "priority", "")] == [
        "High", "Highest", "Low", "Lowest", "Medium",
    ]  # fmt: skip
    assert [s["value"] for s in suggestions(DC, dave, "labels", "mo")] == ["mobile"]
    assert [s["value"] for s in suggestions(DC, dave, "labels", "sec")] == ["security"]
    assert [s["value"] for s in suggestions(DC, dave, "component", "")] == ["Backend", "Frontend"]
    assert [s["value"] for s in suggestions(DC, dave, "fixVersion", "1")] == ["1.0", "1.1"]
    assert [s["value"] for s in suggestions(DC, dave, "type", "sub")] == ["Sub-task"]
    assert [s["value"] for s in suggestions(DC, dave, "resolution", "won")] == ["Won't Do"]
    assert suggestions(DC, dave, "Sprint", "alpha sprint 2") == [
        {"value": "2", "displayName": "<b>Alpha Sprint 2</b>"}
    ]
    assert suggestions(DC, dave, "summary", "lo") == []
    assert suggestions(DC, dave, "nonsense", "x") == []


def test_suggestions_escape_html_and_stop_at_fifteen() -> None:
    store = build_store()
    issue = store.issues_by_key["ALPHA-3"]
    issue.labels.extend([f"tag{n:02d}" for n in range(20)])
    issue.labels.append("<script>")
    dave = store.users["dave"]
    assert len(suggestions(store, dave, "labels", "tag")) == 15
    assert suggestions(store, dave, "labels", "<s") == [
        {"value": "<script>", "displayName": "<b>&lt;s</b>cript&gt;"}
    ]
