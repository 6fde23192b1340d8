"""The user's config file: `config.toml` in the user's config dir.

```toml
bidi = "app"            # app | terminal | off
base_dir = "auto"       # auto | ltr | rtl
theme = "ansi-dark"     # any Textual theme
mouse = true
animations = false

[keys]                  # binding id = "key,key"; ids are listed on the ? help screen
next_comment = "j,down"
quit = "q"
```

A config that cannot be read or parsed never stops the reader: it is reported once, moved
aside as `config.toml.corrupt-N`, and the defaults apply. It is read like any file from
outside (`threadtui.model.files`): a link is followed (dotfiles are often links), but what
it reaches must be a regular file of at most `MAX_CONFIG_BYTES`; a FIFO, a device or a
huge file is reported and left alone, never waited on or read whole.

`save_setting` writes one setting back (the theme chosen in the command palette) and
nothing else: the file is edited with tomlkit, which keeps the user's comments, order,
blank lines and quoting; the result is read back and must say exactly what the old file
said but for that one value, or nothing is written. A file that does not parse is never
touched. The write is atomic (`paths.atomic_write`), keeps the file's mode, and goes
where a link points, so a dotfile kept as a link stays a link.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threadtui.model import files
from threadtui.options import BY_NAME
from threadtui.paths import atomic_write, config_dir, set_aside

CONFIG_NAME = "config.toml"
MAX_CONFIG_BYTES = 1024 * 1024
"""A config is a few hundred bytes; one over a megabyte is not read."""


class ConfigError(Exception):
    """A config file named on the command line that cannot be used at all."""


class ConfigSaveError(Exception):
    """A setting that could not be saved, and why, in one line; the file is unchanged."""


@dataclass
class Config:
    """What the config file says: the settings it gives (checked against
    `threadtui.options.SETTINGS`; resolved with the flags and the environment there), the
    key bindings, and the problems found, each one line."""

    values: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    problems: list[str] = field(default_factory=list)


def default_path() -> Path:
    return config_dir() / CONFIG_NAME


def load_config(path: str | Path | None = None) -> Config:
    """Read the config; problems end up in ``Config.problems``, never as exceptions, but
    for a file named by ``path`` (``--config``) that does not exist: `ConfigError`."""
    p = Path(path) if path is not None else default_path()
    cfg = Config(path=p)
    try:
        raw = files.read_file(p, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        if path is not None:
            raise ConfigError(f"{p}: no such config file") from None
        return cfg
    except files.NotRegular as e:
        cfg.problems.append(f"{p}: cannot read the config (it is {e.kind}); using defaults")
        return cfg
    except files.TooLarge:
        cfg.problems.append(
            f"{p}: cannot read the config (larger than {MAX_CONFIG_BYTES // 1024} KiB);"
            " using defaults"
        )
        return cfg
    except OSError as e:
        cfg.problems.append(f"{p}: cannot read the config ({e.strerror or e}); using defaults")
        return cfg
    import tomllib  # only when there is a config to read (2 ms of start-up otherwise)

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as e:
        why = _why_not_toml(raw, e)
        moved = set_aside(p) if path is None else None
        where = f"; moved aside to {moved}" if moved else ""
        cfg.problems.append(f"{p}: not a valid TOML config ({why}){where}; using defaults")
        return cfg
    _apply(cfg, data)
    return cfg


# tomllib's "(at line 1, column 9)", and a \\u or \\U escape (compiled only for a
# config that does not parse).
_AT = r"\(at line (\d+), column (\d+)\)$"
_ESCAPE = r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))"


def _why_not_toml(raw: bytes, e: Exception) -> str:
    """One clear reason: where the bytes are not UTF-8, or which escape names no
    character (a lone surrogate such as ``\\ud800`` in a key name), else tomllib's."""
    if isinstance(e, RecursionError):
        return "nested too deeply"  # tomllib recurses into arrays: 100,000 is corrupt
    if isinstance(e, UnicodeDecodeError):
        return files.where_not_utf8(raw, e)
    import re

    at = re.search(_AT, str(e))
    if at is None or "Unicode scalar value" not in str(e):
        return str(e)
    line_no, column = int(at[1]), int(at[2])
    line = raw.decode("utf-8").split("\n")[line_no - 1]
    escapes = [m for m in re.finditer(_ESCAPE, line) if m.start() < column]
    if not escapes:
        return str(e)
    m = escapes[-1]
    code = int(m[1] or m[2], 16)
    what = (
        files.lone_surrogate(code) if 0xD800 <= code <= 0xDFFF else f"U+{code:X} is not a character"
    )
    return f"line {line_no}, column {m.start() + 1}: {what}"


