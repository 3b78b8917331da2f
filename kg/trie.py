"""A regular expression that matches any of many literal words, built as a trie.

Python's ``re`` tries the branches of ``a|b|c`` one after the other; a trie-shaped pattern lets
the C engine share prefixes, so a few thousand names scan as fast as a handful.

>>> pattern = trie_regex(["成都", "成都市", "重庆"])
>>> [m.group() for m in pattern.finditer("成都市和重庆")]
['成都市', '重庆']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def trie_regex(words: Iterable[str]) -> re.Pattern[str]:
    """A compiled pattern matching the longest of ``words`` at each position."""
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[_END] = True
    if not trie:
        return re.compile(r"(?!x)x")
    return re.compile(_pattern(trie))


def _pattern(node: dict) -> str:
    branches = []
    for ch in sorted(k for k in node if k != _END):
        branches.append(re.escape(ch) + _pattern(node[ch]))
    optional = _END in node
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        return "(?:" + body + ")?" if len(branches) > 1 or len(branches[0]) > 1 else body + "?"
    return body
