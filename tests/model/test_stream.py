"""`threadtui render` streams (#18): a thread file as slices, each validated through the
models, giving the same rows as the whole load; the first lines out before the last
comment is parsed; a broken pipe ends it at once."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from threadtui.model import ThreadLoadError, load_thread
from threadtui.model.progressive import worth_partial
from threadtui.model.stream import SLICE, NeedsWhole, stream_thread
from threadtui.text import LayoutOptions
from threadtui.view.render import render_stream, render_thread


def _doc(n: int, **extra: object) -> dict[str, object]:
    comments = [
        {
            "id": f"c{k}",
            "author": "نسرین" if k % 2 else "sam",
            "posted": "2024-01-02T03:04:05+00:00",
            "body": f"comment {k}: سلام دنیا",
            "replies": [{"id": f"r{k}", "body": f"reply {k}", "flair": k}],
        }
        for k in range(n)
    ]
    return {"title": "t", "article": {"body": "the article"}, "comments": comments, **extra}


def _write(tmp_path: Path, doc: object, indent: int | None = None) -> Path:
    p = tmp_path / "t.json"
    p.write_text(json.dumps(doc, ensure_ascii=False, indent=indent), encoding="utf-8")
    return p


class _Out:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, s: str) -> int:
        self.parts.append(s)
        return len(s)

    def flush(self) -> None:
        pass

    def text(self) -> str:
        return "".join(self.parts)


def test_the_same_lines_as_the_whole_load(tmp_path: Path) -> None:
    p = _write(tmp_path, _doc(SLICE * 2 + 7, more=3))
    stream = stream_thread(p, max_bytes=None)
    assert stream is not None
    streamed, whole = _Out(), _Out()
    render_stream(stream, streamed, 70, LayoutOptions())
    render_thread(load_thread(p), whole, 70, LayoutOptions())
    assert streamed.text() == whole.text()
    assert streamed.text().rstrip().endswith(f"{(SLICE * 2 + 7) * 2:,} comments")


def test_a_head_cut_inside_a_character_still_streams(tmp_path: Path) -> None:
    from threadtui.model.stream import HEAD_BYTES

    doc = _doc(10)
    # The file's first megabyte, from which the head is read, ends inside a two-byte
    # letter of the first comment (at either byte of it, whatever the offset).
    doc["comments"][0]["body"] = "س" * HEAD_BYTES  # type: ignore[index]
    stream = stream_thread(_write(tmp_path, doc), max_bytes=None)
    assert stream is not None
    assert sum(map(len, stream.slices())) == 20


def test_problems_name_the_files_path(tmp_path: Path) -> None:
    doc = _doc(SLICE + 5)
    doc["comments"][SLICE + 2]["replies"][0]["score"] = "high"  # type: ignore[index]
    stream = stream_thread(_write(tmp_path, doc), max_bytes=None)
    assert stream is not None
    given = []
    with pytest.raises(ThreadLoadError, match=rf"comments\[{SLICE + 2}\]\.replies\[0\]\.score"):
        for part in stream.slices():
            given.append(len(part))
    assert given, "the slices before the problem are given out first"


def test_repeated_keys_are_warned_with_their_path(tmp_path: Path) -> None:
    text = json.dumps(_doc(SLICE + 3)).replace('"id": "c513"', '"id": "c513", "id": "x"')
    p = tmp_path / "dup.json"
    p.write_text(text)
    stream = stream_thread(p, max_bytes=None)
    assert stream is not None
    warnings = [w for part in stream.slices() for w in part.warnings]
    assert warnings == ["comments[513].id: the key appears 2 times; only the last one is read"]


@pytest.mark.parametrize(
    "text",
    [
        '{"comments": [{"body": "x"}], "title": "title after the comments"}',
        '{"title": "t", "title": "u", "comments": [{"body": "x"}]}',
    ],
)
def test_other_shapes_are_loaded_whole(tmp_path: Path, text: str) -> None:
    p = tmp_path / "t.json"
    p.write_text(text)
    assert stream_thread(p, max_bytes=None) is None


def test_flat_replies_are_rendered_in_reading_order(tmp_path: Path) -> None:
    doc = _doc(12_000)
    doc["comments"].append({"id": "late", "parent": "c0", "body": "a flat reply"})  # type: ignore[union-attr]
    p = _write(tmp_path, doc, indent=4)
    assert worth_partial(p)  # large enough for render to stream it
    stream = stream_thread(p, max_bytes=None)
    assert stream is not None
    with pytest.raises(NeedsWhole):
        next(stream.slices())
    whole, out = (
        _Out(),
        subprocess.run(
            [sys.executable, "-m", "threadtui", "render", str(p), "--width", "70"],
            capture_output=True,
            text=True,
            timeout=300,
        ),
    )
    render_thread(load_thread(p), whole, 70, LayoutOptions())
    assert out.stdout == whole.text()


def test_a_deep_chain_falls_back_to_the_whole_load(tmp_path: Path) -> None:
    depth = 5000
    text = (
        '{"title": "deep", "comments": ['
        + '{"body": "x", "replies": [' * depth
        + '{"body": "end"}'
        + "]}" * depth
        + "]}"
    )
    p = tmp_path / "deep.json"
    p.write_text(text)
    stream = stream_thread(p, max_bytes=None)
    assert stream is not None
    with pytest.raises(NeedsWhole):
        next(stream.slices())


def _big(tmp_path: Path) -> Path:
    """A file past the size that renders whole (4 MiB) with the fewest comments to render:
    indented, as many exports are."""
    p = _write(tmp_path, _doc(12_000), indent=4)
    assert worth_partial(p)
    return p


def test_render_writes_its_first_lines_before_parsing_the_rest(tmp_path: Path) -> None:
    p = _big(tmp_path)
    whole = subprocess.run(
        [sys.executable, "-m", "threadtui", "render", str(p), "--width", "80"],
        capture_output=True,
        timeout=300,
    )
    assert whole.returncode == 0, whole.stderr
    t0 = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "threadtui", "render", str(p), "--width", "80"],
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    first = child.stdout.readline()
    first_at = time.monotonic() - t0
    rest = child.stdout.read()
    total = time.monotonic() - t0
    assert child.wait(timeout=300) == 0
    assert first + rest == whole.stdout
    # Not a timing target (see docs/performance.md): only that the first line did not
    # wait for the whole thread, measured as a share of the same run.
    assert first_at < total / 2


def test_render_into_a_closed_pipe_stops_at_once(tmp_path: Path) -> None:
    p = _big(tmp_path)
    head = subprocess.run(
        f"{sys.executable} -m threadtui render {p} --width 80 | head -3",
        shell=True,
        capture_output=True,
        timeout=300,
    )
    assert head.stdout.count(b"\n") == 3
    assert b"Traceback" not in head.stderr
