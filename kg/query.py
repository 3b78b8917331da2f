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
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg.errors import KGError, QueryError, QueryTooCostly, UsageError
from kg.ontology import PREFIXES

FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMAT = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


STORE_DIR = "store"  # the persistent pyoxigraph store ``kg build --store`` writes into OUT
_RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
}


def graph_file(graph: Path) -> Path:
    """The RDF file of ``graph`` (a .ttl/.nt/.trig/.nq file, or an OUT folder holding graph.ttl)."""
    if graph.is_dir():
        graph = graph / "graph.ttl"
    if not graph.is_file():
        raise UsageError(f"{graph}: no graph here (give a .ttl/.nt/.trig file or a folder written by kg build)")
    return graph


def store_dir(graph: Path | None) -> Path | None:
    """The persistent store of an OUT folder, when ``kg build --store`` wrote one."""
    if graph is not None and graph.is_dir() and (graph / STORE_DIR).is_dir():
        return graph / STORE_DIR
    return None


def load_store(graph: Path | None, *, data: bytes | None = None) -> ox.Store:
    """A store holding the graph: OUT's persistent store opened read-only when there is one, else
    the graph file loaded into memory."""
    try:
        if data is not None:
            store = ox.Store()
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
            return store
        persistent = store_dir(graph)
        if persistent is not None:
            return ox.Store.read_only(str(persistent))
        path = graph_file(graph)  # type: ignore[arg-type]
        store = ox.Store()
        store.bulk_load(path=str(path), format=_RDF_FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE))
        return store
    except (SyntaxError, ValueError, OSError) as e:
        raise QueryError(f"{graph}: cannot load the graph ({e})") from e


def write_store(ttl: Path, folder: Path) -> None:
    """A persistent store at ``folder`` holding the Turtle file ``ttl`` (for large graphs)."""
    store = ox.Store(str(folder))
    store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    store.optimize()
    store.flush()
    del store


def execute(
    graph: Path,
    query: str,
    fmt: str = "table",
    *,
    params: dict | None = None,
    limit: int | None = None,
    timeout: float | None = None,
    min_confidence: float = 0.0,
    allow_service: frozenset[str] = frozenset(),
    on_note: Callable[[str], None] | None = None,
) -> str:
    """Load ``graph`` and render ``query``, stopped after ``timeout`` seconds; with
    ``min_confidence``, over the facts at least that sure only (``sure_only``). The query's
    declared inputs (``defaults``) are bound, ``params`` over them; ``on_note`` hears of a
    parameter that matches nothing in the graph."""

    given = dict(params or {})

    def task() -> tuple[str, list[str]]:
        store = load_store(graph)
        check_services(query, allow_service)  # before any work
        graph_store = sure_only(store, min_confidence) if min_confidence > 0 else store
        text = render(graph_store, query, fmt, given, limit, allow_service)
        return text, unmatched(store, {k: v for k, v in bind(query, given).items() if k in given})

    text, missing = in_worker(task, timeout)
    if missing and on_note is not None:
        on_note(
            f"nothing in the graph is called {', '.join(missing)} (a name or an alias, as written in the documents)"
        )
    return text


def sure_only(store: ox.Store, threshold: float) -> ox.Store:
    """A copy of ``store`` without the facts less sure than ``threshold``: statement nodes whose
    ``lt:confidence`` is lower, and relation triples none of whose statements reaches it."""
    out = ox.Store()
    out.bulk_extend(store.quads_for_pattern(None, None, None, None))
    least = f"{float(threshold):.6f}"  # a number checked by the command line, never the user's text
    weak = _rows(out, f"SELECT ?s ?p ?o WHERE {{ ?s lt:confidence ?c ; ?p ?o . FILTER(?c < {least}) }}")
    unsupported = _rows(
        out,
        "SELECT DISTINCT ?s ?p ?o WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ."
        " FILTER NOT EXISTS { ?ok rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; lt:confidence ?d ."
        f" FILTER(?d >= {least}) }} }}",
    )
    for s, p, o in weak + unsupported:
        out.remove(ox.Quad(s, p, o, ox.DefaultGraph()))
    return out


def _rows(store: ox.Store, query: str) -> list[tuple]:
    solutions = store.query(query, prefixes=dict(PREFIXES))
    assert isinstance(solutions, ox.QuerySolutions)
    return [(r["s"], r["p"], r["o"]) for r in solutions]


