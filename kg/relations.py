"""Extract relations with the sentence that states them.

Three sources, each a general rule:

- name-internal links found by ``kg.compounds`` (德阳经开区 locatedIn 成都, X公司党支部 of X公司);
- cue words in a clause (``data/cues.tsv``): the head is the nearest well-typed entity before the
  cue, else the subject of the sentence, else of the paragraph; the tails are the well-typed
  entities after it (a coordinated list gives one fact each);
- a person after an organisation and role words (星河电子公司党委书记、董事长王明).

Entities of the wrong class never link (``kg.schema``): a group that is not an entity gives none.

>>> from kg.pipeline import extract_text
>>> [(r.head.name, r.prop, r.tail.name) for r in extract_text("青羊区出台《助企政策手册》。").relations]
[('青羊区', 'issued', '助企政策手册')]
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kg import segment
from kg.compounds import PARTY_SUFFIXES, Link
from kg.lexicon import Cue, Lexicon, load
from kg.records import Entity, Mention, Relation, Sentence
from kg.schema import ORGS_AND_PLACES, RANGE, SYMMETRIC, C, P, allowed

_OPEN, _CLOSE = "“《(（「‘", "”》)）」’"
_CLAUSE_END = set(",;:，；：")
_SPECIAL = re.compile("[" + re.escape(_OPEN + _CLOSE + "".join(_CLAUSE_END)) + "]")
# adverbs jieba glues to a cue verb (深入开展, 大力实施, 全面推行, 持续深化, 积极开展)
_ADVERB_CUE = re.compile(
    r"(?:实地|专题|深入|大力|全面|持续|积极|着力|加快|不断|率先|创新|探索|稳步|扎实|全力|进一步|高标准)$"
)
_JOINERS = re.compile(r"^\s*(?:、|与|和|同|及|以及|跟)\s*$")
_WITH = re.compile(r"(?:与|同|和|跟|联合)$")
_PAREN = re.compile(r"[(（][^()（）]{0,20}[)）]")
_INSIDE = re.compile(r"^(?:辖区|园区)?内?(?:的)?(?:辖区)?(?:重点|龙头)?(?:企业|单位)?")
# a clause whose subject is "the company" (公司党支部还加入了…, 该企业投资…)
_ANAPHOR = re.compile(r"\s*(?:[今去明]年\d{1,2}月,?|目前,?|同时,?)?(?:该|这家|这个)?(?:公司|企业)")
# a place followed by a group of its members: 与经开区多家企业签订协议 is with the companies, not the park
_GROUP_AFTER = re.compile(
    r"(?:的|内)?(?:多家|一批|部分|相关|重点|众多|各类|[0-9一二三四五六七八九十百几]+[家个])(?:企业|单位|商户|机构|园区)"
)
_ROLE_GLUE = re.compile(r"[、兼及和的\s]")
_VISITING = re.compile(r"(?:调研|考察|视察|走访|检查|参观)(?:期间|时|过程中)")
_VISIT_GLUE = re.compile(r"^[^,，;；。：:]{0,16}?(?:、|和|及|与|以及)$|^(?:、|和|及|与|以及)$")
#: how often jieba's dictionary counts a word that starts with a cue for it to be a noun of its own (建设银行)
_COMMON_COMPOUND = 20
_UNNAMED_PARTNER = re.compile(r"(?:与|同|跟)[^，,。、；;“”‘’]{2,12}$")
#: a news dateline and byline before the first sentence (本报绵阳讯 (通讯员 X), 新华社成都5月3日电)
_DATELINE = re.compile(
    r"^\s*(?:本报|新华社|中新社|中新网)?[\u4e00-\u9fff]{0,6}(?:\d{1,2}月\d{1,2}日)?(?:讯|电)\s*"
    r"(?:[(（][^)）]{0,30}[)）])?\s*"
)
#: 我市 / 我区 / 全县 opening a clause: the document's own place of that level
_WE = re.compile(r"\s*(?:[今去明]年|近年来|目前|同时|此外)?,?\s*(?:我|全)([省市区县州旗镇乡])")
#: 该镇 / 该园区 opening a clause: the last place of that kind named before
_THIS = re.compile(r"\s*(?:同时|此外|目前)?,?\s*(?:该|这个)(街道|社区|园区|镇|乡|村|区|县|市)")
_TOGETHER = re.compile(r"共同|分别|联合|一起|携手|双方|均|都")
_IS = re.compile(r"是|为|系|作为|成为")
_WHO_JOINED = re.compile(r"的(?:单位|企业|成员|成员单位)?(?:有|包括)[:：]?")
_CARRIED_OUT = re.compile(r"进行了?|开展了?")
_DURING = re.compile(r"(?:期间|时|过程中)")
_LIST_BREAK = re.compile(r"[,，;；:：。]")


@functools.lru_cache(maxsize=2048)
def clauses(sent: Sentence) -> list[tuple[int, int]]:
    """Clause spans of a sentence (document offsets), split at , ; : outside quotes and brackets.

    >>> s = Sentence("d", 0, 0, 9, "甲,乙“丙,丁”戊。")
    >>> clauses(s)
    [(0, 2), (2, 9)]
    """
    out, depth, start = [], 0, 0
    for m in _SPECIAL.finditer(sent.text):
        i, ch = m.start(), m.group()
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch in _CLAUSE_END and depth == 0:
            out.append((sent.start + start, sent.start + i + 1))
            start = i + 1
    if start < len(sent.text):
        out.append((sent.start + start, sent.end))
    return out


class _Facts:
    """The relations found in one document, well typed and one per fact and sentence.

    Called as ``facts(head, prop, tail, sentence, confidence, rule, role)``: a fact whose ends are
    not entities, are the same entity, or break the ontology's domain and range is dropped.
    """

    def __init__(self, entity_of: dict[Mention, Entity]) -> None:
        self.entity_of = entity_of
        self.found: dict[tuple[Entity, str, Entity, int], Relation] = {}
        self.rejected: Counter[str] = Counter()  # candidates the ontology's domain and range refused

    def __call__(
        self, h: Mention, prop: str, t: Mention, sent: Sentence, conf: float, rule: str, role: str = ""
    ) -> None:
        he, te = self.entity_of.get(h), self.entity_of.get(t)
        if he is None or te is None or he == te:
            return
        if not allowed(prop, he.cls, te.cls):
            self.rejected[prop] += 1  # e.g. a Region 'established' a Person: counted in report.json
            return
        if prop in SYMMETRIC and (he.name.startswith(te.name) or te.name.startswith(he.name)):
            return  # 星河公司 and 星河公司党委: an organisation does not cooperate with its own committee
        if prop in SYMMETRIC and te < he:
            he, te = te, he
        spans = (h.start, h.end, t.start, t.end)
        if rule.startswith("name-"):  # a fact a name states: the name is the evidence
            start, end = min(h.start, t.start), max(h.end, t.end)
            rel = Relation(he, prop, te, sent.doc_id, sent.between(start, end), start, end, conf, role, rule, spans)
        else:
            rel = Relation(he, prop, te, sent.doc_id, sent.text, sent.start, sent.end, conf, role, rule, spans)
        key = (he, prop, te, rel.start)
        if key not in self.found or self.found[key].confidence < conf:
            self.found[key] = rel

    def relations(self) -> tuple[Relation, ...]:
        return tuple(sorted(self.found.values(), key=lambda r: (r.start, r.prop, r.head, r.tail)))


@dataclass(frozen=True)
class _Around:
    """Who a clause's cue may fall back on for its head: the subject the sentence's clauses so far
    opened with (``own``), the paragraph's subject, the place the clauses are about, and the
    place of 在X调研期间 (``visit``)."""

    own: Mention | None = None
    subject: Mention | None = None
    place: Mention | None = None
    visit: Mention | None = None
    named: tuple[Mention, ...] = ()  # the sentence's mentions


@dataclass
class _DocState:
    """What the extractor carries from sentence to sentence in one document."""

    text: str
    by_sent: dict[int, list[Mention]]
    places: _Places
    links: list[Link]
    facts: _Facts
    subject: Mention | None = None  # the paragraph's subject
    company: Mention | None = None  # the company last named in the paragraph: 公司 refers to it
    prev_end: int = -1
    topic_at: int = -1


class Extractor:
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
        doc = _DocState(text, _group(mentions, sents), _Places(mentions, entity_of, text), links, _Facts(entity_of))
        for h, prop, t, rule in links:
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
                self._role(sent, m, ms, doc.links, doc.facts)
        self._inside(sent, ms, doc.facts)
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
        visit = _visited_place(sent, ms)
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
                    around = _Around(None, None if doc.subject is here else doc.subject, place, visit, tuple(ms))
                else:
                    around = _Around(here, doc.subject, place, visit, tuple(ms))
                for cue in self.cue_of[hit.group()]:
                    self._cue(sent, cue, a, b, in_clause, around, doc.facts)

    def _verb_object(self, token: str, cue: str) -> bool:
        """Whether jieba's ``token`` is the cue and its object (签订协议), not a common noun that
        starts with it (建设银行)."""
        rest = token[len(cue) :]
        return (
            token.startswith(cue)
            and len(rest) >= 2
            and self.seg.tk.FREQ.get(rest, 0) > 0
            and self.seg.tk.FREQ.get(token, 0) < _COMMON_COMPOUND
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
            if len(before) > 8 or re.search(r"(在|位于|与|为|和|对|向|从|到|来到|帮助|推动|引进|支持|的)$", before):
                continue
            if re.match(r"(?:在|于|从|自)", before):
                continue  # 在商圈核心区域|X写字楼,建成…: a place where, not who
            if self.cue_re.search(before) or self._has_verb(before):
                continue  # 为贯彻落实|市委要求, 成功助力|X: the object of a verb, not the subject
            if m.cls in ORGS_AND_PLACES:
                return m
        return None

    def _cue(
        self, sent: Sentence, cue: Cue, a: int, b: int, in_clause: list[Mention], around: _Around, facts: _Facts
    ) -> None:
        """The facts a cue word at ``[a, b)`` states, read by its frame (SVO, OVS, WITH, VISIT)."""
        before = [m for m in in_clause if m.end <= a]
        after = [m for m in in_clause if m.start >= b]
        prop, own, subject = cue.prop, around.own, around.subject
        rule = f"cue:{cue.text}"
        if cue.frame == "WITH":
            self._with(sent, cue, a, before, after, own or subject, facts)
            return
        if cue.frame == "OVS":
            if before and after and cue.allows(after[0].cls, before[-1].cls):
                facts(after[0], prop, before[-1], sent, cue.confidence, rule)
            return
        if cue.frame == "VISIT":
            self._visit(sent, cue, a, b, before, after, around.visit, facts)
            return
        if cue.frame == "BY":
            self._by(sent, cue, a, before, around, facts)
            return
        if cue.frame == "OF":
            self._of(sent, cue, a, b, before, after, around, facts)
            return
        if prop == P.memberOf and self._joined_list(sent, cue, after, facts):
            return
        if prop == P.locatedIn and after:
            place = after[0]
            rest = sent.between(place.end, place.end + 1)
            if rest == "的" and len(after) > 1:
                facts(after[1], prop, place, sent, cue.confidence + 0.1, rule)
                return
        if prop == P.settledIn and self._settled(sent, a, b, before, after, around.place or own, subject, facts, cue):
            return
        if prop == P.serves and self._served(sent, a, before, own, facts, cue):
            return
        in_range = [m for m in after if m.cls in RANGE[prop] and (not cue.tails or m.cls in cue.tails)]
        tails = self._tails(prop, in_range, sent)  # 帮助高新区内的|A、B
        if not tails:
            return
        head, conf = None, cue.confidence
        for m in reversed(before):
            if any(allowed(prop, m.cls, t.cls) and cue.allows(m.cls, t.cls) for t in tails):
                head = m
                break
        if head is None:
            head, conf = (own, conf - 0.1) if own is not None else (subject, conf - 0.25)
        if head is None:
            return
        heads = self._each(sent, head, around, a)
        for h in heads:
            for t in tails:
                facts(h, prop, t, sent, conf, rule)

    def _each(self, sent: Sentence, head: Mention, around: _Around, a: int) -> list[Mention]:
        """The subjects a cue at ``a`` speaks of: ``head``, or each of A和B / A与B / A、B when the
        group stands right before the cue or the clause says they act together (共同, 分别, 双方)."""
        group = _coordinated(sent, head, list(around.named))
        if len(group) < 2:
            return [head]
        clause_start = max((s for s, _ in clauses(sent) if s <= a), default=sent.start)
        lead = sent.between(max(group[-1].end, clause_start), a)
        if len(sent.between(group[-1].end, a)) <= 4 or _TOGETHER.search(lead):
            return group
        return [head]

    def _by(self, sent: Sentence, cue: Cue, a: int, before: list[Mention], around: _Around, facts: _Facts) -> None:
        """Y由X投资建设 / 由X牵头成立Y: X (and each one joined to it) is the head; Y, before 由 or
        the clause's subject, the tail."""
        by = next((m for m in reversed(before) if sent.between(m.start - 1, m.start) == "由"), None)
        if by is None:
            return
        heads = [m for m in _coordinated(sent, by, list(around.named)) if m.start >= by.start and m.end <= a]
        if not heads or len(sent.between(heads[-1].end, a)) > 6:
            return  # 由X|牵头|成立, 由A和B|共同投资|建设: the cue follows the ones after 由
        made = next(
            (m for m in reversed(before) if m.end < by.start - 1 and cue.allows(heads[0].cls, m.cls)),
            None,
        )
        conf = cue.confidence
        if made is None:
            made, conf = around.own, conf - 0.1
        if made is None or made in heads:
            return
        for h in heads:
            if allowed(cue.prop, h.cls, made.cls) and cue.allows(h.cls, made.cls):
                facts(h, cue.prop, made, sent, conf, f"cue:{cue.text}")

    def _of(
        self,
        sent: Sentence,
        cue: Cue,
        a: int,
        b: int,
        before: list[Mention],
        after: list[Mention],
        around: _Around,
        facts: _Facts,
    ) -> None:
        """A是B的派出机构 / B的派出机构A / 作为B的成员单位,A…: A is the head, B the tail."""
        owner = before[-1] if before and sent.between(before[-1].end, a) == "的" else None
        if owner is None:
            return
        head = None
        if len(before) > 1 and _IS.fullmatch(sent.between(before[-2].end, owner.start)):
            head = before[-2]  # A是B的…
        elif after and len(sent.between(b, after[0].start)) <= 1:
            head = after[0]  # B的派出机构A
        elif around.own is not None and around.own.start > owner.end:
            head = around.own
        if head is not None and allowed(cue.prop, head.cls, owner.cls) and cue.allows(head.cls, owner.cls):
            facts(head, cue.prop, owner, sent, cue.confidence, f"cue:{cue.text}")

    def _joined_list(self, sent: Sentence, cue: Cue, after: list[Mention], facts: _Facts) -> bool:
        """首批加入X的有A、B等单位: each of A, B is a member of X."""
        if not after:
            return False
        body = after[0]
        m = _WHO_JOINED.match(sent.text, body.end - sent.start)
        if m is None:
            return False
        start = sent.start + m.end()
        group = self._tails(cue.prop, [x for x in after[1:] if x.start >= start], sent)
        if not group or group[0].start - start > 2:
            return False
        for x in group:
            if allowed(cue.prop, x.cls, body.cls):
                facts(x, cue.prop, body, sent, cue.confidence, f"cue:{cue.text}")
        return True

    def _visit(
        self,
        sent: Sentence,
        cue: Cue,
        a: int,
        b: int,
        before: list[Mention],
        after: list[Mention],
        place: Mention | None,
        facts: _Facts,
    ) -> None:
        """在X调研期间,…考察了A、B / 对A、B进行了调研: each of A, B lies in X."""
        if place is None or b <= place.end + 1 or _DURING.match(sent.text, b - sent.start):
            return  # no place visited, or the cue of 在X调研期间 itself
        fits = [m for m in after if cue.allows(m.cls, place.cls)]
        group = _visited(sent, fits, b)  # 考察了|A、B
        if not group:
            to = sent.text.rfind("对", place.end - sent.start, a - sent.start)  # 对|A、B|进行了调研
            if to < 0 or not before or not _CARRIED_OUT.fullmatch(sent.between(before[-1].end, a)):
                return
            fits = [m for m in before if cue.allows(m.cls, place.cls)]
            group = _visited(sent, fits, sent.start + to + 1)
        for m in group:
            facts(m, P.locatedIn, place, sent, cue.confidence, f"cue:{cue.text}")

    def _with(
        self,
        sent: Sentence,
        cue: Cue,
        cue_at: int,
        before: list[Mention],
        after: list[Mention],
        fallback: Mention | None,
        facts: _Facts,
    ) -> None:
        """X 与 A、B 共建: X with each of A, B; X 携手 Y: X with Y (the subject when X is not named)."""
        prop = cue.prop
        joiner = max((i for i in range(len(before)) if _WITH.search(self._gap(sent, before, i))), default=-1)
        if joiner >= 0:
            partners = [
                m for m in _drop_chain_heads(before[joiner:]) if not _GROUP_AFTER.match(sent.text, m.end - sent.start)
            ]
            head = next((m for m in reversed(before[:joiner]) if m.cls in ORGS_AND_PLACES), None) or fallback
        elif _UNNAMED_PARTNER.search(sent.between(before[-1].end if before else sent.start, cue_at)):
            return  # 与企业服务专业机构合作共建‘X’: the partner is not named, X is what they build
        else:
            partners = _drop_chain_heads(self._tails(prop, after, sent))
            head = next((m for m in reversed(before) if m.cls in ORGS_AND_PLACES), None) or fallback
        for y in partners:
            if head is not None:
                facts(head, prop, y, sent, cue.confidence, f"cue:{cue.text}")

    def _settled(
        self,
        sent: Sentence,
        a: int,
        b: int,
        before: list[Mention],
        after: list[Mention],
        own: Mention | None,
        subject: Mention | None,
        facts: _Facts,
        cue: Cue,
    ) -> bool:
        """A、B等入驻 (the place is the sentence's or paragraph's subject), 入驻的X / 落户X的Y."""
        movers = [m for m in before if m.cls in (C.Enterprise, C.Project)]
        place_after = next((m for m in after if m.cls in (C.Region, C.Park)), None)
        if movers and place_after is None:
            group = self._list_before(sent, movers, a)
            place = next((m for m in (own, subject) if m is not None and m.cls in (C.Region, C.Park)), None)
            if place is not None and group:
                for m in group:
                    facts(m, P.settledIn, place, sent, cue.confidence - 0.15, f"cue:{cue.text}")
                return True
        if after and sent.between(b, b + 1) == "的" and after[0].start == b + 1:
            mover = after[0]  # 2019年入驻的X: the place is the one the sentence is in
            place = next((m for m in reversed(before) if m.cls in (C.Region, C.Park)), None) or next(
                (m for m in (own, subject) if m is not None and m.cls in (C.Region, C.Park)), None
            )
            if mover.cls in (C.Enterprise, C.Project) and place is not None:
                facts(mover, P.settledIn, place, sent, cue.confidence - 0.15, f"cue:{cue.text}")
                return True
        return False

    def _served(
        self,
        sent: Sentence,
        a: int,
        before: list[Mention],
        own: Mention | None,
        facts: _Facts,
        cue: Cue,
    ) -> bool:
        """X 为 A、B 提供…: the ones after 为 are served, by the entity before 为 or the clause's
        subject (not the paragraph's: 星澜机器人为A、B提供… names its own, unrecognised subject)."""
        group = [m for m in before if m.cls == C.Enterprise]
        if not group:
            return False
        group = self._list_before(sent, group, a, gap=30)
        lead = sent.text[max(group[0].start - sent.start - 2, 0) : group[0].start - sent.start]
        if not re.search(r"(?:为|给|帮|助力)$", lead):
            return False
        head = next((m for m in reversed(before) if m.end <= group[0].start and m.cls in ORGS_AND_PLACES), None) or own
        if head is None:
            return False
        for m in group:
            facts(head, P.serves, m, sent, cue.confidence - 0.15, f"cue:{cue.text}")
        return True

    @staticmethod
    def _list_before(sent: Sentence, movers: list[Mention], a: int, gap: int = 12) -> list[Mention]:
        """The coordinated list of entities that ends before position ``a`` (allowing 等…)."""
        last = movers[-1]
        if len(sent.between(last.end, a)) > gap:
            return []
        group = [last]
        for prev in reversed(movers[:-1]):
            glue = sent.between(prev.end, group[0].start)
            if _JOINERS.match(glue) or glue in ("、", "及", "和", "与") or re.fullmatch(r"及[^,。、]{0,14}", glue):
                group.insert(0, prev)
            else:
                break
        return group

    @staticmethod
    def _gap(sent: Sentence, before: list[Mention], i: int) -> str:
        """The text just before mention ``before[i]`` (after the previous mention)."""
        start = before[i - 1].end if i > 0 else max(before[i].start - 6, sent.start)
        return sent.between(start, before[i].start)

    def _tails(self, prop: str, after: list[Mention], sent: Sentence) -> list[Mention]:
        """The entities a cue points at: a coordinated list right after it, or the first one."""
        if not after:
            return []
        tails = [after[0]]
        for prev, m in itertools.pairwise(after):
            glue = sent.between(prev.end, m.start)
            if _JOINERS.match(glue) or (prop in (P.implements, P.issued) and m.cls == C.Program and len(glue) <= 12):
                tails.append(m)
            else:
                break
        return tails

    def _role(self, sent: Sentence, person: Mention, ms: list[Mention], links: list[Link], facts: _Facts) -> None:
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
            if not self._post(sent, org, end, person, links, facts):
                return
            end = org.start

    def _post(self, sent: Sentence, org: Mention, end: int, person: Mention, links: list[Link], facts: _Facts) -> bool:
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
            host = next((t for (h, p, t, _) in links if h == org and p == P.partyOrganizationOf), None)
            if host is not None and any(not p.endswith("书记") and p not in ("委员", "党员") for p in parts):
                suffix = next((s for s in PARTY_SUFFIXES if org.text.endswith(s)), "")
                target, role = host, suffix + between
        facts(person, P.holdsPositionIn, target, sent, 0.8, "role", role.strip("、 "))
        return True

    def _inside(self, sent: Sentence, ms: list[Mention], facts: _Facts) -> None:
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


