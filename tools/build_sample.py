#!/usr/bin/env python3
"""Build sample_threads/him-again.json from the text capture of the "Him again?" page.

Usage::

    python tools/build_sample.py SEED.txt -o sample_threads/him-again.json \
        -o src/threadtui/data/sample.json

The seed is a plain-text capture of a web page: the article (title, subtitle, byline, body),
a block of site chrome ("Recently by ..."), then the reader comments.  Each comment on the
page looks like::

    [avatar caption]        <- only for some registered users; repeats the author's name
    <blank>
    [title]                 <- may be an empty line: the comment has no title
    <blank>
    by AUTHOR[ (not verified)] on
    <blank>
    body paragraphs, separated by one or more blank lines

The comment header line ("by AUTHOR on") is the anchor: everything between one header and the
next comment's title/avatar block is the body of the first.  Text copied from the page is
never retyped: bodies are slices of the seed's lines.  The only normalisation is
whitespace-level: runs of blank lines become one paragraph break ("\\n\\n"), and trailing
white space (no-break spaces left over from HTML ``&nbsp;``) at line ends is dropped.
No-break spaces inside a line are kept.

The reading decisions for the page's ambiguous spots are spelled out in ``SOURCE_NOTE``,
which goes into the file's ``source`` field.  The script checks its own output against the
structure it expects (``EXPECTED_AUTHORS``) and fails loudly if the seed does not match.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ARTICLE_TITLE = "Him again?"
ARTICLE_AUTHOR = "Trita Parsi"
CHROME_START = "Recently by Trita Parsi"
CHROME_END = "more from Trita Parsi"

# "by AUTHOR on" / "by AUTHOR (not verified) on".  The line must end in " on": the comment
# quoted inside fanofAMK's body has "by Arash Monzavi-Kia on Sun Feb 08, 2009 ..." and is
# not a header of this page.
HEADER_RE = re.compile(r"^by (?P<author>.+?)(?P<nv> \(not verified\))? on$")
# One comment's header lost its "by" and "on" ("Aghaye gol! (not verified)").
BARE_HEADER_RE = re.compile(r"^(?P<author>\S.*?) \(not verified\)$")

# Authors in page order: a guard against silently mis-parsing the seed.
EXPECTED_AUTHORS = [
    "disgusted",
    "Aghaye gol!",
    "AnonymousDude",
    "Hamid Y. Javanbakht",
    "MRX1",
    "Parthian",
    "Niloufar Parsi",
    "Ari Siletz",
    "sosad",
    "persian dad",
    "Deja Phucking Vu",
    "fanofAMK",
    "Farah Rusta",
    "Amir K. Sheibany",
    "Abarmard",
    "tsion",
    "Fred",
]

# Replies the text itself shows: (author, title) of the reply -> (author, title) of its parent.
REPLIES = {
    ("tsion", "Good questons Fred"): ("Fred", "Faxed nostalgia?"),
}

SOURCE_NOTE = (
    "Built by tools/build_sample.py from a plain-text capture of a web page (article plus "
    "reader comments, early 2009; the page shows no comment dates, so `posted` is absent, "
    "and no article date, so `published` is absent). Bodies are copied from the capture, "
    "not retyped; only blank-line runs were folded into paragraph breaks and trailing "
    "no-break spaces at line ends dropped. The 'Recently by Trita Parsi' block is site "
    "chrome and avatar captions (a registered author's name on its own line above the "
    "title) were dropped. Comment ids c1..c17 follow page order. "
    "Nesting: the page lost it. Only one reply is evident from the text: tsion's 'Good "
    "questons Fred' ('but don't expect any answers coming.') answers the questions in "
    "Fred's 'Faxed nostalgia?', so c16 is in c17's replies although it appears above it on "
    "the page; everything else is kept top-level. "
    "Ambiguous spots and how they were read: "
    "(1) The line 'The government of the violent illiterate run by the illiterate for the "
    "illiterate.' stands alone after disgusted's pasted (and cut-off) news report, with no "
    "title or author line of its own; it is read as the closing remark of disgusted's "
    "comment (c1), not as a separate comment whose header was lost. "
    "(2) In sosad's comment (c9, 'The supreme leader has') the citation line 'The Power "
    "Structure of the Islamic Republic of Iran ... Full text' (a link whose markup, and "
    "opening quotation mark, were lost) and the two lines after it have no header either; "
    "they are read as the rest of sosad's comment. "
    "(3) Aghaye gol!'s author line lacks the usual 'by ... on'; it is read as the header of "
    "the Persian comment 'همه اینا کشکه!'. "
    "(4) fanofAMK's comment (c12) quotes a comment from another thread including that "
    "comment's title and its 'by Arash Monzavi-Kia on Sun Feb 08, 2009 10:11 AM PST' line; "
    "all of it stays inside c12's body. "
    "(5) Several titles are just the first words of the body, as the site generates them "
    "('Iran's Basij (volunteer)', 'The supreme leader has', 'This comment is from "
    "another'); Farah Rusta's title 'If it comes to a choice' is the start of the sentence "
    "her body continues ('betweeen Khatami and Ahmadinejad, ...'). They are kept as "
    "titles. AnonymousDude's and persian dad's comments have no title. Spelling is as on "
    "the page."
)


def _paragraphs(lines: list[str]) -> str:
    """Join lines: blank-line runs become one paragraph break, single newlines stay."""
    paras: list[list[str]] = []
    current: list[str] = []
    for raw in lines:
        line = raw.rstrip()  # str.rstrip() also removes U+00A0 left over from &nbsp;
        if line:
            current.append(line)
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return "\n\n".join("\n".join(p) for p in paras)


def _is_blank(lines: list[str], i: int) -> bool:
    return 0 <= i < len(lines) and not lines[i].strip()


def _header(line: str) -> tuple[str, bool] | None:
    m = HEADER_RE.match(line) or BARE_HEADER_RE.match(line)
    if m is None:
        return None
    nv = m.groupdict().get("nv")
    verified = not (nv or line.endswith("(not verified)"))
    return m.group("author"), verified


def parse(text: str) -> dict[str, Any]:
    lines = text.split("\n")

    # --- article -------------------------------------------------------------------------
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    title = lines[nonblank[0]].strip()
    subtitle = lines[nonblank[1]].strip()
    if title != ARTICLE_TITLE:
        raise SystemExit(f"unexpected page title {title!r}")
    # the byline block repeats the title, then "by AUTHOR"
    byline = next(i for i in nonblank if lines[i].strip() == f"by {ARTICLE_AUTHOR}")
    if lines[byline - 1].strip() != title:
        raise SystemExit("byline is not preceded by the repeated title")
    chrome_start = next(i for i, line in enumerate(lines) if line.startswith(CHROME_START))
    chrome_end = next(i for i in range(chrome_start, len(lines)) if lines[i] == CHROME_END)
    article_body = _paragraphs(lines[byline + 1 : chrome_start])

    # --- comments ------------------------------------------------------------------------
    headers: list[tuple[int, str, bool]] = []
    for i in range(chrome_end + 1, len(lines)):
        h = _header(lines[i].strip())
        if h is not None:
            headers.append((i, h[0], h[1]))

    # Where each comment's block starts (title, or avatar caption above the title).
    starts: list[int] = []
    titles: list[str | None] = []
    for h, author, _ in headers:
        start = h
        title_line: str | None = None
        if _is_blank(lines, h - 1) and not _is_blank(lines, h - 2) and _is_blank(lines, h - 3):
            title_line = lines[h - 2].strip()
            start = h - 2
            # avatar caption: the author's name alone, one blank line above the title
            if lines[h - 4].strip() == author and _is_blank(lines, h - 5):
                start = h - 4
        titles.append(title_line)
        starts.append(start)

    comments: list[dict[str, Any]] = []
    for k, (h, author, verified) in enumerate(headers):
        end = starts[k + 1] if k + 1 < len(headers) else len(lines)
        body = _paragraphs(lines[h + 1 : end])
        if not body:
            raise SystemExit(f"empty body for comment by {author!r} at line {h + 1}")
        c: dict[str, Any] = {"id": f"c{k + 1}"}
        if titles[k]:
            c["title"] = titles[k]
        c["author"] = author
        c["verified"] = verified
        c["body"] = body
        comments.append(c)

    authors = [c["author"] for c in comments]
    if authors != EXPECTED_AUTHORS:
        raise SystemExit(f"unexpected comment authors in page order: {authors}")

    # --- nesting -------------------------------------------------------------------------
    by_key = {(c["author"], c.get("title")): c for c in comments}
    nested: set[str] = set()
    for child_key, parent_key in REPLIES.items():
        child, parent = by_key[child_key], by_key[parent_key]
        parent.setdefault("replies", []).append(child)
        nested.add(child["id"])
    top = [c for c in comments if c["id"] not in nested]

    return {
        "format": "threadtui/1",
        "title": title,
        "source": SOURCE_NOTE,
        "article": {
            "title": title,
            "subtitle": subtitle,
            "author": ARTICLE_AUTHOR,
            "body": article_body,
        },
        "comments": top,
    }


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("seed", type=Path, help="text capture of the page")
    ap.add_argument(
        "-o",
        "--output",
        type=Path,
        action="append",
        default=[],
        help="write here (repeatable); default: standard output",
    )
    args = ap.parse_args(argv)
    out = dumps(parse(args.seed.read_text(encoding="utf-8")))
    if not args.output:
        sys.stdout.write(out)
    for path in args.output:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
