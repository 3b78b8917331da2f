"""Relations: short sentences per frame, with the facts expected (and those that must not appear)."""

from __future__ import annotations

import pytest

from kg.pipeline import extract_text


def facts(text: str) -> set[tuple[str, str, str]]:
    return {(r.head.name, r.prop, r.tail.name) for r in extract_text(text).relations}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("位于龙泉驿区的成都领克汽车有限公司内。", ("成都领克汽车有限公司", "locatedIn", "龙泉驿区")),
        ("成都经开区是汽车产业基地。", ("成都经开区", "locatedIn", "成都")),
        ("江苏省苏州市吴中区。", ("吴中区", "locatedIn", "苏州市")),
        ("西园街道党工委召开会议。", ("西园街道党工委", "partyOrganizationOf", "西园街道")),
        ("欧林公司党支部成立。", ("欧林公司党支部", "partyOrganizationOf", "欧林公司")),
        ("招商银行重庆分行参加沙龙。", ("招商银行重庆分行", "partOf", "招商银行")),
        ("两江新区出台《惠企政策汇编》。", ("两江新区", "issued", "惠企政策汇编")),
        ("龙泉驿区大力实施“先锋攻坚”行动。", ("龙泉驿区", "implements", "先锋攻坚行动")),
        ("新能源电池材料产业链党委成立。", ("新能源电池材料产业链党委", "belongsToChain", "新能源电池材料产业链")),
    ],
)
def test_frames(text, expected):
    assert expected in facts(text)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (
            "四川邛崃经济开发区举行签约。",
            {("四川邛崃经济开发区", "locatedIn", "邛崃"), ("邛崃", "locatedIn", "四川")},
            set(),
        ),
        (
            "四川振兴电子信息智慧产业园开园。",
            {("四川振兴电子信息智慧产业园", "locatedIn", "四川")},
            {("振兴", "locatedIn", "四川")},
        ),
        (
            "东坡街道青竹社区党组织书记王明介绍。",
            {("东坡街道青竹社区党组织", "partyOrganizationOf", "青竹社区"), ("青竹社区", "locatedIn", "东坡街道")},
            set(),
        ),
        ("绵阳市委组织部基层党建办负责人介绍。", {("绵阳市委组织部基层党建办", "partOf", "绵阳市委组织部")}, set()),
        (
            "与河北怀安、重庆市璧山区、南岸区开展联建。",
            {("怀安", "locatedIn", "河北"), ("璧山区", "locatedIn", "重庆市"), ("南岸区", "locatedIn", "重庆市")},
            set(),
        ),
        (
            "青川县委书记、青川经开区党工委副书记周明说。",
            {("周明", "holdsPositionIn", "青川县委"), ("周明", "holdsPositionIn", "青川经开区党工委")},
            set(),
        ),
        (
            "近年来,绵阳市引来光伏龙头企业星河股份、蓝海科技等入驻。",
            {("星河股份", "settledIn", "绵阳市"), ("蓝海科技", "settledIn", "绵阳市")},
            set(),
        ),
        ("12家链主企业与54家中小企业开展结对。", set(), {("链主企业", "cooperatesWith", "中小企业")}),
    ],
)
def test_names_inside_names(text, expected, absent):
    got = facts(text)
    assert expected <= got
    assert not (absent & got)


def test_role_is_kept_on_the_statement():
    r = extract_text("两江投资集团党委书记、董事长李谨说。")
    roles = {(x.head.name, x.tail.name, x.role) for x in r.relations if x.prop == "holdsPositionIn"}
    assert ("李谨", "两江投资集团", "党委书记、董事长") in roles


def test_coordinated_list_gives_one_fact_each():
    got = facts("龙泉驿区开展“先锋攻坚”行动、“红色合伙人”培育工程。")
    assert {("龙泉驿区", "implements", "先锋攻坚行动"), ("龙泉驿区", "implements", "红色合伙人培育工程")} <= got


def test_no_relation_with_a_group_that_is_not_an_entity():
    assert facts("12家链主企业与54家中小企业开展结对。") == set()


def test_evidence_is_the_sentence_with_its_offsets():
    text = "第一句话。两江新区出台《惠企政策汇编》。"
    r = extract_text(text)
    rel = next(x for x in r.relations if x.prop == "issued")
    assert text[rel.start : rel.end] == rel.evidence == "两江新区出台《惠企政策汇编》。"


