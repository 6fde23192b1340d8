"""The palette's "Change the theme": the theme changes at once and is saved to the config
file (threadtui.config.save_setting), with one notice saying where or why not."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from threadtui.config import load_config
from threadtui.model import Thread
from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.theme import ThemeStore

MINE = '# my settings\nbidi = "app"   # always\n\n[keys]\nquit = "q,ctrl+q"\n'


def notices(app: ReaderApp) -> list[tuple[str, str]]:
    return app.notices.shown()  # logical text: toasts are wrapped to their width


async def choose_theme(pilot: Pilot[object], name: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause(0.2)
    await pilot.press(*"change the theme")
    await pilot.pause(0.4)
    await pilot.press("enter")
    await pilot.pause(0.4)
    await pilot.press(*name)
    await pilot.pause(0.4)
    await pilot.press("enter")
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.2)


async def test_the_chosen_theme_is_saved_keeping_the_users_comments(
    him_again: Thread, tmp_path: Path
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(MINE, "utf-8")
    app = ReaderApp(him_again, LayoutOptions(), theme_store=ThemeStore(cfg))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose_theme(pilot, "textual-light")
        assert app.theme == "textual-light"
        assert cfg.read_text("utf-8") == (
            '# my settings\nbidi = "app"   # always\ntheme = "textual-light"\n\n'
            '[keys]\nquit = "q,ctrl+q"\n'
        )
        assert (f"Theme textual-light saved to {cfg}", "information") in notices(app)
    # The next start reads it.
    assert load_config(cfg).values["theme"] == "textual-light"


async def test_the_notice_names_what_still_wins_over_the_file(
    him_again: Thread, tmp_path: Path
) -> None:
    cfg = tmp_path / "config.toml"
    app = ReaderApp(
        him_again, LayoutOptions(), theme_store=ThemeStore(cfg, override="THREADTUI_THEME")
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose_theme(pilot, "nord")
        assert app.theme == "nord"
        assert cfg.read_text("utf-8") == 'theme = "nord"\n'
        said = [m for m, _ in notices(app) if m.startswith("Theme nord saved")]
        assert said == [f"Theme nord saved to {cfg} (THREADTUI_THEME takes precedence)"]


async def test_a_config_that_does_not_parse_is_not_touched(
    him_again: Thread, tmp_path: Path
) -> None:
    cfg = tmp_path / "config.toml"
    broken = b'theme = "nord\n# half-edited in another window\n'
    cfg.write_bytes(broken)
    app = ReaderApp(him_again, LayoutOptions(), theme_store=ThemeStore(cfg))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose_theme(pilot, "nord")
        # The theme is on screen all the same; the file is as it was; one notice says so.
        assert app.theme == "nord"
        assert cfg.read_bytes() == broken
        failed = [(m, s) for m, s in notices(app) if m.startswith("Theme not saved")]
        assert len(failed) == 1, notices(app)
        message, severity = failed[0]
        assert severity == "warning"
        assert str(cfg) in message and "not a valid TOML config" in message
        assert "left as it is" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]
