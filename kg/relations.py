"""Extract relations with the sentence that states them.

Three sources, each a general rule:

- name-internal links found by ``kg.compounds`` (成都经开区 locatedIn 成都, X公司党支部 of X公司);
- cue words in a clause (``data/cues.tsv``): the head is the nearest well-typed entity before the
  cue, else the subject of the sentence, else of the paragraph; the tails are the well-typed
  entities after it (a coordinated list gives one fact each);
- a person after an organisation and role words (星河电子公司党委书记、董事长王明).

Entities of the wrong class never link (``kg.schema``): a group that is not an entity gives none.

>>> from kg.pipeline import extract_text
>>> [(r.head.name, r.prop, r.tail.name) for r in extract_text("两江新区出台《助企政策手册》。").relations]
[('两江新区', 'issued', '助企政策手册')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg import segment
from kg.compounds import PARTY_SUFFIXES, Link
from kg.lexicon import Cue, Lexicon, load
from kg.records import SYMMETRIC, Entity, Mention, Relation, Sentence
from kg.schema import ORGS_AND_PLACES, allowed

_OPEN, _CLOSE = "“《(（「‘", "”》)）」’"
_CLAUSE_END = set(",;:，；：")
_JOINERS = re.compile(r"^\s*(?:、|与|和|同|及|以及|跟)\s*$")
_ROLE_GLUE = re.compile(r"[、兼及和的\s]")


def clauses(sent: Sentence) -> list[tuple[int, int]]:
    """Clause spans of a sentence (document offsets), split at , ; : outside quotes and brackets.

    >>> s = Sentence("d", 0, 0, 9, "甲,乙“丙,丁”戊。")
    >>> clauses(s)
    [(0, 2), (2, 9)]
    """
    out, depth, start = [], 0, 0
    for i, ch in enumerate(sent.text):
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


class Extractor:
    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load()
        self.cues = self.lex.cues
        self.cue_re = re.compile("|".join(re.escape(c.text) for c in self.cues))
        self.cue_of = {c.text: c for c in self.cues}
        self.roles = self.lex.roles

    def extract(
        self,
        text: str,
        sents: Iterable[Sentence],
        mentions: list[Mention],
        entity_of: dict[Mention, Entity],
        links: list[Link],
    ) -> tuple[Relation, ...]:
        sents = list(sents)
        found: dict[tuple, Relation] = {}

        def add(h: Mention, prop: str, t: Mention, sent: Sentence, conf: float, rule: str, role: str = "") -> None:
            he, te = entity_of.get(h), entity_of.get(t)
            if he is None or te is None or he == te or not allowed(prop, he.cls, te.cls):
                return
            if prop in SYMMETRIC and te < he:
                he, te = te, he
            rel = Relation(he, prop, te, sent.doc_id, sent.text, sent.start, sent.end, conf, role, rule)
            key = (he, prop, te, sent.start)
            if key not in found or found[key].confidence < conf:
                found[key] = rel

        by_sent = _group(mentions, sents)
        for (h, prop, t, rule) in links:
            sent = _sentence_at(sents, h.start)
            if sent is not None:
                add(h, prop, t, sent, 0.9, rule)

        subject: Mention | None = None
        prev_end = -1
        for sent in sents:
            if "\n" in text[max(prev_end, 0) : sent.start] or prev_end < 0:
                subject = None  # a new paragraph
            prev_end = sent.end
            ms = [m for m in by_sent.get(sent.index, []) if m.rule not in ("host", "prefix")]
            own = self._subject(sent, ms)
            if own is not None:
                subject = own
            for m in ms:
                if m.cls == "Person":
                    self._role(sent, m, ms, links, add)
            toks = segment.spans(sent)
            starts = {s for s, _, _ in toks}
            ends = {e for _, e, _ in toks}
            for cs, ce in clauses(sent):
                in_clause = [m for m in ms if cs <= m.start and m.end <= ce]
                for hit in self.cue_re.finditer(text, cs, ce):
                    a, b = hit.start(), hit.end()
                    if a not in starts or b not in ends or any(m.start <= a < m.end for m in ms):
                        continue
                    cue = self.cue_of[hit.group()]
                    self._cue(sent, cue, a, b, in_clause, own, subject, add)
        return tuple(sorted(found.values(), key=lambda r: (r.start, r.prop, r.head, r.tail)))

    def _subject(self, sent: Sentence, ms: list[Mention]) -> Mention | None:
        first = clauses(sent)[0]
        for m in ms:
            if m.start >= first[1] or m.start - sent.start > 12:
                break
            before = sent.text[: m.start - sent.start]
            if re.search(r"(在|位于|与|为|和|对|向|从|到|来到|帮助|推动|引进|支持)$", before):
                return None
            if m.cls in ORGS_AND_PLACES:
                return m
        return None

    def _cue(self, sent, cue: Cue, a, b, in_clause, own, subject, add) -> None:
        before = [m for m in in_clause if m.end <= a]
        after = [m for m in in_clause if m.start >= b]
        prop = cue.prop
        if cue.frame == "WITH":
            group = [m for m in before if m.cls in ORGS_AND_PLACES]
            if len(group) >= 2:
                for i, x in enumerate(group):
                    for y in group[i + 1 :]:
                        add(x, prop, y, sent, 0.6, f"cue:{cue.text}")
            elif len(group) == 1 and own is not None and own is not group[0]:
                add(own, prop, group[0], sent, 0.5, f"cue:{cue.text}")
            return
        if cue.frame == "OVS":
            if before and after:
                add(after[0], prop, before[-1], sent, 0.6, f"cue:{cue.text}")
            return
        if prop == "locatedIn" and after:
            place = after[0]
            rest = sent.text[place.end - sent.start : place.end - sent.start + 1]
            if rest == "的" and len(after) > 1:
                add(after[1], prop, place, sent, 0.8, f"cue:{cue.text}")
                return
        tails = self._tails(prop, after, sent)
        if not tails:
            return
        head, conf = None, 0.7
        for m in reversed(before):
            if any(allowed(prop, m_cls, t.cls) for t in tails for m_cls in [m.cls]):
                head = m
                break
        if head is None:
            head, conf = (own, 0.6) if own is not None else (subject, 0.45)
        if head is None:
            return
        for t in tails:
            add(head, prop, t, sent, conf, f"cue:{cue.text}")

    def _tails(self, prop: str, after: list[Mention], sent: Sentence) -> list[Mention]:
        """The entities a cue points at: a coordinated list right after it, or the first one."""
        if not after:
            return []
        tails = [after[0]]
        for prev, m in zip(after, after[1:]):
            glue = sent.text[prev.end - sent.start : m.start - sent.start]
            if _JOINERS.match(glue) or (prop in ("implements", "issued") and m.cls == "Program" and len(glue) <= 12):
                tails.append(m)
            else:
                break
        return tails

    def _role(self, sent, person: Mention, ms: list[Mention], links: list[Link], add) -> None:
        """ORG + role words + person: holdsPositionIn with the role kept."""
        orgs = [m for m in ms if m.end <= person.start and m.cls != "Person"]
        if not orgs:
            return
        org = orgs[-1]
        between = sent.text[org.end - sent.start : person.start - sent.start]
        role = between
        rest = _ROLE_GLUE.sub("", between)
        for r in self.roles:
            rest = rest.replace(r, "")
        if not between or len(rest) > 6 or len(between) > 24:
            return
        target = org
        if org.cls == "PartyOrganization" and between.startswith(("书记", "副书记")):
            suffix = next((s for s in PARTY_SUFFIXES if org.text.endswith(s)), "")
            host = next((t for (h, p, t, _) in links if h == org and p == "partyOrganizationOf"), None)
            if host is not None:
                target, role = host, suffix + between
        add(person, "holdsPositionIn", target, sent, 0.8, "role", role.strip("、 "))


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
