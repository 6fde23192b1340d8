#!/usr/bin/env python3
"""The reader in a real terminal: first screen, peak memory, key latency, bytes per key.

    python bench/bench_reader.py                        # sample + 1k, 10k, 100k comments
    python bench/bench_reader.py --sizes 1000,100000    # choose the generated sizes
    python bench/bench_reader.py --sizes 1k,10k,100k,1M # the same with suffixes (#18)
    python bench/bench_reader.py --quick                # fewer runs and presses (~1 min)
    python bench/bench_reader.py --profile out/prof     # cProfile per phase, no PASS/FAIL

Each thread (the bundled sample, and threads of N comments generated with
``tools/gen_thread.py N --seed 1`` into bench/data/, reused when present) is opened with
``threadtui open FILE`` on a 120x40 pseudo-terminal with TERM=xterm-256color, exactly as a
user starts it; next to it runs bench/bare_app.py, a Textual app with one line (the floor).
Every figure is printed beside the bare app's and as a ratio to it.

How it measures:

- The emulator answers Textual's query for synchronized output (DEC mode 2026, as kitty,
  WezTerm, iTerm2 or foot do), so every frame arrives between ``CSI ? 2026 h`` and
  ``CSI ? 2026 l`` and frame boundaries are exact (16 bytes of markers per frame).
- Bytes are only timestamped while measuring; the pyte screen is fed afterwards (pyte
  handles about 0.5 MB/s, which would otherwise delay reading and inflate every time).
- First screen: from fork to the last byte of the first frame after which the pyte screen
  shows the first comment's author and a footer (the bare app: its line).
- Peak memory: VmHWM of the process just before quitting, after the whole thread has
  loaded (the "Loading the rest" status gone) and after the keys below.
- Keys: the time from writing the key to the pty to the last byte of the resulting update
  (at least one frame, then output quiet for --quiet seconds), and the bytes written for
  it; medians over --presses presses from the top of the thread, going back to the top
  (``g``, not counted) every 10 j or 3 page downs so that the sample's end (where a key
  only shows a notice) is not what gets measured. Toggle: ``g``, then space twice (fold
  and unfold the first top-level comment), both spaces counted. Updates that
  rewrite most of the screen's rows are counted as scrolls, the rest as moves.
- Every measurement set (j, page down, toggle) starts every app fresh (one after the
  other); then the apps take the presses in turn, so a change in the machine's load hits
  them alike. Each app so gets as many first-screen and memory samples as there are sets,
  plus --extra-starts runs that only measure the first screen. Medians throughout.
- "Navigation cost must not grow with thread size" is checked against the first 1,000
  comments of the biggest thread (``100k-head``, written once into bench/data/): the same
  comments on screen, so only the size differs. The generated 1k thread has other
  comments (other lengths and scripts, so j scrolls at other presses) and is shown too.

Targets (issue 3) are checked at the end; exits 1 if any is missed.

``--profile DIR`` runs each thread once under cProfile instead: the reader is started
through this script (``--as-reader``) with BENCH_READER_PROFILE=DIR, and the bench signals
it (SIGUSR1) at each phase boundary so every phase gets its own .prof file per thread
(the main thread, the loader worker, ...). Only this harness knows about the hook.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
BARE = ROOT / "bench" / "bare_app.py"
sys.path.insert(0, str(ROOT / "tools"))

COLS, ROWS = 120, 40
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
_KITTY_RX = re.compile(rb"\x1b\[([<>=])([0-9;]*)u")
_MOVE_RX = re.compile(rb"\x1b\[(\d+);\d+H")  # cursor moves: which rows an update rewrites
PANE_ROWS = 30  # an update rewriting this many rows or more redrew the pane (it scrolled)
LOADING = "Loading the rest"
PROFILE_ENV = "BENCH_READER_PROFILE"

KEY_BYTES = {"j": b"j", "g": b"g", "pagedown": b"\x1b[6~", "space": b" ", "q": b"q"}

# Targets (issue 3).
FIRST_SCREEN_BIG = 2.0  # 100k-comment thread vs the bare app
FIRST_SCREEN_SAMPLE = 1.2  # bundled sample vs the bare app
LATENCY_GROWTH = 1.2  # 100k vs 1k, per navigation key
TOGGLE_MS = 50.0  # fold at the top of the 100k thread
J_BYTES = 1.5 * 1024
PGDN_BYTES = 14 * 1024
MEMORY_X_FILE = 6.0
HEAD = 1000  # comments in the like-for-like control (the big thread's first ones)


# --------------------------------------------------------------------------------------
# A pty that only timestamps bytes while measuring (the screen is fed on demand)
# --------------------------------------------------------------------------------------


@dataclass
class Chunk:
    t: float
    data: bytes


@dataclass
class Pty:
    argv: Sequence[str]
    env: dict[str, str]
    cols: int = COLS
    rows: int = ROWS
    pid: int = 0
    fd: int = -1
    spawned: float = 0.0
    chunks: list[Chunk] = field(default_factory=list)
    total: int = 0
    exit_status: int | None = None

    def __post_init__(self) -> None:
        import pyte

        from ptyterm import Terminal

        self.screen = Terminal(self.cols, self.rows)
        self._stream = pyte.ByteStream(self.screen)
        self._fed = 0  # chunks fed to the screen
        self._tail = b""

    def start(self) -> Pty:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))
        argv = list(self.argv)
        self.spawned = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
                os.execvpe(argv[0], argv, self.env)
            except BaseException:
                os._exit(127)
        os.close(slave)
        self.pid, self.fd = pid, master
        return self

    def send(self, key: str) -> float:
        data = KEY_BYTES.get(key, key.encode())
        t = time.perf_counter()
        os.write(self.fd, data)
        return t

    def read(self, timeout: float) -> int:
        """Everything that arrives within ``timeout``, each chunk timestamped as it comes.
        Returns the number of bytes."""
        got = 0
        end = time.perf_counter() + timeout
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                left = 0.0
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                return got
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return got
            if not data:
                return got
            self.chunks.append(Chunk(time.perf_counter(), data))
            self.total += len(data)
            got += len(data)
            self._answer(data)

    def _answer(self, data: bytes) -> None:
        buf = self._tail + data
        self._tail = buf[-16:]
        base = len(buf) - len(data)
        for m in re.finditer(rb"\x1b\[\?2026\$p", buf):
            if m.end() > base:  # synchronized output: supported, currently reset
                os.write(self.fd, b"\x1b[?2026;2$y")
        for m in re.finditer(rb"\x1b\[6n", buf):
            if m.end() > base:
                self.feed()
                y, x = self.screen.cursor.y + 1, self.screen.cursor.x + 1
                os.write(self.fd, f"\x1b[{y};{x}R".encode())

    def settle(self, quiet: float, timeout: float = 30.0) -> float:
        """Read until nothing arrives for ``quiet`` s; the time of the last byte (0: none)."""
        end = time.perf_counter() + timeout
        last = 0.0
        while time.perf_counter() < end:
            if self.read(quiet) == 0:
                break
            last = self.chunks[-1].t
        return last

    def feed(self) -> None:
        for c in self.chunks[self._fed :]:
            self._stream.feed(_KITTY_RX.sub(b"", c.data))
        self._fed = len(self.chunks)

    def text(self) -> str:
        self.feed()
        return "\n".join(self.screen.display)

    def wait_until(self, pred: Callable[[], bool], timeout: float, poll: float = 0.1) -> bool:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if pred():
                return True
            self.read(poll)
            if not self.alive():
                return pred()
        return pred()

    def alive(self) -> bool:
        if self.exit_status is not None:
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self.exit_status = os.waitstatus_to_exitcode(status)
        return False

    def vm(self, key: str = "VmHWM") -> int:
        """A /proc/PID/status figure in bytes."""
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
        return 0

    def output(self) -> bytes:
        return b"".join(c.data for c in self.chunks)

    def quit(self, timeout: float = 15.0) -> None:
        if self.alive():
            try:
                self.send("q")
            except OSError:
                pass
            end = time.perf_counter() + timeout
            while time.perf_counter() < end and self.alive():
                self.read(0.05)
        self.close()

    def close(self) -> None:
        if self.pid and self.alive():
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.kill(self.pid, sig)
                except ProcessLookupError:
                    break
                end = time.perf_counter() + 3
                while time.perf_counter() < end and self.alive():
                    self.read(0.05)
                if not self.alive():
                    break
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def frame_ends(pty: Pty, since: int = 0) -> list[tuple[int, float]]:
    """(byte offset just past the frame, time its last byte arrived) for every frame."""
    ends: list[tuple[int, float]] = []
    data = pty.output()
    offsets = []
    pos = 0
    for c in pty.chunks:
        pos += len(c.data)
        offsets.append((pos, c.t))
    k = 0
    for m in re.finditer(re.escape(SYNC_END), data):
        e = m.end()
        if e <= since:
            continue
        while offsets[k][0] < e:
            k += 1
        ends.append((e, offsets[k][1]))
    return ends


def replay(pty: Pty, until: int | None = None) -> list[tuple[float, int, str]]:
    """Feed the recorded output to a fresh screen frame by frame:
    (time of the frame's last byte, its end offset, the screen text after it)."""
    import pyte

    from ptyterm import Terminal

    screen = Terminal(pty.cols, pty.rows)
    stream = pyte.ByteStream(screen)
    data = pty.output()
    out = []
    prev = 0
    for end, t in frame_ends(pty):
        if until is not None and end > until:
            break
        stream.feed(_KITTY_RX.sub(b"", data[prev:end]))
        prev = end
        out.append((t, end, "\n".join(screen.display)))
    return out


# --------------------------------------------------------------------------------------
# The apps
# --------------------------------------------------------------------------------------


@dataclass
class Target:
    name: str  # "bare", "sample", "1k", ...
    argv: list[str]
    ready: Callable[[str], bool]  # the first full screen: content and footer
    markers: tuple[bytes, ...]  # all in the raw output before the screen can be ready
    file: Path | None = None
    content: Callable[[str], bool] | None = None  # the first comment shown (maybe no footer)
    comments: int = 0

    @property
    def size(self) -> int:
        return self.file.stat().st_size if self.file else 0


def ensure_thread(n: int) -> Path:
    """bench/data/gen-N.json (seed 1), generated once; bench_validate.py shares them."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"gen-{n}.json"
    if not path.exists():
        print(f"generating {path.relative_to(ROOT)} ...", flush=True)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "tools" / "gen_thread.py"),
                str(n),
                "-o",
                str(path),
                "--seed",
                "1",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def ensure_head(big: Path, n: int) -> Path:
    """The first ``n`` comments (depth-first) of ``big`` as a thread of its own: the same
    content on screen as ``big``, so latencies compare thread sizes and nothing else."""
    path = big.with_name(f"{big.stem}-first{n}.json")
    if path.exists() and path.stat().st_mtime >= big.stat().st_mtime:
        return path
    print(f"writing {path.relative_to(ROOT)} ...", flush=True)
    doc = json.loads(big.read_text(encoding="utf-8"))
    left = [n]

    def cut(comments: list[dict[str, object]]) -> list[dict[str, object]]:
        kept = []
        for c in comments:
            if left[0] <= 0:
                break
            left[0] -= 1
            replies = c.get("replies")
            if isinstance(replies, list):
                c = {**c, "replies": cut(replies)}
            kept.append(c)
        return kept

    doc["comments"] = cut(doc["comments"])
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path


def sample_path() -> Path:
    from importlib.resources import files

    return Path(str(files("threadtui.data").joinpath("sample.json")))


def first_author(path: Path) -> str:
    """The first comment's author as the screen shows it (laid out like the reader does)."""
    from threadtui.model import load_thread
    from threadtui.model.progressive import partial_thread

    thread = partial_thread(path) if path.stat().st_size > 2 * 1024 * 1024 else None
    if thread is None:
        thread = load_thread(path)
    name = thread.author[0] or "anonymous"
    try:
        from threadtui.text import LayoutOptions, layout_field

        return str(layout_field(name, 60, LayoutOptions(bidi="app")).text)
    except Exception:  # the raw name is right for left-to-right names
        return name


def reader_ready(author: str, full: bool = True) -> Callable[[str], bool]:
    """The first comment's author on screen and (``full``) the footer drawn too."""

    def ready(text: str) -> bool:
        return author in text and (not full or bool(text.rsplit("\n", 1)[-1].strip()))

    return ready


def parse_count(text: str) -> int:
    """A thread size: 1000, 1k, 100k, 1M (comments)."""
    t = text.strip().lower().replace("_", "")
    mult = {"k": 1000, "m": 1_000_000}.get(t[-1:], 1)
    return int(float(t[:-1] if mult > 1 else t) * mult)


def make_targets(sizes: Sequence[int], program: list[str]) -> list[Target]:
    targets = [
        Target(
            "bare",
            [sys.executable, str(BARE)],
            lambda text: "bare app ready" in text,
            (b"bare app ready",),
        )
    ]
    files = [("sample", sample_path())] + [(label(n), ensure_thread(n)) for n in sizes]
    big = max(sizes, default=0)
    if big >= 10 * HEAD:
        # The control for "navigation cost must not grow with thread size".
        files.append((f"{label(big)}-head", ensure_head(ensure_thread(big), HEAD)))
    for name, path in files:
        author = first_author(path)
        targets.append(
            Target(
                name,
                [*program, "open", str(path)],
                reader_ready(author),
                (author.encode(), b"Quit"),
                path,
                reader_ready(author, full=False),
            )
        )
    return targets


def label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


# --------------------------------------------------------------------------------------
# One run: start, first screen, full load, a set of keys, memory, quit
# --------------------------------------------------------------------------------------


@dataclass
class Run:
    first_screen: float = 0.0  # the first full screen (the comment and the footer)
    first_content: float = 0.0  # the first frame showing the first comment
    first_frame: float = 0.0  # the first frame of any kind
    loaded: float | None = None  # progressive load: when "Loading the rest" went away
    startup_bytes: int = 0
    hwm: int = 0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    nbytes: dict[str, list[int]] = field(default_factory=dict)
    frames: dict[str, list[int]] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)  # screen rows rewritten
    screen: str = ""


