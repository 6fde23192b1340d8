"""HTML and Markdown bodies → plain paragraphs, and the fast paths agreeing with the full ones."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadtui.importers.markup import entities, fast, format_link, html_to_text, markdown_to_text
from threadtui.importers.markup.html5 import convert_html5
from threadtui.importers.markup.markdown import markdown_is_plain, markdown_parser, plain_markdown

# --------------------------------------------------------------------------- HTML


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("", ""),
        ("plain text", "plain text"),
        ("  folded \n\t whitespace  ", "folded whitespace"),
        ("I don&#x27;t &quot;know&quot; &amp; &lt;care&gt;", 'I don\'t "know" & <care>'),
        ("a&nbsp;b", "a\xa0b"),
        ("one<p>two<p>three", "one\n\ntwo\n\nthree"),
        ("<p>one</p>\n<p>two</p>\n", "one\n\ntwo"),
        ("<p>line<br>break</p>", "line\nbreak"),
        ("<p>a<br><br>b</p>", "a\n\nb"),
        ("x <i>it</i> <b>bold</b> <code>c</code>", "x it bold c"),
        ("<blockquote><p>q1</p><p>q2</p></blockquote><p>after</p>", "> q1\n\n> q2\n\nafter"),
        ("<blockquote>a<br>b</blockquote>", "> a\n> b"),
        ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        ("<ol><li>one</li><li>two</li></ol>", "1. one\n2. two"),
        ('<ol start="3"><li>c</li></ol>', "3. c"),
        ("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>", "- a\n  - b\n- c"),
        ("<p>x</p><ul><li>a</li></ul><p>y</p>", "x\n\n- a\n\ny"),
        (
            "<pre><code>def f():\n    return 1\n\nx = 2\n</code></pre>",
            "def f():\n    return 1\n\nx = 2",
        ),
        ("<p>see</p><pre>a &lt; b</pre>", "see\n\na < b"),
        ("<h2>Title</h2><p>text</p>", "Title\n\ntext"),
        ("<p>a</p><hr><p>b</p>", "a\n\n---\n\nb"),
        (
            "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>",
            "a | b\n1 | 2",
        ),
        ("<script>alert(1)</script><style>p{}</style>visible", "visible"),
        ("<!-- a comment -->text", "text"),
        ("سلام <b>دنیا</b><p>مرحبا", "سلام دنیا\n\nمرحبا"),
    ],
)
def test_html_to_text(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected
    if "<" in markup:
        assert convert_html5(markup, None) == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<a href="https://example.com/a">the docs</a>', "the docs (https://example.com/a)"),
        ('<a href="https://example.com/a">https://example.com/a</a>', "https://example.com/a"),
        ('<a href="https://example.com/a/">example.com/a</a>', "https://example.com/a/"),
        (
            '<a href="https://example.com/a/very/long/path" rel="nofollow">'
            "https://example.com/a/very/lo...</a>",
            "https://example.com/a/very/long/path",
        ),
        ('<a href="mailto:a@b.org">a@b.org</a>', "a@b.org"),
        ('<a href="mailto:a@b.org">write me</a>', "write me (a@b.org)"),
        ('<a href="/u/sam">@sam</a>', "@sam"),
        ('<a href="#fn1">1</a>', "1"),
        ('<a href="javascript:alert(1)">x</a>', "x"),
        ('<a class="mention" href="https://m.example/@sam">@sam</a>', "@sam"),
        ('<a href="https://m.example/tags/x" rel="tag">#x</a>', "#x"),
        (
            '<a href="https://e.com/p"><img alt="pic" src="x.png"></a>',
            "[image: pic] (https://e.com/p)",
        ),
        ('<img src="https://e.com/i.png" alt="a cat">', "[image: a cat] (https://e.com/i.png)"),
        ('<img class="emoji" alt=":smile:" src="/e.png">', ":smile:"),
        ('<img class="avatar" src="/a.png"> sam:', "sam:"),
        (
            '<iframe src="https://www.youtube.com/embed/x"></iframe>',
            "[embedded: https://www.youtube.com/embed/x]",
        ),
        (
            '<a href="https://e.com/x"><span class="invisible">https://</span>'
            '<span class="ellipsis">e.com/</span><span class="invisible">x</span></a>',
            "https://e.com/x",
        ),
    ],
)
def test_links_and_images(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected


def test_relative_links_resolve_against_base() -> None:
    assert html_to_text('<a href="/r/farsi">the sub</a>', base="https://www.reddit.com") == (
        "the sub (https://www.reddit.com/r/farsi)"
    )
    assert format_link("x", "/a", None) == "x"


def test_deep_nesting_does_not_recurse() -> None:
    markup = "<blockquote>" * 3000 + "deep" + "</blockquote>" * 3000
    assert html_to_text(markup) == "> " * 3000 + "deep"


# --------------------------------------------------------------------------- fast paths agree


# Entities here are well-formed: for malformed ones ("&copy" at the very end, "&notit;")
# the HTML5 path's html.parser builder and HTML5's rules (html.unescape, which the fast
# paths use) differ, and HTML5 is what browsers do.
ATOMS = [
    "a",
    "b c",
    " ",
    "  ",
    "\n",
    "\t",
    "&amp;",
    "&#x27;",
    "&#39;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&#x2F;",
    "&nbsp;",
    "&#12;",
    "&#10;",
    "&copy;",
    "AT&T",
    "سلام",
    "مرحبا بالعالم",
    "https://e.com/p",
    "e.com/p",
    "a < b",
    "\f",
    "<p>",
    "</p>",
    "<i>",
    "</i>",
    "<em>",
    "</em>",
    "<b>",
    "</b>",
    "<strong>",
    "</strong>",
    "<code>",
    "</code>",
    "<br>",
    "<br />",
    "<hr>",
    "<blockquote>",
    "</blockquote>",
    "<ul>",
    "</ul>",
    "<ol>",
    "</ol>",
    "<li>",
    "</li>",
    "<h3>",
    "</h3>",
    "<pre><code>  x = 1\n\n  y &lt; 2\n</code></pre>",
    '<a href="https://e.com/p">',
    '<a href="https:&#x2F;&#x2F;e.com&#x2F;p" rel="nofollow">',
    '<a href="/rel">',
    "</a>",
    '<span class="x">',
    "</span>",
]


BASE = "https://base.example/"


def _check_fast_paths(markup: str) -> bool:
    """Every shortcut that answers gives the HTML5 path's result; True if one answered."""
    full = convert_html5(markup, BASE)
    answers = [
        fast.paragraph_html(markup, BASE),
        fast.simple_html(markup, BASE),
    ]
    if "</p>" not in markup and "\f" not in markup:
        answers.append(fast.unclosed_paragraphs(markup.replace("<p>", "\f"), BASE))
    for a in answers:
        if a is not None:
            assert a == full
    assert html_to_text(markup, base=BASE) == full
    return any(a is not None for a in answers)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ATOMS), max_size=30))
