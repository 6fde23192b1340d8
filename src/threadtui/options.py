"""Every setting threadtui has, declared once, and the one chain that resolves them.

A value comes from the first of: the command-line flag, the environment variable, the
config file, the default. `SETTINGS` is the only list of settings: the parser makes its
flags from it (`add_flags`), the config file is checked against it (`threadtui.config`),
`threadtui config` prints it with where each value came from, and the README and
docs/configuration.md describe the same table. Adding a setting is one row here plus the
code that uses it.

Value sets are declared where the code that acts on them lives (the layout engine's
`BidiMode` and `BaseDir` literals) and read from there, never spelled out again.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_args

from threadtui.text.layout import BaseDir, BidiMode, LayoutOptions

if TYPE_CHECKING:
    from threadtui.config import Config

#: ``auto`` is not a mode the layout engine knows: it is resolved here (`_auto_bidi`).
BIDI_CHOICES: tuple[str, ...] = ("auto", *get_args(BidiMode))
BASE_DIR_CHOICES: tuple[str, ...] = get_args(BaseDir)

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its name (the config key and the attribute), its type and default,
    the values it takes, its environment variables and its command-line flag."""

    name: str
    kind: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    env: tuple[str, ...] = ()
    #: The flag, e.g. ``--bidi``; a boolean whose default is True gets ``--no-NAME``.
    flag: str | None = None
    metavar: str | None = None
    #: Which commands take the flag.
    commands: frozenset[str] = frozenset()

    def parse(self, raw: object, where: str) -> Any:
        """``raw`` (a string from the environment, or a TOML value from the config file,
        where a boolean must be one) as this setting's value; raises ValueError with a
        one-line reason."""
        if self.kind is list:
            return _parse_list(self.name, raw, where)
        if self.kind is bool:
            if isinstance(raw, bool):
                return raw
            if where != "config" and isinstance(raw, str) and raw.strip().lower() in _TRUE + _FALSE:
                return raw.strip().lower() in _TRUE
            raise ValueError(f"{where}: {self.name} must be true or false")
        if not isinstance(raw, str):
            raise ValueError(f"{where}: {self.name} must be a string")
        value = raw.strip()
        if self.choices:
            value = value.lower()
            if value not in self.choices:
                raise ValueError(f"{where}: {self.name} must be one of {', '.join(self.choices)}")
        elif not value:
            raise ValueError(f"{where}: {self.name} must not be empty")
        return value


def _parse_list(name: str, raw: object, where: str) -> tuple[str, ...]:
    """A list of strings: a TOML array in the config file; in the environment, items
    separated like PATH (``:``, or ``;`` on Windows)."""
    if isinstance(raw, str) and where != "config":
        return tuple(p for p in (x.strip() for x in raw.split(os.pathsep)) if p)
    if isinstance(raw, list) and all(isinstance(x, str) and x.strip() for x in raw):
        return tuple(x.strip() for x in raw)
    raise ValueError(f"{where}: {name} must be a list of strings")


_LAYOUT = frozenset({"open", "render"})
_READER = frozenset({"open"})

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "bidi",
        str,
        "auto",
        "who lays out right-to-left text: app (threadtui), terminal (logical order, for"
        " terminals that reorder by themselves: Konsole, mlterm, macOS Terminal), off (raw"
        " logical text); auto: app, or terminal when the terminal is known to reorder",
        choices=BIDI_CHOICES,
        env=("THREADTUI_BIDI",),
        flag="--bidi",
        metavar="MODE",
        commands=_LAYOUT,
    ),
    Setting(
        "base_dir",
        str,
        "auto",
        "paragraph direction of comment text: auto (from its first strong letter), ltr or rtl",
        choices=BASE_DIR_CHOICES,
        env=("THREADTUI_BASE_DIR",),
        flag="--base-dir",
        metavar="DIR",
        commands=_LAYOUT,
    ),
    Setting(
        "shape",
        bool,
        True,
        "join Arabic-script letters into their contextual forms (app mode only)",
        env=("THREADTUI_SHAPE",),
        flag="--no-shape",
        commands=_LAYOUT,
    ),
    Setting(
        "theme",
        str,
        "ansi-dark",
        "colour theme: ansi-dark uses the terminal's own palette; or any Textual theme",
        env=("THREADTUI_THEME", "TEXTUAL_THEME"),
        flag="--theme",
        metavar="NAME",
        commands=_READER,
    ),
    Setting(
        "mouse",
        bool,
        True,
        "capture the mouse (wheel scrolls, a click selects)",
        env=("THREADTUI_MOUSE",),
        flag="--no-mouse",
        commands=_READER,
    ),
    Setting(
        "animations",
        bool,
        False,
        "Textual's animations (every frame is bytes on the wire over SSH)",
        env=("THREADTUI_ANIMATIONS",),
    ),
    # Where threads are fetched from (threadtui.fetch): the fixed-host sites' API bases,
    # for mirrors and proxies. The sites on any host (Discourse, Mastodon, Lemmy) are
    # asked at the host of the address itself.
    Setting(
        "hn_api",
        str,
        "https://hn.algolia.com/api/v1",
        "Hacker News: the Algolia API base (a mirror's, say)",
        env=("THREADTUI_HN_API",),
    ),
    Setting(
        "hn_firebase_api",
        str,
        "https://hacker-news.firebaseio.com/v0",
        "Hacker News: the Firebase API base, for items Algolia has not indexed yet",
        env=("THREADTUI_HN_FIREBASE_API",),
    ),
    Setting(
        "reddit_api",
        str,
        "https://www.reddit.com",
        "Reddit: the base its .json pages and /api/morechildren are fetched from",
        env=("THREADTUI_REDDIT_API",),
    ),
    Setting(
        "lobsters_api",
        str,
        "https://lobste.rs",
        "Lobsters: the base its /s/ID.json pages are fetched from",
        env=("THREADTUI_LOBSTERS_API",),
    ),
    Setting(
        "fetch_timeout",
        str,
        "20",
        "seconds to wait for a site to connect and for each part of its answer",
        env=("THREADTUI_FETCH_TIMEOUT",),
    ),
    Setting(
        "state",
        bool,
        True,
        "remember where you left each thread, what you have read and what is new"
        " (a database in your state directory; docs/state.md)",
        env=("THREADTUI_STATE",),
        flag="--no-state",
        commands=frozenset({"open", "library"}),
    ),
    Setting(
        "library",
        list,
        (),
        "folders of thread files that `threadtui library` lists when given none",
        env=("THREADTUI_LIBRARY",),
    ),
)

