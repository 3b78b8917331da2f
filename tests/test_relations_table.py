"""Relations: the WHOLE set of facts of each short invented sentence, pinned row by row.

Unlike ``test_relations.py`` (a fact is among those found), each row here lists every fact
``extract_text(text).relations`` gives, sorted, so a restructured extractor that adds or loses one
shows up. Name-internal facts (绵阳经开区 -> 绵阳, X党委 -> X) are part of the set.
"""

from __future__ import annotations

import pytest

from kg.pipeline import extract_text


def facts(text: str) -> list[tuple[str, str, str]]:
    return sorted((r.head.name, r.prop, r.tail.name) for r in extract_text(text).relations)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # locatedIn: X位于Y, 位于Y的X, Y内企业X、Z
        ("成都星河电子有限公司位于青羊区。", [("成都星河电子有限公司", "locatedIn", "青羊区")]),
        ("位于涪城区的绵阳蓝海精工有限公司投产。", [("绵阳蓝海精工有限公司", "locatedIn", "涪城区")]),
        (
            "青羊区内企业星河电子有限公司、蓝海精工有限公司参加。",
            [("星河电子有限公司", "locatedIn", "青羊区"), ("蓝海精工有限公司", "locatedIn", "青羊区")],
        ),
        # settledIn: a list before 入驻/落户, the place the subject of the sentence or clause
        (
            "近年来,青羊区引进锐澜新材料、蓝海精工等企业入驻。",
            [("蓝海精工", "settledIn", "青羊区"), ("锐澜新材料", "settledIn", "青羊区")],
        ),
        (
            "红枫产业园开园,星河电子有限公司、蓝海精工有限公司等企业落地入驻。",
            [("星河电子有限公司", "settledIn", "红枫产业园"), ("蓝海精工有限公司", "settledIn", "红枫产业园")],
        ),
        # a list before the cue: each of them (the list stands right before the cue)
        (
            "锐澜新材料、蓝海精工等企业落户青羊区。",
            [("蓝海精工", "settledIn", "青羊区"), ("锐澜新材料", "settledIn", "青羊区")],
        ),
        (
            "星河电子有限公司、蓝海精工有限公司等企业入驻绵阳经开区。",
            [
                ("星河电子有限公司", "settledIn", "绵阳经开区"),
                ("绵阳经开区", "locatedIn", "绵阳"),
                ("蓝海精工有限公司", "settledIn", "绵阳经开区"),
            ],
        ),
        # today: nothing (wrong: 投资 in a place is settledIn: 星河电子有限公司 settledIn 青羊区)
        ("星河电子有限公司在青羊区投资建设研发中心。", []),
        # implements: 实施 / 开展 a program
        ("青羊区实施“银杏人才”计划。", [("青羊区", "implements", "银杏人才计划")]),
        (
            "星河电子有限公司党委开展“红枫先锋”行动。",
            [
                ("星河电子有限公司党委", "implements", "红枫先锋行动"),
                ("星河电子有限公司党委", "partyOrganizationOf", "星河电子有限公司"),
            ],
        ),
        # today: one program (wrong: 银杏人才计划 and 红枫先锋行动 are two programs, each implemented)
        ("青羊区实施“银杏人才”计划和“红枫先锋”行动。", [("青羊区", "implements", "银杏人才计划和红枫先锋行动")]),
        # issued: 出台 / 印发《…》
        ("涪城区出台《银杏产业扶持办法》。", [("涪城区", "issued", "银杏产业扶持办法")]),
        (
            "绵阳经开区管委会印发《翠湖园区招商办法》。",
            [
                ("绵阳经开区", "locatedIn", "绵阳"),
                ("绵阳经开区管委会", "issued", "翠湖园区招商办法"),
                ("绵阳经开区管委会", "locatedIn", "绵阳经开区"),
            ],
        ),
        # established: 成立 / 设立
        ("青羊区成立翠湖产业园。", [("青羊区", "established", "翠湖产业园")]),
        ("星河电子有限公司设立星河研究院。", [("星河电子有限公司", "established", "星河研究院")]),
        (
            "青羊区委组织部牵头成立翠湖数字经济产业链党委。",
            [
                ("翠湖数字经济产业链党委", "belongsToChain", "翠湖数字经济产业链"),
                ("青羊区委组织部", "established", "翠湖数字经济产业链党委"),
                ("青羊区委组织部", "guides", "翠湖数字经济产业链党委"),
                ("青羊区委组织部", "locatedIn", "青羊区"),
            ],
        ),
        # cooperatesWith: X与Y共建/结对/签订, X携手Y (symmetric: the pair in entity order)
        (
            "青羊区委组织部与星河电子有限公司共建党建阵地。",
            [("星河电子有限公司", "cooperatesWith", "青羊区委组织部"), ("青羊区委组织部", "locatedIn", "青羊区")],
        ),
        ("涪城区与青羊区开展结对共建。", [("涪城区", "cooperatesWith", "青羊区")]),
        (
            "青竹街道党工委与星河电子有限公司党支部结对。",
            [
                ("星河电子有限公司党支部", "cooperatesWith", "青竹街道党工委"),
                ("星河电子有限公司党支部", "partyOrganizationOf", "星河电子有限公司"),
                ("青竹街道党工委", "locatedIn", "青竹街道"),
                ("青竹街道党工委", "partyOrganizationOf", "青竹街道"),
            ],
        ),
        (
            "星河电子有限公司与蓝海精工有限公司签订合作协议。",
            [("星河电子有限公司", "cooperatesWith", "蓝海精工有限公司")],
        ),
        ("青羊区与四川银杏大学签署战略合作协议。", [("四川银杏大学", "cooperatesWith", "青羊区")]),
        (
            "绵阳经开区携手四川银杏大学培养人才。",
            [("四川银杏大学", "cooperatesWith", "绵阳经开区"), ("绵阳经开区", "locatedIn", "绵阳")],
        ),
        # serves: X为A、B提供…, X帮助A解决…
        (
            "青羊区政务服务中心为星河电子有限公司、蓝海精工有限公司提供代办服务。",
            [
                ("青羊区政务服务中心", "locatedIn", "青羊区"),
                ("青羊区政务服务中心", "serves", "星河电子有限公司"),
                ("青羊区政务服务中心", "serves", "蓝海精工有限公司"),
            ],
        ),
        (
            "青羊区为星河电子有限公司、蓝海精工有限公司提供人才服务。",
            [("青羊区", "serves", "星河电子有限公司"), ("青羊区", "serves", "蓝海精工有限公司")],
        ),
        (
            "青羊区投资促进局帮助星河电子有限公司解决用地问题。",
            [("青羊区投资促进局", "locatedIn", "青羊区"), ("青羊区投资促进局", "serves", "星河电子有限公司")],
        ),
        # holdsPositionIn: ORG + role words + person
        (
            "星河电子有限公司党委书记、董事长王明说。",
            [
                ("星河电子有限公司党委", "partyOrganizationOf", "星河电子有限公司"),
                ("王明", "holdsPositionIn", "星河电子有限公司"),
            ],
        ),
        ("星河电子有限公司总经理张强介绍。", [("张强", "holdsPositionIn", "星河电子有限公司")]),
        (
            "绵阳经开区管委会主任李华介绍。",
            [
                ("李华", "holdsPositionIn", "绵阳经开区管委会"),
                ("绵阳经开区", "locatedIn", "绵阳"),
                ("绵阳经开区管委会", "locatedIn", "绵阳经开区"),
            ],
        ),
        # a post in a region (区长) is not holdsPositionIn
        (
            "青羊区委书记、青羊区区长李华说。",
            [
                ("李华", "holdsPositionIn", "青羊区委"),
                ("青羊区委", "locatedIn", "青羊区"),
                ("青羊区委", "partyOrganizationOf", "青羊区"),
            ],
        ),
        # partOf: a branch, 下属 (tail before the cue)
        ("蓝海银行青羊支行参加活动。", [("蓝海银行青羊支行", "partOf", "蓝海银行")]),
        (
            "青羊区委组织部下属青羊区党建服务中心。",
            [
                ("青羊区党建服务中心", "locatedIn", "青羊区"),
                ("青羊区党建服务中心", "partOf", "青羊区委组织部"),
                ("青羊区委组织部", "locatedIn", "青羊区"),
            ],
        ),
        # partyOrganizationOf / belongsToChain from the name
        (
            "青竹街道党工委召开会议。",
            [("青竹街道党工委", "locatedIn", "青竹街道"), ("青竹街道党工委", "partyOrganizationOf", "青竹街道")],
        ),
        ("翠湖数字经济产业链党委召开会议。", [("翠湖数字经济产业链党委", "belongsToChain", "翠湖数字经济产业链")]),
        # memberOf: 加入
        (
            "星河电子有限公司加入翠湖数字经济产业链党委。",
            [
                ("星河电子有限公司", "memberOf", "翠湖数字经济产业链党委"),
                ("翠湖数字经济产业链党委", "belongsToChain", "翠湖数字经济产业链"),
            ],
        ),
        # a named alliance (…党建联盟) is a PartyOrganization the branch joined
        (
            "蓝海精工有限公司党支部加入青竹街道红枫社区党建联盟。",
            [
                ("蓝海精工有限公司党支部", "memberOf", "青竹街道红枫社区党建联盟"),
                ("蓝海精工有限公司党支部", "partyOrganizationOf", "蓝海精工有限公司"),
            ],
        ),
        # 首批加入“X”的有A、B等单位: each of the list joined the quoted body, not the paragraph's subject
        (
            "星澜区委牵头组建联盟。首批加入“星澜红色同心圆”的有星河置地(重庆)有限公司、澜星物业公司等单位党组织。",
            [
                ("星河置地(重庆)有限公司", "memberOf", "星澜红色同心圆"),
                ("澜星物业公司", "memberOf", "星澜红色同心圆"),
            ],
        ),
        # a chain is a trade: the place before it is named apart, and the chain's committee lies there
        (
            "星澜经开区新能源电池产业链党委召开联席会。",
            [
                ("星澜经开区新能源电池产业链党委", "belongsToChain", "新能源电池产业链"),
                ("星澜经开区新能源电池产业链党委", "locatedIn", "星澜经开区"),
            ],
        ),
        # 《X关于…的决定》: the body named before 关于 issued the document
        (
            "会上宣读了《星澜市人民政府关于表彰先进集体的决定》。",
            [("星澜市人民政府", "issued", "星澜市人民政府关于表彰先进集体的决定")],
        ),
        # an aside in brackets after an item does not end the list
        (
            "首批加入“星澜同心圆”的有星河商业(重庆)有限公司(澜星超市)、星澜建设医院等单位党组织。",
            [("星河商业(重庆)有限公司", "memberOf", "星澜同心圆"), ("星澜建设医院", "memberOf", "星澜同心圆")],
        ),
        # a body's quoted program (X“P”模式, X的“P”) is one it implements
        (
            "组织企业观摩，对星澜集团“五个全面结合”、澜岳公司的“党建+人才引进”等模式进行学习。",
            [("星澜集团", "implements", "五个全面结合"), ("澜岳公司", "implements", "党建+人才引进")],
        ),
        # the program a sentence names as its means (以P为抓手) is one its subject implements
        ("星澜航天基地以链长制为抓手，推动产业发展。", [("星澜航天基地", "implements", "链长制")]),
        (
            "星澜区认真贯彻会议精神，以“三强联动”行动为抓手，推动发展。",
            [("星澜区", "implements", "三强联动行动")],
        ),
        # a Mongolian village (嘎查) written after its township (苏木) lies in it, as 村 after 乡
        ("宝澜苏木库澜嘎查召开大会。", [("库澜嘎查", "locatedIn", "宝澜苏木")]),
        # a body named after its park (…科技园|党群服务中心, …产业园|管委会) lies in it; 科技园区 stays whole
        (
            "在星澜科技园党群服务中心，他了解了情况。",
            [("星澜科技园党群服务中心", "locatedIn", "星澜科技园")],
        ),
        ("澜岳产业园管委会召开会议。", [("澜岳产业园管委会", "locatedIn", "澜岳产业园")]),
        # 组建园区“X”: the bare 园区 qualifies the quoted name, which is what was set up
        (
            "星澜区以星澜数字产业园区为依托。星澜区组建园区“星河联盟”，推动企业合作。",
            [("星澜区", "established", "星河联盟")],
        ),
        # “甲”“乙”: two quoted names in a row are two objects
        (
            "星澜市深化社区治理，探索出“社工+物业”“集体经济+信托制”等治理方式。",
            [("星澜市", "implements", "社工+物业"), ("星澜市", "implements", "集体经济+信托制")],
        ),
        # a park's committee: its 书记、管委会主任 holds the post in the committee (no person works in a park)
        (
            "星澜市副市长，澜岳产业园党工委书记、管委会主任王建国出席会议。",
            [
                ("澜岳产业园党工委", "locatedIn", "澜岳产业园"),
                ("澜岳产业园党工委", "partyOrganizationOf", "澜岳产业园"),
                ("王建国", "holdsPositionIn", "澜岳产业园党工委"),
            ],
        ),
        # A与B共同出资成立C: each established C, and they work together
        (
            "澜岳集团公司与星澜产业发展有限公司，共同出资成立星岳投资开发有限公司。",
            [
                ("星澜产业发展有限公司", "cooperatesWith", "澜岳集团公司"),
                ("星澜产业发展有限公司", "established", "星岳投资开发有限公司"),
                ("澜岳集团公司", "established", "星岳投资开发有限公司"),
            ],
        ),
        # 分别: each on its own, no cooperation
        (
            "星澜区和澜岳区分别实施“三强联动”行动。",
            [("星澜区", "implements", "三强联动行动"), ("澜岳区", "implements", "三强联动行动")],
        ),
        # today: nothing (wrong: a 链主企业 of a named chain belongsToChain it)
        ("星河电子有限公司是翠湖数字经济产业链链主企业。", []),
        # guides: 指导
        (
            "青羊区委组织部指导青竹街道党工委开展工作。",
            [
                ("青竹街道党工委", "locatedIn", "青竹街道"),
                ("青竹街道党工委", "partyOrganizationOf", "青竹街道"),
                ("青羊区委组织部", "guides", "青竹街道党工委"),
                ("青羊区委组织部", "locatedIn", "青羊区"),
            ],
        ),
        # no relation: groups that are not entities, a place without a relation cue, no second entity
        ("12家链主企业与54家中小企业开展结对。", []),
        ("企业党组织开展活动。", []),
        ("园区企业积极参与。", []),
        ("会议在青羊区召开。", []),
        ("王明表示,要加强学习。", []),
        ("星河电子有限公司投产。", []),
        ("2020年入驻的星河电子有限公司投产。", []),  # no place in the sentence to settle in
        (
            "青竹街道党工委带领辖区企业开展活动。",
            [("青竹街道党工委", "locatedIn", "青竹街道"), ("青竹街道党工委", "partyOrganizationOf", "青竹街道")],
        ),
        ("星河电子有限公司被纳入翠湖数字经济产业链。", []),  # memberOf does not take a chain
    ],
)
def test_facts(text, expected):
    assert facts(text) == expected


