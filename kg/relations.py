"""Extract relations with the sentence that states them.

Three sources, each a general rule:

- name-internal links found by ``kg.compounds`` (德阳经开区 locatedIn 成都, X公司党支部 of X公司);
- cue words in a clause (``data/cues.tsv``), read by their frame (``kg.frames``): the head is the
  nearest well-typed entity before the cue, else the subject of the sentence, else of the paragraph
  or the place the passage is about (``kg.places``: the headline's place, 我市, 该镇); the tails are
  the well-typed entities after it (a coordinated list gives one fact each);
- a person after an organisation and role words (星河电子公司党委书记、董事长王明).

Entities of the wrong class never link (``kg.schema``): a group that is not an entity gives none.

>>> from kg.pipeline import extract_text
>>> [(r.head.name, r.prop, r.tail.name) for r in extract_text("青羊区出台《助企政策手册》。").relations]
[('青羊区', 'issued', '助企政策手册')]
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg import segment
from kg.compounds import PARTY_SUFFIXES, Link
from kg.frames import Around, Facts, Frames, clauses
from kg.lexicon import Cue, Lexicon, load
from kg.names import generic_words
from kg.places import Places, visited_place
from kg.programs import MEANS_AFTER
from kg.records import Entity, Mention, Relation, Sentence
from kg.schema import ORGS_AND_PLACES, C, P, allowed

# adverbs jieba glues to a cue verb (深入开展, 大力实施, 全面推行, 持续深化, 积极开展)
_ADVERB_CUE = re.compile(
    r"(?:实地|专题|深入|大力|全面|持续|积极|着力|加快|不断|率先|创新|探索|稳步|扎实|全力|进一步|高标准)$"
)
_PAREN = re.compile(r"[(（][^()（）]{0,20}[)）]")
_INSIDE = re.compile(r"^(?:辖区|园区)?内?(?:的)?(?:辖区)?(?:重点|龙头)?(?:企业|单位)?")
# a clause whose subject is "the company" (公司党支部还加入了…, 该企业投资…)
_ANAPHOR = re.compile(r"\s*(?:[今去明]年\d{1,2}月,?|目前,?|同时,?)?(?:该|这家|这个)?(?:公司|企业)")
_ROLE_GLUE = re.compile(r"[、兼及和的\s]")
#: how often jieba's dictionary counts a word that starts with a cue for it to be a noun of its own (建设银行)
_COMMON_COMPOUND = 20
#: a news dateline and byline before the first sentence (本报绵阳讯 (通讯员 X), 新华社成都5月3日电)
_DATELINE = re.compile(
    r"^\s*(?:本报|新华社|中新社|中新网)?[\u4e00-\u9fff]{0,6}(?:\d{1,2}月\d{1,2}日)?(?:讯|电)\s*"
    r"(?:[(（][^)）]{0,30}[)）])?\s*"
)
#: 我市 / 我区 / 全县 opening a clause: the document's own place of that level
_WE = re.compile(r"\s*(?:[今去明]年|近年来|目前|同时|此外)?,?\s*(?:我|全)([省市区县州旗镇乡])")
#: 该镇 / 该园区 opening a clause: the last place of that kind named before
_THIS = re.compile(r"\s*(?:同时|此外|目前)?,?\s*(?:该|这个)(街道|社区|园区|镇|乡|村|区|县|市)")
_LIST_BREAK = re.compile(r"[,，;；:：。]")


@dataclass
class _DocState:
    """What the extractor carries from sentence to sentence in one document."""

    text: str
    by_sent: dict[int, list[Mention]]
    places: Places
    links: list[Link]
    facts: Facts
    hosts: dict[Mention, Mention] = field(default_factory=dict)  # party organisation -> host its name names
    subject: Mention | None = None  # the paragraph's subject
    company: Mention | None = None  # the company last named in the paragraph: 公司 refers to it
    prev_end: int = -1
    topic_at: int = -1


class Extractor(Frames):
    """Relations of a document: its names' own links, then cue words clause by clause (``Frames``),
    roles before people, and lists of what lies inside a place."""

    def __init__(self, lexicon: Lexicon | None = None, seg: segment.Segmenter | None = None) -> None:
        self.lex = lexicon or load()
        self.seg = seg or segment.base()
        self.cues = self.lex.cues
        self.cue_re = re.compile("|".join(re.escape(c) for c in dict.fromkeys(c.text for c in self.cues)))
        self.cue_of: dict[str, list[Cue]] = {}  # a cue word may state more than one property (围绕…主题, 围绕…产业链)
        for c in self.cues:
            self.cue_of.setdefault(c.text, []).append(c)
        self.roles = self.lex.roles
        self.rejected: dict[str, int] = {}  # of the last document: candidates domain and range refused

    def extract(
        self,
        text: str,
        sents: Iterable[Sentence],
        mentions: list[Mention],
        entity_of: dict[Mention, Entity],
        links: list[Link],
    ) -> tuple[Relation, ...]:
        """Every relation the sentences state: the names' own links, then sentence by sentence."""
        sents = list(sents)
        doc = _DocState(text, _group(mentions, sents), Places(mentions, entity_of, text), links, Facts(entity_of))
        for h, prop, t, rule in links:
            if prop == P.partyOrganizationOf:
                doc.hosts.setdefault(h, t)
            sent = _sentence_at(sents, h.start)
            if sent is not None:
                doc.facts(h, prop, t, sent, 0.9, rule)
        for sent in sents:
            self._sentence(doc, sent)
        self.rejected = dict(doc.facts.rejected)
        return doc.facts.relations()

    def _sentence(self, doc: _DocState, sent: Sentence) -> None:
        """The facts of one sentence, carrying the paragraph's subject and company."""
        if "\n" in doc.text[max(doc.prev_end, 0) : sent.start] or doc.prev_end < 0:
            doc.subject = doc.company = None  # a new paragraph
            doc.topic_at = sent.start
        doc.prev_end = sent.end
        named = doc.by_sent.get(sent.index, [])
        ms = [m for m in named if m.rule not in ("host", "prefix")]
        own = self._subject(sent, ms)
        if own is not None:
            doc.subject = own
        elif doc.subject is None and doc.topic_at >= 0:
            doc.subject = doc.places.topic(doc.topic_at)  # a paragraph without a subject: what the passage is about
            doc.topic_at = -1
        for m in ms:
            if m.cls == C.Person:
                self._role(sent, m, ms, doc.hosts, doc.facts)
        self._inside(sent, ms, doc.facts)
        self._own_programs(sent, ms, doc.facts)
        self._means(sent, ms, own, doc.subject, doc.facts)
        if own is not None and own.cls == C.Region and "所在地" in sent.text:
            for m in ms:  # 龙泉驿区作为…德阳经开区所在地: the park lies in the district
                if (
                    m.cls in (C.Park, C.Agency)
                    and sent.text.startswith("所在地", m.end - sent.start)
                    and m.start > own.end
                ):
                    doc.facts(m, P.locatedIn, own, sent, 0.7, "seat")
        self._clauses(doc, sent, ms, own)
        hosts = [m for m in named if m.cls == C.Enterprise]  # 星河公司党委: 星河公司 too
        doc.company = hosts[-1] if hosts else doc.company

    def _clauses(self, doc: _DocState, sent: Sentence, ms: list[Mention], own: Mention | None) -> None:
        """The cue words of each clause, with the subject of the clauses so far (其中,区委宣传部聚焦…,
        持续深化…) and the place they are about (X产业园开园,…,A、B等企业落地入驻)."""
        text = doc.text
        toks = segment.spans(sent)
        starts = {s for s, _, _ in toks}
        ends = {e for _, e, _ in toks}
        token_at = {s: t for s, _, t in toks}
        here = own
        place = own if own is not None and own.cls in (C.Region, C.Park) else None
        visit = visited_place(sent, ms)
        for cs, ce in clauses(sent):
            in_clause = [m for m in ms if cs <= m.start and m.end <= ce]
            opener = self._opener(sent, in_clause[:1], [(cs, ce)]) if in_clause else None
            here = opener or here
            if opener is not None and opener.cls in (C.Region, C.Park):
                place = opener
            for hit in self.cue_re.finditer(text, cs, ce):
                a, b = hit.start(), hit.end()
                if (
                    any(m.start <= a < m.end for m in ms)
                    or b not in ends
                    and not self._verb_object(token_at.get(a, ""), hit.group())
                ):
                    continue
                if a not in starts and not _ADVERB_CUE.search(text[max(sent.start, a - 3) : a]):
                    continue  # the cue is a whole word, or ends one after an adverb (深入|开展, 大力|实施)
                named = [m for m in doc.by_sent.get(sent.index, []) if m.cls == C.Enterprise and m.end <= cs]
                it = named[-1] if named else doc.company
                if it is not None and _ANAPHOR.match(text, cs, a) and not any(m.start == cs for m in in_clause):
                    here = it  # 公司党支部还加入了…: the company the paragraph is about
                we = _WE.match(text, cs, a)
                if we and not any(m.start < a for m in in_clause):
                    here = doc.places.ours(we.group(1)) or here  # 我市推行…: the city the document is about
                this = _THIS.match(text, cs, a)
                if this and not any(m.start < a for m in in_clause):
                    here = doc.places.last_before(cs, this.group(1)) or here  # 该镇…: the town named last
                if here is not None and here.start > a:
                    # 园区推行“X”模式,A与B…: a subject named after the cue is not its head
                    around = Around(None, None if doc.subject is here else doc.subject, place, visit, tuple(ms))
                else:
                    around = Around(here, doc.subject, place, visit, tuple(ms))
                for cue in self.cue_of[hit.group()]:
                    self._cue(sent, cue, a, b, in_clause, around, doc.facts)

    def _verb_object(self, token: str, cue: str) -> bool:
        """Whether jieba's ``token`` is the cue and its object (签订协议), not a common noun that
        starts with it (建设银行)."""
        rest = token[len(cue) :]
        return (
            token.startswith(cue)
            and len(rest) >= 2
            and self.seg.freq(rest) > 0
            and self.seg.freq(token) < _COMMON_COMPOUND
        )

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - extractors live as long as their pipeline
    def _has_verb(self, text: str) -> bool:
        return any(segment.tag(t) == "v" for t in self.seg.lcut(text))

    def _subject(self, sent: Sentence, ms: list[Mention]) -> Mention | None:
        """The organisation or place a sentence is about: its first one, when it opens a clause
        (after at most a short adverbial clause such as 同时, or 近年来,) and is not an object."""
        return self._opener(sent, ms, clauses(sent)[:3])

    def _opener(self, sent: Sentence, ms: list[Mention], spans: list[tuple[int, int]]) -> Mention | None:
        """The first organisation or place that opens one of the clauses ``spans``."""
        seen: set[tuple[int, int]] = set()  # clauses whose first mention was not a subject
        dateline = _DATELINE.match(sent.text)
        lead = sent.start + dateline.end() if dateline else sent.start  # 本报绵阳讯(通讯员 X): no subject there
        for m in ms:
            clause = next(((a, b) for a, b in spans if a <= m.start < b), None)
            if clause is None:
                if m.start >= spans[-1][1]:
                    break
                continue
            if m.start < lead:
                continue
            if clause in seen:
                continue  # 为A、B提供: B is not a subject either
            seen.add(clause)
            before = sent.between(max(clause[0], lead), m.start)
            if len(before) > 8 or re.search(r"(在|位于|与|为|和|对|向|从|到|来到|帮助|推动|引进|支持|的|以)$", before):
                continue
            if re.match(r"(?:在|于|从|自|以)", before):
                continue  # 在商圈核心区域|X写字楼,建成…, 以盐城为驻点: a place where, not who
            if self.cue_re.search(before) or self._has_verb(before):
                continue  # 为贯彻落实|市委要求, 成功助力|X: the object of a verb, not the subject
            if m.cls in ORGS_AND_PLACES:
                return m
        return None

    def _role(
        self, sent: Sentence, person: Mention, ms: list[Mention], hosts: dict[Mention, Mention], facts: Facts
    ) -> None:
        """ORG + role words + person: holdsPositionIn with the role kept.

        A party role alone (党工委副书记) places the person in the party organisation; a party role
        with a post in the host (党委书记、董事长) places them in the host.
        """
        orgs = [
            m
            for m in ms
            if m.end <= person.start
            and m.cls != C.Person
            and m.rule not in ("host", "prefix")
            and not _in_parens(sent, m)
        ]
        if not orgs:
            return
        end = person.start
        for org in reversed(orgs):  # 青川县委书记、青川经开区党工委副书记周明: one post per organisation
            if not self._post(sent, org, end, person, hosts, facts):
                return
            end = org.start

    def _post(
        self, sent: Sentence, org: Mention, end: int, person: Mention, hosts: dict[Mention, Mention], facts: Facts
    ) -> bool:
        """``org`` + role words up to ``end`` (then the person or the next organisation)."""
        between = sent.between(org.end, end).rstrip("、")
        between = _PAREN.sub("", between)  # X公司(以下简称“X”)总经理Y
        role = between
        rest = _ROLE_GLUE.sub("", between)
        for r in self.roles:
            rest = rest.replace(r, "")
        if not between or len(rest) > 6 or len(between) > 24 or _LIST_BREAK.search(between):
            return False  # 区委书记王澜,区宣传部部长李岳: a comma ends one person's post
        target = org
        if org.cls == C.PartyOrganization and between.startswith(("书记", "副书记")):
            parts = [p for p in re.split(r"[、兼]", between) if p]
            host = hosts.get(org)
            if (
                host is not None
                and allowed(P.holdsPositionIn, C.Person, host.cls)  # a park's or a town's committee: the committee
                and any(not p.endswith("书记") and p not in ("委员", "党员") for p in parts)
            ):
                suffix = next((s for s in PARTY_SUFFIXES if org.text.endswith(s)), "")
                target, role = host, suffix + between
        facts(person, P.holdsPositionIn, target, sent, 0.8, "role", role.strip("、 "))
        return True

    def _inside(self, sent: Sentence, ms: list[Mention], facts: Facts) -> None:
        """园区内(的)企业X、Y / X辖区Y: each listed entity is located in the place."""
        for i, place in enumerate(ms):
            if place.cls not in (C.Region, C.Park):
                continue
            rest = sent.between(place.end)
            m = _INSIDE.match(rest)
            if not m or not any(w in m.group() for w in ("内", "辖区")):
                continue
            start = place.end + m.end()
            inside = [x for x in ms[i + 1 :] if x.start >= start]
            if not inside or inside[0].start != start:
                continue
            for x in self._tails(P.locatedIn, inside, sent):
                facts(x, P.locatedIn, place, sent, 0.7, "inside")

    def _own_programs(self, sent: Sentence, ms: list[Mention], facts: Facts) -> None:
        """星河集团“三强联动”模式 / 星澜区的“党建+”行动: a body's quoted program, which it implements."""
        for m, p in itertools.pairwise(ms):
            if (
                p.cls == C.Program
                and sent.between(p.start, p.start + 1) == "“"
                and sent.between(m.end, p.start) in ("", "的")
                and not (m.rule == "alias" and m.text in generic_words())  # 园区“星澜联盟”: no park named
                and allowed(P.implements, m.cls, p.cls)
            ):
                facts(m, P.implements, p, sent, 0.6, "own-program")

    def _means(
        self, sent: Sentence, ms: list[Mention], own: Mention | None, subject: Mention | None, facts: Facts
    ) -> None:
        """星澜区以链长制为抓手: the program a sentence names as its means is one its subject implements."""
        for p in ms:
            if (
                p.cls != C.Program
                or sent.between(p.start - 1, p.start) != "以"
                or not _MEANS.match(sent.text, p.end - sent.start)
            ):
                continue
            head, conf = (own, 0.6) if own is not None and own.end < p.start else (subject, 0.5)
            if head is not None and allowed(P.implements, head.cls, p.cls):
                facts(head, P.implements, p, sent, conf, "means")


_MEANS = re.compile(MEANS_AFTER)


def _in_parens(sent: Sentence, m: Mention) -> bool:
    """Whether ``m`` stands inside brackets (an aside such as （以下简称“X”）)."""
    before = sent.between(sent.start, m.start)
    return before.count("(") + before.count("（") > before.count(")") + before.count("）")


def _group(mentions: list[Mention], sents: list[Sentence]) -> dict[int, list[Mention]]:
    out: dict[int, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        s = _sentence_at(sents, m.start)
        if s is not None:
            out.setdefault(s.index, []).append(m)
    return out


def _sentence_at(sents: list[Sentence], pos: int) -> Sentence | None:
    lo, hi = 0, len(sents)
    while lo < hi:
        mid = (lo + hi) // 2
        if sents[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sents) and sents[lo].start <= pos < sents[lo].end:
        return sents[lo]
    return None
