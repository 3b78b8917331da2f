"""The graph as RDF and back: entities, documents, relations and their statement nodes.

One table of fields says which predicate states which attribute of a record (``Node``,
``DocumentInfo``, ``Evidence``) and how its value becomes an RDF term; the writer and the reader
both go through it. ``generate_triples`` is pure and returns the triples in a fixed order;
``write_turtle`` serialises them with pyoxigraph (fast, and byte-identical for the same graph);
``read_turtle`` gives the graph back (without the merges, which the RDF does not hold).

>>> from kg.pipeline import extract_text
>>> from kg.graph import build_graph, nodes
>>> g = build_graph([extract_text("位于青羊区的成都星河电子有限公司内。", "a.txt")])
>>> ttl = generate_turtle(g)
>>> "lt:evidence \\"位于青羊区的成都星河电子有限公司内。\\"@zh" in ttl.decode()
True
>>> sorted(nodes(read_turtle(ttl))) == sorted(nodes(g))
True
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import multiprocessing as mp
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import networkx as nx
import pyoxigraph as ox

from kg.errors import DataError, InputError, KGError
from kg.graph import ID, add_node, doc_iri, documents, node
from kg.ontology import LT, PREFIXES
from kg.records import DocumentInfo, Evidence, Node

RDF = PREFIXES["rdf"]
SKOS = PREFIXES["skos"]
PROV = PREFIXES["prov"]
DCT = PREFIXES["dcterms"]
XSD = PREFIXES["xsd"]

_LT = LT["Document"][: -len("Document")]  # the ontology's namespace
_DOC = ID + "Document/"
_STATEMENT = ID + "statement/"

#: The media type written for each document format (``dcterms:format``).
MEDIA_TYPES = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_FORMATS = {media: name for name, media in MEDIA_TYPES.items()}


@functools.cache
def _term(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@dataclass(frozen=True)
class Kind:
    """How a value becomes an RDF term (``write``) and back from the term's text (``read``);
    ``empty`` is the value of a field a subject does not state."""

    write: Callable[[Any], ox.NamedNode | ox.Literal]
    read: Callable[[str], Any]
    empty: Any = ""


def _decimal(value: float) -> ox.Literal:
    return ox.Literal(f"{value:.3f}".rstrip("0").rstrip("."), datatype=_term(XSD + "decimal"))


@functools.lru_cache(maxsize=1 << 16)
def _zh(value: str) -> ox.Literal:
    """A Chinese literal; names and evidence sentences recur across statements, so made once."""
    return ox.Literal(value, language="zh")


@functools.lru_cache(maxsize=1 << 16)
def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_term(XSD + "integer"))


ZH = Kind(_zh, str)
TEXT = Kind(ox.Literal, str)
DATE = Kind(lambda v: ox.Literal(v, datatype=_term(XSD + "date")), str)
MEDIA = Kind(lambda v: ox.Literal(MEDIA_TYPES.get(v, v)), lambda s: _FORMATS.get(s, s))
INTEGER = Kind(_integer, int, 0)
OFFSET = Kind(INTEGER.write, int, -1)  # a name's offset: -1 when an older export does not state it
DECIMAL = Kind(_decimal, float, 0.0)
DOCUMENT = Kind(functools.lru_cache(maxsize=1 << 16)(lambda v: _term(doc_iri(v))), lambda s: unquote(s[len(_DOC) :]))


@dataclass(frozen=True)
class Field:
    """An attribute of a record, the predicate that states it, and its kind of value. ``always``:
    written even when empty; ``many``: a tuple of values, one triple each (sorted)."""

    attr: str
    predicate: str
    kind: Kind
    always: bool = False
    many: bool = False


#: An entity's names and documents (its class is its ``rdf:type``).
NODE_FIELDS = (
    Field("name", SKOS + "prefLabel", ZH, always=True),
    Field("aliases", SKOS + "altLabel", ZH, many=True),
    Field("documents", LT["mentionedIn"], DOCUMENT, many=True),
)
#: A document's metadata, in the order written.
DOCUMENT_FIELDS = (
    Field("title", DCT + "title", ZH),
    Field("source", DCT + "source", TEXT, always=True),
    Field("encoding", LT["encoding"], TEXT),
    Field("date", DCT + "date", DATE),
    Field("publisher", DCT + "publisher", ZH),
    Field("format", DCT + "format", MEDIA),
)
#: The evidence of a statement node, after its ``rdf:subject``, ``rdf:predicate``, ``rdf:object``.
STATEMENT_FIELDS = (
    Field("sentence", LT["evidence"], ZH, always=True),
    Field("doc_id", PROV + "wasDerivedFrom", DOCUMENT, always=True),
    Field("start", LT["startOffset"], INTEGER, always=True),
    Field("end", LT["endOffset"], INTEGER, always=True),
    Field("confidence", LT["confidence"], DECIMAL, always=True),
    Field("role", LT["role"], ZH),
    Field("rule", LT["rule"], TEXT),
    Field("head_start", LT["headStart"], OFFSET, always=True),
    Field("head_end", LT["headEnd"], OFFSET, always=True),
    Field("tail_start", LT["tailStart"], OFFSET, always=True),
    Field("tail_end", LT["tailEnd"], OFFSET, always=True),
)
_STATEMENT_LINKS = {RDF + "subject": "head", RDF + "predicate": "prop", RDF + "object": "tail"}


def _write_fields(add: Callable[[ox.Triple], None], s: ox.NamedNode, table: Iterable[Field], record: object) -> None:
    """The triples stating ``record``'s fields about ``s``, in the table's order."""
    for f in table:
        value = getattr(record, f.attr)
        if f.many:
            for v in sorted(value):
                add(ox.Triple(s, _term(f.predicate), f.kind.write(v)))
        elif value or f.always:
            add(ox.Triple(s, _term(f.predicate), f.kind.write(value)))


def _read_fields(table: Iterable[Field], found: dict[str, Any]) -> dict[str, Any]:
    """The record fields of the raw values ``found`` (by attribute), empty where not stated."""
    out: dict[str, Any] = {}
    for f in table:
        raw = found.get(f.attr)
        if f.many:
            out[f.attr] = tuple(sorted(f.kind.read(v) for v in raw or ()))
        else:
            out[f.attr] = f.kind.empty if raw is None else f.kind.read(raw)
    return out


_NODE_PREDICATES = {f.predicate: f for f in NODE_FIELDS}
_DOCUMENT_PREDICATES = {f.predicate: f for f in DOCUMENT_FIELDS}
_STATEMENT_PREDICATES = {f.predicate: f for f in STATEMENT_FIELDS}


def _collect(by_predicate: dict[str, Field], found: dict[str, Any], p: str, value: str) -> bool:
    """Keep ``value`` in ``found`` if ``p`` is the predicate of a field; whether it is."""
    f = by_predicate.get(p)
    if f is None:
        return False
    if f.many:
        found.setdefault(f.attr, []).append(value)
    else:
        found[f.attr] = value
    return True


# --------------------------------------------------------------------------------------
# Writing


def statement_iri(head: str, prop: str, tail: str, doc_id: str, start: int) -> str:
    """A stable IRI for the statement node of one fact in one sentence."""
    key = "\x1f".join((head, prop, tail, doc_id, str(start))).encode("utf-8")
    return f"{ID}statement/{hashlib.sha1(key).hexdigest()[:20]}"


def generate_triples(graph: nx.MultiDiGraph, part: slice | None = None) -> Iterator[ox.Triple]:
    """Every triple of the export, in a fixed order: documents, then entities by IRI, each
    followed by its relations (sorted) and their statement nodes (sorted by document and offset).
    Made one entity at a time, so that writing a large graph never holds all its triples. With
    ``part``, only those of the entities in that slice of the sorted IRIs (and the documents
    when the slice starts at the first)."""
    a = _term(RDF + "type")
    out: list[ox.Triple] = []
    add = out.append
    nodes = sorted(graph.nodes)
    if part is not None:
        nodes = nodes[part]
    if part is None or not part.start:
        for doc_id, meta in sorted(documents(graph).items()):
            d = ox.NamedNode(doc_iri(doc_id))
            add(ox.Triple(d, a, _term(LT["Document"])))
            _write_fields(add, d, DOCUMENT_FIELDS, meta)
    wanted = set(nodes) if part is not None else None
    out_edges: dict[str, list[tuple[str, str, dict]]] = {}
    for h, t, prop, data in graph.edges(keys=True, data=True):
        if wanted is None or h in wanted:
            out_edges.setdefault(h, []).append((prop, t, data))
    for n in nodes:
        entity = node(graph, n)
        s = ox.NamedNode(n)
        add(ox.Triple(s, a, _term(LT[entity.cls])))
        _write_fields(add, s, NODE_FIELDS, entity)
        statements: list[tuple[str, str, Evidence]] = []
        for prop, t, edge in sorted(out_edges.get(n, ()), key=lambda x: (x[0], x[1])):
            add(ox.Triple(s, _term(LT[prop]), ox.NamedNode(t)))
            statements += [(prop, t, ev) for ev in edge.get("evidence", ())]
        named = sorted(
            ((statement_iri(n, prop, t, ev.doc_id, ev.start), prop, t, ev) for prop, t, ev in statements),
            key=lambda x: x[0],
        )
        for iri, prop, t, ev in named:
            _statement(add, iri, n, prop, t, ev)
        yield from out
        out.clear()
    yield from out


def _statement(add: Callable[[ox.Triple], None], iri: str, h: str, prop: str, t: str, ev: Evidence) -> None:
    st = ox.NamedNode(iri)
    add(ox.Triple(st, _term(RDF + "type"), _term(RDF + "Statement")))
    add(ox.Triple(st, _term(RDF + "subject"), _term(h)))
    add(ox.Triple(st, _term(RDF + "predicate"), _term(LT[prop])))
    add(ox.Triple(st, _term(RDF + "object"), _term(t)))
    _write_fields(add, st, STATEMENT_FIELDS, ev)


def generate_turtle(graph: nx.MultiDiGraph) -> bytes:
    """The export as Turtle bytes."""
    return ox.serialize(generate_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=_turtle_prefixes()) or b""


def _turtle_prefixes() -> dict[str, str]:
    # entity IRIs are written in full (<…/Region/成都市>): easier to read and to copy into a query
    return {k: v for k, v in PREFIXES.items() if k not in ("owl", "ltid")}


#: entities below which a graph is written by one process whatever ``jobs`` says
PARALLEL_ENTITIES = 2000


def write_turtle(graph: nx.MultiDiGraph, path: Path, jobs: int = 1, least: int = PARALLEL_ENTITIES) -> None:
    """Write ``graph`` as Turtle to ``path`` (callers write into a temporary folder first). With
    ``jobs`` > 1 and at least ``least`` entities, ``jobs`` processes forked from this one (so the
    graph is shared, not copied) each write the triples of a slice of the entities, and the
    slices are joined in order without their repeated prefix lines: the same bytes as one process."""
    prefixes = _turtle_prefixes()
    count = graph.number_of_nodes()
    if jobs < 2 or count < least or not sys.platform.startswith("linux"):  # fork is safe on Linux only
        ox.serialize(generate_triples(graph), str(path), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        return
    parts = _balanced(graph, jobs)
    ctx = mp.get_context("fork")
    names = [path.with_name(f"{path.name}.part{k}") for k in range(len(parts))]
    children = [ctx.Process(target=_write_part, args=(graph, p, n, prefixes)) for p, n in zip(parts[1:], names[1:])]
    for c in children:
        c.start()
    try:
        ox.serialize(generate_triples(graph, parts[0]), str(path), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        for c in children:
            c.join()
        if any(c.exitcode for c in children):
            raise KGError(f"writing {path.name}: a process writing part of it failed")
        with open(path, "ab") as whole:
            for name in names[1:]:
                with open(name, "rb") as f:
                    for _ in range(len(prefixes)):  # the prefix lines, written once at the top
                        f.readline()
                    shutil.copyfileobj(f, whole)
    finally:
        for c in children:
            if c.is_alive():
                c.kill()
                c.join()
        for name in names[1:]:
            name.unlink(missing_ok=True)


def _balanced(graph: nx.MultiDiGraph, jobs: int) -> list[slice]:
    """``jobs`` slices of the sorted entities with about as many triples each (an entity's
    statements make most of them)."""
    weight = dict.fromkeys(graph.nodes, 4)
    for h, _, data in graph.edges(data=True):
        weight[h] += 1 + 16 * len(data.get("evidence", ()))
    nodes = sorted(weight)
    total = sum(weight.values()) + 8 * len(documents(graph))  # the documents go with the first slice
    cuts, run = [0], 8 * len(documents(graph))
    for k, n in enumerate(nodes):
        run += weight[n]
        if run * jobs >= total * len(cuts) and len(cuts) < jobs:
            cuts.append(k + 1)
    cuts.append(len(nodes))
    return [slice(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _write_part(graph: nx.MultiDiGraph, part: slice, path: Path, prefixes: dict[str, str]) -> None:
    """In a forked process: the Turtle of one slice of the entities."""
    ox.serialize(generate_triples(graph, part), str(path), format=ox.RdfFormat.TURTLE, prefixes=prefixes)


# --------------------------------------------------------------------------------------
# Reading


def read_graph(path: Path) -> nx.MultiDiGraph:
    """The graph of an exported Turtle file; a clear error if it is missing or not Turtle."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(str(path), f"cannot read the graph ({e.strerror or e})") from e
    try:
        return read_turtle(data)
    except SyntaxError as e:
        raise DataError(f"{path}: not a Turtle graph ({e})") from e


