"""The committed sample threads: valid `threadtui/1` files with the content they promise.

These tests read only files in the repository (never the seed page the him-again sample was
built from; see tools/build_sample.py for that derivation).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_threads"
BUNDLED = ROOT / "src" / "threadtui" / "data" / "sample.json"
SAMPLE_NAMES = ["him-again.json", "persian.json", "arabic.json", "deep-and-wide.json"]

ZWNJ = "\u200c"


def load(name: str) -> dict[str, Any]:
    with open(SAMPLES / name, encoding="utf-8") as f:
        doc: dict[str, Any] = json.load(f)
    return doc


def walk(doc: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any] | None, int]]:
    """(comment, nesting parent or None, nesting depth from 1) in file order, iteratively."""
    out: list[tuple[dict[str, Any], dict[str, Any] | None, int]] = []
    stack: list[tuple[dict[str, Any], dict[str, Any] | None, int]] = [
        (c, None, 1) for c in reversed(doc["comments"])
    ]
    while stack:
        c, parent, depth = stack.pop()
        out.append((c, parent, depth))
        stack.extend((r, c, depth + 1) for r in reversed(c.get("replies", [])))
    return out


def comments(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c, _, _ in walk(doc)]


def by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in comments(doc)}


def tree_depths(doc: dict[str, Any]) -> dict[str, int]:
    """Depth (top level = 1) of every comment, following nesting and `parent` ids alike."""
    parent_of: dict[str, str | None] = {}
    for c, nest_parent, _ in walk(doc):
        parent_of[c["id"]] = nest_parent["id"] if nest_parent else c.get("parent")
    depths: dict[str, int] = {}
    for cid in parent_of:
        path = []
        p: str | None = cid
        while p is not None and p not in depths:
            path.append(p)
            p = parent_of[p]
        d = depths[p] if p is not None else 0
        for q in reversed(path):
            d += 1
            depths[q] = d
    return depths


def is_iso(s: Any) -> bool:
    if not isinstance(s, str):
        return False
    try:
        datetime.fromisoformat(s)
    except ValueError:
        return False
    return True


def structure_problems(doc: Any) -> list[str]:
    """Check the shape of a threadtui/1 document; return a list of problems."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        return ["top level is not an object"]
    if not isinstance(doc.get("title"), str) or not doc["title"].strip():
        problems.append("title: missing or not a non-empty string")
    if "format" in doc and doc["format"] != "threadtui/1":
        problems.append(f"format: {doc['format']!r}")
    for key in ("url", "source"):
        if key in doc and not isinstance(doc[key], str):
            problems.append(f"{key}: not a string")
    art = doc.get("article")
    if art is not None:
        if not isinstance(art, dict):
            problems.append("article: not an object")
        else:
            for key in ("title", "subtitle", "author", "url", "body"):
                if key in art and not isinstance(art[key], str):
                    problems.append(f"article.{key}: not a string")
            if "published" in art and not is_iso(art["published"]):
                problems.append("article.published: not ISO 8601")
    if not isinstance(doc.get("comments"), list):
        problems.append("comments: missing or not a list")
        return problems

    ids: Counter[str] = Counter()
    parents: list[tuple[str, str]] = []
    stack: list[tuple[Any, str, bool]] = [
        (c, f"comments[{i}]", True) for i, c in enumerate(doc["comments"])
    ]
    while stack:
        c, where, top = stack.pop()
        if not isinstance(c, dict):
            problems.append(f"{where}: not an object")
            continue
        if not isinstance(c.get("body"), str):
            problems.append(f"{where}.body: missing or not a string")
        if not isinstance(c.get("id"), str) or not c["id"]:
            problems.append(f"{where}.id: missing (samples give every comment an id)")
        else:
            ids[c["id"]] += 1
        for key in ("author", "title", "url"):
            if key in c and not isinstance(c[key], str):
                problems.append(f"{where}.{key}: not a string")
        for key in ("verified", "deleted"):
            if key in c and not isinstance(c[key], bool):
                problems.append(f"{where}.{key}: not true/false")
        if "score" in c and (type(c["score"]) is not int):
            problems.append(f"{where}.score: not an integer")
        if "more" in c and (type(c["more"]) is not int or c["more"] < 0):
            problems.append(f"{where}.more: not a non-negative integer")
        if "posted" in c and not is_iso(c["posted"]):
            problems.append(f"{where}.posted: not ISO 8601")
        if "parent" in c:
            if not top:
                problems.append(f"{where}.parent: on a nested comment")
            elif not isinstance(c["parent"], str):
                problems.append(f"{where}.parent: not a string")
            else:
                parents.append((where, c["parent"]))
        replies = c.get("replies", [])
        if not isinstance(replies, list):
            problems.append(f"{where}.replies: not a list")
            continue
        stack.extend((r, f"{where}.replies[{i}]", False) for i, r in enumerate(replies))
    problems += [f"duplicate id {i!r}" for i, n in ids.items() if n > 1]
    problems += [f"{w}.parent: no comment {p!r}" for w, p in parents if p not in ids]
    return problems


