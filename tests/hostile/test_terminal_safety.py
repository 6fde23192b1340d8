"""Terminal safety: nothing from a thread file reaches the terminal as a control sequence.

The acceptance test runs the real reader in a pseudo-terminal on files whose every field
(title, source, URL, article, authors, ids, dates, bodies, unknown keys) holds escape
sequences: CSI, OSC 0/2 title changes, OSC 52 clipboard writes, OSC 8 links, DCS, APC, PM,
SOS, C1 controls, BEL, BS, CR, DEL, NUL, terminal queries, Rich/Textual markup and bidi
overrides. It browses every comment and pane, then scans every byte the reader wrote:
the only control sequences are the ones Textual makes (tests/hostile/terminal.py lists
them), no sequence carries the corpus's marker, nothing from the file is there raw, and
what the file held is shown as visible pictures (␛, ␇, \\x9b) instead.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from threadtui.model import load_thread_text
from threadtui.text import LayoutOptions

from .helpers import CORPUS, HANG, HEADER, ROOT, one_line, press, pty_app, run_cli, tool
from .terminal import mode_counts, plain_problems, problems, restored

MH = tool("make_hostile")


# Every comment, both panes, all bidi modes, help, zoom, the links list (opened and closed
# without choosing: choosing copies with OSC 52 on purpose), collapse and expand.
def _browse(n_comments: int) -> list[str]:
    keys = ["j"] * n_comments + ["G", "g", "C", "E", "c", "E", "]", "[", "J", "K"]
    keys += ["o", "escape", "?", "escape", "z", "z"]
    keys += ["B", "j", "j", "B", "j", "j", "B"]
    keys += ["tab", "pagedown", "pagedown", "pagedown", "G", "g", "tab", "a", "tab"]
    return keys


def _session(
    path: Path, home: Path, cols: int, rows: int, keys: list[str]
) -> tuple[str, list[str]]:
    app = pty_app(["open", str(path)], home, cols=cols, rows=rows)
    screens: list[str] = []
    try:
        app.start()
        assert app.wait_for(HEADER, timeout=HANG), app.text()
        app.settle(0.2, timeout=HANG)
        screens.append(app.text())
        for k in keys:
            press(app, k)
            screens.append(app.text())
        app.send("q")
        code = app.wait(HANG)
        out = app.output().decode("utf-8", "replace")
        assert code == 0, f"exit {code}\n{app.text()}\n{out[-2000:]!r}"
    finally:
        app.close()
    return out, screens


_BASELINES: dict[tuple[tuple[int, int], int], Counter[str]] = {}


def _baseline_modes(
    size: tuple[int, int], n: int, tmp_path_factory: pytest.TempPathFactory
) -> Counter[str]:
    """Mode changes of the same walk over a harmless thread (once per size)."""
    key = (size, n)
    if key not in _BASELINES:
        home = tmp_path_factory.mktemp("benign-home")
        out, _ = _session(ROOT / "sample_threads" / "him-again.json", home, *size, _browse(n))
        _BASELINES[key] = mode_counts(out)
    return _BASELINES[key]


def _raw_payloads() -> list[str]:
    # Whole sequences only: a lone ESC or BEL is also what Textual's own output is made of.
    return [
        p
        for p in MH.PAYLOADS
        if len(p) >= 3 and any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in p)
    ]


@pytest.mark.pty
@pytest.mark.parametrize("size", [(100, 30), (160, 45)], ids=["narrow", "wide"])
@pytest.mark.parametrize("name", ["escapes-everywhere.json", "escapes-raw-utf8.json"])
def test_escape_sequences_in_every_field_never_reach_the_terminal(
    name: str, size: tuple[int, int], home: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = CORPUS / name
    n = len(json.loads(path.read_text())["comments"]) + 3
    keys = _browse(n)
    out, screens = _session(path, home, *size, keys)

    found = problems(out)
    assert found == [], "\n".join(found[:20])
    assert restored(out) == []
    for p in _raw_payloads():
        assert p not in out, f"payload written raw: {p!r}"

    # The same walk over a harmless thread makes exactly the same mode changes: nothing
    # from the file switched a mode, even one Textual also uses (?1049l, ?25l, 8h, …).
    assert mode_counts(out) == _baseline_modes(size, n, tmp_path_factory)

    # What the file held is on the screen, visibly.
    seen = "\n".join(screens)
    for shown in (
        "␛[2J",
        "␛]52;c;",
        "␛]0;PWN-title0␇",
        "\\x9b",
        "\\x9d",
        "␈",
        "␍",
        "␡",
        "␀",
        "[bold red]PWN-markup[/]",
        "[@click=app.quit]PWN-click[/]",
        "<title>",
    ):
        assert shown in seen, f"{shown!r} never shown"


@pytest.mark.pty
def test_hostile_file_name(home: Path, tmp_path: Path) -> None:
    """A downloaded file can be named with escape sequences; its name is shown escaped
    (in messages) or not at all."""
    evil = "\x1b]0;PWN\x07\x1b[2J\u202eevil\x9b31m"
    d = tmp_path / "downloads"
    d.mkdir()
    good = d / f"{evil}.json"
    shutil.copy(CORPUS / "escapes-everywhere.json", good)
    bad = d / f"{evil}-broken.json"
    shutil.copy(CORPUS / "truncated.json", bad)

    r = run_cli(["render", str(good)], home)
    assert r.code == 0 and plain_problems(r.err + r.out) == [], r.err
    r = run_cli(["validate", str(good)], home)
    assert plain_problems(r.err + r.out) == []
    r = run_cli(["validate", str(bad)], home)
    assert r.code == 1 and plain_problems(r.err) == []
    assert "\\x1b]0;PWN\\x07" in r.err  # shown, escaped

    app = pty_app(["open", str(bad)], home)
    try:
        app.start()
        assert app.wait(HANG) == 2  # a file that does not load is an error (#17.3)
        out = app.output().decode("utf-8", "replace")
    finally:
        app.close()
    assert plain_problems(one_line(out)) == []

    out, _ = _session(good, home, 100, 30, ["j", "j", "tab", "tab"])
    assert problems(out) == []


@pytest.mark.pty
def test_hostile_file_name_in_the_status_line(home: Path, tmp_path: Path) -> None:
    """A large file is shown while the rest loads; when the rest fails to load, the
    status line and a notification say why, quoting the file's name. The name is
    shown, never sent to the terminal as control sequences."""
    evil = "\x1b]0;PWN\x07\x1b[2J\x9b31m"
    comments = ",".join(
        json.dumps({"id": f"c{k}", "author": f"user{k}", "body": "x" * 40}) for k in range(60_000)
    )
    data = ('{"title": "big", "comments": [' + comments).encode()  # cut off: never closed
    assert len(data) > 4 * 1024 * 1024  # large enough to be shown while it loads
    path = tmp_path / f"{evil}.json"
    path.write_bytes(data)
    app = pty_app(["open", str(path)], home, cols=120, rows=30)
    try:
        app.start()
        assert app.wait_for(HEADER, timeout=HANG), app.text()
        assert app.wait_for("Showing the first", timeout=HANG), app.text()
        app.settle(0.3, timeout=HANG)
        app.send("q")
        assert app.wait(HANG) == 0
        out = app.output().decode("utf-8", "replace")
    finally:
        app.close()
    found = problems(out)
    assert found == [], "\n".join(found[:10])


async def test_warnings_in_notifications_are_not_markup() -> None:
    """Loader warnings quote the file ('not an ISO 8601 date: …'), and the reader shows
    them as notifications: markup in them must be shown as typed, never parsed (a
    `[link=…]` in a date must not crash the reader, a `[@click=…]` must not be live)."""
    from threadtui.ui.app import ReaderApp

    thread = load_thread_text(
        json.dumps(
            {
                "title": "t",
                "comments": [
                    {"body": "x", "posted": "[bold red]PWN[/] [link=file:///etc/passwd]y[/link]"},
                    {"body": "y", "posted": "[@click=app.quit]click me[/]"},
                ],
            }
        )
    )
    assert len(thread.warnings) == 2
    app = ReaderApp(thread, LayoutOptions(), notices=list(thread.warnings))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        from textual.widgets._toast import Toast

        # Toasts are wrapped by the layout engine: compare with the rows joined again.
        shown = " ".join(" ".join(str(t.render()).split()) for t in app.query(Toast))
        assert "[bold red]PWN[/]" in shown, shown
        assert "[link=file:///etc/passw" in shown, shown  # the quoted date is cut at 40
        assert "[@click=app.quit]click me[/]" in shown, shown


HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "file:///etc/passwd",
    "data:text/html,x",
    "vbscript:x",
    "ssh://host",
    "https://x.example/\x1b]52;c;AAAA\x07",
    "https://x.example/\x07",
    "https://x.example/\x9c",
    "https://x.example/\x1b\\",
    "https://x.example/\u202egpj.exe",
    "https://x.example/\u2066a\u2069",
    "https://x\u200b.example",
    "https://x.example/ a",
    "https://x.example/\ta",
    "https://x.example/\n",
    "mailto:a@b\x1b",
    " https://x.example",
    "https:\\\\x.example",
]


def _clean_link(url: str) -> bool:
    from .terminal import SAFE_LINK

    return bool(SAFE_LINK.fullmatch(url)) and not any(
        ch.isspace() or not ch.isprintable() for ch in url
    )


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_safe_link_refuses_other_schemes_and_controls(url: str) -> None:
    """OSC 8 links carry only http, https and mailto URLs, with nothing in them a
    terminal could take for the end of the sequence."""
    from threadtui.ui.paint import safe_link

    got = safe_link(url)
    if got is None:
        return
    assert got.lower().startswith(("http://", "https://", "mailto:")), got
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in got), got


LINK_TEXTS = [f"see {u} now" for u in HOSTILE_URLS] + [
    "www.ex\u00adample.com/\u200fx",
    "https://ex.com/\ufeffx",
    "https://ex.com/a\u00a0b",
    "https://ex.com/\u2028next",
    "mailto:a@b\u202e.com",
    "https://x\u200b.example/p",
    "https://ex\u034fample.com/",
    "https://ex.com/\u2060x",
    "https://ex.com/\u180ex",
]


@pytest.mark.parametrize("text", LINK_TEXTS)
def test_links_threadtui_makes_are_clean(text: str) -> None:
    """The links the reader actually makes (found in a comment, then filtered): http,
    https or mailto, and no invisible or format character that would make the target
    differ from what is shown or disguise it on hover."""
    from threadtui.ui.paint import link_spans

    for _start, _end, url in link_spans(text):
        assert _clean_link(url), f"{text!r} links to {url!r}"


def test_safe_link_keeps_ordinary_links() -> None:
    from threadtui.ui.paint import safe_link

    assert safe_link("https://example.com/a?b=c#d") == "https://example.com/a?b=c#d"
    assert safe_link("HTTP://EXAMPLE.COM") == "HTTP://EXAMPLE.COM"
    assert safe_link("mailto:someone@example.com") == "mailto:someone@example.com"
    assert safe_link("www.example.com/x") == "https://www.example.com/x"


def test_render_output_of_the_escape_corpus_is_plain(home: Path) -> None:
    """`threadtui render` (what users pipe into less and other tools): not one escape."""
    for name in ("escapes-everywhere.json", "escapes-raw-utf8.json", "markup-only.json"):
        for mode in ("app", "terminal", "off"):
            r = run_cli(["render", "--bidi", mode, "--width", "70", str(CORPUS / name)], home)
            assert r.code == 0, r.err
            assert plain_problems(r.out) == [], (name, mode)
            assert plain_problems(r.err) == [], (name, mode)
            assert "[@click=app.quit]PWN-click[/]" in r.out
            if name.startswith("escapes"):
                assert "␛[2J" in r.out and "\\x9b" in r.out


def test_search_output_of_the_escape_corpus_is_plain(home: Path) -> None:
    """`threadtui search` separates its fields with TABs; nothing else of C0 or C1."""
    r = run_cli(["search", str(CORPUS / "escapes-everywhere.json"), "PWN"], home)
    assert r.code in (0, 1), r.err
    assert "Traceback" not in r.err
    assert r.out.count("PWN") > 10
    assert plain_problems(r.out.replace("\t", " ") + r.err) == []
    r = run_cli(["search", "--authors", str(CORPUS / "escapes-everywhere.json"), "\x1b"], home)
    assert "Traceback" not in r.err
    assert plain_problems(r.out.replace("\t", " ") + r.err) == []


def test_stdin_thread_with_escapes_renders_plain(home: Path) -> None:
    """`curl … | threadtui -`: the same rules when the thread comes on standard input."""
    data = (CORPUS / "escapes-everywhere.json").read_bytes()
    r = run_cli(["render", "-"], home, stdin=data)
    assert r.code == 0 and plain_problems(r.out + r.err) == []
    r = run_cli(["open", "-"], home, stdin=data)  # not a terminal: prints what render prints
    assert r.code == 0 and plain_problems(r.out + r.err) == []


def test_marker_check_is_not_vacuous() -> None:
    """The scanner does find what it looks for (a test of the test)."""
    leaked = "\x1b[?1049h\x1b[1;1Hhello\x1b]52;c;UFdO\x07\x1b]0;PWN\x07\x9b2J\x07"
    kinds = Counter(p.split(":")[0] for p in problems(leaked))
    assert kinds["OSC sequence (title, clipboard, colours, …)"] == 2
    assert kinds["raw C1 control (a terminal may obey it)"] == 1
    assert kinds["raw C0 control"] == 1
    assert problems("\x1b[?1049h\x1b[1;1H\x1b[38;2;1;2;3mok\x1b[0m\r\n") == []
    assert len(problems("over\rwritten\n")) == 2  # a lone CR, a lone LF
    assert restored("\x1b[?1049h\x1b[?25l") == ["mode ?1049 left on", "mode ?25 left off"]
