"""The ontology, generated from the schema (``kg/data/schema.toml``), and a closed namespace over it.

``LT["Region"]`` gives the IRI of a declared term and raises ``KGError`` for anything the
ontology does not declare, so a typo in the exporter is an error, not a silent new term.
``text()`` is the OWL ontology in Turtle (written to ``OUT/ontology.ttl`` and ``ontology/liantu.ttl``).

>>> LT["locatedIn"]
'https://w3id.org/liantu/ontology#locatedIn'
>>> LT["locatedln"]
Traceback (most recent call last):
...
kg.errors.KGError: lt:locatedln is not declared in the ontology (kg/data/schema.toml)
>>> label("locatedIn", "zh")
'位于'
"""

from __future__ import annotations

import functools

from kg.errors import KGError
from kg.schema import SCHEMA, ClassDef, PropertyDef, Schema

NS = "https://w3id.org/liantu/ontology#"
ONTOLOGY_IRI = "https://w3id.org/liantu/ontology"
PREFIXES = {
    "lt": NS,
    "ltid": "https://w3id.org/liantu/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
}


@functools.lru_cache(maxsize=1)
def text() -> str:
    """The OWL ontology of the schema, as Turtle (the same bytes for the same schema)."""
    return generate_turtle(SCHEMA)


def generate_turtle(schema: Schema) -> str:
    """The OWL ontology of ``schema``: classes, relations and the other properties, with labels,
    comments, domains, ranges and alignments."""
    import rdflib
    from rdflib.collection import Collection
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

    g = rdflib.Graph(bind_namespaces="none")
    for prefix, ns in schema.prefixes.items():
        g.bind(prefix, ns)
    ont = rdflib.URIRef(schema.ontology["iri"])

    def term(name: str) -> rdflib.URIRef:
        if ":" in name:
            prefix, local = name.split(":", 1)
            return rdflib.URIRef(schema.prefixes[prefix] + local)
        return rdflib.URIRef(NS + name)

    def union(names: tuple[str, ...]) -> rdflib.term.Node:
        if len(names) == 1:
            return term(names[0])
        order = list(schema.classes)
        node, lst = rdflib.BNode(), rdflib.BNode()  # a fresh union per use, written inline
        g.add((node, RDF.type, OWL.Class))
        g.add((node, OWL.unionOf, lst))
        Collection(g, lst, [term(n) for n in sorted(names, key=order.index)])
        return node

    def describe(s: rdflib.URIRef, d: ClassDef | PropertyDef) -> None:
        g.add((s, RDFS.label, rdflib.Literal(d.zh, lang="zh")))
        g.add((s, RDFS.label, rdflib.Literal(d.en, lang="en")))
        g.add((s, RDFS.comment, rdflib.Literal(d.comment_zh, lang="zh")))
        g.add((s, RDFS.comment, rdflib.Literal(d.comment_en, lang="en")))
        g.add((s, RDFS.isDefinedBy, ont))

    meta = schema.ontology
    g.add((ont, RDF.type, OWL.Ontology))
    g.add((ont, OWL.versionInfo, rdflib.Literal(meta["version"])))
    g.add((ont, DCTERMS.title, rdflib.Literal(meta["title_zh"], lang="zh")))
    g.add((ont, DCTERMS.title, rdflib.Literal(meta["title_en"], lang="en")))
    g.add((ont, DCTERMS.description, rdflib.Literal(meta["description_en"], lang="en")))
    g.add((ont, RDFS.comment, rdflib.Literal(meta["comment_zh"], lang="zh")))
    for c in (*schema.classes.values(), *schema.documents.values()):
        g.add((term(c.name), RDF.type, OWL.Class))
        describe(term(c.name), c)
        for s in c.subclass_of:
            g.add((term(c.name), RDFS.subClassOf, term(s)))
    for p in (*schema.relations.values(), *schema.properties.values()):
        kind = OWL.DatatypeProperty if p.kind == "datatype" else OWL.ObjectProperty
        g.add((term(p.name), RDF.type, kind))
        if p.symmetric:
            g.add((term(p.name), RDF.type, OWL.SymmetricProperty))
        describe(term(p.name), p)
        g.add((term(p.name), RDFS.domain, union(p.domain)))
        g.add((term(p.name), RDFS.range, union(p.range)))
        for s in p.sub_property_of:
            g.add((term(p.name), RDFS.subPropertyOf, term(s)))
    return g.serialize(format="turtle")


@functools.lru_cache(maxsize=1)
def _terms() -> dict[str, dict[str, str]]:
    """Declared ``lt:`` terms -> {"zh": label, "en": label}."""
    s = SCHEMA
    defs: tuple[ClassDef | PropertyDef, ...] = (
        *s.classes.values(),
        *s.documents.values(),
        *s.relations.values(),
        *s.properties.values(),
    )
    return {d.name: {"zh": d.zh, "en": d.en} for d in defs}


class _Closed:
    def __getitem__(self, local: str) -> str:
        if local not in _terms():
            raise KGError(f"lt:{local} is not declared in the ontology (kg/data/schema.toml)")
        return NS + local

    def __contains__(self, local: str) -> bool:
        return local in _terms()


LT = _Closed()


def declared() -> frozenset[str]:
    """Local names of every ``lt:`` term the ontology declares."""
    return frozenset(_terms())


def label(local: str, lang: str = "zh") -> str:
    """The ontology's label of a term in ``lang`` (the local name if it has none)."""
    return _terms().get(local, {}).get(lang, local)


def labels(lang: str = "zh") -> dict[str, str]:
    return {k: v.get(lang, k) for k, v in _terms().items()}
