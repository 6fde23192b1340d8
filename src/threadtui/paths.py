"""Where threadtui keeps the user's files, and how it writes them without ever losing one.

Config lives in the user's config dir, crash reports and other state in the state dir,
copies of fetched threads in the cache dir: the platform's places as platformdirs knows
them (XDG on Linux and the BSDs, where a relative ``XDG_*`` value is ignored as the spec
says; ~/Library on macOS unless ``XDG_*`` is set; AppData on Windows). ``THREADTUI_*_DIR``
overrides each. Every write is atomic: a temporary file in the same directory, flushed
and fsynced, then renamed over the target, so a crash or a full disk leaves either the old
file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from platformdirs import PlatformDirs

APP = "threadtui"


def _dirs(*, roaming: bool = False) -> PlatformDirs:
    from platformdirs import PlatformDirs

    # appauthor=False: no vendor folder on Windows. roaming (Windows): AppData\Roaming,
    # for the config that follows the user; state and cache stay in AppData\Local.
    return PlatformDirs(APP, appauthor=False, roaming=roaming)


def _override(var: str) -> Path | None:
    value = os.environ.get(var, "")
    return Path(value) if value.strip() else None


def config_dir() -> Path:
    return _override("THREADTUI_CONFIG_DIR") or Path(_dirs(roaming=True).user_config_dir)


def state_dir() -> Path:
    return _override("THREADTUI_STATE_DIR") or Path(_dirs().user_state_dir)


def cache_dir() -> Path:
    """Where copies of fetched threads are kept: they can be fetched again, so they live
    in the cache dir, which users and tools may empty at any time."""
    return _override("THREADTUI_CACHE_DIR") or Path(_dirs().user_cache_dir)


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
