"""The safe text browser, driven as a user meets it: hostile HTML in, what the widget shows out.

Every check looks at the real ``RichTextView``: its document (text, formats, resources), its
link clicks (``QDesktopServices.openUrl`` replaced by a recorder) and the note it shows.
``loadResource`` is spied on, and the base class's is replaced by a recorder, to prove that
nothing is read: not a remote image, not a local file (a real PNG is put where a hostile
``file:`` URL points, and must not come back).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from app.ui.kit.rich_text import RichTextView
from tests.ui.conftest import activate
from tests.ui.kit.screenshots import save_light_and_dark

BASE = "http://jira.example.test/jira"
RLO = "\u202e"


class Fetches:
    """What the view was asked to load, what it answered, and what reached Qt's own loader."""

    def __init__(self) -> None:
        self.asked: list[tuple[int, str, Any]] = []
        self.base_loader: list[str] = []


@pytest.fixture
def fetches(monkeypatch: pytest.MonkeyPatch) -> Iterator[Fetches]:
    seen = Fetches()
    original = RichTextView.loadResource

    def spy(self: RichTextView, kind: int, url: QUrl | str) -> Any:
        answer = original(self, kind, url)
        seen.asked.append((kind, QUrl(url).toString(), answer))
        return answer

    def base(self: QTextBrowser, kind: int, url: QUrl | str) -> Any:
        seen.base_loader.append(QUrl(url).toString())
        return None

    monkeypatch.setattr(RichTextView, "loadResource", spy)
    monkeypatch.setattr(QTextBrowser, "loadResource", base)
    yield seen


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []

    def record(url: QUrl) -> bool:
        urls.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(record))
    return urls