_TOPIC_SPAN = 1500  # characters either side of a paragraph that make up its passage


class _Places:
    """The regions and parks of a document by position, to tell what a passage is about."""

    def __init__(self, mentions: list[Mention], entity_of: dict[Mention, Entity], text: str = "") -> None:
        ms = sorted(
            (
                m
                for m in mentions
                if m.cls in (C.Region, C.Park) and m.rule not in ("host", "prefix") and m in entity_of
            ),
            key=lambda m: m.start,
        )
        self.ms, self.entity_of = ms, entity_of
        self.starts = [m.start for m in ms]
        self.headline = next((m for m in ms if _headline_place(text, m)), None)

    def topic(self, pos: int) -> Mention | None:
        """The place of the headline (星澜:以“党建链”赋能…), else the region or park mentioned
        most within ``_TOPIC_SPAN`` of ``pos`` (at least three times, and half as often again as
        any other), else None."""
        if self.headline is not None:
            return self.headline
        lo = bisect.bisect_left(self.starts, pos - _TOPIC_SPAN)
        hi = bisect.bisect_right(self.starts, pos + _TOPIC_SPAN)
        counts: dict[str, list[Mention]] = {}
        for m in self.ms[lo:hi]:
            counts.setdefault(self.entity_of[m].name, []).append(m)
        ranked = sorted(counts.values(), key=len, reverse=True)
        if not ranked or len(ranked[0]) < 3 or len(ranked) > 1 and len(ranked[1]) * 3 > len(ranked[0]) * 2:
            return None
        return ranked[0][0]

    def last_before(self, pos: int, head: str) -> Mention | None:
        """The region or park named last before ``pos`` whose name ends with ``head`` (该镇 -> the
        last …镇, 该园区 -> the last park)."""
        for m in reversed(self.ms[: bisect.bisect_left(self.starts, pos)]):
            name = self.entity_of[m].name
            if (m.cls == C.Park) if head == "园区" else (m.cls == C.Region and name.endswith(head)):
                return m
        return None

    def ours(self, level: str) -> Mention | None:
        """The place 我市 / 我区 / 我县 means: the headline's place when it is of that level, else the
        region of that level the document names most (its name ends with ``level``), if any."""
        if self.headline is not None and self.entity_of[self.headline].name.endswith(level):
            return self.headline
        counts: dict[str, list[Mention]] = {}
        for m in self.ms:
            name = self.entity_of[m].name
            if m.cls == C.Region and name.endswith(level):
                counts.setdefault(name, []).append(m)
        ranked = sorted(counts.values(), key=lambda ms: (-len(ms), ms[0].start))
        if not ranked or len(ranked) > 1 and len(ranked[1]) == len(ranked[0]):
            return None  # two places of that level named as often: which one is ours is not said
        return ranked[0][0]


