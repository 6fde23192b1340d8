import json
from pathlib import Path

from threadtui.model import load_thread
from threadtui.model.progressive import PREFIX_BYTES, load_streaming, partial_thread


def big_thread(path: Path, n: int) -> None:
    comments = [
        {
            "id": f"c{k}",
            "author": "a",
            "body": "سلام دنیا " * 30,
            "replies": [{"id": f"r{k}", "body": "reply " * 20}],
        }
        for k in range(n)
    ]
    path.write_text(
        json.dumps({"title": "big", "comments": comments, "tail": 1}, ensure_ascii=False),
        encoding="utf-8",
    )


def test_partial_is_a_prefix_of_the_whole(tmp_path: Path) -> None:
    p = tmp_path / "big.json"
    big_thread(p, 6000)
    assert p.stat().st_size > PREFIX_BYTES
    part = partial_thread(p)
    full = load_thread(p)
    assert part is not None
    assert 0 < len(part) < len(full)
    assert full.ids[: len(part)] == part.ids
    assert full.body[: len(part)] == part.body


def test_streaming_load_equals_ordinary_load(tmp_path: Path) -> None:
    p = tmp_path / "big.json"
    big_thread(p, 3000)
    streamed = load_streaming(p, max_bytes=None)
    full = load_thread(p)
    assert streamed is not None
    for col in ("ids", "parent", "depth", "end", "body", "author"):
        assert getattr(streamed, col) == getattr(full, col), col


def test_streaming_gives_up_on_anything_unusual(tmp_path: Path) -> None:
    cases = {
        "cut.json": '{"title": "x", "comments": [{"body": "a"}]',
        "extra.json": '{"title": "x", "comments": []} trailing',
        "list.json": '[{"body": "a"}]',
        "latin1.json": None,
    }
    for name, text in cases.items():
        p = tmp_path / name
        if text is None:
            p.write_bytes(b'{"title": "\xe9", "comments": []}')
        else:
            p.write_text(text)
        assert load_streaming(p, max_bytes=None) is None, name
