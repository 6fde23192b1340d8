"""Addresses people copy from a browser, and the ones that are not threads."""

from __future__ import annotations

import pytest

from threadtui.fetch import UnknownAddress, looks_like_address, recognise

KNOWN = [
    ("https://news.ycombinator.com/item?id=38123456", "hn", "38123456", ""),
    ("news.ycombinator.com/item?id=38123456&p=2", "hn", "38123456", ""),
    ("https://www.reddit.com/r/farsi/comments/17xyz9/which_terminal/", "reddit", "17xyz9", ""),
    ("https://old.reddit.com/r/farsi/comments/17xyz9/which_terminal/", "reddit", "17xyz9", ""),
    ("https://new.reddit.com/r/farsi/comments/17xyz9/", "reddit", "17xyz9", ""),
    ("https://m.reddit.com/r/farsi/comments/17xyz9/x/?utm_source=share", "reddit", "17xyz9", ""),
    ("https://reddit.com/comments/17xyz9", "reddit", "17xyz9", ""),
    ("https://redd.it/17xyz9", "reddit", "17xyz9", ""),
    ("https://www.reddit.com/r/farsi/comments/17xyz9/which_terminal/k2b/", "reddit", "17xyz9", ""),
    ("https://www.reddit.com/r/farsi/comments/17xyz9/comment/k2b/", "reddit", "17xyz9", ""),
    ("https://lobste.rs/s/x7kq2m", "lobsters", "x7kq2m", ""),
    ("https://lobste.rs/s/x7kq2m/bidi_in_terminals", "lobsters", "x7kq2m", ""),
    ("https://forum.example.org/t/rtl-in-terminals/512", "discourse", "512", "https://forum.example.org"),
    ("https://forum.example.org/t/512", "discourse", "512", "https://forum.example.org"),
    ("https://forum.example.org/t/rtl-in-terminals/512/7", "discourse", "512", "https://forum.example.org"),
    ("https://example.org/community/t/topic/9", "discourse", "9", "https://example.org/community"),
    ("http://127.0.0.1:8080/t/x/3", "discourse", "3", "http://127.0.0.1:8080"),
    ("https://mastodon.social/@user/111500000000000002", "mastodon", "111500000000000002", "https://mastodon.social"),
    ("https://mastodon.social/@user@other.example/1115", "mastodon", "1115", "https://mastodon.social"),
    ("https://mastodon.social/users/user/statuses/1115", "mastodon", "1115", "https://mastodon.social"),
    ("https://lemmy.ml/post/4242", "lemmy", "4242", "https://lemmy.ml"),
    ("http://[::1]:8080/post/3", "lemmy", "3", "http://[::1]:8080"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "site", "ident", "base"), KNOWN)
def test_known_addresses(url: str, site: str, ident: str, base: str) -> None:
    a = recognise(url)
    assert (a.site, a.ident, a.base) == (site, ident, base)
    assert looks_like_address(url)


def test_a_comment_permalink_names_its_comment() -> None:
    assert recognise("https://www.reddit.com/r/x/comments/17xyz9/t/k2b/").comment == "k2b"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/",
        "https://news.ycombinator.com/news",
        "https://news.ycombinator.com/item?id=abc",
        "https://www.reddit.com/r/farsi/",
        "https://lobste.rs/t/rust",
        "https://example.com/t/slug/notanumber",
        "ftp://lobste.rs/s/x7kq2m",
        "file:///etc/passwd",
        "https://user:pw@lemmy.ml/post/1",
        "https://",
        "javascript:alert(1)",
    ],
)
def test_unknown_addresses_get_one_line_naming_the_sites(url: str) -> None:
    with pytest.raises(UnknownAddress) as e:
        recognise(url)
    text = str(e.value)
    assert "\n" not in text
    if "http" in url and "@" not in url and url != "https://" and "ftp" not in url:
        assert "Hacker News" in text and "Lemmy" in text


@pytest.mark.parametrize(
    ("url", "site", "lookup", "comment"),
    [
        ("https://www.reddit.com/r/farsi/s/AbCdEf123", "reddit", "/r/farsi/s/AbCdEf123", None),
        ("https://reddit.com/r/farsi/s/AbCdEf123/", "reddit", "/r/farsi/s/AbCdEf123", None),
        ("https://lemmy.ml/comment/98765", "lemmy", "98765", "98765"),
    ],
)
def test_addresses_whose_thread_the_site_names(
    url: str, site: str, lookup: str, comment: str | None
) -> None:
    a = recognise(url)
    assert (a.site, a.ident, a.lookup, a.comment) == (site, "", lookup, comment)
    assert not a.resolved
    assert a.key == f"{site}/{a.key.split('/', 1)[1]}" and ".." not in a.key


def test_a_discourse_post_number_names_its_comment() -> None:
    assert recognise("https://forum.example.org/t/rtl/512/7").comment == "7"
    assert recognise("https://forum.example.org/t/rtl/512/1").comment is None


@pytest.mark.parametrize("name", ["thread.json", "-", "./x", "dir/file.json", "C:\\x.json"])
def test_file_names_are_not_addresses(name: str) -> None:
    assert not looks_like_address(name)


def test_copies_of_one_thread_share_a_name() -> None:
    a = recognise("https://old.reddit.com/r/farsi/comments/17xyz9/x/")
    b = recognise("https://redd.it/17xyz9")
    assert a.key == b.key
    assert recognise("http://127.0.0.1:1/post/3").key != recognise("http://127.0.0.1:2/post/3").key
