"""Names that contain other names: the parts become entities, linked by what the name says.

- a region prefix on a park, agency, party organisation or region: 德阳经开区 -> 成都 (locatedIn);
- a party organisation named after its host: 东坡街道党工委 -> 东坡街道 (partyOrganizationOf),
  光伏组件产业链党委 -> 光伏组件产业链 (belongsToChain);
- a branch named after its parent: 建设银行绵阳分行 -> 建设银行 (partOf);
- regions written together: 江苏省苏州市宿城区, 柏合街道东华村 (locatedIn between neighbours).

>>> from kg.entities import recognise_text
>>> parts, links = split(recognise_text("建设银行绵阳分行"))
>>> [(m.text, m.cls) for m in parts], [(h.text, p, t.text) for h, p, t, _ in links]
([('建设银行', 'Enterprise')], [('建设银行绵阳分行', 'partOf', '建设银行')])
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable

from kg import segment
from kg.lexicon import Lexicon, head_pairs, heads, load
from kg.names import PARTY_NAMES, PLACE_TAGS, clean_name, generic_words
from kg.records import Mention
from kg.schema import ORGS as ORG_CLASSES
from kg.schema import C, P

PARTY_SUFFIXES = heads("party_suffix")
#: the heads of a town's, street's or village's name: what stands before one alone is its own name
_LOCAL_HEADS = frozenset(heads("local_place")) | {"街道办事处", "街道办"}
#: heads of named places (roads, parks, residential areas): a road is often named after another
#: city (星河市 has its 澜州路), so a region's name at its start places it nowhere
_NAMED_PLACES = tuple(heads("named_place"))
#: groups formed for a task and trades, whose committee names them but which are no organisation of their own
_TASK_FORCES = ("专班", "工作组", "指挥部", "工作队", "攻坚队", "突击队", "服务队", "产业", "行业")
_STREET_CHAIN = re.compile(r"^(.{2,5}?(?:街道|镇|乡))(.{2,6}?(?:社区|村|小区))$")
_DEPARTMENT = re.compile(r"^(.{2,10}?[省市县区州]委(?:组织部|宣传部|统战部|社会工作部|政法委|编办))(.{2,})$")
SECTOR_COMMITTEES = heads("sector_committee")
BRANCH_SUFFIXES = heads("branch_suffix")
HOST_SUFFIXES = heads("host_suffix")
LEGAL_FORMS = heads("legal_form")
_OFFICE_BRANCH = re.compile(r"^(.{2,}?(?:中心|局))(.{2,8}?)(?:分中心|分局)$")
PLACED = {C.Park, C.Agency, C.PartyOrganization, C.Region}
CLASS_BY_SUFFIX = head_pairs("class_by_suffix")

Link = tuple[Mention, str, Mention, str]
_ORDER = {"province": 0, "prefecture": 1, "county": 2, "zone": 2}
PARK_HEADS = heads("park_head")


def _park_prefix(name: str) -> int:
    """Length of a park named at the start of ``name`` (德阳经开区|汽车产业园区), 0 if none."""
    best = 0
    for head in PARK_HEADS:
        i = name.find(head)
        end = i + len(head)
        whole = i == 0 and len(head) >= 4 and name[end:] != "园区"  # 综合保税区|党群服务中心
        if name.startswith("区", end):
            continue  # 星澜科技园|区管委会: the park is 星澜科技园区
        if (i >= 2 or whole) and end <= len(name) - 2 and (not best or end < best):
            best = end
    if best and name.startswith("园区", best) and best + 2 <= len(name) - 2 and name.startswith(PARK_HEADS):
        best += 2  # 综合保税区|园区|党群服务中心: the park as the text names it
    return best


def _part(m: Mention, start: int, end: int, cls: str, rule: str) -> Mention:
    return Mention(m.doc_id, m.start + start, m.start + end, m.text[start:end], cls, rule)


def _region_prefix(name: str, lex: Lexicon) -> tuple[int, str]:
    """Length of the region written at the start of ``name`` and its full name, or (0, "")."""
    for n in range(min(len(name) - 2, 10), 1, -1):
        head = name[:n]
        if head in lex.divisions and lex.divisions[head].level != "zone":
            return n, head
        if head in lex.short_forms and segment.tag(head) in PLACE_TAGS:  # not 同心|共晋…, 会同|机关…
            nxt = name[n : n + 1]
            for full in lex.short_forms[head]:
                if nxt and full == head + nxt:  # 龙泉驿 + 区委 -> 龙泉驿区
                    return n + 1 if name[n + 1 : n + 2] != "委" else n, full
            return n, head
    return 0, ""


def _county_before(name: str, lex: Lexicon) -> int:
    """Length of a division written before a street, town or village (樊城区|米公街道), 0 if none
    or if the rest is only the suffix (东坡|街道 is one street)."""
    n, _ = _region_prefix(name, lex)
    return n if n and len(re.sub(r"(?:街道|镇|乡|社区|村)$", "", name[n:])) >= 2 else 0


def _region_chain(name: str, lex: Lexicon) -> list[tuple[int, int]]:
    """The divisions written one after another at the start of ``name``, outermost first."""
    spans: list[tuple[int, int]] = []
    fulls: list[str] = []
    pos = 0
    while len(spans) < 3:
        n, full = _region_prefix(name[pos:], lex)
        if not n:
            break
        if fulls and not _inside(full, fulls[-1], lex):
            break  # 四川|振兴…: 振兴 is a district of another province, here an ordinary word
        spans.append((pos, pos + n))
        fulls.append(full)
        pos += n
    return spans


def _inside(name: str, outer: str, lex: Lexicon) -> bool:
    """Whether the lexicon places the division ``name`` (full or short) inside ``outer``."""
    outers = {outer, *lex.short_forms.get(outer, ())}
    for full in (name, *lex.short_forms.get(name, ())):
        seen = 0
        d = lex.divisions.get(full)
        while d is not None and seen < 4:
            if d.parent in outers or any(d.parent and d.parent.startswith(o) for o in outers):
                return True
            d = lex.divisions.get(d.parent)
            seen += 1
    return False


def _host_class(host: str, lex: Lexicon) -> str:
    if host in lex.divisions or host in lex.short_forms:
        return C.Park if host in lex.divisions and lex.divisions[host].level == "zone" else C.Region
    for suffix, cls in CLASS_BY_SUFFIX:
        if host.endswith(suffix):
            return cls
    for head, cls in _org_heads(lex):  # 县委宣传部|党支部, 工商联|党组, 市投促中心|党支部
        if host.endswith(head) and (len(host) > len(head) or len(head) > 1):
            return cls
    return C.Enterprise


@functools.lru_cache(maxsize=4)
def _org_heads(lex: Lexicon) -> tuple[tuple[str, str], ...]:
    """The heads of organisations' names (``org_head`` and the organisation suffixes), longest first."""
    pairs = [*head_pairs("org_head"), *((s.text, s.cls) for s in lex.suffixes if s.cls in ORG_CLASSES)]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def split(
    mentions: tuple[Mention, ...] | list[Mention],
    lexicon: Lexicon | None = None,
    relative: Callable[[str], bool] | None = None,
) -> tuple[list[Mention], list[Link]]:
    """Inner mentions and the links between them and the mentions that contain them.
    ``relative(name)`` says a name holds no proper name (a host such as 商圈 or 管理中心 in
    商圈|党委 is then no entity of its own)."""
    lex = lexicon or load()
    parts, links = _split(list(mentions), lex, relative)
    more, more_links = _split(
        [p for p in parts if p.rule == "prefix" and p.cls in (C.Park, C.PartyOrganization)], lex, relative
    )
    return parts + more, links + more_links


