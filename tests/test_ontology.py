"""The ontology file (ontology/liantu.ttl, generated from kg/data/schema.toml) against the contract (../shared/CONTRACT.md).

The classes, properties, Chinese class names and domains/ranges are written out here from the
contract's tables on purpose: this test is the contract's check, so it does not import the
lists from the package it checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

TTL = Path(__file__).parents[1] / "ontology" / "liantu.ttl"
NS = "https://w3id.org/liantu/ontology#"
LT = rdflib.Namespace(NS)
ONT = rdflib.URIRef("https://w3id.org/liantu/ontology")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")  # open namespace: no warnings on collection

# class -> its Chinese name in the contract
CLASSES = {
    "Region": "行政区域",
    "Park": "园区",
    "PartyOrganization": "党组织",
    "Agency": "政府机构",
    "Institution": "机构",
    "Enterprise": "企业",
    "Program": "举措",
    "Project": "项目",
    "Person": "人物",
    "IndustryChain": "产业链",
}
ALL = frozenset(CLASSES)
ORG = frozenset({"PartyOrganization", "Agency", "Institution", "Enterprise"})
PLACE = frozenset({"Region", "Park"})
ORG_OR_PLACE = ORG | PLACE  # regions and parks act as organisations (ANNOTATION.md)

# property -> (domain must include, domain may include, range must include, range may include)
# "must" is what the contract's from->to column names; "may" bounds it (equal to "must" where
# the contract is exact, e.g. settledIn: Enterprise or Project -> Park or Region).
PROPERTIES = {
    "locatedIn": (ORG_OR_PLACE | {"Project"}, ALL, PLACE, PLACE),
    "partOf": (ORG, ORG_OR_PLACE, ORG, ORG_OR_PLACE),
    "partyOrganizationOf": ({"PartyOrganization"}, {"PartyOrganization"}, ORG_OR_PLACE, ORG_OR_PLACE),
    "established": (ORG | {"Region"}, ORG_OR_PLACE, ORG | {"Program", "Park"}, ORG_OR_PLACE | {"Program", "Project"}),
    "guides": (ORG, ORG_OR_PLACE, ORG, ORG_OR_PLACE),
    "implements": (ORG | {"Region"}, ORG_OR_PLACE, {"Program"}, {"Program"}),
    "issued": (ORG | {"Region"}, ORG_OR_PLACE, {"Program"}, {"Program"}),
    "memberOf": (ORG, ORG_OR_PLACE, ORG | {"Program"}, ORG_OR_PLACE | {"Program"}),
    "cooperatesWith": (ORG | {"Region"}, ORG_OR_PLACE, ORG | {"Region"}, ORG_OR_PLACE),
    "settledIn": ({"Enterprise", "Project"}, {"Enterprise", "Project"}, PLACE, PLACE),
    "serves": (ORG, ORG_OR_PLACE, {"Enterprise"}, {"Enterprise"}),
    "holdsPositionIn": ({"Person"}, {"Person"}, ORG, ORG_OR_PLACE),
    "belongsToChain": (
        {"Enterprise", "PartyOrganization"},
        {"Enterprise", "PartyOrganization"},
        {"IndustryChain"},
        {"IndustryChain"},
    ),
}

# properties of statement nodes and documents -> (domain, range)
DATA_PROPERTIES = {
    "evidence": (RDF.Statement, RDF.langString),
    "role": (RDF.Statement, None),  # a plain or language-tagged string
    "confidence": (RDF.Statement, XSD.decimal),
    "startOffset": (RDF.Statement, XSD.integer),
    "endOffset": (RDF.Statement, XSD.integer),
    "rule": (RDF.Statement, XSD.string),
    "encoding": (LT.Document, XSD.string),
}

EXTERNAL = (
    "http://www.w3.org/ns/org#",
    "https://schema.org/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "http://xmlns.com/foaf/0.1/",
)


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(TTL, format="turtle")


def _labels(g: rdflib.Graph, term, lang: str) -> list[str]:
    return [str(o) for o in g.objects(term, RDFS.label) if isinstance(o, rdflib.Literal) and o.language == lang]


def _comments(g: rdflib.Graph, term, lang: str) -> list[str]:
    return [str(o) for o in g.objects(term, RDFS.comment) if isinstance(o, rdflib.Literal) and o.language == lang]


def _classes(g: rdflib.Graph, node) -> set[str]:
    """Local names of a domain/range: one lt: class or an owl:unionOf list of them."""
    if isinstance(node, rdflib.URIRef):
        assert str(node).startswith(NS), node
        return {str(node)[len(NS) :]}
    union = g.value(node, OWL.unionOf)
    assert union is not None, "a blank domain/range must be an owl:unionOf"
    assert (node, RDF.type, OWL.Class) in g
    members = list(Collection(g, union))
    assert all(isinstance(m, rdflib.URIRef) and str(m).startswith(NS) for m in members), members
    names = [str(m)[len(NS) :] for m in members]
    assert len(names) == len(set(names)), f"duplicate union members: {names}"
    return set(names)


def _one(g: rdflib.Graph, term, pred):
    values = list(g.objects(term, pred))
    # several rdfs:domain (or range) statements mean their intersection, not a union
    assert len(values) == 1, f"{term} has {len(values)} {pred}"
    return values[0]


def _describe_ok(g: rdflib.Graph, term) -> None:
    assert len(_labels(g, term, "zh")) == 1, _labels(g, term, "zh")
    assert len(_labels(g, term, "en")) == 1, _labels(g, term, "en")
    assert _comments(g, term, "en") and all(c.strip() for c in _comments(g, term, "en"))
    assert _comments(g, term, "zh") and all(c.strip() for c in _comments(g, term, "zh"))
    assert (term, RDFS.isDefinedBy, ONT) in g


def test_file_parses_to_a_nonempty_graph(onto):
    assert len(onto) > 100


def test_ontology_header(onto):
    assert (ONT, RDF.type, OWL.Ontology) in onto
    assert [str(v) for v in onto.objects(ONT, OWL.versionInfo)] == ["0.1.0"]
    titles = {o.language for o in onto.objects(ONT, DCTERMS.title)}
    assert {"zh", "en"} <= titles
    assert onto.value(ONT, DCTERMS.description) is not None
    assert onto.value(ONT, RDFS.comment) is not None


@pytest.mark.parametrize("cls, zh", CLASSES.items())
def test_contract_class_is_declared_and_described(onto, cls, zh):
    term = LT[cls]
    assert (term, RDF.type, OWL.Class) in onto
    _describe_ok(onto, term)
    assert _labels(onto, term, "zh") == [zh]


@pytest.mark.parametrize("cls", CLASSES)
def test_contract_class_is_aligned_to_a_standard_vocabulary(onto, cls):
    supers = [str(s) for s in onto.objects(LT[cls], RDFS.subClassOf)]
    assert any(s.startswith(EXTERNAL) for s in supers), supers


def test_document_class(onto):
    assert (LT.Document, RDF.type, OWL.Class) in onto
    _describe_ok(onto, LT.Document)
    assert _labels(onto, LT.Document, "zh") == ["文档"]
    assert rdflib.URIRef("http://www.w3.org/ns/prov#Entity") in set(onto.objects(LT.Document, RDFS.subClassOf))


@pytest.mark.parametrize("prop", PROPERTIES)
def test_contract_property_is_declared_and_described(onto, prop):
    term = LT[prop]
    assert (term, RDF.type, OWL.ObjectProperty) in onto
    assert (term, RDF.type, OWL.DatatypeProperty) not in onto
    _describe_ok(onto, term)
    zh = _labels(onto, term, "zh")[0]
    assert 1 <= len(zh) <= 6, f"edge label too long for the map: {zh}"


@pytest.mark.parametrize("prop, spec", PROPERTIES.items())
def test_contract_property_domain_and_range(onto, prop, spec):
    dom_must, dom_may, rng_must, rng_may = spec
    term = LT[prop]
    domain = _classes(onto, _one(onto, term, RDFS.domain))
    rng = _classes(onto, _one(onto, term, RDFS.range))
    assert set(dom_must) <= domain <= set(dom_may), (prop, "domain", sorted(domain))
    assert set(rng_must) <= rng <= set(rng_may), (prop, "range", sorted(rng))


def test_property_zh_labels_are_distinct(onto):
    zh = [_labels(onto, LT[p], "zh")[0] for p in PROPERTIES]
    assert len(zh) == len(set(zh)), zh


def test_cooperation_is_symmetric(onto):
    assert (LT.cooperatesWith, RDF.type, OWL.SymmetricProperty) in onto
    dom = _classes(onto, _one(onto, LT.cooperatesWith, RDFS.domain))
    rng = _classes(onto, _one(onto, LT.cooperatesWith, RDFS.range))
    assert dom == rng


@pytest.mark.parametrize("prop", [p for p in PROPERTIES if p != "cooperatesWith"])
def test_only_cooperation_is_symmetric(onto, prop):
    assert (LT[prop], RDF.type, OWL.SymmetricProperty) not in onto


def test_mentioned_in_links_every_entity_class_to_documents(onto):
    assert (LT.mentionedIn, RDF.type, OWL.ObjectProperty) in onto
    _describe_ok(onto, LT.mentionedIn)
    assert _classes(onto, _one(onto, LT.mentionedIn, RDFS.domain)) == set(CLASSES)
    assert _one(onto, LT.mentionedIn, RDFS.range) == LT.Document


@pytest.mark.parametrize("prop, spec", DATA_PROPERTIES.items())
def test_statement_and_document_data_properties(onto, prop, spec):
    domain, rng = spec
    term = LT[prop]
    assert (term, RDF.type, OWL.DatatypeProperty) in onto
    assert (term, RDF.type, OWL.ObjectProperty) not in onto
    _describe_ok(onto, term)
    assert _one(onto, term, RDFS.domain) == domain
    if rng is not None:
        assert _one(onto, term, RDFS.range) == rng


def test_every_lt_term_used_is_declared(onto):
    """A typo (lt:Enterprice in a union list) would otherwise go unnoticed."""
    declared = {s for s in onto.subjects(RDF.type, None) if isinstance(s, rdflib.URIRef) and str(s).startswith(NS)}
    used = {t for triple in onto for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(NS)}
    assert used <= declared, sorted(used - declared)


def test_extra_classes_are_subclasses_of_contract_classes(onto):
    """The contract allows subclasses of its classes; lt:Document is the provenance class."""
    classes = {s for s in onto.subjects(RDF.type, OWL.Class) if isinstance(s, rdflib.URIRef) and str(s).startswith(NS)}
    contract = {LT[c] for c in CLASSES} | {LT.Document}
    for extra in classes - contract:
        assert set(onto.transitive_objects(extra, RDFS.subClassOf)) & contract, extra
