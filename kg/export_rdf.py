"""The graph as RDF triples (contract: entities, documents, relations and statement nodes).

``generate_triples`` is pure and returns the triples sorted; ``write_turtle`` serialises them
with pyoxigraph (fast, and byte-identical for the same graph).

>>> from kg.pipeline import extract_text
>>> from kg.graph import build
>>> g = build([extract_text("位于青羊区的成都星河电子有限公司内。", "a.txt")])
>>> ttl = generate_turtle(g).decode()
>>> "lt:evidence \\"位于青羊区的成都星河电子有限公司内。\\"@zh" in ttl
True
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.graph import ID, doc_iri
from kg.ontology import LT, PREFIXES

RDF = PREFIXES["rdf"]
SKOS = PREFIXES["skos"]
PROV = PREFIXES["prov"]
DCT = PREFIXES["dcterms"]
XSD = PREFIXES["xsd"]


_MEDIA_TYPES = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def statement_iri(head: str, prop: str, tail: str, doc_id: str, start: int) -> str:
    """A stable IRI for the statement node of one fact in one sentence."""
    key = "\x1f".join((head, prop, tail, doc_id, str(start))).encode("utf-8")
    return f"{ID}statement/{hashlib.sha1(key).hexdigest()[:20]}"


def generate_triples(graph: nx.MultiDiGraph) -> list[ox.Triple]:
    """Every triple of the export, in a fixed order: documents, then entities by IRI, each
    followed by its relations (sorted) and their statement nodes (sorted by document and offset)."""
    a = _n(RDF + "type")
    out: list[ox.Triple] = []
    add = out.append
    docs = graph.graph.get("documents", {})
    for doc_id, meta in sorted(docs.items()):
        d = _n(doc_iri(doc_id))
        add(ox.Triple(d, a, _n(LT["Document"])))
        if meta.get("title"):
            add(ox.Triple(d, _n(DCT + "title"), _zh(meta["title"])))
        add(ox.Triple(d, _n(DCT + "source"), ox.Literal(meta.get("source", doc_id))))
        if meta.get("encoding"):
            add(ox.Triple(d, _n(LT["encoding"]), ox.Literal(meta["encoding"])))
        if meta.get("date"):
            add(ox.Triple(d, _n(DCT + "date"), ox.Literal(meta["date"], datatype=_n(XSD + "date"))))
        if meta.get("publisher"):
            add(ox.Triple(d, _n(DCT + "publisher"), _zh(meta["publisher"])))
        if meta.get("format"):
            add(ox.Triple(d, _n(DCT + "format"), ox.Literal(_MEDIA_TYPES.get(meta["format"], meta["format"]))))
    mentioned = _n(LT["mentionedIn"])
    out_edges: dict[str, list[tuple[str, str, dict]]] = {}
    for h, t, prop, data in graph.edges(keys=True, data=True):
        out_edges.setdefault(h, []).append((prop, t, data))
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        s = _n(node)
        add(ox.Triple(s, a, _n(LT[data["cls"]])))
        add(ox.Triple(s, _n(SKOS + "prefLabel"), _zh(data["name"])))
        for alias in sorted(data.get("aliases", ())):
            add(ox.Triple(s, _n(SKOS + "altLabel"), _zh(alias)))
        for doc_id in sorted(data.get("documents", ())):
            add(ox.Triple(s, mentioned, _n(doc_iri(doc_id))))
        statements = []
        for prop, t, edge in sorted(out_edges.get(node, ()), key=lambda x: (x[0], x[1])):
            p = _n(LT[prop])
            add(ox.Triple(s, p, _n(t)))
            statements += [(node, prop, p, t, ev) for ev in edge.get("evidence", ())]
        for h, prop, p, t, ev in sorted(
            statements, key=lambda x: statement_iri(x[0], x[1], x[3], x[4]["doc_id"], x[4]["start"])
        ):
            _statement(add, h, prop, p, t, ev, a)
    return out


@functools.cache
def _term(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _statement(add, h: str, prop: str, p: ox.NamedNode, t: str, ev: dict, a: ox.NamedNode) -> None:
    st = _n(statement_iri(h, prop, t, ev["doc_id"], ev["start"]))
    integer, decimal = _term(XSD + "integer"), _term(XSD + "decimal")
    add(ox.Triple(st, a, _term(RDF + "Statement")))
    add(ox.Triple(st, _term(RDF + "subject"), _term(h)))
    add(ox.Triple(st, _term(RDF + "predicate"), p))
    add(ox.Triple(st, _term(RDF + "object"), _term(t)))
    add(ox.Triple(st, _term(LT["evidence"]), _zh(ev["sentence"])))
    add(ox.Triple(st, _term(PROV + "wasDerivedFrom"), _term(doc_iri(ev["doc_id"]))))
    add(ox.Triple(st, _term(LT["startOffset"]), ox.Literal(str(ev["start"]), datatype=integer)))
    add(ox.Triple(st, _term(LT["endOffset"]), ox.Literal(str(ev["end"]), datatype=integer)))
    add(
        ox.Triple(
            st, _term(LT["confidence"]), ox.Literal(f"{ev['confidence']:.3f}".rstrip("0").rstrip("."), datatype=decimal)
        )
    )
    if ev.get("role"):
        add(ox.Triple(st, _term(LT["role"]), _zh(ev["role"])))
    if ev.get("rule"):
        add(ox.Triple(st, _term(LT["rule"]), ox.Literal(ev["rule"])))


def generate_turtle(graph: nx.MultiDiGraph) -> bytes:
    # entity IRIs are written in full (<…/Region/成都市>): easier to read and to copy into a query
    prefixes = {k: v for k, v in PREFIXES.items() if k not in ("owl", "ltid")}
    return ox.serialize(generate_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""


def write_turtle(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as Turtle to ``path`` (callers write into a temporary folder first)."""
    path.write_bytes(generate_turtle(graph))
