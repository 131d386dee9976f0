"""The allow-list that rebuilds Jira's HTML before a text browser sees it (no Qt needed)."""

from __future__ import annotations

import pytest

from app.ui.kit.safe_html import clean_html, image_label, neutral_bidi, resolve_link

BASE = "https://jira.example.test/jira"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>plain &amp; simple &lt;b&gt;</p>", "<p>plain &amp; simple &lt;b&gt;</p>"),
        ('<p style="color:red" class="x" onclick="a()">t</p>', "<p>t</p>"),
        ("<script>alert(1)</script>after", "after"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>after", "after"),
        ("<style>p{display:none}</style><p>t</p>", "<p>t</p>"),
        ("<svg><script>alert(1)</script><text>x</text></svg>after", "after"),
        ("<blink>kept text</blink>", "kept text"),
        ("<p><b>open", "<p><b>open</b></p>"),
        ("</div>stray<p>x</p></b>", "stray<p>x</p>"),
        ("<!-- comment --><p>x</p>", "<p>x</p>"),
        (
            "<ol start=3 type=a onmouseover=x><li>a</li></ol>",
            '<ol start="3" type="a"><li>a</li></ol>',
        ),
        ('<ol start="3;x"><li>a</li></ol>', "<ol><li>a</li></ol>"),
        ("<td colspan=2 width=999>c</td>", '<td colspan="2">c</td>'),
        (
            "<table><tr><td>c</td></tr></table>",
            '<table border="1" cellspacing="0" cellpadding="4"><tr><td>c</td></tr></table>',
        ),
        (
            '<img src="https://x.example/a/b%20c.png?s=1">',
            '<span class="jade-image">[image: b c.png]</span>',
        ),
        (
            '<a href="/browse/ABC-1" title="t">ABC-1</a>',
            '<a href="https://jira.example.test/browse/ABC-1">ABC-1</a>',
        ),
        ('<a name="Context"></a>', '<a name="Context"></a>'),
        ("<br/><hr/>", "<br><hr>"),
    ],
)
def test_markup_is_rebuilt_from_the_allow_list(markup: str, expected: str) -> None:
    assert clean_html(markup, BASE) == expected


def test_deep_nesting_is_flattened() -> None:
    cleaned = clean_html("<div>" * 500 + "deep" + "</div>" * 500, BASE)
    assert cleaned.count("<div>") == 64 and "deep" in cleaned


def test_links_resolve_against_the_site() -> None:
    assert resolve_link("/secure/a", BASE) == "https://jira.example.test/secure/a"
    assert resolve_link("secure/a", BASE) == "https://jira.example.test/jira/secure/a"
    assert resolve_link("//cdn.example/x", BASE) == "https://cdn.example/x"
    assert resolve_link("#Context", BASE) == "#Context"
    assert resolve_link("java\tscript:alert(1)", BASE) == "javascript:alert(1)"
    assert resolve_link(" https://a.example/x ", "") == "https://a.example/x"


def test_bidirectional_controls_are_shown() -> None:
    assert neutral_bidi("\u202egnp.exe") == "\ufffdgnp.exe"
    shalom = "\u200f\u05e9\u05dc\u05d5\u05dd"  # a right-to-left mark in Hebrew text stays
    assert neutral_bidi(shalom, everything=False) == shalom
    assert clean_html("<p>\u202eabc</p><a href='x'>\u2067y</a>", BASE) == (
        '<p>\ufffdabc</p><a href="https://jira.example.test/jira/x">\ufffdy</a>'
    )


def test_images_are_named_by_alt_then_file() -> None:
    assert image_label("https://x.example/p/t.png", "") == "[image: t.png]"
    assert image_label("https://x.example/p/t.png", "Diagram") == "[image: Diagram]"
    assert image_label("data:image/png;base64,AAAA", "") == "[image: embedded]"
    assert image_label("", "") == "[image: no name]"
    assert image_label("/jira/secure/attachment/10001/10001_a%20b.png", "") == "[image: a b.png]"
