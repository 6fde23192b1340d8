"""The HTTP client every fetcher uses: one polite, bounded way to ask a site for JSON.

- a clear User-Agent naming threadtui and where it comes from; no cookies kept, no
  credentials ever (nothing but the thread's own requests is sent);
- timeouts on connecting and on every read, and a deadline for a whole answer, so a
  server dripping a byte a second cannot hold the reader;
- retries with exponential backoff (and jitter) on 429 and 5xx, honouring Retry-After,
  bounded in count and in total waiting;
- TLS verified (httpx's default, with the system's or certifi's roots); only http and
  https, and redirects followed by hand so that each hop is checked: never to another
  scheme, never from https down to http, at most a few hops;
- a size cap per answer, counted on the decompressed bytes while they arrive (a gzip bomb
  stops at the cap, not after it); gzip and deflate accepted.

httpx does the HTTP itself: connection reuse, chunked and compressed bodies, TLS, proxies
from the environment (HTTPS_PROXY, NO_PROXY) for users who need one.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from threadtui import PROG, __version__
from threadtui.fetch.errors import FetchCancelled, FetchError, HttpStatusError, NoNetwork
from threadtui.model.jsonio import ThreadLoadError, decode_text, parse_json

USER_AGENT = (
    f"{PROG}/{__version__} (terminal reader of discussion threads;"
    " +https://github.com/threadtui/threadtui)"
)
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))
MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

Params = Mapping[str, str] | tuple[tuple[str, str], ...] | None


@dataclass(frozen=True, slots=True)
class Limits:
    """How long to wait and how much to accept. ``timeout``: connecting, and each read;
    an answer as a whole gets ``answer_factor`` times that."""

    timeout: float = 20.0
    max_bytes: int = DEFAULT_MAX_BYTES
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 60.0
    answer_factor: float = 6.0


_STATUS_WORDS = {
    400: "the site refused the request (400 Bad Request)",
    401: "the site asks to log in (401): threadtui reads public threads only",
    403: "the site refused access (403 Forbidden): the thread may be private, or the site"
    " blocks this kind of client",
    404: "no such thread (404 Not Found)",
    410: "the thread is gone (410 Gone)",
    429: "the site is rate limiting requests (429 Too Many Requests); try again later",
}


class Client:
    """Blocking GETs of JSON; counts its requests for the progress line. ``stop`` is set
    when the reader quits: waits end at once and the next request is not made."""

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        user_agent: str = USER_AGENT,
        on_request: Callable[[], None] | None = None,
    ) -> None:
        self.limits = limits or Limits()
        self.requests = 0
        self.stop = threading.Event()
        self._on_request = on_request
        t = self.limits.timeout
        self._http = httpx.Client(
            timeout=httpx.Timeout(t, connect=t, read=t, write=t, pool=t),
            follow_redirects=False,
            verify=True,
            headers={
                "User-Agent": user_agent,
                "Accept": "application/json",
                "Accept-Encoding": "gzip, deflate",
            },
        )

    def close(self) -> None:
        self._http.close()

    def get_json(self, url: str, params: Params = None) -> Any:
        """The JSON ``url`` answers; `FetchError` (one line) for anything else."""
        body, final = self.get_bytes(url, params)
        host = _host(final)
        try:
            text = decode_text(host, body)
            return parse_json(host, text)
        except ThreadLoadError:
            kind = "an empty answer" if not body.strip() else "something that is not JSON"
            raise FetchError(f"{host}: answered {kind} ({final})") from None

    def get_bytes(self, url: str, params: Params = None) -> tuple[bytes, str]:
        """The body of a 200 answer to GET ``url`` and the address it finally came from."""
        attempt = 0
        while True:
            status, headers, body, final = self._follow(url, params)
            if status == 200:
                return body, final
            attempt = self._retry_or_raise(status, headers, final, attempt)

    def locate(self, url: str) -> str | None:
        """Where ``url`` redirects (its Location, checked as every redirect is), asked
        without following it and without reading any body; None when it answers 200."""
        attempt = 0
        while True:
            _check_scheme(url, url)
            status, headers, _ = self._once(url, None, read=False)
            if status in REDIRECT_STATUSES:
                return _location(url, headers)
            if status == 200:
                return None
            attempt = self._retry_or_raise(status, headers, url, attempt)

    def _retry_or_raise(self, status: int, headers: httpx.Headers, url: str, attempt: int) -> int:
        """After an error status: wait as asked and return the next attempt's number, or
        raise the status as one line."""
        if status in RETRY_STATUSES and attempt < self.limits.retries:
            wait = self._wait(attempt, headers)
            if wait is not None:
                self._sleep(wait)
                return attempt + 1
        raise HttpStatusError(status, f"{_host(url)}: {_status_line(status)} ({url})")

    # ------------------------------------------------------------------ one answer

    def _follow(self, url: str, params: Params) -> tuple[int, httpx.Headers, bytes, str]:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            _check_scheme(current, current)
            status, headers, body = self._once(current, params)
            if status not in REDIRECT_STATUSES:
                return status, headers, body, current
            current, params = _location(current, headers), None  # the query is in it
        raise FetchError(f"{_host(url)}: more than {MAX_REDIRECTS} redirects")

    def _once(
        self, url: str, params: Params, *, read: bool = True
    ) -> tuple[int, httpx.Headers, bytes]:
        if self.stop.is_set():
            raise FetchCancelled("stopped")
        self.requests += 1
        host = _host(url)
        try:
            query = httpx.QueryParams(params) if params is not None else None
            with self._http.stream("GET", url, params=query) as r:
                body = self._body(r, host, read)
                status, headers = r.status_code, r.headers
        except httpx.ConnectTimeout:
            raise NoNetwork(f"{host}: cannot connect (no answer within {self._t()})") from None
        except httpx.ConnectError as e:
            raise _connect_error(host, e) from None
        except httpx.TimeoutException:
            raise FetchError(f"{host}: timed out (no answer within {self._t()})") from None
        except httpx.RemoteProtocolError:
            raise FetchError(
                f"{host}: the connection closed before the answer was complete"
            ) from None
        except httpx.DecodingError:
            raise FetchError(f"{host}: the answer's compression is damaged") from None
        except httpx.HTTPError as e:
            raise FetchError(f"{host}: {type(e).__name__}: {str(e)[:160]}") from None
        finally:
            if self._on_request is not None:
                self._on_request()
        return status, headers, body

    def _body(self, r: httpx.Response, host: str, read: bool) -> bytes:
        """A 200 answer's body (when it is wanted); an error's is never read."""
        return self._read(r, host) if read and r.status_code == 200 else b""

    def _read(self, r: httpx.Response, host: str) -> bytes:
        cap = self.limits.max_bytes
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap and "content-encoding" not in r.headers:
            raise FetchError(f"{host}: the answer is larger than {_size(cap)}; not read")
        deadline = time.monotonic() + self.limits.timeout * self.limits.answer_factor
        chunks: list[bytes] = []
        total = 0
        for chunk in r.iter_bytes():
            total += len(chunk)
            if total > cap:
                raise FetchError(f"{host}: the answer is larger than {_size(cap)}; stopped")
            if time.monotonic() > deadline or self.stop.is_set():
                if self.stop.is_set():
                    raise FetchCancelled("stopped")
                raise FetchError(f"{host}: the answer is arriving too slowly; stopped")
            chunks.append(chunk)
        return b"".join(chunks)

    # ------------------------------------------------------------------ retries

    def _wait(self, attempt: int, headers: httpx.Headers) -> float | None:
        """Seconds before the next try, or None when the site asks for longer than we
        are willing to wait."""
        asked = _retry_after(headers.get("retry-after"))
        if asked is not None:
            return asked if asked <= self.limits.max_wait else None
        delay = self.limits.backoff * (2**attempt)
        return float(min(self.limits.max_wait, delay * (1 + random.random() / 4)))

    def _sleep(self, seconds: float) -> None:
        if self.stop.wait(max(0.0, seconds)):
            raise FetchCancelled("stopped")

    def _t(self) -> str:
        return f"{self.limits.timeout:g} s"


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    v = value.strip()
    if v.isdigit():
        return float(v)
    try:
        when = parsedate_to_datetime(v)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _connect_error(host: str, e: Exception) -> FetchError:
    text = str(e)
    if "SSL" in text or "certificate" in text.lower() or "TLS" in text:
        return FetchError(f"{host}: the secure connection failed ({text[:160]})")
    return NoNetwork(f"{host}: cannot connect ({text[:160] or type(e).__name__})")


def _check_scheme(url: str, shown: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(f"{shown}: only http and https addresses are fetched")


def _location(current: str, headers: httpx.Headers) -> str:
    """The checked address a redirect from ``current`` leads to."""
    location = headers.get("location")
    if not location:
        raise FetchError(f"{_host(current)}: a redirect that names no address")
    try:
        nxt: str = urljoin(current, str(location).strip())
        _check_redirect(current, nxt)
        httpx.URL(nxt)
    except (ValueError, httpx.InvalidURL):
        raise FetchError(f"{_host(current)}: a redirect to an address that is not one") from None
    return nxt


def _check_redirect(src: str, dst: str) -> None:
    scheme = urlsplit(dst).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(
            f"{_host(src)}: redirected to a {scheme or 'schemeless'}: address; only http and"
            " https are followed"
        )
    if scheme == "http" and urlsplit(src).scheme.lower() == "https":
        raise FetchError(f"{_host(src)}: redirected from https down to http; not followed")


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


def _status_line(status: int) -> str:
    if status in _STATUS_WORDS:
        return _STATUS_WORDS[status]
    if 500 <= status < 600:
        return f"the site failed to answer ({status}); try again later"
    phrase = httpx.codes.get_reason_phrase(status)
    return f"unexpected answer {status}{' ' + phrase if phrase else ''}"


def _size(n: int) -> str:
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"
