"""What the recognition rules share: name checks over jieba's tokens and tags, and the compiled
lexicon (``NameRules``, the base of every rule family).

>>> clean_name("区委“双创”工委")
'区委双创工委'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from kg import segment
from kg.lexicon import Lexicon, heads, words
from kg.records import Mention, Sentence
from kg.schema import C, P
from kg.trie import trie_regex

# Tags a token may have to be part of a name (nouns, names, abbreviations, unknown words).
NAME_TAGS = {
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
PLACE_TAGS = {"ns", "nr", "nz", "nt", "nrt", "j", ""}
#: how a name of the party opens (中共星澜区委员会, 中国共产党星澜区委员会)
PARTY_NAMES = ("中共", "中国共产党")
# heads that make a following word a program only right after quotes (“送策上门”方式, ‘红管家’服务)
_QUOTE_HEADS = heads("quote_head")
# a level written alone before a body's name (县|宣传部, 市|发改委, 区|政府)
LEVELS = frozenset("省市县区镇乡州")
NAME_CHARS = re.compile(r"^[\u3400-\u9fffA-Za-z0-9·\-+]+$")
_FUNCTION_FREE = r"(?:(?![等的和与及为在是了对把将从向以由被])[\u4e00-\u9fff])"
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


class NameRules:
    """The lexicon compiled once for the rules, and the checks they share."""

    def __init__(self, lexicon: Lexicon, segmenter: segment.Segmenter | None = None) -> None:
        self.lex = lexicon
        self.seg = segmenter or segment.for_words(n for e in lexicon.user for n in (e.name, *e.aliases))
        self.suffix_of = {s.text: s for s in lexicon.suffixes}
        self.suffix_re = trie_regex(self.suffix_of)
        #: banks that are state bodies (人民银行): their branches are Agencies too
        self.agency_bank_re = trie_regex(
            {s.text for s in lexicon.suffixes if s.cls == "Agency" and s.text.endswith("银行")}
        )
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
        self.strict_heads = tuple(strict)
        # where an unquoted program may end: a head word before punctuation, 等 or 的
        self.program_end = re.compile(r"(?:" + "|".join(map(re.escape, strict)) + r")(?=[,。;:!?、)]|等|的|$)")
        # a quoted name right after one of these is a program (开展“X”) or a body joined (加入“X”)
        joined = sorted({c.text for c in lexicon.cues if c.prop == P.memberOf and c.frame == "SVO"})
        self.cue_before_re = re.compile(
            "(?:" + "|".join(re.escape(c) for c in (*cue_words, *joined)) + r")(?:了|起|好|出)?$"
        )
        # words between the quotes and the head, never across a function word (“一老一幼”关爱等服务);
        # the weak heads only close a short phrase that ends there (“贴心式”服务并非… is no name)
        self.head_prefix_re = re.compile(_FUNCTION_FREE + "{0,9}(?:" + "|".join(re.escape(h) for h in self.heads) + ")")
        self.quote_head_re = re.compile(
            _FUNCTION_FREE + "{0,6}(?:" + "|".join(_QUOTE_HEADS) + r")(?=[^\u4e00-\u9fff]|[的与和及等在中上为以]|$)"
        )
        self.head_re = re.compile("(?:" + "|".join(re.escape(h) for h in self.heads) + ")")
        self.roles = frozenset(lexicon.roles)
        self.role_words = tuple(lexicon.roles)
        self.member_roles = heads("member_role")
        self._posts: dict[str, bool] = {}  # token -> whether it is a post (asked for every token a name walks over)
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

    def _m(self, sent: Sentence, start: int, end: int, cls: str, rule: str) -> Mention:
        return Mention(sent.doc_id, start, end, sent.between(start, end), cls, rule)

    def _local(self, sent: Sentence, start: int, end: int, cls: str, rule: str) -> Mention:
        """A mention at sentence-local offsets ``[start, end)``."""
        return self._m(sent, start + sent.start, end + sent.start, cls, rule)

    def not_names_ending(self, ch: str) -> tuple[str, ...]:
        return self._not_names.get(ch, ())

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - recognisers live as long as the process
    def _proper(self, stem: str) -> bool:
        """Whether ``stem`` holds a proper name: a place, a coined or unknown word."""
        return any(
            segment.tag(t) in PLACE_TAGS and len(t) > 1 or t in self.lex.short_forms for t in self.seg.lcut(stem)
        )

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - recognisers live as long as the process
    def relative(self, name: str) -> bool:
        """Whether a name holds no proper name once its suffixes are dropped (区委宣传部)."""
        return not self._proper("".join(w for w in self.seg.lcut(name) if w not in self.suffix_of))

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

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - recognisers live as long as the process
    def _name_token(self, t: str) -> bool:
        """Whether token ``t`` may be part of a name (a hint from jieba's dictionary tags)."""
        if not NAME_CHARS.match(t) or t in self.name_stops or t[0].isdigit():
            return False
        tag = segment.tag(t)
        if t in self.cue_words and (tag not in ("n", "vn") or t not in self.business):
            return False  # 落户|绵阳高新区: a relation verb, not part of the name
        if tag not in NAME_TAGS:
            return False
        if tag == "" and len(t) >= 3:  # an unknown word made of verbs (优化调整) is not a name
            parts = self.seg.lcut(t, HMM=False)
            if len(parts) > 1 and all(segment.tag(p) in {"v", "vn", "d", "ad"} for p in parts):
                return False
        # 内|设, 下|建: a place word and a verb jieba joined, not a name
        return not (tag == "" and len(t) == 2 and segment.tag(t[0]) == "f" and segment.tag(t[1]) == "v")

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
