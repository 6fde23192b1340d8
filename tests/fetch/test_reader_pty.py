"""End to end in a real pseudo-terminal: an address opens the reader with exactly the
comments the replayed API holds; offline, the copy opens with a notice; `r` brings the
comments that arrived since."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.helpers import quit_and_check, start_reader, wait_painted
from tests.fetch import sites
from tests.fetch.server import ReplayServer
from threadtui.fetch import copy_path, recognise
from threadtui.importers import load_any

pytestmark = pytest.mark.pty


def _env(site: object, tmp: Path) -> dict[str, str]:
    return {**site.env(), "THREADTUI_CACHE_DIR": str(tmp / "cache")}  # type: ignore[attr-defined]


def _count(n: int) -> str:
    return f" {n:,} comment{'s' if n != 1 else ''} "


@pytest.mark.parametrize("name", sorted(sites.SITES))
def test_an_address_opens_the_whole_thread(
    server: ReplayServer, tmp_path: Path, home: Path, name: str
) -> None:
    site = sites.SITES[name](server)
    app = start_reader(home, ["open", site.url], cols=120, rows=30, extra_env=_env(site, tmp_path))
    try:
        wait_painted(app, _count(len(site.ids)))
        copy = copy_path(recognise(site.url))
        assert app.wait_until(lambda: copy.exists(), 20), "the copy is written once all is in"
        held = load_any(copy, fmt="threadtui")
        assert {
            i for k, i in enumerate(held.ids) if not held.body[k].startswith("[the status")
        } == site.ids
        quit_and_check(app)
    finally:
        app.close()


def test_offline_the_copy_opens_with_a_notice(
    server: ReplayServer, tmp_path: Path, home: Path
) -> None:
    site = sites.Discourse(server, posts=60)
    env = _env(site, tmp_path)
    app = start_reader(home, ["open", site.url], cols=120, rows=30, extra_env=env)
    try:
        wait_painted(app, _count(len(site.ids)))
        assert app.wait_until(lambda: copy_path(recognise(site.url)).exists(), 20)
        quit_and_check(app)
    finally:
        app.close()
    server.stop()
    app = start_reader(home, ["open", site.url], cols=120, rows=30, extra_env=env)
    try:
        wait_painted(app, "Offline copy from")
        wait_painted(app, _count(len(site.ids)))
        quit_and_check(app)
    finally:
        app.close()


def test_r_brings_what_arrived(server: ReplayServer, tmp_path: Path, home: Path) -> None:
    site = sites.Reddit(server)
    app = start_reader(home, ["open", site.url], cols=120, rows=30, extra_env=_env(site, tmp_path))
    try:
        n = len(site.ids)
        wait_painted(app, _count(n))
        assert app.wait_until(lambda: copy_path(recognise(site.url)).exists(), 20)
        for k in range(3):
            site.add_comment("c1", f"arrived later number {k}")
        app.send("r")
        wait_painted(app, "3 new comments")
        wait_painted(app, _count(n + 3))
        wait_painted(app, "arrived later number 0")
        # Marked new (the reading memory's "N" before the author, the header's count),
        # exactly the three that arrived.
        assert app.wait_for(r"· 3 new · ", 10), app.dump()
        lines = app.lines()
        marked = [k for k, line in enumerate(lines) if "▕▌│ N" in line or "▕ │ N" in line]
        assert len(marked) == 3, app.dump()
        for k, y in enumerate(marked):
            assert f"arrived later number {k}" in lines[y + 1], app.dump()
        quit_and_check(app)
    finally:
        app.close()


def test_a_comment_address_opens_at_the_comment(
    server: ReplayServer, tmp_path: Path, home: Path
) -> None:
    """A Lemmy comment's address opens its post, the cursor on the comment, which comes
    with the last of three pages (after the first screen)."""
    site = sites.Lemmy(server, count=120)
    url = site.comment_url(110)
    cid = str(site.comments[110]["comment"]["id"])
    app = start_reader(home, ["open", url], cols=120, rows=30, extra_env=_env(site, tmp_path))
    try:
        wait_painted(app, _count(120))
        copy = copy_path(recognise(site.url))
        assert app.wait_until(lambda: copy.exists(), 20)
        i = load_any(copy, fmt="threadtui").index_of(cid)
        assert i is not None and i > 0
        wait_painted(app, f"comment {i + 1} of 120 ")
        wait_painted(app, "comment 110$|comment 110 ")
        quit_and_check(app)
    finally:
        app.close()
