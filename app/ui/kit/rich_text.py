"""A text browser for Jira's rendered HTML that fetches nothing, runs nothing, and asks first.

``RichTextView`` shows a description or comments as Jira rendered them. What reaches it is
untrusted, so:

- the markup is rebuilt from an allow-list first (``app.ui.kit.safe_html``): no script, style,
  event attribute or CSS gets through, and images become placeholders that name them;
- ``loadResource`` never reads anything: an image that still asks (a ``background``) gets a
  blank placeholder, anything else an empty text. It never returns nothing, because then
  ``QTextDocument`` would read a local file by itself;
- links open only when clicked, and only in the system browser or mail program (``http``,
  ``https``, ``mailto``); ``file:``, ``javascript:`` and every other scheme is refused with a
  note at the bottom of the view; ``#anchor`` links scroll;
- hovering a link shows where it really goes, whatever its text says.

Without a rendering (Jira 4.3, or a field Jira does not render) ``set_plain`` shows the raw text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QImage,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget

from app.qtmodels.tooltips import plain_tooltip
from app.ui.kit.safe_html import clean_html, neutral_bidi

__all__ = ["OPENED_SCHEMES", "RichTextEntry", "RichTextView"]

OPENED_SCHEMES = frozenset({"http", "https", "mailto"})
_SHOWN_URL = 120  # characters of a refused address the note shows


def _blend(ink: QColor, paper: QColor, share: float) -> str:
    """``share`` of ``ink`` over ``paper``, opaque (palette colours may carry alpha)."""

    def mix(a: int, b: int) -> int:
        return round(a * share + b * (1 - share))

    return QColor(
        mix(ink.red(), paper.red()), mix(ink.green(), paper.green()), mix(ink.blue(), paper.blue())
    ).name()


def _style(palette: QPalette) -> str:
    """The document's style sheet, in the palette's colours (light or dark)."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    shade = _blend(text, base, 0.07)
    quiet = _blend(text, base, 0.6)
    rule = _blend(text, base, 0.3)
    # anchors take the application's link colour unless styled: the widget's palette decides
    link = palette.color(QPalette.ColorRole.Link).name()
    return (
        f"a {{ color: {link}; }}"
        f"pre {{ background-color: {shade}; }}"
        f"table {{ border-collapse: collapse; border-color: {rule}; }}"
        f"th {{ background-color: {shade}; }}"
        f"blockquote {{ color: {quiet}; margin-left: 12px; }}"
        f".jade-image {{ color: {quiet}; font-style: italic; }}"
        f".jade-meta {{ color: {quiet}; margin-top: 14px; }}"
    )


@dataclass(frozen=True, slots=True)
class RichTextEntry:
    """One of several texts shown in a row (a comment): a plain title over Jira's HTML.

    ``html`` None: Jira rendered nothing, and ``text`` shows as typed.
    """

    title: str
    html: str | None
    text: str = ""


class RichTextView(QTextBrowser):
    """Read-only view of untrusted rendered HTML (or plain text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setOpenLinks(False)  # a click emits anchorClicked and nothing else happens
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._follow)
        self.highlighted.connect(self._hovered)
        self.note = QLabel(self)
        self.note.setObjectName("richTextNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setAutoFillBackground(True)
        self.note.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.note.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.note.setMargin(6)
        self.note.hide()
        self._html: str | None = None  # the cleaned markup shown; None while plain text shows
        self._placeholder = QImage(16, 16, QImage.Format.Format_ARGB32)
        self._placeholder.fill(QColor(0, 0, 0, 0))

    # ----- content -------------------------------------------------------------------------------

    def set_html(self, markup: str, base_url: str = "") -> None:
        """Show Jira's rendered ``markup``; relative links resolve against ``base_url``."""
        self._html = clean_html(markup, base_url)
        self._render()

    def set_entries(self, entries: Sequence[RichTextEntry], base_url: str = "") -> None:
        """Show several texts one under the other, each under its title (comments)."""
        parts = []
        for entry in entries:
            title = html.escape(entry.title, quote=False)
            if entry.html is not None:
                # each cleaned alone: markup one leaves open cannot swallow the next title
                body = clean_html(entry.html, base_url)
            else:
                body = "<p>" + html.escape(entry.text, quote=False).replace("\n", "<br>") + "</p>"
            parts.append(f'<p class="jade-meta"><b>{title}</b></p>{body}')
        self._html = "".join(parts)
        self._render()

    def set_plain(self, text: str) -> None:
        """Show ``text`` as it is (no rendering came)."""
        self._html = None
        self.note.hide()
        self.setPlainText(text)

    @property
    def shown_html(self) -> str | None:
        """The cleaned markup being shown, None while plain text shows."""
        return self._html

    def _render(self) -> None:
        self.note.hide()
        self.document().setDefaultStyleSheet(_style(self.palette()))
        self.setHtml(self._html or "")

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Nothing is ever fetched: a blank image for images, an empty text for anything else."""
        if type == QTextDocument.ResourceType.ImageResource.value:
            return self._placeholder
        # never None: QTextDocument reads a local file itself when the browser returns nothing
        return " "

    # ----- links ---------------------------------------------------------------------------------

    def _follow(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme in OPENED_SCHEMES:
            if not QDesktopServices.openUrl(url):
                self.show_note(f"No program on this computer opened {self._shown(url)}.")
            return
        if not scheme and url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())
            return
        self.show_note(
            f"Not opened: {self._shown(url)}\n"
            "Jade opens only web (http, https) and e-mail (mailto) links from Jira's text."
        )

    def _hovered(self, url: QUrl) -> None:
        shown = neutral_bidi(url.toString()) if url.isValid() and not url.isEmpty() else ""
        self.viewport().setToolTip(plain_tooltip(shown) or "")

    @staticmethod
    def _shown(url: QUrl) -> str:
        text = neutral_bidi(url.toString())
        return text if len(text) <= _SHOWN_URL else text[: _SHOWN_URL - 1] + "…"

    # ----- the note ------------------------------------------------------------------------------

    def show_note(self, text: str) -> None:
        """Say ``text`` at the bottom of the view until the next click or content."""
        self.note.setText(text)
        self._place_note()
        self.note.show()
        self.note.raise_()

    def _place_note(self) -> None:
        area = self.viewport().geometry()
        width = max(40, area.width() - 8)
        height = self.note.heightForWidth(width)
        self.note.setGeometry(area.left() + 4, area.bottom() - height - 4, width, max(height, 1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the note at the bottom."""
        super().resizeEvent(event)
        if self.note.isVisible():
            self._place_note()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A new click dismisses the note (a refused link shows it again on release)."""
        self.note.hide()
        super().mousePressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Light or dark: the document takes the new palette's colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._html is not None:
            self._render()
