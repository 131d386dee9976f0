"""Cloud's refusal of an unbounded query shows in the Issues pane with the hint to bound it."""

from __future__ import annotations

from app.api.core import UNBOUNDED_QUERY_HINT
from app.sandbox import Flavour as SandboxFlavour
from tests.ui.harness import Harness, make_site


def test_the_error_line_says_how_to_bound_the_query(harness: Harness) -> None:
    harness.connect(make_site(SandboxFlavour.CLOUD))
    harness.window.show_pane("issues")
    harness.search("ORDER BY created DESC")
    pane = harness.issues.pane
    assert pane.editor.error_text == (
        "Unbounded JQL queries are not allowed here. Please add a search restriction to your "
        f"query. {UNBOUNDED_QUERY_HINT}"
    )
    assert pane.count.text() == "The query has an error."
    assert pane.model.rowCount() == 0
