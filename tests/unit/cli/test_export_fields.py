"""``--fields`` as ids or names: names map to ids (the header shows them), unknown entries are an
error that names the closest fields, and the field list is skipped when every Jira has them all.
"""

from __future__ import annotations

import pytest

from app.cli.export_fields import (
    ALWAYS_PRESENT,
    ExportFields,
    UnknownFieldsError,
    choose_fields,
    needs_field_list,
    parse_fields,
)
from app.domain.field import FieldInfo

SITE = [
    FieldInfo("issuekey", "Key"),
    FieldInfo("summary", "Summary"),
    FieldInfo("status", "Status"),
    FieldInfo("assignee", "Assignee"),
    FieldInfo("components", "Component/s"),
    FieldInfo("customfield_10106", "Story Points", custom=True),
    FieldInfo("customfield_10104", "Sprint", custom=True),
    FieldInfo("customfield_10200", "Team", custom=True),
    FieldInfo("customfield_10201", "Team", custom=True),
]


def test_parse_drops_key_blanks_and_repeats_and_keeps_names_whole() -> None:
    assert parse_fields(" key ,summary,, Story Points,summary, KEY,issuekey") == (
        "summary",
        "Story Points",
    )


def test_ids_pass_as_they_are() -> None:
    assert choose_fields(["summary", "customfield_10106"], SITE) == ExportFields(
        ("summary", "customfield_10106")
    )


def test_names_in_any_case_become_ids_and_the_header_shows_jiras_name() -> None:
    chosen = choose_fields(["story points", "Summary", "COMPONENT/S", "status"], SITE)
    assert chosen.ids == ("customfield_10106", "summary", "components", "status")
    assert chosen.header_names == {
        "customfield_10106": "Story Points",
        "summary": "Summary",
        "components": "Component/s",
    }


def test_an_id_in_another_case_is_that_id() -> None:
    chosen = choose_fields(["CUSTOMFIELD_10106"], SITE)
    assert chosen == ExportFields(("customfield_10106",))


def test_a_field_named_twice_is_asked_for_once() -> None:
    assert choose_fields(["customfield_10106", "Story Points"], SITE).ids == ("customfield_10106",)


def test_unknown_entries_are_named_with_the_closest_ids_and_names() -> None:
    with pytest.raises(UnknownFieldsError) as raised:
        choose_fields(["sumary", "summary", "story point", "zzzz"], SITE)
    assert str(raised.value).splitlines() == [
        "unknown --fields on this site:",
        '  "sumary": closest: summary "Summary"',
        '  "story point": closest: customfield_10106 "Story Points"',
        '  "zzzz": nothing close',
    ]
    assert isinstance(raised.value, ValueError)  # a refusal: exit code 1


def test_a_name_two_fields_share_asks_for_the_id() -> None:
    with pytest.raises(UnknownFieldsError) as raised:
        choose_fields(["team"], SITE)
    assert raised.value.problems == (
        '  "team" names 2 fields: customfield_10200 "Team", customfield_10201 "Team"; give the id',
    )


@pytest.mark.parametrize(
    ("requested", "needed"),
    [
        (("summary", "status", "assignee"), False),
        ((), False),
        (tuple(ALWAYS_PRESENT), False),
        (("summary", "Story Points"), True),
        (("Summary",), True),  # a name (or a typo) needs the list to be read
        (("customfield_10106",), True),
    ],
)
def test_the_field_list_is_needed_for_anything_beyond_the_fields_every_jira_has(
    requested: tuple[str, ...], needed: bool
) -> None:
    assert needs_field_list(requested) is needed
