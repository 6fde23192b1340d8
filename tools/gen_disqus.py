#!/usr/bin/env python3
"""Generate a Disqus forum export (XML) of many threads, for benches and manual tests.

    python tools/gen_disqus.py --threads 1000 --posts 200000 -o export.xml [--seed 1] [--gzip]

The shape is Disqus' export (Admin → Moderate → Export): one ``<disqus>`` root with the
``http://disqus.com`` default namespace and the ``dsq`` internals namespace, first the
``<category>`` and ``<thread>`` elements, then every ``<post>`` of the forum in id order
(so the posts of one thread are spread over the whole file), each naming its
``<thread dsq:id>`` and, for a reply, its ``<parent dsq:id>``. Messages are HTML in CDATA
(paragraphs, links, emphasis, quotes; a quarter Persian or Arabic), about 1% deleted and
1% spam. Deterministic for a given seed; written as it is generated (constant memory).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

ENGLISH = [
    "I don't think that's the whole story, though.",
    "We tried this at work and it didn't scale past a few hundred users.",
    "Has anyone measured the latency under real load?",
    "It's a trade-off: you get simplicity and lose some control.",
    "Prices went up 20% and nobody noticed for months.",
    "In my experience the bottleneck is almost always the database.",
    "Good write-up, thanks for sharing.",
    "R&D budgets were the first thing to go.",
]
RTL = [
    "به نظر من این مقاله نکته‌های مهمی را نادیده گرفته است.",
    "تجربه‌ی ما در ایران کاملاً متفاوت بود.",
    "لا أعتقد أن هذا الحل مناسب لكل الحالات.",
    "شكراً على المقال، كان مفيداً جداً.",
]
HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
    '"http://disqus.com/api/schemas/1.0/disqus.xsd'
    ' http://disqus.com/api/schemas/1.0/disqus-internals.xsd">\n'
    '  <category dsq:id="1">\n    <forum>example-news</forum>\n    <title>General</title>\n'
    "    <isDefault>true</isDefault>\n  </category>\n"
)
T0 = datetime(2016, 3, 1, tzinfo=UTC)


def _date(seconds: int) -> str:
    return (T0 + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _message(rng: Random) -> str:
    pool = RTL if rng.random() < 0.25 else ENGLISH
    paras = [
        " ".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.choice((1, 1, 2, 3)))
    ]
    if rng.random() < 0.1:
        paras[0] = paras[0].replace(" ", " <i>really</i> ", 1)
    if rng.random() < 0.1:
        paras.append('See <a href="https://example.com/ref" rel="nofollow noopener">this</a>.')
    if rng.random() < 0.05:
        paras.insert(0, "<blockquote>" + rng.choice(pool) + "</blockquote>")
    return "".join(f"<p>{escape(p) if '<' not in p else p}</p>" for p in paras)


def _author(out: TextIO, rng: Random) -> None:
    n = rng.randrange(5000)
    anonymous = rng.random() < 0.05
    out.write("    <author>\n")
    out.write(f"      <email>reader{n}@example.org</email>\n")
    out.write(f"      <name>Reader {n}</name>\n")
    out.write(f"      <isAnonymous>{'true' if anonymous else 'false'}</isAnonymous>\n")
    if not anonymous:
        out.write(f"      <username>reader{n}</username>\n")
    out.write("    </author>\n")


def _thread(out: TextIO, rng: Random, k: int) -> None:
    out.write(f'  <thread dsq:id="{7_000_000 + k}">\n')
    out.write(f"    <id>{1000 + k}</id>\n    <forum>example-news</forum>\n")
    out.write('    <category dsq:id="1" />\n')
    out.write(f"    <link>https://news.example.org/{2016 + k % 8}/story-{k}/</link>\n")
    title = f"Story {k}: " + rng.choice(ENGLISH + RTL).rstrip(".")
    out.write(f"    <title>{escape(title)}</title>\n")
    out.write("    <message />\n")
    out.write(f"    <createdAt>{_date(k * 3600)}</createdAt>\n")
    _author(out, rng)
    out.write("    <ipAddress>192.0.2.1</ipAddress>\n")
    out.write("    <isClosed>false</isClosed>\n    <isDeleted>false</isDeleted>\n  </thread>\n")


def _post(out: TextIO, rng: Random, pid: int, tid: int, parent: int | None, at: int) -> None:
    out.write(f'  <post dsq:id="{pid}">\n    <id />\n')
    out.write(f"    <message><![CDATA[{_message(rng)}]]></message>\n")
    out.write(f"    <createdAt>{_date(at)}</createdAt>\n")
    out.write(f"    <isDeleted>{'true' if rng.random() < 0.01 else 'false'}</isDeleted>\n")
    out.write(f"    <isSpam>{'true' if rng.random() < 0.01 else 'false'}</isSpam>\n")
    _author(out, rng)
    out.write("    <ipAddress>198.51.100.7</ipAddress>\n")
    out.write(f"    <thread dsq:id={quoteattr(str(7_000_000 + tid))} />\n")
    if parent is not None:
        out.write(f'    <parent dsq:id="{parent}" />\n')
    out.write("  </post>\n")


def generate(out: TextIO, threads: int, posts: int, seed: int) -> None:
    rng = Random(seed)
    out.write(HEAD)
    for k in range(threads):
        _thread(out, rng, k)
    # Posts of each thread so far, to pick parents from (recent ones more often).
    seen: list[list[int]] = [[] for _ in range(threads)]
    for i in range(posts):
        pid = 300_000_000 + i
        tid = rng.randrange(threads)
        mine = seen[tid]
        parent = None
        if mine and rng.random() < 0.6:
            parent = mine[-1 - min(len(mine) - 1, int(rng.expovariate(0.5)))]
        mine.append(pid)
        _post(out, rng, pid, tid, parent, tid * 3600 + 60 * len(mine))
    out.write("</disqus>\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, default=1000)
    ap.add_argument("--posts", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gzip", action="store_true")
    ap.add_argument("-o", "--output", required=True, help="file to write (- for stdout)")
    args = ap.parse_args(argv)
    if args.threads < 1 or args.posts < 0:
        ap.error("--threads must be at least 1 and --posts at least 0")
    if args.output == "-":
        generate(sys.stdout, args.threads, args.posts, args.seed)
        return 0
    path = Path(args.output)
    if args.gzip:
        with gzip.open(path, "wt", encoding="utf-8", newline="\n") as g:
            generate(g, args.threads, args.posts, args.seed)
    else:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            generate(f, args.threads, args.posts, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
