"""Merge the entities of every document into one NetworkX MultiDiGraph.

Nodes are entity IRIs with ``cls``, ``name``, ``aliases``, ``documents`` (``node`` gives them
as a ``Node`` record); edges are keyed by property and carry ``prop`` and ``evidence`` (an
``Evidence`` record per stating sentence). ``graph["documents"]`` holds a ``DocumentInfo`` per
document and ``graph["merges"]`` the ``Merge`` records. Entities of two documents merge when they
have the same class and canonical name, or when one's alias is the other's canonical name — never
on a short generic alias alone. Every merge is recorded.

>>> from kg.pipeline import extract_text
>>> g = build_graph([extract_text("成都市位于四川省。", "a"), extract_text("成都市有德阳经开区。", "b")])
>>> node(g, iri("Region", "成都市")).documents
('a', 'b')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

import networkx as nx

from kg import pipeline, schema
from kg.entities import Recogniser
from kg.errors import UsageError
from kg.names import generic_words
from kg.records import DocResult, DocumentInfo, Entity, Evidence, Merge, Node, Relation

ID = "https://w3id.org/liantu/id/"
# kept as they are: what an IRI may hold unescaped (RFC 3987 ``ucschar``); escaped: surrogates,
# private-use characters and the specials block (U+FFFD stands in a name where bytes could not be read)
_UNSAFE = re.compile(r"[^\w\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\-.~·+]")


def iri(cls: str, name: str) -> str:
    """The stable IRI of an entity: its class and canonical name, percent-encoding unsafe characters.

    >>> iri("Program", "2+5工作模式")
    'https://w3id.org/liantu/id/Program/2+5工作模式'
    >>> iri("Program", "A B<C>")
    'https://w3id.org/liantu/id/Program/A%20B%3CC%3E'
    >>> iri("Enterprise", "星\ufffd科技")
    'https://w3id.org/liantu/id/Enterprise/星%EF%BF%BD科技'
    """
    safe = _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in _bytes(m.group())), name)
    return f"{ID}{cls}/{safe}"


def _bytes(text: str) -> bytes:
    """The bytes of ``text``; a file name's undecodable bytes (surrogate-escaped by the OS layer)
    come back as the bytes they were, so they percent-encode as themselves."""
    return text.encode("utf-8", "surrogateescape")


def doc_iri(doc_id: str) -> str:
    return iri("Document", doc_id)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, x: tuple[str, str]) -> tuple[str, str]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


#: Classes whose names may be relative to the document (区委, 区委宣传部, 政务服务中心): such a name
#: is one entity per document, never merged with the same words in another article.
SCOPED = schema.SCOPED
_SEP = "\x1f"


def is_relative(cls: str, name: str, rec: Recogniser | None = None) -> bool:
    """A name without a proper name in it: it means different things in different articles.
    ``rec`` is the recogniser of the build's pipeline (its lexicon and user words).

    >>> is_relative("PartyOrganization", "区委宣传部"), is_relative("PartyOrganization", "东坡街道党工委")
    (True, False)
    """
    if cls not in SCOPED or re.search(r"[A-Za-z0-9]", name):
        return False
    return (rec or pipeline.default().recogniser).relative(name)  # the build's, else the default one


def unit(cls: str, name: str, doc_id: str, rec: Recogniser | None = None) -> tuple[str, str]:
    """The key of a document's entity in the merge: its class and name, scoped to the document
    when the name is relative."""
    return (cls, f"{name}{_SEP}{doc_id}") if is_relative(cls, name, rec) else (cls, name)


def label_of(key_name: str) -> str:
    return key_name.split(_SEP, 1)[0]


def merge_plan(
    results: Iterable[DocResult], rec: Recogniser | None = None
) -> tuple[dict[tuple[str, str], tuple[str, str]], list[Merge]]:
    """Map each document entity (its ``unit`` key) to its graph entity, and the merges made."""
    results = list(results)
    generic = generic_words()
    uf = _Union()
    canon_count: Counter[tuple[str, str]] = Counter()
    for r in results:
        for e in r.entities:
            key = unit(e.cls, e.name, r.document.doc_id, rec)
            uf.find(key)
            canon_count[key] += 1
    made: list[Merge] = []
    for r in results:
        for e in r.entities:
            own = unit(e.cls, e.name, r.document.doc_id, rec)
            for a in e.aliases:
                key = (e.cls, a)
                if key in canon_count and len(a) >= 3 and a not in generic and uf.find(key) != uf.find(own):
                    uf.union(key, own)
                    why = f"alias {a!r} of {e.name!r} in {r.document.doc_id} is another document's canonical name"
                    made.append(Merge(cls=e.cls, names=tuple(sorted([e.name, a])), why=why))
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key in canon_count:
        groups.setdefault(uf.find(key), []).append(key)
    plan: dict[tuple[str, str], tuple[str, str]] = {}
    for members in groups.values():
        best = max(members, key=lambda k: (canon_count[k], _SEP not in k[1], len(label_of(k[1])), k[1]))
        for k in members:
            plan[k] = best
    return plan, sorted(made, key=lambda m: (m.cls, m.names))


def document_info(r: DocResult) -> DocumentInfo:
    """The metadata the graph keeps of a document."""
    d = r.document
    return DocumentInfo(
        doc_id=d.doc_id,
        title=d.title,
        source=d.source,
        iri=doc_iri(d.doc_id),
        encoding=d.encoding,
        format=d.format,
        date=d.date,
        publisher=d.publisher,
    )


def evidence_of(rel: Relation) -> Evidence:
    """The evidence a relation gives its edge: the sentence with its offsets, confidence, role, rule."""
    return Evidence(rel.doc_id, rel.evidence, rel.start, rel.end, rel.confidence, rel.role, rel.rule, *rel.spans)


def build_graph(results: Iterable[DocResult], *, recogniser: Recogniser | None = None) -> nx.MultiDiGraph:
    """The knowledge graph of the documents' results."""
    results = sorted(results, key=lambda r: r.document.doc_id)
    plan, made = merge_plan(results, recogniser)
    g = nx.MultiDiGraph()
    g.graph["documents"] = {r.document.doc_id: document_info(r) for r in results}
    g.graph["merges"] = made
    names: dict[str, set[str]] = {}
    docs: dict[str, set[str]] = {}

    def entity(e: Entity, doc_id: str) -> str:
        cls, key = plan[unit(e.cls, e.name, doc_id, recogniser)]
        name = label_of(key)
        n = iri(cls, name if name == key else f"{name}/{key.split(_SEP, 1)[1]}")
        if n not in g:
            g.add_node(n, cls=cls, name=name)
        names.setdefault(n, set()).update(e.names)
        docs.setdefault(n, set()).add(doc_id)
        return n

    for r in results:
        for e in r.entities:
            entity(e, r.document.doc_id)
        for rel in r.relations:
            h, t = entity(rel.head, rel.doc_id), entity(rel.tail, rel.doc_id)
            if h == t:
                continue
            if not g.has_edge(h, t, key=rel.prop):
                g.add_edge(h, t, key=rel.prop, prop=rel.prop, evidence=[])
            g.edges[h, t, rel.prop]["evidence"].append(evidence_of(rel))
    for n, data in g.nodes(data=True):
        data["aliases"] = tuple(sorted(names[n] - {data["name"]}))
        data["documents"] = tuple(sorted(docs[n]))
    for _, _, data in g.edges(data=True):
        data["evidence"] = tuple(sorted(data["evidence"], key=Evidence.key))
    return g


