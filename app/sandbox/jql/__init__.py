"""JQL for the sandbox Jira: parse, validate and run queries with Jira's own error texts.

``search`` is what the search routes call; ``is_bounded`` backs Cloud's refusal of unbounded
``/search/jql`` queries; ``autocomplete_data`` and ``suggestions`` serve the JQL editor endpoints.
"""

from app.sandbox.jql.autocomplete import autocomplete_data, suggestions
from app.sandbox.jql.engine import SearchOutcome, is_bounded, search
from app.sandbox.jql.errors import JqlError

__all__ = ["JqlError", "SearchOutcome", "autocomplete_data", "is_bounded", "search", "suggestions"]
