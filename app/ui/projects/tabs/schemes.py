"""The Schemes tab: the project's permission scheme, with a way to open it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from app.domain.project import PermissionSchemeRef
from app.ui.kit.text import plain_label

__all__ = ["SchemesTab"]


class SchemesTab(QWidget):
    """The permission scheme's name and description, and "Open in the Permissions pane"."""

    open_requested = Signal(object)  # PermissionSchemeRef

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheme: PermissionSchemeRef | None = None
        self.label = plain_label("", self)
        self.label.setWordWrap(True)
        self.open_button = QPushButton("Open in the Permissions pane", self)
        self.open_button.clicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def set_scheme(self, scheme: PermissionSchemeRef | None) -> None:
        """Show ``scheme`` (None: the user may not see it)."""
        self.scheme = scheme
        self.label.setText(
            f"Permission scheme: {scheme.name}"
            + (f"\n{scheme.description}" if scheme.description else "")
            if scheme
            else "This project's permission scheme is not visible to you."
        )
        self.open_button.setEnabled(scheme is not None)

    def _open(self) -> None:
        if self.scheme is not None:
            self.open_requested.emit(self.scheme)

    def set_unavailable(self, reason: str) -> None:
        """The site has no permission schemes Jade can read: say so (``reason``) instead."""
        self.scheme = None
        self.label.setText(reason)
        self.open_button.setEnabled(False)
