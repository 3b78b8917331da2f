"""Model proposes, rules decide: the span model's names (``kg.model``) typed into the ontology's
classes by the domain rules, and the rules' own names corrected where the model's word boundaries
show a better edge.

- A model ORG is typed by its head (``heads.tsv``: ``org_head``, then the suffixes of
  ``suffixes.tsv``): 有限公司 an Enterprise, 党委 a PartyOrganization, 局/部/委/法院 an Agency,
  大学/协会 an Institution; an ORG with no known head is an Enterprise.
- A model LOC is a Region when it is an administrative division (or its short form), ends with
  a division's head (省, 市, 县, 镇, 村, 街道…), is a country or a world city (CLDR) or a foreign
  name in transliteration, or is a named place: a road, street, residential area, scenic area or
  park (星澜路, 澜湖公园); a Park when it ends with a park's head; rivers, mountains and
  quarters are not entities of the ontology (``kg.placenames``).
- A model PER is a Person when it looks like a personal name (two to four characters, or a
  foreign name with ·) and is neither a role, a place nor a common word.
- A rule's name whose first words the model reads as a preposition, pronoun, adverb or a verb
  before a name (除|北京银行, 由|林达集团, 积极|响应|中央宣传部) starts after them; a short place
  name found inside one of the model's words (湖南 in 南湖南路) is dropped.

>>> from kg.pipeline import Pipeline
>>> sorted((m.text, m.cls) for m in Pipeline().text("据市统计局消息，张晓明到林达集团调研。").mentions)
[('市统计局', 'Agency'), ('张晓明', 'Person'), ('林达集团', 'Enterprise')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

from kg import makers, segment, sport, trimming
from kg.lexicon import Suffix, countries, head_pairs, heads, words
from kg.model import Span
from kg.names import LEVELS, business_words
from kg.placenames import COMMON as _COMMON
from kg.placenames import COMMON_FREQ as _COMMON_FREQ
from kg.placenames import COUNTED_STEM as _COUNTED_STEM
from kg.placenames import PlaceNames
from kg.records import Mention, Sentence
from kg.schema import ORGS, PLACES, C
from kg.trimming import NAMES

if TYPE_CHECKING:
    from kg.entities import Recogniser

#: the model's tags of nouns (and what it read as an organisation) that carry a name on to a head
_NOUNS = frozenset({"n", "vn", "nz", "an", "ORG"})
#: the longest word of jieba's that may carry a model's name on to an organisation's head
_LONGEST_WORD = 14
#: a comparison after a country or continent (亚洲最大, 全球领先): it names a scope, not a place
_SCOPE = re.compile(r"^(?:最|第一|领先|一流|首个|首家|少有|罕见|唯一)")
#: jieba's tags of a word that starts a name even when its first character is a preposition (对外, 在线)
_NAME_WORD_TAGS = frozenset({"s", "b", "n", "nz", "ns", "nt", "nr", "j"})
#: prepositions that open a clause and never start an organisation's name (，对|星河集团…)
_CLAUSE_PREPOSITIONS = frozenset("对在与由将把被让给从据跟")
#: heads of a named building or mall that hosts organisations: a Park when the model reads a place
_BUILDINGS = ("中心", "广场", "大厦", "天街", "商场", "大楼", "电子城", "商城")
#: first characters of words in 行 that name no bank (本行, 分行, 同行, 进行)
_NOT_A_BANK = frozenset(
    "本该此其各同分总支商外内两三四五全我你他贵银进发执实旅步运举飞流平可现先通言盛自强另暂试例单双每"
)
#: the end of a news dateline, a party to a contract, work in progress: no part of a name
_TAIL = re.compile(rf"(?:讯|[甲乙丙]方|(?:{makers.MAKE})中)$")
#: characters that never end a personal name before a verb (王明|也|表示, 陈华|说)
_PARTICLES = frozenset("的地得在和与及或为是由对向将把被让给使以于从到至并而且也都就还又再已正要会可说讲称等了着过")
#: a bank's branch by its place, or its head office (广州分行, 总行)
_BRANCH = re.compile(r"^([\u4e00-\u9fff]{2,6}?)?(?:分行|支行|总行|分公司)$")
_COUNTED_ORGS = re.compile(r"^等\s*[0-9一二三四五六七八九十几多余百千]+\s*[余多]?\s*[家所]")
_LATIN_NAME = re.compile(r"^[A-Z][a-z]{2,}(?: [A-Z][a-z]+)?$")
_PERSON = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}(?:[·•・‧-][\u4e00-\u9fff]{1,8}){1,3})$")
#: the marks that join the parts of a transliterated name (汤姆-克鲁斯, 约瑟夫•马洛德•威廉)
_NAME_JOINS = frozenset("·•・‧-")
#: a Chinese personal name: a surname of one character and one or two more, or of two and one or two more
#: ``（苏州）`` or ``(无锡)`` between a company's name and its legal form
_BRACKETED_PLACE = re.compile(r"^[（(][\u4e00-\u9fff]{2,6}[）)]")


class Typing:
    """The domain rules that type and veto the model's spans, compiled once for a lexicon."""

    def __init__(self, rules: Recogniser) -> None:
        self.rules = rules
        org_heads = list(head_pairs("org_head"))
        org_heads += [(s.text, s.cls) for s in rules.lex.suffixes]
        self.org_heads = sorted(org_heads, key=lambda p: -len(p[0]))
        self.org_head_of: dict[str, str] = {}
        for head, cls in self.org_heads:
            self.org_head_of.setdefault(head, cls)  # the first class a head is given stands
        self.org_head_lengths = sorted({len(h) for h in self.org_head_of}, reverse=True)
        self.roles = tuple(rules.lex.roles)
        self.long_roles = tuple(r for r in self.roles if len(r) > 1)
        self.all_org_heads = tuple(h for h, _ in self.org_heads)
        self.long_org_heads = tuple(h for h, _ in self.org_heads if len(h) > 1)
        self.park_heads = tuple(sorted((s.text for s in rules.lex.suffixes if s.cls == C.Park), key=len, reverse=True))
        self.place_names = PlaceNames(rules, (*self.park_heads, *_BUILDINGS))
        self.features = self.place_names.features
        self.media = heads("media_head")
        self.org_names = dict(head_pairs("org_name"))
        self.sport = sport.Sport()
        self.honorifics = heads("honorific")
        things = {*self.long_org_heads, *(h for h in words("program_heads.txt") if len(h) > 1)}
        self.thing_heads = tuple(sorted(things, key=len, reverse=True))
        self.trades = heads("trade")
        self.enterprise_heads = (*self.trades, *(h for h, cls in self.org_heads if cls == C.Enterprise and len(h) > 1))
        self.transliteration = frozenset("".join(words("transliteration.txt")))
        forms = "|".join(sorted(heads("legal_form"), key=len, reverse=True))
        self.legal_form_re = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:" + forms + ")")

    # -- typing the model's names ----------------------------------------------------------------
    def mentions(self, sent: Sentence, words: Sequence[Span], sport_report: bool = False) -> list[Mention]:
        """The model's names in ``sent`` (``words`` in document offsets), typed or vetoed;
        ``sport_report`` when the whole document is a sports report."""
        out = []
        skip = -1
        in_sport = sport_report or self.sport.report(sent.text)
        words, split = sport.split_vs(sent.text, words, sent.start, in_sport)
        cuts = _inner_cuts(sent) - split
        for k, w in enumerate(words):
            if w.tag not in NAMES or k <= skip:
                continue
            end = self._bracketed_company(sent, words, k) - self._role_after(sent.between(w.start, w.end))
            tag = w.tag if end == w.end else "ORG"
            if tag == "ORG" and end == w.end and self._department_after(sent, words, k):
                end, skip = words[k + 1].end, k + 1  # 星河集团|人事部, 镇街城运|中心: one name
            if tag in ("ORG", "LOC") and end in cuts:
                end, tag = self._bureau_word(sent, w.start, end, tag)
            if tag == "LOC" and self._ends_with_body(sent, w.start, end):
                tag = "ORG"  # 星澜国防部, 督院街派出所 read as places
            if (
                tag != "PER"
                and (w.start in cuts or end in cuts and not self._party_department(sent, w.start, end))
                and not self._bank(sent.between(w.start, end), tag)
                and not (tag == "LOC" and self.place_names.named_place(sent.between(w.start, end)))
            ):
                continue  # the model's edge falls inside one of jieba's words (赛澜星华为智|选), not a road's (于环|海西|路上)
            if tag == "PER" and (joined := self._joined_person(sent, words, k)) > k:
                end, skip = words[joined].end, joined  # 汤姆|-|克鲁斯: one name
            elif tag == "PER" and (self._before_role_and_person(sent, words, k) or self._not_a_person(sent, words, w)):
                continue  # 澜星科技|总经理|周帆: what comes before a role and a person is their organisation
            start = w.start + _after_space(sent.between(w.start, end))
            if tag == "ORG":
                start = self._lead(sent, start, end)
                end = self._verb_after(sent, start, end)
            if tag == "PER":
                start, end = self._whole_person(sent, start, end)
            if tag == "ORG" and (cut := self._enterprise_of_department(sent.between(start, end))):
                end = start + cut  # 星澜地产|市场研究部: the enterprise, not an office of government
            text = sent.between(start, end)
            if tag == "LOC" and (text.endswith(self.long_org_heads) or self._place_and_trade(text)):
                tag = "ORG"  # 成都星河新能源有限公司 read as a place
            if self._partly_quoted(sent, start, end) or tag == "ORG" and self._across_a_cue(sent, start, end):
                continue  # “星岩|陶瓷”: part of a quoted name; 萍乡学院|共建|…研究院: two names and a verb
            cls, head = self.classify(text, tag)
            if not cls and tag == "LOC" and self.place_names.listed(sent, words, k):
                cls = C.Region  # 台江、仓山、鼓楼3个区: a short form among places is one, whatever jieba says
            team = in_sport and self._team(sent, text, start, end, tag)
            if team and tag in ("PER", "LOC"):
                cls, head = C.Institution, ""  # 星澜主场…, 逼平星澜: a club where the model saw a person or place
            if cls == C.Region and text in countries() and _SCOPE.match(sent.between(end)):
                continue  # 亚洲最大的…: the scope of a comparison, no place where anything is
            led = team or start in split  # a team's name, or one side of A vs B, is whole as the model read it
            if not cls or cls == C.Enterprise and not head and not led and self._goes_on(sent, words, k, end):
                continue
            if cls == C.Enterprise and not head and in_sport:
                cls = C.Institution  # 星澜队主场击败…: a club, not a company
            suffix = self.rules.suffix_of.get(head)
            if suffix is not None and self._not_a_name(sent, suffix, start, end, tag):
                continue  # the rules' own checks on a name with their suffix (一镇一村, 5A级旅游景区)
            out.append(self.rules._m(sent, start, end, cls, "model"))
        if in_sport:
            local = [(w.start - sent.start, w.end - sent.start, w.tag) for w in words]
            out += [
                self.rules._local(sent, s, e, C.Institution, "league") for s, e in self.sport.leagues(sent.text, local)
            ]
        return self._with_makers(sent, words, self._with_bookmakers(sent, out))

    def _department_after(self, sent: Sentence, words: Sequence[Span], k: int) -> bool:
        """Whether the word after the model's organisation ``words[k]`` is a department of it (an
        organisation that is neither relative nor ends with a head of its own, then 人事部)."""
        w = words[k]
        if k + 1 < len(words) and words[k + 1].start == w.end and words[k + 1].tag in ("ORG", "n"):
            nxt = sent.between(words[k + 1].start, words[k + 1].end)
            branch = _BRANCH.match(nxt)
            if branch and (
                not branch.group(1)
                or branch.group(1) in self.rules.lex.divisions
                or branch.group(1) in self.rules.lex.short_forms
            ):
                return True  # 星澜银行|总行, 澜行|广州分行: a branch written after its bank
            if nxt in self.rules.suffix_of and self.org_head_of.get(nxt) == C.PartyOrganization:
                return True  # 产业链综合|党委: the committee is the name (and the rules judge its stem)
        return (
            k + 1 < len(words)
            and self._department(sent, words[k + 1])
            and not self.rules.relative(sent.between(w.start, w.end))
            and not sent.between(w.start, w.end).endswith(self.all_org_heads)
        )

    def _with_bookmakers(self, sent: Sentence, out: list[Mention]) -> list[Mention]:
        """``out`` with the names that open a clause quoting odds as Enterprises (bookmakers),
        whatever class the model's name of that span had."""
        odds = {(s + sent.start, e + sent.start) for s, e in sport.bookmakers(sent.text)}
        if not odds:
            return out
        return [m for m in out if (m.start, m.end) not in odds] + [
            self.rules._m(sent, s, e, C.Enterprise, "odds") for s, e in sorted(odds)
        ]

    def _enterprise_of_department(self, text: str) -> int:
        """The length of an enterprise's name (ending with its trade or form) that ``text`` opens
        before a department named by its function (星澜物业|市场研究部), or 0."""
        edges = list(accumulate(map(len, self.rules.seg.lcut(text))))
        for i in edges[:-1]:
            dept = text[i:]
            if (
                i >= 3
                and text[:i].endswith(self.enterprise_heads)
                and self.rules.relative(dept)
                and next((c for h, c in self.org_heads if dept.endswith(h)), "") in (C.Agency, C.Institution)
                and self.classify(text[:i], "ORG")[0] == C.Enterprise
            ):
                return i
        return 0

    def _with_makers(self, sent: Sentence, words: Sequence[Span], out: list[Mention]) -> list[Mention]:
        """``out`` with the names a sentence puts in a maker's place (``kg.makers``) as Enterprises,
        instead of the model's names over them."""
        if not makers.possible(sent.text):
            return out
        local = [(w.start - sent.start, w.end - sent.start, w.tag) for w in words]
        spans = [(s + sent.start, e + sent.start) for s, e in makers.makers(sent.text, local, self.rules.seg.freq)]
        if not spans:
            return out
        kept = [m for m in out if not any(m.start < e and s < m.end for s, e in spans)]
        return kept + [self.rules._m(sent, s, e, C.Enterprise, "maker") for s, e in spans]

    def _team(self, sent: Sentence, text: str, start: int, end: int, tag: str) -> bool:
        """Whether a name the model read in a sports report is a team's: in a team's place (a
        country, a transliterated name, or what the model read as an organisation), or a foreign
        city the model read as a place (罗马, 米兰); no division of China, no Chinese name."""
        lex = self.rules.lex
        if text in lex.divisions or text in lex.short_forms:
            return False
        foreign = text not in self.sport.countries and all(c in self.transliteration for c in text)
        if tag == "LOC" and foreign or self.sport.versus(sent.text, start - sent.start, end - sent.start):
            return True
        if tag != "ORG" and not (foreign or text in self.sport.countries):
            return False
        return self.sport.team(sent.text, start - sent.start, end - sent.start)

    def _lead(self, sent: Sentence, start: int, end: int) -> int:
        """Where an organisation's name starts when the model read a word before it as its first:
        会同|星澜商会 (a verb the rules never let start a name, at one of jieba's word edges), or
        ，对|星河集团 (a preposition opening the clause, even where jieba reads 对 with the next
        character). The name left must be three characters or more."""
        if end - start < 4:
            return start
        for tok, at in _tokens_from(sent, start):
            if at >= end or at + len(tok) > end:
                break
            if len(tok) < 2 or tok not in self.rules.name_stops or end - (at + len(tok)) < 3:
                break
            start = at + len(tok)
        before = sent.between(start - 1, start) if start > sent.start else ""
        first = next((tok for tok, _ in _tokens_from(sent, start)), "")
        if (
            sent.between(start, start + 1) in _CLAUSE_PREPOSITIONS
            and (not before or not before.isalnum())
            and end - start > 3
            and segment.tag(first) not in _NAME_WORD_TAGS  # 对外|经济贸易大学: a word of the name
        ):
            return start + 1
        return start

    def _bureau_word(self, sent: Sentence, start: int, end: int, tag: str) -> tuple[int, str]:
        """公安部|经济犯罪侦查局 where jieba reads one word from the model's ORG start to an
        organisation's head: the end of that word (and ORG), else the model's end."""
        for s, e, _ in segment.spans(sent):
            if s == start and e > end and e - s <= _LONGEST_WORD and sent.between(s, e).endswith(self.all_org_heads):
                return e, "ORG"
        return end, tag

    def _ends_with_body(self, sent: Sentence, start: int, end: int) -> bool:
        """Whether a place the model found ends with a word of three characters or more that
        jieba reads as one and that ends with an organisation's head (国防部, 派出所), not 西部."""
        for s, e, _ in segment.spans(sent):
            if e == end and s >= start:
                word = sent.between(s, e)
                return len(word) >= 3 and word.endswith(self.all_org_heads) and not word.endswith(self.features)
        return False

    def _verb_after(self, sent: Sentence, start: int, end: int) -> int:
        """Where an organisation's name ends when the model took the verb after it in (星澜运通|协办,
        jieba's two-character verb at the end, no business word): before that verb. Likewise before
        a news dateline's 讯, a party to a contract (甲方) or work going on (开发中); and after a
        bank's short name that opens it when no head ends it (澜行|金葵花, 澜行|银行储户)."""
        text = sent.between(start, end)
        tail = _TAIL.search(text)
        if tail and tail.start() >= 2 and (tail.group() != "讯" or text[-2:] not in self.rules.seg.lcut(text)):
            return start + tail.start()
        if len(text) > 2 and self._bank(text[:2], "ORG") and self.rules.seg.lcut(text)[0] == text[:2]:
            return end if text.endswith((*self.all_org_heads, *self.trades)) else start + 2
        for s, e, tok in segment.spans(sent):
            if (
                e == end
                and s - start >= 2
                and len(tok) == 2
                and segment.tag(tok) == "v"
                and tok not in self.rules.suffix_of
            ):
                return s if tok not in business_words() else end
        return end

    def _whole_person(self, sent: Sentence, start: int, end: int) -> tuple[int, int]:
        """A personal name the model cut to two characters where jieba reads three as one word
        (张晓|明, 许|晓明): jieba's word, when it is a full personal name and no dictionary word, and
        the character it adds is no function word (陈华|说 stays 陈华)."""
        if end - start != 2:
            return start, end
        at = sent.start
        for tok in sent.tokens:
            a, b = at, at + len(tok)
            at = b
            if b <= start:
                continue
            extra = tok[0] if a < start else tok[-1]
            if (
                a <= start
                and end <= b
                and b - a == 3
                and extra not in self.rules.function_chars  # 陈华|说
                and self._person(tok)
                and _unknown_or_name(self.rules.seg, tok)
            ):
                return a, b
            break
        return self._name_before_verb(sent, start, end)

    def _name_before_verb(self, sent: Sentence, start: int, end: int) -> tuple[int, int]:
        """蒲澜|新|带领: a name jieba cut into a word and a character before a verb, three characters."""
        toks = _tokens_from(sent, end)
        if (
            len(toks) >= 2
            and len(toks[0][0]) == 1
            and toks[0][0] not in _PARTICLES
            and segment.tag(toks[1][0]) == "v"
            and self._person(sent.between(start, end + 1))
            and not self.rules.seg.freq(sent.between(start, end + 1))
        ):
            return start, end + 1
        return start, end

    def _partly_quoted(self, sent: Sentence, start: int, end: int) -> bool:
        before, after = sent.between(start - 1, start) if start > sent.start else "", sent.between(end, end + 1)
        return (
            before in '“‘「『"'
            and before != ""
            and after not in '”’」』"'
            or (after in "”’」』" and after != "" and before not in "“‘「『")
        )

    def _across_a_cue(self, sent: Sentence, start: int, end: int) -> bool:
        rules = self.rules
        return any(
            start < s and e < end and t in rules.cue_words and t not in rules.business
            for s, e, t in segment.spans(sent)
        )

    def _not_a_person(self, sent: Sentence, words: Sequence[Span], w: Span) -> bool:
        """星澜等10余家企业: counted in 家, an organisation; 惠企强企聚企: a slogan of parallel words;
        傅主|编说: a surname and the start of a role."""
        after = sent.between(w.end, min(sent.end, w.end + 12))
        if _COUNTED_ORGS.match(after) or sent.between(w.start + 1, w.end + 3).startswith(self.long_roles):
            return True
        last = sent.between(w.end - 1, w.end)
        if w.end - w.start == 2 and len(after) >= 2 and after[1] == last and after[0] != last:
            return True
        return self._names_a_thing(sent, words, w)

    def _names_a_thing(self, sent: Sentence, words: Sequence[Span], w: Span) -> bool:
        """秦澜原|创新|驱动|平台: a name the model read as a person, run on by nouns to the head of a
        program or an organisation, names that thing."""
        k = next((i for i, x in enumerate(words) if x.start == w.end), None)
        if k is None:
            return False
        for x in words[k : k + 4]:
            if x.tag not in _NOUNS:
                return False
            word = sent.between(x.start, x.end)
            if word.endswith(self.thing_heads):
                return True
        return False

    def _joined_person(self, sent: Sentence, words: Sequence[Span], k: int) -> int:
        """The last word of a transliterated name the model read as persons joined by a mark
        (索尔|-|坎贝尔, 加文|·|胡德高), or ``k`` when the person at ``k`` stands alone."""
        last = k
        while (
            last + 1 < len(words)
            and words[last + 1].tag == "PER"
            and sent.between(words[last].end - 1, words[last].end) in _NAME_JOINS
        ):
            last += 1  # 约瑟夫•马洛德•|透纳
        while (
            last + 2 < len(words)
            and words[last + 1].end - words[last + 1].start == 1
            and sent.between(words[last + 1].start, words[last + 1].end) in _NAME_JOINS
            and words[last + 2].tag == "PER"
        ):
            last += 2
        return last

    def _before_role_and_person(self, sent: Sentence, words: Sequence[Span], k: int) -> bool:
        if k + 2 >= len(words) or words[k + 2].tag != "PER":
            return False
        return sent.between(words[k + 1].start, words[k + 1].end) in self.rules.roles

    def _not_a_name(self, sent: Sentence, suffix: Suffix, start: int, end: int, tag: str) -> bool:
        """The rules' checks of a name with one of their suffixes; for a name the model read as one
        organisation, only the word lists decide what is generic, not jieba's tags (微软 is tagged
        an adjective, and 微软公司 is a name)."""
        s0 = end - len(suffix.text)
        if tag != "ORG":
            return self.rules._not_a_name(sent, suffix, start, s0, end)
        stem = sent.between(start, s0)
        if stem in LEVELS:
            return False  # 区政府, 市委
        if len(stem) < suffix.min_stem or _COUNTED_STEM.match(stem):
            return True
        return all(t in self.rules.generic for t in self.rules.seg.lcut(stem))

    def _goes_on(self, sent: Sentence, words: Sequence[Span], k: int, end: int) -> bool:
        """Whether a name without a head runs on into the next word (中国国际|投资贸易洽谈会): the
        model saw the start of a longer name, which the rules do not know."""
        if k + 1 >= len(words) or words[k + 1].start != end or words[k + 1].tag not in ("n", "nz", "vn", "nw"):
            return False
        if sent.between(words[k].start, end).endswith(self.trades):
            return False  # 星澜证券|研究表明: a name ending with its trade is whole
        nxt = sent.between(words[k + 1].start, words[k + 1].end)
        return nxt not in self.rules.roles and not nxt.endswith(self.all_org_heads)

    def _department(self, sent: Sentence, w: Span) -> bool:
        """Whether word ``w`` is a department or office named by its function only (人事部, 中心),
        so that it continues the organisation written before it."""
        text = sent.between(w.start, w.end)
        if not text.endswith(self.all_org_heads):
            return False
        return w.tag in ("ORG", "n") and self.rules.relative(text)

    def classify(self, text: str, tag: str) -> tuple[str, str]:
        """The class of a name the model tagged ``tag`` and the head that says so, or ``("", "")``
        when the rules veto it."""
        rules = self.rules
        if len(text) < 2 or text in rules.generic or text in rules.roles or text in rules.cue_words:
            return "", ""
        if tag == "PER":
            return (C.Person, "") if self._person(text) else ("", "")
        if tag == "LOC":
            return self.place_names.classify(text)
        if text in self.org_names:
            return self.org_names[text], ""  # 央行, 党中央: a national body by its own short name
        if text.endswith(self.media):
            return "", ""  # 星河日报, 星河电视台: media outlets are not entities
        head = next((text[-n:] for n in self.org_head_lengths if text[-n:] in self.org_head_of), "")
        if head in ("分行", "支行") and rules.agency_bank_re.search(text):
            return C.Agency, head  # 中国人民银行|广州分行: the state body's branch
        if head and any(len(w) > len(head) and text.endswith(w) for w in rules.not_names_ending(text[-1])):
            return "", ""  # 星澜银行|布局, 客场防|平局: an ordinary word that ends with a body's head
        if head:
            return (self.org_head_of[head], head) if len(text) > len(head) else ("", "")
        if self._bank(text, tag):
            return C.Enterprise, "行"  # 招行, 建行: a bank by its short name (jieba reads them as verbs)
        if segment.tag(text) in _COMMON or rules._generic(text):
            return "", ""
        return C.Enterprise, ""

    def _place_and_trade(self, text: str) -> bool:
        """星澜信托 read as a place: a region's name and a trade, a company."""
        trade = next((t for t in self.trades if text.endswith(t)), "")
        place = text[: -len(trade)] if trade else ""
        return bool(place) and (place in self.rules.lex.divisions or place in self.rules.lex.short_forms)

    def _party_department(self, sent: Sentence, start: int, end: int) -> bool:
        """绵竹市委社会工作部|副部长, where jieba reads 部副: a party department before a role."""
        return sent.between(end, end + 4).startswith(self.long_roles) and (
            self.classify(sent.between(start, end), "ORG")[0] == C.PartyOrganization
        )

    @staticmethod
    def _bank(text: str, tag: str) -> bool:
        """招行, 建行: a bank by its two-character short name (jieba reads 建|行为 and tags 建行 a verb)."""
        return tag == "ORG" and len(text) == 2 and text[1] == "行" and text[0] not in _NOT_A_BANK

    def _role_after(self, text: str) -> int:
        """The length of a role the model read as the end of a name (青川县委|书记), or 0."""
        if not text.endswith(self.roles):
            return 0
        role = next((r for r in self.rules.lex.roles if text.endswith(r) and len(text) > len(r) + 1), "")
        return len(role)

    def _person(self, text: str) -> bool:
        """A full personal name: a Chinese surname and one or two characters (two and one or two
        for a double surname), a foreign name jieba knows as one, or spelt in transliteration
        characters (沃尔科特, 丹尼斯·霍珀); not a common word (马力), not 张先生 or 李总."""
        lex = self.rules.lex
        if _LATIN_NAME.match(text):
            return True  # Alex, Steven Berg
        if not _PERSON.match(text) or text in lex.divisions or text in lex.short_forms:
            return False
        tag = segment.tag(text)
        if tag in _COMMON and self.rules.seg.freq(text) >= _COMMON_FREQ:
            return False
        if text.endswith(self.honorifics) or text[1:] in self.rules.roles:
            return False
        if text[:2] in lex.surnames or text[0] in lex.surnames and len(text) <= 3:
            return True
        if tag in ("nr", "nrt", "nrfg") or any(c in _NAME_JOINS for c in text):
            return True
        return len(text) >= 3 and all(c in self.transliteration for c in text)

    def _bracketed_company(self, sent: Sentence, words: Sequence[Span], k: int) -> int:
        """The end of 信达生物制药（苏州）有限公司 or 中澜(无锡)机场管理有限公司 when the model read
        the name up to the bracket: a place in brackets, then the rest of the name to a legal form."""
        w = words[k]
        rest = sent.between(w.end)
        if w.tag != "ORG" or not (m := _BRACKETED_PLACE.match(rest)):
            return w.end
        tail = self.legal_form_re.match(rest, m.end())
        return w.end + tail.end() if tail else w.end

    # -- correcting the rules' names ------------------------------------------------------------
    def trim(self, sent: Sentence, mention: Mention, words: Sequence[Span]) -> Mention | None:
        """``mention`` without leading words that cannot start a name, or None when it should go
        (``kg.trimming``)."""
        return trimming.trim(self, sent, mention, words)


