"""The same reader under every TERM a user may have over SSH, at both sizes: the Persian
comment right, the cursor mark on it, the colours the terminal can show (and no others),
and after `q` the terminal exactly as it was found.

Under TERM=dumb, or when standard output is not a terminal, `threadtui open` prints what
`threadtui render` prints instead of starting the UI.
"""

from __future__ import annotations

import subprocess

import pytest

from .helpers import (
    ALT_SCREEN,
    PERSIAN_ID,
    TERMS,
    ModeLog,
    PtyApp,
    assert_cursor_on,
    assert_restored,
    comment_index,
    current_comment,
    quit_and_check,
    render_output,
    sgr_colours,
    show_prompt,
    start_reader,
    threadtui_path,
    user_env,
    wait_painted,
)

pytestmark = pytest.mark.pty

NARROW = 110
GREY_256 = {16, 231, *range(232, 256)}
GREY_16 = {30, 37, 90, 97, 40, 47, 100, 107}


def wait_on(app, thread, i, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    def ok() -> bool:
        try:
            assert_cursor_on(app, thread, i)
        except AssertionError:
            return False
        return True

    app.wait_until(ok, timeout, poll=0.1)
    return assert_cursor_on(app, thread, i)


def check_colours(name: str, data: bytes, *, palette_theme: bool) -> None:
    """The colour codes in the stream fit the terminal. The default theme (ansi-dark) uses
    the terminal's own 16-colour palette everywhere; a theme of fixed colours
    (``palette_theme=False``) is drawn with as many colours as TERM/COLORTERM allow."""
    colours = sgr_colours(data)
    kinds = {c[0] for c in colours}
    if name == "no-color" and palette_theme:
        # NO_COLOR with the terminal's own palette: no colour at all, only attributes.
        # (Textual's Monochrome filter, chosen for its default theme, once turned the ANSI
        # theme's default colours into black on black.)
        assert not colours, f"NO_COLOR=1 but colours {sorted(colours)}"
        return
    assert colours, "no colour at all"
    if name == "no-color":
        # NO_COLOR, a theme of fixed colours: Textual's monochrome filter; greys remain.
        for c in colours:
            if c[0] == "256":
                assert int(c[1]) in GREY_256, f"NO_COLOR=1 but colour {c}"
            elif c[0] == "rgb":
                assert len(set(c[1:])) == 1, f"NO_COLOR=1 but colour {c}"
            else:
                assert int(c[1]) in GREY_16, f"NO_COLOR=1 but colour {c}"
        return
    if palette_theme:
        assert kinds == {"16"}, f"the ANSI theme should use the 16 ANSI colours: {kinds}"
    elif name == "truecolor":
        assert "rgb" in kinds, f"COLORTERM=truecolor but no 24-bit colour: {sorted(kinds)}"
    elif name in ("xterm-256color", "tmux-256color"):
        assert kinds == {"256"}, f"{name} without COLORTERM should get 256 colours: {kinds}"
    else:
        assert kinds == {"16"}, f"TERM={name} should get only the 16 ANSI colours: {kinds}"


def check_readable(app) -> None:  # type: ignore[no-untyped-def]
    """No character on screen is drawn in the colour of its own background (reverse
    video swaps the two, so it is compared as drawn)."""
    screen = app.screen
    unreadable = []
    for y in range(screen.lines):
        line = screen.buffer[y]
        for x in range(screen.columns):
            ch = line[x]
            if not ch.data.strip():
                continue
            fg, bg = (ch.bg, ch.fg) if ch.reverse else (ch.fg, ch.bg)
            if fg == bg and fg != "default":
                unreadable.append((y, x, ch.data, fg))
    assert not unreadable, (
        f"{len(unreadable)} characters in their background's colour,"
        f" e.g. {unreadable[:5]}\n{app.dump()}"
    )


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
@pytest.mark.parametrize(
    ("name", "term", "colorterm", "no_color"), TERMS, ids=[t[0] for t in TERMS]
)
def test_term_matrix(home, sample, size, name, term, colorterm, no_color) -> None:  # type: ignore[no-untyped-def]
    cols, rows = size
    thread = sample
    persian = comment_index(thread, PERSIAN_ID)
    app = start_reader(
        home, cols=cols, rows=rows, term=term, colorterm=colorterm, no_color=no_color
    )
    try:
        wait_painted(app, "Him again")
        if cols < NARROW:
            app.key("tab")  # narrow terminals open on the article
        wait_on(app, thread, 0)
        app.key("]")
        block = wait_on(app, thread, persian)
        assert block.header_visible() and block.count >= 5, app.dump()
        # The app took over the bidi mode (explicit: it reorders itself).
        assert b"\x1b[8l" in app.output()
        check_colours(name, app.output(), palette_theme=True)
        check_readable(app)
        quit_and_check(app)
    finally:
        app.close()


@pytest.mark.parametrize(
    ("name", "term", "colorterm", "no_color"), TERMS, ids=[t[0] for t in TERMS]
)
def test_colour_depth_follows_term(home, sample, name, term, colorterm, no_color) -> None:  # type: ignore[no-untyped-def]
    """With a theme of fixed colours (TEXTUAL_THEME=textual-dark) the colour depth is the
    terminal's: 24-bit with COLORTERM, 256 for *-256color, 16 otherwise, greys for
    NO_COLOR; and the reader is still right and still restores the terminal."""
    app = start_reader(
        home,
        cols=100,
        rows=30,
        term=term,
        colorterm=colorterm,
        no_color=no_color,
        extra_env={"TEXTUAL_THEME": "textual-dark"},
    )
    try:
        wait_painted(app, "Him again")
        app.key("tab")
        wait_on(app, sample, 0)
        check_colours(name, app.output(), palette_theme=False)
        check_readable(app)
        quit_and_check(app)
    finally:
        app.close()


def test_cursor_mark_repainted_when_scrolled(home, sample) -> None:  # type: ignore[no-untyped-def]
    """k after G moves the cursor up from the last comment while the view is scrolled
    down: the mark must move on screen too (the rows of both comments are repainted)."""
    thread = sample
    last = len(thread) - 1
    app = start_reader(home, cols=120, rows=40)
    try:
        wait_painted(app, "Him again")
        wait_on(app, thread, 0)
        app.key("G")
        wait_on(app, thread, last)
        app.key("k")
        wait_on(app, thread, last - 1)
        app.key("k")
        wait_on(app, thread, last - 2)
        app.key("j")
        wait_on(app, thread, last - 1)
        b = current_comment(app, thread)
        assert b is not None and b.index == last - 1
        quit_and_check(app)
    finally:
        app.close()


# ----------------------------------------------------------------------------------------
# No terminal to draw on: `threadtui open` prints the render output
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("cols", [80, 132])
def test_term_dumb_prints_render_output(home, cols) -> None:  # type: ignore[no-untyped-def]
    """TERM=dumb on a real terminal: no UI, no escape sequence, the thread as `render`
    prints it at the terminal's width, and exit status 0."""
    env = user_env("dumb", home=home)
    app = PtyApp([threadtui_path()], cols, 24, env)
    show_prompt(app, "threadtui")
    with app:
        status = app.wait(60)
        assert status == 0, f"exit status {status}\n{app.output()[-500:]!r}"
    out = app.output()
    assert b"\x1b" not in out, f"escape sequences under TERM=dumb: {out[:200]!r}"
    assert not ModeLog.parse(out).ever(ALT_SCREEN)
    text = out.decode("utf-8").replace("\r\n", "\n")
    want = "\n".join(render_output(cols))
    assert text == want, f"TERM=dumb output differs from `threadtui render --width {cols}`"


def test_pipe_prints_render_output(home) -> None:  # type: ignore[no-untyped-def]
    """Standard output a pipe (`threadtui | less`, `threadtui > file`): the render output,
    whatever TERM says."""
    env = user_env("xterm-256color", colorterm="truecolor", home=home)
    got = subprocess.run(
        [threadtui_path()],
        capture_output=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert got.returncode == 0, got.stderr.decode()
    assert b"\x1b" not in got.stdout
    want = subprocess.run(
        [threadtui_path(), "render"],
        capture_output=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert want.returncode == 0
    assert got.stdout == want.stdout
    assert got.stdout.decode().startswith("Him again?")
    # The Persian comment is in it, in the same rows the UI shows at 80 columns.
    assert "Aghaye gol!" in got.stdout.decode()


def test_open_file_to_pipe(home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`threadtui open FILE > out` writes the render output of FILE."""
    from threadtui.data import sample_path

    env = user_env("xterm-256color", home=home)
    got = subprocess.run(
        [threadtui_path(), "open", str(sample_path())],
        capture_output=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert got.returncode == 0, got.stderr.decode()
    lines = got.stdout.decode().split("\n")
    assert tuple(lines) == render_output(80, str(sample_path()))


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_signal_restores_terminal(home, sample, signame) -> None:  # type: ignore[no-untyped-def]
    """`kill`, or sshd hanging up a dropped connection: the reader ends the normal way,
    exit status 128 + the signal (as a shell reports a process the signal ended), and
    the terminal is restored as after `q`."""
    import os
    import signal

    app = start_reader(home, cols=100, rows=30)
    try:
        wait_painted(app, "Him again")
        app.settle(0.2)
        os.kill(app.pid, getattr(signal, signame))
        status = app.wait(15)
        want = 128 + getattr(signal, signame)
        assert status == want, f"{signame}: exit status {status}"
        assert_restored(app)
    finally:
        app.close()
