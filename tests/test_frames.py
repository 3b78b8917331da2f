"""Relations frame by frame (``kg/data/cues.tsv``): each row is an invented sentence and the WHOLE
set of facts it gives (name-internal ones included), so a frame that adds or loses one shows up.
Then the negatives (what no frame may state) and how a head is found when the clause does not
name it."""

from __future__ import annotations

import pytest

from kg.lexicon import load
from kg.pipeline import extract_text


def facts(text: str) -> list[tuple[str, str, str]]:
    return sorted((r.head.name, r.prop, r.tail.name) for r in extract_text(text).relations)


VISIT = [
    # 在X调研期间, …考察了A、B: each visited place or organisation lies in X
    (
        "在澜州市调研期间,考察组实地考察了蓝岳产业园、澜州蓝海精工有限公司。",
        [("澜州蓝海精工有限公司", "locatedIn", "澜州市"), ("蓝岳产业园", "locatedIn", "澜州市")],
    ),
    # 对A、B进行了调研
    (
        "在绵阳市考察时,对星河电子有限公司、蓝海精工有限公司进行了调研。",
        [("星河电子有限公司", "locatedIn", "绵阳市"), ("蓝海精工有限公司", "locatedIn", "绵阳市")],
    ),
    # 在X先后调研了A、B: what is visited there lies in X
    (
        "区委书记王明一行在蓝岳科技园先后调研了星河网络科技有限公司、澜岳网络科技有限公司等企业。",
        [
            ("星河网络科技有限公司", "locatedIn", "蓝岳科技园"),
            ("澜岳网络科技有限公司", "locatedIn", "蓝岳科技园"),
            ("王明", "holdsPositionIn", "区委"),
        ],
    ),
    # X调研期间 opening the sentence (the page lost its 在)
    (
        "澜州市调研期间，考察组实地考察了蓝岳产业园、星河酵母(澜州)有限公司。",
        [("星河酵母(澜州)有限公司", "locatedIn", "澜州市"), ("蓝岳产业园", "locatedIn", "澜州市")],
    ),
    # no 在X调研期间: a visit says nothing of where what is visited lies
    ("考察组实地考察了蓝岳产业园、蓝海精工有限公司。", []),
]

BY = [
    # Y由X投资建设: X established Y; 由A和B共同…: each of them
    ("蓝岳产业园由星河集团投资建设。", [("星河集团", "established", "蓝岳产业园")]),
    (
        "蓝岳产业园由星河集团和蓝海精工有限公司共同投资建设。",
        [("星河集团", "established", "蓝岳产业园"), ("蓝海精工有限公司", "established", "蓝岳产业园")],
    ),
]

OF = [
    # A是B的派出机构 / B的派出机构A / A是B的成员单位
    ("星河街道办事处是星澜区政府的派出机构。", [("星河街道办事处", "partOf", "星澜区政府")]),
    ("星澜区政府的派出机构星河街道办事处负责辖区服务。", [("星河街道办事处", "partOf", "星澜区政府")]),
    ("蓝海精工有限公司是星澜商会的成员单位。", [("蓝海精工有限公司", "memberOf", "星澜商会")]),
]

MEMBERS = [
    # 首批加入X的有A、B等单位: each is a member
    (
        "首批加入星澜党建联盟的有星河集团、蓝海精工有限公司等单位。",
        [("星河集团", "memberOf", "星澜党建联盟"), ("蓝海精工有限公司", "memberOf", "星澜党建联盟")],
    ),
]

EACH = [
    # A和B共建的X (共建的园区——X): partners, and each of them established X
    (
        "星澜区和澜岳县合作共建的园区——星澜西岭科技园，首次亮相。",
        [
            ("星澜区", "cooperatesWith", "澜岳县"),
            ("星澜区", "established", "星澜西岭科技园"),
            ("澜岳县", "established", "星澜西岭科技园"),
        ],
    ),
    # A与B,共同出资成立C: both established C
    (
        "星河集团与蓝海精工有限公司签订协议，共同出资成立蓝岳新材料有限公司。",
        [
            ("星河集团", "cooperatesWith", "蓝海精工有限公司"),
            ("星河集团", "established", "蓝岳新材料有限公司"),
            ("蓝海精工有限公司", "established", "蓝岳新材料有限公司"),
        ],
    ),
    # A和B落户X: each
    (
        "星河集团和蓝海精工有限公司落户蓝岳产业园。",
        [("星河集团", "settledIn", "蓝岳产业园"), ("蓝海精工有限公司", "settledIn", "蓝岳产业园")],
    ),
]

