"""Light, dark or the system's colours, switched while Jade runs.

Every widget takes its colours from the application palette (no widget carries a style sheet
with colours of its own), so a palette change reaches every pane at once.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

__all__ = ["APPEARANCE_CHOICES", "apply_appearance", "dark_palette", "light_palette"]

APPEARANCE_CHOICES = ("system", "light", "dark")
_SYSTEM_PALETTE: list[QPalette] = []  # the palette Jade started with, before any change


def _palette(colours: dict[QPalette.ColorRole, str], disabled_text: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return palette


def dark_palette() -> QPalette:
    """A dark palette with readable contrast for text, links and selections."""
    role = QPalette.ColorRole
    return _palette(
        {
            role.Window: "#2b2d30",
            role.WindowText: "#e6e6e6",
            role.Base: "#1e1f22",
            role.AlternateBase: "#26282b",
            role.ToolTipBase: "#3c3f41",
            role.ToolTipText: "#e6e6e6",
            role.PlaceholderText: "#8c8f94",
            role.Text: "#e6e6e6",
            role.Button: "#35373a",
            role.ButtonText: "#e6e6e6",
            role.BrightText: "#ff6b6b",
            role.Light: "#4a4d50",
            role.Midlight: "#3e4144",
            role.Mid: "#5a5d61",
            role.Dark: "#1a1b1d",
            role.Shadow: "#000000",
            role.Highlight: "#2f7a60",
            role.HighlightedText: "#ffffff",
            role.Link: "#6cb6ff",
            role.LinkVisited: "#b48ead",
        },
        "#7a7d82",
    )


def light_palette() -> QPalette:
    """A light palette (Fusion's standard colours with Jade's green selection)."""
    palette = QApplication.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#3aa17e"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return palette


def apply_appearance(choice: str) -> str:
    """Switch the whole application to ``choice`` (system, light or dark); returns the choice."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return "system"
    if not _SYSTEM_PALETTE:
        _SYSTEM_PALETTE.append(QGuiApplication.palette())
    if choice not in APPEARANCE_CHOICES:
        choice = "system"
    if choice != "system" and app.style().name().lower() != "fusion":
        # native styles ignore parts of a custom palette; Fusion draws with it everywhere
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
    if choice == "dark":
        app.setPalette(dark_palette())
    elif choice == "light":
        app.setPalette(light_palette())
    else:
        app.setPalette(_SYSTEM_PALETTE[0])
    return choice