def in_worker(task, timeout: float | None):
    """``task()`` run in a forked worker process that is killed after ``timeout`` seconds: an
    embedded engine cannot be interrupted otherwise. Our errors come back as themselves."""
    if timeout is None:
        return task()
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_work, args=(send, task), daemon=True)
    worker.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise QueryTooCostly(
                f"the query ran longer than {timeout:g} s and was stopped (raise --timeout to wait longer)"
            )
        kind, payload, code = receive.recv()
    except EOFError:
        raise QueryError("the query worker ended without an answer (out of memory?)") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receive.close()
    if kind == "error":
        raise UsageError(payload) if code == 2 else QueryError(payload)
    return payload


def _work(send, task) -> None:
    try:
        send.send(("ok", task(), 0))
    except KGError as e:
        send.send(("error", str(e), e.exit_code))
    except Exception as e:  # noqa: BLE001 - a bug: reported by the parent in one line
        send.send(("error", f"internal error: {type(e).__name__}: {e}", 1))


def with_prefixes(query: str) -> str:
    """The query with the project's prefixes declared (unless the query declares them itself)."""
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([\w-]*):", query)}
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)
    return head + query


def library() -> dict[str, str]:
    """The library of questions (``kg/queries/*.rq``) by name, with their text."""
    from importlib import resources

    folder = resources.files("kg") / "queries"
    return {
        p.name[:-3]: p.read_text(encoding="utf-8")
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".rq")
    }


def defaults(text: str) -> dict[str, ox.NamedNode | ox.Literal]:
    """The inputs a query declares with a default, one comment line each
    (``# param: name = 东华村@zh  (what it is)``), read as ``--param`` values are.

    >>> defaults("# param: name = 东华村@zh  (a name)\\nSELECT …")
    {'name': <Literal value=东华村 language=zh>}
    """
    return dict(
        parameter(f"{m.group(1)}={m.group(2)}") for m in re.finditer(r"(?m)^#\s*param:\s*(\w+)\s*=\s*(\S+)", text)
    )


def bind(query: str, given: dict) -> dict:
    """The query's declared inputs with the user's values over them; a plain value given for an
    input declared with a language (a Chinese label) takes that language: ``name=龙泉驿区`` finds
    the label ``"龙泉驿区"@zh``."""
    declared = defaults(query)
    out = dict(declared)
    for name, value in given.items():
        default = declared.get(name)
        if (
            isinstance(value, ox.Literal)
            and isinstance(default, ox.Literal)
            and default.language
            and not value.language
            and value.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
        ):
            value = ox.Literal(value.value, language=default.language)
        out[name] = value
    return out


def unmatched(store: ox.Store, params: dict) -> list[str]:
    """The text values among ``params`` that no triple of the graph has: a name given wrong
    finds nothing, and the user should hear why."""
    return [
        f"{name}={value.value}"
        for name, value in sorted(params.items())
        if isinstance(value, ox.Literal) and not bool(run(store, "ASK { ?s ?p ?v }", {"v": value}))
    ]


def describe(text: str) -> str:
    """The first comment line of a library query: the question it answers."""
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    return first.lstrip("# ").strip() if first.startswith("#") else ""


def read_query(query: str) -> str:
    """The query text: ``query`` itself, the ``.rq`` file it names, or the library query it names."""
    path = Path(query)
    if query.endswith((".rq", ".sparql")) or (len(query) < 256 and "\n" not in query and path.is_file()):
        try:
            return path.read_text(encoding="utf-8-sig")
        except OSError as e:
            raise UsageError(f"{query}: cannot read the query file ({e.strerror})") from e
    if re.fullmatch(r"[\w.-]+", query) and not re.fullmatch(r"(?i)select|ask|construct|describe", query):
        lib = library()
        if query in lib:
            return lib[query]
        names = "\n".join(f"  {n:<28} {describe(t)}" for n, t in lib.items())
        raise UsageError(f"no library query called {query!r}; the library has:\n{names}")
    return query


_UPDATE = re.compile(
    r"(?is)^(?:\s|#[^\n]*\n)*(?:(?:PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s*<[^>]*>)(?:\s|#[^\n]*\n)*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b"
)
_LIMIT = re.compile(r"(?is)\bLIMIT\s+(\d+)(\s+OFFSET\s+\d+)?\s*$")


def is_update(query: str) -> bool:
    """Whether ``query`` is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP…)."""
    return _UPDATE.match(query) is not None


def with_limit(query: str, limit: int | None) -> str:
    """The query returning at most ``limit`` rows (its own LIMIT kept when smaller)."""
    if limit is None:
        return query
    m = _LIMIT.search(query)
    if m is None:
        body = query.rstrip()
        gap = "\n" if "#" in body.rsplit("\n", 1)[-1] else " "  # a comment would swallow it
        return f"{body}{gap}LIMIT {limit}\n"
    if int(m.group(1)) <= limit:
        return query
    return query[: m.start(1)] + str(limit) + query[m.end(1) :]


