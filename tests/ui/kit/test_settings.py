"""Settings declared as data: typed reads, scopes, and a removed site forgotten whole."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from app.ui.kit.settings import (
    ALL_SETTINGS,
    ISSUE_COLUMN_WIDTHS,
    JQL_HISTORY,
    LAST_SITE,
    SPLITTER,
    WINDOW_GEOMETRY,
    Scope,
    Settings,
)


def test_values_round_trip_with_their_types(settings: QSettings) -> None:
    store = Settings(settings)
    store.set(JQL_HISTORY, ["project = A", "status = Done"], site="s1")
    store.set(ISSUE_COLUMN_WIDTHS, {"summary": 333}, site="s1")
    store.set(WINDOW_GEOMETRY, b"\x00\x01blob")
    store.set(SPLITTER, b"sizes", pane="issues")
    store.sync()
    again = Settings(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert again.get(JQL_HISTORY, site="s1") == ["project = A", "status = Done"]
    assert again.get(ISSUE_COLUMN_WIDTHS, site="s1") == {"summary": 333}
    assert again.get(WINDOW_GEOMETRY) == b"\x00\x01blob"
    assert again.get(SPLITTER, pane="issues") == b"sizes"
    assert again.get(JQL_HISTORY, site="other") == []


def test_a_value_of_the_wrong_type_reads_as_the_default(settings: QSettings) -> None:
    settings.setValue("sites/s1/jqlHistory", '{"not": "a list"}')
    settings.setValue("sites/s1/issueColumnWidths", "not json at all")
    settings.setValue("lastSite", "written-by-an-older-jade")
    store = Settings(settings)
    assert store.get(JQL_HISTORY, site="s1") == []
    assert store.get(ISSUE_COLUMN_WIDTHS, site="s1") == {}
    assert store.get(LAST_SITE) == "written-by-an-older-jade"


def test_removing_a_site_removes_all_its_keys_and_nothing_else(settings: QSettings) -> None:
    store = Settings(settings)
    store.set(JQL_HISTORY, ["a"], site="gone")
    store.set(ISSUE_COLUMN_WIDTHS, {"key": 90}, site="gone")
    store.set(JQL_HISTORY, ["b"], site="kept")
    store.set(LAST_SITE, "gone")
    store.forget_site("gone")
    assert store.site_keys("gone") == []
    assert store.get(JQL_HISTORY, site="kept") == ["b"]
    assert store.get(LAST_SITE) == ""


def test_a_pane_sees_its_own_keys_for_the_current_site(settings: QSettings) -> None:
    store = Settings(settings)
    issues = store.for_pane("issues")
    issues.set(JQL_HISTORY, ["dropped: no site yet"])
    assert store.site_keys("s1") == []
    issues.site = "s1"
    issues.set(JQL_HISTORY, ["kept"])
    issues.set(SPLITTER, b"x")
    assert store.get(JQL_HISTORY, site="s1") == ["kept"]
    assert store.get(SPLITTER, pane="issues") == b"x"
    assert store.for_pane("projects").get(SPLITTER) == b""


def test_every_declaration_is_unique_and_documented() -> None:
    keys = [(s.scope, s.key) for s in ALL_SETTINGS]
    assert len(keys) == len(set(keys))
    assert all(s.doc for s in ALL_SETTINGS)
    assert {s.scope for s in ALL_SETTINGS} == set(Scope)
