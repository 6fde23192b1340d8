"""The one argparse parser of every command. Settings' flags come from
`threadtui.options.SETTINGS`; the rest (files, per-command switches) are declared here."""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

from threadtui import PROG, __version__
from threadtui.importers.registry import MODULES
from threadtui.options import SETTINGS, add_flags

COMMANDS = (
    "open",
    "help",
    "config",
    "render",
    "validate",
    "schema",
    "search",
    "convert",
    "threads",
    "fetch",
    "state",
    "library",
)
EXIT_USAGE = 2

#: The --from names: the registry's table of importer modules, which are named for their
#: formats (`registry.names()` would import every importer: too slow for --help;
#: tests/cli/test_help.py checks the two agree).
FORMAT_NAMES = MODULES

EXIT_STATUS = (
    "0: done, a match found, the file is valid; 1: no match (search), the file has"
    " problems (validate); 2: an error (a missing file, a bad argument); 70: an internal"
    " error (a crash report is written); 130: interrupted"
)

#: What `open` (into a pipe) and `render` write: said in their --help.
_PLAIN_OUTPUT = (
    "Into a pipe or a file, the text is written in visual order, as the screen shows it"
    " (for less -R and the like); --bidi off writes it in logical order, as it was typed,"
    " for grep and other tools. The width is --width, else COLUMNS, else the terminal's,"
    " else 80. Which terminal it is (KONSOLE_VERSION, TERM_PROGRAM) never changes what is"
    " written to a pipe or a file."
)

_FILE_OR_STDIN = (
    "thread file (- for standard input); default: standard input when it is a pipe or a file"
)


def parse_size(text: str) -> int | None:
    """`--max-size` values: 512M, 2G, 800000, 0 or none for no limit."""
    t = text.strip().lower()
    if t in ("0", "none", "unlimited", "off"):
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?", t)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 512M or 2G)")
    unit = (m.group(2) or "b")[0]
    mult = {"b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]
    number: str = m.group(1)
    whole, _, frac = number.partition(".")
    whole = whole.lstrip("0")
    if len(whole) > 24:  # before any arithmetic: a number of 5,000 digits is no size
        raise argparse.ArgumentTypeError(_TOO_LARGE.format(text=text[:40]))
    # Exact integer arithmetic (a float of 400 digits is infinity; int() then fails).
    frac = frac[:24]
    scale: int = 10 ** len(frac)
    n = (int(whole or "0") * scale + int(frac or "0")) * mult // scale
    if n > MAX_SIZE:
        raise argparse.ArgumentTypeError(_TOO_LARGE.format(text=text[:40]))
    return n


MAX_SIZE = 1 << 60
"""The largest `--max-size` (1 EiB): anything larger is a typo, not a cap."""
_TOO_LARGE = "size too large: {text!r} (the largest is 1073741824G; 0 or none: no limit)"


def parse_width(text: str) -> int:
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


def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from",
        dest="fmt",
        metavar="FORMAT",
        default=None,
        help="read FILE as this format instead of detecting it: " + ", ".join(FORMAT_NAMES),
    )
    p.add_argument(
        "--thread",
        metavar="ID|LINK",
        default=None,
        help="the thread to read from an export of many (Disqus, WordPress)",
    )
    p.add_argument(
        "--max-size",
        type=parse_size,
        default=argparse.SUPPRESS,
        metavar="SIZE",
        help="largest file to read, e.g. 512M or 2G (default: a quarter of the memory"
        " available); 0 for no limit",
    )


def _add_width_option(p: argparse.ArgumentParser, help: str) -> None:
    p.add_argument("--width", type=parse_width, default=None, metavar="COLUMNS", help=help)


