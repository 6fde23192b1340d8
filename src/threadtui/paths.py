"""Where threadtui keeps the user's files, and how it writes them without ever losing one.

Config lives in the user's config dir, crash reports and other state in the state dir,
copies of fetched threads in the cache dir
(XDG on Linux and the BSDs, the platform's usual places elsewhere). Every write is atomic:
a temporary file in the same directory, flushed and fsynced, then renamed over the target,
so a crash or a full disk leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

APP = "threadtui"


def _home() -> Path:
    return Path(os.path.expanduser("~"))


def config_dir() -> Path:
    env = os.environ.get("THREADTUI_CONFIG_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(_home() / "AppData" / "Roaming")
        return Path(base) / APP
    if sys.platform == "darwin" and not os.environ.get("XDG_CONFIG_HOME"):
        return _home() / "Library" / "Application Support" / APP
    return Path(os.environ.get("XDG_CONFIG_HOME") or _home() / ".config") / APP


def state_dir() -> Path:
    env = os.environ.get("THREADTUI_STATE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(_home() / "AppData" / "Local")
        return Path(base) / APP
    if sys.platform == "darwin" and not os.environ.get("XDG_STATE_HOME"):
        return _home() / "Library" / "Application Support" / APP
    return Path(os.environ.get("XDG_STATE_HOME") or _home() / ".local" / "state") / APP


def cache_dir() -> Path:
    """Where copies of fetched threads are kept: they can be fetched again, so they live
    in the cache dir, which users and tools may empty at any time."""
    env = os.environ.get("THREADTUI_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(_home() / "AppData" / "Local")
        return Path(base) / APP / "Cache"
    if sys.platform == "darwin" and not os.environ.get("XDG_CACHE_HOME"):
        return _home() / "Library" / "Caches" / APP
    return Path(os.environ.get("XDG_CACHE_HOME") or _home() / ".cache") / APP


def atomic_write(path: str | Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` atomically (temp file + fsync + rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    # Make the rename itself durable where the platform allows it.
    try:
        dfd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def set_aside(path: str | Path) -> Path | None:
    """Move a corrupt store out of the way (``name.corrupt-N``) so a fresh one can start."""
    src = Path(path)
    for n in range(1, 1000):
        dst = src.with_name(f"{src.name}.corrupt-{n}")
        if not dst.exists():
            try:
                os.replace(src, dst)
            except OSError:
                return None
            return dst
    return None
