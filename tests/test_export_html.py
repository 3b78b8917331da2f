"""The HTML map: one offline file, all entities embedded, document text never raw HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.export_html import generate_html, write_html
from kg.records import DocumentInfo, Evidence

BASE = "https://liantu.example.org/id/"
EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_SENTENCE = "</script><script>alert(1)</script>成都市位于四川省。"
LABELS = {"Region": "行政区域", "Park": "园区", "Enterprise": "企业", "locatedIn": "位于", "settledIn": "落户"}


def _graph(reverse: bool = False) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.graph["documents"] = {
        "d1": DocumentInfo("d1", title="成都经开区党建引领产业链发展", source="docs/d1.txt", iri=BASE + "doc/d1"),
        "d2": DocumentInfo("d2", title="<b>龙泉驿区</b> & 新闻", source="docs/d2.txt", iri=BASE + "doc/d2"),
    }
    nodes = [
        (BASE + "Region/成都市", {"cls": "Region", "name": "成都市", "aliases": ("蓉城",), "documents": ("d1",)}),
        (BASE + "Region/四川省", {"cls": "Region", "name": "四川省", "aliases": (), "documents": ("d1",)}),
        (
            BASE + "Park/经开区",
            {"cls": "Park", "name": "成都经济技术开发区", "aliases": ("成都经开区",), "documents": ("d1", "d2")},
        ),
        (BASE + "Enterprise/x", {"cls": "Enterprise", "name": EVIL_NAME, "aliases": (), "documents": ("d2",)}),
    ]
    edges = [
        (
            BASE + "Region/成都市",
            BASE + "Region/四川省",
            "locatedIn",
            {
                "prop": "locatedIn",
                "evidence": (
                    Evidence(doc_id="d1", sentence=EVIL_SENTENCE, start=0, end=40, confidence=0.9, role="pattern"),
                ),
            },
        ),
        (
            BASE + "Enterprise/x",
            BASE + "Park/经开区",
            "settledIn",
            {
                "prop": "settledIn",
                "evidence": (
                    Evidence(
                        doc_id="d2", sentence="该企业落户成都经开区。", start=5, end=16, confidence=0.8, role="cue"
                    ),
                    Evidence(doc_id="d1", sentence="企业已入驻经开区。", start=3, end=12, confidence=0.7, role="cue"),
                ),
            },
        ),
    ]
    if reverse:
        nodes.reverse()
        edges.reverse()
    g.add_nodes_from(nodes)
    for u, v, k, d in edges:
        g.add_edge(u, v, key=k, **d)
    return g


def _embedded(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.DOTALL)
    assert m, "embedded data block missing"
    return json.loads(m.group(1))


@pytest.fixture()
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "graph.html"
    write_html(_graph(), out, labels=LABELS, title="链图 <测试>")
    return out.read_text(encoding="utf-8")


def test_single_file_no_lib_folder(tmp_path: Path, page: str) -> None:
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]
    assert not (tmp_path / "lib").exists()


def test_no_external_resources(page: str) -> None:
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*[\"']?\s*(?:https?:)?//", page, re.IGNORECASE)
    # vis-network is inlined from the pyvis package, not referenced
    assert "vis-network" in page and "new vis.Network(" in page
    # three script elements (data, vis-network, page); nothing in the data closes one early
    assert len(re.findall(r"^<script\b", page, re.MULTILINE)) == page.lower().count("</script") == 3
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_every_node_name_embedded(page: str) -> None:
    data = _embedded(page)
    labels = {n["label"] for n in data["nodes"]}
    for name in ("成都市", "四川省", "成都经济技术开发区", EVIL_NAME):
        assert name in labels
        assert any(info["name"] == name for info in data["info"]["nodes"].values())
    assert {e["label"] for e in data["edges"]} == {"位于", "落户"}
    assert all(e["arrows"] == "to" for e in data["edges"])
    assert {c["cls"]: c["label"] for c in data["classes"]}["Region"] == "行政区域"
    assert "成都经开区" in data["info"]["nodes"][BASE + "Park/经开区"]["aliases"]


def test_evidence_embedded_with_document(page: str) -> None:
    data = _embedded(page)
    edges = {e["prop"]: e for e in data["info"]["edges"].values()}
    assert [ev["sentence"] for ev in edges["locatedIn"]["evidence"]] == [EVIL_SENTENCE]
    assert [ev["doc_id"] for ev in edges["settledIn"]["evidence"]] == ["d1", "d2"]
    assert data["info"]["documents"]["d2"]["title"] == "<b>龙泉驿区</b> & 新闻"
    hover = {e["label"]: e["title"] for e in data["edges"]}
    assert EVIL_SENTENCE in hover["位于"] and "成都经济技术开发区党建" not in hover["位于"]


def test_document_text_only_escaped(page: str) -> None:
    assert EVIL_NAME not in page
    assert "<img" not in page
    assert "</script><script>alert(1)" not in page
    assert "<b>龙泉驿区</b>" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in page
    assert "链图 &lt;测试&gt;" in page and "<测试>" not in page
    assert ".innerHTML" not in page.split("new vis.Network(")[-1]


def test_deterministic() -> None:
    first = generate_html(_graph(), labels=LABELS)
    assert first == generate_html(_graph(), labels=LABELS)
    assert first == generate_html(_graph(reverse=True), labels=LABELS)
    assert '"randomSeed":' in first


def test_label_fallback_and_empty_graph() -> None:
    data = _embedded(generate_html(_graph()))
    assert {e["label"] for e in data["edges"]} == {"locatedIn", "settledIn"}
    empty = _embedded(generate_html(nx.MultiDiGraph()))
    assert empty["nodes"] == [] and empty["edges"] == []


def test_write_html_replaces_atomically(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    out.write_text("old", encoding="utf-8")
    write_html(_graph(), out, labels=LABELS)
    assert out.read_text(encoding="utf-8") == generate_html(_graph(), labels=LABELS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]
