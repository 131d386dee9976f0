"""The examples of ``brief/jira-4.3-rest-api-2.0.alpha1.txt``, read from the brief itself, and
the comparison the legacy sandbox's answers are held to.

``brief_examples`` keys each example by (resource, method, what): ``what`` is the response
status (``"200"``) or ``"request"``. ``assert_like`` holds an answer to an example field by
field: the same keys in the same order (or, with ``strict=False``, at least the example's
keys), the same JSON types, and timestamps in the brief's format. Where the brief's example
holds a placeholder, the test says so next to its exception.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

__all__ = ["BRIEF", "DATE", "assert_like", "brief_examples", "brief_resources", "self_kind"]

BRIEF = "brief/jira-4.3-rest-api-2.0.alpha1.txt"
# the brief's timestamps: 2011-03-16T09:56:31.502+1100
DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}")
_STATUS = re.compile(r"•\s*(\d{3})\b")
_JSON_START = ("{", "[", '"', "}", "]")


def brief_examples(shared_dir: Path) -> dict[tuple[str, str, str], list[Any]]:
    """Every JSON example of the brief, by (resource path, method, status or "request")."""
    lines = (shared_dir / BRIEF).read_text().splitlines()
    out: dict[tuple[str, str, str], list[Any]] = {}
    resource = method = what = ""
    i = 0
    while i < len(lines):
        text = lines[i].strip()
        i += 1
        if text.startswith(("/api/", "/auth/")):
            resource, method = text.split("?")[0], ""
        elif text in ("GET", "POST", "PUT", "DELETE"):
            method = text
        elif text.startswith("acceptable request representations"):
            what = "request"
        elif (found := _STATUS.match(text)) is not None:
            what = found.group(1)
        elif text == "Example":
            chunk: list[str] = []
            while i < len(lines) and (
                not lines[i].strip() or lines[i].strip().startswith(_JSON_START)
            ):
                chunk.append(lines[i])
                i += 1
            out[(resource, method, what)] = _decode_all("\n".join(chunk))
    return out


def brief_resources(shared_dir: Path) -> list[tuple[str, str]]:
    """Every (resource path, method) the brief documents, in its order."""
    out: list[tuple[str, str]] = []
    resource = ""
    for line in (shared_dir / BRIEF).read_text().splitlines():
        text = line.strip()
        if text.startswith(("/api/", "/auth/")):
            resource = text.split("?")[0]
        elif text in ("GET", "POST", "PUT", "DELETE") and resource:
            out.append((resource, text))
    return out


def _decode_all(text: str) -> list[Any]:
    decoder = json.JSONDecoder()
    values: list[Any] = []
    at = 0
    text = text.strip()
    while at < len(text):
        value, end = decoder.raw_decode(text, at)
        values.append(value)
        at = end
        while at < len(text) and text[at].isspace():
            at += 1
    return values


def self_kind(url: str) -> str:
    """The resource a ``self`` link names: ``project`` for ``…/rest/api/2.0/project/EX``.

    The brief's links write the version as ``2.0`` (the sandbox: ``2.0.alpha1``, where the
    resources are), the search example doubles its path (``2.0/jira/rest/api/2.0/issue``), the
    link type example doubles a slash and the votes example leaves the version out.
    """
    path = url.split("/rest/api/", 1)[1]
    path = re.sub(r"^2\.0(\.alpha1)?/", "", path)
    path = path.removeprefix("jira/rest/api/2.0/").lstrip("/")
    return re.split(r"[/?]", path, maxsplit=1)[0]


def assert_like(ours: Any, brief: Any, where: str = "", *, strict: bool = True) -> None:
    """Hold ``ours`` to the brief's example ``brief``, field by field (see the module)."""
    if isinstance(brief, dict):
        assert isinstance(ours, dict), f"{where}: {ours!r} is not an object"
        if strict:
            assert list(ours) == list(brief), f"{where}: keys {list(ours)} != {list(brief)}"
        for key, value in brief.items():
            assert key in ours, f"{where}: no {key!r}"
            assert_like(ours[key], value, f"{where}.{key}", strict=strict)
        if "self" in brief:
            assert self_kind(ours["self"]) == self_kind(brief["self"]).replace(
                "attachments",
                "attachment",  # the brief's own URL lists no "attachments"
            ), f"{where}.self: {ours['self']}"
    elif isinstance(brief, list):
        assert isinstance(ours, list), f"{where}: {ours!r} is not a list"
        if brief:
            assert ours, f"{where}: empty where the brief has items"
            assert_like(ours[0], brief[0], f"{where}[0]", strict=strict)
    elif isinstance(brief, str) and DATE.fullmatch(brief):
        assert isinstance(ours, str) and DATE.fullmatch(ours), f"{where}: {ours!r} is no date"
    elif isinstance(brief, bool):
        assert isinstance(ours, bool), f"{where}: {ours!r} is not a boolean"
    elif isinstance(brief, int):
        assert isinstance(ours, int) and not isinstance(ours, bool), f"{where}: {ours!r}"
    elif isinstance(brief, str):
        assert isinstance(ours, str), f"{where}: {ours!r} is not a string"
