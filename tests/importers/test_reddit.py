"""Reddit: the .json of a comments page."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from threadtui.importers import load_any

from .helpers import FIXTURES, row, shape


def test_post_is_the_article() -> None:
    t = load_any(FIXTURES / "reddit.json")
    assert t.title == "کدام ترمینال فارسی را درست نشان می‌دهد؟ (Q&A)"
    assert t.url == "https://www.reddit.com/r/farsi/comments/17xyz9/which_terminal/"
    assert t.source is not None and "r/farsi" in t.source and "OP: mina_dev" in t.source
    a = t.article
    assert a is not None
    assert a.author == "mina_dev"
    assert a.subtitle == "r/farsi · 256 points"
    assert a.published == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert a.body == (
        "سلام دوستان،\n\nدنبال یک ترمینال هستم که فارسی را درست نشان دهد. پیشنهادی دارید؟"
        "\n\n- کیتی\n- وزترم"
    )


def test_tree_deletions_and_more_stubs() -> None:
    t = load_any(FIXTURES / "reddit.json")
    assert shape(t) == [
        ("k1a", None),
        ("k2b", "k1a"),
        ("k3c", "k2b"),
        ("k4d", None),
        ("k5e", None),
    ]
    assert t.author == ["[deleted]", "arash", "mina_dev", "spammer99", "layla"]
    deleted = row(t, "k1a")
    assert deleted["deleted"] and deleted["body"] == "[deleted]" and deleted["score"] == 30
    removed = row(t, "k4d")
    assert removed["deleted"] and removed["body"] == "[removed]"
    # "more" stubs: 3 under k1a, "continue this thread" under k2b, 14 at the top level
    assert row(t, "k1a")["more"] == 3
    assert row(t, "k2b")["more"] == 1
    assert t.more_top == 14
    assert t.warnings == []


def test_bodies_dates_scores_permalinks() -> None:
    t = load_any(FIXTURES / "reddit.json")
    k2b = row(t, "k2b")
    assert k2b["body"] == (
        "> بستگی دارد\n\nI disagree: WezTerm (https://wezfurlong.org/wezterm/) handles shaping"
        " and bidi."
    )
    assert k2b["score"] == 12
    assert k2b["posted"] == datetime(2023, 11, 14, 22, 46, 40, tzinfo=UTC)
    assert k2b["url_"] == "https://www.reddit.com/r/farsi/comments/17xyz9/which_terminal/k2b/"
    assert row(t, "k3c")["body"] == "Thanks! I'll try it & report back."
    # no body_html: the Markdown body, unescaped; a hidden score is no score
    k5e = row(t, "k5e")
    assert k5e["body"] == "Steps:\n\n1. install a font with Persian glyphs\n2. set LANG\n\nDone <3"
    assert k5e["score"] is None


def test_markdown_body_when_body_html_is_missing(tmp_path) -> None:
    doc = json.loads((FIXTURES / "reddit.json").read_text(encoding="utf-8"))
    stack = [doc[1]["data"]["children"]]
    while stack:
        for c in stack.pop():
            c["data"].pop("body_html", None)
            replies = c["data"].get("replies")
            if replies:
                stack.append(replies["data"]["children"])
    doc[0]["data"]["children"][0]["data"].pop("selftext_html")
    p = tmp_path / "reddit.json"
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    t = load_any(p)
    html_version = load_any(FIXTURES / "reddit.json")
    assert t.body == html_version.body
    assert t.article is not None and html_version.article is not None
    assert t.article.body == html_version.article.body


def test_permalink_page_of_one_comment(tmp_path) -> None:
    """A comment's permalink .json holds its subtree; its parent is not in the file."""
    doc = json.loads((FIXTURES / "reddit.json").read_text(encoding="utf-8"))
    k2b = doc[1]["data"]["children"][0]["data"]["replies"]["data"]["children"][0]
    doc[1]["data"]["children"] = [k2b]
    p = tmp_path / "permalink.json"
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    t = load_any(p)
    assert shape(t) == [("k2b", None), ("k3c", "k2b")]
    assert t.warnings == []


def test_saved_with_raw_json(tmp_path) -> None:
    """raw_json=1 leaves &, < and > unescaped in every string."""
    raw = (FIXTURES / "reddit.json").read_text(encoding="utf-8")
    for escaped, plain in (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        raw = raw.replace(escaped, plain)
    doc = json.loads(raw)
    k2b = doc[1]["data"]["children"][0]["data"]["replies"]["data"]["children"][0]["data"]
    k2b["body"] = "a &lt;b&gt; c"  # typed literally by the commenter
    k2b["body_html"] = '<div class="md"><p>a &amp;lt;b&amp;gt; c</p>\n</div>'
    p = tmp_path / "raw.json"
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    t = load_any(p)
    expected = load_any(FIXTURES / "reddit.json")
    assert t.title == expected.title
    assert shape(t) == shape(expected)
    assert row(t, "k2b")["body"] == "a &lt;b&gt; c"
    assert row(t, "k3c")["body"] == row(expected, "k3c")["body"]
    assert t.article is not None and expected.article is not None
    assert t.article.body == expected.article.body


def test_bodies_converted_together_are_each_as_converted_alone() -> None:
    """The bodies' outer unescaping is done once over all of them (NUL-separated): a
    body with a NUL of its own, a raw_json body among escaped ones, an empty one and a
    missing one each come out as `_from_html` gives them one by one."""
    from threadtui.importers import reddit

    values = [
        '&lt;div class="md"&gt;&lt;p&gt;one &amp;amp; two&lt;/p&gt;\n&lt;/div&gt;',
        '<div class="md"><p>raw <em>json</em></p>\n</div>',
        "",
        None,
        '&lt;!-- SC_OFF --&gt;&lt;div class="md"&gt;&lt;p&gt;&amp;quot;q&amp;quot;'
        " &lt;a href=&quot;/r/x&quot;&gt;r/x&lt;/a&gt;&lt;/p&gt;\n&lt;/div&gt;&lt;!-- SC_ON --&gt;",
        42,
    ]
    alone = [reddit._from_html(v) for v in values]
    assert alone[0] == "one & two" and alone[1] == "raw json" and alone[2:4] == [None, None]
    assert reddit._all_from_html(values) == alone
    with_nul = [*values, '&lt;div class="md"&gt;&lt;p&gt;a\x00b&lt;/p&gt;&lt;/div&gt;']
    assert reddit._all_from_html(with_nul) == [*alone, reddit._from_html(with_nul[-1])]
    assert reddit._all_from_html([]) == []
