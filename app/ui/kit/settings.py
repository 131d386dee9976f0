"""Every setting Jade remembers, declared as data: key, type, default and scope.

Scopes: ``APP`` settings belong to the whole application (window geometry, last site,
appearance); ``SITE`` settings belong to one site profile and live under ``sites/<id>/`` (JQL
history, columns, saved queries), so removing a site removes them all at once; ``PANE``
settings belong to one pane whatever the site (its splitter) and live under ``panes/<id>/``.

Code reads and writes settings only through ``Settings`` and these declarations; a value of the
wrong type in the file (hand-edited, older version) reads as the default, never as an error.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

__all__ = [
    "ALL_SETTINGS",
    "APPEARANCE",
    "BOARD_SWIMLANES",
    "ISSUE_COLUMNS",
    "ISSUE_COLUMN_WIDTHS",
    "JQL_HISTORY",
    "LAST_BOARD",
    "LAST_PANE",
    "LAST_SCHEME",
    "LAST_SITE",
    "SAVED_QUERIES",
    "SPLITTER",
    "TIMELINE_BUCKETS",
    "TIMELINE_PM_APP",
    "TIMELINE_PROJECTS",
    "TIMELINE_ZOOM",
    "WINDOW_GEOMETRY",
    "WINDOW_STATE",
    "PaneSettings",
    "Scope",
    "Setting",
    "Settings",
]

T = TypeVar("T")


class Scope(enum.StrEnum):
    """Whom a setting belongs to."""

    APP = "app"
    SITE = "site"
    PANE = "pane"


@dataclass(frozen=True)  # no slots: Setting[T](...) sets __orig_class__
class Setting(Generic[T]):
    """One declared setting; values are stored as JSON text, or raw bytes for Qt's blobs."""

    key: str
    default: T
    scope: Scope
    doc: str

    def decode(self, raw: object) -> T:
        """The stored ``raw`` value as this setting's type, or the default."""
        if isinstance(self.default, bytes):
            if isinstance(raw, QByteArray):
                return raw.data()  # type: ignore[return-value]
            return raw if isinstance(raw, bytes) else self.default  # type: ignore[return-value]
        value: Any = raw
        if isinstance(raw, str):
            try:
                value = json.loads(raw)
            except ValueError:
                # a plain string written by an older Jade reads as itself
                return raw if isinstance(self.default, str) else self.default  # type: ignore[return-value]
        expected = type(self.default)
        if isinstance(value, bool) is not (expected is bool) or not isinstance(value, expected):
            return self.default
        return value

    def encode(self, value: T) -> object:
        """``value`` as stored."""
        if isinstance(value, bytes):
            return QByteArray(value)
        return json.dumps(value)


WINDOW_GEOMETRY = Setting[bytes]("window/geometry", b"", Scope.APP, "Window position and size")
WINDOW_STATE = Setting[bytes]("window/state", b"", Scope.APP, "Toolbars and docks")
LAST_SITE = Setting[str]("lastSite", "", Scope.APP, "The profile id shown last")
APPEARANCE = Setting[str]("appearance", "system", Scope.APP, "system, light or dark")
LAST_PANE = Setting[str]("lastPane", "", Scope.SITE, "The pane shown last for this site")
JQL_HISTORY = Setting[list[str]]("jqlHistory", [], Scope.SITE, "Queries run, newest first")
ISSUE_COLUMNS = Setting[list[list[str]]](
    "issueColumns", [], Scope.SITE, "Issue table columns as [field id, title], in order"
)
ISSUE_COLUMN_WIDTHS = Setting[dict[str, int]](
    "issueColumnWidths", {}, Scope.SITE, "Issue table column widths by field id"
)
SAVED_QUERIES = Setting[list[list[str]]](
    "savedQueries", [], Scope.SITE, "Queries saved in Jade as [name, JQL], newest first"
)
SPLITTER = Setting[bytes]("splitter", b"", Scope.PANE, "A pane's splitter sizes")
LAST_BOARD = Setting[int]("lastBoard", 0, Scope.SITE, "The board the Boards pane showed last")
BOARD_SWIMLANES = Setting[dict[str, str]](
    "boardSwimlanes", {}, Scope.SITE, "Swimlanes per board id: none, assignee or epic"
)
LAST_SCHEME = Setting[str](
    "lastScheme", "", Scope.SITE, "The permission scheme the Permissions pane showed last"
)
TIMELINE_PROJECTS = Setting[list[str]](
    "timelineProjects", [], Scope.SITE, "The project keys the Timeline shows"
)
TIMELINE_PM_APP = Setting[str](
    "timelinePmApp", "", Scope.SITE, "The Project Milestones app profile the Timeline reads"
)
TIMELINE_BUCKETS = Setting[list[str]](
    "timelineBuckets",
    [],
    Scope.SITE,
    "The Milestones API profile and project id the Timeline reads",
)
TIMELINE_ZOOM = Setting[str]("timelineZoom", "week", Scope.PANE, "day, week, month or quarter")

