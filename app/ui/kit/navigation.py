"""Cross-pane navigation: a pane asks the shell to show another pane at a target.

Panes never import each other (import-linter forbids it), so a pane that wants to show
something another pane owns (the Projects pane's "Open in the Permissions pane") names the other
pane by its id and describes the place with a target record from this module. The shell, which
composes the panes, shows that pane and hands it the target (``OpensTargets.open_target``).
A target is plain data of the site shown: the shell refuses it when no site is shown, and the
receiving pane checks it against what it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from app.domain.project import PermissionSchemeRef

__all__ = [
    "ISSUES_PANE",
    "NOWHERE",
    "PERMISSIONS_PANE",
    "IssueTarget",
    "Navigator",
    "OpensTargets",
    "PermissionSchemeTarget",
]

PERMISSIONS_PANE = "permissions"
ISSUES_PANE = "issues"

# a project key (a letter, then letters, digits or underscores), a dash, the issue's number
_ISSUE_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*")


@dataclass(frozen=True, slots=True)
class PermissionSchemeTarget:
    """A permission scheme to show, reached from ``project_key`` (None: from no project)."""

    scheme: PermissionSchemeRef
    project_key: str | None = None


@dataclass(frozen=True, slots=True)
class IssueTarget:
    """An issue to show, by its key, of the site whose profile id is ``site``."""

    key: str
    site: str

    @property
    def valid(self) -> bool:
        """Whether ``key`` reads as an issue key (``ABC-12``), so it can go into JQL as it is."""
        return _ISSUE_KEY.fullmatch(self.key) is not None


class Navigator(Protocol):
    """What the shell offers panes for moving between them."""

    def can_open(self, pane_id: str) -> bool:
        """Whether the window has the pane ``pane_id`` (registered, whether built yet or not)."""

    def open(self, pane_id: str, target: object) -> bool:
        """Show ``pane_id`` at ``target``; False when there is no such pane or it refused."""


@runtime_checkable
class OpensTargets(Protocol):
    """A pane that other panes can open at a target."""

    def open_target(self, target: object) -> bool:
        """Show ``target`` (False: it is not a target this pane knows, or not of this site)."""


class _Nowhere:
    """The navigator of a pane built alone (a unit test): no other pane exists."""

    def can_open(self, pane_id: str) -> bool:
        """No pane can be opened."""
        return False

    def open(self, pane_id: str, target: object) -> bool:
        """Nothing opens."""
        return False


NOWHERE: Navigator = _Nowhere()
