"""The commands: each takes the parsed arguments and returns an exit status, as grep and
rg do: 0 done (or found, or valid), 1 not found (search) or invalid (validate), 2 an
error. Failures a user can cause raise `UserError` or `ThreadLoadError` (one line, exit
2)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from threadtui import PROG
from threadtui.cli.output import print_warnings, safe_line, stderr_line, terminal_width

if TYPE_CHECKING:
    from threadtui.config import Config
    from threadtui.model import Thread
    from threadtui.model.stream import ThreadStream
    from threadtui.options import Resolved

#: search found nothing; validate found problems.
EXIT_NOT_FOUND = 1
EXIT_ERROR = 2


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


class UsageError(UserError):
    """The command line itself is incomplete (exit 2, as argparse's own errors)."""


#: Commands that read one thread, from FILE or else standard input.
READS_INPUT = frozenset({"open", "render", "validate", "search", "convert"})
#: Of those, the ones that fall back to the bundled sample (a first look at the reader).
SAMPLE_DEFAULT = frozenset({"open", "render"})
STDIN_LABEL = "<stdin>"


def stdin_has_input() -> bool:
    """Standard input is a pipe, a socket or a redirected file, as rg decides: never a
    terminal, nor a character device such as /dev/null (a cron job, an IDE)."""
    import stat

    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)


def choose_input(args: argparse.Namespace) -> None:
    """No FILE given: standard input when something is piped or redirected into it, else
    the bundled sample (`open`, `render`), else a usage error."""
    if args.command not in READS_INPUT or getattr(args, "file", "") is not None:
        return
    if stdin_has_input():
        args.file = "-"
    elif args.command not in SAMPLE_DEFAULT:
        raise UsageError(
            f"{args.command}: no FILE given, and standard input is a terminal"
            " (name a file, or pipe a thread into standard input)"
        )


def _label(args: argparse.Namespace) -> str:
    if args.file == "-":
        return STDIN_LABEL
    return args.file or "sample"


def load(
    args: argparse.Namespace,
    *,
    strict: bool = False,
    limit: int | None = None,
    progress: bool = True,
) -> Thread:
    from threadtui.cli.fetching import fetch_whole, is_address

    if is_address(args.file):
        return fetch_whole(args)
    from threadtui.data import sample_path
    from threadtui.importers import load_any
    from threadtui.model import DEFAULT_MAX_BYTES

    path = args.file if args.file is not None else str(sample_path())
    max_bytes = getattr(args, "max_size", DEFAULT_MAX_BYTES)
    return load_any(
        path,
        fmt=args.fmt,
        max_bytes=max_bytes,
        strict=strict,
        thread=getattr(args, "thread", None),
        progress=progress_line(path) if progress else None,
        limit=limit,
    )


def _config(args: argparse.Namespace) -> Config:
    from threadtui.config import ConfigError, load_config

    try:
        return load_config(getattr(args, "config", None))
    except ConfigError as e:
        raise UserError(str(e)) from None


def settings(args: argparse.Namespace, *, terminal: bool) -> tuple[Config, Resolved, list[str]]:
    """The config file, the settings through the one chain, and the problems met on the
    way (the config file's and the environment's), each one line."""
    from threadtui.options import resolve

    config = _config(args)
    resolved = resolve(args, config, terminal=terminal)
    return config, resolved, [*config.problems, *resolved.problems]


def cmd_render(args: argparse.Namespace) -> int:
    from threadtui.view.render import render_thread

    _, resolved, problems = settings(args, terminal=sys.stdout.isatty())
    for p in problems:
        stderr_line(f"{PROG}: {p}")
    width = args.width or terminal_width()
    stream = _stream(args)
    if stream is not None:
        from threadtui.model import Thread
        from threadtui.view.render import render_stream

        def warn(warnings: list[str]) -> None:
            holder = Thread(title="", warnings=warnings)
            print_warnings(holder, _label(args))

        from threadtui.model.stream import NeedsWhole

        try:
            render_stream(stream, sys.stdout, width, resolved.layout_options(), warn)
        except NeedsWhole:
            # Flat replies: the head is out; the comments need the whole thread's order.
            from threadtui.view.render import comment_lines, tail_lines

            thread = load(args)
            print_warnings(thread, _label(args))
            for line in comment_lines(thread, width, resolved.layout_options()):
                sys.stdout.write(line + "\n")
            gone = sum(thread.deleted)
            for line in tail_lines(thread, len(thread), gone, width, resolved.layout_options()):
                sys.stdout.write(line + "\n")
        sys.stdout.flush()
        return 0
    thread = load(args)
    print_warnings(thread, _label(args))
    render_thread(thread, sys.stdout, width, resolved.layout_options())
    sys.stdout.flush()
    return 0