def _add_config_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--config",
        metavar="PATH",
        default=None,
        help="config file; it must exist (default: config.toml in your config dir, see"
        " `threadtui config`)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="A terminal reader for threaded discussions, right-to-left text included.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-V",
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help="print the version",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("help", help="this help, or a command's (threadtui help render)")
    p.add_argument("topic", nargs="?", metavar="COMMAND", help="the command to explain")

    p = sub.add_parser(
        "config",
        help="print where the config file is, every setting and where its value came from",
    )
    _add_config_option(p)

    p = sub.add_parser(
        "open",
        help="read a thread in the terminal (the default command)",
        description="Read a thread in the terminal. When the output is not a terminal,"
        " print what `render` prints. " + _PLAIN_OUTPUT,
    )
    p.add_argument(
        "file",
        nargs="?",
        help="thread file (- for standard input) or address; default: standard input when it"
        " is a pipe or a file, else the bundled sample",
    )
    _add_input_options(p)
    add_flags(p, "open")
    p.add_argument("--author", default=None, help="show only this author's comments")
    p.add_argument(
        "--offline", action="store_true", help="an address: open its offline copy, ask no site"
    )
    _add_config_option(p)
    _add_width_option(p, "columns when the output is not a terminal (default: COLUMNS, else 80)")

    p = sub.add_parser(
        "render",
        help="print the whole thread as plain text",
        description="Print the whole thread as plain text. " + _PLAIN_OUTPUT,
    )
    p.add_argument(
        "file",
        nargs="?",
        help="thread file (- for standard input); default: standard input when it is a pipe"
        " or a file, else the bundled sample",
    )
    _add_input_options(p)
    add_flags(p, "render")
    _add_config_option(p)
    _add_width_option(p, "columns (default: COLUMNS, else the terminal's, else 80)")

    p = sub.add_parser("validate", help="check a thread file and report every problem")
    p.add_argument("file", nargs="?", help=_FILE_OR_STDIN)
    _add_input_options(p)

    sub.add_parser("schema", help="print the JSON Schema of the threadtui/1 format")

    p = sub.add_parser("search", help="print the comments that match a query")
    p.add_argument("file", nargs="?", help=_FILE_OR_STDIN)
    p.add_argument("query", help="the text to find (case and accents ignored)")
    p.add_argument("--word", action="store_true", help="whole words only")
    p.add_argument("--regex", action="store_true", help="QUERY is a regular expression")
    p.add_argument("--authors", action="store_true", help="search author names only")
    _add_width_option(p, "snippet width (default: COLUMNS, else the terminal's, else 100)")
    _add_input_options(p)

    p = sub.add_parser("convert", help="write a thread from any supported format as threadtui/1")
    p.add_argument("file", nargs="?", help=_FILE_OR_STDIN)
    p.add_argument(
        "-o",
        "--output",
        required=True,
        help="output file (- for standard output); with --all, a directory",
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="write every thread of an export, one file per thread, into the -o directory",
    )
    _add_input_options(p)

    p = sub.add_parser("threads", help="list the threads of an export (Disqus, WordPress)")
    p.add_argument("file", help="the export file")
    _add_input_options(p)

    p = sub.add_parser("fetch", help="fetch a thread by its address and save it")
    p.add_argument("file", metavar="URL", help="the thread's address, as a browser shows it")
    p.add_argument("-o", "--output", default=None, help="also write it to this file (- for stdout)")
    p.add_argument(
        "--max-size",
        type=parse_size,
        default=argparse.SUPPRESS,
        metavar="SIZE",
        help="largest answer to accept from the site (default 64M)",
    )
    _add_config_option(p)

    p = sub.add_parser(
        "library", help="list every thread below some folders; Enter reads one (docs/state.md)"
    )
    p.add_argument(
        "folders", nargs="*", metavar="DIR", help="folders (default: `library` in the config)"
    )
    add_flags(p, "open")  # the reader's settings, for the threads it opens
    _add_config_option(p)

    p = sub.add_parser("state", help="show or forget the reading memory (docs/state.md)")
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--forget", nargs="+", metavar="FILE", help="forget the threads these files hold"
    )
    what.add_argument("--clear", action="store_true", help="forget every thread")
    return parser


def _epilog() -> str:
    import textwrap

    from threadtui.config import default_path

    def para(text: str) -> str:
        return textwrap.fill(text, 78, break_on_hyphens=False, break_long_words=False)

    env = [var for s in SETTINGS for var in s.env]
    env += ["THREADTUI_CONFIG_DIR", "THREADTUI_STATE_DIR", "THREADTUI_CACHE_DIR"]
    env += ["COLUMNS", "NO_COLOR"]
    return "\n\n".join(
        [
            para(
                "With no command, `threadtui FILE` opens FILE, and `threadtui` alone opens"
                " standard input when something is piped into it, else the bundled sample"
                " thread. `threadtui help COMMAND` explains a command."
            ),
            para(
                "Settings come from the flag, else the environment, else the config file,"
                f" else the default. Config file: {default_path()}"
                " (`threadtui config` prints it and every setting's value and source)."
            ),
            para("Environment variables: " + ", ".join(env) + "."),
            para("Keys: press ? in the reader for every key; [keys] in the config remaps them."),
            para("Exit status: " + EXIT_STATUS + "."),
        ]
    )


def suggest_command(word: str) -> str | None:
    """The command ``word`` is a typo of, if it is close to exactly one."""
    import difflib

    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.75)
    return close[0] if close else None


def normalise_argv(argv: list[str]) -> list[str]:
    """`threadtui FILE` and `threadtui` mean `threadtui open …`. A first word that is no
    file, no address and close to a command name is a typo: a usage error that says
    which command was meant (`threadtui rendr FILE`)."""
    if not argv:
        return ["open"]
    first = argv[0]
    if first in COMMANDS or first in ("-h", "--help", "--version", "-V"):
        return argv
    if not first.startswith("-") and "/" not in first and "." not in first:
        import os

        meant = suggest_command(first)
        if meant is not None and not os.path.exists(first):
            _Parser(prog=PROG).error(f"{first}: no such command or file; did you mean {meant}?")
    return ["open", *argv]
