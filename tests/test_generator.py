"""tools/gen_thread.py: exact size, determinism, depth cap, deep chains, flat files."""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "gen_thread.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_thread", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


gen = _module()


def generate(n: int, **kw: Any) -> str:
    buf = io.StringIO()
    gen.generate(buf, n, **kw)
    return buf.getvalue()


def flatten(doc: dict[str, Any]) -> list[tuple[dict[str, Any], str | None, int]]:
    """(comment, parent id, depth from 1) in file order, iteratively; parent from nesting or
    from the `parent` key."""
    out: list[tuple[dict[str, Any], str | None, int]] = []
    depth_of: dict[str, int] = {}
    stack: list[tuple[dict[str, Any], str | None]] = [(c, None) for c in reversed(doc["comments"])]
    while stack:
        c, nest_parent = stack.pop()
        parent = nest_parent if nest_parent is not None else c.get("parent")
        d = 1 if parent is None else depth_of[parent] + 1
        depth_of[c["id"]] = d
        out.append((c, parent, d))
        stack.extend((r, c["id"]) for r in reversed(c.get("replies", [])))
    return out


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:]')


def scan_nesting(text: str) -> tuple[int, int]:
    """(number of comments, deepest comment depth) of a nested file, without json.loads:
    a 10,000-deep file is beyond what the recursive json decoder accepts."""
    # stack entries: "C" comment object, "O" other object, "L" comment list, "A" other list
    stack: list[str] = []
    key = None
    last_string = None
    count = deepest = depth = 0
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok[0] == '"':
            last_string = tok
        elif tok == ":":
            key = last_string
        elif tok == "[":
            stack.append("L" if key in ('"replies"', '"comments"') else "A")
            key = None
        elif tok == "{":
            if stack and stack[-1] == "L":
                stack.append("C")
                count += 1
                depth += 1
                deepest = max(deepest, depth)
            else:
                stack.append("O")
            key = None
        else:  # } or ]
            if stack.pop() == "C":
                depth -= 1
    assert not stack
    return count, deepest


# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 2, 7, 100, 2500])
@pytest.mark.parametrize("flat", [False, True])
def test_exactly_n_comments(n: int, flat: bool) -> None:
    doc = json.loads(generate(n, seed=3, flat=flat))
    rows = flatten(doc)
    assert len(rows) == n
    ids = [c["id"] for c, _, _ in rows]
    assert len(set(ids)) == n
    assert doc["format"] == "threadtui/1" and doc["title"]
    assert scan_nesting(generate(n, seed=3, flat=flat))[0] == n


def test_deterministic_for_a_seed() -> None:
    a = generate(3000, seed=42)
    assert a == generate(3000, seed=42)
    assert a != generate(3000, seed=43)
    assert generate(500, seed=1, flat=True) == generate(500, seed=1, flat=True)


def test_cli_output_is_deterministic_including_gzip(tmp_path: Path) -> None:
    def run(name: str, *extra: str) -> bytes:
        out = tmp_path / name
        subprocess.run(
            [sys.executable, str(SCRIPT), "700", "-o", str(out), "--seed", "9", "-q", *extra],
            check=True,
        )
        return out.read_bytes()

    plain = run("a.json")
    assert plain == run("b.json")
    gz = run("a.json.gz", "--gzip")
    assert gz == run("b.json.gz", "--gzip")
    assert gzip.decompress(gz) == plain
    assert len(flatten(json.loads(plain))) == 700


def test_flat_and_nested_hold_the_same_thread() -> None:
    nested = {c["id"]: (c, p) for c, p, _ in flatten(json.loads(generate(2000, seed=5)))}
    flat_doc = json.loads(generate(2000, seed=5, flat=True))
    assert all("replies" not in c for c in flat_doc["comments"])
    for c, p, _ in flatten(flat_doc):
        other, other_parent = nested[c["id"]]
        assert p == other_parent
        assert {k: v for k, v in c.items() if k != "parent"} == {
            k: v for k, v in other.items() if k != "replies"
        }


def test_flat_parents_exist_and_come_first() -> None:
    doc = json.loads(generate(5000, seed=11, flat=True))
    seen: set[str] = set()
    with_parent = 0
    for c in doc["comments"]:
        if "parent" in c:
            assert c["parent"] in seen
            with_parent += 1
        seen.add(c["id"])
    assert 0.5 * len(seen) < with_parent < 0.9 * len(seen)