def _stream(args: argparse.Namespace) -> ThreadStream | None:
    """A threadtui/1 file to render as it is parsed (`threadtui.model.stream`), or None
    to load it whole first (other formats, standard input, the rarer shapes)."""
    if args.file in (None, "-") or args.fmt not in (None, "threadtui"):
        return None
    from threadtui.model import DEFAULT_MAX_BYTES
    from threadtui.model.progressive import worth_partial
    from threadtui.model.stream import stream_thread

    if not worth_partial(args.file):
        return None  # small: loaded whole in a moment
    return stream_thread(args.file, max_bytes=getattr(args, "max_size", DEFAULT_MAX_BYTES))


def cmd_validate(args: argparse.Namespace) -> int:
    from threadtui.model import ThreadLoadError, problems_of

    name = _label(args)
    _readable(args)
    try:
        thread = load(args, strict=True)
    except ThreadLoadError as e:
        problems = problems_of(e)
        if len(problems) == 1:
            stderr_line(f"{PROG}: {problems[0]}")
        else:
            for p in problems:
                stderr_line(f"{name}: {p}")
            stderr_line(f"{PROG}: {name}: {plural(len(problems), 'problem')}")
        return EXIT_NOT_FOUND
    if thread.warnings:
        for w in thread.warnings:
            stderr_line(f"{name}: warning: {w}")
        stderr_line(f"{PROG}: {name}: {plural(len(thread.warnings), 'warning')}")
        return EXIT_NOT_FOUND
    depth = thread.max_depth + 1
    counts = f"{plural(len(thread), 'comment')}, {plural(depth, 'level')} deep"
    print(safe_line(f"{name}: ok: {counts}"))
    return 0


def plural(n: int, word: str) -> str:
    """``1 comment``, ``2 comments``, ``1,000 comments``."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _readable(args: argparse.Namespace) -> None:
    """A FILE that cannot be read at all is an error (exit 2), not an invalid thread."""
    from threadtui.cli.fetching import is_address

    path = args.file
    if path in (None, "-") or is_address(path):
        return
    if not os.path.exists(path):
        raise UserError(f"{path}: no such file")
    if not os.access(path, os.R_OK):
        raise UserError(f"{path}: permission denied")


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from threadtui.model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_help(args: argparse.Namespace) -> int:
    """`threadtui help [COMMAND]`: what --help prints."""
    from threadtui.cli.parser import build_parser, suggest_command

    parser = build_parser()
    if args.topic is None:
        parser.print_help()
        return 0
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sub = subs.choices.get(args.topic)
    if sub is None:
        meant = suggest_command(args.topic)
        hint = f"; did you mean {meant}?" if meant else f"; see {PROG} --help"
        raise UsageError(f"help: {args.topic}: no such command{hint}")
    sub.print_help()
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    """`threadtui config`: the config file, then every setting as ``name = value`` (TOML,
    what the config file would say) and where the value came from."""
    import json

    from threadtui.options import SETTINGS

    config, resolved, problems = settings(args, terminal=sys.stdout.isatty())
    path = config.path
    state = "" if path is not None and path.exists() else " (none: every value is the default)"
    print(safe_line(f"# config file: {path}{state}"))
    for s in SETTINGS:
        value = resolved[s.name]
        shown = json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
        print(safe_line(f"{s.name} = {shown}  # {resolved.origins[s.name]}"))
    for p in problems:
        stderr_line(f"{PROG}: {p}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from threadtui.search import SearchError, SearchQuery, search_command

    thread = load(args)
    print_warnings(thread, _label(args))
    query = SearchQuery(
        args.query, whole_word=args.word, regex=args.regex, authors_only=args.authors
    )
    try:
        return search_command(thread, query, sys.stdout, width=args.width or terminal_width(100))
    except SearchError as e:
        raise UserError(str(e)) from None


def cmd_threads(args: argparse.Namespace) -> int:
    from threadtui.importers import list_threads
    from threadtui.model import DEFAULT_MAX_BYTES

    threads = list_threads(
        args.file, fmt=args.fmt, max_bytes=getattr(args, "max_size", DEFAULT_MAX_BYTES)
    )
    if threads is None:
        thread = load(args)
        threads_of_one = f"{args.file}: one thread: {thread.title}"
        print(safe_line(threads_of_one))
        return 0
    for t in threads:
        posts = "" if t.posts is None else f"  ({t.posts:,} posts)"
        print(safe_line(f"{t.id}  {t.title}  {t.link or ''}{posts}"))
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    if getattr(args, "all", False):
        return _convert_all(args)
    thread = load(args)
    print_warnings(thread, _label(args))
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

    # The same bytes for -o FILE and -o - (#11.7): RFC 8259 JSON, no raw controls.
    write_thread(thread, args.output, input_path=args.file, warn=_write_warning)
    return 0


def _write_warning(text: str) -> None:
    stderr_line(f"{PROG}: warning: {text}")


def _convert_all(args: argparse.Namespace) -> int:
    """One threadtui/1 file per thread of an export, named for the thread's id."""
    from threadtui.importers import iter_threads
    from threadtui.model import DEFAULT_MAX_BYTES
    from threadtui.model.writer import write_thread

    if args.output == "-":
        raise UserError("convert --all: -o names a directory, not standard output")
    if not os.path.isdir(args.output):
        raise UserError(
            f"{args.output}: not a directory (convert --all writes one file per thread)"
        )
    taken: set[str] = set()
    n = 0
    for info, thread in iter_threads(
        args.file,
        fmt=args.fmt,
        max_bytes=getattr(args, "max_size", DEFAULT_MAX_BYTES),
        progress=progress_line(args.file),
    ):
        print_warnings(thread, f"{args.file} [{info.id or thread.title}]")
        target = os.path.join(args.output, file_name_for(info.id or thread.title, taken))
        write_thread(thread, target, input_path=args.file, warn=_write_warning)
        n += 1
    stderr_line(f"{PROG}: {args.file}: wrote {n:,} thread{'s' if n != 1 else ''} to {args.output}")
    return 0