class Profiler:
    """The bench side of --profile: name the next phase, signal the reader."""

    def __init__(self, directory: Path, name: str) -> None:
        self.dir = directory / name
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in self.dir.glob("*.prof"):
            old.unlink()
        (self.dir / "phase").write_text("startup")
        self.pid = 0

    def phase(self, name: str) -> None:
        (self.dir / "phase.next").write_text(name)
        os.kill(self.pid, signal.SIGUSR1)
        time.sleep(0.05)


def start_run(
    target: Target, home: str, args: argparse.Namespace, profiler: Profiler | None = None
) -> tuple[Pty, Run]:
    """Start the app; measure its first screen; wait until the whole thread is in."""
    from ptyterm import user_env

    env = user_env("xterm-256color", home=home)
    if profiler is not None:
        env[PROFILE_ENV] = str(profiler.dir)
    pty = Pty(target.argv, env).start()
    if profiler is not None:
        profiler.pid = pty.pid
    run = Run()
    ok = False
    try:
        # First screen: read raw bytes (cheap) until the screen might be ready, then find
        # the exact frame by replaying the recording.
        deadline = time.perf_counter() + 120
        found = None
        checked = 0.0
        while found is None and time.perf_counter() < deadline:
            pty.read(0.05)
            if not pty.alive():
                raise RuntimeError(
                    f"{target.name}: exited early ({pty.exit_status}):\n" + pty.text()
                )
            # pyte is slow and would delay reading (and so the timestamps): replay only
            # once the bytes of the first comment's author and of the footer have come,
            # or every second after 5 s in case a marker is split by styles.
            out = pty.output()
            now = time.perf_counter()
            late = now - pty.spawned > 5 and now - checked > 1
            if late or all(m in out for m in target.markers):
                checked = now
                for t, end, text in replay(pty):
                    if target.ready(text):
                        found = (t, end, text)
                        break
        if found is None:
            raise RuntimeError(f"{target.name}: no first screen in 120 s:\n{pty.text()}")
        t, end, text = found
        frames = replay(pty, end)
        run.first_frame = frames[0][0] - pty.spawned
        content = target.content or target.ready
        run.first_content = next(ft for ft, _e, ftext in frames if content(ftext)) - pty.spawned
        run.first_screen = t - pty.spawned
        run.startup_bytes = end
        if profiler is not None:
            profiler.phase("load")
        # The whole thread: wait for the progressive load's status line to go.
        loading = LOADING in text or LOADING in pty.text()
        if loading and not pty.wait_until(lambda: LOADING not in pty.text(), 180, 0.1):
            raise RuntimeError(f"{target.name}: still loading after 180 s")
        # When it went: the first frame after the last one that showed it.
        frames = replay(pty)
        shown = [k for k, (_t, _e, ftext) in enumerate(frames) if LOADING in ftext]
        if shown and shown[-1] + 1 < len(frames):
            run.loaded = frames[shown[-1] + 1][0] - pty.spawned
        pty.settle(args.settle)
        run.screen = pty.text()
        ok = True
    finally:
        if not ok:
            pty.quit()
    return pty, run


