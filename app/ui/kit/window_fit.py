"""Windows that grow when their content needs more height, e.g. when an error line appears.

Qt sets a window's minimum size from its layout's ``totalMinimumSize``, which ignores
height-for-width: a word-wrapped label counts as one line, so a two-line error under a field
is squeezed into one line's height and draws over the next field. ``grow_with_content``
keeps the window's minimum height at what its layout needs at the window's current width;
Qt then enlarges the window when it is shorter.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

__all__ = ["grow_with_content", "needed_height"]


def needed_height(window: QWidget) -> int:
    """The height ``window``'s layout needs at the window's current width (0 without a layout)."""
    layout = window.layout()
    if layout is None:
        return 0
    least = layout.totalMinimumSize().height()
    if layout.hasHeightForWidth():
        return max(least, layout.totalHeightForWidth(window.width()))
    return least


class _HeightFollowsContent(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # LayoutRequest: something inside changed its size hint (an error line was shown);
        # Resize: a narrower window wraps text onto more lines
        if isinstance(watched, QWidget) and event.type() in (
            QEvent.Type.LayoutRequest,
            QEvent.Type.Resize,
        ):
            height = needed_height(watched)
            if height != watched.minimumHeight():
                watched.setMinimumHeight(height)
        return False


def grow_with_content(window: QWidget) -> None:
    """Keep ``window`` at least as tall as its content needs, at whatever width it has."""
    window.installEventFilter(_HeightFollowsContent(window))
