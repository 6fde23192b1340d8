"""The fetch package's failures: each one line meant for the user.

`FetchError` is a `ThreadLoadError`, so every command that loads a thread reports it the
way it reports a bad file: one line, exit 1.
"""

from __future__ import annotations

from threadtui.model.jsonio import ThreadLoadError


class FetchError(ThreadLoadError):
    """Fetching the thread failed; ``str()`` is one line."""


class NoNetwork(FetchError):
    """The host could not be reached at all (no network, DNS failure, connection refused):
    the one failure after which an offline copy is shown instead."""


class FetchCancelled(FetchError):
    """The reader quit while the thread was still arriving."""


class HttpStatusError(FetchError):
    """The site answered with an error status (after any retries)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
