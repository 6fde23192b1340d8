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
* what is reshaped is each maximal *run* of Arabic script: from an Arabic-script character
  to the last one before a letter of another script, an emoji ZWJ sequence or the end, with
  the spaces, digits, punctuation, ZWNJ and marks between them.  arabic-reshaper copies
  those through unchanged and never joins across them, so a run shapes exactly like its
  words one by one, at a fraction of the Python work.  Latin text and emoji, including the
  ZWJ of an emoji sequence, never reach it;
* all the runs of a paragraph that are not cached yet are reshaped in one call (joined by
  ``"\\n"``, which a run never contains), and every run is remembered in a bounded LRU
  cache, so laying the same comment out again at another width reshapes nothing;
* any exception falls back to the unshaped text, for the run that raised it only.

Lam-alef.  arabic-reshaper finds ligatures with a regex alternation over the whole text,
which costs about 15% of a reshape.  So it reshapes with ligatures off, which maps letters
one to one, and the four lam-alefs are formed here in one pass: a lam in its initial or
medial form, the harakat after it, and an alef in its final form become the isolated or
final ligature, followed by those harakat, exactly as arabic-reshaper places them.  The
forms come from arabic-reshaper's own tables, and a self-check against arabic-reshaper's
ligatures, once, guards the equivalence: if it fails, arabic-reshaper forms them itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Any, Protocol

from .cells import lazy_compile

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
# A run: Arabic-script units separated by gaps.  A unit is Arabic script with ZWJs that touch
# it (so a ZWJ between two emoji is never part of one and never stripped).  A gap is
# anything but a letter or digit of another script, a ZWJ, Arabic script or a line feed:
# spaces, punctuation, ASCII digits, ZWNJ, marks, bidi controls, emoji.  Units and gaps
# have no character in common, so the quantifiers can be possessive (no backtracking: two
# to three times faster).  Splitting with a group gives [other, run, other, run, ..., other].
_UNIT = f"\u200d*+[{_ARABIC}][{_ARABIC}\u200d]*+"
_GAP = f"(?:[^\\w\\n\u200d{_ARABIC}]|[0-9])"
_SPLIT = lazy_compile(f"({_UNIT}(?:{_GAP}*+{_UNIT})*+)")
_LIGATURE = lazy_compile("[\ufef5-\ufefc]")
# arabic-reshaper's HARAKAT_RE: the marks it lifts out of the letter stream (and skips when
# it looks for ligatures).
_HARAKAT_CLASS = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d4-\u08ff"
)
_HARAKAT = lazy_compile(f"[{_HARAKAT_CLASS}]*")


#: A shaped run: its text and the positions of the run's characters it dropped.
_Shaped = tuple[str, tuple[int, ...]]
_NOTHING: tuple[int, ...] = ()
# run -> shaped run, least recently used first.  Bounded in entries, and runs longer than
# _CACHE_LONGEST are not kept, so it holds a few MB at most.
_CACHE: dict[str, _Shaped] = {}
_CACHE_SIZE = 4096
_CACHE_LONGEST = 4096


class _Reshaper(Protocol):
    letters: dict[str, tuple[str, str, str, str]]

    def reshape(self, text: str) -> str: ...


class _Section(Protocol):
    def getboolean(self, option: str, *args: Any, **kwargs: Any) -> bool: ...


class _Settings:
    """arabic-reshaper's configuration section with its answers remembered.

    ``ArabicReshaper.reshape`` reads seven options through ``ConfigParser`` on every call,
    which costs about 30 µs, as much as shaping 30 letters.  The configuration never
    changes after construction, so the answers are looked up once; anything else is passed
    through to the real section.
    """

    def __init__(self, section: _Section) -> None:
        self._section = section
        self._booleans: dict[str, bool] = {}

    def getboolean(self, option: str, *args: Any, **kwargs: Any) -> bool:
        if args or kwargs:
            return bool(self._section.getboolean(option, *args, **kwargs))
        try:
            return self._booleans[option]
        except KeyError:
            value = self._booleans[option] = bool(self._section.getboolean(option))
            return value

    def __getattr__(self, name: str) -> object:
        return getattr(self._section, name)


