"""Each site's fetcher against its replayed API: the whole thread, every page and stub,
asked for the way the API intends."""

from __future__ import annotations

import pytest

from tests.fetch import sites
from tests.fetch.helpers import fetch, real_ids, session
from tests.fetch.server import ReplayServer


@pytest.mark.parametrize("name", sorted(sites.SITES))
def test_the_whole_thread_arrives(server: ReplayServer, name: str) -> None:
    site = sites.SITES[name](server)
    thread = fetch(server, site.url)
    assert real_ids(thread) == site.ids
    assert not [w for w in thread.warnings if "orphan" in w or "parent" in w]
    assert sum(thread.more) + thread.more_top == 0 or name in ("hn", "mastodon", "lobsters")


def test_reddit_expands_every_stub(server: ReplayServer) -> None:
    site = sites.Reddit(server)
    s = session(server, site.url)
    first = s.first_part()
    assert len(first) < len(site.ids) / 2, "the first page hides most comments"
    thread = s.fetch_all()
    assert set(thread.ids) == site.ids
    assert s.left_out == 0
    assert sum(thread.more) + thread.more_top == 0
    asked = server.paths()
    assert any(p.endswith("/api/morechildren.json") for p in asked)
    assert any("/_/" in p for p in asked), "continue-this-thread stubs are followed"
    # Nesting is Reddit's: every comment under the parent the site gives it.
    for k, cid in enumerate(thread.ids):
        want = site.data[cid]["parent_id"]
        got = f"t1_{thread.ids[thread.parent[k]]}" if thread.parent[k] >= 0 else f"t3_{site.link}"
        assert got == want, cid


def test_reddit_stubs_are_bounded_and_the_rest_counted(
    server: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from threadtui.fetch import reddit

    monkeypatch.setattr(reddit, "MAX_STUB_REQUESTS", 3)
    site = sites.Reddit(server)
    s = session(server, site.url)
    thread = s.fetch_all()
    assert len(thread) < len(site.ids)
    assert s.left_out > 0
    assert sum(thread.more) + thread.more_top >= s.left_out
    assert sum(p.endswith("morechildren.json") or "/_/" in p for p in server.paths()) == 3


def test_discourse_120_posts_in_chunks(server: ReplayServer) -> None:
    site = sites.Discourse(server, posts=120)
    s = session(server, site.url)
    assert len(s.first_part()) == 19  # 20 posts, the first is the article
    thread = s.fetch_all()
    assert set(thread.ids) == site.ids
    assert server.paths().count(f"/t/{site.tid}/posts.json") == 5  # 100 posts, 20 a time


def test_discourse_under_a_path_prefix(server: ReplayServer) -> None:
    site = sites.Discourse(server, posts=30, prefix="/forum")
    assert set(fetch(server, site.url).ids) == site.ids


def test_lemmy_three_pages(server: ReplayServer) -> None:
    site = sites.Lemmy(server, count=120)
    thread = fetch(server, site.url)
    assert set(thread.ids) == site.ids
    pages = [q.get("page") for p, q, _ in server.log if p == "/api/v3/comment/list"]
    assert pages == [["1"], ["2"], ["3"]]


def test_lemmy_exactly_full_pages_end_on_an_empty_one(server: ReplayServer) -> None:
    site = sites.Lemmy(server, count=100)
    assert set(fetch(server, site.url).ids) == site.ids


def test_hn_falls_back_to_firebase(server: ReplayServer) -> None:
    site = sites.HackerNews(server, algolia=False)
    thread = fetch(server, site.url)
    assert set(thread.ids) == site.ids
    assert server.paths()[0] == f"/algolia/items/{site.story}"


def test_hn_algolia_is_one_request(server: ReplayServer) -> None:
    site = sites.HackerNews(server)
    fetch(server, site.url)
    assert server.paths() == [f"/algolia/items/{site.story}"]


def test_requests_carry_a_clear_user_agent_and_nothing_else(server: ReplayServer) -> None:
    site = sites.Lobsters(server)
    fetch(server, site.url)
    ((_, _, headers),) = server.log
    assert headers["User-Agent"].startswith("threadtui/")
    assert "gzip" in headers["Accept-Encoding"]
    assert not {"Cookie", "Authorization"} & set(headers)


@pytest.mark.parametrize(
    ("name", "wrong"),
    [("discourse", "/t/512.json"), ("mastodon", "/api/v1/statuses/7"), ("lemmy", "/api/v3/post")],
)
def test_an_instance_site_is_confirmed_by_its_answer(
    server: ReplayServer, name: str, wrong: str
) -> None:
    from threadtui.fetch import FetchError

    server.route(wrong, {"hello": "this is some other software"})
    url = {
        "discourse": f"{server.base}/t/some-topic/512",
        "mastodon": f"{server.base}/@someone/7",
        "lemmy": f"{server.base}/post/4242",
    }[name]
    with pytest.raises(FetchError, match="does not answer as"):
        fetch(server, url)
