"""The HTTP client against a misbehaving server: every failure one clear line."""

from __future__ import annotations

import time

import pytest

from tests.fetch.server import ReplayServer, Reply
from threadtui.fetch import FetchError, Limits, NoNetwork
from threadtui.fetch.client import Client


def client(**kw: float) -> Client:
    return Client(Limits(**{"timeout": 2.0, "backoff": 0.01, **kw}))  # type: ignore[arg-type]


def one_line(e: pytest.ExceptionInfo[FetchError]) -> str:
    text = str(e.value)
    assert "\n" not in text and text
    return text


@pytest.mark.parametrize(
    ("status", "words"),
    [(404, "no such thread"), (403, "refused access"), (410, "gone"), (418, "unexpected")],
)
def test_error_statuses(server: ReplayServer, status: int, words: str) -> None:
    server.route("/x", Reply({"error": "no"}, status=status))
    with pytest.raises(FetchError) as e:
        client().get_json(server.base + "/x")
    assert words in one_line(e)
    assert len(server.log) == 1, "no retry for a client error"


def test_429_honours_retry_after(server: ReplayServer) -> None:
    server.sequence("/x", Reply({}, status=429, headers={"Retry-After": "1"}), Reply({"ok": True}))
    t0 = time.monotonic()
    assert client().get_json(server.base + "/x") == {"ok": True}
    assert time.monotonic() - t0 >= 0.9, "waited as asked"


def test_429_asking_too_long_a_wait_gives_up_at_once(server: ReplayServer) -> None:
    server.route("/x", Reply({}, status=429, headers={"Retry-After": "3600"}))
    with pytest.raises(FetchError) as e:
        client().get_json(server.base + "/x")
    assert "rate limiting" in one_line(e)
    assert len(server.log) == 1


def test_500_then_success(server: ReplayServer) -> None:
    server.sequence("/x", Reply({}, status=500), Reply({}, status=503), Reply([1, 2]))
    assert client().get_json(server.base + "/x") == [1, 2]
    assert len(server.log) == 3


def test_5xx_retries_are_bounded(server: ReplayServer) -> None:
    server.route("/x", Reply({}, status=502))
    with pytest.raises(FetchError) as e:
        client(retries=2).get_json(server.base + "/x")
    assert "502" in one_line(e)
    assert len(server.log) == 3


def test_timeout(server: ReplayServer) -> None:
    server.route("/x", Reply({}, delay=1.5))
    with pytest.raises(FetchError) as e:
        client(timeout=0.3).get_json(server.base + "/x")
    assert "timed out" in one_line(e)
    assert not isinstance(e.value, NoNetwork)


def test_truncated_body(server: ReplayServer) -> None:
    server.route("/x", Reply({"comments": ["x" * 1000] * 20}, truncate=True))
    with pytest.raises(FetchError) as e:
        client().get_json(server.base + "/x")
    assert "closed before the answer was complete" in one_line(e)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_redirect_to_another_scheme(server: ReplayServer, target: str) -> None:
    server.route("/x", Reply(b"", status=302, headers={"Location": target}))
    with pytest.raises(FetchError) as e:
        client().get_json(server.base + "/x")
    assert "only http and https are followed" in one_line(e)


def test_redirects_within_http_are_followed_and_bounded(server: ReplayServer) -> None:
    server.route("/a", Reply(b"", status=301, headers={"Location": "/b"}))
    server.route("/b", Reply(b"", status=307, headers={"Location": server.base + "/c?q=1"}))
    server.route("/c", Reply({"here": 1}))
    assert client().get_json(server.base + "/a") == {"here": 1}
    server.route("/loop", Reply(b"", status=302, headers={"Location": "/loop"}))
    with pytest.raises(FetchError, match="redirects"):
        client().get_json(server.base + "/loop")


def test_non_json_body(server: ReplayServer) -> None:
    server.route("/x", Reply(b"<html>Please log in</html>", headers={"Content-Type": "text/html"}))
    with pytest.raises(FetchError) as e:
        client().get_json(server.base + "/x")
    assert "not JSON" in one_line(e)


def test_oversized_body_is_stopped_while_streaming(server: ReplayServer) -> None:
    server.route("/x", Reply(stream=4 * 1024 * 1024))
    with pytest.raises(FetchError) as e:
        client(max_bytes=1024 * 1024).get_json(server.base + "/x")
    assert "larger than 1 MiB" in one_line(e)


def test_oversized_declared_length_is_not_read(server: ReplayServer) -> None:
    server.route("/x", Reply({"x": "y" * 300_000}))
    with pytest.raises(FetchError, match="larger than"):
        client(max_bytes=100_000).get_json(server.base + "/x")


def test_a_gzip_bomb_stops_at_the_cap(server: ReplayServer) -> None:
    server.route("/x", Reply(b"[" + b" " * (20 * 1024 * 1024) + b"]", gzip=True))
    with pytest.raises(FetchError, match="larger than"):
        client(max_bytes=1024 * 1024).get_json(server.base + "/x")


def test_gzip_answers_are_read(server: ReplayServer) -> None:
    server.route("/x", Reply({"a": "ب" * 100}, gzip=True))
    assert client().get_json(server.base + "/x") == {"a": "ب" * 100}


def test_nothing_listening_is_no_network(server: ReplayServer) -> None:
    base = server.base
    server.stop()
    with pytest.raises(NoNetwork) as e:
        client().get_json(base + "/x")
    assert "cannot connect" in one_line(e)


def test_stop_ends_a_wait_at_once(server: ReplayServer) -> None:
    import threading

    server.route("/x", Reply({}, status=429, headers={"Retry-After": "30"}))
    c = client()
    threading.Timer(0.2, c.stop.set).start()
    t0 = time.monotonic()
    with pytest.raises(FetchError):
        c.get_json(server.base + "/x")
    assert time.monotonic() - t0 < 5