NAMES = [
    # a party branch within a party body is part of it; X区区委 is the committee of X区
    ("区委统战部党支部牵头开展活动。", [("区委统战部党支部", "partOf", "区委统战部")]),
    (
        "涪城区区委书记王澜讲话。",
        [
            ("涪城区区委", "locatedIn", "涪城区"),
            ("涪城区区委", "partyOrganizationOf", "涪城区"),
            ("王澜", "holdsPositionIn", "涪城区区委"),
        ],
    ),
]

SVO = [
    # 探索建立X: X was set up (the verb next to it), not carried out
    (
        "星澜区和澜岳县启动结对工作，双方探索建立“领导小组+指挥部”管理运行机制。",
        [
            ("星澜区", "cooperatesWith", "澜岳县"),
            ("星澜区", "established", "领导小组+指挥部管理运行机制"),
            ("澜岳县", "established", "领导小组+指挥部管理运行机制"),
        ],
    ),
    # A、B等组成X: the body that leads them (the clause's subject when the members are unnamed) set X up
    (
        "星澜区委统战部发挥聚合功能，带动商会、银行等6个党组织组成星澜商圈党建联盟。",
        [("星澜区委统战部", "established", "星澜商圈党建联盟")],
    ),
    # 分属A、B: in each
    (
        "星河商圈地处城市核心区域,分属涪城区、游仙区两个行政区。",
        [("星河商圈", "locatedIn", "涪城区"), ("星河商圈", "locatedIn", "游仙区")],
    ),
]

