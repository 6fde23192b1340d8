"""Importers: one module per source format, each building the same `Thread`.

`load_any` is what `threadtui open`, `render` and `convert` call: it reads the file once,
detects the format from its structure (never its name) unless ``fmt`` says which, and
hands the parsed data to that format's importer.
"""

from __future__ import annotations

from pathlib import Path

from threadtui.model import DEFAULT_MAX_BYTES, Thread, load_thread

FORMATS: tuple[str, ...] = ("threadtui",)


def load_any(
    path: str | Path,
    *,
    fmt: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    strict: bool = False,
) -> Thread:
    return load_thread(path, max_bytes=max_bytes, strict=strict)