def finish_run(pty: Pty, run: Run, profiler: Profiler | None = None) -> None:
    """Peak memory just before quitting; quit."""
    try:
        if profiler is not None:
            profiler.phase("quit")
        run.hwm = pty.vm("VmHWM")
    finally:
        pty.quit()
    if "space" in run.latencies:
        sp = run.latencies["space"]
        run.latencies["fold"], run.latencies["unfold"] = sp[0::2], sp[1::2]


def one_run(
    target: Target,
    keyset: str | None,
    home: str,
    args: argparse.Namespace,
    profiler: Profiler | None = None,
) -> Run:
    """One app from start to quit: first screen, load, a key set, memory."""
    pty, run = start_run(target, home, args, profiler)
    try:
        if keyset is not None:
            if profiler is not None:
                profiler.phase(keyset)
                pty.settle(0.2)
            for i in range(rounds(keyset, args)):
                press(pty, keyset, run, args, i)
    finally:
        finish_run(pty, run, profiler)
    return run


def key(pty: Pty, name: str, run: Run | None, quiet: float) -> None:
    """Press a key; the update is over when at least one frame has ended and the output
    has then been quiet for ``quiet`` s (a frame held up by, say, a garbage collection
    pause longer than ``quiet`` still counts for this key, not the next)."""
    pty.read(0.0)  # anything written meanwhile (say, a notice timing out) is not this key's
    before = pty.total
    nchunks = len(pty.chunks)
    t = pty.send(name)
    end = time.perf_counter() + (2.0 if run is not None else 0.5)
    while time.perf_counter() < end:
        pty.read(0.02)
        if SYNC_END in b"".join(c.data for c in pty.chunks[nchunks:]):
            break
    last = pty.settle(quiet)
    if not last and len(pty.chunks) > nchunks:
        last = pty.chunks[-1].t
    if run is None:
        return
    new = b"".join(c.data for c in pty.chunks[nchunks:])
    run.latencies.setdefault(name, []).append(max(0.0, last - t) if last else 0.0)
    run.nbytes.setdefault(name, []).append(pty.total - before)
    run.frames.setdefault(name, []).append(new.count(SYNC_END))
    run.rows.setdefault(name, []).append(len(set(_MOVE_RX.findall(new))))


