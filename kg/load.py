"""Read an exported ``graph.ttl`` back into the NetworkX graph the exporters take, and cut
sub-graphs out of it (an entity's neighbourhood, some classes) for ``kg viz``.

>>> from kg.pipeline import extract_text
>>> from kg.graph import build
>>> from kg.export_rdf import generate_turtle
>>> g = build([extract_text("位于青羊区的成都星河电子有限公司内。", "a.txt")])
>>> back = read_turtle(generate_turtle(g))
>>> sorted(d["name"] for _, d in back.nodes(data=True)) == sorted(d["name"] for _, d in g.nodes(data=True))
True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pyoxigraph as ox

from kg.errors import DataError, InputError, UsageError
from kg.export_rdf import _MEDIA_TYPES
from kg.graph import ID
from kg.ontology import LT, PREFIXES

_RDF, _SKOS, _PROV, _DCT = PREFIXES["rdf"], PREFIXES["skos"], PREFIXES["prov"], PREFIXES["dcterms"]
_DOC = ID + "Document/"
_STATEMENT = ID + "statement/"
_DOC_FIELDS = {
    _DCT + "title": "title",
    _DCT + "source": "source",
    _DCT + "date": "date",
    _DCT + "publisher": "publisher",
    _DCT + "format": "format",
    LT["encoding"]: "encoding",
}
_FORMATS = {media: name for name, media in _MEDIA_TYPES.items()}
_LT = LT["Document"][: -len("Document")]


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


def read_turtle(data: bytes) -> nx.MultiDiGraph:
    """Entities (class, names, documents), relations with their evidence, document metadata."""
    g = nx.MultiDiGraph()
    docs: dict[str, dict[str, str]] = {}
    nodes: dict[str, dict] = {}
    statements: dict[str, dict] = {}
    edges: set[tuple[str, str, str]] = set()
    for t in ox.parse(data, format=ox.RdfFormat.TURTLE):
        s, p, o = t.subject.value, t.predicate.value, t.object
        if p == _RDF + "type":
            if o.value.startswith(_LT) and s.startswith(ID) and not s.startswith(_DOC) and o.value != LT["Document"]:
                nodes.setdefault(s, {})["cls"] = o.value[len(_LT) :]
            elif o.value == _RDF + "Statement":
                statements.setdefault(s, {})
            continue
        if s.startswith(_DOC):
            meta = docs.setdefault(unquote(s[len(_DOC) :]), {})
            key = _DOC_FIELDS.get(p)
            if key:
                meta[key] = _FORMATS.get(o.value, o.value) if key == "format" else o.value
            continue
        if s in statements or s.startswith(_STATEMENT):
            st = statements.setdefault(s, {})
            field = {
                _RDF + "subject": "head",
                _RDF + "predicate": "prop",
                _RDF + "object": "tail",
                LT["evidence"]: "sentence",
                _PROV + "wasDerivedFrom": "doc",
                LT["startOffset"]: "start",
                LT["endOffset"]: "end",
                LT["confidence"]: "confidence",
                LT["role"]: "role",
                LT["rule"]: "rule",
            }.get(p)
            if field:
                st[field] = o.value
            continue
        node = nodes.setdefault(s, {})
        if p == _SKOS + "prefLabel":
            node["name"] = o.value
        elif p == _SKOS + "altLabel":
            node.setdefault("aliases", []).append(o.value)
        elif p == LT["mentionedIn"]:
            node.setdefault("documents", []).append(unquote(o.value[len(_DOC) :]))
        elif p.startswith(_LT) and isinstance(o, ox.NamedNode):
            edges.add((s, p[len(_LT) :], o.value))
    for iri, d in nodes.items():
        if "cls" not in d or "name" not in d:
            continue
        g.add_node(
            iri,
            cls=d["cls"],
            name=d["name"],
            aliases=tuple(sorted(d.get("aliases", ()))),
            documents=tuple(sorted(d.get("documents", ()))),
        )
    for h, prop, t in sorted(edges):
        if h in g and t in g:
            g.add_edge(h, t, key=prop, prop=prop, evidence=[])
    for st in statements.values():
        h, t, prop = st.get("head", ""), st.get("tail", ""), st.get("prop", "")[len(_LT) :]
        if not g.has_edge(h, t, key=prop):
            continue
        g.edges[h, t, prop]["evidence"].append(
            {
                "doc_id": unquote(st.get("doc", "")[len(_DOC) :]),
                "sentence": st.get("sentence", ""),
                "start": int(st.get("start", 0)),
                "end": int(st.get("end", 0)),
                "confidence": float(st.get("confidence", 0)),
                "role": st.get("role", ""),
                "rule": st.get("rule", ""),
            }
        )
    for _, _, d in g.edges(data=True):
        d["evidence"] = tuple(sorted(d["evidence"], key=lambda ev: (ev["doc_id"], ev["start"], ev["role"])))
    g.graph["documents"] = {k: docs[k] for k in sorted(docs)}
    return g


def find(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """Entities called ``name`` (canonical name or alias; exact first, else substring)."""
    exact = [n for n, d in graph.nodes(data=True) if name == d["name"] or name in d.get("aliases", ())]
    if exact:
        return sorted(exact)
    return sorted(
        n for n, d in graph.nodes(data=True) if name in d["name"] or any(name in a for a in d.get("aliases", ()))
    )


def subgraph(
    graph: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1, types: Iterable[str] = ()
) -> nx.MultiDiGraph:
    """The neighbourhood of ``focus`` within ``depth`` links (either direction), then only the
    entities of ``types`` (all when empty). Raises if ``focus`` names no entity."""
    keep = set(graph.nodes)
    if focus:
        seeds = find(graph, focus)
        if not seeds:
            raise UsageError(f"no entity is called {focus!r} (name or alias)")
        undirected = graph.to_undirected(as_view=True)
        keep = set()
        for s in seeds:
            keep |= set(nx.single_source_shortest_path_length(undirected, s, cutoff=depth))
    wanted = set(types)
    if wanted:
        keep = {n for n in keep if graph.nodes[n]["cls"] in wanted}
    sub = graph.subgraph(keep).copy()
    sub.graph["documents"] = graph.graph.get("documents", {})
    return sub
