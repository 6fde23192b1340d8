"""The house rules (docs/architecture.md), enforced.

Data flows one way: source → model → view → screen, with the layout engine (`text`) and
search beside it. Every import of every module under src/threadtui counts, the ones inside
functions included (a lazy import is still a dependency: `ui.launch` importing `cli` inside
a function was a cycle all the same). A new package must be given a row in `ALLOWED`.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "threadtui"

# What each part of threadtui may import from threadtui (a part is a top-level module or
# package; `threadtui` itself is the version and the program's name).
BASE = {"threadtui"}
ALLOWED: dict[str, set[str]] = {
    "text": BASE,
    "model": BASE,
    "data": BASE,
    "paths": BASE,
    "options": BASE | {"text", "config"},
    "config": BASE | {"options", "paths", "model"},  # model.files: reading it safely
    "crash": BASE | {"paths"},
    "view": BASE | {"model", "text"},
    "search": BASE | {"model", "text"},
    "importers": BASE | {"model", "text"},
    "state": BASE | {"model", "text", "importers", "search", "paths", "options", "config"},
    "fetch": BASE | {"model", "text", "importers", "paths", "options", "config"},
    "ui": BASE
    | {"model", "text", "view", "search", "importers", "state", "fetch", "options", "config"}
    | {"paths", "crash", "data"},
    "cli": set(),  # anything: it is the top
    "__main__": {"cli"},
}
# Third-party packages only some parts may use. Textual only in ui; a Rich console never
# below ui (the layout engine measures with rich.cells, so widths agree with Textual's).
TEXTUAL_OK = {"ui"}
RICH_OK = {"ui"}
RICH_CELLS_OK = {"text", "ui"}
# rich.cells, and the width table it measures with (text.cells reads it for a fast path,
# falls back when it moves, and a unit test checks the two agree).
RICH_CELLS = {"rich.cells", "rich._unicode_data"}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path


def _imports(name: str, path: Path, *, typing_too: bool = True) -> Iterator[str]:
    """Every module ``name`` imports, relative imports resolved; with ``typing_too`` off,
    not those under ``if TYPE_CHECKING:`` (never run, so never part of a cycle)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text("utf-8"))
    skip: set[int] = set()
    if not typing_too:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) in _TYPE_CHECKING:
                skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            yield mod
            for alias in node.names:  # `from threadtui import cli` imports a module
                sub = f"{mod}.{alias.name}"
                if sub.startswith("threadtui.") and _exists(sub):
                    yield sub


_TYPE_CHECKING = ("TYPE_CHECKING", "typing.TYPE_CHECKING")


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file()


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "threadtui"


MODULES = dict(_modules())
GRAPH = {name: sorted(set(_imports(name, path))) for name, path in MODULES.items()}
RUNTIME = {
    name: sorted(set(_imports(name, path, typing_too=False))) for name, path in MODULES.items()
}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_follow_the_layers(name: str) -> None:
    part = _part(name)
    assert part in ALLOWED or part == "threadtui", f"{part}: give it a row in ALLOWED"
    bad = []
    for mod in GRAPH[name]:
        top = mod.split(".")[0]
        if top == "textual" and part not in TEXTUAL_OK:
            bad.append(mod)
        elif top == "rich" and part not in RICH_OK:
            if not (mod in RICH_CELLS and part in RICH_CELLS_OK):
                bad.append(mod)
        elif top == "threadtui" and part != "cli":
            target = _part(mod)
            if target != part and target not in ALLOWED.get(part, BASE):
                bad.append(mod)
    assert not bad, f"{name} imports {bad}, against the layer rules"


def test_no_import_cycle() -> None:
    """No two of threadtui's modules import each other, directly or through others. A
    package's __init__ that re-exports its own modules is not a cycle with them."""
    graph = {
        name: [
            m
            for m in deps
            if m in MODULES and m != name and not (name.startswith(m + ".") and _is_pkg(m))
        ]
        for name, deps in RUNTIME.items()
    }
    state: dict[str, int] = {}
    for root in graph:
        if state.get(root):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(graph[root]))]
        path = [root]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, iter(graph[nxt])))
                path.append(nxt)


def _is_pkg(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def test_every_part_has_a_rule_and_the_rules_are_exercised() -> None:
    parts = {_part(n) for n in MODULES} - {"threadtui"}
    assert parts <= set(ALLOWED), f"parts without a rule: {parts - set(ALLOWED)}"


def _modules_after(imports: str) -> set[str]:
    code = "import sys\n" + imports + "\nprint('\\n'.join(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_core_does_not_import_textual_at_run_time() -> None:
    """What render, validate, search and the importers run on: no Textual, no Rich
    console, when actually imported (the static check above cannot see what a
    third-party package pulls in)."""
    mods = _modules_after(
        "import threadtui.model, threadtui.text, threadtui.view.rows, threadtui.view.render,"
        " threadtui.search, threadtui.importers, threadtui.options, threadtui.config"
    )
    assert not {m for m in mods if m == "textual" or m.startswith("textual.")}
    assert "rich.console" not in mods


def test_cli_help_does_not_import_textual() -> None:
    mods = _modules_after(
        "import threadtui.cli\n"
        "try:\n    threadtui.cli.main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert "textual" not in mods


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    """The AST walk finds lazy imports inside functions (the kind the old cycle was)."""
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from threadtui.cli import main\n    import textual.app\n")
    assert set(_imports("threadtui.ui.m", f)) >= {"threadtui.cli", "textual.app"}
