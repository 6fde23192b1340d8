"""Offline copies and refreshes."""

from __future__ import annotations

import os

import pytest

from tests.fetch import sites
from tests.fetch.helpers import session
from tests.fetch.server import ReplayServer, Reply
from threadtui.fetch import FetchError, copy_path
from threadtui.fetch.cache import age, fetched_at
from threadtui.importers import load_any
from threadtui.model import Thread


def test_a_fetch_leaves_a_threadtui_copy(server: ReplayServer) -> None:
    site = sites.Lemmy(server, count=60)
    s = session(server, site.url)
    thread = s.fetch_all()
    path = copy_path(s.address)
    assert path.is_file()
    again = load_any(path, fmt="threadtui")
    assert again.ids == thread.ids
    assert fetched_at(again) is not None
    assert not [n for n in os.listdir(path.parent) if n.endswith(".tmp")]


@pytest.mark.parametrize("name", ["reddit", "discourse", "lemmy", "mastodon"])
def test_refresh_marks_exactly_what_arrived(server: ReplayServer, name: str) -> None:
    site = sites.SITES[name](server)
    s = session(server, site.url)
    old = s.fetch_all()
    for n in range(3):
        if name == "reddit":
            site.add_comment(sorted(site.ids)[n], f"new reply {n}")
        elif name == "discourse":
            site.add_post()
        elif name == "lemmy":
            site.add_comment()
        else:
            site.add_reply(n)
    got = s.refresh(old)
    assert len(got.arrived) == 3
    assert set(got.thread.ids) == set(old.ids) | set(got.arrived)
    assert set(load_any(copy_path(s.address), fmt="threadtui").ids) == set(got.thread.ids)


def test_a_comment_gone_from_the_site_stays_in_the_copy(server: ReplayServer) -> None:
    site = sites.Lemmy(server, count=10)
    s = session(server, site.url)
    old = s.fetch_all()
    gone = site.comments.pop()
    got = s.refresh(old)
    assert str(gone["comment"]["id"]) in got.thread.ids
    assert got.arrived == []


def test_a_failed_refresh_leaves_the_copy_as_it_was(server: ReplayServer) -> None:
    site = sites.Lemmy(server, count=60)
    s = session(server, site.url)
    old = s.fetch_all()
    before = copy_path(s.address).read_bytes()
    server.route("/api/v3/comment/list", Reply(b"<html>", headers={"Content-Type": "text/html"}))
    with pytest.raises(FetchError):
        s.refresh(old)
    assert copy_path(s.address).read_bytes() == before


def test_cancel_returns_at_once(server: ReplayServer) -> None:
    import threading
    import time

    site = sites.Lemmy(server, count=60)
    server.route("/api/v3/comment/list", Reply({"comments": []}, delay=5))
    s = session(server, site.url, timeout=30)
    threading.Timer(0.3, s.cancel).start()
    t0 = time.monotonic()
    with pytest.raises(FetchError):
        s.refresh(Thread("x"))
    assert time.monotonic() - t0 < 2


def test_age_in_words() -> None:
    assert age(3) == "just now"
    assert age(90) == "1 minute ago"
    assert age(3 * 3600 + 5) == "3 hours ago"
    assert age(2 * 86400) == "2 days ago"