@pytest.mark.parametrize("cap", [1, 2, 5, 50])
def test_depth_cap(cap: int) -> None:
    for flat in (False, True):
        rows = flatten(json.loads(generate(6000, seed=2, max_depth=cap, flat=flat)))
        depths = [d for _, _, d in rows]
        assert max(depths) <= cap
        if cap <= 5:
            assert max(depths) == cap  # the shape does reach the cap


def test_realistic_shape_and_content() -> None:
    rows = flatten(json.loads(generate(8000, seed=7)))
    depths = Counter(d for _, _, d in rows)
    # many top-level comments, replies decaying with depth
    assert 0.2 * 8000 < depths[1] < 0.45 * 8000
    assert depths[1] > depths[2] > depths[3] > depths[5] > depths[8]
    bodies = [c["body"] for c, _, _ in rows if not c.get("deleted")]
    lengths = sorted(len(b) for b in bodies)
    assert lengths[len(lengths) // 2] < 400  # mostly short
    assert 1500 < lengths[-1] <= 3000  # some long essays, capped
    assert any("\n\n" in b for b in bodies)
    text = "\n".join(bodies)
    assert "https://" in text and "(" in text
    assert re.search("[\u06cc\u06a9]", text)  # Persian
    assert re.search("[\u0629\u064a]", text)  # Arabic
    assert re.search("[A-Za-z]{4}", text)  # English
    assert re.search("[\u06f0-\u06f9]", text) and re.search("[\u0660-\u0669]", text)
    assert sum("\u200c" in b for b in bodies) > 100  # Persian half spaces
    fa_heavy = sum(1 for b in bodies if re.search("[\u0600-\u06ff]", b))
    assert 0.3 < fa_heavy / len(bodies) < 0.85
    n_title = sum("title" in c for c, _, _ in rows)
    assert 0.05 * len(rows) < n_title < 0.3 * len(rows)
    authors = Counter(c["author"] for c, _, _ in rows if "author" in c)
    assert authors.most_common(1)[0][1] > 10 * (len(rows) / len(authors))  # prolific few
    for c, _, _ in rows:
        if c.get("deleted"):
            assert c["body"] == "[deleted]"
            continue
        assert type(c["score"]) is int and isinstance(c["verified"], bool)
        datetime.fromisoformat(c["posted"])


def test_replies_are_posted_after_their_parents() -> None:
    rows = flatten(json.loads(generate(3000, seed=8)))
    posted = {c["id"]: c.get("posted") for c, _, _ in rows}
    for c, p, _ in rows:
        if p is not None and posted[p] and c.get("posted"):
            assert datetime.fromisoformat(c["posted"]) > datetime.fromisoformat(posted[p])


def test_chain_of_10000_is_deep() -> None:
    text = generate(10_000, seed=1, chain=10_000)
    assert scan_nesting(text) == (10_000, 10_000)
    flat = json.loads(generate(10_000, seed=1, chain=10_000, flat=True))
    assert [c.get("parent") for c in flat["comments"][:3]] == [None, "c1", "c2"]
    assert flat["comments"][-1]["parent"] == "c9999"


def test_chain_plus_ordinary_comments() -> None:
    text = generate(1500, seed=4, chain=1000, max_depth=10)
    count, deepest = scan_nesting(text)
    assert (count, deepest) == (1500, 1000)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        generate(10, chain=11)
    with pytest.raises(ValueError):
        generate(10, max_depth=0)
    with pytest.raises(ValueError):
        generate(-1)


def test_loads_with_the_model(tmp_path: Path) -> None:
    try:
        from threadtui.model import load_thread
    except ImportError:  # pragma: no cover - the model is optional here
        pytest.skip("threadtui.model.load_thread is not available")
    for flat in (False, True):
        path = tmp_path / f"t{int(flat)}.json"
        path.write_text(generate(3000, seed=6, flat=flat), encoding="utf-8")
        thread = load_thread(path, strict=True)
        assert len(thread) == 3000
        assert max(thread.depth) + 1 <= 50


@pytest.mark.slow
def test_100k_comments_from_the_command_line(tmp_path: Path) -> None:
    # How fast it writes them is not asserted here (shared, noisy machines): the benches
    # that use it time their own set-up.
    out = tmp_path / "100k.json"
    subprocess.run([sys.executable, str(SCRIPT), "100000", "-o", str(out), "-q"], check=True)
    assert scan_nesting(out.read_text(encoding="utf-8"))[0] == 100_000
