"""Which thread an address names: the links people copy from a browser, recognised by
their shape.

Hacker News, Reddit and Lobsters live on fixed hosts and are told apart by the host.
Discourse, Mastodon and Lemmy run on any host, so an address of theirs is recognised by its
path alone (`/t/slug/123`, `/@user/123`, `/post/123`) and confirmed later by the answer of
the API: a host that does not answer as that software does gets one line saying so.
Nothing here touches the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from threadtui.fetch.errors import FetchError

#: The sites, in the order the "unknown address" line names them.
SITES: dict[str, str] = {
    "hn": "Hacker News (news.ycombinator.com/item?id=N)",
    "reddit": "Reddit (…/comments/ID, redd.it/ID)",
    "lobsters": "Lobsters (lobste.rs/s/ID)",
    "discourse": "Discourse (…/t/slug/ID)",
    "mastodon": "Mastodon (…/@user/ID)",
    "lemmy": "Lemmy (…/post/ID, …/comment/ID)",
}

_HN_HOSTS = frozenset(("news.ycombinator.com", "ycombinator.com", "hn.algolia.com"))
_REDDIT_HOSTS = frozenset(
    (
        "reddit.com",
        "www.reddit.com",
        "old.reddit.com",
        "new.reddit.com",
        "np.reddit.com",
        "m.reddit.com",
        "i.reddit.com",
        "amp.reddit.com",
        "sh.reddit.com",
    )
)
_LOBSTERS_HOSTS = frozenset(("lobste.rs", "www.lobste.rs"))

_REDDIT_ID = r"[0-9a-z]{1,13}"
# /r/SUB/comments/ID[/slug[/COMMENT]] or /r/SUB/comments/ID/comment/COMMENT (new Reddit),
# /comments/ID[...], /user/NAME/comments/ID[...]
_REDDIT_PATH = re.compile(
    rf"^(?:/(?:r|u|user)/[^/]+)?/comments/(?P<id>{_REDDIT_ID})"
    rf"(?:/comment/(?P<c1>{_REDDIT_ID})|/[^/]*(?:/(?P<c2>{_REDDIT_ID}))?)?/?$"
)
_REDDIT_SHARE = re.compile(r"^/r/[A-Za-z0-9_]{1,64}/s/[A-Za-z0-9]{1,32}/?$")
_LOBSTERS_PATH = re.compile(r"^/s/(?P<id>[0-9a-z]{1,12})(?:/[^/]*)?/?$")
# Discourse may live under a path prefix (`/forum/t/slug/123`); the slug may be missing.
_DISCOURSE_PATH = re.compile(
    r"^(?P<prefix>(?:/[^/]+)*?)/t/(?:(?P<slug>[^/]+)/)?(?P<id>\d{1,12})(?:/(?P<post>\d{1,9}))?/?$"
)
_MASTODON_PATH = re.compile(
    r"^(?:/@(?P<user>[^/@]+(?:@[^/]+)?)|/users/(?P<user2>[^/]+)/statuses)/(?P<id>\d{1,24})/?$"
)
_PLEROMA_PATH = re.compile(r"^/notice/(?P<id>[A-Za-z0-9]{1,32})/?$")
_LEMMY_PATH = re.compile(r"^/(?P<kind>post|comment)/(?P<id>\d{1,12})/?$")


@dataclass(frozen=True, slots=True)
class Address:
    """A thread's address: which site, which thread, and where its API is.

    ``base`` is the instance's root (``scheme://host[:port][/prefix]``) for the sites on any
    host; empty for the fixed-host sites, whose API base is a setting. ``url`` is the
    address as a reader would open it in a browser; ``comment`` the comment a permalink
    pointed at, if any.

    ``ident`` is empty when the address does not say which thread it is, only where to
    ask: a Lemmy comment (``/comment/ID``: the API names its post) or a Reddit share link
    (``/r/SUB/s/CODE``: a redirect names the post). ``lookup`` is then what to ask (the
    comment's id, the share link's path); the site's fetcher resolves it first."""

    site: str
    ident: str
    url: str
    base: str = ""
    comment: str | None = None
    lookup: str = ""

    @property
    def resolved(self) -> bool:
        return bool(self.ident)

    @property
    def key(self) -> str:
        """The name of the offline copy: the site, the instance and the thread."""
        host = urlsplit(self.base).netloc if self.base else ""
        ident = self.ident or "lookup-" + self.lookup.strip("/").replace("/", "_")
        return f"{self.site}/{host}/{ident}" if host else f"{self.site}/{ident}"

    @property
    def label(self) -> str:
        return SITES[self.site].split(" (", 1)[0]


class UnknownAddress(FetchError):
    """The address names no thread of a site threadtui can fetch."""


