"""Wiki markup as Jira renders it for ``renderedFields``: HTML, on API v2 and v3 alike.

The HTML copies Jira's (see the recorded ``renderedFields`` in ``issue_all_expanded_server``
and Jira pages): ``<p>`` per paragraph with ``<br/>`` between lines, ``<b>``/``<em>``,
``<h2><a name="…"></a>…</h2>``, the ``code panel`` and ``preformatted panel`` divs, links with
``class="external-link"``, mentions with ``class="user-hover"``, images in ``image-wrap`` spans.
Every text is HTML-escaped: a description holding ``<script>`` renders as the text ``<script>``.
"""

from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass
from typing import Protocol

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
    plain_text,
)

__all__ = ["UserLink", "WikiSite", "attachment_id", "to_html"]


@dataclass(frozen=True, slots=True)
class UserLink:
    """How a mentioned user renders: the ``rel`` id, the name shown and the profile query."""

    ident: str
    display_name: str
    profile_query: str  # name=admin on Data Center, accountId=… on Cloud
    cloud: bool


class WikiSite(Protocol):
    """What rendering needs from the site: its address, users, issues and attachments."""

    @property
    def base(self) -> str:
        """scheme://host[:port][/context], no trailing slash."""
        ...

    def wiki_user(self, ref: str) -> UserLink:
        """The user a mention names (unknown names render as themselves)."""
        ...

    def wiki_issue_summary(self, key: str) -> str | None:
        """The summary of issue ``key``, None when the site has no such issue."""
        ...

    def wiki_attachment_src(self, name: str) -> tuple[str, str]:
        """An attachment's image ``src`` and ``alt`` (Cloud serves content by id)."""
        ...


_ESCAPE_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_HTML_TAGS = {
    "strong": "b",
    "em": "em",
    "strike": "del",
    "underline": "ins",
    "sup": "sup",
    "sub": "sub",
    "code": "tt",
    "cite": "cite",
}


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def attachment_id(name: str) -> int:
    """A stable id for an attachment name (the sandbox keeps no attachment records)."""
    return 10000 + zlib.crc32(name.encode("utf-8")) % 90000


def to_html(text: str, site: WikiSite) -> str | None:
    """Wiki ``text`` as Jira's ``renderedFields`` HTML; None for an empty text."""
    if not text or not text.strip():
        return None
    return "\n\n".join(_block_html(block, site) for block in parse(text))


def _block_html(block: Block, site: WikiSite) -> str:
    match block:
        case Paragraph(content):
            return f"<p>{_inline_html(content, site)}</p>"
        case Heading(level, content):
            anchor = re.sub(r"\W", "", plain_text(content))
            return (
                f'<h{level}><a name="{_attr(anchor)}"></a>{_inline_html(content, site)}</h{level}>'
            )
        case ListBlock():
            return _list_html(block, site, 0)
        case CodeBlock(text, None, _):
            return (
                '<div class="preformatted panel" style="border-width: 1px;">'
                '<div class="preformattedContent panelContent">\n'
                f"<pre>{text.translate(_ESCAPE_TEXT)}</pre>\n</div></div>"
            )
        case CodeBlock(text, language, title):
            header = (
                '<div class="codeHeader panelHeader" style="border-bottom-width: 1px;">'
                f"<b>{title.translate(_ESCAPE_TEXT)}</b></div>"
                if title
                else ""
            )
            return (
                f'<div class="code panel" style="border-width: 1px;">{header}'
                '<div class="codeContent panelContent">\n'
                f'<pre class="code-{_attr(language or "java")}">'
                f"{text.translate(_ESCAPE_TEXT)}</pre>\n</div></div>"
            )
        case Quote(blocks):
            inner = "\n".join(_block_html(b, site) for b in blocks)
            return f"<blockquote>{inner}</blockquote>"
        case Rule():
            return "<hr />"
        case Table(rows):
            lines = ["<div class='table-wrap'>", "<table class='confluenceTable'><tbody>"]
            for row in rows:
                lines.append("<tr>")
                for is_header, content in row:
                    tag, cls = ("th", "confluenceTh") if is_header else ("td", "confluenceTd")
                    lines.append(f"<{tag} class='{cls}'>{_inline_html(content, site)}</{tag}>")
                lines.append("</tr>")
            lines.extend(["</tbody></table>", "</div>"])
            return "\n".join(lines)
    raise TypeError(block)  # pragma: no cover - the match covers every block type


