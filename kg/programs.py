"""Programs: quoted names with a head word (“…”行动, “…”党建工程), book titles (《…》) and
unquoted names right after a cue verb (建立X机制, 出台X政策).

>>> from kg.entities import recognise_text
>>> [(m.text, m.cls) for m in recognise_text("开展“红色引擎”行动")]
[('“红色引擎”行动', 'Program')]
"""

from __future__ import annotations

import re

from kg import segment
from kg.lexicon import heads
from kg.names import NameRules, clean_name
from kg.records import Mention, Sentence
from kg.schema import C

# heads that make even a short unquoted phrase a program name (人才引育计划); weaker ones
# (机制, 体系, 政策) need a longer, more specific name
_STRONG_HEADS = heads("strong_program_head")
# a quoted word for people (“勤务员”, “尖刀部队”, “娘家人”) or after 当好/争当 is a figure of speech
_ROLE_WORD = re.compile(r"(?:员|者|人|手|兵|部队|队|军|雁|官|管家|保姆|小二|娘家)$")
_BE_A = re.compile(r"(?:当好|当起|争当|争做|化身为|化身|成为)[^,。;“]{0,6}$")
#: 以X为抓手: the means a sentence names, a program when X ends with a program's head
MEANS_AFTER = r"为(?:抓手|载体|牵引|引领|突破口|切入点|主线|纽带|依托|核心|契机|支撑)"
_MEANS = re.compile(r"以([\u4e00-\u9fffA-Za-z0-9+·“”]{2,16}?)" + MEANS_AFTER)
_PROGRAM_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9+·“”、]+")
_COUNTED_PROGRAMS = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z0-9+·]{2,16}、)+[\u4e00-\u9fffA-Za-z0-9+·]{2,16}?)[两三四五六七八九十0-9]+[项个条大种](?:制度|机制|举措|措施|行动|工程|模式|服务)"
)
_SOFT_HEAD = re.compile(r"(?:服务|工作|改革|活动|方式|行动)")
_QUOTED = re.compile(r"“([^“”\n]{2,40})”")
_QUOTES = (_QUOTED, re.compile(r"‘([^‘’\n]{2,40})’"))
_BOOK = re.compile(r"《([^《》\n]{2,60})》")
# a book title that names a newspaper, a magazine or an article, not a document of a program
_NOT_A_DOCUMENT = re.compile(r"(?:日报|晚报|早报|报|杂志|周刊|月刊|的建设)$|——|[:：?？!！]")
# the rest of a list of quoted items, closed by 等 and a program head: …”、星河公司“乙”等模式
_LIST_CLOSE = re.compile(
    r"(?:[、和及与][^,。;:!?“”]{0,12}“[^“”]{2,16}”)*等(?:[一-九十0-9]+[个项种条])?(?:模式|机制|做法|经验|品牌|行动|工程|举措|服务|活动|制度)"
)


class ProgramRules(NameRules):
    """The rules that find programs."""

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
            elif re.fullmatch(r"[0-9A-Za-z+＋×·-]+", core):
                continue  # “1+1”“1+N”的联建模式: a bare numeric label is no name (its list's head names one)
            elif (
                plain
                and len(core) <= 12
                and (
                    cued
                    or start - prev in (0, 1)
                    and text[prev:start] in ("", "、")
                    or self._listed_after_cue(text, start)
                    or self._listed_before_head(text, end)
                )
            ):
                soft = _SOFT_HEAD.match(after)
                end += soft.end() if soft else 0
            elif not (plain and len(core) <= 12 and (self.head_re.search(core[-4:]) or core.endswith("制"))) and not (
                "·" in core and len(core) <= 16 and plain
            ):
                continue
            named = core + text[m.end() : end]  # “…党支部”三级组织体系: the head after the quotes names the kind
            out.append(self._local(sent, start, end, self._quoted_class(named), "quoted"))
            prev = end
        for m in _BOOK.finditer(text):
            if not _NOT_A_DOCUMENT.search(m.group(1)):
                out.append(self._local(sent, m.start(), m.end(), C.Program, "book"))
        return out

    def _quoted_class(self, core: str) -> str:
        """A quoted name whose head says it is an organisation or a park (“川影·星澜工作室”,
        “同心共晋·星澜联盟”) is one; other quoted names are programs."""
        head = next((h for h in self.suffix_of if core.endswith(h) and len(core) > len(h) + 1), "")
        cls = self.suffix_of[head].cls if head else C.Program
        return cls if cls in (C.Institution, C.PartyOrganization, C.Agency, C.Park, C.Enterprise) else C.Program

    def _listed_after_cue(self, text: str, start: int) -> bool:
        """深化“甲乙”、党员“丙丁”: a quoted item of a list that a cue verb opens in this clause."""
        before = text[max(0, start - 40) : start]
        clause = re.split(r"[,;:。!?]", before)[-1]
        if self.program_cue_re.search(clause) is None:
            return False
        end = text.find("”", start) + 1
        follows = re.match(r"、[^,。;“]{0,6}“", text[end : end + 9]) is not None  # the first item of the list
        return follows or ("、" in clause[-8:] and "”" in clause)

    def _listed_before_head(self, text: str, end: int) -> bool:
        """A's “甲”、B's “乙”等模式: a quoted item of a list that a program head closes in this clause."""
        m = _LIST_CLOSE.match(text, end)
        return m is not None and ("等" in m.group() or text.startswith("、", end))

    def _head_prefix(self, tail: str) -> int:
        """Length of a head noun phrase at the start of ``tail`` (党建工程, 行动), 0 if none."""
        m = self.head_prefix_re.match(tail)
        return m.end() if m else 0

    def cued_programs(self, sent: Sentence) -> list[Mention]:
        """建立X机制 / 出台X政策 / 落实…的X制: an unquoted program right after a cue word; 以X为抓手:
        the means a sentence names, when X ends with a program's head (以河长制为抓手)."""
        out = []
        text = sent.text
        for m in _MEANS.finditer(text):
            head = next((h for h in self.strict_heads if m.group(1).endswith(h)), "")
            if head and len(m.group(1)) > len(head):
                out += self._cued_program(sent, m.start(1), m.end(1))
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
                    out.append(self._local(sent, pos, pos + len(item), C.Program, "cue-program"))
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
            or (name.endswith("制") and not name.endswith(("体制", "机制")) and len(name) >= 3)
        ):
            return [self._local(sent, start, start + len(span), C.Program, "cue-program")]
        return []
