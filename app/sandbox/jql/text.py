"""The ``~`` operator: case-insensitive word matching over text fields.

A simplified stand-in for Jira's Lucene analysis: no stemming and no stop words. Every word of
the value must occur as a whole word; a value of several words must occur in that order; ``*``
and ``?`` are wildcards inside or at the end of a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["TextMatcher", "compile_text", "leading_wildcard"]

_QUERY_WORD = re.compile(r"(?:[^\W_]|[*?])+")
# A word is a run of letters and digits; these look-arounds pin a pattern to word edges.
_START = r"(?<![^\W_])"
_END = r"(?![^\W_])"

TextMatcher = Callable[[str], bool]


def leading_wildcard(value: str) -> bool:
    """Whether a word of the value starts with ``*`` or ``?`` (Jira refuses that)."""
    return any(word[0] in "*?" for word in _QUERY_WORD.findall(value))


def _word_pattern(word: str) -> str:
    body = "".join(
        r"[^\W_]*" if ch == "*" else r"[^\W_]" if ch == "?" else re.escape(ch) for ch in word
    )
    return _START + body + _END


def compile_text(value: str) -> TextMatcher:
    """Build a test that tells whether a text contains the words of ``value``, in order."""
    words = [w.lower() for w in _QUERY_WORD.findall(value)]
    if not words:
        # A value with no word characters matches nothing, like an analysed empty query.
        return lambda _text: False
    patterns = [re.compile(_word_pattern(w)) for w in words]
    # Plain substring tests on the lower-cased text rule out most texts before any regex runs.
    literals = [w for w in words if "*" not in w and "?" not in w]

    def matches(text: str) -> bool:
        low = text.lower()
        for literal in literals:
            if literal not in low:
                return False
        # Each word's earliest match after the previous one is enough for "in order", and
        # unlike one pattern with gaps it never backtracks.
        at = 0
        for pattern in patterns:
            found = pattern.search(low, at)
            if found is None:
                return False
            at = found.end()
        return True

    return matches
