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


class Segmenter:
    """A private jieba tokenizer with the project's industry terms and, optionally, a user's words.

    Each pipeline owns one; words a user dictionary adds stay in that pipeline's segmenter.
    """

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.tk = _new_tokenizer()
        self.words = tuple(words)
        for w in self.words:
            self.tk.add_word(w, freq=max(self.tk.suggest_freq(w, tune=False), 10))

    def lcut(self, text: str, HMM: bool = True) -> list[str]:
        return self.tk.lcut(text, HMM=HMM)

    def sentences(self, doc: Document, *, tokenize: bool = True) -> tuple[Sentence, ...]:
        """The sentences of ``doc`` with their offsets (blank ones dropped), tokenised by jieba.

        jieba runs once per line (it splits at punctuation itself, so no token crosses a sentence
        end); the tokens are then dealt out to the sentences of the line.
        """
        out: list[Sentence] = []
        text = doc.text
        pos = 0
        for line in text.split("\n"):
            base = pos
            pos += len(line) + 1
            if not line.strip():
                continue
            toks = self.tk.lcut(line) if tokenize else []
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
                    whole = i < len(bounds) and bounds[i] == start and j < len(bounds) and bounds[j] == end
                    mine = toks[i:j] if whole else self.tk.lcut(text[start:end])
                out.append(Sentence(doc.doc_id, len(out), start, end, text[start:end], tuple(mine)))
        return tuple(out)


@functools.lru_cache(maxsize=1)
def base() -> Segmenter:
    """The segmenter without user words, shared by the pipelines that have none."""
    return Segmenter()


def for_words(words: Iterable[str]) -> Segmenter:
    """The segmenter for a user dictionary's words (the shared one when there are none)."""
    words = tuple(words)
    return Segmenter(words) if words else base()


def sentences(doc: Document, *, tokenize: bool = True) -> tuple[Sentence, ...]:
    """The sentences of ``doc``, segmented without user words (tests, the REPL)."""
    return base().sentences(doc, tokenize=tokenize)


def _new_tokenizer() -> jieba.Tokenizer:
    """A fresh jieba tokenizer (never jieba's global one) that knows the project's industry terms."""
    tk = jieba.Tokenizer()
    tk.initialize()
    for w in _industry_terms():
        tk.add_word(w, freq=max(tk.suggest_freq(w, tune=False), 10))
    return tk


@functools.lru_cache(maxsize=1)
def _industry_terms() -> tuple[str, ...]:
    from importlib import resources

    terms = (resources.files("kg") / "data" / "industry_terms.txt").read_text(encoding="utf-8")
    words = tuple(w for line in terms.splitlines() if not line.startswith("#") for w in line.split())
    for w in words:
        _ADDED[w] = "n"
    return words


_TAGS: dict[str, str] = {}
_ADDED: dict[str, str] = {}  # words the project teaches jieba, with their tags


def _tags() -> dict[str, str]:
    if not _TAGS:
        _industry_terms()
        with open(base().tk.get_dict_file().name, encoding="utf-8") as f:
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