BY_NAME: Mapping[str, Setting] = {s.name: s for s in SETTINGS}


def add_flags(parser: argparse.ArgumentParser, command: str) -> None:
    """Add the flags of every setting ``command`` takes. A flag not given leaves None in
    the namespace, so that the chain can tell "not given" from a value."""
    for s in SETTINGS:
        if s.flag is None or command not in s.commands:
            continue
        if s.kind is bool:
            parser.add_argument(
                s.flag,
                dest=s.name,
                action="store_const",
                const=not s.default,
                default=None,
                help=s.help if s.default is False else f"do not {s.help}",
            )
        else:
            parser.add_argument(
                s.flag,
                dest=s.name,
                choices=s.choices or None,
                metavar=s.metavar,
                default=None,
                help=f"{s.help} (default: {s.default})",
            )


@dataclass(frozen=True, slots=True)
class Resolved:
    """The value of every setting and where it came from."""

    values: Mapping[str, Any]
    origins: Mapping[str, str]
    problems: Sequence[str] = field(default_factory=tuple)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def layout_options(self) -> LayoutOptions:
        return LayoutOptions(
            bidi=self.values["bidi"],
            base_dir=self.values["base_dir"],
            shaping=self.values["shape"],
        )


def resolve(
    flags: argparse.Namespace | Mapping[str, Any] | None = None,
    config: Config | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    terminal: bool = True,
) -> Resolved:
    """Every setting through the chain: flag > environment > config file > default.

    ``terminal``: the output is a terminal. Only then may ``bidi = auto`` look at which
    terminal it is; what is written to a file or a pipe never depends on that.
    """
    given = vars(flags) if isinstance(flags, argparse.Namespace) else dict(flags or {})
    env = os.environ if environ is None else environ
    from_config = config.values if config is not None else {}
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    problems: list[str] = []
    for s in SETTINGS:
        value, origin = _one(s, given, env, from_config, config, problems)
        values[s.name] = value
        origins[s.name] = origin
    if values["bidi"] == "auto":
        values["bidi"], why = _auto_bidi(env, terminal)
        origins["bidi"] = f"{origins['bidi']}, auto: {why}"
    return Resolved(values, origins, tuple(problems))


def _one(
    s: Setting,
    given: Mapping[str, Any],
    env: Mapping[str, str],
    from_config: Mapping[str, Any],
    config: Config | None,
    problems: list[str],
) -> tuple[Any, str]:
    if given.get(s.name) is not None:
        return given[s.name], f"flag {s.flag}"
    for var in s.env:
        raw = env.get(var)
        if raw is None or not raw.strip():
            continue
        try:
            return s.parse(raw, var), f"environment {var}"
        except ValueError as e:
            problems.append(f"{e}; ignored")
    if s.name in from_config:
        where = str(config.path) if config is not None and config.path else "config"
        return from_config[s.name], f"config file {where}"
    return s.default, "default"


# Terminals that reorder right-to-left text by themselves and offer no escape to stop
# them (docs/terminals.md): leave the reordering to them. VTE does, but obeys CSI 8 l.
_REORDERING_TERMINALS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("KONSOLE_VERSION", bool),
    ("TERM_PROGRAM", lambda v: v == "Apple_Terminal"),
    ("TERM", lambda v: v.startswith("mlterm")),
)


def _auto_bidi(env: Mapping[str, str], terminal: bool) -> tuple[str, str]:
    if not terminal:
        return "app", "the output is not a terminal"
    for var, reorders in _REORDERING_TERMINALS:
        value = env.get(var, "")
        if value and reorders(value):
            return "terminal", f"{var} names a terminal that reorders by itself"
    return "app", "no terminal known to reorder"
