"""Screenshots for a person to look at: a widget saved in the light and in a dark palette."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["ARTIFACTS", "dark_palette", "save_light_and_dark"]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def dark_palette() -> QPalette:
    """A complete dark palette (every role a widget paints with)."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8a8a8a",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Light: "#4a4a4a",
        QPalette.ColorRole.Midlight: "#3c3c3c",
        QPalette.ColorRole.Mid: "#2f2f2f",
        QPalette.ColorRole.Dark: "#1a1a1a",
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#3c3c3c",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Link: "#7aa7ff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#777777"))
    return palette


def save_light_and_dark(widget: QWidget, name: str) -> tuple[Path, Path]:
    """Save ``widget`` as ``<name>-light.png`` and ``<name>-dark.png`` under tests/artifacts."""
    ARTIFACTS.mkdir(exist_ok=True)
    light, dark = ARTIFACTS / f"{name}-light.png", ARTIFACTS / f"{name}-dark.png"
    widget.grab().save(str(light))
    widget.setPalette(dark_palette())
    QApplication.processEvents()
    widget.grab().save(str(dark))
    widget.setPalette(QPalette())  # an empty palette: inherit again
    QApplication.processEvents()
    return light, dark
