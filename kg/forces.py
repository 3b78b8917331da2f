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
def pattern() -> re.Pattern[str]:
    """The names of armed forces: a country (or its one-character form) and a force."""
    shorts = dict(head_pairs("country_short"))
    names = sorted({*countries(), *shorts.values()}, key=len, reverse=True)
    forces = sorted(heads("armed_force"), key=len, reverse=True)
    one = "".join(c for c in shorts if c not in "中西")  # 中军, 西军 are no country's forces
    return re.compile(
        "(?:" + "|".join(map(re.escape, names)) + ")(?:" + "|".join(map(re.escape, forces)) + ")"
        "|[" + one + "](?:" + "|".join(map(re.escape, forces)) + "|军)"
    )


def find(text: str, starts: set[int], ends: set[int]) -> list[tuple[int, int]]:
    """The ``(start, end)`` of armed forces in ``text`` that start and end at word edges (``starts``
    and ``ends`` in the offsets of ``text``)."""
    return [(m.start(), m.end()) for m in pattern().finditer(text) if m.start() in starts and m.end() in ends]
