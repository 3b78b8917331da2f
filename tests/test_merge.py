"""Merging entities across documents (``kg.graph``), pinned case by case.

Each row is a few short invented documents (ids ``a``, ``b``, ``c`` in order) and the exact nodes of the
graph built from them, as ``(iri, aliases, documents)``, with the exact merges recorded.
"""

from __future__ import annotations

import pytest

from kg.graph import build_graph, iri, is_relative, merge_plan, unit
from kg.pipeline import extract_text
from kg.records import Merge

IDS = "abc"


def results(*texts: str):
    return [extract_text(t, IDS[i]) for i, t in enumerate(texts)]


def nodes(g) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return sorted((n, d["aliases"], d["documents"]) for n, d in g.nodes(data=True))


def merges(g) -> list[tuple[str, list[str]]]:
    return [(m.cls, list(m.names)) for m in g.graph["merges"]]


@pytest.mark.parametrize(
    ("texts", "expected_nodes", "expected_merges"),
    [
        # same class and name in two documents: one node with both documents
        (
            ("成都星河电子有限公司落户青羊区。", "成都星河电子有限公司投产。"),
            [
                (iri("Enterprise", "成都星河电子有限公司"), (), ("a", "b")),
                (iri("Region", "青羊区"), (), ("a",)),
            ],
            [],
        ),
        (
            ("青竹街道党工委召开会议。", "青竹街道党工委开展“红枫先锋”行动。"),
            [
                (iri("PartyOrganization", "青竹街道党工委"), (), ("a", "b")),
                (iri("Program", "红枫先锋行动"), (), ("b",)),
                (iri("Region", "青竹街道"), (), ("a", "b")),
            ],
            [],
        ),
        # an alias that is another document's canonical name merges, and the merge is recorded
        (
            ("蓝海精工有限公司（简称“蓝海精工”）投产。", "青羊区引进星河电子、蓝海精工等企业。"),
            [
                (iri("Enterprise", "星河电子"), (), ("b",)),
                (iri("Enterprise", "蓝海精工有限公司"), ("蓝海精工",), ("a", "b")),
                (iri("Region", "青羊区"), (), ("b",)),
            ],
            [("Enterprise", ["蓝海精工", "蓝海精工有限公司"])],
        ),
        (
            ("绵阳经济技术开发区召开会议。绵阳经开区企业参加。", "绵阳经开区出台《银杏人才计划》。"),
            [
                (iri("Park", "绵阳经济技术开发区"), ("绵阳经开区",), ("a", "b")),
                (iri("Program", "银杏人才计划"), (), ("b",)),
                (iri("Region", "绵阳"), (), ("a", "b")),
            ],
            [("Park", ["绵阳经开区", "绵阳经济技术开发区"])],
        ),
        # the merged node takes the name most documents use as canonical (two against one), not the
        # fullest form
        (
            (
                "蓝海精工有限公司（简称“蓝海精工”）投产。",
                "青羊区引进星河电子、蓝海精工等企业。",
                "涪城区引进蓝海精工、锐澜新材料等企业。",
            ),
            [
                (iri("Enterprise", "星河电子"), (), ("b",)),
                (iri("Enterprise", "蓝海精工"), ("蓝海精工有限公司",), ("a", "b", "c")),
                (iri("Enterprise", "锐澜新材料"), (), ("c",)),
                (iri("Region", "涪城区"), (), ("c",)),
                (iri("Region", "青羊区"), (), ("b",)),
            ],
            [("Enterprise", ["蓝海精工", "蓝海精工有限公司"])],
        ),
        # a short alias (two characters) does not merge with another document's entity of that name
        (
            ("蓝海精工集团有限公司（简称“蓝海”）投产。", "青羊区引进星河、蓝海等企业。"),
            [
                (iri("Enterprise", "星河"), (), ("b",)),
                (iri("Enterprise", "蓝海"), (), ("b",)),
                (iri("Enterprise", "蓝海精工集团有限公司"), ("蓝海",), ("a",)),
                (iri("Region", "青羊区"), (), ("b",)),
            ],
            [],
        ),
        # relative names stay one entity per document: the IRI carries the document id
        (
            ("成都市青羊区委宣传部召开会议。区委宣传部部署。", "区委宣传部召开会议。", "区委宣传部开展活动。"),
            [
                (iri("PartyOrganization", "区委宣传部/b"), (), ("b",)),
                (iri("PartyOrganization", "区委宣传部/c"), (), ("c",)),
                (iri("PartyOrganization", "成都市青羊区委宣传部"), ("区委宣传部",), ("a",)),
                (iri("Region", "成都市"), (), ("a",)),
                (iri("Region", "青羊区"), ("成都市青羊区",), ("a",)),
            ],
            [],
        ),
        (
            ("青羊区政务服务中心开门。政务服务中心办事。", "政务服务中心开门。"),
            [
                (iri("Agency", "政务服务中心/b"), (), ("b",)),
                (iri("Agency", "青羊区政务服务中心"), ("政务服务中心",), ("a",)),
                (iri("Region", "青羊区"), (), ("a",)),
            ],
            [],
        ),
        # different classes never merge, even with the same name
        (
            ("青羊区引进锐澜新材料、蓝海精工等企业。", "涪城区引进锐澜新材料、蓝海精工等项目。"),
            [
                (iri("Enterprise", "蓝海精工"), (), ("a",)),
                (iri("Enterprise", "锐澜新材料"), (), ("a",)),
                (iri("Project", "蓝海精工"), (), ("b",)),
                (iri("Project", "锐澜新材料"), (), ("b",)),
                (iri("Region", "涪城区"), (), ("b",)),
                (iri("Region", "青羊区"), (), ("a",)),
            ],
            [],
        ),
    ],
)
def test_build_merges(texts, expected_nodes, expected_merges):
    g = build_graph(results(*texts))
    assert nodes(g) == expected_nodes
    assert merges(g) == expected_merges


