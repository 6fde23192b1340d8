"""Hypothesis strategies for hostile text and hostile thread files.

Texts mix every Unicode general category (letters of every script, marks, numbers,
punctuation, symbols, separators, controls, format characters, private use, lone
surrogates, unassigned code points) with hand-picked troublemakers: escape sequences, C1
controls, bidi overrides and isolates, ZWJ emoji, combining-mark pile-ups, every kind of
line break, Persian and Arabic words; occasionally repeated into something large.

Thread files are JSON documents shaped like threadtui/1 where any value may be of the
wrong type, null or huge, then encoded like a file from the wild: UTF-8 with or without
BOM, UTF-16, UTF-32, gzip, cut short or with bytes flipped.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# THREADTUI_FUZZ_EXAMPLES: generated cases over the whole fuzz suite (default 2,050, what
# CI runs); each property gets its share by weight (cheap properties more). A nightly job
# can set 100000.
TOTAL = int(os.environ.get("THREADTUI_FUZZ_EXAMPLES", "2050"))
assert TOTAL > 0, "THREADTUI_FUZZ_EXAMPLES must be a positive number"
WEIGHTS = {
    "bytes": 0.19,
    "documents": 0.15,
    "lost": 0.12,
    "layout": 0.2,
    "field": 0.2,
    "render": 0.07,
    "rows": 0.07,
    # per importer (13 targets: tests/fuzz/test_fuzz_importers.py), on top of the above:
    # about 15 generated files each at the default; the naughty strings are explicit.
    "importers": 0.0075,
}


def fuzz(kind: str) -> settings:
    return settings(
        max_examples=max(1, round(TOTAL * WEIGHTS[kind])),
        deadline=None,  # never a timing assertion
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
        print_blob=True,
        # CI runs the same 2,050 cases every time, so main stays green or red for a reason;
        # a run with THREADTUI_FUZZ_EXAMPLES set explores new ones (and found three layout
        # bugs that way).
        derandomize="THREADTUI_FUZZ_EXAMPLES" not in os.environ,
    )


ESC = "\x1b"
TROUBLE = [
    # escape sequences of every family, and their pieces
    ESC,
    ESC + "[",
    ESC + "[2J",
    ESC + "[31;1m",
    ESC + "[0m",
    ESC + "[6n",
    ESC + "[?1049l",
    ESC + "]0;title\x07",
    ESC + "]52;c;QUJD\x07",
    ESC + "]8;;file:///etc/passwd" + ESC + "\\",
    ESC + "P+q544e" + ESC + "\\",
    ESC + "_Gf=100;" + ESC + "\\",
    ESC + "^pm" + ESC + "\\",
    ESC + "X",
    ESC + "c",
    ESC + "#8",
    ESC + "(0",
    "\x9b",
    "\x9b2J",
    "\x9d0;t\x9c",
    "\x90",
    "\x9c",
    "\x9e",
    "\x9f",
    "\x85",
    "\x80",
    "\x07",
    "\x08",
    "\r",
    "\r\n",
    "\n",
    "\x7f",
    "\x00",
    "\t",
    "\x0b",
    "\x0c",
    "\x0e",
    "\x0f",
    "\x18",
    "\x1a",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\u2028",
    "\u2029",
    # bidi controls and marks
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    # invisible and joining characters
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u034f",
    "\u180e",
    "\ufe0f",
    "\U000e0041",
    "\u3164",
    "\u2800",
    # marks piling up
    "\u0301",
    "\u0301" * 20,
    "\u0651\u064e",
    "\u0654",
    # scripts
    "سلام",
    "دنیا",
    "می\u200cخواهم",
    "لا",
    "الله",
    "שלום",
    "漢字",
    "한국어",
    "a",
    "word",
    "1402",
    "۱۴۰۲",
    "٣٤",
    "(",
    ")",
    "[",
    "]",
    "«",
    "»",
    # emoji
    "😀",
    "👨\u200d👩\u200d👧\u200d👦",
    "🇮🇷",
    "👍🏽",
    "❤\ufe0f",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    # links and markup
    "https://example.com/a?b=1",
    "www.example.org",
    "a@b.co",
    "@user",
    "javascript:x",
    "[bold red]",
    "[/]",
    "[link=file:///x]",
    "[@click=app.quit]",
    # oddities
    "\ufffd",
    "\uffff",
    "\ufffe",
    "\ue000",
    "\U0010ffff",
    "\ud800",
    "\udfff",
    "\ud83d",
    " ",
    "\u00a0",
    "\u3000",
    "",
]

any_char = st.characters(codec=None, exclude_categories=())  # every category, surrogates too

piece = st.one_of(
    st.sampled_from(TROUBLE),
    st.text(any_char, max_size=8),
    st.text(st.characters(min_codepoint=0x600, max_codepoint=0x6FF), min_size=1, max_size=6),
)

small_text = st.lists(piece, max_size=12).map("".join)


def _big(t: str, n: int) -> str:
    return t * n


# Mostly small texts; sometimes one repeated into thousands of characters (the corpus has
# the truly huge ones: a 20 MB comment, a 2 MB token, 100,000 combining marks).
texts = st.one_of(
    small_text,
    small_text,
    small_text,
    small_text,
    small_text,
    st.builds(_big, small_text.filter(bool), st.integers(10, 400)),
)

widths = st.one_of(st.integers(1, 12), st.integers(13, 200))

# ----------------------------------------------------------------------- JSON values

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
)

json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(small_text, inner, max_size=4)
    ),
    max_leaves=12,
)


def _field(right: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually the right type, sometimes null, sometimes anything at all."""
    return st.one_of(right, right, right, st.none(), json_values)


