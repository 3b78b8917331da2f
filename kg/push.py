"""``kg push OUT --endpoint URL``: load an export into an external triple store over the SPARQL 1.1
Graph Store HTTP Protocol, for users whose corpus outgrows one machine.

The export goes into one named graph with ``PUT``, which replaces that graph: pushing the same
export again updates it instead of duplicating it. ``URL`` is the store's graph-store endpoint
(Oxigraph: ``http://host:7878/store``; Fuseki: ``http://host:3030/DATASET/data``).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kg.errors import KGError, UsageError
from kg.graph import ID
from kg.query import graph_file

GRAPH_BASE = ID.replace("/id/", "/graph/")


def default_graph(out: Path) -> str:
    """The named graph an export goes into unless told otherwise: one per OUT folder name."""
    name = out.resolve().name if out.is_dir() else out.resolve().parent.name
    return GRAPH_BASE + urllib.parse.quote(name, safe="")


def push(out: Path, endpoint: str, graph: str | None = None, *, timeout: float = 600.0) -> tuple[str, int]:
    """PUT the export's Turtle into ``graph`` at ``endpoint``; returns the graph IRI and bytes sent."""
    try:
        url = urllib.parse.urlsplit(endpoint)
        url.port  # noqa: B018 - a port that is not a number raises here
    except ValueError as e:
        raise UsageError(f"--endpoint {endpoint!r}: not a URL ({e})") from e
    if url.scheme not in ("http", "https") or not url.netloc:
        raise UsageError(f"--endpoint {endpoint!r}: give the store's graph-store URL, e.g. http://localhost:7878/store")
    graph = graph or default_graph(out)
    if not urllib.parse.urlsplit(graph).scheme:
        raise UsageError(f"--graph {graph!r}: give an absolute IRI")
    body = graph_file(out).read_bytes()
    query = urllib.parse.urlencode({"graph": graph})
    target = endpoint + ("&" if url.query else "?") + query
    req = urllib.request.Request(
        target, data=body, method="PUT", headers={"Content-Type": "text/turtle; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
    except urllib.error.HTTPError as e:
        detail = e.read().decode("utf-8", errors="replace").strip()[:300]
        raise KGError(
            f"{endpoint}: the store refused the graph (HTTP {e.code} {e.reason}{': ' + detail if detail else ''})"
        ) from e
    except TimeoutError as e:
        raise KGError(f"{endpoint}: the store did not answer within {timeout:g} s (--timeout)") from e
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        if isinstance(reason, TimeoutError):
            raise KGError(f"{endpoint}: the store did not answer within {timeout:g} s (--timeout)") from e
        raise KGError(f"{endpoint}: cannot reach the store ({reason})") from e
    return graph, len(body)
