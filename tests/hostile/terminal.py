"""What a well-behaved reader may write to a terminal, and how to check a recording.

`check_output` is the heart of the terminal-safety tests: it takes every byte the reader
wrote and fails on anything that is not a control sequence Textual (or threadtui itself)
makes, on any raw C0/C1 control, on bidi controls (which a terminal doing its own bidi
would obey), on OSC other than threadtui's safe OSC 8 links and Textual's pointer shape,
and on any control sequence carrying the hostile corpus's marker.
"""

from __future__ import annotations

import re
from collections import Counter

from .termscan import Seq, scan, shape

# Every mode-like sequence Textual 8 writes when it starts and stops (alternate screen,
# cursor, mouse reporting, focus events, bracketed paste, autowrap, synchronized output,
# kitty keyboard protocol, in-band resize), plus ECMA-48 BDSM 8h/8l that threadtui sends
# to tell terminals which reorder text by themselves who does the bidi.
ALLOWED_MODES = frozenset(
    {
        "CSI ?1049h",
        "CSI ?1049l",
        "CSI ?25h",
        "CSI ?25l",
        "CSI ?7h",
        "CSI ?7l",
        "CSI ?1000h",
        "CSI ?1000l",
        "CSI ?1002h",
        "CSI ?1002l",
        "CSI ?1003h",
        "CSI ?1003l",
        "CSI ?1006h",
        "CSI ?1006l",
        "CSI ?1015h",
        "CSI ?1015l",
        "CSI ?1016h",
        "CSI ?1016l",
        "CSI ?1004h",
        "CSI ?1004l",
        "CSI ?2004h",
        "CSI ?2004l",
        "CSI ?2026h",
        "CSI ?2026l",
        "CSI ?2026$p",
        "CSI ?2048h",
        "CSI ?2048l",
        "CSI ?2048$p",
        "CSI <u",
        "CSI ?u",
        "CSI >1u",
        "CSI >25u",
        "CSI =1;1u",
        "CSI 8h",
        "CSI 8l",
    }
)
# Drawing: cursor movement, erase, colours (parameters vary, the kinds do not).
ALLOWED_DRAWING = frozenset({f"CSI {f}" for f in "mHfABCDEFGKXd"})
# Textual sets the mouse pointer shape (OSC 22) with words from a fixed list.
POINTER_SHAPES = frozenset(
    {
        "default",
        "pointer",
        "text",
        "crosshair",
        "grab",
        "grabbing",
        "move",
        "not-allowed",
        "wait",
        "help",
        "ew-resize",
        "ns-resize",
    }
)
SAFE_LINK = re.compile(r"(?:https?://|mailto:)[!-~\u00a1-\uffff]+")
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def problems(out: str, *, marker: str = "PWN", bidi_allowed: bool = False) -> list[str]:
    """Everything wrong with terminal output ``out`` (decoded UTF-8)."""
    found: list[str] = []

    def bad(seq: Seq, why: str) -> None:
        ctx = out[max(0, seq.pos - 40) : seq.pos + len(seq.raw) + 40]
        found.append(f"{why}: {seq.raw!r} at {seq.pos} (context {ctx!r})")

    prev: Seq | None = None
    for seq in scan(out):
        if marker in seq.raw:
            bad(seq, "a control sequence carries text from the file")
        kind = seq.kind
        if kind == "C0":
            # Textual ends screen lines with CR LF; nothing else of C0 may appear raw.
            crlf = (seq.raw == "\r" and out[seq.pos + 1 : seq.pos + 2] == "\n") or (
                seq.raw == "\n"
                and prev is not None
                and prev.raw == "\r"
                and prev.pos == seq.pos - 1
            )
            if not crlf:
                bad(seq, "raw C0 control")
        elif kind == "C1":
            bad(seq, "raw C1 control (a terminal may obey it)")
        elif kind == "CSI":
            sh = shape(seq)
            if sh not in ALLOWED_MODES and sh not in ALLOWED_DRAWING:
                bad(seq, f"CSI sequence Textual does not make ({sh})")
        elif kind == "OSC":
            body = seq.osc_body
            if body.startswith("8;"):
                _, params, url = ([*body.split(";", 2), "", ""])[:3]
                if url and not SAFE_LINK.fullmatch(url):
                    bad(seq, "OSC 8 link to something other than http, https or mailto")
                if params and not re.fullmatch(r"id=[\w.-]+", params):
                    bad(seq, "OSC 8 with unexpected parameters")
            elif body.startswith("22;"):
                if body[3:] not in POINTER_SHAPES:
                    bad(seq, "OSC 22 with an unknown pointer shape")
            else:
                bad(seq, "OSC sequence (title, clipboard, colours, …)")
        else:  # DCS, APC, PM, SOS, other ESC sequences
            bad(seq, f"{kind} sequence")
        prev = seq
    if not bidi_allowed:
        for m in BIDI_CONTROLS.finditer(out):
            found.append(
                f"bidi control U+{ord(m.group()):04X} written at {m.start()}"
                f" (context {out[max(0, m.start() - 30) : m.start() + 30]!r})"
            )
    return found


def mode_counts(out: str) -> Counter[str]:
    return Counter(shape(s) for s in scan(out) if shape(s) in ALLOWED_MODES)


def final_modes(out: str) -> dict[str, str]:
    """The last state ('h' or 'l') the output left each DEC private mode in."""
    state: dict[str, str] = {}
    for seq in scan(out):
        if seq.kind != "CSI":
            continue
        prefix, params, inter, final = seq.csi_parts
        if final in "hl" and not inter and prefix in ("?", ""):
            for p in params.split(";"):
                if p:
                    state[prefix + p] = final
    return state


def restored(out: str) -> list[str]:
    """How the output leaves the terminal other than it found it."""
    wrong: list[str] = []
    modes = final_modes(out)
    must_be_off = (
        "?1049",
        "?1000",
        "?1002",
        "?1003",
        "?1006",
        "?1015",
        "?1016",
        "?1004",
        "?2004",
        "?2026",
    )
    for m in must_be_off:
        if modes.get(m) == "h":
            wrong.append(f"mode {m} left on")
    for m in ("?25", "?7"):
        if modes.get(m) == "l":
            wrong.append(f"mode {m} left off")
    if modes.get("8") == "l":
        wrong.append("bidi mode (BDSM) left explicit")
    pushes = sum(1 for s in scan(out) if s.kind == "CSI" and re.fullmatch(r"\x1b\[>\d*u", s.raw))
    pops = sum(1 for s in scan(out) if s.kind == "CSI" and re.fullmatch(r"\x1b\[<\d*u", s.raw))
    if pushes > pops:
        wrong.append(f"kitty keyboard mode pushed {pushes} times, popped {pops}")
    return wrong


_PLAIN_BAD = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
    "\u2028\u2029\ud800-\udfff]"
)


def plain_problems(out: str) -> list[str]:
    """Problems of plain-text output (`render`, `validate`, messages on stderr): nothing
    but printable characters and line feeds; not a single escape sequence."""
    return [
        f"U+{ord(m.group()):04X} at {m.start()} (context"
        f" {out[max(0, m.start() - 30) : m.start() + 30]!r})"
        for m in _PLAIN_BAD.finditer(out)
    ][:20]
