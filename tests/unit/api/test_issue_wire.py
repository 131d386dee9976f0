"""The issue loader's decoding: recorded search pages become rows that read as Jira sent them."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from app.api.issue_wire import BulkFetchWire, DcIssuePage, RowDecoder
from app.domain.issue import SharedValue

SEARCHES = [
    "search_dc__grimoirelab-perceval.json",
    "search_dc__sling-org-apache-sling-committer-cli.json",
    "search_server__jira-ruby.json",
]


@pytest.mark.parametrize("name", SEARCHES)
def test_rows_read_exactly_as_the_recorded_page(shared_dir: Path, name: str) -> None:
    body = (shared_dir / "samples" / name).read_bytes()
    plain = json.loads(body)["issues"]
    rows = RowDecoder().rows(msgspec.json.decode(body, type=DcIssuePage).issues)
    assert [(r.id, r.key) for r in rows] == [(i["id"], i["key"]) for i in plain]
    assert [r.fields for r in rows] == [i["fields"] for i in plain]


def test_equal_nested_values_are_one_object_and_scalars_stay_plain() -> None:
    status = '{"name": "Done", "statusCategory": {"key": "done"}}'
    body = (
        '{"issues": ['
        f'{{"id": "1", "key": "A-1", "fields": {{"status": {status}, "summary": "one",'
        ' "labels": ["x"], "story": 3.5, "flag": true, "assignee": null}},'
        f'{{"id": "2", "key": "A-2", "fields": {{"status": {status}, "summary": "two",'
        ' "labels": ["x"], "story": 2, "flag": false, "assignee": null}}'
        "]}"
    ).encode()
    one, two = RowDecoder().rows(msgspec.json.decode(body, type=BulkFetchWire).issues)
    assert one.values["status"] is two.values["status"]
    assert one.field("labels") is two.field("labels") == ["x"]
    assert isinstance(one.values["status"], SharedValue)
    assert (one.summary, one.field("story"), one.field("flag")) == ("one", 3.5, True)
    assert (two.field("story"), two.field("flag"), two.field("assignee")) == (2, False, None)
    assert "assignee" in two.fields


def test_each_load_shares_only_within_itself() -> None:
    body = b'{"issues": [{"id": "1", "key": "A-1", "fields": {"status": {"name": "Done"}}}]}'
    issues = msgspec.json.decode(body, type=DcIssuePage).issues
    first, second = RowDecoder().rows(issues)[0], RowDecoder().rows(issues)[0]
    assert first.field("status") == second.field("status")
    assert first.field("status") is not second.field("status")
