"""Generate the grapheme-cluster tables embedded in ``threadtui/text/cells.py``.

Run ``python tests/text/gen_tables.py`` to print the generated block; ``test_tables.py``
regenerates it and fails when ``cells.py`` is out of date with the installed Unicode
Character Database (Debian package ``unicode-data``).
"""

from __future__ import annotations

import re
from pathlib import Path

UCD = Path("/usr/share/unicode")
GRAPHEME_FILE = UCD / "auxiliary" / "GraphemeBreakProperty.txt"
EMOJI_FILE = UCD / "emoji" / "emoji-data.txt"

# Properties the cluster regex needs; Hangul LV/LVT syllables are computed in cells.py
# (LV is every 28th syllable), CR and LF are spelled out literally.
PROPERTIES = ("Control", "Extend", "SpacingMark", "Prepend", "L", "V", "T")
BEGIN = "# BEGIN GENERATED GRAPHEME TABLES"
END = "# END GENERATED GRAPHEME TABLES"

_LINE = re.compile(r"^([0-9A-F]+)(?:\.\.([0-9A-F]+))?\s*;\s*(\w+)")


def _ranges(path: Path, wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {w: [] for w in wanted}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line)
        if m and m.group(3) in wanted:
            lo = int(m.group(1), 16)
            hi = int(m.group(2) or m.group(1), 16)
            out[m.group(3)].append((lo, hi))
    for name, rs in out.items():
        rs.sort()
        merged: list[tuple[int, int]] = []
        for lo, hi in rs:
            if merged and lo <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        out[name] = merged
    return out


def _esc(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


def _klass(ranges: list[tuple[int, int]]) -> str:
    parts = [_esc(lo) if lo == hi else f"{_esc(lo)}-{_esc(hi)}" for lo, hi in ranges]
    return "".join(parts)


def _wrap(name: str, body: str) -> list[str]:
    # Never split an escape: cut only before a backslash or a dash.
    fixed: list[str] = []
    buf = ""
    for piece in re.findall(r"\\[uU][0-9a-f]+|-", body):
        if len(buf) + len(piece) > 88:
            fixed.append(buf)
            buf = ""
        buf += piece
    if buf:
        fixed.append(buf)
    lines = [f"_{name.upper()} = ("]
    lines += [f'    r"{c}"' for c in fixed]
    lines.append(")")
    return lines


def generate() -> str:
    grapheme = _ranges(GRAPHEME_FILE, set(PROPERTIES))
    emoji = _ranges(EMOJI_FILE, {"Extended_Pictographic"})
    first = GRAPHEME_FILE.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    lines = [
        BEGIN,
        f"# From {first} and emoji-data.txt; regenerate with tests/text/gen_tables.py.",
        "# fmt: off",
    ]
    for name in PROPERTIES:
        lines += _wrap(name, _klass(grapheme[name]))
    lines += _wrap("ext_pict", _klass(emoji["Extended_Pictographic"]))
    lines += ["# fmt: on", END]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(generate(), end="")