class _LamAlef:
    """Forms the lam-alef ligatures in text reshaped without them (see the module docs)."""

    def __init__(
        self,
        letters: dict[str, tuple[str, str, str, str]],
        ligatures: Iterable[tuple[str, tuple[str, tuple[str, str, str, str]]]],
    ) -> None:
        lam = letters[_LAM]
        initial, medial = lam[1], lam[2]
        self.table: dict[tuple[str, str], str] = {}
        for name, (pair, forms) in ligatures:
            if name in _LAM_ALEF_NAMES:
                final_alef = letters[pair[1]][3]
                self.table[initial, final_alef] = forms[0]  # not joined before: isolated
                self.table[medial, final_alef] = forms[3]  # joined before: final
        alefs = "".join(sorted({alef for _lam, alef in self.table}))
        self.lams = (initial, medial)
        self.pattern = re.compile(f"([{initial}{medial}])([{_HARAKAT_CLASS}]*)([{alefs}])")

    def __call__(self, shaped: str) -> tuple[str, list[int]]:
        """``shaped`` with its lam-alefs ligated, and the positions in ``shaped`` of the
        alefs they consumed."""
        if self.lams[0] not in shaped and self.lams[1] not in shaped:
            return shaped, []
        pieces: list[str] = []
        alefs: list[int] = []
        pos = 0
        table = self.table
        for m in self.pattern.finditer(shaped):
            lam, marks, alef = m.groups()
            pieces.append(shaped[pos : m.start()])
            pieces.append(table[lam, alef])
            pieces.append(marks)  # the marks follow the ligature
            alefs.append(m.start(3))
            pos = m.end()
        if not alefs:
            return shaped, []
        pieces.append(shaped[pos:])
        return "".join(pieces), alefs


_RESHAPER: _Reshaper | None = None
_LIGATE: _LamAlef | None = None


def _make_reshaper(ligatures: bool) -> _Reshaper:
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.ligatures import LIGATURES

    config: dict[str, object] = {
        "language": "Arabic",  # covers Persian letters (پ چ ژ گ ک ی) too
        "delete_harakat": False,
        "shift_harakat_position": False,
        "delete_tatweel": False,
        # ZWJ never reaches it (see above), and without ZWJ support its per-letter loop is
        # about 8% cheaper.
        "support_zwj": False,
        "use_unshaped_instead_of_isolated": False,
        "support_ligatures": ligatures,
    }
    if ligatures:  # (without ligature support, these 300 options are never read)
        for name, _forms in LIGATURES:
            config[name] = name in _LAM_ALEF_NAMES
    reshaper = ArabicReshaper(configuration=config)
    section = getattr(reshaper, "configuration", None)
    if section is not None and hasattr(section, "getboolean"):
        reshaper.configuration = _Settings(section)
    out: _Reshaper = reshaper
    return out


# Lam-alefs in every position: alone, joined before, with harakat between, with each alef,
# after tatweel, and lams that must not ligate; and what arabic-reshaper 3.1 makes of it
# with the four lam-alef ligatures on (a unit test checks this against arabic-reshaper).
_LAM_ALEF_CHECK = "لا بلا لَا بلّا لأ سلإ لآ الله لـا ل ا فلان"
_LAM_ALEF_EXPECTED = (
    "\ufefb \ufe91\ufefc \ufefb\u064e \ufe91\ufefc\u0651 \ufef7 \ufeb3\ufefa \ufef5 "
    "\ufe8d\ufedf\ufee0\ufeea \ufedf\u0640\ufe8e \ufedd \ufe8d \ufed3\ufefc\ufee5"
)


def _reshaper() -> tuple[_Reshaper, _LamAlef | None]:
    """The reshaper, and the lam-alef pass (None: the reshaper forms them itself)."""
    global _RESHAPER, _LIGATE
    if _RESHAPER is None:
        ligate: _LamAlef | None
        try:
            from arabic_reshaper.ligatures import LIGATURES

            plain = _make_reshaper(ligatures=False)
            ligate = _LamAlef(plain.letters, LIGATURES)
            if ligate(plain.reshape(_LAM_ALEF_CHECK))[0] != _LAM_ALEF_EXPECTED:
                raise ValueError("lam-alef forms differ from arabic-reshaper's")
            _RESHAPER, _LIGATE = plain, ligate
        except (ImportError, AttributeError, LookupError, TypeError, ValueError):
            _RESHAPER, _LIGATE = _make_reshaper(ligatures=True), None
    return _RESHAPER, _LIGATE


def _ligature_drops(source: str, shaped: str) -> list[int] | None:
    """Positions in ``source`` of the alefs that lam-alef ligatures in ``shaped`` (formed
    by arabic-reshaper) consumed, or None if the two do not line up as expected (then the
    caller does not trust the shaping).  Every other character of ``source`` maps, in
    order, to one of ``shaped``.  Only used when arabic-reshaper forms the ligatures."""
    drops: list[int] = []
    n = len(source)
    for m in _LIGATURE().finditer(shaped):
        j = m.start() + len(drops)  # where the lam stood
        if j >= n or source[j] != _LAM:
            return None
        # arabic-reshaper lifts marks out of the letter stream and re-inserts them after
        # the letter they followed, so marks between lam and alef come right after the
        # ligature.
        marks = _HARAKAT().match(source, j + 1)
        k = marks.end() if marks is not None else j + 1
        if k >= n or source[k] not in _ALEFS:
            return None
        i = m.start() + 1
        if shaped[i : i + k - j - 1] != source[j + 1 : k]:
            return None
        drops.append(k)
    return drops if n == len(shaped) + len(drops) else None


