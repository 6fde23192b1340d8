"""A thread's identity survives moving, renaming, gzipping, converting and growing."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from threadtui.importers import load_any
from threadtui.state.identity import normalise_url, thread_key

from .helpers import comments, doc, thread_of, write


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://news.ycombinator.com/item?id=1", "HTTPS://News.YCombinator.com/item?id=1"),
        ("https://example.org/t/5/", "https://example.org/t/5"),
        ("https://example.org/t/5#post-3", "https://example.org/t/5"),
        ("https://example.org:443/t/5", "https://example.org/t/5"),
        ("  https://example.org/t/5  ", "https://example.org/t/5"),
    ],
)
def test_equivalent_urls_normalise_alike(a: str, b: str) -> None:
    assert normalise_url(a) == normalise_url(b) is not None


def test_different_urls_differ() -> None:
    assert normalise_url("https://example.org/t/5") != normalise_url("https://example.org/t/6")
    assert normalise_url("https://example.org/t?id=1") != normalise_url(
        "https://example.org/t?id=2"
    )
    assert normalise_url("not a url") is None
    assert normalise_url("https://[::1") is None


def test_url_is_the_key_whatever_else_changes() -> None:
    a = thread_of(doc(3, title="one title", url="https://x.org/t/1"))
    b = thread_of(doc(9, title="another title", url="https://x.org/t/1/"))
    assert thread_key(a) == thread_key(b)
    assert thread_key(a).startswith("url:")


def test_fingerprint_survives_appended_comments_but_not_another_thread() -> None:
    d = doc(10)
    grown = dict(d, comments=d["comments"] + comments(5, start=10))
    replies = json.loads(json.dumps(d))
    replies["comments"][3]["replies"] = comments(2, start=50)
    k = thread_key(thread_of(d))
    assert k.startswith("fp:")
    assert thread_key(thread_of(grown)) == k
    assert thread_key(thread_of(replies)) == k
    assert thread_key(thread_of(doc(10, title="Another thread"))) != k
    other_first = dict(d, comments=comments(10, prefix="x"))
    assert thread_key(thread_of(other_first)) != k


def test_key_survives_move_gzip_and_reordered_keys(tmp_path: Path) -> None:
    d = doc(12)
    a = write(tmp_path / "a.json", d)
    moved = tmp_path / "elsewhere" / "renamed.json.gz"
    moved.parent.mkdir()
    reordered = {k: d[k] for k in reversed(list(d))}
    moved.write_bytes(gzip.compress(json.dumps(reordered, indent=2).encode()))
    assert thread_key(load_any(a)) == thread_key(load_any(moved))


FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"


@pytest.mark.parametrize("name", ["hn_algolia.json", "reddit.json", "mail.mbox"])
def test_key_survives_conversion_from_a_site_export(tmp_path: Path, name: str) -> None:
    from threadtui.model.writer import write_thread

    src = FIXTURES / name
    assert src.exists(), f"fixture missing: {src}"
    first = load_any(src)
    out = tmp_path / "converted.json"
    write_thread(first, out)
    assert thread_key(load_any(out)) == thread_key(first)
