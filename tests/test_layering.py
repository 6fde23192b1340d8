"""The core (model, text) must never pull in Textual: it is what render, validate and the
importers run on, and it must stay fast to import and testable without a terminal."""

import subprocess
import sys


def _modules_after(imports: str) -> set[str]:
    code = "import sys\n" + imports + "\nprint('\\n'.join(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_model_and_text_do_not_import_textual() -> None:
    mods = _modules_after("import threadtui.model, threadtui.text, threadtui.rows, threadtui.render")
    assert "textual" not in mods
    assert not any(m.startswith("textual.") for m in mods)
    assert "rich.console" not in mods


def test_cli_help_does_not_import_textual() -> None:
    mods = _modules_after(
        "import threadtui.cli\n"
        "try:\n    threadtui.cli.main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert "textual" not in mods
