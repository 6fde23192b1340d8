"""Every reader key, driven through Pilot."""

from __future__ import annotations

import pytest

from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.comments import CommentView

from .conftest import chain, make_thread, sample


def app_for(thread, **kw) -> ReaderApp:
    return ReaderApp(thread, LayoutOptions(), **kw)


def screen_text(app: ReaderApp) -> str:
    view = app.comments
    lines = []
    for y in range(view.size.height):
        lines.append(view.render_line(y).text)
    return "\n".join(lines)


def tree():
    # 0 a ─ 1 a1 ─ 2 a1x
    #     └ 3 a2
    # 4 b ─ 5 b1
    # 6 c
    return make_thread(
        [
            {
                "id": "a",
                "body": "alpha",
                "replies": [
                    {"id": "a1", "body": "alpha one", "replies": [{"id": "a1x", "body": "deep"}]},
                    {"id": "a2", "body": "alpha two"},
                ],
            },
            {"id": "b", "body": "bravo", "replies": [{"id": "b1", "body": "bravo one"}]},
            {"id": "c", "body": "charlie"},
        ]
    )


async def press(pilot, *keys: str) -> None:
    for k in keys:
        await pilot.press(k)
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_navigation_keys(size) -> None:
    app = app_for(tree())
    async with app.run_test(size=size) as pilot:
        app.comments.focus()
        await pilot.pause()
        c = app.comments
        ids = lambda: c.thread.ids[c.cursor]  # noqa: E731
        assert ids() == "a"
        await press(pilot, "j")
        assert ids() == "a1"
        await press(pilot, "down", "down")
        assert ids() == "a2"
        await press(pilot, "k")
        assert ids() == "a1x"
        await press(pilot, "up")
        assert ids() == "a1"
        await press(pilot, "J")
        assert ids() == "a2"
        await press(pilot, "K")
        assert ids() == "a1"
        await press(pilot, "p")
        assert ids() == "a"
        await press(pilot, "right_square_bracket")
        assert ids() == "b"
        await press(pilot, "right_square_bracket")
        assert ids() == "c"
        await press(pilot, "left_square_bracket")
        assert ids() == "b"
        await press(pilot, "j", "left_square_bracket")
        assert ids() == "b"  # from a reply, [ goes to its own top-level comment first
        await press(pilot, "u")
        assert ids() == "b"
        await press(pilot, "G")
        assert ids() == "c"
        await press(pilot, "g")
        assert ids() == "a"
        await press(pilot, "end")
        assert ids() == "c"
        await press(pilot, "home")
        assert ids() == "a"


async def test_collapse_expand_keys() -> None:
    app = app_for(tree())
    async with app.run_test(size=(160, 50)) as pilot:
        app.comments.focus()
        c = app.comments
        await press(pilot, "space")
        assert c.fold.collapsed[0]
        assert c.fold.visible == [0, 4, 5, 6]
        assert "[+3 replies]" in screen_text(app)
        await press(pilot, "enter")
        assert not c.fold.collapsed[0]
        await press(pilot, "h")
        assert c.fold.collapsed[0]
        await press(pilot, "l")
        assert not c.fold.collapsed[0]
        await press(pilot, "l")  # expanded already: l goes to the first reply
        assert c.cursor == 1
        await press(pilot, "h")  # a1 has a reply: collapse it
        assert c.fold.collapsed[1]
        await press(pilot, "h")  # already collapsed: go to parent
        assert c.cursor == 0
        await press(pilot, "E")
        assert c.fold.visible == list(range(7))
        await press(pilot, "C")
        assert c.fold.visible == [0, 4, 6]
        await press(pilot, "E", "j")
        await press(pilot, "c")  # collapse everything below depth 1
        assert c.fold.visible == [0, 1, 3, 4, 5, 6]
        await press(pilot, "left")
        assert c.cursor == 0


async def test_page_keys_and_long_comment_line_scrolling() -> None:
    long_body = "\n".join(f"line {n}" for n in range(60))
    t = make_thread(
        [
            {"id": "x", "body": "short"},
            {"id": "long", "body": long_body},
            *({"id": f"s{n}", "body": f"short {n}"} for n in range(40)),
        ]
    )
    app = app_for(t)
    async with app.run_test(size=(80, 24)) as pilot:
        app.comments.focus()
        c = app.comments
        await press(pilot, "j")
        assert c.thread.ids[c.cursor] == "long"
        seen = set()
        # j walks through the long comment a screen at a time before leaving it
        for _ in range(10):
            seen.update(line for line in screen_text(app).splitlines() if "line " in line)
            await press(pilot, "j")
            if c.thread.ids[c.cursor] != "long":
                break
        numbers = {int(s.split("line ")[1].split()[0]) for s in seen}
        assert numbers == set(range(60)), "j skipped rows of a long comment"
        assert c.thread.ids[c.cursor] == "s0"
        await press(pilot, "k")
        assert c.thread.ids[c.cursor] == "long"
        assert "line 59" in screen_text(app)  # k arrives at the bottom of a long comment
        y = c.scroll_y
        await press(pilot, "ctrl+y")
        assert c.scroll_y == y - 1
        await press(pilot, "ctrl+e")
        assert c.scroll_y == y
        await press(pilot, "g", "pagedown")
        assert c.scroll_y > 0
        first = c.cursor
        await press(pilot, "pageup")
        assert c.scroll_y == 0
        await press(pilot, "ctrl+d")
        assert c.scroll_y > 0
        await press(pilot, "ctrl+u")
        assert c.scroll_y == 0
        assert first != 0