ROLES = [
    # one person's post ends at the comma: the next person's post is not in the organisation before
    (
        "星澜区委书记王澜,区统战部部长李岳,区组织部科长周帆等到园区调研。",
        [
            ("周帆", "holdsPositionIn", "区组织部"),
            ("李岳", "holdsPositionIn", "区统战部"),
            ("王澜", "holdsPositionIn", "星澜区委"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), VISIT + BY + OF + MEMBERS + EACH + NAMES + SVO + ROLES)
def test_frame(text, expected):
    assert facts(text) == expected


def test_every_cue_row_has_a_frame_a_confidence_and_known_classes():
    cues = load().cues
    assert {c.frame for c in cues} == {"SVO", "OVS", "WITH", "VISIT", "BY", "OF"}
    assert all(0 < c.confidence <= 1 for c in cues)
    visit = next(c for c in cues if c.text == "考察")
    assert visit.allows("Enterprise", "Region") and not visit.allows("Person", "Region")


NEGATIVES = [
    # the partner after 与 is not named: what they build is no partner
    "我们与企业服务专业机构合作共建“星河企业服务中心”。",
    # a cue inside a name states nothing (建设银行 is a bank, not 建设)
    "星河集团在建设银行星澜支行开户。",
    # a quoted metaphor is no organisation to cooperate with
    "星河集团把党建和业务比作“一对好搭档”。",
    # a visit says nothing of where what is visited lies without 在X调研期间
    "考察组实地考察了蓝岳产业园、蓝海精工有限公司。",
    # a company's members, not the company, join: no memberOf for the company
    "张辉将星河电子有限公司党员纳入蓝岳产业园党支部统一管理。",
    # impossible triples: a region sets up no region, a district not its own city
    "青羊区设立成都市。",
]


def test_a_candidate_the_ontology_refuses_is_counted_in_the_report(tmp_path):
    """星河集团 与 王澜 签订: a cooperation with a person breaks cooperatesWith's range; it is not
    lost silently but counted per property in report.json."""
    import json

    from kg.build import build_outputs

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("星河集团与蓝海精工有限公司签订协议。星河集团与王澜签订协议。", encoding="utf-8")
    build_outputs([src], tmp_path / "out", progress=False, html=False)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["relations_by_property"]["cooperatesWith"] == 1
    assert report["rejected_by_domain_range"]["cooperatesWith"] == 1


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_fact_beyond_the_names_own(text):
    assert [f for f in facts(text) if f[1] not in ("partOf", "locatedIn", "partyOrganizationOf")] == []


SUBJECTS = [
    # a paragraph without a subject is about the place the headline opens with
    (
        "绵阳:以党建链赋能产业链\n推行“链长点单、部门接单”工作模式。\n绵阳市围绕产业集群推进产业链党建。",
        [("绵阳市", "implements", "链长点单、部门接单工作模式")],
    ),
    # the head stated in the clause wins over the paragraph's subject
    (
        "星澜区召开会议。蓝海精工有限公司实施“星火计划”。",
        [("蓝海精工有限公司", "implements", "星火计划")],
    ),
    # a dateline and byline are no subject
    (
        "本报绵阳讯 (通讯员 李岳)星河商圈地处城市核心区域,分属涪城区、游仙区两个行政区。",
        [("星河商圈", "locatedIn", "涪城区"), ("星河商圈", "locatedIn", "游仙区")],
    ),
    # a subject named after the cue is not its head
    (
        "园区推行“双轨运作”模式,星河集团与蓝海精工有限公司共同出资成立蓝岳新材料有限公司。",
        [
            ("星河集团", "cooperatesWith", "蓝海精工有限公司"),
            ("星河集团", "established", "蓝岳新材料有限公司"),
            ("蓝海精工有限公司", "established", "蓝岳新材料有限公司"),
        ],
    ),
    # 我市 / 全区: the document's own place of that level
    (
        "星澜市召开会议。星澜市委部署工作。\n我市推行“红色管家”模式。",
        [("星澜市", "implements", "红色管家模式")],
    ),
    ("星澜市召开会议。涪城区部署工作。\n全区推行“红色管家”模式。", [("涪城区", "implements", "红色管家模式")]),
    # 该镇: the town named last
    ("新桥镇召开会议。星澜区领导到会指导。该镇推行“网格联动”模式。", [("新桥镇", "implements", "网格联动模式")]),
    # 在X, …: a place where, not the subject
    ("在商圈核心区域星澜中环写字楼,建成投用蓝岳党群服务中心。", []),
    # a clause without a subject takes the sentence's first one (0.1 less sure)
    (
        "星澜区召开会议,推行“红色管家”模式。",
        [("星澜区", "implements", "红色管家模式")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SUBJECTS)
def test_subject(text, expected):
    assert facts(text) == expected


def test_a_carried_subject_is_less_sure_than_a_stated_one():
    stated = extract_text("星澜区推行“红色管家”模式。").relations
    carried = extract_text("星澜区召开会议,推行“红色管家”模式。").relations
    assert stated[0].confidence > carried[0].confidence


def test_a_cue_row_with_an_unknown_class_is_refused(tmp_path, monkeypatch):
    from kg import lexicon
    from kg.errors import DataError

    monkeypatch.setattr(lexicon, "_data", lambda name: ("考察\tlocatedIn\tVISIT\t0.6\tCompany\t-\n", "cues.tsv"))
    with pytest.raises(DataError, match="cues.tsv:1: unknown class 'Company'"):
        lexicon._cues()


def test_evidence_is_the_text_as_read_with_the_names_offsets():
    """Normalisation turns ， into , for the rules; the evidence keeps the document's own ，, and
    the offsets of the head's and the tail's names point into that text."""
    r = extract_text("据悉，成都星河电子有限公司位于青羊区。")
    rel = next(x for x in r.relations if x.prop == "locatedIn" and x.tail.name == "青羊区")
    raw = r.document.raw
    assert rel.evidence == raw[rel.start : rel.end] == "据悉，成都星河电子有限公司位于青羊区。"
    hs, he, ts, te = rel.spans
    assert (raw[hs:he], raw[ts:te]) == ("成都星河电子有限公司", "青羊区")


def test_a_fact_a_name_states_has_the_name_as_evidence():
    r = extract_text("据悉，青竹街道党工委召开会议。")
    rel = next(x for x in r.relations if x.prop == "partyOrganizationOf")
    assert rel.evidence == "青竹街道党工委"


def test_the_map_marks_the_names_inside_the_evidence():
    from kg.export_html import _marks
    from kg.records import Evidence

    ev = Evidence("d", "星河公司位于青羊区。", 10, 20, 0.7, head_start=10, head_end=14, tail_start=16, tail_end=19)
    assert _marks(ev) == [[0, 4], [6, 9]]
    carried = Evidence("d", "推行“红色管家”模式。", 30, 41, 0.6, head_start=0, head_end=3, tail_start=32, tail_end=38)
    assert _marks(carried) == [[2, 8]]  # the head was named before: only the tail is marked here


def test_kg_query_can_keep_only_the_surer_facts(tmp_path):
    from click.testing import CliRunner

    from kg.build import build_outputs
    from kg.cli import cli

    src = tmp_path / "src"
    src.mkdir()
    # stated head (0.7) and a head carried from the clause before (0.6)
    (src / "a.txt").write_text("星澜区推行“红色管家”模式。蓝岳区召开会议,推行“绿色驿站”模式。", encoding="utf-8")
    build_outputs([src], tmp_path / "out", progress=False, html=False)
    q = "SELECT ?p WHERE { ?s lt:implements ?p } ORDER BY ?p"
    run = CliRunner().invoke(cli, ["query", str(tmp_path / "out"), q, "-f", "csv"])
    sure = CliRunner().invoke(cli, ["query", str(tmp_path / "out"), q, "-f", "csv", "--min-confidence", "0.65"])
    assert run.exit_code == sure.exit_code == 0
    assert len(run.output.split()) == 3 and len(sure.output.split()) == 2  # header and rows
    bad = CliRunner().invoke(cli, ["query", str(tmp_path / "out"), q, "--min-confidence", "2"])
    assert bad.exit_code == 2
