"""Split a document into sentences and segment them with jieba.

This module owns jieba: a private tokenizer of jieba-rs (``rjieba``, the Rust port of jieba: the
same dictionary, the same DAG and HMM cut, 15 times faster than the Python package), the
dictionary's frequencies and part-of-speech tags (read once from the ``jieba`` package's
``dict.txt``, used as hints, never as the truth), and the words users add. Its cuts are the
Python package's cuts (a test compares them): jieba-rs keeps a run of letters and digits joined by
``.`` or ``-`` as one word (``2021-11-03``, ``t.cn``), which is cut the way the Python package cuts
it. One difference is left: jieba-rs reads the rare characters of CJK Extension A as Chinese and
may join two of them into a word, where the Python package keeps each alone.

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
import re
from collections.abc import Iterable
from importlib import resources

import rjieba

from kg.records import Document, Sentence

# A sentence ends after 。！？!? (and any closing quotes), or at a line break.
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』\"]*|\n|$)")


class Segmenter:
    """A private jieba tokenizer with the project's industry terms and, optionally, a user's words.

    Each pipeline owns one; words a user dictionary adds stay in that pipeline's segmenter.
    """

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.tk = rjieba.Jieba()
        self.words = tuple(words)
        self.added: dict[str, int] = {}  # the words taught to jieba, with the frequency given
        for w in (*_industry_terms(), *self.words):
            self.added[w] = max(self.tk.suggest_freq(w), 10)
            self.tk.add_word(w, self.added[w], None)

    def lcut(self, text: str, HMM: bool = True) -> list[str]:
        """jieba's words of ``text`` (``HMM``: join unknown characters into words, as jieba does)."""
        words = self.tk.cut(text, HMM)
        return _as_jieba(words) if _JOINED.search(text) else words

    def freq(self, word: str) -> int:
        """How often jieba's dictionary counts ``word`` (the frequency given to a word taught to
        it), 0 for a word it does not know.

        >>> base().freq("推动") > 1000, base().freq("星河智造")
        (True, 0)
        """
        return self.added.get(word) or _dictionary()[0].get(word, 0)

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
            toks = self.lcut(line) if tokenize else []
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
                    mine = toks[i:j] if whole else self.lcut(text[start:end])
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


@functools.lru_cache(maxsize=1)
def _industry_terms() -> tuple[str, ...]:
    terms = (resources.files("kg") / "data" / "industry_terms.txt").read_text(encoding="utf-8")
    return tuple(w for line in terms.splitlines() if not line.startswith("#") for w in line.split())


@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], dict[str, str]]:
    """The frequency and the part-of-speech tag of every word of jieba's dictionary."""
    fields = (resources.files("jieba") / "dict.txt").read_text(encoding="utf-8").split()  # word freq tag
    words = fields[0::3]
    tags = dict(zip(words, fields[2::3], strict=True))
    for w in _industry_terms():
        tags.setdefault(w, "n")
    return dict(zip(words, map(int, fields[1::3]), strict=True)), tags


def tag(word: str) -> str:
    """jieba's dictionary part-of-speech tag of ``word`` ("" if unknown) — a hint only.

    >>> tag("推动")
    'v'
    """
    return _dictionary()[1].get(word, "")


#: a word of letters and digits as the Python package cuts it (jieba's ``re_skip``)
_ALNUM = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_HAN = re.compile("[\u4e00-\u9fd5]")
#: where jieba-rs may join letters and digits into one word that the Python package cuts
_JOINED = re.compile(r"[a-zA-Z0-9][+#&._%\-]|[+#&._%\-][a-zA-Z0-9]")


def _as_jieba(words: list[str]) -> list[str]:
    """jieba-rs's words cut as the Python package cuts them: ``t.cn`` is ``t . cn``."""
    out = []
    freq = _dictionary()[0]
    for w in words:
        if (
            len(w) > 1
            and not w.isalnum()
            and not _ALNUM.fullmatch(w)
            and not w.isspace()
            and not _HAN.search(w)
            and w not in freq
        ):
            out += [p for p in _ALNUM.split(w) if p]
        else:
            out.append(w)
    return out


@functools.lru_cache(maxsize=2048)
def spans(sentence: Sentence) -> list[tuple[int, int, str]]:
    """The tokens of ``sentence`` as ``(start, end, token)`` in document offsets (do not modify)."""
    ends = list(itertools.accumulate(map(len, sentence.tokens), initial=sentence.start))
    return list(zip(ends, ends[1:], sentence.tokens))
