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

import hashlib
from decimal import Decimal
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


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def statement_iri(head: str, prop: str, tail: str, doc_id: str, start: int) -> str:
    """A stable IRI for the statement node of one fact in one sentence."""
    key = "\x1f".join((head, prop, tail, doc_id, str(start))).encode("utf-8")
    return f"{ID}statement/{hashlib.sha1(key).hexdigest()[:20]}"


def generate_triples(graph: nx.MultiDiGraph) -> list[ox.Triple]:
    """Every triple of the export, sorted."""
    a = _n(RDF + "type")
    out: list[ox.Triple] = []
    add = out.append
    docs = graph.graph.get("documents", {})
    for doc_id, meta in docs.items():
        d = _n(doc_iri(doc_id))
        add(ox.Triple(d, a, _n(LT["Document"])))
        if meta.get("title"):
            add(ox.Triple(d, _n(DCT + "title"), _zh(meta["title"])))
        add(ox.Triple(d, _n(DCT + "source"), ox.Literal(meta.get("source", doc_id))))
        if meta.get("encoding"):
            add(ox.Triple(d, _n(LT["encoding"]), ox.Literal(meta["encoding"])))
    mentioned = _n(LT["mentionedIn"])
    for node, data in graph.nodes(data=True):
        s = _n(node)
        add(ox.Triple(s, a, _n(LT[data["cls"]])))
        add(ox.Triple(s, _n(SKOS + "prefLabel"), _zh(data["name"])))
        for alias in data.get("aliases", ()):
            add(ox.Triple(s, _n(SKOS + "altLabel"), _zh(alias)))
        for doc_id in data.get("documents", ()):
            add(ox.Triple(s, mentioned, _n(doc_iri(doc_id))))
    for h, t, prop, data in graph.edges(keys=True, data=True):
        p = _n(LT[prop])
        add(ox.Triple(_n(h), p, _n(t)))
        for ev in data.get("evidence", ()):
            st = _n(statement_iri(h, prop, t, ev["doc_id"], ev["start"]))
            add(ox.Triple(st, a, _n(RDF + "Statement")))
            add(ox.Triple(st, _n(RDF + "subject"), _n(h)))
            add(ox.Triple(st, _n(RDF + "predicate"), p))
            add(ox.Triple(st, _n(RDF + "object"), _n(t)))
            add(ox.Triple(st, _n(LT["evidence"]), _zh(ev["sentence"])))
            add(ox.Triple(st, _n(PROV + "wasDerivedFrom"), _n(doc_iri(ev["doc_id"]))))
            add(ox.Triple(st, _n(LT["startOffset"]), ox.Literal(str(ev["start"]), datatype=_n(XSD + "integer"))))
            add(ox.Triple(st, _n(LT["endOffset"]), ox.Literal(str(ev["end"]), datatype=_n(XSD + "integer"))))
            conf = str(Decimal(str(round(ev["confidence"], 3))))
            add(ox.Triple(st, _n(LT["confidence"]), ox.Literal(conf, datatype=_n(XSD + "decimal"))))
            if ev.get("role"):
                add(ox.Triple(st, _n(LT["role"]), _zh(ev["role"])))
            if ev.get("rule"):
                add(ox.Triple(st, _n(LT["rule"]), ox.Literal(ev["rule"])))
    return sorted(set(out), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def generate_turtle(graph: nx.MultiDiGraph) -> bytes:
    # entity IRIs are written in full (<…/Region/成都市>): easier to read and to copy into a query
    prefixes = {k: v for k, v in PREFIXES.items() if k not in ("owl", "ltid")}
    return ox.serialize(generate_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def write_turtle(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as Turtle to ``path`` (callers write into a temporary folder first)."""
    path.write_bytes(generate_turtle(graph))
