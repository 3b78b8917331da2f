"""The command line as users run it: build, query, stats, eval, and the errors they can meet."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import rdflib
from conftest import GOLD, ROOT, SEEDS, kg
from rdflib.compare import isomorphic

EVIDENCE_QUERY = (ROOT / "queries" / "relations-with-evidence.rq").read_text(encoding="utf-8")


def test_build_writes_the_contract_files(seed_build: Path):
    for name in ("graph.ttl", "graph.html", "report.json"):
        assert (seed_build / name).stat().st_size > 0
    report = json.loads((seed_build / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 5
    assert report["skipped"] == []
    assert all(r["encoding"] for r in report["read"])


def test_committed_exports_are_what_the_build_makes(seed_build: Path):
    """exports/ is the build of seeds/: re-parsed and compared as graphs, then as bytes."""
    committed = rdflib.Graph().parse(ROOT / "exports" / "graph.ttl")
    rebuilt = rdflib.Graph().parse(seed_build / "graph.ttl")
    assert isomorphic(committed, rebuilt)
    assert (ROOT / "exports" / "graph.ttl").read_bytes() == (seed_build / "graph.ttl").read_bytes()


def test_build_is_deterministic_across_hash_seeds(tmp_path: Path):
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = kg("build", str(SEEDS), "-o", str(out), "--no-html", "-q", env=env)
        assert r.returncode == 0, r.stderr
        outs.append((out / "graph.ttl").read_bytes())
    assert outs[0] == outs[1]


def test_jobs_give_the_same_graph(tmp_path: Path, seed_build: Path):
    r = kg("build", str(SEEDS), "-o", str(tmp_path), "--jobs", "2", "--no-html", "-q")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "graph.ttl").read_bytes() == (seed_build / "graph.ttl").read_bytes()


def test_readme_evidence_query_prints_chinese_evidence(seed_build: Path):
    r = kg("query", str(seed_build), EVIDENCE_QUERY)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["head", "relation", "tail", "evidence", "document"]
    assert any("位于龙泉驿区的成都领克汽车有限公司内" in line for line in lines)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_query_formats(seed_build: Path, fmt: str):
    q = "SELECT ?name WHERE { ?e a lt:Region ; skos:prefLabel ?name } ORDER BY ?name"
    r = kg("query", str(seed_build / "graph.ttl"), q, "--format", fmt)
    assert r.returncode == 0, r.stderr
    if fmt == "json":
        names = [b["name"]["value"] for b in json.loads(r.stdout)["results"]["bindings"]]
    else:
        sep = "," if fmt == "csv" else "\t"
        names = [line.split(sep)[0].strip('"').split('"@')[0] for line in r.stdout.splitlines()[1:] if line]
    assert "成都市" in names


def test_query_from_a_file(seed_build: Path):
    r = kg("query", str(seed_build), str(ROOT / "queries" / "relations-with-evidence.rq"), "-f", "csv")
    assert r.returncode == 0 and r.stdout.count("\n") > 20


def test_query_syntax_error_is_one_line_exit_1(seed_build: Path):
    r = kg("query", str(seed_build), "SELECT ?x WHERE { ?x ")
    assert r.returncode == 1
    assert "SPARQL syntax error" in r.stderr and "Traceback" not in r.stderr


def test_stats_counts_what_the_report_counts(seed_build: Path):
    r = kg("stats", str(seed_build), "--json")
    assert r.returncode == 0, r.stderr
    counts = json.loads(r.stdout)
    report = json.loads((seed_build / "report.json").read_text(encoding="utf-8"))
    assert sum(counts["entities"].values()) == report["entities"]
    assert sum(counts["documents"].values()) == 5
    assert counts["relations"] == {k: v for k, v in report["relations_by_property"].items() if v}


def test_eval_prints_both_tables():
    r = kg("eval", "--gold", str(GOLD), str(SEEDS))
    assert r.returncode == 0, r.stderr
    assert "entities" in r.stdout and "relations" in r.stdout
    assert r.stdout.count("micro") == 2


def test_eval_json_has_scores_between_0_and_1():
    r = kg("eval", "--gold", str(GOLD), str(SEEDS), "--json")
    data = json.loads(r.stdout)
    micro = data["entities"]["micro"]
    assert micro["gold"] == sum(len(json.loads(p.read_text())["entities"]) for p in GOLD.glob("*.json"))
    assert 0 < micro["f1"] <= 1


def test_one_bad_file_does_not_lose_the_others(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text("位于龙泉驿区的成都领克汽车有限公司内。", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (src / "notes.xyz").write_text("?", encoding="utf-8")
    r = kg("build", str(src), "-o", str(tmp_path / "out"), "--no-html")
    assert r.returncode == 0, r.stderr
    assert "empty.txt: empty file" in r.stderr
    assert "binary.txt: binary file" in r.stderr
    assert "notes.xyz: unsupported file type" in r.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 1 and len(report["skipped"]) == 3


def test_nothing_readable_exits_1_and_keeps_previous_exports(tmp_path: Path, seed_build: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# previous\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = kg("build", str(empty), "-o", str(out))
    assert r.returncode == 1
    assert "no document could be read" in r.stderr and "Traceback" not in r.stderr
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# previous\n"


@pytest.mark.parametrize(
    "args",
    [["build", str(SEEDS)], ["query"], ["frobnicate"], ["build", str(SEEDS), "-o", "x", "--jobs", "0"]],
)
def test_usage_errors_exit_2(args):
    assert kg(*args).returncode == 2


@pytest.mark.parametrize("command", ["build", "query", "stats", "eval"])
def test_every_command_has_help(command):
    r = kg(command, "--help")
    assert r.returncode == 0 and "Usage:" in r.stdout


def test_user_dictionary_adds_names_and_reports_bad_lines(tmp_path: Path):
    src = tmp_path / "a.txt"
    src.write_text("星河智造与龙泉驿区签订合作协议。", encoding="utf-8")
    lexicon = tmp_path / "my.tsv"
    lexicon.write_text("星河智造\tEnterprise\t星河\n坏行\n某某\tNoSuchClass\n", encoding="utf-8")
    out = tmp_path / "out"
    r = kg("build", str(src), "-o", str(out), "--lexicon", str(lexicon), "--no-html")
    assert r.returncode == 0, r.stderr
    assert f"{lexicon}:2:" in r.stderr and f"{lexicon}:3:" in r.stderr
    q = kg("query", str(out), "SELECT ?n WHERE { ?e a lt:Enterprise ; skos:prefLabel ?n }", "-f", "csv")
    assert "星河智造" in q.stdout


def test_viz_writes_the_map_of_a_neighbourhood(seed_build: Path, tmp_path: Path):
    out = tmp_path / "near.html"
    r = kg("viz", str(seed_build), "-o", str(out), "--focus", "西园街道", "--depth", "1")
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert "西园街道" in page and "成都高新区" in page
    assert "两江投资集团" not in page  # another article's entity, far from the focus
    n = int(r.stderr.split(":")[1].split()[0])
    assert 2 < n < 40


def test_viz_keeps_only_the_classes_asked_for(seed_build: Path, tmp_path: Path):
    out = tmp_path / "firms.html"
    r = kg("viz", str(seed_build / "graph.ttl"), "-o", str(out), "--types", "Enterprise,PartyOrganization")
    assert r.returncode == 0, r.stderr
    from kg.rdf import read_graph

    g = read_graph(seed_build / "graph.ttl")
    wanted = sum(1 for _, d in g.nodes(data=True) if d["cls"] in ("Enterprise", "PartyOrganization"))
    assert r.stderr.split(":")[1].split()[0] == str(wanted)
    page = out.read_text(encoding="utf-8")
    assert "两江投资集团" in page and '"label":"龙泉驿区"' not in page  # a Region


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--types", "Firm"], 2, "unknown class Firm"),
        (["--focus", "不存在的实体"], 2, "no entity is called"),
    ],
)
def test_viz_refuses_what_it_cannot_draw(seed_build: Path, tmp_path: Path, args, code, message):
    r = kg("viz", str(seed_build), "-o", str(tmp_path / "x.html"), *args)
    assert r.returncode == code and message in r.stderr
    assert "Traceback" not in r.stderr


def test_viz_names_a_missing_or_broken_graph(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("not turtle <<", encoding="utf-8")
    for path in (tmp_path / "missing.ttl", bad):
        r = kg("viz", str(path), "-o", str(tmp_path / "x.html"))
        assert r.returncode == 1 and str(path) in r.stderr and "Traceback" not in r.stderr


def test_an_export_reads_back_to_the_same_graph():
    from kg.rdf import generate_turtle, read_graph

    path = ROOT / "exports" / "graph.ttl"
    assert generate_turtle(read_graph(path)) == path.read_bytes()


def test_query_by_library_name_with_a_limit(seed_build: Path):
    r = kg("query", str(seed_build), "people-roles", "--limit", "2", "-f", "json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["results"]["bindings"]) == 2


def test_an_unknown_library_name_lists_the_library(seed_build: Path):
    r = kg("query", str(seed_build), "chain-members-typo")
    assert r.returncode == 2
    assert "chain-committee-members" in r.stderr and "各产业链党委的成员" in r.stderr


def test_parameters_are_bound_not_pasted(seed_build: Path):
    q = "SELECT ?s WHERE { ?s skos:prefLabel ?name }"
    r = kg("query", str(seed_build), q, "-p", "name=西园街道@zh", "-f", "csv")
    assert r.stdout.splitlines()[1:] == ["https://w3id.org/liantu/id/Region/西园街道"]
    evil = kg("query", str(seed_build), q, "-p", 'name=x"@zh } ?s ?p ?o . { ?s ?p "', "-f", "csv")
    assert evil.returncode == 0 and evil.stdout.splitlines()[1:] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT ?s WHERE {\n  ?s ?p }", "line 2, column"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "only reads"),
        ("PREFIX x: <urn:x:>\nDELETE WHERE { ?s ?p ?o }", "only reads"),
    ],
)
def test_query_errors_a_user_can_act_on(seed_build: Path, query, message):
    r = kg("query", str(seed_build), query)
    assert r.returncode == 1 and message in r.stderr and "Traceback" not in r.stderr


def test_a_query_that_runs_too_long_is_stopped(seed_build: Path):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    r = kg("query", str(seed_build), slow, "--timeout", "1")
    assert r.returncode == 1 and "longer than 1 s" in r.stderr


def test_build_can_write_a_persistent_store_that_query_uses(tmp_path: Path):
    out = tmp_path / "out"
    assert kg("build", str(SEEDS), "-o", str(out), "--store", "-q").returncode == 0
    assert (out / "store").is_dir()
    via_store = kg("query", str(out), "people-roles", "-f", "csv").stdout
    via_file = kg("query", str(out / "graph.ttl"), "people-roles", "-f", "csv").stdout
    assert via_store == via_file and via_store.count("\n") > 10
    assert kg("build", str(SEEDS), "-o", str(out), "-q").returncode == 0
    assert not (out / "store").exists()  # a store of an older build never answers for a newer one
