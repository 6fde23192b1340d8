"""Every hostile corpus file: loaded in-process, validated and rendered by the CLI.

Each case of tools/make_hostile.py says whether threadtui must open it (maybe with a
warning) or fail with one line. "Nothing crashes" means: no exception other than
ThreadLoadError in-process, no traceback and no exit status other than 0 or 1 from the
CLI, and no memory use past the cap in helpers.MEMORY_LIMIT.
"""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from threadtui.cli.parser import parse_size as _size
from threadtui.importers import load_any
from threadtui.model import DEFAULT_MAX_BYTES, ThreadLoadError, load_thread

from .conftest import case_file
from .helpers import (
    CORPUS,
    Run,
    clean_env,
    limited_argv,
    one_line,
    run_cli,
    threadtui_exe,
    tool,
)
from .invariants import check_error_line, check_thread
from .terminal import plain_problems

# One worker runs this module: its module fixture is costly, and xdist would build
# it again in every worker that gets one of its tests (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("cli_corpus")

MH = tool("make_hostile")
SMALL = [c for c in MH.CASES if not c.large]
LARGE = [c for c in MH.CASES if c.large]
ALL = SMALL + LARGE


def _ids(cases: list) -> list[str]:  # type: ignore[type-arg]
    return [c.name for c in cases]


def _max_bytes(case) -> int | None:  # type: ignore[no-untyped-def]
    args = list(case.args)
    if "--max-size" in args:
        return _size(args[args.index("--max-size") + 1])
    return DEFAULT_MAX_BYTES


def _path(case, large_corpus: Path | None) -> Path:  # type: ignore[no-untyped-def]
    return case_file(case, large_corpus if case.large else None)


def test_committed_corpus_matches_the_generator() -> None:
    assert CORPUS.is_dir(), f"{CORPUS} is missing"
    assert MH.check(CORPUS) == []


def test_corpus_covers_the_issue() -> None:
    """The shapes the issue lists each have a case (guards against losing one)."""
    names = {c.name for c in ALL}
    for needed in (
        "deep-100k.json",
        "wide-100k.json",
        "comment-20mb.json",
        "token-2mb.json",
        "combining-100k.json",
        "emoji-zwj.json",
        "surrogates.json",
        "duplicate-ids.json",
        "cycles.json",
        "nulls-optional.json",
        "null-body.json",
        "number-author.json",
        "big-numbers.json",
        "bad-dates.json",
        "bom-utf8.json",
        "utf16le-bom.json",
        "utf16be.json",
        "gzip.json.gz",
        "truncated.json",
        "escapes-everywhere.json",
        "bidi-spoof.json",
        "invisible-authors.json",
        "markup-only.json",
    ):
        assert needed in names
    assert all(
        len(MH.CASES[k].make()) < 100_000 for k in range(len(MH.CASES)) if not MH.CASES[k].large
    ), "a small case grew past 100 kB: mark it large"


def _check_case_in_process(case, path: Path, loaders=(load_any, load_thread)) -> None:  # type: ignore[no-untyped-def]
    for loader in loaders:
        try:
            thread = loader(path, max_bytes=_max_bytes(case))
        except ThreadLoadError as e:
            message = str(e)
            check_error_line(message, str(path))
            if loader is load_any:
                assert case.expect == "fail", f"{case.name} should open, got: {message}"
                assert re.search(case.needle, message), (case.needle, message)
            continue
        check_thread(thread)
        if loader is load_any:
            assert case.expect == "open", f"{case.name} should fail, but it loaded"
            if case.needle:
                assert any(re.search(case.needle, w) for w in thread.warnings), thread.warnings


@pytest.mark.parametrize("case", SMALL, ids=_ids(SMALL))
def test_small_case_loads_or_fails_in_one_line(case) -> None:  # type: ignore[no-untyped-def]
    _check_case_in_process(case, _path(case, None))


@pytest.mark.parametrize("case", LARGE, ids=_ids(LARGE))
def test_large_case_loads_or_fails_in_one_line(case, large_corpus: Path) -> None:  # type: ignore[no-untyped-def]
    _check_case_in_process(case, _path(case, large_corpus), (load_any,))


