"""Records to Jira's JSON, per flavour and API version.

Every function returns plain dicts and lists ready for ``msgspec.json.encode``. ``Ctx`` carries
what changes a rendering: the site's base URL, the API version in the path (2 or 3: version 3
writes rich text as Atlassian Document Format), and the store for cross references.
"""

from __future__ import annotations

from app.sandbox.render.field_selection import select_fields
from app.sandbox.render.filters import FilterJson
from app.sandbox.render.formats import jira_date, jira_datetime
from app.sandbox.render.issues import IssueJson

__all__ = ["Ctx", "jira_date", "jira_datetime", "select_fields"]


class Ctx(IssueJson, FilterJson):
    """Every rendering of a site, for one base URL and API version: ``Ctx(store, base, api)``."""

    __slots__ = ()
