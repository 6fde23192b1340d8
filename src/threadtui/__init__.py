"""threadtui: a terminal reader for threaded discussions that gets right-to-left text right."""


# Ctrl-C (SIGINT) while Python is still importing the program ends it quietly with status
# 130 instead of a KeyboardInterrupt traceback (#11.6); this is the package's first
# statement, so that a SIGINT at any later line of the import is quiet. Only the builtin
# `_signal` and `sys` (both loaded already): `import signal` would first build its enums.
# Only when this package is being imported to run the `threadtui` command (not as a
# library); `cli.main` puts Python's own handler back once it can catch
# KeyboardInterrupt itself (`_interrupts_as_usual`).
def _quiet_interrupts_while_starting() -> None:
    import _signal
    import sys

    argv0 = sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1] if sys.argv else ""
    if argv0 not in ("threadtui", "-m", "__main__.py"):
        return
    try:
        if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
            _signal.signal(_signal.SIGINT, _interrupted_while_starting)
    except ValueError:  # not the main thread
        pass


def _interrupted_while_starting(signum: int, frame: object) -> None:
    raise SystemExit(130)


_quiet_interrupts_while_starting()

import signal as _signal  # noqa: E402  (after the handler, on purpose)

__version__ = "0.1.0"

#: The program's name, as messages start with it.
PROG = "threadtui"


def _interrupts_as_usual() -> None:
    """Undo `_quiet_interrupts_while_starting` (from `cli.main`, inside its try)."""
    try:
        if _signal.getsignal(_signal.SIGINT) is _interrupted_while_starting:
            _signal.signal(_signal.SIGINT, _signal.default_int_handler)
    except ValueError:
        pass