dates = st.one_of(
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())).map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()),
    texts,
)
ids = st.one_of(
    st.sampled_from(["a", "b", "c", "1", "#1", "a~2", "x"]),
    st.integers(0, 5).map(str),
    st.integers(-3, 10**30),
    texts,
)


def comments(depth: int = 3) -> st.SearchStrategy[dict[str, Any]]:
    fields: dict[str, st.SearchStrategy[Any]] = {
        "id": _field(ids),
        "parent": _field(ids),
        "author": _field(texts),
        "verified": _field(st.booleans()),
        "posted": _field(dates),
        "title": _field(texts),
        "score": _field(st.one_of(st.integers(), st.integers(-(10**400), 10**400))),
        "url": _field(texts),
        "deleted": _field(st.booleans()),
        "more": _field(st.integers(0, 10**20)),
    }
    if depth > 0:
        fields["replies"] = st.one_of(
            st.lists(st.deferred(lambda: comments(depth - 1)), max_size=3), json_values
        )
    return st.fixed_dictionaries(
        {"body": _field(texts)},
        optional={
            **fields,
            **{"x-extra": json_values},
        },
    )


articles = st.fixed_dictionaries(
    {},
    optional={
        "title": _field(texts),
        "subtitle": _field(texts),
        "author": _field(texts),
        "published": _field(dates),
        "url": _field(texts),
        "body": _field(texts),
    },
)

documents = st.one_of(
    st.fixed_dictionaries(
        {
            "title": _field(texts),
            "comments": st.one_of(st.lists(comments(), max_size=6), json_values),
        },
        optional={
            "format": st.one_of(st.just("threadtui/1"), json_values),
            "url": _field(texts),
            "source": _field(texts),
            "article": _field(articles),
            "more": _field(st.integers(0, 100)),
            "x-top": json_values,
        },
    ),
    json_values,  # not a thread at all
)


def well_typed(text: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Well-typed threads (they must load), for the properties that need a Thread."""
    comment = st.recursive(
        st.fixed_dictionaries(
            {"body": text},
            optional={
                "author": text,
                "title": text,
                "posted": dates,
                "url": text,
                "score": st.integers(),
                "id": ids,
                "parent": ids,
                "deleted": st.booleans(),
                "more": st.integers(0, 5),
                "verified": st.booleans(),
            },
        ),
        lambda inner: st.fixed_dictionaries(
            {"body": text, "replies": st.lists(inner, max_size=3)},
            optional={"author": text, "id": ids},
        ),
        max_leaves=10,
    )
    return st.fixed_dictionaries(
        {"title": text, "comments": st.lists(comment, max_size=5)},
        optional={
            "url": text,
            "source": text,
            "more": st.integers(0, 5),
            "article": st.fixed_dictionaries(
                {"body": text},
                optional={
                    "title": text,
                    "subtitle": text,
                    "author": text,
                    "published": dates,
                    "url": text,
                },
            ),
        },
    )


good_documents = well_typed(texts)
# For drawing every row of every comment: small texts (the layout properties take the
# large ones), so an example stays fast even at a width of one cell.
drawable_documents = well_typed(small_text)

# ----------------------------------------------------------------------- file bytes

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"]


def encode(doc: Any, ascii_only: bool, encoding: str) -> bytes:
    text = json.dumps(doc, ensure_ascii=ascii_only)
    if encoding == "utf-32-le":
        return codecs.BOM_UTF32_LE + text.encode("utf-32-le", "surrogatepass")
    return text.encode(encoding, "surrogatepass")


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    doc = draw(documents)
    data = encode(doc, draw(st.booleans()), draw(st.sampled_from(ENCODINGS)))
    if draw(st.integers(0, 5)) == 0:
        data = gzip.compress(data, mtime=0)
    damage = draw(st.integers(0, 6))
    if damage == 0 and data:  # cut short (a file still being written)
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif damage == 1 and data:  # bytes flipped
        b = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            b[draw(st.integers(0, len(b) - 1))] = draw(st.integers(0, 255))
        data = bytes(b)
    elif damage == 2:  # junk inserted
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
    return data