def _unknown_or_name(seg: segment.Segmenter, word: str) -> bool:
    """Whether jieba's dictionary lacks ``word`` or knows it as a personal name."""
    return not seg.freq(word) or segment.tag(word) in ("nr", "nrfg", "nrt")


def _tokens_from(sent: Sentence, start: int) -> list[tuple[str, int]]:
    """jieba's tokens of ``sent`` from document offset ``start`` on (none when no token starts there)."""
    out, at = [], sent.start
    for tok in sent.tokens:
        if at >= start:
            out.append((tok, at))
        at += len(tok)
    return out if out and out[0][1] == start else []


def _after_space(text: str) -> int:
    """Where a name starts in ``text`` that the model read across a space (成都 星河公司 -> 星河公司)."""
    cut = max(text.rfind(c) for c in " \u3000\u00a0")
    return cut + 1 if cut >= 0 and not re.search(r"[A-Za-z]\s[A-Za-z]", text) else 0


def _inner_cuts(sent: Sentence) -> set[int]:
    """The document offsets inside one of jieba's words of ``sent`` (not at its edges)."""
    cuts: set[int] = set()
    for s, e, _ in segment.spans(sent):
        cuts.update(range(s + 1, e))
    return cuts


def decide(rules: Sequence[Mention], proposed: Sequence[Mention]) -> list[Mention]:
    """The rules' names and the model's, before the overlap policy: where both found the same span
    the rules' class stands and the mention says both agreed (rule ``suffix+model``)."""
    by_span = {(m.start, m.end): m for m in rules}
    out = list(rules)
    for p in proposed:
        r = by_span.get((p.start, p.end))
        if r is None:
            if p.cls in PLACES and any(p.start <= m.start and m.end <= p.end and m.cls in PLACES for m in rules):
                continue  # 四川绵阳市: the rules' places, one by one, stand
            inside = [m for m in rules if p.start <= m.start and m.end <= p.end and m.cls in ORGS]
            if len(inside) >= 2 and not any(
                a.start <= b.start and b.end <= a.end for a in inside for b in inside if a is not b
            ):
                continue  # 县委宣传部党支部|牵头|县信访局: two names the model read as one
            out.append(p)
        elif "+model" not in r.rule:
            i = out.index(r)
            out[i] = by_span[(p.start, p.end)] = Mention(r.doc_id, r.start, r.end, r.text, r.cls, r.rule + "+model")
    return out
