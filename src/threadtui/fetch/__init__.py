"""Fetching a thread by its address: Hacker News, Reddit, Lobsters, Discourse, Mastodon
and Lemmy, through each site's public JSON API, with an offline copy.

Pure: no Textual. `recognise` turns an address into an `Address` (no network);
`FetchSession` fetches it (a first part that can be shown at once, then the rest),
keeps the offline copy in the cache dir (`cache`) and refreshes it. Every failure is a
`FetchError`, one line. docs/fetch.md describes the addresses, the requests and the copies.
"""

from __future__ import annotations

from threadtui.fetch.address import (
    SITES,
    Address,
    UnknownAddress,
    known_sites,
    looks_like_address,
    recognise,
)
from threadtui.fetch.cache import Copy, age, copy_path
from threadtui.fetch.client import USER_AGENT, Limits
from threadtui.fetch.errors import FetchCancelled, FetchError, NoNetwork
from threadtui.fetch.session import Apis, FetchSession, Refreshed
from threadtui.fetch.settings import apis_from, limits_from

__all__ = [
    "SITES",
    "USER_AGENT",
    "Address",
    "Apis",
    "Copy",
    "FetchCancelled",
    "FetchError",
    "FetchSession",
    "Limits",
    "NoNetwork",
    "Refreshed",
    "UnknownAddress",
    "age",
    "apis_from",
    "copy_path",
    "known_sites",
    "limits_from",
    "looks_like_address",
    "recognise",
]
