"""Ctrl-C while Python is still importing the program: exit 130, not a traceback (#11.6).

A SIGINT is made to arrive at each statement of the package's ``__init__`` in turn (a
trace function raises it at the k-th line the module runs): once the handler is in (the
third statement, before anything is imported) the program must end quietly with status
130. Before the package runs, the interpreter, `site` and the console script's own ``import re`` are outside
the package (docs/security.md, section 7)."""

from __future__ import annotations

import subprocess
import sys

# Runs ``import threadtui.cli`` as the console script does, raising SIGINT at the K-th line
# event of threadtui/__init__.py's module code; prints nothing when the module has fewer.
_PROBE = """
import signal, sys
sys.argv[0] = "threadtui"
K = int(sys.argv[1])
seen = [0]
guarded = [0]
def local(frame, event, arg):
    if event == "line":
        seen[0] += 1
        if not guarded[0] and signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            guarded[0] = seen[0]
        if seen[0] == K:
            sys.settrace(None)
            frame.f_trace = None
            signal.raise_signal(signal.SIGINT)
            return None
    return local
def tracer(frame, event, arg):
    if frame.f_code.co_name == "<module>" and frame.f_code.co_filename.endswith(
        "threadtui/__init__.py"
    ):
        return local
    return None
sys.settrace(tracer)
import threadtui.cli
sys.settrace(None)
print("lines", seen[0], guarded[0])
"""


def _probe(k: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _PROBE, str(k)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _module_lines() -> tuple[int, int]:
    """Lines the package's __init__ runs, and the first one to run with the handler in."""
    done = _probe(10_000)
    assert done.returncode == 0, done.stderr
    lines, guarded = done.stdout.split()[-2:]
    return int(lines), int(guarded)


def test_sigint_at_any_statement_of_the_package_init_is_quiet() -> None:
    lines, guarded = _module_lines()
    # The handler is in before the package imports anything: after its docstring, two
    # definitions and the call.
    assert 0 < guarded <= 5, guarded
    assert lines >= guarded + 3, lines
    loud = []
    for k in range(guarded, lines + 1):
        done = _probe(k)
        if (done.returncode, done.stdout, done.stderr) != (130, "", ""):
            loud.append((k, done.returncode, done.stderr[-300:]))
    assert loud == [], loud
