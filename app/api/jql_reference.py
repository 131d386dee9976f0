"""What the JQL editor and the column chooser need from a site: fields, autocomplete data,
value suggestions."""

from __future__ import annotations

import html
from typing import Any

import msgspec

from app.api.legacy import not_on_legacy
from app.api.platform import JiraClient
from app.domain.field import FieldInfo
from app.domain.site import Flavour

__all__ = ["JqlReference"]


class _FieldWire(msgspec.Struct, rename="camel"):
    id: str
    name: str = ""
    custom: bool = False
    navigable: bool = True
    orderable: bool = False
    clause_names: list[str] = msgspec.field(default_factory=list)


class _Suggestion(msgspec.Struct, rename="camel"):
    value: str
    display_name: str = ""


class _Suggestions(msgspec.Struct):
    results: list[_Suggestion] = msgspec.field(default_factory=list)


class JqlReference:
    """Reference data for searching one site (Jira 4.x has none: ``NotOnThisJiraError``)."""

    def __init__(self, client: JiraClient) -> None:
        self.client = client

    async def _api(self) -> str:
        # from what serverInfo said, if it was asked: a caller may fetch the fields beside it
        server = self.client.known_server
        if server is not None and server.flavour is Flavour.LEGACY:
            # no /field, /priority list or autocomplete data in REST 2.0.alpha1
            raise not_on_legacy(self.client, "JQL completion", "Type the query in full.")
        return "rest/api/2"

    async def fields(self) -> list[FieldInfo]:
        """Every field the user can see, by name."""
        found = await self.client.http.get_json(f"{await self._api()}/field", list[_FieldWire])
        fields = [
            FieldInfo(
                f.id, f.name or f.id, f.custom, f.navigable, f.orderable, tuple(f.clause_names)
            )
            for f in found
        ]
        return sorted(fields, key=lambda f: f.name.casefold())

    async def priorities(self) -> list[str]:
        """The site's priority names, most urgent first (the order Jira lists them)."""
        found = await self.client.http.get_json(
            f"{await self._api()}/priority", list[dict[str, Any]]
        )
        return [str(p["name"]) for p in found if isinstance(p, dict) and p.get("name")]

    async def autocomplete_data(self) -> dict[str, Any]:
        """The body of ``jql/autocompletedata`` (field names, operators, functions, reserved words)."""
        data = await self.client.http.get_json(
            f"{await self._api()}/jql/autocompletedata", dict[str, Any]
        )
        return data

    async def suggestions(self, field: str, prefix: str) -> list[tuple[str, str]]:
        """Values for ``field`` starting with ``prefix``: (value, display text without markup)."""
        found = await self.client.http.get_json(
            f"{await self._api()}/jql/autocompletedata/suggestions",
            _Suggestions,
            {"fieldName": field, "fieldValue": prefix},
        )
        return [(s.value, _strip_bold(s.display_name) or s.value) for s in found.results]


def _strip_bold(text: str) -> str:
    # Jira marks the matched part with <b>…</b> and escapes the rest as HTML
    return html.unescape(text.replace("<b>", "").replace("</b>", ""))