def _split(
    mentions: list[Mention], lex: Lexicon, relative: Callable[[str], bool] | None
) -> tuple[list[Mention], list[Link]]:
    parts: list[Mention] = []
    links: list[Link] = []
    for m in mentions:
        found = _Parts(m, lex, relative)
        found.split()
        parts += found.parts
        links += found.links
    return parts, links


class _Parts:
    """The names inside one mention's name, and what the name says about them."""

    def __init__(self, m: Mention, lex: Lexicon, relative: Callable[[str], bool] | None = None) -> None:
        self.m, self.lex = m, lex
        self.relative = relative or (lambda name: False)
        self.parts: list[Mention] = []
        self.links: list[Link] = []

    def add(self, start: int, end: int, cls: str, rule: str) -> Mention:
        part = _part(self.m, start, end, cls, rule)
        self.parts.append(part)
        return part

    def link(self, head: Mention, prop: str, tail: Mention, rule: str) -> None:
        self.links.append((head, prop, tail, rule))
        if prop == P.partyOrganizationOf and tail.cls in (C.Region, C.Park):
            self.links.append((head, P.locatedIn, tail, rule))  # 东坡街道党工委 is in 东坡街道 too

    def split(self) -> None:
        """Every rule that applies to the mention's class, in order."""
        m = self.m
        if m.cls == C.PartyOrganization:
            if self.party_host():
                return
            self.department()
        if m.cls == C.Agency:
            self.office_branch()
        if m.cls in (C.Enterprise, C.Institution):
            self.branch()
        if m.cls == C.Program:
            self.issuer()
        hosted = any(h is m and p in (P.partyOrganizationOf, P.belongsToChain) for h, p, _, _ in self.links)
        if m.cls == C.PartyOrganization and self.region_committee():
            return
        if m.cls in PLACED and m.found_by not in ("division", "division-short") and not hosted:
            self.placed()

    def issuer(self) -> None:
        """《星澜市人民政府关于…的通知》: the body named before 关于 issued the document."""
        name = self.m.text
        first = 1 if name.startswith("《") else 0
        end = name.find("关于", first)
        body = name[first:end]
        if end < 0 or len(body) < 4 or not any(body.endswith(h) for h, _ in (*CLASS_BY_SUFFIX, *_org_heads(self.lex))):
            return
        cls = C.PartyOrganization if body.startswith(PARTY_NAMES) else _host_class(body, self.lex)
        if cls in ORG_CLASSES:
            self.link(self.add(first, end, cls, "prefix"), P.issued, self.m, "name-issuer")

    def party_host(self) -> bool:
        """东坡街道党工委 -> 东坡街道 (partyOrganizationOf), 光伏组件产业链党委 -> belongsToChain;
        True when the name needs no other rule (东坡街道|星火党委: a committee placed in a street)."""
        m, name = self.m, self.m.text
        suffix = next((s for s in PARTY_SUFFIXES if name.endswith(s)), "")
        host = name[: len(name) - len(suffix)] if suffix else ""
        clean = clean_name(host)
        if _park_prefix(name) and (clean.endswith(PARK_HEADS) or clean[:-2].endswith(PARK_HEADS)):
            return False  # the park itself is the host: linked by the park prefix
        if not suffix or suffix in SECTOR_COMMITTEES or len(clean) < 2 or clean in generic_words():
            return False
        if clean.endswith(_TASK_FORCES):
            return False  # 驻点招商专班|临时党支部, 星澜物流产业|党支部: a task force or a trade, no body
        street = re.match(r"^(.{2,5}?(?:街道|镇|乡))(.{1,3})$", clean)
        if (
            street
            and _host_class(street.group(2), self.lex) != C.Region
            and _host_class(clean, self.lex) == C.Enterprise
        ):
            self.link(m, P.locatedIn, self.add(0, len(street.group(1)), C.Region, "prefix"), "name-prefix")
            return True
        if re.fullmatch(r"[A-Za-z0-9]+", clean) or clean.endswith(("区委", "市委", "县委", "工委")):
            return False
        cls = _host_class(clean, self.lex)
        if cls == C.Enterprise and not clean.endswith(LEGAL_FORMS) and self.relative(clean):
            return False  # 商圈|党委, 管理中心|党组: the host is described, not named
        chain = _STREET_CHAIN.match(clean) if cls == C.Region else None
        inner = self.street_chain(chain, clean) if chain else self.host(clean, host, cls)
        if cls == C.PartyOrganization:
            self.link(m, P.partOf, inner, "name-branch")  # 区委宣传部|党支部: a branch within a party body
        else:
            self.link(m, P.belongsToChain if cls == C.IndustryChain else P.partyOrganizationOf, inner, "name-host")
        return False

    def street_chain(self, chain: re.Match[str], clean: str) -> Mention:
        """东坡街道|青竹社区党组织: the community's committee; the community is in the street (and
        章贡区|水东镇|七里村党总支: the town in the county written before it)."""
        n = _county_before(chain.group(1), self.lex)
        a = self.add(n, len(chain.group(1)), C.Region, "prefix")
        inner = self.add(len(chain.group(1)), len(clean), C.Region, "host")
        self.link(inner, P.locatedIn, a, "name-chain")
        if n:
            self.link(a, P.locatedIn, self.add(0, n, C.Region, "prefix"), "name-chain")
        return inner

    def host(self, clean: str, host: str, cls: str) -> Mention:
        """The host named before a committee's suffix (樊城区|米公街道党工委: with its county; 星澜
        经开区|新能源产业链党委: a chain is a trade, the committee lies in the park)."""
        if cls == C.IndustryChain:
            return self.chain_host(clean, host)
        n = _county_before(clean, self.lex) if cls == C.Region else 0
        if not n:
            return self.add(0, len(host), cls, "host")
        county = self.add(0, n, C.Region, "prefix")
        inner = _part(self.m, n, len(host), cls, "host")
        self.link(inner, P.locatedIn, county, "name-chain")
        self.parts.append(inner)
        return inner

    def chain_host(self, clean: str, host: str) -> Mention:
        p = _park_prefix(clean)
        chain = _region_chain(clean, self.lex)
        n, cls = (p, C.Park) if p else (chain[-1][1], C.Region) if chain else (0, "")
        if not n or len(host) - n < 4:
            return self.add(0, len(host), C.IndustryChain, "host")
        self.link(self.m, P.locatedIn, self.add(0, n, cls, "prefix"), "name-prefix")
        return self.add(n, len(host), C.IndustryChain, "host")

    def department(self) -> None:
        """绵阳市委组织部|基层党建办: an office of a party department."""
        dept = _DEPARTMENT.match(clean_name(self.m.text))
        if dept:
            self.link(self.m, P.partOf, self.add(0, len(dept.group(1)), C.PartyOrganization, "prefix"), "name-branch")

    def office_branch(self) -> None:
        """甲服务中心|乙园区|分中心: a branch office, placed in the park it serves."""
        office = _OFFICE_BRANCH.match(clean_name(self.m.text))
        if not office:
            return
        self.link(self.m, P.partOf, self.add(0, len(office.group(1)), C.Agency, "host"), "name-branch")
        place = office.group(2)
        if place.endswith((*PARK_HEADS, "园区")) and len(place) > 2:
            self.link(self.m, P.locatedIn, self.add(office.end(1), office.end(2), C.Park, "prefix"), "name-prefix")

    def branch(self) -> None:
        """建设银行绵阳分行 -> 建设银行 (partOf); 某大学某学院 -> 某大学."""
        m, name = self.m, self.m.text
        bs = next((s for s in BRANCH_SUFFIXES if name.endswith(s)), "")
        if not bs:
            if m.cls == C.Institution:
                for hs in ("大学", "学院"):
                    i = name.find(hs)
                    if 2 <= i and i + len(hs) < len(name) - 1:
                        self.link(m, P.partOf, self.add(0, i + len(hs), C.Institution, "host"), "name-branch")
                        break
            return
        stem = name[: -len(bs)]
        host_end = next((stem.find(hs) + len(hs) for hs in HOST_SUFFIXES if stem.find(hs) >= 1), -1)
        if host_end < 0:
            n, _ = _region_tail(stem, self.lex)
            host_end = len(stem) - n if n else 0
        if host_end >= 2 and host_end < len(name):
            cls = m.cls if m.cls in (C.Enterprise, C.Agency) else C.Institution
            self.link(m, P.partOf, self.add(0, host_end, cls, "host"), "name-branch")

    def region_committee(self) -> bool:
        """青川县委 -> 青川县 (partyOrganizationOf); True when it applies."""
        committee = re.match(r"^(.{2,8}?[省市县区州旗])[省市县区州旗]?委$", clean_name(self.m.text))  # 涪城区(区)委
        if not committee or not (
            committee.group(1) in self.lex.divisions or committee.group(1)[:-1] in self.lex.short_forms
        ):
            return False
        inner = self.add(0, len(committee.group(1)), C.Region, "host")
        self.link(self.m, P.partyOrganizationOf, inner, "name-host")
        return True

    def placed(self) -> None:
        """四川|邛崃|经济开发区: the regions written first; 德阳经开区|汽车产业园区: the park written first."""
        m, name = self.m, self.m.text
        if m.cls == C.Region and m.found_by == "model" and name.endswith(_NAMED_PLACES):
            return
        chain = _region_chain(clean_name(name), self.lex)
        if chain and m.cls == C.Region and clean_name(name)[chain[-1][1] :] in _LOCAL_HEADS:
            chain = chain[:-1]  # 东坡|街道: the street is named 东坡, whatever county shares the name
        if chain and chain[-1][1] < len(name) and not _park_prefix(name) and not _DEPARTMENT.match(clean_name(name)):
            inners = [self.add(a, b, C.Region, "prefix") for a, b in chain]
            self.link(m, P.locatedIn, inners[-1], "name-prefix")
            for outer, inner in itertools.pairwise(inners):
                self.link(inner, P.locatedIn, outer, "name-chain")
        p = _park_prefix(name)
        lead = 2 if name.startswith("中共") else 0  # 中共|星澜经开区|工作委员会: the party, then the park
        if p > lead + 2 and m.rule != "host":
            inner = self.add(lead, p, C.Park, "prefix")
            rest = name[p:]
            if m.cls == C.PartyOrganization and (rest in PARTY_SUFFIXES or rest.lstrip("园区") in PARTY_SUFFIXES):
                self.link(m, P.partyOrganizationOf, inner, "name-host")  # 绵阳经开区(园区)党委
            else:
                self.link(m, P.locatedIn, inner, "name-prefix")


