"""Issues as export text: Jira's raw field values made readable, written as CSV or JSON lines.

``field_text`` turns one raw value (a string, a user, a status, a list of components, a v3 rich
text document, ...) into the text a spreadsheet cell should show. The writers stream: each row
is written as it arrives, so an export of any size needs the memory of one batch.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from app.domain.issue import IssueRow

__all__ = [
    "CsvIssueWriter",
    "field_text",
    "spreadsheet_safe",
    "write_csv",
    "write_json_lines",
]

# a cell a spreadsheet would read as a formula (CSV injection, OWASP): = + - @, and tab and
# carriage return, which some spreadsheets strip before looking for the formula sign
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# ADF nodes that end a line of text; inline nodes (text, mention, emoji, ...) do not
_ADF_BLOCKS = frozenset(
    {
        "paragraph",
        "heading",
        "blockquote",
        "codeBlock",
        "listItem",
        "rule",
        "panel",
        "tableRow",
        "mediaSingle",
        "mediaGroup",
        "decisionItem",
        "taskItem",
        "expand",
        "nestedExpand",
    }
)


def field_text(value: Any) -> str:
    """The display text of one raw Jira field value ("" for None; never raises)."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # 3.0 story points read "3", not "3.0"; repr keeps every digit of the rest
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value  # dates and date-times too: exported as Jira gave them
    if isinstance(value, list):
        return "; ".join(text for item in value if (text := field_text(item)))
    if isinstance(value, dict):
        return _object_text(value)
    return str(value)


def _object_text(value: dict[str, Any]) -> str:
    if value.get("type") == "doc" and isinstance(value.get("content"), list):
        return _adf_text(value)
    if isinstance(display := value.get("displayName"), str):  # a user (Cloud and DC)
        return display or _first_str(value, "name", "accountId", "key")
    self_url = value["self"] if isinstance(value.get("self"), str) else ""
    # a project reads as its key, and so does an issue reference (parent, subtask); watches
    # and votes also live under /issue/ but carry no key, and fall through to JSON
    key = value.get("key")
    reference = "projectTypeKey" in value or "fields" in value
    if isinstance(key, str) and (reference or "/project/" in self_url or "/issue/" in self_url):
        return key
    link = _issue_link_text(value)
    if link is not None:
        return link
    # status, priority, issue type, resolution, component, version, group, status category
    if isinstance(name := value.get("name"), str):
        return name
    if isinstance(option := value.get("value"), str):  # select list option; cascading child
        child = value.get("child")
        return f"{option} / {field_text(child)}" if isinstance(child, dict) else option
    if isinstance(filename := value.get("filename"), str):  # attachment
        return filename
    if isinstance(key, str):
        return key
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _first_str(value: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        found = value.get(key)
        if isinstance(found, str) and found:
            return found
    return ""


def _issue_link_text(value: Mapping[str, Any]) -> str | None:
    """``blocks ABC-1`` for an entry of ``issuelinks``, None for anything else."""
    kind = value.get("type")
    if not isinstance(kind, dict):
        return None
    for side, verb in (("outwardIssue", "outward"), ("inwardIssue", "inward")):
        other = value.get(side)
        if isinstance(other, dict):
            return f"{_first_str(kind, verb, 'name')} {_first_str(other, 'key', 'id')}".strip()
    return None


def _adf_text(document: Mapping[str, Any]) -> str:
    """The plain text of an Atlassian Document Format document (Cloud's v3 rich text)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if not isinstance(node, dict):
            return
        kind = node.get("type")
        found = node.get("attrs")
        attrs: dict[str, Any] = found if isinstance(found, dict) else {}
        if kind == "text" and isinstance(node.get("text"), str):
            parts.append(node["text"])
        elif kind == "hardBreak":
            parts.append("\n")
        elif kind in {"mention", "emoji", "status", "date"}:
            # a mention's text is "@Name"; an emoji's text the character, else its short name
            parts.append(_first_str(attrs, "text", "shortName", "timestamp"))
        elif kind in {"inlineCard", "blockCard", "embedCard"}:
            parts.append(_first_str(attrs, "url"))
        content = node.get("content")
        if isinstance(content, list):
            for child in content:
                walk(child)
        # nested blocks (a paragraph in a list item) end one line, not one line each
        if kind in _ADF_BLOCKS and parts and not parts[-1].endswith("\n"):
            parts.append("\n")

    walk(document)
    return "\n".join(line.rstrip() for line in "".join(parts).split("\n")).strip("\n")


def spreadsheet_safe(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _cell(value: Any) -> str:
    text = field_text(value)
    # a number Jira sent as a number (workratio -1, story points) cannot be a formula: keep it
    # a number; text that only looks like one ("-1" typed in a text field) is still defused
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    return spreadsheet_safe(text)


class CsvIssueWriter:
    """Writes issues as CSV rows (``key`` then the fields) to a text stream, a batch at a time.

    Open files with ``newline=""``: the csv module writes its own ``\\r\\n`` line ends.
    """

    def __init__(
        self,
        stream: TextIO,
        fields: Sequence[str],
        *,
        header_names: Mapping[str, str] | None = None,
    ) -> None:
        self.fields = [f for f in fields if f != "key"]  # key is always the first column
        self.header_names = dict(header_names or {})
        self._writer = csv.writer(stream)
        self.written = 0

    def write_header(self) -> None:
        """The header row: ``key`` and each field's name from ``header_names`` or its id."""
        names = [self.header_names.get(f, f) for f in ["key", *self.fields]]
        self._writer.writerow([spreadsheet_safe(name) for name in names])

    def write_rows(self, rows: Iterable[IssueRow]) -> int:
        """Write ``rows`` as they come; return how many were written."""
        count = 0
        for row in rows:
            self._writer.writerow(
                [spreadsheet_safe(row.key), *(_cell(row.fields.get(f)) for f in self.fields)]
            )
            count += 1
        self.written += count
        return count


def write_csv(
    rows: Iterable[IssueRow],
    fields: Sequence[str],
    stream: TextIO,
    *,
    header_names: Mapping[str, str] | None = None,
) -> int:
    """Write a header and one CSV row per issue (``key``, then ``fields``); return the row count.

    Streams: ``rows`` may be a generator; each row is written before the next is read.
    """
    writer = CsvIssueWriter(stream, fields, header_names=header_names)
    writer.write_header()
    return writer.write_rows(rows)


def write_json_lines(rows: Iterable[IssueRow], fields: Sequence[str], stream: TextIO) -> int:
    """Write one JSON object per issue (``key``, ``id``, ``fields`` as Jira sent them); return the count.

    Only the requested ``fields`` that the issue carries are written, in the order asked.
    """
    wanted = [f for f in fields if f != "key"]
    count = 0
    for row in rows:
        fields_out = {f: row.fields[f] for f in wanted if f in row.fields}
        line = json.dumps({"key": row.key, "id": row.id, "fields": fields_out}, ensure_ascii=False)
        stream.write(line + "\n")
        count += 1
    return count
