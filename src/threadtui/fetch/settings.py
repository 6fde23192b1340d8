"""The fetch settings (rows of `threadtui.options.SETTINGS`) as the fetcher's values,
checked: an API base must be an http(s) address, a timeout a number of seconds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from threadtui.fetch.client import DEFAULT_MAX_BYTES, Limits
from threadtui.fetch.errors import FetchError
from threadtui.fetch.session import Apis


def _base(values: Mapping[str, Any], name: str) -> str:
    raw = str(values[name]).strip()
    try:
        parts = urlsplit(raw)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise FetchError(f"{name}: {raw!r} is not an http or https address")
    return raw.rstrip("/")


def apis_from(values: Mapping[str, Any]) -> Apis:
    return Apis(
        hn=_base(values, "hn_api"),
        hn_firebase=_base(values, "hn_firebase_api"),
        reddit=_base(values, "reddit_api"),
        lobsters=_base(values, "lobsters_api"),
    )


def limits_from(values: Mapping[str, Any], max_bytes: int | None = None) -> Limits:
    raw = str(values["fetch_timeout"]).strip()
    try:
        timeout = float(raw)
    except ValueError:
        timeout = -1.0
    if not 0.1 <= timeout <= 600:
        raise FetchError(f"fetch_timeout: {raw!r} is not a number of seconds (0.1 to 600)")
    return Limits(timeout=timeout, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
