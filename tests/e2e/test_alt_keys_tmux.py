"""Alt keys as tmux sends them: ESC then the key (#12.3).

tmux (like xterm with metaSendsEscape, GNOME Terminal and PuTTY) sends Alt-w as the two
bytes ESC w. In the search bar those must toggle the option, never type a "w"; each
toggle also has a key that needs no Alt (Ctrl-O, Ctrl-R, Ctrl-N), shown in the bar.
The keys are typed on a tmux client attached from a pseudo-terminal, so they go through
tmux's own input parser, with its default escape-time and with the recommended one.
"""

from __future__ import annotations

import shlex
import time

import pytest

from .helpers import PtyApp, threadtui_path
from .test_tmux import COLS, RECOMMENDED, ROWS, Tmux

pytestmark = pytest.mark.pty

CASES = [
    pytest.param("defaults", b"\x1bw", "word", id="defaults-esc-w"),
    pytest.param("defaults", b"\x1br", "regex", id="defaults-esc-r"),
    pytest.param("defaults", b"\x1ba", "authors", id="defaults-esc-a"),
    pytest.param("recommended", b"\x1bw", "word", id="recommended-esc-w"),
    pytest.param("defaults", b"\x0f", "word", id="defaults-ctrl-o"),
    pytest.param("recommended", b"\x12", "regex", id="recommended-ctrl-r"),
    pytest.param("recommended", b"\x0e", "authors", id="recommended-ctrl-n"),
]


def _bar(snap) -> str:  # type: ignore[no-untyped-def]
    for line in snap.lines():
        if "regex" in line and "authors" in line:
            return line
    return ""


@pytest.mark.parametrize(("config", "key", "label"), CASES)
def test_alt_toggle_as_esc_key_in_tmux(home, tmp_path, config, key, label) -> None:  # type: ignore[no-untyped-def]
    tmux = Tmux(tmp_path, home, RECOMMENDED if config == "recommended" else "")
    client = None
    try:
        tmux(
            "new-session", "-d", "-x", str(COLS), "-y", str(ROWS - 1), "-s", "e2e",
            shlex.quote(threadtui_path()),
        )  # fmt: skip
        tmux.wait(lambda s: "Him again" in s.text())
        client = PtyApp(
            [tmux.exe, "-u", "-S", tmux.sock, "attach-session", "-t", "e2e"], COLS, ROWS, tmux.env
        )
        client.start()
        assert client.wait_for("Him again", 20), client.dump()
        client.send("/")
        tmux.wait(lambda s: f"[ ] {label}" in _bar(s))
        client.send("iran")
        tmux.wait(lambda s: "iran" in _bar(s))
        client.send(key)
        snap = tmux.wait(lambda s: f"[x] {label}" in _bar(s))
        bar = _bar(snap)
        letter = chr(key[-1]) if key[0] == 0x1B else None
        assert letter is None or f"iran{letter}" not in bar, bar
        # And back off: the same key again.
        time.sleep(0.1)
        client.send(key)
        snap = tmux.wait(lambda s: f"[ ] {label}" in _bar(s))
        assert "iran" in _bar(snap)
        assert letter is None or f"iran{letter}" not in _bar(snap)
    finally:
        tmux("kill-server", check=False)
        if client is not None:
            client.wait(5)
            client.close()


def test_every_alt_binding_has_a_key_without_alt_and_acts_first() -> None:
    """Every row of the bindings table with an Alt key also has a key without one (shown
    first, in hints and help); in the search bar it is a priority binding, so ESC w, which
    arrives as alt+w with the character w, toggles before the input could type it."""
    from threadtui.ui.bindings import KEYS, PRIORITY

    alt_rows = [k for k in KEYS if any(x.strip().startswith("alt+") for x in k.keys.split(","))]
    assert alt_rows, "no Alt bindings: this test is stale"
    for row in alt_rows:
        keys = [x.strip() for x in row.keys.split(",")]
        assert not keys[0].startswith("alt+"), f"{row.id}: the hinted key needs Alt"
        assert any("alt+" not in x for x in keys), f"{row.id}: only Alt keys"
        if row.screen == "search":
            assert row.id in PRIORITY, f"{row.id}: ESC+key would type the letter"
