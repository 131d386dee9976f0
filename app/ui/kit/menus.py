"""Menus of checkable choices that stay open while the user ticks several of them."""

from __future__ import annotations

from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QMenu

__all__ = ["ChecklistMenu"]


class ChecklistMenu(QMenu):
    """A menu whose checkable entries toggle on click without closing the menu.

    The owner acts once, when the menu closes (``aboutToHide``), on everything ticked.
    """

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Toggle a checkable entry in place; other entries behave as usual."""
        action = self.actionAt(event.position().toPoint())
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().mouseReleaseEvent(event)
