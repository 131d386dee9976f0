"""A saved Jira issue filter: a named JQL query owned by one user."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SavedFilter"]


@dataclass(frozen=True, slots=True)
class SavedFilter:
    """A saved filter as the user sees it.

    ``owner`` is the owner's identifier on the wire: the account id on Cloud, the username on
    Data Center ("" when Jira did not say). ``favourite`` is whether the signed-in user starred it.
    """

    id: str
    name: str
    jql: str
    owner: str = ""
    favourite: bool = False
    description: str = ""
