"""Command line: `threadtui [open] FILE`, `render`, `validate`, `schema`, `search`, `convert`.

Textual is imported only when the reader actually starts, so `render`, `validate` and
`--help` start fast. Every failure a user can cause ends in one line on stderr and a
non-zero exit; an unexpected exception prints one line and the path of a full report.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from threadtui import __version__

if TYPE_CHECKING:
    from threadtui.model import Thread
    from threadtui.text import LayoutOptions

PROG = "threadtui"
COMMANDS = ("open", "render", "validate", "schema", "search", "convert")
EXIT_ERROR = 1
EXIT_USAGE = 2


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def sample_path() -> Path:
    # Next to this module in every install pip makes; importlib.resources (which also
    # reads zipped packages) costs 4 ms of imports at start-up, so it is only the fallback.
    here = Path(__file__).with_name("data") / "sample.json"
    if here.is_file():
        return here
    from importlib.resources import files

    return Path(str(files("threadtui.data").joinpath("sample.json")))


def _size(text: str) -> int | None:
    """`--max-size` values: 512M, 2G, 800000, 0 or none for no limit."""
    t = text.strip().lower()
    if t in ("0", "none", "unlimited", "off"):
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?", t)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 512M or 2G)")
    unit = (m.group(2) or "b")[0]
    mult = {"b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]
    return int(float(m.group(1)) * mult)


def _width(text: str) -> int:
    try:
        w = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a width: {text!r}") from None
    if not 8 <= w <= 10000:
        raise argparse.ArgumentTypeError("width must be between 8 and 10000")
    return w


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, like every other failure, plus where to look for help.
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _add_layout_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--bidi",
        choices=("auto", "app", "terminal", "off"),
        default=None,
        help="who reorders right-to-left text: app (threadtui, the default), terminal"
        " (logical order for terminals that reorder themselves), off (raw text);"
        " auto picks from the terminal and your config",
    )
    p.add_argument(
        "--base-dir",
        choices=("auto", "ltr", "rtl"),
        default=None,
        help="paragraph direction: auto (from the first strong letter), ltr or rtl",
    )
    p.add_argument("--no-shape", action="store_true", help="do not shape Arabic-script letters")


def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from",
        dest="fmt",
        metavar="FORMAT",
        default=None,
        help="read FILE as this format instead of detecting it",
    )
    p.add_argument(
        "--max-size",
        type=_size,
        default=argparse.SUPPRESS,
        metavar="SIZE",
        help="largest file to read, e.g. 512M (the default) or 2G; 0 for no limit",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="A terminal reader for threaded discussions, right-to-left text included.",
        epilog="With no command, `threadtui FILE` opens FILE, and `threadtui` alone opens the"
        " bundled sample thread.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("open", help="read a thread in the terminal (the default command)")
    p.add_argument("file", nargs="?", help="thread file (- for standard input); default: sample")
    _add_input_options(p)
    _add_layout_options(p)
    p.add_argument("--no-mouse", action="store_true", help="do not capture the mouse")
    p.add_argument("--theme", default=None, help="a Textual theme name, e.g. ansi-dark")
    p.add_argument("--author", default=None, help="show only this author's comments")
    p.add_argument("--config", default=None, help="config file (default: in your config dir)")

    p = sub.add_parser("render", help="print the whole thread as plain text")
    p.add_argument("file", nargs="?", help="thread file (- for standard input); default: sample")
    _add_input_options(p)
    _add_layout_options(p)
    p.add_argument("--width", type=_width, default=None, help="columns (default: terminal's)")

    p = sub.add_parser("validate", help="check a thread file and report every problem")
    p.add_argument("file")
    _add_input_options(p)

    sub.add_parser("schema", help="print the JSON Schema of the threadtui/1 format")

    p = sub.add_parser("search", help="print the comments that match a query")
    p.add_argument("file")
    p.add_argument("query")
    p.add_argument("--word", action="store_true", help="whole words only")
    p.add_argument("--regex", action="store_true", help="QUERY is a regular expression")
    p.add_argument("--authors", action="store_true", help="search author names only")
    p.add_argument("--width", type=_width, default=None, help="snippet width")
    _add_input_options(p)

    p = sub.add_parser("convert", help="write a thread from any supported format as threadtui/1")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True, help="output file (- for standard output)")
    _add_input_options(p)
    return parser


def _normalise_argv(argv: list[str]) -> list[str]:
    """`threadtui FILE` and `threadtui` mean `threadtui open …`."""
    if not argv:
        return ["open"]
    first = argv[0]
    if first in COMMANDS or first in ("-h", "--help", "--version"):
        return argv
    return ["open", *argv]


def layout_options(args: argparse.Namespace, *, for_ui: bool = False) -> LayoutOptions:
    from threadtui.text import LayoutOptions

    bidi = resolve_bidi(args.bidi)
    base = args.base_dir or os.environ.get("THREADTUI_BASE_DIR") or "auto"
    if base not in ("auto", "ltr", "rtl"):
        base = "auto"
    return LayoutOptions(bidi=bidi, base_dir=base, shaping=not args.no_shape)  # type: ignore[arg-type]


def resolve_bidi(choice: str | None) -> str:
    """`auto` in the order the bidi notes give: explicit choice, environment, terminal hints."""
    if choice and choice != "auto":
        return choice
    env = os.environ.get("THREADTUI_BIDI", "").strip().lower()
    if env in ("app", "terminal", "off"):
        return env
    # Local hints for terminals that reorder by themselves and offer no escape to stop.
    if os.environ.get("KONSOLE_VERSION") or os.environ.get("TERM_PROGRAM") == "Apple_Terminal":
        return "terminal"
    if os.environ.get("TERM", "").startswith("mlterm"):
        return "terminal"
    return "app"


def load(args: argparse.Namespace, *, strict: bool = False) -> Thread:
    from threadtui.importers import load_any
    from threadtui.model import DEFAULT_MAX_BYTES

    path = args.file if args.file is not None else str(sample_path())
    max_bytes = getattr(args, "max_size", DEFAULT_MAX_BYTES)
    return load_any(path, fmt=args.fmt, max_bytes=max_bytes, strict=strict)


def _print_warnings(thread: Thread, name: str) -> None:
    shown = thread.warnings[:5]
    for w in shown:
        _stderr_line(f"{PROG}: warning: {name}: {w}")
    if len(thread.warnings) > len(shown):
        rest = len(thread.warnings) - len(shown)
        _stderr_line(f"{PROG}: warning: {name}: … and {rest} more (threadtui validate lists them)")


def _terminal_width(default: int = 80) -> int:
    try:
        return max(8, os.get_terminal_size(sys.stdout.fileno()).columns)
    except (OSError, ValueError):
        return default


def cmd_render(args: argparse.Namespace) -> int:
    from threadtui.render import render_thread

    thread = load(args)
    _print_warnings(thread, args.file or "sample")
    width = args.width or _terminal_width()
    render_thread(thread, sys.stdout, width, layout_options(args))
    sys.stdout.flush()
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from threadtui.model import ThreadLoadError, problems_of

    try:
        thread = load(args, strict=True)
    except ThreadLoadError as e:
        problems = problems_of(e)
        if len(problems) == 1:
            _stderr_line(f"{PROG}: {problems[0]}")
        else:
            for p in problems:
                _stderr_line(f"{args.file}: {p}")
            _stderr_line(f"{PROG}: {args.file}: {len(problems)} problems")
        return EXIT_ERROR
    if thread.warnings:
        for w in thread.warnings:
            _stderr_line(f"{args.file}: warning: {w}")
        _stderr_line(f"{PROG}: {args.file}: {len(thread.warnings)} warnings")
        return EXIT_ERROR
    depth = thread.max_depth + 1
    print(safe_line(f"{args.file}: ok: {len(thread):,} comments, {depth:,} levels deep"))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from threadtui.model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    try:
        from threadtui.search import SearchError, SearchQuery, search_command
    except ImportError:
        raise UserError("search is not available in this build") from None
    thread = load(args)
    query = SearchQuery(args.query, whole_word=args.word, regex=args.regex,
                        authors_only=args.authors)
    try:
        return search_command(thread, query, sys.stdout, width=args.width or _terminal_width(100))
    except SearchError as e:
        raise UserError(str(e)) from None


def cmd_convert(args: argparse.Namespace) -> int:
    thread = load(args)
    _print_warnings(thread, args.file)
    try:
        return _convert(args, thread)
    except RecursionError:
        # Unknown keys are kept for the round trip, and one may hold JSON nested deeper
        # than the writer can go (the reader itself never recurses into them).
        raise UserError(
            f"{args.file}: cannot write it: an unknown key holds data nested too deeply"
        ) from None


def _convert(args: argparse.Namespace, thread: Thread) -> int:
    from threadtui.model.writer import write_thread

    if args.output == "-":
        import json

        from threadtui.model.writer import thread_to_document

        json.dump(thread_to_document(thread), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        if args.file != "-" and os.path.exists(args.output) and os.path.samefile(
            args.file, args.output
        ):
            raise UserError(f"{args.output}: refusing to overwrite the input file")
        write_thread(thread, args.output)
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    # No terminal to draw on (a pipe, TERM=dumb): print what `render` prints instead.
    if not sys.stdout.isatty() or os.environ.get("TERM", "") == "dumb":
        args.width = None
        return cmd_render(args)
    # Importing Textual and building the first screen allocate a few hundred thousand
    # objects, nearly all kept for the whole session, and the cyclic collector walked
    # them over and over: about a sixth of the time to the first screen. It is paused
    # until the first frame is out (ReaderApp then freezes what exists and resumes it).
    gc.disable()
    from threadtui.ui.launch import run_reader

    return run_reader(args)


HANDLERS = {
    "open": cmd_open,
    "render": cmd_render,
    "validate": cmd_validate,
    "schema": cmd_schema,
    "search": cmd_search,
    "convert": cmd_convert,
}


def main(argv: list[str] | None = None) -> int:
    argv = _normalise_argv(list(sys.argv[1:] if argv is None else argv))
    args = build_parser().parse_args(argv)
    from threadtui.model import ThreadLoadError

    try:
        return HANDLERS[args.command](args)
    except (ThreadLoadError, UserError) as e:
        _stderr_line(f"{PROG}: {e}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `threadtui render | head`: the reader went away; not an error worth a word.
        _quiet_stdout()
        return 0
    except MemoryError:
        _stderr_line(f"{PROG}: out of memory (try a smaller file or --max-size)")
        return EXIT_ERROR
    except Exception as e:
        from threadtui.crash import write_report

        report = write_report(e)
        where = f"; full report: {report}" if report else ""
        _stderr_line(f"{PROG}: internal error: {type(e).__name__}: {str(e)[:200]}{where}")
        return 70


def safe_line(text: str) -> str:
    """``text`` with every character that is not printable (controls, ESC, C1, bidi and
    other format characters, line breaks) shown as a backslash escape. Messages quote file
    names and file content; none of it may reach the terminal as a control sequence."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch == " "
        else f"\\x{ord(ch):02x}" if ord(ch) < 0x100
        else f"\\u{ord(ch):04x}" if ord(ch) < 0x10000
        else f"\\U{ord(ch):08x}"
        for ch in text
    )


def _stderr_line(text: str) -> None:
    try:
        print(safe_line(text), file=sys.stderr)
    except (OSError, ValueError):
        pass


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