# Presses per trip from the top: short enough that the bundled sample (17 comments) does
# not run into its end, where every key only shows an "end of the thread" notice.
TRIP = {"j": 10, "pagedown": 3}


def rounds(keyset: str, args: argparse.Namespace) -> int:
    """Toggle samples are pairs of presses (fold, unfold)."""
    n = int(args.presses)
    return max(1, n // 2) if keyset == "toggle" else n


def press(pty: Pty, keyset: str, run: Run, args: argparse.Namespace, i: int) -> None:
    """Sample ``i`` of a key set: j or page down (back to the top with g, unmeasured,
    every TRIP presses), or g then space twice (fold, unfold)."""
    if keyset == "toggle":
        key(pty, "g", None, args.quiet)
        key(pty, "space", run, args.quiet)
        key(pty, "space", run, args.quiet)
    else:
        if i and i % TRIP[keyset] == 0:
            key(pty, "g", None, args.quiet)
        key(pty, keyset, run, args.quiet)


# --------------------------------------------------------------------------------------
# The whole bench
# --------------------------------------------------------------------------------------

KEYSETS = ("j", "pagedown", "toggle")
KEYNAME = {"j": "j", "pagedown": "pagedown", "toggle": "space"}


@dataclass
class Result:
    target: Target
    runs: list[Run] = field(default_factory=list)

    def first_screen(self) -> float:
        return statistics.median(r.first_screen for r in self.runs)

    def first_frame(self) -> float:
        return statistics.median(r.first_frame for r in self.runs)

    def first_content(self) -> float:
        return statistics.median(r.first_content for r in self.runs)

    def loaded(self) -> float | None:
        got = [r.loaded for r in self.runs if r.loaded is not None]
        return statistics.median(got) if got else None

    def hwm(self) -> int:
        got = [r.hwm for r in self.runs if r.hwm]
        return int(statistics.median(got)) if got else 0

    def _all(self, what: str, k: str) -> list[float]:
        vals: list[float] = []
        for r in self.runs:
            vals.extend(getattr(r, what).get(k, []))
        return vals

    def latency(self, k: str) -> float:
        v = self._all("latencies", k)
        return statistics.median(v) if v else float("nan")

    def by_kind(self, k: str) -> dict[str, list[float]]:
        """Latencies split into updates that redrew the pane ("scroll") and the rest."""
        out: dict[str, list[float]] = {"move": [], "scroll": []}
        for r in self.runs:
            for lat, rows in zip(r.latencies.get(k, []), r.rows.get(k, []), strict=True):
                out["scroll" if rows >= PANE_ROWS else "move"].append(lat)
        return out

    def spread(self, k: str) -> tuple[float, float]:
        """(90th percentile, maximum) latency."""
        v = sorted(self._all("latencies", k))
        if not v:
            return float("nan"), float("nan")
        return v[round(0.9 * (len(v) - 1))], v[-1]

    def nbytes(self, k: str) -> float:
        v = self._all("nbytes", k)
        return statistics.median(v) if v else float("nan")

    def frames(self, k: str) -> float:
        v = self._all("frames", k)
        return statistics.median(v) if v else float("nan")

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {
            "file_bytes": self.target.size,
            "runs": len(self.runs),
            "first_screen_s": self.first_screen(),
            "first_frame_s": self.first_frame(),
            "first_content_s": self.first_content(),
            "loaded_s": self.loaded(),
            "peak_bytes": self.hwm(),
            "first_screen_samples": [r.first_screen for r in self.runs],
        }
        for k in ("j", "pagedown", "space", "fold", "unfold"):
            out[f"{k}_ms"] = self.latency(k) * 1000
            out[f"{k}_p90_ms"], out[f"{k}_max_ms"] = (v * 1000 for v in self.spread(k))
            if k in KEYNAME.values():
                out[f"{k}_bytes"] = self.nbytes(k)
                out[f"{k}_frames"] = self.frames(k)
        # NaN is not JSON: missing figures are null.
        return {k: None if isinstance(v, float) and v != v else v for k, v in out.items()}


def run_all(targets: list[Target], args: argparse.Namespace) -> dict[str, Result]:
    """Per key set, every app starts fresh (one after another: first screen, full load),
    then they take the key presses in turn, so a change in the machine's load hits all
    of them alike; then memory, and quit. Then --extra-starts runs of first screens only,
    the apps again in turn."""
    results = {t.name: Result(t) for t in targets}
    with tempfile.TemporaryDirectory(prefix="bench-reader-home-") as home:
        for keyset in KEYSETS:
            live: list[tuple[Target, Pty, Run]] = []
            try:
                for t in targets:
                    pty, r = start_run(t, home, args)
                    live.append((t, pty, r))
                for i in range(rounds(keyset, args)):
                    for _t, pty, r in live:
                        press(pty, keyset, r, args, i)
            finally:
                for t, pty, r in live:
                    finish_run(pty, r)
                    results[t.name].runs.append(r)
            k = KEYNAME[keyset]
            for t, _pty, r in live:
                print(
                    f"  {t.name:>7} {keyset:<9} first screen {r.first_screen:.3f} s,"
                    f" peak {r.hwm / 1e6:.0f} MB, {k}:"
                    f" {statistics.median(r.latencies[k]) * 1000:.1f} ms"
                    f" {statistics.median(r.nbytes[k]):,.0f} B",
                    flush=True,
                )
        for _ in range(args.extra_starts):
            for t in targets:
                r = one_run(t, None, home, args)
                results[t.name].runs.append(r)
                print(f"  {t.name:>7} {'start':<9} first screen {r.first_screen:.3f} s", flush=True)
    return results


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def fmt_table(results: dict[str, Result]) -> str:
    bare = results["bare"]
    rows = []
    head = (
        "| Thread | File | First screen | ×bare | Peak memory | ×bare | ×file |"
        " j | ×bare | PgDn | ×bare | Toggle | ×bare |"
    )
    rows.append(head)
    rows.append("|" + "---|" * (head.count("|") - 1))
    for name, r in results.items():
        size = f"{r.target.size / 1e6:.2f} MB" if r.target.size else "—"
        fs, hwm = r.first_screen(), r.hwm()
        cells = [
            name,
            size,
            f"{fs:.3f} s",
            x(ratio(fs, bare.first_screen())),
            f"{hwm / 1e6:.0f} MB",
            x(ratio(hwm, bare.hwm())),
            x(ratio(hwm, r.target.size)) if r.target.size else "—",
        ]
        for k in ("j", "pagedown", "space"):
            v = r.latency(k)
            cells += [f"{v * 1000:.1f} ms", x(ratio(v, bare.latency(k)))]
        rows.append("| " + " | ".join(cells) + " |")
    rows.append("")
    head = (
        "| Thread | Startup bytes | Bytes per j | ×bare | Bytes per PgDn | ×bare |"
        " Bytes per toggle | ×bare | Frames j / PgDn / toggle | Fold / unfold |"
        " First frame / first comment / full screen | Full thread loaded |"
    )
    rows.append(head)
    rows.append("|" + "---|" * (head.count("|") - 1))
    for name, r in results.items():
        sb = statistics.median(run.startup_bytes for run in r.runs)
        cells = [name, f"{sb:,.0f}"]
        for k in ("j", "pagedown", "space"):
            v = r.nbytes(k)
            cells += [f"{v:,.0f}", x(ratio(v, bare.nbytes(k)))]
        cells.append(" / ".join(f"{r.frames(k):g}" for k in ("j", "pagedown", "space")))
        cells.append(f"{r.latency('fold') * 1000:.1f} / {r.latency('unfold') * 1000:.1f} ms")
        cells.append(f"{r.first_frame():.3f} / {r.first_content():.3f} / {r.first_screen():.3f} s")
        ld = r.loaded()
        cells.append(f"{ld:.2f} s" if ld is not None else "at first screen")
        rows.append("| " + " | ".join(cells) + " |")
    rows.append("")
    head = (
        "| Thread | j p90 / max | PgDn p90 / max | Toggle p90 / max |"
        " j moves / scrolls (n, median) | PgDn moves / scrolls (n, median) |"
    )
    rows.append(head)
    rows.append("|" + "---|" * (head.count("|") - 1))
    for name, r in results.items():
        cells = [name] + [
            "{:.1f} / {:.1f} ms".format(*(v * 1000 for v in r.spread(k)))
            for k in ("j", "pagedown", "space")
        ]
        for k in ("j", "pagedown"):
            kinds = r.by_kind(k)
            cells.append(
                " / ".join(
                    f"{len(v)}, {statistics.median(v) * 1000:.1f} ms" if v else "0"
                    for v in (kinds["move"], kinds["scroll"])
                )
            )
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def x(v: float) -> str:
    return f"{v:.2f}×" if v == v else "—"


def check(results: dict[str, Result], sizes: Sequence[int]) -> list[tuple[bool | None, str]]:
    """(passed, description) per target; None: shown for information, not a target."""
    out: list[tuple[bool | None, str]] = []
    bare = results["bare"]
    big = results.get("100k")
    small = results.get("1k")
    sample = results["sample"]
    if big is not None:
        q = ratio(big.first_screen(), bare.first_screen())
        out.append(
            (
                q <= FIRST_SCREEN_BIG,
                f"first screen, 100k comments: {big.first_screen():.3f} s"
                f" = {q:.2f}× bare ({bare.first_screen():.3f} s); limit {FIRST_SCREEN_BIG}×",
            )
        )
    q = ratio(sample.first_screen(), bare.first_screen())
    out.append(
        (
            q <= FIRST_SCREEN_SAMPLE,
            f"first screen, sample: {sample.first_screen():.3f} s"
            f" = {q:.2f}× bare; limit {FIRST_SCREEN_SAMPLE}×",
        )
    )
    head = results.get("100k-head")
    for k in ("j", "pagedown"):
        if big is not None and head is not None:
            out.append(growth(k, head, big, "100k vs its own first 1,000 comments"))
        if big is not None and small is not None:
            ok, text = growth(k, small, big, "100k vs the generated 1k", split=True)
            # The generated 1k thread has other comments on screen (other lengths, other
            # scripts): a check only when there is no same-content control.
            out.append((ok if head is None else None, text))
    if big is not None:
        v = big.latency("space") * 1000
        out.append(
            (
                v < TOGGLE_MS,
                f"toggle at the top, 100k: {v:.1f} ms (fold"
                f" {big.latency('fold') * 1000:.1f}, unfold {big.latency('unfold') * 1000:.1f});"
                f" limit {TOGGLE_MS:.0f} ms",
            )
        )
    readers = [r for n, r in results.items() if n != "bare"]
    worst = max(readers, key=lambda r: r.nbytes("j"))
    out.append(
        (
            worst.nbytes("j") <= J_BYTES,
            f"bytes per j: at most {worst.nbytes('j'):,.0f}"
            f" ({worst.target.name}); limit {J_BYTES:,.0f}",
        )
    )
    worst = max(readers, key=lambda r: r.nbytes("pagedown"))
    frames = max(r.frames("pagedown") for r in readers)
    out.append(
        (
            worst.nbytes("pagedown") <= PGDN_BYTES and frames <= 1,
            f"bytes per page down: at most {worst.nbytes('pagedown'):,.0f} ({worst.target.name}),"
            f" at most {frames:g} frame(s); limit {PGDN_BYTES:,.0f} in one frame",
        )
    )
    if big is not None:
        q = ratio(big.hwm(), big.target.size)
        out.append(
            (
                q <= MEMORY_X_FILE,
                f"peak memory, 100k: {big.hwm() / 1e6:.0f} MB = {q:.2f}×"
                f" the file ({big.target.size / 1e6:.1f} MB); limit {MEMORY_X_FILE}×",
            )
        )
    return out


def growth(k: str, small: Result, big: Result, what: str, split: bool = False) -> tuple[bool, str]:
    """Latency on the big thread against the small one. ``split``: the two threads have
    different comments, so a key may redraw the pane (scroll) more often in one of them:
    compare like for like, the medians of each kind of update both have at least 5 of
    (the worse ratio counts), else the plain medians."""
    overall = ratio(big.latency(k), small.latency(k))
    a, b = small.by_kind(k), big.by_kind(k)
    kinds = [kind for kind in ("move", "scroll") if len(a[kind]) >= 5 and len(b[kind]) >= 5]
    text = (
        f"{k} latency, {what}: {big.latency(k) * 1000:.1f} vs"
        f" {small.latency(k) * 1000:.1f} ms = {overall:.2f}×"
    )
    if not split or not kinds:
        return overall <= LATENCY_GROWTH, text + f"; limit {LATENCY_GROWTH}×"
    parts, worst = [], 0.0
    for kind in kinds:
        mb, ma = statistics.median(b[kind]), statistics.median(a[kind])
        q = ratio(mb, ma)
        worst = max(worst, q)
        parts.append(
            f"{kind}s {mb * 1000:.1f} vs {ma * 1000:.1f} ms = {q:.2f}×"
            f" (n={len(b[kind])}/{len(a[kind])})"
        )
    return worst <= LATENCY_GROWTH, (
        text + "; like for like: " + ", ".join(parts) + f"; limit {LATENCY_GROWTH}×"
    )


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import textual

    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True, capture_output=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"], cwd=ROOT, text=True, capture_output=True
        ).stdout.strip()
        rev = (rev or "unknown") + (" + uncommitted changes in src/" if dirty else "")
    except OSError:
        rev = "unknown"
    return {
        "revision": rev,
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "os": f"{platform.system()} {platform.release()}",
    }


