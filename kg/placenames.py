"""What a place the span model found is: a Region when it is an administrative division, a
country, a world city or a named place (a road, street, residential area, scenic area or park), a
Park when it ends with a park's or a building's head, nothing when it is a river, a mountain, a
quarter or a kind of place.

>>> from kg.entities import recogniser_for
>>> names = PlaceNames(recogniser_for(), ("产业园", "广场"))
>>> [names.classify(t) for t in ("成都市", "东京", "星澜路", "澜湖公园", "湿地公园", "星澜产业园", "洱海")]
[('Region', ''), ('Region', ''), ('Region', '路'), ('Region', '公园'), ('', ''), ('Park', '产业园'), ('', '')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kg import segment
from kg.lexicon import cities, countries, heads, words
from kg.model import Span
from kg.records import Sentence
from kg.schema import C

if TYPE_CHECKING:
    from kg.entities import Recogniser

#: a count or a kind, no name (3家, 一镇一村, 各类, 个人): not 四川, 三一, 九江, whose numeral starts a name
COUNTED_STEM = re.compile(
    r"^(?:[0-9]|[一二三四五六七八九十几多每两]+[个家条批类种名位项所座户镇村乡县区市盟旗州]|[各每个家条批类种])"
)
#: jieba's tags of common words: a name the model tagged ORG that jieba knows as one of these
#: (联动 vn, 宜居 a) is a word, not a name
COMMON = frozenset({"n", "v", "vn", "a", "an", "ad", "d", "l", "i", "m", "q", "r", "f", "s", "t", "b", "z"})
#: a word jieba's dictionary counts this often is a common word, whatever the model says (马力)
COMMON_FREQ = 100


class PlaceNames:
    """The rules' reading of the places the span model finds."""

    def __init__(self, rules: Recogniser, park_heads: tuple[str, ...]) -> None:
        self.rules = rules
        self.park_heads = park_heads  # heads of a park the model read as a place
        self.divisions = tuple(sorted((*rules.region_suffixes, *heads("division_head")), key=len, reverse=True))
        self.features = heads("place_feature")
        self.named_places = tuple(sorted(heads("named_place"), key=len, reverse=True))
        self.transliteration = frozenset("".join(words("transliteration.txt")))

    def classify(self, text: str) -> tuple[str, str]:
        """The class of a place the model found and the head that says so, or ``("", "")``."""
        rules, lex = self.rules, self.rules.lex
        if text in lex.divisions or text in countries() or text in cities():
            return C.Region, ""
        if len(text) >= 3 and all(c in self.transliteration for c in text) and text not in lex.short_forms:
            return C.Region, ""  # 塞维利亚, 蒙特利尔: a foreign place spelt in transliteration
        if text in lex.short_forms:
            return "", ""  # a short form names a region where the rules (with its context) say so
        if text.endswith("地区") and (text[:-2] in lex.divisions or text[:-2] in lex.short_forms):
            return C.Region, "地区"  # 广州地区: the region (an alias of 广州, see kg.resolve)
        park = next((h for h in self.park_heads if text.endswith(h)), "")
        if park:
            return (C.Park, park) if len(text) > len(park) + 1 else ("", "")
        named = self.named_place(text)
        if named:
            return C.Region, named  # 星澜路, 澜湖景区, 星河家园小区: a named place
        head = next((h for h in self.divisions if text.endswith(h)), "")
        if (
            not head
            or text.endswith(self.features)
            or COUNTED_STEM.match(text)
            or not rules._proper(text[: -len(head)])
        ):
            return "", ""  # 成渝地区, 文旅名镇: an area or a kind of town, not a named division
        return (C.Region, head) if len(text) > len(head) else ("", "")  # 洱海, 新街口: no regions

    def listed(self, sent: Sentence, words: Sequence[Span], k: int) -> bool:
        """Whether model word ``k`` is a region's short form in a list (、) next to a division or a
        short form the model also read as a place (台江、仓山、鼓楼: jieba knows 鼓楼 as a word)."""
        lex = self.rules.lex
        if sent.between(words[k].start, words[k].end) not in lex.short_forms:
            return False
        for j in (k - 2, k + 2):
            if not 0 <= j < len(words) or words[j].tag != "LOC":
                continue
            comma, other = words[(j + k) // 2], sent.between(words[j].start, words[j].end)
            if sent.between(comma.start, comma.end) == "、" and (other in lex.short_forms or other in lex.divisions):
                return True
        return False

    def named_place(self, text: str) -> str:
        """The head of a named place (``named_place`` in ``heads.tsv``: roads, streets, residential
        areas, scenic areas, parks) that ``text`` ends with, when what comes before it names it:
        not a common word (国家公园, 湿地公园, 步行街, 乡村振兴路: many a road in a report is a
        figure of speech), no kind of road (高速公路, 环湖小路), a count or a number (20路)."""
        head = next((h for h in self.named_places if text.endswith(h)), "")
        stem = text[: -len(head)] if head else ""
        if (
            len(stem) < 2
            or any(c.isdigit() for c in stem)
            or COUNTED_STEM.match(stem)
            or self.rules._generic(stem)
            or any(self._common(w) for w in (stem, stem[-2:]))
            or self._common(stem[-1] + head)
        ):
            return ""
        return head

    def _common(self, word: str) -> bool:
        return segment.tag(word) in COMMON and self.rules.seg.freq(word) >= COMMON_FREQ