def file_name_for(thread_id: str, taken: set[str]) -> str:
    """A file name for a thread: its id with anything but letters, digits, '.', '-', '_'
    replaced (so an id can never name a path elsewhere), unique among ``taken``."""
    import re

    stem = re.sub(r"[^A-Za-z0-9._-]", "_", thread_id)[:80].lstrip(".") or "thread"
    name, k = f"{stem}.json", 2
    while name in taken:
        name, k = f"{stem}~{k}.json", k + 1
    taken.add(name)
    return name


def progress_line(path: str) -> Callable[[int, int], None] | None:
    """A progress line on standard error for long reads, when it is a terminal."""
    if not sys.stderr.isatty():
        return None
    import time

    state = {"last": 0.0, "shown": False}

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - state["last"] < 0.2:
            return
        state["last"] = now
        pct = f"{100 * done // total}%" if total else f"{done / 1048576:.0f} MiB"
        end = "\n" if total and done >= total and state["shown"] else ""
        if done < total or state["shown"]:
            sys.stderr.write(f"\r{PROG}: reading {path}: {pct}\x1b[K{end}")
            sys.stderr.flush()
            state["shown"] = done < total

    return show


# A first screenful of an export: the thread as far as the first 8 MiB hold it.
EXPORT_FIRST_BYTES = 8 << 20


def _open_source(
    args: argparse.Namespace,
) -> tuple[Thread, Callable[[Callable[[], bool]], Thread] | None]:
    """The thread to show first and, for a large threadtui/1 file or an export, the
    loader of the rest: the first part is on screen while the rest is parsed."""
    path = args.file
    first = _export_first(args)
    if first is not None:
        return first
    if path not in (None, "-") and args.fmt in (None, "threadtui"):
        from threadtui.model.progressive import partial_thread, worth_partial

        if worth_partial(path):
            partial = partial_thread(path)
            if partial is not None:
                return partial, lambda should_stop: _load_rest(args, path, should_stop)
    return load(args), None


def _export_first(
    args: argparse.Namespace,
) -> tuple[Thread, Callable[[Callable[[], bool]], Thread] | None] | None:
    """For an export: ask which thread when none was chosen, then show the thread as far
    as the export's head holds it while the rest streams in. None for other files."""
    from threadtui.importers import ChooseThread, list_threads

    if args.file in (None, "-") or os.path.isdir(args.file):
        return None
    threads = list_threads(args.file, fmt=args.fmt, max_bytes=getattr(args, "max_size", None))
    if threads is None:
        return None
    if args.thread is None and len(threads) > 1:
        from threadtui.ui.picker import pick_thread

        _, resolved, _ = settings(args, terminal=True)
        choice = pick_thread(threads, args.file, resolved.layout_options())
        if choice is None:
            raise ChooseThread(f"{args.file}: no thread chosen", threads)
        args.thread = choice
    size = os.path.getsize(args.file)
    if size <= 2 * EXPORT_FIRST_BYTES:
        return load(args), None
    # The rest loads while the reader is on screen: no progress line under it.
    return load(args, limit=EXPORT_FIRST_BYTES), lambda should_stop: load(args, progress=False)


