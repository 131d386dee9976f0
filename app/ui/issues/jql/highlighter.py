"""Colours for a JQL document: formats per token kind for light and dark palettes, applied by a
highlighter that follows edits instead of re-reading the whole query on every keystroke.

The query is one logical text even when it spans several blocks (a string or a look-ahead may
cross a line break), so the tokens come from one ``TokenStream`` over the whole document, which
re-scans only the edited stretch. Qt re-colours the edited blocks; the highlighter makes it go
on to the next block only while that block holds re-scanned tokens.

A long block (a pasted 58 KB one-line query) is coloured only around what is on screen and where
the last edit was: every format range costs Qt time each time it lays out the block, which it
does on every keystroke, and nobody sees the colours of text scrolled away. The editor reports
what is visible (``show_range``) and the highlighter colours more when that moves.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QColor,
    QPalette,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextFormat,
)

from app.domain.jql_tokens import TokenKind, TokenStream

__all__ = [
    "LONG_BLOCK",
    "WINDOW_MARGIN",
    "JqlHighlighter",
    "error_colour",
    "error_mark_format",
    "jql_formats",
]

# Blocks longer than this are coloured around the visible text and the last edit only.
LONG_BLOCK = 4000
# How far around the visible text and the edit a long block is coloured, in characters.
WINDOW_MARGIN = 2500

# Hues per token kind; lightness and saturation come from the palette (see jql_formats).
_HUES: dict[TokenKind, int] = {
    TokenKind.FIELD: 210,  # blue
    TokenKind.OPERATOR: 285,  # violet
    TokenKind.KEYWORD: 25,  # orange-brown
    TokenKind.FUNCTION: 175,  # teal
    TokenKind.STRING: 120,  # green
    TokenKind.NUMBER: 330,  # magenta
}


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def error_colour(palette: QPalette) -> QColor:
    """The red used for JQL errors, readable on ``palette``'s Base."""
    return QColor.fromHsl(0, 200, 190) if _is_dark(palette) else QColor.fromHsl(0, 200, 95)


def jql_formats(palette: QPalette) -> dict[TokenKind, QTextCharFormat]:
    """Character formats per token kind, readable on ``palette``'s Base (light or dark)."""
    dark = _is_dark(palette)
    # Light text on a dark base, dark text on a light base; similar contrast both ways.
    lightness, saturation = (180, 150) if dark else (85, 200)
    formats: dict[TokenKind, QTextCharFormat] = {}
    for kind, hue in _HUES.items():
        fmt = QTextCharFormat()
        fmt.setForeground(QColor.fromHsl(hue, saturation, lightness))
        formats[kind] = fmt
    formats[TokenKind.KEYWORD].setFontWeight(700)
    formats[TokenKind.FUNCTION].setFontItalic(True)
    error = QTextCharFormat()
    error.setForeground(error_colour(palette))
    error.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    error.setUnderlineColor(error_colour(palette))
    formats[TokenKind.ERROR] = error
    return formats


def error_mark_format(palette: QPalette) -> QTextCharFormat:
    """How the spot Jira's error names is marked in the query: red wavy underline, red wash."""
    colour = error_colour(palette)
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(colour)
    wash = QColor(colour)
    wash.setAlpha(60)
    fmt.setBackground(wash)
    fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
    return fmt


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(r for r in ranges if r[0] < r[1]):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


class JqlHighlighter(QSyntaxHighlighter):
    """Colours a JQL document by token kind; errors get a red wavy underline."""

    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        # no document yet: the stream must see each edit before Qt re-colours for it, so its
        # handler is connected first
        super().__init__(cast(QObject, None))
        self._formats = jql_formats(palette)
        self._stream = TokenStream()
        self._rescanned_to = 0  # blocks starting before this hold re-scanned tokens
        self._edit_at = 0
        self._visible = (0, 0)
        # long blocks: block number -> (block length, coloured ranges relative to the block)
        self._coloured: dict[int, tuple[int, list[tuple[int, int]]]] = {}
        document.contentsChange.connect(self._contents_changed)
        self.setDocument(document)
        self.setParent(document)

    @property
    def stream(self) -> TokenStream:
        """The document's tokens, current with every edit."""
        return self._stream

    def set_palette(self, palette: QPalette) -> None:
        """Recompute the colours for ``palette`` (light/dark switch) and re-colour."""
        self._formats = jql_formats(palette)
        self.rehighlight()

    def format_for(self, kind: TokenKind) -> QTextCharFormat | None:
        """The format used for ``kind`` (None: left in the editor's text colour)."""
        return self._formats.get(kind)

    def show_range(self, start: int, end: int) -> None:
        """The editor shows ``text[start:end]``: colour the long blocks there if needed."""
        self._visible = (start, end)
        block = self.document().findBlock(start)
        while block.isValid() and block.position() <= end:
            if block.length() - 1 > LONG_BLOCK and not self._covers(block, start, end):
                self._rescanned_to = 0  # nothing else to re-colour
                self.rehighlightBlock(block)
            block = block.next()

    def _covers(self, block: QTextBlock, start: int, end: int) -> bool:
        record = self._coloured.get(block.blockNumber())
        if record is None or record[0] != block.length() - 1:
            return False
        # half the margin of slack, so scrolling a line or two never re-colours
        base = block.position()
        lo = max(start - WINDOW_MARGIN // 2, base) - base
        hi = min(end + WINDOW_MARGIN // 2, base + block.length() - 1) - base
        return any(a <= lo and hi <= b for a, b in record[1])

    def _contents_changed(self, position: int, removed: int, added: int) -> None:
        document = self.document()
        start, end = self._stream.update(document.toPlainText())
        self._edit_at = position + added
        self._rescanned_to = end
        # Qt re-colours from the block of the edit on; a token re-scanned before it (a word that
        # became a function name when "(" was typed on the next line) needs its block done here
        block = document.findBlock(start)
        edited = document.findBlock(position)
        while block.isValid() and block.blockNumber() < edited.blockNumber():
            self.rehighlightBlock(block)
            block = block.next()

    def highlightBlock(self, text: str) -> None:
        """Apply the formats of the tokens in this block (near the view only, if it is long)."""
        block = self.currentBlock()
        document = block.document()
        stream = self._stream
        if document is not None and len(stream.text) != document.characterCount() - 1:
            stream.update(document.toPlainText())  # never colour from stale tokens
        begin = block.position()
        end = begin + len(text)
        ranges = [(begin, end)]
        if len(text) > LONG_BLOCK:
            margin = WINDOW_MARGIN
            seen_lo, seen_hi = self._visible
            ranges = _merge(
                [
                    (max(begin, seen_lo - margin), min(end, seen_hi + margin)),
                    (max(begin, self._edit_at - margin), min(end, self._edit_at + margin)),
                ]
            )
            self._coloured[block.blockNumber()] = (
                len(text),
                [(lo - begin, hi - begin) for lo, hi in ranges],
            )
        formats = self._formats
        for lo, hi in ranges:
            for token_start, token_end, kind in stream.spans(lo, hi):
                fmt = formats.get(kind)
                if fmt is not None:
                    first = max(token_start, begin)
                    self.setFormat(first - begin, min(token_end, end) - first, fmt)
        # Qt goes on to the next block only when this block's state changed: flip it while the
        # next block still holds re-scanned tokens, keep it otherwise
        state = self.currentBlockState()
        if end < self._rescanned_to:
            self.setCurrentBlockState((state + 1) & 1)
        else:
            self.setCurrentBlockState(max(state, 0))