ALL_SETTINGS: tuple[Setting[Any], ...] = (
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    LAST_SITE,
    APPEARANCE,
    LAST_PANE,
    JQL_HISTORY,
    ISSUE_COLUMNS,
    ISSUE_COLUMN_WIDTHS,
    SAVED_QUERIES,
    SPLITTER,
    LAST_BOARD,
    BOARD_SWIMLANES,
    LAST_SCHEME,
    TIMELINE_PROJECTS,
    TIMELINE_PM_APP,
    TIMELINE_BUCKETS,
    TIMELINE_ZOOM,
)


class Settings:
    """Jade's settings over one ``QSettings`` store, through the declarations above."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    @staticmethod
    def path(setting: Setting[Any], *, site: str | None = None, pane: str | None = None) -> str:
        """Where ``setting`` is stored for ``site`` / ``pane``."""
        if setting.scope is Scope.SITE:
            if not site:
                raise ValueError(f"{setting.key} is a per-site setting: name the site")
            return f"sites/{site}/{setting.key}"
        if setting.scope is Scope.PANE:
            if not pane:
                raise ValueError(f"{setting.key} is a per-pane setting: name the pane")
            return f"panes/{pane}/{setting.key}"
        return setting.key

    def get(self, setting: Setting[T], *, site: str | None = None, pane: str | None = None) -> T:
        """The value of ``setting`` (its default when unset or unreadable)."""
        raw = self.store.value(self.path(setting, site=site, pane=pane))
        return setting.default if raw is None else setting.decode(raw)

    def set(
        self,
        setting: Setting[T],
        value: T,
        *,
        site: str | None = None,
        pane: str | None = None,
    ) -> None:
        """Remember ``value`` for ``setting``."""
        self.store.setValue(self.path(setting, site=site, pane=pane), setting.encode(value))

    def forget_site(self, site: str) -> None:
        """Remove every setting of the site ``site`` (the site was removed)."""
        self.store.remove(f"sites/{site}")
        if self.get(LAST_SITE) == site:
            self.store.remove(LAST_SITE.key)

    def site_keys(self, site: str) -> list[str]:
        """The keys stored for ``site`` (for tests and diagnostics)."""
        self.store.beginGroup(f"sites/{site}")
        try:
            return list(self.store.allKeys())
        finally:
            self.store.endGroup()

    def sync(self) -> None:
        """Write pending changes to disk."""
        self.store.sync()

    def for_pane(self, pane: str) -> PaneSettings:
        """The narrow view a pane gets: its own keys, per pane and for the current site."""
        return PaneSettings(self, pane)


class PaneSettings:
    """One pane's settings: ``PANE`` keys for this pane, ``SITE`` keys for the current site."""

    def __init__(self, settings: Settings, pane: str) -> None:
        self._settings = settings
        self.pane = pane
        self.site: str | None = None  # the shell sets it when the site changes

    def get(self, setting: Setting[T]) -> T:
        """The value for this pane (and the current site, for per-site settings)."""
        if setting.scope is Scope.SITE and not self.site:
            return setting.default
        return self._settings.get(setting, site=self.site, pane=self.pane)

    def set(self, setting: Setting[T], value: T) -> None:
        """Remember ``value`` (per-site values are dropped while no site is shown)."""
        if setting.scope is Scope.SITE and not self.site:
            return
        self._settings.set(setting, value, site=self.site, pane=self.pane)
