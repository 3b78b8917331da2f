"""Recognition on the kinds of text that broke the rules alone (issue 12), one row each, with
invented names: the span model proposes, the rules type and check.

Each row: text, mentions that must be found (name, class), names (or (name, class)) that must not be."""

from __future__ import annotations

import pytest

from kg.pipeline import Pipeline

ROWS = [
    # left edges that swallowed a preposition, pronoun, verb or adverb
    ("除星澜银行外，多家银行参与。", [("星澜银行", "Enterprise")], ["除星澜银行"]),
    ("项目由蓝岳集团牵头建设。", [("蓝岳集团", "Enterprise")], ["由蓝岳集团"]),
    ("这是蓝岳科技公司的新厂房。", [("蓝岳科技公司", "Enterprise")], ["这是蓝岳科技公司"]),
    ("据市统计局消息，一季度增长明显。", [("市统计局", "Agency")], ["据市统计局"]),
    ("全区积极响应中央宣传部号召。", [("中央宣传部", "PartyOrganization")], ["积极响应中央宣传部"]),
    ("组织企业观摩，对澜岳集团的做法进行学习。", [("澜岳集团", "Enterprise")], ["对澜岳集团"]),
    ("组织部门牵头会同星澜集团、蓝岳公司开展工作。", [("星澜集团", "Enterprise")], ["会同星澜集团"]),
    ("在2007年，与新澜银行签订协定。", [("新澜银行", "Enterprise")], ["澜银行", "与新澜银行"]),
    ("北京中电博澜科技有限公司参加签约。", [("北京中电博澜科技有限公司", "Enterprise")], ["电博澜科技有限公司"]),
    # company names with a place in brackets, full- or half-width
    ("信澜生物制药（苏州）有限公司签约。", [("信澜生物制药(苏州)有限公司", "Enterprise")], ["有限公司"]),
    ("华岳半导体(无锡)有限公司签约。", [("华岳半导体(无锡)有限公司", "Enterprise")], ["有限公司", "岳半导体"]),
    # people without a role word, bylines and editors, roles inside other words
    ("张晓明说，今年产值将翻番。", [("张晓明", "Person")], []),
    ("张岳能：这座桥有什么用。", [("张岳能", "Person")], ["张岳"]),  # the model cut 张岳|能, jieba reads 张岳能
    ("区委书记陈华说，今年产值翻番。", [("陈华", "Person")], ["陈华说"]),  # jieba reads 陈华说 as one word
    ("记者 李华 编辑：王小红", [("李华", "Person"), ("王小红", "Person")], []),
    # a byline in brackets names a person even when the name is a word (马力); a speaker's line
    ("本报讯（记者马力）今后，新政实施。", [("马力", "Person")], []),
    ("姜澜山：你是看好这支球队吗？", [("姜澜山", "Person")], []),
    ("主持人：欢迎各位。地址：星河路1号", [], ["主持人", "地址"]),
    ("沙赛区区长周建国调研。", [("周建国", "Person"), ("沙赛区", "Region")], ["沙赛"]),
    ("在澜星科技总经理贺巍看来，党建与发展相互促进。", [("贺巍", "Person")], [("澜星科技", "Person")]),
    # transliterated names joined by a mark, a person the rules read past an adverb, a role across words
    ("缺少索尔-坎贝尔在后防压阵。", [("索尔-坎贝尔", "Person")], ["索尔", "坎贝尔"]),
    ("2008年，汤姆-克鲁斯在山庄买了别墅。", [("汤姆-克鲁斯", "Person")], ["汤姆", "克鲁斯"]),
    ("一副约瑟夫•马洛德•威廉•透纳的作品。", [("约瑟夫•马洛德•威廉•透纳", "Person")], ["透纳"]),
    ("星澜银行副行长朱琦已预备出任行长。", [("朱琦", "Person")], ["朱琦已"]),
    ("并将其作为秦创岳产业服务平台建设的重要抓手。", [], [("秦创岳", "Person")]),  # runs on to a head
    ("秦创岳主持会议。", [("秦创岳", "Person")], []),
    # an organisation without a head in a sports report is a club; elsewhere a company
    ("澜星竞技惨败给对手，门将失误。", [("澜星竞技", "Institution")], [("澜星竞技", "Enterprise")]),
    ("澜星竞技发布新品。", [("澜星竞技", "Enterprise")], []),
    # clubs where the model saw a person, a place or one run-together name; leagues; bookmakers
    ("澜星城队主场2比1战胜岳澜联。", [("澜星城队", "Institution"), ("岳澜联", "Institution")], []),
    ("澜斯特vs岳澜联推荐：3/1", [("澜斯特", "Institution"), ("岳澜联", "Institution")], ["澜斯特vs岳澜联"]),
    ("两队同时征战英超以来，斯特拉3胜2平1负。", [("英超", "Institution"), ("斯特拉", "Institution")], []),
    ("来自土耳其的加拉斯特上赛季主场告负。", [("土耳其", "Region"), ("加拉斯特", "Institution")], []),
    ("澜博：2.40/3.10/2.60，相同赔率下主队3胜4平5负。", [("澜博", "Enterprise")], []),
    ("欧赔方面，澜博主胜上调到1.62。", [("澜博", "Enterprise")], ["澜博主"]),
    ("球队主帅王晓明赛后接受采访。", [("王晓明", "Person")], []),
    ("中国人民银行宣布上调存款准备金率。", [("中国人民银行", "Agency")], [("中国人民银行", "Enterprise")]),
    ("这家贸易公司目前还没有停产。", [], ["贸易公司"]),
    ("2、澜斯vs莫陆军推介：3", [("澜斯", "Institution"), ("莫陆军", "Institution")], [("莫陆军", "Person")]),
    ("全省最重要的城市赛区长沙赛区在星澜网络天马店打响。", [], [("沙赛区", "Person")]),
    # government bodies headed 部, 委, 院, 法院, and bureaus listed without a place
    (
        "市中级人民法院、国家税务总局、省发改委联合发文。",
        [("市中级人民法院", "Agency"), ("国家税务总局", "Agency"), ("省发改委", "Agency")],
        ["市中"],
    ),
    ("应急管理局、镇财政和经济发展局负责落实。", [("应急管理局", "Agency"), ("镇财政和经济发展局", "Agency")], []),
    # a country's armed forces, by its name or its one-character form; not 美 in 欧美|军事
    ("美军与古巴军队交火，欧美军事专家评论。", [("美军", "Agency"), ("古巴军队", "Agency")], ["美军事"]),
    ("印度海军宣布接收新型战机。", [("印度海军", "Agency")], [("印度", "Region")]),
    # parks with unusual heads; a named building or mall the model reads as a place is a Park
    ("星澜广场就是中环最高档的商场。", [("星澜广场", "Park")], []),
    ("滨江总部集聚区、蓝湾示范园区陆续建成。", [("滨江总部集聚区", "Park"), ("蓝湾示范园区", "Park")], []),
    # countries and continents (CLDR's Chinese names), but not the scope of a comparison
    ("产品出口到德国和巴西。", [("德国", "Region"), ("巴西", "Region")], []),
    ("园区建成亚洲最大的海绵钛生产基地。", [], ["亚洲"]),
    # a company's name that ends with its trade, before a noun; a verb the model took into a name
    ("各家银行都存在隐忧。澜兴证券研究表明，风险可控。", [("澜兴证券", "Enterprise")], []),
    ("征文活动由报社主办，澜电运通协办。", [("澜电运通", "Enterprise")], ["澜电运通协办"]),
    # no name runs leftwards across a role or a word for an area
    ("区委书记王澜代表区委讲话。", [("王澜", "Person")], ["区委书记王澜代表区委"]),
    ("在商圈核心区域星澜中环写字楼设立服务点。", [("星澜中环写字楼", "Park")], ["商圈核心区域星澜中环写字楼"]),
    # a name after 各 speaks of every one of a kind
    ("各盟市委、各县委高度重视民营经济工作。", [], ["盟市委", "县委"]),
    # a bare numeric label in quotes is no program of its own (“1+1”“1+N”的联建模式)
    ("组织共建,采取“1+1”“1+N”的联建模式。", [], ["“1+1”"]),
    ("推行“2+4”工作法。", [("“2+4”工作法", "Program")], []),
    # a body the model read as a place
    ("据报道，澜岳国防部24日表示将举行演习。", [("澜岳国防部", "Agency")], []),
    # a region's short form inside an ordinary word
    ("南湖南路上的商户开门营业。", [], ["南湖", "湖南"]),
    # a name the model cuts inside jieba's word, a media outlet, a title after a surname
    ("赛澜星华为智选车型上市。", [], ["赛澜星华为智"]),
    ("据星河日报报道，张先生到场。", [], ["星河日报", "张先生"]),
    # organisations counted in 家 and slogans of parallel words are no people
    ("园区聚集爱澜特等10余家上市企业。", [], [("爱澜特", "Person")]),
    ("聚焦新兴领域党建惠企强企聚企护企。", [], [("惠企", "Person")]),
    # a place the model reads around a space (text from a PDF)
    (
        "成都 澜岳新能源技术有限公司的生产线",
        [("澜岳新能源技术有限公司", "Enterprise")],
        ["成都 澜岳新能源技术有限公司"],
    ),
    # makers and owners without a company suffix: 由X开发, A开发、B发行, X旗下, 开发商X, X开发的
    ("该游戏由Starlan开发、Quarvo发行。", [("Starlan", "Enterprise"), ("Quarvo", "Enterprise")], []),
    ("游戏由Quarvo旗下的BELMIX开发，明年上市。", [("Quarvo", "Enterprise"), ("BELMIX", "Enterprise")], []),
    ("据开发商贝澜斯表示，新作将于明年上市。", [("贝澜斯", "Enterprise")], [("贝澜斯", "Person")]),
    ("由北京澜通自主研发的古装游戏上市在即。", [("北京澜通", "Enterprise")], []),
    ("Belmix开发的RTS作品《风暴》于日前上市。", [("Belmix", "Enterprise")], [("Belmix", "Person")]),
    ("本项目由专家团队开发，由张三设计。", [("张三", "Person")], ["专家团队", ("张三", "Enterprise")]),
    # a department after an enterprise's name: the enterprise, no office of government
    ("星澜地产市场研究部主任王志伟表示，成交回升。", [("星澜地产", "Enterprise")], ["星澜地产市场研究部"]),
    ("星河集团办公室主任张三说，产值翻番。", [("星河集团", "Enterprise")], ["星河集团办公室"]),
    # a verb, a determiner or a count before a bare or generic head is no name
    ("他证实公司高层正在跟澜星银行接洽。", [("澜星银行", "Enterprise")], ["证实公司"]),
    ("如果身份证被盗用，要第一时间找银行确认。", [], ["时间找银行", "找银行"]),
    ("澜岳集团将在星河市开设另一家贷款公司。", [("澜岳集团", "Enterprise")], ["星河市开设另一家贷款公司", "贷款公司"]),
    ("“决议难以持续。”前述澜储银行人士断言。", [("澜储银行", "Enterprise")], ["前述澜储银行"]),
    # a bank's branch or head office written after it; a region and a trade the model read as a place
    ("广州的澜行广州分行营业部也有授权。", [("澜行广州分行", "Enterprise")], []),
    ("星澜银行总行仍在制定细则。", [("星澜银行总行", "Enterprise")], []),
    ("澜沧信托副总经理曾澜表示，他证实了此事。", [("澜沧信托", "Enterprise")], [("澜沧信托", "Region")]),
    # what the model reads on to the end of a name: a dateline's 讯, a party to a contract, work going on,
    # a card after a bank's short name
    ("澜星科技讯北京时间3月31日消息，新品发布。", [("澜星科技", "Enterprise")], ["澜星科技讯", "北京"]),
    ("星河通讯有限公司讯：新品发布。", [("星河通讯有限公司", "Enterprise")], ["星河"]),
    ("2012年1月9日，澜岳公司甲方与星河公司乙方签订合同。", [("澜岳公司", "Enterprise")], ["澜岳公司甲方"]),
    ("新作正由澜星软星开发中。", [("澜星软星", "Enterprise")], ["澜星软星开发中"]),
    ("澜行金葵花等借记卡发卡量增长。", [("澜行", "Enterprise")], ["澜行金葵花"]),
    # the central bank's branches, a ministry's 司, a police 总队, the party by its short name
    (
        "中国人民银行澜州分行一位人士对记者表示。",
        [("中国人民银行澜州分行", "Agency")],
        [("中国人民银行澜州分行", "Enterprise")],
    ),
    ("记者致电财政部澜海司，相关人士表示。", [("财政部澜海司", "Agency")], [("财政部澜海司", "Enterprise")]),
    ("澜州省公安厅经侦总队展开搜捕。", [("澜州省公安厅经侦总队", "Agency")], [("澜州省公安厅经侦总队", "Enterprise")]),
    # towns and villages spelt in transliteration after their county, wherever jieba cuts them
    (
        "调研组到陈巴尔虎旗巴日图镇库热其嘎查进行了调研。",
        [("巴日图镇", "Region"), ("库热其嘎查", "Region")],
        ["热其嘎查"],
    ),
    ("全区上下则持续完善镇村治理，提升镇域经济。", [], ["则持续完善镇", "提升镇"]),
    # a party department before a role, where jieba reads 部|副 as one word
    (
        "绵竹市委社会工作部副部长、市委“两新”工委副书记张澜介绍。",
        [("绵竹市委社会工作部", "PartyOrganization")],
        [],
    ),
    # a quoted chain of bodies before a program's head is a program; no chain list before a committee;
    # generic committees and alliances (配强|链主企业党组织, 联盟党委) are no names
    (
        "构建“产业链党委——片区党总支——企业党支部”三级组织体系。",
        [("“产业链党委——片区党总支——企业党支部”三级组织体系", "Program")],
        [("“产业链党委——片区党总支——企业党支部”三级组织体系", "PartyOrganization")],
    ),
    ("整合园区、部门、企业资源成立产业链综合党委。", [], ["企业资源成立", "产业链综合"]),
    ("选优配强链主企业党组织书记和班子。", [], ["强链主企业", "强链主企业党组织"]),
    ("在6条产业链上成立联盟党委。", [], ["联盟党委", "联盟"]),
    # a preposition between two names ends the first; a bare head left after a verb names no one
    (
        "星河装备产业链党建联盟由泉澜经济开发区8家企业党支部组建。",
        [("泉澜经济开发区", "Park")],
        ["星河装备产业链党建联盟由泉澜经济开发区", "装备产业链党建联盟由泉澜经济开发区"],
    ),
    ("在链上建强党组织,加强交流合作。", [], ["党组织", "强党组织"]),
    ("加强开发区产业链发展深度融合。", [], ["开发区产业链"]),
    # a temporary branch's host is the company, not "…临时"; a task force hosts no entity; 上市公司 is a kind
    ("澜星科技临时党支部开展活动。", [("澜星科技", "Enterprise")], ["澜星科技临时"]),
    ("新材料产业驻点招商专班临时党支部正式成立。", [], ["新材料产业驻点招商专班临时", "新材料产业驻点招商专班"]),
    ("该专班拜访星澜光伏、岳澜科技等上市公司11家。", [("星澜光伏", "Enterprise")], ["上市公司"]),
    # a chain's name starts after the verb that builds it (龙头企业|构筑|新能源产业集群)
    (
        "推进星澜、岳澜等龙头企业构筑新能源产业集群。",
        [("新能源产业集群", "IndustryChain")],
        ["龙头企业构筑新能源产业集群"],
    ),
    # a numeral that starts a name (四川, 三一) counts nothing; 四盟市 counts leagues and cities
    ("四川星澜经开区经发局担纲牵头单位。", [("四川星澜经开区经发局", "Agency")], ["区经发局"]),
    ("详细了解了四盟市民营经济发展情况。", [], ["四盟市", "四盟"]),
    # a three-character name jieba cut before a verb; 双方党组织 is both sides, no body
    ("助企“第一书记”蒲澜新带领党建指导员前往企业。", [("蒲澜新", "Person")], ["蒲澜"]),
    ("公司党委书记马澜代表双方党组织签署协议。", [], ["双方党组织"]),
    # kinds of bodies are no names (龙头企业党组织, 金融机构党组织); a trade's branch hosts no company;
    # a quoted alliance keeps its quotes' edges; a byline's body abbreviation (澜组) and a role are no people
    ("龙头企业党组织书记作交流发言。", [], ["龙头企业党组织"]),
    ("与澜星银行等金融机构党组织结对共建。", [("澜星银行", "Enterprise")], ["金融机构党组织"]),
    ("泗县物流产业党支部聚焦融资难题。", [("泗县物流产业党支部", "PartyOrganization")], ["泗县物流产业"]),
    (
        "经开区“医用酒精产业”党建联盟以联盟名义商议采购价格。",
        [("“医用酒精产业”党建联盟", "PartyOrganization")],
        ["“医用酒精产业”党建联盟以联盟", "医用酒精产业”党建联盟"],
    ),
    ("本报讯(通讯员 澜组 王澜婷)近年来发展迅速。", [("王澜婷", "Person")], ["澜组"]),
    ("党员高管担任党组织书记比例达100%。", [], ["高管"]),
    ("灌口镇是星澜机械工业集中区所在地。", [("星澜机械工业集中区", "Park")], []),
    # a surname and a title is no full name; rarer surnames of the 百家姓 (封, 萧) are surnames
    ("店里的负责人蒲先生告诉记者，销量不大。", [], ["蒲先生"]),
    ("柯律师表示，银行应当提示风险。", [], ["柯律师"]),
    ("刚才傅主编说的情况属实。", [], ["傅主", "傅主编"]),
    ("星澜地产总经理封澜做客直播间。", [("封澜", "Person")], []),
    ("星澜公司副总裁萧岳表示，今年产值翻番。", [("萧岳", "Person")], []),
    ("他接受中共的主张。", [("中共", "PartyOrganization")], [("中共", "Enterprise")]),
    # named places: roads, streets, residential areas and parks are Regions ("named place"); a road
    # named after a city is not in it; a kind of park is no name; world cities and foreign places
    (
        "项目紧邻澜湖公园，南邻星澜路，西靠澜溪大道。",
        [("澜湖公园", "Region"), ("星澜路", "Region"), ("澜溪大道", "Region")],
        [],
    ),
    ("他在上海的南京路开了一家店。", [("南京路", "Region"), ("上海", "Region")], ["南京"]),
    ("项目位于成华湖公园旁。", [("成华湖公园", "Region")], ["成华"]),
    ("周末，市民涌入国家公园和湿地公园。", [], ["国家公园", "湿地公园"]),
    ("骑行于环澜西路上，北至纬五路。", [("环澜西路", "Region"), ("纬五路", "Region")], []),
    ("蹚出一条乡村振兴路，奋进共同富裕路。", [], ["振兴路", "富裕路"]),
    (
        "称星澜高速公路发现伤者，又在环湖小路和步行街巡查，入住澜湾度假村。",
        [],
        ["高速公路", "环湖小路", "步行街", "澜湾度假村"],
    ),
    (
        "代表团先后访问了东京、莫斯科和蒙特利尔。",
        [("东京", "Region"), ("莫斯科", "Region"), ("蒙特利尔", "Region")],
        [],
    ),
    # a region's short form the model reads as a common word or splits is no place
    ("大型社区将重点依托新城和轨道交通建设。", [], ["新城"]),
    # a short form jieba knows as a word (鼓楼) is a place in a list of places; 破|局 is no bureau
    ("项目分布在台江、仓山、鼓楼3个区。", [("台江", "Region"), ("鼓楼", "Region")], []),
    ("充分发挥党组织作用，成为破局的关键。", [], ["破局"]),
    ("这是破局之举。星澜队客场防平局。", [], ["破局", "星澜队客场防平局"]),
    ("园区共签约意向投资项目12个，星澜集团意向企业3家。", [("星澜集团", "Enterprise")], ["意向投资项目"]),
    # the means a sentence names (以X为抓手) is a program when it ends with a program's head
    ("星澜园区以河长制为抓手，以党建为引领，推动产业发展。", [("河长制", "Program")], ["党建"]),
    ("在游戏中站着也能升级。", [], ["中站"]),
    # a preposition jieba glued to the unknown name after it (以星澜) starts no name
    ("星澜区以星澜数字产业园区为依托。", [("星澜数字产业园区", "Park")], ["星澜区以星澜数字产业园区"]),
]


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline()


