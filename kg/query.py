"""SPARQL over an export, on an embedded pyoxigraph store.

rdflib's own SPARQL engine is orders of magnitude slower on large graphs; pyoxigraph runs the
queries, and also writes the standard result formats.

>>> store = load_store(None, data='<http://a> <http://b> "成都"@zh .'.encode())
>>> columns, rows = select(store, "SELECT ?o WHERE { ?s ?p ?o }")
>>> columns, rows
(['o'], [['成都']])
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, UsageError
from kg.ontology import PREFIXES

FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMAT = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}


def graph_file(graph: Path) -> Path:
    """The Turtle/N-Triples file of ``graph`` (a file, or an OUT folder holding graph.ttl)."""
    if graph.is_dir():
        graph = graph / "graph.ttl"
    if not graph.is_file():
        raise UsageError(f"{graph}: no graph here (give a .ttl/.nt file or a folder written by kg build)")
    return graph


def load_store(graph: Path | None, *, data: bytes | None = None) -> ox.Store:
    """An in-memory store holding the graph."""
    store = ox.Store()
    try:
        if data is not None:
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        else:
            path = graph_file(graph)  # type: ignore[arg-type]
            fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
            store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as e:
        raise QueryError(f"{graph}: cannot load the graph ({e})") from e
    return store


def with_prefixes(query: str) -> str:
    """The query with the project's prefixes declared (unless the query declares them itself)."""
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([\w-]*):", query)}
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)
    return head + query


def read_query(query: str) -> str:
    """The query text: ``query`` itself, or the contents of the ``.rq`` file it names."""
    path = Path(query)
    if query.endswith((".rq", ".sparql")) or (len(query) < 256 and "\n" not in query and path.is_file()):
        try:
            return path.read_text(encoding="utf-8-sig")
        except OSError as e:
            raise UsageError(f"{query}: cannot read the query file ({e.strerror})") from e
    return query


def run(store: ox.Store, query: str):
    try:
        return store.query(with_prefixes(query))
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from e
    except (OSError, ValueError, RuntimeError) as e:
        raise QueryError(f"the query failed: {e}") from e


def _term(t) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.NamedNode | ox.Literal):
        return t.value
    return str(t)


def select(store: ox.Store, query: str) -> tuple[list[str], list[list[str]]]:
    """Columns and rows (as plain strings) of a SELECT query."""
    res = run(store, query)
    if not isinstance(res, ox.QuerySolutions):
        raise QueryError("expected a SELECT query")
    cols = [v.value for v in res.variables]
    return cols, [[_term(sol[c]) for c in cols] for sol in res]


def render(store: ox.Store, query: str, fmt: str = "table") -> str:
    """The results of ``query`` as text in ``fmt`` (table, csv, tsv, json)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; available: {', '.join(FORMATS)}")
    res = run(store, query)
    if isinstance(res, ox.QueryBoolean):
        if fmt == "table":
            return ("yes" if bool(res) else "no") + "\n"
        return res.serialize(format=_RESULT_FORMAT[fmt]).decode("utf-8")
    if isinstance(res, ox.QueryTriples):
        return ox.serialize(list(res), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    if fmt != "table":
        return res.serialize(format=_RESULT_FORMAT[fmt]).decode("utf-8")
    cols = [v.value for v in res.variables]
    rows = [[_term(sol[c]) for c in cols] for sol in res]
    return table(cols, rows)


def width(s: str) -> int:
    """Display width: wide (CJK) characters take two columns.

    >>> width("成都a")
    5
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def table(cols: list[str], rows: list[list[str]]) -> str:
    """An aligned text table (CJK-width aware), with the row count."""
    cells = [[c.replace("\n", " ") for c in row] for row in rows]
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(cols)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(cols), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


STATS_QUERY = """
SELECT ?kind ?name (COUNT(*) AS ?n) WHERE {
  { ?s a ?c . FILTER(STRSTARTS(STR(?c), STR(lt:)) && ?c != lt:Document) BIND("entities" AS ?kind) BIND(STRAFTER(STR(?c), "#") AS ?name) }
  UNION
  { ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(lt:)) && ISIRI(?o) && ?p != lt:mentionedIn) BIND("relations" AS ?kind) BIND(STRAFTER(STR(?p), "#") AS ?name) }
  UNION
  { ?s a lt:Document . BIND("documents" AS ?kind) BIND("Document" AS ?name) }
  UNION
  { ?s a rdf:Statement . BIND("statements" AS ?kind) BIND("Statement" AS ?name) }
} GROUP BY ?kind ?name ORDER BY ?kind ?name
"""


def stats(store: ox.Store) -> dict[str, dict[str, int]]:
    """Counts of entities per class, relations per property, documents and statements."""
    _, rows = select(store, STATS_QUERY)
    out: dict[str, dict[str, int]] = {"entities": {}, "relations": {}, "documents": {}, "statements": {}}
    for kind, name, n in rows:
        out[kind][name] = int(n)
    return out