def _coordinated(sent: Sentence, m: Mention, ms: list[Mention]) -> list[Mention]:
    """``m`` with the organisations or places joined to it by 与, 和, 、 (A与B, A、B和C), in order."""
    ms = sorted((x for x in ms if x.cls in ORGS_AND_PLACES or x is m), key=lambda x: x.start)
    if m not in ms:
        return [m]
    i = ms.index(m)
    lo = hi = i
    while lo > 0 and _JOINERS.match(sent.between(ms[lo - 1].end, ms[lo].start)):
        lo -= 1
    while hi + 1 < len(ms) and _JOINERS.match(sent.between(ms[hi].end, ms[hi + 1].start)):
        hi += 1
    return ms[lo : hi + 1]


def _visited(sent: Sentence, ms: list[Mention], start: int) -> list[Mention]:
    """The list of places and organisations visited from ``start`` on: the first within a few
    characters (考察了|A), then each one after a list separator (A、|B、名不见经传的村|、C)."""
    ms = [m for m in ms if m.start >= start]
    if not ms or len(sent.between(start, ms[0].start)) > 3:
        return []
    out = [ms[0]]
    for m in ms[1:]:
        if m.start < out[-1].end:
            continue
        if not _VISIT_GLUE.match(sent.between(out[-1].end, m.start)):
            break
        out.append(m)
    return out


