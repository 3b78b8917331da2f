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
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg import query as q
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


def answer(store: ox.Store, text: str, accept: str, *, limit: int, timeout: float) -> tuple[str, bytes]:
    """Media type and body of the results of ``text`` (run in a worker stopped after ``timeout``)."""

    def task() -> tuple[str, bytes]:
        res = q.run(store, text, limit=limit)
        if isinstance(res, ox.QueryTriples):
            media = negotiate(accept, _GRAPHS)
            return media, ox.serialize(list(res), format=_GRAPHS[media])
        media = negotiate(accept, _RESULTS)
        return media, res.serialize(format=_RESULTS[media])

    return q.in_worker(task, timeout)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, out: Path, host: str = "127.0.0.1", port: int = 8787, *, limit: int = 10_000, timeout: float = 30.0
    ) -> None:
        self.out = out
        self.store = q.load_store(out)
        self.limit, self.timeout = limit, timeout
        self.library = q.library()
        super().__init__((host, port), Handler)


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

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
            body = json.dumps(
                [{"name": n, "question": q.describe(t), "query": t} for n, t in self.server.library.items()],
                ensure_ascii=False,
            )
            return self._send(200, "application/json", body.encode("utf-8"))
        if url.path == "/sparql":
            return self._query(parse_qs(url.query).get("query", [""])[0])
        return self._error(404, "not found: / (query page), /sparql, /map, /library")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404, "POST queries to /sparql")
        length = int(self.headers.get("Content-Length") or 0)
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
        if q.is_update(text):
            return self._error(403, "this endpoint only reads: SPARQL updates are refused")
        try:
            media, body = answer(
                self.server.store,
                text,
                self.headers.get("Accept", ""),
                limit=self.server.limit,
                timeout=self.server.timeout,
            )
        except QueryError as e:
            status = HTTPStatus.SERVICE_UNAVAILABLE if "longer than" in str(e) else HTTPStatus.BAD_REQUEST
            return self._error(status, str(e))
        except (UsageError, KGError) as e:
            return self._error(400, str(e))
        self._send(200, media, body)


def serve(
    out: Path, host: str = "127.0.0.1", port: int = 8787, *, limit: int = 10_000, timeout: float = 30.0, ready=None
) -> None:
    """Serve ``out`` until interrupted; ``ready(server)`` is called once it listens."""
    if not (out / "graph.ttl").is_file() and q.store_dir(out) is None:
        raise UsageError(f"{out}: not a folder written by kg build (no graph.ttl)")
    server = Server(out, host, port, limit=limit, timeout=timeout)
    if ready is not None:
        ready(server)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def start(out: Path, host: str = "127.0.0.1", port: int = 0, **kw) -> Server:
    """A server on a background thread (for tests and embedding); ``server.shutdown()`` stops it."""
    server = Server(out, host, port, **kw)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def page(library: dict[str, str]) -> str:
    data = json.dumps(
        [{"name": n, "question": q.describe(t), "query": t} for n, t in library.items()], ensure_ascii=False
    )
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _PAGE.replace("@@LIBRARY@@", data)


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>链图 SPARQL 查询</title>
<style>
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
header { background: #1f3a5f; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: center; }
header a { color: #d9e2ec; }
main { padding: 12px 16px; }
#library { width: 100%; max-width: 900px; font: inherit; padding: 4px; }
#question { color: #52606d; margin: 6px 0; }
#query { width: 100%; height: 220px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
button { font: inherit; padding: 4px 14px; }
#status { margin-left: 10px; color: #52606d; }
table { border-collapse: collapse; margin-top: 10px; background: #fff; font-size: 13px; }
th, td { border: 1px solid #d9e2ec; padding: 3px 8px; text-align: left; vertical-align: top; max-width: 600px; }
th { background: #f0f4f8; }
</style>
</head>
<body>
<header><strong>链图 SPARQL 查询</strong><a href="/map">图谱</a><a href="/library">查询库 JSON</a></header>
<main>
<select id="library" aria-label="查询库"><option value="">— 从查询库选择一个问题 —</option></select>
<div id="question"></div>
<textarea id="query" spellcheck="false">SELECT ?entity ?name WHERE { ?entity skos:prefLabel ?name } LIMIT 20</textarea>
<div><button id="run" type="button">运行查询</button><span id="status" aria-live="polite"></span></div>
<div id="results"></div>
</main>
<script type="application/json" id="kg-library">@@LIBRARY@@</script>
<script>
(function () {
  "use strict";
  var LIBRARY = JSON.parse(document.getElementById("kg-library").textContent);
  var select = document.getElementById("library"), box = document.getElementById("query");
  var status = document.getElementById("status"), results = document.getElementById("results");
  LIBRARY.forEach(function (item, i) {
    var o = document.createElement("option");
    o.value = String(i);
    o.textContent = item.name + " — " + item.question;
    select.appendChild(o);
  });
  select.addEventListener("change", function () {
    var item = LIBRARY[Number(select.value)];
    if (!item) { return; }
    box.value = item.query;
    document.getElementById("question").textContent = item.question;
  });
  function cell(tag, text) { var c = document.createElement(tag); c.textContent = text; return c; }
  function show(json) {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (json.boolean !== undefined) { results.appendChild(cell("p", json.boolean ? "是 (true)" : "否 (false)")); return 1; }
    var vars = json.head.vars, table = document.createElement("table"), head = document.createElement("tr");
    vars.forEach(function (v) { head.appendChild(cell("th", v)); });
    table.appendChild(head);
    json.results.bindings.forEach(function (b) {
      var tr = document.createElement("tr");
      vars.forEach(function (v) { tr.appendChild(cell("td", b[v] ? b[v].value : "")); });
      table.appendChild(tr);
    });
    results.appendChild(table);
    return json.results.bindings.length;
  }
  document.getElementById("run").addEventListener("click", function () {
    status.textContent = "查询中…";
    var t = Date.now();
    fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json" }, body: box.value })
      .then(function (r) { return r.ok ? r.json() : r.text().then(function (m) { throw new Error(m); }); })
      .then(function (json) { var n = show(json); status.textContent = n + " 行 · " + (Date.now() - t) + " ms"; })
      .catch(function (e) { status.textContent = "错误：" + e.message; });
  });
})();
</script>
</body>
</html>
"""
