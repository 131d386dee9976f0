"""Jira's JQL error under the query: a few lines at most, the whole text on demand.

Jira can answer with thousands of lines (one per value it does not know); shown whole, such a
message pushes the query out of sight. The panel shows the first lines that fit, cut with "…",
and a "Details…" button that opens the whole text in a scrollable, read-only plain-text view.
Jira's text is untrusted: every widget here shows it as plain text, tooltip included.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from app.ui.kit.text import set_plain_tooltip

__all__ = ["COLLAPSED_LINES", "DETAILS_LINES", "JqlErrorPanel", "collapse"]

COLLAPSED_LINES = 3
DETAILS_LINES = 8
# a tooltip is no place for thousands of lines: the Details view has them all
_TOOLTIP_LINES = 20
_TOOLTIP_CHARS = 2000
# no line of a summary can hold more characters than this, whatever the width
_LINE_CHARS = 1000


def collapse(text: str, font: QFont, width: int, lines: int) -> tuple[str, bool]:
    """``text`` wrapped at ``width`` pixels, cut to ``lines`` lines (the last ending in "…" if
    anything was cut), the lines joined with newlines; and whether anything was cut."""
    text = text.strip()
    # lay out only what could fit: the whole of a 5,000-line message would cost a lot
    head = "\u2028".join(line[:_LINE_CHARS] for line in text.split("\n", lines)[:lines])
    layout = QTextLayout(head, font)
    layout.beginLayout()
    shown: list[str] = []
    end = 0
    while len(shown) < lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(width, 1))
        end = line.textStart() + line.textLength()
        shown.append(head[line.textStart() : end].rstrip("\u2028 "))
    layout.endLayout()
    cut = end < len(head) or len(head.replace("\u2028", "\n")) < len(text)
    if cut and shown:
        metrics = QFontMetrics(font)
        last = shown[-1].rstrip() + "\u2026"
        shown[-1] = metrics.elidedText(last, Qt.TextElideMode.ElideRight, max(width, 1))
    return "\n".join(shown), cut


def _tooltip(message: str) -> str:
    lines = message.split("\n", _TOOLTIP_LINES)
    short = "\n".join(lines[:_TOOLTIP_LINES])[:_TOOLTIP_CHARS]
    return short if short == message else short + "\n\u2026 (Details\u2026 shows the rest)"


class JqlErrorPanel(QWidget):
    """The error shown under a JQL query; ``height_changed`` asks the editor to make room."""

    height_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._message = ""
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.summary = QLabel(self)
        self.summary.setObjectName("jqlError")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # server text is untrusted
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.details_button = QToolButton(self)
        self.details_button.setText("Details\u2026")
        self.details_button.setCheckable(True)
        self.details_button.setAutoRaise(True)
        self.details_button.setToolTip("Show Jira's whole message")
        self.details_button.toggled.connect(self._toggled)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("jqlErrorDetails")
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        lines = self.fontMetrics().lineSpacing() * DETAILS_LINES
        self.details.setFixedHeight(lines + 2 * self.details.frameWidth() + 8)
        self.details.hide()
        self._layout = layout = QGridLayout(self)
        layout.setContentsMargins(4, 3, 4, 2)
        layout.setSpacing(2)
        layout.addWidget(self.summary, 0, 0)
        layout.addWidget(self.details_button, 0, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.details, 1, 0, 1, 2)
        layout.setColumnStretch(0, 1)

    @property
    def message(self) -> str:
        """The whole message ("" when none)."""
        return self._message

    @property
    def expanded(self) -> bool:
        """Whether the whole message is open under the summary."""
        return self.details_button.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        """Open or close the whole message (what the Details… button does)."""
        self.details_button.setChecked(expanded)

    def set_message(self, message: str) -> None:
        """Show ``message`` (collapsed to its first lines)."""
        self._message = message
        set_plain_tooltip(self.summary, _tooltip(message))
        self.details.clear()  # filled when opened: most errors are never opened
        self.details_button.setChecked(False)
        self._fit(self.width())

    def set_colour(self, colour: QColor) -> None:
        """Colour the summary (the error red of the editor's palette)."""
        self.summary.setStyleSheet(f"QLabel#jqlError {{ color: {colour.name()}; }}")

    def height_for(self, width: int) -> int:
        """The height the panel needs at ``width`` pixels."""
        self._fit(width)
        return self.sizeHint().height()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A hairline between the query above and the error."""
        super().paintEvent(event)
        painter = QPainter(self)
        line = QColor(self.palette().color(QPalette.ColorRole.Text))
        line.setAlpha(60)  # a faint rule on light and dark bases alike
        painter.setPen(line)
        painter.drawLine(0, 0, self.width(), 0)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-cut the summary for the new width."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            lines = self.summary.text().count("\n")
            self._fit(event.size().width())
            if self.summary.text().count("\n") != lines:
                self.height_changed.emit()

    def _fit(self, width: int) -> None:
        margins = self._layout.contentsMargins()
        room = width - margins.left() - margins.right() - self.details_button.sizeHint().width()
        text, cut = collapse(self._message, self.summary.font(), room - 4, COLLAPSED_LINES)
        self.summary.setText(text)
        self.details_button.setVisible(cut or self.expanded)

    def _toggled(self, expanded: bool) -> None:
        if expanded and not self.details.toPlainText():
            self.details.setPlainText(self._message)
        self.details.setVisible(expanded)
        self.details_button.setText("Hide details" if expanded else "Details\u2026")
        self.height_changed.emit()
