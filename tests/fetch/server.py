"""A loopback HTTP server that replays API answers: the fetch tests' stand-in for the
six sites (no test ever touches the internet).

Routes map a path to a `Reply`, or to a function of the query giving one. A `Reply` can
also misbehave the ways servers do: a delay, a body cut short, a body larger than the cap,
a redirect, a status with Retry-After. Every request is logged (path and query) so that
tests can check what was asked, and that nothing else was.
"""

from __future__ import annotations

import gzip as gzip_mod
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Query = dict[str, list[str]]


@dataclass
class Reply:
    body: Any = None  # bytes as they are; anything else as JSON
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    truncate: bool = False  # announce the whole length, send half, close
    stream: int = 0  # send this many bytes of JSON-ish filler, chunked, no length
    gzip: bool = False

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


Route = Reply | Callable[[Query], Reply]


class ReplayServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        # path -> replies given in turn (the last one repeats): "500 then success"
        self.sequences: dict[str, list[Reply]] = {}
        self.log: list[tuple[str, Query, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._port = 0

    @property
    def port(self) -> int:
        """The port it listens (or, once stopped, listened) on."""
        assert self._port, "start() first"
        return self._port

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def route(self, path: str, reply: Route | Any) -> None:
        self.routes[path] = reply if isinstance(reply, Reply) or callable(reply) else Reply(reply)

    def sequence(self, path: str, *replies: Reply) -> None:
        self.sequences[path] = list(replies)

    def paths(self) -> list[str]:
        with self._lock:
            return [p for p, _, _ in self.log]

    def start(self) -> ReplayServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in two writes: without this, Nagle's algorithm
                # and the client's delayed ACK add 40 ms to every answer.
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_GET(self) -> None:
                server._answer(self)

        self._httpd = _Quiet(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _reply_for(self, path: str, query: Query) -> Reply:
        with self._lock:
            seq = self.sequences.get(path)
            if seq:
                return seq.pop(0) if len(seq) > 1 else seq[0]
        route = self.routes.get(path)
        if route is None:
            return Reply({"error": "not found"}, status=404)
        return route if isinstance(route, Reply) else route(query)

    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        with self._lock:
            self.log.append((parts.path, query, dict(h.headers.items())))
        reply = self._reply_for(parts.path, query)
        if reply.delay:
            time.sleep(reply.delay)
        try:
            _send(h, reply)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer (a reader quitting while the rest of the
        thread arrives) is what a server sees every day: not worth a traceback."""


def _send(h: BaseHTTPRequestHandler, reply: Reply) -> None:
    h.send_response(reply.status)
    for k, v in reply.headers.items():
        h.send_header(k, v)
    if reply.stream:
        h.send_header("Content-Type", "application/json")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        piece = b'"' + b"x" * 65534 + b'"'
        sent = 0
        while sent < reply.stream:
            h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
        h.wfile.write(b"0\r\n\r\n")
        return
    data = reply.payload()
    if reply.gzip:
        data = gzip_mod.compress(data)
        h.send_header("Content-Encoding", "gzip")
    if "Content-Type" not in reply.headers:
        h.send_header("Content-Type", "application/json; charset=utf-8")
    h.send_header("Content-Length", str(len(data)))
    if reply.truncate:
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(data[: len(data) // 2])
        h.wfile.flush()
        h.close_connection = True
        return
    h.end_headers()
    h.wfile.write(data)
