"""Recognise entity mentions: general rules and general lexicons, never a list of names.

Rules, each a small function over one sentence returning ``Mention``s:

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
import functools
import itertools
import re
from collections.abc import Iterable

from kg import segment
from kg.lexicon import Lexicon, heads, load, words
from kg.records import Document, Mention, Sentence
from kg.schema import MAX_LEN, ORGS, PRIORITY, C, P
from kg.trie import trie_regex

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
# Tags of words that end the text before a listed name (以|吉利, 推动|X).
_TRIM_TAGS = {"p", "c", "u", "uj", "ul", "uz", "d", "r", "v"}
# Tags a token may have to be part of a name (nouns, names, abbreviations, unknown words).
_NAME_TAGS = {
    "n",
    "nr",
    "nrt",
    "nrfg",
    "ns",
    "nt",
    "nz",
    "nw",
    "j",
    "vn",
    "",
    "eng",
    "an",
    "g",
    "k",
    "x",
    "l",
    "s",
    "b",
}
# Tags a short place name may have (鸡西 ns, 怀安 nr, 龙泉 nz); common words (合作 vn, 资源 n) are not places.
_PLACE_TAGS = {"ns", "nr", "nz", "nt", "nrt", "j", ""}
_PERSON_TAGS = {"nr", "nrfg", "nrt", "", "nz"}
# heads that make even a short unquoted phrase a program name (人才引育计划); weaker ones
# (机制, 体系, 政策) need a longer, more specific name
_STRONG_HEADS = heads("strong_program_head")
_SPEECH = set("说讲称道表指介")
_BYLINE = re.compile(r"((?:[\u4e00-\u9fff]{2,3}[ \t]+){0,4}[\u4e00-\u9fff]{2,3})[ \t]*/[ \t]*[文图摄]")
_AFTER_ENTERPRISE = re.compile(
    r"(?:龙头|链主|头部|骨干|领军|重点|知名|优质|标杆|明星)企业((?:[\u4e00-\u9fffA-Za-z0-9]{2,10}、)+[\u4e00-\u9fffA-Za-z0-9]{2,10}?)(?=等|及|和|,|。|$)"
)
# what ends a list of entities of a class: 等(N家)企业, 为代表的企业, 3个项目
_LISTED = re.compile(
    r"(?:等|为代表的|(?=[0-9一二三四五六七八九十]+[个条家项大]))(?:[^,。;、\s]{0,12}?)(企业|公司|项目|产业链)"
    r"(?!重点|工作|发展|建设|管理|经营|生产|文化)"  # 融入节能降耗、质量提升等企业重点工作: activities
)
_COUNTED = re.compile(r"、[^,。]{2,16}[0-9一二三四五六七八九十]+[个条家项大]")
_COUNT_BEFORE = re.compile(r"[0-9一二两三四五六七八九十几多][个家条项批类种]$")
_HONOUR = re.compile(r"(?:获评|荣获|评为|授予|入选|获得|命名为)“[^”]{0,12}$")
_DEPARTMENTS_END = re.compile(r"等(?:相关|有关|职能|行业)?部门")
_CHAINS_END = re.compile(r"产业集群|产业链")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CHAIN_CHAR = re.compile(r"(?![的为是在等和及与以])[\u4e00-\u9fff]")  # chain names hold no function words
# a quoted word for people (“勤务员”, “尖刀部队”, “娘家人”) or after 当好/争当 is a figure of speech
_ROLE_WORD = re.compile(r"(?:员|者|人|手|兵|部队|队|军|雁|官|管家|保姆|小二|娘家)$")
_BE_A = re.compile(r"(?:当好|当起|争当|争做|化身为|化身|成为)[^,。;“]{0,6}$")
_LOCAL_PLACES = frozenset(heads("local_place"))
_PREPOSITIONS = set("为与和向对给把被在将由从让同")
_SLOGAN = re.compile(r"^一[\u4e00-\u9fff]一")
_PROGRAM_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9+·“”、]+")
_COUNTED_PROGRAMS = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z0-9+·]{2,16}、)+[\u4e00-\u9fffA-Za-z0-9+·]{2,16}?)[两三四五六七八九十0-9]+[项个条大种](?:制度|机制|举措|措施|行动|工程|模式|服务)"
)
_SOFT_HEAD = re.compile(r"(?:服务|工作|改革|活动|方式|行动)")
# heads of zones a government sets up; one written before another is a second park, not part of its name
_ZONES = frozenset(heads("zone"))
_SIGHTS = frozenset(heads("sight"))
_CATEGORY_SUFFIXES = frozenset(heads("category_suffix"))
_ORGS = ORGS
_SECTOR_COMMITTEES = heads("sector_committee")
_NAME_CHARS = re.compile(r"^[\u3400-\u9fffA-Za-z0-9·\-+]+$")
_QUOTED = re.compile(r"“([^“”\n]{2,40})”")
# heads that make a following word a program only right after quotes (“送策上门”方式, ‘红管家’服务)
_QUOTE_HEADS = heads("quote_head")
_QUOTES = (_QUOTED, re.compile(r"‘([^‘’\n]{2,40})’"))
_FUNCTION_FREE = r"(?:(?![等的和与及为在是了对把将从向])[\u4e00-\u9fff])"
_BOOK = re.compile(r"《([^《》\n]{2,60})》")
_CLEAN = str.maketrans("", "", "“”‘’《》\"'「」『』 ")


def clean_name(text: str) -> str:
    """A surface form as a name: quotes and book-title marks dropped.

    >>> clean_name("区委“双创”工委")
    '区委双创工委'
    """
    return text.translate(_CLEAN)


def generic_words() -> frozenset[str]:
    return words("generic.txt")


def business_words() -> frozenset[str]:
    return words("business_words.txt")


def program_heads() -> tuple[str, ...]:
    return tuple(sorted(words("program_heads.txt"), key=lambda w: (-len(w), w)))


class Recogniser:
    """The rules, compiled once for a lexicon."""

    def __init__(self, lexicon: Lexicon, segmenter: segment.Segmenter | None = None) -> None:
        self.lex = lexicon
        self.seg = segmenter or segment.for_words(n for e in lexicon.user for n in (e.name, *e.aliases))
        self.suffix_of = {s.text: s for s in lexicon.suffixes}
        self.suffix_re = trie_regex(self.suffix_of)
        self.div_prefixes = frozenset(
            n[:i] for n in (*lexicon.divisions, *lexicon.short_forms) for i in range(1, len(n) + 1)
        )
        self.user_of = {}
        for e in lexicon.user:
            for n in (e.name, *e.aliases):
                self.user_of[n] = e.cls
        self.user_re = trie_regex(self.user_of)
        self.role_re = re.compile("|".join(re.escape(r) for r in lexicon.roles))
        self.heads = program_heads()
        cue_words = sorted(
            {c.text for c in lexicon.cues if c.prop in (P.implements, P.issued, P.established)},
            key=lambda w: (-len(w), w),
        )
        self.program_cue_re = re.compile("|".join(re.escape(c) for c in cue_words))
        strict = sorted(words("program_heads_unquoted.txt"), key=lambda w: (-len(w), w))
        # where an unquoted program may end: a head word before punctuation, 等 or 的
        self.program_end = re.compile(r"(?:" + "|".join(map(re.escape, strict)) + r")(?=[,。;:!?、)]|等|的|$)")
        self.cue_before_re = re.compile("(?:" + "|".join(re.escape(c) for c in cue_words) + r")(?:了|起|好|出)?$")
        # words between the quotes and the head, never across a function word (“一老一幼”关爱等服务);
        # the weak heads only close a short phrase that ends there (“贴心式”服务并非… is no name)
        self.head_prefix_re = re.compile(_FUNCTION_FREE + "{0,9}(?:" + "|".join(re.escape(h) for h in self.heads) + ")")
        self.quote_head_re = re.compile(
            _FUNCTION_FREE + "{0,6}(?:" + "|".join(_QUOTE_HEADS) + r")(?=[^\u4e00-\u9fff]|[的与和及等在中上为以]|$)"
        )
        self.head_re = re.compile("(?:" + "|".join(re.escape(h) for h in self.heads) + ")")
        self.roles = frozenset(lexicon.roles)
        self._not_names: dict[str, tuple[str, ...]] = {}
        for w in words("not_names.txt"):
            self._not_names[w[-1]] = (*self._not_names.get(w[-1], ()), w)
        self.cue_words = frozenset(c.text for c in lexicon.cues)
        self.generic = generic_words()
        self.name_stops = words("name_stops.txt")
        self.function_chars = words("function_chars.txt")
        self.business = business_words()
        self.region_suffixes = frozenset(x.text for x in lexicon.suffixes if x.cls == C.Region)
        surnames = sorted(lexicon.surnames, key=lambda s: (-len(s), s))
        self.person_re = re.compile("(?:" + "|".join(surnames) + r")[\u4e00-\u9fff]{1,2}")

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
        return found

    def _m(self, sent: Sentence, start: int, end: int, cls: str, rule: str) -> Mention:
        return Mention(sent.doc_id, start, end, sent.text[start - sent.start : end - sent.start], cls, rule)

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
            if (not full or len(name) <= 2) and segment.tag(name) not in _PLACE_TAGS:
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
            if (
                e not in ends
                and not self._ends_before_role(toks, e, text, sent.start)
                and not (e - sent.start < len(text) and self.suffix_re.match(text, e - sent.start))
            ):
                continue
            ordinary = self.not_names_ending(text[e - sent.start - 1])
            if any(len(w) > len(suf.text) and text.endswith(w, 0, e - sent.start) for w in ordinary):
                continue
            chained = self._chained_place(toks, s0, region_ends) if suf.text in _LOCAL_PLACES else -1
            if chained >= 0:  # 章贡区|水东|镇|七里|村: a town or village written after its county
                out.append(self._m(sent, chained, e, suf.cls, "suffix"))
                region_ends[e] = chained
                continue
            start = self._left_edge(sent, toks, s0, suf.cls, suf.text)
            if suf.cls == C.PartyOrganization and s0 in region_ends and (start < 0 or region_ends[s0] < start):
                start = region_ends[s0]  # 七里村|党总支: the committee of the village just found
                while start in region_ends and region_ends[start] < start:
                    start = region_ends[start]  # 水东镇七里村党总支: and of the places written before it
            if start < 0:
                continue
            start = self._trim_verbs(toks, start, s0)
            if out and out[-1].end == s0 and out[-1].cls in _ORGS and suf.cls in _ORGS and start == s0:
                start = out[-1].start  # 龙泉驿区委 + 社会工作部: one name
            stem = clean_name(text[start - sent.start : s0 - sent.start])
            if len(stem) < suf.min_stem:
                continue
            if _HONOUR.search(text, 0, start - sent.start):
                continue  # 获评“标杆园区”: an honour, not an entity
            if _COUNT_BEFORE.search(text, 0, start - sent.start + 1) and start < s0:
                continue  # 4条|产业链联合党委, 13个|…党组织: organisations counted, not named
            if _SLOGAN.match(stem):
                continue  # 一街一品、一村一策: a slogan of the form 一X一Y
            if stem and self._generic(stem) and not self._named_sector(suf.text, stem, text, start - sent.start):
                continue
            if suf.text in ("社区", "村") and (stem in self.lex.divisions or stem in self.lex.short_forms):
                continue  # 邛崃|社区工作者: a county's communities in general, not one named after it
            if suf.text in _CATEGORY_SUFFIXES and stem in self.lex.divisions:
                continue  # 曲靖市产业链, 成都市产业园区: a place's parks or chains in general, not a name
            if (
                suf.cls == C.Park
                and suf.text in _CATEGORY_SUFFIXES
                and not self._named_park(stem, text, start - sent.start, e - sent.start)
            ):
                continue  # 汽车产业基地, 人力资源服务产业园: a kind of park, not a named one
            if e - start > MAX_LEN[suf.cls] + 4:
                continue
            out.append(self._m(sent, start, e, suf.cls, "suffix"))
            if suf.cls == C.Region:
                region_ends[e] = start
        return out

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
            and _NAME_CHARS.match(t)
            and t not in self.generic
            and not t[0].isdigit()
        ):
            return s
        return -1

    def not_names_ending(self, ch: str) -> tuple[str, ...]:
        return self._not_names.get(ch, ())

    def _trim_verbs(self, toks: list[tuple[int, int, str]], start: int, s0: int) -> int:
        """优化调整科技工委 -> 科技工委: two verbs in a row end a verb phrase, not part of the name."""
        inside = _between(toks, start, s0)
        for (_, _, t1), (_, e2, t2) in reversed(list(itertools.pairwise(inside))):
            if segment.tag(t1) in ("v", "vn") and segment.tag(t2) in ("v", "vn") and e2 < s0:
                return e2
        return start

    def proper(self, stem: str) -> bool:
        return self._proper(stem)

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - recognisers live as long as the process
    def _proper(self, stem: str) -> bool:
        """Whether ``stem`` holds a proper name: a place, a coined or unknown word."""
        return any(
            segment.tag(t) in _PLACE_TAGS and len(t) > 1 or t in self.lex.short_forms for t in self.seg.lcut(stem)
        )

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - recognisers live as long as the process
    def relative(self, name: str) -> bool:
        """Whether a name holds no proper name once its suffixes are dropped (区委宣传部)."""
        return not self._proper("".join(w for w in self.seg.lcut(name) if w not in self.suffix_of))

    def _named_park(self, stem: str, text: str, start: int, end: int) -> bool:
        """成都高新区|光电产业园, 云谷产业园, 在绿色制造园区内: a park named, not a kind of park."""
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

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - recognisers live as long as the process
    def _generic(self, stem: str) -> bool:
        """True when ``stem`` is made only of generic words (企业, 各级, 新入驻…) or numbers."""
        toks = self.seg.lcut(stem)
        if (
            stem[0].isdigit()
            or re.match(r"^(?:[一二三四五六七八九十几多每两]+[个家项条批类种名位次届级]|[个家条批类种])", stem)
            or re.match(r"^[一二三四五六七八九十几多两]+大", stem)
        ):
            return True
        if "+" in stem and not stem.startswith("“"):
            return True  # 企业党组织+车间班组: a formula, not a name
        return all(
            t in self.generic or t.isdigit() or segment.tag(t) in {"m", "q", "r", "a"} and t not in self.lex.short_forms
            for t in toks
        )

    def _left_edge(self, sent: Sentence, toks: list[tuple[int, int, str]], s0: int, cls: str, suffix: str = "") -> int:
        """Walk left from the suffix at ``s0`` over tokens that look like part of a name."""
        k = bisect.bisect_right(toks, s0, key=lambda x: x[0]) - 1
        if k < 0 or not toks[k][0] <= s0 < toks[k][1]:
            k = len(toks)
        start = toks[k][0] if k < len(toks) and toks[k][0] < s0 else s0
        if start < s0:
            tok = toks[k][2]
            tags = _PLACE_TAGS if toks[k][1] - s0 <= 1 else _NAME_TAGS
            if segment.tag(tok) not in tags or not _NAME_CHARS.match(tok):
                return -1  # the suffix is the tail of an ordinary word (开局, 格局)
            last = self.seg.lcut(tok, HMM=False)[-1]
            whole = toks[k][1] - s0 >= max(1, len(suffix))  # the suffix ends inside this token
            if whole and len(last) > toks[k][1] - s0 and segment.tag(last) not in _PLACE_TAGS:
                return -1  # 新格局: the suffix belongs to the dictionary word 格局
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
                    if _NAME_CHARS.match(prev) and segment.tag(prev) not in _STOP_TAGS and prev not in self.cue_words:
                        start = toks[j - 1][0]
                        i = j - 2
                        continue
                break
            if cls == C.Region and len(t) > 1 and t[0] in "和与及在" and segment.tag(t) == "ns":
                start = s + 1  # 和川西|竹海景区: jieba glued the conjunction to the place name
                break
            if not self._part_of_name(t, cls, toks, i) or (cls == C.Region and t in self.region_suffixes):
                break
            after = toks[i + 1][2]
            verb = segment.tag(t) in ("v", "vn") and t not in self.business
            if verb and (
                segment.tag(after) == "ns" or after in _ZONES and (segment.tag(t) == "v" or t in self.cue_words)
            ):
                break  # 设置|成都经开区…, 设置|高新区…: a verb before a place name is not part of the name
            if s0 - s > limit:
                break
            longest = 6 if suffix in _SIGHTS else 4
            if cls == C.Region and (
                s0 - s > longest or segment.tag(t) not in _PLACE_TAGS and len(t) > 1 and t not in self.lex.short_forms
            ):
                break  # a village or street is named by a place word (柏合, 东华), not 城乡, 专业化
            if cls == C.Park and t in self.suffix_of and self.suffix_of[t].cls in _ORGS:
                break  # 党群服务中心|科创城园区: an office's name ends where the park's begins
            if cls == C.Enterprise and t == "企业":
                break  # 园区内企业|X有限公司
            if (
                cls == C.Park
                and t.endswith(("开发区", "经开区", "高新区", "新区", "园区"))
                and (suffix in _ZONES or i == 0 or not self._part_of_name(toks[i - 1][2], cls, toks, i - 1))
            ):
                break  # X经济开发区|天府新区, 国家级经开区|成都经开区: two parks side by side
            start = s
            i -= 1
        if cls in (C.IndustryChain, C.Park, C.Project):
            start = self._trim_category(toks, start, s0)
        return start

    def _part_of_name(self, t: str, cls: str, toks: list[tuple[int, int, str]], i: int) -> bool:
        """Whether token ``toks[i]`` continues a name leftwards."""
        if len(t) == 1 and t not in self.function_chars and "\u4e00" <= t <= "\u9fff":
            # a name jieba cut into single characters (裕|能, 菁|创, 勤|丰镇): keep it when the
            # character is not a function word and something name-like stands to its left
            left = toks[i - 1][2] if i > 0 else ""
            if i + 1 < len(toks) and segment.tag(toks[i + 1][2]) == "ns":
                return True  # 勤|丰镇: a character before a place word makes a longer place name
            return bool(left) and (len(left) == 1 and left not in self.function_chars or self._name_token(left))
        if t in self.business and (cls in _ORGS or cls == C.Park):
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

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - recognisers live as long as the process
    def _name_token(self, t: str) -> bool:
        """Whether token ``t`` may be part of a name (a hint from jieba's dictionary tags)."""
        if not _NAME_CHARS.match(t) or t in self.name_stops or t[0].isdigit():
            return False
        tag = segment.tag(t)
        if t in self.cue_words and (tag not in ("n", "vn") or t not in self.business):
            return False  # 落户|成都高新区: a relation verb, not part of the name
        if tag not in _NAME_TAGS:
            return False
        if tag == "" and len(t) >= 3:  # an unknown word made of verbs (优化调整) is not a name
            parts = self.seg.lcut(t, HMM=False)
            if len(parts) > 1 and all(segment.tag(p) in {"v", "vn", "d", "ad"} for p in parts):
                return False
        # 内|设, 下|建: a place word and a verb jieba joined, not a name
        return not (tag == "" and len(t) == 2 and segment.tag(t[0]) == "f" and segment.tag(t[1]) == "v")

    def quoted(self, sent: Sentence) -> list[Mention]:
        """“…”行动 / “…”党建工程 / “…”的管理模式, a quoted name with a head word (or one ending in
        it), and a quoted core right after a cue verb (开展“双联双促”, 推出“一键办”服务)."""
        out = []
        text = sent.text
        prev = -9  # where the last quoted program ended: “甲”“乙”等 lists it with the next one
        for m in sorted((m for q in _QUOTES for m in q.finditer(text)), key=lambda m: m.start()):
            core = m.group(1)
            start, end = m.start(), m.end()
            after = text[end : end + 14]
            of = 1 if after.startswith("的") else 0  # “先试后推”的管理模式
            head = self._head_prefix(after[of:])
            weak = None if of else self.quote_head_re.match(after)
            if weak and segment.tag(self.seg.lcut(after[: weak.end()])[0]) == "v":
                weak = None  # “邻里驿站”开展托管服务: a verb follows the quotes, not a head
            head = max(head, weak.end() if weak else 0)
            cued = self.cue_before_re.search(text, max(0, start - 6), start) is not None
            plain = re.fullmatch(r"[\u4e00-\u9fff·+0-9A-Za-z]+", core) is not None
            if head and (not of or head <= 6):
                end += of + head
            elif _ROLE_WORD.search(core) or _BE_A.search(text, max(0, start - 8), start):
                continue  # 当好“勤务员”, 组建“尖刀部队”: a figure of speech for people, not a program
            elif (
                plain
                and len(core) <= 12
                and (
                    cued
                    or start - prev in (0, 1)
                    and text[prev:start] in ("", "、")
                    or self._listed_after_cue(text, start)
                )
            ):
                soft = _SOFT_HEAD.match(after)
                end += soft.end() if soft else 0
            elif not (plain and len(core) <= 12 and (self.head_re.search(core[-4:]) or core.endswith("制"))) and not (
                "·" in core and len(core) <= 16 and plain
            ):
                continue
            out.append(self._m(sent, start + sent.start, end + sent.start, C.Program, "quoted"))
            prev = end
        for m in _BOOK.finditer(text):
            out.append(self._m(sent, m.start() + sent.start, m.end() + sent.start, C.Program, "book"))
        return out

    def _listed_after_cue(self, text: str, start: int) -> bool:
        """深化“甲乙”、党员“丙丁”: a quoted item of a list that a cue verb opens in this clause."""
        before = text[max(0, start - 40) : start]
        clause = re.split(r"[,;:。!?]", before)[-1]
        if self.program_cue_re.search(clause) is None:
            return False
        end = text.find("”", start) + 1
        follows = re.match(r"、[^,。;“]{0,6}“", text[end : end + 9]) is not None  # the first item of the list
        return follows or ("、" in clause[-8:] and "”" in clause)

    def _head_prefix(self, tail: str) -> int:
        """Length of a head noun phrase at the start of ``tail`` (党建工程, 行动), 0 if none."""
        m = self.head_prefix_re.match(tail)
        return m.end() if m else 0

    def lists(self, sent: Sentence, starts: set[int]) -> list[Mention]:
        """A、B、C等(N家)…企业 / 项目 / 产业链: each item is an entity of that class."""
        out = []
        text = sent.text
        for m in _AFTER_ENTERPRISE.finditer(text) if "企业" in text and "、" in text else ():  # 龙头企业A、B、C等入驻
            pos = m.start(1)
            for item in m.group(1).split("、"):
                if len(item) >= 2 and not self._generic(item) and not self._has_suffix(item) and self._name_like(item):
                    out.append(self._m(sent, pos + sent.start, pos + len(item) + sent.start, C.Enterprise, "list"))
                pos += len(item) + 1
        if "等" in text and "部门" in text:  # 财政、发改、工信等部门: departments by their short names
            depts, lo = words("departments.txt"), 0
            for m in _DEPARTMENTS_END.finditer(text):
                pos, items = items_before(text, m.start(), lo=lo, longest=8, chars=_HAN)
                lo = m.end()
                for item in items:
                    short = next((item[i:] for i in range(len(item) - 1) if item[i:] in depts), "")
                    if short:
                        e = pos + len(item) + sent.start
                        out.append(self._m(sent, e - len(short), e, C.Agency, "list"))
                    pos += len(item) + 1
        if "、" in text and ("产业链" in text or "产业集群" in text):  # 绿色硅、绿色钛产业集群: each item a chain
            lo = 0
            for m in _CHAINS_END.finditer(text):
                pos, items = items_before(text, m.start(), lo=lo, longest=10, chars=_CHAIN_CHAR)
                lo = m.end()
                if len(items) < 2:
                    continue
                skip = self._lead(
                    items[0], ("v", "vn", "p", "d")
                )  # 形成|绿色硅, 重点发展|石化: not part of the first item
                pos, items[0] = pos + skip, items[0][skip:]
                for item in items:
                    if (
                        len(item) >= 2
                        and not self._generic(item)
                        and segment.tag(self.seg.lcut(item)[0]) not in ("v", "p", "d", "vn")
                    ):
                        out.append(
                            self._m(sent, pos + sent.start, pos + len(item) + sent.start, C.IndustryChain, "list")
                        )
                    pos += len(item) + 1
        if not any(w in text for w in ("企业", "公司", "项目", "产业链")):
            return out
        if "等" not in text and "为代表" not in text and not _COUNTED.search(text):
            return out
        cls_of = {"企业": C.Enterprise, "公司": C.Enterprise, "项目": C.Project, "产业链": C.IndustryChain}
        lo = 0
        for m in _LISTED.finditer(text):
            cls = cls_of[m.group(1)]
            pos, items = items_before(text, m.start(), lo=lo)
            if not items:
                continue
            lo = m.end()
            if len(items) == 1 and not self._single_item_ok(items[0]):
                continue
            for item in items:
                s, e = pos + sent.start, pos + len(item) + sent.start
                pos += len(item) + 1
                # drop leading words that are not part of the name (为富士康 -> 富士康)
                while s < e and s not in starts:
                    s += 1
                if s == e - len(item) and text[s - sent.start] in _PREPOSITIONS:
                    s += 1  # 为孚能科技: jieba glued the preposition to the first item
                trim = _TRIM_TAGS | {"vn"} if cls == C.IndustryChain else _TRIM_TAGS  # 重点发展|石化
                skip = self._lead(text[s - sent.start : e - sent.start], trim)
                if text[s + skip - sent.start : e - sent.start] not in self.business:
                    s += skip  # but 孚|能|科技 keeps its name: what is left would be a bare business word
                name = text[s - sent.start : e - sent.start]
                inner = [x for x in self.suffix_re.finditer(name[:-1]) if self.suffix_of[x.group()].cls in _ORGS]
                if inner:  # 星河电子有限公司为|华锐: the item begins after the name before it
                    s += inner[-1].end()
                    while s < e and text[s - sent.start] in self.function_chars:
                        s += 1
                    name = text[s - sent.start : e - sent.start]
                if e - s < 2 or self._generic(name) or self.suffix_re.search(name[-6:]) and self._has_suffix(name):
                    continue  # a name with its own suffix is typed by the suffix rule
                if cls != C.IndustryChain and not self._name_like(name):
                    continue  # 安全生产、技术创新等: activities, not names
                out.append(self._m(sent, s, e, cls, "list"))
        return out

    def cued_programs(self, sent: Sentence) -> list[Mention]:
        """建立X机制 / 出台X政策 / 落实…的X制: an unquoted program right after a cue word."""
        out = []
        text = sent.text
        for m in self.program_cue_re.finditer(text):
            stretch = _PROGRAM_CHARS.match(text, m.end(), m.end() + 42)
            if stretch is None:
                continue
            for end in self.program_end.finditer(text, m.end() + 2, stretch.end()):
                found = self._cued_program(sent, m.end(), end.end())
                if found:
                    out += found
                    break
        return out

    def _cued_program(self, sent: Sentence, start: int, end: int) -> list[Mention]:
        """The program(s) that ``text[start:end]`` names, [] if it names none and the next
        possible end should be tried (落实立项、规划…的限时办结制 ends at 办结制, not 规划)."""
        span = sent.text[start:end]
        counted = _COUNTED_PROGRAMS.fullmatch(span)
        if counted:  # 实施A、B、C三项制度: each item is a program
            pos, out = start, []
            for item in counted.group(1).split("、"):
                if 2 <= len(item) <= 16 and not self._generic(item):
                    out.append(self._m(sent, pos + sent.start, pos + len(item) + sent.start, C.Program, "cue-program"))
                pos += len(item) + 1
            return out
        if "的" in span and not span[: span.rindex("的")].endswith("”"):
            cut = span.rindex("的") + 1
            start, span = start + cut, span[cut:]
        if "“" in span:  # level words before the quotes are dropped (园区“…”工程 -> “…”工程)
            cut = span.index("“")
            start, span = start + cut, span[cut:]
        if "、" in span:
            return []
        lead = re.match(r"^(?:了|起|好|出|一套|一批|一系列|各项|各类|多项)", span)
        if lead:
            start, span = start + lead.end(), span[lead.end() :]
        name = clean_name(span)
        if name[:1].isdigit() or name in self.heads:
            return []  # 68项举措, 管理模式
        if "等" in name:
            return []  # 设立示范岗等措施: a list summed up, not a name
        strong = name.endswith(_STRONG_HEADS) and len(name) >= 5
        if (
            8 <= len(name) <= 32
            or strong
            or ("“" in span and len(name) >= 4)
            or (name.endswith("制") and len(name) >= 3)
        ):
            return [self._m(sent, start + sent.start, start + len(span) + sent.start, C.Program, "cue-program")]
        return []

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - recognisers live as long as the process
    def _name_like(self, item: str) -> bool:
        """A listed item made of name words (星河股份, 蓝海时代), not a phrase (解决困难, 资源共享)."""
        toks = self.seg.lcut(item)
        return segment.tag(toks[0]) not in ("v", "vn", "a", "ad", "d", "p") and all(
            self._name_token(t) or len(t) == 1 for t in toks
        )

    def _lead(self, item: str, tags: Iterable[str]) -> int:
        """How many characters of ``item`` end with its last word tagged one of ``tags`` (推动|X: 2)."""
        toks = self.seg.lcut(item)
        cut = max((i for i, t in enumerate(toks) if segment.tag(t) in tags), default=-1)
        return sum(len(t) for t in toks[: cut + 1])

    def _has_suffix(self, name: str) -> bool:
        return any(name.endswith(x) and len(name) > len(x) for x in self.suffix_of)

    def _single_item_ok(self, item: str) -> bool:
        """A one-item list (推动X等重大项目) only right after a verb, the item a single name."""
        toks = self.seg.lcut(item)
        for n in range(1, len(toks)):
            rest = "".join(toks[n:])
            if segment.tag(toks[n - 1]) == "v" and 2 <= len(rest) <= 8 and not self._generic(rest):
                return True
        return False

    def persons(self, sent: Sentence, toks: list[tuple[int, int, str]]) -> list[Mention]:
        """A name after a role word (董事长王明, 游客李芳), and the names of a byline
        (记者 张三 通讯员 李四, 王五 赵六/文)."""
        out = []
        text = sent.text
        for m in self.role_re.finditer(text):
            gap = re.match(r"[ \t]*", text[m.end() :]).end()
            s = m.end() + gap + sent.start
            name = self._person_at(text, s - sent.start, toks, sent.start)
            while name:
                out.append(self._m(sent, s, s + len(name), C.Person, "person-role"))
                if not gap:
                    break
                nxt = re.match(r"[ \t]+", text[s - sent.start + len(name) :])  # 记者 张三 李四
                if not nxt:
                    break
                s += len(name) + nxt.end()
                name = self._person_at(text, s - sent.start, toks, sent.start)
        for m in _BYLINE.finditer(text):
            pos = m.start(1)
            for part in re.split(r"([ \t]+)", m.group(1)):
                if self.person_re.fullmatch(part):
                    out.append(self._m(sent, pos + sent.start, pos + len(part) + sent.start, C.Person, "byline"))
                pos += len(part)
        return out

    def _person_at(self, text: str, i: int, toks: list[tuple[int, int, str]], base: int) -> str:
        """The person name starting at ``text[i]`` (a surname and one or two characters), or ""."""
        p = self.person_re.match(text, i)
        if not p:
            return ""
        name = p.group()
        s = i + base
        for ts, te, t in toks:  # keep the name to the token that ends it (董事长王明表示 -> 王明)
            if ts == s:
                if 2 <= len(t) <= 3:
                    if segment.tag(t) not in _PERSON_TAGS:
                        return ""  # 单位, 和辖区: a word, not a name
                    name = text[i : i + len(t)]
                elif len(t) == 1 and t in self.function_chars:
                    return ""  # 向记者
                break
        if len(name) == 3 and name[-1] in _SPEECH:
            name = name[:2]  # 刘洪说
        elif len(name) == 2 and len(p.group()) == 3:
            nxt = next((t for ts, _, t in toks if ts == s + 2), "")
            after = next((t for ts, _, t in toks if ts == s + 3), "")
            if len(nxt) == 1 and nxt not in self.function_chars and nxt not in _SPEECH and segment.tag(after) == "v":
                name = p.group()  # 蔡报|贵|表示: jieba cut a three-character name before the verb
        return name if len(name) >= 2 else ""

    def user(self, sent: Sentence) -> list[Mention]:
        return [
            self._m(sent, m.start() + sent.start, m.end() + sent.start, self.user_of[m.group()], "user")
            for m in self.user_re.finditer(sent.text)
        ]


_ITEM_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·]")


