"""One thread being fetched: the first part (shown at once), the rest (in the
background, with a progress line), the offline copy, and refreshes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from threadtui.fetch import cache
from threadtui.fetch.address import Address
from threadtui.fetch.client import Client, Limits
from threadtui.fetch.errors import FetchCancelled, FetchError, HttpStatusError
from threadtui.fetch.merge import merge
from threadtui.fetch.site import SiteFetcher
from threadtui.model.thread import Thread

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Apis:
    """The API bases of the fixed-host sites (settings: mirrors, and the tests' loopback
    server)."""

    hn: str = "https://hn.algolia.com/api/v1"
    hn_firebase: str = "https://hacker-news.firebaseio.com/v0"
    reddit: str = "https://www.reddit.com"
    lobsters: str = "https://lobste.rs"


def make_fetcher(address: Address, client: Client, apis: Apis) -> SiteFetcher:
    from threadtui.fetch import discourse, hn, lemmy, lobsters, mastodon, reddit

    if address.site == "hn":
        return hn.HackerNews(address, client, apis.hn, apis.hn_firebase)
    if address.site == "reddit":
        return reddit.Reddit(address, client, apis.reddit)
    if address.site == "lobsters":
        return lobsters.Lobsters(address, client, apis.lobsters)
    if address.site == "discourse":
        return discourse.Discourse(address, client)
    if address.site == "mastodon":
        return mastodon.Mastodon(address, client)
    return lemmy.Lemmy(address, client)


@dataclass(frozen=True, slots=True)
class Refreshed:
    thread: Thread
    arrived: list[str]


class FetchSession:
    """Fetches ``address``; `first_part` blocks (run it where Ctrl-C works), `rest` and
    `refresh` can be stopped at any moment (`cancel`, or ``should_stop``) and then return
    within a twentieth of a second, leaving the network work to die with the process."""

    def __init__(self, address: Address, apis: Apis, limits: Limits | None = None) -> None:
        self.address = address
        self.apis = apis
        self.limits = limits or Limits()
        self._cancel = threading.Event()
        self._fetcher: SiteFetcher | None = None
        self._client: Client | None = None
        self._requests_before = 0
        #: The previous offline copy, when there is one (read once, lazily).
        self._copy: cache.Copy | bool | None = False
        self.left_out = 0
        self.arrived: list[str] = []

    # ------------------------------------------------------------------ progress

    def progress(self) -> str:
        """ "12 requests, 340 comments so far": safe to call from any thread."""
        c, f = self._client, self._fetcher
        n = (c.requests if c is not None else 0) + self._requests_before
        comments = f.comments() if f is not None else 0
        return (
            f"{self.address.label}: {n} request{'s' if n != 1 else ''},"
            f" {comments:,} comment{'s' if comments != 1 else ''} so far"
        )

    @property
    def stopped(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()
        if self._client is not None:
            self._client.stop.set()

    # ------------------------------------------------------------------ fetching

    @property
    def comment(self) -> str | None:
        """The comment the address points at (a permalink), for the reader's cursor."""
        return self.address.comment

    def previous_copy(self) -> cache.Copy | None:
        if self._copy is False:
            self._copy = cache.load(self.address)
            if self._copy is not None and self._copy.address is not None:
                self.address = self._copy.address  # through an alias: the thread's own
        return self._copy if isinstance(self._copy, cache.Copy) else None

    def first_part(self) -> Thread:
        """Fetch until the thread can be shown; raises `FetchError` (one line)."""
        if self._client is not None:
            self._requests_before += self._client.requests
            self._client.close()
        self._client = Client(self.limits)
        if self._cancel.is_set():
            self._client.stop.set()
        self._fetcher = make_fetcher(self.address, self._client, self.apis)
        try:
            self._fetcher.first()
        except HttpStatusError as e:
            raise self._explain(e) from None
        self._adopt(self._fetcher.address)
        return self._thread()

    def _adopt(self, found: Address) -> None:
        """The fetcher learnt the thread's own address (the post of a comment address, the
        story of a Hacker News comment, where a share link leads): the copy is the
        thread's, and an alias leads the address asked for to it."""
        if found == self.address:
            return
        if found.key != self.address.key:
            cache.save_alias(self.address, found)
            self._copy = False  # read again when needed: the thread's own copy
        self.address = found

    def rest(self, should_stop: Callable[[], bool] | None = None) -> Thread:
        """Fetch the rest, save the offline copy and return the whole thread."""
        return self._interruptibly(self._complete, should_stop)

    def fetch_all(self, on_step: Callable[[], None] | None = None) -> Thread:
        """`first_part` and `rest` in one, in this thread (for `threadtui fetch`)."""
        self.first_part()
        if on_step is not None:
            on_step()
        return self._complete(on_step)

    def refresh(self, current: Thread, should_stop: Callable[[], bool] | None = None) -> Refreshed:
        """Fetch the thread again and merge it into ``current``: ``arrived`` holds the ids
        of the comments ``current`` did not have."""

        def work() -> Refreshed:
            self.first_part()
            fresh = self._complete(None, base=current)
            return Refreshed(fresh, list(self.arrived))

        return self._interruptibly(work, should_stop)

    def _complete(
        self, on_step: Callable[[], None] | None = None, *, base: Thread | None = None
    ) -> Thread:
        fetcher = self._fetcher
        assert fetcher is not None, "first_part() comes first"
        while fetcher.step():
            if on_step is not None:
                on_step()
        self.left_out = fetcher.left_out
        thread = self._thread()
        old = base if base is not None else self._old_thread()
        if old is not None:
            thread, self.arrived = merge(old, thread)
        cache.stamp(thread, self.address, at=time.time(), left_out=self.left_out)
        cache.save(thread, self.address)
        self._copy = cache.Copy(thread, time.time(), cache.copy_path(self.address))
        return thread

    def _old_thread(self) -> Thread | None:
        copy = self.previous_copy()
        return copy.thread if copy is not None else None

    def _thread(self) -> Thread:
        from threadtui.importers import load_document

        assert self._fetcher is not None
        doc: Any = self._fetcher.document()
        thread = load_document(doc, fmt=self._fetcher.fmt, name=self.address.url)
        if thread.url is None:
            thread.url = self.address.url
        return thread

    def _explain(self, e: HttpStatusError) -> FetchError:
        """A 404 from a site on any host may mean that the host runs other software."""
        if e.status == 404 and self.address.base:
            return FetchError(f"{e} — or {self._fetcher_label()} does not run there")
        return e

    def _fetcher_label(self) -> str:
        return self._fetcher.label if self._fetcher is not None else self.address.label

    def _interruptibly(self, work: Callable[[], T], should_stop: Callable[[], bool] | None) -> T:
        """Run ``work`` in a daemon thread and wait for it, looking every 50 ms whether to
        stop: a blocked read must never keep the reader from quitting."""
        box: dict[str, Any] = {}
        done = threading.Event()

        def run() -> None:
            try:
                box["value"] = work()
            except BaseException as e:  # handed to the waiting thread
                box["error"] = e
            finally:
                done.set()

        threading.Thread(target=run, name="threadtui-fetch", daemon=True).start()
        while not done.wait(0.05):
            if self._cancel.is_set() or (should_stop is not None and should_stop()):
                self.cancel()
                raise FetchCancelled("stopped")
        if "error" in box:
            raise box["error"]
        value: T = box["value"]
        return value
