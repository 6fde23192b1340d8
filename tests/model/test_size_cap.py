"""The default size cap comes from the machine (#18): a quarter of the memory available,
never under 512 MiB, with the same one-line refusal above it."""

import json
import subprocess
import sys
from pathlib import Path

from threadtui.model import jsonio

MiB = 1024 * 1024


def test_a_quarter_of_what_is_available() -> None:
    assert jsonio.default_max_bytes(24 * 1024 * MiB) == 6 * 1024 * MiB
    assert jsonio.default_max_bytes(1024 * MiB) == 512 * MiB  # the floor
    assert jsonio.default_max_bytes(0) == 512 * MiB  # unknown


def test_read_from_the_machine() -> None:
    available = jsonio.available_memory()
    assert available is not None and available > 0  # Linux: /proc/meminfo
    assert max(512 * MiB, available // 4) == jsonio.DEFAULT_MAX_BYTES or (
        # memory moved between the import and now: the same order of magnitude
        abs(jsonio.DEFAULT_MAX_BYTES - jsonio.default_max_bytes()) < jsonio.DEFAULT_MAX_BYTES
    )


def test_refused_in_one_line_and_max_size_overrides(tmp_path: Path) -> None:
    p = tmp_path / "t.json"
    p.write_text(json.dumps({"title": "t", "comments": [{"body": "x" * 4000}]}))
    run = [sys.executable, "-m", "threadtui", "validate", str(p)]
    r = subprocess.run([*run, "--max-size", "1K"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "over the 1024 bytes limit" in r.stderr
    assert "--max-size" in r.stderr
    r = subprocess.run([*run, "--max-size", "0"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