def _load_rest(args: argparse.Namespace, path: str, should_stop: Callable[[], bool]) -> Thread:
    """The whole thread, loaded in a child process (`threadtui.model.worker`): the
    reader's keys never wait for it, and it stops as soon as ``should_stop`` says so."""
    from threadtui.model import DEFAULT_MAX_BYTES
    from threadtui.model.worker import load_in_worker

    max_bytes = getattr(args, "max_size", DEFAULT_MAX_BYTES)
    return load_in_worker(path, max_bytes=max_bytes, should_stop=should_stop)


def _state_setup(args: argparse.Namespace, on: object) -> object:
    """The reading memory for the reader (None: off, --no-state or `state = false`)."""
    if not on:
        return None
    from threadtui.ui.reading import StateSetup

    f = args.file
    real = os.path.realpath(f) if f not in (None, "-") and os.path.isfile(f) else None
    return StateSetup(path=real)


def _theme_store(config: Config, resolved: Resolved) -> object:
    """Where the palette's theme choice goes: the config file in use; the notice names
    the flag or variable that still wins over it."""
    from threadtui.ui.theme import ThemeStore

    origin = resolved.origins["theme"]
    override = origin.split(" ", 1)[1] if origin.startswith(("flag ", "environment ")) else None
    return ThemeStore(config.path, override)


def cmd_open(args: argparse.Namespace) -> int:
    from threadtui.cli.library import is_library_dir

    if is_library_dir(args.file):  # `threadtui DIR`: the library of that folder
        args.folders = [args.file]
        return _cmd_library(args)
    # No terminal to draw on (a pipe, TERM=dumb): print what `render` prints instead.
    if not sys.stdout.isatty() or os.environ.get("TERM", "") == "dumb":
        return cmd_render(args)
    config, resolved, problems = settings(args, terminal=True)
    # Importing Textual and building the first screen allocate a few hundred thousand
    # objects, nearly all kept for the whole session, and the cyclic collector walked
    # them over and over: about a sixth of the time to the first screen. It is paused
    # until the first frame is out (ReaderApp then freezes what exists and resumes it).
    gc.disable()
    from threadtui.cli.fetching import is_address, open_address

    fetching = None
    comment: str | None = None
    loader: Callable[[Callable[[], bool]], Thread] | None
    if is_address(args.file):
        # The first part of the thread now, the rest in the reader (ReaderApp asks the
        # session for it, so that quitting stops it at once).
        opened = open_address(args)
        thread, fetching = opened.thread, opened.session
        comment = opened.session.comment
        loader = opened.session.rest if opened.partial else None
        problems = [*problems, *opened.notices]
    else:
        thread, loader = _open_source(args)
    if not sys.stdin.isatty():
        print_warnings(thread, _label(args))
    from threadtui.ui.launch import ReaderSetup, run_reader

    outcome = run_reader(
        ReaderSetup(
            thread=thread,
            loader=loader,
            options=resolved.layout_options(),
            keymap=config.keys,
            theme=resolved["theme"],
            mouse=resolved["mouse"],
            animations=resolved["animations"],
            label=_label(args),
            notices=problems,
            author=args.author,
            fetching=fetching,
            comment=comment,
            state=_state_setup(args, resolved["state"]),
            theme_store=_theme_store(config, resolved),
            # From the library (cli.library): at a match of its search; Esc goes back.
            jump=getattr(args, "jump", None),
            back=getattr(args, "from_library", False),
        )
    )
    if outcome.crash_report is not None:
        try:
            print(
                f"{PROG}: internal error ({outcome.error_name}); full report: "
                f"{outcome.crash_report}",
                file=sys.stderr,
            )
        except (OSError, ValueError):
            pass  # the terminal is gone (an SSH connection dropped): the report stays
        return 70
    return outcome.return_code


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "open": cmd_open,
    "help": cmd_help,
    "config": cmd_config,
    "render": cmd_render,
    "validate": cmd_validate,
    "schema": cmd_schema,
    "search": cmd_search,
    "convert": cmd_convert,
    "fetch": lambda args: _cmd_fetch(args),
    "state": lambda args: _cmd_state(args),
    "library": lambda args: _cmd_library(args),
    "threads": cmd_threads,
}


def _cmd_library(args: argparse.Namespace) -> int:
    from threadtui.cli.library import cmd_library

    return cmd_library(args, settings, cmd_open)


def _cmd_state(args: argparse.Namespace) -> int:
    from threadtui.cli.state import cmd_state

    return cmd_state(args)


def _cmd_fetch(args: argparse.Namespace) -> int:
    from threadtui.cli.fetching import cmd_fetch

    return cmd_fetch(args)