def test_relative_names_are_not_merged_across_documents():
    from kg.graph import build_graph

    a = extract_text("区委宣传部指导企业。东坡街道党工委召开会议。", "a.txt")
    b = extract_text("区委宣传部召开会议。东坡街道党工委开展活动。", "b.txt")
    g = build_graph([a, b])
    by_name: dict[str, list[tuple[str, ...]]] = {}
    for _, d in g.nodes(data=True):
        by_name.setdefault(d["name"], []).append(d["documents"])
    assert sorted(by_name["区委宣传部"]) == [("a.txt",), ("b.txt",)]  # two districts, two departments
    assert by_name["东坡街道党工委"] == [("a.txt", "b.txt")]  # one named committee


# One table per property: a sentence of the genre and the fact it states.
PROPERTY_CASES = [
    ("星河电子有限公司位于青川县。", ("星河电子有限公司", "locatedIn", "青川县")),
    ("星河集团下属的蓝海电子有限公司投产。", ("蓝海电子有限公司", "partOf", "星河集团")),
    ("星河电子有限公司党委召开会议。", ("星河电子有限公司党委", "partyOrganizationOf", "星河电子有限公司")),
    ("青川县委组建青川经开区党工委。", ("青川县委", "established", "青川经开区党工委")),
    ("青川县委组织部指导星河电子有限公司党支部开展工作。", ("青川县委组织部", "guides", "星河电子有限公司党支部")),
    ("青川县大力实施“红色引擎”工程。", ("青川县", "implements", "红色引擎工程")),
    ("青川县出台《支持民营经济发展十条措施》。", ("青川县", "issued", "支持民营经济发展十条措施")),
    ("星河电子有限公司加入青川新能源产业链党委。", ("星河电子有限公司", "memberOf", "青川新能源产业链党委")),
    ("青川县与剑阁县签订战略合作协议。", ("剑阁县", "cooperatesWith", "青川县")),
    ("星河电子有限公司落户青川经开区。", ("星河电子有限公司", "settledIn", "青川经开区")),
    ("青川经开区为星河电子有限公司提供代办服务。", ("青川经开区", "serves", "星河电子有限公司")),
    ("星河电子有限公司总经理王明说。", ("王明", "holdsPositionIn", "星河电子有限公司")),
    ("青川新能源产业链党委成立。", ("青川新能源产业链党委", "belongsToChain", "新能源产业链")),  # a chain is a trade
]


@pytest.mark.parametrize(("text", "expected"), PROPERTY_CASES)
def test_each_property(text, expected):
    assert expected in facts(text)


# Frames: whose clause a cue is in, and who the subject is when the clause has none.
FRAME_CASES = [
    # a clause without a subject takes the subject of the clause before it
    (
        "青川县委组织部聚焦新兴领域,持续深化“红色引擎”党建工程。",
        {("青川县委组织部", "implements", "红色引擎党建工程")},
        set(),
    ),
    # the object of a verb that opens the sentence is not its subject
    (
        "为全面贯彻落实市委要求,青川县大力实施“强链”行动。",
        {("青川县", "implements", "强链行动")},
        {("市委", "implements", "强链行动")},
    ),
    # 以X为中心 is a place the clause is about; the subject is who acts
    (
        "以绵阳为中心,青川县实施“强链”行动。",
        {("青川县", "implements", "强链行动")},
        {("绵阳", "implements", "强链行动")},
    ),
    # a paragraph's subject carries to its next sentences
    ("青川县召开动员大会。同时,深化“接诉即办”改革。", {("青川县", "implements", "接诉即办改革")}, set()),
    # 集团 alone is the group the text is about
    (
        "星河集团召开会议。星河集团党委部署工作。集团还推行“挂点联系”机制。",
        {("星河集团", "implements", "挂点联系机制")},
        set(),
    ),
    # X 为 A、B 等企业提供…: each listed company is served
    (
        "星河电子有限公司为华锐、蓝海、光启等电子企业提供智能制造方案。",
        {("星河电子有限公司", "serves", "华锐"), ("星河电子有限公司", "serves", "光启")},
        {("华锐", "serves", "光启")},
    ),
    # companies settling: the park the clauses are about, not an earlier one
    (
        "青川经开区测试数据不断刷新,今年1月,蓝海电子信息产业园开园,星河科技、光启环保等企业落地入驻。",
        {("星河科技", "settledIn", "蓝海电子信息产业园"), ("光启环保", "settledIn", "蓝海电子信息产业园")},
        {("星河科技", "settledIn", "青川经开区")},
    ),
]