def _region_tail(stem: str, lex: Lexicon) -> tuple[int, str]:
    for n in range(min(len(stem) - 2, 8), 1, -1):
        tail = stem[-n:]
        if tail in lex.divisions or tail in lex.short_forms:
            return n, tail
    return 0, ""


def chains(mentions: list[Mention], text: str, lexicon: Lexicon | None = None) -> list[Link]:
    """Regions written together (江苏省苏州市宿城区): each part locatedIn the one before it."""
    lex = lexicon or load()
    order = _ORDER
    links: list[Link] = []
    ms = sorted((m for m in mentions if m.rule not in ("prefix", "host")), key=lambda m: (m.start, -m.end))
    for i, (a, b) in enumerate(itertools.pairwise(ms), start=1):  # b is ms[i]
        if a.end != b.start or a.cls not in (C.Region, C.Park) or b.cls not in (C.Region, C.Park):
            continue
        if a.cls == C.Park:  # 绵阳高新区西园街道: a street or community inside the park
            if b.cls == C.Region and _level(b.text, lex, order) >= 3:
                links.append((b, P.locatedIn, a, "name-chain"))
            continue
        known = b.text in lex.divisions or b.text in lex.short_forms
        if written_inside(a.text, b.text, lex):
            links.append((b, P.locatedIn, a, "name-chain"))
            # 重庆市璧山区、南岸区: the place written before a list holds every item of it
            for prev, c in zip(ms[i:], ms[i + 1 :]):
                if text[prev.end : c.start] != "、" or c.cls != b.cls:
                    break
                if _inside(c.text, a.text, lex) or (
                    not known and _level(c.text, lex, order) == _level(b.text, lex, order)
                ):
                    links.append((c, P.locatedIn, a, "name-chain"))
    return links


def written_inside(outer: str, inner: str, lex: Lexicon) -> bool:
    """Whether region ``inner``, written right after region ``outer``, lies in it (江苏省|苏州市,
    柏合街道|东华村; not 绵阳市|青羊区)."""
    known = inner in lex.divisions or inner in lex.short_forms
    return _inside(inner, outer, lex) or (not known and _level(outer, lex, _ORDER) < _level(inner, lex, _ORDER))


def _level(name: str, lex: Lexicon, order: dict[str, int]) -> int:
    full = name if name in lex.divisions else (lex.short_forms.get(name, ("",))[0])
    if full in lex.divisions:
        return order[lex.divisions[full].level]
    if name.endswith(("街道", "镇", "乡", "苏木")):
        return 3
    if name.endswith(("村", "社区", "嘎查")):
        return 4
    return 3
