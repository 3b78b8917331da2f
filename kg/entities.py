"""Recognise entity mentions: general rules and general lexicons, never a list of names.

Rules, each a small method over one sentence returning ``Mention``s (``Recogniser`` combines the
rule families of ``kg.programs``, ``kg.lists`` and ``kg.persons`` over ``kg.names.NameRules``):

- ``suffix``: a name ends with a head such as 有限公司, 党工委, 街道, 高新区, 产业链 (``data/suffixes.tsv``);
  its left edge is found by walking back over jieba tokens while they look like part of a name;
- ``division``: China's administrative divisions and their short forms (``data/divisions.tsv``);
- ``quoted``: “…”行动 / “…”工程 and 《…》 (programs and documents);
- ``list``: coordinated lists before 等企业 / 等项目 / 等产业链;
- ``person``: a name after a role word (董事长王明) or before ``/文``;
- ``user``: names from a user dictionary.

Overlaps are resolved by one policy (``select``): longer spans win, then the more specific class
(the order of ``PRIORITY``), then the earlier start. Name-internal parts (the region prefix of a
park, the host of a party committee) are kept by ``kg.compounds``.

>>> [(m.text, m.cls) for m in recognise_text("位于青羊区的成都星河电子有限公司内")]
[('青羊区', 'Region'), ('成都星河电子有限公司', 'Enterprise')]
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
from collections.abc import Iterable, Sequence

from kg import forces, segment
from kg.lexicon import Lexicon, Suffix, heads, load
from kg.lists import ListRules
from kg.model import Span
from kg.names import LEVELS, NAME_CHARS, NAME_TAGS, PARTY_NAMES, PLACE_TAGS, clean_name
from kg.persons import PersonRules
from kg.programs import ProgramRules
from kg.proposals import Typing, decide
from kg.records import Document, Mention, Sentence
from kg.schema import MAX_LEN, ORGS, PRIORITY, C

# jieba dictionary tags that end a name when walking left: prepositions, conjunctions,
# particles, adverbs, pronouns, numerals, measure words, locality words, verbs.
_STOP_TAGS = {
    "p",
    "c",
    "u",
    "uj",
    "ul",
    "uz",
    "ud",
    "ug",
    "uv",
    "d",
    "r",
    "y",
    "e",
    "o",
    "m",
    "q",
    "f",
    "v",
    "t",
    "zg",
    "z",
}
_COUNT_BEFORE = re.compile(r"[0-9一二两三四五六七八九十几多][个家条项批类种]$")
_HONOUR = re.compile(r"(?:获评|荣获|评为|授予|入选|获得|命名为)“[^”]{0,12}$")
_SLOGAN = re.compile(r"^一[\u4e00-\u9fff]一")
#: prepositions jieba glues to the unknown name after them (以星澜, 在澜岳)
_GLUED_PREPOSITIONS = "以在与和对从向为由把将"
# a place in brackets between a company's name and its legal form: 华岳半导体（无锡）有限公司
_BRACKETED_PLACE = re.compile(r"[（(][\u4e00-\u9fff]{2,6}[）)]$")
_LOCAL_PLACES = frozenset(heads("local_place"))
#: characters no transliterated place name holds: particles, conjunctions, prepositions
_NOT_IN_NAMES = frozenset("的了是在和与及等为对把被将由从向给让或并")
#: jieba's tags of the words of a place name it cannot segment: names, or words it does not know
_SPELT_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nz", ""})
#: a bank's branches, whose class is their bank's
_BRANCHES = frozenset({"分行", "支行"})
# heads of zones a government sets up; one written before another is a second park, not part of its name
_ZONES = frozenset(heads("zone"))
_SIGHTS = frozenset(heads("sight"))
_CATEGORY_SUFFIXES = frozenset(heads("category_suffix"))
_SECTOR_COMMITTEES = heads("sector_committee")
# the heads of bureaus whose standard names join two functions with 和 (发展和改革局)
_JOINED_BY_AND = ("局", "委", "委员会", "厅", "办", "办公室", "部")


class Recogniser(ProgramRules, ListRules, PersonRules):
    """The rules, compiled once for a lexicon."""

    # -- the rules ------------------------------------------------------------------------
    def sentence(self, sent: Sentence) -> list[Mention]:
        toks = segment.spans(sent)
        starts = {s for s, _, _ in toks}
        ends = {e for _, e, _ in toks}
        found: list[Mention] = []
        found += self.divisions(sent, starts, ends)
        found += self.suffixed(sent, toks, ends, {m.end: m.start for m in found if m.cls == C.Region})
        if "“" in sent.text or "《" in sent.text:
            found += self.quoted(sent)
        found += self.lists(sent, starts)
        found += self.persons(sent, toks)
        if self.user_of:
            found += self.user(sent)
        found += self.cued_programs(sent)
        if forces.named(sent.text):
            edges = {s - sent.start for s, _, _ in toks}, {e - sent.start for _, e, _ in toks}
            found += [self._local(sent, s, e, C.Agency, "armed-force") for s, e in forces.find(sent.text, *edges)]
        return found

    def divisions(self, sent: Sentence, starts: set[int], ends: set[int]) -> list[Mention]:
        """Division names and short forms made of one to three whole tokens (longest first), or a
        full name whose last character starts the next token (成都|市委 -> 成都市)."""
        out = []
        toks = segment.spans(sent)
        words = sent.tokens
        divisions, shorts, prefixes = self.lex.divisions, self.lex.short_forms, self.div_prefixes
        count = len(words)
        k = 0
        while k < count:
            w = words[k]
            if w not in prefixes:
                k += 1
                continue
            s = toks[k][0]
            found = None
            cand, n = w, 1
            while True:  # extend over whole tokens while the text is still the start of a name
                if cand in divisions or cand in shorts:
                    found = (cand, n, cand in divisions)
                if k + n >= count:
                    break
                nxt = words[k + n]
                if len(nxt) >= 2 and nxt[1] in "委党" and cand + nxt[0] in divisions:
                    found = (cand + nxt[0], n, True)  # 成都|市委 -> 成都市
                    break
                if cand + nxt not in prefixes or n == 3:
                    break
                cand, n = cand + nxt, n + 1
            if found is None:
                k += 1
                continue
            name, n, full = found
            if (not full or len(name) <= 2) and segment.tag(name) not in PLACE_TAGS:
                k += 1
                continue
            cls = C.Park if full and divisions[name].level == "zone" else C.Region
            out.append(self._m(sent, s, s + len(name), cls, "division" if full else "division-short"))
            k += n
        return out

    def suffixed(
        self, sent: Sentence, toks: list[tuple[int, int, str]], ends: set[int], regions: dict[int, int] | None = None
    ) -> list[Mention]:
        """Names that end with a suffix of their class (…有限公司, …党委, …街道), walked leftwards;
        ``regions`` maps the end of each place already found to its start."""
        out = []
        region_ends = dict(regions or {})
        text = sent.text
        for m in self.suffix_re.finditer(text):
            suf = self.suffix_of[m.group()]
            s0, e = m.start() + sent.start, m.end() + sent.start
            spelt = self._spelt_after(sent, s0, region_ends) if suf.text in _LOCAL_PLACES else -1
            if (
                e not in ends
                and spelt < 0
                and not self._ends_before_role(toks, e, text, sent.start)
                and not (e - sent.start < len(text) and self.suffix_re.match(text, e - sent.start))
            ):
                continue
            ordinary = self.not_names_ending(text[e - sent.start - 1])
            if any(len(w) > len(suf.text) and text.endswith(w, 0, e - sent.start) for w in ordinary):
                continue
            chained = self._chained_place(toks, s0, region_ends) if suf.text in _LOCAL_PLACES else -1
            chained = chained if chained >= 0 else spelt
            if chained >= 0:  # 章贡区|水东|镇|七里|村: a town or village written after its county
                out.append(self._m(sent, chained, e, suf.cls, "suffix"))
                region_ends[e] = chained
                continue
            bracket = _BRACKETED_PLACE.search(text, 0, s0 - sent.start) if suf.cls == C.Enterprise else None
            edge = bracket.start() + sent.start if bracket else s0  # 华岳半导体|(无锡)|有限公司
            start = self._left_edge(sent, toks, edge, suf.cls, suf.text)
            if bracket and start == edge:
                continue  # |(重庆)有限公司: no name before the bracket, no company
            if suf.cls == C.PartyOrganization and s0 in region_ends and (start < 0 or region_ends[s0] < start):
                start = region_ends[s0]  # 七里村|党总支: the committee of the village just found
                while start in region_ends and region_ends[start] < start:
                    start = region_ends[start]  # 水东镇七里村党总支: and of the places written before it
            if start < 0:
                continue
            start = self._trim_verbs(toks, start, s0)
            if suf.cls not in (C.PartyOrganization, C.Agency) and sent.between(start, start + 2) == "中共":
                start += 2  # 中共|红枫产业园工作委员会: the party opens the committee's name, not the park's
            if out and out[-1].end == s0 and out[-1].cls in ORGS and suf.cls in ORGS and start == s0:
                start = out[-1].start  # 龙泉驿区委 + 社会工作部: one name
            if suf.cls == C.IndustryChain:  # 成都市|电子信息产业链: a chain is a trade, its place is named apart
                places = [p.end for p in out if p.cls in (C.Region, C.Park) and p.start == start]
                start = max([start, *places, *(x for x, y in region_ends.items() if y == start)])
                start = start if s0 - start >= 2 else s0
            if self._not_a_name(sent, suf, start, s0, e):
                continue
            cls = (
                C.Agency
                if suf.text in _BRANCHES and self.agency_bank_re.search(text, start - sent.start, s0)
                else suf.cls
            )
            out.append(self._m(sent, start, e, cls, "suffix"))  # 中国人民银行|广州分行: the state body's branch
            if suf.cls == C.Region:
                region_ends[e] = start
        return out

    def _not_a_name(self, sent: Sentence, suf: Suffix, start: int, s0: int, e: int) -> bool:
        """Whether ``text[start:e]``, ending with the suffix at ``s0``, names nothing in particular."""
        text = sent.text
        stem = clean_name(text[start - sent.start : s0 - sent.start])
        if len(stem) < suf.min_stem:
            return True
        if _HONOUR.search(text, 0, start - sent.start):
            return True  # 获评“标杆园区”: an honour, not an entity
        if _COUNT_BEFORE.search(text, 0, start - sent.start + 1) and start < s0:
            return True  # 4条|产业链联合党委, 13个|…党组织: organisations counted, not named
        if _SLOGAN.match(stem):
            return True  # 一街一品、一村一策: a slogan of the form 一X一Y
        if (
            stem
            and stem not in LEVELS
            and self._generic(stem)
            and not self._named_sector(suf.text, stem, text, start - sent.start)
        ):
            return True
        if suf.text in ("社区", "村") and (stem in self.lex.divisions or stem in self.lex.short_forms):
            return True  # 邛崃|社区工作者: a county's communities in general, not one named after it
        if suf.text in _CATEGORY_SUFFIXES and stem in self.lex.divisions:
            return True  # 曲靖市产业链, 成都市产业园区: a place's parks or chains in general, not a name
        if (
            suf.cls == C.Park
            and suf.text in _CATEGORY_SUFFIXES
            and not self._named_park(stem, text, start - sent.start, e - sent.start)
        ):
            return True  # 汽车产业基地, 人力资源服务产业园: a kind of park, not a named one
        return e - start > MAX_LEN[suf.cls] + 4

    def _chained_place(self, toks: list[tuple[int, int, str]], s0: int, region_ends: dict[int, int]) -> int:
        """Where a place name ends at ``s0`` right after another place (七里|村 after 水东镇), or -1:
        the one or two words between them name it whatever jieba's tags say (七里 m, 水东 n)."""
        k = bisect.bisect_left(toks, s0, key=lambda x: x[0])
        if k == 0 or k > len(toks) or toks[k - 1][1] != s0:
            return -1
        s, _, t = toks[k - 1]
        if (
            s in region_ends
            and 2 <= len(t) <= 3
            and NAME_CHARS.match(t)
            and t not in self.generic
            and not t[0].isdigit()
        ):
            return s
        return -1

    def _spelt_after(self, sent: Sentence, s0: int, region_ends: dict[int, int]) -> int:
        """Where a town or village name ends at ``s0`` right after another place when jieba cuts it
        anywhere (陈巴尔虎旗|巴日图|镇, read 巴日|图镇库): two to five name characters, none
        a particle, conjunction or preposition; or -1."""
        for n in range(2, 6):
            p = s0 - n
            if p < sent.start:
                break
            stem = sent.between(p, s0)
            if any(c in _NOT_IN_NAMES or not NAME_CHARS.match(c) for c in stem):
                break
            if p in region_ends and not self._generic(stem) and not self.suffix_re.search(stem):
                words = [t for t in self.seg.lcut(stem) if len(t) > 1]
                return p if all(segment.tag(t) in _SPELT_TAGS for t in words) else -1  # not 提升|镇
        return -1

    def _trim_verbs(self, toks: list[tuple[int, int, str]], start: int, s0: int) -> int:
        """优化调整科技工委 -> 科技工委: two verbs in a row end a verb phrase, not part of the name."""
        inside = _between(toks, start, s0)
        for (_, _, t1), (_, e2, t2) in reversed(list(itertools.pairwise(inside))):
            if segment.tag(t1) in ("v", "vn") and segment.tag(t2) in ("v", "vn") and e2 < s0:
                return e2
        return start

    def _named_park(self, stem: str, text: str, start: int, end: int) -> bool:
        """绵阳高新区|光电产业园, 云谷产业园, 在绿色制造园区内: a park named, not a kind of park."""
        if self._proper(stem) or any(z in stem[:-1] for z in _ZONES):
            return True
        return text.startswith("内", end) and text.endswith("在", 0, start) and len(stem) >= 4

    def _named_sector(self, suffix: str, stem: str, text: str, i: int) -> bool:
        """物流园区综合党委 names one committee; 12个行业综合党委 counts a kind of them."""
        if suffix not in _SECTOR_COMMITTEES:
            return False
        if re.search(r"(?:[0-9一二三四五六七八九十几多]+[个家条]|各|多个|若干)$", text[max(0, i - 4) : i]):
            return False
        return len(self.seg.lcut(stem)) >= 2

    def _ends_before_role(self, toks: list[tuple[int, int, str]], e: int, text: str, base: int) -> bool:
        """党委书记 is one jieba token: the name 党委 still ends before the role 书记."""
        for s, te, _ in toks:
            if s < e < te:
                rest = text[e - base : te - base]
                return rest in self.roles or rest in self.function_chars  # 党委|书记, 东华村|是
        return False

    def _left_edge(self, sent: Sentence, toks: list[tuple[int, int, str]], s0: int, cls: str, suffix: str = "") -> int:
        """Walk left from the suffix at ``s0`` over tokens that look like part of a name."""
        k = bisect.bisect_right(toks, s0, key=lambda x: x[0]) - 1
        if k < 0 or not toks[k][0] <= s0 < toks[k][1]:
            k = len(toks)
        start = toks[k][0] if k < len(toks) and toks[k][0] < s0 else s0
        if start < s0 and self._inside_a_word(toks[k], s0, suffix):
            return -1
        limit = MAX_LEN[cls]
        i = k - 1
        while i >= 0:
            s, _, t = toks[i]
            if t in "”’":  # 区委“双创”工委: a short quoted word inside a name
                j = i - 1
                while j >= 0 and toks[j][2] not in "“‘" and i - j <= 3:
                    j -= 1
                if j >= 0 and toks[j][2] in "“‘" and toks[i][0] - toks[j][1] <= 4 and j > 0:
                    prev = toks[j - 1][2]
                    if NAME_CHARS.match(prev) and segment.tag(prev) not in _STOP_TAGS and prev not in self.cue_words:
                        start = toks[j - 1][0]
                        i = j - 2
                        continue
                break
            if cls == C.Region and len(t) > 1 and t[0] in "和与及在" and segment.tag(t) == "ns":
                start = s + 1  # 和川西|竹海景区: jieba glued the conjunction to the place name
                break
            if len(t) > 2 and t[0] in _GLUED_PREPOSITIONS and not self.seg.freq(t):
                start = s + 1  # 以星澜|数字产业园区: jieba's guess glued a preposition to an unknown name
                break
            if not self._part_of_name(t, cls, toks, i) or (cls == C.Region and t in self.region_suffixes):
                break
            if self._after_a_post(toks, i):
                break  # 区委书记|王澜|代表|区委: no name runs leftwards across a post, a name and a verb after it
            if t == "和" and not suffix.endswith(_JOINED_BY_AND):
                break  # 先锋队和|攻坚队: two teams; 发展和改革|局 is one bureau
            after = toks[i + 1][2]
            verb = segment.tag(t) in ("v", "vn") and t not in self.business
            if verb and (
                segment.tag(after) == "ns" or after in _ZONES and (segment.tag(t) == "v" or t in self.cue_words)
            ):
                break  # 设置|德阳经开区…, 设置|高新区…: a verb before a place name is not part of the name
            if s0 - s > limit:
                break
            longest = 6 if suffix in _SIGHTS else 4
            if cls == C.Region and (
                s0 - s > longest or segment.tag(t) not in PLACE_TAGS and len(t) > 1 and t not in self.lex.short_forms
            ):
                break  # a village or street is named by a place word (柏合, 东华), not 城乡, 专业化
            if cls == C.Park and t in self.suffix_of and self.suffix_of[t].cls in ORGS:
                break  # 党群服务中心|科创城园区: an office's name ends where the park's begins
            if cls == C.Enterprise and t == "企业":
                break  # 园区内企业|X有限公司
            if (
                cls == C.Park
                and t.endswith(("开发区", "经开区", "高新区", "新区", "园区"))
                and (suffix in _ZONES or i == 0 or not self._part_of_name(toks[i - 1][2], cls, toks, i - 1))
            ):
                break  # X经济开发区|天府新区, 国家级经开区|德阳经开区: two parks side by side
            start = s
            i -= 1
        if cls in (C.IndustryChain, C.Park, C.Project):
            start = self._trim_category(toks, start, s0)
        return start

    def _after_a_post(self, toks: list[tuple[int, int, str]], i: int) -> bool:
        """Whether token ``i`` is a post, or the name or the word after one (书记|王澜|代表);
        a list's comma ends that reach (副书记|、|星澜商会党委)."""
        left = [toks[j][2] for j in range(max(0, i - 2), i)]
        return (
            self._post(toks[i][2])
            or bool(left)
            and self._post(left[-1])
            or len(left) == 2
            and bool(NAME_CHARS.match(left[1]))
            and self._post(left[0])
        )

    def _post(self, t: str) -> bool:
        """Whether token ``t`` is or ends with a post (书记, 区委书记), not a group's role (党员)."""
        post = self._posts.get(t)
        if post is None:
            post = self._posts[t] = len(t) > 1 and t.endswith(self.role_words) and not t.endswith(self.member_roles)
        return post

    def _inside_a_word(self, tok: tuple[int, int, str], s0: int, suffix: str) -> bool:
        """Whether the suffix at ``s0``, which starts inside token ``tok``, is the tail of an
        ordinary word (开局, 新格局) rather than the head of a name."""
        _, e, word = tok
        tags = PLACE_TAGS if e - s0 <= 1 else NAME_TAGS
        if segment.tag(word) not in tags or not NAME_CHARS.match(word):
            return True
        last = self.seg.lcut(word, HMM=False)[-1]
        whole = e - s0 >= max(1, len(suffix))  # the suffix ends inside this token
        return whole and len(last) > e - s0 and segment.tag(last) not in PLACE_TAGS

    def _part_of_name(self, t: str, cls: str, toks: list[tuple[int, int, str]], i: int) -> bool:
        """Whether token ``toks[i]`` continues a name leftwards."""
        if len(t) == 1 and t in LEVELS and cls in ORGS:
            return True  # 区|统战部, 市|发改委: the level of the body is part of its name
        if len(t) == 1 and "\u4e00" <= t <= "\u9fff" and (t not in self.function_chars or self._split_noun(toks, i)):
            # a name jieba cut into single characters (裕|能, 菁|创, 勤|丰镇): keep it when the
            # character is not a function word and something name-like stands to its left
            left = toks[i - 1][2] if i > 0 else ""
            if i + 1 < len(toks) and segment.tag(toks[i + 1][2]) == "ns":
                return True  # 勤|丰镇: a character before a place word makes a longer place name
            return bool(left) and (len(left) == 1 and left not in self.function_chars or self._name_token(left))
        if t in self.business and (cls in ORGS or cls == C.Park):
            return True
        if segment.tag(t) == "f" and len(t) == 2 and i > 0 and segment.tag(toks[i - 1][2]) == "ns":
            return True  # 中国|南方|稀土集团: a compass word after a place is part of the name
        if t in self.lex.short_forms and (
            cls == C.Region or i + 1 < len(toks) and toks[i + 1][2] in self.region_suffixes
        ):
            return True  # 平乐(a)|镇: jieba's tag hides a county's short name
        left = toks[i - 1][2] if i > 0 else ""
        if (
            t == "和"
            and cls == C.Agency
            and len(left) >= 2
            and (left not in self.generic or left in self.business)
            and self._name_token(left)
        ):
            return True  # 发展和改革局, 人力资源和社会保障局: the standard names of bureaus
        if len(t) == 2 and segment.tag(t) == "v" and i > 0 and segment.tag(toks[i - 1][2]) == "ns":
            return t not in self.cue_words and t not in self.name_stops  # 四川|振兴|电子信息智慧产业园
        return self._name_token(t)

    def _split_noun(self, toks: list[tuple[int, int, str]], i: int) -> bool:
        """Whether token ``i``, a function character, ends a noun jieba cut into characters (置|地)."""
        left = toks[i - 1][2] if i > 0 else ""
        return len(left) == 1 and segment.tag(left + toks[i][2]) in ("n", "nz")

    def _trim_category(self, toks: list[tuple[int, int, str]], start: int, s0: int) -> int:
        """设置产业链, 4条重点产业链: verbs, counters and category words do not start a chain or park name."""
        inside = _between(toks, start, s0)
        for s, e, t in inside:
            if (
                segment.tag(t) in ("v", "vn", "m", "q", "d")
                or t in self.generic
                or t in self.function_chars
                or t[0].isdigit()
            ):
                start = e
            else:
                break
        return start

    def user(self, sent: Sentence) -> list[Mention]:
        return [
            self._local(sent, m.start(), m.end(), self.user_of[m.group()], "user")
            for m in self.user_re.finditer(sent.text)
        ]


