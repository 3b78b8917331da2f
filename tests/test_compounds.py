"""Names inside names (``kg.compounds``), pinned row by row.

``split`` rows: a short invented text -> the exact inner parts ``(text, class)`` and the exact links
``(head, property, tail)`` it finds in the mentions of ``kg.entities.recognise_text``. ``chains`` rows: a
text -> the exact links between regions (and parks) written together.
"""

from __future__ import annotations

import pytest

from kg.compounds import chains, split
from kg.entities import recognise_text


def parts_and_links(text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    parts, links = split(recognise_text(text))
    return [(m.text, m.cls) for m in parts], [(h.text, p, t.text) for h, p, t, _ in links]


def chain_links(text: str) -> list[tuple[str, str, str]]:
    mentions = list(recognise_text(text))
    parts, _ = split(mentions)
    return [(h.text, p, t.text) for h, p, t, _ in chains(mentions + parts, text)]


@pytest.mark.parametrize(
    ("text", "parts", "links"),
    [
        # a region prefix on a park, an agency or a party department: locatedIn
        ("德阳经开区召开会议。", [("德阳", "Region")], [("德阳经开区", "locatedIn", "德阳")]),
        # a street named like a county (长岭街道): its own name, no county it lies in
        ("长岭街道采取党建+服务模式。", [], []),
        ("绵阳高新综保区", [("绵阳", "Region")], [("绵阳高新综保区", "locatedIn", "绵阳")]),
        ("四川银杏经济开发区", [("四川", "Region")], [("四川银杏经济开发区", "locatedIn", "四川")]),
        ("绵阳市经信局", [("绵阳市", "Region")], [("绵阳市经信局", "locatedIn", "绵阳市")]),
        ("青羊区投资促进局", [("青羊区", "Region")], [("青羊区投资促进局", "locatedIn", "青羊区")]),
        ("青羊区委组织部", [("青羊区", "Region")], [("青羊区委组织部", "locatedIn", "青羊区")]),
        # no region prefix on the registered name of a company
        ("成都星河电子有限公司", [], []),
        # two regions before a park: the park in the inner one, the inner in the outer
        (
            "四川绵阳经开区",
            [("四川", "Region"), ("绵阳", "Region")],
            [("四川绵阳经开区", "locatedIn", "绵阳"), ("绵阳", "locatedIn", "四川")],
        ),
        # a park at the start of a longer name: the park, then the park's own region prefix (second pass)
        (
            "绵阳经开区汽车产业园区",
            [("绵阳经开区", "Park"), ("绵阳", "Region")],
            [("绵阳经开区汽车产业园区", "locatedIn", "绵阳经开区"), ("绵阳经开区", "locatedIn", "绵阳")],
        ),
        (
            "四川绵阳高新区管委会",
            [("四川绵阳高新区", "Park"), ("四川", "Region"), ("绵阳", "Region")],
            [
                ("四川绵阳高新区管委会", "locatedIn", "四川绵阳高新区"),
                ("四川绵阳高新区", "locatedIn", "绵阳"),
                ("绵阳", "locatedIn", "四川"),
            ],
        ),
        # party organisations named after their host
        (
            "青竹街道党工委",
            [("青竹街道", "Region")],
            [("青竹街道党工委", "partyOrganizationOf", "青竹街道"), ("青竹街道党工委", "locatedIn", "青竹街道")],
        ),
        (
            "红枫社区党支部",
            [("红枫社区", "Region")],
            [("红枫社区党支部", "partyOrganizationOf", "红枫社区"), ("红枫社区党支部", "locatedIn", "红枫社区")],
        ),
        (
            "成都市委",
            [("成都市", "Region")],
            [("成都市委", "partyOrganizationOf", "成都市"), ("成都市委", "locatedIn", "成都市")],
        ),
        (
            "涪城区委",
            [("涪城区", "Region")],
            [("涪城区委", "partyOrganizationOf", "涪城区"), ("涪城区委", "locatedIn", "涪城区")],
        ),
        (
            "星河电子公司党支部",
            [("星河电子公司", "Enterprise")],
            [("星河电子公司党支部", "partyOrganizationOf", "星河电子公司")],
        ),
        (
            "星河电子有限公司党委",
            [("星河电子有限公司", "Enterprise")],
            [("星河电子有限公司党委", "partyOrganizationOf", "星河电子有限公司")],
        ),
        ("银杏学院党委", [("银杏学院", "Institution")], [("银杏学院党委", "partyOrganizationOf", "银杏学院")]),
        (
            "绵阳高新区党工委",
            [("绵阳高新区", "Park"), ("绵阳", "Region")],
            [
                ("绵阳高新区党工委", "partyOrganizationOf", "绵阳高新区"),
                ("绵阳高新区党工委", "locatedIn", "绵阳高新区"),
                ("绵阳高新区", "locatedIn", "绵阳"),
            ],
        ),
        # 园区 between the park and the committee: still the park's committee
        (
            "绵阳经开区园区党委",
            [("绵阳经开区", "Park"), ("绵阳", "Region")],
            [
                ("绵阳经开区园区党委", "partyOrganizationOf", "绵阳经开区"),
                ("绵阳经开区园区党委", "locatedIn", "绵阳经开区"),
                ("绵阳经开区", "locatedIn", "绵阳"),
            ],
        ),
        # a sector committee (综合党委) of a park: the park is its host through the park prefix
        (
            "四川银杏经济开发区综合党委",
            [("四川银杏经济开发区", "Park"), ("四川", "Region")],
            [
                ("四川银杏经济开发区综合党委", "partyOrganizationOf", "四川银杏经济开发区"),
                ("四川银杏经济开发区综合党委", "locatedIn", "四川银杏经济开发区"),
                ("四川银杏经济开发区", "locatedIn", "四川"),
            ],
        ),
        # a chain's committee: belongsToChain
        (
            "光伏组件产业链党委",
            [("光伏组件产业链", "IndustryChain")],
            [("光伏组件产业链党委", "belongsToChain", "光伏组件产业链")],
        ),
        (
            "翠湖数字经济产业链党委",
            [("翠湖数字经济产业链", "IndustryChain")],
            [("翠湖数字经济产业链党委", "belongsToChain", "翠湖数字经济产业链")],
        ),
        # a street and a company word: the committee is placed in the street, no host
        ("青竹街道星河党委", [("青竹街道", "Region")], [("青竹街道星河党委", "locatedIn", "青竹街道")]),
        # street/community chains in a committee's name
        (
            "青竹街道红枫社区党委",
            [("青竹街道", "Region"), ("红枫社区", "Region")],
            [
                ("红枫社区", "locatedIn", "青竹街道"),
                ("青竹街道红枫社区党委", "partyOrganizationOf", "红枫社区"),
                ("青竹街道红枫社区党委", "locatedIn", "红枫社区"),
            ],
        ),
        (
            "青羊区青竹街道红枫社区党委",
            [("青竹街道", "Region"), ("红枫社区", "Region"), ("青羊区", "Region")],
            [
                ("红枫社区", "locatedIn", "青竹街道"),
                ("青竹街道", "locatedIn", "青羊区"),
                ("青羊区青竹街道红枫社区党委", "partyOrganizationOf", "红枫社区"),
                ("青羊区青竹街道红枫社区党委", "locatedIn", "红枫社区"),
            ],
        ),
        (
            "青羊区青竹街道党工委",
            [("青羊区", "Region"), ("青竹街道", "Region")],
            [
                ("青竹街道", "locatedIn", "青羊区"),
                ("青羊区青竹街道党工委", "partyOrganizationOf", "青竹街道"),
                ("青羊区青竹街道党工委", "locatedIn", "青竹街道"),
            ],
        ),
        # branches: partOf the bank, company or university named first
        ("建设银行绵阳分行", [("建设银行", "Enterprise")], [("建设银行绵阳分行", "partOf", "建设银行")]),
        ("蓝海银行青羊支行", [("蓝海银行", "Enterprise")], [("蓝海银行青羊支行", "partOf", "蓝海银行")]),
        (
            "星河科技有限公司绵阳分公司",
            [("星河科技有限公司", "Enterprise")],
            [("星河科技有限公司绵阳分公司", "partOf", "星河科技有限公司")],
        ),
        (
            "四川银杏大学附属医院",
            [("四川银杏大学", "Institution")],
            [("四川银杏大学附属医院", "partOf", "四川银杏大学")],
        ),
        (
            "四川银杏大学云杉学院",
            [("四川银杏大学", "Institution")],
            [("四川银杏大学云杉学院", "partOf", "四川银杏大学")],
        ),
        # today: no branch (wrong: the recogniser stops at 四川银杏大学 and takes 青羊 as a region,
        # so 四川银杏大学青羊分院 partOf 四川银杏大学 is never found)
        ("四川银杏大学青羊分院", [], []),
        # departments: an office of a party department is partOf it; the department is in its region
        (
            "绵阳市委组织部基层党建办",
            [("绵阳市委组织部", "PartyOrganization"), ("绵阳市", "Region")],
            [("绵阳市委组织部基层党建办", "partOf", "绵阳市委组织部"), ("绵阳市委组织部", "locatedIn", "绵阳市")],
        ),
        # today: only the department (wrong: 人才办 is cut off by the recogniser, so the office
        # 绵阳市委组织部人才办 and its partOf are missing)
        ("绵阳市委组织部人才办", [("绵阳市", "Region")], [("绵阳市委组织部", "locatedIn", "绵阳市")]),
        # office branches: …中心Y园区分中心 is partOf the centre and locatedIn the park
        (
            "青羊区政务服务中心银杏园区分中心",
            [("青羊区政务服务中心", "Agency"), ("银杏园区", "Park"), ("青羊区", "Region")],
            [
                ("青羊区政务服务中心银杏园区分中心", "partOf", "青羊区政务服务中心"),
                ("青羊区政务服务中心银杏园区分中心", "locatedIn", "银杏园区"),
                ("青羊区政务服务中心银杏园区分中心", "locatedIn", "青羊区"),
            ],
        ),
        # today: the centre alone (wrong: 银杏产业园区 is taken as a park of its own and 分中心 is lost,
        # so the branch office, its partOf and its locatedIn the park are missing)
        (
            "青羊区政务服务中心银杏产业园区分中心",
            [("青羊区", "Region")],
            [("青羊区政务服务中心", "locatedIn", "青羊区")],
        ),
        # today: the bureau alone (wrong: 青羊分局 is cut off and 青羊 taken as a region)
        ("成都市税务局青羊分局", [("成都市", "Region")], [("成都市税务局", "locatedIn", "成都市")]),
        # today: nothing (wrong: the community before the agency should place it, 红枫社区 in 青竹街道)
        ("青竹街道红枫社区党群服务中心", [], []),
        # 东坡 is the street's own name here, not 东坡区: no region before it
        ("东坡街道红枫社区", [], []),
    ],
)
def test_split(text, parts, links):
    assert parts_and_links(text) == (parts, links)


@pytest.mark.parametrize(
    ("text", "links"),
    [
        # regions written together: each part locatedIn the one before it
        ("江苏省苏州市吴中区", [("苏州市", "locatedIn", "江苏省"), ("吴中区", "locatedIn", "苏州市")]),
        ("四川省成都市青羊区", [("成都市", "locatedIn", "四川省"), ("青羊区", "locatedIn", "成都市")]),
        ("四川省成都市", [("成都市", "locatedIn", "四川省")]),
        ("成都市青羊区", [("青羊区", "locatedIn", "成都市")]),
        ("四川绵阳", [("绵阳", "locatedIn", "四川")]),
        # street and community, town and village: by their level
        ("青羊区青竹街道", [("青竹街道", "locatedIn", "青羊区")]),
        ("青竹街道红枫社区", [("红枫社区", "locatedIn", "青竹街道")]),
        ("青竹镇银杏村", [("银杏村", "locatedIn", "青竹镇")]),
        (
            "绵阳市涪城区青竹镇银杏村",
            [("涪城区", "locatedIn", "绵阳市"), ("青竹镇", "locatedIn", "涪城区"), ("银杏村", "locatedIn", "青竹镇")],
        ),
        # the place written before a list holds every item of it
        (
            "四川省绵阳市涪城区、游仙区",
            [("绵阳市", "locatedIn", "四川省"), ("涪城区", "locatedIn", "绵阳市"), ("游仙区", "locatedIn", "绵阳市")],
        ),
        # a community inside a park
        ("绵阳高新区红枫社区", [("红枫社区", "locatedIn", "绵阳高新区")]),
        # today: only the first community (wrong: the park written before the list holds 银杏社区 too)
        ("德阳高新区红枫社区、银杏社区", [("红枫社区", "locatedIn", "德阳高新区")]),
        ("东坡街道红枫社区", [("红枫社区", "locatedIn", "东坡街道")]),
        # negative: a list of regions is not a chain
        ("成都市、绵阳市", []),
        # negative: a region after an agency is not inside it
        ("绵阳市政务服务中心、青羊区", []),
    ],
)
def test_chains(text, links):
    assert chain_links(text) == links
