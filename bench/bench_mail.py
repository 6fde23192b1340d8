"""Benchmark: the mail decoders' work grows linearly with their input (#11.3).

``charset=punycode`` was quadratic (Python's punycode decoder: 400 KB took 12.5 s) and
``format=flowed`` unwrapping was super-linear (400,000 soft-broken lines: 27 s). For each
shape this times `threadtui.importers.mail.load_bytes` of one message whose body (or
header) is that shape at 1 MB and at 10 MB:

* ``flowed``: a format=flowed body of short soft-broken lines (one paragraph);
* ``flowed-quoted``: the same inside ``>`` quotes, with a hard break every 100 lines;
* ``punycode``: a body in ``charset=punycode`` (now treated as an unknown charset);
* ``punycode-filename``: an attachment named ``filename*=punycode''…`` (RFC 2231);
* ``quoted-printable``: a windows-1256 body in quoted-printable, soft breaks included;
* ``base64``: a UTF-8 body in base64;
* ``encoded-words``: a Subject of many RFC 2047 encoded words.

Times are CPU seconds of this process (steadier than the wall clock on a shared
machine). Linear means the 10 MB run takes about 10 times the 1 MB one; the target is
at most 3 times that, a ratio of 30. Prints a table; exits 1 when a ratio misses it.

Run: ``python bench/bench_mail.py [--shapes NAME,NAME]``
"""

from __future__ import annotations

import argparse
import base64
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from threadtui.importers.mail import load_bytes

SIZES = (1_000_000, 10_000_000)
TARGET = 3 * SIZES[1] / SIZES[0]
HEAD = b"From: Ana <ana@example.org>\nMessage-ID: <m@example.org>\nSubject: s\n"


def _fill(unit: bytes, n: int) -> bytes:
    return (unit * (n // len(unit) + 1))[:n]


def flowed(n: int) -> bytes:
    return HEAD + b"Content-Type: text/plain; format=flowed\n\n" + _fill(b"ab \r\n", n)


def flowed_quoted(n: int) -> bytes:
    unit = b"> quoted text \r\n" * 99 + b"> end\r\n"
    return HEAD + b"Content-Type: text/plain; format=flowed\n\n" + _fill(unit, n)


def punycode(n: int) -> bytes:
    return HEAD + b"Content-Type: text/plain; charset=punycode\n\nabc-" + _fill(b"9", n)


def punycode_filename(n: int) -> bytes:
    return (
        HEAD + b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n"
        b"--B\nContent-Type: text/plain\n\nhi\n--B\nContent-Type: application/octet-stream\n"
        b"Content-Disposition: attachment; filename*=punycode''abc-"
        + _fill(b"9", n)
        + b"\n\nxx\n--B--\n"
    )


def quoted_printable(n: int) -> bytes:
    return (
        HEAD + b"Content-Type: text/plain; charset=windows-1256\n"
        b"Content-Transfer-Encoding: quoted-printable\n\n" + _fill(b"=D3=E1=C7=E3 salaam =\n", n)
    )


def base64_body(n: int) -> bytes:
    raw = _fill("سلام hello ".encode(), n * 3 // 4)
    encoded = base64.encodebytes(raw)
    return (
        HEAD
        + b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + encoded
    )


def encoded_words(n: int) -> bytes:
    word = b" =?utf-8?b?" + base64.b64encode("سلام".encode()) + b"?="
    return b"From: a@example.org\nMessage-ID: <m@x>\nSubject:" + _fill(word, n) + b"\n\nbody\n"


SHAPES: dict[str, Callable[[int], bytes]] = {
    "flowed": flowed,
    "flowed-quoted": flowed_quoted,
    "punycode": punycode,
    "punycode-filename": punycode_filename,
    "quoted-printable": quoted_printable,
    "base64": base64_body,
    "encoded-words": encoded_words,
}


def timed(data: bytes) -> float:
    gc.collect()
    start = time.process_time()
    load_bytes(data, name="bench.eml")
    return time.process_time() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shapes")
    args = ap.parse_args()
    names = [s for s in args.shapes.split(",") if s]
    print(f"{'shape':<20} {'1 MB':>8} {'10 MB':>8} {'ratio':>6}  (target <= {TARGET:.0f})")
    missed = []
    for name in names:
        make = SHAPES[name]
        small, big = (timed(make(n)) for n in SIZES)
        ratio = big / small if small > 0 else float("inf")
        print(f"{name:<20} {small:>7.2f}s {big:>7.2f}s {ratio:>6.1f}", flush=True)
        if ratio > TARGET:
            missed.append(name)
    if missed:
        print("missed the target:", ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
