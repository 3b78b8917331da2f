"""``kg serve OUT``: a local, read-only SPARQL 1.1 Protocol endpoint over an export, with the map
and a query page that work offline.

- ``GET/POST /sparql``: ``query`` as a URL or form parameter, or a body of type
  ``application/sparql-query``. Results by ``Accept``: SPARQL JSON (default), CSV, TSV, XML;
  CONSTRUCT and DESCRIBE give Turtle or N-Triples. Updates are refused (403). Each query runs in a
  worker process stopped after the timeout; SELECT results are cut at the row limit.
- ``GET /``: the query page (an editor box, the library queries to pick from, results as a table);
  ``GET /map``: the export's ``graph.html``; ``GET /library``: the library as JSON.

Bound to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jinja2
import pyoxigraph as ox

from kg import query, templating
from kg.errors import KGError, QueryError, UsageError

_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
_GRAPHS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES}
_MAX_BODY = 1 << 20  # a query is text: a megabyte is plenty


def negotiate(accept: str, offered: dict) -> str:
    """The first media type of ``offered`` that ``accept`` asks for (by q-value), else the first offered."""
    wanted = []
    for i, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    quality = float(f[2:])
                except ValueError:
                    quality = 0.0
        wanted.append((-quality, i, fields[0].lower()))
    for _, _, media in sorted(wanted):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            break
    return next(iter(offered))


def answer(
    store: ox.Store, text: str, accept: str, *, limit: int, timeout: float, allow_service: frozenset[str] = frozenset()
) -> tuple[str, bytes]:
    """Media type and body of the results of ``text`` (run in a worker stopped after ``timeout``)."""
    query.check_services(text, allow_service)  # refused before a worker starts

    def task() -> tuple[str, bytes]:
        res = query.run(store, text, limit=limit, allow_service=allow_service)
        if isinstance(res, ox.QueryTriples):
            media = negotiate(accept, _GRAPHS)
            return media, ox.serialize(list(res), format=_GRAPHS[media]) or b""
        media = negotiate(accept, _RESULTS)
        return media, res.serialize(format=_RESULTS[media]) or b""

    return query.in_worker(task, timeout)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        out: Path,
        host: str = "127.0.0.1",
        port: int = 8787,
        *,
        limit: int = 10_000,
        timeout: float = 30.0,
        allow_service: frozenset[str] = frozenset(),
    ) -> None:
        self.out = out
        self.allow_service = allow_service  # hosts a query's SERVICE may call (none by default)
        self.store = query.load_store(out)
        # not ``timeout``: socketserver's handle_request() reads that as its own wait for a request
        self.limit, self.query_timeout = limit, timeout
        self.library = query.library()
        super().__init__((host, port), Handler)


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds an idle or slow connection is kept (socketserver closes it after)

    def parse_request(self) -> bool:
        """The request line and headers, then the guards every request passes: the Host header
        names this server (DNS rebinding), and a request another site's page sends is refused."""
        if not super().parse_request():
            return False
        if not self._host_ok():
            self._error(421, "unknown Host: this server answers requests for its own address only")
            return False
        if self._cross_site():
            self._error(403, "cross-site requests are refused (another page cannot query this server)")
            return False
        return True

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        if not host:
            return False
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]")
        bound = str(self.server.server_address[0]).lower()
        return name in {bound, "localhost", "127.0.0.1", "::1"} or bound in ("0.0.0.0", "::") and name != ""

    def _cross_site(self) -> bool:
        site = (self.headers.get("Sec-Fetch-Site") or "").lower()
        if site in ("cross-site", "same-site"):
            return True
        origin = self.headers.get("Origin")
        if origin is None or origin == "null" and self.command == "GET":
            return False
        return urlsplit(origin).netloc.lower() != (self.headers.get("Host") or "").strip().lower()

    def log_message(self, format: str, *args) -> None:
        pass  # quiet: kg serve prints where it listens, not every request

    def _send(self, status: int, media: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media if media.startswith(("image/",)) else f"{media}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, "text/plain", (message + "\n").encode("utf-8"))

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/":
            return self._send(200, "text/html", page(self.server.library).encode("utf-8"))
        if url.path == "/map":
            path = self.server.out / "graph.html"
            if not path.is_file():
                return self._error(404, "this export has no map (built with --no-html)")
            return self._send(200, "text/html", path.read_bytes())
        if url.path == "/library":
            body = json.dumps(_library_items(self.server.library), ensure_ascii=False)
            return self._send(200, "application/json", body.encode("utf-8"))
        if url.path == "/sparql":
            return self._query(parse_qs(url.query).get("query", [""])[0])
        return self._error(404, "not found: / (query page), /sparql, /map, /library")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404, "POST queries to /sparql")
        declared = self.headers.get("Content-Length")
        if declared is None:
            return self._error(411, "a POST needs a Content-Length")
        if not declared.strip().isdigit():
            return self._error(400, f"Content-Length must be a number of bytes, not {declared[:20]!r}")
        length = int(declared)
        if length > _MAX_BODY:
            return self._error(413, "query too long")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            return self._query(body)
        if kind == "application/sparql-update" or "update" in parse_qs(body):
            return self._error(403, "this endpoint only reads: SPARQL updates are refused")
        if kind in ("application/x-www-form-urlencoded", ""):
            return self._query(parse_qs(body).get("query", [""])[0])
        return self._error(415, f"unsupported Content-Type {kind!r}")

    def _query(self, text: str) -> None:
        if not text.strip():
            return self._error(400, "no query: pass ?query=… or POST it")
        if query.is_update(text):
            return self._error(403, "this endpoint only reads: SPARQL updates are refused")
        try:
            media, body = answer(
                self.server.store,
                text,
                self.headers.get("Accept", ""),
                limit=self.server.limit,
                timeout=self.server.query_timeout,
                allow_service=self.server.allow_service,
            )
        except QueryError as e:
            status = HTTPStatus.SERVICE_UNAVAILABLE if "longer than" in str(e) else HTTPStatus.BAD_REQUEST
            return self._error(status, str(e))
        except (UsageError, KGError) as e:
            return self._error(400, str(e))
        self._send(200, media, body)


def serve(
    out: Path,
    host: str = "127.0.0.1",
    port: int = 8787,
    *,
    limit: int = 10_000,
    timeout: float = 30.0,
    ready: Callable[[Server], None] | None = None,
    allow_service: frozenset[str] = frozenset(),
) -> None:
    """Serve ``out`` until interrupted; ``ready(server)`` is called once it listens."""
    if not (out / "graph.ttl").is_file() and query.store_dir(out) is None:
        raise UsageError(f"{out}: not a folder written by kg build (no graph.ttl)")
    server = Server(out, host, port, limit=limit, timeout=timeout, allow_service=allow_service)
    if ready is not None:
        ready(server)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def start(out: Path, host: str = "127.0.0.1", port: int = 0, **kw: Any) -> Server:
    """A server on a background thread (for tests and embedding); ``server.shutdown()`` stops it."""
    server = Server(out, host, port, **kw)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def page(library: dict[str, str]) -> str:
    """The query page (``kg/templates/query.html.j2``) with ``library`` embedded as JSON."""
    return _templates().get_template("query.html.j2").render(library=_library_items(library))


def _library_items(library: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": n, "question": query.describe(t), "query": t} for n, t in library.items()]


def _script_json(value: object) -> str:
    """JSON for a ``<script type="application/json">`` block: ``<``, ``>``, ``&`` escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _templates() -> jinja2.Environment:
    return templating.environment(_script_json)
