"""The man page, generated from the one argparse parser (`threadtui.cli.parser`).

`python tools/gen_manpage.py` writes share/man/man1/threadtui.1 (and the shell completions,
`threadtui.cli.completions`), which the wheel installs
(pyproject: shared-data); tests/cli/test_manpage.py keeps the two equal and renders the
page with `man -l`."""

from __future__ import annotations

import argparse

from threadtui import PROG, __version__


def _roff(text: str) -> str:
    out = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + ln if ln.startswith((".", "'")) else ln for ln in out.splitlines())


def _options(parser: argparse.ArgumentParser) -> list[str]:
    lines: list[str] = []
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction) or a.help == argparse.SUPPRESS:
            continue
        if a.option_strings:
            meta = "" if a.nargs == 0 else f" {a.metavar or a.dest.upper()}"
            name = ", ".join(f"\\fB{_roff(o)}\\fR" for o in a.option_strings) + _roff(meta)
        else:
            name = f"\\fI{_roff(str(a.metavar or a.dest).upper())}\\fR"
        lines += [".TP", name, _roff(a.help or "")]
    return lines


def manpage(parser: argparse.ArgumentParser | None = None) -> str:
    from threadtui.cli.parser import build_parser

    p = parser or build_parser()
    subs = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in subs._choices_actions}
    lines = [
        f'.TH {PROG.upper()} 1 "" "{PROG} {__version__}" "User Commands"',
        ".nh",
        ".ad l",
        ".SH NAME",
        f"{PROG} \\- {_roff(p.description or '')}",
        ".SH SYNOPSIS",
        f"\\fB{PROG}\\fR [\\fIFILE\\fR]",
        ".br",
        f"\\fB{PROG}\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIFILE\\fR]",
        ".SH OPTIONS",
        *_options(p),
        ".SH COMMANDS",
    ]
    for name, sub in subs.choices.items():
        lines += [".SS " + _roff(name), _roff(helps.get(name) or "")]
        if sub.description:
            lines += [".PP", _roff(sub.description)]
        lines += _options(sub)
    for para in (p.epilog or "").split("\n\n"):
        lines += [".PP", _roff(" ".join(para.split()))]
    lines += [".SH SEE ALSO", "less(1), grep(1)"]
    return "\n".join(lines) + "\n"
