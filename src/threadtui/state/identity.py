"""Which thread a file holds, independent of where the file is or how it was saved.

The reading memory is keyed by the thread, not the file: moving a file, renaming it,
gzipping it or converting a site's export to threadtui/1 must find the same memory, and
a new export of the same discussion with more comments must find it too (that is how
"new since last visit" works).

* A thread with its own address (every site export has one: the HN item, the Reddit
  permalink, the Discourse topic...) is keyed by that URL, normalised: scheme and host in
  lower case, no fragment, no trailing slash, no default port.
* Otherwise (a hand-made threadtui/1 file, mail without an archive link) by a fingerprint
  of what a new export keeps: the title, the article, and the first comment (id, author
  and text). Comments added later, replies anywhere and reordered keys do not change it.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from threadtui.model.thread import Thread

URL_PREFIX = "url:"
FINGERPRINT_PREFIX = "fp:"
_DEFAULT_PORTS = {"http": 80, "https": 443}
_FIELD_CAP = 1 << 16  # enough of a long article to tell threads apart, cheap to hash


def normalise_url(url: str) -> str | None:
    """The URL as a key, or None when it is not an absolute address."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not scheme or not host:
        return None
    netloc = host
    if port is not None and _DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{host}:{port}"
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def _fingerprint(thread: Thread) -> str:
    h = hashlib.sha256()

    def add(value: object) -> None:
        text = "" if value is None else str(value)
        data = text[:_FIELD_CAP].encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)

    add(thread.title)
    art = thread.article
    if art is not None:
        for value in (art.title, art.subtitle, art.author, art.published_text, art.url, art.body):
            add(value)
    else:
        add(None)
    if len(thread):
        add(thread.ids[0])
        add(thread.author[0])
        add(thread.body[0])
    return FINGERPRINT_PREFIX + h.hexdigest()[:32]


def thread_key(thread: Thread) -> str:
    """The key of ``thread``'s reading memory."""
    # Only the thread's own address: the article's is shared by every site discussing it.
    if thread.url:
        norm = normalise_url(thread.url)
        if norm is not None:
            return URL_PREFIX + norm
    return _fingerprint(thread)
