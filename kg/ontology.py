"""The ontology: one source of truth (``kg/data/liantu.ttl``), and a closed namespace over it.

``LT["Region"]`` gives the IRI of a declared term and raises ``KGError`` for anything the
ontology does not declare, so a typo in the exporter is an error, not a silent new term.

>>> LT["locatedIn"]
'https://w3id.org/liantu/ontology#locatedIn'
>>> LT["locatedln"]
Traceback (most recent call last):
...
kg.errors.KGError: lt:locatedln is not declared in the ontology (kg/data/liantu.ttl)
>>> label("locatedIn", "zh")
'位于'
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from kg.errors import KGError

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


def path() -> Path:
    """Where the ontology file is (inside the installed package)."""
    return Path(str(resources.files("kg") / "data" / "liantu.ttl"))


def text() -> str:
    return path().read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _terms() -> dict[str, dict[str, str]]:
    """Declared ``lt:`` terms -> {"zh": label, "en": label}."""
    import rdflib

    g = rdflib.Graph()
    g.parse(data=text(), format="turtle")
    terms: dict[str, dict[str, str]] = {}
    rdf_type = rdflib.RDF.type
    for s in set(g.subjects(rdf_type, None)):
        if isinstance(s, rdflib.URIRef) and str(s).startswith(NS):
            terms[str(s)[len(NS) :]] = {}
    for s, o in g.subject_objects(rdflib.RDFS.label):
        local = str(s)[len(NS) :] if str(s).startswith(NS) else None
        if local in terms and isinstance(o, rdflib.Literal) and o.language:
            terms[local][o.language] = str(o)
    return terms


class _Closed:
    def __getitem__(self, local: str) -> str:
        if local not in _terms():
            raise KGError(f"lt:{local} is not declared in the ontology (kg/data/liantu.ttl)")
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