# --------------------------------------------------------------------------------------
# Typed access


def node(graph: nx.MultiDiGraph, n: str) -> Node:
    """The entity ``n`` of ``graph`` as a record (a missing name or class reads as empty)."""
    d = graph.nodes[n]
    return Node(
        iri=n,
        cls=d.get("cls") or "",
        name=d.get("name") or "",
        aliases=tuple(d.get("aliases") or ()),
        documents=tuple(d.get("documents") or ()),
    )


def nodes(graph: nx.MultiDiGraph) -> Iterator[Node]:
    """Every entity of ``graph`` as a record, in the graph's order."""
    return (node(graph, n) for n in graph.nodes)


def add_node(graph: nx.MultiDiGraph, entity: Node) -> None:
    """Add ``entity`` to ``graph`` (the inverse of ``node``)."""
    graph.add_node(entity.iri, cls=entity.cls, name=entity.name, aliases=entity.aliases, documents=entity.documents)


def documents(graph: nx.MultiDiGraph) -> dict[str, DocumentInfo]:
    """The documents of ``graph`` by id."""
    return graph.graph.get("documents") or {}


def merges(graph: nx.MultiDiGraph) -> list[Merge]:
    """The merges made when ``graph`` was built (none in a graph read back from Turtle)."""
    return graph.graph.get("merges") or []


# --------------------------------------------------------------------------------------
# Parts of a graph (``kg viz``)


def find(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """Entities called ``name`` (canonical name or alias; exact first, else substring)."""
    exact = [e.iri for e in nodes(graph) if name == e.name or name in e.aliases]
    if exact:
        return sorted(exact)
    return sorted(e.iri for e in nodes(graph) if name in e.name or any(name in a for a in e.aliases))


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
        keep = {n for n in keep if node(graph, n).cls in wanted}
    sub = graph.subgraph(keep).copy()
    sub.graph["documents"] = documents(graph)
    return sub