def _list_html(block: ListBlock, site: WikiSite, depth: int) -> str:
    indent = "\t" * depth
    opening = {"#": "<ol>", "*": "<ul>", "-": '<ul class="alternate" type="square">'}[block.marker]
    lines = [indent + opening]
    for item in block.items:
        text = _inline_html(item.content, site)
        if item.children:
            nested = "\n".join(_list_html(c, site, depth + 1) for c in item.children)
            lines.append(f"{indent}\t<li>{text}\n{nested}\n{indent}\t</li>")
        else:
            lines.append(f"{indent}\t<li>{text}</li>")
    lines.append(indent + ("</ol>" if block.ordered else "</ul>"))
    return "\n".join(lines)


def _inline_html(content: tuple[Inline, ...], site: WikiSite) -> str:
    parts: list[str] = []
    for node in content:
        match node:
            case Text(text):
                parts.append(text.translate(_ESCAPE_TEXT))
            case LineBreak():
                parts.append("<br/>\n")
            case Styled(mark, children) if mark.startswith("color:"):
                colour = _attr(mark.removeprefix("color:"))
                parts.append(f'<font color="{colour}">{_inline_html(children, site)}</font>')
            case Styled(mark, children):
                tag = _HTML_TAGS[mark]
                parts.append(f"<{tag}>{_inline_html(children, site)}</{tag}>")
            case Link(href, children) if href.startswith("#"):
                parts.append(f'<a href="{_attr(href)}">{_inline_html(children, site)}</a>')
            case Link(href, children):
                parts.append(
                    f'<a href="{_attr(href)}" class="external-link" target="_blank" '
                    f'rel="nofollow noopener">{_inline_html(children, site)}</a>'
                )
            case Mention(ref):
                parts.append(_mention_html(site.wiki_user(ref), site))
            case Image(source, alt):
                parts.append(_image_html(source, alt, site))
            case IssueKey(key):
                summary = site.wiki_issue_summary(key)
                if summary is None:
                    parts.append(key)
                else:
                    parts.append(
                        f'<a href="{_attr(site.base)}/browse/{_attr(key)}" '
                        f'title="{_attr(summary)}" class="issue-link" '
                        f'data-issue-key="{_attr(key)}">{key}</a>'
                    )
    return "".join(parts)


def _mention_html(user: UserLink, site: WikiSite) -> str:
    href = f"{site.base}/secure/ViewProfile.jspa?{user.profile_query}"
    ident = _attr(user.ident)
    extra = f' data-account-id="{ident}" accountid="{ident}" rel="noreferrer"' if user.cloud else ""
    return (
        f'<a href="{_attr(href)}" class="user-hover" rel="{ident}"{extra}>'
        f"{user.display_name.translate(_ESCAPE_TEXT)}</a>"
    )


def _image_html(source: str, alt: str, site: WikiSite) -> str:
    if re.match(r"[a-z][a-z0-9+.-]*:", source, re.IGNORECASE):
        src, shown_alt = source, alt
    else:
        src, attachment_alt = site.wiki_attachment_src(source)
        shown_alt = alt or attachment_alt
    alt_attr = f' alt="{_attr(shown_alt)}"' if shown_alt else ""
    return (
        f'<span class="image-wrap" style=""><img src="{_attr(src)}"{alt_attr} '
        'style="border: 0px solid black" /></span>'
    )