def test_merge_is_explained():
    g = build_graph(results("蓝海精工有限公司（简称“蓝海精工”）投产。", "青羊区引进星河电子、蓝海精工等企业。"))
    assert g.graph["merges"] == [
        Merge(
            cls="Enterprise",
            names=("蓝海精工", "蓝海精工有限公司"),
            why="alias '蓝海精工' of '蓝海精工有限公司' in a is another document's canonical name",
        )
    ]


def test_one_edge_with_the_evidence_of_each_document():
    g = build_graph(results("成都星河电子有限公司位于青羊区。", "青羊区内企业成都星河电子有限公司参加。"))
    h, t = iri("Enterprise", "成都星河电子有限公司"), iri("Region", "青羊区")
    assert sorted((a, b, k) for a, b, k in g.edges(keys=True)) == [(h, t, "locatedIn")]
    assert [(ev.doc_id, ev.sentence, ev.rule) for ev in g.edges[h, t, "locatedIn"]["evidence"]] == [
        ("a", "成都星河电子有限公司位于青羊区。", "cue:位于"),
        ("b", "青羊区内企业成都星河电子有限公司参加。", "inside"),
    ]


def test_merge_plan_maps_each_document_entity():
    plan, made = merge_plan(
        results(
            "蓝海精工有限公司（简称“蓝海精工”）投产。",
            "青羊区引进星河电子、蓝海精工等企业。",
            "区委宣传部召开会议。",
        )
    )
    assert plan == {
        ("Enterprise", "蓝海精工有限公司"): ("Enterprise", "蓝海精工有限公司"),
        ("Enterprise", "蓝海精工"): ("Enterprise", "蓝海精工有限公司"),
        ("Enterprise", "星河电子"): ("Enterprise", "星河电子"),
        ("Region", "青羊区"): ("Region", "青羊区"),
        unit("PartyOrganization", "区委宣传部", "c"): unit("PartyOrganization", "区委宣传部", "c"),
    }
    assert [list(m.names) for m in made] == [["蓝海精工", "蓝海精工有限公司"]]


@pytest.mark.parametrize(
    ("cls", "name", "expected"),
    [
        ("PartyOrganization", "区委宣传部", True),
        ("PartyOrganization", "区委", True),
        ("PartyOrganization", "市委组织部", True),
        ("Agency", "政务服务中心", True),
        ("Agency", "管委会", True),
        ("PartyOrganization", "青竹街道党工委", False),
        ("PartyOrganization", "区委双创工委", False),
        ("PartyOrganization", "XR党委", False),  # letters make a name proper
        ("Agency", "青羊区政务服务中心", False),
        ("Agency", "区经信局", False),
        # classes outside the scoped ones are never relative
        ("Park", "园区", False),
        ("Enterprise", "星河电子有限公司", False),
        ("Region", "青羊区", False),
    ],
)
def test_is_relative(cls, name, expected):
    assert is_relative(cls, name) is expected


@pytest.mark.parametrize(
    ("cls", "name", "expected"),
    [
        ("Enterprise", "成都星河电子有限公司", "https://w3id.org/liantu/id/Enterprise/成都星河电子有限公司"),
        ("Program", "2+5工作模式", "https://w3id.org/liantu/id/Program/2+5工作模式"),
        ("Program", "A B<C>", "https://w3id.org/liantu/id/Program/A%20B%3CC%3E"),
        ("PartyOrganization", "区委宣传部/b", "https://w3id.org/liantu/id/PartyOrganization/区委宣传部%2Fb"),
        ("Program", "红枫·先锋工程", "https://w3id.org/liantu/id/Program/红枫·先锋工程"),
    ],
)
def test_iri(cls, name, expected):
    assert iri(cls, name) == expected