def test_fast_html_paths_agree_with_html5(atoms: list[str]) -> None:
    _check_fast_paths("".join(atoms))


def _nested() -> st.SearchStrategy[str]:
    """Well-nested HTML as HTML5 reads it: inline tags hold inline content, paragraphs and
    headings hold inline content, list items sit directly in lists."""
    text = st.sampled_from(
        ["word", "two words", " spaced ", "I&#x27;m", "&amp;", "&gt; q", "سلام دنیا", "\n", ""]
    )
    link = st.builds(
        lambda t: f'<a href="https://e.com/{len(t)}" rel="nofollow">{t or "x"}</a>',
        st.sampled_from(["word", "https://e.com/4", "e.com/4", "سلام"]),
    )

    def tagged(tags: list[str], inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, parts: f"<{tag}>{''.join(parts)}</{tag}>",
            st.sampled_from(tags),
            st.lists(inner, max_size=4),
        )

    inline = st.recursive(
        st.one_of(text, link, st.just("<br>")),
        lambda inner: tagged(["i", "em", "b", "strong", "code"], inner),
        max_leaves=8,
    )

    def blocks(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        item = tagged(["li"], st.one_of(inline, inner))
        return st.one_of(
            tagged(["p", "h2"], inline),
            tagged(["blockquote"], inner),
            st.builds(
                lambda tag, items: f"<{tag}>{''.join(items)}</{tag}>",
                st.sampled_from(["ul", "ol"]),
                st.lists(item, max_size=3),
            ),
        )

    leaf = st.one_of(inline, st.just("<p>"))
    return st.recursive(leaf, blocks, max_leaves=25)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_nested(), max_size=5))
def test_fast_html_paths_agree_on_well_nested_html(parts: list[str]) -> None:
    markup = "".join(parts)
    answered = _check_fast_paths(markup)
    assert answered or "<p>" in markup  # well-nested markup stays on the fast paths


def test_fast_paths_are_taken_for_typical_comment_html() -> None:
    hn = (
        'I don&#x27;t <i>think</i> so.<p>See <a href="https:&#x2F;&#x2F;e.com" rel="nofollow">x</a>'
    )
    assert fast.paragraph_html(hn, None) == "I don't think so.\n\nSee x (https://e.com)"
    md = "<blockquote>\n<p>quoted</p>\n</blockquote>\n<ul>\n<li>a</li>\n</ul>\n"
    assert fast.simple_html(md, None) == "> quoted\n\n- a"
    assert fast.simple_html('<p class="x">a</p>', None) is None