@pytest.mark.parametrize(("text", "found", "absent"), ROWS)
def test_row(nlp, text, found, absent):
    got = {(m.text, m.cls) for m in nlp.text(text).mentions}
    names = {n for n, _ in got}
    assert set(found) <= got
    assert not {a for a in absent if a in names or a in got}


def test_model_and_rules_agreeing_is_recorded():
    rules = {m.text: m.rule for m in Pipeline().text("蓝岳集团党委书记王建国到星河科技园调研。").mentions}
    assert rules["星河科技园"] == "suffix+model"
    assert rules["王建国"] == "person-role+model"


def test_simplified_text_keeps_its_characters():
    """OpenCC's t2s would turn 乾 into 干; a simplified article keeps the name as written."""
    names = {m.text for m in Pipeline().text("蓝乾威科技有限公司在星河科技园投资建厂，推动经济发展。").mentions}
    assert "蓝乾威科技有限公司" in names


def test_traditional_text_is_read_as_simplified():
    names = {m.text for m in Pipeline().text("藍海精工有限公司黨委書記王建國到星河科技園調研。").mentions}
    assert {"蓝海精工有限公司党委", "王建国", "星河科技园"} <= names


def test_a_user_dictionary_entry_is_one_entity_with_its_aliases(tmp_path):
    """The README's example: ``星河智造 Enterprise 星河,星河公司``; a name written with full-width
    brackets in the dictionary matches the text (normalised to half-width)."""
    from kg.lexicon import load

    path = tmp_path / "dict.tsv"
    path.write_text(
        "星河智造\tEnterprise\t星河,星河公司\n蓝岳精工（苏州）有限公司\tEnterprise\t蓝岳精工\n", encoding="utf-8"
    )
    r = Pipeline(load(path)).text(
        "星河智造产值翻番。星河公司党委书记王建国说，星河将扩大投资。蓝岳精工（苏州）有限公司入驻。"
    )
    by_name = {e.name: e for e in r.entities}
    assert set(by_name["星河智造"].aliases) == {"星河", "星河公司"}
    assert not {"星河", "星河公司"} & set(by_name)
    assert "蓝岳精工(苏州)有限公司" in by_name


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("新建街道两新综合党委覆盖辖区企业。", "新建"),  # the model reads a verb: no region 新建
        ("各村发挥基层党组织作用。", "发挥基层党组织"),  # a verb is no part of a committee's name
    ],
)
def test_a_verb_is_no_name(nlp, text, absent):
    assert absent not in {m.text for m in nlp.text(text).mentions}