# --------------------------------------------------------------------------------------
# --profile: the reader under cProfile, one .prof per phase and thread
# --------------------------------------------------------------------------------------


def as_reader(argv: list[str]) -> int:
    """Run ``threadtui ARGV`` in this process; with BENCH_READER_PROFILE=DIR set, under
    cProfile, dumping DIR/<phase>.<thread>.prof whenever SIGUSR1 arrives (the phase name
    comes from DIR/phase.next) and at exit."""
    directory = os.environ.get(PROFILE_ENV)
    sys.path.insert(0, str(ROOT / "src"))
    if not directory:
        from threadtui.cli import main

        return int(main(argv))
    import atexit
    import cProfile
    import threading

    outdir = Path(directory)
    state = {"phase": (outdir / "phase").read_text().strip() or "startup"}
    main_prof = cProfile.Profile()
    # Garbage-collector pauses per phase: {generation: [pause seconds, ...]}.
    import gc

    pauses: dict[int, list[float]] = {}
    gc_start = [0.0]

    def on_gc(what: str, info: dict[str, int]) -> None:
        if what == "start":
            gc_start[0] = time.perf_counter()
        else:
            pauses.setdefault(info["generation"], []).append(time.perf_counter() - gc_start[0])

    gc.callbacks.append(on_gc)

    def dump_gc(phase: str) -> None:
        lines = [
            f"gen {g}: {len(v)} collections, {sum(v) * 1000:.1f} ms in all,"
            f" longest {max(v) * 1000:.1f} ms"
            for g, v in sorted(pauses.items())
        ]
        (outdir / f"{phase}.gc.txt").write_text("\n".join(lines) + "\n")
        pauses.clear()

    def on_signal(signum: int, frame: object) -> None:
        # Runs in the main thread: dump the main profile; other threads dump theirs at
        # their next phase check.
        main_prof.disable()
        main_prof.dump_stats(outdir / f"{state['phase']}.main.prof")
        main_prof.clear()
        dump_gc(state["phase"])
        try:
            state["phase"] = (outdir / "phase.next").read_text().strip()
        except OSError:
            state["phase"] = "next"
        main_prof.enable()

    signal.signal(signal.SIGUSR1, on_signal)
    original_run = threading.Thread.run

    def profiled_run(self: threading.Thread) -> None:
        prof = cProfile.Profile()
        tname = re.sub(r"[^A-Za-z0-9_-]+", "_", self.name)
        start_phase = state["phase"]
        prof.enable()
        try:
            original_run(self)
        finally:
            prof.disable()
            prof.dump_stats(outdir / f"{start_phase}.thread-{tname}.prof")

    threading.Thread.run = profiled_run  # type: ignore[method-assign]

    def final() -> None:
        main_prof.disable()
        main_prof.dump_stats(outdir / f"{state['phase']}.main.prof")
        dump_gc(state["phase"])

    atexit.register(final)
    from threadtui.cli import main

    main_prof.enable()
    try:
        return int(main(argv))
    finally:
        main_prof.disable()
        final()


