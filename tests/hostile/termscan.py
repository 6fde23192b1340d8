"""Split what a program wrote to its terminal into text and control sequences (ECMA-48).

Used by the terminal-safety tests: every control sequence the reader writes must be one
Textual (or threadtui itself) makes, never one taken from a thread file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

ESC = "\x1b"


@dataclass(frozen=True)
class Seq:
    kind: str  # "CSI", "OSC", "DCS", "APC", "PM", "SOS", "ESC", "C0", "C1"
    raw: str
    pos: int  # character offset in the decoded output

    @property
    def csi_parts(self) -> tuple[str, str, str, str]:
        """(private prefix, parameters, intermediates, final) of a CSI sequence."""
        m = re.fullmatch(r"\x1b\[([<=>?]*)([0-9;:]*)([ -/]*)([@-~])", self.raw)
        if m is None:
            return ("", "", "", "?")
        return m.group(1), m.group(2), m.group(3), m.group(4)

    @property
    def osc_body(self) -> str:
        body = self.raw[2:]
        for end in ("\x07", ESC + "\\"):
            if body.endswith(end):
                return body[: -len(end)]
        return body


_STRING_KINDS = {"]": "OSC", "P": "DCS", "_": "APC", "^": "PM", "X": "SOS"}


def scan(out: str) -> Iterator[Seq]:
    """Every control sequence and lone control character in ``out``, in order."""
    i = 0
    n = len(out)
    while i < n:
        ch = out[i]
        cp = ord(ch)
        if ch == ESC:
            if i + 1 >= n:
                yield Seq("ESC", ch, i)
                i += 1
                continue
            nxt = out[i + 1]
            if nxt == "[":
                j = i + 2
                while j < n and 0x20 <= ord(out[j]) <= 0x3F:
                    j += 1
                if j < n and 0x40 <= ord(out[j]) <= 0x7E:
                    yield Seq("CSI", out[i : j + 1], i)
                    i = j + 1
                else:  # broken CSI: report what there is
                    yield Seq("CSI", out[i:j], i)
                    i = j
                continue
            if nxt in _STRING_KINDS:
                kind = _STRING_KINDS[nxt]
                j = i + 2
                while j < n:
                    if out[j] == "\x07" and kind == "OSC":
                        j += 1
                        break
                    if out[j] == ESC and j + 1 < n and out[j + 1] == "\\":
                        j += 2
                        break
                    j += 1
                yield Seq(kind, out[i:j], i)
                i = j
                continue
            j = i + 1
            while j < n and 0x20 <= ord(out[j]) <= 0x2F:
                j += 1
            yield Seq("ESC", out[i : j + 1], i)
            i = j + 1
            continue
        if cp < 0x20 or cp == 0x7F:
            yield Seq("C0", ch, i)
        elif 0x80 <= cp <= 0x9F:
            yield Seq("C1", ch, i)
        i += 1


def shape(seq: Seq) -> str:
    """A sequence with what varies in normal drawing (positions, colours) blanked out."""
    if seq.kind == "CSI":
        prefix, params, inter, final = seq.csi_parts
        if final in "mHfABCDEFGKXdeaST`" and not prefix:
            return f"CSI {final}"
        return f"CSI {prefix}{params}{inter}{final}"
    if seq.kind == "OSC":
        return "OSC " + seq.osc_body.split(";", 1)[0]
    return f"{seq.kind} {seq.raw!r}"


def shapes(out: str) -> Counter[str]:
    return Counter(shape(s) for s in scan(out))
