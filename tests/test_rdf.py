"""The RDF export keeps the contract: classes, labels, provenance, statement nodes, declared terms."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from conftest import ROOT
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import ontology
from kg.schema import CLASSES, PROPERTIES

LT = rdflib.Namespace(ontology.NS)
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")


@pytest.fixture(scope="module")
def g(seed_build: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(seed_build / "graph.ttl")


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(ROOT / "ontology" / "liantu.ttl")


def test_ontology_is_generated_from_the_schema_and_not_edited_by_hand(tmp_path: Path):
    """tools/gen_ontology.py writes ontology/liantu.ttl from kg/data/schema.toml; the committed file
    and what a build writes (OUT/ontology.ttl) must both match it."""
    code = "from kg import ontology; import sys; sys.stdout.write(ontology.text())"
    fresh = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    ).stdout
    assert (ROOT / "ontology" / "liantu.ttl").read_text(encoding="utf-8") == fresh
    assert (ROOT / "exports" / "ontology.ttl").read_text(encoding="utf-8") == fresh


@pytest.mark.parametrize("cls", CLASSES)
def test_every_contract_class_is_declared_with_labels(onto, cls):
    term = LT[cls]
    assert (term, RDF.type, OWL.Class) in onto
    langs = sorted(o.language for o in onto.objects(term, RDFS.label))
    assert langs == ["en", "zh"]
    assert any(True for _ in onto.objects(term, RDFS.comment))


@pytest.mark.parametrize("prop", PROPERTIES)
def test_every_contract_property_has_labels_domain_and_range(onto, prop):
    term = LT[prop]
    assert (term, RDF.type, OWL.ObjectProperty) in onto
    assert sorted(o.language for o in onto.objects(term, RDFS.label)) == ["en", "zh"]
    assert onto.value(term, RDFS.domain) is not None and onto.value(term, RDFS.range) is not None


def test_cooperation_is_symmetric(onto):
    assert (LT.cooperatesWith, RDF.type, OWL.SymmetricProperty) in onto


def test_export_uses_only_terms_the_ontology_declares(g, onto):
    declared = {s for s in onto.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(ontology.NS)}
    used = {t for triple in g for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(ontology.NS)}
    assert used and used <= declared, sorted(used - declared)


def test_every_entity_has_one_class_and_one_zh_preflabel(g):
    entities = {s for s, o in g.subject_objects(RDF.type) if o in {LT[c] for c in CLASSES}}
    assert len(entities) > 100
    for e in entities:
        labels = list(g.objects(e, SKOS.prefLabel))
        assert len(labels) == 1 and labels[0].language == "zh", e
        assert len([o for o in g.objects(e, RDF.type)]) == 1
        assert any(True for _ in g.objects(e, LT.mentionedIn)), e


def test_documents_have_title_and_source(g):
    docs = list(g.subjects(RDF.type, LT.Document))
    assert len(docs) == 5
    for d in docs:
        assert g.value(d, DCT.source) is not None and g.value(d, DCT.title) is not None


def test_every_relation_has_a_statement_with_evidence_from_its_document(g, seed_build: Path):
    """Evidence is the text of the document as read (punctuation unchanged), at the offsets given,
    and the head's and the tail's names stand inside it at theirs."""
    from kg import ingest

    texts = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        texts[path.name] = ingest.read(path, doc_id=path.name).raw
    relations = [(s, p, o) for s, p, o in g if str(p)[len(ontology.NS) :] in PROPERTIES]
    assert len(relations) > 50
    for s, p, o in relations:
        stmts = [st for st in g.subjects(RDF.subject, s) if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g]
        assert stmts, (s, p, o)
        for st in stmts:
            evidence = str(g.value(st, LT.evidence))
            doc = g.value(st, PROV.wasDerivedFrom)
            text = texts[str(g.value(doc, DCT.source))]
            start, end = int(g.value(st, LT.startOffset)), int(g.value(st, LT.endOffset))
            assert evidence and text[start:end] == evidence
            # the tail is named in the evidence; the head there too, or earlier when it is carried
            assert start <= int(g.value(st, LT.tailStart)) < int(g.value(st, LT.tailEnd)) <= end, evidence
            assert 0 <= int(g.value(st, LT.headStart)) < int(g.value(st, LT.headEnd)) <= len(text), evidence
    assert any("，" in str(e) for e in g.objects(None, LT.evidence))  # full-width commas stay full-width


def test_entity_iris_are_stable_and_readable():
    from kg.graph import iri

    assert iri("Region", "成都市") == "https://w3id.org/liantu/id/Region/成都市"
    assert iri("Region", "成都市") == iri("Region", "成都市")
    assert iri("Program", "“双链长”机制 <x>") != iri("Program", "“双链长”机制")
    assert " " not in iri("Program", "a b") and "<" not in iri("Program", "<a>")


# Writer and reader share one table (kg.rdf): what is written reads back as the same records.

ROUND_TRIP = {
    "报告 2024/a%1.txt": "星河电子有限公司（以下简称“星河电子”）位于青羊区。星河电子有限公司党委书记、董事长王明出席。",
    "b.txt": "青羊区引进星河电子、蓝海精工等企业。成都经开区党工委召开会议。",
}


def test_a_graph_reads_back_from_turtle_as_the_same_records():
    """Entities, the evidence of every edge and the documents come back equal; merges are not in
    the RDF, and the reader leaves a document's ``iri`` empty (it is the triples' subject)."""
    from dataclasses import replace

    from kg.graph import build_graph, documents, nodes
    from kg.pipeline import extract_text
    from kg.rdf import generate_turtle, read_turtle

    g = build_graph([extract_text(text, doc_id) for doc_id, text in ROUND_TRIP.items()])
    back = read_turtle(generate_turtle(g))
    assert sorted(nodes(back)) == sorted(nodes(g)) and len(g) > 5
    evidence = {(h, t, k): d["evidence"] for h, t, k, d in g.edges(keys=True, data=True)}
    assert {(h, t, k): d["evidence"] for h, t, k, d in back.edges(keys=True, data=True)} == evidence
    assert any(ev.role for evs in evidence.values() for ev in evs) and all(
        ev.rule for evs in evidence.values() for ev in evs
    )
    assert documents(back) == {k: replace(v, iri="") for k, v in documents(g).items()}
    assert "报告 2024/a%1.txt" in documents(back) and "merges" not in back.graph
    assert generate_turtle(back) == generate_turtle(g)


def test_the_table_states_every_field_of_the_records():
    from dataclasses import fields

    from kg.rdf import DOCUMENT_FIELDS, NODE_FIELDS, STATEMENT_FIELDS
    from kg.records import DocumentInfo, Evidence, Node

    def names(record) -> set[str]:
        return {f.name for f in fields(record)}

    assert {f.attr for f in STATEMENT_FIELDS} == names(Evidence)
    assert {f.attr for f in NODE_FIELDS} == names(Node) - {"iri", "cls"}  # the subject and its rdf:type
    assert {f.attr for f in DOCUMENT_FIELDS} == names(DocumentInfo) - {"doc_id", "iri"}  # the subject


@pytest.mark.parametrize(
    ("fmt", "media"),
    [("text", "text/plain"), ("markdown", "text/markdown"), ("html", "text/html"), ("pdf", "application/pdf")],
)
def test_a_document_reads_back_with_its_format(fmt, media):
    import networkx as nx

    from kg.rdf import generate_turtle, read_turtle
    from kg.records import DocumentInfo

    g = nx.MultiDiGraph()
    doc = DocumentInfo("d.txt", title="标题", source="d.txt", encoding="gb18030", format=fmt, date="2024-05-21")
    g.graph["documents"] = {"d.txt": doc}
    ttl = generate_turtle(g)
    assert f'dcterms:format "{media}"' in ttl.decode()
    assert read_turtle(ttl).graph["documents"] == {"d.txt": doc}


@pytest.mark.parametrize("jobs", [2, 3])
def test_turtle_written_by_several_processes_is_the_same_bytes(seed_build: Path, tmp_path: Path, jobs: int):
    """``--jobs N`` writes the Turtle in N forked processes, one slice of the entities each, joined
    without their repeated prefix lines: the file is the one a single process writes, and no part
    file is left behind."""
    from kg.rdf import _balanced, read_graph, write_turtle

    graph = read_graph(seed_build / "graph.ttl")
    assert len(_balanced(graph, jobs)) == jobs
    write_turtle(graph, tmp_path / "one.ttl")
    write_turtle(graph, tmp_path / "many.ttl", jobs=jobs, least=1)
    assert (tmp_path / "many.ttl").read_bytes() == (tmp_path / "one.ttl").read_bytes()
    assert (tmp_path / "one.ttl").read_bytes() == (seed_build / "graph.ttl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many.ttl", "one.ttl"]