def _check_stderr(case, path: Path, code: int, err: str) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in err, err[-3000:]
    assert plain_problems(err) == [], "stderr carries control characters"
    if case.expect == "fail":
        assert code == 2, f"exit {code}: {err[-2000:]}"
        line = one_line(err)
        assert line.startswith("threadtui: "), line
        assert re.search(case.needle, line), (case.needle, line)
    else:
        assert code == 0, f"exit {code}: {err[-2000:]}"
        for line in err.splitlines():
            assert line.startswith("threadtui: warning: "), line
        assert len(err.splitlines()) <= 6


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Run]:
    """`render` and `validate` of every small case, run four at a time."""
    jobs = []
    for case in SMALL:
        path = str(_path(case, None))
        jobs.append((case.name, "render", ["render", "--width", "60", *case.args, path]))
        jobs.append((case.name, "validate", ["validate", *case.args, path]))

    # The homes are made here, one after another: mktemp numbers its folders by looking
    # at what exists, and four threads doing that at once raced (FileNotFoundError).
    homes = [tmp_path_factory.mktemp("cli-home") for _ in jobs]

    def run(job: tuple[tuple[str, str, list[str]], Path]) -> tuple[tuple[str, str], Run]:
        (name, command, argv), home = job
        return (name, command), run_cli(argv, home)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(run, zip(jobs, homes, strict=True)))


@pytest.mark.parametrize("case", SMALL, ids=_ids(SMALL))
def test_render_small_case(case, cli_runs) -> None:  # type: ignore[no-untyped-def]
    """`threadtui render` prints the thread (or one line of error) and never a control
    character from the file."""
    path = _path(case, None)
    r = cli_runs[case.name, "render"]
    _check_stderr(case, path, r.code, r.err)
    if case.expect == "open":
        out = r.out
        assert out.strip(), "render printed nothing"
        assert plain_problems(out) == []


@pytest.mark.parametrize("case", SMALL, ids=_ids(SMALL))
def test_validate_small_case(case, cli_runs) -> None:  # type: ignore[no-untyped-def]
    """`threadtui validate` lists problems one per line and never crashes."""
    r = cli_runs[case.name, "validate"]
    assert "Traceback" not in r.err
    assert r.code in (0, 1), r.err[-2000:]
    assert plain_problems(r.err + r.out) == []
    if case.expect == "fail":
        assert r.code == 1
    for line in r.err.splitlines():
        assert len(line) < 2000


# Rendering every large case would repeat what loading them and opening them in the
# reader already check; these cover each kind (depth, breadth, one huge comment, a huge
# right-to-left token, a failure).
PIPED = [
    c
    for c in LARGE
    if c.name
    in (
        "deep-100k.json",
        "wide-100k.json",
        "comment-20mb.json",
        "token-rtl-2mb.json",
        "deep-arrays-junk.json",
    )
]


@pytest.mark.parametrize("case", PIPED, ids=_ids(PIPED))
def test_render_large_case_into_a_closed_pipe(case, home: Path, large_corpus: Path) -> None:  # type: ignore[no-untyped-def]
    """`threadtui render BIG | head`: the first screenfuls are clean, and when the reader
    goes away threadtui stops quietly (no BrokenPipeError traceback)."""
    path = _path(case, large_corpus)
    p = subprocess.Popen(
        limited_argv([threadtui_exe(), "render", "--width", "72", *case.args, str(path)]),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=clean_env(home),
        cwd=home,
    )
    assert p.stdout is not None and p.stderr is not None
    head = p.stdout.read(200_000)
    p.stdout.close()
    try:
        err = p.stderr.read()
        code = p.wait(timeout=300)
    finally:
        if p.poll() is None:
            p.kill()
    text = head.decode("utf-8", "replace")
    err_text = err.decode("utf-8", "replace")
    assert "Traceback" not in err_text, err_text[-3000:]
    assert plain_problems(text) == []
    if case.expect == "fail":
        assert code == 2
        assert re.search(case.needle, one_line(err_text))
    else:
        assert code == 0, err_text[-2000:]
        assert text.strip()
