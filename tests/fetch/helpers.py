from __future__ import annotations

from typing import Any

from tests.fetch.server import ReplayServer
from threadtui.fetch import Apis, FetchSession, Limits, recognise
from threadtui.model import Thread


def apis(server: ReplayServer) -> Apis:
    return Apis(
        hn=server.base + "/algolia",
        hn_firebase=server.base + "/firebase",
        reddit=server.base + "/reddit",
        lobsters=server.base + "/lobsters",
    )


def session(server: ReplayServer, url: str, **limits: Any) -> FetchSession:
    lim = Limits(**{"timeout": 5.0, "backoff": 0.01, **limits})
    return FetchSession(recognise(url), apis(server), lim)


def fetch(server: ReplayServer, url: str, **limits: Any) -> Thread:
    return session(server, url, **limits).fetch_all()


def real_ids(thread: Thread) -> set[str]:
    """The ids of the comments a thread holds (the placeholders of a missing status, for
    Mastodon, are not comments of the site)."""
    return {cid for k, cid in enumerate(thread.ids) if not thread.body[k].startswith("[the status")}
