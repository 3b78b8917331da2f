"""Normalise a document's text while keeping every character traceable to the original.

- full-width ASCII (，（Ａ１) -> half-width, ideographic space -> space, CRLF/CR -> LF;
- lines broken inside a sentence by PDF extraction are re-joined: a line about as long as the
  document's usual line, not ending a sentence, continues on the next non-blank line;
- the title is the first non-empty line.

>>> doc = normalize(Document(doc_id="d", source="d", title="", text="", raw="标题\\r\\n（以下简称“蓝海精工”）"))
>>> doc.text
'标题\\n(以下简称“蓝海精工”)'
>>> doc.raw[doc.raw_offset(3)]
'（'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from kg.records import Document

_SENTENCE_END = set("。！？!?；;：:”’」』)）")
_CJK = re.compile(r"[\u3400-\u9fff]")


_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# dropped: the LF of CRLF (the CR becomes LF), BOMs, control characters other than tab and LF
_DROP = re.compile(r"(?<=\r)\n|[\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
    text = raw.translate(_HALFWIDTH)
    keep = [m.start() for m in _DROP.finditer(text)]
    if keep:
        dropped = set(keep)
        offsets = [i for i in range(len(text)) if i not in dropped]
        text = _DROP.sub("", text)
    else:
        offsets = list(range(len(text)))
    text = text.replace("\r", "\n")
    text, offsets = _rejoin_lines(text, offsets)
    title = next((line.strip() for line in text.split("\n") if line.strip()), "")[:80]
    return replace(doc, text=text, raw=raw, offsets=tuple(offsets), title=doc.title or title)


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
