"""The one table of formats: each importer declares itself once, as a `Format`.

``--from`` names and aliases, the detection order, the "tried …" error message and the
format list of docs/formats.md (checked by a test) all read `formats()`. An importer
module holds ``FORMAT = Format(...)`` next to its code; `MODULES` below is the detection
order: most specific structure first, threadtui/1 without a ``"format"`` key last.

Three kinds of input:

* ``json``: the file is parsed once as JSON; ``detect(doc)`` says whether the document has
  this format's structure, ``load(doc, name=, surrogates=, bidi=)`` builds the Thread;
* ``bytes``: ``sniff(head)`` looks at the first bytes, ``load_bytes(data, name=)`` reads
  them all (mail); ``load_dir`` reads a folder (a Maildir);
* ``export``: a site's export of many threads, streamed from the file (`export.Export`):
  ``sniff(head)`` on the first bytes, ``export`` lists and reads its threads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

from threadtui.model.jsonio import ThreadLoadError

if TYPE_CHECKING:
    from threadtui.importers.export import Export
    from threadtui.model.thread import Thread

Kind = Literal["json", "bytes", "export"]


@dataclass(frozen=True, slots=True)
class Format:
    name: str  # the --from name
    label: str  # how messages and docs name it
    kind: Kind = "json"
    aliases: tuple[str, ...] = ()
    detect: Callable[[Any], bool] | None = None
    load: Callable[..., Thread] | None = None
    sniff: Callable[[bytes], bool] | None = None
    load_bytes: Callable[..., Thread] | None = None
    is_dir: Callable[[str], bool] | None = None
    load_dir: Callable[..., Thread] | None = None
    export: Export | None = None
    # What its comments hold when they are this format's (JSON formats): named when a
    # file of its structure reads as empty comments (`threadtui.importers.load_document`).
    fields: str = ""


# Detection order. threadtui/1 documents that say so are recognised before any of these.
MODULES = (
    "disqus",
    "wordpress",
    "mail",
    "reddit",
    "hn",
    "lobsters",
    "discourse",
    "mastodon",
    "piefed",
    "lemmy",
    "threadtui",
)


@lru_cache(maxsize=1)
def formats() -> tuple[Format, ...]:
    """Every format, in detection order."""
    return tuple(import_module(f"threadtui.importers.{m}").FORMAT for m in MODULES)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Format]:
    out: dict[str, Format] = {}
    for f in formats():
        for key in (f.name, *f.aliases):
            out[key] = f
    return out


def names() -> tuple[str, ...]:
    return tuple(f.name for f in formats())


def get(fmt: str) -> Format:
    """The format a ``--from`` value names (case and spacing ignored)."""
    f = _by_name().get(fmt.strip().lower())
    if f is None:
        raise ThreadLoadError(
            f"unknown format {fmt!r}; choose one of: {', '.join(sorted(names()))}"
        )
    return f


def tried() -> str:
    return ", ".join(f.label for f in formats())


def of_kind(kind: Kind) -> tuple[Format, ...]:
    return tuple(f for f in formats() if f.kind == kind)
