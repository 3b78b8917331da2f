"""Resolution within one document: canonical names and aliases, pinned row by row.

Each row is a short invented text and the exact entities ``kg.resolve.resolve`` makes of the mentions
``kg.entities.recognise_text`` finds in it, as ``(class, name, aliases)``.
"""

from __future__ import annotations

import pytest

from kg.entities import recognise_text
from kg.lexicon import load
from kg.resolve import resolve, short_names


def entities(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    ents, _ = resolve(text, list(recognise_text(text)))
    return [(e.cls, e.name, e.aliases) for e in ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # declared aliases: （以下简称“X”）, （简称X）, (下称“X”), and their later uses
        (
            "重庆蓝海精工材料有限公司(以下简称“蓝海精工”)成立。蓝海精工投产。",
            [("Enterprise", "重庆蓝海精工材料有限公司", ("蓝海精工",))],
        ),
        (
            "成都星河电子有限公司（简称星河电子）入驻。",
            [("Enterprise", "成都星河电子有限公司", ("星河电子",))],
        ),
        (
            "绵阳蓝海精工科技有限公司（以下简称蓝海精工）投产。蓝海精工扩产。",
            [("Enterprise", "绵阳蓝海精工科技有限公司", ("蓝海精工",))],
        ),
        (
            "四川星河电子股份有限公司(下称“星河股份”)成立。星河股份投产。",
            [("Enterprise", "四川星河电子股份有限公司", ("星河股份",))],
        ),
        # a declared alias that never occurs alone is still an alias
        (
            "四川翠湖云杉科技股份有限公司(以下简称“云杉科技”)成立。",
            [("Enterprise", "四川翠湖云杉科技股份有限公司", ("云杉科技",))],
        ),
        # two declared aliases in one sentence, each for its own company
        (
            "星河电子有限公司（简称“星河”）与蓝海精工有限公司（简称“蓝海”）签约。星河与蓝海合作。",
            [("Enterprise", "星河电子有限公司", ("星河",)), ("Enterprise", "蓝海精工有限公司", ("蓝海",))],
        ),
        # a bracketed name of the same kind right after a name: 甲产业园（乙工业园区）
        ("绵阳银杏产业园（云杉工业园区）开园。", [("Park", "绵阳银杏产业园", ("云杉工业园区",))]),
        # ... and 园区 then stands for it too (its only park ending in 园区 is the bracketed alias)
        (
            "绵阳星河产业园(银杏工业园区)开园。园区有企业十家。",
            [("Park", "绵阳星河产业园", ("园区", "银杏工业园区"))],
        ),
        # regions written together: each part is a region, the whole a name of the last one
        (
            "四川省绵阳市游仙区的企业。",
            [
                ("Region", "四川省", ()),
                ("Region", "游仙区", ("四川省绵阳市游仙区",)),
                ("Region", "绵阳市", ("四川省绵阳市",)),
            ],
        ),
        ("四川省、绵阳市的企业。", [("Region", "四川省", ()), ("Region", "绵阳市", ())]),
        # 甲(即乙): another name of the same body
        (
            "星河置业有限公司党支部(即星河广场党支部)成立。",
            [("PartyOrganization", "星河置业有限公司党支部", ("星河广场党支部",))],
        ),
        # a division and 地区: a name of the region (not of an area that is no division: 成渝地区)
        ("不仅在绵阳地区，成渝地区也有分行。", [("Region", "绵阳", ("绵阳地区",))]),
        # region short forms -> the full name, when the document uses both
        ("成都市有青羊区。成都的企业。", [("Region", "成都市", ("成都",)), ("Region", "青羊区", ())]),
        (
            "四川省有绵阳市。四川企业参加。绵阳企业参加。",
            [("Region", "四川省", ("四川",)), ("Region", "绵阳市", ("绵阳",))],
        ),
        # negative: 吉林 may be 吉林省 or 吉林市, both used: it stays its own entity
        (
            "吉林省有吉林市。吉林的企业。",
            [("Region", "吉林", ()), ("Region", "吉林市", ()), ("Region", "吉林省", ())],
        ),
        # negative: a region written before another is not a short form of it
        ("绵阳市青羊区", [("Region", "绵阳市", ()), ("Region", "青羊区", ())]),
        # company short names (short_names): the distinctive word, region + word, without the legal form
        (
            "云南锐澜电子科技有限公司落户。锐澜投产。",
            [("Enterprise", "云南锐澜电子科技有限公司", ("锐澜",))],
        ),
        (
            "云南锐澜电子科技有限公司落户。云南锐澜投产。",
            [("Enterprise", "云南锐澜电子科技有限公司", ("云南锐澜",))],
        ),
        (
            "重庆金鹏新能源科技有限公司投产。金鹏扩产。重庆金鹏参加。",
            [("Enterprise", "重庆金鹏新能源科技有限公司", ("重庆金鹏", "金鹏"))],
        ),
        ("成都星河电子有限公司成立。星河电子投产。", [("Enterprise", "成都星河电子有限公司", ("星河电子",))]),
        ("星河电子有限公司投产。星河电子扩产。", [("Enterprise", "星河电子有限公司", ("星河电子",))]),
        ("蓝海精工集团有限公司投产。蓝海精工扩产。", [("Enterprise", "蓝海精工集团有限公司", ("蓝海精工",))]),
        # a short name the recogniser found as a whole mention (锐澜公司, 锐澜集团) is an alias too
        (
            "云南锐澜电子科技有限公司落户。锐澜公司投产。",
            [("Enterprise", "云南锐澜电子科技有限公司", ("锐澜公司",))],
        ),
        (
            "云南锐澜电子科技有限公司落户。锐澜集团投产。",
            [("Enterprise", "云南锐澜电子科技有限公司", ("锐澜集团",))],
        ),
        (
            "长沙一乐投资开发有限公司成立。一乐公司董事会秘书到任。",
            [("Enterprise", "长沙一乐投资开发有限公司", ("一乐公司",))],
        ),
        # negative: a generic short name is not an alias (中小 of 中小企业)
        ("成都中小星河科技有限公司投产。中小企业受益。", [("Enterprise", "成都中小星河科技有限公司", ())]),
        # negative: 公司 alone is not an alias
        ("银杏公司投产。公司扩产。", [("Enterprise", "银杏公司", ())]),
        # negative: 电子公司 is not a short name of 成都星河电子有限公司
        ("成都星河电子有限公司成立。电子公司投产。", [("Enterprise", "成都星河电子有限公司", ())]),
        # a bare head standing for the dominant park or group
        ("红枫产业园区开园。园区有企业十家。", [("Park", "红枫产业园区", ("园区",))]),
        ("绵阳高新区召开会议。高新区企业参加。", [("Park", "绵阳高新区", ("高新区",))]),
        ("星河控股集团召开会议。集团领导参加。", [("Enterprise", "星河控股集团", ("集团",))]),
        # 投资|集团: jieba cuts 集团 out on its own, so it stands for the group
        ("星河投资集团召开会议。投资集团领导参加。", [("Enterprise", "星河投资集团", ("集团",))]),
        # one park named three times as often as the other: 园区 is the first
        (
            "红枫工业园区开园。红枫工业园区招商。红枫工业园区扩区。银杏工业园区开园。园区有企业十家。",
            [("Park", "红枫工业园区", ("园区",)), ("Park", "银杏工业园区", ())],
        ),
        (
            "德阳高新区召开会议。德阳高新区部署。德阳高新区推进。绵阳高新区参加。高新区企业参加。",
            [("Park", "德阳高新区", ("高新区",)), ("Park", "绵阳高新区", ())],
        ),
        # negative: two parks of similar weight: 园区 names neither
        (
            "红枫工业园区开园。银杏工业园区扩区。园区有企业十家。",
            [("Park", "红枫工业园区", ()), ("Park", "银杏工业园区", ())],
        ),
        # negative: two groups: 集团 names neither
        (
            "星河控股集团召开会议。蓝海精工集团参加。集团领导讲话。",
            [("Enterprise", "星河控股集团", ()), ("Enterprise", "蓝海精工集团", ())],
        ),
        # negative: 园区 stands only for a park whose name ends in 园区
        ("绵阳经开区召开会议。青羊区有企业。园区内企业参加。", [("Park", "绵阳经开区", ()), ("Region", "青羊区", ())]),
        # park abbreviations: 经济技术开发区 -> 经开区, 高新技术产业开发区 -> 高新区, 综合保税区 -> 综保区
        (
            "绵阳经济技术开发区召开会议。绵阳经开区企业参加。",
            [("Park", "绵阳经济技术开发区", ("绵阳经开区",))],
        ),
        (
            "德阳高新技术产业开发区召开会议。德阳高新区企业参加。",
            [("Park", "德阳高新技术产业开发区", ("德阳高新区",))],
        ),
        ("红枫综合保税区开关。红枫综保区企业参加。", [("Park", "红枫综合保税区", ("红枫综保区",))]),
        # names dropping a region prefix or a legal form: alias of the one longer name
        (
            "成都市青羊区委宣传部召开会议。区委宣传部部署。",
            [("PartyOrganization", "成都市青羊区委宣传部", ("区委宣传部",))],
        ),
        (
            "青羊区星河电子有限公司党委召开会议。星河电子有限公司党委部署。",
            [("PartyOrganization", "青羊区星河电子有限公司党委", ("星河电子有限公司党委",))],
        ),
        (
            "四川银杏职业技术学院召开会议。银杏职业技术学院招生。",
            [("Institution", "四川银杏职业技术学院", ("银杏职业技术学院",))],
        ),
        ("银杏产业园管委会召开会议。产业园管委会部署。", [("Agency", "银杏产业园管委会", ("产业园管委会",))]),
        ("绵阳红枫产业园开园。红枫产业园招商。", [("Park", "绵阳红枫产业园", ("红枫产业园",))]),
        (
            "蓝海精工集团有限公司成立。蓝海精工集团投产。",
            [("Enterprise", "蓝海精工集团有限公司", ("蓝海精工集团",))],
        ),
        # today: one entity without alias (wrong: 星河工业园区 is not recognised in the second sentence,
        # 星河 being an ordinary word to jieba, so it never becomes an alias of 成都星河工业园区)
        ("成都星河工业园区开园。星河工业园区招商。", [("Park", "成都星河工业园区", ())]),
        # a body named by its level alone (区委) is the one body of that level the text names
        (
            "星澜区区委召开会议。区委书记王澜代表区委讲话。",
            [("PartyOrganization", "星澜区区委", ("区委",)), ("Person", "王澜", ())],
        ),
        # negative: 社区党委 without a name is generic: not a mention, so not an alias
        ("红枫社区党委召开会议。社区党委部署。", [("PartyOrganization", "红枫社区党委", ())]),
    ],
)
def test_resolve(text, expected):
    assert entities(text) == expected


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        (
            "云南锐澜电子科技有限公司",
            ["云南锐澜电子科技", "锐澜电子科技", "云南锐澜电子科技公司", "云南锐澜", "锐澜公司", "锐澜集团", "锐澜"],
        ),
        (
            "重庆金鹏新能源科技有限公司",
            [
                "重庆金鹏新能源科技",
                "金鹏新能源科技",
                "重庆金鹏新能源科技公司",
                "重庆金鹏",
                "金鹏公司",
                "金鹏集团",
                "金鹏",
            ],
        ),
        (
            "成都星河电子有限公司",
            ["成都星河电子", "星河电子", "成都星河电子公司"],
        ),  # 星河 is an ordinary word, not a coined one
        ("绵阳蓝海精工机械股份有限公司", ["绵阳蓝海精工机械", "蓝海精工机械"]),
        ("四川青竹实业集团有限公司", ["四川青竹实业", "青竹实业"]),
        ("蓝海精工集团有限公司", ["蓝海精工"]),
        ("青竹集团", ["青竹"]),
        ("银杏公司", ["银杏"]),
        ("东风汽车有限公司", ["东风汽车", "东风汽车公司"]),  # 东风|汽车: 东风 is the company's own word, not a place
        (
            "成都中小星河科技有限公司",
            ["成都中小星河科技", "中小星河科技", "成都中小星河科技公司", "成都中小", "中小公司", "中小集团", "中小"],
        ),
        ("星河电子", []),  # no legal form: no short name
        (
            "一乐投资开发有限公司",
            ["一乐投资开发", "一乐投资开发公司", "一乐公司", "一乐集团", "一乐"],
        ),  # 一乐: a word jieba has seen thrice, the company's own
    ],
)
def test_short_names(full, expected):
    assert short_names(full, load()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a declared alias's later use becomes a mention of the entity
        (
            "重庆蓝海精工材料有限公司(以下简称“蓝海精工”)成立。蓝海精工投产。",
            [("重庆蓝海精工材料有限公司", "重庆蓝海精工材料有限公司"), ("蓝海精工", "重庆蓝海精工材料有限公司")],
        ),
        # 云南|锐澜: the short name wins over the region mention inside it
        (
            "云南锐澜电子科技有限公司落户。云南锐澜投产。",
            [("云南锐澜电子科技有限公司", "云南锐澜电子科技有限公司"), ("云南锐澜", "云南锐澜电子科技有限公司")],
        ),
        # a bare head becomes a mention of the park it stands for
        ("绵阳高新区召开会议。高新区企业参加。", [("绵阳高新区", "绵阳高新区"), ("高新区", "绵阳高新区")]),
    ],
)
def test_mentions_point_to_their_entity(text, expected):
    _, entity_of = resolve(text, list(recognise_text(text)))
    assert sorted((m.text, e.name) for m, e in entity_of.items()) == sorted(expected)


