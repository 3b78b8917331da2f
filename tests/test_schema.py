"""The schema (kg/data/schema.toml) is the one source of classes and relations.

The toy tests copy the package, change only its data files, and run the command line on the
copy: a class or relation added there must be recognised, exported, drawn and queried without
touching any Python file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from kg import schema
from kg.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_TEXT = (ROOT / "kg" / "data" / "schema.toml").read_text(encoding="utf-8")
LT = rdflib.Namespace("https://w3id.org/liantu/ontology#")

TOY_CLASS = """
[classes.Cooperative]
en = "Cooperative"
zh = "合作社"
comment_en = "A farmers' cooperative."
comment_zh = "农民专业合作社。"
subclass_of = ["org:FormalOrganization"]
priority = 11
max_length = 20
colour = "#123456"
shape = "triangle"
document_scoped = false
"""

TOY_RELATION = """
[relations.sponsors]
en = "sponsors"
zh = "赞助"
comment_en = "An enterprise sponsors a program."
comment_zh = "企业赞助某举措。"
domain = ["Enterprise"]
range = ["Program"]
"""


def _with(text: str, section: str, table: str) -> str:
    """``text`` with ``table`` added at the end of the ``[section.*]`` tables."""
    following = {"classes": "\n[documents.", "relations": "\n[properties."}[section]
    i = text.index(following)
    return text[:i] + table + text[i:]


def _toy_package(tmp_path: Path, *, section: str, table: str, rows: dict[str, str]) -> Path:
    """A copy of the ``kg`` package whose schema has ``table`` and whose data files have ``rows``."""
    root = tmp_path / "pkg"
    shutil.copytree(ROOT / "kg", root / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    data = root / "kg" / "data"
    (data / "schema.toml").write_text(_with(SCHEMA_TEXT, section, table), encoding="utf-8")
    for name, row in rows.items():
        with (data / name).open("a", encoding="utf-8") as f:
            f.write(row + "\n")
    return root


def _kg(pkg: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pkg)}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=pkg, env=env, check=False
    )


def test_schema_names_ten_classes_and_thirteen_relations_in_contract_order():
    assert schema.CLASSES[:3] == ("Region", "Park", "PartyOrganization") and len(schema.CLASSES) == 10
    assert len(schema.PROPERTIES) == 13 and schema.SYMMETRIC == {"cooperatesWith"}
    assert schema.PRIORITY[0] == "Person" and schema.PRIORITY[-1] == "Region"


@pytest.mark.parametrize("key", schema.CLASS_KEYS)
def test_a_class_lacking_a_setting_fails_loudly_naming_it(key):
    lines = [ln for ln in TOY_CLASS.splitlines() if not ln.startswith(f"{key} =")]
    with pytest.raises(DataError, match=rf"\[classes\.Cooperative\] lacks {key}"):
        schema.parse(_with(SCHEMA_TEXT, "classes", "\n".join(lines) + "\n"))


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (TOY_CLASS.replace("priority = 11", "priority = 1"), "share a priority"),
        (TOY_CLASS.replace("max_length = 20", 'max_length = "20"'), "must be integers"),
        (TOY_CLASS + "colour_typo = 1\n", "unknown key"),
    ],
)
def test_malformed_class_settings_are_errors(table, message):
    with pytest.raises(DataError, match=message):
        schema.parse(_with(SCHEMA_TEXT, "classes", table))


def test_a_relation_naming_an_undeclared_class_is_an_error():
    bad = TOY_RELATION.replace('range = ["Program"]', 'range = ["Programme"]')
    with pytest.raises(DataError, match=r"\[relations\.sponsors\] names class 'Programme'"):
        schema.parse(_with(SCHEMA_TEXT, "relations", bad))


def test_code_names_a_class_the_schema_does_not_declare():
    text = SCHEMA_TEXT.replace("[classes.Person]", "[classes.Human]")
    text = text.replace('"Person"', '"Human"')
    with pytest.raises(DataError, match="the code names 'Person'"):
        schema.check_names(schema.parse(text))


def test_a_toy_eleventh_class_through_the_data_files_alone(tmp_path: Path):
    pkg = _toy_package(
        tmp_path, section="classes", table=TOY_CLASS, rows={"suffixes.tsv": "专业合作社\tCooperative\t2"}
    )
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("青川县星火蔬菜专业合作社带动农户增收。\n", encoding="utf-8")
    out = tmp_path / "out"
    r = _kg(pkg, "build", str(src), "-o", str(out), "--no-progress")
    assert r.returncode == 0, r.stderr

    g = rdflib.Graph().parse(out / "graph.ttl")
    coop = [
        str(g.value(s, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
        for s in g.subjects(rdflib.RDF.type, LT.Cooperative)
    ]
    assert coop == ["青川县星火蔬菜专业合作社"]  # recognised and exported
    onto = rdflib.Graph().parse(out / "ontology.ttl")
    assert (LT.Cooperative, rdflib.RDF.type, rdflib.OWL.Class) in onto
    assert rdflib.Literal("合作社", lang="zh") in set(onto.objects(LT.Cooperative, rdflib.RDFS.label))

    page = (out / "graph.html").read_text(encoding="utf-8")  # drawn, in its own colour and shape
    assert "青川县星火蔬菜专业合作社" in page and "#123456" in page and "合作社" in page

    q = "SELECT ?n WHERE { ?x a lt:Cooperative ; skos:prefLabel ?n }"
    r = _kg(pkg, "query", str(out), q, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "青川县星火蔬菜专业合作社" in json.dumps(json.loads(r.stdout), ensure_ascii=False)

    r = _kg(pkg, "stats", str(out))
    assert r.returncode == 0 and "Cooperative" in r.stdout


def test_a_toy_relation_is_one_schema_entry_and_one_cue_row(tmp_path: Path):
    pkg = _toy_package(tmp_path, section="relations", table=TOY_RELATION, rows={"cues.tsv": "赞助\tsponsors\tSVO"})
    src = tmp_path / "src"
    src.mkdir()
    sentence = "成都星河电子有限公司赞助“春苗计划”。"
    (src / "a.txt").write_text(sentence + "\n", encoding="utf-8")
    out = tmp_path / "out"
    r = _kg(pkg, "build", str(src), "-o", str(out), "--no-progress")
    assert r.returncode == 0, r.stderr

    q = """SELECT ?h ?t ?ev WHERE {
      ?x lt:sponsors ?y . ?x skos:prefLabel ?h . ?y skos:prefLabel ?t .
      ?s rdf:subject ?x ; rdf:predicate lt:sponsors ; rdf:object ?y ; lt:evidence ?ev }"""
    r = _kg(pkg, "query", str(out), q, "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1:] == [f"成都星河电子有限公司,春苗计划,{sentence}"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["relations_by_property"]["sponsors"] == 1
