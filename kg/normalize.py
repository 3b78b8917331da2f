"""Normalise a document's text while keeping every character traceable to the original.

- full-width ASCII (，（Ａ１) -> half-width, ideographic space -> space, CRLF/CR -> LF;
- traditional characters -> simplified (OpenCC ``t2s``, character for character, so offsets hold),
  only in documents written in traditional characters: a simplified article that uses a character
  OpenCC would change (乾 in a company's name) keeps it;
- page furniture of PDF text dropped: page numbers (第3页, - 3 -) and short lines repeated on
  three or more pages (running headers and footers);
- pinyin readings printed in brackets after characters (產(chǎn)業(yè)) dropped;
- lines broken inside a sentence by PDF extraction are re-joined: a line about as long as the
  document's usual line, not ending a sentence, continues on the next non-blank line;

>>> doc = normalize(Document(doc_id="d", source="d", title="", text="", raw="标题\\r\\n（以下简称“蓝海精工”）"))
>>> doc.text
'标题\\n(以下简称“蓝海精工”)'
>>> doc.raw[doc.raw_offset(3)]
'（'
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import replace

from kg.records import Document

_SENTENCE_END = set("。！？!?；;：:”’」』)）")
_CJK = re.compile(r"[\u3400-\u9fff]")


HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# dropped: the LF of CRLF (the CR becomes LF), BOMs, control characters other than tab and LF
_DROP = re.compile(r"(?<=\r)\n|[\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@functools.lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


#: the share of Chinese characters that t2s changes above which a text is written in traditional
#: characters (a traditional text changes a fifth or more; a simplified one a few in a thousand)
TRADITIONAL_SHARE = 0.1


def is_traditional(text: str, sample: int = 20000) -> bool:
    """Whether ``text`` is written in traditional characters.

    >>> is_traditional("經濟發展與黨建引領產業"), is_traditional("蓝乾威科技有限公司投资建厂，推动经济发展")
    (True, False)
    """
    han = "".join(_CJK.findall(text[:sample]))
    if not han:
        return False
    conv = _converter().convert(han)
    if len(conv) != len(han):
        conv = "".join(c if len(c := _converter().convert(ch)) == 1 else ch for ch in han)
    changed = sum(a != b for a, b in zip(han, conv, strict=True))
    return changed >= 2 and changed / len(han) >= TRADITIONAL_SHARE


def to_simplified(text: str) -> str:
    """Traditional -> simplified characters, keeping the length (and so every offset).

    >>> to_simplified("經濟發展與黨建")
    '经济发展与党建'
    """
    if text.isascii():
        return text
    cc = _converter()
    out = cc.convert(text)
    if len(out) == len(text):
        return out
    lines = []  # a phrase rule changed the length somewhere: convert those lines char by char
    for line in text.split("\n"):
        conv = cc.convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := cc.convert(ch)) == 1 else ch for ch in line)
        lines.append(conv)
    return "\n".join(lines)


#: a pinyin reading in brackets after a character, as some sites print them: 產(chǎn)業(yè)
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\(([a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,4})\)")


def _pinyin(text: str) -> list[tuple[int, int]]:
    """Spans of the pinyin readings a page prints after its characters (two or more of them)."""
    spans = [m.span() for m in _PINYIN.finditer(text)]
    return spans if len(spans) >= 2 else []


_PAGE_NUMBER = re.compile(
    r"^[ \t]*(?:第\s*\d+\s*页(?:\s*[/,]?\s*共\s*\d+\s*页)?|-\s*\d+\s*-|—\s*\d+\s*—|\d{1,4}|\d+\s*/\s*\d+)[ \t]*$",
    re.MULTILINE,
)


def _page_furniture(text: str) -> list[tuple[int, int]]:
    """Spans of page-number lines and of short lines repeated three or more times."""
    counts = Counter(line.strip() for line in text.split("\n") if 0 < len(line.strip()) <= 40)
    repeated = {line for line, n in counts.items() if n >= 3 and not _SENTENCE_END & set(line[-1:])}
    cuts = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        stripped = line.strip()
        if stripped and (stripped in repeated or _PAGE_NUMBER.match(line)):
            cuts.append((pos, min(end + 1, len(text))))
        pos = end + 1
    return cuts


def _apply_cuts(text: str, offsets: list[int], cuts: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """``text`` and ``offsets`` without the ``[start, end)`` spans in ``cuts`` (sorted, disjoint)."""
    if not cuts:
        return text, offsets
    pieces, kept, last = [], [], 0
    for a, b in cuts:
        pieces.append(text[last:a])
        kept.append(offsets[last:a])
        last = b
    pieces.append(text[last:])
    kept.append(offsets[last:])
    return "".join(pieces), [o for part in kept for o in part]


def _usual_width(lines: list[str]) -> int:
    """The most common length of long lines (a PDF's column width), 0 if there is none."""
    widths = Counter(len(line.strip()) for line in lines if len(line.strip()) >= 8)
    if not widths:
        return 0
    width, count = max(widths.items(), key=lambda kv: (kv[1], kv[0]))
    return width if count >= 3 else 0


def normalize(doc: Document) -> Document:
    """A copy of ``doc`` with ``text`` normalised and ``offsets`` mapping it into ``raw``."""
    raw = doc.raw or doc.text
    # 1:1 replacements first (full-width -> half-width), then deletions with their offsets
    text = raw.translate(HALFWIDTH)
    keep = [m.start() for m in _DROP.finditer(text)]
    if keep:
        dropped = set(keep)
        offsets = [i for i in range(len(text)) if i not in dropped]
        text = _DROP.sub("", text)
    else:
        offsets = list(range(len(text)))
    text = text.replace("\r", "\n")
    if is_traditional(text):
        text = to_simplified(text)
    text, offsets = _apply_cuts(text, offsets, _pinyin(text))
    text, offsets = _apply_cuts(text, offsets, _page_furniture(text))
    text, offsets = _rejoin_lines(text, offsets)
    return replace(doc, text=text, raw=raw, offsets=tuple(offsets))


def _rejoin_lines(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    lines = text.split("\n")
    width = _usual_width(lines)
    if not width:
        return text, offsets
    cuts: list[tuple[int, int]] = []  # [start, end) spans of text to drop
    pos = 0
    for n, line in enumerate(lines):
        end = pos + len(line)
        body = line.rstrip()
        if n + 1 < len(lines) and body and len(body.strip()) >= width - 2 and body[-1] not in _SENTENCE_END:
            j = end  # drop the newline(s) and blank lines up to the next text
            while j < len(text) and text[j] in "\n \t":
                j += 1
            if j < len(text) and (_CJK.match(text[j]) or _CJK.match(body[-1]) or text[j] in "“‘《(0123456789"):
                cuts.append((pos + len(body), j))
        pos = end + 1
    return _apply_cuts(text, offsets, cuts)
