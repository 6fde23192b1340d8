"""Exports of many threads: Disqus XML and WordPress WXR (#16.9)."""

from __future__ import annotations

import gzip
import itertools
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from threadtui.importers import ChooseThread, iter_threads, list_threads, load_any
from threadtui.model import load_thread
from threadtui.model.jsonio import ThreadLoadError

from .helpers import FIXTURES, row, shape

DISQUS = FIXTURES / "disqus.xml"
WXR = FIXTURES / "wordpress.xml"
ROOT = Path(__file__).parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "threadtui", *args], capture_output=True, text=True, timeout=60
    )


# --------------------------------------------------------------------------- Disqus


def test_disqus_lists_its_threads() -> None:
    threads = list_threads(DISQUS)
    assert threads is not None
    assert [(t.id, t.identifier) for t in threads] == [
        ("5120001", "post-1187"),
        ("5120002", "post-1190"),
    ]
    assert threads[1].title == "Air quality & the schools"
    assert threads[0].link == "https://news.example.ir/2019/03/metro-line-7/"


def test_disqus_without_a_choice_asks_which_thread() -> None:
    with pytest.raises(ChooseThread) as e:
        load_any(DISQUS)
    assert len(e.value.threads) == 2
    assert "holds 2 threads; choose one with --thread" in str(e.value)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    "choice",
    ["5120001", "post-1187", "https://news.example.ir/2019/03/metro-line-7/",
     "http://news.example.ir/2019/03/metro-line-7"],
)  # fmt: skip
def test_disqus_thread_by_id_identifier_or_link(choice: str) -> None:
    t = load_any(DISQUS, thread=choice)
    assert t.title == "خط ۷ مترو: افتتاح دوباره"
    assert shape(t) == [
        ("880001", None),
        ("880004", "880001"),
        ("880005", "880001"),
        ("880006", "880005"),
        ("880007", "880006"),
        ("880002", None),
    ]
    assert (
        row(t, "880001")["body"] == "بالاخره! دو سال منتظر بودیم.\n\nایستگاه‌ها هنوز تهویه ندارند."
    )
    assert row(t, "880001")["author"] == "Maryam (maryam_t)"
    assert row(t, "880002")["author"] == "A guest"
    assert row(t, "880002")["body"] == (
        "Is line 7 really safe now? See the report (https://example.org/report)."
    )
    # spam and deleted posts keep their place (their replies hang under them), not text
    assert (row(t, "880004")["body"], row(t, "880004")["deleted"]) == ("[marked as spam]", True)
    assert (row(t, "880006")["body"], row(t, "880006")["deleted"]) == ("[deleted]", True)
    assert row(t, "880007")["url_"] == (
        "https://news.example.ir/2019/03/metro-line-7/#comment-880007"
    )
    assert t.source is not None and "4 posts" in t.source
    assert not t.warnings


def test_disqus_unknown_thread_fails_in_one_line() -> None:
    with pytest.raises(ThreadLoadError, match="no thread 'nope'"):
        load_any(DISQUS, thread="nope")


