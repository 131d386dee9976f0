"""Server text shown as plain text: labels, tooltips and action texts that never interpret it.

Qt guesses: a label or tooltip whose text looks like HTML (``Qt.mightBeRichText``) is rendered
as rich text, and an ``&`` in an action's text becomes a mnemonic. Jira's names and messages
are untrusted, so every widget that shows them goes through these helpers.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.qtmodels.tooltips import plain_tooltip

__all__ = [
    "Tone",
    "ToneLabel",
    "action_text",
    "plain_label",
    "plain_tooltip",
    "set_plain_tooltip",
    "tone_colour",
]


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


class Tone(enum.StrEnum):
    """What a status line says: plain, good news, or a problem."""

    PLAIN = "plain"
    OK = "ok"
    ERROR = "error"


def tone_colour(tone: Tone, palette: QPalette) -> QColor:
    """A colour for ``tone`` that reads well on ``palette``'s window colour (light or dark)."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    if tone is Tone.ERROR:
        return QColor("#ff7b72" if dark else "#c62828")
    if tone is Tone.OK:
        return QColor("#7ee2a8" if dark else "#2e7d32")
    return palette.color(QPalette.ColorRole.WindowText)


class ToneLabel(QLabel):
    """A plain-text status line coloured by its tone; the colour follows palette changes."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWordWrap(True)
        self.setText(text)
        self._tone = Tone.PLAIN
        self._applying = False

    @property
    def tone(self) -> Tone:
        """The tone shown."""
        return self._tone

    def set_tone(self, tone: Tone) -> None:
        """Colour the text for ``tone``."""
        self._tone = tone
        self._apply()

    def changeEvent(self, event: QEvent) -> None:
        """Dark or light: the tone's colour is chosen again for the new palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._applying:
            self._apply()

    def _apply(self) -> None:
        base = QApplication.palette(self) if self._tone is not Tone.PLAIN else self.palette()
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.WindowText, tone_colour(self._tone, base))
        self._applying = True  # setPalette sends a PaletteChange of its own
        try:
            self.setPalette(palette)
        finally:
            self._applying = False