@pytest.mark.parametrize(("text", "expected", "absent"), FRAME_CASES)
def test_subjects_of_clauses(text, expected, absent):
    got = facts(text)
    assert expected <= got
    assert not (absent & got)


@pytest.mark.parametrize(
    "text",
    [
        "12家链主企业与54家中小企业开展结对。",  # two groups, not entities
        "星河电子有限公司迁出青川经开区。",  # moved away, not settled in
        "青川经开区当好项目推进“勤务员”。",  # a metaphor in quotes, not a program
        "青川县的企业数量增长。",  # no cue
        "村里成立了合作社,与青川经开区多家企业签订用工协议。",  # with the park's companies, not the park
        "星河电子有限公司党委通过党建共建提升效能。",  # a company and its own committee do not cooperate
        # the clause names its subject by kind only: no fallback to the paragraph's subject
        "青川经开区召开会议。组织部门牵头会同星澜工委、经信等5个部门推进工作。",
        # a place in a prepositional phrase is where, not who: 以绵阳为驻点, 在上海、苏州等地
        "该专班以绵阳为驻点,开展“一对一”叩门招商。",
        "在星河市、绵阳市等地实施“强链”行动。",
    ],
)
def test_no_relation_where_the_text_states_none(text):
    got = {f for f in facts(text) if f[1] not in ("locatedIn", "partyOrganizationOf", "partOf")}
    assert got == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 公司 as a subject is the company the paragraph last named
        (
            "青川经开区党工委指导星河电子有限公司成立党支部。今年5月,公司党支部还加入了青川新能源产业链党委。",
            ("星河电子有限公司", "memberOf", "青川新能源产业链党委"),
        ),
        # a park is the seat of the district the sentence is about
        ("据悉,青川县作为国家级经开区青川经开区所在地,是重要门户。", ("青川经开区", "locatedIn", "青川县")),
        # the subject of an earlier clause helps the company named after a verb
        (
            "蓝海产业园始终坚持党建引领破解难题,成功助力星河电子有限公司跑出加速度。",
            ("蓝海产业园", "serves", "星河电子有限公司"),
        ),
        # a branch office is part of its office and lies in the park it names
        (
            "设置青川经开区党群服务中心科创城园区分中心。",
            ("青川经开区党群服务中心科创城园区分中心", "partOf", "青川经开区党群服务中心"),
        ),
        (
            "设置青川经开区党群服务中心科创城园区分中心。",
            ("青川经开区党群服务中心科创城园区分中心", "locatedIn", "科创城园区"),
        ),
        # a park written before a street holds it
        ("青川高新区东坡街道召开会议。", ("东坡街道", "locatedIn", "青川高新区")),
        # a village's committee, the village, its town and its county
        ("章贡区水东镇七里村党总支书记王芳说。", ("章贡区水东镇七里村党总支", "partyOrganizationOf", "七里村")),
        ("章贡区水东镇七里村党总支书记王芳说。", ("七里村", "locatedIn", "水东镇")),
        ("章贡区水东镇七里村党总支书记王芳说。", ("水东镇", "locatedIn", "章贡区")),
        ("樊城区米公街道党工委书记刘伟介绍。", ("米公街道", "locatedIn", "樊城区")),
        # 公司 opening a clause is the company of the paragraph, even named inside its committee
        (
            "星河电子有限公司党委副书记陈红表示,通过党建共建,公司与华中科技大学签订校企合作协议。",
            ("星河电子有限公司", "cooperatesWith", "华中科技大学"),
        ),
    ],
)
def test_anaphora_seats_and_branches(text, expected):
    assert expected in facts(text)


def test_a_park_and_its_official_abbreviation_are_one_entity():
    r = extract_text("赣南经济技术开发区党工委部署工作。赣南经开区企业投产。")
    parks = {e.name: e.aliases for e in r.entities if e.cls == "Park"}
    assert parks == {"赣南经济技术开发区": ("赣南经开区",)}


def test_bracketed_name_of_the_same_kind_is_an_alias():
    r = extract_text("青川经济开发区新材料产业园(蓝海工业园区)内,星河电子有限公司投产。蓝海工业园区服务企业。")
    parks = {e.name: e.aliases for e in r.entities if e.cls == "Park"}
    assert "蓝海工业园区" in parks["青川经济开发区新材料产业园"]