@dataclass
class _Found:
    """The raw values of a Turtle file, by subject, before they become records."""

    docs: dict[str, dict[str, Any]]
    nodes: dict[str, dict[str, Any]]
    statements: dict[str, dict[str, Any]]
    edges: set[tuple[str, str, str]]


def read_turtle(data: bytes) -> nx.MultiDiGraph:
    """Entities (class, names, documents), relations with their evidence, document metadata."""
    found = _parse(data)
    g = nx.MultiDiGraph()
    for n, raw in found.nodes.items():
        if "cls" in raw and "name" in raw:
            add_node(g, Node(iri=n, cls=raw["cls"], **_read_fields(NODE_FIELDS, raw)))
    for h, prop, t in sorted(found.edges):
        if h in g and t in g:
            g.add_edge(h, t, key=prop, prop=prop, evidence=[])
    for raw in found.statements.values():
        h, t, prop = raw.get("head", ""), raw.get("tail", ""), raw.get("prop", "")[len(_LT) :]
        if g.has_edge(h, t, key=prop):
            g.edges[h, t, prop]["evidence"].append(Evidence(**_read_fields(STATEMENT_FIELDS, raw)))
    for _, _, d in g.edges(data=True):
        d["evidence"] = tuple(sorted(d["evidence"], key=Evidence.key))
    g.graph["documents"] = {
        k: DocumentInfo(doc_id=k, **_read_fields(DOCUMENT_FIELDS, found.docs[k])) for k in sorted(found.docs)
    }
    return g


