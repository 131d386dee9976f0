"""Windows of a large search as JQL, page slices inside Jira's window, and change reports."""

from __future__ import annotations

from app.domain.search_windows import (
    Change,
    ChangedIssue,
    SearchWindow,
    coalesce,
    describe_changes,
    halves,
    page_slices,
    reconcile,
    window_capacity,
)


def test_windows_as_jql() -> None:
    assert SearchWindow(()).restriction() == ""
    assert SearchWindow(("10000",)).restriction() == "project = 10000"
    assert SearchWindow(("10000", "10002")).restriction() == "project in (10000, 10002)"
    bounded = SearchWindow(("10000",), after="AB-12", through="AB-400")
    assert bounded.restriction() == 'project = 10000 AND key > "AB-12" AND key <= "AB-400"'
    assert bounded.anchors == ("AB-12", "AB-400")
    assert SearchWindow(("10000",), through="IN-5").restriction() == (
        'project = 10000 AND key <= "IN-5"'
    )
    outside = SearchWindow(("1", "2"), outside=True)
    assert outside.restriction() == "project not in (1, 2)"


def test_capacity_leaves_room_to_grow() -> None:
    assert window_capacity(10_000) == 9_500
    assert window_capacity(200) == 190
    assert window_capacity(1) == 1


def test_halves_and_coalesce() -> None:
    assert halves(["a", "b", "c"]) == (["a", "b"], ["c"])
    windows = [
        SearchWindow(("1",), expected=50),
        SearchWindow(("2",), expected=60),
        SearchWindow(("3",), expected=100),
        SearchWindow(("4",), after="D-1", expected=10),
        SearchWindow(("5",), expected=10),
        SearchWindow(("6",), expected=10),
    ]
    joined = coalesce(windows, 120)
    assert [(w.projects, w.expected) for w in joined] == [
        (("1", "2"), 110),
        (("3",), 100),
        (("4",), 10),  # a key range is never joined
        (("5", "6"), 20),
    ]


def test_page_slices_never_reach_past_the_window() -> None:
    assert page_slices(450, 200, 10_000) == [(0, 200), (200, 200), (400, 200)]
    assert page_slices(9_950, 1000, 10_000)[-1] == (9_000, 1000)
    # a window of 250 with pages of 100: the last page asks for 50, not 100
    assert page_slices(250, 100, 250) == [(0, 100), (100, 100), (200, 50)]
    assert page_slices(300, 100, 250) == [(0, 100), (100, 100), (200, 50)]
    assert page_slices(500, 100, 1000, start=300) == [(300, 100), (400, 100)]
    assert page_slices(0, 100, 1000) == []


def test_reconcile_names_missed_and_gone_issues() -> None:
    loaded = {"1": "A-1", "2": "A-2", "3": "A-3"}
    current = {"1": "A-1", "3": "A-3", "4": "B-7"}
    assert reconcile(loaded, current) == [
        ChangedIssue("4", "B-7", Change.MISSED),
        ChangedIssue("2", "A-2", Change.GONE),
    ]


def test_changes_are_described_for_people() -> None:
    changes = [ChangedIssue(str(n), f"A-{n}", Change.MISSED) for n in range(7)]
    changes.append(ChangedIssue("9", "B-1", Change.GONE))
    text = describe_changes(changes, shown=3)
    assert text == (
        "8 issues changed while the search loaded: 7 not listed (A-0, A-1, A-2 and 4 more); "
        "1 listed but no longer matching (B-1)."
    )
    assert ChangedIssue("5", "A-5", Change.REPEATED).message == (
        "A-5 changed while the search loaded and came twice; it is listed once."
    )
