"""A country's armed forces named by the country and a force: 美国海军, 古巴军队, 美国雇佣军, and with
a country written by one character, 美军, 日军. They are Agencies (bodies of a state). The name must
start and end at jieba's word edges, so 美军 is not read in 欧美|军事.

>>> from kg.entities import recognise_text
>>> sorted((m.text, m.cls) for m in recognise_text("美军与古巴军队交火，欧美军事专家评论。"))
[('古巴军队', 'Agency'), ('美军', 'Agency')]
"""

from __future__ import annotations

import functools
import re

from kg.lexicon import countries, head_pairs, heads


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], frozenset[str], frozenset[str], int]:
    """The forces (a pattern, ``军`` included), the countries' names, their one-character forms and
    the longest name's length."""
    shorts = dict(head_pairs("country_short"))
    names = frozenset({*countries(), *shorts.values()})
    forces = sorted(heads("armed_force"), key=len, reverse=True)
    one = frozenset(c for c in shorts if c not in "中西")  # 中军, 西军 are no country's forces
    return re.compile("|".join(map(re.escape, [*forces, "军"]))), names, one, max(map(len, names))


def named(text: str) -> bool:
    """Whether ``text`` may name an armed force (every force's name holds 军 or 队)."""
    return "军" in text or "队" in text


def find(text: str, starts: set[int], ends: set[int]) -> list[tuple[int, int]]:
    """The ``(start, end)`` of armed forces in ``text`` that start and end at word edges (``starts``
    and ``ends`` in the offsets of ``text``): a force found first, then the country before it."""
    if not named(text):
        return []
    force_re, names, one, longest = _lexicon()
    out = []
    for m in force_re.finditer(text):
        if m.end() not in ends:
            continue
        i = m.start()
        country = next((k for k in range(min(longest, i), 1, -1) if text[i - k : i] in names), 0)
        if not country and i and text[i - 1] in one:
            country = 1  # 美军, 美空军
        if country and i - country in starts:
            out.append((i - country, m.end()))
    return out
