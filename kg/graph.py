"""Merge the entities of every document into one NetworkX MultiDiGraph.

Nodes are entity IRIs with ``cls``, ``name``, ``aliases``, ``documents``; edges are keyed by
property and carry ``prop`` and ``evidence`` (one dict per stating sentence). Entities of two
documents merge when they have the same class and canonical name, or when one's alias is the
other's canonical name — never on a short generic alias alone. Every merge is recorded.

>>> from kg.pipeline import extract_text
>>> g = build([extract_text("成都市位于四川省。", "a"), extract_text("成都市有成都经开区。", "b")])
>>> g.nodes[iri("Region", "成都市")]["documents"]
('a', 'b')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from kg import schema
from kg.entities import Recogniser, recogniser_for
from kg.names import generic_words
from kg.records import DocResult, Entity

ID = "https://w3id.org/liantu/id/"
_UNSAFE = re.compile(r"[^\w\u00a0-\uffff\-.~·+]")


def iri(cls: str, name: str) -> str:
    """The stable IRI of an entity: its class and canonical name, percent-encoding unsafe characters.

    >>> iri("Program", "2+5工作模式")
    'https://w3id.org/liantu/id/Program/2+5工作模式'
    >>> iri("Program", "A B<C>")
    'https://w3id.org/liantu/id/Program/A%20B%3CC%3E'
    """
    safe = _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), name)
    return f"{ID}{cls}/{safe}"


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
    return (rec or recogniser_for()).relative(name)


def unit(cls: str, name: str, doc_id: str, rec: Recogniser | None = None) -> tuple[str, str]:
    """The key of a document's entity in the merge: its class and name, scoped to the document
    when the name is relative."""
    return (cls, f"{name}{_SEP}{doc_id}") if is_relative(cls, name, rec) else (cls, name)


def label_of(key_name: str) -> str:
    return key_name.split(_SEP, 1)[0]


def merge_plan(
    results: Iterable[DocResult], rec: Recogniser | None = None
) -> tuple[dict[tuple[str, str], tuple[str, str]], list[dict]]:
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
    merges: list[dict] = []
    for r in results:
        for e in r.entities:
            own = unit(e.cls, e.name, r.document.doc_id, rec)
            for a in e.aliases:
                key = (e.cls, a)
                if key in canon_count and len(a) >= 3 and a not in generic and uf.find(key) != uf.find(own):
                    uf.union(key, own)
                    merges.append(
                        {
                            "class": e.cls,
                            "names": sorted([e.name, a]),
                            "why": f"alias {a!r} of {e.name!r} in {r.document.doc_id} is another document's canonical name",
                        }
                    )
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key in canon_count:
        groups.setdefault(uf.find(key), []).append(key)
    plan: dict[tuple[str, str], tuple[str, str]] = {}
    for members in groups.values():
        best = max(members, key=lambda k: (canon_count[k], _SEP not in k[1], len(label_of(k[1])), k[1]))
        for k in members:
            plan[k] = best
    return plan, sorted(merges, key=lambda m: (m["class"], m["names"]))


def build(results: Iterable[DocResult], *, recogniser: Recogniser | None = None) -> nx.MultiDiGraph:
    """The knowledge graph of the documents' results."""
    results = sorted(results, key=lambda r: r.document.doc_id)
    plan, merges = merge_plan(results, recogniser)
    g = nx.MultiDiGraph()
    g.graph["documents"] = {
        r.document.doc_id: {
            "title": r.document.title,
            "source": r.document.source,
            "iri": doc_iri(r.document.doc_id),
            "encoding": r.document.encoding,
            "format": r.document.format,
            "date": r.document.date,
            "publisher": r.document.publisher,
        }
        for r in results
    }
    g.graph["merges"] = merges
    names: dict[str, set[str]] = {}
    docs: dict[str, set[str]] = {}

    def node(e: Entity, doc_id: str) -> str:
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
            node(e, r.document.doc_id)
        for rel in r.relations:
            h, t = node(rel.head, rel.doc_id), node(rel.tail, rel.doc_id)
            if h == t:
                continue
            if not g.has_edge(h, t, key=rel.prop):
                g.add_edge(h, t, key=rel.prop, prop=rel.prop, evidence=[])
            g.edges[h, t, rel.prop]["evidence"].append(
                {
                    "doc_id": rel.doc_id,
                    "sentence": rel.evidence,
                    "start": rel.start,
                    "end": rel.end,
                    "confidence": rel.confidence,
                    "role": rel.role,
                    "rule": rel.rule,
                }
            )
    for n, data in g.nodes(data=True):
        data["aliases"] = tuple(sorted(names[n] - {data["name"]}))
        data["documents"] = tuple(sorted(docs[n]))
    for _, _, data in g.edges(data=True):
        data["evidence"] = tuple(sorted(data["evidence"], key=lambda ev: (ev["doc_id"], ev["start"], ev["role"])))
    return g
