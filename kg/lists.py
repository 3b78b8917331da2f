"""Coordinated lists: A、B、C等企业 / 等项目 / 等产业链, 龙头企业A、B, 财政、发改等部门.

>>> items_before("引进星河、蓝海、光启等企业", 10)
(0, ['引进星河', '蓝海', '光启'])
"""

from __future__ import annotations

import functools
import re

from kg import segment
from kg.lexicon import heads, words
from kg.names import NameRules
from kg.records import Mention, Sentence
from kg.schema import ORGS, C

# Tags of words that end the text before a listed name (以|吉利, 推动|X).
_TRIM_TAGS = {"p", "c", "u", "uj", "ul", "uz", "d", "r", "v"}
_AFTER_ENTERPRISE = re.compile(
    r"(?:龙头|链主|头部|骨干|领军|重点|知名|优质|标杆|明星)企业((?:[\u4e00-\u9fffA-Za-z0-9]{2,10}、)+[\u4e00-\u9fffA-Za-z0-9]{2,10}?)(?=等|及|和|,|。|$)"
)
# what ends a list of entities of a class: 等(N家)企业, 为代表的企业, 3个项目
_LISTED = re.compile(
    r"(?:等|为代表的|(?=[0-9一二三四五六七八九十]+[个条家项大]))(?:[^,。;、\s]{0,12}?)(企业|公司|项目|产业链)"
    r"(?!重点|工作|发展|建设|管理|经营|生产|文化)"  # 融入节能降耗、质量提升等企业重点工作: activities
)
_COUNTED = re.compile(r"、[^,。]{2,16}[0-9一二三四五六七八九十]+[个条家项大]")
_DEPARTMENTS_END = re.compile(r"等(?:[0-9一二三四五六七八九十]+个)?(?:相关|有关|职能|行业|成员)?(?:部门|单位)")
_OFFICE_HEADS = ("中心", "办", "局", "委")
_CHAINS_END = re.compile(r"产业集群|产业链")
_CHAIN_BODY = re.compile(r"(?:综合|联合|联盟)?(?:党委|党总支|党支部|党组织|党建|联盟)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CHAIN_CHAR = re.compile(r"(?![的为是在等和及与以])[\u4e00-\u9fff]")  # chain names hold no function words
_PREPOSITIONS = set("为与和向对给把被在将由从让同")


_LISTED_CLASS = {"企业": C.Enterprise, "公司": C.Enterprise, "项目": C.Project, "产业链": C.IndustryChain}
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


class ListRules(NameRules):
    """The rules that read coordinated lists."""

    def lists(self, sent: Sentence, starts: set[int]) -> list[Mention]:
        """A、B、C等(N家)…企业 / 项目 / 产业链: each item is an entity of that class."""
        text = sent.text
        out = []
        if "企业" in text and "、" in text:
            out += self._after_enterprise(sent)
        if "等" in text and "部门" in text:
            out += self._departments(sent)
        if self.bureau_re.search(text):
            out += self._bureaus(sent)
        if "、" in text and ("产业链" in text or "产业集群" in text):
            out += self._chains(sent)
        if not any(w in text for w in ("企业", "公司", "项目", "产业链")):
            return out
        if "等" not in text and "为代表" not in text and not _COUNTED.search(text):
            return out
        lo = 0
        for m in _LISTED.finditer(text):
            pos, items = items_before(text, m.start(), lo=lo)
            if not items:
                continue
            lo = m.end()
            if len(items) == 1 and not self._single_item_ok(items[0]):
                continue
            for item in items:
                found = self._listed_item(sent, starts, pos, item, _LISTED_CLASS[m.group(1)])
                out += [found] if found else []
                pos += len(item) + 1
        return out

    def _after_enterprise(self, sent: Sentence) -> list[Mention]:
        """龙头企业A、B、C等入驻: each item after 龙头企业 is an enterprise."""
        out = []
        for m in _AFTER_ENTERPRISE.finditer(sent.text):
            pos = m.start(1)
            for item in m.group(1).split("、"):
                if len(item) >= 2 and not self._generic(item) and not self._has_suffix(item) and self._name_like(item):
                    out.append(self._local(sent, pos, pos + len(item), C.Enterprise, "list"))
                pos += len(item) + 1
        return out

    def _departments(self, sent: Sentence) -> list[Mention]:
        """财政、发改、工信等部门: departments by their short names."""
        text, out = sent.text, []
        depts, lo = words("departments.txt"), 0
        for m in _DEPARTMENTS_END.finditer(text):
            pos, items = items_before(text, m.start(), lo=lo, longest=8, chars=_HAN)
            lo = m.end()
            for item in items:
                found = self._department(sent, pos, item, depts)
                out += [found] if found else []
                pos += len(item) + 1
        return out

    def _department(self, sent: Sentence, pos: int, item: str, depts: frozenset[str]) -> Mention | None:
        """The body an item of a list of departments names: a department's short name (发改), one
        with an office's head (投促中心), or a body with a suffix of its own (星澜工委), after the
        verbs before the first item (会同|星澜工委)."""
        e = pos + len(item) + sent.start
        short = next((item[i:] for i in range(len(item) - 1) if item[i:] in depts), "")
        if short:
            return self._m(sent, e - len(short), e, C.Agency, "list")
        toks = self.seg.lcut(item)
        while len(toks) > 1 and (segment.tag(toks[0]) in ("v", "p", "d", "c") or toks[0] in self.name_stops):
            toks.pop(0)  # 牵头|会同|星澜工委
        name = "".join(toks)
        suffix = next((x for x in self.suffix_of if name.endswith(x) and len(name) > len(x)), "")
        if suffix and self.suffix_of[suffix].cls in ORGS and len(name) <= 8:
            return self._m(sent, e - len(name), e, self.suffix_of[suffix].cls, "list")
        if name.endswith(_OFFICE_HEADS) and name.rstrip("".join(_OFFICE_HEADS)) in depts:
            return self._m(sent, e - len(name), e, C.Agency, "list")
        return None

    @functools.cached_property
    def bureau_re(self) -> re.Pattern[str]:
        """A bureau named by its function: (镇)财政和经济发展局, 应急管理局, 市场监督管理委员会."""
        depts = "|".join(sorted(words("departments.txt"), key=len, reverse=True))
        heads_ = "|".join(sorted(heads("bureau_head"), key=len, reverse=True))
        level = "省|市|县|(?<![开新园能贸税保景社城辖片])区|镇|乡|街道"  # not the 区 of 经开区 or 社区
        return re.compile(rf"(?:{level})?(?:{depts})(?:和(?:{depts}))*(?:{heads_})")

    def _bureaus(self, sent: Sentence) -> list[Mention]:
        """Bureaus listed without a place (应急管理局、镇财政和经济发展局): Agencies by their function."""
        return [self._local(sent, m.start(), m.end(), C.Agency, "bureau") for m in self.bureau_re.finditer(sent.text)]

    def _chains(self, sent: Sentence) -> list[Mention]:
        """绿色硅、绿色钛产业集群: each item is a chain (形成|绿色硅: the verb is not part of the first)."""
        text, out = sent.text, []
        lo = 0
        for m in _CHAINS_END.finditer(text):
            pos, items = items_before(text, m.start(), lo=lo, longest=10, chars=_CHAIN_CHAR)
            lo = m.end()
            if len(items) < 2 or _CHAIN_BODY.match(text, m.end()):
                continue  # 整合园区、部门、企业资源成立产业链综合党委: a committee, no list of chains
            skip = self._lead(items[0], ("v", "vn", "p", "d"))
            pos, items[0] = pos + skip, items[0][skip:]
            for item in items:
                if (
                    len(item) >= 2
                    and not self._generic(item)
                    and segment.tag(self.seg.lcut(item)[0]) not in ("v", "p", "d", "vn")
                ):
                    out.append(self._local(sent, pos, pos + len(item), C.IndustryChain, "list"))
                pos += len(item) + 1
        return out

    def _listed_item(self, sent: Sentence, starts: set[int], pos: int, item: str, cls: str) -> Mention | None:
        """The name an item of a list holds (为富士康 -> 富士康), or None if it names nothing."""
        text = sent.text
        s, e = pos + sent.start, pos + len(item) + sent.start
        while s < e and s not in starts:  # drop leading words that are not part of the name
            s += 1
        if s == e - len(item) and text[s - sent.start] in _PREPOSITIONS:
            s += 1  # 为孚能科技: jieba glued the preposition to the first item
        trim = _TRIM_TAGS | {"vn"} if cls == C.IndustryChain else _TRIM_TAGS  # 重点发展|石化
        skip = self._lead(text[s - sent.start : e - sent.start], trim)
        if text[s + skip - sent.start : e - sent.start] not in self.business:
            s += skip  # but 孚|能|科技 keeps its name: what is left would be a bare business word
        name = text[s - sent.start : e - sent.start]
        inner = [x for x in self.suffix_re.finditer(name[:-1]) if self.suffix_of[x.group()].cls in ORGS]
        if inner:  # 星河电子有限公司为|华锐: the item begins after the name before it
            s += inner[-1].end()
            while s < e and text[s - sent.start] in self.function_chars:
                s += 1
            name = text[s - sent.start : e - sent.start]
        if e - s < 2 or self._generic(name) or self.suffix_re.search(name[-6:]) and self._has_suffix(name):
            return None  # a name with its own suffix is typed by the suffix rule
        if cls != C.IndustryChain and not self._name_like(name):
            return None  # 安全生产、技术创新等: activities, not names
        return self._m(sent, s, e, cls, "list")

    def _single_item_ok(self, item: str) -> bool:
        """A one-item list (推动X等重大项目) only right after a verb, the item a single name."""
        toks = self.seg.lcut(item)
        for n in range(1, len(toks)):
            rest = "".join(toks[n:])
            if segment.tag(toks[n - 1]) == "v" and 2 <= len(rest) <= 8 and not self._generic(rest):
                return True
        return False
