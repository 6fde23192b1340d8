"""`convert` writes what it read (#11.7, #16.4): always RFC 8259 JSON in UTF-8, the same
bytes to a file and to standard output, no raw control character on a terminal, every
parent reference and flag kept, and no temporary file left by a signal."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from threadtui.importers import load_any

from .helpers import FIXTURES

EDGES = FIXTURES / "threadtui_edges.json"
# What must never be in the output raw: DEL, C1 controls, bidi controls, separators.
RAW_UNSAFE = [chr(c) for c in range(0x7F, 0xA0)] + [
    "\u061c", "\u200e", "\u200f", "\u2028", "\u2029", *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]  # fmt: skip


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "threadtui", *args],
        capture_output=True,
        env={**os.environ, "TERM": "dumb", "NO_COLOR": "1", **(env or {})},
        timeout=120,
        check=False,
    )


def _strict_json(data: bytes) -> Any:
    """RFC 8259: UTF-8 (a lone surrogate cannot be encoded), no NaN or Infinity."""

    def refuse(token: str) -> Any:
        raise AssertionError(f"not JSON: {token}")

    return json.loads(data.decode("utf-8"), parse_constant=refuse)


def _assert_safe(data: bytes) -> None:
    text = data.decode("utf-8")
    for ch in RAW_UNSAFE:
        assert ch not in text, f"raw U+{ord(ch):04X} in the output"
    assert not any(ord(c) < 0x20 and c != "\n" for c in text)


def test_standard_output_is_strict_json_and_the_same_as_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    to_file = _run("convert", str(EDGES), "-o", str(out))
    to_stdout = _run("convert", str(EDGES), "-o", "-")
    assert to_file.returncode == 0, to_file.stderr.decode()
    assert to_stdout.returncode == 0, to_stdout.stderr.decode()
    assert b"Traceback" not in to_stdout.stderr and b"internal error" not in to_stdout.stderr
    assert out.read_bytes() == to_stdout.stdout
    doc = _strict_json(to_stdout.stdout)
    _assert_safe(to_stdout.stdout)
    # A lone surrogate is escaped, not lost; a number past a double's range is 1e999 again.
    assert doc["site"]["weird"] == "x\ud800y"
    assert b'"big": 1e999' in to_stdout.stdout and b'"small": -1e999' in to_stdout.stdout
    assert doc["comments"][0]["zz"] == "\udc00"
    assert doc["comments"][0]["n"] == [float("inf"), 2.5]
    # Control and bidi characters written as escapes still read back as themselves.
    assert "\u0085" in doc["comments"][0]["body"] and "\u202e" in doc["comments"][0]["body"]


def test_nan_becomes_null_with_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "nan.json"
    # Not JSON, but Python's parser (and so threadtui) reads it.
    src.write_text(
        '{"format": "threadtui/1", "title": "t", "x": NaN, "y": Infinity,'
        ' "comments": [{"id": "a", "body": "b", "z": [NaN, -Infinity, "NaN"]}]}',
        encoding="utf-8",
    )
    for target in ("-", str(tmp_path / "out.json")):
        r = _run("convert", str(src), "-o", target)
        assert r.returncode == 0, r.stderr.decode()
        data = r.stdout if target == "-" else Path(target).read_bytes()
        doc = _strict_json(data)
        assert doc["x"] is None and doc["y"] == float("inf")
        assert doc["comments"][0]["z"] == [None, float("-inf"), "NaN"]
        assert "2 NaN values" in r.stderr.decode() and "null" in r.stderr.decode()


def test_no_raw_controls_on_a_terminal() -> None:
    """`convert -o -` in a real pty: every control or bidi character arrives escaped."""
    main, secondary = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "threadtui", "convert", str(EDGES), "-o", "-"],
            stdout=secondary,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "TERM": "xterm-256color"},
        )
        os.close(secondary)
        secondary = -1
        got = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            got += chunk
        assert proc.wait(timeout=60) == 0
    finally:
        os.close(main)
        if secondary >= 0:
            os.close(secondary)
    text = got.replace(b"\r\n", b"\n")
    assert b'"format": "threadtui/1"' in text
    _assert_safe(text)
    assert b"\x1b" not in text


def test_orphans_keep_their_parent_and_their_mark(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    r = _run("convert", str(EDGES), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    doc = _strict_json(out.read_bytes())
    named = {c["id"]: c.get("parent") for c in doc["comments"]}
    assert named == {"a": None, "b": "gone", "c": "d", "d": "c", "e": "e", "f": "a", "g": "f"}
    a = _run("render", "--width", "72", str(EDGES))
    b = _run("render", "--width", "72", str(out))
    assert a.returncode == b.returncode == 0
    assert b"norvig [orphan]" in a.stdout
    assert a.stdout == b.stdout
    assert load_any(out).flags == load_any(EDGES).flags


# A writer that stops after its first piece and says so, so that a signal arrives while
# the temporary file exists. `fallback` forces the named temporary file (no O_TMPFILE).
_SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from threadtui.model import writer
    from threadtui.model.builder import ThreadBuilder

    if sys.argv[2] == "fallback":
        writer._O_TMPFILE = 0
    b = ThreadBuilder("t")
    for i in range(5000):
        b.add("x" * 200, id=str(i))
    thread = b.build()
    real = writer._chunks

    def slow(t, enc=None):
        for k, chunk in enumerate(real(t, enc)):
            yield chunk
            if k == 3000:
                print("writing", flush=True)
                time.sleep(60)

    writer._chunks = slow
    writer.write_thread(thread, sys.argv[1])
    """
)


@pytest.mark.parametrize(
    ("signum", "how"),
    [
        (signal.SIGTERM, "fallback"),
        (signal.SIGHUP, "fallback"),
        (signal.SIGINT, "fallback"),
        (signal.SIGTERM, "unnamed"),
        (signal.SIGKILL, "unnamed"),
    ],
)
def test_a_signal_mid_write_leaves_no_temporary_file(signum: int, how: str, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "t.json").write_text("old", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(out_dir / "t.json"), how],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"writing\n", proc.stderr.read() if proc.stderr else ""
    if how == "fallback":
        assert len(list(out_dir.iterdir())) == 2  # the named temporary file is there
    proc.send_signal(signum)
    rc = proc.wait(timeout=30)
    assert sorted(p.name for p in out_dir.iterdir()) == ["t.json"]
    assert (out_dir / "t.json").read_text(encoding="utf-8") == "old"
    if signum == signal.SIGINT:
        assert rc != 0
    else:
        assert rc == -signum  # still ended by that signal


def test_unnamed_temporary_files_work_here(tmp_path: Path) -> None:
    """The SIGKILL case above relies on O_TMPFILE: it must be what this machine uses."""
    from threadtui.model import writer

    fd = writer._open_unnamed(str(tmp_path))
    assert fd is not None
    os.close(fd)
    assert list(tmp_path.iterdir()) == []