def _apply(cfg: Config, data: dict[str, Any]) -> None:
    for key, value in data.items():
        setting = BY_NAME.get(key)
        if setting is not None:
            try:
                cfg.values[key] = setting.parse(value, "config")
            except ValueError as e:
                cfg.problems.append(str(e))
        elif key == "keys":
            _apply_keys(cfg, value)
        else:
            cfg.problems.append(f"config: unknown setting {key!r} ignored")


def _apply_keys(cfg: Config, value: object) -> None:
    if not isinstance(value, dict):
        cfg.problems.append('config: [keys] must be a table of id = "key,key"')
        return
    for binding_id, keys in value.items():
        if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        if isinstance(keys, str) and keys.strip():
            cfg.keys[str(binding_id)] = keys
        else:
            cfg.problems.append(f"config: keys.{binding_id} must be a key string")


#: A new config file is the user's alone, as the other files threadtui writes.
NEW_CONFIG_MODE = 0o600


def save_setting(name: str, value: object, path: str | Path | None = None) -> Path:
    """Set the top-level setting ``name`` to ``value`` in the config file (``path``, else
    the default one), creating the file if there is none; return the path written.

    Raises `ConfigSaveError` (one line) and leaves the file as it was when it cannot be
    read, does not parse, or could not be edited without changing anything else."""
    setting = BY_NAME.get(name)
    if setting is None:
        raise ConfigSaveError(f"config: unknown setting {name!r}")
    try:
        setting.parse(value, "config")
    except ValueError as e:
        raise ConfigSaveError(str(e)) from None
    shown = Path(path) if path is not None else default_path()
    # A link (dotfiles are often links into a repository): edit the file it points to.
    target = Path(os.path.realpath(shown))
    old, mode = _current(shown, target)
    new = _edited(shown, old, name, value)
    try:
        atomic_write(target, new.encode("utf-8"), mode=mode)
    except OSError as e:
        raise ConfigSaveError(f"{shown}: cannot write the config ({e.strerror or e})") from None
    return shown


def _current(shown: Path, target: Path) -> tuple[str, int]:
    """The config's text now ("" if there is none yet) and the mode to keep."""
    try:
        raw = files.read_file(target, MAX_CONFIG_BYTES)
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        if shown.is_symlink():
            raise ConfigSaveError(f"{shown}: a link to a missing file; not written") from None
        return "", NEW_CONFIG_MODE
    except OSError as e:
        raise ConfigSaveError(f"{shown}: cannot read the config ({e.strerror or e})") from None
    try:
        return raw.decode("utf-8"), mode
    except UnicodeDecodeError:
        raise ConfigSaveError(f"{shown}: not UTF-8; left as it is") from None


def _edited(shown: Path, old: str, name: str, value: object) -> str:
    """``old`` with ``name = value``, everything else as it was; checked by reading it
    back with tomllib (what `load_config` reads with)."""
    import tomllib

    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        before = tomllib.loads(old)
        doc = tomlkit.parse(old)
    except (tomllib.TOMLDecodeError, TOMLKitError, RecursionError) as e:
        why = "nested too deeply" if isinstance(e, RecursionError) else str(e)
        raise ConfigSaveError(f"{shown}: not a valid TOML config ({why}); left as it is") from None
    doc[name] = value
    new = tomlkit.dumps(doc)
    try:
        after = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        after = None
    if after != {**before, name: value}:
        raise ConfigSaveError(f"{shown}: could not set {name} without changing more; left as it is")
    return new
