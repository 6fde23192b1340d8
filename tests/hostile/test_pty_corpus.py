"""Every hostile corpus file opened in the real reader, in a real pseudo-terminal.

`threadtui open FILE` runs exactly as a user starts it (console script, a pty of 100x30,
TERM=xterm-256color) under the memory cap. Files that must open are shown, browsed with a
round of keys (move, jump to the end, expand and collapse everything, switch panes, cycle
the bidi modes, help, zoom) and quit; files that must fail print one line. Every byte the
reader writes is checked: only Textual's own control sequences, nothing from the file, and
the terminal left as it was found.

The sessions run three at a time in a module fixture (they spend most of their time
waiting on the terminal), and each case is then checked by its own test.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import case_file
from .helpers import (
    HANG,
    HEADER,
    crash_reports,
    one_line,
    press,
    pty_app,
    replay,
    tool,
    wait_output,
)
from .terminal import plain_problems, problems, restored

# One worker runs this module: its module fixture is costly, and xdist would build
# it again in every worker that gets one of its tests (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("pty_corpus")

MH = tool("make_hostile")
CASES = list(MH.CASES)

# Keys a reader would press: move, jump to the end, expand and collapse everything, the
# other pane and back, all three bidi modes. (The terminal-safety acceptance test walks
# every comment, screen and mode of the escape corpus; this is the quick round.)
BROWSE = ["j", "j", "G", "E", "C", "tab", "tab", "B", "B", "B", "pagedown"]


@dataclass
class Session:
    name: str
    shown: bool = False
    code: int | None = None
    output: str = ""
    reports: list[Path] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0  # for the report only; never asserted


def _drive(case, path: Path, home: Path) -> Session:  # type: ignore[no-untyped-def]
    # A session takes a few seconds; a minute without exiting is a hang (not a timing
    # assertion). Shorter than helpers.HANG so that a hung case does not hold up the run.
    limit = HANG / 3
    s = Session(case.name)
    started = time.monotonic()
    app = pty_app(["open", *case.args, str(path)], home, emulate=False)
    try:
        app.start()
        if case.expect == "open":
            s.shown = wait_output(app, HEADER, timeout=limit)
            if s.shown:
                for key in BROWSE:
                    press(app, key)
                app.settle(0.2, timeout=HANG)
                app.send("q")
        s.code = app.wait(limit)
    except Exception as e:
        s.error = f"{type(e).__name__}: {e}"
    finally:
        app.close()
    s.output = app.output().decode("utf-8", "replace")
    s.reports = crash_reports(home)
    s.seconds = time.monotonic() - started
    return s


@pytest.fixture(scope="module")
def sessions(large_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Session]:
    jobs = []
    for case in CASES:
        home = tmp_path_factory.mktemp("pty-home")
        jobs.append((case, case_file(case, large_corpus), home))
    # Largest first, so the slow ones do not end up alone at the end.
    jobs.sort(key=lambda j: -j[1].stat().st_size)
    with ThreadPoolExecutor(max_workers=3) as pool:
        done = list(pool.map(lambda j: _drive(*j), jobs))
    slow = sorted(done, key=lambda s: -s.seconds)[:5]
    print("slowest reader sessions:", ", ".join(f"{s.name} {s.seconds:.1f}s" for s in slow))
    return {s.name: s for s in done}


def _tail(s: Session) -> str:
    """The last screen and the last bytes, for a failure message (computed only then)."""
    screen = replay(s.output.encode("utf-8", "surrogateescape"))
    return f"\n--- screen ---\n{screen}\n--- output tail ---\n{s.output[-1500:]!r}"


# Known and not fixed yet (docs/security.md, "Known gaps"): strict, so the test fails
# (and this mark must go) as soon as the case passes.
KNOWN: dict[str, str] = {}
PARAMS = [
    pytest.param(
        c,
        id=c.name,
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN[c.name])] if c.name in KNOWN else [],
    )
    for c in CASES
]


@pytest.mark.pty
@pytest.mark.parametrize("case", PARAMS)
def test_open_in_the_real_reader(case, sessions: dict[str, Session]) -> None:  # type: ignore[no-untyped-def]
    s = sessions[case.name]
    assert not s.error, s.error
    assert "Traceback" not in s.output, _tail(s)
    assert s.reports == [], f"crash report written: {s.reports}" + _tail(s)
    if case.expect == "open":
        assert s.shown, "the reader did not show the thread" + _tail(s)
        assert s.code == 0, f"exit status {s.code}" + _tail(s)
        assert restored(s.output) == [], _tail(s)
        assert problems(s.output) == [], _tail(s)
    else:
        assert s.code == 2, f"exit status {s.code}" + _tail(s)
        # It failed before taking over the screen, with one plain line.
        assert "\x1b[?1049h" not in s.output
        line = one_line(s.output)
        assert plain_problems(line) == []
        assert line.startswith("threadtui: ") and re.search(case.needle, line), line


def test_every_session_ran(sessions: dict[str, Session]) -> None:
    assert set(sessions) == {c.name for c in CASES}