def test_facts_of_a_paragraph_keep_each_sentence():
    """Two sentences stating the same name-internal fact give it twice, once per sentence."""
    assert facts("星河电子有限公司位于绵阳经开区。绵阳经开区出台《银杏人才计划》。") == [
        ("星河电子有限公司", "locatedIn", "绵阳经开区"),
        ("绵阳经开区", "issued", "银杏人才计划"),
        ("绵阳经开区", "locatedIn", "绵阳"),
        ("绵阳经开区", "locatedIn", "绵阳"),
    ]


PARAGRAPHS = [
    "星河电子有限公司位于绵阳经开区。绵阳经开区出台《银杏人才计划》。",
    (
        "青羊区政务服务中心为星河电子有限公司、蓝海精工有限公司提供代办服务。\n"
        "星河电子有限公司党委书记、董事长王明说,公司加入翠湖数字经济产业链党委。"
    ),
    "近年来,青羊区引进锐澜新材料、蓝海精工等企业入驻。青竹街道党工委与星河电子有限公司党支部结对。",
]


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_evidence_is_the_stating_sentence(text):
    r = extract_text(text)
    assert r.document.text == text  # already normalised: offsets into the text as given
    rels = r.relations
    assert rels
    for rel in rels:
        assert rel.evidence == text[rel.start : rel.end]
