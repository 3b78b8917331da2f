"""Split a document into sentences and segment them with jieba.

This module owns jieba: one private ``jieba.Tokenizer`` (never jieba's global one), its
dictionary's part-of-speech tags (read once, used as hints, never as the truth), and the words
users add.

>>> s = sentences(Document(doc_id="d", source="d", title="", text="第一句。第二句!\\n第三句"))
>>> [x.text for x in s]
['第一句。', '第二句!', '第三句']
>>> s[1].start, s[1].end
(4, 8)
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import re
from collections.abc import Iterable

import jieba

from kg.records import Document, Sentence

jieba.setLogLevel(logging.WARNING)

# A sentence ends after 。！？!? (and any closing quotes), or at a line break.
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』\"]*|\n|$)")


def sentences(doc: Document, *, tokenize: bool = True) -> tuple[Sentence, ...]:
    """The sentences of ``doc`` with their offsets (blank ones dropped), tokenised by jieba.

    jieba runs once per line (it splits at punctuation itself, so no token crosses a sentence
    end); the tokens are then dealt out to the sentences of the line.
    """
    out: list[Sentence] = []
    text = doc.text
    tk = tokenizer()
    pos = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        toks = tk.lcut(line) if tokenize else []
        bounds = list(itertools.accumulate(map(len, toks), initial=base))  # token i is [bounds[i], bounds[i+1])
        for m in _SENTENCE.finditer(line):
            start, end = m.start() + base, m.end() + base
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end:
                continue
            mine: tuple[str, ...] | list[str] = ()
            if tokenize:
                i, j = bisect.bisect_left(bounds, start), bisect.bisect_left(bounds, end)
                mine = (
                    toks[i:j]
                    if i < len(bounds) and bounds[i] == start and j < len(bounds) and bounds[j] == end
                    else tk.lcut(text[start:end])
                )
            out.append(Sentence(doc.doc_id, len(out), start, end, text[start:end], tuple(mine)))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """The project's own jieba tokenizer (initialised once per process)."""
    tk = jieba.Tokenizer()
    tk.initialize()
    from importlib import resources

    terms = (resources.files("kg") / "data" / "industry_terms.txt").read_text(encoding="utf-8")
    for line in terms.splitlines():
        for w in [] if line.startswith("#") else line.split():
            tk.add_word(w, freq=max(tk.suggest_freq(w, tune=False), 10))
            _ADDED[w] = "n"
    return tk


def add_words(words: Iterable[str]) -> None:
    """Teach the tokenizer names it must keep whole (from a user dictionary)."""
    tk = tokenizer()
    for w in words:
        tk.add_word(w, freq=max(tk.suggest_freq(w, tune=False), 10))


_TAGS: dict[str, str] = {}
_ADDED: dict[str, str] = {}  # words the project teaches jieba, with their tags


def _tags() -> dict[str, str]:
    if not _TAGS:
        with open(tokenizer().get_dict_file().name, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3:
                    _TAGS[parts[0]] = parts[2]
    return _TAGS


def tag(word: str) -> str:
    """jieba's dictionary part-of-speech tag of ``word`` ("" if unknown) — a hint only.

    >>> tag("推动")
    'v'
    """
    return (_TAGS or _tags()).get(word) or _ADDED.get(word, "")


@functools.lru_cache(maxsize=2048)
def spans(sentence: Sentence) -> list[tuple[int, int, str]]:
    """The tokens of ``sentence`` as ``(start, end, token)`` in document offsets (do not modify)."""
    ends = list(itertools.accumulate(map(len, sentence.tokens), initial=sentence.start))
    return list(zip(ends, ends[1:], sentence.tokens))
