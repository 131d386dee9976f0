"""A pane slot whose pane is not built yet: it says plainly what the pane will hold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.ui.kit.text import plain_label
from app.ui.shell.navigation import PaneSpec

__all__ = ["PlannedPane"]


class PlannedPane(QWidget):
    """Names the pane and what it will do, so the navigation is complete from day one."""

    def __init__(self, spec: PaneSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{spec.id}Pane")
        title = plain_label(spec.label, self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        summary = plain_label(spec.summary, self)
        summary.setWordWrap(True)
        note = plain_label("This pane is not part of this version of Jade yet.", self)
        note.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addWidget(title)
        layout.addWidget(summary)
        layout.addWidget(note)
        layout.addStretch(1)
        for label in (title, summary, note):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft)
