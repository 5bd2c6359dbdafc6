"""A local HTTP server that plays a source's site from saved sample pages.

Used by the tests, by ``tracker demo`` and by the benchmarks: the real spiders crawl it on
127.0.0.1 exactly as they crawl the live site. It answers conditional requests (ETag and
Last-Modified → 304) like a well-behaved server, counts the bytes it sends, and lets a test
replace any route (a changed page, a redesign, an error, a slow or off-host answer).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

SAMPLE_LAST_MODIFIED = 1_793_000_000.0  # a fixed instant (Nov 2026), so caches behave the same on every clone


def route_key(path_and_query: str) -> str:
    """Path plus sorted query: the same page whatever order the parameters come in."""
    parts = urlsplit(path_and_query)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + ("?" + query if query else "")


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    truncate_at: int | None = None  # promise the whole body, send this many bytes, hang up
    last_modified: float = SAMPLE_LAST_MODIFIED

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


def load_routes(directory: Path) -> dict[str, Route]:
    """Read ``routes.json`` of a sample directory: URL path → file and content type."""
    manifest = json.loads((directory / "routes.json").read_text(encoding="utf-8"))
    routes = {}
    for path, spec in manifest.items():
        routes[route_key(path)] = Route(
            body=(directory / spec["file"]).read_bytes(),
            content_type=spec.get("content_type", "text/html; charset=utf-8"),
        )
    return routes


class SampleServer:
    """``with SampleServer(routes) as server: server.url`` → ``http://127.0.0.1:PORT``."""

    def __init__(self, routes: dict[str, Route], host: str = "127.0.0.1", port: int = 0):
        self.routes = dict(routes)
        self.bytes_sent = 0
        self.requests: list[tuple[str, int]] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, port), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @classmethod
    def from_directory(cls, directory: Path, **kwargs: object) -> SampleServer:
        return cls(load_routes(directory), **kwargs)  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def set(self, path: str, route: Route) -> None:
        self.routes[route_key(path)] = route

    def replace_body(self, path: str, body: bytes) -> None:
        """Serve new content at ``path`` with a new validator, as a site does after an edit."""
        old = self.routes[route_key(path)]
        self.set(path, Route(body=body, content_type=old.content_type, last_modified=time.time()))

    def reset_counters(self) -> None:
        with self._lock:
            self.bytes_sent = 0
            self.requests = []

    def start(self) -> SampleServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet
                return

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                route = server.routes.get(route_key(self.path))
                if route is None:
                    self._send(404, b"not found", {"Content-Type": "text/plain; charset=utf-8"})
                    return
                if route.delay_s:
                    time.sleep(route.delay_s)
                headers = {"Content-Type": route.content_type, **route.headers}
                if route.status == 200:
                    headers["ETag"] = route.etag
                    headers["Last-Modified"] = formatdate(route.last_modified, usegmt=True)
                    if self._not_modified(route):
                        self._send(304, b"", {k: v for k, v in headers.items() if k != "Content-Type"})
                        return
                self._send(route.status, route.body, headers, route.truncate_at)

            def _not_modified(self, route: Route) -> bool:
                inm = self.headers.get("If-None-Match")
                if inm is not None:
                    return route.etag in [tag.strip() for tag in inm.split(",")]
                ims = self.headers.get("If-Modified-Since")
                if ims:
                    try:
                        return parsedate_to_datetime(ims).timestamp() >= int(route.last_modified)
                    except (TypeError, ValueError):
                        return False
                return False

            def _send(self, status: int, body: bytes, headers: dict[str, str],
                      truncate_at: int | None = None) -> None:
                head = f"HTTP/1.1 {status}\r\n"
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    try:
                        self.wfile.write(body if truncate_at is None else body[:truncate_at])
                    except (BrokenPipeError, ConnectionResetError):  # the client gave up (e.g. too large)
                        self.close_connection = True
                        return
                if truncate_at is not None:
                    self.close_connection = True
                sent = len(head) + sum(len(k) + len(v) + 4 for k, v in headers.items()) + (
                    len(body) if status != 304 else 0)
                with server._lock:
                    server.bytes_sent += sent
                    server.requests.append((self.path, status))

        return Handler
