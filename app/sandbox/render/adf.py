"""Atlassian Document Format: Cloud's v3 rich text, to and from the sandbox's wiki markup.

Cloud stores one document and serves it as wiki markup on v2 and as ADF on v3; the sandbox
stores wiki markup and builds the ADF from the same parse tree as the HTML of
``renderedFields`` (``app.sandbox.render.wiki_html``), so the three answers always agree. Nodes and marks
follow the ADF schema: images become ``mediaSingle`` blocks (ADF has no inline images), issue
keys of the site ``inlineCard``s, mentions carry the account id and ``@Name``.

Writes on v3 send ADF; ``adf_to_wiki`` turns it back into wiki markup for the store (the nodes
the sandbox itself writes, and the text of anything else).
"""

from __future__ import annotations

import uuid
from typing import Any

from app.sandbox.render.wiki_html import WikiSite
from app.sandbox.wiki import (
    Block,
    CodeBlock,
    Heading,
    Image,
    Inline,
    IssueKey,
    LineBreak,
    Link,
    ListBlock,
    Mention,
    Paragraph,
    Quote,
    Rule,
    Styled,
    Table,
    Text,
    parse,
)

__all__ = ["adf_to_wiki", "wiki_to_adf"]

Json = dict[str, Any]

_MARK_TYPES: dict[str, Json] = {
    "strong": {"type": "strong"},
    "em": {"type": "em"},
    "strike": {"type": "strike"},
    "underline": {"type": "underline"},
    "code": {"type": "code"},
    "sup": {"type": "subsup", "attrs": {"type": "sup"}},
    "sub": {"type": "subsup", "attrs": {"type": "sub"}},
    "cite": {"type": "em"},
}
_COLOURS = {"red": "#ff5630", "green": "#36b37e", "blue": "#0065ff", "yellow": "#ffc400"}


def wiki_to_adf(text: str, site: WikiSite) -> Json | None:
    """Wiki ``text`` as an ADF document; None for an empty text (as Jira sends it)."""
    if not text or not text.strip():
        return None
    content: list[Json] = []
    for block in parse(text):
        content.extend(_block(block, site))
    return {"type": "doc", "version": 1, "content": content}


def _block(block: Block, site: WikiSite) -> list[Json]:
    match block:
        case Paragraph(content):
            return _paragraphs(content, site)
        case Heading(level, content):
            return [_node("heading", _inline(content, site, []), attrs={"level": level})]
        case ListBlock():
            return [_list(block, site)]
        case CodeBlock(text, language, _):
            attrs = {"language": language} if language else {}
            return [_node("codeBlock", [_text(text, [])] if text else [], attrs=attrs)]
        case Quote(blocks):
            inner = [node for b in blocks for node in _block(b, site)]
            return [_node("blockquote", inner)]
        case Rule():
            return [{"type": "rule"}]
        case Table(rows):
            return [
                _node(
                    "table",
                    [
                        _node(
                            "tableRow",
                            [
                                _node(
                                    "tableHeader" if header else "tableCell",
                                    _paragraphs(content, site) or [_node("paragraph", [])],
                                    attrs={},
                                )
                                for header, content in row
                            ],
                        )
                        for row in rows
                    ],
                    attrs={"isNumberColumnEnabled": False, "layout": "default"},
                )
            ]
    raise TypeError(block)  # pragma: no cover - the match covers every block type


def _node(kind: str, content: list[Json], *, attrs: Json | None = None) -> Json:
    out: Json = {"type": kind}
    if attrs is not None:
        out["attrs"] = attrs
    if content:
        out["content"] = content
    return out


def _text(text: str, marks: list[Json]) -> Json:
    out: Json = {"type": "text", "text": text}
    if marks:
        out["marks"] = [dict(m) for m in marks]
    return out


def _paragraphs(content: tuple[Inline, ...], site: WikiSite) -> list[Json]:
    """A paragraph, split where it holds images: ADF images are blocks of their own."""
    out: list[Json] = []
    run: list[Inline] = []
    for node in (*content, None):
        if node is None or isinstance(node, Image):
            nodes = _inline(tuple(run), site, [])
            if nodes and any(n["type"] != "hardBreak" for n in nodes):
                out.append(_node("paragraph", nodes))
            run.clear()
            if node is not None:
                out.append(_media(node, site))
        else:
            run.append(node)
    return out


def _media(image: Image, site: WikiSite) -> Json:
    if "://" in image.source:
        media: Json = {"type": "external", "url": image.source}
    else:
        media = {
            "type": "file",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, image.source)),
            "collection": "",
            "alt": image.alt or image.source,
        }
    return _node("mediaSingle", [_node("media", [], attrs=media)], attrs={"layout": "center"})


def _list(block: ListBlock, site: WikiSite) -> Json:
    items = []
    for item in block.items:
        content = [_node("paragraph", _inline(item.content, site, []))] if item.content else []
        content.extend(_list(child, site) for child in item.children)
        items.append(_node("listItem", content or [_node("paragraph", [])]))
    if block.ordered:
        return _node("orderedList", items, attrs={"order": 1})
    return _node("bulletList", items)


