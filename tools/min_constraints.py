"""Print a pip constraints file pinning every dependency of pyproject.toml to its lower
bound: `pip install -c <(python tools/min_constraints.py) -e .` then installs the oldest
versions threadtui says it supports, which CI tests (.ci/run, the minimum-versions step).

A dependency without a lower bound is an error: every bound must be a tested one."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lower_bounds(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    deps = tomllib.loads(pyproject.read_text("utf-8"))["project"]["dependencies"]
    out: dict[str, str] = {}
    for dep in deps:
        m = re.match(r"\s*([A-Za-z0-9._-]+)(?:\[[^\]]*\])?\s*(.*)", dep)
        assert m is not None, dep
        name, spec = m.group(1), m.group(2).split(";")[0]
        low = re.search(r">=\s*([0-9][^,\s]*)", spec)
        if low is None:
            raise SystemExit(f"{name}: no lower bound (>=) in pyproject.toml")
        out[name] = low.group(1)
    return out


def main() -> int:
    for name, version in lower_bounds().items():
        sys.stdout.write(f"{name}=={version}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