def test_a_host_is_typed_by_its_head():
    from kg.pipeline import Pipeline as P

    r = P().text("自治区工商联党组召开会议。")
    assert ("自治区工商联", "Institution") in {(e.name, e.cls) for e in r.entities}


def test_two_names_the_model_reads_as_one_stay_two(nlp):
    names = {m.text for m in nlp.text("区委政法委党支部牵头区信访局、辖区企业开展活动。").mentions}
    assert {"区委政法委党支部", "区信访局"} <= names
    assert "区委政法委党支部牵头区信访局" not in names


def test_task_teams_are_agencies(nlp):
    got = {(m.text, m.cls) for m in nlp.text("组建重点项目党员攻坚队和“店小二”服务团队。").mentions}
    assert ("重点项目党员攻坚队", "Agency") in got


def test_a_level_before_a_body_is_part_of_its_name(nlp):
    names = {m.text for m in nlp.text("区统战部部长张晓兰、市发改委主任李强出席。").mentions}
    assert {"区统战部", "市发改委"} <= names


def test_a_host_takes_the_class_of_its_head():
    r = Pipeline().text("区委统战部党支部发挥作用，工商联党组书记李强到会。")
    got = {(e.name, e.cls) for e in r.entities}
    assert ("区委统战部", "PartyOrganization") in got
    assert ("工商联", "Institution") in got


