"""Addresses that name their thread only through the site: a Lemmy comment (its post is
the API's answer), a Reddit share link (its post is in Reddit's redirect), a Hacker News
comment (its story is in Algolia's answer). Each opens the whole thread, at the comment,
and leaves an alias so that the same address finds the copy offline."""

from __future__ import annotations

import pytest

from tests.fetch import sites
from tests.fetch.helpers import apis, session
from tests.fetch.server import ReplayServer, Reply
from threadtui.fetch import FetchError, FetchSession, Limits, copy_path, recognise


def test_a_lemmy_comment_opens_its_post_at_the_comment(server: ReplayServer) -> None:
    site = sites.Lemmy(server, count=120)
    url = site.comment_url(110)
    cid = str(site.comments[110]["comment"]["id"])
    s = session(server, url)
    thread = s.fetch_all()
    assert set(thread.ids) == site.ids
    assert (s.address.ident, s.comment) == (str(site.pid), cid)
    assert server.paths()[0] == "/api/v3/comment"
    assert copy_path(s.address).is_file()
    assert copy_path(s.address) == copy_path(recognise(site.url)), "one copy for the post"


def test_offline_a_comment_address_finds_its_post_copy(server: ReplayServer) -> None:
    site = sites.Lemmy(server, count=60)
    url = site.comment_url(5)
    session(server, url).fetch_all()
    server.stop()
    again = FetchSession(recognise(url), apis(server), Limits(timeout=2))
    copy = again.previous_copy()
    assert copy is not None
    assert set(copy.thread.ids) == site.ids
    assert again.comment == str(site.comments[5]["comment"]["id"])
    assert again.address.ident == str(site.pid)


@pytest.mark.parametrize(
    "answer",
    [{"comment_view": {"comment": {"post_id": "4242"}}}, {"error": "x"}, [1, 2], None],
)
def test_a_comment_answer_without_a_post_is_one_line(server: ReplayServer, answer: object) -> None:
    server.route("/api/v3/comment", Reply(answer if answer is not None else b"null"))
    with pytest.raises(FetchError, match="does not answer as a Lemmy instance does"):
        session(server, f"{server.base}/comment/7").fetch_all()


def test_a_reddit_share_link_leads_to_its_post(server: ReplayServer) -> None:
    site = sites.Reddit(server)
    s = session(server, site.share())
    thread = s.fetch_all()
    assert set(thread.ids) == site.ids
    assert s.address.ident == site.link
    paths = server.paths()
    assert paths[0] == "/reddit/r/farsi/s/AbC12xYz"
    assert paths[1] == f"/reddit/comments/{site.link}.json", "nothing asked where it pointed"
    assert copy_path(s.address) == copy_path(recognise(site.url))


def test_a_shared_comment_opens_at_the_comment(server: ReplayServer) -> None:
    site = sites.Reddit(server)
    s = session(server, site.share(comment="c5"))
    s.fetch_all()
    assert s.comment == "c5"


@pytest.mark.parametrize(
    ("location", "words"),
    [
        ("https://evil.example/r/farsi/comments/abc/x/", "leads to evil.example, not to Reddit"),
        ("https://www.reddit.com/login/", "did not lead to a thread"),
        ("file:///etc/passwd", "only http and https"),
        ("/reddit/r/farsi/s/AbC12xYz", "did not lead to a thread"),  # a loop
    ],
)
def test_a_share_link_going_elsewhere_is_one_line(
    server: ReplayServer, location: str, words: str
) -> None:
    site = sites.Reddit(server)
    url = site.share()
    server.route(
        "/reddit/r/farsi/s/AbC12xYz", Reply(b"", status=302, headers={"Location": location})
    )
    with pytest.raises(FetchError) as e:
        session(server, url).fetch_all()
    assert words in str(e.value)
    assert "\n" not in str(e.value)
    assert len(server.log) <= 5, "a redirect loop is bounded"
    assert not any(p.endswith(".json") for p in server.paths())


def test_a_share_link_answered_with_a_page_is_one_line(server: ReplayServer) -> None:
    server.route(
        "/reddit/r/farsi/s/AbC", Reply(b"<html>" * 100, headers={"Content-Type": "text/html"})
    )
    with pytest.raises(FetchError, match="did not lead to a thread"):
        session(server, "https://www.reddit.com/r/farsi/s/AbC").fetch_all()


def test_a_hacker_news_comment_opens_its_story(server: ReplayServer) -> None:
    site = sites.HackerNews(server)
    url, cid = site.comment_url()
    s = session(server, url)
    thread = s.fetch_all()
    assert set(thread.ids) == site.ids
    assert (s.address.ident, s.comment) == (site.story, cid)
    assert server.paths() == [f"/algolia/items/{cid}", f"/algolia/items/{site.story}"]


def test_a_hacker_news_comment_through_firebase_climbs_to_its_story(server: ReplayServer) -> None:
    site = sites.HackerNews(server, algolia=False)
    leaf = next(i for i in site.items if i["type"] == "comment" and not i.get("kids"))
    s = session(server, f"https://news.ycombinator.com/item?id={leaf['id']}")
    thread = s.fetch_all()
    assert set(thread.ids) == site.ids
    assert (s.address.ident, s.comment) == (site.story, str(leaf["id"]))
