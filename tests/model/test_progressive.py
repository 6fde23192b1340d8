import json
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from threadtui.model import load_thread
from threadtui.model.progressive import PREFIX_BYTES, _partial_doc, load_streaming, partial_thread


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


# -- the document reader under both, on any document and any prefix of it ---------------


_leaf = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
_value = st.recursive(_leaf, lambda v: st.lists(v, max_size=3), max_leaves=6)
_docs = st.fixed_dictionaries(
    {"comments": st.lists(st.dictionaries(st.text(max_size=4), _value, max_size=3), max_size=4)},
    optional={"title": st.text(max_size=6), "format": _value},
)


@example({"format": -10, "comments": []}, None, 13)  # a number cut short: -1|0
@given(_docs, st.sampled_from([None, 1]), st.integers(0, 10**6))
def test_partial_doc_reads_whole_documents_and_their_prefixes(
    doc: dict[str, Any], indent: int | None, at: int
) -> None:
    text = json.dumps(doc, indent=indent)
    assert _partial_doc(text, complete=True) == doc
    cut = at % len(text)
    assert _partial_doc(text[:cut], complete=True) is None
    part = _partial_doc(text[:cut])
    if part is not None:
        assert set(part) <= set(doc)
        got = part.get("comments", [])
        assert got == doc["comments"][: len(got)]
        assert all(part[k] == doc[k] for k in part if k != "comments")
