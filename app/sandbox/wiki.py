"""Jira's wiki markup, parsed once into a small tree that the renderers share.

Jira keeps descriptions and comments as wiki markup and renders them server-side for
``expand=renderedFields`` (API v2 and v3 alike: ``app.sandbox.render.wiki_html``); Cloud's v3
fields carry the same text as Atlassian Document Format, built from the same tree
(``app.sandbox.render.adf``). The subset
here is what people type in practice: headings, bold/italic/strike/underline/monospace,
``{code}``/``{noformat}``/``{quote}``, ``bq.``, bullet and numbered lists (nested, mixed),
tables, horizontal rules, links (``[text|url]``, bare URLs, ``[#anchor]``), mentions
(``[~name]``, ``[~accountid:…]``), images (``!name.png!``, ``!https://…!``), issue keys,
``{color}``, ``\\\\`` line breaks and backslash escapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Block",
    "CodeBlock",
    "Heading",
    "Image",
    "Inline",
    "IssueKey",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListItem",
    "Mention",
    "Paragraph",
    "Quote",
    "Rule",
    "Styled",
    "Table",
    "Text",
    "parse",
    "plain_text",
]


# ----- the tree -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Literal text."""

    text: str


@dataclass(frozen=True, slots=True)
class Styled:
    """Text with a mark: strong, em, strike, underline, sup, sub, code, cite or ``color:<c>``."""

    mark: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A link to ``href`` (absolute, ``mailto:``, ``file:`` or ``#anchor``)."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    """``[~name]`` or ``[~accountid:…]``: a user, by whatever the text named."""

    ref: str


@dataclass(frozen=True, slots=True)
class Image:
    """``!source!``: an attachment's file name or an absolute URL."""

    source: str
    alt: str = ""


@dataclass(frozen=True, slots=True)
class IssueKey:
    """A word that looks like an issue key; linked when the site has that issue."""

    key: str


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A line break inside a paragraph."""


Inline = Text | Styled | Link | Mention | Image | IssueKey | LineBreak


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Lines of inline content."""

    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """``h1.`` … ``h6.``."""

    level: int
    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list, with the lists nested under it."""

    content: tuple[Inline, ...]
    children: tuple[ListBlock, ...] = ()


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A list: ``*`` bullets, ``-`` square bullets, ``#`` numbers."""

    marker: str
    items: tuple[ListItem, ...]

    @property
    def ordered(self) -> bool:
        """Whether the items are numbered."""
        return self.marker == "#"


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """``{code}`` (``language`` set, ``java`` unless given) or ``{noformat}`` (``language`` None)."""

    text: str
    language: str | None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Quote:
    """``{quote}`` or ``bq.``: quoted blocks."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """``----``."""


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells, each ``(is_header, content)``."""

    rows: tuple[tuple[tuple[bool, tuple[Inline, ...]], ...], ...]


Block = Paragraph | Heading | ListBlock | CodeBlock | Quote | Rule | Table


# ----- blocks -------------------------------------------------------------------------------------

_HEADING = re.compile(r"h([1-6])\.\s+(.*)")
_QUOTE_LINE = re.compile(r"bq\.\s+(.*)")
_LIST_LINE = re.compile(r"([*#]+|-)\s+(.*)")
_RULE = re.compile(r"-{4,}\s*")
_MACRO_OPEN = re.compile(r"\{(code|noformat|quote)(?::([^}]*))?\}")


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Block, ...]:
    """The blocks of wiki ``text`` (cached: sites repeat a few texts across many issues)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return tuple(_blocks(lines))


def _blocks(lines: list[str]) -> list[Block]:
    out: list[Block] = []
    paragraph: list[str] = []
    entries: list[tuple[str, str]] = []
    rows: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(Paragraph(_lines_inline(paragraph)))
            paragraph.clear()
        if entries:
            out.extend(_nest([(m, _inline(t)) for m, t in entries], 0))
            entries.clear()
        if rows:
            out.append(_table(rows))
            rows.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        macro = _MACRO_OPEN.match(stripped)
        if macro:
            flush()
            body, i = _macro_body(lines, i, macro)
            out.append(_macro_block(macro.group(1), macro.group(2) or "", body))
            continue
        i += 1
        if not stripped:
            flush()
        elif heading := _HEADING.fullmatch(stripped):
            flush()
            out.append(Heading(int(heading.group(1)), _inline(heading.group(2))))
        elif quote := _QUOTE_LINE.fullmatch(stripped):
            flush()
            out.append(Quote((Paragraph(_inline(quote.group(1))),)))
        elif _RULE.fullmatch(stripped):
            flush()
            out.append(Rule())
        elif item := _LIST_LINE.fullmatch(stripped):
            if paragraph or rows:
                flush()
            entries.append((item.group(1), item.group(2)))
        elif stripped.startswith("|"):
            if paragraph or entries:
                flush()
            rows.append(stripped)
        else:
            if entries or rows:
                flush()
            paragraph.append(line)
    flush()
    return out


def _macro_body(lines: list[str], start: int, opening: re.Match[str]) -> tuple[str, int]:
    """The text between ``{name}`` and its closing ``{name}``, and the index after it."""
    name = opening.group(1)
    closing = "{" + name + "}"
    first = lines[start].strip()[opening.end() :]
    collected: list[str] = []
    rest = first
    i = start
    while True:
        end = rest.find(closing)
        if end >= 0:
            collected.append(rest[:end])
            return "\n".join(collected).strip("\n"), i + 1
        collected.append(rest)
        i += 1
        if i >= len(lines):  # never closed: Jira takes the rest of the text
            return "\n".join(collected).strip("\n"), i
        rest = lines[i]


def _macro_block(name: str, params: str, body: str) -> Block:
    if name == "quote":
        return Quote(tuple(_blocks(body.split("\n"))))
    options: dict[str, str] = {}
    for part in params.split("|"):
        name_, equals, value = part.partition("=")
        if part:
            options[name_ if equals else "language"] = value if equals else part
    if name == "noformat":
        return CodeBlock(body, None)
    return CodeBlock(body, options.get("language", "java"), options.get("title", ""))


def _nest(entries: list[tuple[str, tuple[Inline, ...]]], depth: int) -> list[ListBlock]:
    """Lists from ``(markers, content)`` lines: ``**`` is an item nested under a ``*`` item."""
    out: list[ListBlock] = []
    i = 0
    while i < len(entries):
        marker = entries[i][0][depth]
        items: list[ListItem] = []
        while i < len(entries) and entries[i][0][depth] == marker:
            markers, content = entries[i]
            own = len(markers) == depth + 1
            j = i + 1 if own else i
            while j < len(entries) and len(entries[j][0]) > depth + 1:
                j += 1
            children = tuple(_nest(entries[i + 1 if own else i : j], depth + 1))
            items.append(ListItem(content if own else (), children))
            i = j
        out.append(ListBlock(marker, tuple(items)))
    return out


def _table(rows: list[str]) -> Table:
    parsed = []
    for row in rows:
        cells: list[tuple[bool, tuple[Inline, ...]]] = []
        for match in re.finditer(r"(\|\|?)([^|]*)", row):
            text = match.group(2)
            if not text.strip() and match.end() == len(row):
                break  # the trailing | or || of the row
            cells.append((match.group(1) == "||", _inline(text.strip())))
        parsed.append(tuple(cells))
    return Table(tuple(parsed))


# ----- inline -------------------------------------------------------------------------------------

_MARKS = {"*": "strong", "_": "em", "-": "strike", "+": "underline", "^": "sup", "~": "sub"}
_TOKEN = re.compile(
    r"(?P<escape>\\\\|\\[^\\])"
    r"|(?P<mono>\{\{(?P<mono_text>.+?)\}\})"
    r"|(?P<color>\{color:(?P<colour>[#\w]+)\}(?P<color_text>.*?)\{color\})"
    r"|(?P<link>\[(?P<link_text>[^\[\]]+?)\])"
    r"|(?P<image>!(?P<image_src>[^\s!|][^!|]*?)(?:\|(?P<image_opts>[^!]*))?!)"
    r"|(?P<url>\b(?:https?|ftp|file)://[^\s\]\[|<>\"]+|\bmailto:[^\s\]\[|<>\"]+)"
    r"|(?P<cite>\?\?(?=\S)(?P<cite_text>.+?)(?<=\S)\?\?)"
    r"|(?P<mark>(?<![\w*_\-+^~])(?P<m>[*_\-+^~])(?=\S)(?P<mark_text>.+?)(?<=\S)(?P=m)(?![\w*_\-+^~]))"
    r"|(?P<key>\b[A-Z][A-Z0-9_]+-[1-9]\d*\b)"
)


def _lines_inline(lines: list[str]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for n, line in enumerate(lines):
        if n:
            out.append(LineBreak())
        out.extend(_inline(line.strip()))
    return tuple(out)


def _inline(text: str) -> tuple[Inline, ...]:
    out: list[Inline] = []
    plain: list[str] = []

    def push(node: Inline) -> None:
        if plain:
            out.append(Text("".join(plain)))
            plain.clear()
        out.append(node)

    pos = 0
    for match in _TOKEN.finditer(text):
        plain.append(text[pos : match.start()])
        pos = match.end()
        if match.group("escape"):
            escaped = match.group("escape")
            if escaped == "\\\\":
                push(LineBreak())
            else:
                plain.append(escaped[1])
        elif match.group("mono"):
            push(Styled("code", (Text(match.group("mono_text")),)))
        elif match.group("color"):
            push(Styled("color:" + match.group("colour"), _inline(match.group("color_text"))))
        elif match.group("link"):
            push(_link(match.group("link_text")))
        elif match.group("image"):
            push(_image(match.group("image_src"), match.group("image_opts") or ""))
        elif match.group("url"):
            url = match.group("url")
            shown = url.removeprefix("mailto:")
            push(Link(url, (Text(shown),)))
        elif match.group("cite"):
            push(Styled("cite", _inline(match.group("cite_text"))))
        elif match.group("mark"):
            push(Styled(_MARKS[match.group("m")], _inline(match.group("mark_text"))))
        else:
            push(IssueKey(match.group("key")))
    plain.append(text[pos:])
    if "".join(plain):
        out.append(Text("".join(plain)))
    return tuple(out)


def _link(body: str) -> Inline:
    text, _, target = body.rpartition("|")
    target = target.strip()
    if target.startswith("~"):
        return Mention(target[1:])
    if target.startswith("#"):
        return Link(target, _inline(text) if text else (Text(target[1:]),))
    if re.fullmatch(r"[A-Z][A-Z0-9_]+-[1-9]\d*", target) and not text:
        return IssueKey(target)
    shown = _inline(text) if text else (Text(target.removeprefix("mailto:")),)
    return Link(target, shown)


def _image(source: str, options: str) -> Image:
    alt = ""
    for option in options.split(","):
        name, _, value = option.partition("=")
        if name.strip() == "alt":
            alt = value.strip()
    return Image(source.strip(), alt)


def plain_text(content: tuple[Inline, ...]) -> str:
    """The text of inline content, without marks."""
    parts: list[str] = []
    for node in content:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Styled | Link):
            parts.append(plain_text(node.children))
        elif isinstance(node, IssueKey):
            parts.append(node.key)
        elif isinstance(node, Mention):
            parts.append(node.ref)
        elif isinstance(node, LineBreak):
            parts.append("\n")
    return "".join(parts)
