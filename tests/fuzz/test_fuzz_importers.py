"""A fuzz target for every importer (#11 acceptance): one fixture of each format in its
real shape (tests/importers/fixtures), with hostile values put into its fields.

The invariant, for every format, with ``--from`` and with detection: the file either loads
(a well-formed `Thread`: tests/hostile/invariants.py) or fails with one `ThreadLoadError`
line naming the file; never another exception, never a hang (a watchdog fails a load
that takes minutes).

Two kinds of cases:

* explicit: every string of the Big List of Naughty Strings in every field of every
  format (`test_naughty_strings_in_every_field`): document ``k`` gives field ``f`` the
  string ``(k + f) mod N``, so N documents per format put each string in each field;
* generated (Hypothesis, a modest share of the fuzz budget): one to three fields at a
  time get a naughty string, a hostile text from `strategies.texts`, or (JSON formats)
  any JSON value; XML and mail sometimes get raw bytes that are not even well-formed.

A "field" is every leaf value of a JSON document (strings, numbers, booleans, nulls), every
text, CDATA section and attribute value of an XML export, and every header value and body
of a mail message.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
import signal
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadtui.importers import iter_threads
from threadtui.model import ThreadLoadError

from ..hostile.invariants import check_error_line, check_thread
from ..importers.helpers import FIXTURES
from .blns import naughty_bytes, naughty_strings
from .strategies import fuzz, json_values, texts

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

_TMP = Path(tempfile.mkdtemp(prefix="threadtui-fuzz-importers-"))
WATCHDOG_S = 120  # a hang, not a speed limit: a fixture-sized load takes milliseconds


class Hang(Exception):
    pass


@contextlib.contextmanager
def _watchdog() -> Iterator[None]:
    def fire(signum: int, frame: object) -> None:
        raise Hang(f"a load took over {WATCHDOG_S} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, WATCHDOG_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check_file(path: Path, fmt: str | None) -> None:
    """Load every thread of ``path``: a well-formed thread or one error line."""
    try:
        with _watchdog():
            for _info, thread in iter_threads(path, fmt=fmt):
                check_thread(thread)
    except ThreadLoadError as e:
        check_error_line(str(e), str(path))


# ------------------------------------------------------------------- the fields of a file

Value = Any  # str for text fields; bytes or str for mail; any JSON value for JSON leaves


@dataclass(frozen=True)
class Seed:
    """One fixture: how many fields it has and how to write it with new field values."""

    fmt: str
    name: str
    kind: str  # "json", "xml" or "mail"
    count: int
    write: Callable[[dict[int, Value], str], bytes]  # {field: value}, an encoding mode

    @property
    def structural(self) -> frozenset[int]:
        """The fields whose value decides whether the file is this format at all (a
        Reddit ``kind``, an HN item's ``type``) or must be of a type a string is not (a
        threadtui/1 ``score``): the file fails to load when one holds a plain word."""
        if self.name not in _structural:
            word: Value = b"undefined" if self.kind == "mail" else "undefined"
            _structural[self.name] = frozenset(
                f for f in range(self.count) if not _loads(self, {f: word})
            )
        return _structural[self.name]


_structural: dict[str, frozenset[int]] = {}


def _loads(s: Seed, values: dict[int, Value]) -> bool:
    path = _write(s, s.write(values, "utf-8"), f"{s.fmt}-probe")
    try:
        for _ in iter_threads(path, fmt=s.fmt):
            pass
    except ThreadLoadError:
        return False
    return True


# How a JSON file is written: every non-ASCII character escaped; UTF-8 with lone
# surrogates escaped (as a careful exporter writes them); UTF-8 with lone surrogates
# written raw (not UTF-8 at all: what a careless one writes). XML and mail ignore it.
MODES = ("ascii", "utf-8", "raw")
_LONE = re.compile("[\ud800-\udfff]")


def _json_leaves(doc: Any) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(doc, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            stack.extend((v, (*path, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(node))
        else:
            out.append(path)
    out.reverse()
    return out


def _json_seed(fmt: str, name: str) -> Seed:
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    lines = name.endswith(".jsonl")
    doc: Any = [json.loads(x) for x in raw.splitlines() if x.strip()] if lines else json.loads(raw)
    leaves = _json_leaves(doc)

    def write(values: dict[int, Value], mode: str) -> bytes:
        d = copy.deepcopy(doc)
        for f, v in values.items():
            node = d
            path = leaves[f]
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = v
        ascii_only = mode == "ascii"
        if lines:
            text = "\n".join(json.dumps(x, ensure_ascii=ascii_only) for x in d) + "\n"
        else:
            text = json.dumps(d, ensure_ascii=ascii_only)
        if mode == "utf-8":
            text = _LONE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
        return text.encode("utf-8", "surrogatepass")

    return Seed(fmt, name, "json", len(leaves), write)


# XML: the text of an element with no child, a CDATA section, an attribute value (not a
# namespace declaration's: that is the file's structure, not a field).
_XML_FIELD = re.compile(
    rb'<!\[CDATA\[(.*?)\]\]>|>([^<>]+)</|\s(?!xmlns)[\w:.-]+=\s*"([^"]*)"', re.S
)
# XML 1.0 cannot hold these at all, not even as character references.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(v: Value, where: int) -> bytes:
    """``v`` as an exporter writes it into that kind of place; raw bytes go in as they are
    (then the file is rarely well-formed: the error must still be one line)."""
    if isinstance(v, bytes):
        return v
    s = _XML_ILLEGAL.sub("", str(v))
    if where == 1:  # CDATA: split any "]]>" as WordPress does
        return s.replace("]]>", "]]]]><![CDATA[>").encode("utf-8")
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if where == 3:
        s = s.replace('"', "&quot;")
    return s.encode("utf-8")


def _xml_seed(fmt: str, name: str) -> Seed:
    data = (FIXTURES / name).read_bytes()
    body = data.index(b"?>") + 2 if data.lstrip().startswith(b"<?xml") else 0  # declaration
    if data[body:].lstrip().startswith(b"<!--"):  # the fixture's header comment
        body = data.index(b"-->", body) + 3
    spans: list[tuple[int, int, int]] = []  # (start, end, group)
    for m in _XML_FIELD.finditer(data, body):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        if g == 2 and not m.group(2).strip():
            continue
        spans.append((m.start(g), m.end(g), g))

    def write(values: dict[int, Value], mode: str) -> bytes:
        out: list[bytes] = []
        at = 0
        for f, (a, b, g) in enumerate(spans):
            if f in values:
                out += [data[at:a], _xml_text(values[f], g)]
                at = b
        out.append(data[at:])
        return b"".join(out)

    return Seed(fmt, name, "xml", len(spans), write)


_HEADER = re.compile(rb"^([A-Za-z][A-Za-z0-9-]*):[ \t]?(.*)$")


def _mail_seed(fmt: str, name: str) -> Seed:
    lines = (FIXTURES / name).read_bytes().split(b"\n")
    fields: list[tuple[int, int]] = []  # (first line, last line + 1) of a value or a body
    in_head = True
    k = 0
    while k < len(lines):
        line = lines[k]
        if line.startswith(b"From ") and (k == 0 or not lines[k - 1].strip()):
            in_head = True
        elif in_head and not line.strip():
            in_head = False
            end = k + 1
            while end < len(lines) and not (
                lines[end].startswith(b"From ") and not lines[end - 1].strip()
            ):
                end += 1
            fields.append((k + 1, end))  # the body, up to the next message
            k = end
            continue
        elif in_head and _HEADER.match(line):
            fields.append((k, k + 1))
        k += 1

    def write(values: dict[int, Value], mode: str) -> bytes:
        out = list(lines)
        for f in sorted(values, reverse=True):
            a, b = fields[f]
            v = values[f]
            raw = v if isinstance(v, bytes) else str(v).encode("utf-8", "surrogatepass")
            if b - a == 1 and (m := _HEADER.match(lines[a])) is not None:
                out[a : a + 1] = [m.group(1) + b": " + raw]  # a header: raw, newlines too
            else:
                out[a:b] = [raw, b""]  # a body
        return b"\n".join(out)

    return Seed(fmt, name, "mail", len(fields), write)


# Every importer, each with a fixture in its real shape.
SEEDS: dict[str, Callable[[], Seed]] = {
    "mail": lambda: _mail_seed("mail", "mail.mbox"),
    "mail-eml": lambda: _mail_seed("mail", "arabic.eml"),
    "hn": lambda: _json_seed("hn", "hn_algolia.json"),
    "hn-firebase": lambda: _json_seed("hn", "hn_firebase.jsonl"),
    "reddit": lambda: _json_seed("reddit", "reddit.json"),
    "lobsters": lambda: _json_seed("lobsters", "lobsters.json"),
    "discourse": lambda: _json_seed("discourse", "discourse.json"),
    "mastodon": lambda: _json_seed("mastodon", "mastodon.json"),
    "lemmy": lambda: _json_seed("lemmy", "lemmy.json"),
    "piefed": lambda: _json_seed("piefed", "piefed.json"),
    "disqus": lambda: _xml_seed("disqus", "disqus.xml"),
    "wordpress": lambda: _xml_seed("wordpress", "wordpress.xml"),
    "threadtui": lambda: _json_seed("threadtui", "threadtui_edges.json"),
}
_seeds: dict[str, Seed] = {}


def seed(key: str) -> Seed:
    if key not in _seeds:
        _seeds[key] = SEEDS[key]()
    return _seeds[key]


def _write(s: Seed, data: bytes, tag: str) -> Path:
    suffix = Path(s.name).suffix
    path = _TMP / f"{tag}{suffix}"
    path.write_bytes(data)
    return path


def test_every_importer_has_a_target() -> None:
    from threadtui.importers import registry

    assert {seed(k).fmt for k in SEEDS} == set(registry.names())
    for k in SEEDS:
        assert seed(k).count >= 5, f"{k}: only {seed(k).count} fields found"


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_naughty_strings_in_every_field(key: str) -> None:
    """Each BLNS string in each field, loaded with --from (and, for a share, detection).

    The fields a format reads as content: N documents, field f of document k holding
    string (k + f) mod N. The structural fields (`Seed.structural`), where any string
    makes the file fail: the strings are spread over them, one field per document (a
    document changing several would only ever test the first one's error)."""
    s = seed(key)
    strings: tuple[Value, ...] = naughty_bytes() if s.kind == "mail" else naughty_strings()
    n = len(strings)
    content = [f for f in range(s.count) if f not in s.structural]
    structural = sorted(s.structural)
    assert len(content) > len(structural), f"{key}: most fields fail to load"
    for k in range(n):
        values = {f: strings[(k + f) % n] for f in content}
        path = _write(s, s.write(values, MODES[k % 2]), f"{key}-blns")
        check_file(path, s.fmt)
        if k % 8 == 0:  # detection too, on a share (it reads the same file again)
            check_file(path, None)
        if structural:
            one = {structural[k % len(structural)]: strings[k]}
            check_file(_write(s, s.write(one, MODES[k % 2]), f"{key}-blns-s"), s.fmt)


def _values(kind: str) -> st.SearchStrategy[Value]:
    options: list[st.SearchStrategy[Value]] = [st.sampled_from(naughty_strings()), texts]
    if kind == "json":
        options.append(json_values)
    else:
        options.append(st.sampled_from(naughty_bytes()))
        options.append(st.binary(max_size=64))
    return st.one_of(*options)


@pytest.mark.parametrize("key", sorted(SEEDS))
@fuzz("importers")
@given(data=st.data())
def test_hostile_values_in_some_fields(key: str, data: st.DataObject) -> None:
    s = seed(key)
    fields = data.draw(st.lists(st.integers(0, s.count - 1), min_size=1, max_size=3))
    values = {f: data.draw(_values(s.kind)) for f in fields}
    path = _write(s, s.write(values, data.draw(st.sampled_from(MODES))), f"{key}-gen")
    check_file(path, s.fmt)
    check_file(path, None)


# Repeated keys: a JSON parser keeps the last value of a key and says nothing, so every
# format is parsed with a hook that notices them (#11.8). Here one object of a fixture gets
# one of its keys a second time, with any value: the file loads with a warning naming the
# repeat, or fails with one error line.

_DUP = "\x00threadtui-fuzz-dup"


def _dicts(doc: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node:
                out.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


JSON_SEEDS = sorted(k for k in SEEDS if k not in ("mail", "mail-eml", "disqus", "wordpress"))


def _seed_docs(s: Any) -> list[Any]:
    """The JSON documents of seed ``s``'s fixture (one, or one a line for JSON Lines)."""
    raw = (FIXTURES / s.name).read_text(encoding="utf-8")
    if s.name.endswith(".jsonl"):
        return [json.loads(x) for x in raw.splitlines() if x.strip()]
    return [json.loads(raw)]


def _loaded(s: Any, path: Path) -> Iterator[Any]:
    """The first thread of ``path`` read as seed ``s``'s format and as detected, each
    checked; a load that fails must fail in one error line (and yields nothing)."""
    for fmt in (s.fmt, None):
        try:
            with _watchdog():
                t = next(iter(iter_threads(path, fmt=fmt)))[1]
        except ThreadLoadError as e:
            check_error_line(str(e), str(path))
            continue
        check_thread(t)
        yield t


@pytest.mark.parametrize("key", JSON_SEEDS)
@fuzz("importers")
@given(data=st.data())
def test_a_repeated_key_anywhere_is_warned(key: str, data: st.DataObject) -> None:
    s = seed(key)
    docs = _seed_docs(s)
    objects = _dicts(docs)
    target = objects[data.draw(st.integers(0, len(objects) - 1))]
    name = data.draw(st.sampled_from(sorted(target)))
    target[_DUP] = data.draw(_values("json"))
    # json.dumps writes the marker key as one escape in every mode; it becomes the repeat.
    text = "\n".join(json.dumps(d, ensure_ascii=False) for d in docs)
    marker = json.dumps(_DUP)
    assert text.count(marker) == 1
    text = text.replace(marker, json.dumps(name, ensure_ascii=False))
    path = _write(s, text.encode("utf-8", "surrogatepass"), f"{key}-dup")
    for t in _loaded(s, path):
        assert any("the key appears 2 times" in w for w in t.warnings), (name, t.warnings)


# Near-compatible answers: another API of the same structure names some fields otherwise.
# Whatever keys are renamed, the file loads as a thread whose comments are not mostly
# empty (neither text nor author, not deleted) or fails with one error line (#16).


def _keys(docs: Any) -> list[str]:
    return sorted({k for d in _dicts(docs) for k in d})


@pytest.mark.parametrize("key", JSON_SEEDS)
@fuzz("importers")
@given(data=st.data())
def test_renamed_fields_never_read_as_empty(key: str, data: st.DataObject) -> None:
    s = seed(key)
    docs = _seed_docs(s)
    renamed = set(data.draw(st.lists(st.sampled_from(_keys(docs)), min_size=1, max_size=6)))
    for d in _dicts(docs):
        for k in [k for k in d if k in renamed]:
            d["x-" + k] = d.pop(k)
    text = "\n".join(json.dumps(d, ensure_ascii=False) for d in docs)
    path = _write(s, text.encode("utf-8", "surrogatepass"), f"{key}-renamed")
    for t in _loaded(s, path):
        rows = zip(t.body, t.author, t.deleted, strict=True)
        empty = sum(1 for b, a, gone in rows if not (b or a or gone))
        assert len(t) < 3 or 2 * empty <= len(t), (sorted(renamed), t.body, t.author)


# A Maildir's root as a stranger may leave it: entries of any name and kind beside cur/ and
# new/. The messages load as without them, and what is named goes in one-line warnings.

_ENTRY_KINDS = ("mail", "text", "folder", "maildir", "fifo", "link", "hidden-maildir")


def _entry_name(s: str) -> bool:
    raw = s.encode("utf-8", "surrogatepass")
    return bool(s) and s not in (".", "..") and "/" not in s and "\0" not in s and len(raw) < 200


@fuzz("importers")
@given(
    entries=st.lists(
        st.tuples(
            st.one_of(st.sampled_from(naughty_strings()), texts).filter(_entry_name),
            st.sampled_from(_ENTRY_KINDS),
        ),
        max_size=6,
        unique_by=lambda e: e[0],
    )
)
def test_whatever_lies_beside_cur_a_maildir_loads(entries: list[tuple[str, str]]) -> None:
    import os
    import shutil

    box = _TMP / "maildir-root"
    shutil.rmtree(box, ignore_errors=True)
    for d in ("cur", "new", "tmp"):
        (box / d).mkdir(parents=True)
    msg = b"From: a@example.org\nSubject: s\nMessage-ID: <m@example.org>\n\nbody\n"
    (box / "cur" / "1:2,S").write_bytes(msg)
    for name, kind in entries:
        if name in ("cur", "new", "tmp"):
            continue
        try:
            p = box / name.encode("utf-8", "surrogatepass").decode("utf-8", "surrogateescape")
        except UnicodeDecodeError:
            continue
        if kind in ("mail", "text"):
            p.write_bytes(msg if kind == "mail" else b"3 V1 N2\n")
        elif kind == "folder":
            p.mkdir()
        elif kind in ("maildir", "hidden-maildir"):
            for d in ("cur", "new"):
                (p / d).mkdir(parents=True)
        elif kind == "fifo":
            os.mkfifo(p)
        else:
            p.symlink_to(box / "cur")
    with _watchdog():
        t = next(iter(iter_threads(box)))[1]
    check_thread(t)
    assert t.body == ["body"]
    for w in t.warnings:
        assert "\n" not in w