def _parse(data: bytes) -> _Found:
    """Sort the triples of ``data`` by what their subject is: a document, a statement or an entity."""
    found = _Found({}, {}, {}, set())
    for triple in ox.parse(data, format=ox.RdfFormat.TURTLE):
        s, p, o = triple.subject.value, triple.predicate.value, triple.object
        if p == RDF + "type":
            if o.value.startswith(_LT) and s.startswith(ID) and not s.startswith(_DOC) and o.value != LT["Document"]:
                found.nodes.setdefault(s, {})["cls"] = o.value[len(_LT) :]
            elif o.value == RDF + "Statement":
                found.statements.setdefault(s, {})
        elif s.startswith(_DOC):
            _collect(_DOCUMENT_PREDICATES, found.docs.setdefault(unquote(s[len(_DOC) :]), {}), p, o.value)
        elif s in found.statements or s.startswith(_STATEMENT):
            st = found.statements.setdefault(s, {})
            if p in _STATEMENT_LINKS:
                st[_STATEMENT_LINKS[p]] = o.value
            else:
                _collect(_STATEMENT_PREDICATES, st, p, o.value)
        elif _collect(_NODE_PREDICATES, found.nodes.setdefault(s, {}), p, o.value):
            continue
        elif p.startswith(_LT) and isinstance(o, ox.NamedNode):  # a relation
            found.edges.add((s, p[len(_LT) :], o.value))
    return found
