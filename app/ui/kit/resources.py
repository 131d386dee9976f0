"""Where Jade's bundled resources live, and loading icons from them."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPainter

__all__ = ["icon", "resource_path"]


def resource_path(*parts: str) -> Path:
    """Path of a file under ``resources/`` (next to the package, or inside a frozen bundle)."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[3]))
    return base.joinpath("resources", *parts)


@cache
def icon(name: str) -> QIcon:
    """The SVG icon ``resources/icons/<name>.svg``, with a white variant for selected rows."""
    path = resource_path("icons", f"{name}.svg")
    if not path.is_file():
        return QIcon()
    result = QIcon(str(path))
    for size in (16, 22, 24, 32, 48):
        # the green strokes vanish on a highlighted row: selected items get a white icon
        pixmap = result.pixmap(QSize(size, size))
        painter = QPainter(pixmap)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(pixmap.rect(), QColor("white"))
        painter.end()
        result.addPixmap(pixmap, QIcon.Mode.Selected)
    return result
