"""Export text of raw Jira values, and the CSV / JSON-lines writers (streaming, injection-safe)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from app.domain.issue import IssueRow
from app.domain.issue_export import (
    field_text,
    spreadsheet_safe,
    write_csv,
    write_json_lines,
)
from tests.conftest import SHARED

SAMPLES = SHARED / "samples"


def _sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    return loaded


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("plain", "plain"),
        ("", ""),
        (7, "7"),
        (-1, "-1"),
        (3.0, "3"),
        (2.5, "2.5"),
        (True, "true"),
        (False, "false"),
        ("2024-10-13T14:02:31.589+0200", "2024-10-13T14:02:31.589+0200"),
        ({"accountId": "5a", "displayName": "Ann Lee"}, "Ann Lee"),
        ({"name": "ann", "key": "JIRAUSER1", "displayName": ""}, "ann"),
        ({"self": "https://x/rest/api/2/status/1", "name": "Open", "id": "1"}, "Open"),
        ({"self": "https://x/rest/api/2/project/1", "key": "CRM", "name": "CRM site"}, "CRM"),
        ({"id": "1", "key": "CRM-2", "fields": {"summary": "Parent"}}, "CRM-2"),
        ({"value": "Red", "id": "10"}, "Red"),
        ({"value": "EU", "child": {"value": "Paris"}}, "EU / Paris"),
        ({"filename": "log.txt", "id": "3"}, "log.txt"),
        ([{"name": "UI"}, {"name": "API"}], "UI; API"),
        (["a", None, "b"], "a; b"),
        ([], ""),
        (
            {"self": "https://x/rest/api/2/issue/A-1/votes", "votes": 0, "hasVoted": False},
            '{"self":"https://x/rest/api/2/issue/A-1/votes","votes":0,"hasVoted":false}',
        ),
        ({"progress": 0, "total": 0}, '{"progress":0,"total":0}'),
        ({"note": "café"}, '{"note":"café"}'),
        (
            {"type": {"name": "Blocks", "outward": "blocks"}, "outwardIssue": {"key": "B-2"}},
            "blocks B-2",
        ),
    ],
)
def test_field_text_of_jira_shapes(value: Any, text: str) -> None:
    assert field_text(value) == text


def test_field_text_of_an_adf_document_is_its_plain_text() -> None:
    doc = {
        "type": "doc",
        "version": 1,
        "content": [
            {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Hi"}]},
            {
                "type": "paragraph",
                "content": [
                    {"type": "text", "text": "Ask "},
                    {"type": "mention", "attrs": {"id": "5a", "text": "@Ann"}},
                    {"type": "text", "text": " about it", "marks": [{"type": "strong"}]},
                    {"type": "hardBreak"},
                    {"type": "emoji", "attrs": {"shortName": ":smile:", "text": "😄"}},
                ],
            },
            {
                "type": "bulletList",
                "content": [
                    {
                        "type": "listItem",
                        "content": [
                            {"type": "paragraph", "content": [{"type": "text", "text": "one"}]}
                        ],
                    },
                    {
                        "type": "listItem",
                        "content": [
                            {"type": "paragraph", "content": [{"type": "text", "text": "two"}]}
                        ],
                    },
                ],
            },
            {
                "type": "paragraph",
                "content": [{"type": "inlineCard", "attrs": {"url": "https://e.test"}}],
            },
        ],
    }
    assert field_text(doc) == "Hi\nAsk @Ann about it\n😄\none\ntwo\nhttps://e.test"
    assert field_text({"type": "doc", "version": 1, "content": []}) == ""


def test_field_text_of_the_recorded_cloud_issue() -> None:
    fields = _sample("issue_cloud_2024__baserow.json")["fields"]
    assert field_text(fields["issuetype"]) == "Task"
    assert field_text(fields["project"]) == "CRM"
    assert field_text(fields["parent"]) == "CRM-2"
    assert field_text(fields["priority"]) == "Medium"
    assert field_text(fields["status"]) == "To Do"
    assert field_text(fields["assignee"]) == fields["assignee"]["displayName"]
    assert field_text(fields["labels"]) == "label2; label3"
    assert field_text(fields["workratio"]) == "-1"
    assert field_text(fields["created"]) == "2024-10-13T14:02:31.589+0200"
    assert field_text(fields["description"]).startswith("h1. Heading 1")
    assert json.loads(field_text(fields["watches"]))["watchCount"] == 1
    # every value of the recording has some text, and none raises
    assert all(isinstance(field_text(v), str) for v in fields.values())


def test_field_text_of_the_recorded_dc_search() -> None:
    issues = _sample("search_dc__grimoirelab-perceval.json")["issues"]
    fields = issues[0]["fields"]
    assert field_text(fields["components"]) == "FIWARE-LAB-HELP"
    assert field_text(fields["priority"]) == "Major"
    assert field_text(fields["status"]) == "Open"
    assert field_text(fields["issuetype"]) == "extRequest"
    assert field_text(fields["project"]) == fields["project"]["key"]
    assert field_text(fields["assignee"]) == fields["assignee"]["displayName"]
    assert field_text(fields["resolution"]) == (
        "" if fields["resolution"] is None else fields["resolution"]["name"]
    )


def test_csv_of_the_recorded_dc_search() -> None:
    issues = _sample("search_dc__grimoirelab-perceval.json")["issues"]
    rows = [IssueRow(i["id"], i["key"], i["fields"]) for i in issues]
    out = io.StringIO(newline="")
    count = write_csv(rows, ["key", "summary", "status"], out, header_names={"summary": "Summary"})
    table = _csv(out.getvalue())
    assert count == len(issues)
    assert table[0] == ["key", "Summary", "status"]
    assert [r[0] for r in table[1:]] == [i["key"] for i in issues]
    assert table[1][1] == issues[0]["fields"]["summary"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_defuses_formulas(start: str) -> None:
    payload = f'{start}HYPERLINK("http://evil.test","x")'
    rows = [IssueRow("1", "A-1", {"summary": payload, "labels": [payload], "workratio": -1})]
    out = io.StringIO(newline="")
    write_csv(rows, ["summary", "labels", "workratio"], out, header_names={"summary": "=Sum"})
    table = _csv(out.getvalue())
    assert table[0] == ["key", "'=Sum", "labels", "workratio"]
    assert table[1] == ["A-1", "'" + payload, "'" + payload, "-1"]  # a real number stays one
    assert spreadsheet_safe("plain = text") == "plain = text"


def test_csv_keeps_unicode_commas_quotes_and_newlines() -> None:
    summary = 'Ünïcödé, "quoted"\nsecond line — 日本語 😄'
    rows = [IssueRow("1", "A-1", {"summary": summary, "assignee": {"displayName": "Zoë"}})]
    out = io.StringIO(newline="")
    write_csv(rows, ["summary", "assignee"], out)
    assert _csv(out.getvalue())[1] == ["A-1", summary, "Zoë"]


def test_csv_key_is_first_once_and_missing_fields_are_empty() -> None:
    out = io.StringIO(newline="")
    write_csv([IssueRow("1", "A-1", {})], ["summary", "key", "status"], out)
    assert _csv(out.getvalue()) == [["key", "summary", "status"], ["A-1", "", ""]]


def test_writers_stream_from_a_generator() -> None:
    out = io.StringIO(newline="")
    seen: list[int] = []

    def rows() -> Iterator[IssueRow]:
        for n in range(1, 4):
            # the rows before this one are already written when it is produced
            seen.append(out.getvalue().count("\n"))
            yield IssueRow(str(n), f"A-{n}", {"summary": f"s{n}"})

    assert write_csv(rows(), ["summary"], out) == 3
    assert seen == [1, 2, 3]  # header, then one line per row already out
    lines = io.StringIO()
    seen.clear()
    out = lines
    assert write_json_lines(rows(), ["summary"], lines) == 3
    assert seen == [0, 1, 2]


def test_json_lines_carry_key_id_and_fields_as_jira_sent_them() -> None:
    status = {"name": "Open", "id": "1", "statusCategory": {"key": "new"}}
    rows = [
        IssueRow("10", "A-1", {"summary": "Café", "status": status, "extra": 1}),
        IssueRow("11", "A-2", {"summary": None}),
    ]
    out = io.StringIO()
    assert write_json_lines(rows, ["key", "summary", "status"], out) == 2
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"key": "A-1", "id": "10", "fields": {"summary": "Café", "status": status}},
        {"key": "A-2", "id": "11", "fields": {"summary": None}},
    ]
    assert "Café" in lines[0]  # written as UTF-8 text, not \\u escapes