def parameter(text: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``name=value`` as a variable binding: ``<iri>`` an IRI, ``value@zh`` a literal with a
    language, anything else a plain literal. Values are bound, never pasted into the query text.

    >>> parameter("name=成都市@zh")
    ('name', <Literal value=成都市 language=zh>)
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"\w+", name):
        raise UsageError(f"--param {text!r}: write NAME=VALUE (VALUE, VALUE@zh or <IRI>)")
    if value.startswith("<") and value.endswith(">"):
        try:
            return name, ox.NamedNode(value[1:-1])
        except ValueError as e:
            raise UsageError(f"--param {text!r}: {value} is not an IRI ({e})") from e
    lang = re.fullmatch(r"(?s)(.*)@([a-zA-Z]{2,3}(?:-[\w]+)?)", value)
    if lang:
        return name, ox.Literal(lang.group(1), language=lang.group(2))
    return name, ox.Literal(value)


def services(query: str) -> list[str]:
    """The endpoints the query's SERVICE clauses call (``?var`` for a variable one), read from the
    parsed query so that comments, strings and letter case hide none; when the query does not
    parse here, every word SERVICE in it counts (refusing too much rather than too little)."""
    if "service" not in query.casefold() and "\\u" not in query.casefold():
        return []  # no SERVICE can hide in it (only \u escapes come before parsing): no need to parse
    from rdflib import URIRef
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(with_prefixes(query))
    except Exception:  # noqa: BLE001 - rdflib's parser rejects a few queries oxigraph reads
        hidden = "\\u" in query.casefold()  # an escape the parser could not read may spell SERVICE
        return ["?unparsed"] * (len(re.findall(r"(?i)\bservice\b", query)) + hidden)
    found: list[str] = []

    def walk(node: object) -> None:
        if getattr(node, "name", None) == "ServiceGraphPattern":
            term = node.get("term")  # type: ignore[attr-defined]
            found.append(str(term) if isinstance(term, URIRef) else "?var")  # SERVICE ?e: a variable endpoint
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
            for v in node:  # type: ignore[attr-defined]
                walk(v)

    walk(tree)
    return found


def check_services(query: str, allow: frozenset[str] = frozenset()) -> None:
    """Refuse a query that would make the engine send requests (SERVICE), unless each endpoint's
    host is one the user allowed (``--allow-service``)."""
    for endpoint in services(query):
        host = urlsplit(endpoint).hostname or ""
        if endpoint.startswith("?") or host.lower() not in allow:
            where = "a variable or unreadable endpoint" if endpoint.startswith("?") else endpoint
            raise QueryError(
                f"the query calls another endpoint with SERVICE ({where}); queries stay on this graph "
                "unless you allow that host (--allow-service HOST)"
            )


def run(
    store: ox.Store,
    query: str,
    params: dict | None = None,
    limit: int | None = None,
    allow_service: frozenset[str] = frozenset(),
):
    if is_update(query):
        raise QueryError("this is a SPARQL update; kg query only reads (an export changes by building it again)")
    check_services(query, allow_service)
    subs = {ox.Variable(k): v for k, v in bind(query, params or {}).items()}
    text = with_limit(query, limit)
    try:
        try:
            return store.query(text, prefixes=dict(PREFIXES), substitutions=subs or None)
        except (OSError, ValueError, RuntimeError) as e:
            if not subs or "projection" not in str(e):
                raise
            # a variable the query does not return: bound by a VALUES block of terms that
            # pyoxigraph itself writes (escaped), still never the user's raw text
            values = "".join(f"\nVALUES ?{k.value} {{ {v} }}" for k, v in subs.items())
            return store.query(text.rstrip() + values, prefixes=dict(PREFIXES))
    except SyntaxError as e:
        m = re.match(r"error at (\d+):(\d+): (.*)", str(e))
        if m:
            raise QueryError(f"SPARQL syntax error at line {m.group(1)}, column {m.group(2)}: {m.group(3)}") from e
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


def render(
    store: ox.Store,
    query: str,
    fmt: str = "table",
    params: dict | None = None,
    limit: int | None = None,
    allow_service: frozenset[str] = frozenset(),
) -> str:
    """The results of ``query`` as text in ``fmt`` (table, csv, tsv, json)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; available: {', '.join(FORMATS)}")
    res = run(store, query, params, limit, allow_service)
    if isinstance(res, ox.QueryBoolean):
        if fmt == "table":
            return ("yes" if bool(res) else "no") + "\n"
        return (res.serialize(format=_RESULT_FORMAT[fmt]) or b"").decode("utf-8")
    if isinstance(res, ox.QueryTriples):
        return (ox.serialize(list(res), format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    if fmt != "table":
        return (res.serialize(format=_RESULT_FORMAT[fmt]) or b"").decode("utf-8")
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