# ---------------------------------------------------------------------------------- generic


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_is_utf8_json_of_the_right_shape(name: str) -> None:
    raw = (SAMPLES / name).read_bytes()
    raw.decode("utf-8")  # strict
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    doc = json.loads(raw)
    assert structure_problems(doc) == []
    assert doc.get("format") == "threadtui/1"
    assert comments(doc), "samples have comments"
    # no parent cycles: every comment reaches the top level
    assert len(tree_depths(doc)) == len(comments(doc))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_text_is_clean(name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    for ch in set(text):
        cat = unicodedata.category(ch)
        assert cat != "Cs", "no lone surrogates"
        assert ch == "\n" or cat != "Cc", f"control character {ord(ch):#x}"
    for bad in (
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\ufffd",
    ):
        assert bad not in text


def test_structure_checker_catches_problems() -> None:
    bad = {
        "comments": [
            {"id": "a", "body": 3, "verified": "yes", "replies": [{"id": "a", "body": ""}]},
            {"id": "b", "body": "x", "parent": "zzz", "posted": "yesterday", "score": 1.5},
        ]
    }
    problems = structure_problems(bad)
    assert any(p.startswith("title") for p in problems)
    assert any("body" in p for p in problems)
    assert any("verified" in p for p in problems)
    assert any("duplicate id 'a'" in p for p in problems)
    assert any("no comment 'zzz'" in p for p in problems)
    assert any("posted" in p for p in problems)
    assert any("score" in p for p in problems)


def _load_thread() -> Any:
    try:
        from threadtui.model import load_thread
    except ImportError:  # pragma: no cover - the model is optional for these tests
        pytest.skip("threadtui.model.load_thread is not available")
    return load_thread


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_loads_with_the_model(name: str) -> None:
    load_thread = _load_thread()
    doc = load(name)
    thread = load_thread(SAMPLES / name, strict=True)
    assert len(thread) == len(comments(doc))
    assert sorted(thread.ids) == sorted(c["id"] for c in comments(doc))
    assert not thread.warnings
    depths = tree_depths(doc)
    # the model counts depth from 0 at the top level
    assert {i: d + 1 for i, d in zip(thread.ids, thread.depth, strict=True)} == depths


def test_bundled_sample_is_him_again() -> None:
    assert BUNDLED.read_bytes() == (SAMPLES / "him-again.json").read_bytes()
    assert (BUNDLED.parent / "__init__.py").exists()


# -------------------------------------------------------------------------------- him-again

HIM_AGAIN = [
    # id, author, verified, title (None: the page shows none)
    ("c1", "disgusted", False, "Iran's Basij (volunteer)"),
    ("c2", "Aghaye gol!", False, "همه اینا کشکه!"),
    ("c3", "AnonymousDude", False, None),
    ("c4", "Hamid Y. Javanbakht", True, "Amoo Larijani Knows Best"),
    ("c5", "MRX1", True, "Don't you just love it"),
    ("c6", "Parthian", True, "how ironic..."),
    ("c7", "Niloufar Parsi", True, "thanks god it's him again"),
    ("c8", "Ari Siletz", True, "Hamlet in a turban"),
    ("c9", "sosad", False, "The supreme leader has"),
    ("c10", "persian dad", False, None),
    ("c11", "Deja Phucking Vu", False, "Been There, Done That"),
    ("c12", "fanofAMK", False, "This comment is from another"),
    ("c13", "Farah Rusta", True, "If it comes to a choice"),
    ("c14", "Amir K. Sheibany", False, "Project Kick-Off: NIAC's pro-Taazi Regime campaign"),
    ("c15", "Abarmard", True, "Thank you Mr. Parsi"),
    ("c16", "tsion", True, "Good questons Fred"),
    ("c17", "Fred", True, "Faxed nostalgia?"),
]

PERSIAN_BODY_SHA256 = "6e386723a5b4311e9c48385b443a6dce2af69a57444dba96eefa9074a3d369b7"
PERSIAN_FIRST = (
    "شما دوستان عزیز میتونید تا روز ازل هر تحلیلی که میخواهید از فوأید و یا ضررهای "
    'کاندیداتوری این یا اون بدید، ولی واقعیت اینه که هیچ کدوم از این "کاندیدهای انتسابی" '
    "دردی از مردم ایران دوا نخواهند کرد."
)
PERSIAN_LAST = (
    "شاید تنها امیدمون همان جنبش دانشجویی داخل باشه. به نظرم باید به هر نحوی که شده اونها رو "
    "تقویت و حمایت کرد. سیاستمدار حرفهای و مفت خور (و یا جیره خور این یا اون رژیم) لازم نداریم"
)


def test_him_again_article() -> None:
    doc = load("him-again.json")
    art = doc["article"]
    assert doc["title"] == art["title"] == "Him again?"
    assert art["subtitle"] == "Khatami is still a long way from becoming Iran's comeback kid"
    assert art["author"] == "Trita Parsi"
    paras = art["body"].split("\n\n")
    assert len(paras) == 15
    assert paras[0].startswith("Iran's former President, the soft-spoken Mohammad Khatami,")
    assert paras[1].startswith('"I declare that I will stand for the next elections,"')
    assert paras[-2] == (
        "Khatami is still a long way from becoming Iran's comeback kid. But if he does, both "
        "he and Washington must learn from their mistakes in order to make the comeback "
        "worthwhile."
    )
    assert paras[-1].startswith("Trita Parsi is the President of the National Iranian")
    assert "Treacherous Alliance – The Secret Dealings" in paras[-1]  # en dash as on the page
    assert paras[-1].endswith("This commentary was first published on huffingtonpost.com.")
    assert all(p == p.strip() and "\n" not in p for p in paras)
    assert "published" not in art  # the page gives no date


def test_him_again_comments_in_page_order() -> None:
    doc = load("him-again.json")
    cs = sorted(comments(doc), key=lambda c: int(c["id"][1:]))
    assert len(cs) == 17
    got = [(c["id"], c["author"], c["verified"], c.get("title")) for c in cs]
    assert got == HIM_AGAIN
    for c in cs:
        assert "posted" not in c  # no dates on the page
        assert c["body"] == c["body"].strip()
        assert "\n\n\n" not in c["body"]
        assert "title" not in c or c["title"]
    # top level keeps page order, with tsion's reply moved under Fred
    assert [c["id"] for c in doc["comments"]] == [f"c{i}" for i in range(1, 16)] + ["c17"]


def test_him_again_tsion_answers_fred() -> None:
    doc = load("him-again.json")
    fred = doc["comments"][-1]
    assert (fred["author"], fred["title"]) == ("Fred", "Faxed nostalgia?")
    assert [r["id"] for r in fred["replies"]] == ["c16"]
    tsion = fred["replies"][0]
    assert tsion["author"] == "tsion"
    assert tsion["body"] == "but don't expect any answers coming."
    # nothing else is nested
    assert [c["id"] for c in comments(doc) if c.get("replies")] == ["c17"]
    assert "tsion" in doc["source"] and "Fred" in doc["source"]


def test_him_again_persian_comment_is_exact() -> None:
    c = by_id(load("him-again.json"))["c2"]
    body = c["body"]
    assert hashlib.sha256(body.encode("utf-8")).hexdigest() == PERSIAN_BODY_SHA256
    paras = body.split("\n\n")
    assert len(paras) == 4
    assert paras[0] == PERSIAN_FIRST
    assert paras[-1] == PERSIAN_LAST
    # the page's spellings are kept: no ZWNJ added, no letters "fixed"
    assert ZWNJ not in body
    for word in ("احمدینژاد", "فوأید", "آاش", "حرفهای", "میخواد", "۸ سال"):
        assert word in body
    assert "\u064a" not in body and "\u0643" not in body  # Persian yeh/kaf as on the page


def test_him_again_comment_boundaries() -> None:
    c = by_id(load("him-again.json"))
    # the stand-alone line after disgusted's pasted report is read as its last paragraph
    assert c["c1"]["body"].endswith(
        "to fight the threat of s.\n\n"
        "The government of the violent illiterate run by the illiterate for the illiterate."
    )
    # sosad's comment goes on past the citation line
    sosad = c["c9"]["body"].split("\n\n")
    assert sosad[0].startswith("The supreme leader has already pre-empted")
    assert sosad[1].startswith("The Power Structure of the Islamic Republic of Iran")
    assert sosad[1].endswith("Full text")
    assert sosad[2:] == [
        "Khatami is only to pacify the internal dissenters for a while.",
        "Ahmadinead will get his war with the Great Satan.",
    ]
    # the comment quoted inside fanofAMK's is part of its body, not a comment of its own
    amk = c["c12"]["body"]
    assert "Nicely written text, but completely flawed argument\n" in amk
    assert "\nby Arash Monzavi-Kia on Sun Feb 08, 2009 10:11 AM PST\n\n" in amk
    assert amk.endswith("\n\nArash M-K")
    # Fred's single line break is kept
    assert "won’t be given a third chance”\nFirst how does NIAC lobby head" in c["c17"]["body"]
    # avatar captions and site chrome are not in any body
    for cm in c.values():
        for name in ("Hamid Y. Javanbakht", "Niloufar Parsi", "Ari Siletz", "Farah Rusta"):
            assert not cm["body"].endswith(name)
        assert "Recently by Trita Parsi" not in cm["body"]
        assert "more from Trita Parsi" not in cm["body"]
        assert not cm["body"].endswith("\u00a0")
    assert c["c13"]["body"].startswith("betweeen Khatami and Ahmadinejad, who would choose?")
    assert c["c8"]["body"].startswith("Thank you\u00a0Dr. Parsi.")  # inner no-break space kept
    assert c["c3"]["body"] == "Where are the IRI supporters to pat Mrc Parsi on his back?"


def test_him_again_source_note_names_the_ambiguities() -> None:
    note = load("him-again.json")["source"]
    for phrase in (
        "violent illiterate",
        "sosad",
        "Aghaye gol!",
        "fanofAMK",
        "c1..c17",
        "Recently by Trita Parsi",
        "avatar",
    ):
        assert phrase in note


# ---------------------------------------------------------------------------------- persian


def test_persian_sample() -> None:
    doc = load("persian.json")
    cs = comments(doc)
    assert 14 <= len(cs) <= 20
    depths = tree_depths(doc)
    assert max(depths.values()) == 4
    all_text = "\n".join(
        [doc["title"], doc["article"]["title"], doc["article"]["body"]]
        + [c["body"] for c in cs]
        + [c.get("title", "") for c in cs]
    )
    for needle in (
        "؟",
        "۱۴۰۲",
        "«",
        "»",
        "(",
        ")",
        "[",
        "]",
        "@reza_m",
        "https://",
        "www.example.ir",
        "@example.com",
        "2023-05-25",
        f"می{ZWNJ}خواهم",
        f"نمی{ZWNJ}دانم",
        f"کتاب{ZWNJ}ها",
    ):
        assert needle in all_text, needle
    assert any(ch.isascii() and ch.isdigit() for ch in all_text)  # Latin digits too
    assert any(any(w in c["body"] for w in ("I agree", "budget", "e-book")) for c in cs)
    assert doc["article"]["title"] and doc["article"]["body"].count("\n\n") >= 2
    # most comments use Persian yeh/kaf; a couple were typed on an Arabic keyboard
    arabic_kb = [c["id"] for c in cs if "\u064a" in c["body"] or "\u0643" in c["body"]]
    assert len(arabic_kb) >= 2
    for c in cs:
        if c["id"] not in arabic_kb:
            assert "\u06cc" in c["body"], c["id"]  # ی
        else:
            assert "\u06cc" not in c["body"] and "\u06a9" not in c["body"], c["id"]
    for c in cs:
        assert all(is_iso(x) for x in (c["posted"],))


# ----------------------------------------------------------------------------------- arabic


def test_arabic_sample() -> None:
    doc = load("arabic.json")
    cs = comments(doc)
    assert 10 <= len(cs) <= 14
    bodies = "\n".join(c["body"] for c in cs)
    assert all(chr(0x660 + d) in bodies for d in range(10)), "all Arabic-Indic digits"
    assert any("\u064b" <= ch <= "\u0652" for ch in bodies), "harakat"
    for needle in ("لا ", "السلام", "الله", "ة", "\u0640\u0640", "https://", "Python"):
        assert needle in bodies, needle
    # tatweel stretches one word; "الـ documentation" uses it as a joiner, as Arabic writers do
    assert sum("\u0640\u0640" in c["body"] for c in cs) == 1, "stretched word in one comment"
    assert "\u06cc" not in bodies and "\u06a9" not in bodies, "Arabic, not Persian, letters"
    assert max(tree_depths(doc).values()) >= 3


# ---------------------------------------------------------------------------- deep and wide


def test_deep_and_wide_sample() -> None:
    doc = load("deep-and-wide.json")
    cs = comments(doc)
    depths = tree_depths(doc)
    assert max(depths.values()) == 60
    chain = [c for c in cs if c["id"].startswith("d")]
    assert len(chain) == 60 and depths["d60"] == 60
    assert max(len(c.get("replies", [])) for c in cs) == 40
    flat = [c for c in doc["comments"] if "parent" in c]
    assert len(flat) >= 5
    ids = set(depths)
    assert all(c["parent"] in ids for c in flat)
    assert any(depths[c["id"]] >= 4 for c in flat)
    deleted = [c for c in cs if c.get("deleted")]
    assert len(deleted) == 1 and deleted[0]["body"] == "[deleted]" and deleted[0]["replies"]
    assert any(c.get("more") == 12 for c in cs)
    text = "\n".join(c["body"] for c in cs)
    assert "\u06cc" in text and "\u064a" in text and "Level" in text  # fa, ar, en
