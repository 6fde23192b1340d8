"""Write share/man/man1/threadtui.1 from the argparse parser (threadtui.cli.manpage)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    # The page names the default config path: the Linux default, not this machine's.
    os.environ["THREADTUI_CONFIG_DIR"] = "~/.config/threadtui"
    from threadtui.cli.manpage import manpage

    (ROOT / "share" / "man" / "man1" / "threadtui.1").write_text(manpage(), "utf-8")
    from threadtui.cli.completions import FILES
    from threadtui.cli.parser import build_parser

    for rel, make in FILES.items():
        (ROOT / rel).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / rel).write_text(make(build_parser()), "utf-8")
