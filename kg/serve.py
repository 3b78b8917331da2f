"""``kg serve OUT``: a local, read-only SPARQL 1.1 Protocol endpoint over an export, with the map
and a query page that work offline.

- ``GET/POST /sparql``: ``query`` as a URL or form parameter, or a body of type
  ``application/sparql-query``. Results by ``Accept``: SPARQL JSON (default), CSV, TSV, XML;
  CONSTRUCT and DESCRIBE give Turtle or N-Triples. Updates are refused (403). SELECT results are
  cut at the row limit.
- ``GET /``: the query page (an editor box, the library queries to pick from, results as a table);
  ``GET /map``: the export's ``graph.html``; ``GET /library``: the library as JSON.

A local service a web page cannot drive: served by waitress (a pure-Python WSGI server, no
compiler or C library needed on an intranet, with per-connection idle timeouts, a listen backlog,
a connection limit and strict Content-Length parsing); requests must name this server in
``Host`` (no DNS rebinding) and may not come from another site's page (``Origin`` /
``Sec-Fetch-Site``). Each query runs in a worker process stopped after ``--timeout`` and limited
to ``--max-memory`` megabytes; at most ``--workers`` run at once and ``--queue`` more wait, the
rest are answered 503 with ``Retry-After``. Bound to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jinja2
import pyoxigraph as ox
from waitress.server import create_server

from kg import query, templating
from kg.errors import KGError, QueryError, QueryTooCostly, UsageError
from kg.workers import Busy, Pool

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
_LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_RETRY_AFTER = "5"


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


@dataclass(frozen=True)
class Limits:
    """What one server allows: rows per answer; seconds and megabytes per query (the worker
    process may grow by that much: the kernel refuses more, so the queries hold at most
    ``workers * memory_mb`` beyond the server together); queries at once, each in its own process
    (the system shares the processors among them, so a quick query is answered while slow ones
    run); queries waiting; seconds an idle connection is kept."""

    rows: int = 10_000
    timeout: float = 30.0
    memory_mb: int = 256
    workers: int = 24
    queue: int = 256
    idle: int = 30


def answerer(
    store: ox.Store, limits: Limits, allow_service: frozenset[str]
) -> Callable[[tuple[str, str]], tuple[str, bytes]]:
    """What a query worker does with ``(query, accept)``: the media type and body of the results."""

    def answer(request: tuple[str, str]) -> tuple[str, bytes]:
        text, accept = request
        res = query.run(store, text, limit=limits.rows, allow_service=allow_service)
        if isinstance(res, ox.QueryTriples):
            media = negotiate(accept, _GRAPHS)
            return media, ox.serialize(list(res), format=_GRAPHS[media]) or b""
        media = negotiate(accept, _RESULTS)
        return media, res.serialize(format=_RESULTS[media]) or b""

    return answer


@dataclass(frozen=True)
class Reply:
    status: int
    media: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def _error(status: int, message: str, *headers: tuple[str, str]) -> Reply:
    return Reply(status, "text/plain", (message + "\n").encode("utf-8"), headers)


class Request:
    """What the endpoint reads of a WSGI request."""

    def __init__(self, environ: dict[str, Any]) -> None:
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET")
        self.path = environ.get("PATH_INFO", "/")
        self.query_string = environ.get("QUERY_STRING", "")

    def header(self, name: str) -> str | None:
        key = name.upper().replace("-", "_")
        value = self.environ.get(key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key)
        return None if value is None else str(value)

    def body(self, length: int) -> str:
        return self.environ["wsgi.input"].read(length).decode("utf-8", errors="replace")


class App:
    """The endpoint as a WSGI application: the guards, the routes and the query gate."""

    def __init__(self, out: Path, limits: Limits, allow_service: frozenset[str] = frozenset()) -> None:
        self.out = out
        self.limits = limits
        self.allow_service = allow_service  # hosts a query's SERVICE may call (none by default)
        self.store = query.load_store(out)
        self.library = query.library()
        self.pool = Pool(
            answerer(self.store, limits, allow_service),
            size=limits.workers,
            queue=limits.queue,
            timeout=limits.timeout,
            memory_mb=limits.memory_mb,
        )
        self.bound = "127.0.0.1"  # the address the server listens on (set once it is bound)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        req = Request(environ)
        try:
            reply = self.respond(req)
        except Exception as e:  # noqa: BLE001 - a bug: one line on stderr, a 500 to the client
            print(f"kg serve: internal error on {req.method} {req.path}: {type(e).__name__}: {e}", file=sys.stderr)
            reply = _error(500, "internal error (see the server's messages)")
        media = reply.media if reply.media.startswith("image/") else f"{reply.media}; charset=utf-8"
        headers = [
            ("Content-Type", media),
            ("Content-Length", str(len(reply.body))),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
            *reply.headers,
        ]
        start_response(f"{reply.status} {HTTPStatus(reply.status).phrase}", headers)
        return [] if req.method == "HEAD" else [reply.body]

    def respond(self, req: Request) -> Reply:
        if not self._host_ok(req):
            return _error(421, "unknown Host: this server answers requests for its own address only")
        if self._cross_site(req):
            return _error(403, "cross-site requests are refused (another page cannot query this server)")
        if req.method in ("GET", "HEAD"):
            return self._get(req)
        if req.method == "POST":
            return self._post(req)
        return _error(405, "only GET, HEAD and POST", ("Allow", "GET, HEAD, POST"))

    def _host_ok(self, req: Request) -> bool:
        host = (req.header("Host") or "").strip().lower()
        if not host:
            return False
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]")
        bound = self.bound.lower()
        return name in {bound, *_LOCAL_NAMES} or bound in ("0.0.0.0", "::") and name != ""

    def _cross_site(self, req: Request) -> bool:
        site = (req.header("Sec-Fetch-Site") or "").lower()
        if site in ("cross-site", "same-site"):
            return True
        origin = req.header("Origin")
        if origin is None or origin == "null" and req.method == "GET":
            return False
        return urlsplit(origin).netloc.lower() != (req.header("Host") or "").strip().lower()

    def _get(self, req: Request) -> Reply:
        if req.path == "/":
            return Reply(200, "text/html", page(self.library).encode("utf-8"))
        if req.path == "/map":
            path = self.out / "graph.html"
            if not path.is_file():
                return _error(404, "this export has no map (built with --no-html)")
            return Reply(200, "text/html", path.read_bytes())
        if req.path == "/library":
            body = json.dumps(_library_items(self.library), ensure_ascii=False)
            return Reply(200, "application/json", body.encode("utf-8"))
        if req.path == "/sparql":
            return self._query(req, parse_qs(req.query_string).get("query", [""])[0])
        return _error(404, "not found: / (query page), /sparql, /map, /library")

    def _post(self, req: Request) -> Reply:
        if req.path != "/sparql":
            return _error(404, "POST queries to /sparql")
        declared = req.header("Content-Length")
        if declared is None:
            return _error(411, "a POST needs a Content-Length")
        if not declared.strip().isdigit():  # the server refuses these first; kept for other servers
            return _error(400, f"Content-Length must be a number of bytes, not {declared[:20]!r}")
        length = int(declared)
        if length > _MAX_BODY:
            return _error(413, "query too long")
        body = req.body(length)
        kind = (req.header("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            return self._query(req, body)
        if kind == "application/sparql-update" or "update" in parse_qs(body):
            return _error(403, "this endpoint only reads: SPARQL updates are refused")
        if kind in ("application/x-www-form-urlencoded", ""):
            return self._query(req, parse_qs(body).get("query", [""])[0])
        return _error(415, f"unsupported Content-Type {kind!r}")

    def _query(self, req: Request, text: str) -> Reply:
        if not text.strip():
            return _error(400, "no query: pass ?query=… or POST it")
        if query.is_update(text):
            return _error(403, "this endpoint only reads: SPARQL updates are refused")
        accept = req.header("Accept") or ""
        try:
            query.check_services(text, self.allow_service)  # refused before a worker is asked
            media, body = self.pool.ask((text, accept))
        except Busy:
            return _error(503, "every query worker is busy: try again shortly", ("Retry-After", _RETRY_AFTER))
        except QueryTooCostly as e:
            return _error(503, str(e))
        except (QueryError, UsageError, KGError) as e:
            return _error(400, str(e))
        return Reply(200, media, body)


class Server:
    """An :class:`App` behind waitress, listening on ``host:port`` (``port`` 0: any free one)."""

    def __init__(
        self,
        out: Path,
        host: str = "127.0.0.1",
        port: int = 8787,
        *,
        limits: Limits | None = None,
        allow_service: frozenset[str] = frozenset(),
        **kw: Any,
    ) -> None:
        limits = limits or Limits(**kw)
        self.app = App(out, limits, allow_service)
        _quiet_waitress()
        self._server: Any = create_server(
            self.app,
            host=host,
            port=port,
            threads=limits.workers + limits.queue + 4,  # the queue waits in threads; pages never wait
            backlog=1024,
            connection_limit=1000,
            channel_timeout=limits.idle,
            cleanup_interval=max(1, min(limits.idle, 30)),
            max_request_body_size=_MAX_BODY,
            ident="kg serve",
            expose_tracebacks=False,
        )
        self.server_address = (str(self._server.effective_host), int(self._server.effective_port))
        self.app.bound = self.server_address[0]

    def serve_forever(self) -> None:
        self._server.run()

    def shutdown(self) -> None:
        """Stop serving: close every connection and the listening socket, end the worker threads."""
        server = self._server
        while server._map:
            for channel in list(server._map.values()):
                channel.handle_close()
        server.task_dispatcher.shutdown()
        self.app.pool.close()

    def server_close(self) -> None:
        pass  # shutdown() closed the socket; kept for callers of the http.server interface


def _quiet_waitress() -> None:
    """waitress logs queue depths and client disconnects; the server speaks for itself."""
    log = logging.getLogger("waitress")
    log.propagate = False
    if not log.handlers:
        log.addHandler(logging.NullHandler())


def serve(
    out: Path,
    host: str = "127.0.0.1",
    port: int = 8787,
    *,
    limits: Limits | None = None,
    ready: Callable[[Server], None] | None = None,
    allow_service: frozenset[str] = frozenset(),
) -> None:
    """Serve ``out`` until interrupted; ``ready(server)`` is called once it listens."""
    if not (out / "graph.ttl").is_file() and query.store_dir(out) is None:
        raise UsageError(f"{out}: not a folder written by kg build (no graph.ttl)")
    server = Server(out, host, port, limits=limits, allow_service=allow_service)
    if ready is not None:
        ready(server)
    try:
        server.serve_forever()
    finally:
        server.shutdown()


def start(out: Path, host: str = "127.0.0.1", port: int = 0, **kw: Any) -> Server:
    """A server on a background thread (for tests and embedding); ``server.shutdown()`` stops it.
    Keywords: ``allow_service`` and the fields of :class:`Limits` (``rows``, ``timeout``…)."""
    server = Server(out, host, port, **kw)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def page(library: dict[str, str]) -> str:
    """The query page (``kg/templates/query.html.j2``) with ``library`` embedded as JSON, and the
    ontology's Chinese labels (results show 位于 beside locatedIn)."""
    from kg import ontology

    terms = {"ns": ontology.NS, "entities": ontology.PREFIXES["ltid"], "labels": ontology.labels("zh")}
    return _templates().get_template("query.html.j2").render(library=_library_items(library), terms=terms)


def _library_items(library: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": n, "question": query.describe(t), "query": t} for n, t in library.items()]


def _script_json(value: object) -> str:
    """JSON for a ``<script type="application/json">`` block: ``<``, ``>``, ``&`` escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _templates() -> jinja2.Environment:
    return templating.environment(_script_json)
