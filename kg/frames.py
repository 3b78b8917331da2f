"""The frames of ``kg/data/cues.tsv``: how a cue word's two ends are read in a clause.

Each row of the table names its frame; ``Frames._cue`` reads a cue by it:

- SVO: the head before the cue (the nearest one the ontology allows, else the clause's or the
  paragraph's subject), the tails after it — a coordinated list gives one fact each, and a
  coordinated subject (A和B, A、B…共同) one fact per member;
- OVS: the tail before the cue, the head after it (下属);
- WITH: partners (X 与 A、B 共建; X 携手 Y);
- VISIT: 在X调研期间…考察了A、B — each lies in X;
- BY: Y由X投资建设 — X established Y;
- OF: A是B的派出机构 / 成员单位 — A partOf / memberOf B.

``Facts`` keeps the facts of one document, well typed (the ontology's domain and range, counting
what they refuse) and one per fact and evidence.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from kg.lexicon import Cue
from kg.records import Entity, Mention, Relation, Sentence
from kg.schema import ORGS_AND_PLACES, RANGE, SYMMETRIC, C, P, allowed

_OPEN, _CLOSE = "“《(（「‘", "”》)）」’"
_CLAUSE_END = set(",;:，；：")
_SPECIAL = re.compile("[" + re.escape(_OPEN + _CLOSE + "".join(_CLAUSE_END)) + "]")
_JOINERS = re.compile(r"^\s*(?:、|与|和|同|及|以及|跟)\s*$")
_WITH = re.compile(r"(?:与|同|和|跟|联合)$")
# a place followed by a group of its members: 与经开区多家企业签订协议 is with the companies, not the park
_GROUP_AFTER = re.compile(
    r"(?:的|内)?(?:多家|一批|部分|相关|重点|众多|各类|[0-9一二三四五六七八九十百几]+[家个])(?:企业|单位|商户|机构|园区)"
)
_VISIT_GLUE = re.compile(r"^[^,，;；。：:]{0,16}?(?:、|和|及|与|以及)$|^(?:、|和|及|与|以及)$")
_UNNAMED_PARTNER = re.compile(r"(?:与|同|跟)[^，,。、；;“”‘’]{2,12}$")
#: a name inside a prepositional phrase (在上海、苏州等地, 以盐城为驻点, 对X): a place or an object, no subject
_IN_PHRASE = re.compile(r"(?:在|于|以|从|到|赴|向|对)(?:[\u4e00-\u9fffA-Za-z0-9·]{1,12}、)*$")
#: a body named by its kind opening the clause of a cue (组织部门牵头, 各成员单位共同): the subject, unnamed
_UNNAMED_SUBJECT = re.compile(r"(?:^|[，,。；;：:])\s*[\u4e00-\u9fff]{0,4}(?:部门|单位|机构)(?:共同|联合|主动|积极)?$")
_MEMBERS_OF = re.compile(r"(?:的)?(?:党员|员工|职工|干部|群众|代表)(?!大会|服务|之家)")
_TOGETHER = re.compile(r"共同|分别|联合|一起|携手|双方|均|都")
_JOINTLY = re.compile(r"共同|联合|一起|携手")
#: 共建的X, 共建的园区——X: what partners built together
_BUILT = re.compile(r"的(?:[\u4e00-\u9fff]{1,4}(?:——|—|:|：))?")
_ASIDE = re.compile(r"^[(（][^()（）,，。;；]{1,20}[)）]")
_IS = re.compile(r"是|为|系|作为|成为")
_WHO_JOINED = re.compile(r"的(?:单位|企业|成员|成员单位)?(?:有|包括)[:：]?")
_CARRIED_OUT = re.compile(r"进行了?|开展了?")
_DURING = re.compile(r"(?:期间|时|过程中)")


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


class Facts:
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
class Around:
    """Who a clause's cue may fall back on for its head: the subject the sentence's clauses so far
    opened with (``own``), the paragraph's subject, the place the clauses are about, and the
    place of 在X调研期间 (``visit``)."""

    own: Mention | None = None
    subject: Mention | None = None
    place: Mention | None = None
    visit: Mention | None = None
    named: tuple[Mention, ...] = ()  # the sentence's mentions


class Frames:
    """The frame readers of ``Extractor`` (``kg.relations``)."""

    cue_re: re.Pattern[str]  # every cue word (set by ``Extractor``)
    cue_of: dict[str, list[Cue]]  # the cues of each word

    def _cue(
        self, sent: Sentence, cue: Cue, a: int, b: int, in_clause: list[Mention], around: Around, facts: Facts
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
            self._of(sent, cue, a, b, before, after, facts)
            return
        before = [m for m in before if not _IN_PHRASE.search(sent.text, 0, m.start - sent.start)]  # 在|上海等地
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
        after = [m for m in after if not qualifies_quoted(sent, m, after)]  # 组建|园区“星澜联盟”
        nxt = self.cue_re.match(sent.text, b - sent.start) if prop == P.implements else None
        if nxt is not None and any(c.prop == P.established for c in self.cue_of[nxt.group()]):
            return  # 探索|建立X: X was set up (the verb next to it), not carried out
        in_range = [m for m in after if m.cls in RANGE[prop] and (not cue.tails or m.cls in cue.tails)]
        tails = self._tails(prop, in_range, sent)  # 帮助高新区内的|A、B
        if not tails:
            return
        head, conf = None, cue.confidence
        for m in reversed(before):
            if _MEMBERS_OF.match(sent.text, m.end - sent.start):
                return  # 将星河公司|党员|纳入…: the company's members, not the company, are the subject
            if any(allowed(prop, m.cls, t.cls) and cue.allows(m.cls, t.cls) for t in tails):
                head = m
                break
        if head is None and _UNNAMED_SUBJECT.search(sent.between(sent.start, a)):
            return  # 组织部门|牵头…: the clause's subject is a body it does not name
        if head is None:
            head, conf = (own, conf - 0.1) if own is not None else (subject, conf - 0.25)
        if head is None:
            return
        heads = self._each(sent, head, around, a)
        for h in heads:
            for t in tails:
                facts(h, prop, t, sent, conf, rule)
        if len(heads) > 1 and _JOINTLY.search(sent.between(heads[-1].end, a)):
            for h, other in itertools.combinations(heads, 2):  # A与B共同出资成立C: A and B work together
                if allowed(P.cooperatesWith, h.cls, other.cls):
                    facts(h, P.cooperatesWith, other, sent, conf - 0.1, "jointly")

    def _each(self, sent: Sentence, head: Mention, around: Around, a: int) -> list[Mention]:
        """The subjects a cue at ``a`` speaks of: ``head``, or each of A和B / A与B / A、B when the
        group stands right before the cue or the clause says they act together (共同, 分别, 双方)."""
        group = coordinated(sent, head, list(around.named))
        if len(group) < 2:
            return [head]
        clause_start = max((s for s, _ in clauses(sent) if s <= a), default=sent.start)
        lead = sent.between(max(group[-1].end, clause_start), a)
        if len(sent.between(group[-1].end, a)) <= 4 or _TOGETHER.search(lead):
            return group
        return [head]

    def _by(self, sent: Sentence, cue: Cue, a: int, before: list[Mention], around: Around, facts: Facts) -> None:
        """Y由X投资建设 / 由X牵头成立Y: X (and each one joined to it) is the head; Y, before 由 or
        the clause's subject, the tail."""
        by = next((m for m in reversed(before) if sent.between(m.start - 1, m.start) == "由"), None)
        if by is None:
            return
        heads = [m for m in coordinated(sent, by, list(around.named)) if m.start >= by.start and m.end <= a]
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
        facts: Facts,
    ) -> None:
        """A是B的派出机构 / B的派出机构A / A是B的成员单位: A is the head, B the tail."""
        owner = before[-1] if before and sent.between(before[-1].end, a) == "的" else None
        if owner is None:
            return
        head = None
        if len(before) > 1 and _IS.fullmatch(sent.between(before[-2].end, owner.start)):
            head = before[-2]  # A是B的…
        elif after and len(sent.between(b, after[0].start)) <= 1:
            head = after[0]  # B的派出机构A
        if head is not None and allowed(cue.prop, head.cls, owner.cls) and cue.allows(head.cls, owner.cls):
            facts(head, cue.prop, owner, sent, cue.confidence, f"cue:{cue.text}")

    def _joined_list(self, sent: Sentence, cue: Cue, after: list[Mention], facts: Facts) -> bool:
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
        facts: Facts,
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
        facts: Facts,
    ) -> None:
        """X 与 A、B 共建: X with each of A, B; X 携手 Y: X with Y (the subject when X is not named)."""
        prop = cue.prop
        joiner = max((i for i in range(len(before)) if _WITH.search(self._gap(sent, before, i))), default=-1)
        if joiner >= 0:
            partners = [
                m for m in drop_chain_heads(before[joiner:]) if not _GROUP_AFTER.match(sent.text, m.end - sent.start)
            ]
            head = next((m for m in reversed(before[:joiner]) if m.cls in ORGS_AND_PLACES), None) or fallback
        elif _UNNAMED_PARTNER.search(sent.between(before[-1].end if before else sent.start, cue_at)):
            return  # 与企业服务专业机构合作共建‘X’: the partner is not named, X is what they build
        else:
            partners = drop_chain_heads(self._tails(prop, after, sent))
            head = next((m for m in reversed(before) if m.cls in ORGS_AND_PLACES), None) or fallback
        for y in partners:
            if head is not None:
                facts(head, prop, y, sent, cue.confidence, f"cue:{cue.text}")
        built = _BUILT.match(sent.text, cue_at - sent.start + len(cue.text)) if cue.text.endswith("建") else None
        made = next((m for m in after if built and m.start == sent.start + built.end()), None)
        if made is None:
            return
        for m in (head, *partners):
            if m is not None and m is not made and allowed(P.established, m.cls, made.cls):
                facts(m, P.established, made, sent, cue.confidence, f"cue:{cue.text}")  # A和B共建的园区——X

    def _settled(
        self,
        sent: Sentence,
        a: int,
        b: int,
        before: list[Mention],
        after: list[Mention],
        own: Mention | None,
        subject: Mention | None,
        facts: Facts,
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
        facts: Facts,
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
            glue = _ASIDE.sub("", sent.between(prev.end, m.start))  # A(星澜超市)、B: an aside inside the list
            if _JOINERS.match(glue) or (prop in (P.implements, P.issued) and m.cls == C.Program and len(glue) <= 12):
                tails.append(m)
            else:
                break
        return tails


def qualifies_quoted(sent: Sentence, m: Mention, ms: list[Mention]) -> bool:
    """Whether ``m`` stands right before a quoted name of ``ms`` (园区“星澜联盟”, 星河公司“三强联动”):
    it qualifies that name, which is the object of a verb before them both."""
    return (
        sent.between(m.end, m.end + 1) == "“"
        and sent.between(m.end - 1, m.end) != "”"  # “甲”“乙”: two quoted names in a row, each an object
        and any(x.start == m.end for x in ms)
    )


def coordinated(sent: Sentence, m: Mention, ms: list[Mention]) -> list[Mention]:
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


def drop_chain_heads(ms: list[Mention]) -> list[Mention]:
    """上海嘉定 names 嘉定: a region directly followed by another region is only its qualifier."""
    return [
        m
        for i, m in enumerate(ms)
        if not (i + 1 < len(ms) and ms[i + 1].start == m.end and m.cls == C.Region and ms[i + 1].cls == C.Region)
    ]
