"""Entity recognition: short real sentences of the genre with the exact mentions expected."""

from __future__ import annotations

import pytest

from kg.entities import recognise_text, select
from kg.names import clean_name
from kg.records import Mention


def found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.cls) for m in recognise_text(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("位于龙泉驿区的成都领克汽车有限公司内", [("龙泉驿区", "Region"), ("成都领克汽车有限公司", "Enterprise")]),
        ("江苏省苏州市宿城区", [("江苏省", "Region"), ("苏州市", "Region"), ("宿城区", "Region")]),
        ("柏合街道东华村", [("柏合街道", "Region"), ("东华村", "Region")]),
        ("西园街道党工委", [("西园街道党工委", "PartyOrganization")]),
        ("龙泉驿区委社会工作部", [("龙泉驿区委社会工作部", "PartyOrganization")]),
        ("招商银行重庆分行", [("招商银行重庆分行", "Enterprise")]),
        ("西北工业大学重庆科创中心", [("西北工业大学重庆科创中心", "Institution")]),
        ("开展“先锋攻坚”行动", [("“先锋攻坚”行动", "Program")]),
        (
            "区委印发《问题诉求办理工作规程(试行)》",
            [("区委", "PartyOrganization"), ("《问题诉求办理工作规程(试行)》", "Program")],
        ),
        ("两江投资集团党委书记、董事长李谨", [("两江投资集团党委", "PartyOrganization"), ("李谨", "Person")]),
        (
            "为富士康、惠普、仁宝等3C电子行业头部企业提供服务",
            [("富士康", "Enterprise"), ("惠普", "Enterprise"), ("仁宝", "Enterprise")],
        ),
        ("新能源电池材料产业链党委", [("新能源电池材料产业链党委", "PartyOrganization")]),
        ("云南裕能新能源电池有限公司", [("云南裕能新能源电池有限公司", "Enterprise")]),
        ("云南锦润数控机械制造有限责任公司党支部", [("云南锦润数控机械制造有限责任公司党支部", "PartyOrganization")]),
        ("勤丰镇党委", [("勤丰镇党委", "PartyOrganization")]),
        ("四川邛崃经济开发区", [("四川邛崃经济开发区", "Park")]),
        ("成都经开区汽车产业园区", [("成都经开区汽车产业园区", "Park")]),
        ("安宁产业园区党工委", [("安宁产业园区党工委", "PartyOrganization")]),
        ("本报记者 张雯 通讯员 王博文", [("张雯", "Person"), ("王博文", "Person")]),
        ("□余罗 闵涵乔/文", [("余罗", "Person"), ("闵涵乔", "Person")]),
        ("在全省率先推出“扫码办”服务", [("“扫码办”服务", "Program")]),
        ("探索了优质投资项目“先建后验”的管理模式", [("“先建后验”的管理模式", "Program")]),
        ("曲靖市着力推行链长制", [("曲靖市", "Region"), ("链长制", "Program")]),
        ("召开成都市产业园区高质量发展大会", [("成都市", "Region")]),  # a city's parks in general
        ("绵阳市发展和改革局", [("绵阳市发展和改革局", "Agency")]),
        ("成都高新综保区", [("成都高新综保区", "Park")]),
        ("深化基层党组织“双联双促”、党员“双学双比”", [("“双联双促”", "Program"), ("“双学双比”", "Program")]),
        ("东华村特别成立物流园区综合党委", [("东华村", "Region"), ("物流园区综合党委", "PartyOrganization")]),
        # programs: a weak head right after quotes, single quotes inside a quotation, lists
        ("并以“送策上门”方式,推动攻坚", [("“送策上门”方式", "Program")]),
        ("“园区提供了全方位的‘红管家’服务。”", [("‘红管家’服务", "Program")]),
        ("以“3510”战略发展目标为引领", [("“3510”战略发展目标", "Program")]),
        ("落实立项、规划、土地等各项手续办理的限时办结制,干部深入企业", [("限时办结制", "Program")]),
        (
            "为开发区实施项目帮办、企业联络员、涉企检查报备三项制度",
            [("项目帮办", "Program"), ("企业联络员", "Program"), ("涉企检查报备", "Program")],
        ),
        (
            "探索出“社工+物业”“集体经济+信托制”等治理模式",
            [("“社工+物业”", "Program"), ("“集体经济+信托制”", "Program")],
        ),
        ("在推行邻里互助关爱保障计划的过程中", [("邻里互助关爱保障计划", "Program")]),
        # parks: a park inside a park is one name; a park an office serves; 在…园区内
        ("四川射洪经济开发区天府新区新材料产业园内", [("四川射洪经济开发区天府新区新材料产业园", "Park")]),
        ("设置高新区党群服务中心科创城园区分中心", [("高新区党群服务中心科创城园区分中心", "Agency")]),
        ("在绿色装备制造园区内,厂房百米之隔", [("绿色装备制造园区", "Park")]),
        # regions: a county's short name jieba tags as an adjective, scenic areas, 和 glued on
        ("正是平乐镇将景区建设与治理结合", [("平乐镇", "Region")]),
        ("毗邻古道和川西竹海景区", [("川西竹海景区", "Region")]),
        ("成都天台山景区迎来游客", [("成都天台山景区", "Region")]),
        # departments by short name, chains in a list, people with rarer surnames
        ("安排财政、发改、工信等部门的领导", [("财政", "Agency"), ("发改", "Agency"), ("工信", "Agency")]),
        ("四川星澜经开区经发局担纲牵头单位", [("四川星澜经开区", "Park"), ("经发局", "Agency")]),  # not 区经发局
        # a counted list of departments: bodies with suffixes of their own, a short name with an office's head
        (
            "组织部门牵头会同星澜工委、岳澜党工委、投促中心、经信等11个部门推动工作",
            [
                ("星澜工委", "PartyOrganization"),
                ("岳澜党工委", "PartyOrganization"),
                ("投促中心", "Agency"),
                ("经信", "Agency"),
            ],
        ),
        (
            "已初步形成绿色硅、绿色钛、智能装备制造产业集群",
            [("绿色硅", "IndustryChain"), ("绿色钛", "IndustryChain"), ("智能装备制造", "IndustryChain")],
        ),
        (
            "重点发展石化、冶金、建材4个产业链",
            [("石化", "IndustryChain"), ("冶金", "IndustryChain"), ("建材", "IndustryChain")],
        ),
        ("青川产业园区党工委副书记赖明常说", [("青川产业园区党工委", "PartyOrganization"), ("赖明常", "Person")]),
        ("邛崃社区工作者配备达到每万人18人", [("邛崃", "Region")]),  # the county's community workers
        ("在上海证券交易所科创板上市", [("上海证券交易所", "Institution")]),
        # found on articles from other provinces: three-character names jieba cuts, compass words,
        # a preposition glued to a listed name, towns and villages named by ordinary words
        ("公司党委书记、董事长蔡报贵表示", [("蔡报贵", "Person")]),
        ("吸纳中国南方稀土集团有限公司加入", [("中国南方稀土集团有限公司", "Enterprise")]),
        ("为孚能科技、豪鹏科技等企业提供服务", [("孚能科技", "Enterprise"), ("豪鹏科技", "Enterprise")]),
        ("章贡区水东镇七里村党总支书记王芳说", [("章贡区水东镇七里村党总支", "PartyOrganization"), ("王芳", "Person")]),
        ("章贡区水东镇七里村召开大会", [("章贡区", "Region"), ("水东镇", "Region"), ("七里村", "Region")]),
        # a chain is a trade: the place written before it is a name of its own
        ("成都市电子信息产业链发展迅速", [("成都市", "Region"), ("电子信息产业链", "IndustryChain")]),
        # a noun jieba cut into characters (置|地) before a bracketed place; no name begins with the bracket
        ("星河置地(重庆)有限公司签约", [("星河置地(重庆)有限公司", "Enterprise")]),
        ("我们认真地(重庆)有限公司", [("重庆", "Region")]),
    ],
)
def test_recognises_names_of_the_genre(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "成立19个行业综合党委",  # counted, generic
        "帮助企业党组织成立先锋队",  # generic party organisation
        "加强合作,整合资源",  # county short forms that are ordinary words (合作市, 资源县)
        "努力开创发展新格局",  # 局 inside an ordinary word
        "打造一批文旅名镇和主题强镇",  # categories of towns, not towns
        "设置4条重点产业链",  # counted chains
        "在认真研究省市重点产业链的基础上",  # the province's and the city's key chains: no one chain
        "构建现代产业体系,制定解决方案",  # generic programs
        "建设汽车产业基地和人力资源服务产业园",  # kinds of parks
        "组建12个园区联合党委",  # counted committees
        "企业和政府共同推动",  # 和 joins two generic words, not a bureau name
        "融入节能降耗、质量提升等企业重点工作",  # activities listed, not companies
        "4条产业链联合党委书记由园区领导担任",  # counted committees
        "辐射13个重点职能部门党组织",  # generic host
        "通过构建一街一品、一村一策的组织体系",  # a slogan, not a party organisation
        "该区获评“国际营商标杆园区”称号",  # an honour, not a park
        "“贴心式”服务并非一句口号",  # a manner of service, not a named program
        "在产业链上建党组织",  # 上建: a place word and a verb
        "开展以党建引领、抱团发展为重点的产业链党建品牌创建",  # a list of aims, not chains
        "推动相关部门解决",  # departments in general
    ],
)
def test_generic_or_ordinary_words_are_not_entities(text):
    assert found(text) == []


def test_overlap_policy_prefers_longest_then_specific_class():
    a = Mention("d", 0, 4, "两江新区", "Park")
    b = Mention("d", 0, 4, "两江新区", "Region")
    c = Mention("d", 0, 2, "两江", "Region")
    assert select([c, b, a]) == [a]


def test_clean_name_drops_quotes_and_book_marks():
    assert clean_name("《惠企政策汇编》") == "惠企政策汇编"
    assert clean_name("“1+3”工作模式") == "1+3工作模式"


def test_short_company_names_keep_a_word_that_is_also_a_place():
    from kg.lexicon import load
    from kg.resolve import short_names

    assert "汽车" not in short_names("东风汽车股份有限公司", load())  # 东风 is a district's short name too
    assert "爱敏特" in short_names("成都爱敏特新能源技术有限公司", load())  # the coined word, whole
