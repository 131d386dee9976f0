"""Reference data for the JQL editor and column chooser, from both flavours."""

from __future__ import annotations

import pytest

from app.api.jql_reference import JqlReference
from tests.integration.conftest import Link


@pytest.mark.asyncio
async def test_fields_autocomplete_and_suggestions(link: Link) -> None:
    async with link.client() as client:
        reference = JqlReference(client)
        fields = await reference.fields()
        by_id = {f.id: f for f in fields}
        assert by_id["summary"].name == "Summary" and by_id["summary"].navigable
        assert by_id["status"].sort_clause == "status"
        story = next(f for f in fields if f.custom and f.name.startswith("Story"))
        assert story.sort_clause.startswith("cf[")
        data = await reference.autocomplete_data()
        assert "status" in [f["value"] for f in data["visibleFieldNames"]]
        suggestions = await reference.suggestions("status", "in")
        assert ("In Progress", "In Progress") in suggestions
