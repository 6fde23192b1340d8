"""`--max-size` too large to be a size: one line and exit status 2, never a traceback
(#11.9)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .test_files import MESSAGE


@pytest.mark.parametrize("size", ["9" * 400, "9" * 400 + "G", "1." + "9" * 400 + "G", "9" * 5000])
def test_a_max_size_too_large_is_one_line_and_exit_2(tmp_path: Path, size: str) -> None:
    p = tmp_path / "m.eml"
    p.write_bytes(MESSAGE)
    r = subprocess.run(
        [sys.executable, "-m", "threadtui", "render", "--max-size", size, str(p)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if size.startswith("1."):  # 1.99… GiB is a size like any other
        assert r.returncode == 0, r.stderr
        return
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.splitlines()) == 1 and "too large" in r.stderr, r.stderr
