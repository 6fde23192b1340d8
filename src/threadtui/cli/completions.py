"""Shell completions for bash, zsh and fish, generated from the one argparse parser.

`python tools/gen_manpage.py` writes them under share/ with the man page; the wheel
installs them (pyproject: shared-data); tests/cli/test_completions.py loads each."""

from __future__ import annotations

import argparse


def _commands(parser: argparse.ArgumentParser) -> dict[str, tuple[str, list[str]]]:
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help or "" for c in subs._choices_actions}
    return {
        name: (helps.get(name, ""), [o for a in sub._actions for o in a.option_strings])
        for name, sub in subs.choices.items()
    }


def bash(parser: argparse.ArgumentParser) -> str:
    cmds = _commands(parser)
    cases = "".join(f"        {n}) opts={' '.join(o)!r} ;;\n" for n, (_, o) in cmds.items())
    return (
        "# bash completion for threadtui (generated from its argparse parser)\n"
        "_threadtui() {\n"
        '    local cur="${COMP_WORDS[COMP_CWORD]}" opts\n'
        '    if [ "$COMP_CWORD" -eq 1 ]; then\n'
        f'        opts="{" ".join(cmds)} -h --help -V --version"\n'
        "    else\n"
        '        case "${COMP_WORDS[1]}" in\n'
        f"{cases}"
        "        *) opts='' ;;\n"
        "        esac\n"
        "    fi\n"
        '    COMPREPLY=($(compgen -W "$opts" -- "$cur") $(compgen -f -- "$cur"))\n'
        "}\n"
        "complete -o filenames -F _threadtui threadtui\n"
    )


def zsh(parser: argparse.ArgumentParser) -> str:
    return (
        "#compdef threadtui\n"
        "# zsh completion for threadtui: the bash one through bashcompinit.\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash(parser).split("\n", 1)[1]
    )


def fish(parser: argparse.ArgumentParser) -> str:
    cmds = _commands(parser)
    lines = ["# fish completion for threadtui (generated from its argparse parser)"]
    for name, (help_text, opts) in cmds.items():
        desc = help_text.replace("'", "\\'")
        lines.append(f"complete -c threadtui -n __fish_use_subcommand -a {name} -d '{desc}'")
        for o in opts:
            flag = f"-l {o[2:]}" if o.startswith("--") else f"-s {o[1:]}"
            lines.append(f"complete -c threadtui -n '__fish_seen_subcommand_from {name}' {flag}")
    return "\n".join(lines) + "\n"


#: Where each is installed, under the environment's prefix.
FILES = {
    "share/bash-completion/completions/threadtui": bash,
    "share/zsh/site-functions/_threadtui": zsh,
    "share/fish/vendor_completions.d/threadtui.fish": fish,
}