# --------------------------------------------------------------------------- Markdown


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("", ""),
        ("plain text", "plain text"),
        ("one\ntwo\n\n\nthree", "one two\n\nthree"),
        ("hard  \nbreak", "hard\nbreak"),
        ("*em* and **strong** and `code`", "em and strong and code"),
        (
            "[docs](https://example.com/d) and <https://example.com/a>",
            "docs (https://example.com/d) and https://example.com/a",
        ),
        ("> quoted\n> more\n\nreply", "> quoted more\n\nreply"),
        ("- a\n- b\n  - c", "- a\n- b\n  - c"),
        ("1. one\n2. two", "1. one\n2. two"),
        ("```\ncode\n  indented\n```", "code\n  indented"),
        ("    indented code", "indented code"),
        ("# Heading\n\ntext", "Heading\n\ntext"),
        ("~~gone~~ kept", "~~gone~~ kept"),
        ("AT&T < 3 > 2", "AT&T < 3 > 2"),
        ("&copy; &amp;", "© &"),
        ("<b>not html</b>", "<b>not html</b>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n1 | 2"),
        ("سلام **دنیا**\n\nمرحبا", "سلام دنیا\n\nمرحبا"),
        ("line\r\nother", "line other"),
        ("-" * 40 + "\n\ntext", "---\n\ntext"),
        # deeper than markdown-it nests (it would drop the text): shown as written
        (">" * 30 + " deep\n\nafter", ">" * 30 + " deep\n\nafter"),
        ("- " * 20 + "item", "- " * 20 + "item"),
    ],
)
def test_markdown_to_text(source: str, expected: str) -> None:
    assert markdown_to_text(source) == expected


MD_ALPHABET = st.sampled_from(
    [
        *"ab .,'\"!?()1:;-+=#>&<*_`[]|~\\/%",
        "\n",
        "\n\n",
        "  \n",
        "    ",
        "1. ",
        "1) ",
        "سلام",
        "&amp;",
        "&x",
        "<b",
        "< 3",
    ]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(MD_ALPHABET, max_size=40))
def test_plain_markdown_shortcut_agrees_with_markdown_it(parts: list[str]) -> None:
    source = "".join(parts)
    if markdown_is_plain(source):
        full = html_to_text(markdown_parser().render(source))
        assert plain_markdown(source) == full


ENTITY_PIECES = st.sampled_from(
    ["&", "&amp;", "&amp", "&#x27;", "&#39;", "&#39", "&quot;", "&#x2F;", "&gt;", "&lt;",
     "&lt", "&copy;", "&not", "it;", "amp;", "#x27;", "a", " ", ";", "#", "سلام"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(ENTITY_PIECES, max_size=20))
def test_unescape_shortcut_is_html_unescape(parts: list[str]) -> None:
    import html

    text = "".join(parts)
    assert entities.unescape(text) == html.unescape(text)


def test_link_text_equal_to_a_relative_href() -> None:
    markup = 'see<p><a href="/rel">/rel</a>'
    assert html_to_text(markup, base=BASE) == convert_html5(markup, BASE)
    assert html_to_text(markup, base=BASE) == "see\n\n/rel (https://base.example/rel)"


# --------------------------------------------------------------------------- HTML5 (#16.8)


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # an <li> closes the open one: two items of one list, not a nested list
        ("<ul><li>a<li>b</ul>", "- a\n- b"),
        ("<ol><li>a<li>b<li>c</ol>", "1. a\n2. b\n3. c"),
        # misnested formatting: the adoption agency keeps "z" in the paragraph
        ("<b>x<p>y</b>z", "x\n\nyz"),
        ("<p>a<ul><li>b</ul>c", "a\n\n- b\n\nc"),
        ("<table><tr><th>a<th>b<tr><td>1<td>2</table>", "a | b\n1 | 2"),
        # <html>/<body> inside a comment are ignored, as in a browser
        ("<html><body>q</body></html><p>z", "q\n\nz"),
        # attributes are decoded by HTML5's rules: "&region" is not "®ion" there
        ('<a href="https://e.com/?a=1&region=2">x</a>', "x (https://e.com/?a=1&region=2)"),
        ("<pre>\n\ncode</pre>", "\ncode"),
        ("<pre><code>\ncode</code></pre>", "\ncode"),
    ],
)
def test_html5_parsing(markup: str, expected: str) -> None:
    assert convert_html5(markup, None) == expected
    assert html_to_text(markup) == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # Reddit's ~~strike~~ and ^superscript keep their marks (#16.7)
        ("<p><del>gone</del> kept</p>", "~~gone~~ kept"),
        ("<p>a<sup>2</sup> and <sup>two words</sup></p>", "a^2 and ^(two words)"),
        ("<p><sup><sup>tiny</sup></sup></p>", "^^tiny"),
        # /u/name and /r/name links show their text, not the URL again (#16.7)
        (
            '<p><a href="/u/spez">/u/spez</a> in <a href="/r/farsi">r/farsi</a></p>',
            "/u/spez in r/farsi",
        ),
        ('<p><a href="https://www.reddit.com/u/spez">u/spez</a></p>', "u/spez"),
    ],
)
def test_marks_and_profile_links(markup: str, expected: str) -> None:
    assert html_to_text(markup, base="https://www.reddit.com") == expected
    assert convert_html5(markup, "https://www.reddit.com") == expected
