"""The query library: every .rq file has a Chinese and English comment, runs on the seed export,
and returns rows an analyst can check against the articles."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import ROOT

from kg import query

QUERIES = sorted((ROOT / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def store(seed_build: Path):
    return query.load_store(seed_build)


def rows(store, name: str) -> list[dict[str, str]]:
    cols, data = query.select(store, (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8"))
    return [dict(zip(cols, r)) for r in data]


def test_there_are_at_least_ten_queries():
    assert len(QUERIES) >= 10


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_each_query_says_its_question_and_returns_rows(store, path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and any("\u4e00" <= ch <= "\u9fff" for ch in first) and " / " in first
    _, data = query.select(store, path.read_text(encoding="utf-8"))
    assert data, f"{path.name} returned no rows on the seed export"


def test_people_and_their_roles(store):
    got = {(r["person"], r["organisation"], r["role"]) for r in rows(store, "people-roles")}
    assert ("李谨", "两江投资集团", "党委书记、董事长") in got
    assert ("周建林", "重庆两航金属材料有限公司", "总经理") in got


def test_party_organisations_of_parks(store):
    got = {(r["park"], r["partyOrganization"]) for r in rows(store, "park-party-organizations")}
    assert ("安宁产业园区", "安宁产业园区党工委") in got


def test_regions_and_their_programs(store):
    got = {(r["place"], r["relation"], r["program"]) for r in rows(store, "region-programs")}
    assert {
        ("两江新区", "issued", "稳住经济大盘20条政策举措"),
        ("重庆两江新区", "issued", "稳住经济大盘20条政策举措"),
    } & got
    assert ("曲靖市", "implements", "链长制") in got


def test_cooperation_is_listed_once_per_pair(store):
    pairs = [(r["a"], r["b"]) for r in rows(store, "cooperation")]
    assert {("嘉定", "龙泉驿区"), ("怀安", "龙泉驿区")} <= set(pairs) or {
        ("龙泉驿区", "嘉定"),
        ("龙泉驿区", "怀安"),
    } <= set(pairs)
    assert all((b, a) not in pairs for a, b in pairs if a != b)


def test_documents_are_counted(store):
    got = {r["document"]: r for r in rows(store, "documents")}
    assert len(got) == 5 and all(int(r["statements"]) > 0 for r in got.values())


def test_entity_relations_accepts_an_alias(store):
    got = rows(store, "entity-relations")
    assert any(r["relation"] == "locatedIn" and r["other"] == "柏合街道" for r in got)


def test_organisation_structure(store):
    got = {(r["part"], r["partClass"], r["whole"]) for r in rows(store, "organisation-structure")}
    assert ("招商银行重庆分行", "Enterprise", "招商银行") in got
    assert ("西北工业大学重庆科创中心", "Institution", "西北工业大学") in got
    assert ("成都经开区党群服务中心汽车城园区分中心", "Agency", "成都经开区党群服务中心") in got


def test_a_library_query_takes_a_plain_name_as_its_parameter(seed_build: Path):
    from conftest import kg

    plain = kg("query", str(seed_build), "entity-relations", "--param", "name=龙泉驿区", "-f", "csv")
    tagged = kg("query", str(seed_build), "entity-relations", "--param", "name=龙泉驿区@zh", "-f", "csv")
    assert plain.returncode == 0 and plain.stdout == tagged.stdout
    found = list(csv.DictReader(io.StringIO(plain.stdout)))
    assert len(found) > 3 and {r["entity"] for r in found} == {"龙泉驿区"}
    default = kg("query", str(seed_build), "entity-relations", "-f", "csv")  # the name the query declares
    assert {r["entity"] for r in csv.DictReader(io.StringIO(default.stdout))} == {"东华村"}


def test_a_parameter_that_matches_nothing_says_so(seed_build: Path):
    from conftest import kg

    r = kg("query", str(seed_build), "entity-relations", "--param", "name=星澜不存在区")
    assert r.returncode == 0 and "(0 rows)" in r.stdout
    assert "nothing in the graph is called name=星澜不存在区" in r.stderr