def _between(toks: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """The tokens lying within ``[start, end)`` (``toks`` sorted by position)."""
    i = bisect.bisect_left(toks, start, key=lambda x: x[0])
    j = bisect.bisect_right(toks, end, key=lambda x: x[1])
    return toks[i:j]


def select(mentions: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions: longest first, then the user dictionary's, then the rules' before
    the model's alone, then the most specific class, then earliest.

    >>> a = Mention("d", 0, 3, "成都市", "Region")
    >>> b = Mention("d", 0, 5, "德阳经开区", "Park")
    >>> [m.text for m in select([a, b])]
    ['德阳经开区']
    """
    rank = {c: i for i, c in enumerate(PRIORITY)}
    chosen: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in sorted(
        set(mentions),
        key=lambda m: (-(m.end - m.start), m.rule != "user", m.rule == "model", rank[m.cls], m.start, m.rule),
    ):
        if any(m.start < e and s < m.end for s, e in taken):
            continue
        chosen.append(m)
        taken.append((m.start, m.end))
    return sorted(chosen, key=lambda m: (m.start, m.end))


@functools.lru_cache(maxsize=4)
def recogniser_for(lexicon: Lexicon | None = None) -> Recogniser:
    return Recogniser(lexicon or load())


def recognise(doc: Document, sents: Iterable[Sentence], lexicon: Lexicon | None = None) -> tuple[Mention, ...]:
    """All mentions of ``doc`` after the overlap policy."""
    return recognise_with(recogniser_for(lexicon), sents)


def recognise_with(
    rec: Recogniser, sents: Iterable[Sentence], words: Sequence[Sequence[Span]] = (), typing: Typing | None = None
) -> tuple[Mention, ...]:
    """All mentions of the sentences ``sents`` that ``rec`` finds, after the overlap policy; with
    the span model's ``words`` of each sentence, the model's names typed by ``typing`` too."""
    out: list[Mention] = []
    sents = list(sents)
    sport = typing is not None and typing.sport.document([s.text for s in sents])
    for k, sent in enumerate(sents):
        found = rec.sentence(sent)
        if typing is not None and k < len(words):
            found = [t for m in found if (t := typing.trim(sent, m, words[k]))]
            found = decide(found, typing.mentions(sent, words[k], sport))
        out += [_of_the_party(m) for m in select([m for m in found if not _every(sent, m)])]
    return tuple(out)


def _of_the_party(m: Mention) -> Mention:
    """中共星澜经开区工作委员会: a committee the party's name opens is a party organisation."""
    if m.cls == C.Agency and m.text.startswith(PARTY_NAMES):
        return dataclasses.replace(m, cls=C.PartyOrganization)
    return m


def _every(sent: Sentence, m: Mention) -> bool:
    """各盟市委, 各园区党组织: a name after 各 (每个, 所有) speaks of every one of a kind, no one body."""
    return m.cls != C.Person and (
        sent.between(m.start - 1, m.start) == "各" or sent.between(m.start - 2, m.start) in ("每个", "所有")
    )


def recognise_text(text: str) -> tuple[Mention, ...]:
    """Mentions in a short text (for tests and the doctest above)."""
    doc = Document(doc_id="text", source="text", title="", text=text)
    return recognise(doc, segment.sentences(doc))
