"""What a passage is about: the places a document names, by position — the headline's place
(星澜:以…), the place a passage names most, the last place of a kind (该镇), the document's own
place of a level (我市), and the place of 在X调研期间.
"""

from __future__ import annotations

import bisect
import re

from kg.records import Entity, Mention, Sentence
from kg.schema import C

#: 在X调研期间, 在X考察时, 在X先后调研了A、B: X is the place visited
_VISITING = re.compile(r"(?:先后|实地|深入|分别|专题)?(?:调研|考察|视察|走访|检查|参观)(?:期间|时|过程中|了)")
_TOPIC_SPAN = 1500  # characters either side of a paragraph that make up its passage


class Places:
    """The regions and parks of a document by position, to tell what a passage is about."""

    def __init__(self, mentions: list[Mention], entity_of: dict[Mention, Entity], text: str = "") -> None:
        ms = sorted(
            (
                m
                for m in mentions
                if m.cls in (C.Region, C.Park) and m.rule not in ("host", "prefix") and m in entity_of
            ),
            key=lambda m: m.start,
        )
        self.ms, self.entity_of = ms, entity_of
        self.starts = [m.start for m in ms]
        self.headline = next((m for m in ms if headline_place(text, m)), None)
        self._ours: dict[str, Mention | None] = {}  # level -> the document's own place of that level

    def topic(self, pos: int) -> Mention | None:
        """The place of the headline (星澜:以“党建链”赋能…), else the region or park mentioned
        most within ``_TOPIC_SPAN`` of ``pos`` (at least three times, and half as often again as
        any other), else None."""
        if self.headline is not None:
            return self.headline
        lo = bisect.bisect_left(self.starts, pos - _TOPIC_SPAN)
        hi = bisect.bisect_right(self.starts, pos + _TOPIC_SPAN)
        counts: dict[str, list[Mention]] = {}
        for m in self.ms[lo:hi]:
            counts.setdefault(self.entity_of[m].name, []).append(m)
        ranked = sorted(counts.values(), key=len, reverse=True)
        if not ranked or len(ranked[0]) < 3 or len(ranked) > 1 and len(ranked[1]) * 3 > len(ranked[0]) * 2:
            return None
        return ranked[0][0]

    def last_before(self, pos: int, head: str) -> Mention | None:
        """The region or park named last before ``pos`` whose name ends with ``head`` (该镇 -> the
        last …镇, 该园区 -> the last park)."""
        for m in reversed(self.ms[: bisect.bisect_left(self.starts, pos)]):
            name = self.entity_of[m].name
            if (m.cls == C.Park) if head == "园区" else (m.cls == C.Region and name.endswith(head)):
                return m
        return None

    def ours(self, level: str) -> Mention | None:
        """The place 我市 / 我区 / 我县 means: the headline's place when it is of that level, else the
        region of that level the document names most (its name ends with ``level``), if any."""
        if level not in self._ours:
            self._ours[level] = self._our(level)
        return self._ours[level]

    def _our(self, level: str) -> Mention | None:
        if self.headline is not None and self.entity_of[self.headline].name.endswith(level):
            return self.headline
        counts: dict[str, list[Mention]] = {}
        for m in self.ms:
            name = self.entity_of[m].name
            if m.cls == C.Region and name.endswith(level):
                counts.setdefault(name, []).append(m)
        ranked = sorted(counts.values(), key=lambda ms: (-len(ms), ms[0].start))
        if not ranked or len(ranked) > 1 and len(ranked[1]) == len(ranked[0]):
            return None  # two places of that level named as often: which one is ours is not said
        return ranked[0][0]


def visited_place(sent: Sentence, ms: list[Mention]) -> Mention | None:
    """The region or park of 在X调研期间 / 在X考察时 / 在X先后调研了 in ``sent``, if any."""
    for m in ms:
        if (
            m.cls in (C.Region, C.Park)
            and (sent.between(m.start - 1, m.start) == "在" or m.start == sent.start)  # 在X调研期间, X调研期间
            and _VISITING.match(sent.text, m.end - sent.start)
        ):
            return m
    return None


def headline_place(text: str, m: Mention) -> bool:
    """Whether ``m`` is the place a headline or dateline opens with: 星澜:以…, 【…】绵阳涪城：…
    (a short line, the place right before its colon)."""
    if text[m.end : m.end + 1] not in (":", "："):
        return False
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    before = text[line_start : m.start].strip()
    short = (line_end if line_end >= 0 else len(text)) - line_start <= 80
    return short and (not before or before.endswith(("】", "]", "|", "丨")))
