import gzip
import json
from pathlib import Path

import pytest

from threadtui.model import Flag, ThreadLoadError, load_thread, load_thread_text


def write(tmp_path: Path, doc: object, name: str = "t.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return p


def test_nested_and_flat_mix(tmp_path: Path) -> None:
    doc = {
        "title": "t",
        "comments": [
            {"id": "a", "body": "A", "replies": [{"id": "b", "body": "B"}]},
            {"id": "c", "body": "C", "parent": "b"},
            {"id": "d", "body": "D"},
        ],
    }
    t = load_thread(write(tmp_path, doc))
    assert t.ids == ["a", "b", "c", "d"]
    assert t.parent == [-1, 0, 1, -1]
    assert t.depth == [0, 1, 2, 0]
    assert t.end == [3, 3, 3, 4]
    assert t.warnings == []


def test_flat_parent_after_child_order(tmp_path: Path) -> None:
    doc = {
        "title": "t",
        "comments": [
            {"id": "2", "parent": "1", "body": "reply"},
            {"id": "1", "body": "root"},
        ],
    }
    t = load_thread(write(tmp_path, doc))
    assert t.ids == ["1", "2"]
    assert t.parent == [-1, 0]


def test_generated_ids_and_unknown_keys(tmp_path: Path) -> None:
    doc = {"title": "t", "x-extra": 1, "comments": [{"body": "a", "likes": 3}, {"body": "b"}]}
    t = load_thread(write(tmp_path, doc))
    assert t.ids == ["#1", "#2"]
    assert t.extras[0] == {"likes": 3}
    assert t.extras_top == {"x-extra": 1}


def test_duplicates_orphans_cycles_are_warnings(tmp_path: Path) -> None:
    doc = {
        "title": "t",
        "comments": [
            {"id": "a", "body": "1"},
            {"id": "a", "body": "2"},
            {"id": "o", "body": "3", "parent": "missing"},
            {"id": "s", "body": "4", "parent": "s"},
            {"id": "x", "body": "5", "parent": "y"},
            {"id": "y", "body": "6", "parent": "z"},
            {"id": "z", "body": "7", "parent": "x"},
        ],
    }
    t = load_thread(write(tmp_path, doc))
    assert len(t) == 7
    assert "a~2" in t.ids
    joined = "\n".join(t.warnings)
    assert "duplicate" in joined and "does not exist" in joined and "itself" in joined
    assert "cycle" in joined
    for cid in ("o", "s"):
        assert t.flags[t.ids.index(cid)] & Flag.ORPHAN
    # exactly one member of the cycle became top-level, the rest hang under it
    cyc = [t.ids.index(c) for c in "xyz"]
    assert sorted(t.depth[i] for i in cyc) == [0, 1, 2]


@pytest.mark.parametrize("length", [2, 3, 10, 500])
def test_cycles_of_every_length(tmp_path: Path, length: int) -> None:
    comments = [
        {"id": f"n{k}", "body": str(k), "parent": f"n{(k + 1) % length}"} for k in range(length)
    ]
    t = load_thread(write(tmp_path, {"title": "t", "comments": comments}))
    assert len(t) == length
    assert t.depth.count(0) == 1
    assert max(t.depth) == length - 1


def test_deep_chain_10000(tmp_path: Path) -> None:
    depth = 10_000
    text = (
        '{"title":"deep","comments":['
        + '{"body":"x","replies":[' * depth
        + '{"body":"end"}'
        + "]}" * depth
        + "]}"
    )
    p = tmp_path / "deep.json"
    p.write_text(text)
    t = load_thread(p)
    assert len(t) == depth + 1
    assert t.max_depth == depth
    assert t.end[0] == depth + 1


def test_deep_chain_100000(tmp_path: Path) -> None:
    depth = 100_000
    text = (
        '{"title":"deep","comments":['
        + '{"body":"x","replies":[' * depth
        + '{"body":"end"}'
        + "]}" * depth
        + "]}"
    )
    t = load_thread_text(text)
    assert len(t) == depth + 1
    assert t.body[-1] == "end"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b'{"title": "x", "comments": [', "ends too early"),
        (b'{"title": "x",, }', "line 1 column 15"),
        (b'{"title": 5}', "title: expected a string"),
        (b'{"comments": []}', "title: required"),
        (b'{"title": "t", "comments": {}}', "comments: expected a list"),
        (b'{"title": "t", "comments": [{"body": 5}]}', "comments[0].body: expected a string"),
        (b'{"title": "t", "comments": [{"body": null}]}', "comments[0].body: expected a string"),
        (
            b'{"title": "t", "comments": [{"body": "x", "replies": [{"body": "y", "posted": 7}]}]}',
            "comments[0].replies[0].posted",
        ),
        (b'{"title": "t", "comments": [{"body": "x", "score": "high"}]}', "score"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"title": "\xff\xfe\xfa"}', "not valid UTF-8"),
    ],
)
def test_bad_input_one_line(tmp_path: Path, content: bytes, needle: str) -> None:
    p = tmp_path / "bad.json"
    p.write_bytes(content)
    with pytest.raises(ThreadLoadError) as e:
        load_thread(p)
    msg = str(e.value)
    assert needle in msg
    assert "\n" not in msg
    assert str(p) in msg


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ThreadLoadError, match="no such file"):
        load_thread(tmp_path / "nope.json")
    with pytest.raises(ThreadLoadError, match="is a directory"):
        load_thread(tmp_path)


