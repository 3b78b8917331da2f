"""Generate the OWL ontology from one schema: ``kg/schema.py`` (domains and ranges) and the
labels, comments and alignments below. Writes ``kg/data/liantu.ttl`` and ``ontology/liantu.ttl``.

    python tools/gen_ontology.py

A test regenerates it and fails if the committed files differ, so the two can never drift.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.records import CLASSES, PROPERTIES
from kg.schema import DOMAIN, RANGE

LT = Namespace("https://w3id.org/liantu/ontology#")
ONT = URIRef("https://w3id.org/liantu/ontology")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

CLASS_INFO = {
    "Region": (
        "行政区域",
        "Region",
        "行政区划或具名地点：省、自治区、市、州、区、县、街道、镇、乡、村、社区。",
        "An administrative division or named place: province, city, prefecture, district, county, street, town, township, village, community.",
        [SCHEMA.AdministrativeArea, PROV.Location],
    ),
    "Park": (
        "园区",
        "Park",
        "开发区、经开区、高新区、新区、综合保税区、产业园区或具名产业基地。",
        "A development zone, economic or high-tech zone, new area, bonded zone, industrial park or named industrial base.",
        [SCHEMA.Place, PROV.Location],
    ),
    "PartyOrganization": (
        "党组织",
        "Party organisation",
        "中国共产党的组织：党委、党工委、党总支、党支部、综合党委、联合党委、产业链党委及党的工作部门。",
        "An organisation of the Communist Party of China: committees, working committees, branches, composite and industry-chain committees, party departments.",
        [ORG.FormalOrganization],
    ),
    "Agency": (
        "政府机构",
        "Government agency",
        "非党组织的政府机关或公共服务机构：局、管委会、服务中心。",
        "A government body or public service body that is not a party organisation: bureaus, management committees, service centres.",
        [ORG.FormalOrganization, SCHEMA.GovernmentOrganization],
    ),
    "Institution": (
        "机构",
        "Institution",
        "高校、科研院所、检验检测中心、协会、商会、学校、医院。",
        "Universities, research institutes, testing centres, associations, chambers of commerce, schools, hospitals.",
        [ORG.FormalOrganization, SCHEMA.Organization],
    ),
    "Enterprise": (
        "企业",
        "Enterprise",
        "公司、集团、银行、工厂及其分支机构。",
        "Companies, groups, banks, factories and their branches.",
        [ORG.FormalOrganization, SCHEMA.Corporation],
    ),
    "Program": (
        "举措",
        "Program",
        "具名的行动、工程、机制、模式、体系、品牌、政策或文件。",
        "A named initiative, campaign, project of work, mechanism, model, system, brand, policy or document.",
        [PROV.Plan, SCHEMA.CreativeWork],
    ),
    "Project": (
        "项目",
        "Project",
        "具名的投资或建设项目。",
        "A named investment or construction project.",
        [SCHEMA.Project],
    ),
    "Person": ("人物", "Person", "具名的个人。", "A named individual.", [FOAF.Person, SCHEMA.Person, PROV.Agent]),
    "IndustryChain": (
        "产业链",
        "Industry chain",
        "具名的产业链或产业集群。",
        "A named industry chain or industrial cluster.",
        [SKOS.Concept],
    ),
}
PROPERTY_INFO = {
    "locatedIn": (
        "位于",
        "located in",
        "主体位于某行政区域或园区。",
        "The subject is located in a region or park.",
        [SCHEMA.containedInPlace],
    ),
    "partOf": (
        "隶属于",
        "part of",
        "组织隶属于另一组织（分支、子公司、下属党组织、部门）。",
        "An organisation belongs to another (branch, subsidiary, subordinate committee, department).",
        [ORG.subOrganizationOf],
    ),
    "partyOrganizationOf": (
        "党组织",
        "party organisation of",
        "党组织是某组织、园区或区域的党组织。",
        "The party organisation of an organisation, park or region.",
        [],
    ),
    "established": (
        "成立",
        "established",
        "组织或区域成立、组建、设立了某组织、举措或园区。",
        "An organisation or region set up an organisation, program or park.",
        [],
    ),
    "guides": (
        "指导",
        "guides",
        "组织指导、带领或牵头另一组织。",
        "An organisation guides, leads or directs another.",
        [],
    ),
    "implements": (
        "实施",
        "implements",
        "组织或区域实施、开展、推行某举措。",
        "An organisation or region carries out a program.",
        [],
    ),
    "issued": (
        "印发",
        "issued",
        "组织或区域印发、出台、制定某政策或文件。",
        "An organisation or region published a policy or document.",
        [DCTERMS.publisher],
    ),
    "memberOf": (
        "加入",
        "member of",
        "组织加入另一组织或举措，或为其成员单位。",
        "An organisation joined another organisation or a program.",
        [ORG.memberOf],
    ),
    "cooperatesWith": (
        "合作",
        "cooperates with",
        "组织或区域之间结对、共建、合作（对称）。",
        "Organisations or regions pair up, build together or cooperate (symmetric).",
        [],
    ),
    "settledIn": (
        "入驻",
        "settled in",
        "企业或项目入驻、落户、落地某园区或区域。",
        "An enterprise or project moved into or invested in a park or region.",
        [SCHEMA.location],
    ),
    "serves": (
        "服务",
        "serves",
        "组织服务、帮助某企业或为其解决问题。",
        "An organisation serves or helps an enterprise.",
        [],
    ),
    "holdsPositionIn": (
        "任职于",
        "holds position in",
        "人物在组织中任职；职务记在陈述节点的 lt:role 上。",
        "A person holds a position in an organisation; the role is kept on the statement (lt:role).",
        [ORG.memberOf],
    ),
    "belongsToChain": (
        "所属产业链",
        "belongs to chain",
        "企业或党组织属于某产业链。",
        "An enterprise or party organisation belongs to an industry chain.",
        [],
    ),
}
DATA_INFO = {
    "evidence": (
        "证据",
        "evidence",
        "陈述该事实的句子（规范化文本）。",
        "The sentence that states the fact (normalised text).",
        RDF.Statement,
        RDF.langString,
    ),
    "role": (
        "职务",
        "role",
        "任职关系中人物的职务，如“党委书记、董事长”。",
        "The role of a person in a holdsPositionIn statement.",
        RDF.Statement,
        RDF.langString,
    ),
    "confidence": (
        "置信度",
        "confidence",
        "抽取规则对该事实的置信度（0–1）。",
        "How confident the extraction rule is in the fact (0-1).",
        RDF.Statement,
        XSD.decimal,
    ),
    "startOffset": (
        "起始位置",
        "start offset",
        "证据句在文档规范化文本中的起始字符位置。",
        "Character offset where the evidence sentence starts in the document's normalised text.",
        RDF.Statement,
        XSD.integer,
    ),
    "endOffset": (
        "结束位置",
        "end offset",
        "证据句在文档规范化文本中的结束字符位置（不含）。",
        "Character offset where the evidence sentence ends (exclusive).",
        RDF.Statement,
        XSD.integer,
    ),
    "rule": (
        "规则",
        "rule",
        "产生该事实的抽取规则。",
        "The extraction rule that produced the fact.",
        RDF.Statement,
        XSD.string,
    ),
    "encoding": (
        "编码",
        "encoding",
        "读取文档时使用的字符编码。",
        "The character encoding the document was read as.",
        LT.Document,
        XSD.string,
    ),
}


def _union(g: Graph, classes: frozenset[str]) -> URIRef | BNode:
    members = [LT[c] for c in CLASSES if c in classes]
    if len(members) == 1:
        return members[0]
    node, lst = BNode(), BNode()  # a fresh union per use, so Turtle writes it inline
    g.add((node, RDF.type, OWL.Class))
    g.add((node, OWL.unionOf, lst))
    Collection(g, lst, members)
    return node


def _describe(g: Graph, term: URIRef, kind: URIRef, zh: str, en: str, czh: str, cen: str) -> None:
    g.add((term, RDF.type, kind))
    g.add((term, RDFS.label, Literal(zh, lang="zh")))
    g.add((term, RDFS.label, Literal(en, lang="en")))
    g.add((term, RDFS.comment, Literal(czh, lang="zh")))
    g.add((term, RDFS.comment, Literal(cen, lang="en")))
    g.add((term, RDFS.isDefinedBy, ONT))


def generate() -> str:
    g = Graph()
    for prefix, ns in (
        ("lt", LT),
        ("org", ORG),
        ("schema", SCHEMA),
        ("skos", SKOS),
        ("prov", PROV),
        ("dcterms", DCTERMS),
        ("foaf", FOAF),
        ("owl", OWL),
    ):
        g.bind(prefix, ns)
    g.add((ONT, RDF.type, OWL.Ontology))
    g.add((ONT, OWL.versionInfo, Literal("0.1.0")))
    g.add((ONT, DCTERMS.title, Literal("链图本体", lang="zh")))
    g.add((ONT, DCTERMS.title, Literal("Liantu ontology", lang="en")))
    g.add(
        (
            ONT,
            DCTERMS.description,
            Literal(
                "Classes and relations of knowledge graphs built from Chinese articles about party-building and industry, with the provenance of every fact.",
                lang="en",
            ),
        )
    )
    g.add((ONT, RDFS.comment, Literal("党建引领产业发展知识图谱的类、关系及每个事实的来源。", lang="zh")))
    for c in CLASSES:
        zh, en, czh, cen, supers = CLASS_INFO[c]
        _describe(g, LT[c], OWL.Class, zh, en, czh, cen)
        for s in supers:
            g.add((LT[c], RDFS.subClassOf, s))
    _describe(
        g,
        LT.Document,
        OWL.Class,
        "文档",
        "Document",
        "一篇来源文档（文章、报告）。",
        "A source document (article, report).",
    )
    for s in (PROV.Entity, SCHEMA.CreativeWork, FOAF.Document):
        g.add((LT.Document, RDFS.subClassOf, s))
    for p in PROPERTIES:
        zh, en, czh, cen, supers = PROPERTY_INFO[p]
        _describe(g, LT[p], OWL.ObjectProperty, zh, en, czh, cen)
        g.add((LT[p], RDFS.domain, _union(g, DOMAIN[p])))
        g.add((LT[p], RDFS.range, _union(g, RANGE[p])))
        for s in supers:
            g.add((LT[p], RDFS.subPropertyOf, s))
    g.add((LT.cooperatesWith, RDF.type, OWL.SymmetricProperty))
    _describe(
        g,
        LT.mentionedIn,
        OWL.ObjectProperty,
        "提及于",
        "mentioned in",
        "实体在该文档中被提及。",
        "The entity is mentioned in the document.",
    )
    g.add((LT.mentionedIn, RDFS.domain, _union(g, frozenset(CLASSES))))
    g.add((LT.mentionedIn, RDFS.range, LT.Document))
    g.add((LT.mentionedIn, RDFS.subPropertyOf, SCHEMA.subjectOf))
    for name, (zh, en, czh, cen, domain, rng) in DATA_INFO.items():
        _describe(g, LT[name], OWL.DatatypeProperty, zh, en, czh, cen)
        g.add((LT[name], RDFS.domain, domain))
        g.add((LT[name], RDFS.range, rng))
    return g.serialize(format="turtle")


def main() -> None:
    text = generate()
    for path in (ROOT / "kg" / "data" / "liantu.ttl", ROOT / "ontology" / "liantu.ttl"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