def items_before(
    text: str, end: int, *, lo: int = 0, shortest: int = 2, longest: int = 16, chars: re.Pattern = _ITEM_CHAR
) -> tuple[int, list[str]]:
    """The coordinated items (甲、乙、丙) that end at ``text[end]``, and where the first begins.

    Read backwards from the end, as the regex ``((?:X{2,16}、)*X{2,16})`` would find them from the
    left, but without its cost on long sentences. ``lo`` is the leftmost position the items may use.

    >>> items_before("引进星河、蓝海、光启等企业", 10)
    (0, ['引进星河', '蓝海', '光启'])
    """
    items: list[str] = []
    first = i = end
    while True:
        j = i
        while j > lo and i - j < longest and chars.match(text, j - 1):
            j -= 1
        if i - j < shortest:
            break
        items.insert(0, text[j:i])
        first = j
        if j - 1 <= lo or text[j - 1] != "、":
            break
        i = j - 1
    return first, items


def _between(toks: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """The tokens lying within ``[start, end)`` (``toks`` sorted by position)."""
    i = bisect.bisect_left(toks, start, key=lambda x: x[0])
    j = bisect.bisect_right(toks, end, key=lambda x: x[1])
    return toks[i:j]


def select(mentions: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions: longest first, then the most specific class, then earliest.

    >>> a = Mention("d", 0, 3, "成都市", "Region")
    >>> b = Mention("d", 0, 5, "成都经开区", "Park")
    >>> [m.text for m in select([a, b])]
    ['成都经开区']
    """
    rank = {c: i for i, c in enumerate(PRIORITY)}
    chosen: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in sorted(set(mentions), key=lambda m: (-(m.end - m.start), rank[m.cls], m.start, m.rule)):
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


def recognise_with(rec: Recogniser, sents: Iterable[Sentence]) -> tuple[Mention, ...]:
    """All mentions of the sentences ``sents`` that ``rec`` finds, after the overlap policy."""
    out: list[Mention] = []
    for sent in sents:
        out += select(rec.sentence(sent))
    return tuple(out)


def recognise_text(text: str) -> tuple[Mention, ...]:
    """Mentions in a short text (for tests and the doctest above)."""
    doc = Document(doc_id="text", source="text", title="", text=text)
    return recognise(doc, segment.sentences(doc))
