"""Sports and betting reports: clubs, leagues and bookmakers, which the span model reads as people,
places or one run-together name.

In a sentence of a sports report (a word of ``heads.tsv``'s ``sport_context``, or a record such as
3胜2平1负), a name in a team's place is a club (an Institution) whatever the model tagged it:
before 主场, 客场, 队, a score or a record, or after 战胜, 逼平, 输给, 做客. ``A vs B`` is two
names, not one. A league written by its country's one-character short form and a level (英超,
西甲, 中超) or by a place and 联赛 is an Institution too. In a report of betting odds, a name
opening a clause and quoting odds (星澜：2.40/3.10/2.60, 星澜同赔率下, 星澜初赔…) is a bookmaker
(an Enterprise).

>>> from kg.pipeline import Pipeline
>>> sorted((m.text, m.cls) for m in Pipeline().text("澜星城队主场2比1战胜岳澜联。").mentions)
[('岳澜联', 'Institution'), ('澜星城队', 'Institution')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.lexicon import countries, head_pairs, heads
from kg.model import Span

#: a match record or a score: 3胜2平1负, 2比1, 0：3
RECORD = re.compile(
    r"\d+\s*胜\s*\d+\s*[平负]|\d+\s*[比:：]\s*\d+\s*[，。,；]?\s*(?:[胜负平]|战胜|击败|逼平|惨败|获胜|取胜)"
)
#: what follows a team's name
_AFTER = re.compile(
    r"(?:队(?![员长伍医])|\s*(?:vs|VS|Vs)|对|(?:在|此前)?(?:主客场|主场|客场)|主队|客队|本赛季|上赛季|新赛季|本季|上季|德比|出线|保级|"
    r"取胜|获胜|落败|输球|赢球|战平|逼平|击败|战胜|不敌|惨败|大胜|完胜|连胜|连败|不败|客胜|主胜|"
    r"近\d+[轮场]|(?:以|在)?\s*\d+\s*[比:：]\s*\d+|\s*\d+\s*胜)"
)
#: what comes before a team's name
_BEFORE = re.compile(
    r"(?:vs|VS|Vs|对|战胜|击败|逼平|输给|负于|不敌|淘汰|力克|轻取|迎战|对阵|做客|客平|客胜|主胜|胜过|平过|拿下|交手|"
    r"主场对|客场对)\s*$"
)
#: ``A vs B`` written together
_VS = re.compile(r"\s*(?:vs|VS|Vs)\.?\s*")
_VS_AFTER = re.compile(r"\s*(?:vs|VS|Vs)")
_VS_BEFORE = re.compile(r"(?:vs|VS|Vs)\.?\s*$")
#: a word of the match the model read into a team's name (星澜德比, 星澜客场防平)
_MATCH_WORD = re.compile(r"德比|主场|客场|主战|客战")
#: odds quoted after a bookmaker's name at the start of a clause
_ODDS = re.compile(
    r"(?:凯比值|初赔|即时赔|(?:相同|同)赔率|主胜|客胜赔|平赔|开出|[:：]\s*\d+\.\d+\s*/|"
    r"(?:早早|同时)?(?:压低|降低|提高|抬高|上调|下调)了?(?:主胜|客胜|平赔|赔付率|赔率))"
)
#: the start of a clause before a bookmaker's name
_CLAUSE = re.compile(r"(?:^|(?<=\W))([A-Za-z][A-Za-z0-9]{1,11}|[\u4e00-\u9fff]{2,4})$")
#: what opens a clause in odds reports without being a bookmaker
_NOT_BOOKMAKER = re.compile(r"[队赔盘场率彩期轮]|^(?:本|上|该|此|这|那|各|同|主|客|欧|亚)")


class Sport:
    """The sports rules, compiled once."""

    def __init__(self) -> None:
        self.context = re.compile("|".join(re.escape(w) for w in heads("sport_context")))
        self.countries = countries()
        # a league: a country's one-character form (or 欧, 亚) and a level: 英超, 西甲联赛
        shorts = "".join(c for c, _ in head_pairs("country_short"))
        self.league_code = re.compile("^[" + shorts + "欧亚][超甲乙冠](?:联赛)?$")

    def report(self, text: str) -> bool:
        """Whether ``text`` is a sentence of a sports report."""
        return bool(self.context.search(text) or RECORD.search(text))

    def versus(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is one side of ``A vs B``."""
        return bool(_VS_AFTER.match(text, end) or _VS_BEFORE.search(text, 0, start))

    def document(self, sentences: Sequence[str]) -> bool:
        """Whether a document of ``sentences`` is a sports report: a third of its sentences are."""
        return 3 * sum(map(self.report, sentences)) >= len(sentences) > 0

    def team(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` stands where a sentence of a sports report names a team."""
        if text[end : end + 1] == "的" and text[start:end] in self.countries:
            return False  # 来自土耳其的…: the club's country
        return bool(_AFTER.match(text, end) or _BEFORE.search(text, 0, start))

    def leagues(self, text: str, words: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
        """The spans of leagues among ``words`` (sentence-local ``(start, end, tag)``): 英超, 西甲联赛,
        and a country before 联赛 (乌克兰联赛)."""
        out = []
        for k, (s, e, tag) in enumerate(words):
            w = text[s:e]
            if tag != "w" and self.league_code.match(w):
                nxt = words[k + 1] if k + 1 < len(words) else None
                end = nxt[1] if nxt and nxt[0] == e and text[nxt[0] : nxt[1]] == "联赛" else e
                out.append((s, end))
            elif w == "联赛" and k and words[k - 1][1] == s and text[words[k - 1][0] : s] in self.countries:
                out.append((words[k - 1][0], e))
        return out


def split_vs(text: str, words: Sequence[Span], offset: int, sport: bool) -> tuple[list[Span], set[int]]:
    """``words`` with every name written ``AvsB`` (``text`` starts at document offset ``offset``)
    read as two names, and the document offsets where they were cut; in a sports report
    (``sport``), a name the model read on into a word of the match (星澜德比) ends before it."""
    cut: set[int] = set()
    if not sport and "vs" not in text.lower():
        return list(words), cut
    out: list[Span] = []
    for w in words:
        if w.tag not in ("ORG", "PER", "LOC"):
            out.append(w)
            continue
        piece = text[w.start - offset : w.end - offset]
        m = _VS.search(piece)
        if sport and (match := _MATCH_WORD.search(piece, 2)):
            out += [Span(w.start, w.start + match.start(), w.tag), Span(w.start + match.start(), w.end, "n")]
            continue
        if not m or m.start() < 2 or len(piece) - m.end() < 2:
            out.append(w)
            continue
        out.append(Span(w.start, w.start + m.start(), "ORG"))
        out.append(Span(w.start + m.start(), w.start + m.end(), "w"))
        out.append(Span(w.start + m.end(), w.end, "ORG"))
        cut.update((w.start + m.start(), w.start + m.end()))
    return out, cut


def bookmakers(text: str) -> list[tuple[int, int]]:
    """The sentence-local spans of the names that open a clause of ``text`` by quoting odds."""
    if "赔" not in text and "凯比值" not in text:
        return []
    out = []
    for m in _ODDS.finditer(text):
        name = _CLAUSE.search(text, 0, m.start())
        if name and not _NOT_BOOKMAKER.search(name.group(1)):
            out.append((name.start(1), name.end(1)))
    return out