def test_a_verb_before_a_quoted_name_is_no_part_of_it(nlp):
    names = {m.text for m in nlp.text("培育“店小二”服务团队，服务企业。").mentions}
    assert not any(n.startswith("培育") for n in names)


@pytest.mark.parametrize(
    ("text", "found", "absent"),
    [
        ("“川影·星澜工作室”成立。", ("川影·星澜工作室", "Institution"), "“川影·星澜工作室”"),
        ("组建星澜先锋队和星澜攻坚队。", ("星澜攻坚队", "Agency"), "星澜先锋队和星澜攻坚队"),
        ("制作助企兴链帮办团名片。", ("助企兴链帮办团", "Agency"), "制作助企兴链帮办团"),
    ],
)
def test_quoted_and_joined_names(nlp, text, found, absent):
    got = {(m.text.strip("“”"), m.cls) for m in nlp.text(text).mentions}
    assert found in got
    assert absent.strip("“”") not in {n for n, c in got if (n, c) != found}


def test_newspapers_and_article_titles_in_book_marks_are_no_programs(nlp):
    names = {
        m.text
        for m in nlp.text("据《星澜日报》报道，《链起动能——星澜见闻》一文，落实《星澜市惠企政策汇编》。").mentions
    }
    assert "《星澜市惠企政策汇编》" in names
    assert not {"《星澜日报》", "《链起动能——星澜见闻》"} & names


