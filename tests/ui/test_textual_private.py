"""The private Textual names threadtui relies on (threadtui.ui.textual_private).

Each test fails, naming the attribute, when a Textual release renames or changes one of
them: read textual_private.py's note for it before moving the `textual<8.3` pin. And no
module of threadtui.ui reaches a private Textual name any other way.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.containers import Vertical
from textual.filter import LineFilter, Monochrome, NoColor
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget

from threadtui.ui import textual_private as tp

UI = Path(__file__).resolve().parents[2] / "src" / "threadtui" / "ui"


class _Probe(App[None]):
    def compose(self):  # type: ignore[no-untyped-def]
        yield Vertical()


def _loud(owner: object, name: str) -> None:
    assert hasattr(owner, name), (
        f"Textual no longer has {getattr(owner, '__name__', owner)}.{name}: see"
        f" threadtui/ui/textual_private.py before upgrading"
    )


async def test_is_exiting_follows_app_exit() -> None:
    app = _Probe()
    _loud(app, "_exit")
    async with app.run_test() as pilot:
        assert tp.is_exiting(app) is False
        app.exit()
        assert tp.is_exiting(app) is True
        await pilot.pause()


async def test_line_filters_is_the_list_the_app_renders_with(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = _Probe()
    _loud(app, "_filters")
    filters = tp.line_filters(app)
    assert isinstance(filters, list)
    assert any(isinstance(f, (Monochrome, NoColor)) for f in filters)
    mine = NoColor()
    filters[:] = [mine if isinstance(f, (Monochrome, NoColor)) else f for f in filters]
    # What the app renders with (public) is what was put in the list.
    assert mine in list(app.get_line_filters())
    assert all(isinstance(f, LineFilter) for f in app.get_line_filters())


def test_refresh_truecolor_filter_takes_the_ansi_theme() -> None:
    from textual.filter import ANSIToTruecolor

    app = _Probe()
    _loud(App, "_refresh_truecolor_filter")
    assert list(inspect.signature(App._refresh_truecolor_filter).parameters) == ["self", "theme"]
    tp.refresh_truecolor_filter(app)
    truecolor = [f for f in tp.line_filters(app) if isinstance(f, ANSIToTruecolor)]
    assert truecolor, "App._filters holds no ANSIToTruecolor filter any more"
    assert truecolor[0]._terminal_theme is app.ansi_theme


async def test_driver_of_is_the_running_driver() -> None:
    from textual.driver import Driver

    app = _Probe()
    _loud(app, "_driver")
    assert tp.driver_of(app) is None
    async with app.run_test():
        driver = tp.driver_of(app)
        assert isinstance(driver, Driver)
        assert callable(driver.write) and callable(driver.flush)


class _Crashing(App[None]):
    hooked: list[BaseException | None] = []

    def compose(self):  # type: ignore[no-untyped-def]
        yield Vertical()

    def on_mount(self) -> None:
        self.set_timer(0.01, self._boom)

    def _boom(self) -> None:
        raise LookupError("on purpose")

    def _fatal_error(self) -> None:
        _Crashing.hooked.append(tp.failure_of(self))
        tp.close_messages_no_wait(self)


async def test_fatal_error_hook_is_called_with_the_failure() -> None:
    _loud(App, tp.FATAL_ERROR_HOOK)
    _loud(App, "_close_messages_no_wait")
    _loud(App(), "_exception")
    _Crashing.hooked = []
    app = _Crashing()
    with pytest.raises(LookupError):
        async with app.run_test() as pilot:
            await pilot.pause(0.2)
    assert len(_Crashing.hooked) == 1, "App._fatal_error was not called on an unhandled error"
    assert isinstance(_Crashing.hooked[0], LookupError)


class _Tall(ScrollView):
    DEFAULT_CSS = "_Tall { height: 10; scrollbar-size-vertical: 1; overflow-y: scroll; }"


async def test_update_scroll_range_sets_the_scrollbar() -> None:
    class Holder(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield _Tall()

    _loud(Widget, "_scroll_update")
    assert list(inspect.signature(Widget._scroll_update).parameters) == ["self", "virtual_size"]
    app = Holder()
    async with app.run_test(size=(40, 20)) as pilot:
        view = app.query_one(_Tall)
        view.set_reactive(Widget.virtual_size, Size(30, 500))
        tp.update_scroll_range(view, Size(30, 500))
        await pilot.pause()
        assert view.vertical_scrollbar.window_virtual_size == 500
        assert view.max_scroll_y == 500 - view.scrollable_content_region.height


def test_normalize_keys_as_set_keymap_does() -> None:
    import textual.keys

    _loud(textual.keys, "_normalize_key_list")
    assert tp.normalize_keys("?,j, ctrl+d") == "question_mark,j,ctrl+d"
    assert tp.normalize_keys("/") == "slash"
    assert App._normalize_keymap({"x": "?"}) == {"x": tp.normalize_keys("?")}


def test_linux_driver_writes_through_writer_thread_to_its_file() -> None:
    """The driver keeps its output stream in ``_file`` and builds its writer from the
    module attribute ``WriterThread`` (which install_hangup_safe_writer replaces)."""
    from textual.drivers import _writer_thread, linux_driver

    _loud(linux_driver, "WriterThread")
    _loud(_writer_thread, "WriterThread")
    init = inspect.getsource(linux_driver.LinuxDriver.__init__)
    assert "self._file =" in init, "LinuxDriver no longer keeps its output in _file"
    start = inspect.getsource(linux_driver.LinuxDriver.start_application_mode)
    assert "WriterThread(self._file)" in start, "LinuxDriver builds its writer differently"
    writer_init = inspect.getsource(_writer_thread.WriterThread.__init__)
    assert "self._queue" in writer_init and "self._file" in writer_init
    assert "None" in inspect.getsource(_writer_thread.WriterThread.stop), (
        "WriterThread no longer stops on a None in its queue"
    )


def test_hangup_safe_writer_drains_after_a_failure() -> None:
    written: list[str] = []
    queue = ["a", "b", "c", None]

    def write(text: str) -> None:
        if text == "b":
            raise OSError(5, "EIO")
        written.append(text)

    tp._drain(lambda: queue.pop(0), lambda: len(queue), write, lambda: None)
    assert written == ["a"] and queue == []


# --------------------------------------------------------------------------------------
# Nowhere else
# --------------------------------------------------------------------------------------

_PRIVATE_ATTRS = re.compile(
    r"\.(_exit|_filters|_driver|_exception|_close_messages_no_wait|_refresh_truecolor_filter"
    r"|_scroll_update|_queue|_file|_bindings|_display|_normalize_key_list)\b"
)
_PRIVATE_MODULE = re.compile(r"textual(\.\w+)*\._\w+")


def test_no_private_textual_name_outside_the_module() -> None:
    found = []
    for path in sorted(UI.glob("*.py")):
        if path.name == "textual_private.py":
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if _PRIVATE_ATTRS.search(code) or _PRIVATE_MODULE.search(code):
                found.append(f"{path.name}:{n}: {line.strip()}")
    assert not found, "private Textual names outside textual_private.py:\n" + "\n".join(found)


# Methods of Textual classes the reader overrides on purpose (textual_private says why).
OVERRIDES = {"_fatal_error"}


def test_no_subclass_shadows_a_private_textual_name() -> None:
    """A ``self._rows`` or ``def _show`` in a widget would silently replace Textual's own
    attribute of that name; only the listed overrides may."""
    clashes = []
    for path in sorted(UI.glob("*.py")):
        module = importlib.import_module(f"threadtui.ui.{path.stem}")
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            cls = getattr(module, node.name, None)
            if not inspect.isclass(cls):
                continue
            bases = [b for b in cls.__mro__[1:] if b.__module__.startswith("textual")]
            if not bases:
                continue
            textual_src = "".join(inspect.getsource(b) for b in bases)
            for name in _private_names(node):
                if name in OVERRIDES:
                    continue
                if any(name in vars(b) for b in bases) or re.search(
                    rf"self\.{name}\s*[:=]", textual_src
                ):
                    clashes.append(f"{path.name}: {node.name}.{name}")
    assert not clashes, "shadowing Textual's own names:\n" + "\n".join(clashes)


def _private_names(cls: ast.ClassDef) -> set[str]:
    names: set[str] = set()
    for n in ast.walk(cls):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if n.name.startswith("_") and not n.name.startswith("__"):
                names.add(n.name)
        elif (
            isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name)
            and n.value.id == "self"
            and isinstance(n.ctx, ast.Store)
            and n.attr.startswith("_")
            and not n.attr.startswith("__")
        ):
            names.add(n.attr)
    return names


def test_linux_driver_decodes_keys_with_the_module_getincrementaldecoder() -> None:
    """The input thread builds its decoder from the module attribute
    ``getincrementaldecoder`` (which install_lenient_key_decoder replaces), strict."""
    from textual.drivers import linux_driver

    _loud(linux_driver, "getincrementaldecoder")
    source = inspect.getsource(linux_driver.LinuxDriver.run_input_thread)
    assert 'getincrementaldecoder("utf-8")()' in source, "the key decoder is built differently"


def test_lenient_key_decoder_drops_invalid_bytes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from textual.drivers import linux_driver

    monkeypatch.setattr(linux_driver, "getincrementaldecoder", linux_driver.getincrementaldecoder)
    tp.install_lenient_key_decoder()
    decode = linux_driver.getincrementaldecoder("utf-8")().decode
    assert decode(b"\xff") == ""
    assert decode(b"\xeaj") == "j"
    # Valid input split across reads decodes as before.
    text = "کتاب"
    data = text.encode()
    assert decode(data[:3]) + decode(data[3:]) == text
    tp.install_lenient_key_decoder()  # twice: no double wrapping
    assert getattr(linux_driver.getincrementaldecoder, "lenient", False)
