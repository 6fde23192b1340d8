"""Threads and stores for the state tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from threadtui.model import Thread, load_thread_text


def comments(n: int, *, start: int = 0, prefix: str = "c") -> list[dict[str, Any]]:
    return [
        {"id": f"{prefix}{i}", "author": f"a{i % 7}", "body": f"comment {i} body"}
        for i in range(start, start + n)
    ]


def doc(n: int, *, title: str = "A thread", url: str | None = None, **extra: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"format": "threadtui/1", "title": title, "comments": comments(n)}
    if url:
        d["url"] = url
    d.update(extra)
    return d


def thread_of(d: dict[str, Any]) -> Thread:
    return load_thread_text(json.dumps(d))


def write(path: Path, d: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(d), encoding="utf-8")
    return path
