"""Makers and owners: the companies a sentence names by what they make, publish or own, where the
name itself carries no company suffix (a Latin name, a brand the dictionary does not know).

A name is an Enterprise when the sentence puts it in a maker's place:

- after 由 and before a verb of making (由星澜开发, 由北京澜星自主研发, 由A开发、B发行);
- opening a clause before such a verb and 的 (星澜开发的…);
- before 旗下 (星澜旗下的…), which says it owns companies or brands;
- after a maker's noun in apposition (开发商星澜, 发行商澜星表示);
- quoted right after a company noun (游戏公司“Starlan”).

The name is read from the span model's words: one or two of them, a place first at most, and at
least one word that is a name rather than a common word (Latin letters, a model ORG or PER, a word
jieba's dictionary lacks). 由专家团队开发 names no maker.

>>> from kg.pipeline import Pipeline
>>> sorted((m.text, m.cls) for m in Pipeline().text("该游戏由Starlan开发、Quarvo发行。").mentions)
[('Quarvo', 'Enterprise'), ('Starlan', 'Enterprise')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

#: verbs of making, publishing or running something
MAKE = "开发|研发|研制|制作|发行|出品|运营|代理|打造|生产|制造|推出|设计|承建"
#: adverbs between a maker and its verb (由星澜自主研发)
_ADVERB = "(?:自主|独立|联合|负责|全力|倾力|精心|共同|正在|正|一手)?"
_VERB_AFTER = re.compile(rf"{_ADVERB}(?:{MAKE})")
#: 由A开发、B发行: the list before an enumeration comma names a maker and its verb
_LISTED = re.compile(rf"由[^，。；,;]*(?:{MAKE})$")
#: a maker's noun in apposition before its name (开发商星澜)
_MAKER_NOUNS = r"开发商|发行商|运营商|代理商|制造商|生产商|供应商|厂商|出品方|研发商"
_MAKER_NOUN = re.compile(rf"(?:{_MAKER_NOUNS})$")
_COMPANY_NOUN = re.compile(r"(?:公司|企业|厂商|开发商|发行商|集团)$")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9&\-]*$")
#: a sentence without any of these names no maker (most do not: checked before reading its words)
_ANY = re.compile(rf"由|旗下|{_MAKER_NOUNS}|(?:公司|企业|集团)[“\"]|(?:{MAKE})的")
#: the model's tags of words that may be (part of) a maker's name
_NAME_TAGS = frozenset({"ORG", "PER", "LOC", "nz", "n", "nw", "eng"})
_CLAUSE_START = '，。；：、！？,;:!?（(“"《》'


def _name_like(word: str, tag: str, known: Callable[[str], int]) -> bool:
    return bool(_LATIN.match(word)) or tag in ("ORG", "PER", "nz") or (tag == "n" and not known(word))


def possible(text: str) -> bool:
    """Whether ``text`` may name a maker at all (most sentences cannot: they are not read further)."""
    return _ANY.search(text) is not None


def makers(text: str, words: Sequence[tuple[int, int, str]], known: Callable[[str], int]) -> list[tuple[int, int]]:
    """The sentence-local spans of the makers ``text`` names; ``words`` are the model's words as
    sentence-local ``(start, end, tag)``, ``known`` counts a word in jieba's dictionary (0 if unknown)."""
    out: set[tuple[int, int]] = set()
    if not possible(text):
        return []
    for k, (s, e, tag) in enumerate(words):
        word = text[s:e]
        if word == "由" or text[max(0, s - 2) : e] == "旗下的" or word == "、" and _LISTED.search(text, 0, s):
            span = _name_at(text, words, k + 1, known)
            if span and _VERB_AFTER.match(text, span[1]):
                out.add(span)
        elif tag == "n" and _MAKER_NOUN.search(word):
            span = _name_at(text, words, k + 1, known, places=False)
            if span:
                out.add(span)
        elif _COMPANY_NOUN.search(word) and text[e : e + 1] in '“"' and k + 2 < len(words):
            s2, e2, _ = words[k + 2]
            if text[e2 : e2 + 1] in '”"' and _LATIN.match(text[s2:e2]):
                out.add((s2, e2))
        if tag in _NAME_TAGS and text[e : e + 2] == "旗下" and _name_like(word, tag, known):
            out.add((s, e))
        elif tag in _NAME_TAGS and (s == 0 or text[s - 1] in _CLAUSE_START):
            span = (s, e) if tag == "PER" and _LATIN.match(word) else _name_at(text, words, k, known)
            if span and _made_by(text, span[1]):
                out.add(span)
    return sorted(out)


def _made_by(text: str, end: int) -> bool:
    """星澜开发的…: a verb of making and 的 right after a name that opens a clause."""
    m = _VERB_AFTER.match(text, end)
    return m is not None and text[m.end() : m.end() + 1] == "的"


def _name_at(
    text: str, words: Sequence[tuple[int, int, str]], k: int, known: Callable[[str], int], places: bool = True
) -> tuple[int, int] | None:
    """The maker's name starting at model word ``k``: a place at most, then one word that is a
    name (the place alone is no maker), or None."""
    if k >= len(words):
        return None
    s, e, tag = words[k]
    if tag == "LOC" and places and k + 1 < len(words) and words[k + 1][0] == e:
        nxt = words[k + 1]
        if _name_like(text[nxt[0] : nxt[1]], nxt[2], known) and nxt[2] != "LOC":
            return s, nxt[1]
        return None
    if tag in ("LOC", "PER") and places:
        return None  # 由张三开发: a person or a place
    word = text[s:e]
    if tag not in _NAME_TAGS or not _name_like(word, tag, known) or len(word) < 2:
        return None
    return s, e
