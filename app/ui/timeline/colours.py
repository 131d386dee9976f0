"""Colours of the timeline, chosen from the palette so they read in light and dark alike.

Each source has a hue; a bar's fill is a light tint of it on a light window and a deep shade on
a dark one, its text the palette's text colour, which contrasts with both. The Milestones API's
colour keys (default, success, warning, danger, …) map to hues the same way.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QPen

from app.domain.timeline import ItemState, Source

__all__ = ["BarColours", "bar_colours", "bucket_colours", "is_dark", "overdue_colour"]

_SOURCE_HUES = {Source.PM_APP: 280, Source.VERSION: 140, Source.SPRINT: 205, Source.BUCKETS: 30}
_BUCKET_HUES = {
    "success": 130,
    "warning": 40,
    "danger": 0,
    "info": 195,
    "primary": 220,
    "secondary": 260,
    "lime": 80,
    "purple": 280,
    "pink": 320,
    "brown": 25,
}


def is_dark(palette: QPalette) -> bool:
    """Whether the window colour is dark."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class BarColours:
    """Fill, outline and text of one kind of bar."""

    __slots__ = ("fill", "outline", "outline_pen", "text")

    def __init__(self, fill: QColor, outline: QColor, text: QColor) -> None:
        self.fill = fill
        self.outline = outline
        self.outline_pen = QPen(outline, 1.0)  # made once: a bar paints with it every frame
        self.text = text


def _tint(hue: int | None, palette: QPalette, *, faded: bool) -> BarColours:
    dark = is_dark(palette)
    text = palette.color(QPalette.ColorRole.WindowText)
    if hue is None:  # grey: "default" buckets
        fill = QColor.fromHsl(0, 0, 70 if dark else 215)
        return BarColours(fill, QColor.fromHsl(0, 0, 140 if dark else 120), text)
    saturation = 60 if faded else 150
    fill = QColor.fromHsl(hue, saturation, 62 if dark else 205)
    outline = QColor.fromHsl(hue, saturation + 40, 150 if dark else 95)
    if faded:
        text = QColor(text)
        text.setAlphaF(0.75)
    return BarColours(fill, outline, text)


def bar_colours(source: Source, state: ItemState, palette: QPalette) -> BarColours:
    """The colours of a ``source`` bar in ``state`` (done items are faded)."""
    return _tint(_SOURCE_HUES[source], palette, faded=state is ItemState.DONE)


def bucket_colours(key: str, palette: QPalette) -> BarColours:
    """The colours of a Milestones API bucket with colour key ``key``."""
    key = key.strip().casefold()
    if key in ("", "default", "grey", "gray"):
        return _tint(None, palette, faded=False)
    hue = _BUCKET_HUES.get(key)
    if hue is None:
        hue = sum(key.encode()) * 47 % 360  # an unknown key: a stable hue of its own
    return _tint(hue, palette, faded=False)


def overdue_colour(palette: QPalette) -> QColor:
    """The red that marks an overdue item."""
    return QColor("#ff7b72" if is_dark(palette) else "#c62828")


def today_colour(palette: QPalette) -> QColor:
    """The today line."""
    return QColor("#ffa657" if is_dark(palette) else "#d9480f")