def test_a_company_jieba_tags_as_an_adjective_is_still_a_company(nlp):
    """jieba tags 微软 an adjective; the model reads 微软公司 as one organisation."""
    got = {(m.text, m.cls) for m in nlp.text("微软公司不久前宣布关闭开发小组。").mentions}
    assert ("微软公司", "Enterprise") in got


def test_a_system_in_general_is_no_program(nlp):
    names = {m.text for m in nlp.text("建立链长制，完善领导体制和体制机制。").mentions}
    assert "链长制" in names
    assert not {"领导体制", "体制机制"} & names


def test_a_committee_of_a_kind_of_company_is_no_entity(nlp):
    names = {m.text for m in nlp.text("区属国有平台公司党支部和区域性党组织参加。").mentions}
    assert not {"区属国有平台公司党支部", "区属国有平台公司", "区域性党组织"} & names


def test_a_model_name_carries_on_to_the_head_of_jiebas_word(nlp):
    """The model read 星澜部 and jieba 星澜部经济侦查局 as one word: the name is the whole bureau,
    not a veto for an edge inside jieba's word. Tokens and tags are given, so the test pins the rule."""
    from kg.model import Span
    from kg.records import Sentence

    text = "星澜部经济侦查局副局长说"
    sent = Sentence("t", 0, 10, 10 + len(text), text, ("星澜部经济侦查局", "副局长", "说"))
    words = [Span(10, 13, "ORG"), Span(13, 18, "n"), Span(18, 21, "n"), Span(21, 22, "v")]
    assert [(m.text, m.cls) for m in nlp.typing.mentions(sent, words)] == [("星澜部经济侦查局", "Agency")]
    sent = Sentence("t", 0, 10, 10 + len(text), text, ("星澜", "部经济侦查", "局副局长", "说"))
    assert nlp.typing.mentions(sent, words) == []  # an edge inside jieba's word, no bureau to carry on to


