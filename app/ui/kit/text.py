"""Server text shown as plain text: labels, tooltips and action texts that never interpret it.

Qt guesses: a label or tooltip whose text looks like HTML (``Qt.mightBeRichText``) is rendered
as rich text, and an ``&`` in an action's text becomes a mnemonic. Jira's names and messages
are untrusted, so every widget that shows them goes through these helpers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.qtmodels.tooltips import plain_tooltip

__all__ = ["action_text", "plain_label", "plain_tooltip", "set_plain_tooltip"]


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as rich text or links."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def set_plain_tooltip(widget: QWidget, text: str | None) -> None:
    """Give ``widget`` a tooltip that shows ``text`` literally (empty clears it)."""
    widget.setToolTip(plain_tooltip(text) or "")


def action_text(text: str) -> str:
    """``text`` for a menu or action: ``&`` doubled so it shows and is never a mnemonic."""
    return text.replace("&", "&&")