def test_size_cap(tmp_path: Path) -> None:
    p = write(tmp_path, {"title": "t", "comments": [{"body": "x" * 5000}]})
    with pytest.raises(ThreadLoadError, match="--max-size"):
        load_thread(p, max_bytes=1000)
    assert len(load_thread(p, max_bytes=None)) == 1


def test_gzip_bom_utf16(tmp_path: Path) -> None:
    doc = {"title": "سلام", "comments": [{"body": "متن"}]}
    raw = json.dumps(doc, ensure_ascii=False)
    cases = {
        "g.json.gz": gzip.compress(raw.encode()),
        "bom.json": b"\xef\xbb\xbf" + raw.encode(),
        "u16le.json": raw.encode("utf-16"),
        "u16be.json": raw.encode("utf-16-be"),
        "u16le-nobom.json": raw.encode("utf-16-le"),
    }
    for name, data in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        t = load_thread(p)
        assert t.title == "سلام", name
        assert t.body == ["متن"], name


def test_gzip_bomb_is_capped(tmp_path: Path) -> None:
    p = tmp_path / "bomb.json.gz"
    p.write_bytes(gzip.compress(b" " * 5_000_000))
    with pytest.raises(ThreadLoadError, match="decompresses to more than"):
        load_thread(p, max_bytes=1_000_000)


def test_lone_surrogates_replaced() -> None:
    t = load_thread_text(
        '{"title": "a\\ud800b", "comments": [{"body": "x\\udfffy", "author": "\\ud83d"}]}'
    )
    assert t.title == "a\ufffdb"
    assert t.body[0] == "x\ufffdy"
    assert t.author[0] == "\ufffd"
    assert any("surrogate" in w for w in t.warnings)
    # real pairs survive
    t = load_thread_text('{"title": "\\ud83d\\ude00", "comments": []}')
    assert t.title == "😀"


def test_bad_date_is_a_warning_and_kept_as_text() -> None:
    t = load_thread_text('{"title": "t", "comments": [{"body": "x", "posted": "yesterday"}]}')
    assert t.posted == [None]
    assert t.posted_text == ["yesterday"]
    assert any("ISO 8601" in w for w in t.warnings)


def test_huge_numbers_do_not_crash() -> None:
    big = "9" * 5000
    with pytest.raises(ThreadLoadError, match="score"):
        load_thread_text('{"title": "t", "comments": [{"body": "x", "score": ' + big + "}]}")
    t = load_thread_text('{"title": "t", "comments": [{"body": "x", "score": ' + "9" * 300 + "}]}")
    assert t.score[0] == int("9" * 300)


def test_bidi_controls_flagged() -> None:
    t = load_thread_text(
        '{"title": "t", "comments": [{"body": "ok"}, {"body": "x", "author": "a\\u202eb"}]}'
    )
    assert not t.flags[0] & Flag.BIDI_CONTROLS
    assert t.flags[1] & Flag.BIDI_CONTROLS


def test_strict_mode_turns_warnings_into_errors() -> None:
    with pytest.raises(ThreadLoadError):
        load_thread_text(
            '{"title": "t", "comments": [{"body": "x", "parent": "nope"}]}', strict=True
        ) if False else load_thread_text(
            '{"title": "t", "comments": [{"body": "x", "posted": "nope"}]}', strict=True
        )
