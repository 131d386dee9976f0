"""Jira's rendered HTML, rebuilt from an allow-list before any of it reaches a Qt widget.

Descriptions and comments come from whoever can edit an issue: their HTML is untrusted. Qt's
rich text runs no scripts, but it does load resources (``<img>``, ``background``, style sheets;
local files among them) and honours CSS that can hide or fake text. So the markup is parsed
(``html.parser``) and written anew with only:

- text, HTML-escaped again on the way out;
- a fixed set of formatting tags (paragraphs, headings, emphasis, lists, tables, code, quotes,
  links), with no attributes but ``href``/``name`` on links, ``colspan``/``rowspan`` on cells,
  ``start``/``type`` on ordered lists (no ``style``, ``class``, ``src``, ``on*``);
- images replaced by a visible placeholder naming them (``[image: diagram.png]``).

``<script>``, ``<style>`` and other elements that hold no readable text are dropped with their
content; unknown elements are dropped and their text kept. Links are resolved against the
site's address (Jira writes some paths without the host); their scheme is left for the viewer to
judge on click. Bidirectional controls (U+202A to U+202E, U+2066 to U+2069, LRM, RLM, ALM) in
link texts and addresses, and the overrides U+202D and U+202E anywhere, are shown as U+FFFD: a
link whose text is RLO + "gnp.exe" cannot pass for "exe.png".
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

__all__ = ["clean_html", "image_label", "neutral_bidi", "resolve_link"]

_ALLOWED: dict[str, frozenset[str]] = {
    tag: frozenset()
    for tag in (
        *("p", "br", "hr", "div", "span", "pre", "blockquote", "center", "caption"),
        *("b", "strong", "i", "em", "u", "ins", "s", "del", "strike", "sub", "sup", "small", "big"),
        *("tt", "code", "kbd", "samp", "var", "cite", "q", "abbr"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "dl", "dt", "dd"),
        *("table", "thead", "tbody", "tfoot", "tr"),
    )
}
_ALLOWED |= {
    "a": frozenset({"href", "name"}),
    "ol": frozenset({"start", "type"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
}
# elements whose content is no readable text of the issue: dropped whole
_DROPPED = frozenset(
    {
        *("script", "style", "head", "title", "template", "noscript", "noembed", "noframes"),
        *("iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math"),
        *("textarea", "select", "button", "xmp", "plaintext"),
    }
)
_VOID = frozenset(
    {"br", "hr", "img", "wbr", "col", "area", "base", "link", "meta", "input", "source"}
    | {"track", "param", "keygen"}
)
_BLOCKS = frozenset(
    {"p", "br", "hr", "div", "pre", "blockquote", "center", "caption", "ul", "ol", "li", "dl"}
    | {"dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
)
_ADDED = {"table": ' border="1" cellspacing="0" cellpadding="4"'}
_MAX_DEPTH = 64  # deeper nesting is flattened: Qt's layout slows to a crawl on thousands

_OVERRIDES = dict.fromkeys(map(ord, "\u202d\u202e"), "\ufffd")
_ALL_BIDI = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"), "\ufffd"
)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside URLs: "java\tscript:"


def neutral_bidi(text: str, *, everything: bool = True) -> str:
    """``text`` with bidirectional controls shown as U+FFFD (only the overrides if not ``everything``)."""
    return text.translate(_ALL_BIDI if everything else _OVERRIDES)


def resolve_link(href: str, base_url: str) -> str:
    """``href`` as an absolute address (``#anchor`` stays as it is)."""
    cleaned = neutral_bidi(_URL_NOISE.sub("", href))
    if cleaned.startswith("#"):
        return cleaned
    return urljoin(base_url.rstrip("/") + "/", cleaned) if base_url else cleaned


def image_label(src: str, alt: str) -> str:
    """The placeholder text of an image: its alt text, else its file name."""
    name = alt.strip()
    if not name and src.strip().lower().startswith("data:"):
        name = "embedded"  # its "file name" would be a page of base64
    if not name:
        parts = unquote(urlsplit(src.strip()).path).rstrip("/").split("/")
        name = parts[-1]
        # Data Center serves attachments as .../attachment/10001/10001_name.png
        if len(parts) > 1 and parts[-2].isdigit() and name.startswith(parts[-2] + "_"):
            name = name[len(parts[-2]) + 1 :]
    return f"[image: {neutral_bidi(name) or 'no name'}]"


def clean_html(markup: str, base_url: str = "") -> str:
    """``markup`` rebuilt from the allow-list: safe to give a ``QTextBrowser``."""
    cleaner = _Cleaner(base_url)
    cleaner.feed(markup)
    cleaner.close()
    return "".join(cleaner.out)


class _Cleaner(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping = 0  # depth inside dropped elements
        self.in_link = 0
        # Qt keeps the whitespace between blocks (a browser drops it) as a trailing space
        self.after_block = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED and tag not in _VOID:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag == "img":
            found = dict(attrs)
            label = image_label(found.get("src") or "", found.get("alt") or "")
            self.out.append(f'<span class="jade-image">{html.escape(label, quote=False)}</span>')
            self.after_block = False
            return
        allowed = _ALLOWED.get(tag)
        if allowed is None or len(self.open) >= _MAX_DEPTH:
            return  # unknown (or too deep): the element goes, its text stays
        kept = "".join(
            f' {name}="{html.escape(value, quote=True)}"'
            for name, raw in attrs
            if name in allowed and raw is not None
            for value in [self._attribute(name, raw)]
            if value is not None
        )
        self.out.append(f"<{tag}{kept}{_ADDED.get(tag, '')}>")
        self.after_block = tag in _BLOCKS
        if tag not in _VOID:
            self.open.append(tag)
            if tag == "a":
                self.in_link += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED and tag not in _VOID:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag not in self.open:
            return  # a stray end tag closes nothing
        while self.open:
            closed = self.open.pop()
            self.out.append(f"</{closed}>")
            if closed == "a":
                self.in_link -= 1
            if closed == tag:
                break
        self.after_block = tag in _BLOCKS

    def handle_data(self, data: str) -> None:
        if self.skipping or (self.after_block and not data.strip() and "pre" not in self.open):
            return
        self.after_block = False
        text = neutral_bidi(data, everything=self.in_link > 0)
        self.out.append(html.escape(text, quote=False))

    def close(self) -> None:
        super().close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")

    def _attribute(self, name: str, value: str) -> str | None:
        if name == "href":
            return resolve_link(value, self.base_url)
        if name in ("colspan", "rowspan", "start"):
            return value if value.strip().isdigit() else None
        if name == "type":
            return value if value in ("1", "a", "A", "i", "I") else None
        return neutral_bidi(value)  # an anchor's name