def test_disqus_convert_all_writes_one_file_per_thread(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    r = _cli("convert", "--all", str(DISQUS), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["5120001.json", "5120002.json"]
    again = load_thread(out / "5120001.json")
    assert shape(again) == shape(load_any(DISQUS, thread="5120001"))
    assert [t.id for t, _ in iter_threads(DISQUS)] == ["5120001", "5120002"]


def test_cli_threads_and_render_need_a_choice() -> None:
    r = _cli("threads", str(DISQUS))
    assert r.returncode == 0
    assert r.stdout.splitlines()[1].startswith("5120002  Air quality & the schools  https://")
    r = _cli("render", str(DISQUS))
    assert r.returncode == 2 and "choose one with --thread" in r.stderr
    r = _cli("render", str(DISQUS), "--thread", "5120002", "--width", "60")
    assert r.returncode == 0 and "Masks sold out everywhere." in r.stdout


def test_gzip_export(tmp_path: Path) -> None:
    p = tmp_path / "export.xml.gz"
    p.write_bytes(gzip.compress(DISQUS.read_bytes()))
    assert shape(load_any(p, thread="5120002")) == [("880003", None)]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b'<?xml version="1.0"?>\n<!DOCTYPE disqus [<!ENTITY a "aaaa">]>\n'
         b'<disqus xmlns="http://disqus.com"><thread/></disqus>', "document type declaration"),
        (b'<disqus xmlns="http://disqus.com"><thread dsq:id="1"></disqus>', "not well-formed"),
        (b'<disqus xmlns="http://disqus.com"><thread', "not well-formed"),
        (b'<disqus xmlns="http://disqus.com"></disqus>', "holds no threads"),
    ],
)  # fmt: skip
def test_hostile_exports_fail_in_one_line(content: bytes, needle: str, tmp_path: Path) -> None:
    p = tmp_path / "export.xml"
    p.write_bytes(content)
    with pytest.raises(ThreadLoadError) as e:
        load_any(p, fmt="disqus")
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_progress_is_reported_and_limit_reads_a_first_part(tmp_path: Path) -> None:
    p = tmp_path / "export.xml"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_disqus.py"), "--threads", "3",
         "--posts", "3000", "-o", str(p)],
        check=True, timeout=120,
    )  # fmt: skip
    seen: list[tuple[int, int]] = []
    full = load_any(p, thread="7000001", progress=lambda d, t: seen.append((d, t)))
    size = p.stat().st_size
    assert seen and seen[-1] == (size, size)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))
    first = load_any(p, thread="7000001", limit=size // 4)
    assert 0 < len(first) < len(full)
    assert first.ids == full.ids[: len(first)] or set(first.ids) <= set(full.ids)


def _peak(path: Path, thread: str) -> tuple[int, int]:
    tracemalloc.start()
    try:
        n = len(load_any(path, thread=thread))
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_one_thread_streams_in_bounded_memory(tmp_path: Path) -> None:
    """Reading one thread keeps only that thread: the peak of Python allocations does not
    grow with the file (a 500 MB export must not be held whole). Two sizes, same thread
    count, measured in the same test after a warm-up (imports allocate too)."""
    files = {}
    for posts in (2000, 16000):
        files[posts] = p = tmp_path / f"export-{posts}.xml"
        subprocess.run(
            [sys.executable, str(ROOT / "tools" / "gen_disqus.py"), "--threads", "200",
             "--posts", str(posts), "-o", str(p)],
            check=True, timeout=120,
        )  # fmt: skip
    load_any(files[2000], thread="7000007")
    n_small, small = _peak(files[2000], "7000007")
    n_large, large = _peak(files[16000], "7000007")
    assert n_large > 4 * n_small
    size = files[16000].stat().st_size
    assert large < small * 1.5 + (1 << 20), (small, large)
    assert large < size / 4, (large, size)


# --------------------------------------------------------------------------- WordPress


def test_wordpress_lists_posts_and_pages_not_attachments() -> None:
    threads = list_threads(WXR)
    assert threads is not None
    assert [(t.id, t.title, t.posts) for t in threads] == [
        ("42", "Why my terminal shows Persian backwards", 4),
        ("2", "About", 0),
    ]


def test_wordpress_thread() -> None:
    t = load_any(WXR, thread="42")
    assert t.title == "Why my terminal shows Persian backwards"
    assert t.url == "https://blog.example.org/2024/03/terminal-persian/"
    assert shape(t) == [
        ("301", None),
        ("302", "301"),
        ("304", "302"),
        ("303", None),
        ("305", None),
    ]
    assert row(t, "302")["body"] == (
        "Thanks! Try WezTerm (https://wezfurlong.org/wezterm/).\n\nIt shapes Arabic script."
    )
    assert row(t, "304")["title_"] == "awaiting moderation"
    assert (row(t, "303")["body"], row(t, "303")["deleted"]) == ("[marked as spam]", True)
    assert row(t, "305")["author"] == "Another blog » Terminals"
    assert row(t, "305")["title_"] == "pingback"
    assert row(t, "301")["posted"] is not None and row(t, "301")["posted"].hour == 18
    a = t.article
    assert a is not None and a.author == "niloofar"
    assert a.body == "Most terminals do no bidi at all.\n\n- Kitty: none\n- WezTerm: some"
    assert t.source is not None and "4 comments" in t.source


def test_wordpress_choice_by_link_and_errors() -> None:
    assert load_any(WXR, thread="https://blog.example.org/about").title == "About"
    with pytest.raises(ChooseThread):
        load_any(WXR)
    with pytest.raises(ThreadLoadError, match="no thread '43'"):
        load_any(WXR, thread="43")  # the attachment is not a thread


def test_detection_of_exports_by_content(tmp_path: Path) -> None:
    for src in (DISQUS, WXR):
        p = tmp_path / "saved.txt"
        p.write_bytes(src.read_bytes())
        assert list_threads(p) == list_threads(src)
    assert list_threads(FIXTURES / "reddit.json") is None
    doc = json.loads((FIXTURES / "reddit.json").read_text(encoding="utf-8"))
    assert doc  # a JSON file is never taken for an export
