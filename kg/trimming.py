"""Correcting the rules' names with the span model's words: a left edge that took in a verb, a
preposition, a pronoun or a determiner (除|北京银行, 由|林达集团, 证实|公司, 开设|另|一家|贷款公司)
starts after them, or the name goes when what is left names no one; a region's short form read
inside one of the model's names (湖南 in 南湖南路) goes; an office named after an enterprise
(星澜集团|办公室) is the enterprise.

>>> from kg.pipeline import Pipeline
>>> sorted((m.text, m.cls) for m in Pipeline().text("除澜星银行外，他证实公司已开业。").mentions)
[('澜星银行', 'Enterprise')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from kg import segment
from kg.model import Span
from kg.records import Mention, Sentence
from kg.schema import C

if TYPE_CHECKING:
    from kg.proposals import Typing

#: Model tags of words that never start a name: prepositions, conjunctions, pronouns, adverbs,
#: particles, numerals, measure and locality words, times, punctuation.
NEVER_FIRST = frozenset({"p", "c", "r", "d", "ad", "u", "xc", "w", "vd", "TIME", "t"})
NAMES = frozenset({"PER", "LOC", "ORG"})
#: classes whose names the rules' left edge may start with a verb phrase, and the model's tags of it
_VERB_LED = frozenset({C.PartyOrganization, C.IndustryChain})
_VERBISH = frozenset({"v", "vd", "ad", "d", "p", "c", "r"})
#: the model's tags of common nouns and adjectives: a short form read as one is an ordinary word
_COMMON_NOUNS = frozenset({"n", "vn", "a", "an", "f", "s"})
#: the classes whose names a leading preposition, pronoun or adverb cannot start
_TRIMMED = frozenset({C.Enterprise, C.Agency, C.Institution, C.PartyOrganization, C.Person, C.Park})
#: a count of things (一家, 19个): after a verb, no start of a name
_COUNT = re.compile(r"^[0-9一二三四五六七八九十几多两]+[个家条批类种所名位项座]$")


def _common_word(mention: Mention, words: Sequence[Span]) -> bool:
    """Whether the model reads a region's short form as a verb or a common noun (依托|新城, 会同),
    or splits it into words of which one is no name (中|站着)."""
    same = next((w for w in words if w.start == mention.start and w.end == mention.end), None)
    if same is not None:
        return same.tag in _VERBISH or same.tag in _COMMON_NOUNS
    pieces = [w for w in words if mention.start <= w.start and w.end <= mention.end]
    split = len(pieces) > 1 and pieces[0].start == mention.start and pieces[-1].end == mention.end
    return split and any(w.tag not in NAMES for w in pieces)


def _after_verbs(typing: Typing, sent: Sentence, mention: Mention, words: Sequence[Span]) -> Mention | None:
    """发挥|基层党组织, 主动|上门|拜访|产业链: the verbs the rules' left edge took in are dropped, and
    with them the mention when what is left names nothing in particular."""
    inside = [w for w in words if mention.start <= w.start < mention.end]
    start = mention.start
    for w in inside[:-1]:
        if w.tag not in _VERBISH:
            break
        start = w.end
    return _from(typing, sent, mention, start, words, headless=False)


def _feature_word(typing: Typing, sent: Sentence, w: Span, mention: Mention) -> bool:
    """Whether model word ``w`` holds ``mention`` and names an organisation (新华|财经) or a road,
    river or building (南湖|南路): the short form is part of that name, no region of its own."""
    inside = w.start <= mention.start and mention.end < w.end
    return inside and (w.tag == "ORG" or w.tag == "LOC" and sent.between(w.start, w.end).endswith(typing.features))


def trim(typing: Typing, sent: Sentence, mention: Mention, words: Sequence[Span]) -> Mention | None:
    """``mention`` without leading words that cannot start a name, or None when it should go."""
    if mention.rule == "division-short" and any(
        w.start < mention.start < w.end or _feature_word(typing, sent, w, mention) for w in words if w.tag in NAMES
    ):
        return None  # 湖南 in 南湖南路: a short form read inside a longer place's name
    if mention.rule == "division-short" and _common_word(mention, words):
        return None  # 新建|街道…, 依托|新城|和…, 在|中|站着: the model reads a verb or a common word
    if mention.cls == C.Region and sent.between(mention.end, mention.end + 2) == "时间":
        return None  # 北京时间, 北美时间: a time zone, no place
    if mention.cls in _VERB_LED:
        trimmed = _after_verbs(typing, sent, mention, words)
        if trimmed is None:
            return None
        mention = trimmed
    if mention.cls == C.Person:
        mention = _person_end(sent, mention, words)
    if mention.cls == C.Agency and (cut := typing._enterprise_of_department(mention.text)):
        end = mention.start + cut  # 星澜集团|办公室: an office of the enterprise
        return Mention(mention.doc_id, mention.start, end, mention.text[:cut], C.Enterprise, mention.rule)
    if mention.cls not in _TRIMMED or mention.rule in ("list", "quoted"):
        return mention  # a list's items and a quoted name have their edges: 星澜中心, “星澜”联盟
    inside = [w for w in words if mention.start <= w.start < mention.end]
    start = mention.start
    lead = {w.start for w in inside if sent.between(w.start, w.end) in typing.rules.generic}  # 前述, 知名
    for j, w in enumerate(inside[:-1]):
        nxt = inside[j + 1]
        if nxt.tag == "ORG" and typing.rules.relative(sent.between(nxt.start, nxt.end)):
            continue  # …党工委|组织|人事部: a department goes with the body before it
        if (
            (w.tag in NEVER_FIRST or w.tag == "f" and w.end - w.start == 1 or w.tag == "a" and w.start in lead)
            and (j == 0 or w.start == start)
            or w.tag == "m"
            and w.start == start > mention.start
            and _COUNT.match(sent.between(w.start, w.end))
            or (w.tag == "v" and (nxt.tag in NAMES or nxt.tag in ("r", "m") or j == 0 and nxt.tag in ("w", "v", "vn")))
            or w.tag in ("p", "c")
            and nxt.tag in NAMES  # …星澜联盟|由|岳澜经济开发区: the name after the preposition
        ):
            start = w.end  # 除|北京银行, 调研|星澜文化旅游创业产业园区, 开设|另|一家|贷款公司
    left = [w for w in inside if w.start >= start]
    if (
        len(left) == 2
        and left[0].tag in ("v", "a")
        and sent.between(left[1].start, mention.end) in typing.rules.suffix_of
    ):
        return None  # 证实|公司, 找|银行, 破|局: a verb or an adjective and a bare head
    return _from(typing, sent, mention, start, words, headless=True)


def _from(
    typing: Typing, sent: Sentence, mention: Mention, start: int, words: Sequence[Span], headless: bool
) -> Mention | None:
    """``mention`` from ``start`` on, or None when what is left names no one: a bare head (建强|党组织),
    a generic stem before a suffix (…开设另一家|贷款公司), or no suffix unless ``headless`` names may stand."""
    if start == mention.start:
        return mention
    if not any(w.start == start and (w.tag in NAMES or w.tag == "nz") for w in words):
        start = next((e for s, e, _ in segment.spans(sent) if s < start < e < mention.end), start)  # 配|强 -> 配强|
    text = sent.between(start, mention.end)
    suffix = next((x for x in typing.rules.suffix_of if text.endswith(x) and len(x) < len(text)), "")
    if (
        text in typing.rules.suffix_of
        or not suffix
        and not headless
        or suffix
        and typing.rules._generic(text[: -len(suffix)])
    ):
        return None
    return Mention(mention.doc_id, start, mention.end, text, mention.cls, mention.rule)


def _person_end(sent: Sentence, mention: Mention, words: Sequence[Span]) -> Mention:
    """A person the rules read one character too far (朱琦已|预备) where the model ends the name
    before an adverb, particle or preposition."""
    for w, nxt in pairwise(words):
        if w.tag == "PER" and w.start == mention.start and w.end == nxt.start < mention.end and nxt.tag in NEVER_FIRST:
            return Mention(mention.doc_id, w.start, w.end, sent.between(w.start, w.end), mention.cls, mention.rule)
    return mention