def _inline(content: tuple[Inline, ...], site: WikiSite, marks: list[Json]) -> list[Json]:
    out: list[Json] = []
    for node in content:
        match node:
            case Text(text) if text:
                out.append(_text(text, marks))
            case LineBreak():
                out.append({"type": "hardBreak"})
            case Styled(mark, children) if mark.startswith("color:"):
                colour = mark.removeprefix("color:")
                hex_colour = colour if colour.startswith("#") else _COLOURS.get(colour)
                extra = (
                    [{"type": "textColor", "attrs": {"color": hex_colour}}] if hex_colour else []
                )
                out.extend(_inline(children, site, [*marks, *extra]))
            case Styled(mark, children):
                out.extend(_inline(children, site, [*marks, _MARK_TYPES[mark]]))
            case Link(href, children):
                link = {"type": "link", "attrs": {"href": href}}
                out.extend(_inline(children, site, [*marks, link]))
            case Mention(ref):
                user = site.wiki_user(ref)
                out.append(
                    {
                        "type": "mention",
                        "attrs": {
                            "id": user.ident,
                            "text": "@" + user.display_name,
                            "accessLevel": "",
                        },
                    }
                )
            case IssueKey(key) if site.wiki_issue_summary(key) is not None:
                out.append({"type": "inlineCard", "attrs": {"url": f"{site.base}/browse/{key}"}})
            case IssueKey(key):
                out.append(_text(key, marks))
            case Image(source, _):  # inside a heading or a list item: kept as its name
                out.append(_text(source, marks))
    return out


# ----- back to wiki markup ------------------------------------------------------------------------

_WIKI_MARKS = {"strong": "*", "em": "_", "strike": "-", "underline": "+", "code": "{{"}


def adf_to_wiki(document: Any) -> str:
    """An ADF document (as a v3 client writes it) as wiki markup."""
    if not isinstance(document, dict):
        return "" if document is None else str(document)
    blocks = [_wiki_block(node, "") for node in _children(document)]
    return "\n\n".join(b for b in blocks if b)


def _attrs(node: dict[str, Any]) -> dict[str, Any]:
    found = node.get("attrs")
    return found if isinstance(found, dict) else {}


def _children(node: Any) -> list[Any]:
    content = node.get("content") if isinstance(node, dict) else None
    return content if isinstance(content, list) else []


def _wiki_block(node: Any, list_prefix: str) -> str:
    if not isinstance(node, dict):
        return ""
    kind = node.get("type")
    attrs = _attrs(node)
    if kind == "heading":
        return f"h{attrs.get('level', 1)}. {_wiki_inline(_children(node))}"
    if kind == "codeBlock":
        text = "".join(str(c.get("text", "")) for c in _children(node) if isinstance(c, dict))
        language = attrs.get("language")
        return (
            f"{{code:{language}}}\n{text}\n{{code}}"
            if language
            else f"{{noformat}}\n{text}\n{{noformat}}"
        )
    if kind == "blockquote":
        inner = "\n\n".join(_wiki_block(child, "") for child in _children(node))
        return f"{{quote}}\n{inner}\n{{quote}}"
    if kind == "rule":
        return "----"
    if kind in ("bulletList", "orderedList"):
        marker = list_prefix + ("#" if kind == "orderedList" else "*")
        lines = []
        for item in _children(node):
            for child in _children(item):
                if isinstance(child, dict) and child.get("type") in ("bulletList", "orderedList"):
                    lines.append(_wiki_block(child, marker))
                else:
                    lines.append(f"{marker} {_wiki_inline(_children(child))}")
        return "\n".join(lines)
    if kind == "mediaSingle":
        media = next(iter(_children(node)), None)
        media_attrs = _attrs(media) if isinstance(media, dict) else {}
        source = media_attrs.get("url") or media_attrs.get("alt") or ""
        return f"!{source}!" if source else ""
    if kind == "paragraph":
        return _wiki_inline(_children(node))
    return "\n\n".join(_wiki_block(child, list_prefix) for child in _children(node))


def _wiki_inline(nodes: list[Any]) -> str:
    parts: list[str] = []
    for node in nodes:
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        attrs = _attrs(node)
        if kind == "hardBreak":
            parts.append("\n")
        elif kind == "mention":
            parts.append(f"[~accountid:{attrs.get('id', '')}]")
        elif kind == "inlineCard":
            parts.append(str(attrs.get("url", "")).rsplit("/", 1)[-1])
        elif kind == "text":
            text = str(node.get("text", ""))
            for mark in node.get("marks", []) if isinstance(node.get("marks"), list) else []:
                mark_type = mark.get("type") if isinstance(mark, dict) else None
                if mark_type == "link":
                    text = f"[{text}|{_attrs(mark).get('href', '')}]"
                elif mark_type in _WIKI_MARKS:
                    opening = _WIKI_MARKS[mark_type]
                    closing = "}}" if opening == "{{" else opening
                    text = f"{opening}{text}{closing}"
            parts.append(text)
        else:
            parts.append(_wiki_inline(_children(node)))
    return "".join(parts)