async def test_tab_article_zoom_help_quit() -> None:
    app = app_for(sample("him-again.json"))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert app.focused is app.comments
        await press(pilot, "tab")
        assert app.focused is app.article
        await press(pilot, "tab")
        assert app.focused is app.comments
        await press(pilot, "a")
        assert app.focused is app.article
        await press(pilot, "z")
        assert app.zoomed and app.focused is app.article and not app.comments.display
        await press(pilot, "z")
        assert not app.zoomed and app.comments.display
        await press(pilot, "question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        await press(pilot, "escape")
        assert type(app.screen).__name__ != "HelpScreen"
        await press(pilot, "q")
    assert app.return_code in (0, None)


async def test_narrow_layout_toggles_panes() -> None:
    app = app_for(sample("him-again.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # starts on the article; the comment pane is one Tab away
        assert app.focused is app.article
        assert not app.comments.display or app.comments.has_class("-away")
        await press(pilot, "tab")
        assert app.focused is app.comments
        assert app.article.has_class("-away")
        await press(pilot, "tab")
        assert app.focused is app.article


async def test_article_keys_and_read_on() -> None:
    app = app_for(sample("him-again.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        a = app.article
        assert app.focused is a
        await press(pilot, "j")
        assert a.scroll_y == 1
        await press(pilot, "k")
        assert a.scroll_y == 0
        await press(pilot, "pagedown")
        assert a.scroll_y > 1
        await press(pilot, "G")
        assert a.scroll_y == a.max_scroll_y
        await press(pilot, "g")
        assert a.scroll_y == 0
        for _ in range(40):
            await press(pilot, "space")
            if app.focused is app.comments:
                break
        assert app.focused is app.comments


async def test_cycle_bidi_mode() -> None:
    app = app_for(sample("him-again.json"))
    async with app.run_test(size=(160, 50)) as pilot:
        assert app.options.bidi == "app"
        await press(pilot, "B")
        assert app.options.bidi == "terminal"
        assert app.comments.options.bidi == "terminal"
        await press(pilot, "B")
        assert app.options.bidi == "off"
        await press(pilot, "B")
        assert app.options.bidi == "app"


async def test_deep_chain_10000() -> None:
    app = app_for(chain(10_000))
    async with app.run_test(size=(80, 24)) as pilot:
        app.comments.focus()
        c = app.comments
        await press(pilot, "G")
        assert c.cursor == 10_000
        assert "bottom" in screen_text(app)
        await press(pilot, "p")
        assert c.cursor == 9_999
        await press(pilot, "g", "space")
        assert c.fold.visible == [0]
        await press(pilot, "space")
        assert len(c.fold.visible) == 10_001
        await press(pilot, "j", "j", "j")
        assert c.cursor == 3


async def test_markup_in_content_shows_as_typed() -> None:
    t = make_thread(
        [
            {
                "id": "m",
                "author": "[bold red]mallory[/]",
                "body": "[bold]not bold[/bold] [@click=app.quit]x[/] [link=http://e.vil]y[/]",
            }
        ]
    )
    app = app_for(t)
    async with app.run_test(size=(160, 30)) as pilot:
        app.comments.focus()
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]not bold[/bold]" in text
        assert "[@click=app.quit]x[/]" in text
        assert "[bold red]mallory[/]" in text
        await pilot.click(CommentView, offset=(10, 1))
        assert app.is_running


async def test_keymap_from_config_remaps() -> None:
    app = app_for(tree(), keymap={"next_comment": "x", "quit": "ctrl+q"})
    async with app.run_test(size=(160, 50)) as pilot:
        app.comments.focus()
        await press(pilot, "x")
        assert app.comments.cursor == 1
        await press(pilot, "q")
        assert app.is_running


async def test_command_palette_lists_reader_actions() -> None:
    app = app_for(tree())
    async with app.run_test(size=(160, 50)) as pilot:
        app.comments.focus()
        await press(pilot, "ctrl+p")
        await pilot.press(*"expand all")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        await pilot.pause(0.2)
        assert app.comments.fold.visible == list(range(7))


async def test_unverified_mark_and_rtl_flush_right() -> None:
    app = app_for(sample("him-again.json"))
    async with app.run_test(size=(160, 50)) as pilot:
        app.comments.focus()
        await pilot.pause()
        c = app.comments
        persian = next(i for i in range(len(c.thread)) if c.thread.author[i] == "Aghaye gol!")
        c.move_to(persian)
        await pilot.pause()
        rows = c.rows_of(persian)
        header = rows[0].text
        assert "(not verified)" in header
        body = [r for r in rows if r.kind == "body" and r.parts and r.parts[0].text.strip()]
        assert body and all(r.pad >= 0 for r in body)
        # RTL paragraphs end at the right edge of the column; guides stay left
        width = c._width - 1
        assert any(
            r.gutter_width + r.pad + sum(len(p.text) for p in r.parts) >= width - 2 for r in body
        )


async def test_huge_comment_is_cut_not_hung() -> None:
    body = "ب" * 2_000_000
    app = app_for(make_thread([{"id": "big", "body": body}, {"id": "next", "body": "after"}]))
    async with app.run_test(size=(80, 24)) as pilot:
        app.comments.focus()
        await press(pilot, "G")
        assert app.comments.thread.ids[app.comments.cursor] == "next"
        rows = app.comments.rows_of(0)
        assert "more characters not shown" in rows[-2].text