def _visited_place(sent: Sentence, ms: list[Mention]) -> Mention | None:
    """The region or park of 在X调研期间 / 在X考察时 in ``sent``, if any."""
    for m in ms:
        if (
            m.cls in (C.Region, C.Park)
            and sent.between(m.start - 1, m.start) == "在"
            and _VISITING.match(sent.text, m.end - sent.start)
        ):
            return m
    return None


def _headline_place(text: str, m: Mention) -> bool:
    """Whether ``m`` is the place a headline or dateline opens with: 星澜:以…, 【…】绵阳涪城：…
    (a short line, the place right before its colon)."""
    if text[m.end : m.end + 1] not in (":", "："):
        return False
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    before = text[line_start : m.start].strip()
    short = (line_end if line_end >= 0 else len(text)) - line_start <= 80
    return short and (not before or before.endswith(("】", "]", "|", "丨")))


def _in_parens(sent: Sentence, m: Mention) -> bool:
    """Whether ``m`` stands inside brackets (an aside such as （以下简称“X”）)."""
    before = sent.between(sent.start, m.start)
    return before.count("(") + before.count("（") > before.count(")") + before.count("）")


def _drop_chain_heads(ms: list[Mention]) -> list[Mention]:
    """上海嘉定 names 嘉定: a region directly followed by another region is only its qualifier."""
    return [
        m
        for i, m in enumerate(ms)
        if not (i + 1 < len(ms) and ms[i + 1].start == m.end and m.cls == C.Region and ms[i + 1].cls == C.Region)
    ]


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
