"""The queries a user has run, most recent first, and a walk through them like a shell's."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["MAX_HISTORY", "QueryHistory"]

MAX_HISTORY = 50


class QueryHistory:
    """Most-recent-first, de-duplicated, capped list of JQL queries, with a walking cursor.

    Walking works like a shell: ``older(draft)`` steps back (remembering the text being edited
    as the draft), ``newer()`` steps forward and finally gives the draft back, so walking never
    loses what the user had typed.
    """

    def __init__(self, entries: Iterable[str] = (), limit: int = MAX_HISTORY) -> None:
        self._limit = limit
        self._entries: list[str] = []
        for query in entries:  # stored most recent first; keep that order, drop repeats
            text = query.strip()
            if text and text not in self._entries:
                self._entries.append(text)
        del self._entries[limit:]
        self._index = -1  # -1: not walking (showing the draft)
        self._draft = ""

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def entries(self) -> list[str]:
        """The queries, most recent first (a copy)."""
        return list(self._entries)

    def add(self, query: str) -> None:
        """Record a run query at the front; an earlier copy moves up; the walk restarts."""
        text = query.strip()
        self.reset_walk()
        if not text:
            return
        if text in self._entries:
            self._entries.remove(text)
        self._entries.insert(0, text)
        del self._entries[self._limit :]

    def to_list(self) -> list[str]:
        """Serialisable form (most recent first), for settings."""
        return list(self._entries)

    @classmethod
    def from_list(cls, items: object) -> QueryHistory:
        """Rebuild from ``to_list`` output; anything that is not a list of strings is ignored."""
        if not isinstance(items, list | tuple):
            return cls()
        return cls(item for item in items if isinstance(item, str))

    def reset_walk(self) -> None:
        """Stop walking (the next ``older`` starts from the most recent query)."""
        self._index = -1
        self._draft = ""

    @property
    def walking(self) -> bool:
        """Whether a history entry (not the draft) is being shown."""
        return self._index >= 0

    def older(self, current: str) -> str | None:
        """The next older query, or None at the oldest; ``current`` is kept as the draft."""
        if self._index + 1 >= len(self._entries):
            return None
        if self._index == -1:
            self._draft = current
        self._index += 1
        return self._entries[self._index]

    def newer(self) -> str | None:
        """The next newer query, the draft after the newest, or None when not walking."""
        if self._index < 0:
            return None
        self._index -= 1
        if self._index == -1:
            draft, self._draft = self._draft, ""
            return draft
        return self._entries[self._index]
