"""Wiki markup as Jira renders it: the HTML of ``renderedFields`` and the ADF of Cloud's v3.

The expected HTML is Jira's own, as recorded in ``samples/issue_all_expanded_server__…`` (a
plain paragraph) and as Jira pages show it (headings with anchors, ``code panel`` divs,
``external-link`` and ``user-hover`` anchors, ``image-wrap`` spans).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest

from app.sandbox.render.adf import adf_to_wiki, wiki_to_adf
from app.sandbox.render.wiki_html import UserLink, to_html
from tests.conftest import SHARED


class FakeSite:
    """A site with one user (admin) and one issue (ABC-1)."""

    def __init__(self, *, cloud: bool = False) -> None:
        self.cloud = cloud
        self.base = "https://jira.example.com"

    def wiki_user(self, ref: str) -> UserLink:
        if ref in ("admin", "accountid:557058:abc"):
            if self.cloud:
                return UserLink("557058:abc", "Ada Admin", "accountId=557058%3Aabc", True)
            return UserLink("admin", "Ada Admin", "name=admin", False)
        return UserLink(ref, ref, f"name={ref}", self.cloud)

    def wiki_issue_summary(self, key: str) -> str | None:
        return "The first issue" if key == "ABC-1" else None

    def wiki_attachment_src(self, name: str) -> tuple[str, str]:
        return f"/secure/attachment/10001/10001_{name}", ""


def html(text: str, *, cloud: bool = False) -> str:
    rendered = to_html(text, FakeSite(cloud=cloud))
    assert rendered is not None
    return rendered


def test_a_plain_paragraph_renders_as_the_recorded_sample() -> None:
    recorded = json.loads(
        (SHARED / "samples/issue_all_expanded_server__jira-rest-java-client.json").read_text()
    )
    assert recorded["fields"]["description"] == "my description"
    assert html("my description") == recorded["renderedFields"]["description"]
    comment = recorded["fields"]["comment"]["comments"][0]["body"]
    assert html(comment) == recorded["renderedFields"]["comment"]["comments"][0]["body"]


def test_empty_text_has_no_rendering() -> None:
    assert to_html("", FakeSite()) is None
    assert to_html("  \n", FakeSite()) is None
    assert wiki_to_adf("", FakeSite()) is None


def test_headings_emphasis_and_line_breaks() -> None:
    assert html("h2. Steps to reproduce") == (
        '<h2><a name="Stepstoreproduce"></a>Steps to reproduce</h2>'
    )
    assert html("*bold* _it_ -gone- +under+ {{mono}} ^up^ ~down~ ??who??") == (
        "<p><b>bold</b> <em>it</em> <del>gone</del> <ins>under</ins> <tt>mono</tt> "
        "<sup>up</sup> <sub>down</sub> <cite>who</cite></p>"
    )
    assert html("one\ntwo") == "<p>one<br/>\ntwo</p>"
    assert html("re-run a-b and 2*3*4") == "<p>re-run a-b and 2*3*4</p>"
    assert html("\\*not bold\\*") == "<p>*not bold*</p>"


def test_lists_nest_and_mix() -> None:
    assert html("# one\n# two\n## two.a\n* other") == (
        "<ol>\n\t<li>one</li>\n\t<li>two\n\t<ol>\n\t\t<li>two.a</li>\n\t</ol>\n\t</li>\n</ol>"
        "\n\n<ul>\n\t<li>other</li>\n</ul>"
    )
    assert (
        html("- a\n- b")
        == '<ul class="alternate" type="square">\n\t<li>a</li>\n\t<li>b</li>\n</ul>'
    )


def test_code_and_noformat_panels_keep_their_text_escaped() -> None:
    assert html("{code:title=Foo.java}\nif (a < b) {}\n{code}") == (
        '<div class="code panel" style="border-width: 1px;">'
        '<div class="codeHeader panelHeader" style="border-bottom-width: 1px;"><b>Foo.java</b>'
        '</div><div class="codeContent panelContent">\n'
        '<pre class="code-java">if (a &lt; b) {}</pre>\n</div></div>'
    )
    assert html("{noformat}*raw*{noformat}") == (
        '<div class="preformatted panel" style="border-width: 1px;">'
        '<div class="preformattedContent panelContent">\n<pre>*raw*</pre>\n</div></div>'
    )


def test_links_mentions_images_and_issue_keys() -> None:
    assert html("[Docs|https://docs.example.com/a_b_c]") == (
        '<p><a href="https://docs.example.com/a_b_c" class="external-link" target="_blank" '
        'rel="nofollow noopener">Docs</a></p>'
    )
    assert html("[~admin]") == (
        '<p><a href="https://jira.example.com/secure/ViewProfile.jspa?name=admin" '
        'class="user-hover" rel="admin">Ada Admin</a></p>'
    )
    assert 'data-account-id="557058:abc"' in html("[~accountid:557058:abc]", cloud=True)
    assert html("!shot.png!") == (
        '<p><span class="image-wrap" style=""><img src="/secure/attachment/10001/10001_shot.png" '
        'style="border: 0px solid black" /></span></p>'
    )
    assert 'alt="Tracker"' in html("!https://img.example.com/t.png|alt=Tracker!")
    assert html("See ABC-1 and XYZ-2") == (
        '<p>See <a href="https://jira.example.com/browse/ABC-1" title="The first issue" '
        'class="issue-link" data-issue-key="ABC-1">ABC-1</a> and XYZ-2</p>'
    )


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click|javascript:alert(1)]",
        '[x|https://a.example/"onmouseover="alert(1)]',
        '!x.png" onerror="alert(1)!',
        "h1. <b>title</b>",
        "{code}</pre><script>alert(1)</script>{code}",
    ],
)
def test_markup_in_the_text_never_becomes_markup(hostile: str) -> None:
    parsed = _Elements()
    parsed.feed(html(hostile))
    assert "script" not in parsed.tags
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]


def _types(node: Any) -> list[str]:
    out = [node["type"]]
    for child in node.get("content", []):
        out.extend(_types(child))
    return out


def test_adf_carries_the_same_structure() -> None:
    doc = wiki_to_adf(
        "h2. Context\n*bold* and [~admin]\n\n# one\n# two\n\n{code}x = 1{code}\n\n!shot.png!",
        FakeSite(cloud=True),
    )
    assert doc is not None and doc["type"] == "doc" and doc["version"] == 1
    kinds = _types(doc)
    for kind in ("heading", "paragraph", "orderedList", "listItem", "codeBlock", "mediaSingle"):
        assert kind in kinds
    paragraph = doc["content"][1]
    assert paragraph["content"][0] == {
        "type": "text",
        "text": "bold",
        "marks": [{"type": "strong"}],
    }
    mention = paragraph["content"][2]
    assert mention["type"] == "mention"
    assert mention["attrs"]["id"] == "557058:abc" and mention["attrs"]["text"] == "@Ada Admin"


def test_adf_written_by_a_v3_client_comes_back_as_wiki() -> None:
    doc = wiki_to_adf("h2. Title\n*bold* [site|https://x.example]\n\n* a\n* b", FakeSite())
    assert adf_to_wiki(doc) == "h2. Title\n\n*bold* [site|https://x.example]\n\n* a\n* b"
