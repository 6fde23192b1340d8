"""Command line: `threadtui [open] FILE`, `render`, `validate`, `schema`, `search`, `convert`.

`parser` declares the arguments, `commands` runs them, `output` prints messages. Textual
is imported only when the reader actually starts, so `render`, `validate` and `--help`
start fast. Every failure a user can cause ends in one line on stderr and a non-zero exit;
an unexpected exception prints one line and the path of a full report.
"""

from __future__ import annotations

import sys

from threadtui import PROG, _interrupts_as_usual
from threadtui.cli.commands import EXIT_ERROR, HANDLERS, UsageError, UserError, choose_input
from threadtui.cli.output import quiet_stdout, stderr_line
from threadtui.cli.parser import EXIT_USAGE, build_parser, normalise_argv

__all__ = ["HANDLERS", "main"]


def main(argv: list[str] | None = None) -> int:
    argv = normalise_argv(list(sys.argv[1:] if argv is None else argv))
    args = build_parser().parse_args(argv)
    from threadtui.model import ThreadLoadError

    try:
        _interrupts_as_usual()
        choose_input(args)
        return HANDLERS[args.command](args)
    except UsageError as e:
        stderr_line(f"{PROG}: {e} (see {PROG} {args.command} --help)")
        return EXIT_USAGE
    except (ThreadLoadError, UserError) as e:
        stderr_line(f"{PROG}: {e}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `threadtui render | head`: the reader went away; not an error worth a word.
        quiet_stdout()
        return 0
    except MemoryError:
        stderr_line(f"{PROG}: out of memory (try a smaller file or --max-size)")
        return EXIT_ERROR
    except Exception as e:
        from threadtui.crash import REPORT_TO, write_report

        report = write_report(e, bidi=getattr(args, "bidi", None))
        where = f"; full report: {report} (please send it to {REPORT_TO})" if report else ""
        stderr_line(f"{PROG}: internal error: {type(e).__name__}: {str(e)[:200]}{where}")
        return 70
