"""People: a name after a role word (董事长王明, 游客李芳) and the names of a byline.

>>> from kg.entities import recognise_text
>>> [(m.text, m.cls) for m in recognise_text("董事长王明表示")]
[('王明', 'Person')]
"""

from __future__ import annotations

import re

from kg import segment
from kg.lexicon import heads
from kg.names import NameRules
from kg.records import Mention, Sentence
from kg.schema import C

_PERSON_TAGS = {"nr", "nrfg", "nrt", "", "nz"}
_SPEECH = set("说讲称道表指介")
_BYLINE = re.compile(r"((?:[\u4e00-\u9fff]{2,3}[ \t]+){0,4}[\u4e00-\u9fff]{2,3})[ \t]*/[ \t]*[文图摄]")
#: a byline in brackets, whose name runs to the bracket: （记者马力）, （实习编辑婷婷）
_BRACKETED_BYLINE = re.compile(
    r"[（(](?:本报|实习)?(?:记者|编辑|通讯员|实习生|摄影)[ \t]*([\u4e00-\u9fff]{2,3})[ \t]*[）)]"
)
#: a speaker's name opening a line of a transcript: 张晓明：…
#: a title written after a surname (张先生, 杨律师): such a name is no one's full name
_HONORIFICS = heads("honorific")
_LONG_HONORIFICS = tuple(h for h in _HONORIFICS if len(h) > 1)
_SPEAKER = re.compile(r"^[ \t]*([\u4e00-\u9fff]{2,3})[：:]")


class PersonRules(NameRules):
    """The rules that find people."""

    def persons(self, sent: Sentence, toks: list[tuple[int, int, str]]) -> list[Mention]:
        """A name after a role word (董事长王明, 游客李芳), and the names of a byline
        (记者 张三 通讯员 李四, 王五 赵六/文)."""
        out = []
        text = sent.text
        starts = {ts for ts, _, _ in toks}
        for m in self.role_re.finditer(text):
            gap = len(text) - m.end() - len(text[m.end() :].lstrip(" \t"))
            s = m.end() + gap + sent.start
            if s not in starts:
                continue  # 赛区|长沙: a role word read across two words
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
        for b in _BRACKETED_BYLINE.finditer(text):
            out.append(self._local(sent, b.start(1), b.end(1), C.Person, "byline"))
        if (speaker := _SPEAKER.match(text)) and self._speaker(speaker.group(1)):
            out.append(self._local(sent, speaker.start(1), speaker.end(1), C.Person, "speaker"))
        for m in _BYLINE.finditer(text):
            pos = m.start(1)
            for part in re.split(r"([ \t]+)", m.group(1)):
                if self.person_re.fullmatch(part) and not _abbreviated_body(part):
                    out.append(self._local(sent, pos, pos + len(part), C.Person, "byline"))
                pos += len(part)
        return out

    def _speaker(self, name: str) -> bool:
        """Whether ``name``, opening a line before a colon, is a speaker's: a surname and one or two
        characters that jieba does not know as a word (主持人, 地址 are labels)."""
        lex = self.lex
        return (
            bool(self.person_re.fullmatch(name))
            and self.seg.freq(name) == 0
            and name not in lex.divisions
            and name not in lex.short_forms
            and name not in self.roles
        )

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
        if (
            name.endswith(_HONORIFICS)
            or text.startswith(_LONG_HONORIFICS, i + 1)
            or _abbreviated_body(name)
            or name in self.roles
        ):
            return ""  # 负责人蒲先生: a surname and a title, no one's full name
        if len(name) == 3 and name[-1] in _SPEECH:
            name = name[:2]  # 刘洪说
        elif len(name) == 2 and len(p.group()) == 3:
            nxt = next((t for ts, _, t in toks if ts == s + 2), "")
            after = next((t for ts, _, t in toks if ts == s + 3), "")
            if len(nxt) == 1 and nxt not in self.function_chars and nxt not in _SPEECH and segment.tag(after) == "v":
                name = p.group()  # 蔡报|贵|表示: jieba cut a three-character name before the verb
        return name if len(name) >= 2 else ""


def _abbreviated_body(name: str) -> bool:
    """澜组, 岳委: a byline's body by a character of its place and of its kind (组织部, 党委), no person."""
    return len(name) == 2 and name[1] in "组委办宣纪"