def test_a_clause_opening_preposition_leaves_a_models_name_unless_it_begins_a_word(nlp):
    """，对|立澜集团: the preposition goes; ，对外|星澜贸易集团: 对外 is a word of the name and stays.
    Tokens are given, so the test pins the rule whatever jieba's dictionary says."""
    from kg.records import Sentence

    text = "，对立澜集团"
    sent = Sentence("t", 0, 0, len(text), text, ("，", "对立", "澜", "集团"))
    assert nlp.typing._lead(sent, 1, len(text)) == 2
    text = "，对外星澜贸易集团"
    sent = Sentence("t", 0, 0, len(text), text, ("，", "对外", "星澜", "贸易", "集团"))
    assert nlp.typing._lead(sent, 1, len(text)) == 1


def test_a_bank_by_its_short_name_is_an_enterprise_not_a_verb(nlp):
    """The model reads 澜行 (like 招行, 建行) as an organisation, which jieba tags a verb: a bank by its
    short name. 分行, 该行 and 银行 name no bank of their own."""
    assert nlp.typing.classify("澜行", "ORG") == ("Enterprise", "行")
    for word in ("分行", "该行", "银行"):
        assert nlp.typing.classify(word, "ORG") == ("", "")


def test_a_club_in_a_sentence_of_a_sports_report_without_sports_words(nlp):
    """本场看好拜澜: no word of this sentence says sport, the document does (a third of its
    sentences); the club is an Institution there and a company in a document about business.
    Tokens and tags are given, so the test pins the rule whatever the model reads."""
    from kg.model import Span
    from kg.records import Sentence

    text = "本场看好拜澜。"
    sent = Sentence("t", 1, 0, len(text), text, ("本场", "看好", "拜澜", "。"))
    words = [Span(0, 2, "r"), Span(2, 4, "v"), Span(4, 6, "ORG"), Span(6, 7, "w")]
    assert [(m.text, m.cls) for m in nlp.typing.mentions(sent, words)] == [("拜澜", "Enterprise")]
    assert [(m.text, m.cls) for m in nlp.typing.mentions(sent, words, True)] == [("拜澜", "Institution")]
    sport = nlp.typing.sport
    assert sport.document(["首回合交锋拜澜客场一球小胜。", text])
    assert not sport.document(
        ["星河区举办职工技能比赛。", "澜岳科技发布新品。", "澜岳科技扩建厂房。", "澜岳科技获奖。"]
    )


def test_a_bank_by_its_short_name_before_a_noun_is_whole(nlp):
    """澜行|新规: the short name ends with its head 行, so the noun after it does not make it the
    start of a longer name the rules do not know. Tokens and tags are given."""
    from kg.model import Span
    from kg.records import Sentence

    text = "澜行新规要求严格审核。"
    sent = Sentence("t", 0, 0, len(text), text, ("澜行", "新规", "要求", "严格", "审核", "。"))
    words = [Span(0, 2, "ORG"), Span(2, 4, "n"), Span(4, 6, "v"), Span(6, 8, "ad"), Span(8, 10, "v")]
    assert [(m.text, m.cls) for m in nlp.typing.mentions(sent, words)] == [("澜行", "Enterprise")]