@pytest.fixture
def local_png(tmp_path: Path) -> Path:
    """A real 7x5 red image where hostile markup points: it must never be read."""
    image = QImage(7, 5, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    path = tmp_path / "secret.png"
    assert image.save(str(path))
    return path


def hostile(png: Path) -> str:
    return f"""
<h2><a name="Context"></a>Context</h2>
<p>Before<script>document.title = 'pwned'</script>after</p>
<style>p {{ color: white; font-size: 0px }}</style>
<p style="color:#ffffff;background-color:#ffffff;font-size:0px" onclick="alert(1)">hidden text</p>
<p><img src="http://tracker.example.net/pixel.png?u=admin" alt="">
<img src="file://{png}"><img src="{png}" alt="Local"><img src="data:image/png;base64,iVBORw0KGgo=" alt="Inline"></p>
<table background="file://{png}"><tr><td style="background-image:url(file://{png})">cell</td></tr></table>
<link rel="stylesheet" href="file://{png}">
<iframe src="https://evil.example/frame">frame text</iframe>
<p><a href="https://example.com/docs?a=1&amp;b=2">web link</a> |
<a href="file:///etc/passwd">file link</a> |
<a href="javascript:alert(1)">script link</a> |
<a href="jav&#x09;ascript&colon;alert(2)">entity link</a> |
<a href="/secure/ViewProfile.jspa?name=admin">relative link</a> |
<a href="mailto:someone@example.com">mail link</a> |
<a href="#Context">anchor link</a> |
<a href="https://evil.example/{RLO}gnp.exe">{RLO}gnp.exe</a></p>
"""


def _view(qtbot: QtBot) -> RichTextView:
    view = RichTextView()
    qtbot.addWidget(view)
    view.resize(640, 420)
    activate(qtbot, view)
    return view


def _click(qtbot: QtBot, view: RichTextView, text: str) -> None:
    """Click the middle of ``text`` where the view shows it."""
    found = view.document().find(text)
    assert not found.isNull(), text
    middle = QTextCursor(view.document())
    middle.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    view.ensureCursorVisible()
    view.setTextCursor(middle)
    view.ensureCursorVisible()
    point = view.cursorRect(middle).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_nothing_is_fetched_and_nothing_runs(
    qtbot: QtBot, fetches: Fetches, local_png: Path
) -> None:
    view = _view(qtbot)
    view.set_html(hostile(local_png), BASE)
    qtbot.waitUntil(lambda: "hidden text" in view.toPlainText(), timeout=3000)
    view.repaint()  # painting asks for what is still to load
    assert fetches.base_loader == []
    assert all(
        (isinstance(answer, QImage) and answer.size().width() == 16) or answer == " "
        for _, _, answer in fetches.asked
    )
    document = view.toHtml().lower()
    for banned in ("<script", "document.title", "onclick", "<style>p", "<iframe", "<link", "<img"):
        assert banned not in document
    text = view.toPlainText()
    assert "pwned" not in text and "frame text" not in text and "font-size" not in text
    # images are named where they stood
    for placeholder in (
        "[image: pixel.png]",
        "[image: secret.png]",
        "[image: Local]",
        "[image: Inline]",
    ):
        assert placeholder in text
    # CSS that hid the text is gone: it reads in the palette's text colour, at a readable size
    cursor = view.document().find("hidden text")
    cursor.setPosition(cursor.selectionStart() + 1)
    shown = cursor.charFormat()
    assert shown.foreground().color() != QColor("#ffffff")
    assert shown.fontPointSize() == 0 or shown.fontPointSize() > 4  # 0: the default size


def test_a_hostile_document_set_directly_still_reads_no_file(
    qtbot: QtBot, fetches: Fetches, local_png: Path
) -> None:
    view = _view(qtbot)
    url = QUrl.fromLocalFile(str(local_png))
    # bypass the cleaning on purpose: loadResource itself must hold
    view.setHtml(
        f'<p>x<img src="{url.toString()}" width="7" height="5"></p>'
        f'<table background="{url.toString()}"><tr><td>cell</td></tr></table>'
    )
    view.repaint()
    asked = [(kind, name) for kind, name, _ in fetches.asked]
    assert (QTextDocument.ResourceType.ImageResource.value, url.toString()) in asked
    assert fetches.base_loader == []
    resource = view.document().resource(QTextDocument.ResourceType.ImageResource.value, url)
    assert isinstance(resource, QImage)
    assert resource.size().width() == 16 and resource.pixelColor(0, 0) != QColor("red")


def test_links_open_in_the_system_browser_only_for_web_and_mail(
    qtbot: QtBot, opened: list[str], local_png: Path
) -> None:
    view = _view(qtbot)
    view.set_html(hostile(local_png), BASE)
    _click(qtbot, view, "web link")
    assert opened == ["https://example.com/docs?a=1&b=2"]
    assert not view.note.isVisible()
    _click(qtbot, view, "relative link")
    assert opened[-1] == "http://jira.example.test/secure/ViewProfile.jspa?name=admin"
    _click(qtbot, view, "mail link")
    assert opened[-1] == "mailto:someone@example.com"
    count = len(opened)
    for text, shown in (
        ("file link", "file:///etc/passwd"),
        ("script link", "javascript:alert(1)"),
        ("entity link", "javascript:alert(2)"),
    ):
        _click(qtbot, view, text)
        assert len(opened) == count, f"{text} was opened"
        assert view.note.isVisible()
        assert view.note.text().startswith(f"Not opened: {shown}")
        assert view.note.textFormat() == Qt.TextFormat.PlainText
    _click(qtbot, view, "anchor link")
    assert len(opened) == count and not view.note.isVisible()


def test_right_to_left_overrides_cannot_disguise_a_link(
    qtbot: QtBot, opened: list[str], local_png: Path
) -> None:
    view = _view(qtbot)
    view.set_html(hostile(local_png), BASE)
    text = view.toPlainText()
    assert RLO not in text and "\ufffdgnp.exe" in text
    cursor = view.document().find("\ufffdgnp.exe")
    middle = QTextCursor(view.document())
    middle.setPosition(cursor.selectionStart() + 2)
    point = view.cursorRect(middle).center()
    qtbot.mouseMove(view.viewport(), point)
    qtbot.waitUntil(lambda: "evil.example" in view.viewport().toolTip(), timeout=3000)
    assert RLO not in view.viewport().toolTip()
    _click(qtbot, view, "\ufffdgnp.exe")
    assert opened and RLO not in opened[-1]


def test_without_a_rendering_the_raw_text_shows_as_typed(qtbot: QtBot, fetches: Fetches) -> None:
    view = _view(qtbot)
    view.set_plain('h2. Raw\n<b>not bold</b> <img src="http://x.example/y.png">')
    assert view.toPlainText() == 'h2. Raw\n<b>not bold</b> <img src="http://x.example/y.png">'
    assert view.shown_html is None
    assert fetches.asked == [] and fetches.base_loader == []


def test_screenshot_of_a_rendered_description(qtbot: QtBot, local_png: Path) -> None:
    view = _view(qtbot)
    view.set_html(
        '<h2><a name="Context"></a>Context</h2><p>Customers report that the <b>login form</b> '
        'misbehaves, see <a href="/browse/ABC-1">ABC-1</a>.</p><ol><li>Open the page</li>'
        '<li>Try it</li></ol><div class="code panel"><pre class="code-java">ERROR 500 at handler'
        '</pre></div><p><span class="image-wrap"><img src="/secure/attachment/1/1_shot.png">'
        "</span></p>" + hostile(local_png),
        BASE,
    )
    light, dark = save_light_and_dark(view, "rich-text-view")
    assert light.exists() and dark.exists()
    view.setPalette(QPalette())