def looks_like_address(text: str) -> bool:
    """``text`` is meant as a web address rather than a file name."""
    t = text.strip().lower()
    return t.startswith(("http://", "https://")) or bool(
        re.match(r"^(www\.|old\.|new\.|m\.)?(reddit\.com|redd\.it|lobste\.rs)/", t)
        or re.match(r"^news\.ycombinator\.com/", t)
    )


def known_sites() -> str:
    return ", ".join(SITES.values())


def recognise(text: str) -> Address:
    """The thread ``text`` names; `UnknownAddress` (one line) when it names none."""
    raw = text.strip()
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", raw):
        raw = "https://" + raw
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnknownAddress(f"{_shown(text)}: only http and https addresses can be fetched")
    try:
        host = (parts.hostname or "").rstrip(".").lower()
        port = parts.port
    except ValueError:
        host, port = "", None
    if not host or parts.username is not None or parts.password is not None:
        raise UnknownAddress(f"{_shown(text)}: not a web address of a thread")
    found = _fixed_host(host, parts.path, parts.query) or _any_host(scheme, host, port, parts.path)
    if found is None:
        raise UnknownAddress(
            f"{_shown(text)}: not the address of a thread threadtui can fetch; it knows"
            f" {known_sites()}"
        )
    return found


def _shown(text: str) -> str:
    t = text.strip()
    return t if len(t) <= 120 else t[:119] + "…"


def _fixed_host(host: str, path: str, query: str) -> Address | None:
    if host in _HN_HOSTS:
        return _hn(host, path, query)
    if is_reddit_host(host):
        return _reddit(path)
    if host == "redd.it":
        m = re.match(rf"^/({_REDDIT_ID})/?$", path)
        return _reddit_address(m.group(1), None) if m else None
    if host in _LOBSTERS_HOSTS:
        m = _LOBSTERS_PATH.match(path)
        return Address("lobsters", m["id"], f"https://lobste.rs/s/{m['id']}") if m else None
    return None


def _hn(host: str, path: str, query: str) -> Address | None:
    ident: str | None = None
    if path.rstrip("/") == "/item" and host != "hn.algolia.com":
        ids = parse_qs(query).get("id", [])
        ident = ids[0] if ids and ids[0].isdigit() else None
    elif host == "hn.algolia.com":
        m = re.match(r"^/api/v1/items/(\d+)/?$", path)
        ident = m.group(1) if m else None
    if ident is None or len(ident) > 12:
        return None
    ident = str(int(ident))
    return Address("hn", ident, f"https://news.ycombinator.com/item?id={ident}")


def is_reddit_host(host: str) -> bool:
    return host in _REDDIT_HOSTS or host.endswith(".reddit.com")


def reddit_path(path: str) -> Address | None:
    """The Reddit thread (or share link) a path on a Reddit host names."""
    return _reddit(path)


def _reddit(path: str) -> Address | None:
    path = re.sub(r"\.json$", "", path)
    m = _REDDIT_PATH.match(path)
    if m is None:
        m = _REDDIT_SHARE.match(path)
        if m is None:
            return None
        # Where it leads is only known from Reddit's redirect: the fetcher asks.
        url = "https://www.reddit.com" + path.rstrip("/")
        return Address("reddit", "", url, lookup=path.rstrip("/"))
    return _reddit_address(m["id"], m["c1"] or m["c2"])


def _reddit_address(ident: str, comment: str | None) -> Address:
    return Address(
        "reddit", ident, f"https://www.reddit.com/comments/{ident}/", comment=comment or None
    )


def _any_host(scheme: str, host: str, port: int | None, path: str) -> Address | None:
    netloc = host if port is None else f"{host}:{port}"
    if ":" in host:  # an IPv6 literal
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"
    root = f"{scheme}://{netloc}"
    m = _DISCOURSE_PATH.match(path)
    if m:
        return _discourse(root, m)
    m = _MASTODON_PATH.match(path) or _PLEROMA_PATH.match(path)
    if m:
        return Address("mastodon", m["id"], root + path.rstrip("/"), base=root)
    m = _LEMMY_PATH.match(path)
    return _lemmy(root, m) if m else None


def _discourse(root: str, m: re.Match[str]) -> Address:
    base = root + m["prefix"]
    slug = m["slug"]
    url = f"{base}/t/{slug}/{m['id']}" if slug else f"{base}/t/{m['id']}"
    # /t/slug/ID/N: post N (the importer's comment ids are post numbers; 1 is the article
    # itself).
    post = int(m["post"]) if m["post"] else 1
    return Address("discourse", m["id"], url, base=base, comment=str(post) if post > 1 else None)


def _lemmy(root: str, m: re.Match[str]) -> Address:
    if m["kind"] == "comment":
        # The comment's post is named by the API only: the fetcher asks it first.
        url = f"{root}/comment/{m['id']}"
        return Address("lemmy", "", url, base=root, comment=m["id"], lookup=m["id"])
    return Address("lemmy", m["id"], f"{root}/post/{m['id']}", base=root)
