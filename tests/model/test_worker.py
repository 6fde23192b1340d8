"""The background load in a child process (#18): the same thread as a load in the
reader's own process, errors as one line, and a stop that ends the child at once."""

import json
import os
import threading
import time
from pathlib import Path

import pytest

from threadtui.model import ThreadLoadError, load_thread
from threadtui.model.thread import Thread
from threadtui.model.worker import COLUMNS, SLICE, LoadCancelled, load_in_worker


def _thread_file(path: Path, n: int) -> None:
    comments = [
        {
            "id": f"c{k}",
            "author": f"a{k % 7}",
            "posted": "2024-01-02T03:04:05+00:00",
            "score": k,
            "body": f"سلام {k}",
            "replies": [{"id": f"r{k}", "body": "reply", "flair": {"x": k}}],
        }
        for k in range(n)
    ]
    doc = {"title": "t", "x-top": [1], "article": {"body": "a"}, "comments": comments}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _same(a: Thread, b: Thread) -> None:
    for name in COLUMNS:
        assert getattr(a, name) == getattr(b, name), name
    assert a.extras == b.extras and a.extras_top == b.extras_top
    assert (a.title, a.article, a.warnings) == (b.title, b.article, b.warnings)


def test_the_same_thread_as_loading_here(tmp_path: Path) -> None:
    p = tmp_path / "t.json"
    _thread_file(p, SLICE)  # two comments each: several slices
    _same(load_in_worker(str(p), max_bytes=None), load_thread(p))


def test_errors_are_the_loaders_line(tmp_path: Path) -> None:
    p = tmp_path / "bad.json"
    p.write_text('{"title": "t", "comments": [{"body": 5}]}')
    with pytest.raises(ThreadLoadError) as e:
        load_in_worker(str(p), max_bytes=None)
    assert str(e.value) == f"{p}: comments[0].body: expected a string, got a number"
    with pytest.raises(ThreadLoadError, match="over the 10 bytes limit"):
        load_in_worker(str(p), max_bytes=10)


def _children() -> set[int]:
    me = os.getpid()
    out = set()
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == me:
                        out.add(int(pid))
            except (OSError, ValueError, IndexError):
                pass
    return out


def test_a_stop_kills_the_child_at_once(tmp_path: Path) -> None:
    p = tmp_path / "big.json"
    _thread_file(p, 40_000)
    before = _children()
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    t0 = time.monotonic()
    with pytest.raises(LoadCancelled):
        load_in_worker(str(p), max_bytes=None, should_stop=stop.is_set)
    # Polled a fifth of a second apart at most; generous for a loaded machine.
    assert time.monotonic() - t0 < 0.3 + 1.0
    assert _children() <= before, "the child outlived the stop"
