"""Jira fields as the search pane's column chooser sees them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FieldInfo"]


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """A field from ``/field``: id (``summary``, ``customfield_10016``), name and abilities."""

    id: str
    name: str
    custom: bool = False
    navigable: bool = True
    orderable: bool = False
    clause_names: tuple[str, ...] = ()

    @property
    def sort_clause(self) -> str:
        """The name ORDER BY accepts for this field (a clause name, quoted when needed)."""
        clause = self.clause_names[0] if self.clause_names else self.id
        if self.custom and self.clause_names:
            # "cf[10016]" always works; names with spaces would need quotes
            clause = next((c for c in self.clause_names if c.startswith("cf[")), clause)
        return clause
