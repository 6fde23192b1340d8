"""The Big List of Naughty Strings (tests/data/blns.json; MIT, see tests/data/README.md).

Each string as text and as UTF-8 bytes (for mail, which is bytes). A missing file fails
the tests that use it, never skips them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "blns.json"


@lru_cache(maxsize=1)
def naughty_strings() -> tuple[str, ...]:
    out = json.loads(DATA.read_text(encoding="ascii"))
    assert isinstance(out, list) and len(out) == 516, f"{DATA}: not the 516 strings"
    assert all(isinstance(s, str) for s in out)
    return tuple(out)


@lru_cache(maxsize=1)
def naughty_bytes() -> tuple[bytes, ...]:
    return tuple(s.encode("utf-8") for s in naughty_strings())
