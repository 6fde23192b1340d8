"""Arabic-script shaping for terminals that do not shape.

A terminal draws one glyph per cell and, mostly, does not join Arabic letters; so we replace
each letter by its contextual presentation form (U+FB50..U+FEFF) with arabic-reshaper, in
*logical* order, before reordering (reshaping after reordering picks the wrong forms).

Configuration, chosen for Persian and for terminals:

* harakat (vowel marks) are kept: they are part of the text, and U+0654 is the Persian ezafe;
* only the four mandatory lam-alef ligatures are formed.  Every other ligature is off (the
  ALLAH ligature U+FDF2 would squeeze four letters into one cell), which also makes the map
  from shaped characters back to source characters derivable: a lam-alef consumes two
  letters, everything else one;
* U+200D ZWJ is removed before reshaping: arabic-reshaper 3.1 drops a letter on
  ``"ب\u200dلا سلام"`` and raises IndexError on ``"ه\u200d لا"``;
* only maximal runs of Arabic-script characters are reshaped (all of them in one call), so
  Latin text, digits and emoji, including the ZWJ of an emoji sequence, never reach it;
* any exception falls back to the unshaped text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

__all__ = ["LAM_ALEF_LIGATURES", "clear_cache", "shape"]

#: The lam-alef ligature presentation forms (isolated and final of each).
LAM_ALEF_LIGATURES = frozenset("\ufef5\ufef6\ufef7\ufef8\ufef9\ufefa\ufefb\ufefc")
_LAM = "\u0644"
_ALEFS = frozenset("\u0627\u0622\u0623\u0625")
_LAM_ALEF_NAMES = frozenset(
    {
        "ARABIC LIGATURE LAM WITH ALEF",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
        "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
    }
)

_ARABIC = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff"
_HAS_ARABIC = re.compile(f"[{_ARABIC}]")
# A run holds at least one Arabic-script character; a ZWJ belongs to it only when it touches
# Arabic (a ZWJ between two emoji must never be stripped).  Splitting with a group gives
# [other, run, other, run, ..., other].
_SPLIT = re.compile(f"(\u200d*[{_ARABIC}][{_ARABIC}\u200d]*)")
_LIGATURE = re.compile("[\ufef5-\ufefc]")
# arabic-reshaper's HARAKAT_RE: the marks it lifts out of the letter stream.
_HARAKAT = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d4-\u08e1\u08e3-\u08ff]"
)


#: A shaped run: its text and the positions of the run's characters it dropped.
_Shaped = tuple[str, tuple[int, ...]]
# run -> shaped run.  Bounded: cleared when it would exceed _CACHE_SIZE entries (a few MB at
# most; a long thread has a few thousand distinct words).
_CACHE: dict[str, _Shaped] = {}
_CACHE_SIZE = 20_000


class _Reshaper(Protocol):
    def reshape(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _reshaper() -> _Reshaper:
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.ligatures import LIGATURES

    config: dict[str, object] = {
        "language": "Arabic",  # covers Persian letters (پ چ ژ گ ک ی) too
        "delete_harakat": False,
        "shift_harakat_position": False,
        "delete_tatweel": False,
        "support_zwj": True,
        "use_unshaped_instead_of_isolated": False,
        "support_ligatures": True,
    }
    for name, _forms in LIGATURES:
        config[name] = name in _LAM_ALEF_NAMES
    reshaper: _Reshaper = ArabicReshaper(configuration=config)
    return reshaper


def _ligature_map(source: str, shaped: str) -> list[int] | None:
    """For each character of ``shaped``, its index in ``source``; None if the two do not
    line up as expected (then the caller does not trust the shaping)."""
    out: list[int] = []
    i = j = 0
    n, m = len(source), len(shaped)
    while i < m:
        if j >= n:
            return None
        ch = shaped[i]
        if ch not in LAM_ALEF_LIGATURES:
            out.append(j)
            i += 1
            j += 1
            continue
        if source[j] != _LAM:
            return None
        out.append(j)  # the ligature stands where its lam stood
        i += 1
        j += 1
        # arabic-reshaper lifts marks out of the letter stream and re-inserts them after
        # the letter they followed, so marks between lam and alef come right after the
        # ligature.
        k = j
        while k < n and _HARAKAT.match(source[k]):
            k += 1
        if k >= n or source[k] not in _ALEFS:
            return None
        for t in range(j, k):
            if i >= m or shaped[i] != source[t]:
                return None
            out.append(t)
            i += 1
        j = k + 1  # the alef has no character of its own
    return out if j == n else None


def shape(text: str) -> tuple[str, list[int]]:
    """Shape the Arabic-script runs of ``text`` (one paragraph, logical order).

    Shaping maps characters one to one, except that it drops some: the alef of a lam-alef
    ligature (the ligature stands where the lam stood; marks between them follow it) and
    ZWJ.  So the result is described by the sorted positions, in ``text``, of the dropped
    characters: every other character maps, in order, to one shaped character.
    """
    if not _HAS_ARABIC.search(text):
        return text, []
    # [other, run, other, run, ..., other], split at C speed.
    parts = _SPLIT.split(text)
    runs = parts[1::2]
    # Words repeat (و، از، به، که …), within a comment and across a thread, and a reader
    # re-lays out the same comment whenever the pane is resized: so each distinct run is
    # reshaped once and remembered (see _CACHE).
    table: dict[str, _Shaped] = {}
    missing: list[str] = []
    for run in dict.fromkeys(runs):
        hit = _CACHE.get(run)
        if hit is None:
            missing.append(run)
        else:
            table[run] = hit
    if missing:
        fresh = _reshape_runs(missing)
        if fresh is None:
            return text, []
        if len(_CACHE) + len(fresh) > _CACHE_SIZE:
            _CACHE.clear()  # crude but bounded; refills with the words in use
        _CACHE.update(fresh)
        table.update(fresh)
    entries = list(map(table.__getitem__, runs))
    parts[1::2] = [shaped for shaped, _dropped in entries]
    shaped_text = "".join(parts)
    if len(shaped_text) == len(text):
        return shaped_text, []
    dropped: list[int] = []
    pos = 0
    for other, run, (_shaped, lost) in zip(parts[::2], runs, entries, strict=False):
        pos += len(other)
        if lost:
            dropped.extend(pos + i for i in lost)
        pos += len(run)
    return shaped_text, dropped


def _reshape_runs(runs: list[str]) -> dict[str, _Shaped] | None:
    """Reshape ``runs`` (distinct runs of Arabic script, possibly with ZWJ); None if
    arabic-reshaper failed."""
    plain = [run.replace("\u200d", "") for run in runs]
    try:
        # All runs in one call, separated by spaces: a space never joins and never forms a
        # ligature, so this is the same as reshaping each run alone, minus arabic-reshaper's
        # per-call overhead.
        shaped_runs = _reshaper().reshape(" ".join(plain)).split(" ")
    except Exception:  # arabic-reshaper has crashed on odd input before: show it unshaped
        return None
    if len(shaped_runs) != len(runs):
        return None
    out: dict[str, _Shaped] = {}
    for run, stripped, shaped in zip(runs, plain, shaped_runs, strict=True):
        if len(shaped) == len(run):
            out[run] = (shaped, ())
            continue
        kept = _run_map(run, stripped, shaped)
        if kept is None:  # not what we expected (arabic-reshaper changed): keep it unshaped
            out[run] = (run, ())
        else:
            out[run] = (shaped, tuple(sorted(set(range(len(run))).difference(kept))))
    return out


def clear_cache() -> None:
    """Forget shaped runs (benchmarks use this to measure the cold path)."""
    _CACHE.clear()


def _run_map(run: str, plain: str, shaped: str) -> list[int] | None:
    """Indices into ``run`` (which may contain ZWJ) of the characters of ``shaped`` (the
    reshaped ``plain``, i.e. ``run`` without ZWJ), or None if they do not line up."""
    if "\u200d" in run:
        plain_to_run = [i for i, ch in enumerate(run) if ch != "\u200d"]
    else:
        plain_to_run = list(range(len(run)))
    if len(shaped) == len(plain):
        return plain_to_run
    local = _ligature_map(plain, shaped)
    if local is None:
        return None
    return [plain_to_run[i] for i in local]