def _reshape_all(plain: list[str]) -> list[tuple[str, list[int] | None]]:
    """Reshape the ZWJ-free runs ``plain``: per run, the shaped text and the positions of
    the alefs lam-alefs consumed (None: the shaping did not line up with the run, keep it
    unshaped).  One arabic-reshaper call for all of them when possible."""
    reshape, ligate = _reshaper()
    joined = "\n".join(plain)
    shaped: str | None
    try:
        # A line feed never joins, never forms a ligature and never occurs in a run, so
        # this is the same as reshaping each run alone, minus arabic-reshaper's per-call
        # overhead.
        shaped = reshape.reshape(joined)
    except Exception:  # arabic-reshaper has crashed on odd input before: find the culprit
        shaped = None
    if ligate is not None and shaped is not None and len(shaped) == len(joined):
        text, alefs = ligate(shaped)
        pieces = text.split("\n")
        if len(pieces) == len(plain):
            if not alefs:
                return [(piece, []) for piece in pieces]
            # Hand each alef to its run: run k starts at starts[k] in ``joined``.
            starts = [0, *accumulate(len(run) + 1 for run in plain)]
            drops: list[list[int]] = [[] for _ in plain]
            for at in alefs:
                k = bisect_right(starts, at) - 1
                drops[k].append(at - starts[k])
            return list(zip(pieces, drops, strict=True))
    out: list[tuple[str, list[int] | None]] = []
    for run in plain:  # one by one, so that one bad run does not spoil the others
        try:
            piece = reshape.reshape(run)
        except Exception:
            out.append((run, None))
            continue
        if ligate is not None:
            if len(piece) != len(run):
                out.append((run, None))
                continue
            piece, alefs = ligate(piece)
            out.append((piece, alefs))
        else:
            out.append((piece, _ligature_drops(run, piece)))
    return out


def _reshape_runs(runs: list[str]) -> dict[str, _Shaped]:
    """Reshape ``runs`` (distinct runs of Arabic script, possibly with ZWJ).  A run that
    arabic-reshaper fails on, or shapes in a way we cannot map back, stays unshaped."""
    plain = [run.replace("\u200d", "") if "\u200d" in run else run for run in runs]
    out: dict[str, _Shaped] = {}
    for run, stripped, (shaped, alefs) in zip(runs, plain, _reshape_all(plain), strict=True):
        if alefs is None:
            out[run] = (run, _NOTHING)
        elif len(stripped) == len(run):  # no ZWJ
            out[run] = (shaped, tuple(alefs) if alefs else _NOTHING)
        else:
            plain_to_run = [i for i, ch in enumerate(run) if ch != "\u200d"]
            zwj = [i for i, ch in enumerate(run) if ch == "\u200d"]
            out[run] = (shaped, tuple(sorted([*zwj, *(plain_to_run[i] for i in alefs)])))
    return out


def _remember(fresh: dict[str, _Shaped]) -> None:
    for run, entry in fresh.items():
        if len(run) <= _CACHE_LONGEST:
            _CACHE[run] = entry
    while len(_CACHE) > _CACHE_SIZE:
        try:
            del _CACHE[next(iter(_CACHE))]  # the least recently used
        except (KeyError, RuntimeError, StopIteration):  # another thread got there first
            break


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
    parts = _SPLIT().split(text)
    runs = parts[1::2]
    found: list[_Shaped | None] = []
    missing: list[str] = []
    cache = _CACHE
    for run in runs:
        hit = cache.pop(run, None)  # pop and put back: most recently used goes last
        if hit is None:
            missing.append(run)
        else:
            cache[run] = hit
        found.append(hit)
    if missing:
        fresh = _reshape_runs(list(dict.fromkeys(missing)))
        _remember(fresh)
        entries = [fresh[run] if hit is None else hit for run, hit in zip(runs, found, strict=True)]
    else:
        entries = found  # type: ignore[assignment]  # no None in it
    parts[1::2] = [entry[0] for entry in entries]
    shaped_text = "".join(parts)
    if len(shaped_text) == len(text):
        return shaped_text, []
    dropped: list[int] = []
    pos = 0
    for k, (_shaped, lost) in enumerate(entries):
        pos += len(parts[2 * k])
        if lost:
            dropped.extend([pos + i for i in lost])
        pos += len(runs[k])
    return shaped_text, dropped


def clear_cache() -> None:
    """Forget shaped runs (benchmarks use this to measure the cold path)."""
    _CACHE.clear()