def test_a_short_name_of_two_companies_names_neither():
    """华澜 could be 华澜置地 or 华澜万家: the text's 华澜 stays unresolved rather than guessed."""
    from kg.pipeline import Pipeline

    r = Pipeline().text("华澜置地(重庆)有限公司与华澜万家商业(重庆)有限公司签约。华澜表示将扩大投资。")
    by_name = {e.name: e for e in r.entities}
    for full in ("华澜置地(重庆)有限公司", "华澜万家商业(重庆)有限公司"):
        assert "华澜" not in by_name[full].aliases


def test_a_short_name_the_model_finds_on_its_own_is_an_alias():
    """贵澜汽车 later in the text is 贵州贵澜汽车有限公司, not a second company."""
    from kg.pipeline import Pipeline

    r = Pipeline().text("贵州贵澜汽车有限公司党支部书记周红说，关键是对接。如今的贵澜汽车已和多家企业合作。")
    companies = [e for e in r.entities if e.cls == "Enterprise"]
    assert [(e.name, e.aliases) for e in companies] == [("贵州贵澜汽车有限公司", ("贵澜汽车",))]


def test_the_partys_committees_full_and_short_are_one_body():
    """中共X工作委员会 is X党工委, a party organisation (the span model finds the full name)."""
    from kg.pipeline import Pipeline

    r = Pipeline().text("中共红枫产业园工作委员会召开会议。红枫产业园党工委部署工作。")
    party = [(e.name, e.aliases) for e in r.entities if e.cls == "PartyOrganization"]
    assert party == [("中共红枫产业园工作委员会", ("红枫产业园党工委",))]
    assert "中共红枫产业园" not in {e.name for e in r.entities}