def profile(targets: list[Target], args: argparse.Namespace) -> int:
    import pstats

    outdir = Path(args.profile).resolve()
    me = [sys.executable, str(Path(__file__).resolve()), "--as-reader"]
    with tempfile.TemporaryDirectory(prefix="bench-reader-home-") as home:
        for t in targets:
            if t.name == "bare":
                continue
            prof = Profiler(outdir, t.name)
            pt = Target(
                t.name,
                [*me, *t.argv[t.argv.index("open") :]],
                t.ready,
                t.markers,
                t.file,
                t.content,
            )
            shown: list[Path] = []
            for n, keyset in enumerate(KEYSETS):
                (prof.dir / "phase").write_text("startup")
                r = one_run(pt, keyset, home, args, prof)
                k = KEYNAME[keyset]
                print(
                    f"{t.name} {keyset} run (profiled): first screen {r.first_screen:.3f} s,"
                    f" {k} {statistics.median(r.latencies[k]) * 1000:.1f} ms median"
                )
                for p in sorted([*prof.dir.glob("*.prof"), *prof.dir.glob("*.gc.txt")]):
                    if "-run." in p.name or p.name.startswith("quit."):
                        continue
                    dest = p.with_name(f"{keyset}-run.{p.name}")
                    p.replace(dest)
                    phase = p.name.split(".", 1)[0]
                    # start-up and load once (from the first run), each key set's own phase
                    if (n == 0 and phase in ("startup", "load")) or phase == keyset:
                        shown.append(dest)
            for p in shown:
                if p.name.endswith(".gc.txt"):
                    print(f"\n=== {t.name}: garbage collection, {p.name}\n{p.read_text()}")
                    continue
                if "thread-textual-input" in p.name:
                    continue  # blocked reading the terminal
                st = pstats.Stats(str(p))
                idle = sum(
                    v[2]
                    for k, v in st.stats.items()  # type: ignore[attr-defined]
                    if "poll' of 'select" in k[2] or k[2] == "<built-in method time.sleep>"
                )
                busy = st.total_tt - idle  # type: ignore[attr-defined]
                if busy < 0.01:
                    continue
                print(
                    f"\n=== {t.name}: {p.name} ({busy:.3f} s busy under cProfile,"
                    f" {idle:.3f} s waiting for events)"
                )
                st.sort_stats("cumulative").print_stats(args.top)
                st.sort_stats("tottime").print_stats(max(5, args.top // 2))
    print(f"profiles in {outdir} (python -m pstats FILE)")
    return 0


# --------------------------------------------------------------------------------------


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--as-reader":
        return as_reader(sys.argv[2:])
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--sizes",
        default=None,
        help="generated thread sizes, comma-separated (default 1000,10000,100000;"
        " --quick: 1000,100000)",
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="fewer presses, no extra first-screen runs, 1k and 100k only",
    )
    ap.add_argument("--presses", type=int, default=None, help="presses per key (default 20)")
    ap.add_argument(
        "--extra-starts",
        type=int,
        default=None,
        help="extra runs per app that only measure the first screen (default 2)",
    )
    ap.add_argument(
        "--quiet",
        type=float,
        default=0.15,
        help="an update is over when the output is quiet this long (s)",
    )
    ap.add_argument(
        "--settle", type=float, default=0.5, help="quiet time after loading, before the keys (s)"
    )
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument(
        "--profile",
        metavar="DIR",
        help="profile the reader (cProfile per phase) instead of benchmarking",
    )
    ap.add_argument("--top", type=int, default=25, help="--profile: functions listed per phase")
    args = ap.parse_args()
    if args.sizes is None:
        args.sizes = "1000,100000" if args.quick else "1000,10000,100000"
    sizes = [parse_count(s) for s in args.sizes.split(",") if s.strip()]
    if args.presses is None:
        args.presses = 10 if args.quick else 20
    if args.extra_starts is None:
        args.extra_starts = 0 if args.quick else 2

    from ptyterm import find_program

    sys.path.insert(0, str(ROOT / "src"))
    program = [find_program("threadtui")]
    began = time.perf_counter()
    targets = make_targets(sizes, program)
    if args.profile:
        return profile(targets, args)

    info = machine()
    print(
        f"{info['cpu']}, {info['cores']} cores; Python {info['python']},"
        f" Textual {info['textual']}; {COLS}x{ROWS}, TERM=xterm-256color;"
        f" {args.presses} presses per key; revision {info['revision']}"
    )
    load0 = os.getloadavg()[0]
    results = run_all(targets, args)
    load1 = os.getloadavg()[0]
    info["load"] = f"{load0:.1f} at the start, {load1:.1f} at the end"
    print(
        f"load average {info['load']}"
        + (
            " (a busy machine: compare ratios, not absolute times)"
            if max(load0, load1) > 0.5 * (os.cpu_count() or 1)
            else ""
        )
    )
    print()
    print(fmt_table(results))
    print()
    verdicts = check(results, sizes)
    for ok, text in verdicts:
        print(f"{'INFO' if ok is None else 'PASS' if ok else 'FAIL'}  {text}")
    print(f"\n({time.perf_counter() - began:.0f} s)")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": info,
                    "presses": args.presses,
                    "results": {n: r.summary() for n, r in results.items()},
                    "verdicts": [{"pass": ok, "text": text} for ok, text in verdicts],
                },
                indent=2,
            )
        )
    return 0 if all(ok is not False for ok, _ in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
